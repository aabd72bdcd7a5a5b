//! Production buckets are rarely plain (issue #19): in a versioned bucket the probes leave no version
//! and no delete marker behind, a bucket with an Object Lock default retention gets no probe at all
//! unless asked, and a bucket encrypted with a customer-managed KMS key gets the one KMS statement
//! S3 needs — against the emulator's own versioning, Object Lock, bucket encryption and KMS (which
//! does not enforce KMS: the statement is checked as written, the way AWS documents it).

use aws_sdk_s3::types::{
    BucketVersioningStatus, DefaultRetention, ObjectLockConfiguration, ObjectLockEnabled, ObjectLockRetentionMode,
    ObjectLockRule, ServerSideEncryption, ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration,
    ServerSideEncryptionRule, VersioningConfiguration,
};

use crate::support::sandbox::Sandbox;

const PROBES: &str = ".pixelshift-verify/";

async fn versioned_bucket(env: &Sandbox, name: &str) {
    env.emulator.create_bucket(name).await;
    let s3 = env.emulator.s3(&env.emulator.admin).await;
    let on = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    s3.put_bucket_versioning().bucket(name).versioning_configuration(on).send().await.unwrap();
}

async fn locked_bucket(env: &Sandbox, name: &str) {
    let s3 = env.emulator.s3(&env.emulator.admin).await;
    s3.create_bucket().bucket(name).object_lock_enabled_for_bucket(true).send().await.unwrap();
    let retention = DefaultRetention::builder().mode(ObjectLockRetentionMode::Compliance).days(1).build();
    let config = ObjectLockConfiguration::builder()
        .object_lock_enabled(ObjectLockEnabled::Enabled)
        .rule(ObjectLockRule::builder().default_retention(retention).build())
        .build();
    s3.put_object_lock_configuration().bucket(name).object_lock_configuration(config).send().await.unwrap();
}

/// Every version and delete marker under the probe folder.
async fn probe_versions(env: &Sandbox, bucket: &str) -> Vec<String> {
    let s3 = env.emulator.s3(&env.emulator.admin).await;
    let out = s3.list_object_versions().bucket(bucket).prefix(PROBES).send().await.unwrap();
    let versions = out.versions().iter().map(|v| format!("version {}", v.key().unwrap_or_default()));
    let markers = out.delete_markers().iter().map(|m| format!("delete marker {}", m.key().unwrap_or_default()));
    versions.chain(markers).collect()
}

#[tokio::test]
async fn a_versioned_bucket_keeps_no_probe_version_or_delete_marker() {
    let env = Sandbox::start();
    versioned_bucket(&env, "versioned").await;
    let user = "pix-versioned";
    let setup = env.run(&["--non-interactive", "setup", "--user-name", user, "--bucket", "versioned"]).expect(0);
    assert!(setup.stderr.contains("bucket `versioned` keeps versions"), "{}", setup.stderr);
    assert_eq!(probe_versions(&env, "versioned").await, Vec::<String>::new(), "after setup");
    for _ in 0..2 {
        env.run(&["verify", "--user-name", user]).expect(0);
    }
    assert_eq!(probe_versions(&env, "versioned").await, Vec::<String>::new(), "after two verifies");
    env.run(&["--non-interactive", "rotate-keys", "--user-name", user]).expect(0);
    assert_eq!(probe_versions(&env, "versioned").await, Vec::<String>::new(), "after rotate-keys");
}

#[tokio::test]
async fn an_object_lock_bucket_gets_no_probe_unless_asked() {
    let env = Sandbox::start();
    locked_bucket(&env, "locked").await;
    let user = "pix-locked-bucket";
    // The dry run's plan says what the bucket is, in JSON too.
    let dry =
        ["--output", "json", "--non-interactive", "setup", "--user-name", user, "--bucket", "locked", "--dry-run"];
    let plan = env.run(&dry).expect(0).json();
    assert_eq!(plan["buckets"][0]["object_lock"], "Object Lock retention 1 day (COMPLIANCE)", "{plan:#}");
    assert_eq!(plan["buckets"][0]["versioned"], true, "Object Lock buckets keep versions: {plan:#}");
    let setup = env.run(&["--non-interactive", "setup", "--user-name", user, "--bucket", "locked"]).expect(0);
    assert!(setup.stderr.contains("has an Object Lock retention 1 day (COMPLIANCE)"), "{}", setup.stderr);
    assert!(setup.stdout.contains("untested (Object Lock retention 1 day (COMPLIANCE))"), "{}", setup.stdout);
    assert!(setup.stderr.contains("write and delete were not tested in `locked`"), "{}", setup.stderr);
    assert_eq!(probe_versions(&env, "locked").await, Vec::<String>::new(), "no probe was written");

    let doc = env.run(&["--output", "json", "verify", "--user-name", user]).expect(0).json();
    let checks = &doc["buckets"][0]["checks"];
    assert!(checks.to_string().contains("Object Lock retention 1 day"), "{doc:#}");

    let forced = env.run(&["verify", "--user-name", user, "--probe-locked"]);
    assert!(
        forced.stderr.contains("stays as a locked version until its Object Lock retention 1 day"),
        "{}",
        forced.stderr
    );
    assert!(!probe_versions(&env, "locked").await.is_empty(), "--probe-locked wrote a probe, which stays");
}

async fn kms_key(env: &Sandbox, alias: &str) -> String {
    let kms = aws_sdk_kms::Client::new(&env.emulator.sdk_config(&env.emulator.admin).await);
    let made = kms.create_key().description("pixelshift test").send().await.unwrap();
    let metadata = made.key_metadata().unwrap();
    kms.create_alias().alias_name(alias).target_key_id(metadata.key_id()).send().await.unwrap();
    metadata.arn().unwrap().to_owned()
}

async fn encrypted_bucket(env: &Sandbox, name: &str, algorithm: ServerSideEncryption, key: Option<&str>) {
    env.emulator.create_bucket(name).await;
    let s3 = env.emulator.s3(&env.emulator.admin).await;
    let default =
        ServerSideEncryptionByDefault::builder().sse_algorithm(algorithm).set_kms_master_key_id(key.map(str::to_owned));
    let rule = ServerSideEncryptionRule::builder().apply_server_side_encryption_by_default(default.build().unwrap());
    let config = ServerSideEncryptionConfiguration::builder().rules(rule.build()).build().unwrap();
    s3.put_bucket_encryption().bucket(name).server_side_encryption_configuration(config).send().await.unwrap();
}

/// The statements of the user's inline policy whose actions are KMS's.
async fn kms_statements(env: &Sandbox, user: &str) -> Vec<serde_json::Value> {
    let policy = env.policy(user, "pixelshift_access").await.expect("the policy is attached");
    let statements = policy["Statement"].as_array().unwrap().clone();
    statements.into_iter().filter(|s| s["Action"].to_string().contains("kms:")).collect()
}

#[tokio::test]
async fn a_bucket_encrypted_with_a_customer_key_gets_the_kms_statement_and_others_do_not() {
    let env = Sandbox::start();
    let key_arn = kms_key(&env, "alias/photos-key").await;
    encrypted_bucket(&env, "kms-photos", ServerSideEncryption::AwsKms, Some("alias/photos-key")).await;
    encrypted_bucket(&env, "aws-managed", ServerSideEncryption::AwsKms, Some("alias/aws/s3")).await;
    encrypted_bucket(&env, "sse-s3", ServerSideEncryption::Aes256, None).await;

    let dry = ["--output", "json", "--non-interactive", "setup", "--user-name", "pix-kms", "--bucket", "kms-photos"];
    let plan = env.run(&[&dry[..], &["--dry-run"]].concat()).expect(0).json();
    assert_eq!(plan["buckets"][0]["kms_key"], "alias/photos-key", "{plan:#}");
    assert!(plan["policy"].to_string().contains(&key_arn), "the planned policy has the key's ARN: {plan:#}");
    let setup = env.run(&["--non-interactive", "setup", "--user-name", "pix-kms", "--bucket", "kms-photos"]).expect(0);
    assert!(setup.stderr.contains(&format!("customer-managed KMS key {key_arn}")), "{}", setup.stderr);
    let statements = kms_statements(&env, "pix-kms").await;
    assert_eq!(
        statements,
        [serde_json::json!({
            "Sid": "KmsThroughS3",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": [key_arn],
            "Condition": {"StringEquals": {"kms:ViaService": ["s3.us-east-1.amazonaws.com"]}}
        })],
        "the alias is resolved to the key's ARN, usable through S3 only"
    );
    // status holds the document against what the tool writes, KMS statement included: no finding.
    let status = env.run(&["status", "--user-name", "pix-kms"]);
    assert_eq!(status.code, 0, "status sees the policy as written: {}{}", status.stdout, status.stderr);

    for (user, bucket) in [("pix-aws-managed", "aws-managed"), ("pix-sse-s3", "sse-s3")] {
        env.run(&["--non-interactive", "setup", "--user-name", user, "--bucket", bucket]).expect(0);
        assert_eq!(kms_statements(&env, user).await, Vec::<serde_json::Value>::new(), "{bucket} needs nothing");
    }

    // attach-policy finds the key the same way, read-only gets kms:Decrypt alone.
    let args = [
        "--non-interactive",
        "--yes",
        "attach-policy",
        "--user-name",
        "pix-sse-s3",
        "--bucket",
        "kms-photos",
        "--access",
        "read-only",
    ];
    env.run(&args).expect(0);
    let statements = kms_statements(&env, "pix-sse-s3").await;
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0]["Action"], serde_json::json!(["kms:Decrypt"]));
}

#[test]
fn make_policy_takes_kms_keys_offline() {
    let key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let make = |extra: &[&str]| {
        let mut command = crate::support::bin();
        command.args(["make-policy", "--bucket", "photos"]).args(extra);
        crate::support::run(command)
    };
    let out = make(&["--kms-key", key]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let kms = doc["Statement"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(kms["Resource"], serde_json::json!([key]));
    assert_eq!(kms["Condition"]["StringEquals"]["kms:ViaService"], serde_json::json!(["s3.eu-west-1.amazonaws.com"]));
    let bad = make(&["--kms-key", "alias/photos"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("invalid KMS key `alias/photos`"), "{}", bad.stderr);
}

#[tokio::test]
async fn a_bucket_policy_deny_is_named_by_its_sid() {
    let env = Sandbox::with_buckets(&["bp-a"]).await;
    let user = "pix-bucket-policy";
    env.run(&["--non-interactive", "setup", "--user-name", user, "--bucket", "bp-a"]).expect(0);
    let arn = format!("arn:aws:iam::{}:user/pixelshift-aws/{user}", env.emulator.account_id);
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            // In most production bucket policies; it never applies to the tool's TLS requests.
            "Sid": "TlsOnly",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::bp-a", "arn:aws:s3:::bp-a/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        }, {
            "Sid": "NoWrites",
            "Effect": "Deny",
            "Principal": {"AWS": arn},
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::bp-a/*"
        }]
    });
    let s3 = env.emulator.s3(&env.emulator.admin).await;
    s3.put_bucket_policy().bucket("bp-a").policy(policy.to_string()).send().await.unwrap();
    let checked = env.run(&["verify", "--user-name", user, "--wait", "3"]);
    assert_eq!(checked.code, 3, "{}{}", checked.stdout, checked.stderr);
    assert!(
        checked.stderr.contains("write in `bp-a`: denied by bucket policy statement `NoWrites` of `bp-a`"),
        "{}",
        checked.stderr
    );
    assert!(checked.stderr.contains("change the bucket policy of `bp-a`"), "{}", checked.stderr);
    assert!(!checked.stderr.contains("whether an SCP"), "named, not guessed: {}", checked.stderr);

    // Before any change, the plan names it too: read with the bucket's other facts.
    let planned = env.run(&["--output", "json", "attach-policy", "--user-name", user, "--bucket", "bp-a", "--dry-run"]);
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    assert!(
        planned
            .stderr
            .contains(&format!("the bucket policy of `bp-a` denies s3:PutObject to `{user}` (statement `NoWrites`)")),
        "{}",
        planned.stderr
    );
    let plan: serde_json::Value = serde_json::from_str(&planned.stdout).unwrap();
    assert_eq!(
        plan["buckets"][0]["denied_by"],
        serde_json::json!([{"action": "s3:PutObject", "sid": "NoWrites"}]),
        "{}",
        planned.stdout
    );
    assert!(!planned.stderr.contains("TlsOnly"), "a TLS-only Deny never applies: {}", planned.stderr);
}

/// A bucket policy Deny that singles out the prefix Pixelshift works under is named too: the
/// explanation is held against where verify probed (under the prefix), not the bucket's root.
#[tokio::test]
async fn a_bucket_policy_deny_on_the_prefix_is_named() {
    let env = Sandbox::with_buckets(&["bp-p"]).await;
    let user = "pix-prefix-policy";
    env.run(&["--non-interactive", "setup", "--user-name", user, "--bucket", "bp-p", "--prefix", "img/"]).expect(0);
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "NoImageWrites",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::bp-p/img/*"
        }]
    });
    let s3 = env.emulator.s3(&env.emulator.admin).await;
    s3.put_bucket_policy().bucket("bp-p").policy(policy.to_string()).send().await.unwrap();
    let checked = env.run(&["verify", "--user-name", user, "--wait", "3"]);
    assert_eq!(checked.code, 3, "{}{}", checked.stdout, checked.stderr);
    assert!(
        checked.stderr.contains("write in `bp-p`: denied by bucket policy statement `NoImageWrites` of `bp-p`"),
        "{}",
        checked.stderr
    );
}
