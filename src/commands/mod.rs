//! One module per subcommand. Each turns its clap arguments into a validated request (`resolve`)
//! and carries it out (`execute`), so validation always happens before anything is done.

pub mod attach_policy;
pub mod completions;
pub mod create_user;
pub mod keys;
pub mod make_policy;
pub mod setup;
pub mod verify;

use crate::aws::{Aws, Identity, Settings};
use crate::cli::{Command, KeyringArg, KeysCommand};
use crate::console::Console;
use crate::error::Error;
use crate::prompt::Confirmations;
use crate::secrets::Backend;

/// The seams a command runs with: the terminal, the AWS settings, and who answers questions.
#[derive(Debug)]
pub struct Context {
    pub console: Console,
    pub settings: Settings,
    pub confirm: Confirmations,
    /// A person can answer prompts (stdin and stderr are terminals, no `--non-interactive`).
    pub interactive: bool,
}

impl Context {
    /// Connects with the admin credentials and shows whose they are before anything changes.
    pub async fn admin(&self) -> Result<(Aws, Identity), Error> {
        let aws = Aws::connect(&self.settings).await?;
        self.console.detail(format_args!(
            "region {}, endpoint {}",
            aws.config.region().map_or("(none)", |r| r.as_ref()),
            aws.config.endpoint_url().unwrap_or("(AWS default)")
        ));
        let identity = aws.identity().await?;
        let profile = self.settings.profile.as_deref().map(|p| format!(", profile {p}")).unwrap_or_default();
        self.console.info(format_args!(
            "Using AWS account {} as {} (partition {}{profile})",
            identity.account_id, identity.arn, identity.partition
        ));
        Ok((aws, identity))
    }
}

pub async fn dispatch(command: Command, ctx: &Context) -> anyhow::Result<()> {
    match command {
        Command::Setup(args) => setup::execute(args, ctx).await,
        Command::CreateUser(args) => create_user::execute(create_user::resolve(args)?, ctx).await,
        Command::MakePolicy(args) => make_policy::execute(&make_policy::resolve(args)?, &ctx.console),
        Command::AttachPolicy(args) => attach_policy::execute(attach_policy::resolve(args)?, ctx).await,
        Command::Verify(args) => verify::execute(verify::resolve(args)?, ctx).await,
        Command::Keys(KeysCommand::Show(args)) => keys::show(keys::resolve_show(args)?, ctx).await,
        Command::Keys(KeysCommand::Delete(args)) => keys::delete(keys::resolve_delete(&args)?, ctx).await,
        Command::Completions(args) => completions::execute(args.shell, &ctx.console),
    }
}

/// `auto` is `None`: the secrets layer tries the platform's keyrings in order.
#[must_use]
pub fn backend(arg: KeyringArg) -> Option<Backend> {
    match arg {
        KeyringArg::Auto => None,
        KeyringArg::SecretService => Some(Backend::SecretService),
        KeyringArg::Keyutils => Some(Backend::Keyutils),
        KeyringArg::Keychain => Some(Backend::Keychain),
        KeyringArg::WindowsCredentialManager => Some(Backend::WindowsCredentialManager),
    }
}

/// Keyring stores make blocking calls (D-Bus, keyctl): run them off the async runtime's thread.
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.expect("a keyring call panicked")
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
