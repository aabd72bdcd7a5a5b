//! Unit tests for the status findings and for judging a policy document read back from IAM.

use super::*;
use crate::domain::names::BucketName;
use crate::domain::policy::{Access, PolicyChoice, Scope, same_document};

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
        kms_keys: Vec::new(),
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
        ["key-stored-nowhere", "key-too-old", "policy-hand-edited", "more-access", "more-access", "console-password"],
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
    assert_eq!(judge(&same, Partition::Aws), Judged { as_written: true, expected: same.clone(), grants_more: false });
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
    user.policies = vec![managed("pixelshift_access.u", &["photos"]), managed("pixelshift_access.u.2", &["thumbs"])];
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
