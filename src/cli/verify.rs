//! `verify`: the user's own key, tried on every bucket.

use clap::Args;

use super::{AccessArg, AccountsArgs, AwsArgs, DEFAULT_WAIT_SECS, KeyStoreArgs, UserArgs, wait_secs};
use crate::domain::names::PolicyName;

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws verify
  pixelshift-aws verify --bucket photos --bucket thumbs --wait 120
  pixelshift-aws verify --keys-file ./pixelshift.json --output json

Each bucket gets ListObjectsV2, PutObject of a small probe under .pixelshift-verify/, GetObject (bytes compared) and DeleteObject; the probe is always removed. Exit 0: all passed; 3: some access is missing.";

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Policy to take the buckets, access and prefix from when --bucket is not given (inline, or managed)
    #[arg(long, default_value = PolicyName::DEFAULT, value_name = "NAME")]
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
    #[arg(long, default_value_t = DEFAULT_WAIT_SECS, value_name = "SECS", value_parser = wait_secs())]
    pub wait: u64,

    /// Also write a probe into buckets with an Object Lock default retention (it then stays until
    /// the retention ends); without it, write and delete are not tested there
    #[arg(long)]
    pub probe_locked: bool,

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

    #[command(flatten)]
    pub accounts: AccountsArgs,
}
