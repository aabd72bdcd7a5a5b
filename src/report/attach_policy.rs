//! attach-policy's report: the policy on the user, and its size against IAM's budget.

use serde::Serialize;

use super::{Report, policy_names};
use crate::domain::plan::{Plan, PolicyFacts};
use crate::domain::thousands;

/// The policy on the user: attach-policy's report.
#[derive(Debug, Serialize)]
pub(crate) struct AttachReport {
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
    pub(crate) fn new(account_id: &str, user_arn: &str, plan: &Plan, facts: &PolicyFacts) -> AttachReport {
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

fn size_of(kind: &str, size: usize, budget: usize) -> String {
    if kind == "managed" {
        format!("{} of {} characters (the largest managed policy)", thousands(size), thousands(budget))
    } else {
        format!("{} of {} characters for all of the user's inline policies", thousands(size), thousands(budget))
    }
}

#[cfg(test)]
mod tests {
    use super::AttachReport;
    use crate::domain::policy::INLINE_BUDGET;
    use crate::report::fixtures::json;

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
}
