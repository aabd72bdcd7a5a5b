//! The policy's steps carried out: inline put, managed policies created, versioned, attached, and
//! the replaced ones removed — each one call, each recorded for the resume note and a rollback.

use super::{PolicyDone, settled};
use crate::domain::plan::{Plan, PolicyFacts, Step};
use crate::domain::policy::{MANAGED_PATH, managed_description};
use crate::domain::user::{MANAGED_TAG_KEY, MANAGED_TAG_VALUE, MANAGED_USER_TAG_KEY};
use crate::error::Error;
use crate::ops::Env;

/// The policy's steps, one call each, in plan order (created and attached before anything is
/// removed). Returns what was done even when a step fails, for the resume note and a rollback.
pub(super) async fn policy_steps(plan: &Plan, env: &Env<'_>) -> (Vec<PolicyDone>, Result<(), Error>) {
    let mut done = Vec::new();
    let Some(facts) = &plan.policy else { return (done, Ok(())) };
    if !plan.steps.iter().any(Step::is_policy) {
        env.out.info(format_args!("The {} on `{}` is already up to date; nothing to do", facts.label(), plan.user));
        return (done, Ok(()));
    }
    for step in plan.steps.iter().filter(|s| s.is_policy()) {
        match policy_step(step, facts, plan.user.as_str(), env).await {
            Ok(change) => done.push(change),
            Err(err) => return (done, Err(err)),
        }
    }
    (done, Ok(()))
}

async fn policy_step(step: &Step, facts: &PolicyFacts, user: &str, env: &Env<'_>) -> Result<PolicyDone, Error> {
    let iam = env.aws.iam();
    let part = |name: &str| facts.part(name).expect("a policy step names one of the plan's parts");
    let out = env.out;
    Ok(match step {
        Step::PutUserPolicy { replaces } => {
            let name = facts.name.as_str();
            iam.put_user_policy(user, name, facts.document()).await?;
            if replaces.is_some() {
                out.info(format_args!("Replaced inline policy `{name}` on `{user}`"));
            } else {
                out.info(format_args!("Attached inline policy `{name}` to `{user}`"));
            }
            PolicyDone::Put { name: name.to_owned(), replaced: replaces.clone() }
        }
        Step::CreatePolicy { name } => {
            let tags = [
                (MANAGED_TAG_KEY.to_owned(), MANAGED_TAG_VALUE.to_owned()),
                (MANAGED_USER_TAG_KEY.to_owned(), user.to_owned()),
            ];
            let description = managed_description(user);
            let document = &part(name).document;
            let settle = async {
                let Some(arn) = part(name).arn.as_deref() else { return Ok(None) };
                settled::policy_holding(iam, arn, document).await.map(|held| held.map(|p| p.arn))
            };
            let made = match iam.create_policy(name, MANAGED_PATH, &description, document, &tags).await {
                Ok(Some(arn)) => Some(arn),
                // "Already exists" after a retry, or no answer: IAM may have made it with this document.
                Ok(None) => settle.await?,
                Err(err) if err.maybe_executed() => match settle.await {
                    Ok(Some(arn)) => Some(arn),
                    _ => return Err(err.into()),
                },
                Err(err) => return Err(err.into()),
            };
            let Some(arn) = made else {
                return Err(Error::Raced { what: format!("managed policy `{name}` (someone created it)") });
            };
            out.info(format_args!("Created managed policy {arn}"));
            PolicyDone::Created { name: name.clone(), arn }
        }
        Step::CreatePolicyVersion { name, arn, prune, previous } => {
            if let Some(oldest) = prune {
                iam.delete_policy_version(arn, oldest).await?;
                out.info(format_args!("Deleted version {oldest} of `{name}` (IAM keeps at most five)"));
            }
            let document = &part(name).document;
            let version = match iam.create_policy_version(arn, document).await {
                Ok(version) => version,
                // A lost answer (the SDK's retry may then meet IAM's five-version limit): if the
                // policy's default is this document now, the version was made.
                Err(err) => match settled::policy_holding(iam, arn, document).await {
                    Ok(Some(part)) if part.default_version != *previous => part.default_version,
                    _ => return Err(err.into()),
                },
            };
            out.info(format_args!("Made version {version} the default of managed policy `{name}`"));
            PolicyDone::Versioned { name: name.clone(), arn: arn.clone(), previous: previous.clone(), version }
        }
        Step::AttachUserPolicy { name, arn } => {
            iam.attach_user_policy(user, arn).await?;
            out.info(format_args!("Attached managed policy `{name}` to `{user}`"));
            PolicyDone::Attached { name: name.clone(), arn: arn.clone() }
        }
        Step::DeleteUserPolicy { name } => {
            iam.delete_user_policy(user, name).await?;
            out.info(format_args!("Removed inline policy `{name}` from `{user}` (the managed policy replaces it)"));
            let document = facts.removed.iter().find(|r| r.name == *name).map(|r| r.document.clone());
            PolicyDone::InlineDeleted { name: name.clone(), document: document.unwrap_or_default() }
        }
        Step::RetirePolicy { name, arn, delete } => {
            iam.detach_user_policy(user, arn).await?;
            if *delete {
                iam.delete_policy(arn).await?;
                out.info(format_args!("Detached and deleted managed policy `{name}`"));
            } else {
                out.info(format_args!("Detached managed policy `{name}` (still attached elsewhere, so kept)"));
            }
            PolicyDone::Retired { name: name.clone(), deleted: *delete }
        }
        _ => unreachable!("only the policy's steps come here"),
    })
}
