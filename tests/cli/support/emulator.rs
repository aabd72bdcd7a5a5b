//! The AWS emulator for integration tests: moto's server on 127.0.0.1, one per test, with IAM enforced.
//!
//! [`Emulator::start`] runs `scripts/emulator.py` with the project venv's Python. The script starts
//! moto with `INITIAL_NO_AUTH_ACTION_COUNT` set, spends that budget creating an `admin` user with an
//! allow-everything policy and an access key, checks that unsigned and unknown-key requests are
//! refused, and prints the endpoint and admin keys as one JSON line. From then on every request must be
//! signed by a key moto issued and is checked against that key's IAM policies, so a test can assert that
//! a generated policy allows what it should and denies the rest.
//!
//! Each test starts its own emulator: tests share no state and run in parallel. The emulator lives as
//! long as the [`Emulator`] value; it also exits on its own when this process goes away, however that
//! happens, because it stops when its stdin (a pipe held only by this process) reaches end of file.
//!
//! **No test may reach anything but loopback.** Every AWS call a test makes, directly through the SDK
//! or through the binary ([`Emulator::command`]), goes to the emulator's `http://127.0.0.1:PORT`, with
//! keys the emulator issued and with the developer's `~/.aws` and `AWS_*` variables out of the way.
//!
//! Known differences from AWS (moto 5.2), which tests must not paper over by bending the policy:
//! `Condition` blocks in user policies are not evaluated (an `s3:prefix` condition allows every
//! prefix), `HeadBucket` is authorized as `s3:HeadBucket`, the 2,048-character inline policy aggregate is
//! not enforced, IAM changes apply at once (no propagation delay), `SimulatePrincipalPolicy` fails, and
//! `ListParts` answers with a root element the SDK cannot parse (the status code is still right).
//! A request with no signature at all gets HTTP 500, not 403.
//!
//! Two moto bugs that only the AWS SDK for Rust hits are fixed by `scripts/emulator.py` (and checked
//! at every start): IAM/STS signatures are checked over the body as sent (moto refused any parameter
//! containing a space, e.g. a pretty-printed policy, as `SignatureDoesNotMatch`), and IAM/STS
//! `AccessDenied`/`InvalidClientTokenId`/`SignatureDoesNotMatch` carry IAM's XML error shape, so the
//! SDK's `code()` reads them (it was `None`).

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_s3::config::Credentials;
use serde::Deserialize;

/// Env var naming the Python that has moto installed; `scripts/test` sets it.
pub const PYTHON_ENV: &str = "PIXELSHIFT_EMULATOR_PYTHON";
/// The region every test uses; the emulator's IAM is global and its buckets live here.
pub const REGION: &str = "us-east-1";
/// How long the emulator may take to start and bootstrap (about a second when the machine is idle).
const STARTUP_TIMEOUT: Duration = Duration::from_mins(1);
/// Exit status `scripts/emulator.py` uses when it cannot import moto.
const EXIT_NO_MOTO: i32 = 3;

/// An access key pair. `Debug` shows the key id only, never the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Keys {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .finish()
    }
}

/// One request the emulator answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `iam`, `sts` or `s3`, from the signature's credential scope.
    pub service: String,
    /// The operation, e.g. `CreateUser` or `PutObject`.
    pub action: String,
    /// The access key id that signed it.
    pub key: String,
    pub status: u16,
    /// What the call acts on, as logged: IAM's naming parameters (`UserName`, `PolicyName`,
    /// `PolicyArn`, `AccessKeyId`, `VersionId`, `Path`: those it has) or S3's `path`, %-quoted.
    pub params: Vec<(String, String)>,
}

impl Request {
    /// The logged parameter `name` (see [`Request::params`]).
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, value)| value.as_str())
    }

    /// An IAM call that changes something.
    #[must_use]
    pub fn is_iam_write(&self) -> bool {
        self.service == "iam"
            && ["Create", "Put", "Tag", "Untag", "Delete", "Attach", "Detach", "Update", "Remove", "Add"]
                .iter()
                .any(|verb| self.action.starts_with(verb))
    }
}

/// A running moto server with IAM enforced, and the admin keys bootstrapped into it.
#[derive(Debug)]
pub struct Emulator {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// Keys of the `admin` user, whose inline policy allows `*` on `*`.
    pub admin: Keys,
    /// The account every emulated resource lives in: random for each emulator, so parallel tests never
    /// share keyring entries (`<account>/<user>`).
    pub account_id: String,
    child: Child,
    /// The write end of the emulator's stdin; dropping it tells the emulator to exit.
    stdin: Option<ChildStdin>,
    /// The emulator's stderr (moto's request log), kept for failure messages.
    log: tempfile::NamedTempFile,
}

/// The JSON line `scripts/emulator.py` prints once it is ready.
#[derive(Deserialize)]
struct Ready {
    endpoint: String,
    access_key_id: String,
    secret_access_key: String,
    account_id: String,
}

impl Emulator {
    /// Starts a fresh emulator and waits until it is ready.
    ///
    /// Panics, never skips, when the emulator is missing: the test run must say so loudly.
    #[must_use]
    pub fn start() -> Emulator {
        Emulator::start_with(false, false)
    }

    /// An emulator with AWS's own managed policies loaded (`arn:aws:iam::aws:policy/...`, such as
    /// `AmazonS3FullAccess`): slower to start, so only for the tests that attach one.
    #[must_use]
    pub fn start_with_aws_managed_policies() -> Emulator {
        Emulator::start_with(true, false)
    }

    /// An emulator that first proves its Organization support (a member account reached through
    /// its role; scripts/emulator.py's `organization_member_accounts`): 0.7 s more to start, so only
    /// for the tests that build an Organization.
    #[must_use]
    pub fn start_with_organizations() -> Emulator {
        Emulator::start_with(false, true)
    }

    fn start_with(aws_managed_policies: bool, organizations: bool) -> Emulator {
        let python = python();
        let script = project_root().join("scripts/emulator.py");

        let log = tempfile::Builder::new()
            .prefix("pixelshift-emulator-")
            .suffix(".log")
            .tempfile()
            .expect("create a temporary file for the emulator's log");
        let stderr = log.reopen().expect("reopen the emulator's log file");
        let mut child = Command::new(&python)
            .arg(&script)
            .env("PIXELSHIFT_EMULATOR_AWS_MANAGED_POLICIES", if aws_managed_policies { "1" } else { "0" })
            .env("PIXELSHIFT_EMULATOR_ORGANIZATIONS", if organizations { "1" } else { "0" })
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|err| panic!("{} ({err})", not_found(&python)));
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("the emulator's stdout is piped");

        let line = match ready_line(stdout) {
            Some(Ok(line)) if !line.trim().is_empty() => line,
            Some(Ok(_)) => {
                let status = child.wait().expect("wait for the emulator");
                let detail = if status.code() == Some(EXIT_NO_MOTO) {
                    not_found(&python)
                } else {
                    format!("the emulator exited before it was ready ({status})")
                };
                panic!("{detail}; its stderr:\n{}", read_log(log.path()));
            }
            Some(Err(err)) => {
                kill(&mut child);
                panic!("reading the emulator's stdout failed: {err}; its stderr:\n{}", read_log(log.path()));
            }
            None => {
                kill(&mut child);
                panic!(
                    "the emulator was not ready after {} s; its stderr:\n{}",
                    STARTUP_TIMEOUT.as_secs(),
                    read_log(log.path())
                );
            }
        };
        let ready: Ready = serde_json::from_str(&line).unwrap_or_else(|err| {
            kill(&mut child);
            panic!("the emulator printed {line:?}, not its ready line: {err}")
        });
        assert!(
            ready.endpoint.starts_with("http://127.0.0.1:"),
            "the emulator must listen on loopback, not {}",
            ready.endpoint
        );

        Emulator {
            endpoint: ready.endpoint,
            admin: Keys { access_key_id: ready.access_key_id, secret_access_key: ready.secret_access_key },
            account_id: ready.account_id,
            child,
            stdin,
            log,
        }
    }

    /// The emulator's stderr so far: moto's log of every request with its status. Useful in a failing
    /// assertion's message.
    #[must_use]
    pub fn log(&self) -> String {
        read_log(self.log.path())
    }

    /// Every request the emulator has answered so far, in order (its log's `pixelshift-request`
    /// lines): what a command cost, counted by tests.
    #[must_use]
    pub fn requests(&self) -> Vec<Request> {
        let text = std::fs::read_to_string(self.log.path()).unwrap_or_default();
        text.lines()
            // Anywhere in the line: another thread's log text may sit before it (scripts/emulator.py).
            .filter_map(|line| line.find("pixelshift-request ").map(|at| &line[at + "pixelshift-request ".len()..]))
            .map(|rest| {
                const FIXED: [&str; 4] = ["service", "action", "key", "status"];
                let pairs: Vec<(&str, &str)> = rest.split(' ').filter_map(|kv| kv.split_once('=')).collect();
                let field =
                    |name: &str| pairs.iter().find(|(n, _)| *n == name).map_or("-", |(_, value)| *value).to_owned();
                Request {
                    service: field("service"),
                    action: field("action"),
                    key: field("key"),
                    status: field("status").parse().unwrap_or(0),
                    params: pairs
                        .iter()
                        .filter(|(name, _)| !FIXED.contains(name))
                        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                        .collect(),
                }
            })
            .collect()
    }

    /// SDK configuration for the emulator, signing with `keys`. Nothing comes from the environment or
    /// `~/.aws`: region, endpoint and credentials are all set here.
    pub async fn sdk_config(&self, keys: &Keys) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            // The SDK crates have no default HTTP client: the binary's own (rustls with ring).
            .http_client(pixelshift_aws::aws::http_client())
            // Ignore AWS_* variables and (with no HOME visible) ~/.aws of whoever runs the tests.
            .empty_test_environment()
            .region(Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new(
                &keys.access_key_id,
                &keys.secret_access_key,
                None,
                None,
                "pixelshift-aws-tests",
            ))
            .load()
            .await
    }

    /// An IAM client signing with `keys`.
    pub async fn iam(&self, keys: &Keys) -> aws_sdk_iam::Client {
        aws_sdk_iam::Client::new(&self.sdk_config(keys).await)
    }

    /// An S3 client signing with `keys`. Path-style addressing: `BUCKET.127.0.0.1` does not resolve.
    pub async fn s3(&self, keys: &Keys) -> aws_sdk_s3::Client {
        let config = aws_sdk_s3::config::Builder::from(&self.sdk_config(keys).await).force_path_style(true).build();
        aws_sdk_s3::Client::from_conf(config)
    }

    /// As admin: creates IAM user `name` and an access key for it (no policy yet: it may do nothing).
    pub async fn create_user_with_key(&self, name: &str) -> Keys {
        let iam = self.iam(&self.admin).await;
        let user = iam
            .create_user()
            .user_name(name)
            .send()
            .await
            .unwrap_or_else(|err| panic!("create user {name}: {}", aws_sdk_iam::error::DisplayErrorContext(err)))
            .user
            .expect("CreateUser returns the user");
        assert_eq!(user.arn, format!("arn:aws:iam::{}:user/{name}", self.account_id));
        let key = iam
            .create_access_key()
            .user_name(name)
            .send()
            .await
            .unwrap_or_else(|err| {
                panic!("create access key for {name}: {}", aws_sdk_iam::error::DisplayErrorContext(err))
            })
            .access_key
            .expect("CreateAccessKey returns the key");
        Keys { access_key_id: key.access_key_id, secret_access_key: key.secret_access_key }
    }

    /// An administrator allowed everything except `action` (e.g. `iam:CreateUser`): to test the
    /// error a refused IAM action gives, and failures half-way through a run.
    pub async fn admin_denied(&self, action: &str) -> Keys {
        let name = format!("admin-without-{}", action.replace(':', "-"));
        let keys = self.create_user_with_key(&name).await;
        let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": action, "Resource": "*"}]});
        self.put_user_policy(&name, "almost-admin", &policy.to_string()).await;
        keys
    }

    /// As admin: puts inline policy `policy_name` with `document` on user `user`.
    pub async fn put_user_policy(&self, user: &str, policy_name: &str, document: &str) {
        self.iam(&self.admin)
            .await
            .put_user_policy()
            .user_name(user)
            .policy_name(policy_name)
            .policy_document(document)
            .send()
            .await
            .unwrap_or_else(|err| {
                panic!("put policy {policy_name} on {user}: {}", aws_sdk_iam::error::DisplayErrorContext(err))
            });
    }

    /// As admin: creates bucket `name` (in us-east-1, so without a location constraint).
    pub async fn create_bucket(&self, name: &str) {
        self.s3(&self.admin)
            .await
            .create_bucket()
            .bucket(name)
            .send()
            .await
            .unwrap_or_else(|err| panic!("create bucket {name}: {}", aws_sdk_s3::error::DisplayErrorContext(err)));
    }

    /// The `pixelshift-aws` binary, pointed at this emulator with the admin keys.
    ///
    /// Starts from [`super::bin`] (no `AWS_*` variables of the test process, shared config and
    /// credentials files that do not exist, no instance metadata, no colour), then sets the endpoint,
    /// the admin keys and the region: a developer's `~/.aws` (profiles, SSO, a real account) is never
    /// read and the binary can reach nothing but the emulator on loopback.
    #[must_use]
    pub fn command(&self) -> assert_cmd::Command {
        let mut command = super::bin();
        command
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_ACCESS_KEY_ID", &self.admin.access_key_id)
            .env("AWS_SECRET_ACCESS_KEY", &self.admin.secret_access_key)
            .env("AWS_REGION", REGION)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("NO_COLOR", "1");
        command
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Closing stdin alone makes the emulator exit; killing as well makes sure of it without waiting.
        drop(self.stdin.take());
        kill(&mut self.child);
    }
}

/// Where the Python with moto is: `$PIXELSHIFT_EMULATOR_PYTHON`, else the project venv.
pub fn python() -> PathBuf {
    match std::env::var_os(PYTHON_ENV) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => project_root().join(".venv/bin/python"),
    }
}

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn not_found(python: &Path) -> String {
    format!(
        "moto emulator not found (looked for {} with moto importable; set by {PYTHON_ENV}, default \
         .venv/bin/python): run scripts/test, or scripts/install-test-deps",
        python.display()
    )
}

/// The first line a helper process prints on its stdout (its "ready" line), read on a thread so a
/// hung process cannot hang the test: `None` when nothing came within a minute.
pub fn ready_line(stdout: ChildStdout) -> Option<std::io::Result<String>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut line = String::new();
        let result = BufReader::new(stdout).read_line(&mut line).map(|_| line);
        let _ = sender.send(result);
    });
    receiver.recv_timeout(STARTUP_TIMEOUT).ok()
}

pub fn kill(child: &mut Child) -> Option<ExitStatus> {
    let _ = child.kill();
    child.wait().ok()
}

/// The emulator's log, or its last 20,000 bytes if longer.
fn read_log(path: &Path) -> String {
    const MAX: u64 = 20_000;
    let Ok(mut file) = File::open(path) else {
        return String::from("(no log)");
    };
    let len = file.metadata().map_or(0, |metadata| metadata.len());
    if len > MAX {
        let _ = file.seek(SeekFrom::Start(len - MAX));
    }
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}
