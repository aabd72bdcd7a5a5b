//! create-user, keys and attach-policy against the IAM-enforcing emulator, with the key pair in the
//! real keyring of the test session (gnome-keyring's Secret Service; keyutils where asked).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use aws_sdk_iam::error::ProvideErrorMetadata;

use crate::support::run;
use crate::support::sandbox::Sandbox;
use crate::support::writes;

#[tokio::test]
async fn creates_a_tagged_programmatic_user_whose_stored_key_works() {
    let env = Sandbox::start();
    let run = env.run(&["--output", "json", "create-user", "--user-name", "pix-one", "--tag", "team=media"]).expect(0);
    let doc = run.json();
    assert_eq!(doc["user"], "created");
    assert_eq!(doc["key"], "created");
    assert_eq!(doc["keyring"], "secret-service", "auto picks the Secret Service of the test session");
    assert_eq!(doc["account_id"], env.emulator.account_id.as_str());
    assert!(doc.get("secret_access_key").is_none(), "no secret without --show-secret");

    let keys = env.revealed("pix-one");
    assert_eq!(doc["access_key_id"], keys.access_key_id.as_str());
    for stream in [&run.stdout, &run.stderr] {
        assert!(!stream.contains(&keys.secret_access_key), "the secret leaked into output");
    }

    // The stored pair authenticates as the new user.
    let sts = aws_sdk_sts::Client::new(&env.emulator.sdk_config(&keys).await);
    let me = sts.get_caller_identity().send().await.expect("the stored key authenticates");
    assert!(me.arn().unwrap().ends_with(":user/pixelshift-aws/pix-one"), "{:?}", me.arn());

    let iam = env.iam().await;
    let user = iam.get_user().user_name("pix-one").send().await.unwrap().user.unwrap();
    let tags: Vec<(&str, &str)> = user.tags().iter().map(|t| (t.key(), t.value())).collect();
    assert!(tags.contains(&("managed-by", "pixelshift-aws")), "{tags:?}");
    assert!(tags.contains(&("team", "media")), "{tags:?}");
    let login = iam.get_login_profile().user_name("pix-one").send().await;
    assert_eq!(login.err().as_ref().and_then(ProvideErrorMetadata::code), Some("NoSuchEntity"), "no console password");
    assert_eq!(env.key_ids("pix-one").await, [keys.access_key_id]);
}

#[tokio::test]
async fn a_rerun_reuses_the_user_and_the_stored_key() {
    let env = Sandbox::start();
    let first = env.run(&["--output", "json", "create-user", "--user-name", "pix-two"]).expect(0).json();
    let second = env.run(&["--output", "json", "create-user", "--user-name", "pix-two"]).expect(0).json();
    assert_eq!(second["user"], "existing");
    assert_eq!(second["key"], "reused");
    assert_eq!(second["access_key_id"], first["access_key_id"]);
    assert_eq!(env.key_ids("pix-two").await.len(), 1, "no second key");
}

#[tokio::test]
async fn show_secret_prints_the_secret_once_asked() {
    let env = Sandbox::start();
    let doc = env.run(&["--output", "json", "create-user", "--user-name", "pix-s", "--show-secret"]).expect(0).json();
    assert_eq!(doc["secret_access_key"], env.revealed("pix-s").secret_access_key.as_str());
    let text = env.run(&["keys", "show", "--user-name", "pix-s"]).expect(0);
    assert!(text.stdout.contains("(hidden: add --reveal)"), "{}", text.stdout);
}

#[tokio::test]
async fn an_untagged_user_is_never_adopted_silently() {
    let env = Sandbox::start();
    env.iam().await.create_user().user_name("hand-made").send().await.unwrap();

    let refused = env.run(&["create-user", "--user-name", "hand-made"]).expect(2);
    assert!(refused.stderr.contains("error: IAM user `hand-made` exists but was not created by pixelshift-aws"));
    assert!(refused.stderr.contains("hint: pass --adopt"), "{}", refused.stderr);
    assert!(env.key_ids("hand-made").await.is_empty(), "nothing was changed");
    let tags = env.iam().await.list_user_tags().user_name("hand-made").send().await.unwrap();
    assert!(tags.tags().is_empty());

    let adopted = env.run(&["--output", "json", "create-user", "--user-name", "hand-made", "--adopt"]).expect(0).json();
    assert_eq!(adopted["user"], "adopted");
    let tags = env.iam().await.list_user_tags().user_name("hand-made").send().await.unwrap();
    assert!(tags.tags().iter().any(|t| t.key() == "managed-by" && t.value() == "pixelshift-aws"));
}

#[tokio::test]
async fn the_two_key_limit_is_reported_and_nothing_is_deleted() {
    let env = Sandbox::start();
    let iam = env.iam().await;
    let tag = aws_sdk_iam::types::Tag::builder().key("managed-by").value("pixelshift-aws").build().unwrap();
    iam.create_user().user_name("full").tags(tag).send().await.unwrap();
    for _ in 0..2 {
        iam.create_access_key().user_name("full").send().await.unwrap();
    }
    let before = env.key_ids("full").await;

    let run = env.run(&["create-user", "--user-name", "full"]).expect(1);
    assert!(run.stderr.contains("already has two access keys"), "{}", run.stderr);
    assert!(run.stderr.contains("aws iam delete-access-key --user-name full"), "{}", run.stderr);
    assert_eq!(env.key_ids("full").await, before, "no key was created or deleted");
}

#[tokio::test]
async fn an_admin_without_iam_create_user_gets_the_action_named() {
    let env = Sandbox::start();
    let limited = env.emulator.admin_denied("iam:CreateUser").await;

    let run = env.run_as(&limited, &["create-user", "--user-name", "pix-denied"]).expect(1);
    let mut lines = run.stderr.lines().filter(|l| l.starts_with("error:") || l.starts_with("hint:"));
    let error = lines.next().unwrap_or_default();
    assert!(error.starts_with("error: not allowed to call iam:CreateUser"), "{}", run.stderr);
    assert!(lines.next().unwrap_or_default().contains("allow iam:CreateUser"), "{}", run.stderr);
    let gone = env.iam().await.get_user().user_name("pix-denied").send().await;
    assert_eq!(gone.err().as_ref().and_then(ProvideErrorMetadata::code), Some("NoSuchEntity"));
}

#[tokio::test]
async fn without_a_working_keyring_the_key_goes_to_a_0600_file() {
    let env = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keys/pix-file.json");
    let mut command = env.emulator.command();
    command
        .env("XDG_CONFIG_HOME", env.config_home.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["--output", "json", "create-user", "--user-name", "pix-file", "--keyring", "secret-service"])
        .arg("--keys-file")
        .arg(&file);
    let run = run(command).expect(0);
    let doc = run.json();
    assert!(doc["keyring"].is_null(), "{doc}");
    assert_eq!(doc["keys_file"], file.to_str().unwrap());
    assert!(run.stderr.contains("the key goes to the --keys-file only"), "{}", run.stderr);
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let stored: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(stored["Version"], 1);
    assert_eq!(stored["AccessKeyId"], doc["access_key_id"]);
    assert_eq!(stored["UserName"], "pix-file");
    let shown = env.run(&["--output", "json", "keys", "show", "--keys-file", file.to_str().unwrap(), "--reveal"]);
    assert_eq!(shown.expect(0).json()["secret_access_key"], stored["SecretAccessKey"]);
}

#[tokio::test]
async fn no_keyring_and_no_key_file_fails_before_creating_anything() {
    let env = Sandbox::start();
    let mut command = env.emulator.command();
    command
        .env("XDG_CONFIG_HOME", env.config_home.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["create-user", "--user-name", "pix-nokeyring", "--keyring", "secret-service"]);
    let run = run(command).expect(1);
    assert!(run.stderr.starts_with("Using AWS account") || run.stderr.contains("error:"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    let gone = env.iam().await.get_user().user_name("pix-nokeyring").send().await;
    assert_eq!(gone.err().as_ref().and_then(ProvideErrorMetadata::code), Some("NoSuchEntity"), "nothing created");
}

#[tokio::test]
async fn keyutils_warns_and_keeps_a_second_copy() {
    let env = Sandbox::start();
    let run = env.run(&["--output", "json", "create-user", "--user-name", "pix-kernel", "--keyring", "keyutils"]);
    let run = run.expect(0);
    let doc = run.json();
    assert_eq!(doc["keyring"], "keyutils");
    assert!(run.stderr.contains("does not survive a reboot"), "{}", run.stderr);
    let file = doc["keys_file"].as_str().expect("a second copy in a file");
    assert!(Path::new(file).starts_with(env.config_home.path()), "{file}");
    assert_eq!(std::fs::metadata(file).unwrap().permissions().mode() & 0o777, 0o600);
    let shown = env.run(&["--output", "json", "keys", "show", "--user-name", "pix-kernel", "--keyring", "keyutils"]);
    assert_eq!(shown.expect(0).json()["access_key_id"], doc["access_key_id"]);
    // The kernel's persistent keyring belongs to the uid and outlives the test session: clean up.
    env.run(&["keys", "delete", "--user-name", "pix-kernel", "--keyring", "keyutils", "--yes"]).expect(0);
}

#[tokio::test]
async fn keys_delete_needs_confirmation_and_leaves_iam_alone() {
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-del"]).expect(0);
    let refused = env.run(&["keys", "delete", "--user-name", "pix-del"]).expect(2);
    assert!(refused.stderr.contains("pass --yes"), "{}", refused.stderr);
    env.run(&["keys", "show", "--user-name", "pix-del"]).expect(0);

    let deleted = env.run(&["--output", "json", "keys", "delete", "--user-name", "pix-del", "--yes"]).expect(0).json();
    assert_eq!(deleted["deleted"], true);
    let missing = env.run(&["keys", "show", "--user-name", "pix-del"]).expect(1);
    assert!(missing.stderr.contains("no access key is stored for `pix-del`"), "{}", missing.stderr);
    assert_eq!(env.key_ids("pix-del").await.len(), 1, "the IAM key is untouched");
}

#[test]
fn invalid_input_exits_2_before_any_call() {
    let counter = crate::support::ConnectionCounter::start();
    let rows: &[&[&str]] = &[
        &["create-user", "--user-name", "bad name"],
        &["create-user", "--tag", "novalue"],
        &["create-user", "--tag", "aws:reserved=x"],
        &["create-user", "--permissions-boundary", "arn:aws:iam::123456789012:role/nope"],
        &["attach-policy", "--bucket", "Bad_Bucket"],
        &["attach-policy", "--bucket", "ok-bucket", "--policy-name", "no spaces"],
        &["attach-policy", "--user-name", "x/y", "--bucket", "ok-bucket"],
        &["keys", "show", "--account-id", "12345"],
        &["keys", "delete", "--user-name", ""],
    ];
    for args in rows {
        let mut command = crate::support::bin();
        command.env("AWS_ENDPOINT_URL", &counter.url).env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE").args(*args);
        let run = run(command);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{args:?}: {}", run.stderr);
    }
    assert_eq!(counter.connections(), 0, "validation happens before any network call");
}

#[tokio::test]
async fn create_user_makes_exactly_the_writes_its_dry_run_plans() {
    let env = Sandbox::start();
    let args = ["--output", "json", "create-user", "--user-name", "pix-dry"];
    let mark = env.emulator.requests().len();
    let plan = env.run(&[&args[..], &["--dry-run"]].concat()).expect(0).json();
    assert_eq!(plan["dry_run"], true, "{plan:#}");
    assert!(!env.user_exists("pix-dry").await, "a dry run creates nothing");
    assert_eq!(writes::performed(&env.emulator.requests().split_off(mark)), Vec::<writes::Write>::new());
    let actions: Vec<&str> = plan["plan"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["iam:CreateUser", "iam:CreateAccessKey"], "{plan:#}");

    let mark = env.emulator.requests().len();
    env.run(&args).expect(0);
    let local = writes::assert_the_run_did_the_plan(
        &plan,
        &env.emulator.requests().split_off(mark),
        &env.emulator.admin.access_key_id,
    );
    assert_eq!(local, Vec::<String>::new(), "the key goes to the keyring as part of CreateAccessKey");
    let shown = env.run(&["--output", "json", "keys", "show", "--user-name", "pix-dry"]).expect(0).json();
    assert_eq!(env.key_ids("pix-dry").await, [shown["access_key_id"].as_str().unwrap()]);
}

#[test]
fn create_user_dry_run_needs_no_keyring() {
    let env = Sandbox::start();
    let mut command = env.emulator.command();
    command
        .env("XDG_CONFIG_HOME", env.config_home.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["create-user", "--user-name", "pix-nokeyring", "--keyring", "secret-service", "--dry-run"]);
    let run = run(command).expect(0);
    assert!(run.stderr.contains("the real run needs --keys-file"), "{}", run.stderr);
    assert!(run.stdout.contains("pix-nokeyring.json"), "the default key file is shown: {}", run.stdout);
}

#[tokio::test]
async fn keys_delete_removes_every_copy_here_keyring_and_file() {
    let env = Sandbox::start();
    // The kernel keyring forgets at reboot, so the key has a second copy in the default key file.
    let made = env
        .run(&["--output", "json", "create-user", "--user-name", "pix-copies", "--keyring", "keyutils"])
        .expect(0)
        .json();
    let file = made["keys_file"].as_str().expect("a file copy beside keyutils").to_owned();
    let deleted = env
        .run(&["--output", "json", "keys", "delete", "--user-name", "pix-copies", "--keyring", "keyutils", "--yes"])
        .expect(0)
        .json();
    assert_eq!(deleted["removed"], serde_json::json!(["Linux kernel keyring (keyutils)", format!("key file {file}")]));
    assert!(!Path::new(&file).exists(), "no copy of the secret is left on disk");
    let gone = env.run(&["keys", "show", "--user-name", "pix-copies", "--keyring", "keyutils"]);
    assert_eq!(gone.code, 1, "nothing finds it any more: {}", gone.stdout);

    // Only a file copy (no keyring works): that file goes, not "nothing to delete".
    let only_file = env.config_home.path().join("only.json");
    let mut command = env.emulator.command();
    command
        .env("XDG_CONFIG_HOME", env.config_home.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["create-user", "--user-name", "pix-file-only", "--keyring", "secret-service", "--keys-file"])
        .arg(&only_file);
    run(command).expect(0);
    let default = env.config_home.path().join("pixelshift-aws/keys");
    std::fs::create_dir_all(&default).unwrap();
    let default = default.join(format!("{}-pix-file-only.json", env.emulator.account_id));
    std::fs::rename(&only_file, &default).unwrap();
    let mut command = env.emulator.command();
    command
        .env("XDG_CONFIG_HOME", env.config_home.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args([
            "--output",
            "json",
            "keys",
            "delete",
            "--user-name",
            "pix-file-only",
            "--keyring",
            "secret-service",
            "--yes",
        ]);
    let deleted = run(command).expect(0);
    assert_eq!(deleted.json()["deleted"], true, "{}", deleted.stderr);
    assert!(deleted.stderr.contains("the keyring was not checked"), "{}", deleted.stderr);
    assert!(!default.exists(), "the file copy is gone");
}
