//! The plan is the program: what setup decides before its first write is exactly what it then does,
//! and it reads the account once. Counted from the emulator's own log of every request it answered.

use serde_json::Value;

use crate::support::emulator::Request;
use crate::support::sandbox::Sandbox;
use crate::support::writes;

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
    // Per bucket: the admin's location, versioning, Object Lock, encryption and bucket policy reads
    // (one round trip), then the user's own list, put, get and delete; and once, the new key's
    // readiness check.
    let objects = s3(&new_user);
    assert!(
        objects.len() <= 9 * buckets.len() + 1,
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
    assert!(objects.len() <= 9 * buckets.len(), "{objects:?}");
    let admin_s3_writes: Vec<&Request> = rerun
        .iter()
        .filter(|r| r.service == "s3" && r.key == env.emulator.admin.access_key_id)
        .filter(|r| {
            // The admin reads what decides how buckets are probed; it writes nothing to them.
            ![
                "GetBucketLocation",
                "GetBucketVersioning",
                "GetObjectLockConfiguration",
                "GetBucketEncryption",
                "GetBucketPolicy",
            ]
            .contains(&r.action.as_str())
        })
        .collect();
    assert!(admin_s3_writes.is_empty(), "only the user's own probes touch the buckets: {admin_s3_writes:?}");
}

/// `setup --dry-run --output json` for `pix-plan` on `buckets`, then the same setup for real: asserts
/// that the real run made exactly the plan's AWS writes, in its order (support/writes.rs), and that
/// a new key ended up stored; returns the plan.
async fn dry_run_then_run(env: &Sandbox, buckets: &str, extra: &[&str]) -> Value {
    let setup = ["--non-interactive", "setup", "--user-name", "pix-plan", "--bucket", buckets];
    let mut dry = vec!["--output", "json"];
    dry.extend(setup);
    dry.extend(extra);
    dry.push("--dry-run");
    let plan = env.run(&dry).expect(0).json();
    assert_eq!(plan["dry_run"], true, "{plan:#}");

    let mut real: Vec<&str> = setup.to_vec();
    real.extend(extra);
    real.push("--yes");
    let mark = env.emulator.requests().len();
    env.run(&real).expect(0);
    let local = writes::assert_the_run_did_the_plan(&plan, &since(env, mark), &env.emulator.admin.access_key_id);

    // The local steps, on this machine: none but verify for this one user, whose key is in the
    // keyring from its first run on; a new key is the one stored.
    assert!(local.iter().all(|step| step == "verify"), "a local copy planned: {local:?}\n{plan:#}");
    let shown = env.run(&["--output", "json", "keys", "show", "--user-name", "pix-plan"]).expect(0).json();
    assert_eq!(env.key_ids("pix-plan").await, [shown["access_key_id"].as_str().unwrap()], "{shown:#}");
    plan
}

#[tokio::test]
async fn setup_makes_exactly_the_writes_its_dry_run_plans_in_the_planned_order() {
    let env = Sandbox::with_buckets(&["photos", "thumbs"]).await;

    // A new user: the user, then its key and its inline policy.
    let plan = dry_run_then_run(&env, "photos", &[]).await;
    assert_eq!(plan["changes"], 3, "{plan:#}");
    let (planned, _) = writes::planned(&plan);
    let actions: Vec<&str> = planned.iter().map(|(action, _)| action.as_str()).collect();
    assert_eq!(actions, ["CreateUser", "CreateAccessKey", "PutUserPolicy"], "{plan:#}");
    assert_eq!(planned[2].1, "pix-plan pixelshift_access");

    // A changed bucket list: the dry run shows the policy change as a diff, text and JSON alike.
    let text = env
        .run(&["--non-interactive", "setup", "--user-name", "pix-plan", "--bucket", "photos,thumbs", "--dry-run"])
        .expect(0);
    assert!(
        text.stdout.lines().any(|l| l.starts_with("iam:PutUserPolicy pix-plan pixelshift_access")),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("--- attached now") && text.stdout.contains("+++ new"), "{}", text.stdout);
    assert!(text.stdout.lines().any(|l| l.starts_with('+') && l.contains("arn:aws:s3:::thumbs")), "{}", text.stdout);
    let plan = dry_run_then_run(&env, "photos,thumbs", &[]).await;
    let change = &plan["policy_change"];
    assert_eq!(change["change"], "replaced", "{plan:#}");
    assert!(change["current"]["Statement"].is_array(), "the attached document, as JSON: {plan:#}");
    let diff = change["diff"].as_str().unwrap();
    assert!(diff.lines().any(|l| l.starts_with('+') && l.contains("\"arn:aws:s3:::thumbs\"")), "{plan:#}");
    assert!(!diff.lines().any(|l| l.starts_with('-') && l.contains("thumbs")), "{plan:#}");
    let (planned, _) = writes::planned(&plan);
    assert_eq!(planned, [("PutUserPolicy".to_owned(), "pix-plan pixelshift_access".to_owned())], "key reused");

    // To managed policies: created and attached before the inline policy is removed, in that order.
    let plan = dry_run_then_run(&env, "photos,thumbs", &["--policy-type", "managed"]).await;
    let (planned, _) = writes::planned(&plan);
    let actions: Vec<&str> = planned.iter().map(|(action, _)| action.as_str()).collect();
    assert_eq!(actions, ["CreatePolicy", "AttachUserPolicy", "DeleteUserPolicy"], "{plan:#}");

    // Converged: nothing planned, nothing written.
    let plan = dry_run_then_run(&env, "photos,thumbs", &[]).await;
    assert_eq!(writes::planned(&plan).0, Vec::<writes::Write>::new(), "{plan:#}");
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
