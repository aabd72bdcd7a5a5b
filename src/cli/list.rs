//! `list`: every user pixelshift-aws manages in the account.

use clap::Args;

use super::{AccountsArgs, AwsArgs, KeyringArg};
use crate::domain::names::PolicyName;

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws list
  pixelshift-aws list --output json
  pixelshift-aws list --profiles prod,staging       # one answer per account
  pixelshift-aws list --org                         # every account of your AWS Organization";

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The policy whose buckets are shown (inline, or managed `<policy>.<user>`)
    #[arg(long, default_value = PolicyName::DEFAULT, value_name = "NAME")]
    pub policy_name: String,

    /// Read every IAM user's tags to find this tool's users, not only those under the path
    /// /pixelshift-aws/ (users made before 0.2, or moved by hand; setup moves them there)
    #[arg(long)]
    pub scan_all: bool,

    /// Keyring to look for stored keys in
    #[arg(long, value_enum, default_value_t = KeyringArg::Auto, value_name = "BACKEND")]
    pub keyring: KeyringArg,

    #[command(flatten)]
    pub aws: AwsArgs,

    #[command(flatten)]
    pub accounts: AccountsArgs,
}
