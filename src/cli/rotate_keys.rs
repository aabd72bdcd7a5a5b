//! `rotate-keys`: a new access key, then (with `--finish`) the old one retired.

use clap::Args;

use super::{AccountsArgs, AwsArgs, DEFAULT_WAIT_SECS, KeyStoreArgs, UserArgs, wait_secs};
use crate::domain::names::PolicyName;

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws rotate-keys
  pixelshift-aws rotate-keys --user-name px-prod --finish
  pixelshift-aws rotate-keys --dry-run
  pixelshift-aws rotate-keys --org --yes && pixelshift-aws rotate-keys --org --finish

First run: a new key, verified, stored as current; the old pair is kept. Put the new key into the Pixelshift dashboard, then --finish retires the old one (refused until IAM shows Pixelshift using the new key).";

#[derive(Debug, Args)]
pub struct RotateKeysArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Phase two: retire the old key once the Pixelshift dashboard uses the new one
    #[arg(long)]
    pub finish: bool,

    /// With --finish: retire the old key even though nothing shows yet that Pixelshift uses the new one
    #[arg(long, requires = "finish")]
    pub force: bool,

    /// With --finish: deactivate the old key but keep it (inactive) instead of deleting it
    #[arg(long, requires = "finish")]
    pub keep_old: bool,

    /// The policy whose buckets prove the new key (inline, or managed `<policy>.<user>`)
    #[arg(long, default_value = PolicyName::DEFAULT, value_name = "NAME")]
    pub policy_name: String,

    /// Seconds verify keeps retrying while the new key propagates through IAM
    #[arg(long, default_value_t = DEFAULT_WAIT_SECS, value_name = "SECS", value_parser = wait_secs())]
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

    #[command(flatten)]
    pub accounts: AccountsArgs,
}
