//! `verify`: prove, with the Pixelshift user's *own* key, that it can list, read, write and delete in
//! every bucket (the engine is `ops::probe`). The buckets, access level and prefix default to what
//! the user's inline policy grants, read with the admin credentials.

use std::path::PathBuf;
use std::time::Duration;

mod targets;

use super::across::across;
use crate::aws::session::Session;
use crate::aws::{self, Aws};
use crate::cancel::Cancel;
use crate::cli::VerifyArgs;
use crate::console::Console;
use crate::context::Context;
use crate::domain::accounts::Selection;
use crate::domain::names::{BucketName, KeyPrefix, PolicyName, UserName};
use crate::domain::policy::Access;
use crate::error::Error;
use crate::ops::probe::{self, Target};
use crate::report::verify::Verification;
use crate::secrets::{KeyStore, Secret, StoredKey};

#[derive(Debug)]
pub enum KeySource {
    /// The key store's precedence rule (keyring, then the default key file).
    Store(KeyStore),
    /// A key file the operator named: it says whose key it is.
    File(PathBuf),
    /// Read from the environment at resolve time, never from argv.
    Env(StoredKey, Option<String>),
}

#[derive(Debug)]
pub struct Request {
    pub user: UserName,
    /// `--user-name` was given (else a key from the environment names its own owner).
    pub user_given: bool,
    pub policy_name: PolicyName,
    pub buckets: Vec<BucketName>,
    pub access: Option<Access>,
    pub prefix: Option<KeyPrefix>,
    pub max_buckets: usize,
    pub wait: Duration,
    pub keys: KeySource,
    pub account_id: Option<String>,
    /// Write probes into Object Lock buckets too.
    pub probe_locked: bool,
    pub accounts: Selection,
}

pub fn resolve(args: &VerifyArgs) -> Result<Request, Error> {
    let user = args.user.to_lib()?;
    let mut buckets = Vec::new();
    for raw in &args.buckets {
        let bucket = BucketName::parse(raw.trim())?;
        if bucket.is_pattern() {
            return Err(Error::usage(
                format!("verify checks real buckets, and `{bucket}` is a pattern"),
                "name the buckets to check, or leave out --bucket to check those the user's policy grants",
            ));
        }
        if !buckets.contains(&bucket) {
            buckets.push(bucket);
        }
    }
    buckets.sort();
    let keys = if args.keys_from_env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let (Some(id), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) else {
            return Err(Error::usage(
                "--keys-from-env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment",
                "export the Pixelshift user's key pair, or use the keyring (default) or --keys-file",
            ));
        };
        let key = StoredKey::new(id, Secret::new(secret), user.to_string(), String::new(), String::new());
        KeySource::Env(key, var("AWS_SESSION_TOKEN"))
    } else if let Some(path) = &args.store.keys_file {
        // Read now: a directory or a file that holds no key pair is refused before any AWS call,
        // and so is another user's key when a user was named.
        let key = crate::secrets::read_keys_file(path).map_err(|e| Error::from(&e))?;
        if args.user.user_name.is_some() && key.user_name != user.as_str() {
            return Err(Error::usage(
                format!(
                    "the key file `{}` holds the key of `{}` in account {}, not of `{user}`",
                    path.display(),
                    key.user_name,
                    key.account_id
                ),
                "leave out --user-name to check the file's own user, or name the file that holds this user's key",
            ));
        }
        KeySource::File(path.clone())
    } else {
        KeySource::Store(args.store.to_lib())
    };
    Ok(Request {
        user,
        user_given: args.user.user_name.is_some(),
        policy_name: PolicyName::parse(&args.policy_name)?,
        buckets,
        access: args.access.map(crate::cli::AccessArg::to_lib),
        prefix: args.prefix.as_deref().map(KeyPrefix::parse).transpose()?,
        max_buckets: usize::try_from(args.max_buckets).unwrap_or(usize::MAX),
        wait: Duration::from_secs(args.wait),
        keys,
        account_id: args.account_id.as_deref().map(super::account_id).transpose()?,
        probe_locked: args.probe_locked,
        accounts: args.accounts.to_lib()?,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    // Shared: checks may run side by side, but a teardown or rotation waits for them (and they for it).
    let _lock = crate::ops::lock::acquire_shared(&request.user, &ctx.out).await?;
    if request.accounts != Selection::One {
        return across_accounts(&request, ctx).await;
    }
    let needs_admin =
        request.buckets.is_empty() || (matches!(request.keys, KeySource::Store(_)) && request.account_id.is_none());
    let admin = if needs_admin { Some(admin(&request, ctx).await?) } else { None };
    let (verification, user, key_id) = Box::pin(check(&request, admin, &ctx.settings, &ctx.out, &ctx.cancel)).await?;
    ctx.out.report(&verification.report(&user, &key_id))?;
    Ok(verification.judge(&key_id)?)
}

/// `--profiles` / `--org`: each account's stored key of the user, checked in that account.
async fn across_accounts(request: &Request, ctx: &Context) -> anyhow::Result<()> {
    if !matches!(request.keys, KeySource::Store(_)) || request.account_id.is_some() {
        return Err(Error::usage(
            "--profiles and --org check each account's own stored key; --keys-file, --keys-from-env and --account-id \
             name one account's",
            "leave them out, or verify that one account on its own",
        )
        .into());
    }
    let cancel = &ctx.cancel;
    let buckets: Vec<&str> = request.buckets.iter().map(BucketName::as_str).collect();
    let command = format!(
        "verify --user-name {} --policy-name {}{}",
        request.user,
        request.policy_name,
        if buckets.is_empty() { String::new() } else { format!(" --bucket {}", buckets.join(",")) }
    );
    across(&request.accounts, &command, ctx, |aws, sub| async move {
        let account = aws.identity().await?.account_id;
        let (verification, user, key_id) =
            Box::pin(check(request, Some((aws, account)), &ctx.settings, &sub.out, cancel)).await?;
        let passed = verification.passed();
        Ok((verification.report(&user, &key_id), !passed))
    })
    .await
}

/// One account's verification, with the user it was of and the key it used.
async fn check(
    request: &Request,
    admin: Option<(Aws, String)>,
    settings: &aws::Settings,
    out: &Console,
    cancel: &Cancel,
) -> Result<(Verification, String, String), Error> {
    let account = request.account_id.clone().or_else(|| admin.as_ref().map(|(_, id)| id.clone()));
    let (key, token) = user_key(request, account.as_deref()).await?;
    let (targets, policy) = targets::targets(request, admin.as_ref().map(|(aws, _)| aws), out).await?;

    let session = match &admin {
        Some((aws, _)) => aws.session(&key, token.clone()),
        None => Session::new(&aws::base_config(settings).await, &key, token.clone()),
    };
    let mut user = request.user.to_string();
    if matches!(request.keys, KeySource::Env(..))
        && !request.user_given
        && let Some(owner) = session.owner().await
    {
        user = owner;
    }
    let target = Target {
        buckets: targets.buckets,
        access: targets.access,
        prefix: targets.prefix,
        wait: request.wait,
        probe_locked: request.probe_locked,
        new_key: false,
    };
    let admin_s3 = admin.as_ref().map(|(aws, _)| aws.s3().clone());
    let mut verification = probe::run(session, admin_s3, &key, target, out, cancel).await?;
    // This run's use of a rotation's new key is not the dashboard's (`rotate-keys --finish`).
    let owner_account = account.as_deref().unwrap_or(&key.account_id);
    crate::secrets::rotation::note_tool_use(owner_account, &user, &key.access_key_id, crate::secrets::unix_now());
    verification.policy = policy;
    if let Some((aws, _)) = &admin
        && !verification.passed()
    {
        crate::ops::denial::explain(aws, &user, &mut verification).await;
    }
    Ok((verification, user, key.access_key_id.clone()))
}

/// The admin side and its account id. With `--keys-from-env` the environment holds the Pixelshift
/// user's key, so admin credentials must come from a profile.
async fn admin(request: &Request, ctx: &Context) -> Result<(Aws, String), Error> {
    if matches!(request.keys, KeySource::Env(..)) {
        let Some(profile) = ctx.settings.profile.as_deref() else {
            return Err(Error::usage(
                "with --keys-from-env, the buckets must be given (--bucket) or readable with --profile",
                "pass --bucket NAME, or --profile NAME for the admin credentials that read the user's policy",
            ));
        };
        let aws = Aws::connect_profile_only(&ctx.settings, profile).await?;
        let identity = aws.identity().await?;
        return Ok((aws, identity.account_id));
    }
    let (aws, identity) = ctx.admin().await?;
    Ok((aws, identity.account_id))
}

async fn user_key(request: &Request, account: Option<&str>) -> Result<(StoredKey, Option<String>), Error> {
    match &request.keys {
        KeySource::Env(key, token) => Ok((key.clone(), token.clone())),
        KeySource::File(path) => Ok((KeyStore::read_file(path).await?, None)),
        KeySource::Store(store) => {
            let account = account.expect("the account is known when the key store is read");
            let user = request.user.as_str();
            Ok((store.locate(account, user).await?.key, None))
        }
    }
}
