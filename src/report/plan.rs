//! A plan, as `--dry-run` prints it and the confirmation screen shows it: each step's AWS action
//! and target, the notes, and a policy change as a unified diff (text) and a structured field (JSON).
//! Rendered from the very [`Plan`] value apply executes.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::domain::plan::{Change, KeyGoes, KeyPlace, LocalCopy, Note, Plan, PolicyFacts, Step};
use crate::domain::policy::{INLINE_BUDGET, MANAGED_BUDGET, MANAGED_PATH, diff};
use crate::domain::thousands;
use crate::domain::user::USER_PATH;

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
    /// The chosen buckets as the account has them: what decides how they are probed and what the
    /// policy needs (setup, attach-policy).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buckets: Vec<BucketFactsReport>,
}

/// One bucket's facts in a plan (`None`: not read, e.g. no permission, or the bucket is missing).
#[derive(Debug, Clone, Serialize)]
pub struct BucketFactsReport {
    pub bucket: String,
    pub region: Option<String>,
    pub versioned: Option<bool>,
    /// `Object Lock retention N days (MODE)`.
    pub object_lock: Option<String>,
    /// The KMS key its default encryption names (customer-managed), as the bucket names it.
    pub kms_key: Option<String>,
    /// Denies of its bucket policy that will refuse the user one of Pixelshift's calls.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denied_by: Vec<crate::domain::denial::PolicyDeny>,
}

impl BucketFactsReport {
    #[must_use]
    pub fn new(bucket: &str, region: Option<&str>, facts: Option<&crate::domain::verify::BucketFacts>) -> Self {
        BucketFactsReport {
            bucket: bucket.to_owned(),
            region: region.map(str::to_owned),
            versioned: facts.map(|f| f.versioned),
            object_lock: facts.and_then(|f| f.retention.as_ref()).map(ToString::to_string),
            kms_key: facts.and_then(|f| f.kms_key.clone()),
            denied_by: Vec::new(),
        }
    }
}

/// One step of a plan, the same for every command that changes AWS: its action, its target, why
/// it is there, and whether it was carried out (false in a dry run, or when a run stopped before it).
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub action: &'static str,
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub done: bool,
}

/// The policy part of the plan, structured: what is attached now and the diff to what comes.
#[derive(Debug, Serialize)]
pub struct PolicyChangeReport {
    pub name: String,
    /// inline | managed
    pub policy_type: &'static str,
    /// created | replaced | unchanged | switched
    pub change: &'static str,
    pub size: usize,
    pub aggregate_size: usize,
    pub budget: usize,
    /// The document attached now, when it is replaced (the first replaced part's, or what a switch removes).
    pub current: Option<Value>,
    /// Unified diff from what is attached now to the new document(s), when they grant something else.
    pub diff: Option<String>,
    /// Each document: the inline policy, or each managed policy in order.
    pub parts: Vec<PartReport>,
    /// Policies the plan removes (a switch of type, or managed parts no longer needed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PartReport {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    pub change: &'static str,
    pub size: usize,
    pub document: Value,
}

impl PlanReport {
    #[must_use]
    pub fn new(plan: &Plan, account_id: &str, dry_run: bool) -> PlanReport {
        let user = plan.user.as_str();
        let steps: Vec<StepReport> = plan.steps.iter().map(|step| describe(step, user, plan.policy.as_ref())).collect();
        let changes = plan.steps.iter().filter(|s| **s != Step::Verify).count();
        let policy_change = plan.policy.as_ref().map(policy_change);
        PlanReport {
            dry_run,
            account_id: account_id.to_owned(),
            user_name: user.to_owned(),
            changes,
            plan: steps,
            notes: plan.notes.iter().map(|n| note(n, user)).collect(),
            policy: plan.policy.as_ref().and_then(|p| serde_json::from_str(p.document()).ok()),
            policy_change,
            buckets: Vec::new(),
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

/// The policy's part of the report: each document, and the diff from what the user has now.
fn policy_change(facts: &PolicyFacts) -> PolicyChangeReport {
    let replaced: Vec<(&str, &str, &str)> = facts
        .parts
        .iter()
        .filter_map(|p| match &p.change {
            Change::Replaced { current } => Some((p.name.as_str(), current.as_str(), p.document.as_str())),
            _ => None,
        })
        .collect();
    let several = facts.parts.len() > 1;
    let mut diffs: Vec<String> = replaced
        .iter()
        .map(
            |(name, current, new)| {
                if several { format!("# {name}\n{}", diff(current, new)) } else { diff(current, new) }
            },
        )
        .collect();
    let mut current = replaced.first().map(|(_, current, _)| *current);
    if !facts.removed.is_empty() && facts.grant_changes() {
        let before: Vec<&str> = facts.removed.iter().map(|r| r.document.as_str()).collect();
        let after: Vec<&str> =
            facts.parts.iter().filter(|p| p.change == Change::Created).map(|p| p.document.as_str()).collect();
        if !after.is_empty() {
            diffs.push(diff(&before.concat(), &after.concat()));
            current = current.or(before.first().copied());
        }
    }
    PolicyChangeReport {
        name: facts.name.to_string(),
        policy_type: facts.kind.as_str(),
        change: facts.change(),
        size: facts.size(),
        aggregate_size: facts.aggregate(),
        budget: facts.budget(),
        current: current.and_then(|c| serde_json::from_str(c).ok()),
        diff: (!diffs.is_empty()).then(|| diffs.concat()),
        parts: facts
            .parts
            .iter()
            .map(|p| PartReport {
                name: p.name.clone(),
                arn: p.arn.clone(),
                change: p.change.as_str(),
                size: p.size,
                document: serde_json::from_str(&p.document).unwrap_or(Value::Null),
            })
            .collect(),
        removed: facts.removed.iter().map(|r| r.name.clone()).collect(),
    }
}

impl Report for PlanReport {
    /// Steps, then the policy: the diff when it is replaced, else each new document.
    fn text(&self) -> String {
        let mut text = self.steps_text();
        if let Some(change) = &self.policy_change {
            if let Some(diff) = &change.diff {
                text.push_str(diff);
            }
            let several = change.parts.len() > 1;
            for part in change.parts.iter().filter(|p| p.change == "created") {
                if several {
                    let _ = writeln!(text, "# {}", part.name);
                }
                text.push_str(&serde_json::to_string_pretty(&part.document).unwrap_or_default());
                text.push('\n');
            }
        }
        text
    }

    fn columns(&self) -> Vec<(&'static str, String)> {
        vec![("user", self.user_name.clone()), ("changes", self.changes.to_string())]
    }
}

/// One step for the plan: its action, target and why it is there — for every command's plan.
#[must_use]
pub fn describe(step: &Step, user: &str, facts: Option<&PolicyFacts>) -> StepReport {
    let policy = facts.map_or("", |f| f.name.as_str());
    let size = |name: &str| {
        facts
            .and_then(|f| f.part(name))
            .map_or_else(String::new, |p| format!("{} of {} characters", thousands(p.size), thousands(MANAGED_BUDGET)))
    };
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
        Step::AdoptUser { found_keys, .. } => {
            let kept = if found_keys.is_empty() {
                String::new()
            } else {
                format!("; its keys {} are recorded as its own", found_keys.join(", "))
            };
            (format!("{user} managed-by=pixelshift-aws"), Some(format!("adopt the existing user{kept}")))
        }
        Step::MoveUser { from } => (
            format!("{user} --new-path {USER_PATH}"),
            Some(format!(
                "moved from path {from}, where `list` would not find it: its name, keys and policies stay, its ARN \
                 becomes …:user{USER_PATH}{user}"
            )),
        ),
        Step::ReleaseUser { path } => (
            format!("{user} managed-by, pixelshift-aws:adopted-keys"),
            Some(match path {
                Some(path) => format!("the adopted user stays, as it was found, moved back to path {path}"),
                None => "the adopted user stays, as it was found".to_owned(),
            }),
        ),
        Step::DeleteAccessKey { id, why } => (format!("{user} {id}"), key_goes(*why).map(str::to_owned)),
        Step::DeactivateAccessKey(id) => {
            (format!("{user} {id}"), Some("stops the old key at once, before it is deleted".to_owned()))
        }
        // A rotation's new key: the next step stores it.
        Step::CreateAccessKey { store, .. } if store.is_empty() => (user.to_owned(), None),
        Step::CreateAccessKey { store, fallback } => {
            let places: Vec<String> = store.iter().map(place).collect();
            let otherwise =
                fallback.as_ref().map(|f| format!(" (or {} if the keyring fails)", f.display())).unwrap_or_default();
            (user.to_owned(), Some(format!("the key pair is stored at once in {}{otherwise}", places.join(" and "))))
        }
        Step::CopyKey(to) => (place(to), Some(format!("a missing copy of `{user}`'s stored key"))),
        Step::StoreRotated => (format!("the new pair of {user} as current, the old one as previous"), None),
        Step::Forget(LocalCopy::Keyring { previous: false }) => (format!("the stored pair of {user}"), None),
        Step::Forget(LocalCopy::Keyring { previous: true }) => (format!("the previous pair of {user}"), None),
        Step::Forget(LocalCopy::File(path)) => (path.display().to_string(), None),
        Step::PutUserPolicy { replaces: None } => (format!("{user} {policy}"), None),
        Step::PutUserPolicy { replaces: Some(_) } => {
            (format!("{user} {policy}"), Some("replaces a different policy; see the diff".to_owned()))
        }
        Step::CreatePolicy { name } => (
            format!("{MANAGED_PATH}{name}"),
            Some(format!("customer-managed, tagged managed-by=pixelshift-aws; {}", size(name))),
        ),
        Step::CreatePolicyVersion { name, prune, .. } => {
            let pruned = prune.as_ref().map_or_else(String::new, |oldest| {
                format!("; deletes its oldest version {oldest} first (IAM keeps at most five)")
            });
            (name.clone(), Some(format!("the new default version, {}; see the diff{pruned}", size(name))))
        }
        Step::AttachUserPolicy { name, .. } => (format!("{user} {name}"), None),
        // setup's: the inline policy a switch to managed policies replaces; teardown's: one of all.
        Step::DeleteUserPolicy { name } => (
            format!("{user} {name}"),
            facts.map(|_| "the inline policy the managed policies replace, removed once they are attached".to_owned()),
        ),
        Step::DetachUserPolicy(arn) => (format!("{user} {arn}"), None),
        Step::DeletePolicy(arn) => (arn.clone(), Some("made for this user and attached to nothing else".to_owned())),
        Step::LeaveGroup(group) => (format!("{user} {group}"), None),
        Step::DeleteLoginProfile | Step::DeleteUser => (user.to_owned(), None),
        Step::RetirePolicy { name, delete: true, .. } => (
            name.clone(),
            Some(format!("detached from `{user}` and deleted with its versions, once the new policy is attached")),
        ),
        Step::RetirePolicy { name, delete: false, .. } => {
            (name.clone(), Some(format!("detached from `{user}`; kept, as something else has it attached too")))
        }
        Step::Verify => ("probe each bucket with the user's own key".to_owned(), None),
    };
    StepReport { action: step.action(), target, detail, done: false }
}

/// Why deleting a key is safe, for the plan.
fn key_goes(why: KeyGoes) -> Option<&'static str> {
    match why {
        KeyGoes::Orphan => {
            Some("made by a run that stopped before storing it: its secret is lost, nothing can be using it")
        }
        KeyGoes::Unused => Some("inactive and stored nowhere, so nothing can be using it; makes room for the new key"),
        KeyGoes::Rotated => Some("the rotation's old key"),
        KeyGoes::Teardown => None,
    }
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
        Note::KeysFileNeeded(path) => format!(
            "no OS keyring is usable: the real run needs --keys-file PATH (this plan shows the default, {})",
            path.display()
        ),
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
