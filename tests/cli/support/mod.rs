//! The test harness: the binary with a clean environment, the AWS emulator, and small helpers.

pub mod emulator;

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;

/// The real binary with an environment that cannot reach a developer's AWS account: no AWS_*
/// variables, no shared config or credentials files, no instance metadata, no colour.
pub fn bin() -> Command {
    Command::from_std(std_bin())
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
