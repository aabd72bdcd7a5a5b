//! A real X server for clipboard tests: `Xvfb` on a display number it picks itself (`-displayfd`),
//! stopped when dropped, and `xclip` to read and write its clipboard as another program would.
//! Also: finding the tools the clipboard tests run (`Xvfb`, `xclip`, `tmux`), which under CI must be
//! there (scripts/install-test-deps installs them) and elsewhere are skipped loudly.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Each of `tools` on `PATH`; else a failure under CI (`CI` set and not `false`/`0`), and a loud
/// skip (`None`) elsewhere.
pub fn require(tools: &[&str]) -> Option<()> {
    let missing: Vec<&str> = tools.iter().copied().filter(|tool| find(tool).is_none()).collect();
    if missing.is_empty() {
        return Some(());
    }
    let message = format!("missing {}: run scripts/install-test-deps (scripts/test does)", missing.join(", "));
    let ci = std::env::var("CI").ok();
    assert!(
        !ci.as_deref().is_some_and(|v| !v.is_empty() && v != "false" && v != "0"),
        "{message}; under CI the clipboard tests must run, not be skipped"
    );
    // Straight to the process's stderr: the test harness captures `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr(), "\n!!!!!!!! SKIPPED: {message} !!!!!!!!\n");
    None
}

fn find(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(tool)).find(|candidate| candidate.is_file())
}

/// Waits up to `within` for `done`; whether it happened.
pub fn eventually(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// An X server of its own, for one test.
pub struct Xvfb {
    server: Child,
    /// `:N`, for `DISPLAY`.
    pub display: String,
    /// `xclip` processes serving a copy made by the test, stopped with the server.
    owners: Vec<Child>,
}

impl Xvfb {
    /// Starts one, or `None` where `Xvfb`/`xclip` are missing outside CI (see [`require`]).
    pub fn start() -> Option<Xvfb> {
        require(&["Xvfb", "xclip"])?;
        let mut server = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "640x480x24"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        // Xvfb writes the display number it chose once it accepts connections.
        let mut line = String::new();
        BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).expect("read Xvfb's display number");
        let number = line.trim();
        assert!(!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()), "Xvfb said {line:?}");
        Some(Xvfb { server, display: format!(":{number}"), owners: Vec::new() })
    }

    /// The clipboard's text as `xclip -o` reads it; `None` when nobody holds the clipboard.
    pub fn clipboard(&self) -> Option<String> {
        let output = Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &self.display)
            .stdin(Stdio::null())
            .output()
            .expect("run xclip -o");
        output.status.success().then(|| String::from_utf8(output.stdout).expect("the clipboard holds UTF-8"))
    }

    /// Copies `text` as another program would (xclip in the foreground, serving it until the test
    /// ends or someone copies something else).
    pub fn copy(&mut self, text: &str) {
        let mut owner = Command::new("xclip")
            .args(["-quiet", "-i", "-selection", "clipboard"])
            .env("DISPLAY", &self.display)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start xclip -i");
        owner.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        self.owners.push(owner);
        assert!(
            eventually(Duration::from_secs(5), || self.clipboard().as_deref() == Some(text)),
            "xclip did not take the clipboard"
        );
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        for owner in &mut self.owners {
            let _ = owner.kill();
            let _ = owner.wait();
        }
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// Every process whose command line or environment holds `secret` (their pids): a secret handed
/// to a helper must travel through a pipe, where other processes of the user cannot read it.
pub fn processes_showing(secret: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        for file in ["cmdline", "environ"] {
            let bytes = std::fs::read(Path::new("/proc").join(&name).join(file)).unwrap_or_default();
            if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                found.push(format!("{name} ({file})"));
            }
        }
    }
    found
}
