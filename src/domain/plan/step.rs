//! The one step family of every command that changes AWS or this machine — setup, create-user,
//! attach-policy, rotate-keys (both phases) and teardown. Each step carries everything its one call
//! needs (the key id, the ARN, the version it replaces, where a new key goes and its fallback), so
//! apply decides nothing and `--dry-run` prints exactly what runs.

use std::path::PathBuf;

use super::wanted::{KeyPlace, NewUser};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `iam:CreateUser`, tagged, with the boundary if one was given.
    CreateUser(NewUser),
    /// `iam:TagUser managed-by=pixelshift-aws` on a user this tool did not create (`--adopt`), with
    /// the keys it has now recorded (`pixelshift-aws:adopted-keys`): teardown leaves those.
    /// `found_path`: the IAM path it had, when it is moved under `/pixelshift-aws/` (recorded too).
    AdoptUser {
        found_keys: Vec<String>,
        found_path: Option<String>,
    },
    /// `iam:UpdateUser --new-path /pixelshift-aws/` of a managed or adopted user found on another
    /// path (`from`), so `list` finds it without reading every user: its name, keys and policies
    /// stay, its ARN changes.
    MoveUser {
        from: String,
    },
    /// `iam:UntagUser` of the adoption tags: teardown of an adopted user gives it back as it was
    /// found instead of deleting it — first moved back to the path it had (`path`), if it was moved.
    ReleaseUser {
        path: Option<String>,
    },
    /// `iam:DeleteAccessKey`; `why` says why deleting it is safe.
    DeleteAccessKey {
        id: String,
        why: KeyGoes,
    },
    /// `iam:UpdateAccessKey … Inactive`: the old key stops at once (reversible), before it is deleted.
    DeactivateAccessKey(String),
    /// `iam:CreateAccessKey`, the pair stored at once in these places; `fallback` is the file it
    /// goes to if the keyring fails the write (and the pair is printed when nothing can keep it).
    /// A rotation's new key has no places here: [`Step::StoreRotated`] stores it.
    CreateAccessKey {
        store: Vec<KeyPlace>,
        fallback: Option<PathBuf>,
    },
    /// A reused key's missing copy: the keyring when only a file had it, a file when the keyring
    /// alone cannot keep it.
    CopyKey(KeyPlace),
    /// A rotation's new pair stored as current and the old one kept as the previous pair, in every
    /// place the current pair is kept.
    StoreRotated,
    /// Remove one copy of a pair from this machine.
    Forget(LocalCopy),
    /// `iam:PutUserPolicy`; `replaces` holds the document attached now, if any.
    PutUserPolicy {
        replaces: Option<String>,
    },
    /// `iam:CreatePolicy` under `/pixelshift-aws/`, tagged: the part's document as version v1.
    CreatePolicy {
        name: String,
    },
    /// `iam:CreatePolicyVersion` as the new default; at IAM's limit of five versions the oldest
    /// non-default one (`prune`) is deleted first. `previous`: the default version now, for a rollback.
    CreatePolicyVersion {
        name: String,
        arn: String,
        prune: Option<String>,
        previous: String,
    },
    /// `iam:AttachUserPolicy` of the policy `arn` (known before it exists: ARNs are by path and name).
    AttachUserPolicy {
        name: String,
        arn: String,
    },
    /// `iam:DeleteUserPolicy`: the inline policy a switch to managed policies replaces, or
    /// teardown's.
    DeleteUserPolicy {
        name: String,
    },
    /// `iam:DetachUserPolicy`, then `iam:DeletePolicy` (its old versions first) unless something
    /// else still has it attached: a managed policy a switch to inline, or fewer parts, leaves unused.
    RetirePolicy {
        name: String,
        arn: String,
        delete: bool,
    },
    /// `iam:DetachUserPolicy` of the policy with this ARN (teardown).
    DetachUserPolicy(String),
    /// `iam:DeletePolicy` (its old versions first): a managed policy made for the user, by ARN.
    DeletePolicy(String),
    /// `iam:RemoveUserFromGroup`.
    LeaveGroup(String),
    DeleteLoginProfile,
    DeleteUser,
    /// Probe each bucket with the user's own key (setup) or the new key (rotate-keys).
    Verify,
}

/// Why an access key may be deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyGoes {
    /// A crashed run created it and never stored it: its secret never left that run, so nothing
    /// can be using it.
    Orphan,
    /// Teardown: the user goes, and its keys with it.
    Teardown,
    /// At IAM's two-key limit: inactive and stored nowhere, so nothing can be using it.
    Unused,
    /// `--finish`: the rotation's old key, once the dashboard uses the new one.
    Rotated,
}

/// A copy of a user's key pair on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalCopy {
    /// The keyring entry: the current pair, or the previous one kept during a rotation.
    Keyring {
        previous: bool,
    },
    File(PathBuf),
}

impl Step {
    /// setup's phases: steps of a phase run together, each phase waits for the one before (the
    /// user must exist before it gets a key or a policy, and verify needs both). rotate-keys and
    /// teardown run their steps one after another, in plan order.
    #[must_use]
    pub fn phase(&self) -> u8 {
        match self {
            Step::CreateUser(_)
            | Step::AdoptUser { .. }
            | Step::MoveUser { .. }
            | Step::DeleteAccessKey { why: KeyGoes::Orphan, .. } => 0,
            Step::Verify => 2,
            _ => 1,
        }
    }

    /// The AWS action (or local action) this step performs, as the plan names it.
    #[must_use]
    pub fn action(&self) -> &'static str {
        match self {
            Step::CreateUser(_) => "iam:CreateUser",
            Step::AdoptUser { .. } => "iam:TagUser",
            Step::MoveUser { .. } => "iam:UpdateUser",
            Step::ReleaseUser { .. } => "iam:UntagUser",
            Step::DeleteAccessKey { .. } => "iam:DeleteAccessKey",
            Step::DeactivateAccessKey(_) => "iam:UpdateAccessKey",
            Step::CreateAccessKey { .. } => "iam:CreateAccessKey",
            Step::CopyKey(KeyPlace::Keyring) | Step::StoreRotated => "keyring:Store",
            Step::CopyKey(KeyPlace::File(_)) => "file:Write",
            Step::Forget(LocalCopy::Keyring { .. }) => "keyring:Delete",
            Step::Forget(LocalCopy::File(_)) => "file:Delete",
            Step::PutUserPolicy { .. } => "iam:PutUserPolicy",
            Step::CreatePolicy { .. } => "iam:CreatePolicy",
            Step::CreatePolicyVersion { .. } => "iam:CreatePolicyVersion",
            Step::AttachUserPolicy { .. } => "iam:AttachUserPolicy",
            Step::DeleteUserPolicy { .. } => "iam:DeleteUserPolicy",
            Step::RetirePolicy { .. } | Step::DeletePolicy(_) => "iam:DeletePolicy",
            Step::DetachUserPolicy(_) => "iam:DetachUserPolicy",
            Step::LeaveGroup(_) => "iam:RemoveUserFromGroup",
            Step::DeleteLoginProfile => "iam:DeleteLoginProfile",
            Step::DeleteUser => "iam:DeleteUser",
            Step::Verify => "verify",
        }
    }

    /// A change to AWS (as opposed to a local copy or a read-only check).
    #[must_use]
    pub fn writes_aws(&self) -> bool {
        self.action().starts_with("iam:")
    }

    /// Whether the step changes AWS or this machine (verify does not).
    #[must_use]
    pub fn changes(&self) -> bool {
        *self != Step::Verify
    }

    /// One of the policy's steps (setup, attach-policy).
    #[must_use]
    pub fn is_policy(&self) -> bool {
        matches!(
            self,
            Step::PutUserPolicy { .. }
                | Step::CreatePolicy { .. }
                | Step::CreatePolicyVersion { .. }
                | Step::AttachUserPolicy { .. }
                | Step::DeleteUserPolicy { .. }
                | Step::RetirePolicy { .. }
        )
    }
}
