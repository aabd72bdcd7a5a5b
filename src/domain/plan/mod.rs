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
mod step;
mod wanted;

pub use observed::{KeyringState, Observed, ObservedUser, StoredKeyRef};
pub use policy::{Change, PolicyFacts, PolicyPart};
pub use step::{KeyGoes, LocalCopy, Step};
pub use wanted::{KeyCopies, KeyPlace, NewUser, PolicySource, Wanted, WantedPolicy};

use std::path::PathBuf;

use super::iam::AccessKeyInfo;
use super::names::{PolicyName, UserName};
use super::user::USER_PATH;

/// IAM keeps at most five versions of a managed policy.
pub const MAX_VERSIONS: usize = 5;

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
            // Every user this tool manages lives under USER_PATH, where `list` finds it.
            let moved = (user.path != USER_PATH).then(|| Step::MoveUser { from: user.path.clone() });
            let outcome = if user.managed {
                UserOutcome::Existing
            } else if wanted.adopt {
                let found_path = moved.as_ref().map(|_| user.path.clone());
                steps
                    .push(Step::AdoptUser { found_keys: user.keys.iter().map(|k| k.id.clone()).collect(), found_path });
                if user.console_password == Some(true) {
                    notes.push(Note::ConsolePassword);
                }
                UserOutcome::Adopted
            } else {
                return Err(Blocker::Unmanaged);
            };
            steps.extend(moved);
            outcome
        }
    };

    if observed.user.is_some() {
        steps.extend(observed.orphans.iter().map(|id| Step::DeleteAccessKey { id: id.clone(), why: KeyGoes::Orphan }));
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
