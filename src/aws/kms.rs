//! The one KMS call the tool makes: `DescribeKey`, to turn the key a bucket's default encryption
//! names (an alias, an id or an ARN) into the key's ARN, and to tell a customer-managed key from an
//! AWS-managed one (`aws/s3`), which needs no policy statement.

use aws_config::SdkConfig;
use aws_sdk_kms::Client;
use aws_sdk_kms::types::KeyManagerType;

use super::error::{AwsError, classify};

/// What `DescribeKey` says of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub arn: String,
    /// Managed by the customer (a policy must allow it), not by AWS (`aws/s3`: nothing needed).
    pub customer_managed: bool,
}

/// A KMS client for one region (a key lives in one).
#[derive(Debug, Clone)]
pub struct Kms(Client);

impl Kms {
    #[must_use]
    pub fn new(config: &SdkConfig, region: &str) -> Kms {
        let config = aws_sdk_kms::config::Builder::from(config)
            .region(aws_sdk_kms::config::Region::new(region.to_owned()))
            .build();
        Kms(Client::from_conf(config))
    }

    pub async fn describe_key(&self, key_id: &str) -> Result<KeyInfo, AwsError> {
        let out = self.0.describe_key().key_id(key_id).send().await.map_err(|e| classify("kms:DescribeKey", &e))?;
        let metadata = out.key_metadata().ok_or_else(|| AwsError::Service {
            action: "kms:DescribeKey",
            code: "EmptyResponse".to_owned(),
            message: "KMS returned no key metadata".to_owned(),
        })?;
        Ok(KeyInfo {
            arn: metadata.arn().unwrap_or_default().to_owned(),
            customer_managed: metadata.key_manager() != Some(&KeyManagerType::Aws),
        })
    }
}
