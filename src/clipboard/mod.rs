//! The clipboard hand-off: the access key pair goes to the clipboard instead of the terminal's
//! scrollback, and the secret leaves the clipboard again after a while.
//!
//! - [`route`]: which way reaches the person's clipboard here (pure).
//! - [`osc52`]: the terminal escape sequence, wrapped for tmux and screen (pure).
//! - [`desktop`] and [`helper`]: the desktop clipboard, held and cleared by a detached helper process.
//! - [`tmux`]: tmux's paste buffers, which keep an OSC 52 copy that no escape sequence clears.
//!
//! Clearing: the desktop helper clears on its own, even after the command and the terminal are gone.
//! OSC 52 has nobody but the command to send the clearing sequence, and no way to read the clipboard
//! back, so the command waits in the foreground (a countdown Enter cuts short) and then clears it
//! whatever it holds; a terminal closed before then keeps the secret on its clipboard.

pub mod desktop;
pub mod helper;
pub mod osc52;
pub mod route;
pub mod tmux;

use std::io::{self, IsTerminal as _, Write as _};
use std::time::Duration;

use zeroize::Zeroizing;

pub use route::{Multiplexer, NoRoute, Route, Surroundings};

/// Copies `text` by the first of `routes` that works; `clear_after` is for the desktop helper (the
/// caller clears an OSC 52 copy). Returns the route used, and why each earlier one failed.
pub async fn copy(
    text: Zeroizing<String>,
    clear_after: Option<Duration>,
    routes: &[Route],
) -> Result<(Route, Vec<String>), Vec<String>> {
    let mut failures = Vec::new();
    for route in routes {
        let done = match *route {
            Route::Desktop => {
                let text = text.clone();
                tokio::task::spawn_blocking(move || desktop::hold(&text, clear_after))
                    .await
                    .unwrap_or_else(|err| Err(format!("the clipboard helper failed ({err})")))
                    .map_err(|why| format!("the desktop clipboard: {why}"))
            }
            Route::Osc52(multiplexer) => write_terminal(&osc52::set(&text, multiplexer))
                .map_err(|err| format!("the terminal (OSC 52): cannot write to it ({err})")),
        };
        match done {
            Ok(()) => return Ok((*route, failures)),
            Err(why) => failures.push(why),
        }
    }
    Err(failures)
}

/// Clears a clipboard set with OSC 52 through the same multiplexer.
pub fn clear_terminal(multiplexer: Multiplexer) -> io::Result<()> {
    write_terminal(&osc52::clear(multiplexer))
}

/// Writes an escape sequence to the terminal: stderr if it is one (stdout stays for results), else
/// stdout. Never to a file or pipe, where it would land as text.
fn write_terminal(sequence: &str) -> io::Result<()> {
    if io::stderr().is_terminal() {
        let mut stderr = io::stderr().lock();
        stderr.write_all(sequence.as_bytes())?;
        stderr.flush()
    } else if io::stdout().is_terminal() {
        let mut stdout = io::stdout().lock();
        stdout.write_all(sequence.as_bytes())?;
        stdout.flush()
    } else {
        Err(io::Error::new(io::ErrorKind::NotConnected, "neither stdout nor stderr is a terminal"))
    }
}
