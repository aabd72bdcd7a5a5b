//! The S3 calls verify makes (and the admin's bucket listing), one method each. Failures come back as
//! a [`Failure`]: the kind of refusal the engine decides on, plus AWS's code and message for people.
//! Nothing here retries beyond the SDK's own retries: waiting for IAM to catch up is verify's call.

use std::error::Error as StdError;

use aws_config::SdkConfig;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::get_object::GetObjectError;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Error;
use aws_sdk_s3::primitives::ByteStream;

use super::error::{AwsError, chain, classify};
use crate::domain::verify::{Refusal, Retention};

/// An S3 call that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: Refusal,
    /// AWS's error code (or one derived from the HTTP status where S3 sends no body, as for HEAD).
    pub code: String,
    pub message: String,
}

/// `variant` is the operation's own modelled error, when it has one for this case.
fn failure<E>(err: &SdkError<E, HttpResponse>, variant: impl Fn(&E) -> Option<Refusal>) -> Failure
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    match err {
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().map_or_else(
                || {
                    match status {
                        301 => "PermanentRedirect",
                        403 => "AccessDenied",
                        404 => "NotFound",
                        503 => "ServiceUnavailable",
                        _ => "HttpError",
                    }
                    .to_owned()
                },
                str::to_owned,
            );
            let kind = variant(service.err()).unwrap_or_else(|| Refusal::of_code(&code, status));
            let message = service.err().message().map_or_else(|| format!("HTTP {status}"), str::to_owned);
            Failure { kind, code, message }
        }
        SdkError::TimeoutError(_) => {
            Failure { kind: Refusal::Transient, code: "Timeout".to_owned(), message: chain(err) }
        }
        _ => Failure { kind: Refusal::Transient, code: "Unreachable".to_owned(), message: chain(err) },
    }
}

fn unmodelled<E>(_: &E) -> Option<Refusal> {
    None
}

/// An S3 client for one region.
#[derive(Debug, Clone)]
pub struct S3(Client);

impl S3 {
    /// A client for `region` (the config's own when `None`). A custom endpoint (an emulator or an
    /// S3-compatible service) needs path-style addressing: `bucket.127.0.0.1` does not resolve.
    #[must_use]
    pub fn new(config: &SdkConfig, region: Option<&str>) -> S3 {
        let mut builder = aws_sdk_s3::config::Builder::from(config);
        if let Some(region) = region {
            builder = builder.region(aws_sdk_s3::config::Region::new(region.to_owned()));
        }
        if config.endpoint_url().is_some() {
            builder = builder.force_path_style(true);
        }
        S3(Client::from_conf(builder.build()))
    }

    /// The same client in `region` (a bucket's home, for calls S3 only answers there).
    #[must_use]
    pub fn in_region(&self, region: &str) -> S3 {
        let config = self.0.config().to_builder().region(aws_sdk_s3::config::Region::new(region.to_owned())).build();
        S3(Client::from_conf(config))
    }

    /// Whether the bucket keeps versions (versioning enabled, or suspended after being enabled).
    pub async fn versioned(&self, bucket: &str) -> Result<bool, Failure> {
        let out = self.0.get_bucket_versioning().bucket(bucket).send().await.map_err(|e| failure(&e, unmodelled))?;
        Ok(out.status().is_some())
    }

    /// The bucket's Object Lock default retention, if it has one (`None` also without Object Lock).
    pub async fn default_retention(&self, bucket: &str) -> Result<Option<Retention>, Failure> {
        let out = match self.0.get_object_lock_configuration().bucket(bucket).send().await {
            Ok(out) => out,
            Err(err) if err.code() == Some("ObjectLockConfigurationNotFoundError") => return Ok(None),
            Err(err) => return Err(failure(&err, unmodelled)),
        };
        let rule = out.object_lock_configuration().and_then(|c| c.rule()).and_then(|r| r.default_retention());
        Ok(rule.map(|r| Retention {
            mode: r.mode().map_or_else(|| "GOVERNANCE".to_owned(), |m| m.as_str().to_owned()),
            days: r
                .days()
                .map(|d| u32::try_from(d).unwrap_or(0))
                .or_else(|| r.years().map(|y| u32::try_from(y).unwrap_or(0).saturating_mul(365)))
                .unwrap_or(0),
        }))
    }

    /// The KMS key the bucket's default encryption names, when it is SSE-KMS (or DSSE-KMS) with a
    /// key given: `None` for SSE-S3, for the AWS-managed `aws/s3` key, and without a configuration.
    pub async fn default_kms_key(&self, bucket: &str) -> Result<Option<String>, Failure> {
        let out = match self.0.get_bucket_encryption().bucket(bucket).send().await {
            Ok(out) => out,
            Err(err) if err.code() == Some("ServerSideEncryptionConfigurationNotFoundError") => return Ok(None),
            Err(err) => return Err(failure(&err, unmodelled)),
        };
        let rules = out
            .server_side_encryption_configuration()
            .map(aws_sdk_s3::types::ServerSideEncryptionConfiguration::rules)
            .unwrap_or_default();
        let default = rules.iter().find_map(|r| r.apply_server_side_encryption_by_default());
        let Some(default) = default.filter(|d| d.sse_algorithm().as_str().starts_with("aws:kms")) else {
            return Ok(None);
        };
        Ok(default.kms_master_key_id().filter(|id| !id.is_empty() && !id.ends_with("alias/aws/s3")).map(str::to_owned))
    }

    /// The bucket's policy document, if it has one.
    pub async fn bucket_policy(&self, bucket: &str) -> Result<Option<String>, Failure> {
        match self.0.get_bucket_policy().bucket(bucket).send().await {
            Ok(out) => Ok(out.policy().map(str::to_owned)),
            Err(err) if err.code() == Some("NoSuchBucketPolicy") => Ok(None),
            Err(err) => Err(failure(&err, unmodelled)),
        }
    }

    /// Every version and delete marker of exactly `key` (at most 1,000): their version ids.
    pub async fn versions_of(&self, bucket: &str, key: &str) -> Result<Vec<String>, Failure> {
        let request = self.0.list_object_versions().bucket(bucket).prefix(key);
        let out = request.send().await.map_err(|e| failure(&e, unmodelled))?;
        let versions = out.versions().iter().filter(|v| v.key() == Some(key)).filter_map(|v| v.version_id());
        let markers = out.delete_markers().iter().filter(|m| m.key() == Some(key)).filter_map(|m| m.version_id());
        Ok(versions.chain(markers).map(str::to_owned).collect())
    }

    /// Removes one version (or delete marker) for good.
    pub async fn delete_version(&self, bucket: &str, key: &str, version: &str) -> Result<(), Failure> {
        let request = self.0.delete_object().bucket(bucket).key(key).version_id(version);
        request.send().await.map(drop).map_err(|e| failure(&e, unmodelled))
    }

    /// `GetBucketLocation`'s constraint, as AWS returns it (null for us-east-1, `EU` for eu-west-1).
    pub async fn bucket_location(&self, bucket: &str) -> Result<Option<String>, Failure> {
        let out = self.0.get_bucket_location().bucket(bucket).send().await.map_err(|e| failure(&e, unmodelled))?;
        Ok(out.location_constraint().map(|c| c.as_str().to_owned()))
    }

    /// The region S3 reports in `x-amz-bucket-region`, which it sends even with a 403 or 301.
    pub async fn head_bucket_region(&self, bucket: &str) -> Option<String> {
        match self.0.head_bucket().bucket(bucket).send().await {
            Ok(out) => out.bucket_region().map(str::to_owned),
            Err(err) => err.raw_response().and_then(|raw| raw.headers().get("x-amz-bucket-region")).map(str::to_owned),
        }
    }

    /// Lists at most one key; returns it, if the bucket (or prefix) has any.
    pub async fn list_one(&self, bucket: &str, prefix: Option<&str>) -> Result<Option<String>, Failure> {
        let request = self.0.list_objects_v2().bucket(bucket).max_keys(1).set_prefix(prefix.map(str::to_owned));
        let out = request.send().await.map_err(|e| {
            failure(&e, |v| matches!(v, ListObjectsV2Error::NoSuchBucket(_)).then_some(Refusal::NoSuchBucket))
        })?;
        Ok(out.contents().first().and_then(|o| o.key()).map(str::to_owned))
    }

    /// The keys under `prefix` (at most 1,000): what a clean-up confirms is gone.
    pub async fn list_keys(&self, bucket: &str, prefix: &str) -> Result<Vec<String>, Failure> {
        let request = self.0.list_objects_v2().bucket(bucket).prefix(prefix);
        let out = request.send().await.map_err(|e| failure(&e, unmodelled))?;
        Ok(out.contents().iter().filter_map(|o| o.key()).map(str::to_owned).collect())
    }

    pub async fn put(&self, bucket: &str, key: &str, body: &[u8]) -> Result<(), Failure> {
        let request = self.0.put_object().bucket(bucket).key(key).body(ByteStream::from(body.to_vec()));
        request.send().await.map(drop).map_err(|e| failure(&e, unmodelled))
    }

    /// The object's bytes, or only the given `Range` of them (`bytes=0-0`).
    pub async fn get(&self, bucket: &str, key: &str, range: Option<&str>) -> Result<Vec<u8>, Failure> {
        let request = self.0.get_object().bucket(bucket).key(key).set_range(range.map(str::to_owned));
        let out = request
            .send()
            .await
            .map_err(|e| failure(&e, |v| matches!(v, GetObjectError::NoSuchKey(_)).then_some(Refusal::NoSuchKey)))?;
        let body = out.body.collect().await.map_err(|e| Failure {
            kind: Refusal::Transient,
            code: "ReadFailed".to_owned(),
            message: chain(&e),
        })?;
        Ok(body.to_vec())
    }

    pub async fn delete(&self, bucket: &str, key: &str) -> Result<(), Failure> {
        self.0.delete_object().bucket(bucket).key(key).send().await.map(drop).map_err(|e| failure(&e, unmodelled))
    }

    /// Every bucket the caller can see (for an all-buckets or pattern policy, and the wizard).
    pub async fn list_buckets(&self) -> Result<Vec<String>, AwsError> {
        let mut names = Vec::new();
        let mut pages = self.0.list_buckets().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("s3:ListAllMyBuckets", &e))?;
            names.extend(page.buckets().iter().filter_map(|b| b.name()).map(str::to_owned));
        }
        Ok(names)
    }
}
