//! Where a rotation keeps its two pairs. The old pair moves to the previous slot *before* the new
//! one takes the current slot, so at every moment the old secret is stored somewhere; a rotation
//! that fails puts it back; `--finish` forgets it. Keyring and key file alike: a pair is kept in
//! every place the current pair was kept.

use crate::console::Console;
use crate::secrets::{Found, KeyStore, Placement, Slot, StoredKey, slot_file};

/// Keeps `old` (as it was found) as the previous pair, then stores `new` as the current one in the
/// same places. Never fails: a copy that cannot be written is a warning, and the new pair is
/// printed if it could be stored nowhere.
pub async fn store_rotated(old: &Found, new: &StoredKey, store: &KeyStore, out: &Console) -> Placement {
    if old.in_keyring
        && let Err(err) = store.put_keyring_slot(&old.key, Slot::Previous).await
    {
        out.warn(format_args!("could not keep the old key in the keyring's previous slot: {err}"));
    }
    if let Some(file) = &old.file
        && let Err(err) = KeyStore::write_file(&slot_file(file, Slot::Previous), &old.key).await
    {
        out.warn(format_args!("could not keep the old key in a previous-key file: {err}"));
    }
    let mut placement = Placement::default();
    if old.in_keyring || old.file.is_none() {
        match store.put_keyring(new).await {
            Ok(backend) => placement.keyring = Some(backend),
            Err(err) => out.warn(format_args!("could not store the new key in the keyring: {err}")),
        }
    }
    if let Some(file) = &old.file {
        // The current file holds the old key: replace it only now that the old pair is kept.
        match replace_file(file, new).await {
            Ok(()) => placement.file = Some(file.clone()),
            Err(err) => out.warn(format_args!("could not write the new key to {}: {err}", file.display())),
        }
    }
    if placement.keyring.is_none() && placement.file.is_none() {
        out.warn("the new key could not be stored anywhere; copy it now, AWS will not show the secret again:");
        out.secret_line(format_args!("  AccessKeyId:     {}", new.access_key_id));
        out.secret_line(format_args!("  SecretAccessKey: {}", new.secret_access_key.expose()));
        placement.printed = true;
    }
    placement
}

/// A key file replaced by another key, atomically: written beside it (0600, fsynced), then renamed
/// over it. The file's own refusal to overwrite another key does not apply here — the pair it held is
/// kept in the previous slot by now.
async fn replace_file(path: &std::path::Path, key: &StoredKey) -> Result<(), crate::secrets::SecretsError> {
    let staged = path.with_extension("json.rotating");
    let _ = tokio::fs::remove_file(&staged).await;
    KeyStore::write_file(&staged, key).await?;
    tokio::fs::rename(&staged, path).await.map_err(|cause| crate::secrets::SecretsError::File {
        op: crate::secrets::Op::Write,
        path: path.to_owned(),
        cause,
    })
}

/// A rotation that did not work: the old pair becomes current again and the previous slot is
/// cleared. The failed new key is the caller's to delete in IAM.
pub async fn restore(old: &Found, store: &KeyStore, out: &Console) {
    if old.in_keyring
        && let Err(err) = store.put_keyring(&old.key).await
    {
        out.warn(format_args!("could not put the old key back in the keyring: {err}"));
    }
    if let Some(file) = &old.file
        && let Err(err) = replace_file(file, &old.key).await
    {
        out.warn(format_args!("could not put the old key back in {}: {err}", file.display()));
    }
    forget_previous(&old.key, old.file.as_ref().map(|f| slot_file(f, Slot::Previous)).as_deref(), store, out).await;
}

/// Removes the previous pair (of `key`'s user) from the keyring and its file `file`, if any: a
/// finished or undone rotation.
pub async fn forget_previous(key: &StoredKey, file: Option<&std::path::Path>, store: &KeyStore, out: &Console) {
    if let Err(err) = store.delete_keyring_slot(&key.account_id, &key.user_name, Slot::Previous).await {
        out.warn(format_args!("could not remove the previous key from the keyring: {err}"));
    }
    if let Some(path) = file
        && let Err(err) = tokio::fs::remove_file(path).await
        && err.kind() != std::io::ErrorKind::NotFound
    {
        out.warn(format_args!("could not remove {}: {err}", path.display()));
    }
}
