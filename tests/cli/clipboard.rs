//! `keys copy` and the reveal step's copy, against real clipboards: an X server (Xvfb) read back
//! with `xclip`, tmux taking an OSC 52 copy into its paste buffer, and the raw OSC 52 bytes a
//! terminal receives. Every run asserts the secret is in none of its output, and the desktop tests
//! that no process carries it in its command line or environment.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use base64::Engine as _;

use crate::support::desktop::{Xvfb, eventually, processes_showing, require};
use crate::support::emulator::Keys;
use crate::support::pty::{self, Pty};
use crate::support::sandbox::Sandbox;
use crate::support::{ConnectionCounter, Run, bin, run};

/// `keys copy ARGS` for `user`, as admin, with the X server's display and no Wayland.
fn copy_on(env: &Sandbox, x: &Xvfb, args: &[&str]) -> Run {
    let mut all = vec!["keys", "copy"];
    all.extend(args);
    let mut command = env.command_as(&env.emulator.admin, &all);
    command.env("DISPLAY", &x.display).env_remove("WAYLAND_DISPLAY");
    run(command)
}

#[track_caller]
fn assert_secret_absent(run: &Run, secret: &str) {
    assert!(!run.stdout.contains(secret), "the secret is on stdout");
    assert!(!run.stderr.contains(secret), "the secret is on stderr");
}

#[track_caller]
fn assert_holds(x: &Xvfb, expected: &str, what: &str) {
    // Never print the clipboard: it may hold a secret. Its length says enough.
    let held = x.clipboard();
    assert!(
        held.as_deref() == Some(expected),
        "the clipboard does not hold exactly {what}: it holds {:?} characters",
        held.map(|h| h.len())
    );
}

#[tokio::test]
async fn keys_copy_puts_exactly_the_secret_on_the_x11_clipboard_and_clears_it_after_clear_after() {
    let Some(x) = Xvfb::start() else { return };
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-clip"]).expect(0);
    let Keys { secret_access_key: secret, .. } = env.revealed("pix-clip");

    let started = Instant::now();
    let copied = copy_on(&env, &x, &["--user-name", "pix-clip", "--field", "secret", "--clear-after", "2"]).expect(0);
    assert_secret_absent(&copied, &secret);
    assert!(copied.stderr.contains("Copied the secret access key to the clipboard."), "{}", copied.stderr);
    assert!(copied.stderr.contains("cleared in 2 s, unless something else is copied first"), "{}", copied.stderr);
    assert_eq!(copied.stdout, "", "text mode prints no result");
    // The command has returned; the copy lives on in its helper.
    assert_holds(&x, &secret, "the secret");
    assert_eq!(processes_showing(&secret), Vec::<String>::new(), "the secret travels through a pipe only");

    assert!(eventually(Duration::from_secs(10), || x.clipboard().as_deref() != Some(&secret)), "never cleared");
    assert!(started.elapsed() >= Duration::from_secs(2), "cleared before --clear-after ran out");
    assert_eq!(x.clipboard(), None, "cleared, not replaced");

    // --output json says what was copied, and never the secret.
    let doc = copy_on(&env, &x, &["--output", "json", "--user-name", "pix-clip", "--field", "id"]).expect(0);
    assert_secret_absent(&doc, &secret);
    let doc = doc.json();
    assert_eq!(doc["copied"], serde_json::json!(["access_key_id"]));
    assert_eq!((doc["clipboard"].as_str(), doc["clear_after"].as_u64()), (Some("desktop"), None), "{doc}");
    assert_holds(&x, doc["access_key_id"].as_str().unwrap(), "the access key id");
}

#[tokio::test]
async fn keys_copy_leaves_the_clipboard_alone_when_something_else_was_copied_meanwhile() {
    let Some(mut x) = Xvfb::start() else { return };
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-other"]).expect(0);
    let Keys { secret_access_key: secret, .. } = env.revealed("pix-other");

    let started = Instant::now();
    copy_on(&env, &x, &["--user-name", "pix-other", "--field", "secret", "--clear-after", "2"]).expect(0);
    assert_holds(&x, &secret, "the secret");
    x.copy("a photo caption copied meanwhile");
    std::thread::sleep((started + Duration::from_secs(4)).saturating_duration_since(Instant::now()));
    assert_eq!(x.clipboard().as_deref(), Some("a photo caption copied meanwhile"), "the later copy was cleared");
}

#[tokio::test]
async fn the_copy_and_its_clearing_outlive_the_terminal_that_ran_keys_copy() {
    let Some(x) = Xvfb::start() else { return };
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-hangup"]).expect(0);
    let Keys { secret_access_key: secret, .. } = env.revealed("pix-hangup");
    let mut command = pty::command(&env.emulator);
    command
        .env("XDG_CONFIG_HOME", env.config_home.path())
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .args(["keys", "copy", "--user-name", "pix-hangup", "--field", "secret", "--clear-after", "3"]);
    let started = Instant::now();
    let mut pty = Pty::spawn(&command);
    pty.redact(&secret);
    pty.expect("Copied the secret access key to the clipboard.");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());
    // The terminal goes away (its master side closes: a hang-up for whatever is still attached).
    drop(pty);
    std::thread::sleep(Duration::from_millis(500));
    assert_holds(&x, &secret, "the secret, after the terminal closed");
    assert!(eventually(Duration::from_secs(10), || x.clipboard().is_none()), "not cleared after the terminal closed");
    assert!(started.elapsed() >= Duration::from_secs(3), "cleared before --clear-after ran out");
}

#[tokio::test]
async fn create_users_reveal_step_copies_the_id_then_on_enter_the_secret() {
    let Some(x) = Xvfb::start() else { return };
    let env = Sandbox::start();
    let mut command = pty::command(&env.emulator);
    command
        .env("XDG_CONFIG_HOME", env.config_home.path())
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .args(["create-user", "--user-name", "pix-reveal"]);
    let mut pty = Pty::spawn(&command);
    pty.expect("Show or copy the key pair now, to paste into the Pixelshift dashboard?");
    pty.send_key_down();
    pty.send_enter();
    pty.expect("Copied the access key id");
    pty.expect("Press Enter to copy the secret access key");
    let Keys { access_key_id: id, secret_access_key: secret } = env.revealed("pix-reveal");
    pty.redact(&secret);
    assert_holds(&x, &id, "the access key id");
    pty.send_enter();
    pty.expect("Copied the secret access key to the clipboard.");
    pty.expect("Next: pixelshift-aws attach-policy");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());
    assert_holds(&x, &secret, "the secret");
    assert!(!pty.screen().contains(&secret), "the secret reached the terminal");
}

/// The raw bytes of an OSC 52 copy of `text`, as a terminal outside any multiplexer receives them.
fn osc52(text: &str) -> Vec<u8> {
    format!("\x1b]52;c;{}\x07", base64::engine::general_purpose::STANDARD.encode(text)).into_bytes()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A key file written by create-user, and the secret in it: OSC 52 runs need no keyring or AWS.
fn key_file(env: &Sandbox, dir: &Path, user: &str) -> (String, String) {
    let file = dir.join(format!("{user}.json"));
    env.run(&["create-user", "--user-name", user, "--keys-file", file.to_str().unwrap()]).expect(0);
    let stored: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    (file.to_str().unwrap().to_owned(), stored["SecretAccessKey"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn without_a_display_the_terminal_gets_osc_52_and_the_clearing_sequence_after_the_countdown() {
    let env = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, secret) = key_file(&env, dir.path(), "pix-osc");
    let at_terminal = |extra: &[&str]| {
        let mut command = pty::command(&env.emulator);
        command
            .env("XDG_CONFIG_HOME", env.config_home.path())
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("TMUX")
            .env_remove("STY")
            .args(["keys", "copy", "--keys-file", &file, "--field", "secret"])
            .args(extra);
        let mut pty = Pty::spawn(&command);
        pty.redact(&secret);
        pty
    };

    // The countdown runs out by itself.
    let started = Instant::now();
    let mut pty = at_terminal(&["--clear-after", "1"]);
    pty.expect("Copied the secret access key to the terminal's clipboard (OSC 52).");
    pty.expect("Cleared the clipboard.");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());
    assert!(started.elapsed() >= Duration::from_secs(1));
    let set = find(pty.raw(), &osc52(&secret)).expect("the OSC 52 copy of the secret");
    let clear = find(pty.raw(), b"\x1b]52;c;\x07").expect("the OSC 52 clearing sequence");
    assert!(set < clear, "cleared after it was set");
    assert!(!pty.screen().contains(&secret), "the secret is only in the escape sequence, never shown");

    // Enter cuts a long countdown short.
    let started = Instant::now();
    let mut pty = at_terminal(&["--clear-after", "600"]);
    pty.expect("Clearing the clipboard in");
    pty.send_enter();
    pty.expect("Cleared the clipboard.");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());
    assert!(started.elapsed() < Duration::from_secs(30), "Enter did not cut the wait short");
    assert!(find(pty.raw(), b"\x1b]52;c;\x07").is_some(), "the OSC 52 clearing sequence");

    // Ctrl-C clears too, then stops with 130.
    let mut pty = at_terminal(&["--clear-after", "600"]);
    pty.expect("Clearing the clipboard in");
    pty.send_ctrl_c();
    pty.expect("Cleared the clipboard.");
    assert_eq!(pty.wait_exit(), 130, "{}", pty.shown());
    let set = find(pty.raw(), &osc52(&secret)).expect("the OSC 52 copy of the secret");
    assert!(find(&pty.raw()[set..], b"\x1b]52;c;\x07").is_some(), "cleared after Ctrl-C");
}

/// Removes the tmux server of a test, however the test ends.
struct TmuxServer(std::path::PathBuf);

impl TmuxServer {
    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-S").arg(&self.0).args(args).output().expect("run tmux")
    }
}

impl Drop for TmuxServer {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

#[tokio::test]
async fn in_tmux_with_set_clipboard_on_the_osc_52_copy_lands_in_tmuxs_buffer_and_leaves_it_when_cleared() {
    if require(&["tmux"]).is_none() {
        return;
    }
    let env = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, secret) = key_file(&env, dir.path(), "pix-tmux");
    let server = TmuxServer(dir.path().join("tmux.sock"));
    let started = server.tmux(&["-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "sleep 300"]);
    assert!(started.status.success(), "tmux: {}", String::from_utf8_lossy(&started.stderr));
    for option in [["set-clipboard", "on"], ["remain-on-exit", "on"]] {
        assert!(server.tmux(&["set-option", "-g", option[0], option[1]]).status.success(), "{option:?}");
    }
    // The binary as the tests run it (clean AWS_* environment), with no display: OSC 52 is the way.
    let binary = crate::support::std_bin();
    // env takes its `-u NAME` options before any NAME=VALUE.
    let mut line = vec!["env".to_owned(), "-u".into(), "DISPLAY".into(), "-u".into(), "WAYLAND_DISPLAY".into()];
    let mut assignments = Vec::new();
    for (key, value) in binary.get_envs() {
        let key = key.to_str().unwrap();
        match value {
            Some(value) => assignments.push(format!("{key}={}", value.to_str().unwrap())),
            None => line.extend(["-u".to_owned(), key.to_owned()]),
        }
    }
    line.extend(assignments);
    line.push(binary.get_program().to_str().unwrap().to_owned());
    line.extend(["keys", "copy", "--keys-file", &file, "--field", "secret", "--clear-after", "2"].map(str::to_owned));
    let quoted: Vec<String> = line.iter().map(|word| shlex::try_quote(word).unwrap().into_owned()).collect();
    let script = format!("{}; echo \"exit=$?\"", quoted.join(" "));
    let window = server.tmux(&["new-window", "-d", "-P", "-F", "#{pane_id}", &script]);
    let pane = String::from_utf8(window.stdout).unwrap().trim().to_owned();
    assert!(!pane.is_empty(), "tmux new-window: {}", String::from_utf8_lossy(&window.stderr));

    // The pane's history too: a window made in a detached session may be resized (and scrolled) after start.
    let screen = || String::from_utf8(server.tmux(&["capture-pane", "-p", "-S", "-", "-t", &pane]).stdout).unwrap();
    // While the countdown runs, tmux's newest paste buffer is exactly the secret.
    assert!(
        eventually(Duration::from_secs(30), || server.tmux(&["show-buffer"]).stdout == secret.as_bytes()),
        "tmux's paste buffer never held exactly the secret; the pane shows:\n{}",
        screen().replace(&secret, "<redacted>")
    );
    assert!(!screen().contains("exit="), "the countdown ended before the buffer was read");
    // Something the person copied in tmux meanwhile stays.
    assert!(server.tmux(&["set-buffer", "-b", "theirs", "a caption"]).status.success());

    assert!(eventually(Duration::from_secs(30), || screen().contains("exit=")), "the copy did not finish");
    let shown = screen();
    assert!(!shown.contains(&secret), "the secret reached the pane");
    assert!(shown.contains("exit=0"), "{shown}");
    assert!(shown.contains("Copied the secret access key to the terminal's clipboard (OSC 52)."), "{shown}");
    assert!(shown.contains("Cleared the clipboard."), "{shown}");
    // tmux ignores the clearing OSC 52; the paste buffers holding the secret are deleted instead.
    let names = String::from_utf8(server.tmux(&["list-buffers", "-F", "#{buffer_name}"]).stdout).unwrap();
    for name in names.lines() {
        assert!(
            server.tmux(&["show-buffer", "-b", name]).stdout != secret.as_bytes(),
            "buffer {name} keeps the secret"
        );
    }
    assert_eq!(server.tmux(&["show-buffer", "-b", "theirs"]).stdout, b"a caption", "another buffer was deleted");
}

#[tokio::test]
async fn with_no_display_and_no_terminal_it_fails_naming_keys_show_reveal_before_reading_anything() {
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-none"]).expect(0);
    let Keys { secret_access_key: secret, .. } = env.revealed("pix-none");
    let mark = env.emulator.requests().len();
    for extra in [&["--field", "secret"][..], &[][..], &["--field", "id", "--output", "json"][..]] {
        let mut args = vec!["keys", "copy", "--user-name", "pix-none"];
        args.extend(extra);
        let mut command = env.command_as(&env.emulator.admin, &args);
        command.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
        let refused = run(command).expect(1);
        assert_secret_absent(&refused, &secret);
        assert!(refused.stderr.starts_with("error: no clipboard can be reached: no display"), "{}", refused.stderr);
        assert!(
            refused
                .stderr
                .contains("hint: print the pair instead: pixelshift-aws keys show --user-name pix-none --reveal"),
            "{}",
            refused.stderr
        );
        assert_eq!(refused.stdout, "", "{extra:?}");
    }
    assert_eq!(env.emulator.requests().len(), mark, "refused before any AWS call");

    // --osc52 needs a terminal, even where a display exists.
    let mut command = env.command_as(&env.emulator.admin, &["keys", "copy", "--osc52", "--field", "secret"]);
    command.env("DISPLAY", ":99");
    let refused = run(command).expect(1);
    assert!(refused.stderr.contains("--osc52 needs a terminal"), "{}", refused.stderr);
    assert_secret_absent(&refused, &secret);
}

#[test]
fn bad_clear_after_and_field_values_exit_2_before_any_call() {
    let counter = ConnectionCounter::start();
    for (args, named) in [
        (&["keys", "copy", "--clear-after", "3601"][..], "3601"),
        (&["keys", "copy", "--clear-after", "soon"][..], "soon"),
        (&["keys", "copy", "--field", "both"][..], "both"),
    ] {
        let mut command = bin();
        command.env("AWS_ENDPOINT_URL", &counter.url).args(args);
        let refused = run(command).expect(2);
        assert!(refused.stderr.starts_with("error: "), "{args:?}: {}", refused.stderr);
        assert!(refused.stderr.contains(named), "{args:?} names the bad value: {}", refused.stderr);
    }
    assert_eq!(counter.connections(), 0);
}
