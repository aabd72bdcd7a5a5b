//! Writing a file the way a careful tool does: a whole file or none (a temporary file beside it,
//! `fsync`ed and renamed over it), through a symlink to where it points (a dotfiles-managed
//! `~/.aws/config` stays a symlink), and never renaming over something that is not a file — `-o
//! /dev/null` or a FIFO gets the bytes written into it, not replaced by a regular file.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Creates `dir` and its missing parents, readable by the owner alone (0700): key files and the
/// AWS config live under them. Only directories created here get 0700; existing ones are the
/// user's business.
#[cfg(unix)]
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

/// Where writing `path` really lands: the symlink's target, or `path` itself.
#[must_use]
pub fn resolve(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
        _ => path.to_owned(),
    }
}

/// Whether `path` exists as something other than a regular file (a device, a FIFO, a socket).
#[must_use]
pub fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

/// Writes `contents` to `path` as a whole. A new file is created 0600, then given `mode` if one is
/// asked for (an existing file's mode, say). A device or FIFO is written into directly.
pub fn write_atomically(path: &Path, contents: &[u8], mode: Option<u32>) -> io::Result<()> {
    let path = resolve(path);
    if is_special(&path) {
        return fs::OpenOptions::new().write(true).open(&path)?.write_all(contents);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".pixelshift-aws-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut temp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Some(mode) = mode {
        temp.as_file().set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(&path).map_err(|err| err.error)?;
    #[cfg(unix)]
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_into_and_a_symlink_stays_a_symlink() {
        write_atomically(Path::new("/dev/null"), b"discarded", None).unwrap();
        let meta = fs::metadata("/dev/null").unwrap();
        assert!(std::os::unix::fs::FileTypeExt::is_char_device(&meta.file_type()), "/dev/null is still a device");

        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        let link = dir.path().join("link");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new", None).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }
}
