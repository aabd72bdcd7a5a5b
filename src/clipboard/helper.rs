//! The clipboard helper: this same binary, started as `pixelshift-aws __hold-clipboard SECS`, holds
//! one copied value on the desktop clipboard and clears it after `SECS` seconds — only if the
//! clipboard still holds that value (as `pass -c` does), so whatever the person copied meanwhile is
//! left alone. `SECS` 0: never cleared; it holds until something else is copied.
//!
//! Why a separate process: on X11 and Wayland there is no clipboard storage — the process that
//! copied must answer every paste until someone else copies, and its copy is gone when it exits.
//! `keys copy` returns at once (and the terminal may be closed); the helper outlives it in a
//! session of its own, so neither its exit nor a closed terminal (SIGHUP) cuts the countdown
//! short. On macOS and Windows the system keeps the copy; the helper is there for the clearing.
//!
//! The value arrives on stdin (never argv or the environment, which `/proc` shows to the user's
//! other processes); the helper answers `ok` or `error: <why>` on one line of stdout and then only
//! keeps the value's SHA-256 to recognise it. It asks desktop clipboard managers not to record the
//! value in their history (KDE's password-manager hint; on Windows, history and cloud sync).

use std::ffi::OsString;
use std::io::{self, Read as _, Write as _};
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::exit::ExitStatus;

/// The argument that makes this binary the helper. Not a subcommand: it never shows in help,
/// completions or man pages, and clap never sees it.
pub const ARG: &str = "__hold-clipboard";

/// How often the helper looks whether the clipboard still holds its value.
const POLL: Duration = Duration::from_millis(250);

/// Runs the helper when `args` (program name first) asks for it; its exit status, else `None`.
#[must_use]
pub fn run_if_asked(args: &[OsString]) -> Option<ExitStatus> {
    if args.get(1).is_none_or(|arg| arg != ARG) {
        return None;
    }
    let clear_after = args.get(2).and_then(|s| s.to_str()).and_then(|s| s.parse::<u64>().ok());
    let Some(secs) = clear_after else {
        answer("error: the clipboard helper needs the seconds to wait");
        return Some(ExitStatus::Usage);
    };
    detach();
    Some(hold((secs > 0).then(|| Duration::from_secs(secs))))
}

fn hold(clear_after: Option<Duration>) -> ExitStatus {
    let mut value = Zeroizing::new(String::new());
    if let Err(err) = io::stdin().read_to_string(&mut value) {
        answer(&format!("error: cannot read the value to copy ({err})"));
        return ExitStatus::Failure;
    }
    let digest = Sha256::digest(value.as_bytes());
    let mut clipboard = match arboard::Clipboard::new() {
        Ok(clipboard) => clipboard,
        Err(err) => {
            answer(&format!("error: {err}"));
            return ExitStatus::Failure;
        }
    };
    if let Err(err) = set(&mut clipboard, &value) {
        answer(&format!("error: {err}"));
        return ExitStatus::Failure;
    }
    drop(value);
    answer("ok");
    let deadline = clear_after.map(|wait| Instant::now() + wait);
    loop {
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if left == Some(Duration::ZERO) {
            break;
        }
        std::thread::sleep(left.map_or(POLL, |left| left.min(POLL)));
        if !holds(&mut clipboard, &digest) {
            // Someone copied something else: theirs now, and nothing of ours is left to clear.
            return ExitStatus::Success;
        }
    }
    if holds(&mut clipboard, &digest) {
        let _ = clipboard.clear();
    }
    ExitStatus::Success
}

/// Whether the clipboard still holds the value with this digest.
fn holds(clipboard: &mut arboard::Clipboard, digest: &[u8]) -> bool {
    clipboard.get_text().is_ok_and(|text| {
        let text = Zeroizing::new(text);
        Sha256::digest(text.as_bytes()).as_slice() == digest
    })
}

#[cfg(all(unix, not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))))]
fn set(clipboard: &mut arboard::Clipboard, value: &str) -> Result<(), arboard::Error> {
    use arboard::SetExtLinux as _;
    clipboard.set().exclude_from_history().text(value)
}

#[cfg(target_os = "macos")]
fn set(clipboard: &mut arboard::Clipboard, value: &str) -> Result<(), arboard::Error> {
    use arboard::SetExtApple as _;
    clipboard.set().exclude_from_history().text(value)
}

#[cfg(windows)]
fn set(clipboard: &mut arboard::Clipboard, value: &str) -> Result<(), arboard::Error> {
    use arboard::SetExtWindows as _;
    clipboard.set().exclude_from_history().exclude_from_cloud().text(value)
}

/// The one line the parent waits for. It may be gone already; nothing to do then.
fn answer(line: &str) {
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

/// A session of its own (Linux): no controlling terminal, so closing the terminal sends it no
/// SIGHUP and Ctrl-C in it no SIGINT. Elsewhere the parent starts it in its own process group.
fn detach() {
    #[cfg(target_os = "linux")]
    let _ = nix::unistd::setsid();
}
