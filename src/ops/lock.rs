//! One run at a time per user: two `setup`s for the same user at once would both see no stored key
//! and both create one. Every command that changes a user holds an advisory lock on
//! `<config dir>/pixelshift-aws/locks/<user>.lock` from before it reads the account until it exits;
//! `verify` holds it shared (checks may run side by side, but not beside a teardown or rotation).
//! A second run waits a short while, saying so, then stops with a clear message. The lock is the
//! kernel's (`flock`): a run that dies — even by `kill -9` — releases it, so there is never a stale
//! lock to take over.
//!
//! Keyed by the user name alone, not the account: the account is known only after a call to STS,
//! and locking must come before the first read. Two runs for users of the same name in different
//! accounts on one machine merely take turns.
//!
//! The same lock, on a file named after the path, guards a read-modify-write of the AWS config file
//! (`keys configure-profile`): eight runs at once each add their profile, none is lost.
//!
//! A lock file is removed with its user ([`UserLock::remove`]), by the holder: a run that opened
//! the file before it was unlinked finds, once it holds the lock, that the path no longer names
//! its file, and opens the path again — so two runs never hold "the" lock on different files.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::console::Console;
use crate::domain::names::UserName;
use crate::error::Error;

/// How long a second run waits for the first.
const WAIT: Duration = Duration::from_secs(30);

/// Held for as long as the run may change the user; released when dropped (or the process ends).
#[derive(Debug)]
pub struct UserLock(Option<(File, PathBuf)>);

impl Drop for UserLock {
    fn drop(&mut self) {
        if let Some((file, _)) = &self.0 {
            let _ = file.unlock();
        }
    }
}

impl UserLock {
    /// Removes the lock file while holding it: the user is gone, and so is the reason to keep it.
    pub fn remove(&self) {
        if let Some((_, path)) = &self.0 {
            let _ = fs::remove_file(path);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Exclusive,
    Shared,
}

fn locks_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("pixelshift-aws").join("locks"))
}

/// Takes the user's lock, waiting up to [`WAIT`] for another run to finish. Without a config
/// directory there is nowhere to lock, and the run goes on unlocked.
pub async fn acquire(user: &UserName, out: &Console) -> Result<UserLock, Error> {
    let Some(dir) = locks_dir() else { return Ok(UserLock(None)) };
    take(dir.join(format!("{user}.lock")), Mode::Exclusive, &format!("`{user}`"), out).await
}

/// The user's lock shared with other readers (`verify`): held off only by a run that changes it.
pub async fn acquire_shared(user: &UserName, out: &Console) -> Result<UserLock, Error> {
    let Some(dir) = locks_dir() else { return Ok(UserLock(None)) };
    take(dir.join(format!("{user}.lock")), Mode::Shared, &format!("`{user}`"), out).await
}

/// The lock for changing the file at `path` (the AWS config file), keyed by its full path.
pub async fn acquire_file(path: &Path, out: &Console) -> Result<UserLock, Error> {
    let Some(dir) = locks_dir() else { return Ok(UserLock(None)) };
    let name = format!("file-{:016x}.lock", fnv1a(path.as_os_str().as_encoded_bytes()));
    take(dir.join(name), Mode::Exclusive, &format!("`{}`", path.display()), out).await
}

/// FNV-1a: a name for a path that stays the same from one build to the next (std's hasher need not).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

async fn take(path: PathBuf, mode: Mode, what: &str, out: &Console) -> Result<UserLock, Error> {
    let dir = path.parent().expect("a file in a directory").to_owned();
    let open = || -> std::io::Result<File> {
        crate::files::create_private_dir(&dir)?;
        fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)
    };
    let started = Instant::now();
    let mut said = false;
    loop {
        let file = open().map_err(|source| Error::Write { path: path.clone(), source })?;
        let tried = match mode {
            Mode::Exclusive => file.try_lock(),
            Mode::Shared => file.try_lock_shared(),
        };
        match tried {
            Ok(()) if still_named(&file, &path) => return Ok(UserLock(Some((file, path)))),
            // Removed (and perhaps made anew) while this run waited: lock what the path names now.
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if started.elapsed() < WAIT => {
                if !said {
                    out.info(format_args!(
                        "Another pixelshift-aws run is working on {what}; waiting up to {} s for it to finish",
                        WAIT.as_secs()
                    ));
                    said = true;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Busy { what: what.to_owned(), waited: WAIT.as_secs(), lock: path });
            }
            Err(TryLockError::Error(source)) => return Err(Error::Write { path, source }),
        }
    }
}

/// Whether `path` still names the open `file` (same device and inode).
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_removed_lock_file_is_not_held_by_two_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("u.lock");
        let out = Console::with(false, true, 0);
        let first = take(path.clone(), Mode::Exclusive, "u", &out).await.unwrap();
        first.remove();
        assert!(!path.exists());
        // A new run locks the path afresh while the first still holds its unlinked file.
        let second = take(path.clone(), Mode::Exclusive, "u", &out).await.unwrap();
        assert!(path.exists());
        drop(first);
        drop(second);
        let a = take(path.clone(), Mode::Shared, "u", &out).await.unwrap();
        let b = take(path.clone(), Mode::Shared, "u", &out).await.unwrap();
        drop((a, b));
    }

    #[test]
    fn file_lock_names_are_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
