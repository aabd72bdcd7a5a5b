//! `keys`: the stored access key pair, read back and handed to the tools that use it.
//!
//! - `copy`: to the clipboard for the dashboard, without printing the secret, which is cleared again.
//! - `show` / `delete`: read it back for pasting into the Pixelshift dashboard (the secret only with
//!   `--reveal`), or remove it from the keyring.
//! - `credential-process` / `configure-profile`: the AWS CLI and SDKs read it from the keyring
//!   through a profile's `credential_process`, so no secret is written into `~/.aws/credentials`.
//! - `export`: shell, dotenv or JSON for a secrets manager or a CI secret store.
//!
//! Every subcommand finds the key with the key store's one precedence rule ([`Lookup`]).

mod aws_config;
mod copy;
mod credential_process;
mod export;
mod profile;

use std::path::PathBuf;

use crate::cli::{KeyStoreArgs, KeysCommand, KeysDeleteArgs, KeysShowArgs, UserArgs};
use crate::context::Context;
use crate::domain::names::UserName;
use crate::error::Error;
use crate::report::{KeyDeleted, KeyShown};
use crate::secrets::{Backend, KeyStore, StoredKey};

/// Runs a `keys` subcommand.
pub async fn dispatch(command: KeysCommand, ctx: &Context) -> anyhow::Result<()> {
    match command {
        KeysCommand::Show(args) => show(resolve_show(&args)?, ctx).await,
        KeysCommand::Copy(args) => copy::execute(copy::resolve(&args)?, ctx).await,
        KeysCommand::Delete(args) => delete(resolve_delete(&args)?, ctx).await,
        KeysCommand::CredentialProcess(args) => {
            credential_process::execute(credential_process::resolve(&args)?, ctx).await
        }
        KeysCommand::ConfigureProfile(args) => profile::execute(profile::resolve(&args)?, ctx).await,
        KeysCommand::Export(args) => export::execute(export::resolve(&args, ctx.out.is_json())?, ctx).await,
    }
}

/// Where to look for a user's key: the key store's precedence rule, from the flags.
#[derive(Debug)]
pub struct Lookup {
    pub user: UserName,
    /// `--user-name` was given: a named key file must then hold that user's key.
    pub user_given: bool,
    pub account_id: Option<String>,
    /// `--keyring`, as given (`None` is `auto`).
    pub keyring: Option<Backend>,
    pub store: KeyStore,
    /// `--keys-file`: the file is the answer, and says whose key it holds.
    pub keys_file: Option<PathBuf>,
}

impl Lookup {
    fn resolve(user: &UserArgs, account_id: Option<&str>, store: &KeyStoreArgs) -> Result<Lookup, Error> {
        Ok(Lookup {
            user: user.to_lib()?,
            user_given: user.user_name.is_some(),
            account_id: account_id.map(super::account_id).transpose()?,
            keyring: store.keyring.to_lib(),
            store: KeyStore::new(store.keyring.to_lib(), None),
            keys_file: store.keys_file.clone(),
        })
    }
}

/// A key found by a [`Lookup`], and where it was.
#[derive(Debug)]
pub struct Located {
    pub key: StoredKey,
    /// For people: the keyring's name or the file's path.
    pub stored_in: String,
    /// Only in a keyring that does not survive a reboot (keyutils), with no file copy.
    pub volatile: bool,
}

/// How a command learns the account when `--account-id` is not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AccountFrom {
    /// Ask STS with the admin credentials, and say whose they are (stderr).
    Admin,
    /// Ask STS without a word on stderr (credential-process: stderr is for errors only).
    Silent,
}

impl Lookup {
    /// The account the key belongs to: as given, or the admin credentials' own.
    async fn account(&self, ctx: &Context, from: AccountFrom) -> Result<String, Error> {
        if let Some(id) = &self.account_id {
            return Ok(id.clone());
        }
        match from {
            AccountFrom::Admin => Ok(ctx.admin().await?.1.account_id),
            AccountFrom::Silent => {
                let aws = crate::aws::Aws::connect(&ctx.settings).await?;
                Ok(aws.identity().await?.account_id)
            }
        }
    }

    /// Finds the key: a named `--keys-file` (which must hold this user's key when `--user-name` or
    /// `--account-id` says whose to expect), else the store's precedence rule — the keyring, then the
    /// default key file.
    async fn locate(&self, ctx: &Context, from: AccountFrom) -> Result<Located, Error> {
        if let Some(path) = &self.keys_file {
            let key = KeyStore::read_file(path).await?;
            let user_differs = self.user_given && key.user_name != self.user.as_str();
            let account_differs = self.account_id.as_ref().is_some_and(|id| *id != key.account_id);
            if user_differs || account_differs {
                return Err(Error::usage(
                    format!(
                        "the key file `{}` holds the key of `{}` in account {}, not the one asked for",
                        path.display(),
                        key.user_name,
                        key.account_id
                    ),
                    "leave out --user-name and --account-id to use the file's key, or name the right file",
                ));
            }
            return Ok(Located { key, stored_in: format!("key file {}", path.display()), volatile: false });
        }
        let account_id = self.account(ctx, from).await?;
        let user = self.user.as_str();
        let found = self.store.locate(&account_id, user).await?;
        let backend = self.store.keyring().map(crate::secrets::Keyring::backend);
        let volatile = found.in_keyring && found.file.is_none() && backend == Some(Backend::Keyutils);
        let stored_in = found.describe(backend);
        Ok(Located { key: found.key, stored_in, volatile })
    }
}

#[derive(Debug)]
pub struct ShowRequest {
    pub lookup: Lookup,
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
        lookup: Lookup::resolve(&args.user, args.account_id.as_deref(), &args.store)?,
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
    let Located { key, stored_in, .. } = request.lookup.locate(ctx, AccountFrom::Admin).await?;
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

/// Removes every copy of the user's stored pair on this machine: the keyring entry and the key
/// file (a copy left on disk would still be found by `keys show` and every other command). The
/// key itself stays active in IAM. A keyring that cannot be opened does not stop the files from
/// going; it is named, since an entry there may remain.
pub async fn delete(request: DeleteRequest, ctx: &Context) -> anyhow::Result<()> {
    let _lock = crate::ops::lock::acquire(&request.user, &ctx.out).await?;
    let user = request.user.to_string();
    let account_id = account(request.account_id, ctx).await?;
    // During a rotation the current pair is the new key and the previous pair the old one that
    // still serves Pixelshift: deleting either strands the rotation.
    if let Some(previous) = request.store.find_previous(&account_id, &user).await? {
        return Err(Error::RotationInProgress { user, previous: previous.key.access_key_id }.into());
    }
    let found = request.store.find(&account_id, &user).await?;
    let backend = request.store.keyring().map(crate::secrets::Keyring::backend);
    let mut report = KeyDeleted {
        user_name: user.clone(),
        account_id: account_id.clone(),
        deleted: false,
        access_key_id: None,
        removed: Vec::new(),
    };
    let Some(found) = found else {
        ctx.out.info(format_args!(
            "No access key is stored for `{user}` in account {account_id} ({}); nothing to delete",
            request.store.looked()
        ));
        ctx.out.report(&report)?;
        return Ok(());
    };
    let id = found.key.access_key_id.clone();
    let in_keyring = found.in_keyring.then(|| backend.map_or("the keyring", |b| b.describe()).to_owned());
    let in_file = found.file.as_ref().map(|file| format!("key file {}", file.display()));
    let copies: Vec<&str> = in_keyring.iter().chain(&in_file).map(String::as_str).collect();
    let question = format!(
        "Delete the stored access key {id} for `{user}` from {}? (the key itself stays active in IAM)",
        copies.join(" and ")
    );
    if !ctx.ask.confirm(&question, false)? {
        return Err(Error::Declined("kept the stored key".to_owned()).into());
    }
    if let Some(keyring) = in_keyring {
        request.store.delete_keyring(&account_id, &user).await?;
        report.removed.push(keyring);
    }
    if let (Some(file), Some(copy)) = (&found.file, in_file) {
        match tokio::fs::remove_file(file).await {
            Ok(()) => report.removed.push(copy),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Write { path: file.clone(), source }.into()),
        }
    }
    if let Some(err) = request.store.open_error() {
        ctx.out.warn(format_args!("the keyring was not checked ({err}); an entry there, if any, remains"));
    }
    ctx.out.info(format_args!("Deleted the stored key for `{user}` from {}", report.removed.join(" and ")));
    ctx.out.hint(format_args!(
        "access key {id} still works in AWS; to revoke it: aws iam delete-access-key --user-name {user} --access-key-id {id}"
    ));
    report.deleted = true;
    report.access_key_id = Some(id);
    ctx.out.report(&report)?;
    Ok(())
}

/// Refuses to print a secret onto a terminal, where it would stay in the scrollback, unless the
/// operator asked with `--reveal`. Checked before anything is read.
fn refuse_terminal(reveal: bool, what: &str) -> Result<(), Error> {
    use std::io::IsTerminal as _;
    if reveal || !std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(Error::usage(
        format!("{what} prints the secret access key, and stdout is a terminal (it would stay in the scrollback)"),
        "pipe it into the tool that stores it, or pass --reveal to show it here",
    ))
}
