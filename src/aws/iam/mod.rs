//! The IAM adapter: one method per IAM call, answering in domain terms: a missing user is `None`, a
//! full key quota is [`KeyCreation::KeyLimit`], everything else an [`AwsError`] naming the IAM
//! action. SDK error variants are matched by type here, so no caller ever looks at an error code.
//!
//! One [`Iam`] type, its methods grouped by the resource they touch: `users` (users, tags, console
//! password, group membership, permissions boundary), `keys` (access keys and their last use),
//! `inline` (inline user and group policies), `managed` (customer-managed policies, their versions,
//! attachments and documents). This module holds the type, the answers its methods share and the
//! helpers that map SDK results.

mod inline;
mod keys;
mod managed;
mod users;

use aws_sdk_iam::Client;
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_iam::primitives::{DateTime, DateTimeFormat};
use aws_sdk_iam::types::Tag;

use super::error::{AwsError, classify};
use crate::domain::user::{MANAGED_TAG_KEY, MANAGED_TAG_VALUE};
use crate::secrets::Secret;

/// The IAM client of the admin side.
#[derive(Debug, Clone)]
pub struct Iam(pub(super) Client);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub arn: String,
    /// The IAM path (`/` unless one was given): this tool's users are under `/pixelshift-aws/`.
    pub path: String,
    pub tags: Vec<(String, String)>,
    pub permissions_boundary: Option<String>,
    pub created: String,
    /// `created` in seconds since the Unix epoch.
    pub created_epoch: i64,
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

/// A managed policy attached to a user or a group, with its default version's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    pub document: Option<String>,
    /// Users, groups and roles it is attached to (0 where the policy could not be read).
    pub attachments: usize,
    pub tags: Vec<(String, String)>,
}

/// A group the user is in, with the policies that reach the user through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    /// Inline policies: (name, document).
    pub inline: Vec<(String, String)>,
    pub managed: Vec<ManagedPolicy>,
}

fn date(value: Option<&DateTime>) -> String {
    value.and_then(|d| d.fmt(DateTimeFormat::DateTime).ok()).unwrap_or_default()
}

fn user_from(user: &aws_sdk_iam::types::User) -> User {
    User {
        name: user.user_name().to_owned(),
        arn: user.arn().to_owned(),
        path: user.path().to_owned(),
        tags: user.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect(),
        permissions_boundary: user.permissions_boundary().and_then(|b| b.permissions_boundary_arn()).map(str::to_owned),
        created: date(Some(user.create_date())),
        created_epoch: user.create_date().secs(),
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
fn gone_is_fine<T, E, R>(
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
