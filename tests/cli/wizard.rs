//! The wizard's first ten minutes, in a pseudo-terminal as a person uses it: answers take Enter,
//! a problem is said before the question it would waste, a re-run starts from what exists, and a
//! mistyped bucket is caught before anything is written.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::support::emulator::Request;
use crate::support::pty::{self, Pty};
use crate::support::sandbox::Sandbox;

fn pty_command(env: &Sandbox, args: &[&str]) -> std::process::Command {
    let mut command = pty::command(&env.emulator);
    command.env("XDG_CONFIG_HOME", env.config_home.path()).args(args);
    command
}

fn iam_writes_since(env: &Sandbox, mark: usize) -> Vec<Request> {
    env.emulator.requests().split_off(mark).into_iter().filter(Request::is_iam_write).collect()
}

#[tokio::test]
async fn a_yes_takes_enter_and_a_stray_key_answers_nothing() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    let mut pty = Pty::spawn(&pty_command(&env, &["setup"]));
    pty.expect("Continue with this account?");
    pty.send("y");
    // A person reads the next question only once they pressed Enter: `y` alone must not answer.
    std::thread::sleep(Duration::from_millis(500));
    assert!(!pty.screen().contains("IAM user name for Pixelshift"), "`y` answered alone:\n{}", pty.shown());
    pty.send_enter();
    pty.expect("IAM user name for Pixelshift");
    pty.send_ctrl_c();
    assert_eq!(pty.wait_exit(), 130, "{}", pty.shown());
}

#[tokio::test]
async fn enter_through_a_rerun_changes_nothing() {
    let env = Sandbox::with_buckets(&["photos", "thumbs", "other"]).await;
    let first = ["--non-interactive", "setup", "--user-name", "pix-again", "--bucket", "photos,thumbs"];
    env.run(&[&first[..], &["--access", "read-only", "--prefix", "px/"][..]].concat()).expect(0);
    let policy = env.policy("pix-again", "pixelshift_access").await;
    let keys = env.key_ids("pix-again").await;

    let mark = env.emulator.requests().len();
    let mut pty = Pty::spawn(&pty_command(&env, &["setup", "--user-name", "pix-again"]));
    let mut screen = String::new();
    for question in [
        "Continue with this account?",
        "Reuse user `pix-again`?",
        "Which buckets may Pixelshift use?",
        "Pick buckets",
        "Other buckets or name-* patterns",
        "Access level",
        "Limit to a key prefix",
        "Policy name",
    ] {
        screen = pty.expect(question);
        pty.send_enter();
    }
    pty.expect("Nothing to change");
    assert!(screen.contains("\"arn:aws:s3:::photos/px/*\""), "the attached prefix is the default:\n{screen}");
    assert!(screen.contains("\"s3:GetObject\"") && !screen.contains("\"s3:PutObject\""), "read-only kept:\n{screen}");
    pty.expect("Run verify");
    pty.send_enter();
    pty.expect("Show or copy the key pair now");
    pty.send_enter(); // no
    pty.expect("Done: Pixelshift can now read `photos`, `thumbs`");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());

    assert_eq!(iam_writes_since(&env, mark), Vec::<Request>::new(), "Enter through a re-run writes nothing");
    assert_eq!(env.policy("pix-again", "pixelshift_access").await, policy);
    assert_eq!(env.key_ids("pix-again").await, keys);
}

/// Runs the binary as admin with no usable keyring (the Secret Service asked for is not there).
fn without_keyring(env: &Sandbox, args: &[&str]) -> crate::support::Run {
    let mut command = env.command_as(&env.emulator.admin, args);
    command.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    crate::support::run(command)
}

#[tokio::test]
async fn without_a_keyring_the_key_file_is_named_after_the_user_typed_and_every_command_finds_it() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    let mut command = pty_command(&env, &["setup", "--bucket", "photos"]);
    command.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus").args(["--keyring", "secret-service"]);
    let mut pty = Pty::spawn(&command);

    let before = pty.expect("Keep the new access key in a 0600 file instead?");
    assert!(before.contains("Secret Service"), "says which keyring failed and why:\n{before}");
    assert!(before.contains("hint: keep the key in a 0600 file"), "the way out comes first:\n{before}");
    assert!(!before.contains("Continue with this account?"), "asked something first:\n{before}");
    pty.send_enter();
    pty.expect("Continue with this account?");
    pty.send_enter();
    pty.expect("IAM user name for Pixelshift");
    pty.send_line("px-file");
    let default = pty.expect_regex(r"Key file \((\S+)\)")[1].clone();
    assert!(default.starts_with(env.config_home.path().to_str().unwrap()), "{default}");
    assert!(default.ends_with(&format!("{}-px-file.json", env.emulator.account_id)), "named after px-file: {default}");
    pty.send_enter();
    pty.expect("Policy name");
    pty.send_enter();
    pty.expect("Apply this plan?");
    pty.send_enter();
    pty.expect("Show or copy the key pair now");
    pty.send_enter();
    pty.expect("Done:");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());

    let stored: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&default).unwrap()).unwrap();
    assert_eq!(stored["UserName"], "px-file");
    let id = stored["AccessKeyId"].as_str().unwrap();
    assert_eq!(env.key_ids("px-file").await, [id]);
    assert_eq!(std::fs::metadata(&default).unwrap().permissions().mode() & 0o777, 0o600);

    // Later, still without a keyring: each command finds the key in the default key file.
    let keyring = ["--keyring", "secret-service"];
    let shown = without_keyring(
        &env,
        &[&["--output", "json", "keys", "show", "--user-name", "px-file"][..], &keyring].concat(),
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert_eq!(shown.json()["access_key_id"], id);
    let verified = without_keyring(&env, &[&["verify", "--user-name", "px-file"][..], &keyring].concat());
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    assert!(verified.stderr.contains(id), "verify used the stored key: {}", verified.stderr);
    let status =
        without_keyring(&env, &[&["--output", "json", "status", "--user-name", "px-file"][..], &keyring].concat());
    assert_eq!(status.code, 0, "{}\n{}", status.stdout, status.stderr);
    assert_eq!(status.json()["stored"]["access_key_id"], id);
    // A dry run stores nothing, so it needs no keyring either.
    let dry = without_keyring(
        &env,
        &[&["--non-interactive", "setup", "--user-name", "px-other", "--bucket", "photos", "--dry-run"][..], &keyring]
            .concat(),
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry.stderr.contains("the real run needs --keys-file"), "{}", dry.stderr);
    assert!(dry.stdout.contains("iam:CreateAccessKey"), "{}", dry.stdout);
}

#[tokio::test]
async fn a_mistyped_bucket_is_caught_before_anything_is_written_and_the_boxes_stay_checked() {
    let env = Sandbox::with_buckets(&["demo-photos", "demo-thumbs"]).await;
    let mark = env.emulator.requests().len();
    let mut pty = Pty::spawn(&pty_command(&env, &["setup", "--user-name", "pix-typo"]));
    pty.expect("Continue with this account?");
    pty.send_enter();
    pty.expect("Which buckets may Pixelshift use?");
    pty.send_enter();
    let menu = pty.expect_all(&["demo-photos", "demo-thumbs"]);
    // Check the first one shown.
    let first = if menu.find("demo-photos") < menu.find("demo-thumbs") { "demo-photos" } else { "demo-thumbs" };
    pty.send_space();
    pty.send_enter();

    pty.expect("Other buckets or name-* patterns");
    pty.send_line("Bad_Name, demo-phtos");
    let warnings = pty.expect("did you mean `demo-photos`?");
    assert!(warnings.contains("Bad_Name"), "every bad name is reported:\n{warnings}");
    pty.expect("Other buckets or name-* patterns");
    assert_eq!(iam_writes_since(&env, mark), Vec::<Request>::new(), "nothing written before the answer is right");
    assert!(!env.user_exists("pix-typo").await);

    // Nothing more to type: the box checked in the picker is still checked.
    pty.send_enter();
    pty.expect("Access level");
    pty.send_enter();
    pty.expect("Limit to a key prefix");
    pty.send_enter();
    let policy = pty.expect("Policy name");
    assert!(policy.contains(&format!("arn:aws:s3:::{first}/*")), "the checked box was kept:\n{policy}");
    pty.send_ctrl_c();
    assert_eq!(pty.wait_exit(), 130, "{}", pty.shown());
    assert_eq!(iam_writes_since(&env, mark), Vec::<Request>::new());
}

#[tokio::test]
async fn the_picker_marks_the_active_row_without_colour() {
    let env = Sandbox::with_buckets(&["photos", "thumbs"]).await;
    let mut pty = Pty::spawn(&pty_command(&env, &["--color", "never", "setup", "--user-name", "pix-plain"]));
    pty.expect("Continue with this account?");
    pty.send_enter();
    pty.expect("Which buckets may Pixelshift use?");
    pty.send_enter();
    let menu = pty.expect_all(&["photos", "thumbs"]);
    let marked =
        menu.lines().any(|l| l.trim_start().starts_with('❯') && (l.contains("photos") || l.contains("thumbs")));
    assert!(marked, "no cursor marker on the picker's rows:\n{menu}");
    pty.send_ctrl_c();
    assert_eq!(pty.wait_exit(), 130);
}

#[tokio::test]
async fn a_policy_too_long_for_inline_gets_managed_policies_offered() {
    let buckets: Vec<String> = (0..30).map(|i| format!("client-{i:02}-{}", "x".repeat(53))).collect();
    let env = Sandbox::start();
    for bucket in &buckets {
        env.emulator.create_bucket(bucket).await;
    }
    let list = buckets.join(",");
    let mut pty =
        Pty::spawn(&pty_command(&env, &["setup", "--user-name", "pix-big", "--bucket", &list, "--no-verify"]));
    pty.expect("Continue with this account?");
    pty.send_enter();
    let offer = pty.expect("Use customer-managed policies instead");
    assert!(offer.contains("over IAM's 2,048-character budget"), "says why first:\n{offer}");
    pty.send_enter(); // yes, the default
    let shown = pty.expect("Policy name");
    assert!(shown.contains("The managed policy `pixelshift_access.pix-big`"), "{shown}");
    assert!(shown.contains("of 6,144 characters"), "{shown}");
    pty.send_enter();
    let plan = pty.expect("Apply this plan?");
    assert!(plan.contains("iam:CreatePolicy /pixelshift-aws/pixelshift_access.pix-big"), "{plan}");
    assert!(plan.contains("iam:AttachUserPolicy"), "{plan}");
    pty.send_enter();
    pty.expect("Show or copy the key pair now");
    pty.send_enter();
    pty.expect("Done:");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());
    let out = env.iam().await.list_attached_user_policies().user_name("pix-big").send().await.unwrap();
    let names: Vec<&str> = out.attached_policies().iter().filter_map(|p| p.policy_name()).collect();
    assert_eq!(names, ["pixelshift_access.pix-big"]);
}
