//! `create-user`: the IAM user and its stored access key.

use clap::Args;

use super::{AccountsArgs, AwsArgs, NewUserArgs, UserArgs};

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws create-user
  pixelshift-aws create-user --user-name px-prod --tag team=media --output json
  pixelshift-aws create-user --keyring keyutils --keys-file ~/px-prod.json
  pixelshift-aws create-user --user-name px-prod --dry-run
  pixelshift-aws create-user --user-name iam_pixelshift --org --ou ou-ab12-cd34ef56

Safe to re-run: an existing user tagged managed-by=pixelshift-aws is reused, and a stored key that IAM still lists as active is reused instead of creating a second one.

Across accounts (--profiles, --org): the user and its key in each account (e.g. the users a StackSet made), each key stored under its account; one answer per account.";

#[derive(Debug, Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub user: UserArgs,

    #[command(flatten)]
    pub new_user: NewUserArgs,

    /// Read the current state and print the plan (each AWS call and where the key would go); change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub aws: AwsArgs,

    #[command(flatten)]
    pub accounts: AccountsArgs,
}
