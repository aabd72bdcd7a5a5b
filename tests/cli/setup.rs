//! setup, the wizard: in a pseudo-terminal as a person uses it, and scripted, against the
//! IAM-enforcing emulator with the key in the real keyring of the test session.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::pty::{self, Pty};
use crate::support::sandbox::Sandbox;
use crate::support::{ConnectionCounter, run, writes};

/// A sandbox with some buckets, plus what only setup's tests look at.
struct Env(Sandbox);

impl std::ops::Deref for Env {
    type Target = Sandbox;
    fn deref(&self) -> &Sandbox {
        &self.0
    }
}

impl Env {
    async fn new(buckets: &[&str]) -> Env {
        Env(Sandbox::with_buckets(buckets).await)
    }

    /// The binary in a pseudo-terminal, with the admin keys: a person at a terminal.
    fn pty_command(&self, args: &[&str]) -> std::process::Command {
        let mut command = pty::command(&self.emulator);
        command.env("XDG_CONFIG_HOME", self.config_home.path()).args(args);
        command
    }

    async fn tags(&self, user: &str) -> Vec<(String, String)> {
        let out = self.iam().await.list_user_tags().user_name(user).send().await.unwrap();
        out.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect()
    }

    async fn policy_names(&self, user: &str) -> Vec<String> {
        let out = self.iam().await.list_user_policies().user_name(user).send().await.unwrap();
        out.policy_names().to_vec()
    }

    /// Asserts that no key is stored for `user` (`keys show` fails and says so).
    #[track_caller]
    fn assert_no_stored_key(&self, user: &str) {
        let shown = self.run(&["keys", "show", "--user-name", user]);
        assert_ne!(shown.code, 0, "a key is stored for {user}:\n{}", shown.stdout);
        assert!(shown.stderr.contains("no access key is stored"), "{}", shown.stderr);
    }
}

/// The policy `make-policy` prints for these arguments (offline): what setup must attach.
fn made_policy(args: &[&str]) -> Value {
    let mut command = crate::support::bin();
    command.arg("make-policy").args(args);
    serde_json::from_str(&run(command).expect(0).stdout).unwrap()
}

#[tokio::test]
async fn the_wizard_as_a_person_uses_it() {
    let env = Env::new(&["photos", "thumbs", "private"]).await;
    let mut command = env.pty_command(&["setup"]);
    command.env_remove("NO_COLOR"); // as a person's terminal is: colours and all
    let mut pty = Pty::spawn(&command);

    pty.expect(&format!("Using AWS account {}", env.emulator.account_id));
    pty.expect("(partition aws)");
    pty.expect("Continue with this account?");
    pty.send_enter(); // [Y/n]

    pty.expect("IAM user name for Pixelshift");
    pty.send_line("pix-wizard");

    pty.expect("Which buckets may Pixelshift use?");
    pty.expect_all(&["Specific buckets (recommended)", "All buckets in the account (not recommended)"]);
    pty.send_enter(); // the first item, specific buckets

    pty.expect("Pick buckets (space selects, enter confirms)");
    let menu = pty.expect_all(&["photos", "private", "thumbs"]);
    // Walk the list in the order shown: space on the ones wanted, arrow down to the next.
    let mut order = ["photos", "private", "thumbs"].map(|b| (menu.find(b).unwrap(), b));
    order.sort_unstable();
    for (i, (_, bucket)) in order.iter().enumerate() {
        if *bucket != "private" {
            pty.send_space();
        }
        if i + 1 < order.len() {
            pty.send_key_down();
        }
    }
    pty.send_enter();
    pty.expect("Other buckets or name-* patterns");
    pty.send_line("");

    pty.expect("Access level");
    pty.expect_all(&["read-write (Pixelshift reads sources and writes results)", "read-only"]);
    pty.send_enter(); // read-write, the first item

    pty.expect("Limit to a key prefix (empty for the whole bucket)");
    pty.send_line("");

    let policy_text = pty.expect("policy size:");
    assert!(policy_text.contains("arn:aws:s3:::photos/*"), "{policy_text}");
    assert!(policy_text.contains("arn:aws:s3:::thumbs/*"), "{policy_text}");
    assert!(!policy_text.contains("arn:aws:s3:::private"), "{policy_text}");
    pty.expect("of 2,048 characters");

    pty.expect("Policy name");
    pty.send_line(""); // the default, pixelshift_access

    pty.expect("Apply this plan?");
    pty.send_enter(); // [Y/n]

    pty.expect("Created IAM user");
    pty.expect("Attached inline policy");
    let verify = pty.expect("Show or copy the key pair now, to paste into the Pixelshift dashboard?");
    for bucket in ["photos", "thumbs"] {
        let row = verify
            .lines()
            .find(|l| l.split_whitespace().next() == Some(bucket))
            .unwrap_or_else(|| panic!("no verify row for {bucket}:\n{verify}"));
        assert_eq!(row.matches('✓').count(), 4, "list, read, write, delete: {row}");
    }
    assert!(!verify.lines().any(|l| l.starts_with("private")), "{verify}");
    pty.expect("Show it here");
    pty.send_key_down(); // No → Copy it to the clipboard
    pty.send_key_down(); // → Show it here
    pty.send_enter();

    let id = pty.expect_regex(r"AccessKeyId:\s*(\S+)")[1].clone();
    let secret = pty.expect_regex(r"SecretAccessKey:\s*(\S+)")[1].clone();
    pty.redact(&secret);
    // How to see it again later (with --user-name, as this is not the default user).
    pty.expect_regex(r"pixelshift-aws keys show\b.*--reveal");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());

    // What it showed is what the keyring holds.
    let stored = env.revealed("pix-wizard");
    assert_eq!(stored.access_key_id, id);
    assert!(stored.secret_access_key == secret, "the revealed secret is the stored one");

    // IAM: a tagged user, one key, a policy for exactly photos and thumbs.
    assert!(env.tags("pix-wizard").await.contains(&("managed-by".to_owned(), "pixelshift-aws".to_owned())));
    assert_eq!(env.key_ids("pix-wizard").await, [id]);
    assert_eq!(env.policy_names("pix-wizard").await, ["pixelshift_access"]);
    let attached = env.policy("pix-wizard", "pixelshift_access").await.unwrap();
    assert_eq!(attached, made_policy(&["--bucket", "photos,thumbs"]));
    assert!(!attached.to_string().contains("private"));

    // In the Secret Service of the test session.
    let shown = env.run(&["keys", "show", "--user-name", "pix-wizard"]).expect(0);
    assert!(shown.stdout.contains("Secret Service"), "{}", shown.stdout);
}

#[tokio::test]
async fn scripted_setup_converges_on_a_rerun() {
    let env = Env::new(&["photos"]).await;
    let args = ["--output", "json", "--non-interactive", "setup", "--user-name", "pix-script", "--bucket", "photos"];

    let first = env.run(&args).expect(0);
    let doc = first.json();
    let user_arn = format!("arn:aws:iam::{}:user/pixelshift-aws/pix-script", env.emulator.account_id);
    assert_eq!(doc["account_id"], env.emulator.account_id.as_str());
    assert_eq!(doc["partition"], "aws");
    assert_eq!(doc["user_name"], "pix-script");
    assert_eq!(doc["user_arn"], user_arn.as_str());
    assert_eq!(doc["user"], "created");
    assert_eq!(doc["key"], "created");
    assert_eq!(doc["keyring"], "secret-service");
    assert!(doc["keys_file"].is_null(), "{doc:#}");
    assert_eq!(doc["policy_name"], "pixelshift_access");
    assert!(doc["policy_size"].as_u64().unwrap() > 100, "{doc:#}");
    assert!(doc["aggregate_size"].as_u64().unwrap() >= doc["policy_size"].as_u64().unwrap(), "{doc:#}");
    assert_eq!(doc["policy_change"], "created");
    assert_eq!(doc["verify"]["result"], "pass", "{doc:#}");
    assert_eq!(doc["verify"]["key_valid"], true);
    let buckets: Vec<&str> =
        doc["verify"]["buckets"].as_array().unwrap().iter().map(|b| b["bucket"].as_str().unwrap()).collect();
    assert_eq!(buckets, ["photos"]);
    assert!(doc.get("secret_access_key").is_none(), "no secret without --show-secret");

    let keys = env.revealed("pix-script");
    assert_eq!(doc["access_key_id"], keys.access_key_id.as_str());
    for stream in [&first.stdout, &first.stderr] {
        assert!(!stream.contains(&keys.secret_access_key), "the secret leaked into output");
    }
    assert_eq!(env.policy("pix-script", "pixelshift_access").await.unwrap(), made_policy(&["--bucket", "photos"]));

    let again = env.run(&args).expect(0).json();
    assert_eq!(again["user"], "existing");
    assert_eq!(again["key"], "reused");
    assert_eq!(again["access_key_id"], doc["access_key_id"]);
    assert_eq!(again["policy_change"], "unchanged");
    assert_eq!(again["verify"]["result"], "pass");
    assert_eq!(env.key_ids("pix-script").await, std::slice::from_ref(&keys.access_key_id), "no second key");

    let mut with_secret = args.to_vec();
    with_secret.push("--show-secret");
    let shown = env.run(&with_secret).expect(0).json();
    assert_eq!(shown["secret_access_key"], keys.secret_access_key.as_str());
}

#[tokio::test]
async fn without_a_bucket_nobody_is_asked_and_nothing_is_created() {
    let env = Env::new(&["photos"]).await;

    // --non-interactive: a usage error naming the flag, before any AWS call.
    let counter = ConnectionCounter::start();
    let mut command = env.command_as(&env.emulator.admin, &["--non-interactive", "setup", "--user-name", "pix-nob"]);
    command.env("AWS_ENDPOINT_URL", &counter.url);
    let started = Instant::now();
    let refused = run(command).expect(2);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    assert!(refused.stderr.contains("--bucket"), "{}", refused.stderr);
    assert_eq!(counter.connections(), 0, "the missing flag is found before calling AWS");

    // Against the emulator, too: nothing is created.
    env.run(&["--non-interactive", "setup", "--user-name", "pix-nob"]).expect(2);
    assert!(!env.user_exists("pix-nob").await);
    env.assert_no_stored_key("pix-nob");

    // stdin not a terminal (and no --non-interactive): the same, even with a terminal on stderr
    // and /dev/tty, where `console` would otherwise read the answers from.
    // (assert_cmd gives the binary a pipe for stdin: here, one that is closed at once.)
    let piped = env.command_as(&env.emulator.admin, &["setup", "--user-name", "pix-nob"]);
    let refused = run(piped).expect(2);
    assert!(refused.stderr.contains("--bucket"), "{}", refused.stderr);

    let mut pty = Pty::spawn_with_stdin_null(&env.pty_command(&["setup", "--user-name", "pix-nob"]));
    pty.set_timeout(Duration::from_secs(20));
    let code = pty.wait_exit();
    let screen = pty.shown();
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("--bucket"), "{screen}");
    assert!(!screen.contains("Continue with this account?"), "it prompted:\n{screen}");
    assert!(!env.user_exists("pix-nob").await);
}

#[tokio::test]
async fn dry_run_changes_nothing_and_plans_exactly_the_writes_setup_then_makes() {
    let env = Env::new(&["photos"]).await;
    let args = ["--non-interactive", "setup", "--user-name", "pix-dry", "--bucket", "photos", "--dry-run"];

    let text = env.run(&args).expect(0);
    let lines: Vec<&str> = text.stdout.lines().map(str::trim).collect();
    for expected in
        ["iam:CreateUser pix-dry", "iam:CreateAccessKey pix-dry", "iam:PutUserPolicy pix-dry pixelshift_access"]
    {
        assert!(lines.contains(&expected), "no {expected:?} in the plan:\n{}", text.stdout);
    }
    assert!(text.stdout.contains("\"arn:aws:s3:::photos/*\""), "the policy document follows:\n{}", text.stdout);

    let mut json_args = vec!["--output", "json"];
    json_args.extend_from_slice(&args);
    let doc = env.run(&json_args).expect(0).json();
    assert_eq!(doc["dry_run"], true);
    let plan: Vec<(&str, &str)> = doc["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| (step["action"].as_str().unwrap(), step["target"].as_str().unwrap_or_default()))
        .collect();
    let actions: Vec<&str> = plan.iter().map(|(action, _)| *action).collect();
    for expected in ["iam:CreateUser", "iam:CreateAccessKey", "iam:PutUserPolicy"] {
        assert!(actions.contains(&expected), "{doc:#}");
    }
    assert!(plan.iter().any(|(action, target)| *action == "iam:CreateUser" && target.contains("pix-dry")), "{doc:#}");
    assert_eq!(doc["policy"], made_policy(&["--bucket", "photos"]));

    // Zero writes: no user, no key in the keyring.
    assert!(!env.user_exists("pix-dry").await);
    env.assert_no_stored_key("pix-dry");

    // The real setup makes exactly the planned writes, in the planned order.
    let real = ["--non-interactive", "setup", "--user-name", "pix-dry", "--bucket", "photos"];
    let mark = env.emulator.requests().len();
    env.run(&real).expect(0);
    let requests = env.emulator.requests().split_off(mark);
    let admin = env.emulator.admin.access_key_id.as_str();
    let local = writes::assert_the_run_did_the_plan(&doc, &requests, admin);
    assert_eq!(local, ["verify"], "{doc:#}");
    assert_eq!(env.revealed("pix-dry").access_key_id, env.key_ids("pix-dry").await[0], "the new key is stored");

    // After a real setup, a dry run has nothing to change.
    let keys_before = env.key_ids("pix-dry").await;
    let text = env.run(&args).expect(0);
    assert!(text.stderr.contains("nothing to change"), "{}", text.stderr);
    for write in ["iam:CreateUser", "iam:CreateAccessKey", "iam:PutUserPolicy", "iam:TagUser"] {
        assert!(!text.stdout.lines().any(|l| l.trim_start().starts_with(write)), "{write} planned:\n{}", text.stdout);
    }
    let doc = env.run(&json_args).expect(0).json();
    let planned_writes: Vec<&Value> = doc["plan"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|step| {
            let action = step["action"].as_str().unwrap();
            ["iam:Create", "iam:Put", "iam:Tag", "iam:Delete"].iter().any(|w| action.starts_with(w))
        })
        .collect();
    assert!(planned_writes.is_empty(), "{doc:#}");
    assert_eq!(env.key_ids("pix-dry").await, keys_before);
    // And the real re-run writes nothing but verify's probes.
    let mark = env.emulator.requests().len();
    env.run(&real).expect(0);
    writes::assert_the_run_did_the_plan(&doc, &env.emulator.requests().split_off(mark), admin);
}

#[tokio::test]
async fn a_failure_midway_says_what_was_created_and_how_to_resume_or_rolls_back() {
    let env = Env::new(&["photos"]).await;
    let limited = env.emulator.admin_denied("iam:PutUserPolicy").await;

    let failed = env.run_as(&limited, &["--non-interactive", "setup", "--user-name", "pix-half", "--bucket", "photos"]);
    let failed = failed.expect(1);
    assert!(failed.stderr.contains("iam:PutUserPolicy"), "{}", failed.stderr);
    assert!(failed.stderr.contains("this run created"), "{}", failed.stderr);
    let resume = failed
        .stderr
        .lines()
        .find_map(|l| l.split_once("Resume with: ").map(|(_, command)| command.trim().to_owned()))
        .unwrap_or_else(|| panic!("no `Resume with:` line:\n{}", failed.stderr));
    let words: Vec<String> = resume.split_whitespace().map(|w| w.trim_matches('\'').to_owned()).collect();
    assert_eq!(words[..2], ["pixelshift-aws", "setup"], "{resume}");
    for flag in ["--user-name", "pix-half", "--bucket", "photos"] {
        assert!(words.iter().any(|w| w == flag || w == &format!("--bucket={flag}")), "{flag} missing: {resume}");
    }
    assert!(
        !resume.contains(&env.emulator.admin.secret_access_key) && !resume.contains(&limited.secret_access_key),
        "{resume}"
    );
    // What the run created is still there, and the key is stored: nothing is lost.
    assert!(env.user_exists("pix-half").await);
    let keys = env.key_ids("pix-half").await;
    assert_eq!(keys.len(), 1);
    assert_eq!(env.revealed("pix-half").access_key_id, keys[0]);
    assert!(env.policy("pix-half", "pixelshift_access").await.is_none());

    // The resume command, run by an admin who may, finishes the job with the same user and key.
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let mut resumed_args = vec!["--output", "json"];
    resumed_args.extend(&args);
    let resumed = env.run(&resumed_args).expect(0).json();
    assert_eq!(resumed["user"], "existing");
    assert_eq!(resumed["key"], "reused");
    assert_eq!(resumed["policy_change"], "created");
    assert_eq!(env.key_ids("pix-half").await, keys);

    // With --rollback-on-failure, what this run created is removed again.
    let rolled = env.run_as(
        &limited,
        &["--non-interactive", "setup", "--user-name", "pix-undo", "--bucket", "photos", "--rollback-on-failure"],
    );
    let rolled = rolled.expect(1);
    assert!(rolled.stderr.contains("Rolled back"), "{}", rolled.stderr);
    assert!(!env.user_exists("pix-undo").await, "the user it created is deleted");
    env.assert_no_stored_key("pix-undo");
    assert!(env.user_exists("admin-without-iam-PutUserPolicy").await, "rollback touches only what it created");
}

#[tokio::test]
async fn ctrl_c_at_the_bucket_prompt_exits_130_and_creates_nothing() {
    let env = Env::new(&["photos"]).await;
    let mut pty = Pty::spawn(&env.pty_command(&["setup"]));
    pty.expect("Continue with this account?");
    pty.send_enter();
    pty.expect("IAM user name for Pixelshift");
    pty.send_line("pix-ctrlc");
    pty.expect("Which buckets may Pixelshift use?");
    pty.expect("All buckets in the account (not recommended)");
    // A person takes a moment to read the question: the prompt is reading keys by then.
    std::thread::sleep(Duration::from_millis(300));
    pty.send_ctrl_c();
    assert_eq!(pty.wait_exit(), 130, "{}", pty.shown());
    // The select prompt hides the cursor; dialoguer leaves showing it again to the program
    // (console-rs/dialoguer#77, #188), and a shell does not either.
    assert!(!pty.cursor_hidden(), "Ctrl-C left the terminal's cursor hidden:\n{}", pty.shown());
    assert!(!env.user_exists("pix-ctrlc").await);
    env.assert_no_stored_key("pix-ctrlc");
}
