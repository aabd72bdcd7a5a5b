//! The plan is the program: what setup decides before its first write is exactly what it then does,
//! and it reads the account once. Counted from the emulator's own log of every request it answered.

use serde_json::Value;

use crate::support::emulator::Request;
use crate::support::sandbox::Sandbox;

/// The requests the emulator answered after the first `mark` of them.
fn since(env: &Sandbox, mark: usize) -> Vec<Request> {
    env.emulator.requests().split_off(mark)
}

fn iam_and_sts(requests: &[Request]) -> Vec<String> {
    requests.iter().filter(|r| r.service == "iam" || r.service == "sts").map(|r| r.action.clone()).collect()
}

fn s3(requests: &[Request]) -> Vec<String> {
    requests.iter().filter(|r| r.service == "s3").map(|r| r.action.clone()).collect()
}

fn iam_writes(requests: &[Request]) -> Vec<String> {
    let mut writes: Vec<String> = requests.iter().filter(|r| r.is_iam_write()).map(|r| r.action.clone()).collect();
    writes.sort();
    writes
}

/// The IAM actions of a dry run's plan, without the `iam:` prefix, sorted.
fn planned_iam_writes(dry_run: &Value) -> Vec<String> {
    let mut actions: Vec<String> = dry_run["plan"]
        .as_array()
        .unwrap_or_else(|| panic!("no plan: {dry_run:#}"))
        .iter()
        .filter_map(|step| step["action"].as_str()?.strip_prefix("iam:").map(str::to_owned))
        .collect();
    actions.sort();
    actions
}

#[tokio::test]
async fn a_new_user_and_a_converged_rerun_stay_within_their_request_budgets() {
    let buckets = ["photos", "thumbs", "masters"];
    let env = Sandbox::with_buckets(&buckets).await;
    let args = ["--non-interactive", "setup", "--user-name", "pix-budget", "--bucket", "photos,thumbs,masters"];

    let mark = env.emulator.requests().len();
    env.run(&args).expect(0);
    let new_user = since(&env, mark);
    let calls = iam_and_sts(&new_user);
    assert!(calls.len() <= 6, "a new user costs {} IAM/STS calls: {calls:?}", calls.len());
    for expected in ["GetCallerIdentity", "GetUser", "CreateUser", "CreateAccessKey", "PutUserPolicy"] {
        assert_eq!(calls.iter().filter(|c| *c == expected).count(), 1, "{expected} once: {calls:?}");
    }
    let objects = s3(&new_user);
    assert!(
        objects.len() <= 5 * buckets.len(),
        "{} S3 calls for {} buckets: {objects:?}",
        objects.len(),
        buckets.len()
    );

    let mark = env.emulator.requests().len();
    env.run(&args).expect(0);
    let rerun = since(&env, mark);
    let calls = iam_and_sts(&rerun);
    assert!(calls.len() <= 6, "a converged re-run costs {} IAM/STS calls: {calls:?}", calls.len());
    assert_eq!(iam_writes(&rerun), Vec::<String>::new(), "a converged re-run writes nothing to IAM");
    let objects = s3(&rerun);
    assert!(objects.len() <= 5 * buckets.len(), "{objects:?}");
    let admin_s3_writes: Vec<&Request> = rerun
        .iter()
        .filter(|r| r.service == "s3" && r.key == env.emulator.admin.access_key_id && r.action != "GetBucketLocation")
        .collect();
    assert!(admin_s3_writes.is_empty(), "only the user's own probes touch the buckets: {admin_s3_writes:?}");
}

#[tokio::test]
async fn the_dry_run_is_the_run() {
    let env = Sandbox::with_buckets(&["photos", "thumbs"]).await;
    let setup = |buckets: &str, extra: &[&str]| {
        let mut args = vec!["--non-interactive", "setup", "--user-name", "pix-plan", "--bucket", buckets];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<String>>()
    };
    let run = |args: &[String]| env.run(&args.iter().map(String::as_str).collect::<Vec<_>>());

    let mut dry = setup("photos", &["--dry-run"]);
    dry.splice(0..0, ["--output".to_owned(), "json".to_owned()]);
    let plan = run(&dry).expect(0).json();
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["changes"], 3, "{plan:#}");
    let mark = env.emulator.requests().len();
    run(&setup("photos", &[])).expect(0);
    let done = iam_writes(&since(&env, mark));
    assert_eq!(done, planned_iam_writes(&plan), "setup made exactly the planned IAM writes");
    assert_eq!(done, ["CreateAccessKey", "CreateUser", "PutUserPolicy"]);

    // A changed bucket list: the dry run shows the policy change as a diff, text and JSON alike.
    let mut dry = setup("photos,thumbs", &["--dry-run"]);
    let text = run(&dry);
    let text = text.expect(0);
    assert!(
        text.stdout.lines().any(|l| l.starts_with("iam:PutUserPolicy pix-plan pixelshift_access")),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("--- attached now") && text.stdout.contains("+++ new"), "{}", text.stdout);
    assert!(text.stdout.lines().any(|l| l.starts_with('+') && l.contains("arn:aws:s3:::thumbs")), "{}", text.stdout);
    dry.splice(0..0, ["--output".to_owned(), "json".to_owned()]);
    let plan = run(&dry).expect(0).json();
    let change = &plan["policy_change"];
    assert_eq!(change["change"], "replaced", "{plan:#}");
    assert!(change["current"]["Statement"].is_array(), "the attached document, as JSON: {plan:#}");
    let diff = change["diff"].as_str().unwrap();
    assert!(diff.lines().any(|l| l.starts_with('+') && l.contains("\"arn:aws:s3:::thumbs\"")), "{plan:#}");
    assert!(!diff.lines().any(|l| l.starts_with('-') && l.contains("thumbs")), "{plan:#}");
    assert_eq!(planned_iam_writes(&plan), ["PutUserPolicy"], "the stored key is reused: {plan:#}");

    let mark = env.emulator.requests().len();
    run(&setup("photos,thumbs", &["--yes"])).expect(0);
    assert_eq!(iam_writes(&since(&env, mark)), planned_iam_writes(&plan));
}

#[tokio::test]
async fn a_confirmation_that_cannot_be_asked_stops_before_any_write() {
    let env = Sandbox::with_buckets(&["photos", "thumbs"]).await;
    env.run(&["--non-interactive", "setup", "--user-name", "pix-ask", "--bucket", "photos"]).expect(0);
    // The stored key is gone from this machine: the plan needs a new key *and* a policy replacement.
    env.run(&["keys", "delete", "--user-name", "pix-ask", "--yes"]).expect(0);
    let keys = env.key_ids("pix-ask").await;
    let policy = env.policy("pix-ask", "pixelshift_access").await;

    let mark = env.emulator.requests().len();
    let refused = env.run(&["--non-interactive", "setup", "--user-name", "pix-ask", "--bucket", "photos,thumbs"]);
    let refused = refused.expect(2);
    assert!(refused.stderr.contains("pass --yes"), "{}", refused.stderr);
    assert!(refused.stderr.contains("--- attached now"), "the diff is shown first:\n{}", refused.stderr);
    let after = since(&env, mark);
    assert_eq!(iam_writes(&after), Vec::<String>::new(), "no IAM write: {after:?}");
    let s3_writes: Vec<&Request> = after
        .iter()
        .filter(|r| r.service == "s3" && (r.action.starts_with("Put") || r.action.starts_with("Delete")))
        .collect();
    assert!(s3_writes.is_empty(), "no S3 write either: {s3_writes:?}");
    assert_eq!(env.key_ids("pix-ask").await, keys, "no key slot used up");
    assert_eq!(env.policy("pix-ask", "pixelshift_access").await, policy);
}
