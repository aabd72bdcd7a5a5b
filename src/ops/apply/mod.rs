//! Apply: carry out exactly the plan's steps, each by one call, phase by phase — the user first,
//! then its key and its policy at once (neither waits for the other; the key is stored the moment
//! it returns). A journal of what this run did drives the resume note and `--rollback-on-failure`.
//!
//! A signal does not cut a phase in half: apply is shielded, finishes the phase in flight (a new
//! secret could otherwise be lost between `CreateAccessKey` and the keyring) and stops before the next.

mod policy;
mod rollback;
mod settled;

pub use rollback::{roll_back, settle};

use super::Env;
use super::key;
use super::observe::Observation;
use crate::domain::plan::{Plan, Step};
use crate::domain::user::{self, USER_PATH};
use crate::error::Error;
use crate::secrets::intent;
use crate::secrets::{Placement, StoredKey};
use policy::policy_steps;

/// The user's key after apply: reused or created, and where it is kept.
#[derive(Debug)]
pub struct KeyOutcome {
    pub key: StoredKey,
    pub created: bool,
    pub placement: Placement,
}

impl KeyOutcome {
    /// The pieces a report shows.
    #[must_use]
    pub fn parts(&self) -> (&StoredKey, bool, &Placement) {
        (&self.key, self.created, &self.placement)
    }
}

#[derive(Debug)]
pub struct Applied {
    pub user_arn: String,
    pub key: Option<KeyOutcome>,
}

/// What this run changed, in the order it happened.
#[derive(Debug, Default)]
pub struct Journal {
    pub user_created: bool,
    pub adopted: bool,
    /// The path the user was moved from (to `/pixelshift-aws/`).
    pub moved_from: Option<String>,
    pub key: Option<(String, Placement)>,
    /// The policy changes this run made, in order.
    pub policy: Vec<PolicyDone>,
}

/// One policy change this run made, with what undoing it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyDone {
    /// The inline policy was put; `replaced` holds the document it replaced.
    Put {
        name: String,
        replaced: Option<String>,
    },
    Created {
        name: String,
        arn: String,
    },
    /// A new default version; `previous` was the default before.
    Versioned {
        name: String,
        arn: String,
        previous: String,
        version: String,
    },
    Attached {
        name: String,
        arn: String,
    },
    /// The inline policy a switch to managed policies replaced.
    InlineDeleted {
        name: String,
        document: String,
    },
    /// A managed policy a switch or fewer parts left unused (`deleted`: not only detached).
    Retired {
        name: String,
        deleted: bool,
    },
}

impl Journal {
    /// What this run created or changed, for people: "IAM user `u` and access key AKIA…".
    #[must_use]
    pub fn made(&self, user: &str, policy: &str) -> Vec<String> {
        let mut made = Vec::new();
        if self.user_created {
            made.push(format!("IAM user `{user}`"));
        }
        if self.adopted {
            made.push(format!("the managed-by tag on `{user}`"));
        }
        if let Some(from) = &self.moved_from {
            made.push(format!("the move of `{user}` from path {from} to {USER_PATH}"));
        }
        if let Some((id, _)) = &self.key {
            made.push(format!("access key {id}"));
        }
        let _ = policy;
        for done in &self.policy {
            made.push(match done {
                PolicyDone::Put { name, replaced: None } => format!("inline policy `{name}`"),
                PolicyDone::Put { name, replaced: Some(_) } => format!("a new version of inline policy `{name}`"),
                PolicyDone::Created { name, .. } => format!("managed policy `{name}`"),
                PolicyDone::Versioned { name, version, .. } => format!("version {version} of managed policy `{name}`"),
                PolicyDone::Attached { name, .. } => format!("the attachment of `{name}`"),
                PolicyDone::InlineDeleted { name, .. } => format!("the removal of inline policy `{name}`"),
                PolicyDone::Retired { name, .. } => format!("the removal of managed policy `{name}`"),
            });
        }
        made
    }
}

#[derive(Debug)]
pub struct Failed {
    pub error: Error,
    pub journal: Journal,
}

/// One of phase 0's steps, on the user itself: made, adopted, moved, or rid of a crashed run's key.
async fn user_step(
    step: &Step,
    name: &str,
    user_arn: &mut String,
    journal: &mut Journal,
    env: &Env<'_>,
) -> Result<(), Error> {
    let iam = env.aws.iam();
    match step {
        Step::CreateUser(new) => {
            let user = Box::pin(settled::create_user(iam, name, new)).await?;
            env.out.info(format_args!("Created IAM user {} (programmatic access only)", user.arn));
            *user_arn = user.arn;
            journal.user_created = true;
        }
        Step::DeleteAccessKey { id, .. } => {
            iam.delete_access_key(name, id).await?;
            env.out.warn(format_args!(
                "deleted access key {id}: a run that stopped before storing it made it, so its secret is lost and \
                 nothing can be using it"
            ));
        }
        Step::MoveUser { from } => {
            iam.move_user(name, USER_PATH).await?;
            journal.moved_from = Some(from.clone());
            *user_arn = user::arn_under_user_path(user_arn, name);
            env.out.info(format_args!("Moved IAM user `{name}` to path {USER_PATH} (its ARN is now {user_arn})"));
        }
        Step::AdoptUser { found_keys, found_path } => {
            iam.tag_user(name, &user::adoption_tags(found_keys, found_path.as_deref())).await?;
            env.out.info(format_args!(
                "Adopted IAM user {user_arn} (tagged managed-by=pixelshift-aws; what it had is recorded, and teardown \
                 leaves it)"
            ));
            journal.adopted = true;
        }
        _ => unreachable!("phase 0 holds the user's steps"),
    }
    Ok(())
}

/// Executes `plan` (whose phases 0 and 1 change things; verify is the caller's).
pub async fn apply(plan: &Plan, observation: &Observation, env: &Env<'_>) -> Result<Applied, Failed> {
    let _shield = env.cancel.shield();
    let mut journal = Journal::default();
    let name = plan.user.as_str();
    let mut user_arn = observation.observed.user.as_ref().map(|u| u.arn.clone()).unwrap_or_default();

    for step in plan.phase(0) {
        if let Err(error) = Box::pin(user_step(step, name, &mut user_arn, &mut journal, env)).await {
            return Err(Failed { error, journal });
        }
    }
    if observation.intent_pending {
        // Its orphans are gone (or it had none: the crash came after the pair was stored).
        intent::clear(&observation.identity.account_id, name);
    }
    if let Err(error) = env.cancel.check() {
        return Err(Failed { error, journal });
    }

    // Boxed: each is a large state machine, and apply's own future would otherwise hold both inline.
    let (key, (done, policy)) =
        tokio::join!(Box::pin(key_steps(plan, observation, env)), Box::pin(policy_steps(plan, env)));
    journal.policy = done;
    let mut error = None;
    let key = match key {
        Ok(key) => key,
        Err((err, created)) => {
            error = Some(err);
            created
        }
    };
    if let Some(outcome) = key.as_ref().filter(|k| k.created) {
        journal.key = Some((outcome.key.access_key_id.clone(), outcome.placement.clone()));
    }
    if let Err(err) = policy {
        error = error.or(Some(err));
    }
    if error.is_none() && key.as_ref().is_some_and(|k| k.placement.printed) {
        error = Some(Error::NotStored);
    }
    if error.is_none()
        && let Some(outcome) = key.as_ref()
        && let Some((path, why)) = &outcome.placement.missing
    {
        let stored = match (&outcome.placement.keyring, &outcome.placement.file) {
            (Some(backend), _) => {
                let volatile =
                    env.store.and_then(crate::secrets::KeyStore::keyring).is_some_and(|k| !k.survives_reboot());
                format!("the {}{}", backend.describe(), if volatile { ", which forgets it at reboot" } else { "" })
            }
            (None, Some(file)) => format!("`{}`", file.display()),
            (None, None) => "no place".to_owned(),
        };
        error = Some(Error::CopyMissing {
            key: outcome.key.access_key_id.clone(),
            stored,
            path: path.clone(),
            why: why.clone(),
        });
    }
    if error.is_none() {
        error = env.cancel.check().err();
    }
    match error {
        Some(error) => Err(Failed { error, journal }),
        None => Ok(Applied { user_arn, key }),
    }
}

/// The key's steps: create and store a new one, or complete a reused one's copies. On failure, the
/// error and — when a key was created before it — that key, which must not be forgotten.
async fn key_steps(
    plan: &Plan,
    observation: &Observation,
    env: &Env<'_>,
) -> Result<Option<KeyOutcome>, (Error, Option<KeyOutcome>)> {
    let Some(store) = env.store else { return Ok(None) };
    let name = plan.user.as_str();
    let account = &observation.identity.account_id;
    let mut outcome = match (&plan.reused_key, &observation.stored) {
        (Some(_), Some(found)) => {
            env.out.info(format_args!("Reusing access key {} (stored, and active in IAM)", found.key.access_key_id));
            Some(KeyOutcome { key: found.key.clone(), created: false, placement: store.placement_of(found) })
        }
        _ => None,
    };
    for step in plan.phase(1) {
        match step {
            Step::CreateAccessKey { store: places, fallback } => {
                let known =
                    observation.observed.user.iter().flat_map(|u| u.keys.iter().map(|k| k.id.clone())).collect();
                let (new, intent) = match key::create(env.aws.iam(), name, account, known, env.out).await {
                    Ok(created) => created,
                    Err(err) => return Err((err, None)),
                };
                let key = StoredKey::new(new.id, new.secret, name.to_owned(), account.clone(), new.created);
                // Nothing may fail between CreateAccessKey and storing the pair.
                let placement = key::store_new(&key, places, fallback.clone(), store, env.out).await;
                intent.clear();
                env.out.info(format_args!("Created access key {}", key.access_key_id));
                outcome = Some(KeyOutcome { key, created: true, placement });
            }
            Step::CopyKey(place) => {
                if let Some(outcome) = outcome.as_mut() {
                    key::copy(&outcome.key, place, &mut outcome.placement, store, env.out).await;
                }
            }
            _ => {}
        }
    }
    Ok(outcome)
}
