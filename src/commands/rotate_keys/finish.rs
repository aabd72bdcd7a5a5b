//! Phase two, `--finish`: once the dashboard uses the new key, the old one deactivated and deleted
//! (or kept inactive) and the previous pair forgotten here; refused before that unless forced.

use super::Request;
use crate::aws::Aws;
use crate::context::Context;
use crate::domain::lifecycle::{FinishInput, LocalCopy, Refusal, Usage, finish};
use crate::error::Error;
use crate::ops::inspect::Inspection;
use crate::ops::lifecycle::{self, Subject};
use crate::report::lifecycle::LifecycleReport;
use crate::secrets::rotation as record;
use crate::secrets::{Found, Slot, slot_file};

/// Phase two.
pub(super) async fn finish_rotation(
    request: &Request,
    inspection: &Inspection,
    aws: &Aws,
    ctx: &Context,
) -> anyhow::Result<LifecycleReport> {
    let name = request.user.as_str();
    let account = inspection.identity.account_id.as_str();
    let refuse = |refusal| lifecycle::refused(refusal, name, account, &request.store);
    let facts = inspection.user.as_ref().ok_or_else(|| refuse(Refusal::NoSuchUser))?;
    if !facts.user.is_managed() {
        return Err(refuse(Refusal::Unmanaged).into());
    }
    let previous = inspection.previous.as_ref();
    let old_id = previous.map(|p| p.key.access_key_id.clone());
    let new_id = inspection.current.as_ref().map(|c| c.key.access_key_id.clone());
    let recorded = record::read(account, name)
        .filter(|r| Some(&r.old_access_key_id) == old_id.as_ref() && Some(&r.new_access_key_id) == new_id.as_ref());
    let input = FinishInput {
        previous: old_id.clone(),
        old: facts.keys.iter().find(|k| Some(&k.id) == old_id.as_ref()).cloned(),
        usage: Usage {
            old_id: old_id.clone().unwrap_or_default(),
            old_last_used: old_id.as_ref().and_then(|id| facts.last_used.get(id).cloned()),
            new_last_used: new_id.as_ref().and_then(|id| facts.last_used.get(id).cloned()),
            new_id: new_id.clone(),
            tool_used: recorded.map(|r| r.tool_used),
        },
        copies: previous.map(|p| previous_copies(p, inspection)).unwrap_or_default(),
        new_ready: new_id
            .as_ref()
            .is_some_and(|id| Some(id) != old_id.as_ref() && facts.keys.iter().any(|k| k.id == *id && k.active)),
    };
    let steps = finish(&input, request.force, request.keep_old).map_err(refuse)?;
    let mut report = LifecycleReport::new(account, name, request.dry_run, &steps);
    report.previous_access_key_id = old_id.clone();
    report.access_key_id = new_id;
    if request.dry_run {
        ctx.out.report(&report)?;
        return Ok(report);
    }
    // The stored secret must also be the one AWS issued: checked only now, so the STS call is
    // never the new key's last use that --finish looked at.
    if let Some(current) = inspection.current.as_ref().filter(|_| input.old.is_some())
        && aws.session(&current.key, None).authenticates().await == Some(false)
    {
        return Err(Error::NewPairNotReady {
            user: name.to_owned(),
            old: old_id.unwrap_or_default(),
            why: format!("AWS rejects the stored secret of {}", current.key.access_key_id),
        }
        .into());
    }
    let _shield = ctx.cancel.shield();
    let subject = Subject { aws, store: &request.store, account, user: name };
    let resume = format!("pixelshift-aws rotate-keys --user-name {name} --finish");
    lifecycle::apply(&steps, &mut report, subject, &resume, ctx).await?;
    record::clear(account, name);
    ctx.out.report(&report)?;
    let kept = if request.keep_old { "deactivated (kept, inactive)" } else { "deleted" };
    ctx.out.info(format_args!(
        "Done: the old key {} is {kept}; `{name}` now has only its new key.",
        old_id.unwrap_or_default()
    ));
    Ok(report)
}

/// Where this machine keeps the previous pair: its keyring slot, its file (found, or beside the
/// current pair's file, where the rotation put it).
fn previous_copies(previous: &Found, inspection: &Inspection) -> Vec<LocalCopy> {
    let mut copies = Vec::new();
    if previous.in_keyring {
        copies.push(LocalCopy::Keyring { previous: true });
    }
    let file = previous
        .file
        .clone()
        .or_else(|| inspection.current.as_ref().and_then(|c| c.file.as_ref()).map(|f| slot_file(f, Slot::Previous)));
    copies.extend(file.filter(|f| f.exists()).map(LocalCopy::File));
    copies
}
