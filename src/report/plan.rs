//! A plan, as `--dry-run` prints it and the confirmation screen shows it: each step's AWS action
//! and target, the notes, and a policy change as a unified diff (text) and a structured field (JSON).
//! Rendered from the very [`Plan`] value apply executes.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::domain::plan::{Change, KeyPlace, Note, Plan, Step};
use crate::domain::policy::{INLINE_BUDGET, diff};
use crate::domain::thousands;

use super::Report;

#[derive(Debug, Serialize)]
pub struct PlanReport {
    pub dry_run: bool,
    pub account_id: String,
    pub user_name: String,
    /// Steps that change AWS or this machine (verify is not a change).
    pub changes: usize,
    pub plan: Vec<StepReport>,
    pub notes: Vec<String>,
    /// The document that will be attached (when a policy is part of the command).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_change: Option<PolicyChangeReport>,
}

#[derive(Debug, Serialize)]
pub struct StepReport {
    pub action: &'static str,
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The policy part of the plan, structured: what is attached now and the diff to what comes.
#[derive(Debug, Serialize)]
pub struct PolicyChangeReport {
    pub name: String,
    /// created | replaced | unchanged
    pub change: &'static str,
    pub size: usize,
    pub aggregate_size: usize,
    pub budget: usize,
    /// The document attached now, when it is replaced.
    pub current: Option<Value>,
    /// Unified diff from `current` to the new document, when it is replaced.
    pub diff: Option<String>,
}

impl PlanReport {
    #[must_use]
    pub fn new(plan: &Plan, account_id: &str, dry_run: bool) -> PlanReport {
        let user = plan.user.as_str();
        let policy_name = plan.policy.as_ref().map_or("", |p| p.name.as_str());
        let steps: Vec<StepReport> = plan.steps.iter().map(|step| describe(step, user, policy_name)).collect();
        let changes = plan.steps.iter().filter(|s| **s != Step::Verify).count();
        let policy_change = plan.policy.as_ref().map(|p| {
            let current = match &p.change {
                Change::Replaced { current } => Some(current.as_str()),
                _ => None,
            };
            PolicyChangeReport {
                name: p.name.to_string(),
                change: p.change.as_str(),
                size: p.size,
                aggregate_size: p.aggregate(),
                budget: INLINE_BUDGET,
                current: current.and_then(|c| serde_json::from_str(c).ok()),
                diff: current.map(|c| diff(c, &p.document)),
            }
        });
        PlanReport {
            dry_run,
            account_id: account_id.to_owned(),
            user_name: user.to_owned(),
            changes,
            plan: steps,
            notes: plan.notes.iter().map(|n| note(n, user)).collect(),
            policy: plan.policy.as_ref().and_then(|p| serde_json::from_str(&p.document).ok()),
            policy_change,
        }
    }

    /// The headline: what the plan is for and how much it changes.
    #[must_use]
    pub fn headline(&self) -> String {
        let what = match self.changes {
            0 => "nothing to change".to_owned(),
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        };
        format!("Plan for `{}` in account {}: {what}", self.user_name, self.account_id)
    }

    /// The steps, one per line, `action target`, with details indented below.
    #[must_use]
    pub fn steps_text(&self) -> String {
        let mut text = String::new();
        for step in &self.plan {
            let _ = writeln!(text, "{} {}", step.action, step.target);
            if let Some(detail) = &step.detail {
                let _ = writeln!(text, "    {detail}");
            }
        }
        text
    }
}

impl Report for PlanReport {
    /// Steps, then the policy: the diff when it is replaced, else the whole document when it is new.
    fn text(&self) -> String {
        let mut text = self.steps_text();
        if let Some(change) = &self.policy_change {
            match (&change.diff, &self.policy) {
                (Some(diff), _) => text.push_str(diff),
                (None, Some(policy)) if change.change == "created" => {
                    text.push_str(&serde_json::to_string_pretty(policy).unwrap_or_default());
                    text.push('\n');
                }
                _ => {}
            }
        }
        text
    }
}

fn describe(step: &Step, user: &str, policy: &str) -> StepReport {
    let (target, detail) = match step {
        Step::CreateUser(new) => {
            let mut tags: Vec<String> = new.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            if tags.is_empty() {
                tags.push("managed-by=pixelshift-aws".to_owned());
            }
            let boundary = new.permissions_boundary.as_ref().map(|b| format!(", permissions boundary {b}"));
            (
                user.to_owned(),
                Some(format!("programmatic access only, tags {}{}", tags.join(", "), boundary.unwrap_or_default())),
            )
        }
        Step::AdoptUser => (format!("{user} managed-by=pixelshift-aws"), Some("adopt the existing user".to_owned())),
        Step::DeleteOrphanKey(id) => (
            format!("{user} {id}"),
            Some(
                "made by a run that stopped before storing it: its secret is lost, nothing can be using it".to_owned(),
            ),
        ),
        Step::CreateAccessKey { store } => {
            let places: Vec<String> = store.iter().map(place).collect();
            (user.to_owned(), Some(format!("the key pair is stored at once in {}", places.join(" and "))))
        }
        Step::CopyKey(to) => (place(to), Some(format!("a missing copy of `{user}`'s stored key"))),
        Step::PutUserPolicy { replaces: None } => (format!("{user} {policy}"), None),
        Step::PutUserPolicy { replaces: Some(_) } => {
            (format!("{user} {policy}"), Some("replaces a different policy; see the diff".to_owned()))
        }
        Step::Verify => ("probe each bucket with the user's own key".to_owned(), None),
    };
    StepReport { action: step.action(), target, detail }
}

fn place(place: &KeyPlace) -> String {
    match place {
        KeyPlace::Keyring => "the OS keyring".to_owned(),
        KeyPlace::File(path) => path.display().to_string(),
    }
}

/// A note as one line for people (and the JSON `notes` list).
#[must_use]
pub fn note(note: &Note, user: &str) -> String {
    match note {
        Note::StoredKeyInactive(id) => {
            format!("the stored access key {id} is inactive in IAM; a new key is created and the old one left alone")
        }
        Note::StoredKeyGone(id) => format!("the stored access key {id} no longer exists in IAM; a new key replaces it"),
        Note::OtherKeys(keys) => {
            let list: Vec<String> =
                keys.iter().map(|k| format!("{} ({})", k.id, if k.active { "active" } else { "inactive" })).collect();
            format!("`{user}` also has access key {} that is not stored here; it is left alone", list.join(", "))
        }
        Note::BoundaryKept(current) => format!(
            "`{user}` already exists; its permissions boundary ({}) is left as it is",
            current.as_deref().unwrap_or("none")
        ),
        Note::VolatileKeyring => {
            "the kernel keyring (keyutils) does not survive a reboot; a second copy of the key goes to a 0600 file"
                .to_owned()
        }
        Note::FileOnly => "no OS keyring is usable; the key goes to the --keys-file only".to_owned(),
        Note::ConsolePassword => format!(
            "`{user}` has a console password, which Pixelshift does not need; remove it with \
             `aws iam delete-login-profile --user-name {user}`"
        ),
    }
}

/// The size line shown after a policy: its characters against IAM's inline budget.
#[must_use]
pub fn size_line(size: usize) -> String {
    format!(
        "policy size: {} of {} characters (IAM's budget for all of a user's inline policies, whitespace not counted)",
        thousands(size),
        thousands(INLINE_BUDGET)
    )
}
