//! One module per subcommand. Each turns its clap arguments into a validated request (`resolve`)
//! and carries it out (`execute`), so validation always happens before anything is done.

pub mod completions;
pub mod make_policy;

use crate::cli::Command;
use crate::console::Console;

pub fn dispatch(command: Command, console: &Console) -> anyhow::Result<()> {
    match command {
        Command::MakePolicy(args) => make_policy::execute(&make_policy::resolve(args)?, console),
        Command::Completions(args) => completions::execute(args.shell, console),
    }
}
