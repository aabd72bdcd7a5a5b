//! Production buckets are rarely plain (issue #19): in a versioned bucket the probes leave no version
//! and no delete marker behind, and a bucket with an Object Lock default retention gets no probe at
//! all unless asked — against the emulator's own versioning and Object Lock.

use aws_sdk_s3::types::{
    BucketVersioningStatus, DefaultRetention, ObjectLockConfiguration, ObjectLockEnabled, ObjectLockRetentionMode,
    ObjectLockRule, VersioningConfiguration,
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
