//! `create-user`: the IAM user (programmatic access only, tagged `managed-by=pixelshift-aws`) and
//! its access key, with the key pair stored the moment AWS returns it.
//!
//! AWS shows a secret access key exactly once, so the order here is deliberate: the keyring is
//! opened and probed *before* anything is created, and after `CreateAccessKey` the pair is written
//! to the keyring, then (if that fails, or the keyring does not survive a reboot) to a 0600 file,
//! and only if both fail printed — before any other step can fail and lose it.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::json;

use super::{Context, backend, blocking};
use crate::aws::iam::{self, KeyCreation, NewKey, User};
use crate::aws::{Aws, Identity};
use crate::cli::{CreateUserArgs, NewUserArgs};
use crate::console::Console;
use crate::domain::names::UserName;
use crate::domain::user;
use crate::error::Error;
use crate::secrets::{self, Backend, Keyring, StoredKey};

#[derive(Debug, Clone)]
pub struct Request {
    pub user: UserName,
    pub tags: Vec<(String, String)>,
    pub permissions_boundary: Option<String>,
    pub adopt: bool,
    pub keyring: Option<Backend>,
    pub keys_file: Option<PathBuf>,
    pub show_secret: bool,
}

pub fn resolve(args: CreateUserArgs) -> Result<Request, Error> {
    resolve_new_user(UserName::parse(args.user.name())?, args.new_user)
}

/// Validates everything about a new user but its name. Shared with setup, which may ask the name.
pub fn resolve_new_user(user: UserName, args: NewUserArgs) -> Result<Request, Error> {
    Ok(Request {
        user,
        tags: user::tags(&args.tags)?,
        permissions_boundary: args.permissions_boundary.as_deref().map(user::permissions_boundary).transpose()?,
        adopt: args.adopt,
        keyring: backend(args.store.keyring),
        keys_file: args.store.keys_file,
        show_secret: args.show_secret,
    })
}

/// How the user came to be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserOutcome {
    Created,
    Existing,
    Adopted,
}

impl UserOutcome {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            UserOutcome::Created => "created",
            UserOutcome::Existing => "existing",
            UserOutcome::Adopted => "adopted",
        }
    }
}

/// Where the key pair ended up.
#[derive(Debug, Default)]
pub struct Placement {
    pub keyring: Option<Backend>,
    pub file: Option<PathBuf>,
    /// Neither worked: the pair was printed on stderr for the operator to copy.
    pub printed: bool,
}

/// The result of create-user, also used by setup.
#[derive(Debug)]
pub struct Outcome {
    pub user: User,
    pub user_outcome: UserOutcome,
    pub key: StoredKey,
    pub key_created: bool,
    pub placement: Placement,
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let (aws, identity) = ctx.admin().await?;
    let outcome = ensure(&request, &aws, &identity, &ctx.console).await?;
    report(&outcome, &identity, request.show_secret, &ctx.console)?;
    if outcome.placement.printed {
        return Err(Error::refused(
            "the access key was created but could not be stored; it was printed above",
            "copy it now (AWS will not show the secret again), then fix the keyring or pass --keys-file",
        )
        .into());
    }
    Ok(())
}

/// Makes the user and a stored, active key exist; reuses what is already there.
pub async fn ensure(request: &Request, aws: &Aws, identity: &Identity, console: &Console) -> Result<Outcome, Error> {
    let keyring = open_keyring(request, console).await?;
    let (user, user_outcome) = ensure_user(request, aws, console).await?;
    let name = request.user.as_str();
    if iam::has_login_profile(&aws.iam, name).await? {
        console.warn(format_args!(
            "`{name}` has a console password, which Pixelshift does not need; remove it with \
             `aws iam delete-login-profile --user-name {name}`"
        ));
    }

    let iam_keys = iam::list_access_keys(&aws.iam, name).await?;
    for k in &iam_keys {
        console.detail(format_args!("IAM lists access key {} ({}active)", k.id, if k.active { "" } else { "in" }));
    }
    let stored = stored_key(keyring.as_ref(), request, &identity.account_id).await?;
    match &stored {
        Some((key, found)) => console.detail(format_args!("stored key {} found in {found:?}", key.access_key_id)),
        None => console.detail("no stored key for this user"),
    }
    if let Some((stored, found)) = stored {
        match iam_keys.iter().find(|k| k.id == stored.access_key_id) {
            Some(k) if k.active => {
                console.info(format_args!("Reusing access key {} (stored, and active in IAM)", k.id));
                let placement = complete_copies(&stored, found, keyring, request, console).await;
                return Ok(Outcome { user, user_outcome, key: stored, key_created: false, placement });
            }
            Some(k) => console.warn(format_args!("the stored access key {} is inactive in IAM; not reusing it", k.id)),
            None => console.warn(format_args!(
                "the stored access key {} no longer exists in IAM; replacing it",
                stored.access_key_id
            )),
        }
    }

    if iam_keys.len() >= 2 {
        return Err(key_limit(name, &iam_keys));
    }
    // From CreateAccessKey until the pair is stored, Ctrl-C would lose a secret AWS never shows again.
    let _defer = crate::interrupt::Defer::new();
    let new = match iam::create_access_key(&aws.iam, name).await? {
        KeyCreation::Created(new) => new,
        KeyCreation::KeyLimit => return Err(key_limit(name, &iam::list_access_keys(&aws.iam, name).await?)),
    };
    let key = stored_key_of(new, name, &identity.account_id);
    // Nothing may fail between CreateAccessKey and storing the pair.
    let placement = place(&key, keyring, request, true, console).await;
    console.info(format_args!("Created access key {}", key.access_key_id));
    for other in iam_keys {
        console.note(format_args!(
            "`{name}` also has access key {} ({}), not created by this tool; it was left alone",
            other.id,
            if other.active { "active" } else { "inactive" }
        ));
    }
    Ok(Outcome { user, user_outcome, key, key_created: true, placement })
}

fn stored_key_of(new: NewKey, user: &str, account_id: &str) -> StoredKey {
    StoredKey::new(new.id, new.secret, user.to_owned(), account_id.to_owned(), new.created)
}

fn key_limit(name: &str, keys: &[iam::AccessKey]) -> Error {
    let list: Vec<String> = keys
        .iter()
        .map(|k| format!("{} ({}, created {})", k.id, if k.active { "active" } else { "inactive" }, k.created))
        .collect();
    Error::refused(
        format!("`{name}` already has two access keys, IAM's limit (inactive keys count too): {}", list.join(", ")),
        format!(
            "delete a key nobody uses with `aws iam delete-access-key --user-name {name} --access-key-id ID`, \
             then run this again; pixelshift-aws never deletes keys itself"
        ),
    )
}

/// Opens the keyring before anything is created, so a broken keyring costs nothing. Without a
/// working keyring the key file is the only place for the secret, so it must have been asked for.
async fn open_keyring(request: &Request, console: &Console) -> Result<Option<Arc<Keyring>>, Error> {
    let choice = request.keyring;
    match blocking(move || Keyring::open(choice)).await {
        Ok(keyring) => {
            for (skipped, why) in keyring.skipped() {
                console.detail(format_args!("keyring {skipped} skipped: {why}"));
            }
            console.detail(format_args!("keyring: {}", keyring.backend().describe()));
            if !keyring.survives_reboot() {
                console.warn(format_args!(
                    "{} does not survive a reboot; a second copy of the key goes to a 0600 file",
                    keyring.backend().describe()
                ));
            }
            Ok(Some(Arc::new(keyring)))
        }
        Err(err) if request.keys_file.is_some() => {
            console.warn(format_args!("{err}; the key goes to the --keys-file only"));
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

async fn ensure_user(request: &Request, aws: &Aws, console: &Console) -> Result<(User, UserOutcome), Error> {
    let name = request.user.as_str();
    let boundary = request.permissions_boundary.as_deref();
    let existing = match iam::get_user(&aws.iam, name).await? {
        Some(user) => user,
        None => match iam::create_user(&aws.iam, name, &request.tags, boundary).await? {
            Some(user) => {
                console.info(format_args!("Created IAM user {} (programmatic access only)", user.arn));
                return Ok((user, UserOutcome::Created));
            }
            // Someone created it between our GetUser and CreateUser: treat it as existing.
            None => iam::get_user(&aws.iam, name).await?.ok_or_else(|| {
                Error::refused(format!("IAM user `{name}` appeared and vanished again"), "run the command again")
            })?,
        },
    };
    if let Some(wanted) = boundary
        && existing.permissions_boundary.as_deref() != Some(wanted)
    {
        console.warn(format_args!(
            "`{name}` already exists; its permissions boundary ({}) was left as it is",
            existing.permissions_boundary.as_deref().unwrap_or("none")
        ));
    }
    if existing.is_managed() {
        console.info(format_args!("Reusing IAM user {} (managed by pixelshift-aws)", existing.arn));
        return Ok((existing, UserOutcome::Existing));
    }
    if !request.adopt {
        return Err(Error::usage(
            format!("IAM user `{name}` exists but was not created by pixelshift-aws (no managed-by tag)"),
            "pass --adopt to take it over (it gets tagged managed-by=pixelshift-aws), \
             or choose another name with --user-name",
        ));
    }
    iam::tag_user(&aws.iam, name, &request.tags).await?;
    console.info(format_args!("Adopted IAM user {} (tagged managed-by=pixelshift-aws)", existing.arn));
    let adopted = iam::get_user(&aws.iam, name).await?.unwrap_or(existing);
    Ok((adopted, UserOutcome::Adopted))
}

/// Where a stored key was found.
#[derive(Debug, Clone)]
pub enum Found {
    Keyring,
    File(PathBuf),
}

/// The key stored for this user: the keyring first, then the key file.
pub async fn stored_key(
    keyring: Option<&Arc<Keyring>>,
    request: &Request,
    account_id: &str,
) -> Result<Option<(StoredKey, Found)>, Error> {
    if let Some(keyring) = keyring {
        let (keyring, account, user) = (Arc::clone(keyring), account_id.to_owned(), request.user.to_string());
        if let Some(key) = blocking(move || keyring.get(&account, &user)).await? {
            return Ok(Some((key, Found::Keyring)));
        }
    }
    let file = request.keys_file.clone().or_else(|| secrets::default_keys_file(account_id, request.user.as_str()));
    match file {
        Some(path) if path.exists() => {
            let target = path.clone();
            let key = blocking(move || secrets::read_keys_file(&target)).await?;
            let matches = key.user_name == request.user.as_str() && key.account_id == account_id;
            Ok(matches.then_some((key, Found::File(path))))
        }
        _ => Ok(None),
    }
}

/// On a re-run, writes only the copies that are missing: the keyring when the key was found in a
/// file, and the file when the keyring does not survive a reboot (or --keys-file asks for one).
async fn complete_copies(
    key: &StoredKey,
    found: Found,
    keyring: Option<Arc<Keyring>>,
    request: &Request,
    console: &Console,
) -> Placement {
    match found {
        Found::Keyring => {
            let keyring = keyring.expect("found in the keyring");
            let file = request.keys_file.clone().or_else(|| {
                (!keyring.survives_reboot())
                    .then(|| secrets::default_keys_file(&key.account_id, &key.user_name))
                    .flatten()
            });
            let file = match file {
                Some(path) if !path.exists() => write_file_copy(key, path, console).await,
                other => other,
            };
            Placement { keyring: Some(keyring.backend()), file, printed: false }
        }
        Found::File(path) => {
            let mut placement = match keyring {
                Some(keyring) => place(key, Some(keyring), request, false, console).await,
                None => Placement::default(),
            };
            placement.file = Some(path);
            placement
        }
    }
}

/// Stores the pair: keyring, then a file when asked for, when the keyring failed, or when the
/// keyring does not survive a reboot; prints it only when nothing else worked. Never fails.
async fn place(
    key: &StoredKey,
    keyring: Option<Arc<Keyring>>,
    request: &Request,
    fresh: bool,
    console: &Console,
) -> Placement {
    let mut placement = Placement::default();
    let mut keyring_is_enough = false;
    if let Some(keyring) = keyring {
        let backend = keyring.backend();
        let survives = keyring.survives_reboot();
        let copy = key.clone();
        match blocking(move || keyring.put(&copy)).await {
            Ok(()) => {
                placement.keyring = Some(backend);
                keyring_is_enough = survives;
            }
            Err(err) => console.warn(format_args!("could not store the key in {}: {err}", backend.describe())),
        }
    }
    let file = match &request.keys_file {
        Some(path) => Some(path.clone()),
        None if !keyring_is_enough => secrets::default_keys_file(&key.account_id, &key.user_name),
        None => None,
    };
    if let Some(path) = file {
        placement.file = write_file_copy(key, path, console).await;
    }
    if placement.keyring.is_none() && placement.file.is_none() && fresh {
        // The last resort: the secret exists nowhere else, and AWS will not show it again.
        console.warn("the key could not be stored anywhere; copy it now, AWS will not show the secret again:");
        console.secret_line(format_args!("  AccessKeyId:     {}", key.access_key_id));
        console.secret_line(format_args!("  SecretAccessKey: {}", key.secret_access_key.expose()));
        placement.printed = true;
    }
    placement
}

async fn write_file_copy(key: &StoredKey, path: PathBuf, console: &Console) -> Option<PathBuf> {
    let (copy, target) = (key.clone(), path.clone());
    match blocking(move || secrets::write_keys_file(&target, &copy)).await {
        Ok(()) => Some(path),
        Err(err) => {
            console.warn(format_args!("could not write the key file: {err}"));
            None
        }
    }
}

impl Outcome {
    /// create-user's JSON document; setup adds its own fields to it.
    #[must_use]
    pub fn to_json(&self, identity: &Identity, show_secret: bool) -> serde_json::Value {
        let key = &self.key;
        let mut doc = json!({
            "account_id": identity.account_id,
            "partition": identity.partition.as_str(),
            "user_name": self.user.name,
            "user_arn": self.user.arn,
            "user": self.user_outcome.as_str(),
            "access_key_id": key.access_key_id,
            "key": if self.key_created { "created" } else { "reused" },
            "key_created_at": key.create_date,
            "keyring": self.placement.keyring.map(Backend::as_str),
            "keys_file": self.placement.file,
        });
        if show_secret {
            doc["secret_access_key"] = json!(key.secret_access_key.expose());
        }
        doc
    }
}

fn report(outcome: &Outcome, identity: &Identity, show_secret: bool, console: &Console) -> anyhow::Result<()> {
    let key = &outcome.key;
    let keyring = outcome.placement.keyring;
    if console.is_json() {
        console.json(&outcome.to_json(identity, show_secret))?;
        return Ok(());
    }
    let mut lines = vec![
        format!("user          {} ({})", outcome.user.arn, outcome.user_outcome.as_str()),
        format!("access key    {} ({})", key.access_key_id, if outcome.key_created { "created" } else { "reused" }),
    ];
    if let Some(backend) = keyring {
        lines.push(format!(
            "keyring       {}: service `{}`, account `{}`",
            backend.describe(),
            secrets::SERVICE,
            secrets::account(&key.account_id, &key.user_name)
        ));
    }
    if let Some(file) = &outcome.placement.file {
        lines.push(format!("key file      {}", file.display()));
    }
    if show_secret {
        lines.push(format!("secret key    {}", key.secret_access_key.expose()));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    console.out(&text)?;
    console.info(format_args!(
        "Next: pixelshift-aws attach-policy --user-name {} --bucket NAME (the key is shown again with `keys show --reveal`)",
        key.user_name
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::cli::OutputFormat;
    use crate::secrets::Secret;

    fn key() -> StoredKey {
        StoredKey::new(
            "AKIAIOSFODNN7EXAMPLE".to_owned(),
            Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned()),
            "u".to_owned(),
            "123456789012".to_owned(),
            "2026-11-28T00:00:00Z".to_owned(),
        )
    }

    fn request(keys_file: Option<PathBuf>) -> Request {
        Request {
            user: UserName::parse("u").unwrap(),
            tags: Vec::new(),
            permissions_boundary: None,
            adopt: false,
            keyring: None,
            keys_file,
            show_secret: false,
        }
    }

    fn console() -> Console {
        Console::with(OutputFormat::Text, true, 0)
    }

    #[tokio::test]
    async fn a_durable_keyring_is_enough() {
        let keyring = Arc::new(Keyring::in_memory_as(Backend::SecretService));
        let placement = place(&key(), Some(Arc::clone(&keyring)), &request(None), true, &console()).await;
        assert_eq!(placement.keyring, Some(Backend::SecretService));
        assert_eq!(placement.file, None);
        assert!(!placement.printed);
        assert_eq!(keyring.get("123456789012", "u").unwrap(), Some(key()));
    }

    #[tokio::test]
    async fn a_failed_keyring_write_falls_back_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.json");
        let keyring = Keyring::in_memory_as(Backend::SecretService);
        assert!(keyring.fail_next("123456789012", "u"));
        let placement = place(&key(), Some(Arc::new(keyring)), &request(Some(file.clone())), true, &console()).await;
        assert_eq!(placement.keyring, None);
        assert_eq!(placement.file.as_deref(), Some(file.as_path()));
        assert!(!placement.printed);
        assert_eq!(secrets::read_keys_file(&file).unwrap(), key());
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[tokio::test]
    async fn a_keyring_that_forgets_at_reboot_gets_a_second_copy() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.json");
        let keyring = Arc::new(Keyring::in_memory_as(Backend::Keyutils));
        let placement = place(&key(), Some(keyring), &request(Some(file.clone())), true, &console()).await;
        assert_eq!(placement.keyring, Some(Backend::Keyutils));
        assert_eq!(placement.file.as_deref(), Some(file.as_path()));
    }

    #[tokio::test]
    async fn when_nothing_can_store_it_the_new_secret_is_printed() {
        let keyring = Keyring::in_memory_as(Backend::SecretService);
        assert!(keyring.fail_next("123456789012", "u"));
        let unwritable = PathBuf::from("/proc/pixelshift-aws-cannot-write-here/k.json");
        let placement = place(&key(), Some(Arc::new(keyring)), &request(Some(unwritable)), true, &console()).await;
        assert!(placement.printed);
        assert_eq!((placement.keyring, placement.file), (None, None));
    }
}
