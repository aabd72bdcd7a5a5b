//! S3 names: bucket names (or trailing-`*` patterns) under S3's general purpose naming rules, the
//! key prefix that narrows object access, and the nearest existing bucket to a typo.

use std::fmt;

use super::{NameError, NameKind, Rule};

/// Prefixes S3 reserves for its own names (general purpose bucket naming rules).
/// `sthree-configurator` is also listed by AWS; `sthree-` covers it.
const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "amzn-s3-demo-"];
/// Suffixes S3 reserves: access point aliases, Object Lambda aliases, Multi-Region Access Points,
/// directory buckets and table buckets.
const RESERVED_SUFFIXES: &[&str] = &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// An S3 bucket name, or a trailing-`*` pattern such as `photos-*` that matches every bucket whose
/// name starts with `photos-`. Ordering is by the name's text, which keeps policies deterministic.
///
/// ```
/// use pixelshift_aws::domain::names::BucketName;
/// assert!(BucketName::parse("photos-*").unwrap().is_pattern());
/// let err = BucketName::parse("Photos").unwrap_err();
/// assert_eq!(err.to_string(), "invalid bucket name `Photos`: bucket names cannot contain uppercase letters");
/// assert_eq!(err.hint().as_deref(), Some("did you mean `photos`?"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BucketName(String);

impl BucketName {
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 63;

    pub fn parse(value: &str) -> Result<Self, NameError> {
        let fail = |rule| Err(NameError { kind: NameKind::Bucket, value: value.to_owned(), rule });
        if value.is_empty() {
            return fail(Rule::Empty);
        }
        if value == "*" {
            return fail(Rule::LoneWildcard);
        }
        let (stem, pattern) = match value.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (value, false),
        };
        if stem.contains('*') {
            return fail(Rule::WildcardNotLast);
        }
        if stem.chars().any(|c| c.is_ascii_uppercase()) {
            return fail(Rule::Uppercase);
        }
        if let Some(c) =
            stem.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
        {
            return fail(Rule::BucketCharacter(c));
        }
        // A pattern's stem is a prefix of real names, so only rules about the start and the
        // characters apply to it; the `*` may stand for the rest, including the required last letter.
        if !pattern && stem.len() < Self::MIN_LEN {
            return fail(Rule::TooShort { min: Self::MIN_LEN });
        }
        if stem.len() > Self::MAX_LEN || (pattern && stem.len() == Self::MAX_LEN) {
            return fail(Rule::TooLong { max: Self::MAX_LEN });
        }
        if !stem.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
            return fail(Rule::BadStart);
        }
        if !pattern && !stem.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
            return fail(Rule::BadEnd);
        }
        if stem.contains("..") {
            return fail(Rule::AdjacentPeriods);
        }
        if !pattern && looks_like_ipv4(stem) {
            return fail(Rule::IpAddress);
        }
        if let Some(p) = RESERVED_PREFIXES.iter().find(|p| stem.starts_with(*p)) {
            return fail(Rule::ReservedPrefix(p));
        }
        if !pattern && let Some(s) = RESERVED_SUFFIXES.iter().find(|s| stem.ends_with(*s)) {
            return fail(Rule::ReservedSuffix(s));
        }
        Ok(Self(value.to_owned()))
    }

    /// True for a trailing-`*` pattern (`photos-*`).
    #[must_use]
    pub fn is_pattern(&self) -> bool {
        self.0.ends_with('*')
    }

    /// True when this name or pattern matches every bucket `other` can match.
    #[must_use]
    pub fn covers(&self, other: &BucketName) -> bool {
        match self.0.strip_suffix('*') {
            Some(stem) => self != other && other.0.starts_with(stem),
            None => false,
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BucketName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A key prefix that narrows object access inside each bucket, such as `pixelshift/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyPrefix(String);

impl KeyPrefix {
    /// S3's maximum object key length, in bytes.
    pub const MAX_LEN: usize = 1024;

    pub fn parse(value: &str) -> Result<Self, NameError> {
        let fail = |rule| Err(NameError { kind: NameKind::Prefix, value: value.to_owned(), rule });
        if value.is_empty() {
            return fail(Rule::Empty);
        }
        if value.starts_with('/') {
            return fail(Rule::LeadingSlash);
        }
        // `*`, `?` and `${…}` are wildcards and policy variables in `StringLike` and resource ARNs;
        // granting them literally is impossible, and silently widening access is worse.
        if let Some(c) = value.chars().find(|c| matches!(c, '*' | '?' | '$')) {
            return fail(Rule::PolicyWildcard(c));
        }
        if value.chars().any(char::is_control) {
            return fail(Rule::ControlCharacter);
        }
        if value.len() > Self::MAX_LEN {
            return fail(Rule::TooLong { max: Self::MAX_LEN });
        }
        Ok(Self(value.to_owned()))
    }

    /// A prefix without a trailing `/` also matches sibling keys (`raw` matches `raw-old/…`).
    #[must_use]
    pub fn is_folder(&self) -> bool {
        self.0.ends_with('/')
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// S3 refuses names "formatted as an IP address": four dot-separated groups of 1–3 digits.
fn looks_like_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The existing bucket a typed name was most likely meant to be: the nearest by edit distance, when
/// it is near enough to be a typo (at most two edits, and fewer than a third of the name).
#[must_use]
pub fn closest<'a>(name: &str, existing: &'a [String]) -> Option<&'a str> {
    let limit = 2.min(name.chars().count().saturating_sub(1) / 3).max(1);
    existing
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance > 0 && *distance <= limit && candidate.as_str() != name)
        .min()
        .map(|(_, candidate)| candidate.as_str())
}
