//! `create-user`: the IAM user (programmatic access only, tagged `managed-by=pixelshift-aws`) and its
//! access key, stored the moment AWS returns it. setup's plan, restricted to the user and its key.

use crate::cli::CreateUserArgs;
use crate::context::Context;
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
}

pub fn resolve(args: &CreateUserArgs) -> Result<Request, Error> {
    let user = args.user.to_lib()?;
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
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let _lock = lock::acquire(&request.user, &ctx.out).await?;
    let aws = ctx.connect().await?;
    let env = Env { aws: &aws, store: Some(&request.store), out: &ctx.out, cancel: &ctx.cancel };
    let wanted = Wanted {
        user: request.user.clone(),
        create: Some(request.new_user),
        adopt: request.adopt,
        key: Some(KeyCopies { file: request.store.keys_file().map(ToOwned::to_owned) }),
        policy: None,
        verify: false,
    };
    let observation = ops::observe::observe(&aws, env.store, None, &wanted).await?;
    let plan = ops::decide(&observation, &wanted, env.store, request.dry_run)?;
    ctx.show_account(&observation.identity);
    ops::show_notes(&plan, &env);
    if request.dry_run {
        let report = PlanReport::new(&plan, &observation.identity.account_id, true);
        ctx.out.info(format_args!("{} — dry run, nothing was changed", report.headline()));
        ctx.out.report(&report)?;
        return Ok(());
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
    ctx.out.report(&UserReport::new(
        &observation.identity,
        &plan,
        &applied.user_arn,
        key.parts(),
        request.show_secret,
    ))?;
    if ctx.ask.interactive() && !request.show_secret {
        ops::handoff::offer(&key.key, ctx).await?;
    }
    ctx.out.info(format_args!(
        "Next: pixelshift-aws attach-policy --user-name {} --bucket NAME (`keys copy` or `keys show --reveal` hand the key over to the dashboard)",
        request.user
    ));
    Ok(())
}
