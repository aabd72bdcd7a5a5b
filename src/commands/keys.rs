//! `keys show` and `keys delete`: the stored access key pair, read back for pasting into the
//! Pixelshift dashboard, or removed from the keyring. The secret is printed only with `--reveal`.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::json;

use super::{Context, account_id, backend, blocking};
use crate::cli::{KeysDeleteArgs, KeysShowArgs};
use crate::domain::names::UserName;
use crate::error::Error;
use crate::secrets::{self, Backend, Keyring};

#[derive(Debug)]
pub struct ShowRequest {
    pub user: UserName,
    pub account_id: Option<String>,
    pub keyring: Option<Backend>,
    pub keys_file: Option<PathBuf>,
    pub reveal: bool,
}

#[derive(Debug)]
pub struct DeleteRequest {
    pub user: UserName,
    pub account_id: Option<String>,
    pub keyring: Option<Backend>,
}

pub fn resolve_show(args: KeysShowArgs) -> Result<ShowRequest, Error> {
    Ok(ShowRequest {
        user: UserName::parse(args.user.name())?,
        account_id: args.account_id.as_deref().map(account_id).transpose()?,
        keyring: backend(args.store.keyring),
        keys_file: args.store.keys_file,
        reveal: args.reveal,
    })
}

pub fn resolve_delete(args: &KeysDeleteArgs) -> Result<DeleteRequest, Error> {
    Ok(DeleteRequest {
        user: UserName::parse(args.user.name())?,
        account_id: args.account_id.as_deref().map(account_id).transpose()?,
        keyring: backend(args.keyring),
    })
}

/// The account the key belongs to: as given, or the admin credentials' own.
async fn account(given: Option<String>, ctx: &Context) -> Result<String, Error> {
    match given {
        Some(id) => Ok(id),
        None => Ok(ctx.admin().await?.1.account_id),
    }
}

async fn open(choice: Option<Backend>) -> Result<Arc<Keyring>, Error> {
    Ok(Arc::new(blocking(move || Keyring::open(choice)).await?))
}

pub async fn show(request: ShowRequest, ctx: &Context) -> anyhow::Result<()> {
    let user = request.user.to_string();
    let (key, location) = if let Some(path) = request.keys_file {
        let target = path.clone();
        let key = blocking(move || secrets::read_keys_file(&target)).await?;
        (key, format!("key file {}", path.display()))
    } else {
        let account_id = account(request.account_id, ctx).await?;
        let keyring = open(request.keyring).await?;
        let backend = keyring.backend();
        let (store, account, name) = (Arc::clone(&keyring), account_id.clone(), user.clone());
        let key = blocking(move || store.get(&account, &name)).await?.ok_or_else(|| {
            Error::refused(
                format!("no access key is stored for `{user}` in account {account_id} ({})", backend.describe()),
                format!("create one with `pixelshift-aws create-user --user-name {user}`, or pass --keys-file PATH"),
            )
        })?;
        (key, backend.describe().to_owned())
    };

    let console = &ctx.console;
    if console.is_json() {
        let mut doc = json!({
            "user_name": key.user_name,
            "account_id": key.account_id,
            "access_key_id": key.access_key_id,
            "created": key.create_date,
            "stored_in": location,
        });
        if request.reveal {
            doc["secret_access_key"] = json!(key.secret_access_key.expose());
        }
        console.json(&doc)?;
        return Ok(());
    }
    let secret =
        if request.reveal { key.secret_access_key.expose().to_owned() } else { "(hidden: add --reveal)".to_owned() };
    console.out(&format!(
        "user          {}\naccount       {}\naccess key    {}\nsecret key    {secret}\ncreated       {}\nstored in     {location}\n",
        key.user_name, key.account_id, key.access_key_id, key.create_date
    ))?;
    Ok(())
}

pub async fn delete(request: DeleteRequest, ctx: &Context) -> anyhow::Result<()> {
    let user = request.user.to_string();
    let account_id = account(request.account_id, ctx).await?;
    let keyring = open(request.keyring).await?;
    let backend = keyring.backend();
    let (store, account, name) = (Arc::clone(&keyring), account_id.clone(), user.clone());
    let Some(key) = blocking(move || store.get(&account, &name)).await? else {
        ctx.console.info(format_args!(
            "No access key is stored for `{user}` in account {account_id} ({}); nothing to delete",
            backend.describe()
        ));
        return report_deleted(ctx, &user, &account_id, None);
    };
    let question = format!(
        "Delete the stored access key {} for `{user}` from {}? (the key itself stays active in IAM)",
        key.access_key_id,
        backend.describe()
    );
    if !ctx.confirm.confirm(&question, false)? {
        return Err(Error::Declined("kept the stored key".to_owned()).into());
    }
    let (store, account, name) = (Arc::clone(&keyring), account_id.clone(), user.clone());
    blocking(move || store.delete(&account, &name)).await?;
    ctx.console.info(format_args!("Deleted the stored key for `{user}` from {}", backend.describe()));
    ctx.console.hint(format_args!(
        "access key {} still works in AWS; to revoke it: aws iam delete-access-key --user-name {user} --access-key-id {}",
        key.access_key_id, key.access_key_id
    ));
    report_deleted(ctx, &user, &account_id, Some(&key.access_key_id))
}

fn report_deleted(ctx: &Context, user: &str, account_id: &str, key: Option<&str>) -> anyhow::Result<()> {
    if ctx.console.is_json() {
        ctx.console.json(&json!({
            "user_name": user,
            "account_id": account_id,
            "deleted": key.is_some(),
            "access_key_id": key,
        }))?;
    }
    Ok(())
}
