//! The test harness: the binary with a clean environment, the AWS emulator, and small helpers.

pub mod desktop;
pub mod emulator;
pub mod fault_proxy;
pub mod private_keyring;
pub mod pty;
pub mod sandbox;
pub mod writes;

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;

/// The real binary with an environment that cannot reach a developer's AWS account: no AWS_*
/// variables, no shared config or credentials files, no instance metadata, no colour.
pub fn bin() -> Command {
    Command::from_std(std_bin())
}

/// Sends `kill -NAME` to `pid`, asserting it was delivered.
pub fn signal(pid: u32, name: &str) {
    let status = std::process::Command::new("kill").args([&format!("-{name}"), &pid.to_string()]).status().unwrap();
    assert!(status.success(), "kill -{name} {pid}: {status}");
}

/// [`bin`] as a plain `std::process::Command`, for tests that manage the child themselves.
pub fn std_bin() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("pixelshift-aws"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("AWS_CONFIG_FILE", "/nonexistent/pixelshift-test/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/pixelshift-test/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // The default key file lives under the config dir: never a developer's real one.
        .env("XDG_CONFIG_HOME", std::env::temp_dir().join(format!("pixelshift-aws-tests-{}", std::process::id())))
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// A loopback listener that counts the connections made to it: pointing `AWS_ENDPOINT_URL` at it
/// proves that a command made no network call at all.
pub struct ConnectionCounter {
    pub url: String,
    count: Arc<AtomicUsize>,
}

impl ConnectionCounter {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                seen.fetch_add(1, Ordering::SeqCst);
                drop(stream);
            }
        });
        Self { url, count }
    }

    pub fn connections(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

/// What a finished run of the binary left behind.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout parsed as the one JSON document `--output json` promises.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not one JSON document ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }

    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(self.code, code, "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

pub fn run(mut command: Command) -> Run {
    let output = command.output().expect("the binary runs");
    Run {
        code: output.status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}
