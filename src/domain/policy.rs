//! The inline policy Pixelshift's IAM user gets: its model, its JSON rendering and its IAM size.
//!
//! Pure: the same request always renders byte-identical JSON (buckets de-duplicated and sorted, fixed
//! statement order and `Sid`s), so a re-run can compare documents textually and never re-puts an
//! unchanged policy. Actions are always listed explicitly — never `s3:*` or `s3:*Object`, which would
//! also grant e.g. `s3:ReplicateObject`, `s3:RestoreObject` or `s3:PutObjectAcl`.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use super::names::{BucketName, KeyPrefix};

/// IAM caps the *aggregate* size of one user's inline policies at 2,048 characters, whitespace not
/// counted (IAM quotas: "User policy size").
pub const INLINE_BUDGET: usize = 2_048;

/// A customer-managed policy holds up to 6,144 characters (whitespace not counted), and a user can
/// have up to 10 managed policies attached (IAM's default quotas).
pub const MANAGED_BUDGET: usize = 6_144;
pub const ATTACHED_QUOTA: usize = 10;
/// Where this tool's customer-managed policies live, so they are told apart from everyone else's.
pub const MANAGED_PATH: &str = "/pixelshift-aws/";

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
}

/// The customer-managed policy names of a user's `policy` in chunk order: `pixelshift_access.<user>`,
/// then `.2`, `.3`. Managed policy names are unique in an account, so the user's name is part of it.
#[must_use]
pub fn managed_name(policy: &str, user: &str, chunk: usize) -> String {
    if chunk == 0 { format!("{policy}.{user}") } else { format!("{policy}.{user}.{}", chunk + 1) }
}

/// The longest managed policy name IAM takes.
pub const MANAGED_NAME_MAX: usize = 128;

/// What a managed policy made for `user` says of itself (its description cannot change later).
#[must_use]
pub fn managed_description(user: &str) -> String {
    format!("Pixelshift's access to S3 as IAM user {user} (made by pixelshift-aws)")
}

/// Whether the names of `parts` managed policies of `policy` for `user` stay within IAM's 128
/// characters (`<policy>.<user>.10` is the longest).
#[must_use]
pub fn managed_names_fit(policy: &str, user: &str, parts: usize) -> bool {
    managed_name(policy, user, parts.saturating_sub(1)).chars().count() <= MANAGED_NAME_MAX
}

/// Which part of a user's `policy` a managed policy name is (0 for `<policy>.<user>`, 1 for
/// `.2` …), or `None` when the name is not one of them.
#[must_use]
pub fn managed_index(policy: &str, user: &str, name: &str) -> Option<usize> {
    let rest = name.strip_prefix(policy)?.strip_prefix('.')?.strip_prefix(user)?;
    if rest.is_empty() {
        return Some(0);
    }
    let number: usize = rest.strip_prefix('.')?.parse().ok()?;
    (2..=ATTACHED_QUOTA).contains(&number).then(|| number - 1)
}

/// The ARN of one of this tool's managed policies.
#[must_use]
pub fn managed_arn(partition: Partition, account: &str, name: &str) -> String {
    format!("arn:{}:iam::{account}:policy{MANAGED_PATH}{name}", partition.as_str())
}

/// Whether an ARN is a policy under this tool's path.
#[must_use]
pub fn is_managed_path(arn: &str) -> bool {
    arn.split_once(":policy/")
        .is_some_and(|(_, path)| path.starts_with(&MANAGED_PATH[1..]) && !path[MANAGED_PATH.len() - 1..].contains('/'))
}

/// Whether a managed policy is one this tool made for `user`: under its path, and tagged for the
/// user — or, where the tags are not known (IAM's policy listing has none), named for it.
#[must_use]
pub fn made_for(user: &str, name: &str, arn: &str, tags: Option<&[(String, String)]>) -> bool {
    if !is_managed_path(arn) {
        return false;
    }
    if let Some(tags) = tags
        && let Some((_, value)) = tags.iter().find(|(k, _)| k == super::user::MANAGED_USER_TAG_KEY)
    {
        return value == user;
    }
    let named = |base: &str| base.strip_suffix(user).is_some_and(|rest| rest.len() > 1 && rest.ends_with('.'));
    named(name)
        || name
            .rsplit_once('.')
            .is_some_and(|(base, n)| n.parse::<usize>().is_ok_and(|n| (2..=ATTACHED_QUOTA).contains(&n)) && named(base))
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
        PolicySpec { scope: self.scope.clone(), access: self.access, prefix: self.prefix.clone(), partition }
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

/// Everything that decides the policy's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySpec {
    pub scope: Scope,
    pub access: Access,
    pub prefix: Option<KeyPrefix>,
    pub partition: Partition,
}

/// An IAM policy document. Field order is the order IAM's own examples use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    pub version: &'static str,
    #[serde(rename = "Statement")]
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    pub sid: &'static str,
    pub effect: &'static str,
    #[serde(rename = "Action")]
    pub actions: Vec<&'static str>,
    #[serde(rename = "Resource")]
    pub resources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<serde_json::Value>,
}

const LIST_ALL_BUCKETS: &str = "s3:ListAllMyBuckets";
const LIST_BUCKET: &str = "s3:ListBucket";
const GET_BUCKET_LOCATION: &str = "s3:GetBucketLocation";
/// Large uploads are multipart: Pixelshift must be able to list and abort its unfinished uploads.
const LIST_MULTIPART_UPLOADS: &str = "s3:ListBucketMultipartUploads";
const OBJECT_READ: &[&str] = &["s3:GetObject"];
const OBJECT_READ_WRITE: &[&str] =
    &["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"];

impl PolicySpec {
    /// Builds the least-privilege document for this spec.
    #[must_use]
    pub fn document(&self) -> PolicyDocument {
        let arn = |resource: &str| format!("arn:{}:s3:::{resource}", self.partition);
        let names: Vec<&str> = match &self.scope {
            Scope::Buckets(buckets) => buckets.iter().map(BucketName::as_str).collect(),
            Scope::AllBuckets => vec!["*"],
        };
        let bucket_arns: Vec<String> = names.iter().map(|b| arn(b)).collect();
        let object_suffix = self.prefix.as_ref().map_or_else(|| "*".to_owned(), |p| format!("{p}*"));
        let object_arns: Vec<String> = names.iter().map(|b| arn(&format!("{b}/{object_suffix}"))).collect();

        let mut statements = Vec::new();
        if self.scope == Scope::AllBuckets {
            // Lets Pixelshift discover buckets; it is the only call that needs the `*` resource.
            statements.push(allow("ListAllBuckets", vec![LIST_ALL_BUCKETS], vec!["*".to_owned()]));
        }
        let mut bucket_actions = vec![GET_BUCKET_LOCATION];
        if self.prefix.is_none() {
            bucket_actions.push(LIST_BUCKET);
        }
        if self.access == Access::ReadWrite {
            bucket_actions.push(LIST_MULTIPART_UPLOADS);
        }
        statements.push(allow("BucketAccess", bucket_actions, bucket_arns.clone()));
        if let Some(prefix) = &self.prefix {
            // ListBucket is a bucket-level action, so the prefix can only narrow it through the
            // `s3:prefix` condition key; `StringLike` with `p*` also admits a listing of exactly `p`.
            let mut list = allow("ListPrefix", vec![LIST_BUCKET], bucket_arns);
            list.condition = Some(serde_json::json!({ "StringLike": { "s3:prefix": [format!("{prefix}*")] } }));
            statements.push(list);
        }
        let object_actions = match self.access {
            Access::ReadWrite => OBJECT_READ_WRITE,
            Access::ReadOnly => OBJECT_READ,
        };
        statements.push(allow("ObjectAccess", object_actions.to_vec(), object_arns));
        PolicyDocument { version: "2012-10-17", statements }
    }
}

fn allow(sid: &'static str, actions: Vec<&'static str>, resources: Vec<String>) -> Statement {
    Statement { sid, effect: "Allow", actions, resources, condition: None }
}

impl PolicyDocument {
    /// Pretty JSON with a trailing newline: what make-policy prints and attach-policy puts.
    #[must_use]
    pub fn to_pretty_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a policy document always serialises");
        text.push('\n');
        text
    }

    /// The size IAM counts against its limits.
    #[must_use]
    pub fn iam_size(&self) -> usize {
        iam_size(&self.to_pretty_json())
    }
}

/// Two policy documents are the same policy when they are the same JSON, whatever their whitespace
/// (IAM hands documents back in its own formatting). Text that is not JSON compares as text.
#[must_use]
pub fn same_document(a: &str, b: &str) -> bool {
    match (serde_json::from_str::<serde_json::Value>(a), serde_json::from_str::<serde_json::Value>(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The change from the attached document to the new one as a unified diff, both in make-policy's
/// formatting so that only real differences show (IAM hands documents back reformatted).
#[must_use]
pub fn diff(current: &str, new: &str) -> String {
    let pretty = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .map_or_else(|| text.to_owned(), |p| p + "\n")
    };
    let (current, new) = (pretty(current), pretty(new));
    similar::TextDiff::from_lines(&current, &new)
        .unified_diff()
        .context_radius(3)
        .header("attached now", "new")
        .to_string()
}

/// IAM's size of a policy document: its characters, whitespace not counted.
///
/// ```
/// use pixelshift_aws::domain::policy::iam_size;
/// assert_eq!(iam_size("{\n  \"Version\": \"2012-10-17\"\n}\n"), 24);
/// ```
#[must_use]
pub fn iam_size(document: &str) -> usize {
    document.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn buckets(names: &[&str]) -> Scope {
        Scope::buckets(names.iter().map(|n| BucketName::parse(n).unwrap())).unwrap().0
    }

    fn spec(scope: Scope, access: Access, prefix: Option<&str>, partition: Partition) -> PolicySpec {
        PolicySpec { scope, access, prefix: prefix.map(|p| KeyPrefix::parse(p).unwrap()), partition }
    }

    fn doc(spec: &PolicySpec) -> Value {
        serde_json::from_str(&spec.document().to_pretty_json()).unwrap()
    }

    #[test]
    fn read_write_buckets() {
        let got = doc(&spec(buckets(&["photos", "media"]), Access::ReadWrite, None, Partition::Aws));
        let want = json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "BucketAccess",
                    "Effect": "Allow",
                    "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
                    "Resource": ["arn:aws:s3:::media", "arn:aws:s3:::photos"]
                },
                {
                    "Sid": "ObjectAccess",
                    "Effect": "Allow",
                    "Action": ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
                               "s3:ListMultipartUploadParts", "s3:PutObject"],
                    "Resource": ["arn:aws:s3:::media/*", "arn:aws:s3:::photos/*"]
                }
            ]
        });
        assert_eq!(got, want);
    }

    #[test]
    fn read_only_buckets() {
        let got = doc(&spec(buckets(&["photos"]), Access::ReadOnly, None, Partition::Aws));
        let want = json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "BucketAccess",
                    "Effect": "Allow",
                    "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
                    "Resource": ["arn:aws:s3:::photos"]
                },
                {
                    "Sid": "ObjectAccess",
                    "Effect": "Allow",
                    "Action": ["s3:GetObject"],
                    "Resource": ["arn:aws:s3:::photos/*"]
                }
            ]
        });
        assert_eq!(got, want);
    }

    #[test]
    fn all_buckets() {
        let got = doc(&spec(Scope::AllBuckets, Access::ReadWrite, None, Partition::Aws));
        let statements = got["Statement"].as_array().unwrap();
        assert_eq!(
            statements[0],
            json!({"Sid": "ListAllBuckets", "Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": ["*"]})
        );
        assert_eq!(statements[1]["Resource"], json!(["arn:aws:s3:::*"]));
        assert_eq!(statements[2]["Resource"], json!(["arn:aws:s3:::*/*"]));
        assert_eq!(statements.len(), 3);
    }

    #[test]
    fn prefix_narrows_objects_and_listing() {
        let got = doc(&spec(buckets(&["photos"]), Access::ReadWrite, Some("pixelshift/"), Partition::Aws));
        let want = json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "BucketAccess",
                    "Effect": "Allow",
                    "Action": ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
                    "Resource": ["arn:aws:s3:::photos"]
                },
                {
                    "Sid": "ListPrefix",
                    "Effect": "Allow",
                    "Action": ["s3:ListBucket"],
                    "Resource": ["arn:aws:s3:::photos"],
                    "Condition": {"StringLike": {"s3:prefix": ["pixelshift/*"]}}
                },
                {
                    "Sid": "ObjectAccess",
                    "Effect": "Allow",
                    "Action": ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
                               "s3:ListMultipartUploadParts", "s3:PutObject"],
                    "Resource": ["arn:aws:s3:::photos/pixelshift/*"]
                }
            ]
        });
        assert_eq!(got, want);
    }

    #[test]
    fn prefix_with_all_buckets_and_read_only() {
        let got = doc(&spec(Scope::AllBuckets, Access::ReadOnly, Some("in/"), Partition::Aws));
        let statements = got["Statement"].as_array().unwrap();
        let sids: Vec<&str> = statements.iter().map(|s| s["Sid"].as_str().unwrap()).collect();
        assert_eq!(sids, ["ListAllBuckets", "BucketAccess", "ListPrefix", "ObjectAccess"]);
        assert_eq!(statements[1]["Action"], json!(["s3:GetBucketLocation"]));
        assert_eq!(statements[3]["Resource"], json!(["arn:aws:s3:::*/in/*"]));
        assert_eq!(statements[3]["Action"], json!(["s3:GetObject"]));
    }

    #[test]
    fn every_partition_appears_in_every_arn() {
        for partition in Partition::ALL {
            for scope in [buckets(&["photos"]), Scope::AllBuckets] {
                let text = spec(scope, Access::ReadWrite, Some("p/"), partition).document().to_pretty_json();
                let arns: Vec<&str> = text.match_indices("arn:").map(|(i, _)| &text[i..]).collect();
                assert!(!arns.is_empty());
                for arn in arns {
                    assert!(arn.starts_with(&format!("arn:{partition}:s3:::")), "{partition}: {arn}");
                }
            }
        }
    }

    #[test]
    fn explicit_actions_only() {
        for access in [Access::ReadWrite, Access::ReadOnly] {
            for scope in [buckets(&["photos"]), Scope::AllBuckets] {
                let document = spec(scope, access, None, Partition::Aws).document();
                for action in document.statements.iter().flat_map(|s| &s.actions) {
                    assert!(!action.contains('*'), "wildcard action {action}");
                    assert!(action.starts_with("s3:"));
                }
            }
        }
    }

    #[test]
    fn order_and_duplicates_do_not_change_the_bytes() {
        let a = spec(buckets(&["b-two", "a-one", "c-three"]), Access::ReadWrite, None, Partition::Aws);
        let b =
            spec(buckets(&["c-three", "a-one", "b-two", "a-one", "c-three"]), Access::ReadWrite, None, Partition::Aws);
        assert_eq!(a.document().to_pretty_json(), b.document().to_pretty_json());
    }

    #[test]
    fn patterns_absorb_the_names_they_cover() {
        let input = ["photos-raw", "photos-*", "media", "photos-*"].map(|n| BucketName::parse(n).unwrap());
        let (scope, covered) = Scope::buckets(input).unwrap();
        assert_eq!(scope, buckets(&["media", "photos-*"]));
        assert_eq!(
            covered,
            vec![Covered {
                bucket: BucketName::parse("photos-raw").unwrap(),
                by: BucketName::parse("photos-*").unwrap()
            }]
        );
        assert!(Scope::buckets(Vec::new()).is_none());
    }

    #[test]
    fn partition_from_arn() {
        assert_eq!(Partition::from_arn("arn:aws:iam::123456789012:user/a"), Some(Partition::Aws));
        assert_eq!(Partition::from_arn("arn:aws-cn:sts::123456789012:assumed-role/r/s"), Some(Partition::AwsCn));
        assert_eq!(Partition::from_arn("arn:aws-us-gov:iam::1:root"), Some(Partition::AwsUsGov));
        assert_eq!(Partition::from_arn("arn:nope:iam::1:root"), None);
        assert_eq!(Partition::from_arn("aws:iam"), None);
    }

    #[test]
    fn documents_compare_as_json() {
        assert!(same_document("{\"a\": [1, 2]}", "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n"));
        assert!(!same_document("{\"a\": [1, 2]}", "{\"a\": [2, 1]}"));
        assert!(same_document("not json", "not json"));
    }

    #[test]
    fn size_ignores_whitespace() {
        assert_eq!(iam_size("{ \"a\" :\n  [1, 2] }\n"), 11);
        let document = spec(buckets(&["photos"]), Access::ReadWrite, None, Partition::Aws).document();
        let compact = serde_json::to_string(&document).unwrap();
        assert_eq!(document.iam_size(), compact.len());
    }

    #[test]
    fn budget_fits_about_ten_long_names() {
        let names: Vec<String> =
            (0..10).map(|i| format!("customer-images-production-{i:02}-{}", "x".repeat(20))).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let ten = spec(buckets(&refs), Access::ReadWrite, None, Partition::Aws).document().iam_size();
        assert!(ten <= INLINE_BUDGET, "{ten}");
        let names: Vec<String> =
            (0..20).map(|i| format!("customer-images-production-{i:02}-{}", "x".repeat(20))).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let twenty = spec(buckets(&refs), Access::ReadWrite, None, Partition::Aws).document().iam_size();
        assert!(twenty > INLINE_BUDGET, "{twenty}");
    }

    #[test]
    fn a_long_bucket_list_splits_deterministically_within_the_managed_budget() {
        let names: Vec<String> = (0..60).map(|i| format!("customer-{i:02}-{}", "x".repeat(48))).collect();
        let choice = PolicyChoice {
            scope: buckets(&names.iter().map(String::as_str).collect::<Vec<_>>()),
            access: Access::ReadWrite,
            prefix: None,
            covered: Vec::new(),
        };
        assert!(choice.document(Partition::Aws).iam_size() > MANAGED_BUDGET);
        let chunks = choice.split(Partition::Aws, MANAGED_BUDGET).unwrap();
        assert_eq!(chunks.len(), 2, "as few documents as hold it");
        assert!(chunks.iter().all(|c| c.document(Partition::Aws).iam_size() <= MANAGED_BUDGET));
        let all: Vec<&BucketName> = chunks
            .iter()
            .flat_map(|c| match &c.scope {
                Scope::Buckets(list) => list.iter(),
                Scope::AllBuckets => unreachable!(),
            })
            .collect();
        assert_eq!(all.len(), 60, "every bucket once, in order");
        assert_eq!(chunks, choice.split(Partition::Aws, MANAGED_BUDGET).unwrap(), "the same split every time");
        assert_eq!(managed_name("pixelshift_access", "u", 0), "pixelshift_access.u");
        assert_eq!(managed_name("pixelshift_access", "u", 1), "pixelshift_access.u.2");
        assert_eq!(managed_index("pixelshift_access", "u", "pixelshift_access.u"), Some(0));
        assert_eq!(managed_index("pixelshift_access", "u", "pixelshift_access.u.2"), Some(1));
        assert_eq!(managed_index("pixelshift_access", "u", "pixelshift_access.u.11"), None);
        assert_eq!(managed_index("pixelshift_access", "u", "pixelshift_access.uu"), None);
        assert_eq!(managed_index("pixelshift_access", "u", "other.u"), None);
        let arn = managed_arn(Partition::AwsCn, "123456789012", "pixelshift_access.u");
        assert_eq!(arn, "arn:aws-cn:iam::123456789012:policy/pixelshift-aws/pixelshift_access.u");
        assert!(is_managed_path(&arn));
        assert!(!is_managed_path("arn:aws:iam::123456789012:policy/pixelshift_access.u"));
        let ours = "arn:aws:iam::1:policy/pixelshift-aws/p.u.2";
        assert!(made_for("u", "p.u.2", ours, None));
        assert!(made_for("u", "p.u", "arn:aws:iam::1:policy/pixelshift-aws/p.u", None));
        assert!(!made_for("u", "p.xu", "arn:aws:iam::1:policy/pixelshift-aws/p.xu", None));
        assert!(!made_for("u", "p.u", "arn:aws:iam::1:policy/p.u", None));
        let tagged = [("pixelshift-aws:user".to_owned(), "u.2".to_owned())];
        assert!(!made_for("u", "p.u.2", ours, Some(&tagged)), "the tag settles whose it is");
        assert!(made_for("u.2", "p.u.2", ours, Some(&tagged)));
        assert!(made_for("u.2", "p.u.2", ours, None), "user `u.2`'s first part");
        assert!(!is_managed_path("arn:aws:iam::123456789012:policy/pixelshift-aws/deeper/pixelshift_access.u"));
    }
}
