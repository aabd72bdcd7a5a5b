//! S3 calls verify makes, one function each, answering in plain codes so the verify logic can
//! judge them without SDK types. Nothing here retries beyond the SDK's own retries: waiting for IAM
//! to catch up is verify's decision.

use std::error::Error as StdError;

use aws_config::SdkConfig;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;

use super::error::{AwsError, chain, classify};

/// An S3 call that did not succeed: AWS's error code (or one derived from the HTTP status where S3
/// sends no body, as for HEAD), and a message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: String,
    pub message: String,
}

fn failure<E>(err: &SdkError<E, HttpResponse>) -> Failure
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
                        _ => "HttpError",
                    }
                    .to_owned()
                },
                str::to_owned,
            );
            let message = service.err().message().map_or_else(|| format!("HTTP {status}"), str::to_owned);
            Failure { code, message }
        }
        SdkError::TimeoutError(_) => Failure { code: "Timeout".to_owned(), message: chain(err) },
        _ => Failure { code: "Unreachable".to_owned(), message: chain(err) },
    }
}

/// An S3 client for `region` (the config's own when `None`). A custom endpoint (an emulator or an
/// S3-compatible service) needs path-style addressing: `bucket.127.0.0.1` does not resolve.
#[must_use]
pub fn client(config: &SdkConfig, region: Option<&str>) -> Client {
    let mut builder = aws_sdk_s3::config::Builder::from(config);
    if let Some(region) = region {
        builder = builder.region(aws_sdk_s3::config::Region::new(region.to_owned()));
    }
    if config.endpoint_url().is_some() {
        builder = builder.force_path_style(true);
    }
    Client::from_conf(builder.build())
}

/// `GetBucketLocation`'s constraint, as AWS returns it (null for us-east-1, `EU` for eu-west-1).
pub async fn bucket_location(s3: &Client, bucket: &str) -> Result<Option<String>, Failure> {
    let out = s3.get_bucket_location().bucket(bucket).send().await.map_err(|e| failure(&e))?;
    Ok(out.location_constraint().map(|c| c.as_str().to_owned()))
}

/// The region S3 reports in `x-amz-bucket-region`, which it sends even with a 403 or 301.
pub async fn head_bucket_region(s3: &Client, bucket: &str) -> Option<String> {
    match s3.head_bucket().bucket(bucket).send().await {
        Ok(out) => out.bucket_region().map(str::to_owned),
        Err(err) => err.raw_response().and_then(|raw| raw.headers().get("x-amz-bucket-region")).map(str::to_owned),
    }
}

/// Lists at most one key; returns it, if the bucket (or prefix) has any.
pub async fn list_one(s3: &Client, bucket: &str, prefix: Option<&str>) -> Result<Option<String>, Failure> {
    let out = s3
        .list_objects_v2()
        .bucket(bucket)
        .max_keys(1)
        .set_prefix(prefix.map(str::to_owned))
        .send()
        .await
        .map_err(|e| failure(&e))?;
    Ok(out.contents().first().and_then(|o| o.key()).map(str::to_owned))
}

pub async fn put(s3: &Client, bucket: &str, key: &str, body: &[u8]) -> Result<(), Failure> {
    s3.put_object()
        .bucket(bucket)
        .key(key)
        .body(ByteStream::from(body.to_vec()))
        .send()
        .await
        .map(drop)
        .map_err(|e| failure(&e))
}

/// The object's bytes, or only the given `Range` of them (`bytes=0-0`).
pub async fn get(s3: &Client, bucket: &str, key: &str, range: Option<&str>) -> Result<Vec<u8>, Failure> {
    let out = s3
        .get_object()
        .bucket(bucket)
        .key(key)
        .set_range(range.map(str::to_owned))
        .send()
        .await
        .map_err(|e| failure(&e))?;
    let body = out.body.collect().await.map_err(|e| Failure { code: "ReadFailed".to_owned(), message: chain(&e) })?;
    Ok(body.to_vec())
}

pub async fn delete(s3: &Client, bucket: &str, key: &str) -> Result<(), Failure> {
    s3.delete_object().bucket(bucket).key(key).send().await.map(drop).map_err(|e| failure(&e))
}

/// Every bucket the admin can see (for an all-buckets or pattern policy).
pub async fn list_buckets(s3: &Client) -> Result<Vec<String>, AwsError> {
    let mut names = Vec::new();
    let mut pages = s3.list_buckets().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("s3:ListAllMyBuckets", &e))?;
        names.extend(page.buckets().iter().filter_map(|b| b.name()).map(str::to_owned));
    }
    Ok(names)
}
