//! IAM calls about a user's access keys: list them, create one (once, without the SDK's retries),
//! when each was last used, deactivate and delete them.

use aws_sdk_iam::operation::create_access_key::CreateAccessKeyError;
use aws_sdk_iam::operation::delete_access_key::DeleteAccessKeyError;
use aws_sdk_iam::primitives::DateTime;
use aws_sdk_iam::types::StatusType;

use super::{Iam, KeyCreation, NewKey, date, gone_is_fine, is};
use crate::aws::error::{AwsError, classify};
use crate::domain::iam::{AccessKeyInfo, LastUsed};
use crate::secrets::Secret;

/// `CreateAccessKey`'s answer is waited for this long at most; `secrets::intent::CALL_WINDOW` is
/// the same bound in seconds.
pub const CREATE_KEY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl Iam {
    pub async fn list_access_keys(&self, name: &str) -> Result<Vec<AccessKeyInfo>, AwsError> {
        let mut keys = Vec::new();
        let mut pages = self.0.list_access_keys().user_name(name).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListAccessKeys", &e))?;
            keys.extend(page.access_key_metadata().iter().map(|k| AccessKeyInfo {
                id: k.access_key_id().unwrap_or_default().to_owned(),
                active: k.status() == Some(&StatusType::Active),
                created: date(k.create_date()),
                created_epoch: k.create_date().map(DateTime::secs),
            }));
        }
        Ok(keys)
    }

    /// Creates a key — once. The SDK would retry a dropped connection by itself, and a retry after
    /// IAM executed the call makes a second key while the first one's secret is lost: the caller
    /// decides what to do after an ambiguous failure ([`AwsError::maybe_executed`]).
    pub async fn create_access_key(&self, name: &str) -> Result<KeyCreation, AwsError> {
        // Once, and bounded: the caller's intent record takes a key made later than this for
        // someone else's (`secrets::intent`).
        let timeouts =
            aws_sdk_iam::config::timeout::TimeoutConfig::builder().operation_timeout(CREATE_KEY_TIMEOUT).build();
        let once = aws_sdk_iam::config::Config::builder()
            .retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled())
            .timeout_config(timeouts);
        match self.0.create_access_key().user_name(name).customize().config_override(once).send().await {
            Ok(out) => {
                let key = out.access_key().ok_or_else(|| AwsError::Service {
                    action: "iam:CreateAccessKey",
                    code: "EmptyResponse".to_owned(),
                    message: "AWS returned no access key".to_owned(),
                })?;
                Ok(KeyCreation::Created(NewKey {
                    id: key.access_key_id().to_owned(),
                    secret: Secret::new(key.secret_access_key().to_owned()),
                    created: date(key.create_date()),
                }))
            }
            Err(err) if is(&err, CreateAccessKeyError::is_limit_exceeded_exception) => Ok(KeyCreation::KeyLimit),
            Err(err) => Err(classify("iam:CreateAccessKey", &err)),
        }
    }

    /// `None` when the key was never used (or AWS does not say).
    pub async fn key_last_used(&self, key_id: &str) -> Result<Option<LastUsed>, AwsError> {
        let out = self
            .0
            .get_access_key_last_used()
            .access_key_id(key_id)
            .send()
            .await
            .map_err(|e| classify("iam:GetAccessKeyLastUsed", &e))?;
        Ok(out.access_key_last_used().and_then(|used| {
            used.last_used_date().map(|at| LastUsed {
                at: DateTime::secs(at),
                service: used.service_name().to_owned(),
                region: used.region().to_owned(),
            })
        }))
    }

    /// Makes a key inactive: it stops working at once, and can be activated again.
    pub async fn deactivate_access_key(&self, user: &str, key_id: &str) -> Result<(), AwsError> {
        let request = self.0.update_access_key().user_name(user).access_key_id(key_id).status(StatusType::Inactive);
        request.send().await.map(drop).map_err(|e| classify("iam:UpdateAccessKey", &e))
    }

    /// Rollback: each delete removes one thing a failed run created. A thing already gone is fine.
    pub async fn delete_access_key(&self, user: &str, key_id: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeleteAccessKey",
            self.0.delete_access_key().user_name(user).access_key_id(key_id).send().await,
            DeleteAccessKeyError::is_no_such_entity_exception,
        )
    }
}
