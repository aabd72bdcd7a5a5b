//! Is a setup still healthy? Everything `status` read about a user, and the findings it leads to,
//! each with its fix. Pure: the rules are unit-tested without AWS.

mod judge;

pub use judge::{Judged, choice_of, choice_of_grant, judge, rewritten, summarize};

use super::iam::{AccessKeyInfo, LastUsed};
use super::policy::{Partition, our_part};

/// An access key as IAM lists it, when it was last used, and whether it is stored here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyView {
    pub info: AccessKeyInfo,
    pub last_used: Option<LastUsed>,
    pub in_keyring: bool,
    pub in_file: bool,
}

impl KeyView {
    #[must_use]
    pub fn stored(&self) -> bool {
        self.in_keyring || self.in_file
    }
}

/// How a policy reaches the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Inline,
    Managed { arn: String },
    GroupInline { group: String },
    GroupManaged { group: String, arn: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyView {
    pub name: String,
    pub via: Via,
    /// `None` where the document could not be read.
    pub document: Option<String>,
}

/// The pair stored here for the user, and what AWS says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredView {
    pub id: String,
    /// Whether STS accepts the stored key and secret (`None`: not asked).
    pub authenticates: Option<bool>,
}

/// Everything status read about one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserView {
    pub name: String,
    pub managed: bool,
    pub console_password: bool,
    pub keys: Vec<KeyView>,
    pub stored: Option<StoredView>,
    pub policies: Vec<PolicyView>,
    /// The inline policy this tool manages.
    pub policy_name: String,
    pub partition: Partition,
    /// Keys a crashed run created and never stored (read from the intent it left), by id.
    pub orphans: Vec<String>,
    /// A rotation waiting for `--finish`: the previous pair's key id.
    pub rotating: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The user does not exist (never set up, or torn down).
    NotSetUp,
    NoKey,
    KeyStoredNowhere {
        id: String,
        last_used: Option<LastUsed>,
    },
    StoredKeyGone {
        id: String,
    },
    StoredKeyInactive {
        id: String,
    },
    StoredKeyRejected {
        id: String,
    },
    KeyTooOld {
        id: String,
        days: u64,
        max: u64,
    },
    PolicyMissing,
    PolicyHandEdited {
        policy: String,
        expected: String,
    },
    /// Both the inline policy and managed parts: a switch between them stopped half-way.
    PolicyBothTypes,
    MoreAccess {
        policy: String,
        via: Via,
        /// The policy this tool manages, widened by hand (not another policy beside it).
        ours: bool,
    },
    ConsolePassword,
    OrphanedByCrash {
        id: String,
    },
    /// `rotate-keys` ran and `--finish` did not: two working keys, the old one kept.
    RotationInProgress {
        previous: String,
    },
    /// A note, not an action: a key stored nowhere here that IAM shows in use — most likely the
    /// copy Pixelshift's dashboard holds, or one stored on another machine.
    KeyInUseElsewhere {
        id: String,
        last_used: LastUsed,
    },
}

impl Finding {
    /// A stable name for scripts (`--output json`).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Finding::NotSetUp => "not-set-up",
            Finding::NoKey => "no-key",
            Finding::KeyStoredNowhere { .. } => "key-stored-nowhere",
            Finding::StoredKeyGone { .. } => "stored-key-gone",
            Finding::StoredKeyInactive { .. } => "stored-key-inactive",
            Finding::StoredKeyRejected { .. } => "stored-key-rejected",
            Finding::KeyTooOld { .. } => "key-too-old",
            Finding::PolicyMissing => "policy-missing",
            Finding::PolicyHandEdited { .. } => "policy-hand-edited",
            Finding::PolicyBothTypes => "policy-both-types",
            Finding::MoreAccess { .. } => "more-access",
            Finding::ConsolePassword => "console-password",
            Finding::OrphanedByCrash { .. } => "orphaned-by-crash",
            Finding::RotationInProgress { .. } => "rotation-in-progress",
            Finding::KeyInUseElsewhere { .. } => "key-in-use-elsewhere",
        }
    }

    /// Whether the operator has something to do (exit 3); the rest are notes.
    #[must_use]
    pub fn needs_action(&self) -> bool {
        !matches!(self, Finding::KeyInUseElsewhere { .. })
    }
}

/// Seconds in a day, for key ages.
const DAY: i64 = 86_400;

/// The findings for a user, in a stable order. `now` in seconds since the Unix epoch.
///
/// A key stored nowhere here is not, on its own, a key to delete: Pixelshift's dashboard holds a
/// copy, and so may another machine. IAM's last use tells them apart: used within the key-age limit,
/// it is noted; never used (or not for that long), it is probably an orphan and an action.
#[must_use]
pub fn findings(user: &UserView, max_key_age_days: u64, now: i64) -> Vec<Finding> {
    let mut found = Vec::new();
    if user.keys.is_empty() {
        found.push(Finding::NoKey);
    }
    for id in &user.orphans {
        found.push(Finding::OrphanedByCrash { id: id.clone() });
    }
    let recent = now - i64::try_from(max_key_age_days).unwrap_or(i64::MAX / DAY).saturating_mul(DAY);
    for key in user.keys.iter().filter(|k| !k.stored() && !user.orphans.contains(&k.info.id)) {
        let id = key.info.id.clone();
        match &key.last_used {
            Some(last) if key.info.active && last.at >= recent => {
                found.push(Finding::KeyInUseElsewhere { id, last_used: last.clone() });
            }
            last_used => found.push(Finding::KeyStoredNowhere { id, last_used: last_used.clone() }),
        }
    }
    if let Some(previous) = &user.rotating {
        found.push(Finding::RotationInProgress { previous: previous.clone() });
    }
    if let Some(stored) = &user.stored {
        match user.keys.iter().find(|k| k.info.id == stored.id) {
            None => found.push(Finding::StoredKeyGone { id: stored.id.clone() }),
            Some(key) if !key.info.active => found.push(Finding::StoredKeyInactive { id: stored.id.clone() }),
            Some(_) if stored.authenticates == Some(false) => {
                found.push(Finding::StoredKeyRejected { id: stored.id.clone() });
            }
            Some(_) => {}
        }
    }
    for key in user.keys.iter().filter(|k| k.info.active) {
        let days = key.info.created_epoch.map_or(0, |created| u64::try_from((now - created).max(0) / DAY).unwrap_or(0));
        if days >= max_key_age_days {
            found.push(Finding::KeyTooOld { id: key.info.id.clone(), days, max: max_key_age_days });
        }
    }
    let ours = |p: &&PolicyView| user.is_ours(p);
    let own: Vec<&PolicyView> = user.policies.iter().filter(ours).collect();
    if own.is_empty() {
        found.push(Finding::PolicyMissing);
    }
    let mut beyond = Vec::new();
    for policy in &own {
        let Some(document) = policy.document.as_deref() else { continue };
        let judged = judge(document, user.partition);
        if !judged.as_written {
            found.push(Finding::PolicyHandEdited { policy: policy.name.clone(), expected: judged.expected });
        }
        if judged.grants_more {
            beyond.push(Finding::MoreAccess { policy: policy.name.clone(), via: policy.via.clone(), ours: true });
        }
    }
    if own.iter().any(|p| p.via == Via::Inline) && own.iter().any(|p| p.via != Via::Inline) {
        found.push(Finding::PolicyBothTypes);
    }
    found.extend(beyond);
    for policy in user.policies.iter().filter(|p| !ours(p)) {
        found.push(Finding::MoreAccess { policy: policy.name.clone(), via: policy.via.clone(), ours: false });
    }
    if user.console_password {
        found.push(Finding::ConsolePassword);
    }
    found
}

impl UserView {
    /// Whether `policy` is the one this tool manages for the user: the inline policy of its name,
    /// or one of its managed parts (`<policy>.<user>[.N]` under `/pixelshift-aws/`).
    #[must_use]
    pub fn is_ours(&self, policy: &PolicyView) -> bool {
        match &policy.via {
            Via::Inline => policy.name == self.policy_name,
            Via::Managed { arn } => our_part(&self.policy_name, &self.name, &policy.name, arn).is_some(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
