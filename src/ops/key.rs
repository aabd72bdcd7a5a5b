//! Where a key pair goes. AWS shows a secret access key exactly once, so a new pair is stored the
//! moment `CreateAccessKey` returns: in the places the plan chose (keyring, and a 0600 file where
//! the keyring cannot keep it alone); a failing keyring falls back to a file; and only if nothing
//! can keep it is it printed — before any other step can fail and lose it. This never fails.

use std::path::PathBuf;

use crate::aws::iam::{Iam, KeyCreation, NewKey};
use crate::console::Console;
use crate::domain::plan::KeyPlace;
use crate::error::Error;
use crate::secrets::intent::{self, Intent, IntentRecord};
use crate::secrets::{KeyStore, Placement, StoredKey};

/// How many times a `CreateAccessKey` that got no answer is tried, with the keys it may have made
/// deleted in between.
const CREATE_ATTEMPTS: u32 = 3;

/// Creates a key for `user` so that no secret is lost for good: the intent is recorded first (a
/// crash leaves it for the next run), the call is made once (no blind retry by the SDK), and after
/// an answer that never came — the connection dropped or timed out, or AWS failed — the user's keys
/// are listed: one that appeared though its secret never reached this process is deleted at once
/// (nothing can be using it) and the call is made again. Returns the key and the intent to clear
/// once the pair is stored.
pub async fn create(
    iam: &Iam,
    user: &str,
    account: &str,
    known: Vec<String>,
    out: &Console,
) -> Result<(NewKey, IntentRecord), Error> {
    let started = crate::secrets::unix_now();
    let intent = Intent {
        user_name: user.to_owned(),
        account_id: account.to_owned(),
        started,
        deadline: Some(started + intent::CALL_WINDOW),
        known_keys: known,
        key_id: None,
    };
    let record = intent::record(&intent).unwrap_or_else(|err| {
        out.warn(format_args!("could not record the key's creation in the config directory ({err}); going on"));
        intent::IntentRecord::none()
    });
    let mut attempt = 1;
    loop {
        let sent = crate::secrets::unix_now();
        match iam.create_access_key(user).await {
            Ok(KeyCreation::Created(new)) => {
                record.note_key(&intent, &new.id);
                return Ok((new, record));
            }
            Ok(KeyCreation::KeyLimit) => {
                record.clear();
                return Err(Error::Raced { what: format!("the access keys of `{user}`") });
            }
            Err(err) if err.maybe_executed() && attempt < CREATE_ATTEMPTS => {
                out.warn(format_args!(
                    "iam:CreateAccessKey got no answer ({err}); checking whether AWS made the key anyway"
                ));
                // Only a key made while this call was out can be its key; one made by someone else
                // at another time is theirs.
                let window = Intent { started: sent, deadline: Some(crate::secrets::unix_now()), ..intent.clone() };
                let keys = iam.list_access_keys(user).await?;
                for id in window.orphans(&keys, &[]) {
                    iam.delete_access_key(user, &id).await?;
                    out.warn(format_args!(
                        "deleted access key {id}: AWS made it, but its secret never reached this run, so nothing can be using it"
                    ));
                }
                tokio::time::sleep(std::time::Duration::from_millis(250 * u64::from(attempt))).await;
                attempt += 1;
            }
            Err(err) => {
                // Nothing was made, or what was made is found by the next run (the intent stays).
                if !err.maybe_executed() {
                    record.clear();
                }
                return Err(err.into());
            }
        }
    }
}

/// Stores a new pair in `places`; `fallback` is the file a failing keyring falls back to. A planned
/// copy that cannot be written is recorded in [`Placement::missing`] (the caller fails the run once
/// the pair is safe); when nothing holds the pair, it is printed.
pub async fn store_new(
    key: &StoredKey,
    places: &[KeyPlace],
    fallback: Option<PathBuf>,
    store: &KeyStore,
    out: &Console,
) -> Placement {
    let mut placement = Placement::default();
    let mut keyring_failed = false;
    for place in places {
        match place {
            KeyPlace::Keyring => match store.put_keyring(key).await {
                Ok(backend) => placement.keyring = Some(backend),
                Err(err) => {
                    out.warn(format_args!("could not store the key in the keyring: {err}"));
                    keyring_failed = true;
                }
            },
            KeyPlace::File(path) => write_planned(key, path, &mut placement, out).await,
        }
    }
    if keyring_failed
        && placement.file.is_none()
        && let Some(path) = fallback
    {
        placement.file = write_copy(key, path, out).await.ok();
    }
    if placement.keyring.is_none() && placement.file.is_none() {
        // The last resort: the secret exists nowhere else, and AWS will not show it again.
        out.warn("the key could not be stored anywhere; copy it now, AWS will not show the secret again:");
        out.secret_line(format_args!("  AccessKeyId:     {}", key.access_key_id));
        out.secret_line(format_args!("  SecretAccessKey: {}", key.secret_access_key.expose()));
        placement.printed = true;
    }
    placement
}

/// Writes a reused key's missing copy; a failure is recorded in [`Placement::missing`] (the key is
/// stored elsewhere; the caller fails the run).
pub async fn copy(key: &StoredKey, place: &KeyPlace, placement: &mut Placement, store: &KeyStore, out: &Console) {
    match place {
        KeyPlace::Keyring => match store.put_keyring(key).await {
            Ok(backend) => placement.keyring = Some(backend),
            Err(err) => out.warn(format_args!("could not copy the key into the keyring: {err}")),
        },
        KeyPlace::File(path) => write_planned(key, path, placement, out).await,
    }
}

/// Writes a key file, warning when it cannot; `Err` says why.
async fn write_copy(key: &StoredKey, path: PathBuf, out: &Console) -> Result<PathBuf, String> {
    match KeyStore::write_file(&path, key).await {
        Ok(()) => Ok(path),
        Err(err) => {
            out.warn(format_args!("could not write the key file: {err}"));
            Err(err.to_string())
        }
    }
}

/// A copy the plan asked for: written, or recorded in [`Placement::missing`] for the caller to fail on.
async fn write_planned(key: &StoredKey, path: &std::path::Path, placement: &mut Placement, out: &Console) {
    match write_copy(key, path.to_owned(), out).await {
        Ok(file) => placement.file = Some(file),
        Err(why) => placement.missing = Some((path.to_owned(), why)),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::secrets::{Backend, Keyring, Secret, read_keys_file};

    fn key() -> StoredKey {
        StoredKey::new(
            "AKIAIOSFODNN7EXAMPLE".to_owned(),
            Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned()),
            "u".to_owned(),
            "123456789012".to_owned(),
            "2026-11-28T00:00:00Z".to_owned(),
        )
    }

    fn console() -> Console {
        Console::with(false, true, 0)
    }

    #[tokio::test]
    async fn a_durable_keyring_is_enough() {
        let keyring = Keyring::in_memory_as(Backend::SecretService);
        let store = KeyStore::with_keyring(keyring.clone(), None);
        let placement = store_new(&key(), &[KeyPlace::Keyring], None, &store, &console()).await;
        assert_eq!(
            placement,
            Placement { keyring: Some(Backend::SecretService), file: None, printed: false, missing: None }
        );
        assert_eq!(keyring.get("123456789012", "u").unwrap(), Some(key()));
    }

    #[tokio::test]
    async fn a_failed_keyring_write_falls_back_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.json");
        let keyring = Keyring::in_memory_as(Backend::SecretService);
        assert!(keyring.fail_next("123456789012", "u"));
        let store = KeyStore::with_keyring(keyring, None);
        let placement = store_new(&key(), &[KeyPlace::Keyring], Some(file.clone()), &store, &console()).await;
        assert_eq!(placement, Placement { keyring: None, file: Some(file.clone()), printed: false, missing: None });
        assert_eq!(read_keys_file(&file).unwrap(), key());
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[tokio::test]
    async fn a_keyring_that_forgets_at_reboot_gets_a_second_copy() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.json");
        let store = KeyStore::with_keyring(Keyring::in_memory_as(Backend::Keyutils), None);
        let places = [KeyPlace::Keyring, KeyPlace::File(file.clone())];
        let placement = store_new(&key(), &places, None, &store, &console()).await;
        assert_eq!(placement.keyring, Some(Backend::Keyutils));
        assert_eq!(placement.file.as_deref(), Some(file.as_path()));
    }

    #[tokio::test]
    async fn a_durable_copy_that_cannot_be_written_is_reported_missing() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the key file should go: the write fails.
        let file = dir.path().join("k.json");
        std::fs::create_dir(&file).unwrap();
        let store = KeyStore::with_keyring(Keyring::in_memory_as(Backend::Keyutils), None);
        let placement =
            store_new(&key(), &[KeyPlace::Keyring, KeyPlace::File(file.clone())], None, &store, &console()).await;
        assert_eq!(placement.keyring, Some(Backend::Keyutils), "the pair is safe in the keyring");
        let (missing, why) = placement.missing.expect("the copy is reported missing");
        assert_eq!(missing, file);
        assert!(why.contains("directory"), "{why}");
        assert!(!placement.printed);
    }

    #[tokio::test]
    async fn when_nothing_can_store_it_the_new_secret_is_printed() {
        let keyring = Keyring::in_memory_as(Backend::SecretService);
        assert!(keyring.fail_next("123456789012", "u"));
        let store = KeyStore::with_keyring(keyring, None);
        let unwritable = PathBuf::from("/proc/pixelshift-aws-cannot-write-here/k.json");
        let placement = store_new(&key(), &[KeyPlace::Keyring], Some(unwritable), &store, &console()).await;
        assert_eq!(placement, Placement { keyring: None, file: None, printed: true, missing: None });
    }
}
