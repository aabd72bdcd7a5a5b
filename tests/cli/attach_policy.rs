//! attach-policy against the emulator: the size budget is checked before calling AWS, an identical
//! policy is not re-put, a different one is replaced only with consent, and untagged users are left alone.

use aws_sdk_iam::error::ProvideErrorMetadata;

use crate::support::emulator::Emulator;
use crate::support::{Run, run};

fn attach(emulator: &Emulator, args: &[&str]) -> Run {
    let mut command = emulator.command();
    command.args(args);
    run(command)
}

async fn managed_user(emulator: &Emulator, name: &str) {
    let tag = aws_sdk_iam::types::Tag::builder().key("managed-by").value("pixelshift-aws").build().unwrap();
    emulator.iam(&emulator.admin).await.create_user().user_name(name).tags(tag).send().await.unwrap();
}

async fn policy_of(emulator: &Emulator, user: &str, name: &str) -> Option<serde_json::Value> {
    let out = emulator.iam(&emulator.admin).await.get_user_policy().user_name(user).policy_name(name).send().await;
    match out {
        Ok(out) => {
            let raw = out.policy_document();
            let text = pixelshift_aws::aws::iam::decode_policy_document(raw);
            Some(serde_json::from_str(&text).unwrap())
        }
        Err(err) if err.code() == Some("NoSuchEntity") => None,
        Err(err) => panic!("{err:?}"),
    }
}

#[tokio::test]
async fn attaches_then_converges_and_replaces_only_with_consent() {
    let emulator = Emulator::start();
    managed_user(&emulator, "pix-a").await;

    let first = attach(&emulator, &["--output", "json", "attach-policy", "--user-name", "pix-a", "--bucket", "photos"]);
    let doc = first.expect(0).json();
    assert_eq!(doc["change"], "created");
    let attached = policy_of(&emulator, "pix-a", "pixelshift_access").await.expect("attached");
    let built = crate::support::run({
        let mut c = crate::support::bin();
        c.args(["make-policy", "--bucket", "photos"]);
        c
    })
    .expect(0);
    assert_eq!(attached, serde_json::from_str::<serde_json::Value>(&built.stdout).unwrap());

    let again = attach(&emulator, &["--output", "json", "attach-policy", "--user-name", "pix-a", "--bucket", "photos"]);
    assert_eq!(again.expect(0).json()["change"], "unchanged");

    // A different policy, with nobody to confirm: refused, naming --yes, nothing changed.
    let refused = attach(&emulator, &["attach-policy", "--user-name", "pix-a", "--bucket", "photos,thumbs"]).expect(2);
    assert!(refused.stderr.contains("-  ") || refused.stderr.contains("+    "), "a diff is shown: {}", refused.stderr);
    assert!(refused.stderr.contains("+        \"arn:aws:s3:::thumbs\""), "{}", refused.stderr);
    assert!(refused.stderr.contains("pass --yes"), "{}", refused.stderr);
    assert_eq!(policy_of(&emulator, "pix-a", "pixelshift_access").await.unwrap(), attached);

    let replaced = attach(
        &emulator,
        &["--output", "json", "--yes", "attach-policy", "--user-name", "pix-a", "--bucket", "photos,thumbs"],
    );
    assert_eq!(replaced.expect(0).json()["change"], "replaced");
    let now = policy_of(&emulator, "pix-a", "pixelshift_access").await.unwrap();
    assert!(now.to_string().contains("arn:aws:s3:::thumbs/*"));
}

#[tokio::test]
async fn the_aggregate_budget_is_enforced_before_calling_aws() {
    let emulator = Emulator::start();
    managed_user(&emulator, "pix-b").await;
    // Another inline policy of ~1,700 characters that the user already has.
    let resources: Vec<String> = (0..45).map(|i| format!("\"arn:aws:s3:::legacy-bucket-number-{i:02}/*\"")).collect();
    let other = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":[{}]}}]}}"#,
        resources.join(",")
    );
    emulator.put_user_policy("pix-b", "legacy", &other).await;

    let run = attach(&emulator, &["attach-policy", "--user-name", "pix-b", "--bucket", "photos,thumbnails"]).expect(2);
    let error = run.stderr.lines().find(|l| l.starts_with("error:")).unwrap();
    assert!(error.contains("over IAM's 2,048-character limit") && error.contains("`legacy`"), "{error}");
    assert!(run.stderr.contains("hint: pass --policy-type managed"), "the way past the budget: {}", run.stderr);
    assert!(run.stderr.contains("use fewer buckets"), "{}", run.stderr);
    assert_eq!(policy_of(&emulator, "pix-b", "pixelshift_access").await, None, "nothing was put");
}

#[tokio::test]
async fn untagged_and_missing_users_are_refused() {
    let emulator = Emulator::start();
    emulator.iam(&emulator.admin).await.create_user().user_name("hand-made").send().await.unwrap();
    let run = attach(&emulator, &["attach-policy", "--user-name", "hand-made", "--bucket", "photos"]).expect(2);
    assert!(run.stderr.contains("--adopt"), "{}", run.stderr);
    assert_eq!(policy_of(&emulator, "hand-made", "pixelshift_access").await, None);

    let run = attach(&emulator, &["attach-policy", "--user-name", "nobody", "--bucket", "photos"]).expect(1);
    assert!(
        run.stderr.contains("hint: create it first: pixelshift-aws create-user --user-name nobody"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_policy_file_from_stdin_is_attached_as_written() {
    let emulator = Emulator::start();
    managed_user(&emulator, "pix-c").await;
    let document = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Custom","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::custom/*"]}]}"#;
    let mut command = emulator.command();
    command.args(["attach-policy", "--user-name", "pix-c", "--policy-file", "-"]).write_stdin(document);
    run(command).expect(0);
    let attached = policy_of(&emulator, "pix-c", "pixelshift_access").await.unwrap();
    assert_eq!(attached, serde_json::from_str::<serde_json::Value>(document).unwrap());

    let mut command = emulator.command();
    command.args(["attach-policy", "--user-name", "pix-c", "--policy-file", "-"]).write_stdin("not json");
    let bad = run(command).expect(2);
    assert!(bad.stderr.contains("`stdin` is not a JSON policy document"), "{}", bad.stderr);
}

#[tokio::test]
async fn a_policy_piped_in_at_a_terminal_is_confirmed_on_the_terminal() {
    let env = crate::support::sandbox::Sandbox::with_buckets(&["photos", "thumbs"]).await;
    env.run(&["create-user", "--user-name", "pix-pipe"]).expect(0);
    env.run(&["attach-policy", "--user-name", "pix-pipe", "--bucket", "photos"]).expect(0);

    // stdin is the policy; the question is answered on the terminal.
    let template = crate::support::pty::command(&env.emulator);
    let mut command = std::process::Command::new("bash");
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let bin = assert_cmd::cargo::cargo_bin!("pixelshift-aws").display().to_string();
    command.env("XDG_CONFIG_HOME", env.config_home.path()).arg("-c").arg(format!(
        "'{bin}' make-policy --bucket photos,thumbs | '{bin}' attach-policy --user-name pix-pipe --policy-file -"
    ));
    let mut pty = crate::support::pty::Pty::spawn(&command);
    pty.expect("+++ new");
    pty.expect("Replace inline policy `pixelshift_access` on `pix-pipe` with the new version?");
    pty.send_line("y");
    pty.expect("Replaced inline policy");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());
    let attached = env.policy("pix-pipe", "pixelshift_access").await.unwrap().to_string();
    assert!(attached.contains("arn:aws:s3:::thumbs"), "{attached}");
}
