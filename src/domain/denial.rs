//! Why a check the user's own policy grants was still refused, from what the admin side can read: a
//! bucket policy's Deny, a permissions boundary that does not allow the action, a bucket encrypted
//! with a KMS key the policy cannot use. Where none of those explains it, what is left is named
//! (an SCP of the Organization, which a member account cannot read, or a VPC endpoint policy).
//! Pure: the documents come in, a cause goes out.

use serde_json::Value;

use super::policy::Partition;
use super::verify::{Check, statements, strings};

/// What refused a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// A Deny statement of the bucket's policy (`sid` when it has one; `conditional` when it applies
    /// only under a condition this cannot evaluate).
    BucketPolicy { bucket: String, sid: Option<String>, conditional: bool },
    /// The user's permissions boundary does not allow the action.
    Boundary { arn: String },
    /// The bucket encrypts with this customer-managed KMS key.
    KmsKey { key: String },
    /// Nothing readable explains it.
    Unexplained,
}

impl Cause {
    /// What denies, for the verdict's message.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Cause::BucketPolicy { bucket, sid, conditional } => format!(
                "denied by bucket policy statement {} of `{bucket}`{}",
                sid.as_deref().map_or_else(|| "(no Sid)".to_owned(), |sid| format!("`{sid}`")),
                if *conditional { " (under a condition)" } else { "" }
            ),
            Cause::Boundary { arn } => format!("not allowed by permissions boundary `{arn}`"),
            Cause::KmsKey { key } => format!("the bucket encrypts with KMS key `{key}`"),
            Cause::Unexplained => {
                "nothing the admin credentials can read denies it: an SCP of the Organization or a VPC endpoint \
                 policy is what is left"
                    .to_owned()
            }
        }
    }

    /// The fix, for the verdict's hint.
    #[must_use]
    pub fn fix(&self, user: &str) -> String {
        match self {
            Cause::BucketPolicy { bucket, .. } => format!(
                "change the bucket policy of `{bucket}` (aws s3api get-bucket-policy --bucket {bucket}) so its Deny \
                 leaves `{user}` out"
            ),
            Cause::Boundary { arn } => {
                format!("allow the S3 actions in the boundary `{arn}`, or remove it from `{user}`")
            }
            Cause::KmsKey { key } => format!(
                "run `pixelshift-aws attach-policy --user-name {user} --bucket …` again (it adds the KMS statement), \
                 and make sure the key policy of `{key}` lets the account use it"
            ),
            Cause::Unexplained => {
                "ask whoever manages the Organization's SCPs (or the VPC endpoint policy) to allow the S3 actions"
                    .to_owned()
            }
        }
    }
}

/// The IAM action a check performs.
#[must_use]
pub fn action_of(check: Check) -> &'static str {
    match check {
        Check::List => "s3:ListBucket",
        Check::Read => "s3:GetObject",
        Check::Write => "s3:PutObject",
        Check::Delete => "s3:DeleteObject",
    }
}

/// The resource a check acts on: the bucket for a listing, an object under the probe folder else.
#[must_use]
pub fn resource_of(check: Check, bucket: &str, object: &str, partition: Partition) -> String {
    match check {
        Check::List => format!("arn:{partition}:s3:::{bucket}"),
        _ => format!("arn:{partition}:s3:::{bucket}/{object}"),
    }
}

/// The Deny statement of a bucket policy that refuses `action` on `resource` to the user (by its
/// ARN, its account, or everyone): its Sid, and whether a condition limits it.
#[must_use]
pub fn denying_statement(
    policy: &Value,
    action: &str,
    resource: &str,
    user_arn: &str,
) -> Option<(Option<String>, bool)> {
    let account = user_arn.split(':').nth(4).unwrap_or_default();
    statements(policy).into_iter().filter(|s| s["Effect"] == "Deny").find_map(|s| {
        let applies = principal_matches(&s["Principal"], user_arn, account)
            && strings(&s["Action"]).iter().any(|a| glob(a, action, true))
            && strings(&s["Resource"]).iter().any(|r| glob(r, resource, false));
        applies.then(|| (s["Sid"].as_str().map(str::to_owned), s.get("Condition").is_some()))
    })
}

/// Whether an identity policy (a permissions boundary) allows `action` on `resource`: some Allow
/// names both, and no unconditional Deny does. Conditions are not evaluated (an Allow under one
/// counts as allowing).
#[must_use]
pub fn allows(document: &Value, action: &str, resource: &str) -> bool {
    let all = statements(document);
    let names = |s: &Value| {
        strings(&s["Action"]).iter().any(|a| glob(a, action, true))
            && strings(&s["Resource"]).iter().any(|r| glob(r, resource, false))
    };
    let allowed = all.iter().any(|s| s["Effect"] == "Allow" && names(s));
    let denied = all.iter().any(|s| s["Effect"] == "Deny" && s.get("Condition").is_none() && names(s));
    allowed && !denied
}

fn principal_matches(principal: &Value, user_arn: &str, account: &str) -> bool {
    let named = match principal {
        Value::String(s) => vec![s.clone()],
        Value::Object(map) => map.get("AWS").map(strings).unwrap_or_default(),
        _ => Vec::new(),
    };
    named.iter().any(|p| p == "*" || p == user_arn || p == account || p.ends_with(&format!(":{account}:root")))
}

/// IAM's wildcard match: `*` any run of characters, `?` one (actions case-insensitively).
fn glob(pattern: &str, value: &str, fold_case: bool) -> bool {
    let (pattern, value): (Vec<char>, Vec<char>) = if fold_case {
        (pattern.to_lowercase().chars().collect(), value.to_lowercase().chars().collect())
    } else {
        (pattern.chars().collect(), value.chars().collect())
    };
    let (mut p, mut v, mut star, mut mark) = (0, 0, None, 0);
    while v < value.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == value[v]) {
            p += 1;
            v += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            mark = v;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            v = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const USER: &str = "arn:aws:iam::123456789012:user/pix";

    #[test]
    fn a_bucket_policy_deny_is_found_by_its_sid() {
        let policy = json!({"Statement": [
            {"Sid": "Reads", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bp-a/*"},
            {"Sid": "NoWrites", "Effect": "Deny", "Principal": {"AWS": [USER]}, "Action": ["s3:Put*"], "Resource": "arn:aws:s3:::bp-a/*"}
        ]});
        let object = resource_of(Check::Write, "bp-a", ".pixelshift-verify/x", Partition::Aws);
        assert_eq!(
            denying_statement(&policy, "s3:PutObject", &object, USER),
            Some((Some("NoWrites".to_owned()), false))
        );
        assert_eq!(denying_statement(&policy, "s3:GetObject", &object, USER), None, "an Allow is not a denial");
        let someone_else = "arn:aws:iam::123456789012:user/other";
        let only_them = json!({"Statement": {"Effect": "Deny", "Principal": {"AWS": someone_else}, "Action": "s3:*", "Resource": "*"}});
        assert_eq!(denying_statement(&only_them, "s3:PutObject", &object, USER), None);
        let account = json!({"Statement": {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}});
        assert_eq!(denying_statement(&account, "s3:PutObject", &object, USER), Some((None, true)));
    }

    #[test]
    fn a_boundary_allows_by_wildcards_and_an_unconditional_deny_wins() {
        let boundary = json!({"Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]});
        assert!(allows(&boundary, "s3:GetObject", "arn:aws:s3:::b/k"));
        assert!(!allows(&boundary, "s3:PutObject", "arn:aws:s3:::b/k"));
        let denying = json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}
        ]});
        assert!(!allows(&denying, "s3:DeleteObject", "arn:aws:s3:::b/k"));
        assert!(glob("s3:*Object", "s3:PutObject", true) && glob("a?c", "abc", false) && !glob("a?c", "ac", false));
    }
}
