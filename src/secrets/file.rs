//! The key file: the fallback when no keyring works, and the second copy when the keyring does not
//! survive a reboot (keyutils).
//!
//! It holds the same one-line JSON as a keyring entry (so it is also valid `credential_process`
//! output). Writing it must never expose or lose a secret:
//! - the file is created 0600 by `open(O_CREAT | O_EXCL)` itself, never `chmod`ed afterwards, so it is
//!   not readable by others for an instant; new parent directories are 0700;
//! - it is written to a temporary file in the same directory, `fsync`ed, then renamed over the target
//!   (and the directory `fsync`ed), so a crash leaves either the old file or the new one, never half;
//! - it never replaces a file holding *another* access key, whose secret may exist nowhere else, nor
//!   a file that is not a key file at all (a mistyped `--keys-file ~/.bashrc`).
//!
//! On Windows there are no mode bits: the file takes the ACL of its directory, which for the default
//! path (under the user's `AppData\Roaming`) is private to the user.

use std::fs;

use crate::files::create_private_dir;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::error::{Op, SecretsError};
use super::key::{Secret, StoredKey, parse};

/// Default fallback path: `<config dir>/pixelshift-aws/keys/<account-id>-<user-name>.json`, where the
/// config dir is `$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application Support` on macOS
/// and `%APPDATA%` on Windows. `None` when there is no home directory to put it in.
#[must_use]
pub fn default_keys_file(account_id: &str, user_name: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("pixelshift-aws").join("keys").join(format!("{account_id}-{user_name}.json")))
}

/// Writes `key` to `path` atomically, 0600 from creation, creating missing parent directories
/// (0700). Replaces an existing file only if it holds the same access key (or is empty).
pub fn write_keys_file(path: &Path, key: &StoredKey) -> Result<(), SecretsError> {
    let fail = |cause| SecretsError::File { op: Op::Write, path: path.to_owned(), cause };
    refuse_to_clobber(path, key)?;
    // `Path::new("keys.json").parent()` is `Some("")`: the current directory.
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    create_private_dir(dir).map_err(fail)?;
    sweep_stale_temp_files(dir);

    let mut builder = tempfile::Builder::new();
    // The writer's pid in the name: a later write can tell a dead run's file from a live one's.
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut temp = builder.tempfile_in(dir).map_err(fail)?;
    let mut json = Secret::new(key.to_json());
    json = Secret::new(format!("{}\n", json.expose()));
    temp.write_all(json.expose().as_bytes()).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    // On failure the temporary file is dropped, which deletes it.
    temp.persist(path).map_err(|err| fail(err.error))?;
    sync_dir(dir);
    Ok(())
}

/// Reads a key file written by [`write_keys_file`] (or by hand, in the same format).
pub fn read_keys_file(path: &Path) -> Result<StoredKey, SecretsError> {
    let read = crate::files::read_text_limited(path, crate::files::KEY_FILE_LIMIT);
    let text = Secret::new(read.map_err(|cause| SecretsError::File { op: Op::Read, path: path.to_owned(), cause })?);
    parse(text.expose()).map_err(|problem| SecretsError::Malformed { what: format!("`{}`", path.display()), problem })
}

/// Whether a new key could go to `path`, checked before anything is created: it must not be a
/// symlink or a directory, an existing file must be empty or hold a key of `user`, and a missing
/// one must be creatable. Reads and probes only; writes nothing but a throwaway temporary file.
pub fn check_target(path: &Path, user: &str) -> Result<(), SecretsError> {
    let not_a_key_file =
        |problem: &str| SecretsError::NotAKeyFile { path: path.to_owned(), problem: problem.to_owned() };
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(not_a_key_file("it is a symbolic link")),
        Ok(meta) if meta.is_dir() => return Err(not_a_key_file("it is a directory")),
        Ok(meta) if !meta.is_file() => return Err(not_a_key_file("it is not a regular file")),
        Ok(_) => {
            let read = crate::files::read_text_limited(path, crate::files::KEY_FILE_LIMIT);
            let text =
                Secret::new(read.map_err(|cause| SecretsError::File { op: Op::Read, path: path.to_owned(), cause })?);
            if text.expose().trim().is_empty() {
                return Ok(());
            }
            return match parse(text.expose()) {
                Ok(existing) if existing.user_name == user => Ok(()),
                Ok(existing) => {
                    Err(SecretsError::FileHoldsOtherKey { path: path.to_owned(), existing: existing.access_key_id })
                }
                Err(problem) => Err(SecretsError::NotAKeyFile { path: path.to_owned(), problem }),
            };
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(cause) => return Err(SecretsError::File { op: Op::Write, path: path.to_owned(), cause }),
    }
    // A new file: the nearest directory that exists must take one.
    let mut dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    while !dir.exists() {
        dir = dir.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    }
    if !dir.is_dir() {
        return Err(not_a_key_file("a part of its path is not a directory"));
    }
    tempfile::tempfile_in(dir).map(drop).map_err(|cause| SecretsError::File {
        op: Op::Write,
        path: path.to_owned(),
        cause,
    })
}

const TEMP_PREFIX: &str = ".pixelshift-aws-";

/// A run killed between writing its temporary file and renaming it leaves `.pixelshift-aws-*.tmp`
/// behind (possibly holding a secret): the next write into the directory removes those of a writer
/// that is no longer running (its pid is in the name; Linux), and any older than a minute — a live
/// write takes milliseconds, and another run's may be going on in the same directory right now.
fn sweep_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(rest) = name.strip_prefix(TEMP_PREFIX).filter(|_| name.ends_with(".tmp")) else { continue };
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|at| at.elapsed().is_ok_and(|age| age > std::time::Duration::from_mins(1)));
        if stale || writer_gone(rest) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether the file's writer (`<pid>-…`) has exited. Unknown (no pid, or not Linux): no.
fn writer_gone(rest: &str) -> bool {
    let Some(pid) = rest.split_once('-').and_then(|(pid, _)| pid.parse::<u32>().ok()) else { return false };
    cfg!(target_os = "linux") && pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
}

fn refuse_to_clobber(path: &Path, key: &StoredKey) -> Result<(), SecretsError> {
    let text = match crate::files::read_text_limited(path, crate::files::KEY_FILE_LIMIT) {
        Ok(text) => Secret::new(text),
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(cause) => return Err(SecretsError::File { op: Op::Write, path: path.to_owned(), cause }),
    };
    if text.expose().trim().is_empty() {
        return Ok(());
    }
    match parse(text.expose()) {
        Ok(existing) if existing.access_key_id == key.access_key_id => Ok(()),
        Ok(existing) => {
            Err(SecretsError::FileHoldsOtherKey { path: path.to_owned(), existing: existing.access_key_id.clone() })
        }
        Err(problem) => Err(SecretsError::NotAKeyFile { path: path.to_owned(), problem }),
    }
}

/// Makes the rename itself durable. Best effort: some file systems cannot `fsync` a directory, and
/// the file is complete either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> StoredKey {
        StoredKey::new(
            id.to_owned(),
            Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned()),
            "iam_pixelshift".to_owned(),
            "123456789012".to_owned(),
            "2026-11-28T04:00:00Z".to_owned(),
        )
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_killed_writers_temporary_file_goes_at_the_next_write_and_a_live_ones_stays() {
        let dir = tempfile::tempdir().unwrap();
        let mut gone = std::process::Command::new("true").spawn().unwrap();
        gone.wait().unwrap();
        let mut live = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let dead_file = dir.path().join(format!("{TEMP_PREFIX}{}-abc.tmp", gone.id()));
        let live_file = dir.path().join(format!("{TEMP_PREFIX}{}-def.tmp", live.id()));
        let foreign = dir.path().join(format!("{TEMP_PREFIX}old-style.tmp"));
        for file in [&dead_file, &live_file, &foreign] {
            fs::write(file, "secret").unwrap();
        }
        write_keys_file(&dir.path().join("k.json"), &key("AKIA1")).unwrap();
        let _ = live.kill();
        let _ = live.wait();
        assert!(!dead_file.exists(), "the killed run's file is removed at once");
        assert!(live_file.exists(), "a running writer's file is left to it");
        assert!(foreign.exists(), "a file of unknown writer goes only once it is a minute old");
    }

    #[test]
    fn round_trip_with_the_keyring_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        write_keys_file(&path, &key("AKIA1")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), format!("{}\n", key("AKIA1").to_json()));
        assert_eq!(read_keys_file(&path).unwrap(), key("AKIA1"));
    }

    #[cfg(unix)]
    #[test]
    fn private_from_creation_with_private_new_directories() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/k.json");
        write_keys_file(&path, &key("AKIA1")).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&dir.path().join("a/b")), 0o700);

        // A file someone made world-readable is replaced by a new 0600 one, not written through.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        write_keys_file(&path, &key("AKIA1")).unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn atomic_replace_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        fs::write(&path, "").unwrap();
        write_keys_file(&path, &key("AKIA1")).unwrap();
        let mut updated = key("AKIA1");
        updated.create_date = "later".to_owned();
        write_keys_file(&path, &updated).unwrap();
        assert_eq!(read_keys_file(&path).unwrap(), updated);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["k.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn write_replaces_by_rename_never_in_place() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        write_keys_file(&path, &key("AKIA1")).unwrap();
        let before = fs::metadata(&path).unwrap().ino();
        // A reader holding the old file still sees a whole file; the path now names a new one.
        let held = fs::File::open(&path).unwrap();
        write_keys_file(&path, &key("AKIA1")).unwrap();
        assert_ne!(fs::metadata(&path).unwrap().ino(), before);
        assert_eq!(held.metadata().unwrap().ino(), before);
    }

    #[test]
    fn another_keys_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        write_keys_file(&path, &key("AKIAOLD")).unwrap();
        let err = write_keys_file(&path, &key("AKIANEW")).unwrap_err();
        assert!(matches!(err, SecretsError::FileHoldsOtherKey { .. }), "{err:?}");
        assert!(err.to_string().contains("AKIAOLD"), "{err}");
        assert!(!err.to_string().contains("wJalr"), "{err}");
        assert_eq!(read_keys_file(&path).unwrap(), key("AKIAOLD"));

        let rc = dir.path().join("bashrc");
        fs::write(&rc, "export PATH=$PATH:~/bin\n").unwrap();
        let err = write_keys_file(&rc, &key("AKIANEW")).unwrap_err();
        assert!(matches!(err, SecretsError::NotAKeyFile { .. }), "{err:?}");
        assert_eq!(fs::read_to_string(&rc).unwrap(), "export PATH=$PATH:~/bin\n");
    }

    #[test]
    fn errors_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.json");
        let err = read_keys_file(&missing).unwrap_err();
        assert!(err.to_string().starts_with(&format!("cannot read the key file `{}`", missing.display())), "{err}");
        assert_eq!(err.hint().as_deref(), Some("check the path given to --keys-file"));

        let err = write_keys_file(dir.path(), &key("AKIA1")).unwrap_err();
        assert!(err.to_string().contains(&dir.path().display().to_string()), "{err}");

        let garbage = dir.path().join("garbage.json");
        fs::write(&garbage, "{\"Version\":1,\"SecretAccessKey\":\"hunter2hunter2\"}").unwrap();
        let err = read_keys_file(&garbage).unwrap_err().to_string();
        assert!(err.contains("is not a pixelshift-aws key: field `AccessKeyId` is missing"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn default_path_shape() {
        let config = dirs::config_dir().expect("tests run with a home directory");
        assert_eq!(
            default_keys_file("123456789012", "iam_pixelshift").unwrap(),
            config.join("pixelshift-aws/keys/123456789012-iam_pixelshift.json")
        );
    }
}
