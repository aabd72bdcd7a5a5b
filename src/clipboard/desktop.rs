//! The desktop clipboard, from the side of the command: start the helper ([`super::helper`]), hand
//! it the value through a pipe, and wait for its one-line answer.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use zeroize::Zeroizing;

use super::helper;

/// How long the helper may take to own the clipboard: an X server or compositor that does not
/// answer must not hang the command.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);

/// Puts `value` on the desktop clipboard, held by a detached helper that clears it after
/// `clear_after` (`None`: never) if it still holds it. `Err` says why not, for people; it never
/// holds the value.
pub fn hold(value: &Zeroizing<String>, clear_after: Option<Duration>) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|err| format!("cannot find this program to start its helper ({err})"))?;
    let mut command = Command::new(exe);
    command
        .arg(helper::ARG)
        .arg(clear_after.map_or(0, |d| d.as_secs()).to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    detached(&mut command);
    let mut child = command.spawn().map_err(|err| format!("cannot start the clipboard helper ({err})"))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let written = stdin.write_all(value.as_bytes());
    // Closing stdin is the end of the value.
    drop(stdin);
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let answer = rx.recv_timeout(ANSWER_WITHIN);
    match answer.as_deref().map(str::trim_end) {
        Ok("ok") => Ok(()),
        Ok(line) => {
            let _ = child.wait();
            let why = line.strip_prefix("error: ").unwrap_or(line);
            match (why.is_empty(), written) {
                (true, Err(err)) => Err(format!("the clipboard helper did not take the value ({err})")),
                (true, Ok(())) => Err("the clipboard helper stopped without an answer".to_owned()),
                (false, _) => Err(why.to_owned()),
            }
        }
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!("the clipboard did not answer within {} s", ANSWER_WITHIN.as_secs()))
        }
    }
}

/// The helper must outlive this process and the terminal: on Linux it starts a session of its own;
/// elsewhere on Unix a process group of its own keeps Ctrl-C and the terminal's hang-up away; on
/// Windows it gets no console.
fn detached(command: &mut Command) {
    #[cfg(all(unix, not(target_os = "linux")))]
    std::os::unix::process::CommandExt::process_group(command, 0);
    #[cfg(windows)]
    {
        const DETACHED_PROCESS: u32 = 0x0000_0008;
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
        std::os::windows::process::CommandExt::creation_flags(command, DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP);
    }
    #[cfg(target_os = "linux")]
    let _ = command;
}
