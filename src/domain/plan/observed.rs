//! What is there: the user as IAM describes it, the key stored on this machine and the keyring
//! that holds it — read once, before anything is decided.

use std::path::PathBuf;

use crate::domain::iam::{AccessKeyInfo, AttachedPolicy, InlinePolicy, ManagedPart};
use crate::domain::policy::Partition;

/// The user as IAM describes it, read once before anything is decided.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObservedUser {
    pub arn: String,
    /// Its IAM path: a managed user not under `/pixelshift-aws/` is moved there.
    pub path: String,
    /// Tagged `managed-by=pixelshift-aws`.
    pub managed: bool,
    pub tags: Vec<(String, String)>,
    pub permissions_boundary: Option<String>,
    pub keys: Vec<AccessKeyInfo>,
    /// Only read when a policy is wanted (the budget is over all of them).
    pub inline_policies: Vec<InlinePolicy>,
    /// Only read when a policy is wanted (the quota of ten is over all of them).
    pub attached_policies: Vec<AttachedPolicy>,
    /// Only read when adopting (`None`: not looked at): Pixelshift needs no console password.
    pub console_password: Option<bool>,
}

/// The key stored on this machine for the user, and which of its places hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKeyRef {
    pub id: String,
    pub in_keyring: bool,
    /// The key file holding it, if one does.
    pub file: Option<PathBuf>,
}

/// What the OS keyring can do here, found by opening and probing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringState {
    /// Usable; `durable` is false for the kernel keyring (gone at reboot).
    Usable {
        durable: bool,
    },
    Unusable,
}

/// Everything the plan needs to know about the account and this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// The caller's partition: the policy's ARNs are rendered for it.
    pub partition: Partition,
    /// The account the user is in: a managed policy's ARN names it.
    pub account_id: String,
    /// `None` when the user does not exist.
    pub user: Option<ObservedUser>,
    pub stored_key: Option<StoredKeyRef>,
    pub keyring: KeyringState,
    /// Where a key goes when the keyring cannot keep it alone (`None`: no config directory).
    pub default_key_file: Option<PathBuf>,
    /// Keys a crashed run created and never stored (see `secrets::intent`): deleted before
    /// anything else, and not counted against IAM's two-key limit.
    pub orphans: Vec<String>,
    /// This tool's managed policies for the wanted policy: those attached to the user, and those
    /// the plan would create that exist already (by name).
    pub managed_parts: Vec<ManagedPart>,
}
