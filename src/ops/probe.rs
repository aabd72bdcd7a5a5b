//! The probe engine behind `verify` and setup's last step: prove, with the Pixelshift user's *own*
//! key, that it can list, read, write and delete in every bucket — exactly the calls Pixelshift
//! makes, every bucket at once, in as few round trips as the checks allow: the region (known from
//! the admin side, or one location call), then list and put together, then get, then delete.
//!
//! IAM is eventually consistent: AWS publishes no number, people observe 8–15 s before a new key
//! works — first every call fails as if the key did not exist (`InvalidAccessKeyId`), then with
//! `AccessDenied` until the policy is visible. Those answers are retried with capped exponential
//! back-off until `--wait` runs out; whether the key ever became valid is read from S3's own
//! answers. A refusal stops being retried once any check has succeeded: the policy is one document,
//! so once part of it is in effect, a refusal elsewhere is the policy's answer, not propagation.
//!
//! Probe objects live under `<prefix>.pixelshift-verify/<random>` and are always deleted — after a
//! failed check, and on a signal — with the admin credentials as a last resort. Nothing else in a
//! bucket is changed; read-only checks read nothing that exists (a missing probe answers `NoSuchKey`
//! only to a principal allowed to read).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::aws::s3::{Failure, S3};
use crate::aws::session::Session;
use crate::cancel::Cancel;
use crate::console::{Console, Spinner};
use crate::domain::policy::Access;
use crate::domain::verify::{Check, Outcome, Refusal, region_of_location};
use crate::error::Error;
use crate::report::verify::{BucketReport, CheckResult, Verification};
use crate::secrets::StoredKey;

/// Where probe objects go, under the policy's prefix.
pub const PROBE_DIR: &str = ".pixelshift-verify/";
/// How long a signal waits for requests in flight before cleaning up anyway.
const IN_FLIGHT: Duration = Duration::from_secs(15);
/// How many buckets are probed at once: all of them, up to this many.
const CONCURRENCY: usize = 64;
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Short enough that a key which starts working is noticed within two seconds.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// A bucket to check, with its region when the admin side already knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    pub region: Option<String>,
    /// Whether the user's policy grants it (`None`: not known). A refusal where the policy grants
    /// access may be the policy still propagating, so it is retried within `--wait`; where the policy
    /// does not grant it, the refusal is the answer at once.
    pub granted: Option<bool>,
}

impl Bucket {
    /// A bucket the policy grants.
    #[must_use]
    pub fn granted(name: &str, region: Option<String>) -> Bucket {
        Bucket { name: name.to_owned(), region, granted: Some(true) }
    }
}

/// What to check: buckets, expected access, the prefix to probe under, and how long to wait.
#[derive(Debug, Clone)]
pub struct Target {
    pub buckets: Vec<Bucket>,
    pub access: Access,
    pub prefix: Option<String>,
    pub wait: Duration,
}

/// What the concurrent bucket checks share.
struct Shared {
    session: Session,
    admin: Option<S3>,
    access: Access,
    prefix: Option<String>,
    wait: Duration,
    started: Instant,
    deadline: Instant,
    /// Some check succeeded: the policy is in effect, so refusals are final.
    policy_seen: AtomicBool,
    /// S3 answered the key with something other than "unknown key": the key is valid.
    key_seen: AtomicBool,
    /// The unknown-key code S3 gave, while it gave one.
    unknown_key: Mutex<Option<String>>,
    /// Probe objects that may exist: (region, bucket, key).
    probes: Mutex<Vec<(String, String, String)>>,
    /// Every probe this run chose, deleted or not: what a clean-up after a signal confirms is gone.
    chosen: Mutex<Vec<(String, String, String)>>,
    /// A signal arrived: calls in flight finish, no new call starts.
    stopping: AtomicBool,
    spinner: Spinner,
}

/// The buckets' regions as the admin sees them (null location → us-east-1), looked up at once;
/// `None` where the admin may not ask (the probe then asks with the user's key).
pub async fn regions(admin: &S3, buckets: &[String]) -> Vec<Bucket> {
    let lookups = buckets.iter().map(|name| async move {
        let region = admin.bucket_location(name).await.ok().map(|c| region_of_location(c.as_deref()));
        Bucket { name: name.clone(), region, granted: None }
    });
    futures_util::future::join_all(lookups).await
}

/// Runs every check of `target` with the session's key, then removes the probes.
/// `Err(Interrupted)` after a signal, with the probes removed.
pub async fn run(
    session: Session,
    admin: Option<S3>,
    key: &StoredKey,
    target: Target,
    out: &Console,
    cancel: &Cancel,
) -> Result<Verification, Error> {
    let started = Instant::now();
    let Target { buckets, access, prefix, wait } = target;
    let count = buckets.len();
    out.info(format_args!(
        "Checking {count} bucket{} as `{}` with its own key {} ({}{})",
        if count == 1 { "" } else { "s" },
        key.user_name,
        key.access_key_id,
        access.as_str(),
        prefix.as_deref().map(|p| format!(", prefix `{p}`")).unwrap_or_default()
    ));
    let shared = Arc::new(Shared {
        session,
        admin,
        access,
        prefix,
        wait,
        started,
        deadline: started.checked_add(wait).unwrap_or(started + Duration::from_hours(24)),
        policy_seen: AtomicBool::new(false),
        key_seen: AtomicBool::new(false),
        unknown_key: Mutex::new(None),
        probes: Mutex::new(Vec::new()),
        chosen: Mutex::new(Vec::new()),
        stopping: AtomicBool::new(false),
        spinner: out.spinner(format!("Checking {count} bucket{}", if count == 1 { "" } else { "s" })),
    });

    // A signal must not skip the clean-up, nor race it: handle it here, and hold off the default
    // stop meanwhile. Requests in flight are let finish (an upload cut off on our side may still
    // complete on S3's, after a delete), then every probe is deleted, then that is confirmed.
    let _shield = cancel.shield();
    let mut checks = tokio::spawn(probe_all(Arc::clone(&shared), buckets));
    let reports = tokio::select! {
        reports = &mut checks => reports.expect("the bucket checks panicked"),
        () = cancel.cancelled() => {
            shared.stopping.store(true, Ordering::SeqCst);
            shared.spinner.finish();
            out.warn("interrupted: waiting for requests in flight, then removing probe objects");
            let _ = tokio::time::timeout(IN_FLIGHT, &mut checks).await;
            clean_up(&shared, out).await;
            confirm_clean(&shared, out).await;
            return Err(Error::Interrupted);
        }
    };
    shared.spinner.finish();
    clean_up(&shared, out).await;
    let never_valid =
        if shared.key_seen.load(Ordering::SeqCst) { None } else { shared.unknown_key.lock().expect("code").clone() };
    let prefix = shared.prefix.clone();
    Ok(Verification { never_valid, reports, waited: started.elapsed(), access, prefix, policy: None })
}

async fn probe_all(shared: Arc<Shared>, buckets: Vec<Bucket>) -> Vec<BucketReport> {
    let limit = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let mut tasks = JoinSet::new();
    for bucket in buckets {
        let (shared, limit) = (Arc::clone(&shared), Arc::clone(&limit));
        tasks.spawn(async move {
            let _slot = limit.acquire_owned().await.expect("the semaphore is never closed");
            check_bucket(&shared, bucket).await
        });
    }
    let mut reports = Vec::new();
    while let Some(done) = tasks.join_next().await {
        reports.push(done.expect("a bucket check panicked"));
    }
    reports.sort_by(|a, b| a.bucket.cmp(&b.bucket));
    reports
}

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

async fn check_bucket(shared: &Shared, bucket: Bucket) -> BucketReport {
    let Bucket { name, region, granted } = bucket;
    let probe = Probe { shared, patient: granted != Some(false) };
    BucketReport { granted, ..probe_bucket(&probe, name, region).await }
}

async fn probe_bucket(shared: &Probe<'_>, bucket: String, region: Option<String>) -> BucketReport {
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
    let prefix = shared.prefix.as_deref();
    let key = format!("{}{PROBE_DIR}{}", prefix.unwrap_or_default(), random_hex());
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

/// Deletes every probe that may still exist: with the user's key, then the admin's.
async fn clean_up(shared: &Shared, out: &Console) {
    let left: Vec<(String, String, String)> = std::mem::take(&mut *shared.probes.lock().expect("probe list"));
    let removals = left.into_iter().map(|(region, bucket, key)| async move {
        if shared.session.s3(Some(&region)).delete(&bucket, &key).await.is_ok() {
            return;
        }
        let by_admin = match &shared.admin {
            Some(admin) => admin.delete(&bucket, &key).await.is_ok(),
            None => false,
        };
        if !by_admin {
            out.warn(format_args!(
                "could not remove the probe object s3://{bucket}/{key}; delete it with `aws s3 rm s3://{bucket}/{key}`"
            ));
        }
    });
    futures_util::future::join_all(removals).await;
}

/// After a signal: lists each bucket's probe folder and deletes again any probe of this run that is
/// still there (an upload S3 completed after the first delete); says exactly what could not be removed.
async fn confirm_clean(shared: &Shared, out: &Console) {
    let chosen = shared.chosen.lock().expect("probe list").clone();
    let folder = format!("{}{PROBE_DIR}", shared.prefix.as_deref().unwrap_or_default());
    let mut buckets: Vec<(String, String)> = chosen.iter().map(|(r, b, _)| (r.clone(), b.clone())).collect();
    buckets.dedup();
    for (region, bucket) in buckets {
        let client = shared.admin.clone().unwrap_or_else(|| shared.session.s3(Some(&region)));
        let Ok(present) = client.list_keys(&bucket, &folder).await else { continue };
        for key in present.iter().filter(|k| chosen.iter().any(|(_, b, c)| *b == bucket && c == *k)) {
            if client.delete(&bucket, key).await.is_err()
                && shared.session.s3(Some(&region)).delete(&bucket, key).await.is_err()
            {
                out.warn(format_args!(
                    "probe object s3://{bucket}/{key} is still there; delete it with `aws s3 rm s3://{bucket}/{key}`"
                ));
            }
        }
    }
}

/// A fresh probe name, 32 hex digits.
fn random_hex() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::BuildHasher;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    // Two independently keyed SipHashes: unique enough for a probe name, no extra dependency.
    let (a, b) = (RandomState::new().hash_one(nanos), RandomState::new().hash_one(nanos));
    format!("{a:016x}{b:016x}")
}

#[cfg(test)]
mod tests {
    use super::random_hex;

    #[test]
    fn probe_names_are_fresh() {
        assert_ne!(random_hex(), random_hex());
        assert_eq!(random_hex().len(), 32);
    }
}
