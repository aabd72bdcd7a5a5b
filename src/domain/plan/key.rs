//! The key part of a plan: reuse the stored key IAM still lists as active, else create one within
//! IAM's two-key limit, and which places (keyring, key file) must hold it.

use super::{Blocker, KeyCopies, KeyPlace, KeyringState, Note, Observed, Step};
use crate::domain::iam::AccessKeyInfo;

/// Reuse the stored key when IAM still lists it as active; else create one (within the limit).
pub(super) fn plan_key(
    observed: &Observed,
    copies: &KeyCopies,
    steps: &mut Vec<Step>,
    notes: &mut Vec<Note>,
) -> Result<Option<String>, Blocker> {
    let all_keys = observed.user.as_ref().map_or(&[][..], |u| u.keys.as_slice());
    let live: Vec<AccessKeyInfo> = all_keys.iter().filter(|k| !observed.orphans.contains(&k.id)).cloned().collect();
    let iam_keys = live.as_slice();
    let durable = matches!(observed.keyring, KeyringState::Usable { durable: true });
    let usable = matches!(observed.keyring, KeyringState::Usable { .. });
    // The file copy: the one asked for, or the default one when the keyring cannot keep the key.
    let file = copies.file.clone().or_else(|| (!durable).then(|| observed.default_key_file.clone()).flatten());
    let volatile_note = |notes: &mut Vec<Note>| {
        if usable && !durable && copies.file.is_none() {
            notes.push(Note::VolatileKeyring);
        }
    };

    if let Some(stored) = &observed.stored_key {
        match iam_keys.iter().find(|k| k.id == stored.id) {
            Some(key) if key.active => {
                if usable && !stored.in_keyring {
                    steps.push(Step::CopyKey(KeyPlace::Keyring));
                }
                if let Some(path) = file.filter(|_| stored.file.is_none()) {
                    volatile_note(notes);
                    steps.push(Step::CopyKey(KeyPlace::File(path)));
                }
                let others: Vec<AccessKeyInfo> = iam_keys.iter().filter(|k| k.id != stored.id).cloned().collect();
                if !others.is_empty() {
                    notes.push(Note::OtherKeys(others));
                }
                return Ok(Some(stored.id.clone()));
            }
            Some(_) => notes.push(Note::StoredKeyInactive(stored.id.clone())),
            None if observed.user.is_some() => notes.push(Note::StoredKeyGone(stored.id.clone())),
            None => {}
        }
    }
    if iam_keys.len() >= 2 {
        return Err(Blocker::KeyLimit(iam_keys.to_vec()));
    }
    let mut store = Vec::new();
    if usable {
        store.push(KeyPlace::Keyring);
    }
    // Without a keyring, a file is the only place: the one asked for, else none (the key would
    // exist only on screen, so that is refused before anything is created).
    let file = if usable { file } else { copies.file.clone() };
    match file {
        Some(path) => store.push(KeyPlace::File(path)),
        None if !usable => return Err(Blocker::NoKeyStore),
        None => {}
    }
    if usable {
        volatile_note(notes);
    } else {
        notes.push(Note::FileOnly);
    }
    if !iam_keys.is_empty() {
        notes.push(Note::OtherKeys(iam_keys.to_vec()));
    }
    // A keyring that fails the write after the key exists: the secret goes to a file instead.
    let in_file = store.iter().any(|p| matches!(p, KeyPlace::File(_)));
    let fallback =
        if usable && !in_file { copies.file.clone().or_else(|| observed.default_key_file.clone()) } else { None };
    steps.push(Step::CreateAccessKey { store, fallback });
    Ok(None)
}
