use super::*;

fn key(id: &str, active: bool) -> AccessKeyInfo {
    AccessKeyInfo { id: id.to_owned(), active, created: String::new(), created_epoch: Some(100) }
}

#[test]
fn teardown_removes_what_blocks_deleting_the_user_first() {
    let user = TeardownUser {
        managed: true,
        keys: vec!["A".into()],
        inline_policies: vec!["pixelshift_access".into()],
        our_inline: vec!["pixelshift_access".into()],
        attached: vec!["arn:aws:iam::aws:policy/X".into()],
        groups: vec!["g".into()],
        console_password: true,
        adopted: None,
        adopted_path: None,
    };
    let local = [LocalCopy::Keyring { previous: false }, LocalCopy::File("/k.json".into())];
    let owned = ["arn:aws:iam::1:policy/pixelshift-aws/pixelshift_access.u".to_owned()];
    let plan = teardown(Some(&user), &owned, &local, false).unwrap();
    let actions: Vec<&str> = plan.steps.iter().map(Step::action).collect();
    assert_eq!(
        actions,
        [
            "iam:DeleteAccessKey",
            "iam:DeleteUserPolicy",
            "iam:DetachUserPolicy",
            "iam:RemoveUserFromGroup",
            "iam:DeleteLoginProfile",
            "iam:DeleteUser",
            "iam:DeletePolicy",
            "keyring:Delete",
            "file:Delete"
        ]
    );
    assert!(plan.kept.is_empty());
    assert_eq!(teardown(Some(&TeardownUser::default()), &owned, &local, false), Err(Refusal::Unmanaged));
    assert_eq!(teardown(None, &[], &[], false).unwrap().steps, [], "a finished teardown is a no-op");
    assert_eq!(
        teardown(None, &owned, &[], false).unwrap().steps,
        [Step::DeletePolicy(owned[0].clone())],
        "a policy left behind by a stopped teardown is still removed"
    );
}

#[test]
fn teardown_of_an_adopted_user_leaves_what_adoption_found() {
    let owned = "arn:aws:iam::1:policy/pixelshift-aws/pixelshift_access.u".to_owned();
    let user = TeardownUser {
        managed: true,
        adopted: Some(vec!["THEIRS".into()]),
        adopted_path: Some("/team/".into()),
        keys: vec!["THEIRS".into(), "OURS".into()],
        inline_policies: vec!["theirs".into(), "pixelshift_access".into()],
        our_inline: vec!["pixelshift_access".into()],
        attached: vec!["arn:aws:iam::aws:policy/ReadOnlyAccess".into(), owned.clone()],
        groups: vec!["devs".into()],
        console_password: true,
    };
    let plan = teardown(Some(&user), std::slice::from_ref(&owned), &[], false).unwrap();
    assert_eq!(
        plan.steps,
        [
            Step::DeleteAccessKey { id: "OURS".into(), why: KeyGoes::Teardown },
            Step::DeleteUserPolicy { name: "pixelshift_access".into() },
            Step::DetachUserPolicy(owned.clone()),
            Step::ReleaseUser { path: Some("/team/".into()) },
            Step::DeletePolicy(owned.clone()),
        ]
    );
    assert_eq!(
        plan.kept,
        [
            "access key THEIRS",
            "inline policy theirs",
            "attached policy arn:aws:iam::aws:policy/ReadOnlyAccess",
            "group membership devs",
            "console password",
            "the user itself"
        ]
    );
    let all = teardown(Some(&user), std::slice::from_ref(&owned), &[], true).unwrap();
    assert!(all.steps.contains(&Step::DeleteUser) && all.kept.is_empty(), "--all removes everything");
}

#[test]
fn rotation_makes_room_only_with_a_key_nobody_can_be_using() {
    let input = RotateInput {
        managed: true,
        keys: vec![key("A", true)],
        current: Some("A".into()),
        previous: None,
        orphans: Vec::new(),
    };
    assert_eq!(
        rotate(&input, true).unwrap(),
        [Step::CreateAccessKey { store: Vec::new(), fallback: None }, Step::StoreRotated, Step::Verify]
    );
    let full = RotateInput { keys: vec![key("A", true), key("B", false)], ..input.clone() };
    assert_eq!(rotate(&full, false).unwrap()[0], Step::DeleteAccessKey { id: "B".into(), why: KeyGoes::Unused });
    let busy = RotateInput { keys: vec![key("A", true), key("B", true)], ..input.clone() };
    assert!(matches!(rotate(&busy, false), Err(Refusal::KeyLimit(_))));
    // A crashed rotation's unstored key (its intent says so) goes first and leaves room.
    let crashed = RotateInput { orphans: vec!["B".into()], ..busy.clone() };
    assert_eq!(
        rotate(&crashed, false).unwrap(),
        [
            Step::DeleteAccessKey { id: "B".into(), why: KeyGoes::Orphan },
            Step::CreateAccessKey { store: Vec::new(), fallback: None },
            Step::StoreRotated
        ]
    );
    let started = RotateInput { previous: Some("Z".into()), ..input.clone() };
    assert_eq!(rotate(&started, false), Err(Refusal::InProgress { previous: "Z".into() }));
    assert_eq!(rotate(&RotateInput { current: None, ..input }, false), Err(Refusal::NothingStored));
}

fn used(at: i64, service: &str) -> LastUsed {
    LastUsed { at, service: service.into(), region: "us-east-1".into() }
}

fn finishing(old_used: Option<i64>, new_used: Option<(i64, &str)>, tool_used: Option<i64>) -> FinishInput {
    FinishInput {
        previous: Some("OLD".into()),
        old: Some(key("OLD", true)),
        usage: Usage {
            old_id: "OLD".into(),
            old_last_used: old_used.map(|at| used(at, "s3")),
            new_id: Some("NEW".into()),
            new_last_used: new_used.map(|(at, service)| used(at, service)),
            tool_used,
        },
        copies: vec![LocalCopy::Keyring { previous: true }],
        new_ready: true,
    }
}

#[test]
fn finishing_waits_for_the_dashboard_to_use_the_new_key() {
    // Between the phases the dashboard still uses the old key; the new one was used only by
    // phase one's own probes (until 200).
    let waiting = finishing(Some(250), Some((190, "s3")), Some(200));
    assert!(matches!(finish(&waiting, false, false), Err(Refusal::NotSwitched(_))));
    // The dashboard switched: the new key used through S3 after the probes, later than the old.
    let switched = finishing(Some(250), Some((300, "s3")), Some(200));
    let forget = Step::Forget(LocalCopy::Keyring { previous: true });
    assert_eq!(
        finish(&switched, false, false).unwrap(),
        [
            Step::DeactivateAccessKey("OLD".into()),
            Step::DeleteAccessKey { id: "OLD".into(), why: KeyGoes::Rotated },
            forget.clone()
        ]
    );
    assert_eq!(
        finish(&switched, false, true).unwrap(),
        [Step::DeactivateAccessKey("OLD".into()), forget],
        "--keep-old"
    );
    let never_used_old = finishing(None, Some((300, "s3")), Some(200));
    assert!(finish(&never_used_old, false, false).is_ok());
}

#[test]
fn the_tools_own_uses_are_not_the_dashboards() {
    let by_status = finishing(Some(250), Some((300, "sts")), Some(200));
    assert!(matches!(finish(&by_status, false, false), Err(Refusal::NotSwitched(_))), "status checks via STS");
    let old_still_later = finishing(Some(310), Some((300, "s3")), Some(200));
    assert!(matches!(finish(&old_still_later, false, false), Err(Refusal::NotSwitched(_))));
    let unrecorded = finishing(Some(250), Some((300, "s3")), None);
    assert!(
        matches!(finish(&unrecorded, false, false), Err(Refusal::NotSwitched(_))),
        "no record of the tool's own use: cannot tell"
    );
    let unused = finishing(Some(250), None, Some(200));
    assert!(matches!(finish(&unused, false, false), Err(Refusal::NotSwitched(_))));
    assert_eq!(finish(&unused, true, false).unwrap().len(), 3, "--force");
    let unstored = FinishInput { new_ready: false, ..finishing(Some(250), Some((300, "s3")), Some(200)) };
    assert_eq!(
        finish(&unstored, true, false),
        Err(Refusal::NewPairNotReady { old: "OLD".into(), new: Some("NEW".into()) }),
        "not even --force"
    );
    let gone = FinishInput { old: None, ..unused.clone() };
    assert_eq!(
        finish(&gone, false, false).unwrap(),
        [Step::Forget(LocalCopy::Keyring { previous: true })],
        "old key already deleted"
    );
    assert_eq!(finish(&FinishInput { previous: None, ..unused }, false, false), Err(Refusal::NotRotating));
}
