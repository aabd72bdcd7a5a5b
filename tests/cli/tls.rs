//! HTTPS, as the binary speaks it to AWS: its own TLS stack (rustls with ring, built in
//! `src/aws/mod.rs`'s `http_client`) against a real TLS server, trusting only the roots it is given.
//! Everything else talks plain HTTP to the emulator, so without these tests a TLS stack that cannot
//! connect, or one that trusts anything, would pass every other test.

use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};

use serde::Deserialize;

use crate::support::emulator::{Emulator, kill, python, ready_line};

/// `tests/cli/support/tls_front.py` in front of an emulator: TLS with a throwaway CA, then moto.
struct TlsFront {
    url: String,
    ca: PathBuf,
    _dir: tempfile::TempDir,
    child: Child,
    stdin: Option<ChildStdin>,
}

#[derive(Deserialize)]
struct Ready {
    url: String,
}

impl TlsFront {
    fn start(emulator: &Emulator) -> TlsFront {
        let dir = tempfile::tempdir().expect("temp dir");
        let upstream = emulator.endpoint.trim_start_matches("http://");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cli/support/tls_front.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(upstream)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start tls_front.py");
        let Some(Ok(line)) = ready_line(child.stdout.take().expect("stdout")) else {
            kill(&mut child);
            panic!("tls_front.py printed no ready line within a minute");
        };
        let ready: Ready = serde_json::from_str(&line).unwrap_or_else(|_| panic!("tls_front.py said {line:?}"));
        TlsFront { url: ready.url, ca: dir.path().join("ca.pem"), stdin: child.stdin.take(), _dir: dir, child }
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        drop(self.stdin.take());
        kill(&mut self.child);
    }
}

/// The binary as admin, its AWS calls going to `url`, with no proxy and no trust settings of the
/// test process's own.
fn list(emulator: &Emulator, url: &str) -> assert_cmd::Command {
    let mut command = emulator.command();
    command.env("AWS_ENDPOINT_URL", url).args(["--output", "json", "list"]);
    for variable in ["SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        command.env_remove(variable);
    }
    command
}

#[test]
fn calls_aws_over_tls_when_the_server_certificate_chains_to_a_trusted_root() {
    let emulator = Emulator::start();
    let front = TlsFront::start(&emulator);
    let before = emulator.requests().len();

    let output = list(&emulator, &front.url).env("SSL_CERT_FILE", &front.ca).output().expect("run");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "list over TLS failed: {stderr}");
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("list prints JSON");
    assert!(document.get("users").is_some_and(serde_json::Value::is_array), "{document}");
    let made: Vec<String> = emulator.requests()[before..].iter().map(|r| r.action.clone()).collect();
    assert!(made.iter().any(|action| action == "ListUsers"), "the emulator saw {made:?} through the TLS front");
}

#[test]
fn refuses_a_server_certificate_no_trusted_root_signed_and_sends_nothing() {
    let emulator = Emulator::start();
    let front = TlsFront::start(&emulator);
    let before = emulator.requests().len();

    // The OS trust store only: the throwaway CA is not in it.
    let output = list(&emulator, &front.url).output().expect("run");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "an untrusted certificate must fail the command: {stderr}");
    assert!(stderr.contains("error:"), "{stderr}");
    assert!(stderr.to_lowercase().contains("certificate"), "the error should say why: {stderr}");
    assert_eq!(emulator.requests().len(), before, "a request got past the refused TLS handshake");
}
