//! `completions`: a shell's completion script.

use clap::Args;
use clap_complete::Shell;

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws completions bash > /etc/bash_completion.d/pixelshift-aws
  pixelshift-aws completions zsh > \"${fpath[1]}/_pixelshift-aws\"
  pixelshift-aws completions fish | source";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_enum)]
    pub shell: Shell,
}
