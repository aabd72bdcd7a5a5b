//! Why a check the user's own policy grants was still refused, from what the admin side can read: a
//! bucket policy's Deny, a permissions boundary that does not allow the action, a bucket encrypted
//! with a KMS key the policy cannot use. Where none of those explains it, what is left is named
//! (an SCP of the Organization, which a member account cannot read, or a VPC endpoint policy).
//! Pure: the documents come in, a cause goes out.

use serde_json::Value;

use super::policy::{Access, Partition};
use super::verify::{Check, Expected, statements, strings};

/// What refused a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// A Deny statement of the bucket's policy (`sid` when it has one; `condition` when it applies
    /// only under a condition this cannot evaluate, as [`describe_condition`] names it).
    BucketPolicy { bucket: String, sid: Option<String>, condition: Option<String> },
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
            Cause::BucketPolicy { bucket, sid, condition } => format!(
                "denied by bucket policy statement {} of `{bucket}`{}",
                sid_of(sid.as_deref()),
                condition.as_deref().map(|c| format!(" (under the condition {c})")).unwrap_or_default()
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

/// A statement's Sid as a message names it.
fn sid_of(sid: Option<&str>) -> String {
    sid.map_or_else(|| "(no Sid)".to_owned(), |sid| format!("`{sid}`"))
}

/// The Deny statement of a bucket policy that refuses `action` on `resource` to the user (by its
/// ARN, its account, or everyone): its Sid, and the condition that limits it, if one does. A Deny
/// only of requests without TLS is passed over: the tool and Pixelshift always use TLS, so it never
/// applies (and it is in most production bucket policies).
#[must_use]
pub fn denying_statement(
    policy: &Value,
    action: &str,
    resource: &str,
    user_arn: &str,
) -> Option<(Option<String>, Option<String>)> {
    let account = user_arn.split(':').nth(4).unwrap_or_default();
    statements(policy).into_iter().filter(|s| s["Effect"] == "Deny" && !only_without_tls(&s["Condition"])).find_map(
        |s| {
            let applies = principal_matches(&s["Principal"], user_arn, account)
                && strings(&s["Action"]).iter().any(|a| glob(a, action, true))
                && strings(&s["Resource"]).iter().any(|r| glob(r, resource, false));
            let condition = s.get("Condition").map(describe_condition);
            applies.then(|| (s["Sid"].as_str().map(str::to_owned), condition))
        },
    )
}

/// A bucket policy's Deny that will refuse one of Pixelshift's calls to the user, found before
/// anything is written: the action, the statement's Sid, and the condition it applies under.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PolicyDeny {
    pub action: &'static str,
    pub sid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

impl PolicyDeny {
    /// The warning a plan gives for it.
    #[must_use]
    pub fn describe(&self, bucket: &str, user: &str) -> String {
        match &self.condition {
            None => format!(
                "the bucket policy of `{bucket}` denies {} to `{user}` (statement {}): Pixelshift's calls will fail                  there until its Deny leaves `{user}` out",
                self.action,
                sid_of(self.sid.as_deref())
            ),
            Some(condition) => format!(
                "the bucket policy of `{bucket}` denies {} to `{user}` under the condition {condition} (statement                  {}): Pixelshift's requests there must meet it",
                self.action,
                sid_of(self.sid.as_deref())
            ),
        }
    }
}

/// Every Deny of a bucket's `policy` that refuses one of the calls `access` needs to `user_arn`, on
/// the bucket (listing) or on `object` (a key under the policy's prefix), in check order.
#[must_use]
pub fn denials_in(
    policy: &Value,
    bucket: &str,
    object: &str,
    access: Access,
    user_arn: &str,
    partition: Partition,
) -> Vec<PolicyDeny> {
    Check::ALL
        .into_iter()
        .filter(|check| check.expected(access) == Expected::Allow)
        .filter_map(|check| {
            let action = action_of(check);
            let (sid, condition) =
                denying_statement(policy, action, &resource_of(check, bucket, object, partition), user_arn)?;
            Some(PolicyDeny { action, sid, condition })
        })
        .collect()
}

/// A condition block as `Operator key, Operator key` (values left out: they may be long, and the
/// Sid leads to them).
#[must_use]
pub fn describe_condition(condition: &Value) -> String {
    let Some(operators) = condition.as_object() else { return "?".to_owned() };
    let parts: Vec<String> = operators
        .iter()
        .flat_map(|(operator, keys)| {
            let keys: Vec<&String> = keys.as_object().map(|k| k.keys().collect()).unwrap_or_default();
            keys.into_iter().map(move |key| format!("{operator} {key}"))
        })
        .collect();
    if parts.is_empty() { "?".to_owned() } else { parts.join(", ") }
}

/// Whether a condition block holds only for requests made without TLS: `Bool` (or
/// `BoolIfExists`) `aws:SecureTransport` = false, and nothing else.
fn only_without_tls(condition: &Value) -> bool {
    let Some(operators) = condition.as_object() else { return false };
    operators.len() == 1
        && operators.iter().all(|(operator, keys)| {
            let Some(keys) = keys.as_object() else { return false };
            (operator == "Bool" || operator == "BoolIfExists")
                && keys.len() == 1
                && keys.iter().all(|(key, value)| {
                    key.eq_ignore_ascii_case("aws:SecureTransport")
                        && match value {
                            Value::Bool(b) => !b,
                            Value::String(s) => s.eq_ignore_ascii_case("false"),
                            Value::Array(list) => list.iter().all(|v| *v == "false" || *v == false),
                            _ => false,
                        }
                })
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
            Some((Some("NoWrites".to_owned()), None))
        );
        assert_eq!(denying_statement(&policy, "s3:GetObject", &object, USER), None, "an Allow is not a denial");
        let someone_else = "arn:aws:iam::123456789012:user/other";
        let only_them = json!({"Statement": {"Effect": "Deny", "Principal": {"AWS": someone_else}, "Action": "s3:*", "Resource": "*"}});
        assert_eq!(denying_statement(&only_them, "s3:PutObject", &object, USER), None);
        let account = json!({"Statement": {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}});
        assert_eq!(
            denying_statement(&account, "s3:PutObject", &object, USER),
            Some((None, Some("StringNotEquals s3:x-amz-server-side-encryption".to_owned())))
        );
    }

    #[test]
    fn a_deny_only_without_tls_never_applies_and_the_plan_names_the_rest() {
        let policy = json!({"Statement": [
            {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::bp-a", "arn:aws:s3:::bp-a/*"],
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Sid": "NoDeletes", "Effect": "Deny", "Principal": {"AWS": "123456789012"}, "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::bp-a/*"},
            {"Sid": "Encrypted", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bp-a/*",
             "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}}
        ]});
        let found = denials_in(&policy, "bp-a", "img/x", Access::ReadWrite, USER, Partition::Aws);
        assert_eq!(
            found,
            vec![
                PolicyDeny {
                    action: "s3:PutObject",
                    sid: Some("Encrypted".into()),
                    condition: Some("Null s3:x-amz-server-side-encryption".into())
                },
                PolicyDeny { action: "s3:DeleteObject", sid: Some("NoDeletes".into()), condition: None },
            ]
        );
        assert!(found[1].describe("bp-a", "pix").contains("statement `NoDeletes`"));
        assert_eq!(
            denials_in(&policy, "bp-a", "img/x", Access::ReadOnly, USER, Partition::Aws),
            vec![],
            "reads are not denied"
        );
        let tls_as_list = json!({"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:securetransport": [false]}}}});
        assert_eq!(denying_statement(&tls_as_list, "s3:GetObject", "arn:aws:s3:::b/k", USER), None);
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
