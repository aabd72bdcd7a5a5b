//! `teardown --profiles` / `--org` (#20): every account read and its removal planned as on its own,
//! all shown together and confirmed once, then removed [`AT_ONCE`] accounts at a time. An account
//! without the user has nothing to do; one that fails never stops the others.

use futures_util::StreamExt;

use super::{Prepared, Request, prepare, remove};
use crate::aws::Aws;
use crate::commands::across::{account_error, conclude};
use crate::context::Context;
use crate::domain::accounts::{AT_ONCE, resume_args};
use crate::error::Error;
use crate::ops::accounts::{Reached, reach};
use crate::report::accounts::{AccountResult, AccountsReport};
use crate::report::lifecycle::LifecycleReport;

/// One account, read: its removal planned, or why it cannot be.
struct Read {
    label: String,
    name: Option<String>,
    settings: crate::aws::Settings,
    state: Result<(Aws, Prepared), Error>,
}

pub(super) async fn execute(request: &Request, ctx: &Context) -> anyhow::Result<()> {
    let name = request.user.as_str();
    let spinner = ctx.out.spinner(format!("Reading `{name}` in each account"));
    let reached = reach(&request.accounts, &ctx.settings, &ctx.out).await?;
    let read: Vec<Read> = futures_util::stream::iter(reached)
        .map(|Reached { label, name, settings, aws, .. }| async move {
            let out = ctx.out.for_account(&label);
            let state = match aws {
                Ok(aws) => prepare(&aws, request, true, &out).await.map(|prepared| (aws, prepared)),
                Err(err) => Err(err),
            };
            Read { label, name, settings, state }
        })
        .buffered(AT_ONCE)
        .collect()
        .await;
    spinner.finish();

    let mut removing = 0;
    for account in &read {
        let title =
            account.name.as_deref().map_or_else(|| account.label.clone(), |n| format!("{} ({n})", account.label));
        ctx.out.info(format_args!("\n== {title} =="));
        match account.state.as_ref().map(|(_, p)| p) {
            Ok(p) if p.steps.is_empty() => ctx.out.info(format_args!("Nothing to remove: no `{name}` here.")),
            Ok(p) => {
                removing += 1;
                for step in &p.report.plan {
                    ctx.out.info(format_args!("  {} {}", step.action, step.target));
                }
            }
            Err(err) => ctx.out.warn(format_args!("this account is left out: {err}")),
        }
    }
    let resume = |failed: &[String]| {
        let all = if request.all { " --all" } else { "" };
        format!("pixelshift-aws teardown --user-name {name}{all} {}", resume_args(&request.accounts, failed))
    };
    if !request.dry_run && removing > 0 {
        let question =
            format!("Remove all of this in {removing} account(s)? `{name}` and its keys stop working at once there");
        if !ctx.ask.confirm(&question, false)? {
            return Err(Error::Declined("nothing was changed in any account".to_owned()).into());
        }
    }
    let rows: Vec<AccountResult<LifecycleReport>> = futures_util::stream::iter(read)
        .map(|Read { label, name, settings, state }| async move {
            let done = match state {
                Ok((_, p)) if request.dry_run || p.steps.is_empty() => Ok(p.report),
                Ok((aws, p)) => {
                    let sub = ctx.for_account(&label, settings);
                    Box::pin(remove(p, &aws, request, &sub)).await.map_err(account_error)
                }
                Err(err) => Err(err),
            };
            match done {
                Ok(report) => AccountResult::done(label, name, report, false),
                Err(err) => AccountResult::failed(label, name, &err),
            }
        })
        .buffered(AT_ONCE)
        .collect()
        .await;
    conclude(&AccountsReport(rows), resume, ctx)
}
