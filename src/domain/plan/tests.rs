//! Unit tests for the plan: observed state and wanted in, steps, notes and blockers out.

use std::path::PathBuf;

use super::*;
use crate::domain::iam::{AttachedPolicy, InlinePolicy, ManagedPart, PolicyVersion};
use crate::domain::policy::{Partition, PolicyType};

const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[]}"#;

fn key(id: &str, active: bool) -> AccessKeyInfo {
    AccessKeyInfo { id: id.to_owned(), active, created: String::new(), created_epoch: None }
}

fn user(managed: bool, keys: &[(&str, bool)]) -> ObservedUser {
    ObservedUser {
        managed,
        path: USER_PATH.to_owned(),
        keys: keys.iter().map(|(k, a)| key(k, *a)).collect(),
        ..ObservedUser::default()
    }
}

fn wanted() -> Wanted {
    Wanted {
        user: UserName::parse("u").unwrap(),
        create: Some(NewUser::default()),
        adopt: false,
        key: Some(KeyCopies::default()),
        policy: Some(WantedPolicy {
            name: PolicyName::parse("p").unwrap(),
            document: PolicySource::Text(POLICY.to_owned()),
            kind: None,
        }),
        verify: true,
    }
}

fn nothing() -> Observed {
    Observed {
        partition: Partition::Aws,
        user: None,
        stored_key: None,
        keyring: KeyringState::Usable { durable: true },
        default_key_file: None,
        orphans: Vec::new(),
        account_id: "123456789012".to_owned(),
        managed_parts: Vec::new(),
    }
}

#[test]
fn a_crashed_runs_orphan_is_deleted_first_and_frees_its_slot() {
    let observed = Observed {
        user: Some(user(true, &[("A", true), ("ORPHAN", true)])),
        orphans: vec!["ORPHAN".to_owned()],
        ..nothing()
    };
    let steps = plan(&observed, &Wanted { policy: None, verify: false, ..wanted() }).unwrap().steps;
    assert_eq!(steps[0], Step::DeleteAccessKey { id: "ORPHAN".to_owned(), why: KeyGoes::Orphan });
    assert!(matches!(steps[1], Step::CreateAccessKey { .. }), "the orphan's slot is free: {steps:?}");
}

fn stored(id: &str) -> StoredKeyRef {
    StoredKeyRef { id: id.to_owned(), in_keyring: true, file: None }
}

fn with_policy(mut user: ObservedUser, name: &str, document: &str) -> ObservedUser {
    user.inline_policies.push(InlinePolicy { name: name.to_owned(), document: document.to_owned() });
    user
}

#[test]
fn a_fresh_account_gets_everything() {
    let plan = plan(&nothing(), &wanted()).unwrap();
    assert_eq!(
        plan.steps,
        [
            Step::CreateUser(NewUser::default()),
            Step::CreateAccessKey { store: vec![KeyPlace::Keyring], fallback: None },
            Step::PutUserPolicy { replaces: None },
            Step::Verify
        ]
    );
    assert_eq!(plan.user_outcome, UserOutcome::Created);
    assert_eq!(plan.confirmation(), None);
    assert_eq!(plan.policy.unwrap().change(), "created");
}

#[test]
fn a_converged_account_gets_nothing_but_verify() {
    let observed = Observed {
        user: Some(with_policy(
            user(true, &[("AKIA1", true)]),
            "p",
            "{ \"Version\": \"2012-10-17\", \"Statement\": [] }",
        )),
        stored_key: Some(stored("AKIA1")),
        ..nothing()
    };
    let plan = plan(&observed, &wanted()).unwrap();
    assert_eq!(plan.steps, [Step::Verify]);
    assert!(plan.is_converged());
    assert_eq!(plan.reused_key.as_deref(), Some("AKIA1"));
    assert!(plan.notes.is_empty(), "{:?}", plan.notes);
}

#[test]
fn a_different_policy_is_replaced_and_needs_confirming_and_a_stale_key_renewed() {
    let current = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}"#;
    let observed = Observed {
        user: Some(with_policy(user(true, &[("AKIA1", false)]), "p", current)),
        stored_key: Some(stored("AKIA1")),
        ..nothing()
    };
    let plan = plan(&observed, &Wanted { verify: false, ..wanted() }).unwrap();
    assert_eq!(
        plan.steps,
        [
            Step::CreateAccessKey { store: vec![KeyPlace::Keyring], fallback: None },
            Step::PutUserPolicy { replaces: Some(current.to_owned()) }
        ]
    );
    assert_eq!(
        plan.confirmation(),
        Some(Confirmation::ReplacePolicy {
            user: UserName::parse("u").unwrap(),
            policy: PolicyName::parse("p").unwrap()
        })
    );
    assert!(plan.notes.contains(&Note::StoredKeyInactive("AKIA1".to_owned())));
}

#[test]
fn a_user_off_the_tools_path_is_moved_there_and_an_adopted_one_remembers_where_it_was() {
    let older = Observed { user: Some(ObservedUser { path: "/".into(), ..user(true, &[]) }), ..nothing() };
    let steps = plan(&older, &wanted()).unwrap().steps;
    assert_eq!(steps[0], Step::MoveUser { from: "/".into() });
    assert_eq!(steps[0].phase(), 0, "moved with the user's other steps, before the key and policy");

    let theirs = Observed { user: Some(ObservedUser { path: "/team/".into(), ..user(false, &[]) }), ..nothing() };
    let steps = plan(&theirs, &Wanted { adopt: true, ..wanted() }).unwrap().steps;
    assert_eq!(
        steps[..2],
        [
            Step::AdoptUser { found_keys: Vec::new(), found_path: Some("/team/".into()) },
            Step::MoveUser { from: "/team/".into() }
        ]
    );
    let home = Observed { user: Some(user(true, &[])), ..nothing() };
    assert!(plan(&home, &wanted()).unwrap().steps.iter().all(|s| !matches!(s, Step::MoveUser { .. })));
}

#[test]
fn blockers_are_found_without_writing() {
    let unmanaged = Observed { user: Some(user(false, &[])), ..nothing() };
    assert_eq!(plan(&unmanaged, &wanted()), Err(Blocker::Unmanaged));
    assert_eq!(
        plan(&unmanaged, &Wanted { adopt: true, ..wanted() }).unwrap().steps[0],
        Step::AdoptUser { found_keys: Vec::new(), found_path: None }
    );

    let full = Observed { user: Some(user(true, &[("A", true), ("B", false)])), ..nothing() };
    assert!(matches!(plan(&full, &wanted()), Err(Blocker::KeyLimit(keys)) if keys.len() == 2));

    let crowded = Observed { user: Some(with_policy(user(true, &[]), "other", &"x".repeat(2_040))), ..nothing() };
    assert!(
        matches!(plan(&crowded, &wanted()), Err(Blocker::OverBudget { size, others }) if size + others[0].1 > 2_048)
    );

    assert_eq!(plan(&nothing(), &Wanted { create: None, ..wanted() }), Err(Blocker::NoSuchUser));
    let no_keyring = Observed { keyring: KeyringState::Unusable, ..nothing() };
    assert_eq!(plan(&no_keyring, &wanted()), Err(Blocker::NoKeyStore));
}

#[test]
fn where_a_new_key_goes() {
    let file = PathBuf::from("/k.json");
    let default = PathBuf::from("/default.json");
    let copies = |file: Option<&PathBuf>| KeyCopies { file: file.cloned() };
    let placed = |keyring, file: Option<&PathBuf>| {
        let observed = Observed { keyring, default_key_file: Some(default.clone()), ..nothing() };
        let plan = plan(&observed, &Wanted { key: Some(copies(file)), policy: None, verify: false, ..wanted() });
        match &plan.unwrap().steps[1] {
            Step::CreateAccessKey { store, fallback } => (store.clone(), fallback.clone()),
            other => panic!("{other:?}"),
        }
    };
    let store_of = |keyring, file: Option<&PathBuf>| placed(keyring, file).0;
    let durable = KeyringState::Usable { durable: true };
    let volatile = KeyringState::Usable { durable: false };
    assert_eq!(store_of(durable, None), [KeyPlace::Keyring]);
    assert_eq!(store_of(durable, Some(&file)), [KeyPlace::Keyring, KeyPlace::File(file.clone())]);
    assert_eq!(store_of(volatile, None), [KeyPlace::Keyring, KeyPlace::File(default.clone())]);
    assert_eq!(store_of(KeyringState::Unusable, Some(&file)), [KeyPlace::File(file.clone())]);
    // The step carries where the pair goes if the keyring fails the write: apply decides nothing.
    assert_eq!(placed(durable, None).1, Some(default.clone()), "a keyring alone falls back to the default file");
    assert_eq!(placed(durable, Some(&file)).1, None, "a file copy is planned already");
    assert_eq!(placed(KeyringState::Unusable, Some(&file)).1, None, "no keyring to fail");
}

#[test]
fn a_reused_key_gets_its_missing_copies() {
    let in_file = StoredKeyRef { id: "A".to_owned(), in_keyring: false, file: Some(PathBuf::from("/k.json")) };
    let observed = Observed { user: Some(user(true, &[("A", true)])), stored_key: Some(in_file), ..nothing() };
    let copied = plan(&observed, &Wanted { policy: None, verify: false, ..wanted() }).unwrap();
    assert_eq!(copied.steps, [Step::CopyKey(KeyPlace::Keyring)]);

    let observed = Observed {
        user: Some(user(true, &[("A", true)])),
        stored_key: Some(stored("A")),
        keyring: KeyringState::Usable { durable: false },
        default_key_file: Some(PathBuf::from("/d.json")),
        ..nothing()
    };
    let plan = plan(&observed, &Wanted { policy: None, verify: false, ..wanted() }).unwrap();
    assert_eq!(plan.steps, [Step::CopyKey(KeyPlace::File(PathBuf::from("/d.json")))]);
}
const ARN: &str = "arn:aws:iam::123456789012:policy/pixelshift-aws/p.u";

fn managed_wanted(kind: Option<PolicyType>) -> Wanted {
    let mut wanted = Wanted { key: None, verify: false, create: None, ..wanted() };
    wanted.policy.as_mut().unwrap().kind = kind;
    wanted
}

fn attached(mut user: ObservedUser, name: &str, arn: &str) -> ObservedUser {
    user.attached_policies.push(AttachedPolicy { name: name.to_owned(), arn: arn.to_owned() });
    user
}

fn part(arn: &str, document: &str, versions: usize) -> ManagedPart {
    ManagedPart {
        name: arn.rsplit('/').next().unwrap().to_owned(),
        arn: arn.to_owned(),
        document: Some(document.to_owned()),
        default_version: format!("v{versions}"),
        versions: (1..=versions)
            .map(|n| PolicyVersion {
                id: format!("v{n}"),
                default: n == versions,
                created_epoch: Some(i64::try_from(n).unwrap()),
            })
            .collect(),
        attachments: 1,
    }
}

#[test]
fn managed_policies_are_created_then_attached_and_a_switch_removes_the_inline_one_last() {
    let observed = Observed { user: Some(with_policy(user(true, &[]), "p", POLICY)), ..nothing() };
    let plan = plan(&observed, &managed_wanted(Some(PolicyType::Managed))).unwrap();
    assert_eq!(
        plan.steps,
        [
            Step::CreatePolicy { name: "p.u".to_owned() },
            Step::AttachUserPolicy { name: "p.u".to_owned(), arn: ARN.to_owned() },
            Step::DeleteUserPolicy { name: "p".to_owned() },
        ]
    );
    let facts = plan.policy.as_ref().unwrap();
    assert_eq!(facts.change(), "switched");
    assert_eq!(facts.parts[0].arn.as_deref(), Some(ARN));
    assert_eq!(plan.confirmation(), None, "the same grant in another form needs no yes");
}

#[test]
fn without_a_type_the_user_keeps_what_it_has_and_inline_retires_the_managed_parts() {
    let user = attached(user(true, &[]), "p.u", ARN);
    let observed = Observed { user: Some(user), managed_parts: vec![part(ARN, POLICY, 1)], ..nothing() };
    let kept = plan(&observed, &managed_wanted(None)).unwrap();
    assert!(kept.steps.is_empty(), "converged as managed: {:?}", kept.steps);
    assert_eq!(kept.policy.unwrap().kind, PolicyType::Managed);

    let back = plan(&observed, &managed_wanted(Some(PolicyType::Inline))).unwrap();
    assert_eq!(
        back.steps,
        [
            Step::PutUserPolicy { replaces: None },
            Step::RetirePolicy { name: "p.u".to_owned(), arn: ARN.to_owned(), delete: true }
        ]
    );
    assert_eq!(back.policy.unwrap().change(), "switched");
}

#[test]
fn a_changed_document_becomes_a_new_version_and_the_oldest_goes_at_five() {
    let old = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"}]}"#;
    let user = attached(user(true, &[]), "p.u", ARN);
    let observed = Observed { user: Some(user), managed_parts: vec![part(ARN, old, 5)], ..nothing() };
    let plan = plan(&observed, &managed_wanted(None)).unwrap();
    assert_eq!(
        plan.steps,
        [Step::CreatePolicyVersion {
            name: "p.u".to_owned(),
            arn: ARN.to_owned(),
            prune: Some("v1".to_owned()),
            previous: "v5".to_owned()
        }]
    );
    assert!(plan.confirmation().is_some(), "what the user may do changes");

    let observed = Observed { managed_parts: vec![part(ARN, old, 3)], ..observed };
    let steps = super::plan(&observed, &managed_wanted(None)).unwrap().steps;
    assert_eq!(
        steps,
        [Step::CreatePolicyVersion {
            name: "p.u".to_owned(),
            arn: ARN.to_owned(),
            prune: None,
            previous: "v3".to_owned()
        }]
    );
}

#[test]
fn managed_refusals_come_before_any_write() {
    let mut crowded = user(true, &[]);
    for n in 0..10 {
        crowded = attached(crowded, &format!("other{n}"), &format!("arn:aws:iam::aws:policy/Other{n}"));
    }
    let observed = Observed { user: Some(crowded), ..nothing() };
    assert!(matches!(
        plan(&observed, &managed_wanted(Some(PolicyType::Managed))),
        Err(Blocker::ManagedQuota { needed: 1, others }) if others.len() == 10
    ));

    let mut taken = part(ARN, POLICY, 1);
    taken.attachments = 1;
    let observed = Observed { user: Some(user(true, &[])), managed_parts: vec![taken], ..nothing() };
    assert_eq!(
        plan(&observed, &managed_wanted(Some(PolicyType::Managed))),
        Err(Blocker::ManagedNameTaken { name: "p.u".to_owned() })
    );

    let huge = format!(r#"{{"Statement":[],"Pad":"{}"}}"#, "x".repeat(6_200));
    let mut wanted = managed_wanted(Some(PolicyType::Managed));
    wanted.policy.as_mut().unwrap().document = PolicySource::Text(huge);
    let observed = Observed { user: Some(user(true, &[])), ..nothing() };
    assert!(matches!(plan(&observed, &wanted), Err(Blocker::ManagedTooLarge { size }) if size > 6_144));
}

#[test]
fn a_leftover_unattached_part_is_reused_and_attached() {
    let mut leftover = part(ARN, POLICY, 1);
    leftover.attachments = 0;
    let observed = Observed { user: Some(user(true, &[])), managed_parts: vec![leftover], ..nothing() };
    let steps = plan(&observed, &managed_wanted(Some(PolicyType::Managed))).unwrap().steps;
    assert_eq!(steps, [Step::AttachUserPolicy { name: "p.u".to_owned(), arn: ARN.to_owned() }]);
}
