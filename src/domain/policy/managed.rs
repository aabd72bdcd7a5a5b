//! This tool's customer-managed policies: their names (`<policy>.<user>`, `.2` …), path, ARN and
//! description, and how to tell them from everyone else's.

use super::{ATTACHED_QUOTA, Partition};

/// Where this tool's customer-managed policies live, so they are told apart from everyone else's.
pub const MANAGED_PATH: &str = "/pixelshift-aws/";

/// The customer-managed policy names of a user's `policy` in chunk order: `pixelshift_access.<user>`,
/// then `.2`, `.3`. Managed policy names are unique in an account, so the user's name is part of it.
#[must_use]
pub fn managed_name(policy: &str, user: &str, chunk: usize) -> String {
    if chunk == 0 { format!("{policy}.{user}") } else { format!("{policy}.{user}.{}", chunk + 1) }
}

/// The longest managed policy name IAM takes.
pub const MANAGED_NAME_MAX: usize = 128;

/// What a managed policy made for `user` says of itself (its description cannot change later).
#[must_use]
pub fn managed_description(user: &str) -> String {
    format!("Pixelshift's access to S3 as IAM user {user} (made by pixelshift-aws)")
}

/// Whether the names of `parts` managed policies of `policy` for `user` stay within IAM's 128
/// characters (`<policy>.<user>.10` is the longest).
#[must_use]
pub fn managed_names_fit(policy: &str, user: &str, parts: usize) -> bool {
    managed_name(policy, user, parts.saturating_sub(1)).chars().count() <= MANAGED_NAME_MAX
}

/// Whether a managed policy (its `name` and `arn`) is one of the parts this tool made of `policy`
/// for `user`, and which: under `/pixelshift-aws/` and named `<policy>.<user>[.N]`. The one rule of
/// "ours" for managed policies, used by every command that reads them.
#[must_use]
pub fn our_part(policy: &str, user: &str, name: &str, arn: &str) -> Option<usize> {
    if is_managed_path(arn) { managed_index(policy, user, name) } else { None }
}

/// Which part of a user's `policy` a managed policy name is (0 for `<policy>.<user>`, 1 for
/// `.2` …), or `None` when the name is not one of them.
#[must_use]
pub fn managed_index(policy: &str, user: &str, name: &str) -> Option<usize> {
    let rest = name.strip_prefix(policy)?.strip_prefix('.')?.strip_prefix(user)?;
    if rest.is_empty() {
        return Some(0);
    }
    let number: usize = rest.strip_prefix('.')?.parse().ok()?;
    (2..=ATTACHED_QUOTA).contains(&number).then(|| number - 1)
}

/// The ARN of one of this tool's managed policies.
#[must_use]
pub fn managed_arn(partition: Partition, account: &str, name: &str) -> String {
    format!("arn:{}:iam::{account}:policy{MANAGED_PATH}{name}", partition.as_str())
}

/// Whether an ARN is a policy under this tool's path.
#[must_use]
pub fn is_managed_path(arn: &str) -> bool {
    arn.split_once(":policy/")
        .is_some_and(|(_, path)| path.starts_with(&MANAGED_PATH[1..]) && !path[MANAGED_PATH.len() - 1..].contains('/'))
}

/// Whether a managed policy is one this tool made for `user`: under its path, and tagged for the
/// user — or, where the tags are not known (IAM's policy listing has none), named for it.
#[must_use]
pub fn made_for(user: &str, name: &str, arn: &str, tags: Option<&[(String, String)]>) -> bool {
    if !is_managed_path(arn) {
        return false;
    }
    if let Some(tags) = tags
        && let Some((_, value)) = tags.iter().find(|(k, _)| k == crate::domain::user::MANAGED_USER_TAG_KEY)
    {
        return value == user;
    }
    let named = |base: &str| base.strip_suffix(user).is_some_and(|rest| rest.len() > 1 && rest.ends_with('.'));
    named(name)
        || name
            .rsplit_once('.')
            .is_some_and(|(base, n)| n.parse::<usize>().is_ok_and(|n| (2..=ATTACHED_QUOTA).contains(&n)) && named(base))
}
