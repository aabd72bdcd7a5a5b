//! The inline policy Pixelshift's IAM user gets: its model, its JSON rendering and its IAM size.
//!
//! Pure: the same request always renders byte-identical JSON (buckets de-duplicated and sorted, fixed
//! statement order and `Sid`s), so a re-run can compare documents textually and never re-puts an
//! unchanged policy. Actions are always listed explicitly — never `s3:*` or `s3:*Object`, which would
//! also grant e.g. `s3:ReplicateObject`, `s3:RestoreObject` or `s3:PutObjectAcl`.

mod document;
pub mod kms;
mod managed;

pub use document::{PolicyDocument, PolicySpec, Statement, diff, iam_size, same_document};
pub use managed::{
    MANAGED_NAME_MAX, MANAGED_PATH, is_managed_path, made_for, managed_arn, managed_description, managed_index,
    managed_name, managed_names_fit, our_part,
};

use std::collections::BTreeSet;
use std::fmt;

use super::names::{BucketName, KeyPrefix};

/// IAM caps the *aggregate* size of one user's inline policies at 2,048 characters, whitespace not
/// counted (IAM quotas: "User policy size").
pub const INLINE_BUDGET: usize = 2_048;

/// A customer-managed policy holds up to 6,144 characters (whitespace not counted), and a user can
/// have up to 10 managed policies attached (IAM's default quotas).
pub const MANAGED_BUDGET: usize = 6_144;
pub const ATTACHED_QUOTA: usize = 10;

/// How the policy is attached: inline on the user (one document, 2,048 characters shared with the
/// user's other inline policies), or as customer-managed policies (6,144 characters each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PolicyType {
    #[default]
    Inline,
    Managed,
}

impl PolicyType {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Inline => "inline",
            PolicyType::Managed => "managed",
        }
    }

    /// IAM's limit for this type, in characters without whitespace: all of a user's inline policies
    /// together, or one managed policy.
    #[must_use]
    pub fn budget(self) -> usize {
        match self {
            PolicyType::Inline => INLINE_BUDGET,
            PolicyType::Managed => MANAGED_BUDGET,
        }
    }

    /// The one budget rule: whether `size` (IAM's count, [`iam_size`]) fits this type's budget.
    #[must_use]
    pub fn fits(self, size: usize) -> bool {
        size <= self.budget()
    }
}

/// What the user may do in the granted buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// Read source images and write results: what Pixelshift needs.
    #[default]
    ReadWrite,
    /// Read only: for buckets Pixelshift only serves from.
    ReadOnly,
}

impl Access {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Access::ReadWrite => "read-write",
            Access::ReadOnly => "read-only",
        }
    }
}

/// An AWS partition: the second field of every ARN. Never assume `aws`: China and `GovCloud` accounts
/// live in `aws-cn` and `aws-us-gov`, and a policy naming the wrong partition silently grants nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Partition {
    #[default]
    Aws,
    AwsCn,
    AwsUsGov,
    AwsIso,
    AwsIsoB,
    AwsIsoE,
    AwsIsoF,
    AwsEusc,
}

impl Partition {
    pub const ALL: [Partition; 8] = [
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
        Partition::AwsEusc,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
            Partition::AwsEusc => "aws-eusc",
        }
    }

    /// The DNS suffix of the partition's service endpoints (`s3.<region>.<suffix>`).
    #[must_use]
    pub fn dns_suffix(self) -> &'static str {
        match self {
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
            Partition::AwsCn => "amazonaws.com.cn",
            Partition::AwsIso => "c2s.ic.gov",
            Partition::AwsIsoB => "sc2s.sgov.gov",
            Partition::AwsIsoE => "cloud.adc-e.uk",
            Partition::AwsIsoF => "csp.hci.ic.gov",
            Partition::AwsEusc => "amazonaws.eu",
        }
    }

    /// The partition of an ARN such as `arn:aws-cn:iam::123456789012:user/admin`.
    #[must_use]
    pub fn from_arn(arn: &str) -> Option<Partition> {
        let mut fields = arn.split(':');
        if fields.next() != Some("arn") {
            return None;
        }
        let name = fields.next()?;
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which buckets the policy covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Named buckets and `name-*` patterns: sorted, without duplicates or names a pattern covers.
    Buckets(Vec<BucketName>),
    /// Every bucket in the account, present and future. Allowed, not recommended.
    AllBuckets,
}

/// A bucket left out of the policy because a pattern in the same request already grants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Covered {
    pub bucket: BucketName,
    pub by: BucketName,
}

impl Scope {
    /// Normalises a list of buckets: any order and any duplicates give the same scope. Returns `None`
    /// when the list is empty.
    #[must_use]
    pub fn buckets(names: impl IntoIterator<Item = BucketName>) -> Option<(Scope, Vec<Covered>)> {
        let all: BTreeSet<BucketName> = names.into_iter().collect();
        if all.is_empty() {
            return None;
        }
        let mut kept = Vec::new();
        let mut covered = Vec::new();
        for name in &all {
            match all.iter().find(|other| other.covers(name)) {
                Some(by) => covered.push(Covered { bucket: name.clone(), by: by.clone() }),
                None => kept.push(name.clone()),
            }
        }
        Some((Scope::Buckets(kept), covered))
    }
}

/// The operator's choice of buckets, access and prefix: everything about the policy but the
/// partition, which is known only once the caller's identity is (`arn:aws-cn:…` in China). Commands
/// carry this from the command line to the moment they can render the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyChoice {
    pub scope: Scope,
    pub access: Access,
    pub prefix: Option<KeyPrefix>,
    /// Buckets the operator named that a pattern of the same choice already grants.
    pub covered: Vec<Covered>,
    /// Customer-managed KMS keys (ARNs, sorted) the buckets encrypt with ([`kms`]).
    pub kms_keys: Vec<String>,
}

impl PolicyChoice {
    /// The choice split over as few documents of at most `budget` characters as hold it, buckets in
    /// their sorted order (deterministic: the same buckets always split the same way). `None` when
    /// a single bucket alone is over the budget.
    #[must_use]
    pub fn split(&self, partition: Partition, budget: usize) -> Option<Vec<PolicyChoice>> {
        let Scope::Buckets(buckets) = &self.scope else {
            return (self.document(partition).iam_size() <= budget).then(|| vec![self.clone()]);
        };
        let with =
            |list: Vec<BucketName>| PolicyChoice { scope: Scope::Buckets(list), covered: Vec::new(), ..self.clone() };
        let mut chunks: Vec<Vec<BucketName>> = Vec::new();
        for bucket in buckets {
            let fits = chunks.last().is_some_and(|last| {
                let mut grown = last.clone();
                grown.push(bucket.clone());
                with(grown).document(partition).iam_size() <= budget
            });
            if fits {
                chunks.last_mut().expect("checked").push(bucket.clone());
            } else {
                if with(vec![bucket.clone()]).document(partition).iam_size() > budget {
                    return None;
                }
                chunks.push(vec![bucket.clone()]);
            }
        }
        Some(chunks.into_iter().map(with).collect())
    }

    /// The choice for a partition: what renders the document.
    #[must_use]
    pub fn spec(&self, partition: Partition) -> PolicySpec {
        PolicySpec {
            scope: self.scope.clone(),
            access: self.access,
            prefix: self.prefix.clone(),
            partition,
            kms_keys: self.kms_keys.clone(),
        }
    }

    /// The document as make-policy prints it and attach-policy puts it, for `partition`.
    #[must_use]
    pub fn document(&self, partition: Partition) -> PolicyDocument {
        self.spec(partition).document()
    }

    /// The buckets exactly named (patterns and all-buckets excluded): what verify can probe without
    /// listing the account's buckets.
    #[must_use]
    pub fn named_buckets(&self) -> Option<Vec<String>> {
        match &self.scope {
            Scope::Buckets(list) if list.iter().all(|b| !b.is_pattern()) => {
                Some(list.iter().map(|b| b.as_str().to_owned()).collect())
            }
            _ => None,
        }
    }

    /// Whether the policy grants `bucket`: named, matched by a pattern, or all buckets.
    #[must_use]
    pub fn grants(&self, bucket: &str) -> bool {
        match &self.scope {
            Scope::AllBuckets => true,
            Scope::Buckets(list) => list
                .iter()
                .any(|b| b.as_str().strip_suffix('*').map_or(b.as_str() == bucket, |stem| bucket.starts_with(stem))),
        }
    }
}

#[cfg(test)]
mod tests;
