//! Facts read from IAM, as plain data: a user's access keys and their last use, its inline and
//! attached policies, and this tool's managed policies with their versions. The AWS edge
//! (`aws::iam`) fills them in; the planners (`plan`, `lifecycle`, `status`) decide on them. Pure:
//! no I/O.

/// An access key as IAM lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKeyInfo {
    pub id: String,
    pub active: bool,
    /// ISO 8601, as IAM reports it.
    pub created: String,
    /// Seconds since the Unix epoch, for ages.
    pub created_epoch: Option<i64>,
}

/// When, where and by which service a key was last used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastUsed {
    /// Seconds since the Unix epoch.
    pub at: i64,
    pub service: String,
    pub region: String,
}

/// An inline policy of the user, with its document (IAM's formatting, decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlinePolicy {
    pub name: String,
    pub document: String,
}

/// A managed policy attached to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedPolicy {
    pub name: String,
    pub arn: String,
}

/// A version of a managed policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVersion {
    /// `v1`, `v2` …
    pub id: String,
    pub default: bool,
    pub created_epoch: Option<i64>,
}

impl PolicyVersion {
    /// The version's number (`v12` → 12), for ordering versions created in the same second.
    #[must_use]
    pub fn number(&self) -> u32 {
        self.id.trim_start_matches('v').parse().unwrap_or(0)
    }
}

/// One of this tool's customer-managed policies (under `/pixelshift-aws/`), as IAM describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedPart {
    pub name: String,
    pub arn: String,
    /// The default version's document.
    pub document: Option<String>,
    pub default_version: String,
    /// Oldest first.
    pub versions: Vec<PolicyVersion>,
    /// Users, groups and roles it is attached to.
    pub attachments: usize,
}
