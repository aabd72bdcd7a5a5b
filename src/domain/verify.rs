//! What verify checks and how it judges the answers — pure, so every rule is unit-tested.
//!
//! Verify proves access with exactly the calls Pixelshift makes, bucket by bucket. It never uses a
//! global call such as `ListBuckets` as the pass/fail signal: a bucket-scoped user is *supposed* to be
//! denied that (s3cmd's long-standing false "Access Denied").

use std::collections::BTreeSet;

use serde_json::Value;

use super::policy::Access;

/// The checks, in the order they run for each bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    List,
    Read,
    Write,
    Delete,
}

impl Check {
    pub const ALL: [Check; 4] = [Check::List, Check::Read, Check::Write, Check::Delete];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Check::List => "list",
            Check::Read => "read",
            Check::Write => "write",
            Check::Delete => "delete",
        }
    }

    /// What a correct policy does for this check: read-only users must be *denied* writes.
    #[must_use]
    pub fn expected(self, access: Access) -> Expected {
        match (self, access) {
            (Check::Write | Check::Delete, Access::ReadOnly) => Expected::Deny,
            _ => Expected::Allow,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Allow,
    Deny,
}

impl Expected {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Expected::Allow => "allow",
            Expected::Deny => "deny",
        }
    }
}

/// What AWS answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    /// `AccessDenied` (or another refusal code).
    Denied(String),
    /// Anything else: a missing bucket, a checksum mismatch.
    Error(String),
    /// AWS did not answer within `--wait` (throttling, 5xx, resets, timeouts): nothing was learnt
    /// about access, so this is never reported as access missing.
    Unreachable(String),
    /// Not run, with the reason as a code (the key never became valid): a failure.
    Skipped(String),
    /// Could not be tested without touching data that is not ours (an empty prefix under a
    /// read-only prefix policy has nothing to read): not a failure, and reported as such.
    Untested(String),
}

impl Outcome {
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied(_) => "denied",
            Outcome::Error(_) => "error",
            Outcome::Unreachable(_) => "unreachable",
            Outcome::Skipped(_) => "skipped",
            Outcome::Untested(_) => "untested",
        }
    }

    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Outcome::Allowed => None,
            Outcome::Denied(code)
            | Outcome::Error(code)
            | Outcome::Unreachable(code)
            | Outcome::Skipped(code)
            | Outcome::Untested(code) => Some(code),
        }
    }

    /// Whether the answer is what a correct policy gives.
    #[must_use]
    pub fn meets(&self, expected: Expected) -> bool {
        matches!(
            (self, expected),
            (Outcome::Allowed, Expected::Allow) | (Outcome::Denied(_), Expected::Deny) | (Outcome::Untested(_), _)
        )
    }
}

/// What kind of "no" an S3 call got: the verify engine decides on this, the code is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `AccessDenied` and its kin: this principal may not do this (yet, while a policy propagates).
    Denied,
    /// `InvalidAccessKeyId`: AWS does not know the key (yet: new keys are not valid everywhere at once).
    UnknownKey,
    /// The bucket does not exist.
    NoSuchBucket,
    /// The object does not exist (asked by a principal allowed to read it).
    NoSuchKey,
    /// Throttling, a 5xx, a reset or a timeout: nothing was learnt about access.
    Transient,
    /// Anything else (a wrong secret, a redirect, a malformed request).
    Other,
}

impl Refusal {
    /// The kind of an S3 error code, for the codes no operation models as its own variant.
    #[must_use]
    pub fn of_code(code: &str, status: u16) -> Refusal {
        match code {
            "AccessDenied" | "AllAccessDisabled" | "AccountProblem" => Refusal::Denied,
            "InvalidAccessKeyId" | "InvalidClientTokenId" => Refusal::UnknownKey,
            "NoSuchBucket" => Refusal::NoSuchBucket,
            "NoSuchKey" => Refusal::NoSuchKey,
            "SlowDown"
            | "Throttling"
            | "ThrottlingException"
            | "RequestTimeout"
            | "InternalError"
            | "ServiceUnavailable"
            | "RequestLimitExceeded" => Refusal::Transient,
            _ if status >= 500 || status == 429 => Refusal::Transient,
            _ => Refusal::Other,
        }
    }
}

/// What the admin side read of a bucket before any probe is written there: what decides how it is
/// probed and cleaned up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BucketFacts {
    /// Versioning enabled or suspended: a deleted probe leaves its versions and a delete marker,
    /// which only the admin side can remove (`s3:DeleteObjectVersion` is not Pixelshift's to have).
    pub versioned: bool,
    /// An Object Lock default retention: a probe written there cannot be removed until it ends.
    pub retention: Option<Retention>,
    /// The KMS key the default encryption names (an ARN, id or alias), when it is SSE-KMS with a key
    /// of its own: the policy must let S3 use it for Pixelshift. `None` for SSE-S3 and `aws/s3`.
    pub kms_key: Option<String>,
    /// The bucket's policy, when it has one and the admin may read it: its Denies are held against
    /// the user before the plan ([`super::denial::denials_in`]).
    pub policy: Option<Value>,
}

/// An Object Lock default retention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// `GOVERNANCE` or `COMPLIANCE`.
    pub mode: String,
    pub days: u32,
}

impl std::fmt::Display for Retention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days = if self.days == 1 { "1 day".to_owned() } else { format!("{} days", self.days) };
        write!(f, "Object Lock retention {days} ({})", self.mode)
    }
}

/// `GetBucketLocation`'s answer as a region: null (empty) means us-east-1, and the legacy `EU`
/// means eu-west-1.
#[must_use]
pub fn region_of_location(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_owned(),
        Some("EU") => "eu-west-1".to_owned(),
        Some(region) => region.to_owned(),
    }
}

/// What an attached policy grants, as far as verify needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grant {
    /// Exact bucket names.
    pub buckets: BTreeSet<String>,
    /// Trailing-`*` patterns such as `photos-*` (stem without the `*`).
    pub patterns: BTreeSet<String>,
    /// The policy grants `arn:…:s3:::*`.
    pub all_buckets: bool,
    /// The object prefix, when object access is narrowed to `bucket/prefix*`.
    pub prefix: Option<String>,
    /// Read-write when the policy allows `s3:PutObject`.
    pub access: Access,
    /// KMS key ARNs the policy lets S3 use for the user (see `policy::kms`).
    pub kms_keys: BTreeSet<String>,
}

impl Grant {
    /// What several documents grant together (a user's managed policies split over buckets).
    #[must_use]
    pub fn of_all<'a>(documents: impl IntoIterator<Item = &'a str>) -> Grant {
        let mut all = Grant { access: Access::ReadOnly, ..Grant::default() };
        for document in documents {
            let Ok(value) = serde_json::from_str::<Value>(document) else { continue };
            let grant = grant_of(&value);
            all.buckets.extend(grant.buckets);
            all.patterns.extend(grant.patterns);
            all.kms_keys.extend(grant.kms_keys);
            all.all_buckets |= grant.all_buckets;
            all.prefix = all.prefix.or(grant.prefix);
            if grant.access == Access::ReadWrite {
                all.access = Access::ReadWrite;
            }
        }
        all
    }

    /// Whether the policy grants `bucket`: named, matched by a pattern, or all buckets.
    #[must_use]
    pub fn covers(&self, bucket: &str) -> bool {
        self.all_buckets
            || self.buckets.contains(bucket)
            || self.patterns.iter().any(|stem| bucket.starts_with(stem.as_str()))
    }
}

/// Reads the buckets, prefix and access level out of an IAM policy document (ours or a similar
/// hand-written one). Statements that deny, or name non-S3 resources, are ignored.
#[must_use]
pub fn grant_of(document: &Value) -> Grant {
    let mut grant = Grant { access: Access::ReadOnly, ..Grant::default() };
    let statements = statements(document);
    for statement in statements.iter().filter(|s| s["Effect"] == "Allow") {
        let actions = strings(&statement["Action"]);
        if actions.iter().any(|a| matches!(a.as_str(), "s3:PutObject" | "s3:*" | "*")) {
            grant.access = Access::ReadWrite;
        }
        for resource in strings(&statement["Resource"]) {
            if crate::domain::policy::kms::is_key_arn(&resource) {
                grant.kms_keys.insert(resource);
                continue;
            }
            // arn:<partition>:s3:::<bucket>[/<key pattern>]
            let Some(path) = resource.splitn(6, ':').nth(5).filter(|_| resource.contains(":s3:::")) else {
                continue;
            };
            match path.split_once('/') {
                None if path == "*" => grant.all_buckets = true,
                None => match path.strip_suffix('*') {
                    Some(stem) => {
                        grant.patterns.insert(stem.to_owned());
                    }
                    None => {
                        grant.buckets.insert(path.to_owned());
                    }
                },
                Some((_, key)) => {
                    let prefix = key.strip_suffix('*').unwrap_or(key);
                    if !prefix.is_empty() {
                        grant.prefix = Some(prefix.to_owned());
                    }
                }
            }
        }
    }
    grant
}

/// A policy document's statements: `Statement` is a list or a single object.
pub(crate) fn statements(document: &Value) -> Vec<Value> {
    match &document["Statement"] {
        Value::Array(list) => list.clone(),
        single @ Value::Object(_) => vec![single.clone()],
        _ => Vec::new(),
    }
}

/// An `Action`/`Resource`/principal value as a list: IAM takes a string or a list of them.
pub(crate) fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::names::{BucketName, KeyPrefix};
    use crate::domain::policy::{Partition, PolicySpec, Scope};

    fn ours(buckets: &[&str], access: Access, prefix: Option<&str>) -> Value {
        let scope = if buckets.is_empty() {
            Scope::AllBuckets
        } else {
            Scope::buckets(buckets.iter().map(|b| BucketName::parse(b).unwrap())).unwrap().0
        };
        let prefix = prefix.map(|p| KeyPrefix::parse(p).unwrap());
        let text = PolicySpec { scope, access, prefix, partition: Partition::AwsCn, kms_keys: Vec::new() }
            .document()
            .to_pretty_json();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn reads_back_every_shape_make_policy_writes() {
        let grant = grant_of(&ours(&["photos", "thumbs", "cust-*"], Access::ReadWrite, None));
        assert_eq!(grant.buckets, ["photos", "thumbs"].map(str::to_owned).into());
        assert_eq!(grant.patterns, ["cust-"].map(str::to_owned).into());
        assert!(!grant.all_buckets);
        assert_eq!((grant.access, grant.prefix), (Access::ReadWrite, None));

        let grant = grant_of(&ours(&["photos"], Access::ReadOnly, Some("px/")));
        assert_eq!((grant.access, grant.prefix.as_deref()), (Access::ReadOnly, Some("px/")));

        let grant = grant_of(&ours(&[], Access::ReadWrite, None));
        assert!(grant.all_buckets);
        assert!(grant.buckets.is_empty());
    }

    #[test]
    fn hand_written_policies_and_denies() {
        let doc = json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::legacy"}});
        let grant = grant_of(&doc);
        assert_eq!(grant.access, Access::ReadWrite);
        assert!(grant.buckets.contains("legacy"));
        let doc = json!({"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::x"},
                                       {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::1:user/u"}]});
        assert_eq!(grant_of(&doc), Grant { access: Access::ReadOnly, ..Grant::default() });
    }

    #[test]
    fn expectations_follow_the_access_level() {
        let rw: Vec<Expected> = Check::ALL.iter().map(|c| c.expected(Access::ReadWrite)).collect();
        assert!(rw.iter().all(|e| *e == Expected::Allow));
        let ro: Vec<Expected> = Check::ALL.iter().map(|c| c.expected(Access::ReadOnly)).collect();
        assert_eq!(ro, [Expected::Allow, Expected::Allow, Expected::Deny, Expected::Deny]);
    }

    #[test]
    fn judging_outcomes() {
        assert!(Outcome::Allowed.meets(Expected::Allow));
        assert!(!Outcome::Allowed.meets(Expected::Deny));
        assert!(Outcome::Denied("AccessDenied".into()).meets(Expected::Deny));
        assert!(!Outcome::Denied("AccessDenied".into()).meets(Expected::Allow));
        assert!(!Outcome::Error("NoSuchBucket".into()).meets(Expected::Deny));
        assert!(!Outcome::Skipped("KeyNeverValid".into()).meets(Expected::Allow));
        assert!(Outcome::Untested("NothingToRead".into()).meets(Expected::Allow));
    }

    #[test]
    fn bucket_location_quirks() {
        assert_eq!(region_of_location(None), "us-east-1");
        assert_eq!(region_of_location(Some("")), "us-east-1");
        assert_eq!(region_of_location(Some("EU")), "eu-west-1");
        assert_eq!(region_of_location(Some("ap-south-1")), "ap-south-1");
    }
}
