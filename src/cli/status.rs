//! `status`: the health of one user's setup.

use clap::Args;

use super::{AccountsArgs, AwsArgs, KeyStoreArgs, UserArgs};
use crate::domain::names::PolicyName;

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws status
  pixelshift-aws status --user-name px-prod --max-key-age 30 --output json
  pixelshift-aws status --org --ou ou-ab12-cd34ef56  # each account of an organizational unit

Read-only. Exit 0 when there is nothing to do, 3 when a finding needs action (each is listed with its fix).

Across accounts (--profiles, --org): one answer per account; 1 when any account failed (the hint resumes only those), else 3 when any needs action.";

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// The policy pixelshift-aws manages on the user (inline, or managed `<policy>.<user>`)
    #[arg(long, default_value = PolicyName::DEFAULT, value_name = "NAME")]
    pub policy_name: String,

    /// A key older than this many days is a finding
    #[arg(long, default_value_t = 90, value_name = "DAYS", value_parser = clap::value_parser!(u64).range(0..=36_500))]
    pub max_key_age: u64,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    #[command(flatten)]
    pub aws: AwsArgs,

    #[command(flatten)]
    pub accounts: AccountsArgs,
}
