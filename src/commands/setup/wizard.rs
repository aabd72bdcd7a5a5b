//! setup's questions at a terminal, and the answers' way back out as a resume command.
//!
//! The account is read while the first question is on screen: who the caller is, whether the keyring
//! works, which buckets exist. Once the user name is answered, that user is observed — once: what the
//! wizard shows of it, and what the plan later decides on, is the same observation.

use crate::aws::Identity;
use crate::context::Context;
use crate::domain::names::{BucketName, KeyPrefix, PolicyName, UserName};
use crate::domain::plan::{KeyCopies, ObservedUser, Plan, PolicySource, Wanted, WantedPolicy};
use crate::domain::policy::{Access, PolicyChoice, Scope};
use crate::error::Error;
use crate::ops::observe::{Observation, observe};
use crate::ops::{Env, policy};
use crate::report::plan::PlanReport;
use crate::secrets::{Placement, StoredKey};

use super::flags::{Answers, Flags};

/// Asks every question a flag did not answer, observing the account as the answers come in.
pub async fn ask(flags: &Flags, env: &Env<'_>, ctx: &Context) -> Result<(Observation, Answers), Error> {
    let listing = async { if flags.choice.is_some() { None } else { Some(env.aws.s3().list_buckets().await) } };
    let (identity, listed, ()) = tokio::join!(env.aws.identity(), listing, async {
        if let Some(store) = env.store {
            let _ = store.open().await;
        }
    });
    let identity = identity?;
    ctx.show_account(&identity);
    if !ctx.ask.confirm("Continue with this account?", true)? {
        return Err(Error::Declined("stopped before changing anything".to_owned()));
    }
    let (observation, user, adopt) = ask_user(flags, env, &identity, ctx).await?;
    let prompter = ctx.ask.prompter();
    let out = &ctx.out;

    let mut choice = match (&flags.choice, listed) {
        (Some(choice), _) => choice.clone(),
        (None, listed) => {
            let mut names = match listed {
                Some(Ok(names)) => names,
                Some(Err(err)) => {
                    out.warn(format_args!("cannot list the account's buckets ({err}); type their names instead"));
                    Vec::new()
                }
                None => Vec::new(),
            };
            names.sort();
            ask_buckets(&names, ctx)?
        }
    };
    if flags.choice.is_none() {
        choice.access = if let Some(access) = flags.access {
            access
        } else {
            let items = ["read-write (Pixelshift reads sources and writes results)", "read-only"].map(str::to_owned);
            if prompter.select("Access level", &items, 0, "--access")? == 0 {
                Access::ReadWrite
            } else {
                Access::ReadOnly
            }
        };
        choice.prefix = match &flags.prefix {
            Some(prefix) => Some(prefix.clone()),
            None => loop {
                let raw =
                    prompter.input("Limit to a key prefix (empty for the whole bucket)", None, true, "--prefix")?;
                if raw.trim().is_empty() {
                    break None;
                }
                match KeyPrefix::parse(raw.trim()) {
                    Ok(prefix) => break Some(prefix),
                    Err(err) => out.warn(err),
                }
            },
        };
    }
    policy::explain(&choice, out);
    let document = choice.document(identity.partition);
    out.info(format_args!("\nThe inline policy:\n{}", document.to_pretty_json().trim_end()));
    policy::report_size(document.iam_size(), out);

    let policy_name = match &flags.policy_name {
        Some(name) => name.clone(),
        None => loop {
            let raw = prompter.input("Inline policy name", Some(PolicyName::DEFAULT), false, "--policy-name")?;
            match PolicyName::parse(raw.trim()) {
                Ok(name) => break name,
                Err(err) => out.warn(err),
            }
        },
    };
    Ok((observation, Answers { user, adopt, policy_name, choice }))
}

/// The user name, and what the account holds under it: reuse a managed user, adopt (or not) an
/// unmanaged one. Observes the user once, with everything the plan will need.
async fn ask_user(
    flags: &Flags,
    env: &Env<'_>,
    identity: &Identity,
    ctx: &Context,
) -> Result<(Observation, UserName, bool), Error> {
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
        // Everything the plan reads of a user: its keys, its inline policies (any name may be
        // chosen later) and, were it to be adopted, its console password.
        let reading = Wanted {
            user: name.clone(),
            create: None,
            adopt: true,
            key: Some(KeyCopies::default()),
            policy: Some(WantedPolicy {
                name: PolicyName::parse(PolicyName::DEFAULT).expect("a valid default"),
                document: PolicySource::Text(String::new()),
            }),
            verify: false,
        };
        let observation = observe(env.aws, env.store, Some(identity), &reading).await?;
        let Some(existing) = &observation.observed.user else { return Ok((observation, name, flags.adopt)) };
        show_user(&name, existing, &ctx.out);
        if existing.managed {
            if prompter.confirm(&format!("Reuse user `{name}`?"), true, "--user-name")? {
                return Ok((observation, name, flags.adopt));
            }
        } else if flags.adopt
            || prompter.confirm(&format!("Adopt `{name}` (tag it managed-by=pixelshift-aws)?"), false, "--adopt")?
        {
            return Ok((observation, name, true));
        }
        if flags.user.is_some() {
            return Err(Error::Declined(format!("not using IAM user `{name}`; choose another with --user-name")));
        }
    }
}

fn show_user(name: &UserName, user: &ObservedUser, out: &crate::console::Console) {
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

fn ask_buckets(listed: &[String], ctx: &Context) -> Result<PolicyChoice, Error> {
    let prompter = ctx.ask.prompter();
    loop {
        let items =
            ["Specific buckets (recommended)", "All buckets in the account (not recommended)"].map(str::to_owned);
        if prompter.select("Which buckets may Pixelshift use?", &items, 0, "--bucket")? == 1 {
            if prompter.confirm("Grant access to every bucket, including future ones?", false, "--all-buckets")? {
                return Ok(PolicyChoice {
                    scope: Scope::AllBuckets,
                    access: Access::ReadWrite,
                    prefix: None,
                    covered: Vec::new(),
                });
            }
            continue;
        }
        let mut chosen: Vec<BucketName> = if listed.is_empty() {
            Vec::new()
        } else {
            let picked = prompter.multi_select("Pick buckets (space selects, enter confirms)", listed, "--bucket")?;
            picked.into_iter().filter_map(|i| BucketName::parse(&listed[i]).ok()).collect()
        };
        let other = prompter.input("Other buckets, comma-separated (empty for none)", None, true, "--bucket")?;
        let mut valid = true;
        for raw in other.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match BucketName::parse(raw) {
                Ok(name) => chosen.push(name),
                Err(err) => {
                    ctx.out.warn(err);
                    valid = false;
                }
            }
        }
        if !valid {
            continue;
        }
        match Scope::buckets(chosen) {
            Some((scope, covered)) => {
                return Ok(PolicyChoice { scope, access: Access::ReadWrite, prefix: None, covered });
            }
            None => ctx.out.warn("choose at least one bucket"),
        }
    }
}

/// The plan screen: every step and the policy diff, then one question (none when nothing changes).
pub fn confirm_plan(plan: &Plan, report: &PlanReport, ctx: &Context) -> Result<(), Error> {
    ctx.out.info(format_args!("\n{}:", report.headline()));
    for line in report.steps_text().lines() {
        ctx.out.info(format_args!("  {line}"));
    }
    if let Some(diff) = report.policy_change.as_ref().and_then(|c| c.diff.as_deref()) {
        ctx.out.diff(diff);
    }
    if plan.is_converged() {
        return Ok(());
    }
    if ctx.ask.confirm("Create the user, store its key and attach this policy?", true)? {
        Ok(())
    } else {
        Err(Error::Declined("stopped before changing anything".to_owned()))
    }
}

/// After a successful run: show the pair now, for pasting into the Pixelshift dashboard.
pub fn offer_reveal(key: &StoredKey, placement: &Placement, ctx: &Context) -> Result<(), Error> {
    let question = "Show the key pair now, to paste into the Pixelshift dashboard?";
    if ctx.ask.prompter().confirm(question, false, "--show-secret")? {
        ctx.out.secret_line(format_args!("AccessKeyId:     {}", key.access_key_id));
        ctx.out.secret_line(format_args!("SecretAccessKey: {}", key.secret_access_key.expose()));
    }
    let again = match (&placement.keyring, &placement.file) {
        (None, Some(file)) => {
            let path = file.display().to_string();
            format!("pixelshift-aws keys show --keys-file {} --reveal", shlex::try_quote(&path).unwrap_or_default())
        }
        _ => format!("pixelshift-aws keys show --user-name {} --reveal", key.user_name),
    };
    ctx.out.info(format_args!("The key pair is shown again with `{again}`"));
    Ok(())
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
