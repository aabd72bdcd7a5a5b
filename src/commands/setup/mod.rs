//! `setup`: the whole job — user, key, policy, attach, verify — as a wizard at a terminal, or from
//! flags in a script. One path: observe → plan → (dry-run | confirm → apply) → verify → report.
//! A flag answers its question; a question without a flag is asked only when a person can answer it
//! (otherwise it is an error naming the flag). The plan decides everything before the first write,
//! so a refusal never follows a change. When a step fails, setup says what this run created and
//! prints the command that resumes — or, with `--rollback-on-failure`, removes it again.

mod across;
mod flags;
mod wizard;

pub use flags::{Answers, Flags, resolve};

use crate::context::Context;
use crate::domain::plan::{KeyCopies, Plan, PolicySource, Wanted, WantedPolicy};
use crate::domain::policy::{Access, PolicyChoice, Scope};
use crate::ops::observe::Observation;
use crate::ops::probe::{self, Target};
use crate::ops::{self, Env, apply, buckets, lock, policy};
use crate::report::plan::PlanReport;
use crate::report::{SetupReport, UserReport};
use crate::template::{self, Spec, TemplateFormat};

pub async fn execute(flags: Flags, ctx: &Context) -> anyhow::Result<()> {
    if flags.accounts != crate::domain::accounts::Selection::One {
        return Box::pin(across::execute(flags, ctx)).await;
    }
    let aws = ctx.connect().await?;
    let env = Env { aws: &aws, store: Some(&flags.store), out: &ctx.out, cancel: &ctx.cancel };
    let (observation, answers, lookup, _lock) = if ctx.ask.interactive() {
        let (observation, mut answers, lock) = wizard::ask(&flags, &env, ctx).await?;
        // The chosen buckets' facts before the plan: a KMS key among them belongs in the policy.
        let lookup = buckets::look_up(aws.s3(), &answers.choice).await;
        let user = answers.user.as_str();
        lookup.report(&answers.choice, (user, &observation.user_arn(user)), &ctx.out);
        buckets::add_kms_keys(&aws, &lookup, &mut answers.choice, &ctx.out).await;
        (observation, answers, Some(lookup), lock)
    } else {
        let mut answers = Answers::from_flags(&flags);
        let lock = lock::acquire(&answers.user, &ctx.out).await?;
        let (observation, lookup) = read_account(&answers, &flags, &env, ctx).await?;
        buckets::add_kms_keys(&aws, &lookup, &mut answers.choice, &ctx.out).await;
        (observation, answers, Some(lookup), lock)
    };
    let wanted = wanted(&answers, &flags);
    let plan = ops::decide(&observation, &wanted, env.store, flags.dry_run)?;
    ops::show_notes(&plan, env.store, env.out);
    let account = observation.identity.account_id.clone();
    let mut report = PlanReport::new(&plan, &account, flags.dry_run);
    if let Some(lookup) = &lookup {
        report.buckets = lookup.facts_report(&answers.choice, &observation.user_arn(answers.user.as_str()));
    }
    if flags.dry_run {
        if let Some(format) = flags.template {
            return print_template(format, &plan, &answers, &flags, ctx);
        }
        ctx.out.info(format_args!("{} — dry run, nothing was changed", report.headline()));
        ctx.out.report(&report)?;
        return Ok(());
    }
    let proceed = if ctx.ask.interactive() {
        wizard::confirm_plan(&plan, &report, ctx)?
    } else {
        ops::confirm(&plan, &report, &ctx.ask, &ctx.out)?;
        true
    };
    if !proceed {
        ctx.out.info("Nothing was changed.");
        return Ok(());
    }

    // The wizard's buckets are looked up (their regions) while the user, key and policy are made.
    let lookup = async {
        match lookup {
            Some(lookup) => lookup,
            None if flags.verify => buckets::look_up(aws.s3(), &answers.choice).await,
            None => buckets::Lookup::default(),
        }
    };
    let (applied, lookup) = tokio::join!(apply::apply(&plan, &observation, &env), lookup);
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
                let resume = answers.resume_command(&flags, ctx.settings.profile.as_deref());
                ctx.out.info(format_args!("Resume with: {resume}"));
            }
            return Err(failed.error.into());
        }
    };
    let key = applied.key.as_ref().expect("setup's plan always has a key");
    let verification = if flags.verify { Some(prove(&env, key, lookup, &answers, &flags).await?) } else { None };

    ctx.out.report(&setup_report(
        &observation,
        &plan,
        &applied.user_arn,
        key,
        verification.as_ref(),
        flags.show_secret,
    ))?;
    let revealed = if ctx.ask.interactive() && !flags.show_secret {
        crate::ops::handoff::offer(&key.key, ctx).await?
    } else {
        flags.show_secret
    };
    if let Some(verification) = &verification {
        verification.judge(&key.key.access_key_id)?;
    }
    done(&answers, key, revealed, verification.is_some(), ctx);
    Ok(())
}

/// A scripted run reads the account and looks the chosen buckets up at once: a typo is said
/// before anything is written, and verify knows where each bucket lives.
/// The last step: the new (or reused) key proven on the buckets, and any refusal explained.
pub(super) async fn prove(
    env: &Env<'_>,
    key: &apply::KeyOutcome,
    lookup: buckets::Lookup,
    answers: &Answers,
    flags: &Flags,
) -> Result<crate::report::verify::Verification, crate::error::Error> {
    let aws = env.aws;
    if lookup.buckets.is_empty() {
        env.out.warn("no existing bucket matches the policy yet; nothing to verify");
    }
    let target = Target {
        buckets: lookup.buckets,
        access: answers.choice.access,
        prefix: answers.prefix(),
        wait: flags.wait,
        probe_locked: flags.probe_locked,
        new_key: key.created,
    };
    let session = aws.session(&key.key, None);
    let mut verification = probe::run(session, Some(aws.s3().clone()), &key.key, target, env.out, env.cancel).await?;
    if !verification.passed() {
        crate::ops::denial::explain(aws, answers.user.as_str(), &mut verification).await;
    }
    Ok(verification)
}

async fn read_account(
    answers: &Answers,
    flags: &Flags,
    env: &Env<'_>,
    ctx: &Context,
) -> anyhow::Result<(Observation, buckets::Lookup)> {
    let spinner = ctx.out.spinner("Reading your AWS account");
    let reading = wanted(answers, flags);
    let (observation, lookup) = tokio::join!(
        ops::observe::observe(env.aws, env.store, None, &reading),
        buckets::look_up(env.aws.s3(), &answers.choice)
    );
    spinner.finish();
    let observation = observation?;
    ctx.show_account(&observation.identity);
    policy::explain(&answers.choice, &ctx.out);
    let user = answers.user.as_str();
    lookup.report(&answers.choice, (user, &observation.user_arn(user)), &ctx.out);
    Ok((observation, lookup))
}

/// `--dry-run --format cloudformation|terraform`: the user and policy this plan would make, as code
/// a team can review and apply instead.
fn print_template(
    format: TemplateFormat,
    plan: &Plan,
    answers: &Answers,
    flags: &Flags,
    ctx: &Context,
) -> anyhow::Result<()> {
    let facts = plan.policy.as_ref().expect("setup's plan always has a policy");
    let spec = Spec {
        user: answers.user.to_string(),
        tags: flags.new_user.tags.clone(),
        permissions_boundary: flags.new_user.permissions_boundary.clone(),
        policy_name: answers.policy_name.to_string(),
        kind: facts.kind,
        documents: facts.parts.iter().map(|p| p.document.clone()).collect(),
    };
    ctx.out.info("dry run, nothing was changed; the template describes the user and its policy");
    ops::template::write(format, &template::render(format, &spec), None, &ctx.out)
}

/// The closing line: what Pixelshift can do now, and the one next step.
fn done(answers: &Answers, key: &apply::KeyOutcome, revealed: bool, verified: bool, ctx: &Context) {
    let (what, buckets) = access_in(&answers.choice);
    let proof = if verified { " (verified with its own key)" } else { "" };
    ctx.out.info(format_args!(
        "\nDone: Pixelshift can now {what} {buckets} as `{}` with access key {}{proof}.",
        answers.user, key.key.access_key_id
    ));
    let whose = match (&key.placement.keyring, &key.placement.file) {
        (None, Some(file)) => {
            format!("--keys-file {}", shlex::try_quote(&file.display().to_string()).unwrap_or_default())
        }
        _ => format!("--user-name {}", answers.user),
    };
    let (copy, show) =
        (format!("pixelshift-aws keys copy {whose}"), format!("pixelshift-aws keys show {whose} --reveal"));
    if revealed {
        ctx.out.info(format_args!(
            "Next: paste the key pair into the Pixelshift dashboard (`{copy}` copies it again, `{show}` shows it)."
        ));
    } else {
        ctx.out.info(format_args!(
            "Next: paste the key pair into the Pixelshift dashboard: `{copy}` copies it, `{show}` shows it."
        ));
    }
}

/// What the choice lets Pixelshift do, and where, for people: ("read and write", "`a`, `b`").
pub(super) fn access_in(choice: &PolicyChoice) -> (&'static str, String) {
    let what = match choice.access {
        Access::ReadWrite => "read and write",
        Access::ReadOnly => "read",
    };
    let buckets = match &choice.scope {
        Scope::AllBuckets => "every bucket in the account".to_owned(),
        Scope::Buckets(list) => list.iter().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", "),
    };
    (what, buckets)
}

/// What the answers ask of the account.
pub(super) fn wanted(answers: &Answers, flags: &Flags) -> Wanted {
    Wanted {
        user: answers.user.clone(),
        create: Some(flags.new_user.clone()),
        adopt: answers.adopt,
        key: Some(KeyCopies { file: answers.keys_file.clone() }),
        policy: Some(WantedPolicy {
            name: answers.policy_name.clone(),
            document: PolicySource::Choice(answers.choice.clone()),
            kind: answers.kind,
        }),
        verify: flags.verify,
    }
}

pub(super) fn setup_report(
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
        policy_type: policy.kind.as_str(),
        policies: policy.parts.iter().map(|p| p.name.clone()).collect(),
        policy_size: policy.size(),
        aggregate_size: policy.aggregate(),
        budget: policy.budget(),
        policy_change: policy.change(),
        table: verify.as_ref().map(|v| v.table.clone()),
        verify,
    }
}
