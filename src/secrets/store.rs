//! The key store every command uses: the OS keyring and key files behind one precedence rule.
//!
//! Where a user's key is looked for, in order: the `--keys-file` the operator named, the keyring,
//! then the default key file (`<config dir>/pixelshift-aws/keys/<account>-<user>.json`, where a key
//! goes when the keyring cannot keep it). The first that holds a key for this account and user is
//! the stored key; the others are only checked for holding the same one, so a re-run can complete
//! missing copies instead of writing them again.
//!
//! Keyring calls block (D-Bus round trips, `keyctl`), so each runs on the blocking pool; the keyring
//! is opened and probed once, when first needed.

use std::path::{Path, PathBuf};

use tokio::sync::OnceCell;

use super::{Backend, Keyring, SecretsError, Slot, StoredKey, default_keys_file, read_keys_file, write_keys_file};

/// The file of a slot: the path itself, or for the previous pair its sibling `*.previous.json`.
#[must_use]
pub fn slot_file(path: &Path, slot: Slot) -> PathBuf {
    match slot {
        Slot::Current => path.to_owned(),
        Slot::Previous => {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            path.with_file_name(format!("{stem}.previous.json"))
        }
    }
}

/// Runs blocking keyring or file work off the async runtime's thread.
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.expect("a keyring or key file call panicked")
}

/// How long one keyring call may take. D-Bus calls have no timeout of their own: a stuck daemon, or
/// an unlock prompt nobody answers, would hold the run forever. Long enough for a person to type a
/// keyring password into a prompt.
pub const KEYRING_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// [`blocking`] for a keyring call, given up after `limit` (the thread is left to finish or hang on
/// its own; the run goes on, or ends, without it).
async fn keyring_call<T: Send + 'static>(
    backend: Option<Backend>,
    limit: std::time::Duration,
    work: impl FnOnce() -> Result<T, SecretsError> + Send + 'static,
) -> Result<T, SecretsError> {
    tokio::time::timeout(limit, blocking(work))
        .await
        .unwrap_or(Err(SecretsError::NotAnswering { backend, waited: limit.as_secs() }))
}

/// Where a key pair is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    pub keyring: Option<Backend>,
    pub file: Option<PathBuf>,
    /// Nothing could keep it: the pair was printed on stderr for the operator to copy.
    pub printed: bool,
    /// A copy the plan asked for (the durable file beside a keyring that forgets at reboot, or the
    /// `--keys-file`) that could not be written, and why: the run fails once the pair is safe.
    pub missing: Option<(PathBuf, String)>,
}

#[derive(Debug)]
pub struct KeyStore {
    choice: Option<Backend>,
    keys_file: Option<PathBuf>,
    keyring: OnceCell<Result<Keyring, SecretsError>>,
}

/// A stored key and every place here that holds it.
#[derive(Debug, Clone)]
pub struct Found {
    pub key: StoredKey,
    pub in_keyring: bool,
    /// The key file holding it, if one does.
    pub file: Option<PathBuf>,
}

impl Found {
    /// Where it was read from, for people: the keyring's name or the file's path.
    #[must_use]
    pub fn describe(&self, keyring: Option<Backend>) -> String {
        match (self.in_keyring, keyring, &self.file) {
            (true, Some(backend), _) => backend.describe().to_owned(),
            (_, _, Some(file)) => format!("key file {}", file.display()),
            _ => "the keyring".to_owned(),
        }
    }
}

impl KeyStore {
    /// `choice`: `None` tries the platform's keyrings in order. `keys_file`: `--keys-file`.
    #[must_use]
    pub fn new(choice: Option<Backend>, keys_file: Option<PathBuf>) -> KeyStore {
        KeyStore { choice, keys_file, keyring: OnceCell::new() }
    }

    /// A store over an already opened keyring (unit tests use an in-memory one).
    #[must_use]
    pub fn with_keyring(keyring: Keyring, keys_file: Option<PathBuf>) -> KeyStore {
        KeyStore { choice: Some(keyring.backend()), keys_file, keyring: OnceCell::new_with(Some(Ok(keyring))) }
    }

    /// Opens and probes the keyring, once; later calls return the same answer.
    pub async fn open(&self) -> Result<&Keyring, &SecretsError> {
        let choice = self.choice;
        // Unanswered, `auto` is about the first backend it tries (the one that hung).
        let first = choice.or_else(|| Backend::platform_order().first().copied());
        self.keyring.get_or_init(|| keyring_call(first, KEYRING_TIMEOUT, move || Keyring::open(choice))).await.as_ref()
    }

    /// The keyring, if it has been opened and works.
    #[must_use]
    pub fn keyring(&self) -> Option<&Keyring> {
        self.keyring.get().and_then(|k| k.as_ref().ok())
    }

    /// Why the keyring could not be opened, once that was tried.
    #[must_use]
    pub fn open_error(&self) -> Option<&SecretsError> {
        self.keyring.get().and_then(|k| k.as_ref().err())
    }

    /// Where a found key is kept, before any copy is added.
    #[must_use]
    pub fn placement_of(&self, found: &Found) -> Placement {
        let keyring = if found.in_keyring { self.keyring().map(Keyring::backend) } else { None };
        Placement { keyring, file: found.file.clone(), printed: false, missing: None }
    }

    /// The file the operator named with `--keys-file`.
    #[must_use]
    pub fn keys_file(&self) -> Option<&Path> {
        self.keys_file.as_deref()
    }

    /// The default key file of this account and user, when there is a config directory.
    #[must_use]
    pub fn default_file(account_id: &str, user: &str) -> Option<PathBuf> {
        default_keys_file(account_id, user)
    }

    /// The key stored for `user` in `account_id`, found by the precedence rule (module docs), or
    /// the one error every command gives when there is none: where it looked, and the way out.
    pub async fn locate(&self, account_id: &str, user: &str) -> Result<Found, SecretsError> {
        self.find(account_id, user).await?.ok_or_else(|| SecretsError::NotStored {
            user: user.to_owned(),
            account: account_id.to_owned(),
            looked: self.looked(),
        })
    }

    /// The key stored for `user` in `account_id`, found by the precedence rule (module docs).
    /// A keyring that is not usable is skipped: the caller reports it where a key must be stored.
    /// A `--keys-file` holding another user's key is an error, never skipped.
    pub async fn find(&self, account_id: &str, user: &str) -> Result<Option<Found>, SecretsError> {
        self.find_in(account_id, user, Slot::Current).await
    }

    /// Where [`KeyStore::find`] looked, in its order, for an error that says nothing was there.
    #[must_use]
    pub fn looked(&self) -> String {
        let mut places = Vec::new();
        if let Some(path) = &self.keys_file {
            places.push(format!("key file {}", path.display()));
        }
        places.push(match self.keyring.get() {
            Some(Ok(keyring)) => keyring.backend().describe().to_owned(),
            Some(Err(_)) => "no usable keyring".to_owned(),
            None => "the keyring".to_owned(),
        });
        places.push("the default key file".to_owned());
        places.join(", ")
    }

    /// The previous pair a key rotation keeps until `--finish`, found by the same rule in its own
    /// slot (keyring entry `…/previous`, key files `*.previous.json`).
    pub async fn find_previous(&self, account_id: &str, user: &str) -> Result<Option<Found>, SecretsError> {
        self.find_in(account_id, user, Slot::Previous).await
    }

    async fn find_in(&self, account_id: &str, user: &str, slot: Slot) -> Result<Option<Found>, SecretsError> {
        let explicit = match self.file_in(slot) {
            Some(path) => read_owned(path, account_id, user).await?,
            None => None,
        };
        let in_keyring = match self.open().await {
            Ok(keyring) => {
                let (keyring, account, name) = (keyring.clone(), account_id.to_owned(), user.to_owned());
                keyring_call(Some(keyring.backend()), KEYRING_TIMEOUT, move || keyring.get_slot(&account, &name, slot))
                    .await?
            }
            // A keyring that never answered may hold the key: that is not "no key".
            Err(SecretsError::NotAnswering { backend, waited }) if explicit.is_none() => {
                return Err(SecretsError::NotAnswering { backend: *backend, waited: *waited });
            }
            Err(_) => None,
        };
        if explicit.is_none() && in_keyring.is_none() {
            self.refuse_locked(&slot.entry(account_id, user)).await?;
        }
        let default = match self.default_in(account_id, user, slot) {
            Some(path) => read_matching(path, account_id, user).await.ok().flatten(),
            None => None,
        };
        let Some((key, from_file)) = explicit
            .map(|(key, path)| (key, Some(path)))
            .or_else(|| in_keyring.clone().map(|key| (key, None)))
            .or_else(|| default.clone().map(|(key, path)| (key, Some(path))))
        else {
            return Ok(None);
        };
        let id = &key.access_key_id;
        let in_keyring = in_keyring.is_some_and(|k| k.access_key_id == *id);
        let file = from_file.or_else(|| default.filter(|(k, _)| k.access_key_id == *id).map(|(_, path)| path));
        Ok(Some(Found { key, in_keyring, file }))
    }

    /// `auto` passed over a locked keyring (see [`SecretsError::Locked`]): if that keyring holds an
    /// entry for this key, it is an error, never "not stored" — a new key would be a second one.
    async fn refuse_locked(&self, entry: &str) -> Result<(), SecretsError> {
        let locked = match self.keyring.get() {
            Some(Ok(keyring)) => keyring.locked_over(),
            Some(Err(err)) if err.is_locked() => Some(Backend::SecretService),
            _ => None,
        };
        let Some(backend @ Backend::SecretService) = locked else { return Ok(()) };
        let account = entry.to_owned();
        let holds =
            keyring_call(Some(backend), KEYRING_TIMEOUT, move || Ok(super::secret_service_holds_locked(&account)))
                .await?;
        if holds { Err(SecretsError::Locked { backend, account: entry.to_owned() }) } else { Ok(()) }
    }

    /// `--keys-file` for the slot: the file itself, or its `.previous` sibling.
    fn file_in(&self, slot: Slot) -> Option<PathBuf> {
        self.keys_file.as_deref().map(|path| slot_file(path, slot))
    }

    /// The default key file for the slot, unless it is the `--keys-file` already looked at.
    fn default_in(&self, account_id: &str, user: &str, slot: Slot) -> Option<PathBuf> {
        Self::default_file(account_id, user)
            .map(|path| slot_file(&path, slot))
            .filter(|p| Some(p) != self.file_in(slot).as_ref())
    }

    /// Every file here that may hold one of the user's pairs, current or previous.
    #[must_use]
    pub fn files_of(&self, account_id: &str, user: &str) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for slot in [Slot::Current, Slot::Previous] {
            files.extend(self.file_in(slot));
            files.extend(self.default_in(account_id, user, slot));
        }
        files
    }

    /// Stores `key` in one slot of the keyring.
    pub async fn put_keyring_slot(&self, key: &StoredKey, slot: Slot) -> Result<Backend, SecretsError> {
        let keyring = match self.open().await {
            Ok(keyring) => keyring.clone(),
            Err(err) => return Err(SecretsError::Unavailable { reason: err.to_string() }),
        };
        let (backend, key) = (keyring.backend(), key.clone());
        keyring_call(Some(backend), KEYRING_TIMEOUT, move || keyring.put_slot(&key, slot)).await?;
        Ok(backend)
    }

    /// Removes one slot's keyring entry: `Ok(true)` if there was one.
    pub async fn delete_keyring_slot(&self, account_id: &str, user: &str, slot: Slot) -> Result<bool, SecretsError> {
        let keyring = match self.open().await {
            Ok(keyring) => keyring.clone(),
            Err(err) => return Err(SecretsError::Unavailable { reason: err.to_string() }),
        };
        let (account, name) = (account_id.to_owned(), user.to_owned());
        keyring_call(Some(keyring.backend()), KEYRING_TIMEOUT, move || keyring.delete_slot(&account, &name, slot)).await
    }

    /// The key in a file the operator named, whoever it belongs to (verify, keys show): the file
    /// says whose key it is.
    pub async fn read_file(path: &Path) -> Result<StoredKey, SecretsError> {
        let path = path.to_owned();
        blocking(move || read_keys_file(&path)).await
    }

    /// Stores `key` as the current pair in the keyring.
    pub async fn put_keyring(&self, key: &StoredKey) -> Result<Backend, SecretsError> {
        self.put_keyring_slot(key, Slot::Current).await
    }

    /// Writes `key` to the 0600 file at `path`.
    pub async fn write_file(path: &Path, key: &StoredKey) -> Result<(), SecretsError> {
        let (path, key) = (path.to_owned(), key.clone());
        blocking(move || write_keys_file(&path, &key)).await
    }

    /// Removes the current pair's keyring entry: `Ok(true)` if there was one.
    pub async fn delete_keyring(&self, account_id: &str, user: &str) -> Result<bool, SecretsError> {
        self.delete_keyring_slot(account_id, user, Slot::Current).await
    }
}

/// The key in the file the operator named, if it exists: it must hold this account's and user's key.
async fn read_owned(path: PathBuf, account_id: &str, user: &str) -> Result<Option<(StoredKey, PathBuf)>, SecretsError> {
    if !path.exists() {
        return Ok(None);
    }
    let key = KeyStore::read_file(&path).await?;
    if key.account_id != account_id || key.user_name != user {
        return Err(SecretsError::OtherUsersFile {
            path,
            user: user.to_owned(),
            account: account_id.to_owned(),
            holds_user: key.user_name,
            holds_account: key.account_id,
        });
    }
    Ok(Some((key, path)))
}

/// The key in `path` if the file exists and holds a key of this account and user.
async fn read_matching(
    path: PathBuf,
    account_id: &str,
    user: &str,
) -> Result<Option<(StoredKey, PathBuf)>, SecretsError> {
    match read_owned(path, account_id, user).await {
        Err(SecretsError::OtherUsersFile { .. }) => Ok(None),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::Secret;

    fn key(id: &str) -> StoredKey {
        StoredKey::new(
            id.to_owned(),
            Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned()),
            "u".to_owned(),
            "123456789012".to_owned(),
            String::new(),
        )
    }

    #[tokio::test]
    async fn the_named_file_comes_first_then_the_keyring() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.json");
        let keyring = Keyring::in_memory();
        keyring.put(&key("AKIAKEYRINGEXAMPLE01")).unwrap();
        let store = KeyStore::with_keyring(keyring.clone(), Some(file.clone()));
        let found = store.find("123456789012", "u").await.unwrap().unwrap();
        assert_eq!(found.key.access_key_id, "AKIAKEYRINGEXAMPLE01");
        assert!(found.in_keyring);
        assert_eq!(found.file, None, "the named file does not exist yet");

        write_keys_file(&file, &key("AKIAFILEEXAMPLE00001")).unwrap();
        let found = store.find("123456789012", "u").await.unwrap().unwrap();
        assert_eq!(found.key.access_key_id, "AKIAFILEEXAMPLE00001");
        assert!(!found.in_keyring, "the keyring holds another key");
        assert_eq!(found.file.as_deref(), Some(file.as_path()));

        assert!(store.find("123456789012", "someone-else").await.is_err(), "the named file is another user's");
    }

    #[tokio::test]
    async fn locate_names_where_it_looked_and_refuses_another_users_named_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.json");
        let store = KeyStore::with_keyring(Keyring::in_memory(), Some(file.clone()));
        let missing = store.locate("123456789012", "u").await.unwrap_err();
        assert!(matches!(missing, SecretsError::NotStored { .. }), "{missing}");
        assert!(missing.to_string().contains(&format!("key file {}", file.display())), "{missing}");
        assert!(missing.hint().unwrap().contains("create-user --user-name u"));

        write_keys_file(&file, &key("AKIAFILEEXAMPLE00001")).unwrap();
        let other = store.locate("123456789012", "someone-else").await.unwrap_err();
        assert!(matches!(other, SecretsError::OtherUsersFile { .. }), "a named file is never skipped: {other}");
        assert_eq!(store.locate("123456789012", "u").await.unwrap().key.access_key_id, "AKIAFILEEXAMPLE00001");
    }
}
