//! After setup: the plans for rotating a user's key without downtime and for removing everything
//! this tool set up. Pure, like `plan`: what `--dry-run` prints is what runs, and every refusal is
//! found before the first write.

use std::path::PathBuf;

use super::iam::{AccessKeyInfo, LastUsed};

/// A copy of a user's key pair on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalCopy {
    /// The keyring entry: the current pair, or the previous one kept during a rotation.
    Keyring {
        previous: bool,
    },
    File(PathBuf),
}

/// What teardown found of a user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeardownUser {
    pub managed: bool,
    pub keys: Vec<String>,
    pub inline_policies: Vec<String>,
    /// ARNs of the managed policies attached to it.
    pub attached: Vec<String>,
    pub groups: Vec<String>,
    pub console_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeardownStep {
    DeleteAccessKey(String),
    DeleteUserPolicy(String),
    DetachUserPolicy(String),
    /// A managed policy this tool made for the user (by ARN), with its old versions.
    DeletePolicy(String),
    LeaveGroup(String),
    DeleteLoginProfile,
    DeleteUser,
    Forget(LocalCopy),
}

impl TeardownStep {
    #[must_use]
    pub fn action(&self) -> &'static str {
        match self {
            TeardownStep::DeleteAccessKey(_) => "iam:DeleteAccessKey",
            TeardownStep::DeleteUserPolicy(_) => "iam:DeleteUserPolicy",
            TeardownStep::DetachUserPolicy(_) => "iam:DetachUserPolicy",
            TeardownStep::DeletePolicy(_) => "iam:DeletePolicy",
            TeardownStep::LeaveGroup(_) => "iam:RemoveUserFromGroup",
            TeardownStep::DeleteLoginProfile => "iam:DeleteLoginProfile",
            TeardownStep::DeleteUser => "iam:DeleteUser",
            TeardownStep::Forget(LocalCopy::Keyring { .. }) => "keyring:Delete",
            TeardownStep::Forget(LocalCopy::File(_)) => "file:Delete",
        }
    }
}

/// Everything to remove, in the order IAM requires (a user with keys, policies, groups or a console
/// password cannot be deleted), then the managed policies this tool made for it (`owned`: ARNs,
/// attached to nothing else), then the copies here. A user already gone leaves its owned policies
/// and the local copies: a half-finished teardown resumes. A user this tool did not create is never
/// touched.
pub fn teardown(
    user: Option<&TeardownUser>,
    owned: &[String],
    local: &[LocalCopy],
) -> Result<Vec<TeardownStep>, Refusal> {
    let mut steps = Vec::new();
    if let Some(user) = user {
        if !user.managed {
            return Err(Refusal::Unmanaged);
        }
        steps.extend(user.keys.iter().cloned().map(TeardownStep::DeleteAccessKey));
        steps.extend(user.inline_policies.iter().cloned().map(TeardownStep::DeleteUserPolicy));
        steps.extend(user.attached.iter().cloned().map(TeardownStep::DetachUserPolicy));
        steps.extend(user.groups.iter().cloned().map(TeardownStep::LeaveGroup));
        if user.console_password {
            steps.push(TeardownStep::DeleteLoginProfile);
        }
        steps.push(TeardownStep::DeleteUser);
    }
    steps.extend(owned.iter().cloned().map(TeardownStep::DeletePolicy));
    steps.extend(local.iter().cloned().map(TeardownStep::Forget));
    Ok(steps)
}

/// Why a lifecycle plan cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Unmanaged,
    NoSuchUser,
    /// No key is stored here to rotate from.
    NothingStored,
    /// A rotation is waiting for `--finish` (the previous pair is still kept).
    InProgress {
        previous: String,
    },
    /// Two keys, and neither may be deleted: both stored here, or the other one active.
    KeyLimit(Vec<AccessKeyInfo>),
    /// `--finish` without a rotation in progress.
    NotRotating,
    /// The old key was used after the new one was made: something still uses it.
    StillUsed {
        id: String,
        last_used: LastUsed,
    },
}

/// What rotate-keys found of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotateInput {
    pub managed: bool,
    pub keys: Vec<AccessKeyInfo>,
    /// The key stored here as the current pair.
    pub current: Option<String>,
    /// The previous pair kept from a rotation not yet finished.
    pub previous: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RotateStep {
    /// At IAM's two-key limit: delete an inactive key that is stored nowhere (asked first).
    DeleteUnusedKey(String),
    CreateAccessKey,
    /// Store the new pair as current and keep the old one as the previous pair.
    StoreRotated,
    /// Prove the new key works; if it does not, it is deleted and the old pair stays current.
    Verify,
}

impl RotateStep {
    #[must_use]
    pub fn action(&self) -> &'static str {
        match self {
            RotateStep::DeleteUnusedKey(_) => "iam:DeleteAccessKey",
            RotateStep::CreateAccessKey => "iam:CreateAccessKey",
            RotateStep::StoreRotated => "keyring:Store",
            RotateStep::Verify => "verify",
        }
    }
}

/// Phase one of a rotation: a new key next to the old one, both working until `--finish`.
pub fn rotate(input: &RotateInput, verify: bool) -> Result<Vec<RotateStep>, Refusal> {
    if !input.managed {
        return Err(Refusal::Unmanaged);
    }
    if let Some(previous) = &input.previous {
        return Err(Refusal::InProgress { previous: previous.clone() });
    }
    let Some(current) = &input.current else { return Err(Refusal::NothingStored) };
    let mut steps = Vec::new();
    if input.keys.len() >= 2 {
        let unused = input.keys.iter().find(|k| !k.active && k.id != *current);
        match unused {
            Some(key) => steps.push(RotateStep::DeleteUnusedKey(key.id.clone())),
            None => return Err(Refusal::KeyLimit(input.keys.clone())),
        }
    }
    steps.extend([RotateStep::CreateAccessKey, RotateStep::StoreRotated]);
    if verify {
        steps.push(RotateStep::Verify);
    }
    Ok(steps)
}

/// What `rotate-keys --finish` found: the old (previous) key and the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishInput {
    /// The previous pair's key id, if a rotation is in progress.
    pub previous: Option<String>,
    /// The old key as IAM lists it (`None`: already deleted).
    pub old: Option<AccessKeyInfo>,
    pub old_last_used: Option<LastUsed>,
    /// When the new (current) key was created, seconds since the Unix epoch.
    pub new_created: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishStep {
    /// Stop the old key at once (reversible), before deleting it.
    Deactivate(String),
    Delete(String),
    /// Remove the previous pair from the keyring and key file.
    ForgetPrevious,
}

impl FinishStep {
    #[must_use]
    pub fn action(&self) -> &'static str {
        match self {
            FinishStep::Deactivate(_) => "iam:UpdateAccessKey",
            FinishStep::Delete(_) => "iam:DeleteAccessKey",
            FinishStep::ForgetPrevious => "keyring:Delete",
        }
    }
}

/// Phase two: once the dashboard uses the new key, the old one goes — unless it was used after the
/// new one was made (something still uses it; `force` overrides).
pub fn finish(input: &FinishInput, force: bool, keep_old: bool) -> Result<Vec<FinishStep>, Refusal> {
    let Some(previous) = &input.previous else { return Err(Refusal::NotRotating) };
    let mut steps = Vec::new();
    if let Some(old) = &input.old {
        if let (Some(used), Some(created)) = (&input.old_last_used, input.new_created)
            && used.at > created
            && !force
        {
            return Err(Refusal::StillUsed { id: previous.clone(), last_used: used.clone() });
        }
        if old.active {
            steps.push(FinishStep::Deactivate(previous.clone()));
        }
        if !keep_old {
            steps.push(FinishStep::Delete(previous.clone()));
        }
    }
    steps.push(FinishStep::ForgetPrevious);
    Ok(steps)
}

#[cfg(test)]
mod tests {
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
            attached: vec!["arn:aws:iam::aws:policy/X".into()],
            groups: vec!["g".into()],
            console_password: true,
        };
        let local = [LocalCopy::Keyring { previous: false }, LocalCopy::File("/k.json".into())];
        let owned = ["arn:aws:iam::1:policy/pixelshift-aws/pixelshift_access.u".to_owned()];
        let actions: Vec<&str> =
            teardown(Some(&user), &owned, &local).unwrap().iter().map(TeardownStep::action).collect();
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
        assert_eq!(teardown(Some(&TeardownUser::default()), &owned, &local), Err(Refusal::Unmanaged));
        assert_eq!(teardown(None, &[], &[]).unwrap(), [], "a finished teardown is a no-op");
        assert_eq!(
            teardown(None, &owned, &[]).unwrap(),
            [TeardownStep::DeletePolicy(owned[0].clone())],
            "a policy left behind by a stopped teardown is still removed"
        );
    }

    #[test]
    fn rotation_makes_room_only_with_a_key_nobody_can_be_using() {
        let input =
            RotateInput { managed: true, keys: vec![key("A", true)], current: Some("A".into()), previous: None };
        assert_eq!(
            rotate(&input, true).unwrap(),
            [RotateStep::CreateAccessKey, RotateStep::StoreRotated, RotateStep::Verify]
        );
        let full = RotateInput { keys: vec![key("A", true), key("B", false)], ..input.clone() };
        assert_eq!(rotate(&full, false).unwrap()[0], RotateStep::DeleteUnusedKey("B".into()));
        let busy = RotateInput { keys: vec![key("A", true), key("B", true)], ..input.clone() };
        assert!(matches!(rotate(&busy, false), Err(Refusal::KeyLimit(_))));
        let started = RotateInput { previous: Some("Z".into()), ..input.clone() };
        assert_eq!(rotate(&started, false), Err(Refusal::InProgress { previous: "Z".into() }));
        assert_eq!(rotate(&RotateInput { current: None, ..input }, false), Err(Refusal::NothingStored));
    }

    #[test]
    fn finishing_refuses_while_the_old_key_is_still_used() {
        let used = |at| LastUsed { at, service: "s3".into(), region: "us-east-1".into() };
        let input = FinishInput {
            previous: Some("OLD".into()),
            old: Some(key("OLD", true)),
            old_last_used: Some(used(50)),
            new_created: Some(100),
        };
        assert_eq!(
            finish(&input, false, false).unwrap(),
            [FinishStep::Deactivate("OLD".into()), FinishStep::Delete("OLD".into()), FinishStep::ForgetPrevious]
        );
        assert_eq!(
            finish(&input, false, true).unwrap(),
            [FinishStep::Deactivate("OLD".into()), FinishStep::ForgetPrevious]
        );
        let still = FinishInput { old_last_used: Some(used(150)), ..input.clone() };
        assert!(matches!(finish(&still, false, false), Err(Refusal::StillUsed { .. })));
        assert_eq!(finish(&still, true, false).unwrap().len(), 3, "--force");
        assert_eq!(finish(&FinishInput { previous: None, ..input }, false, false), Err(Refusal::NotRotating));
    }
}
