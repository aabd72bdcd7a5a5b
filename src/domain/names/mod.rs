//! Validated names: IAM user names, inline policy names and S3 bucket names (or trailing-`*` patterns).
//!
//! Every rule is checked here, before any network call, so a typo costs the user a clear one-line error
//! instead of a half-done setup. The rules are IAM's and S3's own (IAM `CreateUser` / `PutUserPolicy`
//! limits, S3's general purpose bucket naming rules); each broken rule has its own message and fix.

mod bucket;

pub use bucket::{BucketName, KeyPrefix, closest};

use std::fmt;

/// What kind of name a value was meant to be; used in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    User,
    Policy,
    Bucket,
    Prefix,
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameKind::User => "IAM user name",
            NameKind::Policy => "policy name",
            NameKind::Bucket => "bucket name",
            NameKind::Prefix => "object key prefix",
        })
    }
}

/// The one rule a name broke. Each variant names the rule in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    Empty,
    TooShort { min: usize },
    TooLong { max: usize },
    IamCharacter(char),
    Uppercase,
    BucketCharacter(char),
    BadStart,
    BadEnd,
    AdjacentPeriods,
    IpAddress,
    ReservedPrefix(&'static str),
    ReservedSuffix(&'static str),
    LoneWildcard,
    WildcardNotLast,
    LeadingSlash,
    PolicyWildcard(char),
    ControlCharacter,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Empty => f.write_str("it is empty"),
            Rule::TooShort { min } => write!(f, "it must be at least {min} characters long"),
            Rule::TooLong { max } => write!(f, "it must be at most {max} characters long"),
            Rule::IamCharacter(c) => {
                write!(f, "{} is not allowed; use only letters, digits and + = , . @ _ -", describe(*c))
            }
            Rule::Uppercase => f.write_str("bucket names cannot contain uppercase letters"),
            Rule::BucketCharacter(c) => {
                write!(f, "{} is not allowed; use only lowercase letters, digits, '.' and '-'", describe(*c))
            }
            Rule::BadStart => f.write_str("it must start with a lowercase letter or a digit"),
            Rule::BadEnd => f.write_str("it must end with a lowercase letter or a digit"),
            Rule::AdjacentPeriods => f.write_str("it must not contain two adjacent periods ('..')"),
            Rule::IpAddress => f.write_str("it must not be formatted as an IP address"),
            Rule::ReservedPrefix(p) => write!(f, "the prefix `{p}` is reserved by AWS"),
            Rule::ReservedSuffix(s) => write!(f, "the suffix `{s}` is reserved by AWS"),
            Rule::LoneWildcard => f.write_str("a bare `*` would match every bucket"),
            Rule::WildcardNotLast => f.write_str("`*` is only allowed as the last character"),
            Rule::LeadingSlash => f.write_str("S3 object keys do not start with '/'"),
            Rule::PolicyWildcard(c) => {
                write!(f, "'{c}' has a special meaning in IAM policy patterns and cannot be granted literally")
            }
            Rule::ControlCharacter => f.write_str("it contains a control character"),
        }
    }
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        c if c.is_control() => format!("the control character {c:?}"),
        c => format!("'{c}'"),
    }
}

/// A name that broke a rule: the value, what it was meant to be, and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} `{value}`: {rule}")]
pub struct NameError {
    pub kind: NameKind,
    pub value: String,
    pub rule: Rule,
}

impl NameError {
    /// A concrete fix for the user, where one can be computed or stated.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match (&self.kind, &self.rule) {
            (NameKind::Bucket, Rule::Uppercase | Rule::BucketCharacter('_' | ' ')) => {
                // Offer the obvious repair only when it is itself a valid name.
                let repaired = self.value.to_lowercase().replace(['_', ' '], "-");
                BucketName::parse(&repaired).ok().map(|b| format!("did you mean `{b}`?"))
            }
            (NameKind::Bucket, Rule::LoneWildcard) => {
                Some("use --all-buckets to grant every bucket (not recommended)".to_owned())
            }
            (NameKind::Prefix, Rule::LeadingSlash) => {
                Some(format!("did you mean `{}`?", self.value.trim_start_matches('/')))
            }
            (NameKind::Bucket, Rule::BucketCharacter(':' | '/')) => Some(
                "pass the bucket's name only, not an ARN, URL or object path (`my-bucket`, not `s3://my-bucket/`)"
                    .to_owned(),
            ),
            _ => None,
        }
    }
}

const IAM_EXTRA: &[char] = &['+', '=', ',', '.', '@', '_', '-'];

fn check_iam(kind: NameKind, value: &str, max: usize) -> Result<(), NameError> {
    let fail = |rule| Err(NameError { kind, value: value.to_owned(), rule });
    if value.is_empty() {
        return fail(Rule::Empty);
    }
    if let Some(c) = value.chars().find(|c| !(c.is_ascii_alphanumeric() || IAM_EXTRA.contains(c))) {
        return fail(Rule::IamCharacter(c));
    }
    if value.len() > max {
        return fail(Rule::TooLong { max });
    }
    Ok(())
}

/// An IAM user name: 1–64 characters of `A-Za-z0-9+=,.@_-` (IAM `CreateUser`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserName(String);

impl UserName {
    pub const MAX_LEN: usize = 64;
    pub const DEFAULT: &'static str = "iam_pixelshift";

    pub fn parse(value: &str) -> Result<Self, NameError> {
        check_iam(NameKind::User, value, Self::MAX_LEN)?;
        Ok(Self(value.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An inline policy name: 1–128 characters of `A-Za-z0-9+=,.@_-` (IAM `PutUserPolicy`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PolicyName(String);

impl PolicyName {
    pub const MAX_LEN: usize = 128;
    pub const DEFAULT: &'static str = "pixelshift_access";

    pub fn parse(value: &str) -> Result<Self, NameError> {
        check_iam(NameKind::Policy, value, Self::MAX_LEN)?;
        Ok(Self(value.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for PolicyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests;
