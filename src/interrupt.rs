//! Ctrl-C. By default it stops the command at once (exit 130) — except inside a [`Defer`] section,
//! where stopping would do harm: between `CreateAccessKey` and storing the secret (AWS never shows
//! it again), or while verify removes its probe objects. There the interrupt waits until the section
//! ends; code inside that wants to react (setup's resume note, verify's clean-up) listens itself.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

static DEFERRING: AtomicUsize = AtomicUsize::new(0);

/// While alive, Ctrl-C does not stop the command.
#[derive(Debug)]
pub struct Defer(());

impl Defer {
    #[must_use]
    pub fn new() -> Self {
        DEFERRING.fetch_add(1, Ordering::SeqCst);
        Defer(())
    }
}

impl Default for Defer {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Defer {
    fn drop(&mut self) {
        DEFERRING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Resolves when Ctrl-C was pressed and no [`Defer`] section is running. Installing the handler
/// also makes a prompt's Ctrl-C come back as an error instead of killing the process with the
/// terminal's cursor hidden.
pub async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        // No handler could be installed: never resolve, and Ctrl-C keeps its default effect.
        std::future::pending::<()>().await;
    }
    while DEFERRING.load(Ordering::SeqCst) > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
