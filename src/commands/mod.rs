//! One thin module per subcommand: resolve the flags into a validated request (before anything
//! else happens), then run it through the shared use cases in `ops`.

mod across;
pub mod attach_policy;
pub mod completions;
pub mod create_user;
pub mod keys;
pub mod list;
pub mod make_policy;
pub mod rotate_keys;
pub mod setup;
pub mod status;
pub mod teardown;
pub mod verify;

use crate::cli::Command;
use crate::context::Context;
use crate::error::Error;

pub async fn dispatch(command: Command, ctx: &Context) -> anyhow::Result<()> {
    match command {
        // Boxed: setup's state machine is the largest, and the dispatch future would hold it inline.
        Command::Setup(args) => Box::pin(setup::execute(setup::resolve(&args, ctx.ask.interactive())?, ctx)).await,
        Command::CreateUser(args) => create_user::execute(create_user::resolve(&args)?, ctx).await,
        Command::MakePolicy(args) => make_policy::execute(&make_policy::resolve(&args)?, &ctx.out),
        Command::AttachPolicy(args) => attach_policy::execute(attach_policy::resolve(&args)?, ctx).await,
        Command::Verify(args) => verify::execute(verify::resolve(&args)?, ctx).await,
        Command::Status(args) => status::execute(status::resolve(&args)?, ctx).await,
        Command::List(args) => list::execute(list::resolve(&args)?, ctx).await,
        Command::RotateKeys(args) => rotate_keys::execute(rotate_keys::resolve(&args)?, ctx).await,
        Command::Teardown(args) => teardown::execute(teardown::resolve(&args)?, ctx).await,
        Command::Keys(command) => keys::dispatch(command, ctx).await,
        Command::Completions(args) => completions::execute(args.shell, &ctx.out),
    }
}

/// A 12-digit AWS account id, as `--account-id` takes it.
pub fn account_id(value: &str) -> Result<String, Error> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value.to_owned())
    } else {
        Err(Error::usage(
            format!("invalid AWS account id `{value}`: it must be 12 digits"),
            "find it with `aws sts get-caller-identity`, or leave out --account-id to use your credentials' account",
        ))
    }
}
