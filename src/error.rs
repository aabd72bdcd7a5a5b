//! User-facing errors: each kind knows its exit status and, where there is one, the fix (`hint:`).
//!
//! Commands return `anyhow::Error` so lower layers can add context; the top level looks for an
//! [`Error`] in the chain to pick the exit status and hint, and prints everything exactly once.

use std::io;
use std::path::PathBuf;

use crate::aws::AwsError;
use crate::domain::names::NameError;
use crate::exit::ExitStatus;
use crate::secrets::SecretsError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A name broke IAM's or S3's rules.
    #[error(transparent)]
    InvalidName(#[from] NameError),
    /// A value or combination of flags the command cannot work with.
    #[error("{message}")]
    Usage { message: String, hint: Option<String> },
    /// A question nobody can answer here; `flag` answers it in scripts.
    #[error("cannot ask \"{question}\" without a terminal; pass {flag}")]
    MissingInput { flag: &'static str, question: String },
    /// The operator declined a confirmation: nothing was changed.
    #[error("{0}")]
    Declined(String),
    /// The current state of the account forbids the change; `hint` says how to get past it.
    #[error("{message}")]
    Refused { message: String, hint: Option<String> },
    #[error(transparent)]
    Aws(#[from] AwsError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    /// verify ran and some access is missing.
    #[error("{message}")]
    AccessMissing { message: String, hint: String },
    /// Ctrl-C at a prompt.
    #[error("interrupted")]
    Interrupted,
    #[error("cannot show a prompt")]
    Prompt(#[source] io::Error),
    /// A file the user named could not be read.
    #[error("cannot read `{}`", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A file the user named could not be written.
    #[error("cannot write `{}`", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl From<crate::domain::Invalid> for Error {
    fn from(invalid: crate::domain::Invalid) -> Self {
        Error::Usage { message: invalid.message, hint: Some(invalid.hint) }
    }
}

impl Error {
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage { message: message.into(), hint: Some(hint.into()) }
    }

    pub fn refused(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Refused { message: message.into(), hint: Some(hint.into()) }
    }

    #[must_use]
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::InvalidName(_) | Error::Usage { .. } | Error::MissingInput { .. } => ExitStatus::Usage,
            Error::Interrupted => ExitStatus::Interrupted,
            Error::AccessMissing { .. } => ExitStatus::AccessMissing,
            Error::Declined(_)
            | Error::Refused { .. }
            | Error::Aws(_)
            | Error::Secrets(_)
            | Error::Prompt(_)
            | Error::Read { .. }
            | Error::Write { .. } => ExitStatus::Failure,
        }
    }

    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::InvalidName(e) => e.hint(),
            Error::Usage { hint, .. } | Error::Refused { hint, .. } => hint.clone(),
            Error::Aws(e) => e.hint(),
            Error::AccessMissing { hint, .. } => Some(hint.clone()),
            Error::Secrets(e) => e.hint(),
            Error::MissingInput { .. } | Error::Declined(_) | Error::Interrupted | Error::Prompt(_) => None,
            Error::Read { source, .. } | Error::Write { source, .. } => match source.kind() {
                io::ErrorKind::PermissionDenied => Some("choose a path you can write to".to_owned()),
                io::ErrorKind::NotFound => Some("create the directory first, or choose another path".to_owned()),
                _ => None,
            },
        }
    }
}

/// The exit status and hint for any error: ours where the chain holds one of ours, else a failure.
#[must_use]
pub fn classify(err: &anyhow::Error) -> (ExitStatus, Option<String>) {
    match err.chain().find_map(|cause| cause.downcast_ref::<Error>()) {
        Some(e) => (e.exit_status(), e.hint()),
        None => (ExitStatus::Failure, None),
    }
}

/// A closed stdout (`pixelshift-aws make-policy | head -1`) is not an error worth reporting.
#[must_use]
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().filter_map(|cause| cause.downcast_ref::<io::Error>()).any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::BucketName;

    #[test]
    fn classification_follows_the_chain() {
        let name = BucketName::parse("Bad").unwrap_err();
        let err = anyhow::Error::new(Error::from(name)).context("while reading --bucket");
        let (status, hint) = classify(&err);
        assert_eq!(status, ExitStatus::Usage);
        assert_eq!(hint.as_deref(), Some("did you mean `bad`?"));
        assert_eq!(classify(&anyhow::anyhow!("boom")).0, ExitStatus::Failure);
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let err = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing stdout");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
