//! After a failed apply: what this run really did (a created user whose response was lost), and
//! undoing it newest first for `--rollback-on-failure`.

use super::{Journal, PolicyDone};
use crate::domain::plan::{Plan, Step};
use crate::ops::Env;

/// After a failure: a user the plan created may exist even though its response was lost. Look,
/// rather than guess, so the resume note and a rollback know about it.
pub async fn settle(journal: &mut Journal, plan: &Plan, env: &Env<'_>) {
    let planned = plan.steps.iter().any(|s| matches!(s, Step::CreateUser(_)));
    if planned && !journal.user_created {
        journal.user_created = matches!(env.aws.iam().get_user(plan.user.as_str()).await, Ok(Some(_)));
    }
}

/// Undoes what this run did, newest first; says what it undid and warns about what it could not.
pub async fn roll_back(journal: &Journal, plan: &Plan, account: &str, env: &Env<'_>) -> Vec<String> {
    let iam = env.aws.iam();
    let name = plan.user.as_str();
    let mut undone = Vec::new();
    let warn = |what: &str, err: &dyn std::fmt::Display| env.out.warn(format_args!("could not {what}: {err}"));
    for done in journal.policy.iter().rev() {
        let (result, what) = match done {
            PolicyDone::Put { name: policy, replaced: Some(current) } => {
                (iam.put_user_policy(name, policy, current).await, format!("restored inline policy `{policy}`"))
            }
            PolicyDone::Put { name: policy, replaced: None } => {
                (iam.delete_user_policy(name, policy).await, format!("removed inline policy `{policy}`"))
            }
            PolicyDone::Created { name: policy, arn } => {
                (iam.delete_policy(arn).await, format!("deleted managed policy `{policy}`"))
            }
            PolicyDone::Versioned { name: policy, arn, previous, version } => {
                let restored = match iam.set_default_policy_version(arn, previous).await {
                    Ok(()) => iam.delete_policy_version(arn, version).await,
                    Err(err) => Err(err),
                };
                (restored, format!("made {previous} the default of `{policy}` again"))
            }
            PolicyDone::Attached { name: policy, arn } => {
                (iam.detach_user_policy(name, arn).await, format!("detached managed policy `{policy}`"))
            }
            PolicyDone::InlineDeleted { name: policy, document } => {
                (iam.put_user_policy(name, policy, document).await, format!("restored inline policy `{policy}`"))
            }
            PolicyDone::Retired { name: policy, .. } => {
                env.out.warn(format_args!(
                    "managed policy `{policy}` was already removed; run the same command with --policy-type managed \
                     to make it again"
                ));
                continue;
            }
        };
        match result {
            Ok(()) => undone.push(what),
            Err(err) => warn(&format!("undo: {what}"), &err),
        }
    }
    if let Some((id, placement)) = &journal.key {
        match iam.delete_access_key(name, id).await {
            Ok(()) => undone.push(format!("deleted access key {id}")),
            Err(err) => warn(&format!("delete access key {id}"), &err),
        }
        if let (Some(backend), Some(store)) = (placement.keyring, env.store) {
            match store.delete_keyring(account, name).await {
                Ok(_) => undone.push(format!("removed it from {}", backend.describe())),
                Err(err) => warn("remove the stored key", &err),
            }
        }
        if let Some(file) = &placement.file {
            match std::fs::remove_file(file) {
                Ok(()) => undone.push(format!("removed {}", file.display())),
                Err(err) => warn(&format!("remove {}", file.display()), &err),
            }
        }
    }
    if let Some(from) = &journal.moved_from {
        match iam.move_user(name, from).await {
            Ok(()) => undone.push(format!("moved `{name}` back to path {from}")),
            Err(err) => warn(&format!("move `{name}` back to path {from}"), &err),
        }
    }
    if journal.adopted {
        match iam.untag_user(name, &crate::domain::user::ADOPTION_TAG_KEYS).await {
            Ok(()) => undone.push(format!("removed the managed-by tag from `{name}`")),
            Err(err) => warn("remove the managed-by tag", &err),
        }
    }
    if journal.user_created {
        match iam.delete_user(name).await {
            Ok(()) => undone.push(format!("deleted IAM user `{name}`")),
            Err(err) => warn(&format!("delete IAM user `{name}`"), &err),
        }
    }
    undone
}
