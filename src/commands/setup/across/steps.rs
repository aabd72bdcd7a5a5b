//! Each account's part of a multi-account setup, in the order the one-account run takes it: plan,
//! the plans shown together, one confirmation, then apply and verify.

use super::{Account, Row};
use crate::commands::setup::flags::{Answers, Flags};
use crate::commands::setup::{access_in, prove, setup_report, wanted, wizard};
use crate::console::Console;
use crate::context::Context;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::plan::Plan;
use crate::domain::policy::{PolicyChoice, PolicyType};
use crate::error::Error;
use crate::ops::observe::{Observation, managed_parts};
use crate::ops::{self, Env, apply, buckets};
use crate::report::SetupReport;
use crate::report::accounts::AccountResult;
use crate::report::plan::PlanReport;

/// One account, planned.
pub(super) struct Planned {
    account: Account,
    answers: Answers,
    lookup: buckets::Lookup,
    plan: Plan,
    pub report: PlanReport,
}

/// The account's plan for `choice`: its buckets looked up (a KMS key among them joins the policy),
/// the policy type the user has (inline for a new one), and the same decision a one-account run makes.
pub(super) async fn plan(
    mut account: Account,
    mut choice: PolicyChoice,
    (user, policy_name): (UserName, PolicyName),
    flags: &Flags,
    out: &Console,
) -> Result<Planned, Error> {
    let aws = &account.aws;
    let observation: &mut Observation = &mut account.observation;
    let user_arn = observation.user_arn(user.as_str());
    let lookup = buckets::look_up(aws.s3(), &choice).await;
    lookup.report(&choice, (user.as_str(), &user_arn), out);
    buckets::add_kms_keys(aws, &lookup, &mut choice, out).await;
    let (_, current) = wizard::attached_grant(observation, &user, &policy_name);
    let kind = flags.kind.or(current).unwrap_or_default();
    let answers = Answers { user, adopt: flags.adopt, policy_name, choice, kind: Some(kind), keys_file: None };
    let wanted = wanted(&answers, flags);
    if kind == PolicyType::Managed {
        let existing = observation.observed.user.as_ref();
        observation.observed.managed_parts = managed_parts(aws, &wanted, &account.identity, existing).await?;
    }
    let plan = ops::decide(observation, &wanted, Some(&flags.store), flags.dry_run)?;
    ops::show_notes(&plan, Some(&flags.store), out);
    let mut report = PlanReport::new(&plan, &account.identity.account_id, flags.dry_run);
    report.buckets = lookup.facts_report(&answers.choice, &user_arn);
    Ok(Planned { account, answers, lookup, plan, report })
}

/// The one plan screen: a section per account, each as a one-account run shows its plan.
pub(super) fn show(planned: &[Row<Planned>], user: &UserName, ctx: &Context) {
    for row in planned {
        ctx.out.info(format_args!("\n== {} ==", row.title()));
        match &row.state {
            Ok(p) if p.plan.is_converged() => {
                ctx.out.info(format_args!("Nothing to change: `{user}` already has its key and this policy."));
            }
            Ok(p) => {
                ctx.out.info(format_args!("{}", grants(&p.answers.choice)));
                ctx.out.info(format_args!("{}:", p.report.headline()));
                for line in p.report.steps_text().lines() {
                    ctx.out.info(format_args!("  {line}"));
                }
                if let Some(diff) = p.report.policy_change.as_ref().and_then(|c| c.diff.as_deref()) {
                    ctx.out.diff(diff);
                }
            }
            Err(err) => {
                ctx.out.warn(format_args!("this account is left out: {err}"));
                if let Some(hint) = err.hint() {
                    ctx.out.hint(hint);
                }
            }
        }
    }
}

/// What the account's policy lets Pixelshift do, in a line.
fn grants(choice: &PolicyChoice) -> String {
    let (what, buckets) = access_in(choice);
    let under = choice.prefix.as_ref().map(|p| format!(" under `{p}`")).unwrap_or_default();
    format!("Pixelshift may {what} {buckets}{under}")
}

/// One question for every account: at a terminal, whether to apply them all; in a script, only
/// when a plan replaces a policy (as a one-account run asks), answered by `--yes`.
pub(super) fn confirm(planned: &[Row<Planned>], flags: &Flags, ctx: &Context) -> Result<(), Error> {
    let plans: Vec<&Planned> = planned.iter().filter_map(|r| r.state.as_ref().ok()).collect();
    let changing = plans.iter().filter(|p| !p.plan.is_converged()).count();
    let replacing: Vec<&str> = planned
        .iter()
        .filter(|r| r.state.as_ref().is_ok_and(|p| p.plan.confirmation().is_some()))
        .map(|r| r.label.as_str())
        .collect();
    // Nothing to ask: no plan, or nothing to do; or a script, which is asked only to replace a policy.
    if plans.is_empty() || (changing == 0 && !flags.verify) || (!ctx.ask.interactive() && replacing.is_empty()) {
        return Ok(());
    }
    let replaces = if replacing.is_empty() {
        String::new()
    } else {
        format!(" It replaces the policy in {} as the diffs above show.", replacing.join(", "))
    };
    let question = if changing == 0 {
        format!("Nothing to change. Run verify in the {} account(s), each with the user's own key?", plans.len())
    } else {
        format!("Apply the plans of {changing} account(s)?{replaces}")
    };
    if ctx.ask.confirm(&question, ctx.ask.interactive() && replacing.is_empty())? {
        Ok(())
    } else {
        Err(Error::Declined("nothing was changed in any account".to_owned()))
    }
}

/// The account's plan applied and its key proven, as a row of the report. A step that fails is
/// said with what this run created there (or rolled back with `--rollback-on-failure`).
pub(super) async fn apply(row: Row<Planned>, flags: &Flags, ctx: &Context) -> AccountResult<SetupReport> {
    let p = match row.state {
        Ok(p) => p,
        Err(err) => return AccountResult::failed(row.label, row.name, &err),
    };
    let out = ctx.out.for_account(&row.label);
    let aws = p.account.aws.again();
    let env = Env { aws: &aws, store: Some(&flags.store), out: &out, cancel: &ctx.cancel };
    match Box::pin(run(p, flags, &env)).await {
        Ok((report, passed)) => AccountResult::done(row.label, row.name, report, !passed),
        Err(err) => AccountResult::failed(row.label, row.name, &err),
    }
}

async fn run(p: Planned, flags: &Flags, env: &Env<'_>) -> Result<(SetupReport, bool), Error> {
    let observation = &p.account.observation;
    let applied = match apply::apply(&p.plan, observation, env).await {
        Ok(applied) => applied,
        Err(mut failed) => {
            apply::settle(&mut failed.journal, &p.plan, env).await;
            let made = failed.journal.made(p.plan.user.as_str(), p.answers.policy_name.as_str());
            if !made.is_empty() && flags.rollback {
                let account = &p.account.identity.account_id;
                let undone = apply::roll_back(&failed.journal, &p.plan, account, env).await;
                env.out.info(format_args!("Rolled back: {}", undone.join(", ")));
            } else if !made.is_empty() {
                env.out.warn(format_args!("setup stopped here; this run created {}", made.join(" and ")));
            }
            return Err(failed.error);
        }
    };
    let key = applied.key.as_ref().expect("setup's plan always has a key");
    let verification = if flags.verify { Some(prove(env, key, p.lookup, &p.answers, flags).await?) } else { None };
    let passed = verification.as_ref().is_none_or(crate::report::verify::Verification::passed);
    let report = setup_report(observation, &p.plan, &applied.user_arn, key, verification.as_ref(), flags.show_secret);
    Ok((report, passed))
}
