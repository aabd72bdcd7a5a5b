//! `attach-policy`: the policy on the user, built from flags or read from a file.

use std::path::PathBuf;

use clap::Args;

use super::{AwsArgs, PolicyArgs, PolicyTypeArg, UserArgs};
use crate::domain::names::PolicyName;

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws attach-policy --bucket photos,thumbs
  pixelshift-aws attach-policy --user-name px-prod --bucket 'customer-*' --yes
  pixelshift-aws make-policy --bucket photos > p.json
  pixelshift-aws attach-policy --policy-file p.json
  pixelshift-aws attach-policy --bucket photos --policy-type managed

An identical policy is left alone; a different one is shown as a diff and replaced only after you confirm (or with --yes). Without --policy-type the user keeps the type it has; switching attaches the new policy before the old one is removed.";

#[derive(Debug, Args)]
pub struct AttachPolicyArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Name of the policy on the user
    #[arg(long, default_value = PolicyName::DEFAULT, value_name = "NAME")]
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
