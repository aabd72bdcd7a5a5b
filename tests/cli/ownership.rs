//! What the tool owns, and only that: a crashed run's intent bounded in time, a crashed rotation
//! recovered, an adopted user given back as it was found, every copy of a key accounted for, and lost
//! answers ending in the truth (issue #18). Against the IAM-enforcing emulator, with the fault proxy
//! where an answer is lost, held or never delivered, and `kill -9` where a run dies.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::fault_proxy::{FaultProxy, Rule};
use crate::support::sandbox::Sandbox;
pub use crate::support::signal;

const BUCKET: &str = "photos";

pub struct Done {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

impl Done {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn show(&self) -> String {
        format!("{:?} after {:?}\nstdout:\n{}\nstderr:\n{}", self.status, self.took, self.stdout, self.stderr)
    }
}

/// The binary as admin of `env`, through `endpoint` (the emulator, or a proxy in front of it).
pub fn command(env: &Sandbox, endpoint: &str, args: &[&str]) -> Command {
    env.std_command(endpoint, args)
}

/// Waits for `child`, killing it after `limit`: a run that hangs fails its test instead of the suite.
pub fn finish(child: Child, limit: Duration) -> Done {
    let pid = child.id();
    let started = Instant::now();
    let (done, watchdog) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if watchdog.recv_timeout(limit) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    });
    let output = child.wait_with_output().expect("wait for the binary");
    let _ = done.send(());
    Done {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: started.elapsed(),
    }
}

fn run(env: &Sandbox, args: &[&str]) -> Done {
    finish(command(env, &env.emulator.endpoint, args).spawn().unwrap(), Duration::from_mins(2))
}

fn intent_file(env: &Sandbox, user: &str) -> PathBuf {
    env.config_home.path().join("pixelshift-aws/intents").join(format!("{}-{user}.json", env.emulator.account_id))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn make_key_by_hand(env: &Sandbox, user: &str) -> String {
    let made = env.iam().await.create_access_key().user_name(user).send().await.unwrap();
    made.access_key().unwrap().access_key_id().to_owned()
}

// ---------------------------------------------------------------------------------------------------
// 1. The intent has a window: a key made by hand after a crashed run is someone's key
// ---------------------------------------------------------------------------------------------------

/// A `create-user` killed while its `CreateAccessKey` was in flight (never delivered to IAM) leaves
/// an intent. A key the admin makes by hand minutes later is not that run's orphan: it survives the
/// next run. The same crash with a key made at once, inside the window, is the control: that key
/// is indistinguishable from one the crashed call made, and is deleted.
#[tokio::test]
async fn a_key_made_by_hand_after_a_crashed_create_user_survives() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    for (user, minutes_later) in [("pix-by-hand", 10), ("pix-in-window", 0)] {
        let proxy = FaultProxy::forwarding(&env.emulator.endpoint).with(Rule::swallow("CreateAccessKey"));
        let child =
            command(&env, &proxy.url, &["--non-interactive", "create-user", "--user-name", user]).spawn().unwrap();
        assert!(proxy.wait_held(1, Duration::from_mins(1)), "CreateAccessKey never sent\n{}", proxy.report());
        signal(child.id(), "KILL");
        let killed = finish(child, Duration::from_secs(30));
        assert!(killed.code().is_none(), "{}", killed.show());
        assert!(env.key_ids(user).await.is_empty(), "the swallowed call never reached IAM");

        let path = intent_file(&env, user);
        let mut intent = read_json(&path);
        let started = intent["Started"].as_i64().unwrap();
        assert_eq!(intent["Deadline"].as_i64(), Some(started + 30), "{intent}");
        assert!(intent.get("KeyId").is_none_or(Value::is_null), "no answer came: {intent}");
        // The admin comes back `minutes_later`: the intent's clock is moved back by as much.
        let shift = minutes_later * 60;
        intent["Started"] = (started - shift).into();
        intent["Deadline"] = (started + 30 - shift).into();
        std::fs::write(&path, intent.to_string()).unwrap();
        let by_hand = make_key_by_hand(&env, user).await;

        let rerun = run(&env, &["--non-interactive", "create-user", "--user-name", user]);
        assert_eq!(rerun.code(), Some(0), "{}", rerun.show());
        let ids = env.key_ids(user).await;
        if minutes_later > 0 {
            assert!(ids.contains(&by_hand), "the hand-made key {by_hand} was deleted\n{}", rerun.show());
            assert_eq!(ids.len(), 2, "{ids:?}");
            assert!(!rerun.stderr.contains(&format!("deleted access key {by_hand}")), "{}", rerun.show());
        } else {
            assert!(!ids.contains(&by_hand), "inside the window the key is the crashed run's\n{}", rerun.show());
            assert!(rerun.stderr.contains(&format!("deleted access key {by_hand}")), "{}", rerun.show());
        }
        assert!(!path.exists(), "the intent is cleared once dealt with");
    }
}

// ---------------------------------------------------------------------------------------------------
// 4. A crashed rotation is recovered, not refused at the two-key limit
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn rotate_keys_recovers_after_a_kill_9_between_create_and_store() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    // The kill lands a few milliseconds after IAM's answer; where the pair was stored first by then,
    // there is no orphan to recover from, so another user is tried.
    for attempt in 1..=6 {
        let user = format!("pix-rot-kill-{attempt}");
        assert_eq!(
            run(&env, &["--non-interactive", "setup", "--user-name", &user, "--bucket", BUCKET]).code(),
            Some(0)
        );
        let old = env.key_ids(&user).await;
        let proxy = FaultProxy::forwarding(&env.emulator.endpoint)
            .with(Rule::kill_after_response("CreateAccessKey", Duration::ZERO));
        let child =
            command(&env, &proxy.url, &["--non-interactive", "rotate-keys", "--user-name", &user, "--no-verify"])
                .spawn()
                .unwrap();
        proxy.kill_target(child.id());
        let killed = finish(child, Duration::from_mins(2));
        assert_eq!(proxy.kills(), 1, "{}\n{}", killed.show(), proxy.report());
        let shown = run(&env, &["--output", "json", "keys", "show", "--user-name", &user]);
        let current = serde_json::from_str::<Value>(&shown.stdout).ok().map(|d| d["access_key_id"].clone());
        if current != Some(Value::from(old[0].clone())) {
            eprintln!("attempt {attempt}: the new pair was stored before the kill; trying again");
            continue;
        }
        let ids = env.key_ids(&user).await;
        assert_eq!(ids.len(), 2, "IAM made the new key: {ids:?}");
        let orphan = ids.iter().find(|id| **id != old[0]).unwrap().clone();

        let status = run(&env, &["--output", "json", "status", "--user-name", &user]);
        assert!(status.stdout.contains("orphaned-by-crash"), "{}", status.show());

        let again = run(&env, &["--non-interactive", "rotate-keys", "--user-name", &user, "--no-verify"]);
        assert_eq!(again.code(), Some(0), "{}", again.show());
        assert!(
            again.stderr.contains(&format!("access key {orphan} was made by a run that stopped")),
            "{}",
            again.show()
        );
        let now = env.key_ids(&user).await;
        assert_eq!(now.len(), 2, "{now:?}");
        assert!(now.contains(&old[0]) && !now.contains(&orphan), "old kept, orphan gone: {now:?}");
        assert!(!intent_file(&env, &user).exists());
        return;
    }
    panic!("in 6 attempts the kill never landed before the new pair was stored: nothing was tested");
}

// ---------------------------------------------------------------------------------------------------
// 7. The durable copy is part of the job
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_durable_copy_that_cannot_be_written_fails_the_run_with_the_key_safe() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let user = "pix-no-copy";
    let copy = env.config_home.path().join(format!("pixelshift-aws/keys/{}-{user}.json", env.emulator.account_id));
    let args = ["--non-interactive", "create-user", "--user-name", user, "--keyring", "keyutils"];

    // Something in the way of the key file keyutils needs beside it: refused before IAM makes a key.
    std::fs::create_dir_all(&copy).unwrap();
    let refused = run(&env, &args);
    assert_eq!(refused.code(), Some(2), "{}", refused.show());
    assert!(refused.stderr.contains(&copy.display().to_string()), "{}", refused.show());
    assert!(!env.user_exists(user).await, "nothing made");
    std::fs::remove_dir(&copy).unwrap();

    // A full file system (no byte can be written; SIGXFSZ ignored, so writes fail with EFBIG):
    // found only when the pair is written, after IAM made the key. The run fails, the pair is safe.
    let mut full = command(&env, &env.emulator.endpoint, &args);
    let program = full.get_program().to_owned();
    let mut wrapped = Command::new("sh");
    wrapped.args(["-c", r#"trap '' XFSZ; ulimit -f 0; exec "$@""#, "sh"]).arg(program).args(full.get_args());
    for (key, value) in full.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    wrapped.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let _ = &mut full;
    let failed = finish(wrapped.spawn().unwrap(), Duration::from_mins(2));
    assert_eq!(failed.code(), Some(1), "{}", failed.show());
    assert!(failed.stderr.contains("which forgets it at reboot"), "{}", failed.show());
    assert!(failed.stderr.contains(&copy.display().to_string()), "{}", failed.show());
    assert!(failed.stderr.contains("run the same command again"), "{}", failed.show());
    let ids = env.key_ids(user).await;
    assert_eq!(ids.len(), 1);
    let shown = run(&env, &["--output", "json", "keys", "show", "--user-name", user, "--keyring", "keyutils"]);
    assert_eq!(shown.code(), Some(0), "the pair is safe in keyutils: {}", shown.show());

    let again = run(&env, &args);
    assert_eq!(again.code(), Some(0), "{}", again.show());
    assert_eq!(env.key_ids(user).await, ids, "the stored key is reused");
    assert!(copy.is_file(), "the copy is written on the re-run");
}

// ---------------------------------------------------------------------------------------------------
// 10. An adopted user is given back as it was found
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn teardown_of_an_adopted_user_leaves_what_adoption_found() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let user = "pix-adopted";
    let iam = env.iam().await;
    iam.create_user().user_name(user).path("/team/").send().await.unwrap();
    let theirs = make_key_by_hand(&env, user).await;
    let own_policy =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:ListQueues","Resource":"*"}]}"#;
    env.emulator.put_user_policy(user, "their-own", own_policy).await;
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.add_user_to_group().group_name("devs").user_name(user).send().await.unwrap();
    iam.create_login_profile().user_name(user).password("Console-Passw0rd!").send().await.unwrap();

    let adopted = run(&env, &["--non-interactive", "setup", "--user-name", user, "--bucket", BUCKET, "--adopt"]);
    assert_eq!(adopted.code(), Some(0), "{}", adopted.show());
    let ours: Vec<String> = env.key_ids(user).await.into_iter().filter(|id| *id != theirs).collect();
    assert_eq!(ours.len(), 1);
    // Moved where `list` finds the tool's users, saying its ARN changed; its old path recorded.
    assert!(
        adopted.stderr.contains(&format!("Moved IAM user `{user}` to path /pixelshift-aws/")),
        "{}",
        adopted.show()
    );
    let path = |found: aws_sdk_iam::operation::get_user::GetUserOutput| found.user.map(|u| u.path).unwrap_or_default();
    assert_eq!(path(iam.get_user().user_name(user).send().await.unwrap()), "/pixelshift-aws/");
    let listed = run(&env, &["--output", "json", "list"]);
    assert!(listed.stdout.contains(&format!("\"user_name\": \"{user}\"")), "{}", listed.show());

    let plan = run(&env, &["--output", "json", "teardown", "--user-name", user, "--dry-run"]);
    let doc: Value = serde_json::from_str(&plan.stdout).unwrap();
    let kept: Vec<&str> = doc["kept"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(
        kept,
        [
            format!("access key {theirs}").as_str(),
            "inline policy their-own",
            "group membership devs",
            "console password",
            "the user itself"
        ],
        "{doc:#}"
    );

    let gone = run(&env, &["--non-interactive", "--yes", "teardown", "--user-name", user]);
    assert_eq!(gone.code(), Some(0), "{}", gone.show());
    assert!(env.user_exists(user).await, "the user stays");
    assert_eq!(path(iam.get_user().user_name(user).send().await.unwrap()), "/team/", "back where it was");
    assert_eq!(env.key_ids(user).await, std::slice::from_ref(&theirs), "its own key stays, ours goes");
    assert!(env.policy(user, "their-own").await.is_some());
    assert!(env.policy(user, "pixelshift_access").await.is_none());
    let groups = iam.list_groups_for_user().user_name(user).send().await.unwrap();
    assert_eq!(groups.groups().len(), 1);
    assert!(iam.get_login_profile().user_name(user).send().await.is_ok(), "the console password stays");
    let tags = iam.list_user_tags().user_name(user).send().await.unwrap();
    assert!(tags.tags().iter().all(|t| !t.key().starts_with("managed-by") && !t.key().starts_with("pixelshift")));
    // Given back: the tool no longer claims it.
    let again = run(&env, &["--non-interactive", "--yes", "teardown", "--user-name", user]);
    assert_eq!(again.code(), Some(2), "{}", again.show());
    assert!(again.stderr.contains("was not created by pixelshift-aws"), "{}", again.show());
}

// ---------------------------------------------------------------------------------------------------
// Lost answers end in the truth
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn lost_answers_for_create_user_create_policy_and_a_fifth_version_end_in_exit_0() {
    let env = Sandbox::with_buckets(&[BUCKET, "more-1", "more-2", "more-3", "more-4", "more-5"]).await;
    for (action, user) in [("CreateUser", "pix-lost-user"), ("CreatePolicy", "pix-lost-policy")] {
        let proxy = FaultProxy::forwarding(&env.emulator.endpoint).with(Rule::lose_response(action).first(1));
        let args = ["--non-interactive", "setup", "--user-name", user, "--bucket", BUCKET, "--policy-type", "managed"];
        let done = finish(command(&env, &proxy.url, &args).spawn().unwrap(), Duration::from_mins(2));
        assert_eq!(done.code(), Some(0), "{action}: {}\n{}", done.show(), proxy.report());
        assert!(!done.stderr.contains("changed while this run was planning"), "{}", done.show());
        assert_eq!(env.key_ids(user).await.len(), 1);
    }
    // Five versions of the managed policy, then the sixth change loses its CreatePolicyVersion answer.
    let user = "pix-lost-version";
    let args = ["--non-interactive", "setup", "--user-name", user, "--policy-type", "managed", "--bucket", BUCKET];
    assert_eq!(run(&env, &args).code(), Some(0));
    let attach = |bucket| {
        [
            "--non-interactive",
            "--yes",
            "attach-policy",
            "--user-name",
            user,
            "--policy-type",
            "managed",
            "--bucket",
            bucket,
        ]
    };
    for extra in ["more-1", "more-2", "more-3", "more-4"] {
        assert_eq!(run(&env, &attach(extra)).code(), Some(0));
    }
    let proxy =
        FaultProxy::forwarding(&env.emulator.endpoint).with(Rule::lose_response("CreatePolicyVersion").first(1));
    let attach = attach("more-5");
    let done = finish(command(&env, &proxy.url, &attach).spawn().unwrap(), Duration::from_mins(2));
    assert_eq!(done.code(), Some(0), "{}\n{}", done.show(), proxy.report());
    assert!(done.stderr.contains("Made version"), "{}", done.show());
}

// ---------------------------------------------------------------------------------------------------
// A stored secret that is wrong is named as such
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_wrong_stored_secret_is_named_not_blamed_on_the_policy() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let user = "pix-wrong-secret";
    let file = env.config_home.path().join("copy.json");
    let file_arg = file.display().to_string();
    let args = ["--non-interactive", "setup", "--user-name", user, "--bucket", BUCKET, "--keys-file", &file_arg];
    assert_eq!(run(&env, &args).code(), Some(0));
    let mut stored = read_json(&file);
    stored["SecretAccessKey"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into();
    std::fs::write(&file, stored.to_string()).unwrap();
    let checked = run(&env, &["verify", "--user-name", user, "--keys-file", &file_arg, "--wait", "5"]);
    assert_eq!(checked.code(), Some(3), "{}", checked.show());
    assert!(checked.stderr.contains("SignatureDoesNotMatch"), "{}", checked.show());
    assert!(checked.stderr.contains("not the secret AWS issued"), "{}", checked.show());
    assert!(!checked.stderr.contains("check the user's policy"), "{}", checked.show());
}

// ---------------------------------------------------------------------------------------------------
// verify holds the user's lock (shared): a teardown waits for it; lock files go with the user
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn teardown_waits_for_a_running_verify_and_removes_the_lock_file() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let user = "pix-verify-lock";
    assert_eq!(run(&env, &["--non-interactive", "setup", "--user-name", user, "--bucket", BUCKET]).code(), Some(0));
    let proxy =
        FaultProxy::forwarding(&env.emulator.endpoint).with(Rule::hold("PutObject", Duration::from_secs(3)).first(1));
    let verify = command(&env, &proxy.url, &["verify", "--user-name", user]).spawn().unwrap();
    assert!(proxy.wait_held(1, Duration::from_mins(1)), "{}", proxy.report());
    let teardown = run(&env, &["--non-interactive", "--yes", "teardown", "--user-name", user]);
    let verified = finish(verify, Duration::from_mins(2));
    assert_eq!(verified.code(), Some(0), "verify was not cut off by the teardown: {}", verified.show());
    assert_eq!(teardown.code(), Some(0), "{}", teardown.show());
    assert!(
        teardown.stderr.contains(&format!("Another pixelshift-aws run is working on `{user}`")),
        "{}",
        teardown.show()
    );
    assert!(!env.user_exists(user).await);
    let lock = env.config_home.path().join(format!("pixelshift-aws/locks/{user}.lock"));
    assert!(!lock.exists(), "the lock file goes with the user");
}
