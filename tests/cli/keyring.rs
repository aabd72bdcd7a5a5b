//! The OS keyring for real, through the library (no AWS, no mocks): the Secret Service of the
//! gnome-keyring that `scripts/test` starts in a throwaway `dbus-run-session`, and the kernel keyring
//! of its `keyctl session -`. What the library stored is checked with the system's own tools,
//! `secret-tool` and `keyctl`, so a test cannot pass by reading back its own misunderstanding.
//!
//! These tests never skip. Outside that session they fail and say to run `scripts/test`: they must
//! not write into a developer's own login keyring. Each test uses its own random AWS account id, so
//! tests run in parallel with each other and with the binary's tests without sharing an entry.
//!
//! Failures that need another environment (no session bus, a kernel keyring that refuses keys) run
//! in a child process — this test binary again, filtered to the same test — because the environment
//! and the session keyring belong to the whole process.
//!
//! Linux only: the backends of other platforms need their own machines.
#![cfg(target_os = "linux")]

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::process::{Command, Output};
use std::sync::Arc;

use pixelshift_aws::secrets::{self, Backend, Keyring, Secret, SecretsError, StoredKey};

/// Set by `scripts/test` to its temporary directory, inside the keyring session it starts.
const SESSION_ENV: &str = "PIXELSHIFT_TEST_KEYRING_SESSION";
/// Set in a child process: run the child's half of the test.
const CHILD_ENV: &str = "PIXELSHIFT_KEYRING_TEST_CHILD";
const NO_BUS: &str = "unix:path=/nonexistent/pixelshift-test/bus";

fn require_session() {
    assert!(
        std::env::var_os(SESSION_ENV).is_some() && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "the keyring tests need the throwaway keyring session of scripts/test (a D-Bus session with an \
         unlocked gnome-keyring, under `keyctl session -`); ${SESSION_ENV} is not set. Run `scripts/test` \
         (add `keyring` to run only these); they never touch your own login keyring"
    );
}

fn open(backend: Backend) -> Keyring {
    require_session();
    Keyring::open(Some(backend)).unwrap_or_else(|err| {
        panic!(
            "the {} of the test session is not usable: {err}\nhint: {}\nrun the tests with scripts/test",
            backend.describe(),
            err.hint().unwrap_or_default()
        )
    })
}

fn random() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// A 12-digit account id no other test uses.
fn unique_account() -> String {
    (100_000_000_000 + random() % 900_000_000_000).to_string()
}

fn key(account_id: &str, user_name: &str) -> StoredKey {
    StoredKey::new(
        format!("AKIA{:016X}", random()),
        Secret::new(format!("secret/{:016x}+{:016x}", random(), random())),
        user_name.to_owned(),
        account_id.to_owned(),
        "2026-11-28T04:00:00+00:00".to_owned(),
    )
}

/// Runs a system tool; its stdout and stderr together (`secret-tool` prints attributes on stderr).
fn tool(program: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("cannot run `{program}` ({err}): run scripts/test, which installs it"));
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// What `secret-tool search --all` shows for the items with our service name and this account: how
/// many there are, and the fields (`label`, `secret`, `attribute.service`, ...) of the last one.
fn secret_tool_search(account: &str) -> (usize, BTreeMap<String, String>) {
    let (ok, text) = tool("secret-tool", &["search", "--all", "service", secrets::SERVICE, "username", account]);
    assert!(ok, "secret-tool search failed: {text}");
    let count = text.lines().filter(|line| line.starts_with('[')).count();
    let fields = text
        .lines()
        .filter_map(|line| line.split_once(" = "))
        .map(|(field, value)| (field.to_owned(), value.to_owned()))
        .collect();
    (count, fields)
}

#[test]
fn secret_service_round_trip_is_what_secret_tool_sees() {
    let keyring = open(Backend::SecretService);
    assert_eq!(keyring.backend(), Backend::SecretService);
    assert!(keyring.survives_reboot());
    let (account_id, user) = (unique_account(), "iam_pixelshift");
    let account = secrets::account(&account_id, user);
    assert_eq!(keyring.get(&account_id, user).unwrap(), None);

    let first = key(&account_id, user);
    keyring.put(&first).unwrap();
    assert_eq!(keyring.get(&account_id, user).unwrap().as_ref(), Some(&first));
    let (count, item) = secret_tool_search(&account);
    assert_eq!(count, 1, "{item:#?}");
    assert_eq!(item["attribute.service"], "pixelshift-aws");
    assert_eq!(item["attribute.username"], account);
    assert_eq!(item["label"], format!("pixelshift-aws access key for {account}"));
    assert_eq!(item["secret"], first.to_json());
    assert!(item["secret"].starts_with(r#"{"Version":1,"AccessKeyId":""#), "{}", item["secret"]);

    // A second put replaces the item; it does not add one.
    let second = key(&account_id, user);
    keyring.put(&second).unwrap();
    let (count, item) = secret_tool_search(&account);
    assert_eq!(count, 1, "{item:#?}");
    assert_eq!(item["secret"], second.to_json());

    assert!(keyring.delete(&account_id, user).unwrap());
    assert_eq!(secret_tool_search(&account), (0, BTreeMap::new()));
    assert_eq!(keyring.get(&account_id, user).unwrap(), None);
    assert!(!keyring.delete(&account_id, user).unwrap());
}

#[test]
fn keyutils_round_trip_is_what_keyctl_sees() {
    let keyring = open(Backend::Keyutils);
    assert_eq!(keyring.backend(), Backend::Keyutils);
    assert!(!keyring.survives_reboot(), "kernel keys are gone at reboot");
    let (account_id, user) = (unique_account(), "iam_pixelshift");
    let description = format!("keyring:{}@{}", secrets::account(&account_id, user), secrets::SERVICE);
    assert_eq!(keyring.get(&account_id, user).unwrap(), None);

    let stored = key(&account_id, user);
    keyring.put(&stored).unwrap();
    assert_eq!(keyring.get(&account_id, user).unwrap().as_ref(), Some(&stored));
    // In the session keyring, and linked into the user's persistent keyring (which outlives the
    // session for a few days but not a reboot).
    let (ok, id) = tool("keyctl", &["search", "@s", "user", &description]);
    assert!(ok, "keyctl does not find {description} in the session keyring: {id}");
    let id = id.trim();
    let (ok, persistent) = tool("keyctl", &["get_persistent", "@s"]);
    assert!(ok, "{persistent}");
    let (ok, linked) = tool("keyctl", &["search", persistent.trim(), "user", &description]);
    assert!(ok && linked.trim() == id, "not linked into the persistent keyring: {linked}");
    let (ok, payload) = tool("keyctl", &["pipe", id]);
    assert!(ok, "{payload}");
    assert_eq!(payload, stored.to_json());

    assert!(keyring.delete(&account_id, user).unwrap());
    let (found, _) = tool("keyctl", &["search", "@s", "user", &description]);
    assert!(!found, "{description} is still in the session keyring after delete");
    assert_eq!(keyring.get(&account_id, user).unwrap(), None);
    assert!(!keyring.delete(&account_id, user).unwrap());
}

#[test]
fn auto_picks_the_secret_service() {
    require_session();
    let keyring = Keyring::open(None).unwrap_or_else(|err| panic!("{err}\nhint: {:?}", err.hint()));
    assert_eq!(keyring.backend(), Backend::SecretService);
    assert!(keyring.skipped().is_empty(), "{:?}", keyring.skipped());
}

#[test]
fn one_keyring_shared_by_threads_keeps_accounts_apart() {
    let keyring = Arc::new(open(Backend::SecretService));
    let user = "iam_pixelshift";
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let keyring = Arc::clone(&keyring);
            std::thread::spawn(move || {
                let account_id = unique_account();
                let stored = key(&account_id, user);
                keyring.put(&stored).unwrap();
                assert_eq!(keyring.get(&account_id, user).unwrap(), Some(stored));
                assert!(keyring.delete(&account_id, user).unwrap());
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a thread failed");
    }
}

#[test]
fn duplicate_secret_service_items_are_an_error_with_the_fix() {
    let keyring = open(Backend::SecretService);
    let (account_id, user) = (unique_account(), "iam_pixelshift");
    let account = secrets::account(&account_id, user);
    keyring.put(&key(&account_id, user)).unwrap();
    // Another tool's item with the same service and username (and one more attribute).
    let mut store = Command::new("secret-tool")
        .args(["store", "--label=other", "service", secrets::SERVICE, "username", &account, "other", "1"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("run secret-tool store");
    std::io::Write::write_all(store.stdin.as_mut().unwrap(), b"not ours").unwrap();
    drop(store.stdin.take());
    assert!(store.wait().unwrap().success());

    let err = keyring.get(&account_id, user).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("cannot read `{account}` from the {}: 2 stored items match it", Backend::SecretService.describe())
    );
    let hint = err.hint().unwrap();
    assert!(hint.contains(&format!("secret-tool search --all service pixelshift-aws username {account}")), "{hint}");
    assert!(!hint.contains("secret-tool clear service"), "a blanket clear may delete the only working copy: {hint}");
    let (ok, text) = tool("secret-tool", &["clear", "service", secrets::SERVICE, "username", &account]);
    assert!(ok, "{text}");
    assert_eq!(keyring.get(&account_id, user).unwrap(), None);
}

/// Runs this same test in a child process with `CHILD_ENV` set, `env` added and, if given, under
/// `wrapper` (a command that runs the rest of its arguments), and returns what it printed.
fn run_child(test: &str, env: &[(&str, &str)], wrapper: &[&str]) -> String {
    let exe = std::env::current_exe().expect("the test binary's path");
    let (program, mut args) = match wrapper.split_first() {
        Some((program, rest)) => ((*program).to_owned(), rest.iter().map(|a| (*a).to_owned()).collect()),
        None => (exe.display().to_string(), Vec::new()),
    };
    if !wrapper.is_empty() {
        args.push(exe.display().to_string());
    }
    args.extend([test, "--exact", "--nocapture", "--test-threads=1"].map(str::to_owned));
    let Output { status, stdout, stderr } =
        Command::new(&program).args(&args).env(CHILD_ENV, "1").envs(env.iter().copied()).output().unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&stdout), String::from_utf8_lossy(&stderr));
    // A filter that matches nothing also "succeeds": make sure the child ran the test.
    // Indented, so the child's "test result:" lines do not count in scripts/test's total.
    assert!(
        status.success() && printed.contains("test result: ok. 1 passed"),
        "the child run of {test} failed:\n  | {}",
        printed.trim_end().replace('\n', "\n  | ")
    );
    printed
}

#[test]
fn without_a_session_bus_the_secret_service_fails_clearly_and_auto_falls_back_to_keyutils() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let err = Keyring::open(Some(Backend::SecretService)).expect_err("no session bus, no Secret Service");
        assert!(matches!(err, SecretsError::Connect { backend: Backend::SecretService, .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.starts_with("cannot connect to the Secret Service (GNOME Keyring / KWallet): "), "{message}");
        assert!(message.contains("/nonexistent/pixelshift-test/bus"), "{message}");
        let hint = err.hint().unwrap();
        assert!(hint.contains("dbus-run-session") && hint.contains("--keys-file"), "{hint}");

        let keyring = Keyring::open(None).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(keyring.backend(), Backend::Keyutils);
        assert!(!keyring.survives_reboot());
        let skipped = keyring.skipped();
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].0, Backend::SecretService);
        assert_eq!(skipped[0].1, message);
        println!("child: {message}");
        return;
    }
    require_session();
    let text = run_child(
        "keyring::without_a_session_bus_the_secret_service_fails_clearly_and_auto_falls_back_to_keyutils",
        &[("DBUS_SESSION_BUS_ADDRESS", NO_BUS)],
        &[],
    );
    assert!(text.contains("child: cannot connect to the Secret Service"), "{text}");
}

#[test]
fn with_no_usable_keyring_the_error_lists_every_backend_and_how_to_proceed() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let err = Keyring::open(None).expect_err("neither backend can work here");
        let SecretsError::NoBackend { tried } = &err else { panic!("{err:?}") };
        let tried: Vec<Option<Backend>> = tried.iter().map(SecretsError::backend).collect();
        assert_eq!(tried, [Some(Backend::SecretService), Some(Backend::Keyutils)]);
        let message = err.to_string();
        assert!(message.starts_with("no OS keyring is usable: cannot connect to the Secret Service"), "{message}");
        assert!(
            message.ends_with(
                "; the Linux kernel keyring (keyutils) failed a test write (locked or access refused: AccessDenied)"
            ),
            "{message}"
        );
        let hint = err.hint().unwrap();
        for part in ["dbus-run-session", "keyctl session -", "login session", "--keys-file"] {
            assert!(hint.contains(part), "`{part}` missing from the hint: {hint}");
        }
        let err = Keyring::open(Some(Backend::Keyutils)).expect_err("the session keyring refuses keys");
        assert!(err.hint().unwrap().contains("keyctl session -"), "{:?}", err.hint());
        println!("child: {message}");
        return;
    }
    require_session();
    // A session keyring without write permission for its possessor refuses new keys (EACCES), as a
    // service's default session keyring does.
    let text = run_child(
        "keyring::with_no_usable_keyring_the_error_lists_every_backend_and_how_to_proceed",
        &[("DBUS_SESSION_BUS_ADDRESS", NO_BUS)],
        &["keyctl", "session", "-", "sh", "-c", r#"keyctl setperm @s 0x3b010000 && exec "$@""#, "sh"],
    );
    assert!(text.contains("child: no OS keyring is usable"), "{text}");
}
