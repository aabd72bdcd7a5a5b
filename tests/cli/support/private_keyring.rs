//! A Secret Service of a test's own: a private D-Bus session with its own gnome-keyring, so a test can
//! lock it or freeze it without touching the one the other tests share. Commands are pointed at it
//! with [`PrivateKeyring::apply`]; dropping it ends both daemons.

use std::io::Write as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct PrivateKeyring {
    dir: tempfile::TempDir,
    bus: String,
    dbus_pid: u32,
    keyring: Child,
}

impl PrivateKeyring {
    pub fn start() -> PrivateKeyring {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_RUNTIME_DIR", dir.path())
            .output()
            .expect("start dbus-daemon (scripts/install-test-deps installs it)");
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = printed.lines();
        let bus = lines.next().expect("dbus-daemon prints its address").to_owned();
        let dbus_pid = lines.next().and_then(|p| p.trim().parse().ok()).expect("dbus-daemon prints its pid");
        // In the foreground, so this test owns the process; `--unlock` reads the new keyring's password.
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env_remove("GNOME_KEYRING_CONTROL")
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon");
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"private-test-password").unwrap();
        drop(stdin);
        let this = PrivateKeyring { dir, bus, dbus_pid, keyring };
        this.wait_for_service();
        this
    }

    /// Until the daemon owns `org.freedesktop.secrets` on the bus.
    fn wait_for_service(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            let owner = self
                .dbus_send(&[
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.GetNameOwner",
                    "string:org.freedesktop.secrets",
                ])
                .dest("org.freedesktop.DBus")
                .output()
                .unwrap();
            if owner.status.success() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the private gnome-keyring did not come up on {}", self.bus);
    }

    fn dbus_send(&self, args: &[&str]) -> DbusSend {
        let mut command = Command::new("dbus-send");
        command.env("DBUS_SESSION_BUS_ADDRESS", &self.bus).args(["--session", "--print-reply"]);
        DbusSend { command, args: args.iter().map(|a| (*a).to_owned()).collect() }
    }

    /// Points `command` at this Secret Service (and nothing else of the shared session).
    pub fn apply(&self, command: &mut Command) {
        command.env("DBUS_SESSION_BUS_ADDRESS", &self.bus).env("XDG_RUNTIME_DIR", self.dir.path());
    }

    /// Locks the default collection, as a logout or a screen lock does.
    pub fn lock(&self) {
        let out = self
            .dbus_send(&[
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/aliases/default",
            ])
            .dest("org.freedesktop.secrets")
            .output()
            .unwrap();
        assert!(out.status.success(), "lock: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Freezes the daemon (SIGSTOP): it keeps its name on the bus and never answers.
    pub fn freeze(&self) {
        super::signal(self.keyring.id(), "STOP");
    }
}

struct DbusSend {
    command: Command,
    args: Vec<String>,
}

impl DbusSend {
    fn dest(mut self, dest: &str) -> Command {
        self.command.arg(format!("--dest={dest}")).args(&self.args);
        self.command
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        let pid = self.keyring.id().to_string();
        let _ = Command::new("kill").args(["-CONT", &pid]).status();
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = Command::new("kill").arg(self.dbus_pid.to_string()).status();
    }
}
