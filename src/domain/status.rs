//! Is a setup still healthy? Everything `status` read about a user, and the findings it leads to,
//! each with its fix. Pure: the rules are unit-tested without AWS.

use serde_json::Value;

use super::iam::{AccessKeyInfo, LastUsed};
use super::names::{BucketName, KeyPrefix};
use super::policy::{Partition, PolicyChoice, Scope, is_managed_path, managed_index, same_document};
use super::verify::{Grant, grant_of};

/// An access key as IAM lists it, when it was last used, and whether it is stored here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyView {
    pub info: AccessKeyInfo,
    pub last_used: Option<LastUsed>,
    pub in_keyring: bool,
    pub in_file: bool,
}

impl KeyView {
    #[must_use]
    pub fn stored(&self) -> bool {
        self.in_keyring || self.in_file
    }
}

/// How a policy reaches the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Inline,
    Managed { arn: String },
    GroupInline { group: String },
    GroupManaged { group: String, arn: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyView {
    pub name: String,
    pub via: Via,
    /// `None` where the document could not be read.
    pub document: Option<String>,
}

/// The pair stored here for the user, and what AWS says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredView {
    pub id: String,
    /// Whether STS accepts the stored key and secret (`None`: not asked).
    pub authenticates: Option<bool>,
}

/// Everything status read about one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserView {
    pub name: String,
    pub managed: bool,
    pub console_password: bool,
    pub keys: Vec<KeyView>,
    pub stored: Option<StoredView>,
    pub policies: Vec<PolicyView>,
    /// The inline policy this tool manages.
    pub policy_name: String,
    pub partition: Partition,
    /// Keys a crashed run created and never stored (read from the intent it left), by id.
    pub orphans: Vec<String>,
    /// A rotation waiting for `--finish`: the previous pair's key id.
    pub rotating: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The user does not exist (never set up, or torn down).
    NotSetUp,
    NoKey,
    KeyStoredNowhere {
        id: String,
        last_used: Option<LastUsed>,
    },
    StoredKeyGone {
        id: String,
    },
    StoredKeyInactive {
        id: String,
    },
    StoredKeyRejected {
        id: String,
    },
    KeyTooOld {
        id: String,
        days: u64,
        max: u64,
    },
    PolicyMissing,
    PolicyHandEdited {
        policy: String,
        expected: String,
    },
    /// Both the inline policy and managed parts: a switch between them stopped half-way.
    PolicyBothTypes,
    MoreAccess {
        policy: String,
        via: Via,
        /// The policy this tool manages, widened by hand (not another policy beside it).
        ours: bool,
    },
    ConsolePassword,
    OrphanedByCrash {
        id: String,
    },
    /// `rotate-keys` ran and `--finish` did not: two working keys, the old one kept.
    RotationInProgress {
        previous: String,
    },
    /// A note, not an action: a key stored nowhere here that IAM shows in use — most likely the
    /// copy Pixelshift's dashboard holds, or one stored on another machine.
    KeyInUseElsewhere {
        id: String,
        last_used: LastUsed,
    },
}

impl Finding {
    /// A stable name for scripts (`--output json`).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Finding::NotSetUp => "not-set-up",
            Finding::NoKey => "no-key",
            Finding::KeyStoredNowhere { .. } => "key-stored-nowhere",
            Finding::StoredKeyGone { .. } => "stored-key-gone",
            Finding::StoredKeyInactive { .. } => "stored-key-inactive",
            Finding::StoredKeyRejected { .. } => "stored-key-rejected",
            Finding::KeyTooOld { .. } => "key-too-old",
            Finding::PolicyMissing => "policy-missing",
            Finding::PolicyHandEdited { .. } => "policy-hand-edited",
            Finding::PolicyBothTypes => "policy-both-types",
            Finding::MoreAccess { .. } => "more-access",
            Finding::ConsolePassword => "console-password",
            Finding::OrphanedByCrash { .. } => "orphaned-by-crash",
            Finding::RotationInProgress { .. } => "rotation-in-progress",
            Finding::KeyInUseElsewhere { .. } => "key-in-use-elsewhere",
        }
    }

    /// Whether the operator has something to do (exit 3); the rest are notes.
    #[must_use]
    pub fn needs_action(&self) -> bool {
        !matches!(self, Finding::KeyInUseElsewhere { .. })
    }
}

/// Seconds in a day, for key ages.
const DAY: i64 = 86_400;

/// The findings for a user, in a stable order. `now` in seconds since the Unix epoch.
///
/// A key stored nowhere here is not, on its own, a key to delete: Pixelshift's dashboard holds a
/// copy, and so may another machine. IAM's last use tells them apart: used within the key-age limit,
/// it is noted; never used (or not for that long), it is probably an orphan and an action.
#[must_use]
pub fn findings(user: &UserView, max_key_age_days: u64, now: i64) -> Vec<Finding> {
    let mut found = Vec::new();
    if user.keys.is_empty() {
        found.push(Finding::NoKey);
    }
    for id in &user.orphans {
        found.push(Finding::OrphanedByCrash { id: id.clone() });
    }
    let recent = now - i64::try_from(max_key_age_days).unwrap_or(i64::MAX / DAY).saturating_mul(DAY);
    for key in user.keys.iter().filter(|k| !k.stored() && !user.orphans.contains(&k.info.id)) {
        let id = key.info.id.clone();
        match &key.last_used {
            Some(last) if key.info.active && last.at >= recent => {
                found.push(Finding::KeyInUseElsewhere { id, last_used: last.clone() });
            }
            last_used => found.push(Finding::KeyStoredNowhere { id, last_used: last_used.clone() }),
        }
    }
    if let Some(previous) = &user.rotating {
        found.push(Finding::RotationInProgress { previous: previous.clone() });
    }
    if let Some(stored) = &user.stored {
        match user.keys.iter().find(|k| k.info.id == stored.id) {
            None => found.push(Finding::StoredKeyGone { id: stored.id.clone() }),
            Some(key) if !key.info.active => found.push(Finding::StoredKeyInactive { id: stored.id.clone() }),
            Some(_) if stored.authenticates == Some(false) => {
                found.push(Finding::StoredKeyRejected { id: stored.id.clone() });
            }
            Some(_) => {}
        }
    }
    for key in user.keys.iter().filter(|k| k.info.active) {
        let days = key.info.created_epoch.map_or(0, |created| u64::try_from((now - created).max(0) / DAY).unwrap_or(0));
        if days >= max_key_age_days {
            found.push(Finding::KeyTooOld { id: key.info.id.clone(), days, max: max_key_age_days });
        }
    }
    let ours = |p: &&PolicyView| user.is_ours(p);
    let own: Vec<&PolicyView> = user.policies.iter().filter(ours).collect();
    if own.is_empty() {
        found.push(Finding::PolicyMissing);
    }
    let mut beyond = Vec::new();
    for policy in &own {
        let Some(document) = policy.document.as_deref() else { continue };
        let judged = judge(document, user.partition);
        if !judged.as_written {
            found.push(Finding::PolicyHandEdited { policy: policy.name.clone(), expected: judged.expected });
        }
        if judged.grants_more {
            beyond.push(Finding::MoreAccess { policy: policy.name.clone(), via: policy.via.clone(), ours: true });
        }
    }
    if own.iter().any(|p| p.via == Via::Inline) && own.iter().any(|p| p.via != Via::Inline) {
        found.push(Finding::PolicyBothTypes);
    }
    found.extend(beyond);
    for policy in user.policies.iter().filter(|p| !ours(p)) {
        found.push(Finding::MoreAccess { policy: policy.name.clone(), via: policy.via.clone(), ours: false });
    }
    if user.console_password {
        found.push(Finding::ConsolePassword);
    }
    found
}

impl UserView {
    /// Whether `policy` is the one this tool manages for the user: the inline policy of its name,
    /// or one of its managed parts (`<policy>.<user>[.N]` under `/pixelshift-aws/`).
    #[must_use]
    pub fn is_ours(&self, policy: &PolicyView) -> bool {
        match &policy.via {
            Via::Inline => policy.name == self.policy_name,
            Via::Managed { arn } => {
                is_managed_path(arn) && managed_index(&self.policy_name, &self.name, &policy.name).is_some()
            }
            _ => false,
        }
    }
}

/// A managed policy document held against what this tool writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// Exactly what the tool writes for the buckets, access and prefix the document names.
    pub as_written: bool,
    /// What the tool would write (empty when the document names no bucket at all).
    pub expected: String,
    /// It allows an action or resource the tool's document does not: an edit that widened access
    /// (`s3:*`, `*`, `NotAction`, a dropped condition, another service), not just reshaped it.
    pub grants_more: bool,
}

/// Holds `document` against what this tool writes for the choice it expresses. A document that
/// names no bucket cannot be the tool's and is judged to grant more.
#[must_use]
pub fn judge(document: &str, partition: Partition) -> Judged {
    let Some(expected) = rewritten(document, partition) else {
        return Judged { as_written: false, expected: String::new(), grants_more: true };
    };
    let as_written = same_document(document, &expected);
    let grants_more = !as_written && !within(document, &expected);
    Judged { as_written, expected, grants_more }
}

/// Whether everything `document` allows is allowed by `bound`: each (action, resource) it allows
/// is one `bound` allows, under the same condition (or none). Deny statements only take away, so
/// they are not held against it; `NotAction`/`NotResource` in an Allow grant open-ended access.
fn within(document: &str, bound: &str) -> bool {
    let (Some(document), Some(bound)) = (allowed(document), allowed(bound)) else { return false };
    document.iter().all(|(action, resource, condition)| {
        bound.iter().any(|(a, r, c)| a == action && r == resource && (c.is_none() || c == condition))
    })
}

type Allowed = Vec<(String, String, Option<Value>)>;

/// Every (action, resource, condition) an identity policy's Allow statements name; `None` when it
/// is not a readable policy or uses `NotAction`/`NotResource`.
fn allowed(document: &str) -> Option<Allowed> {
    let doc = serde_json::from_str::<Value>(document).ok()?;
    let statements = match &doc["Statement"] {
        Value::Array(list) => list.clone(),
        single @ Value::Object(_) => vec![single.clone()],
        _ => return None,
    };
    let mut all = Vec::new();
    for statement in statements.iter().filter(|s| s["Effect"] != "Deny") {
        if statement.get("NotAction").is_some() || statement.get("NotResource").is_some() {
            return None;
        }
        let condition = statement.get("Condition").cloned();
        for action in strings(&statement["Action"]) {
            for resource in strings(&statement["Resource"]) {
                all.push((action.to_ascii_lowercase(), resource, condition.clone()));
            }
        }
    }
    Some(all)
}

/// What this tool writes for the buckets, access and prefix a policy document names: where that
/// differs from the document, someone edited it by hand. `None` when it names no bucket at all.
#[must_use]
pub fn rewritten(document: &str, partition: Partition) -> Option<String> {
    choice_of(document).map(|choice| choice.document(partition).to_pretty_json())
}

/// The choice a policy document expresses (its buckets, patterns, access and prefix).
#[must_use]
pub fn choice_of(document: &str) -> Option<PolicyChoice> {
    choice_of_grant(grant_of(&serde_json::from_str::<Value>(document).ok()?))
}

/// The choice a grant expresses (several managed parts together: see [`Grant::of_all`]).
#[must_use]
pub fn choice_of_grant(grant: Grant) -> Option<PolicyChoice> {
    let scope = if grant.all_buckets {
        Scope::AllBuckets
    } else {
        let names = grant.buckets.iter().cloned().chain(grant.patterns.iter().map(|stem| format!("{stem}*")));
        Scope::buckets(names.filter_map(|n| BucketName::parse(&n).ok()))?.0
    };
    let prefix = match grant.prefix {
        Some(prefix) => Some(KeyPrefix::parse(&prefix).ok()?),
        None => None,
    };
    Some(PolicyChoice { scope, access: grant.access, prefix, covered: Vec::new() })
}

/// What a policy document allows, one line per statement: "s3:GetObject, s3:PutObject on
/// `arn:aws:s3:::photos/*`". Long lists are cut with a count of the rest.
#[must_use]
pub fn summarize(document: &str) -> Vec<String> {
    let Ok(doc) = serde_json::from_str::<Value>(document) else { return vec!["(not JSON)".to_owned()] };
    let statements = match &doc["Statement"] {
        Value::Array(list) => list.clone(),
        single @ Value::Object(_) => vec![single.clone()],
        _ => Vec::new(),
    };
    statements
        .iter()
        .map(|s| {
            let effect = s["Effect"].as_str().unwrap_or("?");
            let prefix = if effect == "Allow" { String::new() } else { format!("{effect}: ") };
            format!("{prefix}{} on {}", cut(&strings(&s["Action"]), 6), cut(&strings(&s["Resource"]), 3))
        })
        .collect()
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => vec!["?".to_owned()],
    }
}

fn cut(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..max].join(", "), items.len() - max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Access;

    const NOW: i64 = 1_800_000_000;

    fn key(id: &str, active: bool, days_old: i64, stored: bool) -> KeyView {
        KeyView {
            info: AccessKeyInfo {
                id: id.to_owned(),
                active,
                created: String::new(),
                created_epoch: Some(NOW - days_old * DAY),
            },
            last_used: None,
            in_keyring: stored,
            in_file: false,
        }
    }

    fn ours(buckets: &[&str]) -> String {
        let choice = PolicyChoice {
            scope: Scope::buckets(buckets.iter().map(|b| BucketName::parse(b).unwrap())).unwrap().0,
            access: Access::ReadWrite,
            prefix: None,
            covered: Vec::new(),
        };
        choice.document(Partition::Aws).to_pretty_json()
    }

    fn healthy() -> UserView {
        UserView {
            name: "u".to_owned(),
            managed: true,
            console_password: false,
            keys: vec![key("AKIA1", true, 10, true)],
            stored: Some(StoredView { id: "AKIA1".to_owned(), authenticates: Some(true) }),
            policies: vec![PolicyView {
                name: "pixelshift_access".to_owned(),
                via: Via::Inline,
                document: Some(ours(&["photos", "thumbs"])),
            }],
            policy_name: "pixelshift_access".to_owned(),
            partition: Partition::Aws,
            orphans: Vec::new(),
            rotating: None,
        }
    }

    #[test]
    fn a_fresh_setup_has_nothing_to_do() {
        assert_eq!(findings(&healthy(), 90, NOW), []);
    }

    #[test]
    fn every_finding_is_found() {
        let mut user = healthy();
        user.keys.push(key("AKIA2", true, 3, false));
        user.console_password = true;
        user.policies[0].document =
            Some(ours(&["photos", "thumbs"]).replace("s3:PutObject\"", "s3:PutObject\", \"s3:PutObjectAcl\""));
        user.policies.push(PolicyView {
            name: "AmazonS3FullAccess".to_owned(),
            via: Via::Managed { arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess".to_owned() },
            document: None,
        });
        let codes: Vec<&str> = findings(&user, 5, NOW).iter().map(Finding::code).collect();
        assert_eq!(
            codes,
            [
                "key-stored-nowhere",
                "key-too-old",
                "policy-hand-edited",
                "more-access",
                "more-access",
                "console-password"
            ],
            "the added s3:PutObjectAcl widens `pixelshift_access` itself: hand-edited and more access"
        );
    }

    #[test]
    fn a_policy_widened_to_everything_is_hand_edited_and_grants_more() {
        let mut user = healthy();
        user.policies[0].document =
            Some(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#.into());
        let codes: Vec<&str> = findings(&user, 90, NOW).iter().map(Finding::code).collect();
        assert_eq!(codes, ["policy-hand-edited", "more-access"]);
        assert!(findings(&user, 90, NOW).iter().all(Finding::needs_action));
        assert!(matches!(&findings(&user, 90, NOW)[1], Finding::MoreAccess { ours: true, .. }));
    }

    #[test]
    fn a_reshaped_or_narrowed_policy_is_hand_edited_without_more_access() {
        let mut user = healthy();
        // Fewer actions than the tool writes: edited, but nothing beyond it.
        user.policies[0].document = Some(ours(&["photos", "thumbs"]).replace("\"s3:DeleteObject\",", ""));
        let codes: Vec<&str> = findings(&user, 90, NOW).iter().map(Finding::code).collect();
        assert_eq!(codes, ["policy-hand-edited"]);
        // A dropped condition or a NotAction widens it.
        let judged = judge(
            r#"{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:s3:::photos"}]}"#,
            Partition::Aws,
        );
        assert!(!judged.as_written && judged.grants_more);
        let same = ours(&["photos"]);
        assert_eq!(
            judge(&same, Partition::Aws),
            Judged { as_written: true, expected: same.clone(), grants_more: false }
        );
    }

    #[test]
    fn a_key_stored_elsewhere_and_in_use_is_a_note_not_an_action() {
        let mut user = healthy();
        let mut elsewhere = key("AKIA2", true, 3, false);
        elsewhere.last_used = Some(LastUsed { at: NOW - 600, service: "s3".into(), region: "us-east-1".into() });
        user.keys.push(elsewhere);
        let found = findings(&user, 90, NOW);
        assert_eq!(found.iter().map(Finding::code).collect::<Vec<_>>(), ["key-in-use-elsewhere"]);
        assert!(!found[0].needs_action());
        // Not used for longer than the key-age limit: probably an orphan, an action.
        user.keys[1].last_used.as_mut().unwrap().at = NOW - 100 * DAY;
        assert_eq!(findings(&user, 90, NOW).iter().map(Finding::code).collect::<Vec<_>>(), ["key-stored-nowhere"]);
    }

    #[test]
    fn a_rotation_half_done_and_a_crashed_runs_key_need_action() {
        let mut user = healthy();
        user.keys.push(key("AKIAOLD", true, 3, true));
        user.rotating = Some("AKIAOLD".into());
        assert_eq!(findings(&user, 90, NOW), [Finding::RotationInProgress { previous: "AKIAOLD".into() }]);
        let mut user = healthy();
        user.keys.push(key("AKIALOST", true, 0, false));
        user.orphans = vec!["AKIALOST".into()];
        assert_eq!(findings(&user, 90, NOW), [Finding::OrphanedByCrash { id: "AKIALOST".into() }]);
    }

    #[test]
    fn managed_parts_are_the_policy_and_a_half_done_switch_is_found() {
        let managed = |name: &str, buckets: &[&str]| PolicyView {
            name: name.to_owned(),
            via: Via::Managed { arn: format!("arn:aws:iam::123456789012:policy/pixelshift-aws/{name}") },
            document: Some(ours(buckets)),
        };
        let mut user = healthy();
        user.policies =
            vec![managed("pixelshift_access.u", &["photos"]), managed("pixelshift_access.u.2", &["thumbs"])];
        assert_eq!(findings(&user, 90, NOW), [], "{:?}", findings(&user, 90, NOW));
        user.policies.push(healthy().policies[0].clone());
        assert_eq!(findings(&user, 90, NOW), [Finding::PolicyBothTypes]);
        let mut elsewhere = healthy();
        elsewhere.policies.push(PolicyView {
            via: Via::Managed { arn: "arn:aws:iam::123456789012:policy/pixelshift_access.u".to_owned() },
            ..managed("pixelshift_access.u", &["photos"])
        });
        let codes: Vec<&str> = findings(&elsewhere, 90, NOW).iter().map(Finding::code).collect();
        assert_eq!(codes, ["more-access"], "not under /pixelshift-aws/: not ours");
    }

    #[test]
    fn the_stored_key_is_checked_against_iam() {
        let mut user = healthy();
        user.stored = Some(StoredView { id: "AKIAGONE".to_owned(), authenticates: None });
        assert!(findings(&user, 90, NOW).contains(&Finding::StoredKeyGone { id: "AKIAGONE".to_owned() }));
        let mut user = healthy();
        user.keys[0].info.active = false;
        assert_eq!(findings(&user, 90, NOW), [Finding::StoredKeyInactive { id: "AKIA1".to_owned() }]);
        let mut user = healthy();
        user.stored.as_mut().unwrap().authenticates = Some(false);
        assert_eq!(findings(&user, 90, NOW), [Finding::StoredKeyRejected { id: "AKIA1".to_owned() }]);
        let mut user = healthy();
        user.policies.clear();
        user.keys.clear();
        let codes: Vec<&str> = findings(&user, 90, NOW).iter().map(Finding::code).collect();
        assert_eq!(codes, ["no-key", "stored-key-gone", "policy-missing"]);
    }

    #[test]
    fn the_attached_policy_reads_back_into_the_same_document() {
        let document = ours(&["photos", "cust-*"]);
        assert!(same_document(&rewritten(&document, Partition::Aws).unwrap(), &document));
        assert_eq!(
            summarize(&document)[1],
            "s3:AbortMultipartUpload, s3:DeleteObject, s3:GetObject, s3:ListMultipartUploadParts, s3:PutObject on arn:aws:s3:::cust-*/*, arn:aws:s3:::photos/*"
        );
    }
}
