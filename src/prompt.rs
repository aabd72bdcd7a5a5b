//! Questions to the operator. Every question has a flag that answers it in scripts; when nobody can
//! answer (`--non-interactive`, or stdin/stderr not a terminal), asking is an error that names that
//! flag — never a hang waiting for input that cannot come.

use std::fmt;
use std::io::{self, IsTerminal};

use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, Theme};

use crate::error::Error;

pub trait Prompter {
    /// A yes/no question; `flag` is what answers it without a prompt (e.g. `--yes`).
    fn confirm(&self, question: &str, default: bool, flag: &'static str) -> Result<bool, Error>;
    /// A line of text; an empty answer takes `default` (or is allowed when `allow_empty`).
    fn input(
        &self,
        question: &str,
        default: Option<&str>,
        allow_empty: bool,
        flag: &'static str,
    ) -> Result<String, Error>;
    /// One of `items`.
    fn select(&self, question: &str, items: &[String], default: usize, flag: &'static str) -> Result<usize, Error>;
    /// Any of `items` (possibly none); `checked` are checked to begin with.
    fn multi_select(
        &self,
        question: &str,
        items: &[String],
        checked: &[bool],
        flag: &'static str,
    ) -> Result<Vec<usize>, Error>;
}

/// Prompts on stderr, so stdout stays clean for results.
#[derive(Debug, Default)]
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn confirm(&self, question: &str, default: bool, _flag: &'static str) -> Result<bool, Error> {
        // An answer takes Enter: a `y` typed out of habit, then Enter, must not answer the next
        // question with its default before it could be read.
        let _keys = KeysNotSignals::new();
        dialoguer::Confirm::with_theme(&ColorfulTheme::default())
            .with_prompt(question)
            .default(default)
            .wait_for_newline(true)
            .interact_on(&Term::stderr())
            .map_err(|dialoguer::Error::IO(err)| prompt_failed(err))
    }

    fn input(
        &self,
        question: &str,
        default: Option<&str>,
        allow_empty: bool,
        _flag: &'static str,
    ) -> Result<String, Error> {
        let _keys = KeysNotSignals::new();
        let theme = ColorfulTheme::default();
        let mut input = dialoguer::Input::<String>::with_theme(&theme).with_prompt(question).allow_empty(allow_empty);
        if let Some(default) = default {
            input = input.default(default.to_owned());
        }
        input.interact_text_on(&Term::stderr()).map_err(|dialoguer::Error::IO(err)| prompt_failed(err))
    }

    fn select(&self, question: &str, items: &[String], default: usize, _flag: &'static str) -> Result<usize, Error> {
        let _keys = KeysNotSignals::new();
        dialoguer::Select::with_theme(&ColorfulTheme::default())
            .with_prompt(question)
            .items(items)
            .default(default)
            .interact_on(&Term::stderr())
            .map_err(|dialoguer::Error::IO(err)| prompt_failed(err))
    }

    fn multi_select(
        &self,
        question: &str,
        items: &[String],
        checked: &[bool],
        _flag: &'static str,
    ) -> Result<Vec<usize>, Error> {
        let _keys = KeysNotSignals::new();
        dialoguer::MultiSelect::with_theme(&Picker(ColorfulTheme::default()))
            .with_prompt(question)
            .items(items)
            .defaults(checked)
            .interact_on(&Term::stderr())
            .map_err(|dialoguer::Error::IO(err)| prompt_failed(err))
    }
}

/// Ctrl-C as a key, not a signal, for the whole of a prompt. dialoguer reads each key in raw mode
/// (where Ctrl-C is a key it turns into an interruption, exit 130) but restores the terminal between
/// keys; a Ctrl-C in between was a SIGINT, which the handler notes while the prompt, blocking the
/// one runtime thread, waits on: the run hung until the next key. With the terminal's signal keys
/// off for the prompt, that Ctrl-C waits in the input for the next key read instead. (Linux only,
/// where `nix` is a dependency; elsewhere the gap between keys remains.)
#[cfg(target_os = "linux")]
struct KeysNotSignals(Option<(std::fs::File, nix::sys::termios::Termios)>);

#[cfg(not(target_os = "linux"))]
struct KeysNotSignals;

#[cfg(not(target_os = "linux"))]
impl KeysNotSignals {
    fn new() -> KeysNotSignals {
        KeysNotSignals
    }
}

#[cfg(target_os = "linux")]
impl KeysNotSignals {
    fn new() -> KeysNotSignals {
        use nix::sys::termios::{LocalFlags, SetArg, tcgetattr, tcsetattr};
        let Ok(tty) = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty") else {
            return KeysNotSignals(None);
        };
        let Ok(original) = tcgetattr(&tty) else { return KeysNotSignals(None) };
        let mut keys = original.clone();
        keys.local_flags.remove(LocalFlags::ISIG);
        if tcsetattr(&tty, SetArg::TCSADRAIN, &keys).is_err() {
            return KeysNotSignals(None);
        }
        KeysNotSignals(Some((tty, original)))
    }
}

#[cfg(target_os = "linux")]
impl Drop for KeysNotSignals {
    fn drop(&mut self) {
        if let Some((tty, original)) = &self.0 {
            let _ = nix::sys::termios::tcsetattr(tty, nix::sys::termios::SetArg::TCSADRAIN, original);
        }
    }
}

/// The colourful theme, with the picker's active row marked by `❯` as well as by colour: without
/// colour (`NO_COLOR`, `--color never`) the colourful theme shows no cursor at all.
struct Picker(ColorfulTheme);

impl Theme for Picker {
    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0.format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let marker = if active { &self.0.active_item_prefix } else { &self.0.inactive_item_prefix };
        write!(f, "{marker} ")?;
        self.0.format_multi_select_prompt_item(f, text, checked, active)
    }
}

fn prompt_failed(err: io::Error) -> Error {
    if err.kind() == io::ErrorKind::Interrupted {
        let _ = Term::stderr().show_cursor();
        Error::Interrupted
    } else {
        Error::Prompt(err)
    }
}

/// Used when nobody can answer: every question becomes an error naming its flag.
#[derive(Debug, Default)]
pub struct NoPrompter;

impl Prompter for NoPrompter {
    fn confirm(&self, question: &str, _default: bool, flag: &'static str) -> Result<bool, Error> {
        Err(missing(question, flag))
    }

    fn input(&self, question: &str, _: Option<&str>, _: bool, flag: &'static str) -> Result<String, Error> {
        Err(missing(question, flag))
    }

    fn select(&self, question: &str, _: &[String], _: usize, flag: &'static str) -> Result<usize, Error> {
        Err(missing(question, flag))
    }

    fn multi_select(&self, question: &str, _: &[String], _: &[bool], flag: &'static str) -> Result<Vec<usize>, Error> {
        Err(missing(question, flag))
    }
}

fn missing(question: &str, flag: &'static str) -> Error {
    Error::MissingInput { flag, question: question.trim_end_matches('?').to_owned() }
}

/// Prompts only when a person is at both ends: stdin to answer, stderr to see the question.
/// `console` would otherwise read `/dev/tty` even with stdin redirected, and surprise a script.
/// The one exception is a command whose stdin is its data (`attach-policy --policy-file -`): at a
/// terminal, the answer then comes from the terminal itself, as `console` reads it.
#[must_use]
pub fn is_interactive(non_interactive: bool, stdin_is_data: bool) -> bool {
    let answerable = if stdin_is_data { std::fs::File::open("/dev/tty").is_ok() } else { io::stdin().is_terminal() };
    !non_interactive && answerable && io::stderr().is_terminal()
}

/// Who answers questions, decided once per run: `--yes` answers confirmations, a person at a
/// terminal answers the rest, and without one every question is an error naming its flag.
pub struct Asker {
    yes: bool,
    interactive: bool,
    prompter: Box<dyn Prompter>,
}

impl std::fmt::Debug for Asker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Asker").field("yes", &self.yes).field("interactive", &self.interactive).finish_non_exhaustive()
    }
}

impl Asker {
    /// For this session: prompts on the terminal when a person is there (see [`is_interactive`]).
    #[must_use]
    pub fn for_session(yes: bool, non_interactive: bool, stdin_is_data: bool) -> Self {
        let interactive = is_interactive(non_interactive, stdin_is_data);
        let prompter: Box<dyn Prompter> = if interactive { Box::new(TerminalPrompter) } else { Box::new(NoPrompter) };
        Self { yes, interactive, prompter }
    }

    #[must_use]
    pub fn new(yes: bool, interactive: bool, prompter: Box<dyn Prompter>) -> Self {
        Self { yes, interactive, prompter }
    }

    /// A person can answer (stdin and stderr are terminals, no `--non-interactive`).
    #[must_use]
    pub fn interactive(&self) -> bool {
        self.interactive
    }

    /// Whether `--yes` answers every confirmation.
    #[must_use]
    pub fn yes(&self) -> bool {
        self.yes
    }

    /// The prompter, for questions `--yes` does not answer (names, buckets, choices).
    #[must_use]
    pub fn prompter(&self) -> &dyn Prompter {
        self.prompter.as_ref()
    }

    /// A confirmation: `--yes` answers it, else the person; without one it names `--yes`.
    pub fn confirm(&self, question: &str, default: bool) -> Result<bool, Error> {
        if self.yes {
            return Ok(true);
        }
        self.prompter.confirm(question, default, "--yes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_prompter_names_the_flag() {
        let err = NoPrompter.confirm("Replace policy `p`?", false, "--yes").unwrap_err();
        assert_eq!(err.to_string(), "cannot ask \"Replace policy `p`\" without a terminal; pass --yes");
    }

    #[test]
    fn yes_answers_without_asking() {
        let asker = Asker::new(true, false, Box::new(NoPrompter));
        assert!(asker.confirm("Go?", false).unwrap());
        let asker = Asker::new(false, false, Box::new(NoPrompter));
        assert!(matches!(asker.confirm("Go?", false), Err(Error::MissingInput { flag: "--yes", .. })));
    }
}
