//! Unit tests for the policy model: every document shape, the managed names, splitting and size.

use super::*;
use serde_json::{Value, json};

fn buckets(names: &[&str]) -> Scope {
    Scope::buckets(names.iter().map(|n| BucketName::parse(n).unwrap())).unwrap().0
}

fn spec(scope: Scope, access: Access, prefix: Option<&str>, partition: Partition) -> PolicySpec {
    PolicySpec { scope, access, prefix: prefix.map(|p| KeyPrefix::parse(p).unwrap()), partition, kms_keys: Vec::new() }
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
    let b = spec(buckets(&["c-three", "a-one", "b-two", "a-one", "c-three"]), Access::ReadWrite, None, Partition::Aws);
    assert_eq!(a.document().to_pretty_json(), b.document().to_pretty_json());
}

#[test]
fn patterns_absorb_the_names_they_cover() {
    let input = ["photos-raw", "photos-*", "media", "photos-*"].map(|n| BucketName::parse(n).unwrap());
    let (scope, covered) = Scope::buckets(input).unwrap();
    assert_eq!(scope, buckets(&["media", "photos-*"]));
    assert_eq!(
        covered,
        vec![Covered { bucket: BucketName::parse("photos-raw").unwrap(), by: BucketName::parse("photos-*").unwrap() }]
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
    assert!(PolicyType::Inline.fits(2_048) && !PolicyType::Inline.fits(2_049), "IAM's inline budget is inclusive");
    assert!(PolicyType::Managed.fits(6_144) && !PolicyType::Managed.fits(6_145));
    let names: Vec<String> = (0..10).map(|i| format!("customer-images-production-{i:02}-{}", "x".repeat(20))).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let ten = spec(buckets(&refs), Access::ReadWrite, None, Partition::Aws).document().iam_size();
    assert!(ten <= INLINE_BUDGET, "{ten}");
    let names: Vec<String> = (0..20).map(|i| format!("customer-images-production-{i:02}-{}", "x".repeat(20))).collect();
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
        kms_keys: Vec::new(),
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
    assert_eq!(our_part("pixelshift_access", "u", "pixelshift_access.u", &arn), Some(0));
    assert_eq!(
        our_part("pixelshift_access", "u", "pixelshift_access.u", "arn:aws:iam::1:policy/pixelshift_access.u"),
        None,
        "the right name outside /pixelshift-aws/ is not ours"
    );
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
