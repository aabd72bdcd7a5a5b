//! setup's report: the user and key, the policy, and verify's answers.

use serde::Serialize;

use super::create_user::UserReport;
use super::verify::VerifyReport;
use super::{Report, policy_names};
use crate::domain::thousands;

/// setup's report: the user and key, the policy, and verify's answers.
#[derive(Debug, Serialize)]
pub(crate) struct SetupReport {
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

    fn columns(&self) -> Vec<(&'static str, String)> {
        let verify = self.verify.as_ref().map_or("skipped", |v| v.result);
        vec![
            ("user", format!("{} ({})", self.user.user_name, self.user.user)),
            ("key", format!("{} ({})", self.user.access_key_id, self.user.key)),
            ("policy", self.policy_change.to_owned()),
            ("verify", verify.to_owned()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::SetupReport;
    use crate::domain::policy::{Access, INLINE_BUDGET};
    use crate::domain::verify::{Check, Outcome};
    use crate::report::fixtures::{json, user_report};
    use crate::report::verify::{BucketReport, CheckResult, Verification};

    fn verification() -> Verification {
        let check = |check: Check, outcome| CheckResult { check, expected: check.expected(Access::ReadWrite), outcome };
        Verification {
            explained: Vec::new(),
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
}
