//! One run at a time per user: two `setup`s for the same user at once would both see no stored key
//! and both create one. Every command that changes a user holds an advisory lock on
//! `<config dir>/pixelshift-aws/locks/<user>.lock` from before it reads the account until it exits.
//! A second run waits a short while, saying so, then stops with a clear message. The lock is the
//! kernel's (`flock`): a run that dies — even by `kill -9` — releases it, so there is never a stale
//! lock to take over.
//!
//! Keyed by the user name alone, not the account: the account is known only after a call to STS,
//! and locking must come before the first read. Two runs for users of the same name in different
//! accounts on one machine merely take turns.

use std::fs::{self, File, TryLockError};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::console::Console;
use crate::domain::names::UserName;
use crate::error::Error;

/// How long a second run waits for the first.
const WAIT: Duration = Duration::from_secs(30);

/// Held for as long as the run may change the user; released when dropped (or the process ends).
#[derive(Debug)]
pub struct UserLock(Option<File>);

impl Drop for UserLock {
    fn drop(&mut self) {
        if let Some(file) = &self.0 {
            let _ = file.unlock();
        }
    }
}

fn path(user: &UserName) -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("pixelshift-aws").join("locks").join(format!("{user}.lock")))
}

/// Takes the user's lock, waiting up to [`WAIT`] for another run to finish. Without a config
/// directory there is nowhere to lock, and the run goes on unlocked.
pub async fn acquire(user: &UserName, out: &Console) -> Result<UserLock, Error> {
    let Some(path) = path(user) else { return Ok(UserLock(None)) };
    let dir = path.parent().expect("a file in a directory");
    let open = || -> std::io::Result<File> {
        fs::create_dir_all(dir)?;
        fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)
    };
    let file = open().map_err(|source| Error::Write { path: path.clone(), source })?;
    let started = Instant::now();
    let mut said = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(UserLock(Some(file))),
            Err(TryLockError::WouldBlock) if started.elapsed() < WAIT => {
                if !said {
                    out.info(format_args!(
                        "Another pixelshift-aws run is working on `{user}`; waiting up to {} s for it to finish",
                        WAIT.as_secs()
                    ));
                    said = true;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Busy { user: user.to_string(), waited: WAIT.as_secs(), lock: path });
            }
            Err(TryLockError::Error(source)) => return Err(Error::Write { path, source }),
        }
    }
}
