//! The terminal edge: results on stdout, people-facing lines on stderr, colour that degrades to plain
//! text. Every message a command shows goes through [`Console`], so `--quiet`, `--output json`,
//! `--color` and `NO_COLOR` are honoured in one place.

use std::fmt::Display;
use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use anstyle::{AnsiColor, Style};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const NOTE: Style = Style::new().bold();
const DETAIL: Style = Style::new().dimmed();

/// A command's result: one JSON document (its serialized fields are the `--output json` contract),
/// or text for people.
pub trait Report: serde::Serialize {
    fn text(&self) -> String;

    /// The few facts a table over several accounts shows of this report (column, value).
    fn columns(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// `--color`: `None` leaves it to the terminal and `NO_COLOR`; `Some` forces colour on or off.
pub fn set_colour(forced: Option<bool>) {
    // anstream already honours NO_COLOR, CLICOLOR_FORCE and "is this a terminal" when not forced.
    // anstream (our lines) and console (dialoguer's prompts) each decide colour; tell both.
    if let Some(on) = forced {
        let choice = if on { anstream::ColorChoice::Always } else { anstream::ColorChoice::Never };
        choice.write_global();
        dialoguer::console::set_colors_enabled_stderr(on);
    }
}

#[derive(Debug, Clone)]
pub struct Console {
    json: bool,
    quiet: bool,
    verbose: u8,
    /// `[account] `, before each line of one account's part of a run over several.
    tag: Option<std::sync::Arc<str>>,
    /// Reports are gathered by the caller (one account's, in a run over several), not written.
    gathered: bool,
}

impl Console {
    /// `json`: results as one JSON document (`--output json`), and no spinners.
    #[must_use]
    pub fn with(json: bool, quiet: bool, verbose: u8) -> Self {
        Self { json, quiet, verbose, tag: None, gathered: false }
    }

    /// The messages of one account's part of a run over several: no spinners (accounts worked on at
    /// once would fight for the line), each line starting `[account]` (their lines interleave, and
    /// each must say whose it is), and reports gathered by the caller into one, not written.
    #[must_use]
    pub fn for_account(&self, account: &str) -> Console {
        Console { json: true, tag: Some(format!("[{account}] ").into()), gathered: true, ..self.clone() }
    }

    fn tag(&self) -> &str {
        self.tag.as_deref().unwrap_or_default()
    }

    #[must_use]
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Writes a result to stdout, exactly as given.
    pub fn out(&self, text: &str) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()
    }

    /// Writes the command's result: its one JSON document with `--output json`, else its text.
    pub fn report(&self, report: &impl Report) -> io::Result<()> {
        if self.gathered {
            return Ok(());
        }
        if self.is_json() {
            let mut text = serde_json::to_string_pretty(report).map_err(io::Error::other)?;
            text.push('\n');
            self.out(&text)
        } else {
            self.out(&report.text())
        }
    }

    /// A plain progress or status line on stderr; hidden by `--quiet`.
    pub fn info(&self, message: impl Display) {
        if !self.quiet {
            anstream::eprintln!("{}{message}", self.tag());
        }
    }

    /// Detail for `--verbose`: which backend, which region, what was found. Never a secret.
    pub fn detail(&self, message: impl Display) {
        if self.verbose > 0 && !self.quiet {
            anstream::eprintln!("{}{DETAIL}  {message}{DETAIL:#}", self.tag());
        }
    }

    pub fn note(&self, message: impl Display) {
        if !self.quiet {
            anstream::eprintln!("{}{NOTE}note:{NOTE:#} {message}", self.tag());
        }
    }

    pub fn warn(&self, message: impl Display) {
        if !self.quiet {
            anstream::eprintln!("{}{WARNING}warning:{WARNING:#} {message}", self.tag());
        }
    }

    /// A fix; a hint of several lines (several independent fixes) gets a `hint:` per line.
    pub fn hint(&self, message: impl Display) {
        if !self.quiet {
            print_hint(self.tag(), &message.to_string());
        }
    }

    /// A unified diff on stderr: removed lines red, added lines green.
    pub fn diff(&self, unified: &str) {
        if self.quiet {
            return;
        }
        for line in unified.lines() {
            let style = match line.as_bytes().first() {
                Some(b'-') => AnsiColor::Red.on_default(),
                Some(b'+') => AnsiColor::Green.on_default(),
                Some(b'@') => AnsiColor::Cyan.on_default(),
                _ => Style::new(),
            };
            anstream::eprintln!("{}{style}{line}{style:#}", self.tag());
        }
    }

    /// A line carrying a secret, shown only as the last resort of saving it: on stderr, never hidden.
    pub fn secret_line(&self, line: impl Display) {
        anstream::eprintln!("{}{line}", self.tag());
    }

    /// Errors are always shown, `--quiet` or not: one `error:` line with the cause chain, then the fix.
    pub fn error(&self, err: &anyhow::Error, hint: Option<&str>) {
        anstream::eprintln!("{}{ERROR}error:{ERROR:#} {err:#}", self.tag());
        if let Some(hint) = hint {
            print_hint(self.tag(), hint);
        }
    }

    /// A deliberate "no" from the operator: said plainly, not as an error.
    pub fn stopped(&self, message: impl Display) {
        anstream::eprintln!("{}{NOTE}stopped:{NOTE:#} {message}", self.tag());
    }
}

fn print_hint(tag: &str, hint: &str) {
    for line in hint.lines() {
        anstream::eprintln!("{tag}{HINT}hint:{HINT:#} {line}");
    }
}

/// A spinner on stderr that says what is being waited for. Hidden for `--quiet`, `--output json`
/// and when stderr is not a terminal (indicatif would hide itself there, too).
#[derive(Debug, Clone)]
pub struct Spinner(indicatif::ProgressBar);

impl Spinner {
    pub fn set_message(&self, message: impl Into<String>) {
        self.0.set_message(message.into());
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Console {
    #[must_use]
    pub fn spinner(&self, message: impl Into<String>) -> Spinner {
        if self.quiet || self.is_json() || !io::stderr().is_terminal() {
            return Spinner(indicatif::ProgressBar::hidden());
        }
        let bar = indicatif::ProgressBar::new_spinner().with_message(message.into());
        bar.set_style(indicatif::ProgressStyle::with_template("{spinner} {msg}").expect("a valid template"));
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner(bar)
    }
}
