//! A day-two command over several accounts (`--profiles`, `--org`, #20): each account's part is the
//! command's own one-account path, run [`AT_ONCE`] accounts at a time; one account's failure never
//! stops the others. Exit 1 when any failed (with a command that resumes only those), else 3 when
//! any needs action, else 0.

use std::future::Future;

use futures_util::StreamExt;

use crate::aws::Aws;
use crate::console::Report;
use crate::context::Context;
use crate::domain::accounts::{AT_ONCE, Selection, resume_args};
use crate::error::Error;
use crate::ops::accounts::reach;
use crate::report::accounts::{AccountResult, AccountsReport, Outcome};

/// Runs `one` in every account of `selection` and reports them together. `one` gives the
/// account's report and whether it needs action. `command` is the command line without the account
/// options, for the resume hint (`status --user-name pix`).
pub async fn across<T, F, Fut>(selection: &Selection, command: &str, ctx: &Context, one: F) -> anyhow::Result<()>
where
    T: Report,
    F: Fn(Aws, Context) -> Fut,
    Fut: Future<Output = Result<(T, bool), Error>>,
{
    let reached = reach(selection, &ctx.settings, &ctx.out).await?;
    let total = reached.len();
    let spinner = ctx.out.spinner(format!("Working in {total} account{}", if total == 1 { "" } else { "s" }));
    let one = &one;
    let rows: Vec<AccountResult<T>> = futures_util::stream::iter(reached)
        .map(|account| async move {
            let answer = match account.aws {
                Ok(aws) => one(aws, ctx.for_account(&account.label, account.settings)).await,
                Err(err) => Err(err),
            };
            match answer {
                Ok((report, needs_action)) => AccountResult::done(account.label, account.name, report, needs_action),
                Err(err) => AccountResult::failed(account.label, account.name, &err),
            }
        })
        .buffered(AT_ONCE)
        .collect()
        .await;
    spinner.finish();
    conclude(
        &AccountsReport(rows),
        |failed| format!("pixelshift-aws {command} {}", resume_args(selection, failed)),
        ctx,
    )
}

/// Writes the report, then the run's exit: 1 when any account failed (`resume` gives the command for
/// just those), else 3 when any needs action, else 0.
pub fn conclude<T: Report>(
    report: &AccountsReport<T>,
    resume: impl FnOnce(&[String]) -> String,
    ctx: &Context,
) -> anyhow::Result<()> {
    ctx.out.report(report)?;
    let total = report.0.len();
    let failed = report.with(Outcome::Failed);
    if !failed.is_empty() {
        let resume = resume(&failed);
        return Err(Error::AccountsFailed { accounts: failed, total, resume }.into());
    }
    let needs = report.with(Outcome::NeedsAction);
    if !needs.is_empty() {
        return Err(Error::AccountsNeedAction { accounts: needs, total }.into());
    }
    Ok(())
}

/// An account's failure as the error its row reports: the command's own error where it is one.
#[must_use]
pub fn account_error(err: anyhow::Error) -> Error {
    err.downcast::<Error>().unwrap_or_else(|err| Error::Refused { message: format!("{err:#}"), hint: None })
}
