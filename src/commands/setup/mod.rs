//! `setup`: the whole job — user, key, policy, attach, verify — as a wizard at a terminal, or from
//! flags in a script. One path: observe → plan → (dry-run | confirm → apply) → verify → report.
//! A flag answers its question; a question without a flag is asked only when a person can answer it
//! (otherwise it is an error naming the flag). The plan decides everything before the first write,
//! so a refusal never follows a change. When a step fails, setup says what this run created and
//! prints the command that resumes — or, with `--rollback-on-failure`, removes it again.

mod flags;
mod wizard;

pub use flags::{Answers, Flags, resolve};

use crate::aws::Aws;
use crate::context::Context;
use crate::domain::plan::{KeyCopies, Plan, PolicySource, Wanted, WantedPolicy};
use crate::error::Error;
use crate::ops::observe::Observation;
use crate::ops::probe::{self, Bucket, Target};
use crate::ops::{self, Env, apply, policy};
use crate::report::plan::PlanReport;
use crate::report::{SetupReport, UserReport};

/// How many buckets setup checks when the policy is a pattern or all buckets.
const MAX_VERIFIED: usize = 20;

pub async fn execute(flags: Flags, ctx: &Context) -> anyhow::Result<()> {
    let aws = ctx.connect().await?;
    let env = Env { aws: &aws, store: Some(&flags.store), out: &ctx.out, cancel: &ctx.cancel };
    let (observation, answers) = if ctx.ask.interactive() {
        wizard::ask(&flags, &env, ctx).await?
    } else {
        let answers = Answers::from_flags(&flags);
        let observation = ops::observe::observe(&aws, env.store, None, &wanted(&answers, &flags)).await?;
        ctx.show_account(&observation.identity);
        policy::explain(&answers.choice, &ctx.out);
        (observation, answers)
    };
    let plan = ops::decide(&observation, &wanted(&answers, &flags), env.store)?;
    ops::show_notes(&plan, &env);
    let account = observation.identity.account_id.clone();
    let report = PlanReport::new(&plan, &account, flags.dry_run);
    if flags.dry_run {
        ctx.out.info(format_args!("{} — dry run, nothing was changed", report.headline()));
        ctx.out.report(&report)?;
        return Ok(());
    }
    if ctx.ask.interactive() {
        wizard::confirm_plan(&plan, &report, ctx)?;
    } else {
        ops::confirm(&plan, &report, &ctx.ask, &ctx.out)?;
    }

    // The buckets' regions, from the admin side, while the user, key and policy are being made.
    let (applied, buckets) =
        tokio::join!(apply::apply(&plan, &observation, &env), verify_buckets(&answers, &aws, &flags, ctx));
    let applied = match applied {
        Ok(applied) => applied,
        Err(mut failed) => {
            apply::settle(&mut failed.journal, &plan, &env).await;
            let made = failed.journal.made(plan.user.as_str(), answers.policy_name.as_str());
            if !made.is_empty() && flags.rollback {
                let undone = apply::roll_back(&failed.journal, &plan, &account, &env).await;
                ctx.out.info(format_args!("Rolled back: {}", undone.join(", ")));
            } else if !made.is_empty() {
                ctx.out.warn(format_args!("setup stopped; this run created {}", made.join(" and ")));
                ctx.out.info(format_args!(
                    "Resume with: {}",
                    answers.resume_command(&flags, ctx.settings.profile.as_deref())
                ));
            }
            return Err(failed.error.into());
        }
    };
    let key = applied.key.as_ref().expect("setup's plan always has a key");
    let verification = if flags.verify {
        let target =
            Target { buckets: buckets?, access: answers.choice.access, prefix: answers.prefix(), wait: flags.wait };
        let session = aws.session(&key.key, None);
        Some(probe::run(session, Some(aws.s3().clone()), &key.key, target, &ctx.out, &ctx.cancel).await?)
    } else {
        None
    };

    ctx.out.report(&setup_report(
        &observation,
        &plan,
        &applied.user_arn,
        key,
        verification.as_ref(),
        flags.show_secret,
    ))?;
    if ctx.ask.interactive() && !flags.show_secret {
        wizard::offer_reveal(&key.key, &key.placement, ctx)?;
    }
    if let Some(verification) = verification {
        verification.judge(&key.key.access_key_id)?;
    }
    Ok(())
}

/// What the answers ask of the account.
fn wanted(answers: &Answers, flags: &Flags) -> Wanted {
    Wanted {
        user: answers.user.clone(),
        create: Some(flags.new_user.clone()),
        adopt: answers.adopt,
        key: Some(KeyCopies { file: flags.store.keys_file().map(ToOwned::to_owned) }),
        policy: Some(WantedPolicy {
            name: answers.policy_name.clone(),
            document: PolicySource::Choice(answers.choice.clone()),
        }),
        verify: flags.verify,
    }
}

/// The buckets verify checks, with their regions: the named ones, or those that exist and match a
/// pattern or all-buckets policy (at most [`MAX_VERIFIED`]).
async fn verify_buckets(answers: &Answers, aws: &Aws, flags: &Flags, ctx: &Context) -> Result<Vec<Bucket>, Error> {
    if !flags.verify || flags.dry_run {
        return Ok(Vec::new());
    }
    let names = if let Some(names) = answers.choice.named_buckets() {
        names
    } else {
        let mut names: Vec<String> =
            aws.s3().list_buckets().await?.into_iter().filter(|b| answers.choice.grants(b)).collect();
        names.sort();
        names.truncate(MAX_VERIFIED);
        if names.is_empty() {
            ctx.out.warn("no existing bucket matches the policy yet; nothing to verify");
        }
        names
    };
    Ok(probe::regions(aws.s3(), &names).await)
}

fn setup_report(
    observation: &Observation,
    plan: &Plan,
    user_arn: &str,
    key: &apply::KeyOutcome,
    verification: Option<&crate::report::verify::Verification>,
    show_secret: bool,
) -> SetupReport {
    let policy = plan.policy.as_ref().expect("setup's plan always has a policy");
    let verify = verification.map(|v| v.report(plan.user.as_str(), &key.key.access_key_id));
    SetupReport {
        user: UserReport::new(&observation.identity, plan, user_arn, key.parts(), show_secret),
        policy_name: policy.name.to_string(),
        policy_size: policy.size,
        aggregate_size: policy.aggregate(),
        policy_change: policy.change.as_str(),
        table: verify.as_ref().map(|v| v.table.clone()),
        verify,
    }
}
