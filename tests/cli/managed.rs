//! Customer-managed policies against the IAM-enforcing emulator: more buckets than an inline policy
//! holds, split over several managed policies and really evaluated; a changed document as a new
//! default version with IAM's five-version limit kept; switching between inline and managed with
//! exactly one of them left — and never neither — and status, verify and teardown knowing them.

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::primitives::ByteStream;
use serde_json::Value;

use crate::support::emulator::Request;
use crate::support::sandbox::Sandbox;

/// Thirty bucket names of the longest length S3 allows (63), as an image service with one bucket
/// per client has them.
fn long_buckets() -> Vec<String> {
    (0..30).map(|i| format!("client-{i:02}-{}", "x".repeat(53))).collect()
}

/// The user's managed policies under /pixelshift-aws/ (name, ARN), as admin sees them.
async fn attached(env: &Sandbox, user: &str) -> Vec<(String, String)> {
    let out = env.iam().await.list_attached_user_policies().user_name(user).send().await.unwrap();
    out.attached_policies()
        .iter()
        .map(|p| (p.policy_name().unwrap().to_owned(), p.policy_arn().unwrap().to_owned()))
        .collect()
}

async fn inline_names(env: &Sandbox, user: &str) -> Vec<String> {
    env.iam().await.list_user_policies().user_name(user).send().await.unwrap().policy_names().to_vec()
}

/// Every customer-managed policy under the tool's path, by name.
async fn ours_in_account(env: &Sandbox) -> Vec<String> {
    let out = env
        .iam()
        .await
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .path_prefix("/pixelshift-aws/")
        .send()
        .await
        .unwrap();
    let mut names: Vec<String> = out.policies().iter().map(|p| p.policy_name().unwrap().to_owned()).collect();
    names.sort();
    names
}

/// The IAM write actions the emulator saw, in order.
fn iam_writes(env: &Sandbox) -> Vec<String> {
    env.emulator.requests().into_iter().filter(Request::is_iam_write).map(|r| r.action).collect()
}

fn position(actions: &[String], action: &str) -> usize {
    actions.iter().position(|a| a == action).unwrap_or_else(|| panic!("no {action} in {actions:?}"))
}

#[tokio::test]
async fn thirty_long_bucket_names_become_managed_policies_that_really_grant_each_bucket() {
    let env = Sandbox::start();
    let buckets = long_buckets();
    for bucket in &buckets {
        env.emulator.create_bucket(bucket).await;
    }
    env.emulator.create_bucket("unlisted-bucket").await;
    let list = buckets.join(",");

    // Inline refuses before any write, and says what to do instead.
    let refused = env.run(&["--non-interactive", "setup", "--user-name", "pix-many", "--bucket", &list]).expect(2);
    assert!(refused.stderr.contains("over IAM's 2,048-character limit"), "{}", refused.stderr);
    assert!(refused.stderr.contains("--policy-type managed"), "{}", refused.stderr);
    assert!(!env.user_exists("pix-many").await, "nothing was created");

    let args = [
        "--output",
        "json",
        "--non-interactive",
        "setup",
        "--user-name",
        "pix-many",
        "--bucket",
        &list,
        "--prefix",
        "pixelshift/",
        "--policy-type",
        "managed",
    ];
    let run = env.run(&args).expect(0);
    let doc = run.json();
    assert_eq!(doc["policy_type"], "managed", "{doc:#}");
    let names: Vec<&str> = doc["policies"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert_eq!(names, ["pixelshift_access.pix-many", "pixelshift_access.pix-many.2"], "split over two");
    let verified = doc["verify"]["buckets"].as_array().unwrap();
    assert_eq!(verified.len(), 30, "every bucket was probed with the user's own key");

    // Attached, under the tool's path, tagged.
    let mut policies = attached(&env, "pix-many").await;
    policies.sort();
    assert_eq!(policies.len(), 2);
    let iam = env.iam().await;
    for (name, arn) in &policies {
        assert!(arn.ends_with(&format!(":policy/pixelshift-aws/{name}")), "{arn}");
        let policy = iam.get_policy().policy_arn(arn).send().await.unwrap();
        let tags: Vec<(String, String)> =
            policy.policy().unwrap().tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect();
        assert!(tags.contains(&("managed-by".to_owned(), "pixelshift-aws".to_owned())), "{tags:?}");
        assert!(tags.contains(&("pixelshift-aws:user".to_owned(), "pix-many".to_owned())), "{tags:?}");
    }
    assert!(inline_names(&env, "pix-many").await.is_empty());

    // The user's own key, straight at S3: every bucket in either policy is writable under the
    // prefix, and a bucket in neither is not.
    let keys = env.revealed("pix-many");
    let s3 = env.emulator.s3(&keys).await;
    for bucket in [&buckets[0], &buckets[17], &buckets[29]] {
        s3.put_object()
            .bucket(bucket)
            .key("pixelshift/probe.txt")
            .body(ByteStream::from_static(b"x"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{bucket}: {:?}", e.code()));
    }
    let denied = s3
        .put_object()
        .bucket("unlisted-bucket")
        .key("pixelshift/probe.txt")
        .body(ByteStream::from_static(b"x"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(denied.code(), Some("AccessDenied"));

    // verify finds the buckets in the managed policies by itself.
    let verify = env.run(&["--output", "json", "verify", "--user-name", "pix-many"]).expect(0).json();
    assert_eq!(verify["buckets"].as_array().unwrap().len(), 30, "{verify:#}");

    // status sees the policy as the tool's own: nothing to do, no "more access".
    let status = env.run(&["--output", "json", "status", "--user-name", "pix-many"]);
    assert_eq!(status.code, 0, "{}", status.stdout);
    assert_eq!(status.json()["findings"], serde_json::json!([]));

    // list reads the buckets from the managed policies too.
    let listed = env.run(&["--output", "json", "list"]).expect(0).json();
    let row = listed["users"].as_array().unwrap().iter().find(|u| u["user_name"] == "pix-many").unwrap();
    assert_eq!(row["buckets"].as_array().unwrap().len(), 30, "{row:#}");

    // A re-run without --policy-type keeps managed and changes nothing.
    let before = iam_writes(&env).len();
    let rerun: Vec<&str> = args.iter().copied().filter(|a| *a != "--policy-type" && *a != "managed").collect();
    let again = env.run(&rerun).expect(0).json();
    assert_eq!(again["policy_change"], "unchanged", "{again:#}");
    assert_eq!(iam_writes(&env).len(), before, "a converged managed setup writes nothing");

    // teardown removes the managed policies with the user.
    env.run(&["--yes", "teardown", "--user-name", "pix-many"]).expect(0);
    assert!(!env.user_exists("pix-many").await);
    assert_eq!(ours_in_account(&env).await, Vec::<String>::new());
}

#[tokio::test]
async fn six_changes_leave_five_versions_with_the_newest_the_default() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    let setup =
        ["--non-interactive", "setup", "--user-name", "pix-v", "--bucket", "photos", "--policy-type", "managed"];
    env.run(&setup).expect(0);
    let arn = attached(&env, "pix-v").await[0].1.clone();
    let mut last = None;
    for n in 1..=6 {
        let buckets = format!("photos,extra-{n}");
        let run = env.run(&["--yes", "attach-policy", "--user-name", "pix-v", "--bucket", &buckets]).expect(0);
        if n >= 5 {
            assert!(run.stderr.contains("(IAM keeps at most five)"), "change {n}: {}", run.stderr);
        }
        last = Some(format!("extra-{n}"));
    }
    let versions = env.iam().await.list_policy_versions().policy_arn(&arn).send().await.unwrap();
    let versions = versions.versions();
    assert_eq!(versions.len(), 5, "{versions:?}");
    let default = versions.iter().find(|v| v.is_default_version()).unwrap();
    let newest = versions.iter().map(|v| v.version_id().unwrap()).max_by_key(|id| id[1..].parse::<u32>().unwrap());
    assert_eq!(default.version_id(), newest, "the newest version is the default");
    assert_eq!(default.version_id(), Some("v7"), "v1 (setup) plus six changes");
    let document = env
        .iam()
        .await
        .get_policy_version()
        .policy_arn(&arn)
        .version_id(default.version_id().unwrap())
        .send()
        .await
        .unwrap();
    let text = pixelshift_aws::aws::iam::decode_policy_document(document.policy_version().unwrap().document().unwrap());
    assert!(text.contains(&format!("arn:aws:s3:::{}", last.unwrap())), "{text}");
}

#[tokio::test]
async fn switching_inline_to_managed_and_back_leaves_exactly_one_policy_and_never_none() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    env.run(&["--non-interactive", "setup", "--user-name", "pix-sw", "--bucket", "photos"]).expect(0);
    assert_eq!(inline_names(&env, "pix-sw").await, ["pixelshift_access"]);
    assert!(attached(&env, "pix-sw").await.is_empty());

    // To managed: the plan says so, then creates and attaches before removing the inline policy.
    let dry = ["attach-policy", "--dry-run", "--user-name", "pix-sw", "--bucket", "photos", "--policy-type", "managed"];
    let dry = env.run(&dry).expect(0);
    assert!(dry.stdout.contains("iam:DeleteUserPolicy pix-sw pixelshift_access"), "{}", dry.stdout);
    assert!(inline_names(&env, "pix-sw").await == ["pixelshift_access"], "the dry run changed nothing");
    let mark = iam_writes(&env).len();
    let run = env.run(&[
        "--output",
        "json",
        "attach-policy",
        "--user-name",
        "pix-sw",
        "--bucket",
        "photos",
        "--policy-type",
        "managed",
    ]);
    let doc = run.expect(0).json();
    assert_eq!(doc["change"], "switched", "{doc:#}");
    let writes = iam_writes(&env)[mark..].to_vec();
    assert_eq!(writes, ["CreatePolicy", "AttachUserPolicy", "DeleteUserPolicy"]);
    assert!(inline_names(&env, "pix-sw").await.is_empty());
    let managed = attached(&env, "pix-sw").await;
    assert_eq!(managed.len(), 1, "{managed:?}");
    env.run(&["verify", "--user-name", "pix-sw"]).expect(0);

    // And back: the inline policy is put before the managed one is detached and deleted.
    let mark = iam_writes(&env).len();
    let run = env.run(&[
        "--output",
        "json",
        "attach-policy",
        "--user-name",
        "pix-sw",
        "--bucket",
        "photos",
        "--policy-type",
        "inline",
    ]);
    assert_eq!(run.expect(0).json()["change"], "switched");
    let writes = iam_writes(&env)[mark..].to_vec();
    assert!(position(&writes, "PutUserPolicy") < position(&writes, "DetachUserPolicy"), "{writes:?}");
    assert_eq!(writes.last().map(String::as_str), Some("DeletePolicy"), "{writes:?}");
    assert_eq!(inline_names(&env, "pix-sw").await, ["pixelshift_access"]);
    assert!(attached(&env, "pix-sw").await.is_empty());
    assert_eq!(ours_in_account(&env).await, Vec::<String>::new(), "the managed policy is gone, not just detached");
    env.run(&["verify", "--user-name", "pix-sw"]).expect(0);
}

#[tokio::test]
async fn a_managed_name_attached_to_someone_else_is_refused_before_any_write() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    // User `pix.2`'s policy is named exactly like user `pix`'s second part would be.
    env.run(&[
        "--non-interactive",
        "setup",
        "--user-name",
        "pix.2",
        "--bucket",
        "photos",
        "--policy-type",
        "managed",
        "--no-verify",
    ])
    .expect(0);
    assert_eq!(attached(&env, "pix.2").await[0].0, "pixelshift_access.pix.2");
    // Enough buckets for two parts.
    let buckets: Vec<String> = (0..40).map(|i| format!("b{i:02}-{}", "y".repeat(56))).collect();
    let mark = iam_writes(&env).len();
    let run = env
        .run(&[
            "--non-interactive",
            "setup",
            "--user-name",
            "pix",
            "--bucket",
            &buckets.join(","),
            "--policy-type",
            "managed",
            "--no-verify",
        ])
        .expect(1);
    assert!(run.stderr.contains("`pixelshift_access.pix.2`"), "{}", run.stderr);
    assert!(run.stderr.contains("attached to another user"), "{}", run.stderr);
    assert_eq!(iam_writes(&env).len(), mark, "refused before any write");
    let value: Value = env.run(&["--output", "json", "status", "--user-name", "pix.2"]).json();
    assert_eq!(value["findings"], serde_json::json!([]), "the other user's policy is untouched");
}

#[tokio::test]
async fn a_failed_attach_rolls_back_the_managed_policy_it_created_or_resumes() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    let limited = env.emulator.admin_denied("iam:AttachUserPolicy").await;
    let args =
        ["--non-interactive", "setup", "--user-name", "pix-undo", "--bucket", "photos", "--policy-type", "managed"];

    let mut rollback = args.to_vec();
    rollback.push("--rollback-on-failure");
    let rolled = env.run_as(&limited, &rollback).expect(1);
    assert!(rolled.stderr.contains("iam:AttachUserPolicy"), "{}", rolled.stderr);
    assert!(rolled.stderr.contains("deleted managed policy `pixelshift_access.pix-undo`"), "{}", rolled.stderr);
    assert!(!env.user_exists("pix-undo").await);
    assert_eq!(ours_in_account(&env).await, Vec::<String>::new(), "nothing left behind");

    // Without rollback the policy stays, unattached; the resumed run attaches it rather than
    // tripping over its name.
    let failed = env.run_as(&limited, &args).expect(1);
    assert!(failed.stderr.contains("managed policy `pixelshift_access.pix-undo`"), "{}", failed.stderr);
    assert!(failed.stderr.contains("--policy-type managed"), "the resume command keeps the type: {}", failed.stderr);
    assert_eq!(ours_in_account(&env).await, ["pixelshift_access.pix-undo"]);
    let mark = iam_writes(&env).len();
    env.run(&args).expect(0);
    assert_eq!(iam_writes(&env)[mark..], ["AttachUserPolicy"], "the left-over policy is reused");
    assert_eq!(attached(&env, "pix-undo").await.len(), 1);
}
