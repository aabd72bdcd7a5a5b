//! Errors of the secret store, each with the fix a user can apply (`hint()`).
//!
//! Every message is one self-contained line: it names the backend or the path and says why, without
//! relying on the cause chain, because callers also show these errors inside warnings with a plain
//! `{err}`. No message ever contains the secret: keyring failures are re-worded from the store's error
//! *kind* (`keyring-core`'s `BadEncoding` and `BadDataFormat` carry the stored bytes — the secret —
//! and `Debug` would print them), and JSON problems name fields and positions, never values.

use std::fmt;
use std::io;
use std::path::PathBuf;

use super::Backend;

/// What was being done when a keyring or the key file failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Write,
    Read,
    Delete,
}

impl Op {
    fn preposition(self) -> &'static str {
        match self {
            Op::Write => "to",
            Op::Read | Op::Delete => "from",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Write => "write",
            Op::Read => "read",
            Op::Delete => "delete",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// `--keyring` named a backend this platform does not have.
    #[error("the {} is not available on {}", .backend.describe(), std::env::consts::OS)]
    NotOnThisPlatform { backend: Backend },
    /// The backend's store could not be created: for the Secret Service, no D-Bus session bus or no
    /// Secret Service on it.
    #[error("cannot connect to the {}: {cause}", .backend.describe())]
    Connect { backend: Backend, cause: BackendError },
    /// The backend connected but failed the write, read or delete of a throwaway entry: a locked
    /// collection or a session keyring that refuses keys only shows up at use.
    #[error("the {} failed a test {step} ({cause})", .backend.describe())]
    Probe { backend: Backend, step: Op, cause: BackendError },
    /// `auto`: every backend of this platform failed. Holds each one's error, in the order tried.
    #[error("{}", no_backend_message(.tried))]
    NoBackend { tried: Vec<SecretsError> },
    /// The keyring was needed after it had failed to open (the open error says why).
    #[error("the OS keyring is not usable: {reason}")]
    Unavailable { reason: String },
    /// Reading, writing or deleting a key's entry failed.
    #[error("cannot {op} `{account}` {} the {}: {cause}", .op.preposition(), .backend.describe())]
    Keyring { op: Op, backend: Backend, account: String, cause: BackendError },
    /// The keyring took the entry but gave back something else: storing cannot be trusted.
    #[error("the {} accepted `{account}` but read back something else", .backend.describe())]
    ReadBackMismatch { backend: Backend, account: String },
    /// A keyring entry or key file that is not DESIGN §4's JSON (or holds another user's key).
    #[error("{what} is not a pixelshift-aws key: {problem}")]
    Malformed { what: String, problem: String },
    #[error("cannot {op} the key file `{}`: {cause}", .path.display())]
    File { op: Op, path: PathBuf, cause: io::Error },
    /// Writing would replace a file holding another key's secret, which may exist nowhere else.
    #[error("the key file `{}` holds another access key ({existing}); it was left as it is", .path.display())]
    FileHoldsOtherKey { path: PathBuf, existing: String },
    /// Nothing holds a key for the user where [`super::KeyStore::locate`] looks.
    #[error("no access key is stored for `{user}` in account {account} ({looked})")]
    NotStored { user: String, account: String, looked: String },
    /// The key file the operator named holds another user's (or account's) key.
    #[error("the key file `{}` holds the key of `{holds_user}` in account {holds_account}, not of `{user}` in account {account}", .path.display())]
    OtherUsersFile { path: PathBuf, user: String, account: String, holds_user: String, holds_account: String },
    /// The Secret Service `auto` passed over because it is locked holds an entry for this key: it
    /// cannot be read, and must not be taken for "no key" (a second key would be made).
    #[error("the key of `{account}` is in the {}, which is locked", .backend.describe())]
    Locked { backend: Backend, account: String },
    /// A keyring call got no answer in time (a stuck daemon, a prompt nobody answers).
    #[error("the {} did not answer in {waited} s", .backend.map_or("OS keyring", Backend::describe))]
    NotAnswering { backend: Option<Backend>, waited: u64 },
    /// Writing would replace a file that is not a key file at all (a mistyped `--keys-file`).
    #[error("`{}` exists and is not a pixelshift-aws key file ({problem}); it was left as it is", .path.display())]
    NotAKeyFile { path: PathBuf, problem: String },
}

fn no_backend_message(tried: &[SecretsError]) -> String {
    if tried.is_empty() {
        return format!("no supported OS keyring exists on {}", std::env::consts::OS);
    }
    let reasons: Vec<String> = tried.iter().map(ToString::to_string).collect();
    format!("no OS keyring is usable: {}", reasons.join("; "))
}

const FIX_MALFORMED: &str =
    "fix or remove it (`pixelshift-aws keys delete` removes a keyring entry), then store the key again";

/// The way out that always works, said first where a keyring failed.
const KEYS_FILE_FIRST: &str = "keep the key in a 0600 file instead: pass --keys-file PATH";

/// The last resort every keyring hint ends with.
const KEYS_FILE: &str = "or keep the key in a 0600 file with --keys-file PATH";

impl SecretsError {
    /// The keyring backend this error is about, if it is about one.
    #[must_use]
    pub fn backend(&self) -> Option<Backend> {
        match self {
            SecretsError::NotOnThisPlatform { backend }
            | SecretsError::Connect { backend, .. }
            | SecretsError::Probe { backend, .. }
            | SecretsError::Keyring { backend, .. }
            | SecretsError::ReadBackMismatch { backend, .. }
            | SecretsError::Locked { backend, .. } => Some(*backend),
            SecretsError::NotAnswering { backend, .. } => *backend,
            _ => None,
        }
    }

    /// A backend that connected but refused access: a locked Secret Service or keychain. With `auto`
    /// such a backend is passed over, but may hold keys (see [`SecretsError::Locked`]).
    #[must_use]
    pub fn is_locked(&self) -> bool {
        match self {
            SecretsError::Probe { backend, cause, .. } => *backend != Backend::Keyutils && cause.is_no_access(),
            SecretsError::NoBackend { tried } => tried.iter().any(SecretsError::is_locked),
            _ => false,
        }
    }

    /// For a failure of one backend's store: what to do about that backend.
    fn backend_remedy(&self) -> Option<&'static str> {
        match self {
            SecretsError::Connect { backend, cause } => Some(remedy(*backend, true, cause)),
            SecretsError::Probe { backend, cause, .. } | SecretsError::Keyring { backend, cause, .. } => {
                Some(remedy(*backend, false, cause))
            }
            _ => None,
        }
    }

    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            SecretsError::NotOnThisPlatform { .. } => {
                let here: Vec<&str> = Backend::platform_order().iter().map(|b| b.as_str()).collect();
                Some(if here.is_empty() {
                    "this platform has no supported keyring: use --keys-file PATH".to_owned()
                } else {
                    format!("use --keyring {} here, {KEYS_FILE}", here.join(" or "))
                })
            }
            SecretsError::NoBackend { tried } => {
                // The way out that always works first, then how to make each keyring work: one per line.
                let mut remedies: Vec<&str> = vec![KEYS_FILE_FIRST];
                for remedy in tried.iter().filter_map(SecretsError::backend_remedy) {
                    if !remedies.contains(&remedy) {
                        remedies.push(remedy);
                    }
                }
                Some(remedies.join("\n"))
            }
            SecretsError::Keyring { backend: Backend::SecretService, account, cause, .. } if cause.is_ambiguous() => {
                // Never `secret-tool clear`: one of the items may hold the only copy of a working secret.
                Some(format!(
                    "several Secret Service items match; list them with `secret-tool search --all service {} \
                     username {account}`, keep the one whose access key `pixelshift-aws status` shows as in use, \
                     and delete the others (Seahorse, or `secret-tool clear` with their other attributes)",
                    super::SERVICE
                ))
            }
            SecretsError::Connect { .. } | SecretsError::Probe { .. } | SecretsError::Keyring { .. } => {
                self.backend_remedy().map(|remedy| format!("{KEYS_FILE_FIRST}\n{remedy}"))
            }
            SecretsError::NotStored { user, .. } => Some(format!(
                "create one with `pixelshift-aws create-user --user-name {user}`, or name the file that holds it with \
                 --keys-file PATH"
            )),
            SecretsError::OtherUsersFile { .. } => {
                Some("name the file that holds this user's key, or the user whose key the file holds".to_owned())
            }
            SecretsError::ReadBackMismatch { .. } => {
                Some(format!("this keyring cannot be trusted with the key; {KEYS_FILE}"))
            }
            SecretsError::Malformed { .. } => Some(FIX_MALFORMED.to_owned()),
            SecretsError::File { op, cause, .. } => match cause.kind() {
                io::ErrorKind::PermissionDenied => Some(format!("choose a path you can {op} with --keys-file PATH")),
                io::ErrorKind::NotFound if *op == Op::Read => Some("check the path given to --keys-file".to_owned()),
                io::ErrorKind::IsADirectory => Some("--keys-file takes a file name, not a directory".to_owned()),
                _ => None,
            },
            SecretsError::FileHoldsOtherKey { .. } => Some(
                "that secret may still be in use: move the file somewhere safe (or delete it if the key is gone), \
                 or choose another path with --keys-file PATH"
                    .to_owned(),
            ),
            SecretsError::NotAKeyFile { .. } => Some("choose another path with --keys-file PATH".to_owned()),
            SecretsError::Unavailable { .. } => Some(format!("fix the keyring, {KEYS_FILE}")),
            SecretsError::Locked { .. } => Some(format!(
                "{UNLOCK_SECRET_SERVICE}; no new key is made while the stored one cannot be read (to keep keys \
                 elsewhere on purpose, choose --keyring keyutils or --keys-file PATH)"
            )),
            SecretsError::NotAnswering { .. } => Some(
                "answer or dismiss any keyring prompt, or restart the keyring daemon (`gnome-keyring-daemon --replace`), \
                 then run this again; or choose another store with --keyring or --keys-file PATH"
                    .to_owned(),
            ),
        }
    }
}

/// What a user can do about a backend that failed: `connecting` when its store could not even be
/// created, else it failed at use (the probe or a real entry).
fn remedy(backend: Backend, connecting: bool, cause: &BackendError) -> &'static str {
    match backend {
        Backend::SecretService if connecting => START_SECRET_SERVICE,
        Backend::SecretService if cause.is_no_access() => UNLOCK_SECRET_SERVICE,
        Backend::SecretService => "check that your Secret Service (GNOME Keyring / KWallet) is running and unlocked",
        Backend::Keyutils if cause.is_no_access() => NEW_SESSION_KEYRING,
        Backend::Keyutils => {
            "check this session's kernel keyring (`keyctl show @s`) and your key quota (/proc/key-users)"
        }
        Backend::Keychain if cause.is_no_access() => {
            "unlock the login keychain (`security unlock-keychain`) and allow access when macOS asks"
        }
        Backend::Keychain => "check the login keychain in Keychain Access",
        Backend::WindowsCredentialManager => {
            "check that Credential Manager works for this account (service accounts without a loaded profile have none)"
        }
    }
}

const START_SECRET_SERVICE: &str = "start a Secret Service (GNOME Keyring or KWallet) in your D-Bus session: log \
    in to a desktop, or on a headless machine run pixelshift-aws inside `dbus-run-session` after \
    `gnome-keyring-daemon --unlock --components=secrets` (it reads a new keyring password on stdin)";

const UNLOCK_SECRET_SERVICE: &str = "unlock your login keyring (GNOME Keyring / KWallet) and run this again; \
    without a desktop, `gnome-keyring-daemon --replace --unlock` reads its password on stdin";

const NEW_SESSION_KEYRING: &str = "the kernel keyring refuses keys from this process's session keyring (usual \
    for services, cron and CI jobs): run pixelshift-aws in a login session, or as `keyctl session - pixelshift-aws …`";

/// A keyring store's error, re-worded from its kind.
///
/// `keyring-core`'s own `Display` is capitalised and its `Debug` prints the raw stored bytes of
/// `BadEncoding` / `BadDataFormat` — the secret. This type shows neither; the platform's own error
/// (a D-Bus error, a `keyctl` errno) is kept in the message because it is what a user searches for.
pub struct BackendError(keyring_core::Error);

impl BackendError {
    pub(super) fn new(err: keyring_core::Error) -> Self {
        Self(err)
    }

    /// Locked, or refused by the platform's access rules (`keyring-core`'s `NoStorageAccess`).
    #[must_use]
    pub fn is_no_access(&self) -> bool {
        matches!(self.0, keyring_core::Error::NoStorageAccess(_))
    }

    /// More than one stored item matches one entry (Secret Service items written by other tools).
    #[must_use]
    pub fn is_ambiguous(&self) -> bool {
        matches!(self.0, keyring_core::Error::Ambiguous(_))
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use keyring_core::Error as E;
        match &self.0 {
            E::PlatformFailure(err) => write!(f, "{err}"),
            E::NoStorageAccess(err) => write!(f, "locked or access refused: {err}"),
            E::NoEntry => f.write_str("no such entry"),
            E::BadEncoding(_) => f.write_str("the stored value is not UTF-8 text"),
            E::BadDataFormat(_, err) => write!(f, "the stored value is malformed: {err}"),
            E::BadStoreFormat(reason) => write!(f, "the keyring's own data is malformed: {reason}"),
            E::TooLong(name, limit) => write!(f, "`{name}` is longer than the platform's limit of {limit}"),
            E::Invalid(name, reason) => write!(f, "`{name}` is invalid: {reason}"),
            E::Ambiguous(items) => write!(f, "{} stored items match it", items.len()),
            E::NoDefaultStore => f.write_str("no default keyring store is set"),
            E::NotSupportedByStore(what) => write!(f, "not supported by this keyring: {what}"),
            other => write!(f, "{other}"),
        }
    }
}

impl fmt::Debug for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BackendError").field(&format_args!("{self}")).finish()
    }
}

impl std::error::Error for BackendError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_access(backend: Backend) -> SecretsError {
        let cause = BackendError::new(keyring_core::Error::NoStorageAccess("AccessDenied".into()));
        SecretsError::Probe { backend, step: Op::Write, cause }
    }

    #[test]
    fn stored_bytes_never_reach_messages() {
        let secret = b"wJalrXUtnFEMI/K7MDENG".to_vec();
        for err in [
            keyring_core::Error::BadEncoding(secret.clone()),
            keyring_core::Error::BadDataFormat(secret.clone(), "bad utf-16".into()),
        ] {
            let err = SecretsError::Keyring {
                op: Op::Read,
                backend: Backend::WindowsCredentialManager,
                account: "123456789012/u".to_owned(),
                cause: BackendError::new(err),
            };
            let shown = format!("{err} {err:?} {:?}", err.hint());
            assert!(!shown.contains("wJalr") && !shown.contains("119, 74"), "{shown}");
        }
    }

    #[test]
    fn keyutils_access_denied_points_at_a_session() {
        let err = no_access(Backend::Keyutils);
        assert_eq!(
            err.to_string(),
            "the Linux kernel keyring (keyutils) failed a test write (locked or access refused: AccessDenied)"
        );
        let hint = err.hint().unwrap();
        assert!(hint.contains("keyctl session -") && hint.contains("login session") && hint.contains("--keys-file"));
    }

    #[test]
    fn no_backend_lists_every_attempt_and_every_remedy() {
        let connect = SecretsError::Connect {
            backend: Backend::SecretService,
            cause: BackendError::new(keyring_core::Error::PlatformFailure("no session bus".into())),
        };
        let err = SecretsError::NoBackend { tried: vec![connect, no_access(Backend::Keyutils)] };
        let message = err.to_string();
        assert!(message.starts_with("no OS keyring is usable: cannot connect to the Secret Service"), "{message}");
        assert!(message.contains("no session bus; the Linux kernel keyring (keyutils) failed"), "{message}");
        let hint = err.hint().unwrap();
        for part in ["dbus-run-session", "keyctl session -", "--keys-file"] {
            assert!(hint.contains(part), "{part} missing from {hint}");
        }
    }

    #[test]
    fn wrong_platform_names_the_ones_here() {
        let other = if cfg!(target_os = "macos") { Backend::Keyutils } else { Backend::Keychain };
        let hint = SecretsError::NotOnThisPlatform { backend: other }.hint().unwrap();
        for backend in Backend::platform_order() {
            assert!(hint.contains(backend.as_str()), "{hint}");
        }
    }
}
