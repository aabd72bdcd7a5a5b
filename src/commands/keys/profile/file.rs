//! The AWS config file on disk: read, backed up and replaced atomically, with its mode kept (0600
//! and a 0700 directory when new), and never over a change made since it was read.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::files;

/// Suffix of the backup of the previous file, next to it.
const BACKUP_SUFFIX: &str = ".pixelshift-aws.bak";

/// The file's text, or `None` when there is no file yet.
pub(super) fn read_existing(path: &Path) -> Result<Option<String>, Error> {
    match files::read_text_limited(path, files::TEXT_FILE_LIMIT) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path: path.to_owned(), source }),
    }
}

pub(super) fn backup_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "config".to_owned(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!("{name}{BACKUP_SUFFIX}"))
}

/// The file to change: a symbolic link is followed (the file it names is the one to change), and
/// something that is not a file (`AWS_CONFIG_FILE=/dev/null`) cannot keep a profile.
pub(super) fn real_config_file(shown: &Path) -> Result<PathBuf, Error> {
    let path = fs::canonicalize(shown).unwrap_or_else(|_| shown.to_owned());
    if files::is_special(&path) {
        return Err(Error::usage(
            format!("the AWS config file `{}` is not a regular file, so no profile can be kept there", path.display()),
            "point AWS_CONFIG_FILE at your AWS config file (or unset it for ~/.aws/config)",
        ));
    }
    Ok(path)
}

/// Writes the backup (the previous bytes, 0600), then the new file, each atomically; refuses when
/// the file changed since it was read (another program, another run).
pub(super) fn write_config(path: &Path, previous: Option<&str>, new: &str, backup: Option<&Path>) -> Result<(), Error> {
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    files::create_private_dir(dir).map_err(write_error(dir))?;
    if read_existing(path)?.as_deref() != previous {
        return Err(Error::Raced { what: format!("`{}`", path.display()) });
    }
    if let (Some(previous), Some(backup)) = (previous, backup) {
        files::write_atomically(backup, previous.as_bytes(), None).map_err(write_error(backup))?;
    }
    let mode = existing_mode(path);
    files::write_atomically(path, new.as_bytes(), mode).map_err(write_error(path))
}

#[cfg(unix)]
fn existing_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path).ok().map(|m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn existing_mode(_: &Path) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_private_and_an_existing_one_keeps_its_mode_and_gets_a_backup() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aws/config");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        write_config(&path, None, "[default]\n", None).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("aws")), 0o700);

        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let backup = backup_path(&path);
        write_config(&path, Some("[default]\n"), "[default]\nregion = x\n", Some(&backup)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "[default]\nregion = x\n");
        assert_eq!(mode(&path), 0o644);
        assert_eq!(fs::read_to_string(&backup).unwrap(), "[default]\n");
        assert_eq!(mode(&backup), 0o600);
        assert_eq!(backup.file_name().unwrap(), "config.pixelshift-aws.bak");
        let names: Vec<_> = fs::read_dir(dir.path().join("aws")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        fs::write(&path, "[default]\nregion = changed\n").unwrap();
        let err = write_config(&path, Some("[default]\n"), "new", None).unwrap_err();
        assert!(matches!(err, Error::Raced { .. }), "{err:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "[default]\nregion = changed\n");
    }
}
