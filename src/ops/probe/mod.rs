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

mod bucket;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::aws::s3::S3;
use crate::aws::session::Session;
use crate::cancel::Cancel;
use crate::console::{Console, Spinner};
use crate::domain::policy::Access;
use crate::domain::verify::{BucketFacts, Refusal, Retention, region_of_location};
use crate::error::Error;
use crate::report::verify::{BucketReport, Verification};
use crate::secrets::StoredKey;
use bucket::check_bucket;

/// Where probe objects go, under the policy's prefix.
pub const PROBE_DIR: &str = ".pixelshift-verify/";
/// A key like the probes' (under the policy's prefix): what a bucket policy is held against when
/// asking whether it refuses verify's — and Pixelshift's — object calls.
#[must_use]
pub fn probe_like(prefix: Option<&str>) -> String {
    format!("{}{PROBE_DIR}probe", prefix.unwrap_or_default())
}
/// How long a signal waits for requests in flight before cleaning up anyway.
const IN_FLIGHT: Duration = Duration::from_secs(15);
/// How many buckets are probed at once: all of them, up to this many.
const CONCURRENCY: usize = 64;

/// A bucket to check, with its region when the admin side already knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    pub region: Option<String>,
    /// Whether the user's policy grants it (`None`: not known). A refusal where the policy grants
    /// access may be the policy still propagating, so it is retried within `--wait`; where the policy
    /// does not grant it, the refusal is the answer at once.
    pub granted: Option<bool>,
    /// Versioning and Object Lock, when the admin side read them already (else the probe reads
    /// them in the bucket's region before writing, when it has the admin credentials).
    pub facts: Option<BucketFacts>,
}

impl Bucket {
    /// A bucket the policy grants.
    #[must_use]
    pub fn granted(name: &str, region: Option<String>) -> Bucket {
        Bucket { name: name.to_owned(), region, granted: Some(true), facts: None }
    }
}

/// What decides how `bucket` is probed and cleaned up, and its policy, read with the admin
/// credentials at once; `Err` when an answer did not come (another region's bucket, a call the admin
/// may not make). A policy the admin may not read is left out: it only informs the plan.
pub async fn facts_of(admin: &S3, bucket: &str) -> Result<BucketFacts, crate::aws::s3::Failure> {
    // Boxed: four SDK calls in one future would be ~20 KiB on every caller's stack.
    let (versioned, retention, kms_key, policy) = tokio::join!(
        Box::pin(admin.versioned(bucket)),
        Box::pin(admin.default_retention(bucket)),
        Box::pin(admin.default_kms_key(bucket)),
        Box::pin(admin.bucket_policy(bucket))
    );
    let policy = policy.ok().flatten().and_then(|text| serde_json::from_str(&text).ok());
    Ok(BucketFacts { versioned: versioned?, retention: retention?, kms_key: kms_key?, policy })
}

/// What to check: buckets, expected access, the prefix to probe under, and how long to wait.
#[derive(Debug, Clone)]
pub struct Target {
    pub buckets: Vec<Bucket>,
    pub access: Access,
    pub prefix: Option<String>,
    pub wait: Duration,
    /// Write probes into buckets with an Object Lock default retention too (they stay until it ends).
    pub probe_locked: bool,
    /// The key was just made: one readiness check waits out its propagation before every bucket is
    /// probed ([`ready`]).
    pub new_key: bool,
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
    probe_locked: bool,
    /// Buckets that keep versions: (region, bucket). Their probes' versions are removed at the end.
    versioned: Mutex<Vec<(String, String)>>,
    /// Buckets not written to because of their Object Lock retention.
    locked: Mutex<Vec<(String, Retention)>>,
    /// Probes written under an Object Lock retention (`--probe-locked`): they stay until it ends.
    kept: Mutex<Vec<(String, Retention)>>,
    spinner: Spinner,
}

/// The buckets' regions as the admin sees them (null location → us-east-1), looked up at once;
/// `None` where the admin may not ask (the probe then asks with the user's key).
pub async fn regions(admin: &S3, buckets: &[String]) -> Vec<Bucket> {
    let lookups = buckets.iter().map(|name| async move {
        let region = admin.bucket_location(name).await.ok().map(|c| region_of_location(c.as_deref()));
        Bucket { name: name.clone(), region, granted: None, facts: None }
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
    let Target { buckets, access, prefix, wait, probe_locked, new_key } = target;
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
        probe_locked,
        versioned: Mutex::new(Vec::new()),
        locked: Mutex::new(Vec::new()),
        kept: Mutex::new(Vec::new()),
        spinner: out.spinner(format!("Checking {count} bucket{}", if count == 1 { "" } else { "s" })),
    });

    // A signal must not skip the clean-up, nor race it: handle it here, and hold off the default
    // stop meanwhile. Requests in flight are let finish (an upload cut off on our side may still
    // complete on S3's, after a delete), then every probe is deleted, then that is confirmed.
    let _shield = cancel.shield();
    let mut checks = tokio::spawn(probe_all(Arc::clone(&shared), buckets, new_key));
    let reports = tokio::select! {
        reports = &mut checks => reports.expect("the bucket checks panicked"),
        () = cancel.cancelled() => {
            shared.stopping.store(true, Ordering::SeqCst);
            shared.spinner.finish();
            out.warn("interrupted: waiting for requests in flight, then removing probe objects");
            let _ = tokio::time::timeout(IN_FLIGHT, &mut checks).await;
            clean_up(&shared, out).await;
            confirm_clean(&shared, out).await;
            purge_versions(&shared, out).await;
            return Err(Error::Interrupted);
        }
    };
    shared.spinner.finish();
    clean_up(&shared, out).await;
    purge_versions(&shared, out).await;
    for (bucket, retention) in shared.locked.lock().expect("locked list").iter() {
        out.note(format_args!(
            "write and delete were not tested in `{bucket}`: a probe object would stay for its {retention}; \
             --probe-locked writes one anyway"
        ));
    }
    for (object, retention) in shared.kept.lock().expect("kept list").iter() {
        out.warn(format_args!(
            "the probe {object} stays as a locked version until its {retention} ends (--probe-locked); nothing can \
             remove it before"
        ));
    }
    let never_valid =
        if shared.key_seen.load(Ordering::SeqCst) { None } else { shared.unknown_key.lock().expect("code").clone() };
    let prefix = shared.prefix.clone();
    Ok(Verification {
        never_valid,
        reports,
        waited: started.elapsed(),
        access,
        prefix,
        policy: None,
        explained: Vec::new(),
    })
}

async fn probe_all(shared: Arc<Shared>, buckets: Vec<Bucket>, new_key: bool) -> Vec<BucketReport> {
    if new_key && let Some(first) = buckets.iter().find(|b| b.granted != Some(false)) {
        ready(&shared, first).await;
    }
    let limit = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let mut tasks = JoinSet::new();
    for bucket in buckets {
        let (shared, limit) = (Arc::clone(&shared), Arc::clone(&limit));
        tasks.spawn(async move {
            let _slot = limit.acquire_owned().await.expect("the semaphore is never closed");
            Box::pin(check_bucket(&shared, bucket)).await
        });
    }
    let mut reports = Vec::new();
    while let Some(done) = tasks.join_next().await {
        reports.push(done.expect("a bucket check panicked"));
    }
    reports.sort_by(|a, b| a.bucket.cmp(&b.bucket));
    reports
}
/// How often the one readiness request asks while a new key is refused.
const READY_POLL: Duration = Duration::from_millis(200);

/// A new key is refused for a while (2–15 s on AWS): first as unknown, then denied while its policy
/// propagates. One request (a one-key listing of the first granted bucket) stands for every bucket
/// while it is refused, asked every [`READY_POLL`]; once it is answered otherwise, every bucket is
/// probed at once. Each bucket polling on its own with back-off would cost more requests, and notice
/// the key working up to two seconds late.
async fn ready(shared: &Shared, first: &Bucket) {
    let client = shared.session.s3(first.region.as_deref());
    loop {
        let now = Instant::now();
        if shared.stopping.load(Ordering::SeqCst) || now >= shared.deadline {
            return;
        }
        let phase = match client.list_one(&first.name, shared.prefix.as_deref()).await {
            Err(f) if f.kind == Refusal::UnknownKey => {
                *shared.unknown_key.lock().expect("code") = Some(f.code.clone());
                "Waiting for the new access key to become valid in IAM"
            }
            Err(f) if f.kind == Refusal::Denied && first.granted == Some(true) => {
                shared.key_seen.store(true, Ordering::SeqCst);
                "Waiting for IAM to apply the policy"
            }
            Err(f) if f.kind == Refusal::Transient => "AWS did not answer; trying again",
            // Allowed, or an answer the buckets' own checks judge (a missing bucket, a redirect).
            _ => return,
        };
        shared.spinner.set_message(format!(
            "{phase} ({} s of {} s)",
            shared.started.elapsed().as_secs(),
            shared.wait.as_secs()
        ));
        tokio::time::sleep(READY_POLL.min(shared.deadline.saturating_duration_since(Instant::now()))).await;
    }
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

/// In a versioned bucket a deleted probe leaves its versions and a delete marker. They are removed
/// for good with the admin credentials (Pixelshift's own policy has no `s3:DeleteObjectVersion`,
/// and is not widened for this); without them, what stayed is named with the commands to remove it.
async fn purge_versions(shared: &Shared, out: &Console) {
    let versioned = shared.versioned.lock().expect("versioned list").clone();
    let chosen = shared.chosen.lock().expect("probe list").clone();
    let kept: Vec<String> = shared.kept.lock().expect("kept list").iter().map(|(o, _)| o.clone()).collect();
    let probes = chosen
        .iter()
        .filter(|(r, b, _)| versioned.iter().any(|(vr, vb)| vr == r && vb == b))
        .filter(|(_, b, k)| !kept.contains(&format!("s3://{b}/{k}")));
    let removals = probes.map(|(region, bucket, key)| async move {
        let Some(admin) = &shared.admin else { return Some(format!("s3://{bucket}/{key}")) };
        let admin = admin.in_region(region);
        let Ok(versions) = admin.versions_of(bucket, key).await else { return Some(format!("s3://{bucket}/{key}")) };
        for version in versions {
            if admin.delete_version(bucket, key, &version).await.is_err() {
                return Some(format!("s3://{bucket}/{key}"));
            }
        }
        None
    });
    let left: Vec<String> = futures_util::future::join_all(removals).await.into_iter().flatten().collect();
    if !left.is_empty() {
        out.warn(format_args!(
            "versioned buckets keep the old versions and delete markers of {}: list them with `aws s3api \
             list-object-versions --bucket BUCKET --prefix KEY` and remove each with `aws s3api delete-object --bucket \
             BUCKET --key KEY --version-id ID` (admin credentials: Pixelshift's policy has no s3:DeleteObjectVersion)",
            left.join(", ")
        ));
    }
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
