//! Phase one: the new key made (deleting an unused inactive one at the two-key limit, with consent),
//! stored as the current pair beside the previous one, proven, recorded and offered for the dashboard.

use super::Request;
use crate::aws::Aws;
use crate::context::Context;
use crate::domain::lifecycle::{KeyGoes, Refusal, RotateInput, Step, rotate};
use crate::domain::policy::our_part;
use crate::domain::status::choice_of_grant;
use crate::domain::verify::Grant;
use crate::error::Error;
use crate::ops::inspect::Inspection;
use crate::ops::lifecycle::{self, Subject};
use crate::ops::probe::{self, Target};
use crate::ops::{buckets, key, rotation};
use crate::report::lifecycle::LifecycleReport;
use crate::report::verify::Verification;
use crate::secrets::rotation::{self as record, Rotation};
use crate::secrets::{Found, StoredKey};

/// Phase one.
pub(super) async fn start(
    request: &Request,
    inspection: &Inspection,
    aws: &Aws,
    ctx: &Context,
) -> anyhow::Result<LifecycleReport> {
    let name = request.user.as_str();
    let account = inspection.identity.account_id.as_str();
    let refuse = |refusal| lifecycle::refused(refusal, name, account, &request.store);
    let facts = inspection.user.as_ref().ok_or_else(|| refuse(Refusal::NoSuchUser))?;
    // The current pair counts only if IAM still has its key: else there is nothing to rotate from.
    let current = inspection.current.as_ref().filter(|f| facts.keys.iter().any(|k| k.id == f.key.access_key_id));
    let input = RotateInput {
        managed: facts.user.is_managed(),
        keys: facts.keys.clone(),
        current: current.map(|f| f.key.access_key_id.clone()),
        previous: inspection.previous.as_ref().map(|f| f.key.access_key_id.clone()),
        orphans: inspection.orphans.clone(),
    };
    let steps = rotate(&input, request.verify).map_err(refuse)?;
    let old = current.expect("rotate plans only with a current pair");
    let mut report = LifecycleReport::new(account, name, request.dry_run, &steps);
    report.previous_access_key_id = Some(old.key.access_key_id.clone());
    if request.dry_run {
        ctx.out.report(&report)?;
        return Ok(report);
    }
    announce_deletions(&steps, name, ctx)?;

    let shield = ctx.cancel.shield();
    let subject = Subject { aws, store: &request.store, account, user: name };
    let mut new_key: Option<StoredKey> = None;
    let mut pending = None;
    for (i, step) in steps.iter().enumerate() {
        match step {
            Step::CreateAccessKey { .. } => {
                let known = facts.keys.iter().map(|k| k.id.clone()).collect();
                let (created, intent) = key::create(aws.iam(), name, account, known, &ctx.out).await?;
                new_key = Some(StoredKey::new(
                    created.id,
                    created.secret,
                    name.to_owned(),
                    account.to_owned(),
                    created.created,
                ));
                pending = Some(intent);
            }
            Step::StoreRotated => {
                let new = new_key.as_ref().expect("created before it is stored");
                let placement = rotation::store_rotated(old, new, &request.store, &ctx.out).await;
                if let Some(intent) = pending.take() {
                    intent.clear();
                }
                ctx.out.info(format_args!(
                    "Created access key {}; the old key {} is kept as the previous pair",
                    new.access_key_id, old.key.access_key_id
                ));
                if placement.printed {
                    report.plan[i].done = true;
                    ctx.out.report(&report)?;
                    return Err(Error::NotStored.into());
                }
            }
            Step::Verify => continue,
            other => lifecycle::run(other, subject).await?,
        }
        report.plan[i].done = true;
    }
    drop(shield);
    let new = new_key.expect("every rotation creates a key");
    report.access_key_id = Some(new.access_key_id.clone());
    if request.verify {
        let verification = prove(&new, inspection, request, aws, ctx).await?;
        report.verify = verification.as_ref().map(|v| v.report(name, &new.access_key_id));
        if let Some(v) = verification.as_ref().filter(|v| !v.passed()) {
            // The new key does not work: it goes, and the old pair is current again.
            let _shield = ctx.cancel.shield();
            aws.iam().delete_access_key(name, &new.access_key_id).await?;
            rotation::restore(old, &request.store, &ctx.out).await;
            record::clear(account, name);
            ctx.out.report(&report)?;
            ctx.out.warn(format_args!(
                "the new key {} failed verification: it was deleted, and {} is still the current key",
                new.access_key_id, old.key.access_key_id
            ));
            v.judge(&new.access_key_id)?;
        }
        if let Some(last) = report.plan.last_mut() {
            last.done = true;
        }
    }
    hand_over(&new, old, request, &mut report, ctx)?;
    Ok(report)
}

/// Says why each key the plan deletes may go: a crashed run's orphan is deleted with a warning, an
/// unused inactive key only with consent.
fn announce_deletions(steps: &[Step], name: &str, ctx: &Context) -> Result<(), Error> {
    for step in steps {
        match step {
            Step::DeleteAccessKey { id, why: KeyGoes::Orphan } => ctx.out.warn(format_args!(
                "access key {id} was made by a run that stopped before storing it: it is deleted first (its secret \
                 never left that run, so nothing can be using it)"
            )),
            Step::DeleteAccessKey { id, why: KeyGoes::Unused } => {
                let question = format!(
                    "Delete inactive access key {id} of `{name}` (stored nowhere, so nothing can be using it) to make room?"
                );
                if !ctx.ask.confirm(&question, false)? {
                    return Err(Error::Declined("nothing was changed; IAM allows two keys per user".to_owned()));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The end of phase one: the rotation recorded (from now on, a use of the new key that is not the
/// tool's own is the dashboard's), the report, and the new pair offered for the dashboard.
fn hand_over(
    new: &StoredKey,
    old: &Found,
    request: &Request,
    report: &mut LifecycleReport,
    ctx: &Context,
) -> anyhow::Result<()> {
    let name = request.user.as_str();
    let rotation = Rotation {
        user_name: name.to_owned(),
        account_id: new.account_id.clone(),
        old_access_key_id: old.key.access_key_id.clone(),
        new_access_key_id: new.access_key_id.clone(),
        tool_used: crate::secrets::unix_now(),
    };
    if let Err(err) = record::record(&rotation) {
        ctx.out.warn(format_args!(
            "could not record the rotation in the config directory ({err}); `--finish` will need --force"
        ));
    }
    if request.show_secret {
        report.secret_access_key = Some(new.secret_access_key.clone());
    }
    ctx.out.report(report)?;
    if ctx.ask.interactive() && !request.show_secret {
        let question = "Show the new key pair now, to paste into the Pixelshift dashboard?";
        if ctx.ask.prompter().confirm(question, false, "--show-secret")? {
            ctx.out.secret_line(format_args!("AccessKeyId:     {}", new.access_key_id));
            ctx.out.secret_line(format_args!("SecretAccessKey: {}", new.secret_access_key.expose()));
        }
    }
    ctx.out.info(format_args!(
        "Next: put the new key into the Pixelshift dashboard (`pixelshift-aws keys show --user-name {name} --reveal`), \
         then retire the old one once Pixelshift uses the new key: pixelshift-aws rotate-keys --user-name {name} --finish"
    ));
    Ok(())
}

/// The new key, proven on the buckets its policy grants; `None` when there is no policy to read.
async fn prove(
    new: &StoredKey,
    inspection: &Inspection,
    request: &Request,
    aws: &Aws,
    ctx: &Context,
) -> Result<Option<Verification>, Error> {
    let facts = inspection.user.as_ref().expect("a rotated user exists");
    let (user, name) = (request.user.as_str(), request.policy_name.as_str());
    let inline = facts.inline.iter().find(|p| p.name == name).map(|p| p.document.as_str());
    let managed = facts
        .attached
        .iter()
        .filter(|p| our_part(name, user, &p.name, &p.arn).is_some())
        .filter_map(|p| p.document.as_deref());
    let documents: Vec<&str> = inline.map_or_else(|| managed.collect(), |doc| vec![doc]);
    let Some(choice) = (!documents.is_empty()).then(|| choice_of_grant(Grant::of_all(documents))).flatten() else {
        ctx.out.warn(format_args!(
            "`{user}` has no policy `{name}` (inline, or managed `{name}.{user}`) to verify the new key with"
        ));
        return Ok(None);
    };
    let lookup = buckets::look_up(aws.s3(), &choice).await;
    let prefix = choice.prefix.as_ref().map(|p| p.as_str().to_owned());
    let target = Target {
        buckets: lookup.buckets,
        access: choice.access,
        prefix,
        wait: request.wait,
        probe_locked: false,
        new_key: true,
    };
    let verification =
        probe::run(aws.session(new, None), Some(aws.s3().clone()), new, target, &ctx.out, &ctx.cancel).await?;
    Ok(Some(verification))
}
