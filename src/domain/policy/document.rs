//! The policy document: the least-privilege statements a spec renders to, its JSON, its IAM size,
//! and how two documents compare and differ.

use serde::Serialize;

use super::{Access, Partition, Scope};
use crate::domain::names::{BucketName, KeyPrefix};

/// Everything that decides the policy's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySpec {
    pub scope: Scope,
    pub access: Access,
    pub prefix: Option<KeyPrefix>,
    pub partition: Partition,
    /// Customer-managed KMS key ARNs the buckets encrypt with (see [`super::kms`]).
    pub kms_keys: Vec<String>,
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
        if !self.kms_keys.is_empty() {
            statements.push(super::kms::statement(&self.kms_keys, self.access, self.partition));
        }
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
