//! `keys show` and `keys delete`: the stored access key pair, read back for pasting into the
//! Pixelshift dashboard, or removed from the keyring. The secret is printed only with `--reveal`.

use std::path::PathBuf;

use crate::cli::{KeysDeleteArgs, KeysShowArgs};
use crate::context::Context;
use crate::domain::names::UserName;
use crate::error::Error;
use crate::report::{KeyDeleted, KeyShown};
use crate::secrets::KeyStore;

#[derive(Debug)]
pub struct ShowRequest {
    pub user: UserName,
    pub account_id: Option<String>,
    pub store: KeyStore,
    pub keys_file: Option<PathBuf>,
    pub reveal: bool,
}

#[derive(Debug)]
pub struct DeleteRequest {
    pub user: UserName,
    pub account_id: Option<String>,
    pub store: KeyStore,
}

pub fn resolve_show(args: &KeysShowArgs) -> Result<ShowRequest, Error> {
    Ok(ShowRequest {
        user: args.user.to_lib()?,
        account_id: args.account_id.as_deref().map(super::account_id).transpose()?,
        store: KeyStore::new(args.store.keyring.to_lib(), None),
        keys_file: args.store.keys_file.clone(),
        reveal: args.reveal,
    })
}

pub fn resolve_delete(args: &KeysDeleteArgs) -> Result<DeleteRequest, Error> {
    Ok(DeleteRequest {
        user: args.user.to_lib()?,
        account_id: args.account_id.as_deref().map(super::account_id).transpose()?,
        store: KeyStore::new(args.keyring.to_lib(), None),
    })
}

/// The account the key belongs to: as given, or the admin credentials' own.
async fn account(given: Option<String>, ctx: &Context) -> Result<String, Error> {
    match given {
        Some(id) => Ok(id),
        None => Ok(ctx.admin().await?.1.account_id),
    }
}

pub async fn show(request: ShowRequest, ctx: &Context) -> anyhow::Result<()> {
    let user = request.user.to_string();
    let (key, stored_in) = if let Some(path) = &request.keys_file {
        (KeyStore::read_file(path).await?, format!("key file {}", path.display()))
    } else {
        let account_id = account(request.account_id, ctx).await?;
        let store = &request.store;
        let found = store.find(&account_id, &user).await?;
        let backend = store.keyring().map(crate::secrets::Keyring::backend);
        let Some(found) = found else {
            if let Some(err) = store.open_error() {
                return Err(Error::from(err).into());
            }
            let looked = backend.map_or_else(|| "key file".to_owned(), |b| format!("{}, key file", b.describe()));
            return Err(Error::NoStoredKey { user, account: account_id, looked }.into());
        };
        let stored_in = found.describe(backend);
        (found.key, stored_in)
    };
    ctx.out.report(&KeyShown {
        user_name: key.user_name.clone(),
        account_id: key.account_id.clone(),
        access_key_id: key.access_key_id.clone(),
        created: key.create_date.clone(),
        stored_in,
        secret_access_key: request.reveal.then(|| key.secret_access_key.clone()),
    })?;
    Ok(())
}

pub async fn delete(request: DeleteRequest, ctx: &Context) -> anyhow::Result<()> {
    let user = request.user.to_string();
    let account_id = account(request.account_id, ctx).await?;
    let keyring = request.store.open().await.map_err(Error::from)?;
    let backend = keyring.backend();
    let found = request.store.find(&account_id, &user).await?.filter(|f| f.in_keyring);
    let report = |deleted: Option<String>| KeyDeleted {
        user_name: user.clone(),
        account_id: account_id.clone(),
        deleted: deleted.is_some(),
        access_key_id: deleted,
    };
    let Some(found) = found else {
        ctx.out.info(format_args!(
            "No access key is stored for `{user}` in account {account_id} ({}); nothing to delete",
            backend.describe()
        ));
        ctx.out.report(&report(None))?;
        return Ok(());
    };
    let id = found.key.access_key_id;
    let question = format!(
        "Delete the stored access key {id} for `{user}` from {}? (the key itself stays active in IAM)",
        backend.describe()
    );
    if !ctx.ask.confirm(&question, false)? {
        return Err(Error::Declined("kept the stored key".to_owned()).into());
    }
    request.store.delete_keyring(&account_id, &user).await?;
    ctx.out.info(format_args!("Deleted the stored key for `{user}` from {}", backend.describe()));
    ctx.out.hint(format_args!(
        "access key {id} still works in AWS; to revoke it: aws iam delete-access-key --user-name {user} --access-key-id {id}"
    ));
    ctx.out.report(&report(Some(id)))?;
    Ok(())
}
