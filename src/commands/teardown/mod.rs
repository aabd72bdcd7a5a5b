//! `teardown`: remove everything this tool set up for a user — its access keys, inline and attached
//! policies, group memberships, console password, the user itself, and the pairs stored here. The
//! plan is shown (all `--dry-run` prints) and confirmed; a user this tool did not create is refused.
//! A teardown that stopped half-way resumes where it left off: what is gone is not planned again.

mod across;

use std::path::PathBuf;

use crate::aws::{Aws, Identity};
use crate::cli::TeardownArgs;
use crate::console::Console;
use crate::context::Context;
use crate::domain::accounts::Selection;
use crate::domain::lifecycle::{LocalCopy, Refusal, Step, Teardown, TeardownUser, teardown};
use crate::domain::names::{PolicyName, UserName};
use crate::domain::policy::{MANAGED_PATH, made_for};
use crate::domain::user::{adopted_keys, adopted_path};
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
    /// On an adopted user, remove what adoption found too (and the user).
    pub all: bool,
    pub accounts: Selection,
}

pub fn resolve(args: &TeardownArgs) -> Result<Request, Error> {
    Ok(Request {
        user: args.user.to_lib()?,
        store: args.store.to_lib(),
        dry_run: args.dry_run,
        all: args.all,
        accounts: args.accounts.to_lib()?,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let lock = crate::ops::lock::acquire(&request.user, &ctx.out).await?;
    if request.accounts != Selection::One {
        return Box::pin(across::execute(&request, ctx)).await;
    }
    let aws = ctx.connect().await?;
    let name = request.user.as_str();
    let spinner = ctx.out.spinner(format!("Reading `{name}`"));
    let prepared = prepare(&aws, &request, false, &ctx.out).await;
    spinner.finish();
    let prepared = prepared?;
    ctx.show_account(&prepared.identity);
    if request.dry_run || prepared.steps.is_empty() {
        ctx.out.report(&prepared.report)?;
        return Ok(());
    }
    ctx.out.info(format_args!("Teardown of `{name}` in account {}:", prepared.identity.account_id));
    for step in &prepared.report.plan {
        ctx.out.info(format_args!("  {} {}", step.action, step.target));
    }
    let adopted = !prepared.kept.is_empty();
    let question = if adopted {
        format!("Remove all of this? The keys pixelshift-aws made for `{name}` stop working at once")
    } else {
        format!("Remove all of this? `{name}` and its keys stop working at once")
    };
    if !ctx.ask.confirm(&question, false)? {
        return Err(Error::Declined("nothing was changed".to_owned()).into());
    }
    let report = remove(prepared, &aws, &request, ctx).await?;
    // Nothing of the user is left to guard: its lock file goes too.
    lock.remove();
    ctx.out.report(&report)?;
    if adopted {
        ctx.out.info(format_args!(
            "Done: what pixelshift-aws set up for `{name}` is gone; the user stays as it was adopted."
        ));
    } else {
        ctx.out.info(format_args!("Done: `{name}` and everything pixelshift-aws set up for it are gone."));
    }
    Ok(())
}

/// What a teardown of the user removes in one account, read and decided; nothing changed yet.
struct Prepared {
    identity: Identity,
    steps: Vec<Step>,
    /// An adopted user's own things, left as adoption found them.
    kept: Vec<String>,
    report: LifecycleReport,
}

/// Reads the user and everything of it, and plans its removal (a refusal is the error).
/// `absent_ok`: no such user is nothing to remove, not a refusal (one account among several).
async fn prepare(aws: &Aws, request: &Request, absent_ok: bool, out: &Console) -> Result<Prepared, Error> {
    let name = request.user.as_str();
    let (inspection, ours) = tokio::join!(
        inspect(aws, &request.store, &request.user, Depth { policies: true, last_used: false }),
        aws.iam().local_policies(MANAGED_PATH)
    );
    let (inspection, ours) = (inspection?, ours?);
    let account = inspection.identity.account_id.clone();
    let user = inspection.user.as_ref().map(|facts| TeardownUser {
        managed: facts.user.is_managed(),
        adopted: adopted_keys(&facts.user.tags),
        adopted_path: adopted_path(&facts.user.tags),
        keys: facts.keys.iter().map(|k| k.id.clone()).collect(),
        inline_policies: facts.inline.iter().map(|p| p.name.clone()).collect(),
        // The tool's inline policy, by the name it writes (an adopted user's others are its own).
        our_inline: facts.inline.iter().filter(|p| p.name == PolicyName::DEFAULT).map(|p| p.name.clone()).collect(),
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
    let Teardown { steps, kept } = match teardown(user.as_ref(), &owned, &local, request.all) {
        Err(Refusal::NoSuchUser) if absent_ok => Teardown::default(),
        planned => planned.map_err(|refusal| lifecycle::refused(refusal, name, &account, &request.store))?,
    };
    let mut report = LifecycleReport::new(&account, name, request.dry_run, &steps);
    report.kept.clone_from(&kept);
    if !kept.is_empty() {
        out.note(format_args!(
            "`{name}` was adopted: left as adoption found it — {} (teardown --all removes them too)",
            kept.join(", ")
        ));
    }
    Ok(Prepared { identity: inspection.identity, steps, kept, report })
}

/// Removes what was prepared, and this machine's records of the user in that account.
async fn remove(prepared: Prepared, aws: &Aws, request: &Request, ctx: &Context) -> anyhow::Result<LifecycleReport> {
    let Prepared { identity, steps, mut report, .. } = prepared;
    let (account, name) = (identity.account_id.as_str(), request.user.as_str());
    let _shield = ctx.cancel.shield();
    let subject = Subject { aws, store: &request.store, account, user: name };
    let resume = format!("pixelshift-aws teardown --user-name {name}");
    lifecycle::apply(&steps, &mut report, subject, &resume, ctx).await?;
    // Nothing of the user is left to guard or to recover: its records go too.
    crate::secrets::intent::clear(account, name);
    crate::secrets::rotation::clear(account, name);
    Ok(report)
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
