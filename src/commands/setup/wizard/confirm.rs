//! The screen after the questions: the plan with its one confirmation. (The offer to hand over the
//! new key pair once everything is done is `ops::handoff::offer`, shared with create-user.)

use crate::context::Context;
use crate::domain::plan::{Confirmation, Plan};
use crate::error::Error;
use crate::report::plan::PlanReport;

/// The plan screen: every step and the policy diff, then one question. With nothing to change,
/// it says so and asks whether to verify; `Ok(false)` means stop here.
pub fn confirm_plan(plan: &Plan, report: &PlanReport, ctx: &Context) -> Result<bool, Error> {
    if plan.is_converged() {
        ctx.out.info(format_args!("\nNothing to change: `{}` already has its key and this policy.", plan.user));
        if !plan.steps.is_empty() {
            return ctx.ask.confirm("Run verify to prove access with the user's own key?", true);
        }
        return Ok(false);
    }
    ctx.out.info(format_args!("\n{}:", report.headline()));
    for line in report.steps_text().lines() {
        ctx.out.info(format_args!("  {line}"));
    }
    if let Some(diff) = report.policy_change.as_ref().and_then(|c| c.diff.as_deref()) {
        ctx.out.diff(diff);
    }
    // The plan says what needs consent; the question names it.
    let question = match plan.confirmation() {
        Some(Confirmation::ReplacePolicy { user, policy }) => {
            format!("Apply this plan? It replaces policy `{policy}` of `{user}` as the diff above shows")
        }
        None => "Apply this plan?".to_owned(),
    };
    if ctx.ask.confirm(&question, true)? { Ok(true) } else { Err(Error::Declined("nothing was changed".to_owned())) }
}
