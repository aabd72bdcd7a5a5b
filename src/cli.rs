//! What the user typed: clap derive types only. Nothing outside `commands/` and `lib.rs` sees these;
//! commands resolve them into validated requests.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

const ABOUT: &str = "Give Pixelshift safe, least-privilege access to your S3 buckets";

const LONG_ABOUT: &str = "\
Give Pixelshift safe, least-privilege access to your S3 buckets.

pixelshift-aws creates an IAM user with programmatic access only, stores its access key in your OS \
keyring, attaches an inline policy for exactly the buckets you choose, and proves with the user's own \
keys that it works.";

const AFTER_HELP: &str = "\
Examples:
  pixelshift-aws make-policy --bucket photos --bucket thumbnails
  pixelshift-aws make-policy --all-buckets --access read-only --output json
  pixelshift-aws completions zsh > ~/.zfunc/_pixelshift-aws

Exit codes: 0 done, 1 failure, 2 bad usage or input, 3 verify found missing access, 130 interrupted.";

#[derive(Debug, Parser)]
#[command(name = "pixelshift-aws", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
#[command(max_term_width = 100, propagate_version = true, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts. The AWS ones follow the AWS CLI's names and environment variables.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// AWS profile for the admin credentials that make the changes
    #[arg(long, global = true, env = "AWS_PROFILE", hide_env_values = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// AWS region for API calls (IAM is global; buckets are found in their own regions)
    #[arg(long, global = true, env = "AWS_REGION", hide_env_values = true, value_name = "REGION")]
    pub region: Option<String>,

    /// Send AWS API calls to this endpoint instead (an S3-compatible service or a local emulator)
    #[arg(long, global = true, env = "AWS_ENDPOINT_URL", hide_env_values = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

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

    /// When to use colour (`NO_COLOR` is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
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
    /// Print the least-privilege inline policy for the chosen buckets (offline, no credentials)
    #[command(after_help = MAKE_POLICY_EXAMPLES)]
    MakePolicy(MakePolicyArgs),

    /// Print a shell completion script
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

const MAKE_POLICY_EXAMPLES: &str = "\
Examples:
  pixelshift-aws make-policy --bucket photos,thumbnails
  pixelshift-aws make-policy --bucket 'customer-*' --prefix pixelshift/ -o policy.json
  pixelshift-aws make-policy --all-buckets --access read-only --partition aws-cn --output json

The document alone goes to stdout (or FILE); its size against IAM's 2,048-character budget for a
user's inline policies goes to stderr.";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  pixelshift-aws completions bash > /etc/bash_completion.d/pixelshift-aws
  pixelshift-aws completions zsh > \"${fpath[1]}/_pixelshift-aws\"
  pixelshift-aws completions fish > ~/.config/fish/completions/pixelshift-aws.fish";

/// Which buckets, and what the user may do in them. Shared by every command that builds a policy.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`
    #[arg(long = "bucket", value_name = "NAME", value_delimiter = ',', conflicts_with = "all_buckets")]
    pub buckets: Vec<String>,

    /// Grant every bucket in the account, including future ones (not recommended)
    #[arg(long)]
    pub all_buckets: bool,

    /// What the user may do in the buckets
    #[arg(long, value_enum, default_value_t = AccessArg::ReadWrite, value_name = "LEVEL")]
    pub access: AccessArg,

    /// Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccessArg {
    /// Read, write and delete objects; list the bucket
    ReadWrite,
    /// Read objects and list the bucket
    ReadOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PartitionArg {
    Aws,
    AwsCn,
    AwsUsGov,
    AwsIso,
    AwsIsoB,
    AwsIsoE,
    AwsIsoF,
    AwsEusc,
}

#[derive(Debug, Args)]
pub struct MakePolicyArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,

    /// AWS partition for the ARNs (commands that call AWS take it from your identity)
    #[arg(long, value_enum, default_value_t = PartitionArg::Aws, value_name = "PARTITION")]
    pub partition: PartitionArg,

    /// Write the document to FILE instead of stdout (`-` for stdout)
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
