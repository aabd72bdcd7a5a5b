//! IAM operations, one function each, returning domain outcomes instead of SDK types: a missing user
//! is `None`, a full key quota is `KeyLimit`, everything else an [`AwsError`] naming the IAM action.

use aws_sdk_iam::Client;
use aws_sdk_iam::primitives::{DateTime, DateTimeFormat};
use aws_sdk_iam::types::{StatusType, Tag};

use super::error::{AwsError, classify, code_of};
use crate::secrets::Secret;

pub use crate::domain::user::{MANAGED_TAG_KEY, MANAGED_TAG_VALUE};

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKey {
    pub id: String,
    pub active: bool,
    pub created: String,
    /// Seconds since the Unix epoch, for showing the key's age.
    pub created_epoch: Option<i64>,
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

fn user_from(user: &aws_sdk_iam::types::User) -> User {
    User {
        name: user.user_name().to_owned(),
        arn: user.arn().to_owned(),
        tags: user.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect(),
        permissions_boundary: user.permissions_boundary().and_then(|b| b.permissions_boundary_arn()).map(str::to_owned),
        created: date(Some(user.create_date())),
    }
}

fn is_no_such_entity<E: aws_sdk_iam::error::ProvideErrorMetadata, R>(err: &aws_sdk_iam::error::SdkError<E, R>) -> bool {
    code_of(err) == Some("NoSuchEntity")
}

pub async fn get_user(iam: &Client, name: &str) -> Result<Option<User>, AwsError> {
    match iam.get_user().user_name(name).send().await {
        Ok(out) => {
            let Some(user) = out.user() else { return Ok(None) };
            let mut user = user_from(user);
            // GetUser includes tags on AWS, but list them explicitly where it did not, so an
            // untagged-looking user is really untagged before we refuse (or adopt) it.
            if user.tags.is_empty() {
                user.tags = list_user_tags(iam, name).await?;
            }
            Ok(Some(user))
        }
        Err(err) if is_no_such_entity(&err) => Ok(None),
        Err(err) => Err(classify("iam:GetUser", &err)),
    }
}

async fn list_user_tags(iam: &Client, name: &str) -> Result<Vec<(String, String)>, AwsError> {
    let mut tags = Vec::new();
    let mut pages = iam.list_user_tags().user_name(name).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("iam:ListUserTags", &e))?;
        tags.extend(page.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())));
    }
    Ok(tags)
}

fn tags_of(tags: &[(String, String)]) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build().expect("key and value are set")).collect()
}

/// Creates the user; `Ok(None)` when a user of that name appeared meanwhile (the caller re-reads it).
pub async fn create_user(
    iam: &Client,
    name: &str,
    tags: &[(String, String)],
    permissions_boundary: Option<&str>,
) -> Result<Option<User>, AwsError> {
    let request = iam
        .create_user()
        .user_name(name)
        .set_tags(Some(tags_of(tags)))
        .set_permissions_boundary(permissions_boundary.map(str::to_owned));
    match request.send().await {
        Ok(out) => Ok(out.user().map(user_from)),
        Err(err) if code_of(&err) == Some("EntityAlreadyExists") => Ok(None),
        Err(err) => Err(classify("iam:CreateUser", &err)),
    }
}

pub async fn tag_user(iam: &Client, name: &str, tags: &[(String, String)]) -> Result<(), AwsError> {
    iam.tag_user()
        .user_name(name)
        .set_tags(Some(tags_of(tags)))
        .send()
        .await
        .map(drop)
        .map_err(|e| classify("iam:TagUser", &e))
}

/// True when the user has a console password. Pixelshift needs programmatic access only.
pub async fn has_login_profile(iam: &Client, name: &str) -> Result<bool, AwsError> {
    match iam.get_login_profile().user_name(name).send().await {
        Ok(_) => Ok(true),
        Err(err) if is_no_such_entity(&err) => Ok(false),
        Err(err) => Err(classify("iam:GetLoginProfile", &err)),
    }
}

pub async fn list_access_keys(iam: &Client, name: &str) -> Result<Vec<AccessKey>, AwsError> {
    let mut keys = Vec::new();
    let mut pages = iam.list_access_keys().user_name(name).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("iam:ListAccessKeys", &e))?;
        keys.extend(page.access_key_metadata().iter().map(|k| AccessKey {
            id: k.access_key_id().unwrap_or_default().to_owned(),
            active: k.status() == Some(&StatusType::Active),
            created: date(k.create_date()),
            created_epoch: k.create_date().map(DateTime::secs),
        }));
    }
    Ok(keys)
}

pub async fn create_access_key(iam: &Client, name: &str) -> Result<KeyCreation, AwsError> {
    match iam.create_access_key().user_name(name).send().await {
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
        Err(err) if code_of(&err) == Some("LimitExceeded") => Ok(KeyCreation::KeyLimit),
        Err(err) => Err(classify("iam:CreateAccessKey", &err)),
    }
}

pub async fn list_user_policies(iam: &Client, user: &str) -> Result<Vec<String>, AwsError> {
    let mut names = Vec::new();
    let mut pages = iam.list_user_policies().user_name(user).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("iam:ListUserPolicies", &e))?;
        names.extend(page.policy_names().iter().cloned());
    }
    Ok(names)
}

/// The inline policy's document as JSON text, or `None` when the user has no policy of that name.
pub async fn get_user_policy(iam: &Client, user: &str, policy: &str) -> Result<Option<String>, AwsError> {
    match iam.get_user_policy().user_name(user).policy_name(policy).send().await {
        Ok(out) => Ok(Some(decode_policy_document(out.policy_document()))),
        Err(err) if is_no_such_entity(&err) => Ok(None),
        Err(err) => Err(classify("iam:GetUserPolicy", &err)),
    }
}

/// The user's inline policies, split into the one named `policy` (its document, if attached) and the
/// others (name and IAM size): what the aggregate size limit is checked against.
pub async fn inline_policies(
    iam: &Client,
    user: &str,
    policy: &str,
) -> Result<(Option<String>, Vec<(String, usize)>), AwsError> {
    let mut current = None;
    let mut others = Vec::new();
    for name in list_user_policies(iam, user).await? {
        let text = get_user_policy(iam, user, &name).await?.unwrap_or_default();
        if name == policy {
            current = Some(text);
        } else {
            others.push((name, crate::domain::policy::iam_size(&text)));
        }
    }
    Ok((current, others))
}

pub async fn put_user_policy(iam: &Client, user: &str, policy: &str, document: &str) -> Result<(), AwsError> {
    iam.put_user_policy()
        .user_name(user)
        .policy_name(policy)
        .policy_document(document)
        .send()
        .await
        .map(drop)
        .map_err(|e| classify("iam:PutUserPolicy", &e))
}

/// Rollback helpers: each removes one thing a failed setup run created. A thing already gone is fine.
pub async fn delete_access_key(iam: &Client, user: &str, key_id: &str) -> Result<(), AwsError> {
    match iam.delete_access_key().user_name(user).access_key_id(key_id).send().await {
        Ok(_) => Ok(()),
        Err(err) if is_no_such_entity(&err) => Ok(()),
        Err(err) => Err(classify("iam:DeleteAccessKey", &err)),
    }
}

pub async fn delete_user_policy(iam: &Client, user: &str, policy: &str) -> Result<(), AwsError> {
    match iam.delete_user_policy().user_name(user).policy_name(policy).send().await {
        Ok(_) => Ok(()),
        Err(err) if is_no_such_entity(&err) => Ok(()),
        Err(err) => Err(classify("iam:DeleteUserPolicy", &err)),
    }
}

pub async fn delete_user(iam: &Client, user: &str) -> Result<(), AwsError> {
    match iam.delete_user().user_name(user).send().await {
        Ok(_) => Ok(()),
        Err(err) if is_no_such_entity(&err) => Ok(()),
        Err(err) => Err(classify("iam:DeleteUser", &err)),
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
        let err = create_user(&iam, "iam_pixelshift", &[], None).await.unwrap_err();
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
        let err = list_access_keys(&iam, "iam_pixelshift").await.unwrap_err();
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
        assert_eq!(list_user_policies(&iam, "u").await.unwrap(), ["pixelshift_access"]);
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
        let err = get_user(&iam, "u").await.unwrap_err();
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
        assert_eq!(get_user(&iam, "u").await.unwrap(), None);
        assert!(matches!(create_access_key(&iam, "u").await.unwrap(), KeyCreation::KeyLimit));
        assert_eq!(create_user(&iam, "u", &[], None).await.unwrap(), None);
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
        let err = get_user(&iam, "u").await.unwrap_err();
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
