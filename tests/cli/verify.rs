//! verify against the IAM-enforcing emulator, with the key create-user stored in the real keyring.

use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use serde_json::Value;

use crate::support::sandbox::Sandbox;
use crate::support::{Run, run};

/// A sandbox with the given buckets, and user `pix` created by the tool itself.
struct Env(Sandbox);

impl std::ops::Deref for Env {
    type Target = Sandbox;
    fn deref(&self) -> &Sandbox {
        &self.0
    }
}

impl Env {
    async fn new(buckets: &[&str]) -> Env {
        let env = Env(Sandbox::with_buckets(buckets).await);
        env.run(&["create-user", "--user-name", "pix"]).expect(0);
        env
    }

    fn verify(&self, args: &[&str]) -> Run {
        let mut all = vec!["--output", "json", "verify", "--user-name", "pix"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    async fn probes_left(&self, bucket: &str) -> Vec<String> {
        let admin = self.emulator.s3(&self.emulator.admin).await;
        let listing = admin.list_objects_v2().bucket(bucket).send().await.unwrap();
        listing
            .contents()
            .iter()
            .filter_map(|o| o.key())
            .filter(|k| k.contains(".pixelshift-verify/"))
            .map(str::to_owned)
            .collect()
    }
}

fn bucket<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["buckets"].as_array().unwrap().iter().find(|b| b["bucket"] == name).unwrap_or_else(|| panic!("{doc:#}"))
}

fn checks(report: &Value) -> Vec<(String, String, bool)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["check"].as_str().unwrap().to_owned(), c["outcome"].as_str().unwrap().to_owned(), c["ok"] == true))
        .collect()
}

#[tokio::test]
async fn the_granted_bucket_passes_and_nothing_is_left_behind() {
    let env = Env::new(&["photos"]).await;
    env.run(&["attach-policy", "--user-name", "pix", "--bucket", "photos"]).expect(0);

    let doc = env.verify(&[]).expect(0).json();
    assert_eq!(doc["result"], "pass");
    assert_eq!(doc["key_valid"], true);
    assert_eq!(doc["access"], "read-write");
    let photos = bucket(&doc, "photos");
    assert_eq!(photos["region"], "us-east-1");
    assert_eq!(
        checks(photos),
        ["list", "read", "write", "delete"].map(|c| (c.to_owned(), "allowed".to_owned(), true)).to_vec()
    );
    assert!(env.probes_left("photos").await.is_empty());

    let text = env.run(&["verify", "--user-name", "pix"]).expect(0);
    let row = text.stdout.lines().find(|l| l.starts_with("photos")).unwrap();
    assert_eq!(row.split_whitespace().collect::<Vec<_>>(), ["photos", "us-east-1", "✓", "✓", "✓", "✓"]);
}

#[tokio::test]
async fn a_bucket_outside_the_policy_is_denied_and_exits_3() {
    let env = Env::new(&["photos", "private"]).await;
    env.run(&["attach-policy", "--user-name", "pix", "--bucket", "photos"]).expect(0);

    let run = env.verify(&["--bucket", "photos,private", "--wait", "20"]).expect(3);
    let doc = run.json();
    assert_eq!(doc["result"], "fail");
    assert_eq!(bucket(&doc, "photos")["result"], "pass");
    let private = bucket(&doc, "private");
    assert_eq!(private["result"], "fail");
    for (check, outcome, ok) in checks(private) {
        assert_eq!((outcome.as_str(), ok), ("denied", false), "{check}");
    }
    assert_eq!(private["checks"][0]["code"], "AccessDenied");
    assert!(
        doc["waited_seconds"].as_f64().unwrap() < 15.0,
        "once the policy is visible, a refusal is final: no need to wait out --wait"
    );
    assert!(run.stderr.contains("error: bucket `private` is not granted by inline policy"), "{}", run.stderr);
    for b in ["photos", "private"] {
        assert!(env.probes_left(b).await.is_empty(), "{b}");
    }
}

#[tokio::test]
async fn a_bucket_the_policy_does_not_grant_fails_at_once_naming_the_fix() {
    let env = Env::new(&["photos", "private"]).await;
    env.run(&["attach-policy", "--user-name", "pix", "--bucket", "photos"]).expect(0);
    // The default --wait (60 s): a refusal the policy explains is not waited for.
    let started = std::time::Instant::now();
    let run = env.verify(&["--bucket", "private"]).expect(3);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
    let doc = run.json();
    assert_eq!(bucket(&doc, "private")["granted"], false, "{doc:#}");
    assert!(
        run.stderr.contains("bucket `private` is not granted by inline policy `pixelshift_access` of `pix`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("attach-policy --user-name pix --policy-name pixelshift_access --bucket photos,private"),
        "the hint names the bucket and the fix:\n{}",
        run.stderr
    );
    assert!(env.probes_left("private").await.is_empty());
}

#[tokio::test]
async fn a_missing_bucket_is_reported_as_missing() {
    let env = Env::new(&["photos"]).await;
    env.run(&["attach-policy", "--user-name", "pix", "--bucket", "photos,no-such-bucket-here"]).expect(0);
    let run = env.verify(&[]).expect(3);
    let doc = run.json();
    let gone = bucket(&doc, "no-such-bucket-here");
    assert_eq!(gone["result"], "missing");
    assert_eq!(gone["missing"], "NoSuchBucket");
    assert_eq!(bucket(&doc, "photos")["result"], "pass");
}

#[tokio::test]
async fn a_bucket_in_another_region_passes() {
    let env = Env::new(&[]).await;
    let admin = env.emulator.s3(&env.emulator.admin).await;
    admin
        .create_bucket()
        .bucket("photos-eu")
        .create_bucket_configuration(
            CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::EuWest1).build(),
        )
        .send()
        .await
        .unwrap();
    env.run(&["attach-policy", "--user-name", "pix", "--bucket", "photos-eu"]).expect(0);
    let doc = env.verify(&[]).expect(0).json();
    assert_eq!(bucket(&doc, "photos-eu")["region"], "eu-west-1");
    assert!(env.probes_left("photos-eu").await.is_empty());
}

#[tokio::test]
async fn read_only_passes_when_writes_are_denied() {
    let env = Env::new(&["photos"]).await;
    env.run(&["attach-policy", "--user-name", "pix", "--bucket", "photos", "--access", "read-only"]).expect(0);
    let doc = env.verify(&[]).expect(0).json();
    assert_eq!(doc["access"], "read-only", "taken from the attached policy");
    let expected = [("list", "allowed"), ("read", "allowed"), ("write", "denied"), ("delete", "denied")];
    assert_eq!(checks(bucket(&doc, "photos")), expected.map(|(c, o)| (c.to_owned(), o.to_owned(), true)).to_vec());
    assert!(env.probes_left("photos").await.is_empty());

    // Expecting read-write of a read-only user fails.
    env.verify(&["--bucket", "photos", "--access", "read-write", "--wait", "5"]).expect(3);
}

#[tokio::test]
async fn keys_come_from_a_file_or_the_environment_never_argv() {
    let env = Env::new(&["photos"]).await;
    env.run(&["attach-policy", "--user-name", "pix", "--bucket", "photos"]).expect(0);
    let shown = env.run(&["--output", "json", "keys", "show", "--user-name", "pix", "--reveal"]).expect(0).json();
    let (id, secret) = (shown["access_key_id"].as_str().unwrap(), shown["secret_access_key"].as_str().unwrap());

    let mut command = env.emulator.command();
    command.env("AWS_ACCESS_KEY_ID", id).env("AWS_SECRET_ACCESS_KEY", secret).args([
        "--output",
        "json",
        "verify",
        "--user-name",
        "pix",
        "--keys-from-env",
        "--bucket",
        "photos",
    ]);
    let doc = run(command).expect(0).json();
    assert_eq!(doc["access_key_id"], id);

    // Without --bucket the policy must be read, which needs admin credentials from a profile.
    let mut command = env.emulator.command();
    command.args(["verify", "--user-name", "pix", "--keys-from-env"]);
    let refused = run(command).expect(2);
    assert!(refused.stderr.contains("--profile"), "{}", refused.stderr);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("k.json");
    let stored = serde_json::json!({"Version": 1, "AccessKeyId": id, "SecretAccessKey": secret,
        "UserName": "pix", "AccountId": env.emulator.account_id, "CreateDate": ""});
    std::fs::write(&file, stored.to_string()).unwrap();
    let doc = env.verify(&["--keys-file", file.to_str().unwrap()]).expect(0).json();
    assert_eq!(doc["result"], "pass");
}

#[tokio::test]
async fn without_a_stored_key_verify_cannot_run() {
    let env = Env::new(&["photos"]).await;
    let run = env.run(&["verify", "--user-name", "nobody-here", "--bucket", "photos"]).expect(1);
    assert!(run.stderr.contains("no access key is stored for `nobody-here`"), "{}", run.stderr);
}
