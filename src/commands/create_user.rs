//! `create-user`: the IAM user (programmatic access only, tagged `managed-by=pixelshift-aws`) and its
//! access key, stored the moment AWS returns it. setup's plan, restricted to the user and its key.

use serde::Serialize;

use super::across::{account_error, across};
use crate::aws::Aws;
use crate::cli::CreateUserArgs;
use crate::console::Report;
use crate::context::Context;
use crate::domain::accounts::Selection;
use crate::domain::names::UserName;
use crate::domain::plan::{KeyCopies, NewUser, Wanted};
use crate::error::Error;
use crate::ops::{self, Env, apply, lock};
use crate::report::UserReport;
use crate::report::plan::PlanReport;
use crate::secrets::KeyStore;

#[derive(Debug)]
pub struct Request {
    pub user: UserName,
    pub new_user: NewUser,
    pub adopt: bool,
    pub store: KeyStore,
    pub show_secret: bool,
    pub dry_run: bool,
    pub accounts: Selection,
}

pub fn resolve(args: &CreateUserArgs) -> Result<Request, Error> {
    let user = args.user.to_lib()?;
    let accounts = args.accounts.to_lib()?;
    if accounts != Selection::One && args.new_user.store.keys_file.is_some() {
        return Err(Error::usage(
            "--keys-file holds one account's pair, not one per account, with --profiles or --org",
            "leave it out: each account's pair is stored in the keyring under its account and user",
        ));
    }
    if let Some(path) = &args.new_user.store.keys_file {
        crate::secrets::check_target(path, user.as_str()).map_err(|e| Error::bad_input(&e))?;
    }
    Ok(Request {
        user,
        new_user: args.new_user.to_lib()?,
        adopt: args.new_user.adopt,
        store: args.new_user.store.to_lib(),
        show_secret: args.new_user.show_secret,
        dry_run: args.dry_run,
        accounts,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let _lock = lock::acquire(&request.user, &ctx.out).await?;
    if request.accounts != Selection::One {
        // The keys of a StackSet's users (docs/templates.md): one per account, each stored at once.
        let request = &request;
        let command = format!("create-user --user-name {}", request.user);
        return across(&request.accounts, &command, ctx, |aws, sub| async move {
            let made = Box::pin(make(request, &aws, &sub)).await.map_err(account_error)?;
            Ok((made, false))
        })
        .await;
    }
    let aws = ctx.connect().await?;
    Box::pin(make(&request, &aws, ctx)).await.map(|_| ())
}

/// What one account's run gives: its plan (`--dry-run`), or the user and key it made.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Made {
    Planned(PlanReport),
    User(UserReport),
}

impl Report for Made {
    fn text(&self) -> String {
        match self {
            Made::Planned(report) => report.text(),
            Made::User(report) => report.text(),
        }
    }

    fn columns(&self) -> Vec<(&'static str, String)> {
        match self {
            Made::Planned(report) => report.columns(),
            Made::User(report) => report.columns(),
        }
    }
}

/// The user and its key in one account.
async fn make(request: &Request, aws: &Aws, ctx: &Context) -> anyhow::Result<Made> {
    let env = Env { aws, store: Some(&request.store), out: &ctx.out, cancel: &ctx.cancel };
    let wanted = Wanted {
        user: request.user.clone(),
        create: Some(request.new_user.clone()),
        adopt: request.adopt,
        key: Some(KeyCopies { file: request.store.keys_file().map(ToOwned::to_owned) }),
        policy: None,
        verify: false,
    };
    let observation = ops::observe::observe(aws, env.store, None, &wanted).await?;
    let plan = ops::decide(&observation, &wanted, env.store, request.dry_run)?;
    ctx.show_account(&observation.identity);
    ops::show_notes(&plan, env.store, env.out);
    if request.dry_run {
        let report = PlanReport::new(&plan, &observation.identity.account_id, true);
        ctx.out.info(format_args!("{} — dry run, nothing was changed", report.headline()));
        ctx.out.report(&report)?;
        return Ok(Made::Planned(report));
    }
    let applied = match apply::apply(&plan, &observation, &env).await {
        Ok(applied) => applied,
        Err(mut failed) => {
            apply::settle(&mut failed.journal, &plan, &env).await;
            let made = failed.journal.made(request.user.as_str(), "");
            if !made.is_empty() {
                ctx.out.warn(format_args!("create-user stopped; this run created {}", made.join(" and ")));
            }
            return Err(failed.error.into());
        }
    };
    let key = applied.key.as_ref().expect("create-user's plan always has a key");
    let report = UserReport::new(&observation.identity, &plan, &applied.user_arn, key.parts(), request.show_secret);
    ctx.out.report(&report)?;
    if ctx.ask.interactive() && !request.show_secret {
        ops::handoff::offer(&key.key, ctx).await?;
    }
    ctx.out.info(format_args!(
        "Next: pixelshift-aws attach-policy --user-name {} --bucket NAME (`keys copy` or `keys show --reveal` hand the key over to the dashboard)",
        request.user
    ));
    Ok(Made::User(report))
}
