//! What the operator asked for, validated: the user, where its key is kept, and the policy and
//! where its document comes from.

use std::path::PathBuf;

use crate::domain::names::{PolicyName, UserName};
use crate::domain::policy::{MANAGED_BUDGET, Partition, PolicyChoice, PolicyType, iam_size};

/// What the operator asked for, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub user: UserName,
    /// `Some`: create the user if it is missing, with these attributes (create-user, setup).
    /// `None`: the user must already exist (attach-policy).
    pub create: Option<NewUser>,
    /// Take over a user that exists without the managed-by tag.
    pub adopt: bool,
    /// `Some`: the user must have a working key stored here (create-user, setup).
    pub key: Option<KeyCopies>,
    /// `Some`: this inline policy must be attached (attach-policy, setup).
    pub policy: Option<WantedPolicy>,
    pub verify: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewUser {
    pub tags: Vec<(String, String)>,
    pub permissions_boundary: Option<String>,
}

/// Where a key pair is kept besides the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyCopies {
    /// `--keys-file`: always written.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WantedPolicy {
    pub name: PolicyName,
    pub document: PolicySource,
    /// `None`: the type the user has now (a switch is asked for by name), inline for a new one.
    pub kind: Option<PolicyType>,
}

/// The policy document: built from a choice once the partition is known, or given as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    Choice(PolicyChoice),
    /// Pretty JSON from `--policy-file`.
    Text(String),
}

impl PolicySource {
    /// Pretty JSON, as make-policy prints it.
    #[must_use]
    pub fn render(&self, partition: Partition) -> String {
        match self {
            PolicySource::Choice(choice) => choice.document(partition).to_pretty_json(),
            PolicySource::Text(text) => text.clone(),
        }
    }

    /// The documents the policy is attached as: one inline; as managed policies, the buckets split
    /// over as few documents of at most 6,144 characters as hold them (a written document is not
    /// split). `Err(size)`: a document that cannot be made to fit.
    pub fn documents(&self, kind: PolicyType, partition: Partition) -> Result<Vec<String>, usize> {
        match (kind, self) {
            (PolicyType::Inline, _) => Ok(vec![self.render(partition)]),
            (PolicyType::Managed, PolicySource::Choice(choice)) => match choice.split(partition, MANAGED_BUDGET) {
                Some(parts) => Ok(parts.iter().map(|part| part.document(partition).to_pretty_json()).collect()),
                None => Err(choice.document(partition).iam_size()),
            },
            (PolicyType::Managed, PolicySource::Text(text)) => {
                let size = iam_size(text);
                if PolicyType::Managed.fits(size) { Ok(vec![text.clone()]) } else { Err(size) }
            }
        }
    }
}

/// Where a copy of a key pair goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPlace {
    Keyring,
    File(PathBuf),
}
