//! The real binary in a pseudo-terminal, driven as a person would: read the screen, type answers,
//! press arrow keys, space, enter and Ctrl-C.
//!
//! The binary gets a pty for stdin, stdout and stderr (so it sees a terminal and prompts), a 40×120
//! window, and `TERM=xterm-256color`. [`Pty::expect`] waits for text to appear on the screen, which is
//! the output with ANSI escapes and carriage returns removed; on timeout, or if the program exits
//! first, it fails with the screen so far. Secrets never appear in those failure messages: the AWS
//! secret key the program was started with, any secret registered with [`Pty::redact`], and anything
//! that looks like a printed secret access key are replaced by `<redacted>` — unless the test called
//! [`Pty::reveal_secrets`].
//!
//! Built on `rexpect`, whose reader hands out one `char` per byte: the bytes are collected here and
//! decoded as UTF-8, so `✓` and other non-ASCII output match as written.

use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::process::WaitStatus;
use rexpect::reader::{Options, Regex};
use rexpect::session::PtySession;

use super::emulator::{Emulator, REGION};

/// How long [`Pty::expect`] and [`Pty::wait_exit`] wait by default.
pub const TIMEOUT: Duration = Duration::from_mins(1);
const ROWS: u16 = 40;
const COLUMNS: u16 = 120;
/// How often the screen is polled while waiting.
const POLL: Duration = Duration::from_millis(10);

pub const KEY_DOWN: &str = "\x1b[B";

/// The `pixelshift-aws` binary pointed at `emulator` with its admin keys, as
/// [`Emulator::command`] does, but as a plain [`Command`] for [`Pty::spawn`].
#[must_use]
pub fn command(emulator: &Emulator) -> Command {
    let mut command = super::std_bin();
    command
        .env("AWS_ENDPOINT_URL", &emulator.endpoint)
        .env("AWS_ACCESS_KEY_ID", &emulator.admin.access_key_id)
        .env("AWS_SECRET_ACCESS_KEY", &emulator.admin.secret_access_key)
        .env("AWS_REGION", REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true");
    command
}

/// A program running in a pseudo-terminal.
pub struct Pty {
    session: PtySession,
    /// Every byte the program wrote so far.
    raw: Vec<u8>,
    /// How much of [`Pty::screen`] earlier expectations consumed.
    cursor: usize,
    exit: Option<WaitStatus>,
    timeout: Duration,
    secrets: Vec<String>,
    reveal: bool,
}

impl std::fmt::Debug for Pty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pty").field("cursor", &self.cursor).field("exit", &self.exit).finish_non_exhaustive()
    }
}

impl Pty {
    /// Starts `command` in a new pseudo-terminal (its environment, arguments and directory are kept).
    #[must_use]
    pub fn spawn(command: &Command) -> Pty {
        Pty::start(command, "")
    }

    /// As [`Pty::spawn`], but with stdin from `/dev/null`: stdout, stderr and the controlling
    /// terminal (`/dev/tty`) are still the pty, as for `tool < /dev/null` typed in a terminal.
    #[must_use]
    pub fn spawn_with_stdin_null(command: &Command) -> Pty {
        Pty::start(command, " </dev/null")
    }

    fn start(command: &Command, redirect: &str) -> Pty {
        let secrets = command
            .get_envs()
            .filter(|(key, _)| *key == "AWS_SECRET_ACCESS_KEY" || *key == "AWS_SESSION_TOKEN")
            .filter_map(|(_, value)| value.map(|v| v.to_string_lossy().into_owned()))
            .filter(|v| !v.is_empty())
            .collect();
        let timeout_ms = u64::try_from(TIMEOUT.as_millis()).unwrap();
        let session =
            rexpect::spawn_with_options(in_window(command, redirect), Options::new().timeout_ms(Some(timeout_ms)))
                .unwrap_or_else(|err| panic!("start {} in a pty: {err}", command.get_program().display()));
        Pty { session, raw: Vec::new(), cursor: 0, exit: None, timeout: TIMEOUT, secrets, reveal: false }
    }

    /// Changes how long each later expectation waits.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Never show `secret` in a failure message.
    pub fn redact(&mut self, secret: &str) {
        if !secret.is_empty() {
            self.secrets.push(secret.to_owned());
        }
    }

    /// Failure messages may show secrets from now on (for a test that asked to see one anyway).
    #[allow(dead_code, reason = "no test reveals a secret in its failure messages yet")]
    pub fn reveal_secrets(&mut self) {
        self.reveal = true;
    }

    /// Waits until `text` appears on the screen after what earlier expectations matched; returns the
    /// screen between the previous match and this one. Fails with the screen so far on timeout, or
    /// when the program exits without printing it.
    #[track_caller]
    pub fn expect(&mut self, text: &str) -> String {
        self.expect_where(&format!("{text:?}"), |screen| screen.find(text).map(|start| (start, start + text.len()))).0
    }

    /// Waits until every one of `texts` has appeared, in any order, after what earlier expectations
    /// matched; consumes the screen up to the end of the last of them and returns it.
    #[track_caller]
    pub fn expect_all(&mut self, texts: &[&str]) -> String {
        let (before, matched) = self.expect_where(&format!("all of {texts:?}"), |screen| {
            let mut start = usize::MAX;
            let mut end = 0;
            for text in texts {
                let at = screen.find(text)?;
                start = start.min(at);
                end = end.max(at + text.len());
            }
            Some((start, end))
        });
        before + &matched
    }

    /// Waits for the first match of `regex` (Rust regex syntax); returns its capture groups, the whole
    /// match first.
    #[track_caller]
    pub fn expect_regex(&mut self, regex: &str) -> Vec<String> {
        let re = Regex::new(regex).unwrap_or_else(|err| panic!("bad regex {regex:?}: {err}"));
        let (_, matched) =
            self.expect_where(&format!("/{regex}/"), |screen| re.find(screen).map(|m| (m.start(), m.end())));
        let captures = re.captures(&matched).expect("matched just now");
        captures.iter().map(|group| group.map_or_else(String::new, |g| g.as_str().to_owned())).collect()
    }

    /// Waits until `find` finds something in the unmatched screen; returns the text before it and the
    /// match, and moves past the match.
    #[track_caller]
    fn expect_where(&mut self, what: &str, find: impl Fn(&str) -> Option<(usize, usize)>) -> (String, String) {
        let deadline = Instant::now() + self.timeout;
        let mut drained = false;
        loop {
            let screen = self.screen();
            if let Some((start, end)) = find(&screen[self.cursor..]) {
                let before = screen[self.cursor..self.cursor + start].to_owned();
                let matched = screen[self.cursor + start..self.cursor + end].to_owned();
                self.cursor += end;
                return (before, matched);
            }
            if let Some(status) = self.exit {
                // A program that exits right after its last lines may leave them in the pty's
                // buffer: read to the end of file and look once more before giving up.
                if !drained {
                    self.drain();
                    drained = true;
                    continue;
                }
                self.fail(&format!("the program exited ({}) without showing {what}", describe(status)));
            }
            if Instant::now() >= deadline {
                self.fail(&format!("{what} did not appear within {} s", self.timeout.as_secs()));
            }
            if !self.pump() {
                self.check_exit();
                std::thread::sleep(POLL);
            }
        }
    }

    /// Types `text` and presses enter.
    pub fn send_line(&mut self, text: &str) {
        self.send(text);
        self.send("\r");
    }

    /// Sends `text` as typed (escape sequences included) and flushes it to the program.
    pub fn send(&mut self, text: &str) {
        self.session.send(text).expect("write to the pty");
        self.session.flush().expect("flush the pty");
    }

    pub fn send_key_down(&mut self) {
        self.send(KEY_DOWN);
    }

    pub fn send_space(&mut self) {
        self.send(" ");
    }

    pub fn send_enter(&mut self) {
        self.send("\r");
    }

    pub fn send_ctrl_c(&mut self) {
        self.session.send_control('c').expect("send Ctrl-C to the pty");
    }

    /// Waits for the program to exit, reading the rest of its output; returns the exit code as a
    /// shell reports it (128 + N when killed by signal N, so an exit by SIGINT is 130).
    #[track_caller]
    pub fn wait_exit(&mut self) -> i32 {
        let deadline = Instant::now() + self.timeout;
        while self.exit.is_none() {
            if Instant::now() >= deadline {
                self.fail(&format!("the program did not exit within {} s", self.timeout.as_secs()));
            }
            if !self.pump() {
                self.check_exit();
                std::thread::sleep(POLL);
            }
        }
        self.drain();
        match self.exit.expect("set above") {
            WaitStatus::Exited(_, code) => code,
            WaitStatus::Signaled(_, signal, _) => 128 + signal as i32,
            other => self.fail(&format!("unexpected wait status {other:?}")),
        }
    }

    /// Everything the program has shown so far (all of it, unredacted): ANSI escape sequences and
    /// carriage returns removed, decoded as UTF-8.
    #[must_use]
    pub fn screen(&self) -> String {
        strip_ansi(&String::from_utf8_lossy(&self.raw))
    }

    /// Every byte the program wrote so far, escape sequences included (an OSC 52 copy is one).
    #[must_use]
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// Whether the program left the terminal's cursor hidden: its last cursor command was "hide"
    /// (`ESC [ ? 25 l`) and no "show" (`ESC [ ? 25 h`) followed. A shell does not show it again.
    #[must_use]
    pub fn cursor_hidden(&self) -> bool {
        let last = |needle: &[u8]| self.raw.windows(needle.len()).rposition(|w| w == needle);
        match (last(b"\x1b[?25l"), last(b"\x1b[?25h")) {
            (Some(hidden), Some(shown)) => hidden > shown,
            (hidden, _) => hidden.is_some(),
        }
    }

    /// [`Pty::screen`] with secrets hidden, unless [`Pty::reveal_secrets`] was called: what a failure
    /// message may show.
    #[must_use]
    pub fn shown(&self) -> String {
        self.hide(self.screen())
    }

    fn hide(&self, mut screen: String) -> String {
        if self.reveal {
            return screen;
        }
        for secret in &self.secrets {
            screen = screen.replace(secret.as_str(), "<redacted>");
        }
        // Whatever looks like a printed secret access key, in text or JSON.
        let patterns = [r"(?i)(secret\s*access\s*key\s*[:=]\s*)\S+", r#"(?i)("secret_?access_?key"\s*:\s*")[^"]*"#];
        for pattern in patterns {
            screen = Regex::new(pattern).unwrap().replace_all(&screen, "${1}<redacted>").into_owned();
        }
        screen
    }

    /// Moves what the reader thread has read into `raw`; whether there was anything.
    fn pump(&mut self) -> bool {
        let mut any = false;
        while let Some(c) = self.session.try_read() {
            // rexpect's reader turns each byte into the char of that code point.
            self.raw.push(u8::try_from(u32::from(c)).unwrap_or(b'?'));
            any = true;
        }
        any
    }

    /// Reaps the program if it has exited.
    fn check_exit(&mut self) {
        if self.exit.is_none() {
            match self.session.process().status() {
                Some(WaitStatus::StillAlive) | None => {}
                Some(status) => self.exit = Some(status),
            }
        }
    }

    /// After exit: reads the program's last output (up to the pty's end of file).
    fn drain(&mut self) {
        self.pump();
        if let Ok(rest) = self.session.exp_eof() {
            self.raw.extend(rest.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')));
        }
    }

    #[track_caller]
    fn fail(&mut self, why: &str) -> ! {
        if self.exit.is_some() {
            self.drain();
        } else {
            self.pump();
        }
        let screen = self.screen();
        let (seen, pending) = screen.split_at(self.cursor.min(screen.len()));
        let seen_tail: String = {
            let chars: Vec<char> = seen.chars().collect();
            chars[chars.len().saturating_sub(2_000)..].iter().collect()
        };
        let (seen_tail, pending) = (self.hide(seen_tail), self.hide(pending.to_owned()));
        panic!(
            "pty: {why}\n----- screen, already matched (last 2,000 characters) -----\n{seen_tail}\n----- screen, \
             not matched yet -----\n{pending}\n----- end of screen -----"
        );
    }
}

/// `command` run through `sh` so the pty gets a window size first (rexpect leaves it 0×0, and
/// terminal libraries then guess); `exec` keeps the program itself as the process in the pty.
fn in_window(command: &Command, redirect: &str) -> Command {
    let mut shell = Command::new("/bin/sh");
    shell
        .arg("-c")
        .arg(format!("stty rows {ROWS} cols {COLUMNS} 2>/dev/null; exec \"$0\" \"$@\"{redirect}"))
        .arg(command.get_program())
        .args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => shell.env(key, value),
            None => shell.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        shell.current_dir(dir);
    }
    shell.env("TERM", "xterm-256color").env("COLUMNS", COLUMNS.to_string()).env("LINES", ROWS.to_string());
    shell
}

fn describe(status: WaitStatus) -> String {
    match status {
        WaitStatus::Exited(_, code) => format!("exit code {code}"),
        WaitStatus::Signaled(_, signal, _) => format!("killed by {signal:?}"),
        other => format!("{other:?}"),
    }
}

/// Removes ANSI escape sequences (CSI, OSC and two-byte ones) and carriage returns.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                // CSI: parameters and intermediates, then one final byte in @..~
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                // OSC: up to BEL or ESC \
                Some(']') => {
                    while let Some(c) = chars.next() {
                        if c == '\x07' {
                            break;
                        }
                        if c == '\x1b' {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_ansi;

    #[test]
    fn strips_escapes_and_carriage_returns() {
        assert_eq!(strip_ansi("\x1b[1;32m✓\x1b[0m ok\r\n\x1b]0;title\x07x\x1b[?25l"), "✓ ok\nx");
    }
}
