//! A crash must not orphan a key for good. Before `CreateAccessKey`, a run records its intent here
//! (which user, which account, when, and which keys the user already had); once the new pair is
//! stored, the intent is cleared. If the process dies in between — `kill -9` a millisecond after AWS
//! answered — the next run finds the intent, and a key created in that window that is stored nowhere
//! is known to be an orphan: its secret never left that process, so nothing can be using it.
//!
//! `<config dir>/pixelshift-aws/intents/<account-id>-<user>.json`, written like the key file: 0600,
//! atomically, the directory fsynced.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Intent {
    pub user_name: String,
    pub account_id: String,
    /// Seconds since the Unix epoch, just before `CreateAccessKey` was sent.
    pub started: i64,
    /// The user's keys before the call: none of these can be the orphan.
    pub known_keys: Vec<String>,
}

/// A recorded intent; [`IntentRecord::clear`] removes it once the new pair is stored.
#[derive(Debug)]
#[must_use = "clear the intent once the new key is stored"]
pub struct IntentRecord(Option<PathBuf>);

impl IntentRecord {
    /// No record (nowhere to keep one).
    pub fn none() -> IntentRecord {
        IntentRecord(None)
    }

    pub fn clear(self) {
        if let Some(path) = self.0 {
            let _ = fs::remove_file(path);
        }
    }
}

fn path(account_id: &str, user: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("pixelshift-aws").join("intents").join(format!("{account_id}-{user}.json")))
}

/// Records the intent, durably. Without a config directory there is nowhere to keep it: the run
/// goes on (the key is still stored the moment it exists; only a crash would go unnoticed).
pub fn record(intent: &Intent) -> std::io::Result<IntentRecord> {
    let Some(path) = path(&intent.account_id, &intent.user_name) else { return Ok(IntentRecord(None)) };
    write_durably(&path, &serde_json::to_vec(intent).map_err(std::io::Error::other)?)?;
    Ok(IntentRecord(Some(path)))
}

/// Writes a record file 0600 (tempfile's default), atomically (rename over), fsynced with its
/// directory: a crash leaves the old record or the new one, never half of one.
pub(crate) fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("a file in a directory");
    fs::create_dir_all(dir)?;
    let mut file = tempfile::Builder::new().prefix(".record-").tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// An intent a previous run left behind, if any.
#[must_use]
pub fn pending(account_id: &str, user: &str) -> Option<Intent> {
    let text = fs::read_to_string(path(account_id, user)?).ok()?;
    serde_json::from_str(&text).ok()
}

/// Removes a pending intent once its orphans (if any) are dealt with.
pub fn clear(account_id: &str, user: &str) {
    if let Some(path) = path(account_id, user) {
        let _ = fs::remove_file(path);
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) {}

impl Intent {
    /// The keys of `now` that this intent's run created and never stored: not known before it,
    /// created after it started (a minute of clock skew allowed), and in none of `stored`.
    #[must_use]
    pub fn orphans(&self, now: &[crate::domain::iam::AccessKeyInfo], stored: &[&str]) -> Vec<String> {
        now.iter()
            .filter(|k| !self.known_keys.contains(&k.id) && !stored.contains(&k.id.as_str()))
            .filter(|k| k.created_epoch.is_none_or(|created| created >= self.started - 60))
            .map(|k| k.id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::iam::AccessKeyInfo;

    fn key(id: &str, created: i64) -> AccessKeyInfo {
        AccessKeyInfo { id: id.to_owned(), active: true, created: String::new(), created_epoch: Some(created) }
    }

    #[test]
    fn an_orphan_is_new_unstored_and_made_in_the_window() {
        let intent =
            Intent { user_name: "u".into(), account_id: "1".into(), started: 1_000, known_keys: vec!["OLD".into()] };
        let now = [key("OLD", 10), key("NEW", 1_001), key("STORED", 1_002), key("EARLIER", 500)];
        assert_eq!(intent.orphans(&now, &["STORED"]), ["NEW"]);
    }
}
