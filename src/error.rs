//! User-facing errors: each kind knows its exit status and, where there is one, the fix (`hint:`).
//!
//! Commands return `anyhow::Error` so lower layers can add context; the top level looks for an
//! [`Error`] in the chain to pick the exit status and hint, and prints everything exactly once.

use std::io;
use std::path::PathBuf;

use crate::aws::AwsError;
use crate::domain::iam::AccessKeyInfo;
use crate::domain::names::NameError;
use crate::domain::policy::{ATTACHED_QUOTA, INLINE_BUDGET, MANAGED_BUDGET};
use crate::domain::thousands;
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
    /// The user exists without the managed-by tag, and `--adopt` was not given.
    #[error("IAM user `{user}` exists but was not created by pixelshift-aws (no managed-by tag); it was not changed")]
    Unmanaged { user: String },
    /// attach-policy (or verify) on a user that does not exist.
    #[error("IAM user `{user}` does not exist")]
    NoSuchUser { user: String },
    /// Two keys already, none of them stored here.
    #[error("`{user}` already has two access keys, IAM's limit (inactive keys count too), none stored here: {}", key_list(.keys))]
    KeyLimit { user: String, keys: Vec<AccessKeyInfo> },
    /// The user's inline policies would pass IAM's aggregate budget.
    #[error("{}", over_budget(.user.as_deref(), .policy, *.size, .others))]
    OverBudget { user: Option<String>, policy: String, size: usize, others: Vec<(String, usize)> },
    /// A managed policy document over IAM's 6,144 characters that cannot be split.
    #[error(
        "the policy `{policy}` is {} characters, over IAM's {}-character limit for a managed policy, and cannot be split further",
        thousands(*.size),
        thousands(MANAGED_BUDGET)
    )]
    ManagedTooLarge { policy: String, size: usize },
    /// More managed policies than a user may have attached.
    #[error("{}", managed_quota(.user.as_deref(), *.needed, .others))]
    ManagedQuota { user: Option<String>, needed: usize, others: Vec<String> },
    /// A managed policy the plan needs exists, attached to someone else.
    #[error(
        "the managed policy `{name}` (under /pixelshift-aws/) exists and is attached to another user, group or role; nothing was changed"
    )]
    ManagedNameTaken { name: String },
    /// A key must be created and nothing here can keep it.
    #[error("{reason}; a new access key would have nowhere to be stored, so nothing was created")]
    NoKeyStore { reason: String, hint: Option<String> },
    /// verify could not get an answer from AWS (throttling, 5xx, resets) within `--wait`.
    #[error("AWS did not answer the checks of {buckets} within {waited} s ({code}): nothing was learnt about access")]
    VerifyUnreachable { buckets: String, code: String, waited: u64 },
    /// Another run holds the user's lock (or the AWS config file's).
    #[error("another pixelshift-aws run is still working on {what} after {waited} s")]
    Busy { what: String, waited: u64, lock: PathBuf },
    /// status found something that needs doing (each finding was reported with its fix).
    #[error("{count} finding{} need{} action (each is listed above with its fix)", if *.count == 1 { "" } else { "s" }, if *.count == 1 { "s" } else { "" })]
    NeedsAction { count: usize },
    /// A run over several accounts (`--profiles`, `--org`) where some need action.
    #[error("{} of {total} accounts need action: {}", .accounts.len(), .accounts.join(", "))]
    AccountsNeedAction { accounts: Vec<String>, total: usize },
    /// A run over several accounts where some failed (each is reported with its error).
    #[error("{} of {total} accounts failed: {}", .accounts.len(), .accounts.join(", "))]
    AccountsFailed { accounts: Vec<String>, total: usize, resume: String },
    /// rotate-keys: a rotation waits for `--finish`.
    #[error("a key rotation of `{user}` is in progress: the previous key {previous} is still kept")]
    RotationInProgress { user: String, previous: String },
    /// rotate-keys --finish without a rotation in progress.
    #[error("no key rotation of `{user}` is in progress (no previous key is kept here)")]
    NotRotating { user: String },
    /// rotate-keys --finish without a working new pair stored here.
    #[error(
        "the new pair of `{user}` is not stored here as a working key ({why}); retiring the old key {old} would \
         leave none, so nothing was changed"
    )]
    NewPairNotReady { user: String, old: String, why: String },
    /// rotate-keys --finish before anything shows that the dashboard uses the new key.
    #[error("nothing shows yet that Pixelshift uses the new key {new} ({why}); the old key {old} was left as it is")]
    NotSwitched { user: String, old: String, new: String, why: String },
    /// The pair is stored, but a copy the plan needed could not be written: the durable file beside
    /// a keyring that forgets at reboot, or the `--keys-file` asked for.
    #[error("access key {key} is stored only in {stored}; its copy `{}` could not be written ({why})", .path.display())]
    CopyMissing { key: String, stored: String, path: PathBuf, why: String },
    /// A new key was created but could not be stored anywhere; it was printed for the operator.
    #[error("the access key was created but could not be stored; it was printed above")]
    NotStored,
    /// The account changed between reading it and acting on the plan (another run, another admin).
    #[error("{what} changed while this run was planning; nothing else was done")]
    Raced { what: String },
}

/// The ways out of IAM's inline budget, said wherever it is exceeded.
pub const FEWER_BUCKETS: &str =
    "use fewer buckets, a `name-*` pattern for buckets that share a prefix, or --all-buckets";

fn key_list(keys: &[AccessKeyInfo]) -> String {
    let list: Vec<String> = keys
        .iter()
        .map(|k| format!("{} ({}, created {})", k.id, if k.active { "active" } else { "inactive" }, k.created))
        .collect();
    list.join(", ")
}

fn over_budget(user: Option<&str>, policy: &str, size: usize, others: &[(String, usize)]) -> String {
    let total = size + others.iter().map(|(_, s)| s).sum::<usize>();
    let detail = if others.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = others.iter().map(|(n, s)| format!("`{n}` {}", thousands(*s))).collect();
        format!(" + other inline policies {}", list.join(", "))
    };
    let whose = user.map_or_else(|| "a user".to_owned(), |u| format!("`{u}`"));
    format!(
        "the inline policies of {whose} would total {} characters (`{policy}` {}{detail}), over IAM's {}-character \
         limit (whitespace not counted)",
        thousands(total),
        thousands(size),
        thousands(INLINE_BUDGET)
    )
}

fn managed_quota(user: Option<&str>, needed: usize, others: &[String]) -> String {
    let whose = user.map_or_else(|| "a user".to_owned(), |u| format!("`{u}`"));
    let detail = if others.is_empty() {
        String::new()
    } else {
        format!(" besides the {} already attached ({})", others.len(), others.join(", "))
    };
    format!(
        "the policy needs {needed} managed policies of up to {} characters each{detail}, over the {ATTACHED_QUOTA} IAM lets {whose} have attached",
        thousands(MANAGED_BUDGET)
    )
}

impl From<crate::domain::Invalid> for Error {
    fn from(invalid: crate::domain::Invalid) -> Self {
        Error::Usage { message: invalid.message, hint: Some(invalid.hint) }
    }
}

impl From<&SecretsError> for Error {
    /// A secrets failure that is kept elsewhere (a store remembers why its keyring did not open):
    /// its message and hint, as a failure.
    fn from(err: &SecretsError) -> Self {
        Error::Refused { message: err.to_string(), hint: err.hint() }
    }
}

impl Error {
    /// A secrets problem caused by what the operator typed (`--keys-file` naming a directory, ...):
    /// a usage error, with the secrets layer's own message and hint.
    #[must_use]
    pub fn bad_input(err: &SecretsError) -> Self {
        Error::Usage { message: err.to_string(), hint: err.hint() }
    }

    /// A managed policy name IAM would refuse (more than 128 characters).
    #[must_use]
    pub fn managed_name_too_long(name: &str) -> Self {
        Error::usage(
            format!(
                "the managed policy name `{name}` is {} characters, over IAM's 128 for a policy name",
                name.chars().count()
            ),
            "choose a shorter --policy-name (or user name): managed policies are named <policy>.<user>, then .2, .3 …",
        )
    }

    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage { message: message.into(), hint: Some(hint.into()) }
    }

    pub fn refused(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Refused { message: message.into(), hint: Some(hint.into()) }
    }

    #[must_use]
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::InvalidName(_)
            | Error::Usage { .. }
            | Error::MissingInput { .. }
            | Error::Unmanaged { .. }
            | Error::OverBudget { .. }
            | Error::ManagedTooLarge { .. }
            | Error::ManagedQuota { .. } => ExitStatus::Usage,
            Error::Interrupted => ExitStatus::Interrupted,
            Error::AccessMissing { .. } | Error::NeedsAction { .. } | Error::AccountsNeedAction { .. } => {
                ExitStatus::AccessMissing
            }
            Error::Declined(_)
            | Error::AccountsFailed { .. }
            | Error::Refused { .. }
            | Error::Aws(_)
            | Error::Secrets(_)
            | Error::Prompt(_)
            | Error::Read { .. }
            | Error::Write { .. }
            | Error::NoSuchUser { .. }
            | Error::ManagedNameTaken { .. }
            | Error::KeyLimit { .. }
            | Error::NoKeyStore { .. }
            | Error::NotStored
            | Error::CopyMissing { .. }
            | Error::Raced { .. }
            | Error::RotationInProgress { .. }
            | Error::NotRotating { .. }
            | Error::NotSwitched { .. }
            | Error::NewPairNotReady { .. }
            | Error::Busy { .. }
            | Error::VerifyUnreachable { .. } => ExitStatus::Failure,
        }
    }

    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::InvalidName(e) => e.hint(),
            Error::Usage { hint, .. } | Error::Refused { hint, .. } | Error::NoKeyStore { hint, .. } => hint.clone(),
            Error::Aws(e) => e.hint(),
            Error::AccessMissing { hint, .. } => Some(hint.clone()),
            Error::Secrets(e) => e.hint(),
            Error::MissingInput { .. }
            | Error::Declined(_)
            | Error::Interrupted
            | Error::Prompt(_)
            | Error::NeedsAction { .. }
            | Error::AccountsNeedAction { .. } => None,
            Error::AccountsFailed { resume, .. } => {
                Some(format!("after fixing what each says, run again for those accounts only: {resume}"))
            }
            Error::Unmanaged { user } => Some(format!(
                "pass --adopt to take it over (it gets tagged managed-by=pixelshift-aws), or choose another --user-name \
                 than `{user}`"
            )),
            Error::NoSuchUser { user } => {
                Some(format!("create it first: pixelshift-aws create-user --user-name {user}"))
            }
            Error::KeyLimit { user, .. } => Some(format!(
                "delete a key nobody uses with `aws iam delete-access-key --user-name {user} --access-key-id ID`, then \
                 run this again; pixelshift-aws never deletes keys itself"
            )),
            Error::OverBudget { .. } => Some(format!(
                "pass --policy-type managed (6,144 characters per policy, split over several when longer); or \
                 {FEWER_BUCKETS}; or remove an inline policy the user no longer needs (aws iam delete-user-policy)"
            )),
            Error::ManagedTooLarge { .. } => Some(FEWER_BUCKETS.to_owned()),
            Error::ManagedQuota { .. } => Some(format!(
                "{FEWER_BUCKETS}; or detach a managed policy the user no longer needs (aws iam detach-user-policy)"
            )),
            Error::ManagedNameTaken { name } => Some(format!(
                "choose another --policy-name, or detach `{name}` from whatever has it (aws iam list-entities-for-policy)"
            )),
            Error::CopyMissing { path, .. } => Some(format!(
                "make `{}` writable (free space, or move what is in the way), or choose another place with --keys-file \
                 PATH, then run the same command again: it reuses the stored key and writes the copy",
                path.display()
            )),
            Error::NotStored => Some(
                "copy it now (AWS will not show the secret again), then fix the keyring or pass --keys-file".to_owned(),
            ),
            Error::Raced { .. } => Some("run the same command again: it reads the account afresh".to_owned()),
            Error::RotationInProgress { user, .. } => Some(format!(
                "once the Pixelshift dashboard uses the new key, finish it: pixelshift-aws rotate-keys --user-name {user} --finish"
            )),
            Error::VerifyUnreachable { .. } => Some(
                "check your network, proxy and --region / --endpoint-url, then run it again (a longer --wait rides \
                 out more throttling)"
                    .to_owned(),
            ),
            Error::Busy { lock, .. } => Some(format!(
                "let it finish and run this again (its lock is {}; it goes when that run ends)",
                lock.display()
            )),
            Error::NotRotating { user } => {
                Some(format!("start one with: pixelshift-aws rotate-keys --user-name {user}"))
            }
            Error::NewPairNotReady { user, .. } => Some(format!(
                "`pixelshift-aws status --user-name {user}` shows which keys are stored and active; store the new \
                 pair again (keys show --keys-file on the machine that has it) or, if it is lost, rotate again after \
                 removing it in IAM"
            )),
            Error::NotSwitched { user, .. } => Some(format!(
                "put the new pair into the Pixelshift dashboard (pixelshift-aws keys show --user-name {user} --reveal), \
                 let it work for a while and run this again (AWS can report a key's last use hours late); or, if you \
                 know nothing uses the old key, pass --force: pixelshift-aws rotate-keys --user-name {user} --finish --force"
            )),
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

/// The operator answered no: nothing was changed, and it is not an error.
#[must_use]
pub fn is_declined(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| matches!(cause.downcast_ref::<Error>(), Some(Error::Declined(_))))
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
