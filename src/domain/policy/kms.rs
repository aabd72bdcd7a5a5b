//! Buckets encrypted with a customer-managed KMS key: S3 writes each object under a data key that
//! key makes (`kms:GenerateDataKey`) and reads it back by having the key decrypt it (`kms:Decrypt`),
//! on behalf of the caller — so Pixelshift's user needs both on the key, or its writes and reads
//! fail on AWS. One statement grants exactly that, on the keys' ARNs, and only through S3
//! (`kms:ViaService`): the key cannot be used directly. The AWS-managed `aws/s3` key and SSE-S3 need
//! nothing.

use serde_json::json;

use super::{Access, Partition, Statement};
use crate::domain::Invalid;

/// `arn:<partition>:kms:<region>:<account>:key/<key-id>`, checked; the form a policy's resource needs
/// (an alias is not one).
pub fn parse_key_arn(raw: &str) -> Result<String, Invalid> {
    let bad = |why: &str| {
        Invalid::usage(
            format!("invalid KMS key `{}`: {why}", raw.chars().take(120).collect::<String>()),
            "pass the key's ARN, e.g. arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab \
             (aws kms describe-key --key-id ALIAS shows it)",
        )
    };
    let fields: Vec<&str> = raw.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = fields[..] else {
        return Err(bad("expected a key ARN"));
    };
    if arn != "arn" || Partition::from_arn(raw).is_none() || partition.is_empty() || service != "kms" {
        return Err(bad("expected a key ARN"));
    }
    if resource.starts_with("alias/") {
        return Err(bad("an alias cannot be a policy's resource"));
    }
    let id = resource.strip_prefix("key/").ok_or_else(|| bad("the resource must be key/<key-id>"))?;
    let region_ok =
        !region.is_empty() && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    let id_ok = !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !(region_ok && account_ok && id_ok) {
        return Err(bad("expected a key ARN"));
    }
    Ok(raw.to_owned())
}

/// Whether `resource` is a KMS key ARN (what [`statement`] grants), for reading a policy back.
#[must_use]
pub fn is_key_arn(resource: &str) -> bool {
    let fields: Vec<&str> = resource.splitn(6, ':').collect();
    fields.len() == 6 && fields[2] == "kms" && fields[5].starts_with("key/")
}

/// The statement for `keys` (key ARNs, sorted): read-write generates data keys and decrypts,
/// read-only decrypts; through S3 in each key's region only.
#[must_use]
pub fn statement(keys: &[String], access: Access, partition: Partition) -> Statement {
    let actions = match access {
        Access::ReadWrite => vec!["kms:Decrypt", "kms:GenerateDataKey"],
        Access::ReadOnly => vec!["kms:Decrypt"],
    };
    let mut via: Vec<String> = keys
        .iter()
        .filter_map(|arn| arn.split(':').nth(3))
        .map(|region| format!("s3.{region}.{}", partition.dns_suffix()))
        .collect();
    via.sort();
    via.dedup();
    Statement {
        sid: "KmsThroughS3",
        effect: "Allow",
        actions,
        resources: keys.to_vec(),
        condition: Some(json!({ "StringEquals": { "kms:ViaService": via } })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    #[test]
    fn key_arns_are_checked() {
        assert_eq!(parse_key_arn(KEY).unwrap(), KEY);
        for bad in [
            "",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "alias/photos",
            "arn:aws:kms:eu-west-1:123456789012:alias/photos",
            "arn:aws:s3:::photos",
            "arn:aws:kms:eu-west-1:1234:key/x",
            "arn:aws:kms::123456789012:key/x",
            "arn:aws:kms:eu-west-1:123456789012:key/",
        ] {
            assert!(parse_key_arn(bad).is_err(), "{bad}");
        }
        assert!(is_key_arn(KEY) && !is_key_arn("arn:aws:s3:::photos/*"));
    }

    #[test]
    fn the_statement_is_usable_only_through_s3_in_the_keys_regions() {
        let keys = vec![KEY.to_owned(), KEY.replace("eu-west-1", "us-east-1")];
        let json = serde_json::to_value(statement(&keys, Access::ReadWrite, Partition::Aws)).unwrap();
        assert_eq!(json["Action"], serde_json::json!(["kms:Decrypt", "kms:GenerateDataKey"]));
        assert_eq!(
            json["Condition"]["StringEquals"]["kms:ViaService"],
            serde_json::json!(["s3.eu-west-1.amazonaws.com", "s3.us-east-1.amazonaws.com"])
        );
        let read = serde_json::to_value(statement(&keys[..1], Access::ReadOnly, Partition::AwsCn)).unwrap();
        assert_eq!(read["Action"], serde_json::json!(["kms:Decrypt"]));
        assert_eq!(
            read["Condition"]["StringEquals"]["kms:ViaService"],
            serde_json::json!(["s3.eu-west-1.amazonaws.com.cn"])
        );
    }
}
