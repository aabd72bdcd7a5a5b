//! `rotate-keys`: a new access key without downtime, in two phases, because Pixelshift's dashboard
//! must be updated in between.
//!
//! 1. `rotate-keys` makes the new key, stores it as the current pair while keeping the old pair as
//!    the previous one (never dropped), proves the new key with verify's engine, and offers to show it
//!    for the dashboard. At IAM's two-key limit, an inactive key stored nowhere (nothing can be using
//!    it) may be deleted, with consent. If the new key fails verification it is deleted and the old
//!    pair stays current: nothing lost.
//! 2. `rotate-keys --finish`, once the dashboard uses the new key — the new key used after the tool's
//!    own last use of it, not through STS, and more recently than the old key (`secrets::rotation`
//!    says why) — deactivates the old key, then deletes it (or keeps it inactive with `--keep-old`),
//!    and forgets the previous pair here. Before that it refuses, showing both keys' last use;
//!    `--force` overrides.

mod finish;
mod start;

use std::time::Duration;

use super::across::{account_error, across};
use crate::aws::Aws;
use crate::cli::RotateKeysArgs;
use crate::context::Context;
use crate::domain::accounts::Selection;
use crate::domain::names::{PolicyName, UserName};
use crate::error::Error;
use crate::ops::inspect::{Depth, Inspection, inspect};
use crate::ops::lock;
use crate::report::lifecycle::LifecycleReport;
use crate::secrets::KeyStore;
use finish::finish_rotation;
use start::start;

#[derive(Debug)]
pub struct Request {
    pub user: UserName,
    pub policy_name: PolicyName,
    pub store: KeyStore,
    pub finish: bool,
    pub force: bool,
    pub keep_old: bool,
    pub verify: bool,
    pub wait: Duration,
    pub dry_run: bool,
    pub show_secret: bool,
    pub accounts: Selection,
}

pub fn resolve(args: &RotateKeysArgs) -> Result<Request, Error> {
    let user = args.user.to_lib()?;
    let accounts = args.accounts.to_lib()?;
    if accounts != Selection::One && args.store.keys_file.is_some() {
        return Err(Error::usage(
            "--keys-file holds one account's pair, not one per account, with --profiles or --org",
            "leave it out: each account's pair is kept in the keyring under its account and user",
        ));
    }
    // The file keeps the new pair (and the old one beside it): refused now, not after AWS calls.
    if let Some(path) = &args.store.keys_file {
        crate::secrets::check_target(path, user.as_str()).map_err(|e| Error::bad_input(&e))?;
    }
    Ok(Request {
        user,
        policy_name: PolicyName::parse(&args.policy_name)?,
        store: args.store.to_lib(),
        finish: args.finish,
        force: args.force,
        keep_old: args.keep_old,
        verify: !args.no_verify,
        wait: Duration::from_secs(args.wait),
        dry_run: args.dry_run,
        show_secret: args.show_secret,
        accounts,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let _lock = lock::acquire(&request.user, &ctx.out).await?;
    if request.accounts != Selection::One {
        let request = &request;
        return across(&request.accounts, &command(request), ctx, |aws, sub| async move {
            let report = Box::pin(phase(request, &aws, &sub)).await.map_err(account_error)?;
            Ok((report, false))
        })
        .await;
    }
    let aws = ctx.connect().await?;
    let spinner = ctx.out.spinner(format!("Reading `{}`", request.user));
    let inspection = Box::pin(read(&request, &aws)).await;
    spinner.finish();
    let inspection = inspection?;
    ctx.show_account(&inspection.identity);
    Box::pin(run(&request, &inspection, &aws, ctx)).await.map(|_| ())
}

async fn read(request: &Request, aws: &Aws) -> Result<Inspection, Error> {
    let depth = Depth { policies: !request.finish && request.verify, last_used: request.finish };
    inspect(aws, &request.store, &request.user, depth).await
}

/// The phase asked for, in one account.
async fn run(request: &Request, inspection: &Inspection, aws: &Aws, ctx: &Context) -> anyhow::Result<LifecycleReport> {
    if request.finish {
        finish_rotation(request, inspection, aws, ctx).await
    } else {
        start(request, inspection, aws, ctx).await
    }
}

/// One account's part of a run over several: read, then the phase.
async fn phase(request: &Request, aws: &Aws, ctx: &Context) -> anyhow::Result<LifecycleReport> {
    let inspection = read(request, aws).await?;
    run(request, &inspection, aws, ctx).await
}

/// The command line without the account options, for the resume hint.
fn command(request: &Request) -> String {
    let mut words = vec!["rotate-keys".to_owned(), "--user-name".to_owned(), request.user.to_string()];
    if request.policy_name.as_str() != PolicyName::DEFAULT {
        words.extend(["--policy-name".to_owned(), request.policy_name.to_string()]);
    }
    for (on, flag) in [(request.finish, "--finish"), (request.force, "--force"), (request.keep_old, "--keep-old")] {
        if on {
            words.push(flag.to_owned());
        }
    }
    if !request.verify {
        words.push("--no-verify".to_owned());
    }
    words.join(" ")
}
