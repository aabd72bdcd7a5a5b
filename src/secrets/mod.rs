//! The secret store: where an access key pair lives once AWS has handed it over.
//!
//! AWS shows a secret access key exactly once, in the `CreateAccessKey` response; this module is
//! what keeps it (DESIGN §3 "The secret is never lost", §4 "OS keyring contract"):
//!
//! - [`Keyring`]: the OS keyring — Secret Service or the kernel keyring (keyutils) on Linux, the
//!   Keychain on macOS, Credential Manager on Windows — opened through `keyring-core` and one store
//!   crate per platform, each checked with a real write and read-back before it is trusted.
//! - [`write_keys_file`] / [`read_keys_file`]: the 0600 file fallback, written atomically.
//! - [`StoredKey`]: the one JSON shape both hold, whose first three fields are AWS's
//!   `credential_process` format.
//! - [`Secret`]: the secret itself, which prints as `***` and is read only through
//!   [`Secret::expose`].
//!
//! Everything here is blocking (D-Bus round trips, `keyctl` system calls, file `fsync`): async
//! callers run it with `spawn_blocking`. Only this module touches `keyring-core` and the store crates.

mod error;
mod file;
pub mod intent;
mod key;
mod keyring;
pub mod rotation;
mod store;

pub use error::{BackendError, Op, SecretsError};
pub use file::{check_target, default_keys_file, read_keys_file, write_keys_file};
pub use key::{Secret, StoredKey};
pub use keyring::{Backend, Keyring, Slot, secret_service_holds_locked};
pub use store::{Found, KeyStore, Placement, blocking, slot_file};

/// Seconds since the Unix epoch, now: the clock the intent and rotation records are written in,
/// and what key ages are counted against.
#[must_use]
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The keyring service name of every entry this tool writes (DESIGN §4).
pub const SERVICE: &str = "pixelshift-aws";

/// The keyring account for a key: `<aws-account-id>/<user-name>`.
///
/// IAM user names are unique per account only, so the account id keeps two customers' (or two test
/// emulators') `iam_pixelshift` apart. Neither part can contain `/`: account ids are 12 digits and
/// IAM user names allow only `A-Za-z0-9+=,.@_-`.
#[must_use]
pub fn account(account_id: &str, user_name: &str) -> String {
    format!("{account_id}/{user_name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_is_id_slash_user() {
        assert_eq!(account("123456789012", "iam_pixelshift"), "123456789012/iam_pixelshift");
    }
}
