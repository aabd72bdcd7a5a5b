//! SDK errors turned into errors people can act on: which IAM action was refused, whether
//! credentials are missing or wrong, whether AWS throttled us past the SDK's retries.
//!
//! The SDK's own `Display` of an error is terse ("service error"); the detail lives in the error
//! metadata and the source chain (`DisplayErrorContext`), so it is read here, once, for every call.

use std::error::Error as StdError;
use std::fmt::Debug;

use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};

#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    /// The credential chain found nothing, or a provider (SSO, `credential_process`, profile) failed.
    #[error("no usable AWS credentials: {detail}")]
    NoCredentials { detail: String },
    /// AWS rejected the credentials themselves (unknown key, bad secret, expired session).
    #[error("AWS rejected the credentials for {action} ({code}): {message}")]
    BadCredentials { action: &'static str, code: String, message: String },
    /// An IAM policy (or SCP, or permissions boundary) denies the action to the caller.
    #[error("not allowed to call {action}: {message}")]
    AccessDenied { action: &'static str, message: String },
    /// AWS kept throttling after the SDK's retries.
    #[error("AWS throttled {action} and the retries ran out ({code})")]
    Throttled { action: &'static str, code: String },
    /// No answer: DNS, connection, TLS or timeout.
    #[error("cannot reach AWS for {action}: {detail}")]
    Unreachable { action: &'static str, detail: String },
    /// Any other error AWS returned.
    #[error("{action} failed ({code}): {message}")]
    Service { action: &'static str, code: String, message: String },
}

impl AwsError {
    /// The call may have been carried out though no answer came back: the connection dropped or
    /// timed out after the request was sent, or AWS answered with a server error or throttled.
    #[must_use]
    pub fn maybe_executed(&self) -> bool {
        match self {
            AwsError::Unreachable { .. } | AwsError::Throttled { .. } => true,
            AwsError::Service { code, .. } => SERVER_ERRORS.contains(&code.as_str()),
            _ => false,
        }
    }

    #[must_use]
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            // A profile's `role_arn` refused: the role is missing, or does not trust the source.
            AwsError::NoCredentials { detail } if detail.contains("sts:AssumeRole") => {
                "the profile's role_arn could not be assumed: the role must exist in that account and trust your \
                 source credentials (and take the profile's external_id, if it asks for one). \
                 OrganizationAccountAccessRole exists only in accounts the Organization created; an invited account \
                 needs it made first"
                    .to_owned()
            }
            AwsError::NoCredentials { .. } => {
                "choose credentials with --profile NAME or AWS_PROFILE, or set them up with `aws configure` \
                 (or `aws sso login` for SSO profiles)"
                    .to_owned()
            }
            AwsError::BadCredentials { code, .. } if code == "ExpiredToken" || code == "ExpiredTokenException" => {
                "your session expired: refresh it (`aws sso login`, or new temporary credentials)".to_owned()
            }
            AwsError::BadCredentials { .. } => {
                "check the access key in use (`aws sts get-caller-identity`), or pick another with --profile".to_owned()
            }
            AwsError::AccessDenied { action, .. } => format!(
                "ask your AWS administrator to allow {action} for your identity, or run with an administrator's \
                 profile (--profile NAME)"
            ),
            AwsError::Throttled { .. } => "wait a minute and run the same command again; it resumes safely".to_owned(),
            AwsError::Unreachable { .. } => {
                "check your network, proxy and --region / --endpoint-url, then run the same command again".to_owned()
            }
            AwsError::Service { .. } => return None,
        })
    }
}

const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
];
/// Codes of AWS's own failures (HTTP 5xx), after which a request may or may not have been executed.
const SERVER_ERRORS: &[&str] = &["ServiceFailure", "InternalFailure", "InternalError", "ServiceUnavailable"];
const BAD_CREDENTIALS: &[&str] = &[
    "InvalidClientTokenId",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "UnrecognizedClientException",
    "InvalidToken",
];

/// Maps any SDK error of the call that performs IAM/STS/S3 `action` (e.g. `iam:CreateUser`).
pub fn classify<E, R>(action: &'static str, err: &SdkError<E, R>) -> AwsError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: Debug + Send + Sync + 'static,
{
    match err {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            let code = inner.code().unwrap_or("Unknown").to_owned();
            let message = inner.message().map_or_else(|| chain(err), str::to_owned);
            if code == "AccessDenied" || code == "AccessDeniedException" {
                AwsError::AccessDenied { action, message }
            } else if THROTTLING.contains(&code.as_str()) {
                AwsError::Throttled { action, code }
            } else if BAD_CREDENTIALS.contains(&code.as_str()) {
                AwsError::BadCredentials { action, code, message }
            } else {
                AwsError::Service { action, code, message }
            }
        }
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
            AwsError::Unreachable { action, detail: chain(err) }
        }
        // Construction failures are where a missing or broken credential provider shows up.
        _ => {
            let detail = chain(err);
            if detail.contains("credentials") || detail.contains("Credentials") {
                AwsError::NoCredentials { detail }
            } else {
                AwsError::Service { action, code: "Unknown".to_owned(), message: detail }
            }
        }
    }
}

/// An error and its causes as one line, `outer: cause: root`. The SDK's `DisplayErrorContext` also
/// appends a `Debug` dump of the whole error (raw responses included), which is noise for people.
pub fn chain(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        // Many SDK layers repeat their source in their own message; keep each piece once.
        if !text.is_empty() && !parts.last().is_some_and(|last| last.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

/// The AWS error code of a service error, for callers that turn specific codes into outcomes.
pub fn code_of<E, R>(err: &SdkError<E, R>) -> Option<&str>
where
    E: ProvideErrorMetadata,
{
    match err {
        SdkError::ServiceError(service) => service.err().code(),
        _ => None,
    }
}
