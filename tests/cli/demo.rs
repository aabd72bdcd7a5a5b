//! `scripts/demo` as a newcomer runs it: with an installed binary (here the one under test, through
//! `PIXELSHIFT_BIN`) and no `cargo` on PATH, against its own emulator, with nothing from the
//! developer's AWS setup.
//!
//! The keyring: `scripts/test`'s throwaway Secret Service when the tests run in its session (the demo
//! takes it for a desktop keyring and empties it of its entries at exit), otherwise a private one the
//! demo starts itself; never the developer's own. Needs what `scripts/install-test-deps` installs
//! (moto in `.venv`, dbus and gnome-keyring), which the demo also runs itself.

use std::ffi::OsString;
use std::io::Write as _;
use std::net::TcpStream;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, std_bin};

/// How long a demo may take: the emulator starts in seconds, and the dependencies are installed.
const TIMEOUT: Duration = Duration::from_mins(5);

/// The directories of PATH without those that hold a `cargo`: the demo must not need one.
fn path_without_cargo() -> OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).filter(|dir| !dir.join("cargo").exists()).collect();
    assert!(dirs.iter().any(|dir| dir.join("bash").exists()), "no bash left on PATH: {dirs:?}");
    std::env::join_paths(dirs).unwrap()
}

fn find_on(path: &OsString, name: &str) -> PathBuf {
    std::env::split_paths(path).map(|dir| dir.join(name)).find(|p| p.exists()).unwrap_or_else(|| panic!("no {name}"))
}

struct Demo {
    command: Command,
    /// The demo's TMPDIR: everything it creates goes there, and must be gone when it exits.
    tmp: tempfile::TempDir,
}

impl Demo {
    fn new(args: &[&str]) -> Demo {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::tempdir().unwrap();
        let path = path_without_cargo();
        let mut command = Command::new(root.join("scripts/demo"));
        for (key, _) in std::env::vars_os() {
            let key_text = key.to_string_lossy();
            if key_text.starts_with("AWS_") || key_text.starts_with("PIXELSHIFT_") {
                command.env_remove(&key);
            }
        }
        if let Some(session) = std::env::var_os("PIXELSHIFT_TEST_KEYRING_SESSION") {
            // scripts/test's throwaway keyring: the demo finds it on the session bus.
            command.env("PIXELSHIFT_TEST_KEYRING_SESSION", session);
        } else {
            // Outside that session the session bus may be a developer's desktop: stay off it.
            command.env("PIXELSHIFT_DEMO_KEYS", "private");
        }
        command
            .args(args)
            .env("PIXELSHIFT_BIN", assert_cmd::cargo::cargo_bin!("pixelshift-aws"))
            .env("SHELL", find_on(&path, "bash"))
            .env("PATH", path)
            .env("TMPDIR", tmp.path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .current_dir(tmp.path())
            // Its own process group: on a timeout, the demo and everything it started are stopped.
            .process_group(0);
        Demo { command, tmp }
    }

    fn keys(mut self, keys: &str) -> Demo {
        self.command.env("PIXELSHIFT_DEMO_KEYS", keys);
        self
    }

    /// Runs the demo with `input` on its stdin, and checks that it left nothing behind.
    fn run(mut self, input: &str) -> Run {
        let out = self.tmp.path().join("demo.out");
        let err = self.tmp.path().join("demo.err");
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .expect("scripts/demo runs");
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > TIMEOUT {
                let group = format!("-{}", child.id());
                let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let read = |path: &Path| String::from_utf8(std::fs::read(path).unwrap()).expect("UTF-8 output");
        let (stdout, stderr) = (read(&out), read(&err));
        let status =
            status.unwrap_or_else(|| panic!("the demo took over {TIMEOUT:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"));
        let code = status.code().unwrap_or_else(|| panic!("killed by a signal\nstdout:\n{stdout}\nstderr:\n{stderr}"));
        let left: Vec<_> = std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .filter(|name| name != "demo.out" && name != "demo.err")
            .collect();
        assert!(left.is_empty(), "the demo left {left:?} in its TMPDIR\nstderr:\n{stderr}");
        Run { code, stdout, stderr }
    }
}

/// The value after `marker` in `text`, up to the first character not in `keep`.
fn after<'a>(text: &'a str, marker: &str, keep: fn(char) -> bool) -> &'a str {
    let start = text.find(marker).unwrap_or_else(|| panic!("no `{marker}` in:\n{text}")) + marker.len();
    let rest = &text[start..];
    &rest[..rest.find(|c| !keep(c)).unwrap_or(rest.len())]
}

/// The emulator's port and the demo's account, from the demo's banner.
fn emulator_and_account(stderr: &str) -> (String, String) {
    let port = after(stderr, "local AWS emulator on 127.0.0.1:", |c| c.is_ascii_digit());
    let account = after(stderr, "  Account ", |c| c.is_ascii_digit());
    assert_eq!(account.len(), 12, "{stderr}");
    (format!("127.0.0.1:{port}"), account.to_owned())
}

/// The verify table's rows for `bucket` in `text`, each with its four checks passed.
fn passing_rows(text: &str, bucket: &str) -> usize {
    text.lines()
        .filter(|line| line.split_whitespace().next() == Some(bucket))
        .inspect(|row| assert_eq!(row.matches('✓').count(), 4, "list, read, write, delete: {row}\n{text}"))
        .count()
}

#[track_caller]
fn assert_stopped(emulator: &str, run: &Run) {
    assert!(TcpStream::connect(emulator).is_err(), "the emulator on {emulator} outlived the demo\n{}", run.stderr);
}

#[test]
fn the_demo_runs_the_wizard_with_an_installed_binary_and_no_daemon_noise() {
    // A private keyring: the demo starts dbus-run-session and gnome-keyring itself, whose startup
    // warnings (dbus-daemon's fd limit, for one) must not reach the newcomer.
    let run = Demo::new(&["--non-interactive", "--bucket", "demo-photos"]).keys("private").run("").expect(0);

    assert_eq!(passing_rows(&run.stdout, "demo-photos"), 1, "{}", run.stdout);
    assert!(run.stdout.contains("iam_pixelshift (created)"), "{}", run.stdout);
    let bin = assert_cmd::cargo::cargo_bin!("pixelshift-aws").display().to_string();
    assert!(run.stderr.contains(&format!("{bin} (from PIXELSHIFT_BIN)")), "{}", run.stderr);
    assert!(run.stderr.contains("a private, throwaway keyring"), "{}", run.stderr);
    for noise in ["dbus-daemon", "fd limit", "gnome-keyring-daemon", "Building", "Compiling", "install-test-deps"] {
        assert!(!run.stderr.contains(noise), "`{noise}` on stderr:\n{}", run.stderr);
    }
    // The next step it suggests is one that works, not a command against an emulator that is gone.
    assert!(run.stderr.contains("scripts/demo --shell"), "{}", run.stderr);
    let (emulator, _) = emulator_and_account(&run.stderr);
    assert_stopped(&emulator, &run);
}

#[test]
fn the_demo_shell_keeps_the_emulator_and_keyring_up() {
    let input = "\
        echo '=== which'; command -v pixelshift-aws\n\
        echo '=== keys show'; pixelshift-aws keys show --reveal\n\
        echo '=== verify'; pixelshift-aws verify\n\
        echo '=== setup'; pixelshift-aws setup --non-interactive --bucket demo-photos\n\
        echo '=== env'; env | grep '^AWS_' | grep -v SECRET | sort\n\
        exit\n";
    let run = Demo::new(&["--shell", "--non-interactive", "--bucket", "demo-photos"]).run(input).expect(0);
    let (emulator, account) = emulator_and_account(&run.stderr);
    let section = |name: &str| {
        let start = run.stdout.find(&format!("=== {name}\n")).unwrap_or_else(|| panic!("no {name}:\n{}", run.stdout));
        let rest = &run.stdout[start..];
        rest[..rest[4..].find("=== ").map_or(rest.len(), |end| end + 4)].to_owned()
    };

    // The wizard, then the banner of what to try.
    let wizard = &run.stdout[..run.stdout.find("=== which").unwrap()];
    assert_eq!(passing_rows(wizard, "demo-photos"), 1, "{wizard}");
    let key_id = after(wizard, "access key    ", |c| c.is_ascii_alphanumeric()).to_owned();
    assert!(key_id.starts_with("AKIA"), "{wizard}");
    for banner in ["pixelshift-aws verify", "pixelshift-aws keys show --reveal", "`exit` ends the demo"] {
        assert!(run.stderr.contains(banner), "no `{banner}` in the banner:\n{}", run.stderr);
    }

    // The shell: the demo's binary first on PATH, the key in the keyring, the emulator up.
    assert!(section("which").trim_end().ends_with("/bin/pixelshift-aws"), "{}", section("which"));
    let shown = section("keys show");
    assert_eq!(after(&shown, "access key    ", |c| c.is_ascii_alphanumeric()), key_id, "{shown}");
    assert!(!shown.contains("(hidden"), "--reveal shows the secret: {shown}");
    assert!(shown.contains(&format!("account       {account}")), "{shown}");
    assert_eq!(passing_rows(&section("verify"), "demo-photos"), 1, "{}", section("verify"));
    // setup again converges: the same user, key and policy.
    let again = section("setup");
    assert!(again.contains("(existing)") && again.contains(&format!("{key_id} (reused)")), "{again}");
    assert!(again.contains("(unchanged"), "{again}");
    assert_eq!(passing_rows(&again, "demo-photos"), 1, "{again}");
    // Only the emulator: its endpoint and admin keys, no profile, no ~/.aws.
    let env = section("env");
    assert!(env.contains(&format!("AWS_ENDPOINT_URL=http://{emulator}\n")), "{env}");
    assert!(env.contains("AWS_CONFIG_FILE=/dev/null\n") && env.contains("AWS_SHARED_CREDENTIALS_FILE=/dev/null\n"));
    assert!(!env.contains("AWS_PROFILE"), "{env}");
    for noise in ["dbus-daemon", "fd limit"] {
        assert!(!run.stderr.contains(noise), "`{noise}` on stderr:\n{}", run.stderr);
    }

    // `exit` ended it all: the emulator is gone, and so is the key the demo stored.
    assert_stopped(&emulator, &run);
    if run.stderr.contains("your desktop keyring") {
        let mut show = std_bin();
        show.args(["keys", "show", "--keyring", "secret-service", "--account-id", &account]);
        let output = show.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "the demo's key outlived it: {}", String::from_utf8_lossy(&output.stdout));
        assert!(stderr.contains("no access key is stored"), "{stderr}");
    }
}
