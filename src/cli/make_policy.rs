//! `make-policy`: the policy (or a template holding it), built offline.

use std::path::PathBuf;

use clap::Args;

use super::{FormatArg, PartitionArg, PolicyArgs, PolicyTypeArg};
use crate::domain::names::{PolicyName, UserName};

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws make-policy --bucket photos,thumbs
  pixelshift-aws make-policy --bucket 'customer-*' --prefix px/ -o p.json
  pixelshift-aws make-policy --all-buckets --access read-only --partition aws-cn
  pixelshift-aws make-policy --bucket photos --format cloudformation -o pixelshift.yaml
  pixelshift-aws make-policy --bucket photos --format terraform --policy-type managed > main.tf

The document alone goes to stdout (or FILE); its size against IAM's budget (2,048 characters for all of a user's inline policies, 6,144 per managed policy) goes to stderr. Managed policies longer than that are split over several, printed one after another (with -o: FILE, then FILE.2.json ...).";

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
    #[arg(long, value_name = "NAME", default_value = UserName::DEFAULT)]
    pub user_name: String,

    /// Name of the policy (a managed policy is named `<policy>.<user>`)
    #[arg(long, default_value = PolicyName::DEFAULT, value_name = "NAME")]
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
