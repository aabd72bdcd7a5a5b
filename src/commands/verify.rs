//! `verify`: prove, with the Pixelshift user's *own* key, that it can list, read, write and delete in
//! every bucket — exactly the calls Pixelshift makes, bucket by bucket, concurrently.
//!
//! IAM is eventually consistent: AWS publishes no number, people observe 8–15 s before a new key
//! works — first every call fails as if the key did not exist (`InvalidAccessKeyId` /
//! `InvalidClientTokenId`), then with `AccessDenied` until the policy is visible. Those answers are
//! retried with capped exponential back-off until `--wait` runs out. A refusal stops being retried
//! once any check has succeeded: the policy is one document, so once part of it is in effect, a
//! refusal elsewhere is the policy's answer, not propagation.
//!
//! Probe objects live under `<prefix>.pixelshift-verify/<random>` and are always deleted — after a
//! failed check, and on Ctrl-C — with the admin credentials as a last resort. Nothing else in a
//! bucket is changed; read-only checks read nothing that exists (a missing probe answers `NoSuchKey`
//! only to a principal allowed to read).

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::BuildHasher;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;
use serde_json::{Value, json};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::{Context, account_id, backend, blocking};
use crate::aws::s3::{self, Failure};
use crate::aws::{self, Aws, error::code_of, iam};
use crate::cli::{AccessArg, VerifyArgs};
use crate::console::{Console, Spinner};
use crate::domain::names::{BucketName, KeyPrefix, PolicyName, UserName};
use crate::domain::policy::Access;
use crate::domain::verify::{Check, Expected, Outcome, grant_of, is_refusal, is_unknown_key, region_of_location};
use crate::error::Error;
use crate::secrets::{self, Backend, Keyring, Secret, StoredKey};

/// Where probe objects go, under the policy's prefix.
pub const PROBE_DIR: &str = ".pixelshift-verify/";
/// How many buckets are probed at once.
const CONCURRENCY: usize = 8;
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Short enough that a key which starts working is noticed within two seconds.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

#[derive(Debug)]
pub enum KeySource {
    Keyring(Option<Backend>),
    File(PathBuf),
    /// Read from the environment at resolve time, never from argv.
    Env(StoredKey, Option<String>),
}

#[derive(Debug)]
pub struct Request {
    pub user: UserName,
    pub policy_name: PolicyName,
    pub buckets: Vec<BucketName>,
    pub access: Option<Access>,
    pub prefix: Option<KeyPrefix>,
    pub max_buckets: usize,
    pub wait: Duration,
    pub keys: KeySource,
    pub account_id: Option<String>,
}

pub fn resolve(args: VerifyArgs) -> Result<Request, Error> {
    let user = UserName::parse(args.user.name())?;
    let mut buckets = Vec::new();
    for raw in &args.buckets {
        let bucket = BucketName::parse(raw.trim())?;
        if bucket.is_pattern() {
            return Err(Error::usage(
                format!("verify checks real buckets, and `{bucket}` is a pattern"),
                "name the buckets to check, or leave out --bucket to check those the user's policy grants",
            ));
        }
        if !buckets.contains(&bucket) {
            buckets.push(bucket);
        }
    }
    buckets.sort();
    let keys = if args.keys_from_env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let (Some(id), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) else {
            return Err(Error::usage(
                "--keys-from-env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment",
                "export the Pixelshift user's key pair, or use the keyring (default) or --keys-file",
            ));
        };
        let key = StoredKey::new(id, Secret::new(secret), user.to_string(), String::new(), String::new());
        KeySource::Env(key, var("AWS_SESSION_TOKEN"))
    } else if let Some(path) = args.store.keys_file {
        KeySource::File(path)
    } else {
        KeySource::Keyring(backend(args.store.keyring))
    };
    if args.max_buckets == 0 {
        return Err(Error::usage("--max-buckets must be at least 1", "pass --max-buckets 20, for example"));
    }
    Ok(Request {
        user,
        policy_name: PolicyName::parse(&args.policy_name)?,
        buckets,
        access: args.access.map(|a| match a {
            AccessArg::ReadWrite => Access::ReadWrite,
            AccessArg::ReadOnly => Access::ReadOnly,
        }),
        prefix: args.prefix.as_deref().map(KeyPrefix::parse).transpose()?,
        max_buckets: args.max_buckets,
        wait: Duration::from_secs(args.wait),
        keys,
        account_id: args.account_id.as_deref().map(account_id).transpose()?,
    })
}

/// One check's answer, with what was expected.
#[derive(Debug, Clone)]
pub struct CheckResult {
    pub check: Check,
    pub expected: Expected,
    pub outcome: Outcome,
}

impl CheckResult {
    fn ok(&self) -> bool {
        self.outcome.meets(self.expected)
    }
}

#[derive(Debug, Clone)]
pub struct BucketReport {
    pub bucket: String,
    pub region: Option<String>,
    /// `NoSuchBucket` and the like: nothing else could be checked.
    pub missing: Option<String>,
    pub checks: Vec<CheckResult>,
}

impl BucketReport {
    #[must_use]
    pub fn result(&self) -> &'static str {
        if self.missing.is_some() {
            "missing"
        } else if self.checks.iter().all(CheckResult::ok) {
            "pass"
        } else {
            "fail"
        }
    }
}

/// Whether the key itself works, asked of STS (which needs no permission at all).
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyState {
    Valid,
    NeverValid(String),
    /// STS could not tell (unreachable, or a service without STS): the probes will.
    Unknown,
}

/// What the concurrent bucket checks share.
struct Shared {
    user: SdkConfig,
    admin_s3: Option<aws_sdk_s3::Client>,
    access: Access,
    prefix: Option<String>,
    wait: Duration,
    started: Instant,
    deadline: Instant,
    /// Some check succeeded: the policy is in effect, so refusals are final.
    policy_seen: AtomicBool,
    /// Probe objects that may exist: (region, bucket, key).
    probes: Mutex<Vec<(String, String, String)>>,
    spinner: Spinner,
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let console = &ctx.console;
    let needs_admin =
        request.buckets.is_empty() || (matches!(request.keys, KeySource::Keyring(_)) && request.account_id.is_none());
    let admin = if needs_admin { Some(admin(&request, ctx).await?) } else { None };
    let base = match &admin {
        Some((aws, _)) => aws.config.clone(),
        None => aws::base_config(&ctx.settings).await,
    };
    let account = request.account_id.clone().or_else(|| admin.as_ref().map(|(_, id)| id.clone()));
    let (key, token) = user_key(&request, account.as_deref()).await?;
    let (targets, access, prefix) = targets(&request, admin.as_ref().map(|(aws, _)| aws), console).await?;

    let admin_s3 = admin.as_ref().map(|(aws, _)| s3::client(&aws.config, None));
    let target = Target { buckets: targets, access, prefix, wait: request.wait };
    let verification = run_checks(&base, admin_s3, &key, token, target, console).await?;
    if console.is_json() {
        console.json(&verification.to_json(request.user.as_str(), &key))?;
    } else {
        console.out(&table(&verification.reports))?;
    }
    Ok(verification.judge(&key)?)
}

/// What to check: buckets, expected access, the prefix to probe under, and how long to wait.
#[derive(Debug, Clone)]
pub struct Target {
    pub buckets: Vec<String>,
    pub access: Access,
    pub prefix: Option<String>,
    pub wait: Duration,
}

/// The answers of one verify run.
#[derive(Debug)]
pub struct Verification {
    key_state: KeyState,
    pub reports: Vec<BucketReport>,
    pub waited: Duration,
    pub access: Access,
    pub prefix: Option<String>,
}

/// Runs every check of `target` with `key`, then removes the probes. Shared with `setup`.
/// `Err(Interrupted)` after Ctrl-C, with the probes removed.
pub async fn run_checks(
    base: &SdkConfig,
    admin_s3: Option<aws_sdk_s3::Client>,
    key: &StoredKey,
    session_token: Option<String>,
    target: Target,
    console: &Console,
) -> Result<Verification, Error> {
    let started = Instant::now();
    let Target { buckets, access, prefix, wait } = target;
    console.info(format_args!(
        "Checking {} bucket{} as `{}` with its own key {} ({}{})",
        buckets.len(),
        if buckets.len() == 1 { "" } else { "s" },
        key.user_name,
        key.access_key_id,
        access.as_str(),
        prefix.as_deref().map(|p| format!(", prefix `{p}`")).unwrap_or_default()
    ));
    let shared = Arc::new(Shared {
        user: aws::with_keys(base, &key.access_key_id, key.secret_access_key.expose(), session_token),
        admin_s3,
        access,
        prefix,
        wait,
        started,
        deadline: started + wait,
        policy_seen: AtomicBool::new(false),
        probes: Mutex::new(Vec::new()),
        spinner: console.spinner("Checking that the access key is valid"),
    });

    // Ctrl-C must not skip the clean-up: handle it here, and hold off the default stop meanwhile.
    let _defer = crate::interrupt::Defer::new();
    let checks = async {
        let key_state = wait_for_key(&shared).await;
        let reports = if let KeyState::NeverValid(code) = &key_state {
            buckets.iter().map(|b| skipped(b, access, code)).collect()
        } else {
            shared.spinner.set_message(format!("Checking {} buckets", buckets.len()));
            probe_all(Arc::clone(&shared), buckets.clone()).await
        };
        (key_state, reports)
    };
    let (key_state, reports) = tokio::select! {
        done = checks => done,
        _ = tokio::signal::ctrl_c() => {
            shared.spinner.finish();
            console.warn("interrupted: removing probe objects");
            clean_up(&shared, console).await;
            return Err(Error::Interrupted);
        }
    };
    shared.spinner.finish();
    clean_up(&shared, console).await;
    Ok(Verification { key_state, reports, waited: started.elapsed(), access, prefix: shared.prefix.clone() })
}

impl Verification {
    #[must_use]
    pub fn passed(&self) -> bool {
        self.reports.iter().all(|r| r.result() == "pass")
    }

    #[must_use]
    pub fn to_json(&self, user_name: &str, key: &StoredKey) -> Value {
        let buckets: Vec<Value> = self
            .reports
            .iter()
            .map(|r| {
                let checks: Vec<Value> = r
                    .checks
                    .iter()
                    .map(|c| {
                        json!({
                            "check": c.check.as_str(),
                            "expected": c.expected.as_str(),
                            "outcome": c.outcome.kind(),
                            "ok": c.ok(),
                            "code": c.outcome.code(),
                        })
                    })
                    .collect();
                json!({ "bucket": r.bucket, "region": r.region, "result": r.result(), "missing": r.missing, "checks": checks })
            })
            .collect();
        json!({
            "user_name": user_name,
            "access_key_id": key.access_key_id,
            "access": self.access.as_str(),
            "prefix": self.prefix,
            "result": if self.passed() { "pass" } else { "fail" },
            "key_valid": !matches!(self.key_state, KeyState::NeverValid(_)),
            "waited_seconds": (self.waited.as_secs_f64() * 10.0).round() / 10.0,
            "buckets": buckets,
        })
    }

    #[must_use]
    pub fn table(&self) -> String {
        table(&self.reports)
    }

    /// Ok when everything passed; otherwise an `AccessMissing` error (exit 3) that says why.
    pub fn judge(&self, key: &StoredKey) -> Result<(), Error> {
        judge(&self.key_state, key, &self.reports, self.waited)
    }
}

async fn admin(request: &Request, ctx: &Context) -> Result<(Aws, String), Error> {
    if matches!(request.keys, KeySource::Env(..)) {
        // The environment holds the Pixelshift user's key, so admin credentials must come from a
        // profile; without one there is nobody to read the policy with.
        let Some(profile) = ctx.settings.profile.as_deref() else {
            return Err(Error::usage(
                "with --keys-from-env, the buckets must be given (--bucket) or readable with --profile",
                "pass --bucket NAME, or --profile NAME for the admin credentials that read the user's policy",
            ));
        };
        let aws = Aws::connect_profile_only(&ctx.settings, profile).await?;
        let identity = aws.identity().await?;
        return Ok((aws, identity.account_id));
    }
    let (aws, identity) = ctx.admin().await?;
    Ok((aws, identity.account_id))
}

async fn user_key(request: &Request, account: Option<&str>) -> Result<(StoredKey, Option<String>), Error> {
    let user = request.user.to_string();
    match &request.keys {
        KeySource::Env(key, token) => Ok((key.clone(), token.clone())),
        KeySource::File(path) => {
            let target = path.clone();
            Ok((blocking(move || secrets::read_keys_file(&target)).await?, None))
        }
        KeySource::Keyring(choice) => {
            let account = account.expect("the account is known when reading the keyring").to_owned();
            let choice = *choice;
            let (name, acct) = (user.clone(), account.clone());
            let found = blocking(move || Keyring::open(choice)?.get(&acct, &name)).await?;
            let key = found.ok_or_else(|| {
                Error::refused(
                    format!("no access key is stored for `{user}` in account {account}"),
                    format!(
                        "create it with `pixelshift-aws create-user --user-name {user}`, \
                         or pass --keys-file PATH or --keys-from-env"
                    ),
                )
            })?;
            Ok((key, None))
        }
    }
}

/// The buckets to check, with the access level and prefix to expect.
async fn targets(
    request: &Request,
    admin: Option<&Aws>,
    console: &Console,
) -> Result<(Vec<String>, Access, Option<String>), Error> {
    let prefix = request.prefix.as_ref().map(|p| p.as_str().to_owned());
    if !request.buckets.is_empty() {
        let buckets = request.buckets.iter().map(|b| b.as_str().to_owned()).collect();
        return Ok((buckets, request.access.unwrap_or_default(), prefix));
    }
    let aws = admin.expect("an admin is connected when no bucket was given");
    let (user, policy) = (request.user.as_str(), request.policy_name.as_str());
    let document = iam::get_user_policy(&aws.iam, user, policy).await?.ok_or_else(|| {
        Error::refused(
            format!("`{user}` has no inline policy `{policy}` to take the buckets from"),
            format!(
                "attach one with `pixelshift-aws attach-policy --user-name {user} --bucket NAME`, or pass --bucket"
            ),
        )
    })?;
    let document: Value = serde_json::from_str(&document).map_err(|e| {
        Error::refused(format!("inline policy `{policy}` of `{user}` is not valid JSON: {e}"), "pass --bucket")
    })?;
    let grant = grant_of(&document);
    let mut buckets: Vec<String> = grant.buckets.iter().cloned().collect();
    if grant.all_buckets || !grant.patterns.is_empty() {
        let listed = s3::list_buckets(&s3::client(&aws.config, None)).await?;
        let matching: Vec<String> = listed
            .into_iter()
            .filter(|b| grant.all_buckets || grant.patterns.iter().any(|stem| b.starts_with(stem.as_str())))
            .filter(|b| !buckets.contains(b))
            .collect();
        buckets.extend(matching);
        buckets.sort();
        if buckets.len() > request.max_buckets {
            console.warn(format_args!(
                "the policy matches {} buckets; checking the first {} (raise --max-buckets to check more)",
                buckets.len(),
                request.max_buckets
            ));
            buckets.truncate(request.max_buckets);
        }
    }
    if buckets.is_empty() {
        return Err(Error::refused(
            format!("inline policy `{policy}` of `{user}` grants no bucket that exists to check"),
            "create the bucket, or pass --bucket NAME",
        ));
    }
    Ok((buckets, request.access.unwrap_or(grant.access), prefix.or(grant.prefix)))
}

async fn wait_for_key(shared: &Shared) -> KeyState {
    let sts = aws_sdk_sts::Client::new(&shared.user);
    let mut backoff = FIRST_BACKOFF;
    loop {
        match sts.get_caller_identity().send().await {
            Ok(_) => return KeyState::Valid,
            Err(err) => match code_of(&err) {
                Some(code) if is_unknown_key(code) => {
                    let now = Instant::now();
                    if now >= shared.deadline {
                        return KeyState::NeverValid(code.to_owned());
                    }
                    shared.spinner.set_message(format!(
                        "Waiting for the new access key to become valid in IAM ({} s of {} s)",
                        shared.started.elapsed().as_secs(),
                        shared.wait.as_secs()
                    ));
                    tokio::time::sleep(backoff.min(shared.deadline - now)).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
                // A wrong secret is not going to propagate into a right one.
                Some(code @ "SignatureDoesNotMatch") => return KeyState::NeverValid(code.to_owned()),
                _ => return KeyState::Unknown,
            },
        }
    }
}

/// Runs `call` until it succeeds, fails for good, or `--wait` runs out. Unknown-key answers are
/// always retried; refusals only until some check has succeeded (see the module docs).
async fn attempt<T, F, Fut>(shared: &Shared, mut call: F) -> Result<T, Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let mut backoff = FIRST_BACKOFF;
    loop {
        match call().await {
            Ok(value) => {
                shared.policy_seen.store(true, Ordering::SeqCst);
                return Ok(value);
            }
            Err(failure) => {
                let refusal = is_refusal(&failure.code) && !shared.policy_seen.load(Ordering::SeqCst);
                let now = Instant::now();
                if !(is_unknown_key(&failure.code) || refusal) || now >= shared.deadline {
                    return Err(failure);
                }
                shared.spinner.set_message(format!(
                    "Waiting for IAM to apply the policy: {} ({} s of {} s)",
                    failure.code,
                    shared.started.elapsed().as_secs(),
                    shared.wait.as_secs()
                ));
                tokio::time::sleep(backoff.min(shared.deadline - now)).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

fn outcome<T>(answer: &Result<T, Failure>) -> Outcome {
    match answer {
        Ok(_) => Outcome::Allowed,
        Err(f) if is_refusal(&f.code) || is_unknown_key(&f.code) => Outcome::Denied(f.code.clone()),
        Err(f) => Outcome::Error(f.code.clone()),
    }
}

fn skipped(bucket: &str, access: Access, code: &str) -> BucketReport {
    let checks = Check::ALL
        .iter()
        .map(|&check| CheckResult {
            check,
            expected: check.expected(access),
            outcome: Outcome::Skipped(code.to_owned()),
        })
        .collect();
    BucketReport { bucket: bucket.to_owned(), region: None, missing: None, checks }
}

async fn probe_all(shared: Arc<Shared>, targets: Vec<String>) -> Vec<BucketReport> {
    let limit = Arc::new(Semaphore::new(CONCURRENCY));
    let mut tasks = JoinSet::new();
    for bucket in targets {
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

fn missing(bucket: &str, code: &str, region: Option<String>) -> BucketReport {
    BucketReport { bucket: bucket.to_owned(), region, missing: Some(code.to_owned()), checks: Vec::new() }
}

fn is_missing_bucket(failure: &Failure) -> bool {
    matches!(failure.code.as_str(), "NoSuchBucket")
}

async fn check_bucket(shared: &Shared, bucket: String) -> BucketReport {
    // The bucket's region: GetBucketLocation is granted by the policy (HeadBucket is not an IAM
    // action on AWS, where it is authorized as s3:ListBucket); S3 also names the region in the
    // `x-amz-bucket-region` header of a HEAD, even a refused one.
    let home = s3::client(&shared.user, None);
    let region = match attempt(shared, || s3::bucket_location(&home, &bucket)).await {
        Ok(constraint) => region_of_location(constraint.as_deref()),
        Err(f) if is_missing_bucket(&f) => return missing(&bucket, &f.code, None),
        Err(_) => s3::head_bucket_region(&home, &bucket)
            .await
            .unwrap_or_else(|| shared.user.region().map_or_else(|| "us-east-1".to_owned(), ToString::to_string)),
    };
    let client = s3::client(&shared.user, Some(&region));
    let prefix = shared.prefix.as_deref();
    let mut checks = Vec::new();
    let mut record = |check: Check, outcome: Outcome| {
        checks.push(CheckResult { check, expected: check.expected(shared.access), outcome });
    };

    let listed = attempt(shared, || s3::list_one(&client, &bucket, prefix)).await;
    if let Err(f) = &listed
        && is_missing_bucket(f)
    {
        return missing(&bucket, &f.code, Some(region));
    }
    record(Check::List, outcome(&listed));

    let key = format!("{}{PROBE_DIR}{}", prefix.unwrap_or_default(), random_hex());
    let body = format!("pixelshift-aws verify probe {key}\n").into_bytes();
    shared.probes.lock().expect("probe list").push((region.clone(), bucket.clone(), key.clone()));
    let written = attempt(shared, || s3::put(&client, &bucket, &key, &body)).await;
    let write_outcome = outcome(&written);

    let read_outcome = if written.is_ok() {
        match attempt(shared, || s3::get(&client, &bucket, &key, None)).await {
            Ok(bytes) if bytes == body => Outcome::Allowed,
            Ok(_) => Outcome::Error("ContentMismatch".to_owned()),
            answer => outcome(&answer),
        }
    } else {
        read_without_probe(shared, &client, &bucket, &key, listed.as_ref().ok().cloned().flatten()).await
    };
    record(Check::Read, read_outcome);
    record(Check::Write, write_outcome);

    let deleted = attempt(shared, || s3::delete(&client, &bucket, &key)).await;
    if deleted.is_ok() {
        shared.probes.lock().expect("probe list").retain(|(_, b, k)| !(*b == bucket && *k == key));
    }
    record(Check::Delete, outcome(&deleted));
    BucketReport { bucket, region: Some(region), missing: None, checks }
}

/// Read permission without an object of our own: S3 answers `NoSuchKey` for a missing key only to
/// a principal allowed to read (and list) it, `AccessDenied` otherwise. Under a prefix policy the
/// list permission is conditional, so there a one-byte ranged read of an object the listing showed
/// is the only honest test — it changes nothing.
async fn read_without_probe(
    shared: &Shared,
    client: &aws_sdk_s3::Client,
    bucket: &str,
    missing_key: &str,
    listed: Option<String>,
) -> Outcome {
    if shared.prefix.is_some() {
        return match listed {
            Some(existing) => outcome(&attempt(shared, || s3::get(client, bucket, &existing, Some("bytes=0-0"))).await),
            None => Outcome::Untested("NothingToRead".to_owned()),
        };
    }
    let answer = attempt(shared, || async {
        match s3::get(client, bucket, missing_key, None).await {
            Err(f) if f.code == "NoSuchKey" => Ok(()),
            other => other.map(drop),
        }
    })
    .await;
    outcome(&answer)
}

/// Deletes every probe that may still exist: with the user's key, then the admin's.
async fn clean_up(shared: &Shared, console: &Console) {
    let left: Vec<(String, String, String)> = std::mem::take(&mut *shared.probes.lock().expect("probe list"));
    for (region, bucket, key) in left {
        let user = s3::client(&shared.user, Some(&region));
        if s3::delete(&user, &bucket, &key).await.is_ok() {
            continue;
        }
        let by_admin = match &shared.admin_s3 {
            Some(admin) => s3::delete(admin, &bucket, &key).await.is_ok(),
            None => false,
        };
        if !by_admin {
            console.warn(format_args!(
                "could not remove the probe object s3://{bucket}/{key}; delete it with \
                 `aws s3 rm s3://{bucket}/{key}`"
            ));
        }
    }
}

fn random_hex() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    // Two independently keyed SipHashes: unique enough for a probe name, no extra dependency.
    let (a, b) = (RandomState::new().hash_one(nanos), RandomState::new().hash_one(nanos));
    format!("{a:016x}{b:016x}")
}

/// bucket × list/read/write/delete, with ✓/✗ and AWS's code where a check did not go as it should.
fn table(reports: &[BucketReport]) -> String {
    let mut rows = vec![["bucket", "region", "list", "read", "write", "delete"].map(str::to_owned).to_vec()];
    for r in reports {
        let mut row = vec![r.bucket.clone(), r.region.clone().unwrap_or_else(|| "-".to_owned())];
        if let Some(code) = &r.missing {
            row.push(format!("✗ missing ({code})"));
            row.extend(["", "", ""].map(str::to_owned));
        } else {
            for check in Check::ALL {
                let cell = r.checks.iter().find(|c| c.check == check).map_or_else(String::new, |c| {
                    match (&c.outcome, c.ok()) {
                        (Outcome::Allowed, true) => "✓".to_owned(),
                        (Outcome::Denied(_), true) => "✓ denied".to_owned(),
                        (Outcome::Allowed, false) => "✗ allowed".to_owned(),
                        (Outcome::Untested(why), _) => format!("- untested ({why})"),
                        (other, _) => format!("✗ {}", other.code().unwrap_or("?")),
                    }
                });
                row.push(cell);
            }
        }
        rows.push(row);
    }
    let widths: Vec<usize> = (0..6).map(|i| rows.iter().map(|row| row[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Exit 0 when everything passed; otherwise an `AccessMissing` error (exit 3) that says why.
fn judge(key_state: &KeyState, key: &StoredKey, reports: &[BucketReport], waited: Duration) -> Result<(), Error> {
    let failed: Vec<&BucketReport> = reports.iter().filter(|r| r.result() != "pass").collect();
    if failed.is_empty() {
        return Ok(());
    }
    let secs = waited.as_secs();
    if let KeyState::NeverValid(code) = key_state {
        return Err(Error::AccessMissing {
            message: format!("the access key {} never became valid ({code}) in {secs} s", key.access_key_id),
            hint: "new keys usually work within 15 s: wait longer with --wait, and check that the key exists and is \
                   active (aws iam list-access-keys) and that the stored secret is the one AWS issued"
                .to_owned(),
        });
    }
    let names = |pick: &dyn Fn(&BucketReport) -> bool| -> Vec<&str> {
        failed.iter().filter(|r| pick(r)).map(|r| r.bucket.as_str()).collect()
    };
    let gone = names(&|r| r.missing.is_some());
    let denied = names(&|r| r.checks.iter().any(|c| matches!(c.outcome, Outcome::Denied(_)) && !c.ok()));
    let other =
        names(&|r| r.missing.is_none() && !r.checks.iter().any(|c| matches!(c.outcome, Outcome::Denied(_)) && !c.ok()));
    let total = reports.len();
    let mut parts = Vec::new();
    if !denied.is_empty() {
        parts.push(format!(
            "access was denied in {} of {total} buckets ({}) after {:.1} s",
            denied.len(),
            denied.join(", "),
            waited.as_secs_f64()
        ));
    }
    if !gone.is_empty() {
        parts.push(format!("{} of {total} buckets do not exist ({})", gone.len(), gone.join(", ")));
    }
    if !other.is_empty() {
        parts.push(format!("{} of {total} buckets failed a check ({})", other.len(), other.join(", ")));
    }
    let message = parts.join("; ");
    Err(Error::AccessMissing {
        message,
        hint: "check the user's policy (pixelshift-aws attach-policy), that each bucket exists, and whether an SCP, \
               a permissions boundary, a bucket policy or a KMS key policy denies access"
            .to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(bucket: &str, outcomes: [Outcome; 4], access: Access) -> BucketReport {
        let checks = Check::ALL
            .iter()
            .zip(outcomes)
            .map(|(&check, outcome)| CheckResult { check, expected: check.expected(access), outcome })
            .collect();
        BucketReport { bucket: bucket.to_owned(), region: Some("us-east-1".to_owned()), missing: None, checks }
    }

    #[test]
    fn table_marks_each_check() {
        let denied = || Outcome::Denied("AccessDenied".to_owned());
        let reports = [
            report(
                "granted",
                [Outcome::Allowed, Outcome::Allowed, Outcome::Allowed, Outcome::Allowed],
                Access::ReadWrite,
            ),
            report("other", [denied(), denied(), denied(), denied()], Access::ReadWrite),
            report("readonly", [Outcome::Allowed, Outcome::Allowed, denied(), denied()], Access::ReadOnly),
            missing("gone", "NoSuchBucket", None),
        ];
        let text = table(&reports);
        let lines: Vec<&str> = text.lines().collect();
        let words = |i: usize| lines[i].split("  ").map(str::trim).filter(|w| !w.is_empty()).collect::<Vec<_>>();
        assert_eq!(words(0), ["bucket", "region", "list", "read", "write", "delete"]);
        assert_eq!(words(1), ["granted", "us-east-1", "✓", "✓", "✓", "✓"]);
        assert_eq!(
            words(2),
            ["other", "us-east-1", "✗ AccessDenied", "✗ AccessDenied", "✗ AccessDenied", "✗ AccessDenied"]
        );
        assert_eq!(words(3), ["readonly", "us-east-1", "✓", "✓", "✓ denied", "✓ denied"]);
        assert_eq!(words(4), ["gone", "-", "✗ missing (NoSuchBucket)"]);
        // Columns line up: each header starts where its cells start (in characters, not bytes).
        let starts = |line: &str| {
            let chars: Vec<char> = line.chars().collect();
            (0..chars.len())
                .filter(|&i| chars[i] != ' ' && (i == 0 || (i >= 2 && chars[i - 1] == ' ' && chars[i - 2] == ' ')))
                .collect::<Vec<usize>>()
        };
        assert_eq!(starts(lines[0]), starts(lines[3]));
        assert_eq!(starts(lines[0]).len(), 6);
        assert_eq!(reports.map(|r| r.result()), ["pass", "fail", "pass", "missing"]);
    }

    #[test]
    fn probe_names_are_fresh() {
        assert_ne!(random_hex(), random_hex());
        assert_eq!(random_hex().len(), 32);
    }
}
