//! Apply for rotate-keys and teardown: each step of a lifecycle plan by its one call, in order, with
//! what was done recorded in the report as it happens. A signal does not cut a step in half (the
//! caller holds the shield); it stops the run before the next step, and the report and the resume
//! command say where it stopped. The refusals of both planners become errors here, once.

use crate::aws::Aws;
use crate::context::Context;
use crate::domain::lifecycle::{LocalCopy, Refusal, Step};
use crate::error::Error;
use crate::report::lifecycle::LifecycleReport;
use crate::report::status::iso;
use crate::secrets::{KeyStore, SecretsError, Slot};

/// Whose steps these are.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub aws: &'a Aws,
    pub store: &'a KeyStore,
    pub account: &'a str,
    pub user: &'a str,
}

/// Carries out one step by its one call. Rotation's own steps (create, store, verify) hold a new
/// secret and are the rotation's to run; they are refused here.
pub async fn run(step: &Step, subject: Subject<'_>) -> Result<(), Error> {
    let Subject { aws, store, account, user } = subject;
    let iam = aws.iam();
    match step {
        Step::DeleteAccessKey { id, .. } => iam.delete_access_key(user, id).await?,
        Step::DeactivateAccessKey(id) => iam.deactivate_access_key(user, id).await?,
        Step::DeleteUserPolicy { name } => iam.delete_user_policy(user, name).await?,
        Step::DetachUserPolicy(arn) => iam.detach_user_policy(user, arn).await?,
        Step::DeletePolicy(arn) => iam.delete_policy(arn).await?,
        Step::LeaveGroup(group) => iam.remove_user_from_group(user, group).await?,
        Step::DeleteLoginProfile => iam.delete_login_profile(user).await?,
        Step::DeleteUser => iam.delete_user(user).await?,
        Step::ReleaseUser { path } => {
            // Moved back first: untagged, a user under /pixelshift-aws/ would still be listed.
            if let Some(path) = path {
                iam.move_user(user, path).await?;
            }
            iam.untag_user(user, &crate::domain::user::ADOPTION_TAG_KEYS).await?;
        }
        Step::Forget(LocalCopy::Keyring { previous }) => {
            let slot = if *previous { Slot::Previous } else { Slot::Current };
            store.delete_keyring_slot(account, user, slot).await?;
        }
        Step::Forget(LocalCopy::File(path)) => match tokio::fs::remove_file(path).await {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Write { path: path.clone(), source }),
        },
        // The steps that hold a new secret, or belong to setup's phases and journal, are run there.
        other => unreachable!("{} is not run step by step", other.action()),
    }
    Ok(())
}

/// Runs `steps` (the plan `report` describes, in the same order), marking each done. On a failure
/// or a signal the report is printed with what was done, and `resume` is named.
pub async fn apply(
    steps: &[Step],
    report: &mut LifecycleReport,
    subject: Subject<'_>,
    resume: &str,
    ctx: &Context,
) -> anyhow::Result<()> {
    for (i, step) in steps.iter().enumerate() {
        let outcome = run(step, subject).await;
        if outcome.is_ok() {
            report.plan[i].done = true;
            ctx.out.detail(format_args!("{} {}", step.action(), report.plan[i].target));
        }
        if let Err(err) = outcome.and_then(|()| ctx.cancel.check()) {
            ctx.out.report(report)?;
            ctx.out.warn(format_args!("stopped before the plan was done; run it again to finish: {resume}"));
            return Err(err.into());
        }
    }
    Ok(())
}

/// The error a lifecycle refusal is, for `user` in `account`.
#[must_use]
pub fn refused(refusal: Refusal, user: &str, account: &str, store: &KeyStore) -> Error {
    let user = user.to_owned();
    match refusal {
        Refusal::Unmanaged => Error::Unmanaged { user },
        Refusal::NoSuchUser => Error::NoSuchUser { user },
        Refusal::NothingStored => {
            Error::Secrets(SecretsError::NotStored { user, account: account.to_owned(), looked: store.looked() })
        }
        Refusal::InProgress { previous } => Error::RotationInProgress { user, previous },
        Refusal::KeyLimit(keys) => Error::KeyLimit { user, keys },
        Refusal::NotRotating => Error::NotRotating { user },
        Refusal::NewPairNotReady { old, new } => Error::NewPairNotReady {
            user,
            old,
            why: new.map_or_else(
                || "no current pair is stored".to_owned(),
                |id| format!("{id} is stored, but IAM does not list it as active"),
            ),
        },
        Refusal::NotSwitched(usage) => {
            let when = |used: Option<&crate::domain::iam::LastUsed>| {
                used.map_or_else(
                    || "never used".to_owned(),
                    |u| format!("last used {} through {}", iso(u.at), u.service),
                )
            };
            let meaning = match (usage.tool_used, &usage.new_last_used) {
                (None, _) => "this machine has no record of when rotate-keys itself last used the new key, so its \
                              use cannot be told from Pixelshift's"
                    .to_owned(),
                (Some(_), Some(last)) if last.service == "sts" => {
                    "its last use is an STS call (a status check?), which hides Pixelshift's until Pixelshift uses it \
                     again"
                        .to_owned()
                }
                (Some(tool), _) => format!("pixelshift-aws itself used it until {}", iso(tool)),
            };
            Error::NotSwitched {
                user,
                old: usage.old_id.clone(),
                new: usage.new_id.clone().unwrap_or_default(),
                why: format!(
                    "new key: {}; old key: {}; {meaning}",
                    when(usage.new_last_used.as_ref()),
                    when(usage.old_last_used.as_ref())
                ),
            }
        }
    }
}
