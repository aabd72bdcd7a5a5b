//! `completions <SHELL>`: completion scripts generated from the one clap definition, so they can never
//! drift from the real flags. The same scripts are committed under `completions/` for packagers.

use clap::CommandFactory;
use clap_complete::{Generator, Shell};

use crate::cli::Cli;
use crate::console::Console;

pub const BIN_NAME: &str = "pixelshift-aws";

/// Every shell we ship a completion script for.
pub const SHELLS: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish];

/// The completion script for `shell`.
#[must_use]
pub fn render(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN_NAME, &mut script);
    script
}

/// The conventional file name of `shell`'s script (`_pixelshift-aws` for zsh, ...).
#[must_use]
pub fn file_name(shell: Shell) -> String {
    shell.file_name(BIN_NAME)
}

pub fn execute(shell: Shell, out: &Console) -> anyhow::Result<()> {
    let script = String::from_utf8(render(shell))?;
    out.out(&script)?;
    Ok(())
}
