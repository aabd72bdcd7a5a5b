//! What a rotation in progress needs to remember between its two phases: which key is old and which
//! is new, and when phase one's own checks of the new key ended.
//!
//! `rotate-keys --finish` may retire the old key only once Pixelshift's dashboard has switched to
//! the new one. IAM reports one "last used" per key, and the tool itself uses the new key too (phase
//! one's probes, `verify`, status's STS check). So the dashboard has switched when the new key was
//! used *after* the tool's own last use of it — recorded here as `tool_used` — through a service
//! other than STS (status checks through STS; Pixelshift works through S3), and more recently than
//! the old key.
//!
//! `<config dir>/pixelshift-aws/rotations/<account-id>-<user>.json`, written like the intent: 0600,
//! atomically. It holds no secret.

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::intent::write_durably;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rotation {
    pub user_name: String,
    pub account_id: String,
    pub old_access_key_id: String,
    pub new_access_key_id: String,
    /// Seconds since the Unix epoch: the end of the tool's own last use of the new key.
    pub tool_used: i64,
}

fn path(account_id: &str, user: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("pixelshift-aws").join("rotations").join(format!("{account_id}-{user}.json")))
}

/// Records (or replaces) the rotation of `rotation.user_name`. Without a config directory there
/// is nowhere to keep it; `--finish` then says it cannot tell the dashboard's use from the tool's.
pub fn record(rotation: &Rotation) -> std::io::Result<()> {
    let Some(path) = path(&rotation.account_id, &rotation.user_name) else { return Ok(()) };
    write_durably(&path, &serde_json::to_vec(rotation).map_err(std::io::Error::other)?)
}

/// The rotation in progress for the user, if one was recorded here.
#[must_use]
pub fn read(account_id: &str, user: &str) -> Option<Rotation> {
    let text = fs::read_to_string(path(account_id, user)?).ok()?;
    serde_json::from_str(&text).ok()
}

/// The tool used `key_id` until `at` (a verify, a probe): if it is the new key of a rotation in
/// progress, that use must not be taken for the dashboard's.
pub fn note_tool_use(account_id: &str, user: &str, key_id: &str, at: i64) {
    if let Some(mut rotation) = read(account_id, user).filter(|r| r.new_access_key_id == key_id) {
        rotation.tool_used = rotation.tool_used.max(at);
        let _ = record(&rotation);
    }
}

/// Forgets the rotation: finished, or undone.
pub fn clear(account_id: &str, user: &str) {
    if let Some(path) = path(account_id, user) {
        let _ = fs::remove_file(path);
    }
}
