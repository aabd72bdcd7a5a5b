//! Validated names: IAM user names, inline policy names and S3 bucket names (or trailing-`*` patterns).
//!
//! Every rule is checked here, before any network call, so a typo costs the user a clear one-line error
//! instead of a half-done setup. The rules are IAM's and S3's own (IAM `CreateUser` / `PutUserPolicy`
//! limits, S3's general purpose bucket naming rules); each broken rule has its own message and fix.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_its_bucket() {
        let existing = ["demo-photos", "demo-thumbnails", "demo-archive", "ab"].map(str::to_owned);
        assert_eq!(closest("demo-phtos", &existing), Some("demo-photos"));
        assert_eq!(closest("demo-photso", &existing), Some("demo-photos"), "a transposition is one edit");
        assert_eq!(closest("demo-thumbnail", &existing), Some("demo-thumbnails"));
        assert_eq!(closest("demo-photos", &existing), None, "an exact name is not a typo");
        assert_eq!(closest("production-logs", &existing), None, "nothing near");
        assert_eq!(closest("xy", &existing), None, "two short names are not near by accident");
    }

    fn bucket_rule(value: &str) -> Option<Rule> {
        BucketName::parse(value).err().map(|e| e.rule)
    }

    /// One row per rule, with the passing side of the same rule beside it.
    #[test]
    fn bucket_rules_both_sides() {
        let long = "a".repeat(63);
        let too_long = "a".repeat(64);
        let rows: &[(&str, Option<Rule>)] = &[
            // length 3–63
            ("abc", None),
            ("ab", Some(Rule::TooShort { min: 3 })),
            (&long, None),
            (&too_long, Some(Rule::TooLong { max: 63 })),
            ("", Some(Rule::Empty)),
            // characters
            ("my-bucket.2024", None),
            ("My-bucket", Some(Rule::Uppercase)),
            ("my_bucket", Some(Rule::BucketCharacter('_'))),
            ("my bucket", Some(Rule::BucketCharacter(' '))),
            ("s3://my-bucket", Some(Rule::BucketCharacter(':'))),
            ("my-bücket", Some(Rule::BucketCharacter('ü'))),
            // starts and ends with a letter or digit
            ("1bucket9", None),
            ("-bucket", Some(Rule::BadStart)),
            (".bucket", Some(Rule::BadStart)),
            ("bucket-", Some(Rule::BadEnd)),
            ("bucket.", Some(Rule::BadEnd)),
            // adjacent periods
            ("my.bucket", None),
            ("my..bucket", Some(Rule::AdjacentPeriods)),
            // IPv4 shape
            ("192.168.5.4", Some(Rule::IpAddress)),
            ("192.168.5.4a", None),
            ("192.168.5", None),
            ("1.2.3.4.5", None),
            // reserved prefixes
            ("xn--bucket", Some(Rule::ReservedPrefix("xn--"))),
            ("xn-bucket", None),
            ("sthree-bucket", Some(Rule::ReservedPrefix("sthree-"))),
            ("sthree-configurator-x", Some(Rule::ReservedPrefix("sthree-"))),
            ("sthreebucket", None),
            ("amzn-s3-demo-bucket", Some(Rule::ReservedPrefix("amzn-s3-demo-"))),
            ("amzn-s3-bucket", None),
            // reserved suffixes
            ("bucket-s3alias", Some(Rule::ReservedSuffix("-s3alias"))),
            ("bucket-s3aliases", None),
            ("bucket--ol-s3", Some(Rule::ReservedSuffix("--ol-s3"))),
            ("bucket-ol-s3", None),
            ("bucket.mrap", Some(Rule::ReservedSuffix(".mrap"))),
            ("bucket-mrap", None),
            ("bucket--x-s3", Some(Rule::ReservedSuffix("--x-s3"))),
            ("bucket-x-s3", None),
            ("bucket--table-s3", Some(Rule::ReservedSuffix("--table-s3"))),
            ("bucket-table-s3", None),
            // trailing-* patterns
            ("photos-*", None),
            ("p*", None),
            ("*", Some(Rule::LoneWildcard)),
            ("pho*tos", Some(Rule::WildcardNotLast)),
            ("*photos", Some(Rule::WildcardNotLast)),
            ("Photos-*", Some(Rule::Uppercase)),
            ("-photos*", Some(Rule::BadStart)),
            ("xn--photos*", Some(Rule::ReservedPrefix("xn--"))),
            ("photos..*", Some(Rule::AdjacentPeriods)),
        ];
        for (value, expected) in rows {
            assert_eq!(&bucket_rule(value), expected, "bucket name {value:?}");
        }
    }

    #[test]
    fn pattern_stem_length_is_bounded() {
        let stem = "a".repeat(62);
        assert!(BucketName::parse(&format!("{stem}*")).is_ok());
        let stem = "a".repeat(63);
        assert_eq!(bucket_rule(&format!("{stem}*")), Some(Rule::TooLong { max: 63 }));
    }

    #[test]
    fn iam_user_names() {
        let max = "u".repeat(64);
        let over = "u".repeat(65);
        let rows: &[(&str, Option<Rule>)] = &[
            ("iam_pixelshift", None),
            ("A+b=c,d.e@f_g-h9", None),
            (&max, None),
            (&over, Some(Rule::TooLong { max: 64 })),
            ("", Some(Rule::Empty)),
            ("has space", Some(Rule::IamCharacter(' '))),
            ("slash/name", Some(Rule::IamCharacter('/'))),
            ("colon:name", Some(Rule::IamCharacter(':'))),
            ("ümlaut", Some(Rule::IamCharacter('ü'))),
        ];
        for (value, expected) in rows {
            assert_eq!(&UserName::parse(value).err().map(|e| e.rule), expected, "user name {value:?}");
        }
    }

    #[test]
    fn iam_policy_names() {
        let max = "p".repeat(128);
        let over = "p".repeat(129);
        let rows: &[(&str, Option<Rule>)] = &[
            ("pixelshift_access", None),
            (&max, None),
            (&over, Some(Rule::TooLong { max: 128 })),
            ("", Some(Rule::Empty)),
            ("bad*name", Some(Rule::IamCharacter('*'))),
        ];
        for (value, expected) in rows {
            assert_eq!(&PolicyName::parse(value).err().map(|e| e.rule), expected, "policy name {value:?}");
        }
    }

    #[test]
    fn errors_name_the_value_and_the_rule() {
        let err = BucketName::parse("My_Bucket").unwrap_err();
        assert_eq!(err.to_string(), "invalid bucket name `My_Bucket`: bucket names cannot contain uppercase letters");
        assert_eq!(err.hint().as_deref(), Some("did you mean `my-bucket`?"));
        assert_eq!(BucketName::parse("-Bad").unwrap_err().hint(), None, "no hint when the repair is invalid too");
        let err = UserName::parse("bad user").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid IAM user name `bad user`: a space is not allowed; use only letters, digits and + = , . @ _ -"
        );
    }

    #[test]
    fn key_prefixes() {
        let rows: &[(&str, Option<Rule>)] = &[
            ("uploads/", None),
            ("pixelshift/in progress/", None),
            ("", Some(Rule::Empty)),
            ("/uploads/", Some(Rule::LeadingSlash)),
            ("up*", Some(Rule::PolicyWildcard('*'))),
            ("up?", Some(Rule::PolicyWildcard('?'))),
            ("${aws:username}/", Some(Rule::PolicyWildcard('$'))),
            ("a\nb", Some(Rule::ControlCharacter)),
        ];
        for (value, expected) in rows {
            assert_eq!(&KeyPrefix::parse(value).err().map(|e| e.rule), expected, "prefix {value:?}");
        }
        assert_eq!(KeyPrefix::parse(&"k".repeat(1025)).err().map(|e| e.rule), Some(Rule::TooLong { max: 1024 }));
        assert!(KeyPrefix::parse("raw/").unwrap().is_folder());
        assert!(!KeyPrefix::parse("raw").unwrap().is_folder());
    }

    #[test]
    fn patterns_cover_matching_names_only() {
        let p = BucketName::parse("photos-*").unwrap();
        assert!(p.is_pattern());
        assert!(p.covers(&BucketName::parse("photos-raw").unwrap()));
        assert!(p.covers(&BucketName::parse("photos-r*").unwrap()));
        assert!(!p.covers(&p));
        assert!(!p.covers(&BucketName::parse("videos-raw").unwrap()));
        let exact = BucketName::parse("photos-raw").unwrap();
        assert!(!exact.is_pattern());
        assert!(!exact.covers(&BucketName::parse("photos-raw").unwrap()));
    }
}
