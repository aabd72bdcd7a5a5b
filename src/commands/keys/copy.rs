//! `keys copy`: the stored pair to the clipboard for the Pixelshift dashboard's storage form, the
//! secret cleared again after `--clear-after` seconds; nothing secret is printed (see
//! [`crate::ops::handoff`] and [`crate::clipboard`]).

use super::{AccountFrom, Located, Lookup};
use crate::cli::{CopyFieldArg, KeysCopyArgs};
use crate::context::Context;
use crate::error::Error;
use crate::ops::handoff::{self, Field, Handoff};
use crate::report::KeyCopied;

#[derive(Debug)]
pub struct Request {
    pub lookup: Lookup,
    /// `None`: both, with Enter in between.
    pub field: Option<Field>,
    pub clear_after: u64,
    pub osc52: bool,
}

pub fn resolve(args: &KeysCopyArgs) -> Result<Request, Error> {
    Ok(Request {
        lookup: Lookup::resolve(&args.user, args.account_id.as_deref(), &args.store)?,
        field: args.field.map(|field| match field {
            CopyFieldArg::Id => Field::Id,
            CopyFieldArg::Secret => Field::Secret,
        }),
        clear_after: args.clear_after,
        osc52: args.osc52,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    // Where the clipboard is, and whether a person can press Enter between the two copies, is
    // known before anything is read: a refusal costs no keyring prompt and no AWS call.
    let handoff = Handoff::here(request.osc52, request.clear_after, request.lookup.user.as_str())?;
    if request.field.is_none() && !ctx.ask.interactive() {
        return Err(Error::usage(
            "keys copy waits for Enter between the access key id and the secret, and nobody can press it here",
            "copy one at a time: pass --field id, then --field secret",
        )
        .into());
    }
    let Located { key, .. } = request.lookup.locate(ctx, AccountFrom::Admin).await?;
    let copied = handoff::copy(&key, request.field, &handoff, ctx).await?;
    ctx.out.report(&KeyCopied {
        user_name: key.user_name.clone(),
        account_id: key.account_id.clone(),
        access_key_id: key.access_key_id.clone(),
        copied: copied.fields.iter().map(|f| f.name()).collect(),
        clipboard: copied.route.name(),
        clear_after: copied.fields.contains(&Field::Secret).then_some(request.clear_after).filter(|s| *s > 0),
        cleared: copied.cleared,
    })?;
    Ok(())
}
