//! What each command reports on stdout. Each report is a `#[derive(Serialize)]` type — its fields
//! are the `--output json` contract (`snake_case`, documented in the README, snapshot-tested) — with
//! its text rendering beside it, so the two cannot drift apart.

pub mod keys;
pub mod lifecycle;
pub mod plan;
pub mod status;
pub mod verify;

use std::path::PathBuf;

use serde::Serialize;

use crate::aws::Identity;
pub use crate::console::Report;
use crate::domain::plan::{Plan, PolicyFacts};
use crate::domain::thousands;
use crate::secrets::{Backend, Placement, Secret, StoredKey};
use verify::VerifyReport;

/// The user and its key: create-user's report, and the head of setup's.
#[derive(Debug, Serialize)]
pub struct UserReport {
    pub account_id: String,
    pub partition: &'static str,
    pub user_name: String,
    pub user_arn: String,
    /// created | existing | adopted
    pub user: &'static str,
    pub access_key_id: String,
    /// created | reused
    pub key: &'static str,
    pub key_created_at: String,
    pub keyring: Option<&'static str>,
    pub keys_file: Option<PathBuf>,
    /// Only with `--show-secret`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<Secret>,
    #[serde(skip)]
    pub keyring_entry: Option<(Backend, String)>,
}

impl UserReport {
    #[must_use]
    pub fn new(
        identity: &Identity,
        plan: &Plan,
        user_arn: &str,
        (stored, created, placement): (&StoredKey, bool, &Placement),
        show_secret: bool,
    ) -> UserReport {
        UserReport {
            account_id: identity.account_id.clone(),
            partition: identity.partition.as_str(),
            user_name: plan.user.to_string(),
            user_arn: user_arn.to_owned(),
            user: plan.user_outcome.as_str(),
            access_key_id: stored.access_key_id.clone(),
            key: if created { "created" } else { "reused" },
            key_created_at: stored.create_date.clone(),
            keyring: placement.keyring.map(Backend::as_str),
            keys_file: placement.file.clone(),
            secret_access_key: show_secret.then(|| stored.secret_access_key.clone()),
            keyring_entry: placement
                .keyring
                .map(|b| (b, crate::secrets::account(&stored.account_id, &stored.user_name))),
        }
    }

    fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            format!("user          {} ({})", self.user_arn, self.user),
            format!("access key    {} ({})", self.access_key_id, self.key),
        ];
        if let Some((backend, entry)) = &self.keyring_entry {
            lines.push(format!(
                "keyring       {}: service `{}`, account `{entry}`",
                backend.describe(),
                crate::secrets::SERVICE
            ));
        }
        if let Some(file) = &self.keys_file {
            lines.push(format!("key file      {}", file.display()));
        }
        if let Some(secret) = &self.secret_access_key {
            lines.push(format!("secret key    {}", secret.expose()));
        }
        lines
    }
}

impl Report for UserReport {
    fn text(&self) -> String {
        let mut text = self.lines().join("\n");
        text.push('\n');
        text
    }
}

/// The policy on the user: attach-policy's report.
#[derive(Debug, Serialize)]
pub struct AttachReport {
    pub account_id: String,
    pub user_name: String,
    pub user_arn: String,
    pub policy_name: String,
    /// inline | managed
    pub policy_type: &'static str,
    /// The managed policies' names, in order (for inline: the policy's name).
    pub policies: Vec<String>,
    /// created | replaced | unchanged | switched
    pub change: &'static str,
    pub size: usize,
    pub aggregate_size: usize,
    pub budget: usize,
}

impl AttachReport {
    #[must_use]
    pub fn new(account_id: &str, user_arn: &str, plan: &Plan, facts: &PolicyFacts) -> AttachReport {
        AttachReport {
            account_id: account_id.to_owned(),
            user_name: plan.user.to_string(),
            user_arn: user_arn.to_owned(),
            policy_name: facts.name.to_string(),
            policy_type: facts.kind.as_str(),
            policies: facts.parts.iter().map(|p| p.name.clone()).collect(),
            change: facts.change(),
            size: facts.size(),
            aggregate_size: facts.aggregate(),
            budget: facts.budget(),
        }
    }
}

impl Report for AttachReport {
    fn text(&self) -> String {
        format!(
            "policy        {} on {} ({})\nsize          {}\n",
            policy_names(self.policy_type, &self.policies),
            self.user_arn,
            self.change,
            size_of(self.policy_type, self.aggregate_size, self.budget)
        )
    }
}

/// `pixelshift_access`, or `managed pixelshift_access.u, pixelshift_access.u.2`.
fn policy_names(kind: &str, names: &[String]) -> String {
    if kind == "managed" { format!("managed {}", names.join(", ")) } else { names.join(", ") }
}

fn size_of(kind: &str, size: usize, budget: usize) -> String {
    if kind == "managed" {
        format!("{} of {} characters (the largest managed policy)", thousands(size), thousands(budget))
    } else {
        format!("{} of {} characters for all of the user's inline policies", thousands(size), thousands(budget))
    }
}

/// setup's report: the user and key, the policy, and verify's answers.
#[derive(Debug, Serialize)]
pub struct SetupReport {
    #[serde(flatten)]
    pub user: UserReport,
    pub policy_name: String,
    /// inline | managed
    pub policy_type: &'static str,
    /// The managed policies' names, in order (for inline: the policy's name).
    pub policies: Vec<String>,
    pub policy_size: usize,
    pub aggregate_size: usize,
    pub budget: usize,
    pub policy_change: &'static str,
    pub verify: Option<VerifyReport>,
    #[serde(skip)]
    pub table: Option<String>,
}

impl Report for SetupReport {
    fn text(&self) -> String {
        let mut lines = self.user.lines();
        lines.insert(
            2,
            format!(
                "policy        {} ({}, {} of {} characters)",
                policy_names(self.policy_type, &self.policies),
                self.policy_change,
                thousands(self.aggregate_size),
                thousands(self.budget)
            ),
        );
        let mut text = lines.join("\n");
        text.push('\n');
        if let Some(table) = &self.table {
            text.push('\n');
            text.push_str(table);
        }
        text
    }
}

impl Report for VerifyReport {
    fn text(&self) -> String {
        self.table.clone()
    }
}

/// make-policy's JSON: the document and its size against the budget; for managed policies, each.
#[derive(Debug, Serialize)]
pub struct PolicyReport {
    /// inline | managed
    pub policy_type: &'static str,
    /// The (first) document.
    pub policy: serde_json::Value,
    pub size: usize,
    pub budget: usize,
    /// Managed: every policy, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<PolicyPartJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// Managed, split: every file written, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<PathBuf>,
    #[serde(skip)]
    pub pretty: String,
}

#[derive(Debug, Serialize)]
pub struct PolicyPartJson {
    pub name: String,
    pub size: usize,
    pub policy: serde_json::Value,
}

/// make-policy --format cloudformation|terraform.
#[derive(Debug, Serialize)]
pub struct TemplateReport {
    pub format: &'static str,
    pub template: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
}

impl Report for TemplateReport {
    fn text(&self) -> String {
        self.template.clone()
    }
}

impl Report for PolicyReport {
    fn text(&self) -> String {
        self.pretty.clone()
    }
}

/// `keys show`.
#[derive(Debug, Serialize)]
pub struct KeyShown {
    pub user_name: String,
    pub account_id: String,
    pub access_key_id: String,
    pub created: String,
    pub stored_in: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<Secret>,
}

impl Report for KeyShown {
    fn text(&self) -> String {
        let secret = self.secret_access_key.as_ref().map_or("(hidden: add --reveal)", Secret::expose);
        format!(
            "user          {}\naccount       {}\naccess key    {}\nsecret key    {secret}\ncreated       {}\nstored in     {}\n",
            self.user_name, self.account_id, self.access_key_id, self.created, self.stored_in
        )
    }
}

/// `keys delete`: text goes to stderr as it happens, so the text form is empty.
#[derive(Debug, Serialize)]
pub struct KeyDeleted {
    pub user_name: String,
    pub account_id: String,
    pub deleted: bool,
    pub access_key_id: Option<String>,
}

impl Report for KeyDeleted {
    fn text(&self) -> String {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    //! Each report's JSON, snapshotted: its field names and shapes are the `--output json` contract
    //! scripts rely on (README), so any change to them shows up as a reviewed diff.

    use std::path::PathBuf;
    use std::time::Duration;

    use super::plan::PlanReport;
    use super::verify::{BucketReport, CheckResult, Verification};
    use super::*;
    use crate::domain::names::{PolicyName, UserName};
    use crate::domain::plan::{Change, KeyPlace, NewUser, Note, PolicyFacts, PolicyPart, Step, UserOutcome};
    use crate::domain::policy::{Access, INLINE_BUDGET, Partition, PolicyType};
    use crate::domain::verify::{Check, Outcome};

    const POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n";

    fn json(report: &impl Serialize) -> String {
        serde_json::to_string_pretty(report).unwrap()
    }

    fn identity() -> Identity {
        Identity {
            account_id: "123456789012".to_owned(),
            arn: "arn:aws:iam::123456789012:user/admin".to_owned(),
            partition: Partition::Aws,
        }
    }

    fn key() -> StoredKey {
        StoredKey::new(
            "AKIAIOSFODNN7EXAMPLE".to_owned(),
            Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned()),
            "iam_pixelshift".to_owned(),
            "123456789012".to_owned(),
            "2026-11-29T10:00:00Z".to_owned(),
        )
    }

    fn plan(steps: Vec<Step>, change: Change) -> Plan {
        Plan {
            user: UserName::parse("iam_pixelshift").unwrap(),
            steps,
            user_outcome: UserOutcome::Created,
            reused_key: None,
            policy: Some(PolicyFacts {
                name: PolicyName::parse("pixelshift_access").unwrap(),
                kind: PolicyType::Inline,
                parts: vec![PolicyPart {
                    name: "pixelshift_access".to_owned(),
                    arn: None,
                    document: POLICY.to_owned(),
                    size: 39,
                    change,
                }],
                others: vec![("legacy".to_owned(), 120)],
                attached_others: Vec::new(),
                removed: Vec::new(),
            }),
            notes: vec![Note::VolatileKeyring],
        }
    }

    fn user_report(show_secret: bool) -> UserReport {
        let placement = Placement {
            keyring: Some(Backend::SecretService),
            file: Some(PathBuf::from("/home/u/.config/pixelshift-aws/keys/k.json")),
            printed: false,
        };
        let plan = plan(Vec::new(), Change::Created);
        UserReport::new(
            &identity(),
            &plan,
            "arn:aws:iam::123456789012:user/iam_pixelshift",
            (&key(), true, &placement),
            show_secret,
        )
    }

    fn verification() -> Verification {
        let check = |check: Check, outcome| CheckResult { check, expected: check.expected(Access::ReadWrite), outcome };
        Verification {
            never_valid: None,
            reports: vec![BucketReport {
                bucket: "photos".to_owned(),
                region: Some("eu-west-1".to_owned()),
                missing: None,
                granted: Some(true),
                checks: vec![
                    check(Check::List, Outcome::Allowed),
                    check(Check::Read, Outcome::Allowed),
                    check(Check::Write, Outcome::Denied("AccessDenied".to_owned())),
                    check(Check::Delete, Outcome::Allowed),
                ],
            }],
            waited: Duration::from_millis(1_234),
            access: Access::ReadWrite,
            prefix: None,
            policy: None,
        }
    }

    #[test]
    fn create_user_json() {
        insta::assert_snapshot!(json(&user_report(false)));
        let shown = json(&user_report(true));
        assert!(shown.contains("\"secret_access_key\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\""), "{shown}");
    }

    #[test]
    fn setup_json() {
        let verify = verification().report("iam_pixelshift", "AKIAIOSFODNN7EXAMPLE");
        let report = SetupReport {
            user: user_report(false),
            policy_name: "pixelshift_access".to_owned(),
            policy_type: "inline",
            policies: vec!["pixelshift_access".to_owned()],
            policy_size: 39,
            aggregate_size: 159,
            budget: INLINE_BUDGET,
            policy_change: "created",
            table: Some(verify.table.clone()),
            verify: Some(verify),
        };
        insta::assert_snapshot!(json(&report));
    }

    #[test]
    fn attach_policy_json() {
        let report = AttachReport {
            account_id: "123456789012".to_owned(),
            user_name: "iam_pixelshift".to_owned(),
            user_arn: "arn:aws:iam::123456789012:user/iam_pixelshift".to_owned(),
            policy_name: "pixelshift_access".to_owned(),
            policy_type: "inline",
            policies: vec!["pixelshift_access".to_owned()],
            change: "replaced",
            size: 39,
            aggregate_size: 159,
            budget: INLINE_BUDGET,
        };
        insta::assert_snapshot!(json(&report));
    }

    #[test]
    fn dry_run_json() {
        let steps = vec![
            Step::CreateUser(NewUser {
                tags: vec![("managed-by".into(), "pixelshift-aws".into())],
                permissions_boundary: None,
            }),
            Step::CreateAccessKey { store: vec![KeyPlace::Keyring, KeyPlace::File(PathBuf::from("/k.json"))] },
            Step::PutUserPolicy {
                replaces: Some("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Old\"}]}".to_owned()),
            },
            Step::Verify,
        ];
        let current = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Old\"}]}".to_owned();
        let report = PlanReport::new(&plan(steps, Change::Replaced { current }), "123456789012", true);
        insta::assert_snapshot!(json(&report));
    }

    #[test]
    fn keys_json() {
        let shown = KeyShown {
            user_name: "iam_pixelshift".to_owned(),
            account_id: "123456789012".to_owned(),
            access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
            created: "2026-11-29T10:00:00Z".to_owned(),
            stored_in: "Secret Service".to_owned(),
            secret_access_key: None,
        };
        let deleted = KeyDeleted {
            user_name: "iam_pixelshift".to_owned(),
            account_id: "123456789012".to_owned(),
            deleted: true,
            access_key_id: Some("AKIAIOSFODNN7EXAMPLE".to_owned()),
        };
        insta::assert_snapshot!(format!("{}\n{}", json(&shown), json(&deleted)));
    }

    #[test]
    fn status_and_list_json() {
        use super::status::{
            FindingJson, KeyJson, ListReport, ListedUser, PolicyJson, StatusReport, StoredJson, UserJson,
        };
        let status = StatusReport {
            account_id: "123456789012".to_owned(),
            user_name: "iam_pixelshift".to_owned(),
            exists: true,
            user: Some(UserJson {
                arn: "arn:aws:iam::123456789012:user/iam_pixelshift".to_owned(),
                managed: true,
                tags: vec![("managed-by".to_owned(), "pixelshift-aws".to_owned())],
                permissions_boundary: None,
                console_password: false,
            }),
            keys: vec![KeyJson {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
                status: "active",
                created: "2026-11-29T10:00:00Z".to_owned(),
                age_days: Some(120),
                last_used: None,
                stored_in: vec!["keyring"],
                role: Some("current"),
            }],
            stored: Some(StoredJson {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
                stored_in: "Secret Service".to_owned(),
                authenticates: Some(true),
                active_in_iam: true,
            }),
            policies: vec![PolicyJson {
                name: "pixelshift_access".to_owned(),
                kind: "inline",
                group: None,
                arn: None,
                grants: vec!["s3:GetObject on arn:aws:s3:::photos/*".to_owned()],
            }],
            inline_size: 387,
            budget: INLINE_BUDGET,
            findings: vec![FindingJson {
                code: "key-too-old",
                message: "access key AKIAIOSFODNN7EXAMPLE is 120 days old (the limit is 90)".to_owned(),
                fix: "pixelshift-aws rotate-keys --user-name iam_pixelshift".to_owned(),
            }],
            notes: vec![FindingJson {
                code: "key-in-use-elsewhere",
                message: "access key AKIAI44QH8DHBEXAMPLE is stored nowhere here, and IAM shows it in use (last used \
                          2026-11-29T10:00:00Z through s3): in use elsewhere"
                    .to_owned(),
                fix: "if that is Pixelshift (or another machine of yours), nothing to do".to_owned(),
            }],
            result: "action-needed",
        };
        let list = ListReport {
            account_id: "123456789012".to_owned(),
            users: vec![ListedUser {
                user_name: "iam_pixelshift".to_owned(),
                arn: "arn:aws:iam::123456789012:user/iam_pixelshift".to_owned(),
                keys: 1,
                oldest_key_days: Some(120),
                stored_here: true,
                buckets: vec!["photos".to_owned()],
                last_used: None,
            }],
        };
        insta::assert_snapshot!(format!("{}\n{}", json(&status), json(&list)));
    }

    #[test]
    fn lifecycle_json() {
        use super::lifecycle::LifecycleReport;
        use crate::domain::lifecycle::{KeyGoes, LocalCopy, Step};
        let steps = [
            Step::DeactivateAccessKey("AKIAOLD".to_owned()),
            Step::DeleteAccessKey { id: "AKIAOLD".to_owned(), why: KeyGoes::Rotated },
            Step::Forget(LocalCopy::Keyring { previous: true }),
        ];
        let mut report = LifecycleReport::new("123456789012", "iam_pixelshift", false, &steps);
        report.plan[0].done = true;
        report.plan[1].done = true;
        report.access_key_id = Some("AKIAIOSFODNN7EXAMPLE".to_owned());
        report.previous_access_key_id = Some("AKIAOLD".to_owned());
        insta::assert_snapshot!(json(&report));
    }
}
