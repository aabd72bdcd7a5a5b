//! One bucket's checks: its region, then list and put together, then get, then delete, each call
//! retried with back-off while IAM's answer may still be propagation (see the parent module).

use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{Bucket, PROBE_DIR, Shared, random_hex};
use crate::aws::s3::{Failure, S3};
use crate::domain::policy::Access;
use crate::domain::verify::{BucketFacts, Check, Outcome, Refusal, Retention, region_of_location};
use crate::report::verify::{BucketReport, CheckResult};

const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Short enough that a key which starts working is noticed within two seconds.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// Runs `call` until it succeeds, fails for good, or `--wait` runs out. Unknown-key answers are
/// always retried; refusals only until some check has succeeded (see the module docs).
async fn attempt<T, F, Fut>(shared: &Probe<'_>, mut call: F) -> Result<T, Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let mut backoff = FIRST_BACKOFF;
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return Err(Failure {
                kind: Refusal::Other,
                code: "Interrupted".to_owned(),
                message: "interrupted".to_owned(),
            });
        }
        let answer = call().await;
        let kind = answer.as_ref().err().map(|f| f.kind);
        if kind != Some(Refusal::UnknownKey) && kind != Some(Refusal::Transient) {
            shared.key_seen.store(true, Ordering::SeqCst);
        }
        let failure = match answer {
            Ok(value) => {
                shared.policy_seen.store(true, Ordering::SeqCst);
                return Ok(value);
            }
            Err(failure) => failure,
        };
        let waiting = match failure.kind {
            Refusal::UnknownKey => {
                *shared.unknown_key.lock().expect("code") = Some(failure.code.clone());
                "Waiting for the new access key to become valid in IAM".to_owned()
            }
            Refusal::Denied if shared.patient && !shared.policy_seen.load(Ordering::SeqCst) => {
                format!("Waiting for IAM to apply the policy: {}", failure.code)
            }
            // Throttling, a 5xx, a reset: no answer about access yet, so ask again.
            Refusal::Transient => format!("AWS did not answer ({}); trying again", failure.code),
            _ => return Err(failure),
        };
        let now = Instant::now();
        if now >= shared.deadline {
            return Err(failure);
        }
        shared.spinner.set_message(format!(
            "{waiting} ({} s of {} s)",
            shared.started.elapsed().as_secs(),
            shared.wait.as_secs()
        ));
        tokio::time::sleep(backoff.min(shared.deadline - now)).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

fn outcome<T>(answer: &Result<T, Failure>) -> Outcome {
    match answer {
        Ok(_) => Outcome::Allowed,
        Err(f) if matches!(f.kind, Refusal::Denied | Refusal::UnknownKey) => Outcome::Denied(f.code.clone()),
        Err(f) if f.kind == Refusal::Transient => Outcome::Unreachable(f.code.clone()),
        Err(f) => Outcome::Error(f.code.clone()),
    }
}

/// A bucket whose checks could not run because the key never became valid.
fn skipped(bucket: &str, access: Access, code: &str) -> BucketReport {
    let checks = Check::ALL
        .iter()
        .map(|&check| CheckResult {
            check,
            expected: check.expected(access),
            outcome: Outcome::Skipped(code.to_owned()),
        })
        .collect();
    BucketReport { bucket: bucket.to_owned(), region: None, missing: None, granted: None, checks }
}

fn missing(bucket: &str, code: &str, region: Option<String>) -> BucketReport {
    BucketReport {
        bucket: bucket.to_owned(),
        region,
        missing: Some(code.to_owned()),
        granted: None,
        checks: Vec::new(),
    }
}

/// The key never became valid within `--wait`: S3 still does not know it.
fn gave_up_on_key(shared: &Probe<'_>, failure: &Failure) -> bool {
    failure.kind == Refusal::UnknownKey && !shared.key_seen.load(Ordering::SeqCst) && Instant::now() >= shared.deadline
}

/// One bucket's view of what the checks share: whether its refusals may still be propagation.
struct Probe<'a> {
    shared: &'a Shared,
    /// The policy grants the bucket (or may): a refusal is retried within `--wait`.
    patient: bool,
}

impl std::ops::Deref for Probe<'_> {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        self.shared
    }
}

pub(super) async fn check_bucket(shared: &Shared, bucket: Bucket) -> BucketReport {
    let Bucket { name, region, granted, facts } = bucket;
    let probe = Probe { shared, patient: granted != Some(false) };
    BucketReport { granted, ..Box::pin(probe_bucket(&probe, name, region, facts)).await }
}

async fn probe_bucket(
    shared: &Probe<'_>,
    bucket: String,
    region: Option<String>,
    facts: Option<BucketFacts>,
) -> BucketReport {
    let region = if let Some(region) = region {
        region
    } else {
        // GetBucketLocation is granted by the policy (HeadBucket is not an IAM action on AWS, where
        // it is authorized as s3:ListBucket); S3 also names the region in the `x-amz-bucket-region`
        // header of a HEAD, even a refused one.
        let home = shared.session.s3(None);
        match attempt(shared, || home.bucket_location(&bucket)).await {
            Ok(constraint) => region_of_location(constraint.as_deref()),
            Err(f) if f.kind == Refusal::NoSuchBucket => return missing(&bucket, &f.code, None),
            Err(f) if gave_up_on_key(shared, &f) => return skipped(&bucket, shared.access, &f.code),
            Err(_) => home.head_bucket_region(&bucket).await.unwrap_or_else(|| shared.session.default_region()),
        }
    };
    let client = shared.session.s3(Some(&region));
    let facts = match (facts, &shared.admin) {
        (Some(facts), _) => facts,
        (None, Some(admin)) => super::facts_of(&admin.in_region(&region), &bucket).await.unwrap_or_default(),
        (None, None) => BucketFacts::default(),
    };
    if facts.versioned {
        shared.versioned.lock().expect("versioned list").push((region.clone(), bucket.clone()));
    }
    let prefix = shared.prefix.as_deref();
    let key = format!("{}{PROBE_DIR}{}", prefix.unwrap_or_default(), random_hex());
    if let Some(retention) = facts.retention {
        if !shared.probe_locked {
            return locked(shared, &client, bucket, region, retention).await;
        }
        // Written anyway (--probe-locked): its version stays until the retention ends; said at the end.
        shared.kept.lock().expect("kept list").push((format!("s3://{bucket}/{key}"), retention));
    }
    let body = format!("pixelshift-aws verify probe {key}\n").into_bytes();
    shared.probes.lock().expect("probe list").push((region.clone(), bucket.clone(), key.clone()));
    shared.chosen.lock().expect("probe list").push((region.clone(), bucket.clone(), key.clone()));

    // Listing and writing do not depend on each other: one round trip for both.
    let (listed, written) = tokio::join!(
        attempt(shared, || client.list_one(&bucket, prefix)),
        attempt(shared, || client.put(&bucket, &key, &body))
    );
    for failure in [listed.as_ref().err(), written.as_ref().err()].into_iter().flatten() {
        if failure.kind == Refusal::NoSuchBucket {
            shared.probes.lock().expect("probe list").retain(|(_, b, k)| !(*b == bucket && *k == key));
            return missing(&bucket, &failure.code, Some(region));
        }
        if gave_up_on_key(shared, failure) {
            return BucketReport { region: Some(region), ..skipped(&bucket, shared.access, &failure.code) };
        }
    }

    let read = if written.is_ok() {
        match attempt(shared, || client.get(&bucket, &key, None)).await {
            Ok(bytes) if bytes == body => Outcome::Allowed,
            Ok(_) => Outcome::Error("ContentMismatch".to_owned()),
            answer => outcome(&answer),
        }
    } else {
        read_without_probe(shared, &client, &bucket, &key, listed.as_ref().ok().cloned().flatten()).await
    };
    let deleted = attempt(shared, || client.delete(&bucket, &key)).await;
    if deleted.is_ok() {
        shared.probes.lock().expect("probe list").retain(|(_, b, k)| !(*b == bucket && *k == key));
    }
    let results = [
        (Check::List, outcome(&listed)),
        (Check::Read, read),
        (Check::Write, outcome(&written)),
        (Check::Delete, outcome(&deleted)),
    ];
    let checks = results
        .into_iter()
        .map(|(check, outcome)| CheckResult { check, expected: check.expected(shared.access), outcome })
        .collect();
    BucketReport { bucket, region: Some(region), missing: None, granted: None, checks }
}

/// A bucket with an Object Lock default retention: a probe written there could not be removed until
/// the retention ends, so only list and read are checked; write and delete are reported untested.
async fn locked(shared: &Probe<'_>, client: &S3, bucket: String, region: String, retention: Retention) -> BucketReport {
    let prefix = shared.prefix.as_deref();
    let missing_key = format!("{}{PROBE_DIR}{}", prefix.unwrap_or_default(), random_hex());
    let listed = attempt(shared, || client.list_one(&bucket, prefix)).await;
    let read = read_without_probe(shared, client, &bucket, &missing_key, listed.as_ref().ok().cloned().flatten()).await;
    let why = retention.to_string();
    shared.locked.lock().expect("locked list").push((bucket.clone(), retention));
    let results = [
        (Check::List, outcome(&listed)),
        (Check::Read, read),
        (Check::Write, Outcome::Untested(why.clone())),
        (Check::Delete, Outcome::Untested(why)),
    ];
    let checks = results
        .into_iter()
        .map(|(check, outcome)| CheckResult { check, expected: check.expected(shared.access), outcome })
        .collect();
    BucketReport { bucket, region: Some(region), missing: None, granted: None, checks }
}

/// Read permission without an object of our own: S3 answers `NoSuchKey` for a missing key only to
/// a principal allowed to read (and list) it, `AccessDenied` otherwise. Under a prefix policy the
/// list permission is conditional, so there a one-byte ranged read of an object the listing showed
/// is the only honest test — it changes nothing.
async fn read_without_probe(
    shared: &Probe<'_>,
    client: &S3,
    bucket: &str,
    missing_key: &str,
    listed: Option<String>,
) -> Outcome {
    if shared.prefix.is_some() {
        return match listed {
            Some(existing) => outcome(&attempt(shared, || client.get(bucket, &existing, Some("bytes=0-0"))).await),
            None => Outcome::Untested("NothingToRead".to_owned()),
        };
    }
    let answer = attempt(shared, || async {
        match client.get(bucket, missing_key, None).await {
            Err(f) if f.kind == Refusal::NoSuchKey => Ok(()),
            other => other.map(drop),
        }
    })
    .await;
    outcome(&answer)
}
