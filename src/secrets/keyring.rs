//! The OS keyring: one `keyring-core` credential store per backend, chosen by `--keyring` or found by
//! trying this platform's backends in order (`auto`).
//!
//! A backend is trusted only after a real write and read-back of a throwaway entry (then deleted;
//! for keyutils, one fixed entry kept, see [`KEYUTILS_PROBE`]): connecting proves little (a Secret Service with a locked default collection connects fine, then every write
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

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::sync::Arc;

use keyring_core::api::{CredentialPersistence, CredentialStoreApi};
use keyring_core::{CredentialStore, Entry};

use super::error::{BackendError, Op, SecretsError};
use super::key::{Secret, StoredKey, parse};
use super::{SERVICE, account};

/// The service name of probe entries: never one of ours, so a probe left behind by a crash cannot be
/// mistaken for a key, and a search for [`SERVICE`] never shows one.
const PROBE_SERVICE: &str = "pixelshift-aws.probe";

/// The one keyutils probe entry (`keyring:check@pixelshift-aws.probe`), written with a constant value
/// and left in place. Where the kernel refuses keys (a service's or container's default session
/// keyring, `_uid_ses.<uid>`), the store's `add_key` into the session keyring succeeds and only the
/// link into the persistent keyring fails (`EACCES`); the key it added can then be neither read nor
/// deleted by this process. A unique throwaway entry would leave one such key behind per run, and
/// the per-user key quota (200 keys by default) would fill up; with one fixed description, later
/// attempts update that same key (and fail) instead of adding more. A constant value also keeps
/// concurrent probes from disturbing each other, which deleting the entry would not.
const KEYUTILS_PROBE: &str = "check";

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
}

impl Keyring {
    /// `Some(backend)`: opens exactly that backend; an error if this platform lacks it or it fails
    /// its probe. `None` (`auto`): the first of [`Backend::platform_order`] that passes the probe;
    /// when none does, the error lists each one tried and why, and its hint says how to proceed.
    pub fn open(choice: Option<Backend>) -> Result<Keyring, SecretsError> {
        if let Some(backend) = choice {
            return Self::open_backend(backend);
        }
        let mut tried = Vec::new();
        for &backend in Backend::platform_order() {
            match Self::open_backend(backend) {
                Ok(mut keyring) => {
                    keyring.skipped = tried
                        .iter()
                        .map(|err: &SecretsError| (err.backend().unwrap_or(backend), err.to_string()))
                        .collect();
                    return Ok(keyring);
                }
                Err(err) => tried.push(err),
            }
        }
        Err(SecretsError::NoBackend { tried })
    }

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
        Keyring { backend, store, survives_reboot: backend != Backend::Keyutils, in_memory: true, skipped: Vec::new() }
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

    fn open_backend(backend: Backend) -> Result<Keyring, SecretsError> {
        let store = platform_store(backend)?
            .map_err(|cause| SecretsError::Connect { backend, cause: BackendError::new(cause) })?;
        // Only entries kept until deleted survive a reboot; keyutils reports `UntilReboot`.
        let survives_reboot = matches!(store.persistence(), CredentialPersistence::UntilDelete);
        let keyring = Keyring { backend, store, survives_reboot, in_memory: false, skipped: Vec::new() };
        keyring.probe()?;
        keyring.sweep_stale_probes();
        Ok(keyring)
    }

    /// A run killed during its probe leaves a `check-<pid>-…` entry behind in the Secret Service:
    /// each open removes those whose process is gone. Best effort; keyutils keeps one fixed entry.
    fn sweep_stale_probes(&self) {
        if self.backend != Backend::SecretService {
            return;
        }
        let spec = HashMap::from([("service", PROBE_SERVICE)]);
        let Ok(entries) = Entry::search_in_store(&self.store, &spec) else { return };
        for entry in entries {
            let Ok(attributes) = entry.get_attributes() else { continue };
            let pid = attributes
                .get("username")
                .and_then(|user| user.strip_prefix("check-")?.split('-').next()?.parse::<u32>().ok());
            let alive =
                pid.is_some_and(|pid| pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists());
            if pid.is_some() && !alive {
                let _ = entry.delete_credential();
            }
        }
    }

    /// Writes, reads back and deletes a throwaway entry; for keyutils, writes and reads back one
    /// fixed entry and leaves it (see [`KEYUTILS_PROBE`]).
    fn probe(&self) -> Result<(), SecretsError> {
        let fail = |step, cause| SecretsError::Probe { backend: self.backend, step, cause: BackendError::new(cause) };
        let keep = self.backend == Backend::Keyutils;
        let (user, value) = if keep {
            (KEYUTILS_PROBE.to_owned(), "pixelshift-aws keyring check".to_owned())
        } else {
            let user = format!("check-{}-{:016x}", std::process::id(), random());
            let value = format!("pixelshift-aws keyring check {user}");
            (user, value)
        };
        let entry = self.entry(PROBE_SERVICE, &user).map_err(|cause| fail(Op::Write, cause))?;
        entry.set_password(&value).map_err(|cause| fail(Op::Write, cause))?;
        let read = entry.get_password();
        // Clean up before judging the read, so a failed check leaves nothing behind.
        let deleted = if keep { Ok(()) } else { entry.delete_credential() };
        match read {
            Ok(read) if read == value => {}
            Ok(_) => return Err(SecretsError::ReadBackMismatch { backend: self.backend, account: user }),
            Err(cause) => return Err(fail(Op::Read, cause)),
        }
        deleted.map_err(|cause| fail(Op::Delete, cause))
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

/// The store for `backend`: `Err` when this platform has no such backend, `Ok(Err)` when creating
/// it failed (the Secret Service store connects to D-Bus here).
fn platform_store(backend: Backend) -> Result<keyring_core::Result<Arc<CredentialStore>>, SecretsError> {
    match backend {
        #[cfg(target_os = "linux")]
        Backend::SecretService => Ok(zbus_secret_service_keyring_store::Store::new().map(erase)),
        #[cfg(target_os = "linux")]
        Backend::Keyutils => Ok(linux_keyutils_keyring_store::Store::new().map(erase)),
        #[cfg(target_os = "macos")]
        Backend::Keychain => Ok(apple_native_keyring_store::keychain::Store::new().map(erase)),
        #[cfg(target_os = "windows")]
        Backend::WindowsCredentialManager => Ok(windows_native_keyring_store::Store::new().map(erase)),
        _ => Err(SecretsError::NotOnThisPlatform { backend }),
    }
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
fn erase<S: CredentialStoreApi + Send + Sync + 'static>(store: Arc<S>) -> Arc<CredentialStore> {
    store
}

/// 64 random bits without a dependency: std's `RandomState` is seeded from the OS per instance.
fn random() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher
        .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(account_id: &str, user: &str) -> StoredKey {
        StoredKey::new(
            "AKIAIOSFODNN7EXAMPLE".to_owned(),
            Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned()),
            user.to_owned(),
            account_id.to_owned(),
            "2026-11-28T04:00:00Z".to_owned(),
        )
    }

    #[test]
    fn in_memory_round_trip() {
        let keyring = Keyring::in_memory();
        assert_eq!(keyring.get("123456789012", "iam_pixelshift").unwrap(), None);
        keyring.put(&key("123456789012", "iam_pixelshift")).unwrap();
        assert_eq!(keyring.get("123456789012", "iam_pixelshift").unwrap(), Some(key("123456789012", "iam_pixelshift")));
        // Another account's user of the same name is another entry.
        assert_eq!(keyring.get("210987654321", "iam_pixelshift").unwrap(), None);
        assert!(keyring.delete("123456789012", "iam_pixelshift").unwrap());
        assert!(!keyring.delete("123456789012", "iam_pixelshift").unwrap());
        assert_eq!(keyring.get("123456789012", "iam_pixelshift").unwrap(), None);
    }

    #[test]
    fn clones_share_one_in_memory_store() {
        let keyring = Keyring::in_memory();
        keyring.clone().put(&key("123456789012", "u")).unwrap();
        assert!(keyring.get("123456789012", "u").unwrap().is_some());
        assert!(Keyring::in_memory().get("123456789012", "u").unwrap().is_none());
    }

    #[test]
    fn in_memory_poses_as_a_backend() {
        let keyutils = Keyring::in_memory_as(Backend::Keyutils);
        assert_eq!(keyutils.backend(), Backend::Keyutils);
        assert!(!keyutils.survives_reboot());
        assert!(Keyring::in_memory().survives_reboot());
        assert_eq!(Keyring::in_memory().backend(), Backend::platform_order()[0]);
    }

    #[test]
    fn injected_failure_fails_once_with_a_hint() {
        let keyring = Keyring::in_memory();
        assert!(keyring.fail_next("123456789012", "u"));
        let err = keyring.put(&key("123456789012", "u")).unwrap_err();
        assert!(err.to_string().starts_with("cannot write `123456789012/u` to the "), "{err}");
        assert!(err.hint().unwrap().contains("--keys-file"));
        keyring.put(&key("123456789012", "u")).unwrap();
    }

    #[test]
    fn an_entry_holding_another_users_key_is_an_error() {
        let keyring = Keyring::in_memory();
        let entry = Entry::new_in_store(&keyring.store, SERVICE, "123456789012/u").unwrap();
        entry.set_password(&key("123456789012", "someone-else").to_json()).unwrap();
        let err = keyring.get("123456789012", "u").unwrap_err().to_string();
        assert!(err.contains("holds the key of `123456789012/someone-else`"), "{err}");
        entry.set_password("not json").unwrap();
        let err = keyring.get("123456789012", "u").unwrap_err();
        assert!(err.to_string().contains("`123456789012/u` is not a pixelshift-aws key"), "{err}");
    }

    #[test]
    fn backends_of_other_platforms_are_refused_by_name() {
        let foreign = if cfg!(target_os = "macos") { Backend::WindowsCredentialManager } else { Backend::Keychain };
        let err = Keyring::open(Some(foreign)).unwrap_err();
        assert!(matches!(err, SecretsError::NotOnThisPlatform { .. }), "{err:?}");
        assert!(err.to_string().contains(foreign.describe()));
    }

    #[test]
    fn names() {
        let all = [Backend::SecretService, Backend::Keyutils, Backend::Keychain, Backend::WindowsCredentialManager];
        let names: Vec<&str> = all.iter().map(|b| b.as_str()).collect();
        assert_eq!(names, ["secret-service", "keyutils", "keychain", "windows-credential-manager"]);
        if cfg!(target_os = "linux") {
            assert_eq!(Backend::platform_order(), [Backend::SecretService, Backend::Keyutils]);
        }
    }
}
