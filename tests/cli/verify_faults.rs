//! verify's waiting for a new key, against what AWS really does and moto does not: a fresh access key
//! is first unknown (`InvalidAccessKeyId` / `InvalidClientTokenId`), then known but denied
//! (`AccessDenied`) until its policy propagates. The fault proxy (`support/fault_proxy.rs`) plays those
//! windows in front of the emulator; verify must wait through them when they end within `--wait`, give
//! up with the right diagnosis when they do not, and never leave a probe object behind.
//!
//! Time bounds here are generous on purpose: they check that verify gives up, not how fast it is.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::emulator::Emulator;
use crate::support::fault_proxy::{FaultProxy, Outcome};
use crate::support::{Run, run};

const USER: &str = "pix-verify";
const BUCKET: &str = "verify-photos";
/// Where verify writes its probe objects (under `--prefix`, when given).
const PROBE_PREFIX: &str = ".pixelshift-verify/";
/// How far past `--wait` a run may end: process start, the last back-off step, the report.
const SLACK: Duration = Duration::from_secs(15);

/// An emulator with a bucket, and a user made by the tool itself: `create-user` (key in the test
/// session's keyring) and `attach-policy` for the bucket.
struct Setup {
    emulator: Emulator,
    config_home: tempfile::TempDir,
    key_id: String,
}

impl Setup {
    async fn new() -> Setup {
        let emulator = Emulator::start();
        emulator.create_bucket(BUCKET).await;
        let setup = Setup { emulator, config_home: tempfile::tempdir().unwrap(), key_id: String::new() };
        let created = setup.admin(&["--output", "json", "create-user", "--user-name", USER]).expect(0).json();
        let key_id = created["access_key_id"].as_str().expect("create-user reports the key id").to_owned();
        setup.admin(&["attach-policy", "--user-name", USER, "--bucket", BUCKET]).expect(0);
        Setup { key_id, ..setup }
    }

    /// The binary with the admin keys, straight at the emulator.
    fn admin(&self, args: &[&str]) -> Run {
        let mut command = self.emulator.command();
        command.env("XDG_CONFIG_HOME", self.config_home.path()).args(args);
        run(command)
    }

    /// A proxy that plays the new key's windows, starting now.
    fn proxy(&self, invalid_key_for: Duration, access_denied_for: Duration) -> FaultProxy {
        FaultProxy::start(&self.emulator.endpoint, &self.key_id, invalid_key_for, access_denied_for)
    }

    /// `verify --wait <wait>` for the bucket, every call (the admin's too) through `proxy`; with how
    /// long it took.
    fn verify(&self, proxy: &FaultProxy, wait: u64) -> (Run, Duration) {
        let mut command = self.emulator.command();
        let wait = wait.to_string();
        command.env("XDG_CONFIG_HOME", self.config_home.path()).env("AWS_ENDPOINT_URL", &proxy.url).args([
            "--output",
            "json",
            "verify",
            "--user-name",
            USER,
            "--bucket",
            BUCKET,
            "--wait",
            &wait,
        ]);
        let started = Instant::now();
        let run = run(command);
        let took = started.elapsed();
        // Shown when a test fails (or with --nocapture): the report, the diagnosis and what the proxy did.
        eprintln!(
            "verify took {took:?}; proxy faulted {} and forwarded {} requests\nstdout:\n{}\nstderr:\n{}",
            proxy.faulted(),
            proxy.forwarded(),
            run.stdout,
            run.stderr
        );
        (run, took)
    }

    /// Objects verify left in the bucket, as the admin sees them straight from the emulator.
    async fn leftover_probes(&self) -> Vec<String> {
        let s3 = self.emulator.s3(&self.emulator.admin).await;
        let listed = s3.list_objects_v2().bucket(BUCKET).send().await.expect("list the bucket as admin");
        listed
            .contents()
            .iter()
            .filter_map(|object| object.key())
            .filter(|key| key.contains(PROBE_PREFIX))
            .map(str::to_owned)
            .collect()
    }

    /// The proxy saw the user's key get through to the emulator at least once.
    fn user_calls_forwarded(&self, proxy: &FaultProxy) -> usize {
        proxy
            .seen()
            .iter()
            .filter(|seen| seen.key_id.as_deref() == Some(&self.key_id) && seen.outcome == Outcome::Forwarded)
            .count()
    }
}

fn waited(doc: &Value) -> f64 {
    doc["waited_seconds"].as_f64().unwrap_or_else(|| panic!("waited_seconds is a number: {doc:#}"))
}

/// Every check of every bucket passed, and the report says so.
fn assert_all_pass(doc: &Value) {
    assert_eq!(doc["result"], "pass", "{doc:#}");
    assert_eq!(doc["key_valid"], true, "{doc:#}");
    let buckets = doc["buckets"].as_array().expect("buckets is an array");
    assert_eq!(buckets.len(), 1, "{doc:#}");
    assert_eq!(buckets[0]["bucket"], BUCKET);
    assert_eq!(buckets[0]["result"], "pass", "{doc:#}");
    let checks = buckets[0]["checks"].as_array().expect("checks is an array");
    let names: Vec<&str> = checks.iter().map(|check| check["check"].as_str().unwrap()).collect();
    assert_eq!(names, ["list", "read", "write", "delete"], "{doc:#}");
    for check in checks {
        assert_eq!(check["ok"], true, "{doc:#}");
        assert_eq!(check["expected"], "allow", "{doc:#}");
        assert_eq!(check["outcome"], "allowed", "{doc:#}");
    }
}

#[tokio::test]
async fn waits_for_a_new_key_to_become_valid_then_passes() {
    let setup = Setup::new().await;
    let proxy = setup.proxy(Duration::from_secs(4), Duration::ZERO);
    let (run, took) = setup.verify(&proxy, 30);
    let doc = run.expect(0).json();

    assert_all_pass(&doc);
    assert_eq!(doc["access_key_id"], setup.key_id.as_str());
    assert!(waited(&doc) >= 2.5, "verify waited through the invalid-key window: {doc:#}");
    assert!(proxy.faulted() > 0, "the proxy answered some calls with InvalidAccessKeyId");
    assert!(setup.user_calls_forwarded(&proxy) > 0, "the probes reached the emulator after the window");
    assert!(took < Duration::from_secs(30) + SLACK, "took {took:?}");
    assert_eq!(setup.leftover_probes().await, Vec::<String>::new(), "probe objects are cleaned up");
}

#[tokio::test]
async fn gives_up_on_a_key_that_never_becomes_valid() {
    let setup = Setup::new().await;
    let proxy = setup.proxy(Duration::from_mins(2), Duration::ZERO);
    let (run, took) = setup.verify(&proxy, 3);
    let run = run.expect(3);
    let doc = run.json();

    assert!(took < Duration::from_secs(3) + SLACK, "verify gave up after --wait, took {took:?}");
    assert!(proxy.elapsed() < Duration::from_mins(2), "so the key never was valid during the run");
    assert_eq!(doc["result"], "fail", "{doc:#}");
    assert_eq!(doc["key_valid"], false, "{doc:#}");
    assert!(waited(&doc) >= 2.5, "verify used its --wait before giving up: {doc:#}");
    assert!(run.stderr.contains("never became valid"), "stderr:\n{}", run.stderr);
    assert!(proxy.faulted() > 1, "verify retried");
    assert_eq!(setup.user_calls_forwarded(&proxy), 0, "no call with the user's key reached the emulator");
    assert_eq!(setup.leftover_probes().await, Vec::<String>::new());
}

#[tokio::test]
async fn waits_for_s3_to_learn_of_a_key_that_sts_already_accepts() {
    let setup = Setup::new().await;
    let proxy =
        FaultProxy::start_s3_lagging(&setup.emulator.endpoint, &setup.key_id, Duration::from_secs(4), Duration::ZERO);
    let (run, took) = setup.verify(&proxy, 30);
    let doc = run.expect(0).json();

    assert_all_pass(&doc);
    assert!(waited(&doc) >= 2.5, "verify retried S3's InvalidAccessKeyId: {doc:#}");
    let faulted: Vec<_> = proxy.seen().into_iter().filter(|seen| seen.outcome != Outcome::Forwarded).collect();
    assert!(!faulted.is_empty());
    assert!(faulted.iter().all(|seen| seen.service.as_deref() == Some("s3") && seen.outcome == Outcome::InvalidKey));
    assert!(took < Duration::from_secs(30) + SLACK, "took {took:?}");
    assert_eq!(setup.leftover_probes().await, Vec::<String>::new());
}

#[tokio::test]
async fn waits_for_the_policy_to_propagate_then_passes() {
    let setup = Setup::new().await;
    let proxy = setup.proxy(Duration::ZERO, Duration::from_secs(4));
    let (run, took) = setup.verify(&proxy, 30);
    let doc = run.expect(0).json();

    assert_all_pass(&doc);
    assert!(waited(&doc) >= 2.5, "verify waited through the access-denied window: {doc:#}");
    assert!(proxy.faulted() > 0, "the proxy answered some calls with AccessDenied");
    assert!(
        proxy.seen().iter().all(|seen| seen.outcome != Outcome::InvalidKey),
        "only the access-denied phase was played"
    );
    assert!(took < Duration::from_secs(30) + SLACK, "took {took:?}");
    assert_eq!(setup.leftover_probes().await, Vec::<String>::new());
}

#[tokio::test]
async fn gives_up_on_access_that_stays_denied_and_names_what_else_can_deny() {
    let setup = Setup::new().await;
    let proxy = setup.proxy(Duration::ZERO, Duration::from_mins(2));
    let (run, took) = setup.verify(&proxy, 3);
    let run = run.expect(3);
    let doc = run.json();

    assert!(took < Duration::from_secs(3) + SLACK, "took {took:?}");
    assert_eq!(doc["result"], "fail", "{doc:#}");
    assert_eq!(doc["key_valid"], true, "the key itself was accepted (STS knew it): {doc:#}");
    assert_eq!(doc["buckets"][0]["result"], "fail", "{doc:#}");
    let denied = doc["buckets"][0]["checks"].as_array().unwrap().iter().filter(|check| check["outcome"] == "denied");
    assert!(denied.clone().count() > 0, "{doc:#}");
    for check in denied {
        assert_eq!(check["ok"], false);
        assert_eq!(check["code"], "AccessDenied", "AWS's error code is reported: {doc:#}");
    }
    let stderr = run.stderr.to_lowercase();
    assert!(stderr.contains("access was denied"), "stderr:\n{}", run.stderr);
    // The admin side read the bucket policy (none), the boundary (none) and the encryption (no KMS key):
    // what is left is named, once for the bucket, not guessed from a list.
    assert!(
        stderr
            .contains("list, read, write, delete in `verify-photos`: nothing the admin credentials can read denies it"),
        "stderr:\n{}",
        run.stderr
    );
    assert!(stderr.contains("an scp of the organization"), "stderr:\n{}", run.stderr);
    assert_eq!(setup.leftover_probes().await, Vec::<String>::new());
}

/// moto stores a permissions boundary but does not enforce it; AWS does. The proxy plays AWS's
/// refusal, and verify must read the boundary with the admin side and name it for the checks it does
/// not allow — and for the checks it allows, say that nothing readable explains the refusal.
#[tokio::test]
async fn a_refusal_the_permissions_boundary_explains_names_the_boundary() {
    let setup = Setup::new().await;
    let iam = setup.emulator.iam(&setup.emulator.admin).await;
    let reads_only = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]
    });
    let boundary = iam
        .create_policy()
        .policy_name("reads-only-boundary")
        .policy_document(reads_only.to_string())
        .send()
        .await
        .expect("create the boundary policy")
        .policy
        .and_then(|p| p.arn)
        .expect("the boundary's ARN");
    iam.put_user_permissions_boundary().user_name(USER).permissions_boundary(&boundary).send().await.unwrap();

    let proxy = setup.proxy(Duration::ZERO, Duration::from_mins(2));
    let (run, _) = setup.verify(&proxy, 3);
    let run = run.expect(3);
    assert!(
        run.stderr.contains(&format!("write, delete in `{BUCKET}`: not allowed by permissions boundary `{boundary}`")),
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("list, read in `{BUCKET}`: nothing the admin credentials can read denies it")),
        "stderr:\n{}",
        run.stderr
    );
    assert_eq!(setup.leftover_probes().await, Vec::<String>::new());
}
