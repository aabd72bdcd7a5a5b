//! `setup`: the whole job, from flags or the wizard's questions.

use clap::Args;

use super::{
    AccountsArgs, AwsArgs, DEFAULT_WAIT_SECS, FormatArg, NewUserArgs, PolicyArgs, PolicyTypeArg, UserArgs, wait_secs,
};

pub(super) const EXAMPLES: &str = "\
Examples:
  pixelshift-aws setup
  pixelshift-aws setup --bucket photos,thumbs --non-interactive --output json
  pixelshift-aws setup --bucket photos --dry-run
  pixelshift-aws setup --bucket photos --yes --rollback-on-failure
  pixelshift-aws setup --bucket \"$(paste -sd, buckets.txt)\" --policy-type managed
  pixelshift-aws setup --bucket photos --dry-run --format terraform > main.tf
  pixelshift-aws setup --profiles prod,staging --bucket prod:photos,staging:photos-staging --yes
  pixelshift-aws setup --org --accounts-file accounts.toml --non-interactive --output json

Safe to re-run: what exists is reused and nothing is written twice. Every question has a flag; without a terminal (or with --non-interactive) a missing answer is an error naming its flag.

Across accounts (--profiles, --org): each account is planned as on its own, the plans are shown together and confirmed once. Buckets are per account: --bucket ACCOUNT:NAME (an account id or profile name) or --accounts-file. Exit 1 when any account failed (the hint resumes only those), else 3 when any verification failed.";

#[allow(clippy::doc_markdown)] // help text: backticks would show literally
#[derive(Debug, Args)]
pub struct SetupArgs {
    #[command(flatten)]
    pub user: UserArgs,

    /// Name of the policy on the user [default: pixelshift_access]
    #[arg(long, value_name = "NAME")]
    pub policy_name: Option<String>,

    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Inline policy, or customer-managed policies [default: what the user has, else inline]
    #[arg(long, value_enum, value_name = "TYPE")]
    pub policy_type: Option<PolicyTypeArg>,

    #[command(flatten)]
    pub new_user: NewUserArgs,

    /// Seconds verify keeps retrying while the new key and policy propagate through IAM
    #[arg(long, default_value_t = DEFAULT_WAIT_SECS, value_name = "SECS", value_parser = wait_secs())]
    pub wait: u64,

    /// Skip the final verify step
    #[arg(long)]
    pub no_verify: bool,

    /// Let verify write a probe into buckets with an Object Lock default retention too (it then stays
    /// until the retention ends); without it, write and delete are not tested there
    #[arg(long, conflicts_with = "no_verify")]
    pub probe_locked: bool,

    /// Read the current state and print the plan (each AWS call, and the policy); change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// With --dry-run: print the plan, or the same user and policy as a CloudFormation or Terraform template
    #[arg(long, value_enum, default_value_t = FormatArg::Json, value_name = "FORMAT", requires = "dry_run")]
    pub format: FormatArg,

    /// If a step fails, remove what this run created instead of leaving it for a resume
    #[arg(long)]
    pub rollback_on_failure: bool,

    #[command(flatten)]
    pub aws: AwsArgs,

    #[command(flatten)]
    pub accounts: AccountsArgs,

    /// With several accounts: each account's buckets, access and prefix (TOML: `[prod]` or
    /// `["123456789012"]`, then `buckets = ["photos"]` or `all-buckets = true`); alone, its profiles
    /// are the accounts
    #[arg(long, value_name = "PATH", conflicts_with = "all_buckets")]
    pub accounts_file: Option<std::path::PathBuf>,
}
