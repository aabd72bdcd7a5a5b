//! What the user typed: clap derive types, and beside each the conversion to the library's own
//! types (`to_lib`). Nothing outside `commands/` and `lib.rs` sees these; commands resolve them into
//! validated requests before anything else happens.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::domain::names::{BucketName, KeyPrefix, UserName};
use crate::domain::plan::NewUser;
use crate::domain::policy::{Access, Partition, PolicyChoice, PolicyType, Scope};
use crate::domain::user;
use crate::error::Error;
use crate::secrets::Backend;
use crate::template::TemplateFormat;

/// The longest `--wait`: an hour. IAM propagation takes seconds; a bound keeps `now + wait` in range.
pub const MAX_WAIT: u64 = 3_600;

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
pub fn keyring_available(matches: &clap::ArgMatches) -> Result<(), Error> {
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
    crate::aws::Settings { profile: pick("profile"), region: pick("region"), endpoint_url: pick("endpoint_url") }
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
    #[command(after_help = SETUP_EXAMPLES)]
    Setup(SetupArgs),

    /// Create the IAM user (programmatic access only) and its access key, stored in the OS keyring
    #[command(after_help = CREATE_USER_EXAMPLES)]
    CreateUser(CreateUserArgs),

    /// Print the least-privilege policy for the chosen buckets, or it and the user as CloudFormation or Terraform (offline)
    #[command(after_help = MAKE_POLICY_EXAMPLES)]
    MakePolicy(MakePolicyArgs),

    /// Put the policy on the user, inline or managed (shows a diff before replacing one)
    #[command(after_help = ATTACH_POLICY_EXAMPLES)]
    AttachPolicy(AttachPolicyArgs),

    /// Prove, with the user's own key, that Pixelshift can list, read, write and delete in every bucket
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),

    /// Is the setup still healthy? The user, its keys, every policy reaching it, and what needs doing
    #[command(after_help = STATUS_EXAMPLES)]
    Status(StatusArgs),

    /// Every user in the account that pixelshift-aws manages
    #[command(after_help = LIST_EXAMPLES)]
    List(ListArgs),

    /// Replace the user's access key without downtime: a new key now, the old one retired with --finish
    #[command(after_help = ROTATE_KEYS_EXAMPLES)]
    RotateKeys(RotateKeysArgs),

    /// Remove everything pixelshift-aws set up for a user: keys, policies, the user, the stored pairs
    #[command(after_help = TEARDOWN_EXAMPLES)]
    Teardown(TeardownArgs),

    /// Show or delete the access key pair stored in the keyring
    #[command(subcommand)]
    Keys(KeysCommand),

    /// Print a shell completion script
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

impl Command {
    /// The command reads its data from stdin (`attach-policy --policy-file -`), so answers to its
    /// questions must come from the terminal itself.
    #[must_use]
    pub fn reads_stdin(&self) -> bool {
        matches!(self, Command::AttachPolicy(args) if args.policy_file.as_deref() == Some(std::path::Path::new("-")))
    }
}

const STATUS_EXAMPLES: &str = "\
Examples:
  pixelshift-aws status
  pixelshift-aws status --user-name px-prod --max-key-age 30 --output json

Read-only. Exit 0 when there is nothing to do, 3 when a finding needs action (each is listed with its fix).";

const LIST_EXAMPLES: &str = "\
Examples:
  pixelshift-aws list
  pixelshift-aws list --output json";

const ROTATE_KEYS_EXAMPLES: &str = "\
Examples:
  pixelshift-aws rotate-keys
  pixelshift-aws rotate-keys --user-name px-prod --finish
  pixelshift-aws rotate-keys --dry-run

First run: a new key, verified, stored as current; the old pair is kept. Put the new key into the Pixelshift dashboard, then --finish retires the old one (refused while something still uses it).";

const TEARDOWN_EXAMPLES: &str = "\
Examples:
  pixelshift-aws teardown --dry-run
  pixelshift-aws teardown --user-name px-prod --yes

Removes the user's access keys, policies, group memberships and console password, the user, and the pairs stored here. A user pixelshift-aws did not create is refused.";

const SETUP_EXAMPLES: &str = "\
Examples:
  pixelshift-aws setup
  pixelshift-aws setup --bucket photos,thumbs --non-interactive --output json
  pixelshift-aws setup --bucket photos --dry-run
  pixelshift-aws setup --bucket photos --yes --rollback-on-failure
  pixelshift-aws setup --bucket \"$(paste -sd, buckets.txt)\" --policy-type managed
  pixelshift-aws setup --bucket photos --dry-run --format terraform > main.tf

Safe to re-run: what exists is reused and nothing is written twice. Every question has a flag; without a terminal (or with --non-interactive) a missing answer is an error naming its flag.";

const CREATE_USER_EXAMPLES: &str = "\
Examples:
  pixelshift-aws create-user
  pixelshift-aws create-user --user-name px-prod --tag team=media --output json
  pixelshift-aws create-user --keyring keyutils --keys-file ~/px-prod.json

Safe to re-run: an existing user tagged managed-by=pixelshift-aws is reused, and a stored key that IAM still lists as active is reused instead of creating a second one.";

const ATTACH_POLICY_EXAMPLES: &str = "\
Examples:
  pixelshift-aws attach-policy --bucket photos,thumbs
  pixelshift-aws attach-policy --user-name px-prod --bucket 'customer-*' --yes
  pixelshift-aws make-policy --bucket photos > p.json
  pixelshift-aws attach-policy --policy-file p.json
  pixelshift-aws attach-policy --bucket photos --policy-type managed

An identical policy is left alone; a different one is shown as a diff and replaced only after you confirm (or with --yes). Without --policy-type the user keeps the type it has; switching attaches the new policy before the old one is removed.";

const VERIFY_EXAMPLES: &str = "\
Examples:
  pixelshift-aws verify
  pixelshift-aws verify --bucket photos --bucket thumbs --wait 120
  pixelshift-aws verify --keys-file ./pixelshift.json --output json

Each bucket gets ListObjectsV2, PutObject of a small probe under .pixelshift-verify/, GetObject (bytes compared) and DeleteObject; the probe is always removed. Exit 0: all passed; 3: some access is missing.";

const KEYS_EXAMPLES: &str = "\
Examples:
  pixelshift-aws keys show
  pixelshift-aws keys show --user-name px-prod --reveal
  pixelshift-aws keys show --keys-file ./px-prod.json --output json";

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

const MAKE_POLICY_EXAMPLES: &str = "\
Examples:
  pixelshift-aws make-policy --bucket photos,thumbs
  pixelshift-aws make-policy --bucket 'customer-*' --prefix px/ -o p.json
  pixelshift-aws make-policy --all-buckets --access read-only --partition aws-cn
  pixelshift-aws make-policy --bucket photos --format cloudformation -o pixelshift.yaml
  pixelshift-aws make-policy --bucket photos --format terraform --policy-type managed > main.tf

The document alone goes to stdout (or FILE); its size against IAM's budget (2,048 characters for all of a user's inline policies, 6,144 per managed policy) goes to stderr. Managed policies longer than that are split over several, printed one after another (with -o: FILE, then FILE.2.json ...).";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  pixelshift-aws completions bash > /etc/bash_completion.d/pixelshift-aws
  pixelshift-aws completions zsh > \"${fpath[1]}/_pixelshift-aws\"
  pixelshift-aws completions fish | source";

/// Which buckets, and what the user may do in them. Shared by every command that builds a policy.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Bucket to grant (repeatable, or comma-separated); `name-*` grants every bucket starting `name-`
    #[arg(long = "bucket", value_name = "NAME", value_delimiter = ',', conflicts_with = "all_buckets")]
    pub buckets: Vec<String>,

    /// Grant every bucket in the account, including future ones (not recommended)
    #[arg(long)]
    pub all_buckets: bool,

    /// What the user may do in the buckets [default: read-write]
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub access: Option<AccessArg>,

    /// Limit object access (and listing) to keys starting with this prefix, e.g. `pixelshift/`
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
}

impl PolicyArgs {
    /// The validated choice, or `None` when neither `--bucket` nor `--all-buckets` was given.
    pub fn to_lib(&self) -> Result<Option<PolicyChoice>, Error> {
        let (scope, covered) = if self.all_buckets {
            (Scope::AllBuckets, Vec::new())
        } else {
            let names = self.buckets.iter().map(|raw| BucketName::parse(raw.trim())).collect::<Result<Vec<_>, _>>()?;
            match Scope::buckets(names) {
                Some(found) => found,
                None => return Ok(None),
            }
        };
        let prefix = self.prefix.as_deref().map(KeyPrefix::parse).transpose()?;
        let access = self.access.map_or(Access::ReadWrite, AccessArg::to_lib);
        Ok(Some(PolicyChoice { scope, access, prefix, covered }))
    }

    /// Like [`PolicyArgs::to_lib`], for commands where a choice is required.
    pub fn required(&self) -> Result<PolicyChoice, Error> {
        self.to_lib()?.ok_or_else(|| {
            Error::usage(
                "no buckets chosen",
                "pass --bucket NAME (repeatable, or comma-separated), or --all-buckets (not recommended)",
            )
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccessArg {
    /// Read, write and delete objects; list the bucket
    ReadWrite,
    /// Read objects and list the bucket
    ReadOnly,
}

impl AccessArg {
    #[must_use]
    pub fn to_lib(self) -> Access {
        match self {
            AccessArg::ReadWrite => Access::ReadWrite,
            AccessArg::ReadOnly => Access::ReadOnly,
        }
    }
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

impl PartitionArg {
    #[must_use]
    pub fn to_lib(self) -> Partition {
        match self {
            PartitionArg::Aws => Partition::Aws,
            PartitionArg::AwsCn => Partition::AwsCn,
            PartitionArg::AwsUsGov => Partition::AwsUsGov,
            PartitionArg::AwsIso => Partition::AwsIso,
            PartitionArg::AwsIsoB => Partition::AwsIsoB,
            PartitionArg::AwsIsoE => Partition::AwsIsoE,
            PartitionArg::AwsIsoF => Partition::AwsIsoF,
            PartitionArg::AwsEusc => Partition::AwsEusc,
        }
    }
}

/// Inline on the user, or customer-managed policies attached to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyTypeArg {
    /// One inline policy (IAM: 2,048 characters for all of a user's inline policies)
    Inline,
    /// Customer-managed policies under /pixelshift-aws/ (6,144 characters each, split when longer)
    Managed,
}

impl PolicyTypeArg {
    #[must_use]
    pub fn to_lib(self) -> PolicyType {
        match self {
            PolicyTypeArg::Inline => PolicyType::Inline,
            PolicyTypeArg::Managed => PolicyType::Managed,
        }
    }
}

/// What make-policy (and `setup --dry-run`) prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// JSON: make-policy prints the policy document(s), setup --dry-run the plan
    Json,
    /// A CloudFormation template (YAML): the user and its policy, no access key
    Cloudformation,
    /// Terraform configuration: the user and its policy, no access key
    Terraform,
}

impl FormatArg {
    #[must_use]
    pub fn to_lib(self) -> Option<TemplateFormat> {
        match self {
            FormatArg::Json => None,
            FormatArg::Cloudformation => Some(TemplateFormat::CloudFormation),
            FormatArg::Terraform => Some(TemplateFormat::Terraform),
        }
    }
}

#[derive(Debug, Args)]
pub struct MakePolicyArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,

    /// AWS partition for the ARNs (commands that call AWS take it from your identity)
    #[arg(long, value_enum, default_value_t = PartitionArg::Aws, value_name = "PARTITION")]
    pub partition: PartitionArg,

    /// Inline policy, or customer-managed policies (for more buckets than 2,048 characters hold)
    #[arg(long, value_enum, default_value_t = PolicyTypeArg::Inline, value_name = "TYPE")]
    pub policy_type: PolicyTypeArg,

    /// The policy JSON, or the user and its policy as a CloudFormation or Terraform template
    #[arg(long, value_enum, default_value_t = FormatArg::Json, value_name = "FORMAT")]
    pub format: FormatArg,

    /// The user the policy is for: names a managed policy, and a template's default user name
    #[arg(long, value_name = "NAME", default_value = "iam_pixelshift")]
    pub user_name: String,

    /// Name of the policy (a managed policy is named `<policy>.<user>`)
    #[arg(long, default_value = "pixelshift_access", value_name = "NAME")]
    pub policy_name: String,

    /// Templates: extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,

    /// Templates: the permissions boundary's default (a managed policy ARN)
    #[arg(long, value_name = "ARN")]
    pub permissions_boundary: Option<String>,

    /// Write the output to FILE instead of stdout (`-` for stdout)
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The IAM user the command works on.
#[allow(clippy::doc_markdown)] // help text: backticks would show literally
#[derive(Debug, Args)]
pub struct UserArgs {
    /// IAM user name for Pixelshift [default: iam_pixelshift]
    #[arg(long, value_name = "NAME")]
    pub user_name: Option<String>,
}

impl UserArgs {
    /// The name given, or the default, validated.
    pub fn to_lib(&self) -> Result<UserName, Error> {
        Ok(UserName::parse(self.user_name.as_deref().unwrap_or(UserName::DEFAULT))?)
    }
}

/// Where the access key pair is kept.
#[derive(Debug, Args)]
pub struct KeyStoreArgs {
    /// Keyring to use; `auto` takes the first that works on this machine
    #[arg(long, value_enum, default_value_t = KeyringArg::Auto, value_name = "BACKEND")]
    pub keyring: KeyringArg,

    /// A file (mode 0600) for the key pair: a second copy, or the only one when no keyring works
    #[arg(long, value_name = "PATH")]
    pub keys_file: Option<PathBuf>,
}

// Doc comments here are help text, where backticks around product names would show literally.
#[allow(clippy::doc_markdown)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyringArg {
    /// Secret Service on Linux (then keyutils), Keychain on macOS, Credential Manager on Windows
    Auto,
    /// Linux desktop keyring over D-Bus (GNOME Keyring, KWallet)
    SecretService,
    /// Linux kernel keyring: for headless servers; does not survive a reboot
    Keyutils,
    /// macOS Keychain
    Keychain,
    /// Windows Credential Manager
    WindowsCredentialManager,
}

impl KeyringArg {
    /// `auto` is `None`: the secrets layer tries the platform's keyrings in order.
    #[must_use]
    pub fn to_lib(self) -> Option<Backend> {
        match self {
            KeyringArg::Auto => None,
            KeyringArg::SecretService => Some(Backend::SecretService),
            KeyringArg::Keyutils => Some(Backend::Keyutils),
            KeyringArg::Keychain => Some(Backend::Keychain),
            KeyringArg::WindowsCredentialManager => Some(Backend::WindowsCredentialManager),
        }
    }
}

#[derive(Debug, Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub user: UserArgs,

    #[command(flatten)]
    pub new_user: NewUserArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// How a user is created and where its key goes: shared by create-user and setup.
#[derive(Debug, Args)]
pub struct NewUserArgs {
    /// Extra tag for the user (repeatable); `managed-by=pixelshift-aws` is always set
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,

    /// Managed policy ARN to set as the user's permissions boundary when it is created
    #[arg(long, value_name = "ARN")]
    pub permissions_boundary: Option<String>,

    /// Take over an existing user that this tool did not create (tags it managed-by=pixelshift-aws)
    #[arg(long)]
    pub adopt: bool,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    /// Also print the secret access key (it is always in the keyring or key file)
    #[arg(long)]
    pub show_secret: bool,
}

impl KeyStoreArgs {
    #[must_use]
    pub fn to_lib(&self) -> crate::secrets::KeyStore {
        crate::secrets::KeyStore::new(self.keyring.to_lib(), self.keys_file.clone())
    }
}

impl NewUserArgs {
    /// The new user's tags and boundary, checked against IAM's rules before any call.
    pub fn to_lib(&self) -> Result<NewUser, Error> {
        Ok(NewUser {
            tags: user::tags(&self.tags)?,
            permissions_boundary: self.permissions_boundary.as_deref().map(user::permissions_boundary).transpose()?,
        })
    }
}

#[derive(Debug, Args)]
pub struct AttachPolicyArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Name of the policy on the user
    #[arg(long, default_value = "pixelshift_access", value_name = "NAME")]
    pub policy_name: String,

    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Inline policy, or customer-managed policies [default: what the user has, else inline]
    #[arg(long, value_enum, value_name = "TYPE")]
    pub policy_type: Option<PolicyTypeArg>,

    /// Attach this policy document instead of building one (`-` reads stdin)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["buckets", "all_buckets", "prefix", "access"])]
    pub policy_file: Option<PathBuf>,

    /// Allow changing a user that this tool did not create (tags it managed-by=pixelshift-aws)
    #[arg(long)]
    pub adopt: bool,

    /// Read the current state and print the plan (each AWS call, and the policy diff); change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// The policy pixelshift-aws manages on the user (inline, or managed `<policy>.<user>`)
    #[arg(long, default_value = "pixelshift_access", value_name = "NAME")]
    pub policy_name: String,

    /// A key older than this many days is a finding
    #[arg(long, default_value_t = 90, value_name = "DAYS", value_parser = clap::value_parser!(u64).range(0..=36_500))]
    pub max_key_age: u64,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The policy whose buckets are shown (inline, or managed `<policy>.<user>`)
    #[arg(long, default_value = "pixelshift_access", value_name = "NAME")]
    pub policy_name: String,

    /// Keyring to look for stored keys in
    #[arg(long, value_enum, default_value_t = KeyringArg::Auto, value_name = "BACKEND")]
    pub keyring: KeyringArg,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct RotateKeysArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Phase two: retire the old key once the Pixelshift dashboard uses the new one
    #[arg(long)]
    pub finish: bool,

    /// With --finish: retire the old key even though it was used after the new one was made
    #[arg(long, requires = "finish")]
    pub force: bool,

    /// With --finish: deactivate the old key but keep it (inactive) instead of deleting it
    #[arg(long, requires = "finish")]
    pub keep_old: bool,

    /// The policy whose buckets prove the new key (inline, or managed `<policy>.<user>`)
    #[arg(long, default_value = "pixelshift_access", value_name = "NAME")]
    pub policy_name: String,

    /// Seconds verify keeps retrying while the new key propagates through IAM
    #[arg(long, default_value_t = 60, value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=MAX_WAIT))]
    pub wait: u64,

    /// Do not prove the new key before keeping it
    #[arg(long, conflicts_with = "finish")]
    pub no_verify: bool,

    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Also print the new secret access key
    #[arg(long)]
    pub show_secret: bool,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct TeardownArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Print what would be removed; change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[allow(clippy::doc_markdown)] // help text: backticks would show literally
#[derive(Debug, Args)]
pub struct SetupArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Name of the policy on the user [default: pixelshift_access]
    #[arg(long, value_name = "NAME")]
    pub policy_name: Option<String>,

    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Inline policy, or customer-managed policies [default: what the user has, else inline]
    #[arg(long, value_enum, value_name = "TYPE")]
    pub policy_type: Option<PolicyTypeArg>,

    #[command(flatten)]
    pub new_user: NewUserArgs,

    /// Seconds verify keeps retrying while the new key and policy propagate through IAM
    #[arg(long, default_value_t = 60, value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=MAX_WAIT))]
    pub wait: u64,

    /// Skip the final verify step
    #[arg(long)]
    pub no_verify: bool,

    /// Read the current state and print the plan (each AWS call, and the policy); change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// With --dry-run: print the plan, or the same user and policy as a CloudFormation or Terraform template
    #[arg(long, value_enum, default_value_t = FormatArg::Json, value_name = "FORMAT", requires = "dry_run")]
    pub format: FormatArg,

    /// If a step fails, remove what this run created instead of leaving it for a resume
    #[arg(long)]
    pub rollback_on_failure: bool,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Policy to take the buckets, access and prefix from when --bucket is not given (inline, or managed)
    #[arg(long, default_value = "pixelshift_access", value_name = "NAME")]
    pub policy_name: String,

    /// Bucket to check (repeatable, or comma-separated); default: the buckets the user's policy grants
    #[arg(long = "bucket", value_name = "NAME", value_delimiter = ',')]
    pub buckets: Vec<String>,

    /// Access to expect; with read-only, denied writes and deletes pass (default: the policy's)
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub access: Option<AccessArg>,

    /// Probe under this key prefix (default: the policy's)
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,

    /// For an all-buckets or `name-*` policy, check at most this many of the matching buckets
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub max_buckets: u64,

    /// Seconds to keep retrying while a new key or policy propagates through IAM
    #[arg(long, default_value_t = 60, value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=MAX_WAIT))]
    pub wait: u64,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    /// Take the user's key pair from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN)
    #[allow(clippy::doc_markdown)] // help text: backticks would show literally
    #[arg(long, conflicts_with = "keys_file")]
    pub keys_from_env: bool,

    /// AWS account id of the user, to find its key in the keyring (default: your credentials' account)
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[allow(clippy::doc_markdown)] // help text: backticks would show literally
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Print the stored key, for Pixelshift's dashboard (the secret with --reveal)
    #[command(after_help = KEYS_EXAMPLES)]
    Show(KeysShowArgs),
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
