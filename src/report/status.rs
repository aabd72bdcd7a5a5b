//! `status` and `list`: what a setup looks like now, and what needs doing about it.

use std::fmt::Write as _;

use aws_sdk_iam::primitives::{DateTime, DateTimeFormat};
use serde::Serialize;

use super::Report;
use crate::domain::iam::LastUsed;
use crate::domain::policy::INLINE_BUDGET;
use crate::domain::status::{Finding, Via};
use crate::domain::thousands;

#[derive(Debug, Serialize)]
pub struct StatusReport {
    pub account_id: String,
    pub user_name: String,
    pub exists: bool,
    pub user: Option<UserJson>,
    pub keys: Vec<KeyJson>,
    /// The pair stored here, if any.
    pub stored: Option<StoredJson>,
    pub policies: Vec<PolicyJson>,
    /// The user's inline policies together, against IAM's budget.
    pub inline_size: usize,
    pub budget: usize,
    /// What needs doing (exit 3), each with its fix.
    pub findings: Vec<FindingJson>,
    /// What is worth knowing and needs nothing done (a key in use elsewhere).
    pub notes: Vec<FindingJson>,
    /// `ok`, `action-needed` (exit 3), or `not-set-up` (exit 3: the user does not exist).
    pub result: &'static str,
}

#[derive(Debug, Serialize)]
pub struct UserJson {
    pub arn: String,
    pub managed: bool,
    pub tags: Vec<(String, String)>,
    pub permissions_boundary: Option<String>,
    pub console_password: bool,
}

#[derive(Debug, Serialize)]
pub struct KeyJson {
    pub access_key_id: String,
    /// `active` | `inactive`
    pub status: &'static str,
    pub created: String,
    pub age_days: Option<u64>,
    pub last_used: Option<LastUsedJson>,
    /// Where this machine keeps it: `keyring`, `file` (empty: stored nowhere here).
    pub stored_in: Vec<&'static str>,
    /// `current` | `previous` (a rotation's old pair) | null
    pub role: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct LastUsedJson {
    pub at: String,
    pub service: String,
    pub region: String,
}

#[derive(Debug, Serialize)]
pub struct StoredJson {
    pub access_key_id: String,
    pub stored_in: String,
    /// Whether AWS accepts the stored key and secret (null: could not tell).
    pub authenticates: Option<bool>,
    pub active_in_iam: bool,
}

#[derive(Debug, Serialize)]
pub struct PolicyJson {
    pub name: String,
    /// `inline` | `managed` | `group-inline` | `group-managed`
    pub kind: &'static str,
    pub group: Option<String>,
    pub arn: Option<String>,
    /// What it allows, one line per statement.
    pub grants: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FindingJson {
    pub code: &'static str,
    pub message: String,
    pub fix: String,
}

impl From<&LastUsed> for LastUsedJson {
    fn from(used: &LastUsed) -> Self {
        LastUsedJson { at: iso(used.at), service: used.service.clone(), region: used.region.clone() }
    }
}

/// Seconds since the epoch as ISO 8601, as AWS writes dates.
#[must_use]
pub fn iso(secs: i64) -> String {
    DateTime::from_secs(secs).fmt(DateTimeFormat::DateTime).unwrap_or_default()
}

impl PolicyJson {
    #[must_use]
    pub fn kind_of(via: &Via) -> (&'static str, Option<String>, Option<String>) {
        match via {
            Via::Inline => ("inline", None, None),
            Via::Managed { arn } => ("managed", None, Some(arn.clone())),
            Via::GroupInline { group } => ("group-inline", Some(group.clone()), None),
            Via::GroupManaged { group, arn } => ("group-managed", Some(group.clone()), Some(arn.clone())),
        }
    }
}

/// A finding for people: what is wrong, and the command that fixes it.
#[must_use]
#[allow(clippy::too_many_lines, reason = "a table: one arm per finding, each its message and fix")]
pub fn explain(finding: &Finding, user: &str, policy: &str) -> FindingJson {
    let (message, fix) = match finding {
        Finding::NotSetUp => (
            format!("`{user}` does not exist in this account: Pixelshift has no access through it"),
            format!("pixelshift-aws setup --user-name {user}"),
        ),
        Finding::RotationInProgress { previous } => (
            format!("a key rotation is waiting to be finished: the old key {previous} still works beside the new one"),
            format!(
                "once the Pixelshift dashboard uses the new key (`pixelshift-aws keys show --user-name {user} --reveal`), \
                 pixelshift-aws rotate-keys --user-name {user} --finish"
            ),
        ),
        Finding::KeyInUseElsewhere { id, last_used } => (
            format!(
                "access key {id} is stored nowhere here, and IAM shows it in use (last used {} through {}): in use \
                 elsewhere",
                iso(last_used.at),
                last_used.service
            ),
            "if that is Pixelshift (or another machine of yours), nothing to do".to_owned(),
        ),
        Finding::NoKey => {
            (format!("`{user}` has no access key"), format!("pixelshift-aws create-user --user-name {user}"))
        }
        Finding::KeyStoredNowhere { id, last_used } => (
            format!(
                "access key {id} is stored nowhere here and {} (probably an orphan)",
                last_used
                    .as_ref()
                    .map_or_else(|| "was never used".to_owned(), |u| format!("was last used {}", iso(u.at)))
            ),
            format!(
                "if nothing uses it, deactivate it first (aws iam update-access-key --user-name {user} --access-key-id {id} \
                 --status Inactive), then delete it (aws iam delete-access-key --user-name {user} --access-key-id {id})"
            ),
        ),
        Finding::OrphanedByCrash { id } => (
            format!("access key {id} was created by a run that stopped before storing it; its secret is lost"),
            format!(
                "pixelshift-aws setup --user-name {user} deletes it (or: aws iam delete-access-key --user-name {user} --access-key-id {id})"
            ),
        ),
        Finding::StoredKeyGone { id } => (
            format!("the stored access key {id} no longer exists in IAM"),
            format!(
                "pixelshift-aws create-user --user-name {user} makes and stores a new key; then update the Pixelshift dashboard"
            ),
        ),
        Finding::StoredKeyInactive { id } => (
            format!("the stored access key {id} is inactive in IAM"),
            format!(
                "reactivate it (aws iam update-access-key --user-name {user} --access-key-id {id} --status Active) or replace it with pixelshift-aws create-user --user-name {user}"
            ),
        ),
        Finding::StoredKeyRejected { id } => (
            format!("AWS rejects the stored key {id}: the stored secret is not the one AWS issued"),
            format!(
                "remove the wrong copy (pixelshift-aws keys delete --user-name {user}), then pixelshift-aws create-user \
                 --user-name {user} makes and stores a new key; then update the Pixelshift dashboard"
            ),
        ),
        Finding::KeyTooOld { id, days, max } => (
            format!("access key {id} is {days} days old (the limit is {max})"),
            format!("pixelshift-aws rotate-keys --user-name {user}"),
        ),
        Finding::PolicyBothTypes => (
            format!(
                "`{user}` has both the inline policy `{policy}` and managed policies `{policy}.{user}…`: a switch \
                 between them stopped half-way"
            ),
            format!(
                "finish it: pixelshift-aws attach-policy --user-name {user} --policy-type managed (or inline) with the \
                 same buckets"
            ),
        ),
        Finding::PolicyMissing => (
            format!("`{user}` has no policy `{policy}` (inline, or managed `{policy}.{user}`)"),
            format!("pixelshift-aws attach-policy --user-name {user} --bucket NAME"),
        ),
        Finding::PolicyHandEdited { policy: edited, .. } => (
            format!("policy `{edited}` is not what pixelshift-aws writes for the buckets it names (edited by hand?)"),
            format!(
                "review the change with `pixelshift-aws setup --user-name {user} --dry-run` and the same buckets, then run it without --dry-run"
            ),
        ),
        Finding::MoreAccess { policy: edited, ours: true, .. } => (
            format!("policy `{edited}` grants more than pixelshift-aws writes (actions or resources added by hand)"),
            format!(
                "see the difference with `pixelshift-aws setup --user-name {user} --dry-run` and the buckets Pixelshift \
                 needs, then run it without --dry-run to put back the least-privilege policy"
            ),
        ),
        Finding::MoreAccess { policy: other, via, ours: false } => {
            let (how, fix) = match via {
                Via::Inline => (
                    "inline policy".to_owned(),
                    format!("aws iam delete-user-policy --user-name {user} --policy-name {other}"),
                ),
                Via::Managed { arn } => (
                    "attached policy".to_owned(),
                    format!("aws iam detach-user-policy --user-name {user} --policy-arn {arn}"),
                ),
                Via::GroupInline { group } | Via::GroupManaged { group, .. } => (
                    format!("policy of group `{group}`"),
                    format!("aws iam remove-user-from-group --user-name {user} --group-name {group}"),
                ),
            };
            (format!("{how} `{other}` reaches `{user}` beside `{policy}` and may grant more"), fix)
        }
        Finding::ConsolePassword => (
            format!("`{user}` has a console password, which Pixelshift does not need"),
            format!("aws iam delete-login-profile --user-name {user}"),
        ),
    };
    FindingJson { code: finding.code(), message, fix }
}

impl Report for StatusReport {
    fn text(&self) -> String {
        let mut out = String::new();
        let Some(user) = &self.user else {
            let _ = writeln!(out, "user          {} does not exist in account {}", self.user_name, self.account_id);
            write_findings(&mut out, &self.findings, &self.notes);
            return out;
        };
        let managed = if user.managed { "managed by pixelshift-aws" } else { "not created by pixelshift-aws" };
        let _ = writeln!(out, "user          {} ({managed})", user.arn);
        let tags: Vec<String> = user.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(out, "tags          {}", if tags.is_empty() { "none".to_owned() } else { tags.join(", ") });
        let _ = writeln!(out, "boundary      {}", user.permissions_boundary.as_deref().unwrap_or("none"));
        let _ = writeln!(out, "console       {}", if user.console_password { "has a password" } else { "no password" });
        let _ = writeln!(out, "keys");
        for key in &self.keys {
            let last = key.last_used.as_ref().map_or_else(
                || "never used".to_owned(),
                |u| format!("last used {} ({}, {})", u.at, u.service, u.region),
            );
            let stored = if key.stored_in.is_empty() {
                "stored nowhere here".to_owned()
            } else {
                format!("stored here: {}", key.stored_in.join(" and "))
            };
            let role = key.role.map(|r| format!(" ({r})")).unwrap_or_default();
            let age = key.age_days.map_or_else(String::new, |d| format!(", {d} days old"));
            let _ = writeln!(out, "  {} {}{age}, {last}, {stored}{role}", key.access_key_id, key.status);
        }
        if let Some(stored) = &self.stored {
            let auth = match stored.authenticates {
                Some(true) => "AWS accepts it",
                Some(false) => "AWS rejects it",
                None => "not checked",
            };
            let active = if stored.active_in_iam { "active in IAM" } else { "not active in IAM" };
            let _ = writeln!(out, "stored pair   {} in {}: {auth}, {active}", stored.access_key_id, stored.stored_in);
        } else {
            let _ = writeln!(out, "stored pair   none on this machine");
        }
        let _ = writeln!(
            out,
            "policies      inline {} of {} characters",
            thousands(self.inline_size),
            thousands(self.budget)
        );
        for policy in &self.policies {
            let whose = policy.group.as_ref().map(|g| format!(", group {g}")).unwrap_or_default();
            let _ = writeln!(out, "  {} ({}{whose})", policy.name, policy.kind);
            for line in &policy.grants {
                let _ = writeln!(out, "    {line}");
            }
        }
        write_findings(&mut out, &self.findings, &self.notes);
        out
    }
}

fn write_findings(out: &mut String, findings: &[FindingJson], notes: &[FindingJson]) {
    if !notes.is_empty() {
        let _ = writeln!(out, "\nnotes");
        for note in notes {
            let _ = writeln!(out, "  · {}\n    {}", note.message, note.fix);
        }
    }
    if findings.is_empty() {
        let _ = writeln!(out, "\nNothing to do.");
    } else {
        let _ = writeln!(out, "\nfindings");
        for finding in findings {
            let _ = writeln!(out, "  ✗ {}\n    fix: {}", finding.message, finding.fix);
        }
    }
}

/// `list`: one row per user this tool manages.
#[derive(Debug, Serialize)]
pub struct ListReport {
    pub account_id: String,
    pub users: Vec<ListedUser>,
}

#[derive(Debug, Serialize)]
pub struct ListedUser {
    pub user_name: String,
    pub arn: String,
    pub keys: usize,
    pub oldest_key_days: Option<u64>,
    /// Whether a key of this user is stored on this machine.
    pub stored_here: bool,
    /// What its inline policy grants: bucket names and patterns, or `*`.
    pub buckets: Vec<String>,
    pub last_used: Option<LastUsedJson>,
}

impl Report for ListReport {
    fn text(&self) -> String {
        let mut rows =
            vec![["user", "keys", "oldest", "stored here", "buckets", "last used"].map(str::to_owned).to_vec()];
        for user in &self.users {
            rows.push(vec![
                user.user_name.clone(),
                user.keys.to_string(),
                user.oldest_key_days.map_or_else(|| "-".to_owned(), |d| format!("{d} d")),
                if user.stored_here { "yes" } else { "no" }.to_owned(),
                if user.buckets.is_empty() { "-".to_owned() } else { user.buckets.join(",") },
                user.last_used.as_ref().map_or_else(|| "never".to_owned(), |u| format!("{} ({})", u.at, u.service)),
            ]);
        }
        if self.users.is_empty() {
            return format!("No user in account {} is managed by pixelshift-aws.\n", self.account_id);
        }
        let widths: Vec<usize> = (0..6).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
        let mut out = String::new();
        for row in rows {
            let cells: Vec<String> =
                row.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}

/// Budget for the report's `budget` field.
pub const BUDGET: usize = INLINE_BUDGET;

#[cfg(test)]
mod tests;
