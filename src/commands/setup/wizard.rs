//! setup's questions at a terminal.
//!
//! Everything that can stop the run is checked before the question it would waste: the credentials,
//! the keyring (without one, a 0600 key file is offered before anything else is asked, and its path
//! asked once the user's name is known, so the default file is named after that user), the user's
//! state (unmanaged, two keys already) right after its name. A re-run starts from what exists: the
//! attached policy's buckets, access and prefix are the defaults, so Enter through every question
//! changes nothing. Names typed by hand are held against the account's buckets before anything is
//! written. The user is observed once — what the wizard shows of it is what the plan decides on.

use serde_json::Value;

use super::flags::{Answers, Flags};
use crate::aws::Identity;
use crate::context::Context;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::plan::PolicySource;
use crate::domain::policy::{
    ATTACHED_QUOTA, INLINE_BUDGET, MANAGED_BUDGET, PolicyChoice, PolicyType, iam_size, managed_name, our_part,
};
use crate::domain::thousands;
use crate::domain::verify::{Grant, grant_of};
use crate::error::Error;
use crate::ops::lock::UserLock;
use crate::ops::observe::{Observation, managed_parts};
use crate::ops::{Env, policy};

mod choice;
mod confirm;
mod user;

pub(super) use choice::ask_choice;
pub use confirm::confirm_plan;
pub(super) use user::reading;
use user::{ask_user, offer_key_file};

/// Asks every question a flag did not answer, observing the account as the answers come in.
pub async fn ask(flags: &Flags, env: &Env<'_>, ctx: &Context) -> Result<(Observation, Answers, UserLock), Error> {
    let spinner = ctx.out.spinner("Reading your AWS account");
    let (identity, listed, ()) = tokio::join!(env.aws.identity(), env.aws.s3().list_buckets(), async {
        if let Some(store) = env.store {
            let _ = store.open().await;
        }
    });
    spinner.finish();
    let identity = identity?;
    let listed = match listed {
        Ok(mut names) => {
            names.sort();
            Some(names)
        }
        Err(err) => {
            ctx.out.warn(format_args!("cannot list the account's buckets ({err}); type their names instead"));
            None
        }
    };
    let file_wanted = flags.store.keys_file().is_none() && offer_key_file(env.store, ctx)?;
    ctx.show_account(&identity);
    if !ctx.ask.confirm("Continue with this account?", true)? {
        return Err(Error::Declined("nothing was changed".to_owned()));
    }
    let (mut observation, user, adopt, lock, keys_file) = ask_user(flags, env, &identity, file_wanted, ctx).await?;
    let policy_name =
        flags.policy_name.clone().unwrap_or_else(|| PolicyName::parse(PolicyName::DEFAULT).expect("a valid default"));
    let (attached, current) = attached_grant(&observation, &user, &policy_name);
    let choice = match &flags.choice {
        Some(choice) => choice.clone(),
        None => ask_choice(flags, listed.as_deref(), attached.as_ref(), ctx)?,
    };
    if let (Some(names), None) = (&listed, choice.named_buckets()) {
        let matching: Vec<&str> = names.iter().filter(|b| choice.grants(b)).map(String::as_str).collect();
        ctx.out.note(format_args!("the policy matches {} bucket(s) now: {}", matching.len(), matching.join(", ")));
    }
    policy::explain(&choice, &ctx.out);
    let kind = ask_type(flags.kind, current, &choice, &policy_name, &identity, ctx)?;
    show_policy(&choice, kind, &policy_name, &user, &identity, ctx);

    let policy_name = match &flags.policy_name {
        Some(name) => name.clone(),
        None => loop {
            let raw = ctx.ask.prompter().input("Policy name", Some(policy_name.as_str()), false, "--policy-name")?;
            match PolicyName::parse(raw.trim()) {
                Ok(name) => break name,
                Err(err) => ctx.out.warn(err),
            }
        },
    };
    let answers = Answers { user, adopt, policy_name, choice, kind: Some(kind), keys_file };
    if kind == PolicyType::Managed {
        // The parts this choice needs were not known when the user was read: read them now.
        let wanted = super::wanted(&answers, flags);
        let user = observation.observed.user.as_ref();
        observation.observed.managed_parts = managed_parts(env.aws, &wanted, &identity, user).await?;
    }
    Ok((observation, answers, lock))
}

/// Inline or managed: the flag, else what the user has. A policy too long for inline gets the
/// offer of managed policies, which hold three times as much each.
fn ask_type(
    flag: Option<PolicyType>,
    current: Option<PolicyType>,
    choice: &PolicyChoice,
    policy_name: &PolicyName,
    identity: &Identity,
    ctx: &Context,
) -> Result<PolicyType, Error> {
    if let Some(kind) = flag {
        return Ok(kind);
    }
    let current = current.unwrap_or_default();
    let size = choice.document(identity.partition).iam_size();
    if current == PolicyType::Managed || PolicyType::Inline.fits(size) {
        return Ok(current);
    }
    let parts = choice.split(identity.partition, MANAGED_BUDGET).map_or(0, |p| p.len());
    ctx.out.warn(format_args!(
        "the policy is {} characters, over IAM's {}-character budget for a user's inline policies",
        thousands(size),
        thousands(INLINE_BUDGET)
    ));
    let question = format!(
        "Use customer-managed policies instead ({} characters each; this one needs {parts})?",
        thousands(MANAGED_BUDGET)
    );
    if (1..=ATTACHED_QUOTA).contains(&parts) && ctx.ask.prompter().confirm(&question, true, "--policy-type")? {
        return Ok(PolicyType::Managed);
    }
    Err(Error::OverBudget { user: None, policy: policy_name.to_string(), size, others: Vec::new() })
}

/// The document(s) the choice becomes, each with its size against its budget.
fn show_policy(
    choice: &PolicyChoice,
    kind: PolicyType,
    policy_name: &PolicyName,
    user: &UserName,
    identity: &Identity,
    ctx: &Context,
) {
    let source = PolicySource::Choice(choice.clone());
    match source.documents(kind, identity.partition) {
        Ok(documents) if kind == PolicyType::Managed => {
            for (index, document) in documents.iter().enumerate() {
                let name = managed_name(policy_name.as_str(), user.as_str(), index);
                ctx.out.info(format_args!("\nThe managed policy `{name}`:\n{}", document.trim_end()));
                ctx.out.info(format_args!(
                    "policy size: {} of {} characters",
                    thousands(iam_size(document)),
                    thousands(MANAGED_BUDGET)
                ));
            }
        }
        _ => {
            let document = choice.document(identity.partition);
            ctx.out.info(format_args!("\nThe inline policy:\n{}", document.to_pretty_json().trim_end()));
            policy::report_size(document.iam_size(), &ctx.out);
        }
    }
}

/// What the user's policy of this name grants now, and its type: the answers a re-run starts from.
pub(super) fn attached_grant(
    observation: &Observation,
    user: &UserName,
    name: &PolicyName,
) -> (Option<Grant>, Option<PolicyType>) {
    let Some(observed) = &observation.observed.user else { return (None, None) };
    let ours: Vec<&str> = observed
        .attached_policies
        .iter()
        .filter(|a| our_part(name.as_str(), user.as_str(), &a.name, &a.arn).is_some())
        .filter_map(|a| observation.observed.managed_parts.iter().find(|p| p.arn == a.arn))
        .filter_map(|p| p.document.as_deref())
        .collect();
    if !ours.is_empty() {
        return (Some(Grant::of_all(ours)), Some(PolicyType::Managed));
    }
    let inline = observed.inline_policies.iter().find(|p| p.name == name.as_str());
    (
        inline.and_then(|p| serde_json::from_str::<Value>(&p.document).ok()).map(|doc| grant_of(&doc)),
        inline.map(|_| PolicyType::Inline),
    )
}
