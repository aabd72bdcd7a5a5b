//! setup's questions at a terminal.
//!
//! Everything that can stop the run is checked before the question it would waste: the credentials,
//! the keyring (without one, a 0600 key file is offered before anything else is asked, and its path
//! asked once the user's name is known, so the default file is named after that user), the user's
//! state (unmanaged, two keys already) right after its name. A re-run starts from what exists: the
//! attached policy's buckets, access and prefix are the defaults, so Enter through every question
//! changes nothing. Names typed by hand are held against the account's buckets before anything is
//! written. The user is observed once — what the wizard shows of it is what the plan decides on.

use std::path::PathBuf;

use serde_json::Value;

use super::flags::{Answers, Flags};
use crate::aws::Identity;
use crate::console::Console;
use crate::context::Context;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::plan::{KeyCopies, ObservedUser, PolicySource, Wanted, WantedPolicy};
use crate::domain::policy::{
    ATTACHED_QUOTA, INLINE_BUDGET, MANAGED_BUDGET, PolicyChoice, PolicyType, iam_size, is_managed_path, managed_index,
    managed_name,
};
use crate::domain::thousands;
use crate::domain::verify::{Grant, grant_of};
use crate::error::Error;
use crate::ops::lock::{self, UserLock};
use crate::ops::observe::{Observation, managed_parts, observe};
use crate::ops::{self, Env, policy};
use crate::secrets::KeyStore;

mod choice;
mod confirm;

use choice::ask_choice;
pub use confirm::{confirm_plan, offer_reveal};

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
    if current == PolicyType::Managed || size <= INLINE_BUDGET {
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

/// Without a usable keyring, the key needs a file: say why, and offer one before anything is asked
/// (`true`: accepted). Its path is asked once the user is known ([`ask_key_file`]).
fn offer_key_file(store: Option<&KeyStore>, ctx: &Context) -> Result<bool, Error> {
    let Some(err) = store.and_then(KeyStore::open_error) else { return Ok(false) };
    ctx.out.warn(err);
    if let Some(hint) = err.hint() {
        ctx.out.hint(hint);
    }
    if !ctx.ask.confirm("Keep the new access key in a 0600 file instead?", true)? {
        return Err(Error::Declined("nothing was changed; fix the keyring, or pass --keys-file PATH".to_owned()));
    }
    Ok(true)
}

/// The key file's path, the default named after the user's account and name: where `verify`,
/// `status` and `keys show` look when no keyring holds the key.
fn ask_key_file(identity: &Identity, user: &UserName, ctx: &Context) -> Result<PathBuf, Error> {
    let default = KeyStore::default_file(&identity.account_id, user.as_str()).map(|p| p.display().to_string());
    loop {
        let raw = ctx.ask.prompter().input("Key file", default.as_deref(), false, "--keys-file")?;
        let path = PathBuf::from(raw.trim());
        match crate::secrets::check_target(&path, user.as_str()) {
            Ok(()) => return Ok(path),
            Err(err) => ctx.out.warn(err),
        }
    }
}

/// The user name, and what the account holds under it: reuse a managed user, adopt (or not) an
/// unmanaged one. A user that cannot get a key (two already) is refused here, before the buckets.
/// The user's lock is taken before it is read, and held for the rest of the run.
async fn ask_user(
    flags: &Flags,
    env: &Env<'_>,
    identity: &Identity,
    file_wanted: bool,
    ctx: &Context,
) -> Result<(Observation, UserName, bool, UserLock, Option<PathBuf>), Error> {
    let prompter = ctx.ask.prompter();
    loop {
        let name = if let Some(name) = &flags.user {
            name.clone()
        } else {
            let raw = prompter.input("IAM user name for Pixelshift", Some(UserName::DEFAULT), false, "--user-name")?;
            match UserName::parse(raw.trim()) {
                Ok(name) => name,
                Err(err) => {
                    ctx.out.warn(err);
                    continue;
                }
            }
        };
        let keys_file = match flags.store.keys_file() {
            Some(file) => Some(file.to_owned()),
            None if file_wanted => Some(ask_key_file(identity, &name, ctx)?),
            None => None,
        };
        // Everything the plan reads of a user: its keys, its inline policies (any name may be
        // chosen later) and, were it to be adopted, its console password.
        let mut reading = Wanted {
            user: name.clone(),
            create: Some(flags.new_user.clone()),
            adopt: true,
            key: Some(KeyCopies { file: keys_file.clone() }),
            policy: Some(WantedPolicy {
                name: flags
                    .policy_name
                    .clone()
                    .unwrap_or_else(|| PolicyName::parse(PolicyName::DEFAULT).expect("a valid default")),
                document: PolicySource::Text(String::new()),
                kind: None,
            }),
            verify: false,
        };
        let lock = lock::acquire(&name, &ctx.out).await?;
        let spinner = ctx.out.spinner(format!("Reading IAM user `{name}`"));
        let observation = observe(env.aws, env.store, Some(identity), &reading).await?;
        spinner.finish();
        // The key can be decided now: its refusals come before any bucket question.
        reading.policy = None;
        ops::decide(&observation, &reading, env.store)?;
        let Some(existing) = &observation.observed.user else {
            return Ok((observation, name, flags.adopt, lock, keys_file));
        };
        show_user(&name, existing, &ctx.out);
        if existing.managed {
            if prompter.confirm(&format!("Reuse user `{name}`?"), true, "--user-name")? {
                return Ok((observation, name, flags.adopt, lock, keys_file));
            }
        } else if flags.adopt
            || prompter.confirm(&format!("Adopt `{name}` (tag it managed-by=pixelshift-aws)?"), false, "--adopt")?
        {
            return Ok((observation, name, true, lock, keys_file));
        }
        if flags.user.is_some() {
            return Err(Error::Declined(format!("not using IAM user `{name}`; choose another with --user-name")));
        }
    }
}

fn show_user(name: &UserName, user: &ObservedUser, out: &Console) {
    out.info(format_args!("IAM user `{name}` already exists ({}):", user.arn));
    let tags: Vec<String> = user.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    out.info(format_args!("  tags: {}", if tags.is_empty() { "none".to_owned() } else { tags.join(", ") }));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    for key in &user.keys {
        let age = key.created_epoch.map_or_else(|| key.created.clone(), |created| age(created, now));
        out.info(format_args!("  access key {} ({}, {age})", key.id, if key.active { "active" } else { "inactive" }));
    }
    let names: Vec<&str> = user.inline_policies.iter().map(|p| p.name.as_str()).collect();
    out.info(format_args!(
        "  inline policies: {}",
        if names.is_empty() { "none".to_owned() } else { names.join(", ") }
    ));
}

/// What the user's policy of this name grants now, and its type: the answers a re-run starts from.
fn attached_grant(
    observation: &Observation,
    user: &UserName,
    name: &PolicyName,
) -> (Option<Grant>, Option<PolicyType>) {
    let Some(observed) = &observation.observed.user else { return (None, None) };
    let ours: Vec<&str> = observed
        .attached_policies
        .iter()
        .filter(|a| is_managed_path(&a.arn) && managed_index(name.as_str(), user.as_str(), &a.name).is_some())
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

/// How long ago `created` was, in the largest whole unit: "created 3 days ago".
fn age(created: i64, now: u64) -> String {
    let seconds = u64::try_from(created).map_or(0, |c| now.saturating_sub(c));
    let (n, unit) = match seconds {
        s if s < 120 => return "created just now".to_owned(),
        s if s < 7_200 => (s / 60, "minute"),
        s if s < 172_800 => (s / 3_600, "hour"),
        s => (s / 86_400, "day"),
    };
    format!("created {n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::age;

    #[test]
    fn key_ages() {
        let now = 1_000_000_000;
        assert_eq!(age(1_000_000_000 - 30, now), "created just now");
        assert_eq!(age(1_000_000_000 - 600, now), "created 10 minutes ago");
        assert_eq!(age(1_000_000_000 - 3 * 3_600, now), "created 3 hours ago");
        assert_eq!(age(1_000_000_000 - 86_400 * 400, now), "created 400 days ago");
        assert_eq!(age(1_000_000_000 + 50, now), "created just now", "clock skew is not negative age");
    }
}
