//! `keys`: the stored pair shown, deleted, or handed to other tools.

use clap::{Args, Subcommand, ValueEnum};

use super::{AwsArgs, KeyStoreArgs, KeyringArg, MAX_WAIT, UserArgs};

/// `--clear-after`'s default: as long as `pass -c` keeps a password on the clipboard.
pub(crate) const DEFAULT_CLEAR_AFTER: u64 = 45;

const KEYS_EXAMPLES: &str = "\
Examples:
  pixelshift-aws keys show
  pixelshift-aws keys show --user-name px-prod --reveal
  pixelshift-aws keys show --keys-file ./px-prod.json --output json";

const KEYS_COPY_EXAMPLES: &str = "\
Examples:
  pixelshift-aws keys copy
  pixelshift-aws keys copy --user-name px-prod --clear-after 20
  pixelshift-aws keys copy --field secret
  pixelshift-aws keys copy --osc52        # over SSH, in tmux (set -g set-clipboard on) or screen

Copies the access key id, waits for Enter (paste it into the Pixelshift dashboard), then copies the secret access key; nothing secret is printed. The desktop clipboard is used where there is a display (X11, Wayland, macOS, Windows): a small background helper holds the copy and clears the secret after --clear-after seconds if the clipboard still holds it, even after this command and its terminal are gone. Without a display, or with --osc52, the terminal sets the clipboard with the OSC 52 escape sequence; this command then waits and clears it itself (Enter clears it at once), and a terminal closed before then keeps the secret. With neither, it says so: use `keys show --reveal`.";

const KEYS_DELETE_EXAMPLES: &str = "\
Examples:
  pixelshift-aws keys delete
  pixelshift-aws keys delete --user-name px-prod --yes

Only the copy on this machine goes; the key stays active in IAM until you delete it there.";

const KEYS_CREDENTIAL_PROCESS_EXAMPLES: &str = "\
Examples:
  pixelshift-aws keys credential-process --account-id 123456789012
  pixelshift-aws keys credential-process --user-name px-prod \\
      --account-id 123456789012 --keyring keyutils
  pixelshift-aws keys configure-profile   # a profile that runs it

Prints exactly {\"Version\":1,\"AccessKeyId\":...,\"SecretAccessKey\":...} on one line and nothing else; errors go to stderr with a non-zero exit, for the AWS CLI to show. With --account-id no AWS credentials are needed; without it, your credentials' account is asked of STS. Refuses to print to a terminal unless --reveal.";

const KEYS_CONFIGURE_PROFILE_EXAMPLES: &str = "\
Examples:
  pixelshift-aws keys configure-profile
  pixelshift-aws keys configure-profile --profile-name px-prod \\
      --user-name px-prod --region eu-west-1
  pixelshift-aws keys configure-profile --dry-run
  aws --profile pixelshift s3 ls s3://photos

Writes [profile NAME] to $AWS_CONFIG_FILE (else ~/.aws/config) with a credential_process line that runs this binary, so the AWS CLI and SDKs read the key from the keyring and no secret is written to disk. The rest of the file is kept byte for byte, the previous file is saved as <file>.pixelshift-aws.bak, and a section that differs is replaced only after you confirm (or with --yes). The region is --region (or AWS_REGION), else the section's own, else your admin profile's.";

const KEYS_EXPORT_EXAMPLES: &str = "\
Examples:
  eval \"$(pixelshift-aws keys export)\"
  pixelshift-aws keys export --format dotenv | fly secrets import
  pixelshift-aws keys export --format json | gh secret set PX_AWS_KEY
  pixelshift-aws keys export --user-name px-prod --reveal

env (the default): export AWS_ACCESS_KEY_ID=... and export AWS_SECRET_ACCESS_KEY=... lines, quoted for POSIX shells where needed. dotenv: AWS_ACCESS_KEY_ID=... lines. json: {\"AccessKeyId\":...,\"SecretAccessKey\":...} on one line. Refuses to print to a terminal unless --reveal, so the secret does not land in your scrollback.";

#[allow(clippy::doc_markdown)] // help text: backticks would show literally
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Print the stored key, for Pixelshift's dashboard (the secret with --reveal)
    #[command(after_help = KEYS_EXAMPLES)]
    Show(KeysShowArgs),
    /// Copy the stored pair to the clipboard for the dashboard, and clear the secret after a while
    #[command(after_help = KEYS_COPY_EXAMPLES)]
    Copy(KeysCopyArgs),
    /// Remove the stored pair from the keyring (the key itself stays active in IAM)
    #[command(after_help = KEYS_DELETE_EXAMPLES)]
    Delete(KeysDeleteArgs),
    /// Print the stored pair as credential_process JSON, for AWS CLI and SDK profiles
    #[command(after_help = KEYS_CREDENTIAL_PROCESS_EXAMPLES)]
    CredentialProcess(KeysCredentialProcessArgs),
    /// Write an AWS CLI/SDK profile whose credential_process reads the stored key
    #[command(after_help = KEYS_CONFIGURE_PROFILE_EXAMPLES)]
    ConfigureProfile(KeysConfigureProfileArgs),
    /// Print the pair as shell exports, dotenv or JSON, for a secrets manager or CI
    #[command(after_help = KEYS_EXPORT_EXAMPLES)]
    Export(KeysExportArgs),
}

#[derive(Debug, Args)]
pub struct KeysShowArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// AWS account id of the user (default: the account of your AWS credentials)
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    /// Also print the secret access key
    #[arg(long)]
    pub reveal: bool,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct KeysCopyArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// AWS account id of the user (default: the account of your AWS credentials)
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    /// Copy just this one, without asking (for scripts)
    #[arg(long, value_enum, value_name = "FIELD")]
    pub field: Option<CopyFieldArg>,

    /// Clear the secret from the clipboard after this many seconds, if it still holds it (0: never)
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_CLEAR_AFTER, value_parser = clap::value_parser!(u64).range(0..=MAX_WAIT))]
    pub clear_after: u64,

    /// Use the terminal's clipboard (OSC 52) even where a desktop clipboard exists
    #[arg(long)]
    pub osc52: bool,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CopyFieldArg {
    /// The access key id
    Id,
    /// The secret access key
    Secret,
}

#[derive(Debug, Args)]
pub struct KeysDeleteArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// AWS account id of the user (default: the account of your AWS credentials)
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,

    /// Keyring to delete from
    #[arg(long, value_enum, default_value_t = KeyringArg::Auto, value_name = "BACKEND")]
    pub keyring: KeyringArg,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct KeysCredentialProcessArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// AWS account id of the user; with it, no AWS credentials are needed (default: your credentials' account)
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    /// Print even when stdout is a terminal (the AWS CLI reads it through a pipe)
    #[arg(long)]
    pub reveal: bool,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[allow(clippy::doc_markdown)] // help text: backticks would show literally
#[derive(Debug, Args)]
pub struct KeysConfigureProfileArgs {
    /// Name of the profile to write (`default` writes the [default] section)
    #[arg(long, default_value = "pixelshift", value_name = "NAME")]
    pub profile_name: String,

    #[command(flatten)]
    pub user: UserArgs,

    /// AWS account id of the user (default: the account of your AWS credentials)
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    /// Show the section that would be written and where; change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct KeysExportArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// AWS account id of the user (default: the account of your AWS credentials)
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    /// Shape of the output [default: env, or json with --output json]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ExportFormatArg>,

    /// Print even when stdout is a terminal
    #[arg(long)]
    pub reveal: bool,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[allow(clippy::doc_markdown)] // help text: backticks would show literally
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// export AWS_ACCESS_KEY_ID=... lines for a POSIX shell (eval, source)
    Env,
    /// AWS_ACCESS_KEY_ID=... lines (docker --env-file, dotenv, CI secret stores)
    Dotenv,
    /// {"AccessKeyId":...,"SecretAccessKey":...} on one line
    Json,
}
