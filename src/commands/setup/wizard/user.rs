//! The user questions: the IAM user's name and what the account holds under it (reuse, adopt, or
//! choose another), and, without a usable keyring, the key file that keeps its key.

use std::path::PathBuf;

use crate::aws::Identity;
use crate::commands::setup::flags::Flags;
use crate::console::Console;
use crate::context::Context;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::plan::{KeyCopies, ObservedUser, PolicySource, Wanted, WantedPolicy};
use crate::error::Error;
use crate::ops::lock::{self, UserLock};
use crate::ops::observe::{Observation, observe};
use crate::ops::{self, Env};
use crate::secrets::KeyStore;

/// Without a usable keyring, the key needs a file: say why, and offer one before anything is asked
/// (`true`: accepted). Its path is asked once the user is known ([`ask_key_file`]).
pub(super) fn offer_key_file(store: Option<&KeyStore>, ctx: &Context) -> Result<bool, Error> {
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
pub(super) async fn ask_user(
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
        let mut reading = reading(flags, &name, keys_file.clone());
        let lock = lock::acquire(&name, &ctx.out).await?;
        let spinner = ctx.out.spinner(format!("Reading IAM user `{name}`"));
        let observation = observe(env.aws, env.store, Some(identity), &reading).await?;
        spinner.finish();
        // The key can be decided now: its refusals come before any bucket question.
        reading.policy = None;
        ops::decide(&observation, &reading, env.store, false)?;
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

/// Everything the plan reads of a user before the policy is chosen: its keys, its inline policies
/// (any name may be chosen later) and, were it to be adopted, its console password.
pub(in crate::commands::setup) fn reading(flags: &Flags, name: &UserName, keys_file: Option<PathBuf>) -> Wanted {
    Wanted {
        user: name.clone(),
        create: Some(flags.new_user.clone()),
        adopt: true,
        key: Some(KeyCopies { file: keys_file }),
        policy: Some(WantedPolicy {
            name: flags
                .policy_name
                .clone()
                .unwrap_or_else(|| PolicyName::parse(PolicyName::DEFAULT).expect("a valid default")),
            document: PolicySource::Text(String::new()),
            kind: None,
        }),
        verify: false,
    }
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
