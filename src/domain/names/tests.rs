//! Unit tests for the name rules: every IAM and S3 naming rule, with its message and fix.

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
