//! Questions to the operator. Every question has a flag that answers it in scripts; when nobody can
//! answer (`--non-interactive`, or stdin/stderr not a terminal), asking is an error that names that
//! flag — never a hang waiting for input that cannot come.

use std::io::{self, IsTerminal};

use dialoguer::theme::ColorfulTheme;

use crate::error::Error;

pub trait Prompter {
    /// A yes/no question; `flag` is what answers it without a prompt (e.g. `--yes`).
    fn confirm(&self, question: &str, default: bool, flag: &'static str) -> Result<bool, Error>;
}

/// Prompts on stderr, so stdout stays clean for results.
#[derive(Debug, Default)]
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn confirm(&self, question: &str, default: bool, _flag: &'static str) -> Result<bool, Error> {
        dialoguer::Confirm::with_theme(&ColorfulTheme::default())
            .with_prompt(question)
            .default(default)
            .interact_on(&dialoguer::console::Term::stderr())
            .map_err(|dialoguer::Error::IO(err)| prompt_failed(err))
    }
}

fn prompt_failed(err: io::Error) -> Error {
    if err.kind() == io::ErrorKind::Interrupted { Error::Interrupted } else { Error::Prompt(err) }
}

/// Used when nobody can answer: every question becomes an error naming its flag.
#[derive(Debug, Default)]
pub struct NoPrompter;

impl Prompter for NoPrompter {
    fn confirm(&self, question: &str, _default: bool, flag: &'static str) -> Result<bool, Error> {
        Err(Error::MissingInput { flag, question: question.trim_end_matches('?').to_owned() })
    }
}

/// Prompts only when a person is at both ends: stdin to answer, stderr to see the question.
/// `console` would otherwise read `/dev/tty` even with stdin redirected, and surprise a script.
#[must_use]
pub fn is_interactive(non_interactive: bool) -> bool {
    !non_interactive && io::stdin().is_terminal() && io::stderr().is_terminal()
}

#[must_use]
pub fn for_session(non_interactive: bool) -> Box<dyn Prompter> {
    if is_interactive(non_interactive) { Box::new(TerminalPrompter) } else { Box::new(NoPrompter) }
}

/// `--yes` answers every confirmation; otherwise the prompter asks (or names the flag).
pub struct Confirmations {
    yes: bool,
    prompter: Box<dyn Prompter>,
}

impl std::fmt::Debug for Confirmations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Confirmations").field("yes", &self.yes).finish_non_exhaustive()
    }
}

impl Confirmations {
    #[must_use]
    pub fn new(yes: bool, prompter: Box<dyn Prompter>) -> Self {
        Self { yes, prompter }
    }

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
        assert_eq!(err.to_string(), "cannot ask \"Replace policy `p`\" without a terminal; pass --yes to accept");
    }

    #[test]
    fn yes_answers_without_asking() {
        let confirmations = Confirmations::new(true, Box::new(NoPrompter));
        assert!(confirmations.confirm("Go?", false).unwrap());
        let confirmations = Confirmations::new(false, Box::new(NoPrompter));
        assert!(matches!(confirmations.confirm("Go?", false), Err(Error::MissingInput { flag: "--yes", .. })));
    }
}
