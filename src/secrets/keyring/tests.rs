//! Unit tests for the keyring against `keyring_core`'s in-memory store: slots, read-back, failures.

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
