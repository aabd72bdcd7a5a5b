//! Sample values the reports' snapshot tests share: one account, one user, one key, one plan.

use std::path::PathBuf;

use serde::Serialize;

use super::create_user::UserReport;
use crate::aws::Identity;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::plan::{Change, Note, Plan, PolicyFacts, PolicyPart, Step, UserOutcome};
use crate::domain::policy::{Partition, PolicyType};
use crate::secrets::{Backend, Placement, Secret, StoredKey};

const POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n";

pub(super) fn json(report: &impl Serialize) -> String {
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

pub(super) fn plan(steps: Vec<Step>, change: Change) -> Plan {
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

pub(super) fn user_report(show_secret: bool) -> UserReport {
    let placement = Placement {
        keyring: Some(Backend::SecretService),
        file: Some(PathBuf::from("/home/u/.config/pixelshift-aws/keys/k.json")),
        printed: false,
        missing: None,
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
