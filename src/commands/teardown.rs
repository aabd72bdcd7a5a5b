//! `teardown`: remove everything this tool set up for a user — its access keys, inline and attached
//! policies, group memberships, console password, the user itself, and the pairs stored here. The
//! plan is shown (all `--dry-run` prints) and confirmed; a user this tool did not create is refused.
//! A teardown that stopped half-way resumes where it left off: what is gone is not planned again.

use std::path::PathBuf;

use crate::cli::TeardownArgs;
use crate::context::Context;
use crate::domain::lifecycle::{LocalCopy, TeardownUser, teardown};
use crate::domain::names::UserName;
use crate::domain::policy::{MANAGED_PATH, made_for};
use crate::error::Error;
use crate::ops::inspect::{Depth, Inspection, inspect};
use crate::ops::lifecycle::{self, Subject};
use crate::report::lifecycle::LifecycleReport;
use crate::secrets::KeyStore;

#[derive(Debug)]
pub struct Request {
    pub user: UserName,
    pub store: KeyStore,
    pub dry_run: bool,
}

pub fn resolve(args: &TeardownArgs) -> Result<Request, Error> {
    Ok(Request { user: args.user.to_lib()?, store: args.store.to_lib(), dry_run: args.dry_run })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let _lock = crate::ops::lock::acquire(&request.user, &ctx.out).await?;
    let aws = ctx.connect().await?;
    let name = request.user.as_str();
    let spinner = ctx.out.spinner(format!("Reading `{name}`"));
    let (inspection, ours) = tokio::join!(
        inspect(&aws, &request.store, &request.user, Depth { policies: true, last_used: false }),
        aws.iam().local_policies(MANAGED_PATH)
    );
    let (inspection, ours) = (inspection?, ours?);
    spinner.finish();
    ctx.show_account(&inspection.identity);
    let account = inspection.identity.account_id.clone();
    let user = inspection.user.as_ref().map(|facts| TeardownUser {
        managed: facts.user.is_managed(),
        keys: facts.keys.iter().map(|k| k.id.clone()).collect(),
        inline_policies: facts.inline.iter().map(|p| p.name.clone()).collect(),
        attached: facts.attached.iter().map(|p| p.arn.clone()).collect(),
        groups: facts.groups.iter().map(|g| g.name.clone()).collect(),
        console_password: facts.console_password,
    });
    // The managed policies made for the user, and nothing else's: attached to the user alone (or,
    // left by a stopped run, to nothing).
    let attached = inspection.user.iter().flat_map(|facts| &facts.attached);
    let mut owned: Vec<String> = attached
        .filter(|p| p.attachments <= 1 && made_for(name, &p.name, &p.arn, Some(&p.tags)))
        .map(|p| p.arn.clone())
        .collect();
    for (policy, arn, attachments) in &ours {
        if *attachments == 0 && made_for(name, policy, arn, None) && !owned.contains(arn) {
            owned.push(arn.clone());
        }
    }
    let local = local_copies(&inspection, &request.store, &account, name);
    let steps = teardown(user.as_ref(), &owned, &local)
        .map_err(|refusal| lifecycle::refused(refusal, name, &account, &request.store))?;
    let mut report = LifecycleReport::new(&account, name, request.dry_run, &steps);
    if request.dry_run || steps.is_empty() {
        ctx.out.report(&report)?;
        return Ok(());
    }
    ctx.out.info(format_args!("Teardown of `{name}` in account {account}:"));
    for step in &report.plan {
        ctx.out.info(format_args!("  {} {}", step.action, step.target));
    }
    let question = format!("Remove all of this? `{name}` and its keys stop working at once");
    if !ctx.ask.confirm(&question, false)? {
        return Err(Error::Declined("nothing was changed".to_owned()).into());
    }
    let _shield = ctx.cancel.shield();
    let subject = Subject { aws: &aws, store: &request.store, account: &account, user: name };
    let resume = format!("pixelshift-aws teardown --user-name {name}");
    lifecycle::apply(&steps, &mut report, subject, &resume, ctx).await?;
    ctx.out.report(&report)?;
    ctx.out.info(format_args!("Done: `{name}` and everything pixelshift-aws set up for it are gone."));
    Ok(())
}

/// Every copy of the user's pairs on this machine: keyring entries and key files.
fn local_copies(inspection: &Inspection, store: &KeyStore, account: &str, user: &str) -> Vec<LocalCopy> {
    let mut local = Vec::new();
    for (found, previous) in [(&inspection.current, false), (&inspection.previous, true)] {
        if found.as_ref().is_some_and(|f| f.in_keyring) {
            local.push(LocalCopy::Keyring { previous });
        }
    }
    let files: Vec<PathBuf> = store.files_of(account, user).into_iter().filter(|f| f.exists()).collect();
    local.extend(files.into_iter().map(LocalCopy::File));
    local
}
