//! `setup --profiles` / `--org` (#20): the same job in each account — observed, planned and applied
//! exactly as on its own, [`AT_ONCE`] accounts at a time — behind one plan screen with a section per
//! account and one confirmation. Buckets are chosen per account: `--bucket ACCOUNT:name`,
//! `--accounts-file`, or at the wizard from each account's own list. One account's failure never
//! stops the others: the report is one answer per account, and the resume command names only the
//! accounts still to do.

mod resume;
mod steps;

use futures_util::StreamExt;

use super::flags::Flags;
use super::wizard;
use crate::aws::{Aws, Identity};
use crate::commands::across::conclude;
use crate::context::Context;
use crate::domain::accounts::AT_ONCE;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::policy::PolicyChoice;
use crate::error::Error;
use crate::ops::accounts::{Reached, reach};
use crate::ops::lock;
use crate::ops::observe::{Observation, observe};
use crate::report::accounts::{AccountResult, AccountsReport};
use steps::Planned;

use std::future::Future;

/// One account of the run, and how far it got: `T` so far, or why it stopped.
struct Row<T> {
    /// The profile, or the account id (`--org`).
    label: String,
    /// The Organization's name for it.
    name: Option<String>,
    /// Known once the account answered.
    id: Option<String>,
    state: Result<T, Error>,
}

impl<T> Row<T> {
    /// The next stage of an account still going; a failed one passes through as it is.
    async fn then<U, F: Future<Output = Result<U, Error>>>(self, next: impl FnOnce(T) -> F) -> Row<U> {
        let state = match self.state {
            Ok(done) => next(done).await,
            Err(err) => Err(err),
        };
        Row { label: self.label, name: self.name, id: self.id, state }
    }

    fn title(&self) -> String {
        let id = self.id.as_deref().filter(|id| *id != self.label).map(|id| format!(", account {id}"));
        let name = self.name.as_deref().map(|n| format!(" ({n})"));
        format!("{}{}{}", self.label, name.unwrap_or_default(), id.unwrap_or_default())
    }
}

/// One account, read: who answered, what it holds of the user, and its buckets for the picker.
struct Account {
    aws: Aws,
    identity: Identity,
    observation: Observation,
    listed: Option<Vec<String>>,
}

pub async fn execute(flags: Flags, ctx: &Context) -> anyhow::Result<()> {
    let spinner = ctx.out.spinner("Reaching the accounts");
    let reached = reach(&flags.accounts, &ctx.settings, &ctx.out).await?;
    let picking = ctx.ask.interactive();
    let rows: Vec<Row<Reading>> =
        futures_util::stream::iter(reached).map(|r| who(r, picking)).buffered(AT_ONCE).collect().await;
    spinner.finish();
    if ctx.ask.interactive() {
        confirm_accounts(&rows, ctx)?;
    }
    let user = user_name(&flags, ctx)?;
    let policy_name =
        flags.policy_name.clone().unwrap_or_else(|| PolicyName::parse(PolicyName::DEFAULT).expect("a valid default"));
    let _lock = lock::acquire(&user, &ctx.out).await?;
    // Opened once, before the accounts run side by side: each plan then knows whether it can keep a key.
    let _ = flags.store.open().await;
    let spinner = ctx.out.spinner(format!("Reading `{user}` in each account"));
    let (user_ref, flags_ref) = (&user, &flags);
    let rows: Vec<Row<Account>> = futures_util::stream::iter(rows)
        .map(|row| row.then(|reading| read(reading, user_ref, flags_ref)))
        .buffered(AT_ONCE)
        .collect()
        .await;
    spinner.finish();
    let choices = choose(&rows, &flags, &user, &policy_name, ctx)?;

    let spinner = ctx.out.spinner("Planning each account");
    let planned: Vec<Row<Planned>> = futures_util::stream::iter(rows.into_iter().zip(choices))
        .map(|(row, choice)| {
            let out = ctx.out.for_account(&row.label);
            let (user, policy_name) = (user_ref.clone(), policy_name.clone());
            row.then(move |account| async move {
                steps::plan(
                    account,
                    choice.expect("an account read has its choice"),
                    (user, policy_name),
                    flags_ref,
                    &out,
                )
                .await
            })
        })
        .buffered(AT_ONCE)
        .collect()
        .await;
    spinner.finish();
    steps::show(&planned, &user, ctx);
    let ids: Vec<(String, String)> =
        planned.iter().map(|r| (r.label.clone(), r.id.clone().unwrap_or_else(|| r.label.clone()))).collect();
    let resume = |failed: &[String]| resume::command(&flags, &user, &policy_name, &ids, failed);
    if flags.dry_run {
        let rows = planned.into_iter().map(|row| match row.state {
            Ok(p) => AccountResult::done(row.label, row.name, p.report, false),
            Err(err) => AccountResult::failed(row.label, row.name, &err),
        });
        ctx.out.info("dry run, nothing was changed");
        return conclude(&AccountsReport(rows.collect()), resume, ctx);
    }
    steps::confirm(&planned, &flags, ctx)?;
    let applied: Vec<AccountResult<_>> =
        futures_util::stream::iter(planned).map(|row| steps::apply(row, &flags, ctx)).buffered(AT_ONCE).collect().await;
    let report = AccountsReport(applied);
    let done = report.0.iter().filter(|r| r.report.is_some()).count();
    let outcome = conclude(&report, resume, ctx);
    if done > 0 {
        ctx.out.info(format_args!(
            "\nNext: paste each account's key pair into its Pixelshift storage entry: `pixelshift-aws keys copy \
             --user-name {user} --account-id ID` puts account ID's on the clipboard (`keys show ... --reveal` prints it)."
        ));
    }
    outcome
}

/// At a terminal, whose credentials reach each account, before any question about it.
fn confirm_accounts(rows: &[Row<Reading>], ctx: &Context) -> Result<(), Error> {
    ctx.out.info("The accounts of this run:");
    for row in rows {
        match &row.state {
            Ok(account) => ctx.out.info(format_args!("  {}: as {}", row.title(), account.identity.arn)),
            Err(err) => ctx.out.warn(format_args!("{} is left out: {err}", row.title())),
        }
    }
    let reached = rows.iter().filter(|r| r.state.is_ok()).count();
    if reached > 0 && ctx.ask.confirm(&format!("Continue with these {reached} account(s)?"), true)? {
        return Ok(());
    }
    Err(Error::Declined("nothing was changed".to_owned()))
}

/// The user is the same in every account: its name is asked once.
fn user_name(flags: &Flags, ctx: &Context) -> Result<UserName, Error> {
    if let Some(user) = &flags.user {
        return Ok(user.clone());
    }
    if !ctx.ask.interactive() {
        return Ok(UserName::parse(UserName::DEFAULT).expect("a valid default"));
    }
    loop {
        let raw = ctx.ask.prompter().input(
            "IAM user name for Pixelshift (the same in every account)",
            Some(UserName::DEFAULT),
            false,
            "--user-name",
        )?;
        match UserName::parse(raw.trim()) {
            Ok(name) => return Ok(name),
            Err(err) => ctx.out.warn(err),
        }
    }
}

/// An account that answered: who it is, and its buckets when a person will pick from them.
struct Reading {
    aws: Aws,
    identity: Identity,
    listed: Option<Vec<String>>,
}

async fn who(reached: Reached, picking: bool) -> Row<Reading> {
    let row = Row { label: reached.label, name: reached.name, id: None, state: reached.aws };
    let known = reached.identity;
    let mut row = row
        .then(|aws| async {
            let listed = async {
                if picking {
                    aws.s3().list_buckets().await.ok().map(|mut names| {
                        names.sort();
                        names
                    })
                } else {
                    None
                }
            };
            let identity = async {
                match known {
                    Some(identity) => Ok(identity),
                    None => aws.identity().await,
                }
            };
            let (identity, listed) = tokio::join!(identity, listed);
            Ok(Reading { identity: identity?, aws, listed })
        })
        .await;
    row.id = row.state.as_ref().ok().map(|r| r.identity.account_id.clone());
    row
}

/// What the account holds of the user.
async fn read(reading: Reading, user: &UserName, flags: &Flags) -> Result<Account, Error> {
    let Reading { aws, identity, listed } = reading;
    let wanted = wizard::reading(flags, user, None);
    let observation = observe(&aws, Some(&flags.store), Some(&identity), &wanted).await?;
    Ok(Account { aws, identity, observation, listed })
}

/// Each account's buckets: from `--bucket ACCOUNT:name` or the file, else `--all-buckets`, else
/// asked (at a terminal) from its own list. An account given none, or a `--bucket` naming an
/// account not in the run, stops the run here — before anything is written.
fn choose(
    rows: &[Row<Account>],
    flags: &Flags,
    user: &UserName,
    policy_name: &PolicyName,
    ctx: &Context,
) -> Result<Vec<Option<PolicyChoice>>, Error> {
    let known: Vec<(&str, &str)> =
        rows.iter().map(|r| (r.label.as_str(), r.id.as_deref().unwrap_or_default())).collect();
    let unmatched = flags.per_account.unmatched(&known);
    if !unmatched.is_empty() && rows.iter().all(|r| r.id.is_some()) {
        let accounts: Vec<&str> = known.iter().map(|(label, _)| *label).collect();
        return Err(Error::usage(
            format!("--bucket names accounts this run does not cover: {}", unmatched.join(", ")),
            format!("name one of {} (a profile or account id) before the colon", accounts.join(", ")),
        ));
    }
    let mut choices = Vec::new();
    let mut missing = Vec::new();
    for row in rows {
        let Ok(account) = &row.state else {
            choices.push(None);
            continue;
        };
        let given = flags.per_account.position(&row.label, &account.identity.account_id);
        let choice = match (given, &flags.choice) {
            (Some(at), _) => Some(flags.account_choices[at].clone()),
            (None, Some(everywhere)) => Some(everywhere.clone()),
            (None, None) if ctx.ask.interactive() => {
                ctx.out.info(format_args!("\nBuckets for {}:", row.title()));
                let (attached, _) = wizard::attached_grant(&account.observation, user, policy_name);
                Some(wizard::ask_choice(flags, account.listed.as_deref(), attached.as_ref(), ctx)?)
            }
            (None, None) => {
                missing.push(row.label.clone());
                None
            }
        };
        choices.push(choice);
    }
    if !missing.is_empty() {
        return Err(Error::usage(
            format!("no buckets chosen for {}, and there is no terminal to ask on", missing.join(", ")),
            format!(
                "pass --bucket {}:NAME (an account id or profile name before the colon), or --accounts-file",
                missing[0]
            ),
        ));
    }
    Ok(choices)
}
