//! `create-user`: the IAM user and its stored access key.

use clap::Args;

use super::{AwsArgs, NewUserArgs, UserArgs};

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws create-user
  pixelshift-aws create-user --user-name px-prod --tag team=media --output json
  pixelshift-aws create-user --keyring keyutils --keys-file ~/px-prod.json
  pixelshift-aws create-user --user-name px-prod --dry-run

Safe to re-run: an existing user tagged managed-by=pixelshift-aws is reused, and a stored key that IAM still lists as active is reused instead of creating a second one.";

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
}
