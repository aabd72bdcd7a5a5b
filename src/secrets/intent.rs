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
    /// The latest a key this run asked for can have been made: `started` plus the call's timeout.
    /// Intents written before this field existed get that bound too ([`CALL_WINDOW`]).
    #[serde(default)]
    pub deadline: Option<i64>,
    /// The user's keys before the call: none of these can be the orphan.
    pub known_keys: Vec<String>,
    /// The key IAM made, recorded the moment its answer arrived (before the pair is stored): then
    /// that key, and no other, is the one this run may have left unstored.
    #[serde(default)]
    pub key_id: Option<String>,
}

/// How long after `started` IAM can have made the key: `CreateAccessKey`'s timeout
/// ([`crate::aws::iam::CREATE_KEY_TIMEOUT`]); the answer is given up on after that.
pub const CALL_WINDOW: i64 = 30;

/// Clock difference allowed between this machine and IAM's `CreateDate`.
const CLOCK_SKEW: i64 = 30;

/// A recorded intent; [`IntentRecord::clear`] removes it once the new pair is stored.
#[derive(Debug)]
#[must_use = "clear the intent once the new key is stored"]
pub struct IntentRecord(Option<PathBuf>);

impl IntentRecord {
    /// No record (nowhere to keep one).
    pub fn none() -> IntentRecord {
        IntentRecord(None)
    }

    /// Adds the key IAM made to the record, so that a crash before it is stored names exactly that
    /// key. Best effort: without it the time window still bounds what is taken for an orphan.
    pub fn note_key(&self, intent: &Intent, key_id: &str) {
        if let Some(path) = &self.0 {
            let intent = Intent { key_id: Some(key_id.to_owned()), ..intent.clone() };
            if let Ok(bytes) = serde_json::to_vec(&intent) {
                let _ = write_durably(path, &bytes);
            }
        }
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
    let text = crate::files::read_text_limited(&path(account_id, user)?, crate::files::KEY_FILE_LIMIT).ok()?;
    serde_json::from_str(&text).ok()
}

/// The orphans a crashed run left for `user` (see [`Intent::orphans`]), `[]` when none did: the one
/// reading every command that meets an intent shares.
#[must_use]
pub fn orphans_of(
    account_id: &str,
    user: &str,
    now: &[crate::domain::iam::AccessKeyInfo],
    stored: &[&str],
) -> Vec<String> {
    pending(account_id, user).map_or_else(Vec::new, |intent| intent.orphans(now, stored))
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
    /// The keys of `now` that this intent's run created and never stored. With the key id recorded,
    /// that key alone if it is stored nowhere. Without it (the answer never arrived): a key not
    /// known before the call, stored nowhere, and created inside the call's window — from `started`
    /// to `deadline`, with [`CLOCK_SKEW`] either side. Anything else is someone's key (an admin may
    /// make one by hand after a crashed run): never an orphan.
    #[must_use]
    pub fn orphans(&self, now: &[crate::domain::iam::AccessKeyInfo], stored: &[&str]) -> Vec<String> {
        let deadline = self.deadline.unwrap_or(self.started + CALL_WINDOW);
        let window = (self.started - CLOCK_SKEW)..=(deadline + CLOCK_SKEW);
        now.iter()
            .filter(|k| !self.known_keys.contains(&k.id) && !stored.contains(&k.id.as_str()))
            .filter(|k| match &self.key_id {
                Some(id) => *id == k.id,
                None => k.created_epoch.is_some_and(|created| window.contains(&created)),
            })
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

    fn intent(key_id: Option<&str>) -> Intent {
        Intent {
            user_name: "u".into(),
            account_id: "1".into(),
            started: 1_000,
            deadline: Some(1_030),
            known_keys: vec!["OLD".into()],
            key_id: key_id.map(str::to_owned),
        }
    }

    #[test]
    fn an_orphan_is_new_unstored_and_made_in_the_window() {
        let now = [key("OLD", 10), key("NEW", 1_001), key("STORED", 1_002), key("EARLIER", 500)];
        assert_eq!(intent(None).orphans(&now, &["STORED"]), ["NEW"]);
    }

    #[test]
    fn a_key_made_by_hand_after_the_window_is_never_an_orphan() {
        // The run was killed with its call in flight (never executed); an admin made a key later.
        let by_hand = [key("OLD", 10), key("BYHAND", 1_000 + 30 + 31)];
        assert!(intent(None).orphans(&by_hand, &[]).is_empty());
        let just_inside = [key("LATE", 1_000 + 30 + 30)];
        assert_eq!(intent(None).orphans(&just_inside, &[]), ["LATE"], "the skew allowance is inclusive");
        let no_date = [AccessKeyInfo { created_epoch: None, ..key("UNDATED", 0) }];
        assert!(intent(None).orphans(&no_date, &[]).is_empty(), "a key of unknown age is nobody's orphan");
        let old_format: Intent =
            serde_json::from_str(r#"{"UserName":"u","AccountId":"1","Started":1000,"KnownKeys":["OLD"]}"#).unwrap();
        assert_eq!(old_format.orphans(&[key("NEW", 1_010), key("BYHAND", 5_000)], &[]), ["NEW"]);
    }

    #[test]
    fn a_recorded_key_id_is_the_only_orphan() {
        let now = [key("OLD", 10), key("MADE", 1_001), key("ALSO_NEW", 1_002)];
        assert_eq!(intent(Some("MADE")).orphans(&now, &[]), ["MADE"]);
        assert!(intent(Some("MADE")).orphans(&now, &["MADE"]).is_empty(), "stored: not an orphan");
    }
}
