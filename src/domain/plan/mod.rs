//! What is there + what the operator wants → the steps that get there, or why none can.
//!
//! Pure, and the only place where a change to AWS is decided: reuse or create the user and its key,
//! refuse an unmanaged user, the two-key limit, IAM's aggregate inline budget, whether the policy is
//! unchanged, new or replaced, which stored copies of a reused key are missing. `--dry-run` prints the
//! [`Plan`], the confirmation it needs is asked before the first write, and apply executes its steps
//! and nothing else — so the dry run is the run, by construction.

mod key;
mod observed;
mod policy;
mod wanted;

pub use observed::{KeyringState, Observed, ObservedUser, StoredKeyRef};
pub use policy::{Change, PolicyFacts, PolicyPart};
pub use wanted::{KeyCopies, KeyPlace, NewUser, PolicySource, Wanted, WantedPolicy};

use std::path::PathBuf;

use super::iam::AccessKeyInfo;
use super::names::{PolicyName, UserName};

/// IAM keeps at most five versions of a managed policy.
pub const MAX_VERSIONS: usize = 5;

/// One change, each carried out by one call (or one local write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `iam:CreateUser`, tagged, with the boundary if one was given.
    CreateUser(NewUser),
    /// `iam:TagUser managed-by=pixelshift-aws` on a user this tool did not create (`--adopt`).
    AdoptUser,
    /// `iam:DeleteAccessKey` of a key a crashed run created and never stored: its secret never
    /// left that run, so nothing can be using it.
    DeleteOrphanKey(String),
    /// `iam:CreateAccessKey`, the pair stored at once in these places; `fallback` is the file it
    /// goes to if the keyring fails the write (and the pair is printed when nothing can keep it).
    CreateAccessKey { store: Vec<KeyPlace>, fallback: Option<PathBuf> },
    /// A reused key's missing copy: the keyring when only a file had it, a file when the keyring
    /// alone cannot keep it.
    CopyKey(KeyPlace),
    /// `iam:PutUserPolicy`; `replaces` holds the document attached now, if any.
    PutUserPolicy { replaces: Option<String> },
    /// `iam:CreatePolicy` under `/pixelshift-aws/`, tagged: the part's document as version v1.
    CreatePolicy { name: String },
    /// `iam:CreatePolicyVersion` as the new default; at IAM's limit of five versions the oldest
    /// non-default one (`prune`) is deleted first. `previous`: the default version now, for a rollback.
    CreatePolicyVersion { name: String, arn: String, prune: Option<String>, previous: String },
    /// `iam:AttachUserPolicy` of the policy `arn` (known before it exists: ARNs are by path and name).
    AttachUserPolicy { name: String, arn: String },
    /// `iam:DeleteUserPolicy`: the inline policy a switch to managed policies replaces.
    DeleteUserPolicy { name: String },
    /// `iam:DetachUserPolicy`, then `iam:DeletePolicy` (its old versions first) unless something
    /// else still has it attached: a managed policy a switch to inline, or fewer parts, leaves unused.
    RetirePolicy { name: String, arn: String, delete: bool },
    /// Probe each bucket with the user's own key.
    Verify,
}

impl Step {
    /// Steps of a phase run together; each phase waits for the one before (the user must exist
    /// before it gets a key or a policy, and verify needs both).
    #[must_use]
    pub fn phase(&self) -> u8 {
        match self {
            Step::CreateUser(_) | Step::AdoptUser | Step::DeleteOrphanKey(_) => 0,
            Step::CreateAccessKey { .. }
            | Step::CopyKey(_)
            | Step::PutUserPolicy { .. }
            | Step::CreatePolicy { .. }
            | Step::CreatePolicyVersion { .. }
            | Step::AttachUserPolicy { .. }
            | Step::DeleteUserPolicy { .. }
            | Step::RetirePolicy { .. } => 1,
            Step::Verify => 2,
        }
    }

    /// The AWS action (or local action) this step performs, as the dry run names it.
    #[must_use]
    pub fn action(&self) -> &'static str {
        match self {
            Step::CreateUser(_) => "iam:CreateUser",
            Step::AdoptUser => "iam:TagUser",
            Step::DeleteOrphanKey(_) => "iam:DeleteAccessKey",
            Step::CreateAccessKey { .. } => "iam:CreateAccessKey",
            Step::CopyKey(KeyPlace::Keyring) => "keyring:Store",
            Step::CopyKey(KeyPlace::File(_)) => "file:Write",
            Step::PutUserPolicy { .. } => "iam:PutUserPolicy",
            Step::CreatePolicy { .. } => "iam:CreatePolicy",
            Step::CreatePolicyVersion { .. } => "iam:CreatePolicyVersion",
            Step::AttachUserPolicy { .. } => "iam:AttachUserPolicy",
            Step::DeleteUserPolicy { .. } => "iam:DeleteUserPolicy",
            Step::RetirePolicy { .. } => "iam:DeletePolicy",
            Step::Verify => "verify",
        }
    }

    /// A change to AWS (as opposed to a local copy or a read-only check).
    #[must_use]
    pub fn writes_aws(&self) -> bool {
        !matches!(self, Step::CopyKey(_) | Step::Verify)
    }

    /// One of the policy's steps.
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

/// Something the operator should know about the plan; none of these stops it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The stored key is inactive in IAM: a new one is created, the old one left alone.
    StoredKeyInactive(String),
    /// The stored key no longer exists in IAM: a new one is created and stored over it.
    StoredKeyGone(String),
    /// Keys in IAM that are not stored here; they are left alone.
    OtherKeys(Vec<AccessKeyInfo>),
    /// The existing user has another permissions boundary than `--permissions-boundary`; kept.
    BoundaryKept(Option<String>),
    /// The user has a console password, which Pixelshift does not need.
    ConsolePassword,
    /// The keyring forgets at reboot (the kernel keyring): a second copy goes to a 0600 file.
    VolatileKeyring,
    /// No keyring is usable: the key goes to the `--keys-file` only.
    FileOnly,
    /// A dry run without a usable keyring or `--keys-file`: the real run needs a file, and this
    /// one is the default (the wizard offers it).
    KeysFileNeeded(PathBuf),
}

/// How the user came to be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserOutcome {
    Created,
    Existing,
    Adopted,
}

impl UserOutcome {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            UserOutcome::Created => "created",
            UserOutcome::Existing => "existing",
            UserOutcome::Adopted => "adopted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub user: UserName,
    pub steps: Vec<Step>,
    pub user_outcome: UserOutcome,
    /// The stored key that is reused, when no key is created.
    pub reused_key: Option<String>,
    pub policy: Option<PolicyFacts>,
    pub notes: Vec<Note>,
}

/// A question the plan needs answered before its first write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// Replace the attached inline policy with a different document.
    ReplacePolicy { user: UserName, policy: PolicyName },
}

impl Plan {
    /// The confirmation this plan needs, if any: asked (or refused without `--yes`) before any write.
    #[must_use]
    pub fn confirmation(&self) -> Option<Confirmation> {
        let policy = self.policy.as_ref()?;
        let replaced = policy.parts.iter().any(|p| matches!(p.change, Change::Replaced { .. }));
        (replaced || (!policy.removed.is_empty() && policy.grant_changes()))
            .then(|| Confirmation::ReplacePolicy { user: self.user.clone(), policy: policy.name.clone() })
    }

    /// Nothing to change in AWS or on this machine (verify may still run).
    #[must_use]
    pub fn is_converged(&self) -> bool {
        self.steps.iter().all(|s| *s == Step::Verify)
    }

    /// The steps of one phase, in plan order.
    pub fn phase(&self, phase: u8) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.phase() == phase)
    }
}

/// Why no plan can be made: each is what the run would otherwise refuse after a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// The user exists without the managed-by tag and `--adopt` was not given.
    Unmanaged,
    /// attach-policy: there is no such user.
    NoSuchUser,
    /// Two keys already (IAM's limit, inactive ones included), none of them the stored one.
    KeyLimit(Vec<AccessKeyInfo>),
    /// The user's inline policies would exceed IAM's budget.
    OverBudget { size: usize, others: Vec<(String, usize)> },
    /// A managed policy document over 6,144 characters that cannot be split (one bucket's worth,
    /// or a written document).
    ManagedTooLarge { size: usize },
    /// More managed policies than the user may have attached, counting those it has.
    ManagedQuota { needed: usize, others: Vec<String> },
    /// A managed policy the plan needs exists, attached to another user, group or role.
    ManagedNameTaken { name: String },
    /// `<policy>.<user>.N` would pass IAM's 128 characters for a policy name.
    ManagedNameTooLong { name: String },
    /// A key must be created and nothing here can keep it: no keyring, no `--keys-file`.
    NoKeyStore,
}

/// The steps that bring the account to what is wanted; nothing for what is already there.
pub fn plan(observed: &Observed, wanted: &Wanted) -> Result<Plan, Blocker> {
    let mut steps = Vec::new();
    let mut notes = Vec::new();
    let user_outcome = match (&observed.user, &wanted.create) {
        (None, Some(new)) => {
            steps.push(Step::CreateUser(new.clone()));
            UserOutcome::Created
        }
        (None, None) => return Err(Blocker::NoSuchUser),
        (Some(user), create) => {
            if let Some(wanted_boundary) = create.as_ref().and_then(|c| c.permissions_boundary.as_ref())
                && user.permissions_boundary.as_ref() != Some(wanted_boundary)
            {
                notes.push(Note::BoundaryKept(user.permissions_boundary.clone()));
            }
            if user.managed {
                UserOutcome::Existing
            } else if wanted.adopt {
                steps.push(Step::AdoptUser);
                if user.console_password == Some(true) {
                    notes.push(Note::ConsolePassword);
                }
                UserOutcome::Adopted
            } else {
                return Err(Blocker::Unmanaged);
            }
        }
    };

    if observed.user.is_some() {
        steps.extend(observed.orphans.iter().cloned().map(Step::DeleteOrphanKey));
    }
    let mut reused_key = None;
    if let Some(copies) = &wanted.key {
        reused_key = key::plan_key(observed, copies, &mut steps, &mut notes)?;
    }

    let policy = match &wanted.policy {
        Some(policy) => {
            let (facts, policy_steps) = policy::plan_policy(observed, wanted.user.as_str(), policy)?;
            steps.extend(policy_steps);
            Some(facts)
        }
        None => None,
    };
    if wanted.verify {
        steps.push(Step::Verify);
    }
    Ok(Plan { user: wanted.user.clone(), steps, user_outcome, reused_key, policy, notes })
}

#[cfg(test)]
mod tests;
