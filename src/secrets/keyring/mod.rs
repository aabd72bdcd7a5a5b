//! The OS keyring: one `keyring-core` credential store per backend, chosen by `--keyring` or found by
//! trying this platform's backends in order (`auto`).
//!
//! A backend is trusted only after a real write and read-back of a throwaway entry (then deleted;
//! for keyutils, one fixed entry kept, see [`KEYUTILS_PROBE`](open::KEYUTILS_PROBE)): connecting proves little (a Secret Service with a locked default collection connects fine, then every write
//! fails with `NoStorageAccess(Prompt)`; the kernel refuses keys in a service's default session
//! keyring with `EACCES` only when one is added). Finding that out before `CreateAccessKey` costs a
//! few milliseconds; finding it out after could cost the secret.
//!
//! Backends and what they keep (each store crate's `persistence()`):
//! - Secret Service (`zbus-secret-service-keyring-store`, pure Rust D-Bus): items in the default
//!   collection, with attributes `service` and `username`; on disk, until deleted. It connects to
//!   the session bus when the store is created, so a missing bus fails at once.
//! - keyutils (`linux-keyutils-keyring-store`): a `user` key described `keyring:<account>@<service>`,
//!   added to the *session* keyring and linked into the user's *persistent* keyring (whose expiry,
//!   `/proc/sys/kernel/keys/persistent_keyring_expiry`, is three days by default and restarts at each
//!   use). Kernel memory only: gone at reboot (`UntilReboot`), so [`Keyring::survives_reboot`] is
//!   false and callers keep a second copy.
//! - macOS Keychain (`apple-native-keyring-store`, feature `keychain`): the login keychain.
//! - Windows Credential Manager (`windows-native-keyring-store`): a generic credential named
//!   `<account>.<service>`, stored as UTF-16 by `set_password`.
//!
//! The macOS and Windows arms are written against those crates' APIs but are only compiled on their
//! platforms; CI builds and tests Linux.

mod open;

pub use open::secret_service_holds_locked;

use std::collections::HashMap;
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

use super::error::{BackendError, Op, SecretsError};
use super::key::{Secret, StoredKey, parse};
use super::{SERVICE, account};

/// Keyring backends. `cli.rs` maps its own clap enum onto this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    SecretService,
    Keyutils,
    Keychain,
    WindowsCredentialManager,
}

impl Backend {
    /// The name `--keyring` takes.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::SecretService => "secret-service",
            Backend::Keyutils => "keyutils",
            Backend::Keychain => "keychain",
            Backend::WindowsCredentialManager => "windows-credential-manager",
        }
    }

    /// What a person calls it.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Backend::SecretService => "Secret Service (GNOME Keyring / KWallet)",
            Backend::Keyutils => "Linux kernel keyring (keyutils)",
            Backend::Keychain => "macOS Keychain",
            Backend::WindowsCredentialManager => "Windows Credential Manager",
        }
    }

    /// The backends `auto` tries on this platform, in order. On Linux the Secret Service comes first:
    /// it survives a reboot; keyutils is the headless fallback that does not.
    #[must_use]
    pub fn platform_order() -> &'static [Backend] {
        if cfg!(target_os = "linux") {
            &[Backend::SecretService, Backend::Keyutils]
        } else if cfg!(target_os = "macos") {
            &[Backend::Keychain]
        } else if cfg!(target_os = "windows") {
            &[Backend::WindowsCredentialManager]
        } else {
            &[]
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which of a user's pairs: the current one, or the previous one kept while a key rotation waits
/// for `--finish` (so the old pair is never dropped while the dashboard may still use it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Current,
    Previous,
}

impl Slot {
    /// The keyring account of the slot: `<account-id>/<user>` (DESIGN §4), and `…/previous` for the
    /// previous pair — IAM user names cannot contain `/`, so neither can be mistaken for another user.
    #[must_use]
    pub fn entry(self, account_id: &str, user_name: &str) -> String {
        match self {
            Slot::Current => account(account_id, user_name),
            Slot::Previous => format!("{}/previous", account(account_id, user_name)),
        }
    }
}

/// An opened, probed keyring. Cheap to clone (the store is shared); blocking to use.
#[derive(Debug, Clone)]
pub struct Keyring {
    backend: Backend,
    store: Arc<CredentialStore>,
    survives_reboot: bool,
    /// `keyring_core::mock`: takes no entry modifiers (labels).
    in_memory: bool,
    /// Backends `auto` tried first and why each failed, in order.
    skipped: Vec<(Backend, String)>,
    /// A backend `auto` passed over because it is locked: it may hold keys it cannot give.
    locked_over: Option<Backend>,
}

impl Keyring {
    /// An in-memory keyring (`keyring_core::mock`) for unit tests of command logic. It reports the
    /// platform's first backend (the Secret Service on Linux) and survives "reboots"; each call
    /// makes a new, empty one (clones share it).
    #[must_use]
    pub fn in_memory() -> Keyring {
        Self::in_memory_as(Backend::platform_order().first().copied().unwrap_or(Backend::SecretService))
    }

    /// [`Keyring::in_memory`] posing as `backend`, including its [`Keyring::survives_reboot`]
    /// (false for keyutils), to test what callers do with a non-durable keyring.
    #[must_use]
    pub fn in_memory_as(backend: Backend) -> Keyring {
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().expect("the mock store cannot fail");
        Keyring {
            backend,
            store,
            survives_reboot: backend != Backend::Keyutils,
            in_memory: true,
            skipped: Vec::new(),
            locked_over: None,
        }
    }

    /// In-memory keyrings only: the next operation on this key's entry fails as a locked keyring
    /// would (`NoStorageAccess`), once. Returns false, doing nothing, for a real keyring.
    #[must_use = "false means nothing was injected: not an in-memory keyring"]
    pub fn fail_next(&self, account_id: &str, user_name: &str) -> bool {
        if !self.in_memory {
            return false;
        }
        let Ok(entry) = Entry::new_in_store(&self.store, SERVICE, &account(account_id, user_name)) else {
            return false;
        };
        match entry.as_any().downcast_ref::<keyring_core::mock::Cred>() {
            Some(cred) => {
                cred.set_error(keyring_core::Error::NoStorageAccess("injected failure (in-memory keyring)".into()));
                true
            }
            None => false,
        }
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// False for keyutils (kernel memory: gone at reboot or when the persistent keyring expires):
    /// callers warn loudly and keep a second copy.
    #[must_use]
    pub fn survives_reboot(&self) -> bool {
        self.survives_reboot
    }

    /// With `auto`, the backends tried before this one and why each was passed over (their error
    /// messages), in order; empty when the first one worked or the backend was chosen.
    #[must_use]
    pub fn skipped(&self) -> &[(Backend, String)] {
        &self.skipped
    }

    /// A backend `auto` passed over because it was locked (its entries exist but cannot be read).
    #[must_use]
    pub fn locked_over(&self) -> Option<Backend> {
        self.locked_over
    }

    /// The key stored for `<account_id>/<user_name>`, if any. An entry that is not a pixelshift-aws
    /// key, or holds another user's key, is an error, not `None`: it must not be silently replaced.
    pub fn get(&self, account_id: &str, user_name: &str) -> Result<Option<StoredKey>, SecretsError> {
        self.get_slot(account_id, user_name, Slot::Current)
    }

    /// [`Keyring::get`] of one slot: the current pair, or the previous one a rotation keeps.
    pub fn get_slot(&self, account_id: &str, user_name: &str, slot: Slot) -> Result<Option<StoredKey>, SecretsError> {
        let account = slot.entry(account_id, user_name);
        let fail = |cause| self.failure(Op::Read, &account, cause);
        let entry = self.entry(SERVICE, &account).map_err(fail)?;
        let json = match entry.get_password() {
            Ok(json) => Secret::new(json),
            Err(keyring_core::Error::NoEntry) => return Ok(None),
            Err(err) => return Err(fail(err)),
        };
        let malformed = |problem| SecretsError::Malformed {
            what: format!("the {} entry `{account}`", self.backend.describe()),
            problem,
        };
        let key = parse(json.expose()).map_err(malformed)?;
        if key.account_id != account_id || key.user_name != user_name {
            let holder = super::account(&key.account_id, &key.user_name);
            return Err(malformed(format!("it holds the key of `{holder}`")));
        }
        Ok(Some(key))
    }

    /// Stores `key` under `<account_id>/<user_name>`, replacing what was there, then reads it back:
    /// "stored" has to mean "can be read again", since AWS will not show the secret twice.
    pub fn put(&self, key: &StoredKey) -> Result<(), SecretsError> {
        self.put_slot(key, Slot::Current)
    }

    /// [`Keyring::put`] into one slot.
    pub fn put_slot(&self, key: &StoredKey, slot: Slot) -> Result<(), SecretsError> {
        let account = slot.entry(&key.account_id, &key.user_name);
        let json = Secret::new(key.to_json());
        let entry = self.entry(SERVICE, &account).map_err(|cause| self.failure(Op::Write, &account, cause))?;
        entry.set_password(json.expose()).map_err(|cause| self.failure(Op::Write, &account, cause))?;
        let stored = Secret::new(entry.get_password().map_err(|cause| self.failure(Op::Read, &account, cause))?);
        if stored != json {
            return Err(SecretsError::ReadBackMismatch { backend: self.backend, account });
        }
        Ok(())
    }

    /// Removes the entry: `Ok(true)` if there was one, `Ok(false)` if not.
    pub fn delete(&self, account_id: &str, user_name: &str) -> Result<bool, SecretsError> {
        self.delete_slot(account_id, user_name, Slot::Current)
    }

    /// [`Keyring::delete`] of one slot.
    pub fn delete_slot(&self, account_id: &str, user_name: &str, slot: Slot) -> Result<bool, SecretsError> {
        let account = slot.entry(account_id, user_name);
        let entry = self.entry(SERVICE, &account).map_err(|cause| self.failure(Op::Delete, &account, cause))?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(cause) => Err(self.failure(Op::Delete, &account, cause)),
        }
    }
    fn entry(&self, service: &str, user: &str) -> keyring_core::Result<Entry> {
        if self.backend == Backend::SecretService && !self.in_memory {
            // What a person sees in Seahorse or KWallet; the store's default is `keyring:<user>@<service>`.
            let label = if service == SERVICE {
                format!("pixelshift-aws access key for {user}")
            } else {
                "pixelshift-aws keyring check (safe to delete)".to_owned()
            };
            let modifiers = HashMap::from([("label", label.as_str())]);
            Entry::new_in_store_with_modifiers(&self.store, service, user, &modifiers)
        } else {
            Entry::new_in_store(&self.store, service, user)
        }
    }

    fn failure(&self, op: Op, account: &str, cause: keyring_core::Error) -> SecretsError {
        SecretsError::Keyring {
            op,
            backend: self.backend,
            account: account.to_owned(),
            cause: BackendError::new(cause),
        }
    }
}

#[cfg(test)]
mod tests;
