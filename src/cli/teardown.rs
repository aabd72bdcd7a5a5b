//! `teardown`: everything pixelshift-aws set up for a user, removed.

use clap::Args;

use super::{AccountsArgs, AwsArgs, KeyStoreArgs, UserArgs};

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws teardown --dry-run
  pixelshift-aws teardown --user-name px-prod --yes
  pixelshift-aws teardown --org --dry-run

Removes the user's access keys, policies, group memberships and console password, the user, and the pairs stored here. A user pixelshift-aws did not create is refused; one it adopted keeps what it had (--all removes that too).

Across accounts (--profiles, --org): every account's removal is shown together and confirmed once; an account without the user has nothing to do. One answer per account, exit 1 when any failed (the hint resumes only those).";

#[derive(Debug, Args)]
pub struct TeardownArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Print what would be removed; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// On a user adopted with `setup --adopt`, also remove what it had before (its own keys,
    /// policies, groups, console password) and the user itself
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub store: KeyStoreArgs,

    #[command(flatten)]
    pub aws: AwsArgs,

    #[command(flatten)]
    pub accounts: AccountsArgs,
}
