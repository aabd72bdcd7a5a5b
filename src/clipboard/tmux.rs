//! tmux's own copies: with `set-clipboard on`, tmux keeps an OSC 52 copy as a paste buffer (and up
//! to `buffer-limit` older ones), and it ignores the empty OSC 52 that clears a terminal's
//! clipboard. So clearing inside tmux also deletes every paste buffer that holds the secret, found
//! by its SHA-256; buffers holding anything else are left alone. The `tmux` client finds its server
//! through `TMUX`, as any command in a pane does; the contents come back through a pipe.

use std::process::{Command, Stdio};

use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

/// Deletes the paste buffers holding the text with this digest; how many.
#[must_use]
pub fn forget(digest: &[u8]) -> usize {
    let Some(names) = tmux(&["list-buffers", "-F", "#{buffer_name}"]) else { return 0 };
    let names = String::from_utf8_lossy(&names).into_owned();
    names
        .lines()
        .filter(|name| {
            tmux(&["show-buffer", "-b", name]).is_some_and(|held| Sha256::digest(held.as_slice()).as_slice() == digest)
        })
        .filter(|name| tmux(&["delete-buffer", "-b", name]).is_some())
        .count()
}

/// Runs `tmux ARGS`; its stdout when it succeeded.
fn tmux(args: &[&str]) -> Option<Zeroizing<Vec<u8>>> {
    let output = Command::new("tmux").args(args).stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| Zeroizing::new(output.stdout))
}
