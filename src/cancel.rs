//! Ctrl-C, SIGTERM and SIGHUP: one cancellation token that every part of a run shares.
//!
//! By default a signal stops the command at once (exit 130): the top level races the command
//! against [`Cancel::stopped`]. Where stopping would do harm, code raises a [`Shield`]: between
//! `CreateAccessKey` and storing the secret (AWS never shows it again), while apply finishes a
//! phase and writes its resume note, while verify removes its probe objects. Shielded code reads
//! the same token ([`Cancel::is_cancelled`], [`Cancel::cancelled`]) to stop at its next safe point.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::error::Error;

#[derive(Debug, Clone, Default)]
pub struct Cancel {
    token: CancellationToken,
    shields: Arc<Shields>,
}

#[derive(Debug, Default)]
struct Shields {
    up: AtomicUsize,
    lowered: Notify,
}

/// While alive, a signal does not stop the command; see the module docs.
#[derive(Debug)]
#[must_use = "the shield is lowered when dropped"]
pub struct Shield(Arc<Shields>);

impl Drop for Shield {
    fn drop(&mut self) {
        if self.0.up.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.lowered.notify_waiters();
        }
    }
}

impl Cancel {
    /// A token that signals cancel. Must be called inside the runtime. Installing the handlers also
    /// makes a prompt's Ctrl-C come back as an error instead of killing the process with the
    /// terminal's cursor hidden.
    #[must_use]
    pub fn listen() -> Cancel {
        let cancel = Cancel::default();
        let token = cancel.token.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                token.cancel();
            }
        });
        #[cfg(unix)]
        for kind in [tokio::signal::unix::SignalKind::terminate(), tokio::signal::unix::SignalKind::hangup()] {
            if let Ok(mut signal) = tokio::signal::unix::signal(kind) {
                let token = cancel.token.clone();
                tokio::spawn(async move {
                    if signal.recv().await.is_some() {
                        token.cancel();
                    }
                });
            }
        }
        cancel
    }

    pub fn cancel(&self) {
        self.token.cancel();
    }

    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }

    /// `Err(Interrupted)` once cancelled: for the safe points of shielded code.
    pub fn check(&self) -> Result<(), Error> {
        if self.is_cancelled() { Err(Error::Interrupted) } else { Ok(()) }
    }

    /// Resolves when a signal arrives, shield or not.
    pub async fn cancelled(&self) {
        self.token.cancelled().await;
    }

    pub fn shield(&self) -> Shield {
        self.shields.up.fetch_add(1, Ordering::SeqCst);
        Shield(Arc::clone(&self.shields))
    }

    /// Resolves when a signal has arrived and no shield is up: where the top level stops the command.
    pub async fn stopped(&self) {
        self.token.cancelled().await;
        loop {
            let lowered = self.shields.lowered.notified();
            if self.shields.up.load(Ordering::SeqCst) == 0 {
                return;
            }
            lowered.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_shield_holds_the_stop_until_it_is_lowered() {
        let cancel = Cancel::default();
        let shield = cancel.shield();
        cancel.cancel();
        assert!(cancel.check().is_err());
        let stopped = tokio::time::timeout(Duration::from_millis(50), cancel.stopped()).await;
        assert!(stopped.is_err(), "stopped while shielded");
        drop(shield);
        tokio::time::timeout(Duration::from_secs(5), cancel.stopped()).await.expect("stops once the shield is down");
    }
}
