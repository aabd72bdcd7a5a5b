//! IAM operations, one method each, answering in domain terms: a missing user is `None`, a full key
//! quota is [`KeyCreation::KeyLimit`], everything else an [`AwsError`] naming the IAM action. SDK
//! error variants are matched by type here, so no caller ever looks at an error code.

use aws_sdk_iam::Client;
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_iam::operation::create_access_key::CreateAccessKeyError;
use aws_sdk_iam::operation::create_user::CreateUserError;
use aws_sdk_iam::operation::delete_access_key::DeleteAccessKeyError;
use aws_sdk_iam::operation::delete_user::DeleteUserError;
use aws_sdk_iam::operation::delete_user_policy::DeleteUserPolicyError;
use aws_sdk_iam::operation::get_login_profile::GetLoginProfileError;
use aws_sdk_iam::operation::get_user::GetUserError;
use aws_sdk_iam::operation::get_user_policy::GetUserPolicyError;
use aws_sdk_iam::primitives::{DateTime, DateTimeFormat};
use aws_sdk_iam::types::{StatusType, Tag};

use super::error::{AwsError, classify};
use crate::domain::plan::AccessKeyInfo;
use crate::domain::user::{MANAGED_TAG_KEY, MANAGED_TAG_VALUE};
use crate::secrets::Secret;

/// The IAM client of the admin side.
#[derive(Debug, Clone)]
pub struct Iam(pub(super) Client);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub arn: String,
    pub tags: Vec<(String, String)>,
    pub permissions_boundary: Option<String>,
    pub created: String,
}

impl User {
    /// Tagged `managed-by=pixelshift-aws`: created, or explicitly adopted, by this tool. A user
    /// without the tag is never changed unless the operator says so.
    #[must_use]
    pub fn is_managed(&self) -> bool {
        self.tags.iter().any(|(k, v)| k == MANAGED_TAG_KEY && v == MANAGED_TAG_VALUE)
    }
}

/// A key AWS just created. Its secret is shown by AWS exactly once.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub id: String,
    pub secret: Secret,
    pub created: String,
}

#[derive(Debug)]
pub enum KeyCreation {
    Created(NewKey),
    /// IAM allows two access keys per user, inactive ones included.
    KeyLimit,
}

fn date(value: Option<&DateTime>) -> String {
    value.and_then(|d| d.fmt(DateTimeFormat::DateTime).ok()).unwrap_or_default()
}

pub(super) fn user_from(user: &aws_sdk_iam::types::User) -> User {
    User {
        name: user.user_name().to_owned(),
        arn: user.arn().to_owned(),
        tags: user.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect(),
        permissions_boundary: user.permissions_boundary().and_then(|b| b.permissions_boundary_arn()).map(str::to_owned),
        created: date(Some(user.create_date())),
    }
}

fn tags_of(tags: &[(String, String)]) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build().expect("key and value are set")).collect()
}

/// Whether a service error is the operation's own variant, e.g. `GetUserError::NoSuchEntityException`.
fn is<E, R>(err: &SdkError<E, R>, variant: impl Fn(&E) -> bool) -> bool {
    err.as_service_error().is_some_and(variant)
}

/// A delete (or detach) whose target is already gone did its job: removals are idempotent, so a
/// rollback, a resumed teardown or a retried step never fails on what an earlier one removed.
pub(super) fn gone_is_fine<T, E, R>(
    action: &'static str,
    result: Result<T, SdkError<E, R>>,
    missing: impl Fn(&E) -> bool,
) -> Result<(), AwsError>
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match result {
        Ok(_) => Ok(()),
        Err(err) if is(&err, missing) => Ok(()),
        Err(err) => Err(classify(action, &err)),
    }
}

impl Iam {
    pub async fn get_user(&self, name: &str) -> Result<Option<User>, AwsError> {
        match self.0.get_user().user_name(name).send().await {
            Ok(out) => {
                let Some(user) = out.user() else { return Ok(None) };
                let mut user = user_from(user);
                // GetUser includes tags on AWS; list them explicitly where it did not, so an
                // untagged-looking user is really untagged before we refuse (or adopt) it.
                if user.tags.is_empty() {
                    user.tags = self.user_tags(name).await?;
                }
                Ok(Some(user))
            }
            Err(err) if is(&err, GetUserError::is_no_such_entity_exception) => Ok(None),
            Err(err) => Err(classify("iam:GetUser", &err)),
        }
    }

    /// Creates the user; `Ok(None)` when a user of that name appeared meanwhile.
    pub async fn create_user(
        &self,
        name: &str,
        tags: &[(String, String)],
        permissions_boundary: Option<&str>,
    ) -> Result<Option<User>, AwsError> {
        let request = self
            .0
            .create_user()
            .user_name(name)
            .set_tags(Some(tags_of(tags)))
            .set_permissions_boundary(permissions_boundary.map(str::to_owned));
        match request.send().await {
            Ok(out) => Ok(out.user().map(user_from)),
            Err(err) if is(&err, CreateUserError::is_entity_already_exists_exception) => Ok(None),
            Err(err) => Err(classify("iam:CreateUser", &err)),
        }
    }

    pub async fn tag_user(&self, name: &str, tags: &[(String, String)]) -> Result<(), AwsError> {
        let request = self.0.tag_user().user_name(name).set_tags(Some(tags_of(tags)));
        request.send().await.map(drop).map_err(|e| classify("iam:TagUser", &e))
    }

    /// Removes tags (rollback of an adoption).
    pub async fn untag_user(&self, name: &str, keys: &[&str]) -> Result<(), AwsError> {
        let request =
            self.0.untag_user().user_name(name).set_tag_keys(Some(keys.iter().map(|k| (*k).to_owned()).collect()));
        request.send().await.map(drop).map_err(|e| classify("iam:UntagUser", &e))
    }

    /// True when the user has a console password. Pixelshift needs programmatic access only.
    pub async fn has_login_profile(&self, name: &str) -> Result<bool, AwsError> {
        match self.0.get_login_profile().user_name(name).send().await {
            Ok(_) => Ok(true),
            Err(err) if is(&err, GetLoginProfileError::is_no_such_entity_exception) => Ok(false),
            Err(err) => Err(classify("iam:GetLoginProfile", &err)),
        }
    }

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
        let once =
            aws_sdk_iam::config::Config::builder().retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled());
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

    pub async fn list_user_policies(&self, user: &str) -> Result<Vec<String>, AwsError> {
        let mut names = Vec::new();
        let mut pages = self.0.list_user_policies().user_name(user).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListUserPolicies", &e))?;
            names.extend(page.policy_names().iter().cloned());
        }
        Ok(names)
    }

    /// The inline policy's document as JSON text, or `None` when the user has no policy of that name.
    pub async fn get_user_policy(&self, user: &str, policy: &str) -> Result<Option<String>, AwsError> {
        match self.0.get_user_policy().user_name(user).policy_name(policy).send().await {
            Ok(out) => Ok(Some(decode_policy_document(out.policy_document()))),
            Err(err) if is(&err, GetUserPolicyError::is_no_such_entity_exception) => Ok(None),
            Err(err) => Err(classify("iam:GetUserPolicy", &err)),
        }
    }

    pub async fn put_user_policy(&self, user: &str, policy: &str, document: &str) -> Result<(), AwsError> {
        let request = self.0.put_user_policy().user_name(user).policy_name(policy).policy_document(document);
        request.send().await.map(drop).map_err(|e| classify("iam:PutUserPolicy", &e))
    }

    /// Rollback: each delete removes one thing a failed run created. A thing already gone is fine.
    pub async fn delete_access_key(&self, user: &str, key_id: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeleteAccessKey",
            self.0.delete_access_key().user_name(user).access_key_id(key_id).send().await,
            DeleteAccessKeyError::is_no_such_entity_exception,
        )
    }

    pub async fn delete_user_policy(&self, user: &str, policy: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeleteUserPolicy",
            self.0.delete_user_policy().user_name(user).policy_name(policy).send().await,
            DeleteUserPolicyError::is_no_such_entity_exception,
        )
    }

    pub async fn delete_user(&self, user: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeleteUser",
            self.0.delete_user().user_name(user).send().await,
            DeleteUserError::is_no_such_entity_exception,
        )
    }
}

/// IAM returns policy documents URL-encoded (RFC 3986) and the SDK passes them through as is.
/// A document that already starts as JSON (some emulators) is returned unchanged.
#[must_use]
pub fn decode_policy_document(raw: &str) -> String {
    if raw.trim_start().starts_with('{') {
        return raw.to_owned();
    }
    percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_sdk_iam::config::retry::RetryConfig;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use super::*;

    /// IAM's real error body shape (query protocol), so the SDK's own deserializer runs.
    fn error_xml(code: &str, message: &str) -> String {
        format!(
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>\
             <Code>{code}</Code><Message>{message}</Message></Error>\
             <RequestId>4e2b1a6c-0000-4000-8000-000000000000</RequestId></ErrorResponse>"
        )
    }

    #[tokio::test]
    async fn access_denied_names_the_iam_action() {
        let denied = mock!(Client::create_user)
            .sequence()
            .http_status(
                403,
                Some(error_xml(
                    "AccessDenied",
                    "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:CreateUser",
                )),
            )
            .build();
        let iam = mock_client!(aws_sdk_iam, RuleMode::Sequential, [&denied]);
        let err = Iam(iam).create_user("iam_pixelshift", &[], None).await.unwrap_err();
        assert!(matches!(err, AwsError::AccessDenied { action: "iam:CreateUser", .. }), "{err:?}");
        assert!(err.to_string().starts_with("not allowed to call iam:CreateUser: User: arn:aws:iam::"), "{err}");
        assert!(err.hint().unwrap().contains("allow iam:CreateUser"));
    }

    #[tokio::test]
    async fn throttling_is_retried_then_reported() {
        let throttled = mock!(Client::list_access_keys)
            .sequence()
            .http_status(400, Some(error_xml("Throttling", "Rate exceeded")))
            .times(3)
            .build();
        let iam = mock_client!(aws_sdk_iam, RuleMode::Sequential, [&throttled], |c| c
            .retry_config(RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(1))));
        let err = Iam(iam).list_access_keys("iam_pixelshift").await.unwrap_err();
        assert!(matches!(err, AwsError::Throttled { action: "iam:ListAccessKeys", .. }), "{err:?}");
        assert_eq!(throttled.num_calls(), 3, "the SDK retried before giving up");
    }

    #[tokio::test]
    async fn throttling_then_success_is_invisible() {
        let flaky = mock!(Client::list_user_policies)
            .sequence()
            .http_status(400, Some(error_xml("Throttling", "Rate exceeded")))
            .http_status(
                200,
                Some(
                    "<ListUserPoliciesResponse><ListUserPoliciesResult><PolicyNames><member>pixelshift_access\
                     </member></PolicyNames><IsTruncated>false</IsTruncated></ListUserPoliciesResult>\
                     </ListUserPoliciesResponse>"
                        .to_owned(),
                ),
            )
            .build();
        let iam = mock_client!(aws_sdk_iam, RuleMode::Sequential, [&flaky], |c| c
            .retry_config(RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(1))));
        assert_eq!(Iam(iam).list_user_policies("u").await.unwrap(), ["pixelshift_access"]);
    }

    #[tokio::test]
    async fn server_errors_are_retried_and_named() {
        let broken = mock!(Client::get_user)
            .sequence()
            .http_status(500, Some(error_xml("ServiceFailure", "internal error")))
            .times(3)
            .build();
        let iam = mock_client!(aws_sdk_iam, RuleMode::Sequential, [&broken], |c| c
            .retry_config(RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(1))));
        let err = Iam(iam).get_user("u").await.unwrap_err();
        assert!(
            matches!(&err, AwsError::Service { action: "iam:GetUser", code, .. } if code == "ServiceFailure"),
            "{err:?}"
        );
        assert_eq!(broken.num_calls(), 3);
    }

    #[tokio::test]
    async fn outcomes_instead_of_errors() {
        let missing = mock!(Client::get_user)
            .sequence()
            .http_status(404, Some(error_xml("NoSuchEntity", "The user with name u cannot be found.")))
            .build();
        let full = mock!(Client::create_access_key)
            .sequence()
            .http_status(409, Some(error_xml("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2")))
            .build();
        let exists = mock!(Client::create_user)
            .sequence()
            .http_status(409, Some(error_xml("EntityAlreadyExists", "User with name u already exists.")))
            .build();
        let iam = mock_client!(aws_sdk_iam, RuleMode::MatchAny, [&missing, &full, &exists]);
        let iam = Iam(iam);
        assert_eq!(iam.get_user("u").await.unwrap(), None);
        assert!(matches!(iam.create_access_key("u").await.unwrap(), KeyCreation::KeyLimit));
        assert_eq!(iam.create_user("u", &[], None).await.unwrap(), None);
    }

    #[tokio::test]
    async fn rejected_credentials_get_their_own_hint() {
        let rejected = mock!(Client::get_user)
            .sequence()
            .http_status(
                403,
                Some(error_xml("InvalidClientTokenId", "The security token included in the request is invalid.")),
            )
            .build();
        let iam = mock_client!(aws_sdk_iam, RuleMode::Sequential, [&rejected]);
        let err = Iam(iam).get_user("u").await.unwrap_err();
        assert!(matches!(err, AwsError::BadCredentials { .. }), "{err:?}");
        assert!(err.hint().unwrap().contains("--profile"));
    }

    #[test]
    fn policy_documents_are_url_decoded() {
        let raw = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(decode_policy_document(raw), r#"{"Version":"2012-10-17","Statement":[]}"#);
        assert_eq!(decode_policy_document("{\"a\": \"100%\"}"), "{\"a\": \"100%\"}");
    }
}
