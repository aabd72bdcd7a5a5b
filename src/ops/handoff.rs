//! Handing the key pair to the person for the Pixelshift dashboard's storage form, without printing
//! the secret: the access key id to the clipboard, Enter once it is pasted, then the secret, which
//! leaves the clipboard again after `--clear-after` seconds. `keys copy`, and the reveal step of
//! setup and create-user, run this.

use std::io::IsTerminal as _;
use std::time::Duration;

use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::clipboard::{self, Multiplexer, NoRoute, Route, Surroundings};
use crate::context::Context;
use crate::error::Error;
use crate::secrets::StoredKey;

/// One of the pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Secret,
}

impl Field {
    /// For people and `--output json`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "access_key_id",
            Field::Secret => "secret_access_key",
        }
    }
}

/// How a copy is made: the routes to try, best first, and when to clear the secret.
#[derive(Debug, Clone)]
pub struct Handoff {
    pub routes: Vec<Route>,
    /// `None`: never cleared (`--clear-after 0`).
    pub clear_after: Option<Duration>,
}

impl Handoff {
    /// The ways to the clipboard here, decided before anything is read: without any, the error
    /// names `keys show --reveal` for `user` as the way out.
    pub fn here(force_osc52: bool, clear_after: u64, user: &str) -> Result<Handoff, Error> {
        let routes = clipboard::route::choose(&Surroundings::current(), force_osc52).map_err(|why| {
            let message = match why {
                NoRoute::NoTerminal => "--osc52 needs a terminal, and neither stdout nor stderr is one",
                NoRoute::Neither => {
                    "no clipboard can be reached: no display (DISPLAY and WAYLAND_DISPLAY are unset) and no \
                     terminal for OSC 52 (neither stdout nor stderr is one)"
                }
            };
            Error::refused(
                message,
                format!("print the pair instead: pixelshift-aws keys show --user-name {user} --reveal"),
            )
        })?;
        Ok(Handoff { routes, clear_after: (clear_after > 0).then(|| Duration::from_secs(clear_after)) })
    }

    /// Whether a clipboard is reachable here at all (for offering the copy at a reveal step).
    #[must_use]
    pub fn available() -> Option<Handoff> {
        Handoff::here(false, crate::cli::DEFAULT_CLEAR_AFTER, "").ok()
    }
}

/// The reveal step after a key is made (setup, create-user): copy the pair to the clipboard, show
/// it here, or neither. Without a reachable clipboard, only "show it?" is asked. Whether the pair was
/// handed over (copied or shown).
pub async fn offer(key: &StoredKey, ctx: &Context) -> Result<bool, Error> {
    let question = "Show or copy the key pair now, to paste into the Pixelshift dashboard?";
    let Some(handoff) = Handoff::available() else {
        let question = "Show the key pair now, to paste into the Pixelshift dashboard?";
        let shown = ctx.ask.prompter().confirm(question, false, "--show-secret")?;
        if shown {
            show(key, ctx);
        }
        return Ok(shown);
    };
    let items = [
        "No (`keys copy` or `keys show --reveal` hand it over later)".to_owned(),
        format!(
            "Copy it to the clipboard: the id, then the secret (cleared after {} s)",
            crate::cli::DEFAULT_CLEAR_AFTER
        ),
        "Show it here (it stays in the terminal's scrollback)".to_owned(),
    ];
    match ctx.ask.prompter().select(question, &items, 0, "--show-secret")? {
        // The key is made and stored by now: a clipboard that fails is a warning, never the run's
        // failure (no refusal follows a write); the last line names `keys show --reveal`.
        1 => match copy(key, None, &handoff, ctx).await {
            Ok(_) => Ok(true),
            Err(Error::Interrupted) => Err(Error::Interrupted),
            Err(err) => {
                ctx.out.warn(&err);
                if let Some(hint) = err.hint() {
                    ctx.out.hint(hint);
                }
                Ok(false)
            }
        },
        2 => {
            show(key, ctx);
            Ok(true)
        }
        _ => Ok(false),
    }
}

fn show(key: &StoredKey, ctx: &Context) {
    ctx.out.secret_line(format_args!("AccessKeyId:     {}", key.access_key_id));
    ctx.out.secret_line(format_args!("SecretAccessKey: {}", key.secret_access_key.expose()));
}

/// What a hand-off did.
#[derive(Debug)]
pub struct Copied {
    pub route: Route,
    pub fields: Vec<Field>,
    /// The secret is gone from the clipboard already (the OSC 52 countdown ran out or was cut short).
    pub cleared: bool,
}

/// Copies `field`, or, with `None`, the id and — once the person pressed Enter — the secret.
pub async fn copy(key: &StoredKey, field: Option<Field>, handoff: &Handoff, ctx: &Context) -> Result<Copied, Error> {
    let fields = match field {
        Some(field) => vec![field],
        None => vec![Field::Id, Field::Secret],
    };
    let mut route = None;
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            let question = "Pasted the access key id? Press Enter to copy the secret access key";
            ctx.ask.prompter().input(question, None, true, "--field")?;
        }
        route = Some(copy_one(key, *field, handoff, ctx).await?);
    }
    let route = route.expect("at least one field");
    let copied_secret = fields.contains(&Field::Secret);
    let cleared = match (route, handoff.clear_after) {
        (Route::Osc52(multiplexer), Some(wait)) if copied_secret => {
            let digest = Sha256::digest(key.secret_access_key.expose().as_bytes());
            count_down_and_clear(wait, multiplexer, &digest, ctx).await?;
            true
        }
        _ => false,
    };
    Ok(Copied { route, fields, cleared })
}

async fn copy_one(key: &StoredKey, field: Field, handoff: &Handoff, ctx: &Context) -> Result<Route, Error> {
    let (text, clear_after) = match field {
        // The id is no secret: it stays until something else is copied.
        Field::Id => (Zeroizing::new(key.access_key_id.clone()), None),
        Field::Secret => (Zeroizing::new(key.secret_access_key.expose().to_owned()), handoff.clear_after),
    };
    match clipboard::copy(text, clear_after, &handoff.routes).await {
        Ok((route, failures)) => {
            for why in failures {
                ctx.out.warn(format_args!("{why}; using the terminal's clipboard (OSC 52) instead"));
            }
            let what = match field {
                Field::Id => format!("the access key id {}", key.access_key_id),
                Field::Secret => "the secret access key".to_owned(),
            };
            let how = match route {
                Route::Desktop => "the clipboard",
                Route::Osc52(_) => "the terminal's clipboard (OSC 52)",
            };
            ctx.out.info(format_args!("Copied {what} to {how}."));
            if field == Field::Secret
                && route == Route::Desktop
                && let Some(wait) = handoff.clear_after
            {
                ctx.out.info(format_args!(
                    "It is cleared in {} s, unless something else is copied first.",
                    wait.as_secs()
                ));
            }
            Ok(route)
        }
        Err(failures) => Err(Error::refused(
            format!("cannot copy to the clipboard: {}", failures.join("; ")),
            format!("print the pair instead: pixelshift-aws keys show --user-name {} --reveal", key.user_name),
        )),
    }
}

/// The foreground wait before an OSC 52 copy is cleared: a countdown on stderr, cut short by Enter
/// when stdin is a terminal. Ctrl-C (or SIGTERM) clears at once, then stops the run: the signal is
/// held off until the clearing sequence is written.
async fn count_down_and_clear(
    wait: Duration,
    multiplexer: Multiplexer,
    digest: &[u8],
    ctx: &Context,
) -> Result<(), Error> {
    let _shield = ctx.cancel.shield();
    let interactive = std::io::stdin().is_terminal();
    let enter = async {
        if interactive {
            let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new())).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(enter);
    let cut_short = if interactive { " (Enter clears it now)" } else { "" };
    let spinner = ctx.out.spinner("");
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            break;
        }
        spinner.set_message(format!("Clearing the clipboard in {} s{cut_short}", left.as_secs().max(1)));
        tokio::select! {
            () = tokio::time::sleep(left.min(Duration::from_secs(1))) => {}
            () = &mut enter => break,
            () = ctx.cancel.cancelled() => break,
        }
    }
    spinner.finish();
    clipboard::clear_terminal(multiplexer).map_err(|err| {
        Error::refused(
            format!("cannot clear the terminal's clipboard ({err})"),
            "copy something else to the clipboard to replace the secret",
        )
    })?;
    if multiplexer == Multiplexer::Tmux {
        let forgotten = clipboard::tmux::forget(digest);
        ctx.out.detail(format_args!("deleted {forgotten} tmux paste buffer(s) holding the secret"));
    }
    ctx.out.info("Cleared the clipboard.");
    ctx.cancel.check()
}
