//! Opening a keyring: the backend asked for, or the first of this platform's that passes a real
//! write and read-back, and the sweep of probe entries a killed run left behind.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::sync::Arc;

use keyring_core::api::{CredentialPersistence, CredentialStoreApi};
use keyring_core::{CredentialStore, Entry};

use super::{Backend, Keyring};
use crate::secrets::error::{BackendError, Op, SecretsError};

/// The service name of probe entries: never one of ours, so a probe left behind by a crash cannot be
/// mistaken for a key, and a search for [`SERVICE`](crate::secrets::SERVICE) never shows one.
const PROBE_SERVICE: &str = "pixelshift-aws.probe";

/// The one keyutils probe entry (`keyring:check@pixelshift-aws.probe`), written with a constant value
/// and left in place. Where the kernel refuses keys (a service's or container's default session
/// keyring, `_uid_ses.<uid>`), the store's `add_key` into the session keyring succeeds and only the
/// link into the persistent keyring fails (`EACCES`); the key it added can then be neither read nor
/// deleted by this process. A unique throwaway entry would leave one such key behind per run, and
/// the per-user key quota (200 keys by default) would fill up; with one fixed description, later
/// attempts update that same key (and fail) instead of adding more. A constant value also keeps
/// concurrent probes from disturbing each other, which deleting the entry would not.
pub(super) const KEYUTILS_PROBE: &str = "check";
impl Keyring {
    /// `Some(backend)`: opens exactly that backend; an error if this platform lacks it or it fails
    /// its probe. `None` (`auto`): the first of [`Backend::platform_order`] that passes the probe;
    /// when none does, the error lists each one tried and why, and its hint says how to proceed.
    pub fn open(choice: Option<Backend>) -> Result<Keyring, SecretsError> {
        if let Some(backend) = choice {
            return Self::open_backend(backend);
        }
        let mut tried: Vec<SecretsError> = Vec::new();
        for &backend in Backend::platform_order() {
            match Self::open_backend(backend) {
                Ok(mut keyring) => {
                    keyring.locked_over =
                        tried.iter().find(|err: &&SecretsError| err.is_locked()).and_then(SecretsError::backend);
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

    fn open_backend(backend: Backend) -> Result<Keyring, SecretsError> {
        let store = platform_store(backend)?
            .map_err(|cause| SecretsError::Connect { backend, cause: BackendError::new(cause) })?;
        // Only entries kept until deleted survive a reboot; keyutils reports `UntilReboot`.
        let survives_reboot = matches!(store.persistence(), CredentialPersistence::UntilDelete);
        let keyring =
            Keyring { backend, store, survives_reboot, in_memory: false, skipped: Vec::new(), locked_over: None };
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
}

/// Whether the Secret Service holds an entry `account` of ours in a *locked* collection. Asked with
/// the Secret Service's own search, which lists locked items without unlocking them — the store
/// crate's search would ask to unlock (a prompt that may never be answered). Any failure is "no":
/// this only adds a refusal where a locked key would otherwise be taken for a missing one.
#[cfg(target_os = "linux")]
#[must_use]
pub fn secret_service_holds_locked(account: &str) -> bool {
    use secret_service::EncryptionType;
    use secret_service::blocking::SecretService;
    let Ok(service) = SecretService::connect(EncryptionType::Plain) else { return false };
    let attributes = HashMap::from([("service", crate::secrets::SERVICE), ("username", account)]);
    service.search_items(attributes).is_ok_and(|found| !found.locked.is_empty())
}

#[cfg(not(target_os = "linux"))]
#[must_use]
pub fn secret_service_holds_locked(_account: &str) -> bool {
    false
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
