//! What the user typed: clap derive types, and beside each the conversion to the library's own
//! types (`to_lib`). Nothing outside `commands/` and `lib.rs` sees these; commands resolve them into
//! validated requests before anything else happens.
//!
//! Here: the top level (global and AWS options, the command list). Each command's arguments live in
//! a file named after it, and those several commands take in `shared.rs`; everything is re-exported
//! from here, so `crate::cli::SetupArgs` is the one path to each type.

mod accounts;
mod attach_policy;
mod completions;
mod create_user;
mod keys;
mod list;
mod make_policy;
mod rotate_keys;
mod setup;
mod shared;
mod status;
mod teardown;
mod verify;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use accounts::AccountsArgs;
pub use attach_policy::AttachPolicyArgs;
pub use completions::CompletionsArgs;
pub use create_user::CreateUserArgs;
pub(crate) use keys::DEFAULT_CLEAR_AFTER;
pub use keys::{
    CopyFieldArg, ExportFormatArg, KeysCommand, KeysConfigureProfileArgs, KeysCopyArgs, KeysCredentialProcessArgs,
    KeysDeleteArgs, KeysExportArgs, KeysShowArgs,
};
pub use list::ListArgs;
pub use make_policy::MakePolicyArgs;
pub use rotate_keys::RotateKeysArgs;
pub use setup::SetupArgs;
use shared::wait_secs;
pub use shared::{
    AccessArg, FormatArg, KeyStoreArgs, KeyringArg, NewUserArgs, PartitionArg, PolicyArgs, PolicyTypeArg, UserArgs,
    policy_choice,
};
pub use status::StatusArgs;
pub use teardown::TeardownArgs;
pub use verify::VerifyArgs;

use crate::error::Error;
use crate::secrets::Backend;

/// The longest `--wait`: an hour. IAM propagation takes seconds; a bound keeps `now + wait` in range.
pub(crate) const MAX_WAIT: u64 = 3_600;

/// `--wait`'s default, the same for rotate-keys, setup and verify.
pub(crate) const DEFAULT_WAIT_SECS: u64 = 60;

const ABOUT: &str = "Give Pixelshift safe, least-privilege access to your S3 buckets";

const LONG_ABOUT: &str = "\
Give Pixelshift safe, least-privilege access to your S3 buckets.

pixelshift-aws creates an IAM user with programmatic access only, stores its access key in your OS \
keyring, attaches a policy for exactly the buckets you choose, and proves with the user's own \
keys that it works.";

const AFTER_HELP: &str = "\
Examples:
  pixelshift-aws setup
  pixelshift-aws setup --bucket photos,thumbs --non-interactive --output json
  pixelshift-aws make-policy --bucket photos --bucket thumbs
  pixelshift-aws completions zsh > ~/.zfunc/_pixelshift-aws

Exit codes: 0 done, 1 failure (or you answered no), 2 bad usage or input, 3 access is missing, 130 interrupted.";

#[derive(Debug, Parser)]
#[command(name = "pixelshift-aws", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
#[command(max_term_width = 100, propagate_version = true, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[allow(clippy::doc_markdown)] // help text: see KeyringArg
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Result format on stdout: text for people, json (one document) for scripts
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT")]
    pub output: OutputFormat,

    /// Accept confirmations (replace a different policy, reuse an existing user, ...)
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Never prompt; a missing value is an error naming its flag (automatic when stdin is not a terminal)
    #[arg(long, global = true)]
    pub non_interactive: bool,

    /// Say more about each step (repeat for more); secrets are never shown
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Print only results and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// When to use colour (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The AWS options, accepted before the command too (`pixelshift-aws --profile prod setup`), as
    /// the AWS CLI takes them. Read through [`aws_settings`], which knows where each value came from.
    /// Last: a flattened struct's help heading carries over to the fields after it.
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Where the admin credentials come from: on every command that calls AWS, with the AWS CLI's names
/// and environment variables. Offline commands (make-policy, completions) do not take them.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "AWS options")]
pub struct AwsArgs {
    /// AWS profile for the admin credentials that make the changes
    #[arg(long, env = "AWS_PROFILE", hide_env_values = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// AWS region for API calls (IAM is global; buckets are found in their own regions)
    #[arg(long, env = "AWS_REGION", hide_env_values = true, value_name = "REGION")]
    pub region: Option<String>,

    /// Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)
    #[arg(long, env = "AWS_ENDPOINT_URL", hide_env_values = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

/// `--keyring` as given to the (sub)command, if it takes one: checked against this platform before
/// anything else happens (`--keyring keychain` on Linux is a usage error, not a failure after a call).
pub(crate) fn keyring_available(matches: &clap::ArgMatches) -> Result<(), Error> {
    let mut next = Some(matches);
    while let Some(m) = next {
        if let Some(Some(backend)) = m.try_get_one::<KeyringArg>("keyring").ok().flatten().map(|k| k.to_lib())
            && !Backend::platform_order().contains(&backend)
        {
            return Err(crate::secrets::SecretsError::NotOnThisPlatform { backend }.into());
        }
        next = m.subcommand().map(|(_, sub)| sub);
    }
    Ok(())
}

/// The AWS settings of a parsed command line. The options exist twice — before the command and on
/// it — and both read the same environment variables, so precedence is decided by where each value
/// came from: the command's own flag, then the flag before it, then the environment. An empty value
/// (`AWS_ENDPOINT_URL=` exported empty, as CI templates do) means unset, as it does for the AWS CLI.
#[must_use]
pub fn aws_settings(matches: &clap::ArgMatches) -> crate::aws::Settings {
    let mut leaf = None;
    let mut next = matches.subcommand();
    while let Some((_, sub)) = next {
        leaf = Some(sub);
        next = sub.subcommand();
    }
    let pick = |id: &str| {
        let from = |m: &clap::ArgMatches| {
            let value = m.try_get_one::<String>(id).ok().flatten().filter(|v| !v.is_empty())?;
            Some((value.clone(), m.value_source(id) == Some(clap::parser::ValueSource::CommandLine)))
        };
        let (leaf, top) = (leaf.and_then(from), from(matches));
        let typed = |found: &Option<(String, bool)>| found.as_ref().filter(|(_, typed)| *typed).map(|(v, _)| v.clone());
        typed(&leaf).or_else(|| typed(&top)).or_else(|| leaf.or(top).map(|(value, _)| value))
    };
    // AWS_DEFAULT_REGION is the SDK's second choice; it is read here so it is checked like the others.
    let region = pick("region").map(|region| {
        let typed = [leaf, Some(matches)]
            .into_iter()
            .flatten()
            .filter(|m| m.try_contains_id("region").unwrap_or(false))
            .any(|m| m.value_source("region") == Some(clap::parser::ValueSource::CommandLine));
        (region, if typed { "--region" } else { "AWS_REGION" })
    });
    let region = region.or_else(|| {
        std::env::var("AWS_DEFAULT_REGION").ok().filter(|v| !v.is_empty()).map(|v| (v, "AWS_DEFAULT_REGION"))
    });
    crate::aws::Settings {
        profile: pick("profile"),
        region_source: region.as_ref().map_or("--region", |(_, source)| source),
        region: region.map(|(value, _)| value),
        endpoint_url: pick("endpoint_url"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The whole job, step by step: user → key → policy → attach → verify (asks, or takes flags)
    #[command(after_help = setup::EXAMPLES)]
    Setup(SetupArgs),

    /// Create the IAM user (programmatic access only) and its access key, stored in the OS keyring
    #[command(after_help = create_user::EXAMPLES)]
    CreateUser(CreateUserArgs),

    /// Print the least-privilege policy for the chosen buckets, or it and the user as CloudFormation or Terraform (offline)
    #[command(after_help = make_policy::EXAMPLES)]
    MakePolicy(MakePolicyArgs),

    /// Put the policy on the user, inline or managed (shows a diff before replacing one)
    #[command(after_help = attach_policy::EXAMPLES)]
    AttachPolicy(AttachPolicyArgs),

    /// Prove, with the user's own key, that Pixelshift can list, read, write and delete in every bucket
    #[command(after_help = verify::EXAMPLES)]
    Verify(VerifyArgs),

    /// Is the setup still healthy? The user, its keys, every policy reaching it, and what needs doing
    #[command(after_help = status::EXAMPLES)]
    Status(StatusArgs),

    /// Every user in the account that pixelshift-aws manages
    #[command(after_help = list::EXAMPLES)]
    List(ListArgs),

    /// Replace the user's access key without downtime: a new key now, the old one retired with --finish
    #[command(after_help = rotate_keys::EXAMPLES)]
    RotateKeys(RotateKeysArgs),

    /// Remove everything pixelshift-aws set up for a user: keys, policies, the user, the stored pairs
    #[command(after_help = teardown::EXAMPLES)]
    Teardown(TeardownArgs),

    /// Show, copy or delete the access key pair stored in the keyring
    #[command(subcommand)]
    Keys(KeysCommand),

    /// Print a shell completion script
    #[command(after_help = completions::EXAMPLES)]
    Completions(CompletionsArgs),
}

impl Command {
    /// The command reads its data from stdin (`attach-policy --policy-file -`), so answers to its
    /// questions must come from the terminal itself.
    #[must_use]
    /// Whether the command may load the AWS configuration (everything but the offline ones).
    pub(crate) fn talks_to_aws(&self) -> bool {
        !matches!(self, Command::MakePolicy(_) | Command::Completions(_))
    }

    pub(crate) fn reads_stdin(&self) -> bool {
        matches!(self, Command::AttachPolicy(args) if args.policy_file.as_deref() == Some(std::path::Path::new("-")))
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;
    use crate::domain::names::{PolicyName, UserName};

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Options whose default is decided after parsing (the wizard may ask) name it in their help
    /// text, which cannot refer to a constant: it must still be the one the code falls back to.
    #[test]
    fn defaults_named_in_help_are_the_constants() {
        let cli = Cli::command();
        let setup = cli.find_subcommand("setup").unwrap();
        let help = |id: &str| {
            let arg = setup.get_arguments().find(|a| a.get_id() == id).unwrap();
            arg.get_help().unwrap().to_string()
        };
        assert!(help("policy_name").ends_with(&format!("[default: {}]", PolicyName::DEFAULT)));
        assert!(help("user_name").ends_with(&format!("[default: {}]", UserName::DEFAULT)));
    }
}
