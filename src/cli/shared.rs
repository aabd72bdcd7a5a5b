//! Arguments more than one command takes: the user, where its key is kept, how a new user is made,
//! the policy choice and its value enums, and `--wait`'s parser. Each with its `to_lib` conversion.

use std::path::PathBuf;

use clap::builder::RangedU64ValueParser;
use clap::{Args, ValueEnum};

use super::MAX_WAIT;
use crate::domain::names::{BucketName, KeyPrefix, UserName};
use crate::domain::plan::NewUser;
use crate::domain::policy::{Access, Partition, PolicyChoice, PolicyType, Scope, kms};
use crate::domain::user;
use crate::error::Error;
use crate::secrets::Backend;
use crate::template::TemplateFormat;

/// `--wait`'s parser: whole seconds, `0..=MAX_WAIT`. Each command words the flag's help for itself.
pub(super) fn wait_secs() -> RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(0..=MAX_WAIT)
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
    pub(crate) fn to_lib(&self) -> Result<UserName, Error> {
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

impl KeyStoreArgs {
    #[must_use]
    pub(crate) fn to_lib(&self) -> crate::secrets::KeyStore {
        crate::secrets::KeyStore::new(self.keyring.to_lib(), self.keys_file.clone())
    }
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
    pub(crate) fn to_lib(self) -> Option<Backend> {
        match self {
            KeyringArg::Auto => None,
            KeyringArg::SecretService => Some(Backend::SecretService),
            KeyringArg::Keyutils => Some(Backend::Keyutils),
            KeyringArg::Keychain => Some(Backend::Keychain),
            KeyringArg::WindowsCredentialManager => Some(Backend::WindowsCredentialManager),
        }
    }
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

impl NewUserArgs {
    /// The new user's tags and boundary, checked against IAM's rules before any call.
    pub(crate) fn to_lib(&self) -> Result<NewUser, Error> {
        Ok(NewUser {
            tags: user::tags(&self.tags)?,
            permissions_boundary: self.permissions_boundary.as_deref().map(user::permissions_boundary).transpose()?,
        })
    }
}

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

    /// A customer-managed KMS key (ARN) the buckets encrypt with: the policy may then use it, through
    /// S3 only (repeatable). setup and attach-policy find a bucket's key themselves
    #[arg(long = "kms-key", value_name = "ARN", value_delimiter = ',')]
    pub kms_keys: Vec<String>,
}

impl PolicyArgs {
    /// The validated choice, or `None` when neither `--bucket` nor `--all-buckets` was given.
    pub(crate) fn to_lib(&self) -> Result<Option<PolicyChoice>, Error> {
        let access = self.access.map_or(Access::ReadWrite, AccessArg::to_lib);
        policy_choice(&self.buckets, self.all_buckets, access, self.prefix.as_deref(), &self.kms_keys)
    }

    /// Like [`PolicyArgs::to_lib`], for commands where a choice is required.
    pub(crate) fn required(&self) -> Result<PolicyChoice, Error> {
        self.to_lib()?.ok_or_else(|| {
            Error::usage(
                "no buckets chosen",
                "pass --bucket NAME (repeatable, or comma-separated), or --all-buckets (not recommended)",
            )
        })
    }
}

/// The validated choice these answers make, or `None` when they name no bucket: the flags' (or one
/// account's, #20) buckets, access, prefix and KMS keys.
///
/// # Errors
/// A bucket name, prefix or KMS key ARN that is not valid.
pub fn policy_choice(
    buckets: &[String],
    all_buckets: bool,
    access: Access,
    prefix: Option<&str>,
    kms_keys: &[String],
) -> Result<Option<PolicyChoice>, Error> {
    let (scope, covered) = if all_buckets {
        (Scope::AllBuckets, Vec::new())
    } else {
        let names = buckets.iter().map(|raw| BucketName::parse(raw.trim())).collect::<Result<Vec<_>, _>>()?;
        match Scope::buckets(names) {
            Some(found) => found,
            None => return Ok(None),
        }
    };
    let prefix = prefix.map(KeyPrefix::parse).transpose()?;
    let mut kms_keys = kms_keys.iter().map(|raw| kms::parse_key_arn(raw.trim())).collect::<Result<Vec<_>, _>>()?;
    kms_keys.sort();
    kms_keys.dedup();
    Ok(Some(PolicyChoice { scope, access, prefix, covered, kms_keys }))
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
    pub(crate) fn to_lib(self) -> Access {
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
    pub(crate) fn to_lib(self) -> Partition {
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
    pub(crate) fn to_lib(self) -> PolicyType {
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
    pub(crate) fn to_lib(self) -> Option<TemplateFormat> {
        match self {
            FormatArg::Json => None,
            FormatArg::Cloudformation => Some(TemplateFormat::CloudFormation),
            FormatArg::Terraform => Some(TemplateFormat::Terraform),
        }
    }
}
