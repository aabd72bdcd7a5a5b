//! `attach-policy`: put the policy on the user as an inline policy — only when it fits IAM's size
//! limit, never over a different policy without the operator's say-so, and not at all when the
//! identical document is already there. setup's plan, restricted to the policy.

use std::path::PathBuf;

use crate::cli::AttachPolicyArgs;
use crate::context::Context;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::plan::{PolicySource, Wanted, WantedPolicy};
use crate::domain::policy::{Partition, PolicyType};
use crate::error::Error;
use crate::ops::{self, Env, apply, buckets, lock, policy};
use crate::report::AttachReport;
use crate::report::plan::PlanReport;

#[derive(Debug)]
pub struct Request {
    pub user: UserName,
    pub policy_name: PolicyName,
    pub source: Source,
    /// `None`: what the user has, inline when it has neither.
    pub kind: Option<PolicyType>,
    pub adopt: bool,
    pub dry_run: bool,
}

#[derive(Debug)]
pub enum Source {
    /// Built from --bucket/--all-buckets/--access/--prefix once the caller's partition is known.
    Built(crate::domain::policy::PolicyChoice),
    /// A document the operator wrote; `None` is stdin.
    File(Option<PathBuf>),
}

pub fn resolve(args: &AttachPolicyArgs) -> Result<Request, Error> {
    let kind = args.policy_type.map(crate::cli::PolicyTypeArg::to_lib);
    let source = match &args.policy_file {
        Some(path) if path.as_os_str() == "-" => Source::File(None),
        Some(path) => Source::File(Some(path.clone())),
        None => {
            let choice = args.policy.required()?;
            let user = args.user.user_name.as_deref();
            policy::over_budget(&choice, Some(&args.policy_name), user, kind, Partition::Aws)?;
            Source::Built(choice)
        }
    };
    Ok(Request {
        user: args.user.to_lib()?,
        policy_name: PolicyName::parse(&args.policy_name)?,
        source,
        kind,
        adopt: args.adopt,
        dry_run: args.dry_run,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let document = match &request.source {
        Source::File(path) => {
            let text = policy::read_document(path.as_deref(), ctx.ask.interactive())?;
            policy::document_fits(&text, request.policy_name.as_str(), request.kind)?;
            PolicySource::Text(text)
        }
        Source::Built(choice) => {
            policy::explain(choice, &ctx.out);
            PolicySource::Choice(choice.clone())
        }
    };
    let _lock = lock::acquire(&request.user, &ctx.out).await?;
    let aws = ctx.connect().await?;
    let env = Env { aws: &aws, store: None, out: &ctx.out, cancel: &ctx.cancel };
    let wanted = Wanted {
        user: request.user.clone(),
        create: None,
        adopt: request.adopt,
        key: None,
        policy: Some(WantedPolicy { name: request.policy_name.clone(), document, kind: request.kind }),
        verify: false,
    };
    // Built from bucket names: each is held against the account before anything is written.
    let lookup = async {
        match &request.source {
            Source::Built(choice) => Some(buckets::look_up(aws.s3(), choice).await),
            Source::File(_) => None,
        }
    };
    let (observation, lookup) = tokio::join!(ops::observe::observe(&aws, None, None, &wanted), lookup);
    let observation = observation?;
    let mut wanted = wanted;
    if let (Some(lookup), Source::Built(choice)) = (&lookup, &request.source) {
        let mut choice = choice.clone();
        buckets::add_kms_keys(&aws, lookup, &mut choice, &ctx.out).await;
        if let Some(policy) = wanted.policy.as_mut() {
            policy.document = PolicySource::Choice(choice);
        }
    }
    let plan = ops::decide(&observation, &wanted, None, request.dry_run)?;
    let identity = &observation.identity;
    ctx.show_account(identity);
    if let (Some(lookup), Source::Built(choice)) = (&lookup, &request.source) {
        let user = request.user.as_str();
        lookup.report(choice, (user, &observation.user_arn(user)), &ctx.out);
    }
    for (other, size) in plan.policy.iter().flat_map(|p| &p.others) {
        ctx.out.detail(format_args!("other inline policy `{other}`: {size} characters"));
    }
    ops::show_notes(&plan, env.store, env.out);
    let mut report = PlanReport::new(&plan, &identity.account_id, request.dry_run);
    if let (Some(lookup), Source::Built(choice)) = (&lookup, &request.source) {
        report.buckets = lookup.facts_report(choice, &observation.user_arn(request.user.as_str()));
    }
    if request.dry_run {
        ctx.out.info(format_args!("{} — dry run, nothing was changed", report.headline()));
        ctx.out.report(&report)?;
        return Ok(());
    }
    ops::confirm(&plan, &report, &ctx.ask, &ctx.out)?;
    let applied = apply::apply(&plan, &observation, &env).await.map_err(|failed| failed.error)?;
    let facts = plan.policy.as_ref().expect("attach-policy's plan always has a policy");
    ctx.out.report(&AttachReport::new(&identity.account_id, &applied.user_arn, &plan, facts))?;
    ctx.out.info(format_args!(
        "Next: pixelshift-aws verify --user-name {} (proves access with the user's own key)",
        request.user
    ));
    Ok(())
}
