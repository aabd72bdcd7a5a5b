//! pixelshift-aws: give Pixelshift least-privilege, verified access to a customer's S3 buckets.
//!
//! `main.rs` only calls [`run`]; everything else lives here so tests can drive the whole program.

pub mod aws;
pub mod cancel;
pub mod cli;
pub mod clipboard;
pub mod commands;
pub mod console;
pub mod context;
pub mod domain;
pub mod error;
pub mod exit;
pub mod files;
pub mod ops;
pub mod prompt;
pub mod report;
pub mod secrets;
pub mod template;

use std::ffi::OsString;

use clap::{CommandFactory, FromArgMatches};

use crate::aws::Settings;
use crate::cancel::Cancel;
use crate::cli::{Cli, ColorChoice, OutputFormat};
use crate::console::Console;
use crate::context::Context;
pub use crate::exit::ExitStatus;
use crate::prompt::Asker;

/// Process-wide protection for the secrets this process holds, set once by `main` before anything
/// else: no core file and no debugger attach can read a secret out of its memory (Linux), and a
/// panic — a bug — ends the process with one `error:` line and exit 1, never an abort with a core
/// dump. The panic message is this crate's own text; secrets have no `Display` and a redacting
/// `Debug`, so none can be in it.
pub fn harden() {
    #[cfg(target_os = "linux")]
    {
        let _ = nix::sys::prctl::set_dumpable(false);
        let _ = nix::sys::resource::setrlimit(nix::sys::resource::Resource::RLIMIT_CORE, 0, 0);
    }
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("error: internal error: {message}{place}");
        eprintln!("hint: this is a bug in pixelshift-aws; what it changed so far is safe to re-run");
        std::process::exit(1);
    }));
}

/// Parses `args` (program name first) and runs the command.
pub fn run<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if let Some(status) = clipboard::helper::run_if_asked(&args) {
        return status;
    }
    let parsed = Cli::command().try_get_matches_from(args).and_then(|matches| {
        let settings = cli::aws_settings(&matches);
        let keyring = cli::keyring_available(&matches);
        Cli::from_arg_matches(&matches).map(|cli| (cli, settings, keyring))
    });
    match parsed {
        Ok((_, _, Err(err))) => {
            let hint = err.hint();
            Console::with(false, false, 0).error(&anyhow::Error::new(err), hint.as_deref());
            ExitStatus::Usage
        }
        Ok((cli, settings, Ok(()))) => run_with(cli, settings),
        Err(err) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = err.print();
            if err.use_stderr() { ExitStatus::Usage } else { ExitStatus::Success }
        }
    }
}

/// Runs an already-parsed command line with its AWS settings ([`cli::aws_settings`]). Errors are
/// printed here, once.
#[must_use]
pub fn run_with(cli: Cli, settings: Settings) -> ExitStatus {
    let global = &cli.global;
    console::set_colour(match global.color {
        ColorChoice::Auto => None,
        ColorChoice::Always => Some(true),
        ColorChoice::Never => Some(false),
    });
    let out = Console::with(global.output == OutputFormat::Json, global.quiet, global.verbose);
    let ask = Asker::for_session(global.yes, global.non_interactive, cli.command.reads_stdin());
    let checked =
        settings.validate().and_then(|()| if cli.command.talks_to_aws() { Settings::check_files() } else { Ok(()) });
    if let Err(err) = checked.map_err(error::Error::from) {
        let hint = err.hint();
        out.error(&anyhow::Error::new(err), hint.as_deref());
        return ExitStatus::Usage;
    }
    // One thread is plenty: the calls that matter run concurrently on it, and keyring calls, which
    // block, go to the runtime's blocking pool.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    let result = match runtime {
        Ok(runtime) => {
            let result = runtime.block_on(async {
                let ctx = Context { out: out.clone(), settings, ask, cancel: Cancel::listen(), account: None };
                tokio::select! {
                    result = commands::dispatch(cli.command, &ctx) => result,
                    () = ctx.cancel.stopped() => Err(error::Error::Interrupted.into()),
                }
            });
            // Dropping a runtime waits for its blocking-pool threads; one stuck in a keyring call
            // (a Secret Service that never answers) would keep an interrupted run alive forever.
            // The command is over, and whatever must finish ran under a shield before this point.
            runtime.shutdown_background();
            result
        }
        Err(err) => Err(anyhow::Error::new(err).context("cannot start the async runtime")),
    };
    match result {
        Ok(()) => ExitStatus::Success,
        Err(err) if error::is_broken_pipe(&err) => ExitStatus::Success,
        Err(err) if error::classify(&err).0 == ExitStatus::Interrupted => {
            // A prompt or spinner may have hidden the cursor; give the terminal back as it was.
            // Only on a terminal: a log file or pipe would get a raw escape sequence.
            if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                let _ = dialoguer::console::Term::stderr().show_cursor();
            }
            out.warn("interrupted");
            ExitStatus::Interrupted
        }
        Err(err) if error::is_declined(&err) => {
            out.stopped(&err);
            ExitStatus::Failure
        }
        Err(err) => {
            let (status, hint) = error::classify(&err);
            out.error(&err, hint.as_deref());
            status
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_can_be_called_more_than_once() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("policy.json");
        let args = ["pixelshift-aws", "-q", "make-policy", "--bucket", "photos", "-o", out.to_str().unwrap()];
        assert_eq!(run(args), ExitStatus::Success);
        let first = std::fs::read_to_string(&out).unwrap();
        assert_eq!(run(args), ExitStatus::Success);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
        assert!(first.contains("arn:aws:s3:::photos/*"));
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(run(["pixelshift-aws", "make-policy", "--bucket", "Bad_Name"]), ExitStatus::Usage);
        assert_eq!(run(["pixelshift-aws", "make-policy", "--no-such-flag"]), ExitStatus::Usage);
        assert_eq!(run(["pixelshift-aws", "--version"]), ExitStatus::Success);
    }
}
