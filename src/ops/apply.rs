//! Apply: carry out exactly the plan's steps, each by one call, phase by phase — the user first,
//! then its key and its policy at once (neither waits for the other; the key is stored the moment
//! it returns). A journal of what this run did drives the resume note and `--rollback-on-failure`.
//!
//! A signal does not cut a phase in half: apply is shielded, finishes the phase in flight (a new
//! secret could otherwise be lost between `CreateAccessKey` and the keyring) and stops before the next.

use std::path::PathBuf;

use super::Env;
use super::key;
use super::observe::Observation;
use crate::domain::plan::{Plan, PolicyFacts, Step};
use crate::domain::policy::{MANAGED_PATH, managed_description};
use crate::domain::user::{self, MANAGED_TAG_KEY, MANAGED_TAG_VALUE, MANAGED_USER_TAG_KEY};
use crate::error::Error;
use crate::secrets::intent;
use crate::secrets::{KeyStore, Placement, StoredKey};

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

/// Executes `plan` (whose phases 0 and 1 change things; verify is the caller's).
pub async fn apply(plan: &Plan, observation: &Observation, env: &Env<'_>) -> Result<Applied, Failed> {
    let _shield = env.cancel.shield();
    let mut journal = Journal::default();
    let name = plan.user.as_str();
    let mut user_arn = observation.observed.user.as_ref().map(|u| u.arn.clone()).unwrap_or_default();

    for step in plan.phase(0) {
        let done = match step {
            Step::CreateUser(new) => {
                match env.aws.iam().create_user(name, &new.tags, new.permissions_boundary.as_deref()).await {
                    Ok(Some(user)) => {
                        env.out.info(format_args!("Created IAM user {} (programmatic access only)", user.arn));
                        user_arn = user.arn;
                        journal.user_created = true;
                        Ok(())
                    }
                    Ok(None) => Err(Error::Raced { what: format!("IAM user `{name}` (someone created it)") }),
                    Err(err) => Err(err.into()),
                }
            }
            Step::DeleteOrphanKey(id) => match env.aws.iam().delete_access_key(name, id).await {
                Ok(()) => {
                    env.out.warn(format_args!(
                        "deleted access key {id}: a run that stopped before storing it made it, so its secret is \
                         lost and nothing can be using it"
                    ));
                    Ok(())
                }
                Err(err) => Err(err.into()),
            },
            Step::AdoptUser => match env.aws.iam().tag_user(name, &user::tags(&[]).expect("no extra tags")).await {
                Ok(()) => {
                    env.out.info(format_args!("Adopted IAM user {user_arn} (tagged managed-by=pixelshift-aws)"));
                    journal.adopted = true;
                    Ok(())
                }
                Err(err) => Err(err.into()),
            },
            _ => unreachable!("phase 0 holds the user's steps"),
        };
        if let Err(error) = done {
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

    let (key, (done, policy)) = tokio::join!(key_steps(plan, observation, env), policy_steps(plan, observation, env));
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
            Step::CreateAccessKey { store: places } => {
                let known =
                    observation.observed.user.iter().flat_map(|u| u.keys.iter().map(|k| k.id.clone())).collect();
                let (new, intent) = match key::create(env.aws.iam(), name, account, known, env.out).await {
                    Ok(created) => created,
                    Err(err) => return Err((err, None)),
                };
                let key = StoredKey::new(new.id, new.secret, name.to_owned(), account.clone(), new.created);
                // Nothing may fail between CreateAccessKey and storing the pair.
                let fallback = fallback_file(store, account, name);
                let placement = key::store_new(&key, places, fallback, store, env.out).await;
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

/// The file a failing keyring falls back to: `--keys-file`, else the default key file.
fn fallback_file(store: &KeyStore, account: &str, user: &str) -> Option<PathBuf> {
    store.keys_file().map(ToOwned::to_owned).or_else(|| KeyStore::default_file(account, user))
}

/// The policy's steps, one call each, in plan order (created and attached before anything is
/// removed). Returns what was done even when a step fails, for the resume note and a rollback.
async fn policy_steps(plan: &Plan, observation: &Observation, env: &Env<'_>) -> (Vec<PolicyDone>, Result<(), Error>) {
    let mut done = Vec::new();
    let Some(facts) = &plan.policy else { return (done, Ok(())) };
    if !plan.steps.iter().any(Step::is_policy) {
        env.out.info(format_args!("The {} on `{}` is already up to date; nothing to do", facts.label(), plan.user));
        return (done, Ok(()));
    }
    for step in plan.steps.iter().filter(|s| s.is_policy()) {
        match policy_step(step, facts, plan.user.as_str(), observation, env).await {
            Ok(change) => done.push(change),
            Err(err) => return (done, Err(err)),
        }
    }
    (done, Ok(()))
}

async fn policy_step(
    step: &Step,
    facts: &PolicyFacts,
    user: &str,
    observation: &Observation,
    env: &Env<'_>,
) -> Result<PolicyDone, Error> {
    let iam = env.aws.iam();
    let part = |name: &str| facts.part(name).expect("a policy step names one of the plan's parts");
    let arn = |name: &str| {
        part(name).arn.clone().or_else(|| {
            let attached = observation.observed.user.iter().flat_map(|u| &u.attached_policies);
            attached.clone().find(|a| a.name == name).map(|a| a.arn.clone())
        })
    };
    let out = env.out;
    Ok(match step {
        Step::PutUserPolicy { replaces } => {
            let name = facts.name.as_str();
            iam.put_user_policy(user, name, facts.document()).await?;
            if replaces.is_some() {
                out.info(format_args!("Replaced inline policy `{name}` on `{user}`"));
            } else {
                out.info(format_args!("Attached inline policy `{name}` to `{user}`"));
            }
            PolicyDone::Put { name: name.to_owned(), replaced: replaces.clone() }
        }
        Step::CreatePolicy { name } => {
            let tags = [
                (MANAGED_TAG_KEY.to_owned(), MANAGED_TAG_VALUE.to_owned()),
                (MANAGED_USER_TAG_KEY.to_owned(), user.to_owned()),
            ];
            let description = managed_description(user);
            let made = iam.create_policy(name, MANAGED_PATH, &description, &part(name).document, &tags).await?;
            let Some(arn) = made else {
                return Err(Error::Raced { what: format!("managed policy `{name}` (someone created it)") });
            };
            out.info(format_args!("Created managed policy {arn}"));
            PolicyDone::Created { name: name.clone(), arn }
        }
        Step::CreatePolicyVersion { name, prune } => {
            let arn = arn(name).unwrap_or_default();
            if let Some(oldest) = prune {
                iam.delete_policy_version(&arn, oldest).await?;
                out.info(format_args!("Deleted version {oldest} of `{name}` (IAM keeps at most five)"));
            }
            let previous = observation.observed.managed_parts.iter().find(|p| p.arn == arn);
            let previous = previous.map(|p| p.default_version.clone()).unwrap_or_default();
            let version = iam.create_policy_version(&arn, &part(name).document).await?;
            out.info(format_args!("Made version {version} the default of managed policy `{name}`"));
            PolicyDone::Versioned { name: name.clone(), arn, previous, version }
        }
        Step::AttachUserPolicy { name } => {
            let arn = arn(name).unwrap_or_default();
            iam.attach_user_policy(user, &arn).await?;
            out.info(format_args!("Attached managed policy `{name}` to `{user}`"));
            PolicyDone::Attached { name: name.clone(), arn }
        }
        Step::DeleteUserPolicy { name } => {
            iam.delete_user_policy(user, name).await?;
            out.info(format_args!("Removed inline policy `{name}` from `{user}` (the managed policy replaces it)"));
            let document = facts.removed.iter().find(|r| r.name == *name).map(|r| r.document.clone());
            PolicyDone::InlineDeleted { name: name.clone(), document: document.unwrap_or_default() }
        }
        Step::RetirePolicy { name, delete } => {
            let attached = observation.observed.user.iter().flat_map(|u| &u.attached_policies);
            let arn = attached.clone().find(|a| a.name == *name).map(|a| a.arn.clone()).unwrap_or_default();
            iam.detach_user_policy(user, &arn).await?;
            if *delete {
                iam.delete_policy(&arn).await?;
                out.info(format_args!("Detached and deleted managed policy `{name}`"));
            } else {
                out.info(format_args!("Detached managed policy `{name}` (still attached elsewhere, so kept)"));
            }
            PolicyDone::Retired { name: name.clone(), deleted: *delete }
        }
        _ => unreachable!("only the policy's steps come here"),
    })
}

/// After a failure: a user the plan created may exist even though its response was lost. Look,
/// rather than guess, so the resume note and a rollback know about it.
pub async fn settle(journal: &mut Journal, plan: &Plan, env: &Env<'_>) {
    let planned = plan.steps.iter().any(|s| matches!(s, Step::CreateUser(_)));
    if planned && !journal.user_created {
        journal.user_created = matches!(env.aws.iam().get_user(plan.user.as_str()).await, Ok(Some(_)));
    }
}

/// Undoes what this run did, newest first; says what it undid and warns about what it could not.
pub async fn roll_back(journal: &Journal, plan: &Plan, account: &str, env: &Env<'_>) -> Vec<String> {
    let iam = env.aws.iam();
    let name = plan.user.as_str();
    let mut undone = Vec::new();
    let warn = |what: &str, err: &dyn std::fmt::Display| env.out.warn(format_args!("could not {what}: {err}"));
    for done in journal.policy.iter().rev() {
        let (result, what) = match done {
            PolicyDone::Put { name: policy, replaced: Some(current) } => {
                (iam.put_user_policy(name, policy, current).await, format!("restored inline policy `{policy}`"))
            }
            PolicyDone::Put { name: policy, replaced: None } => {
                (iam.delete_user_policy(name, policy).await, format!("removed inline policy `{policy}`"))
            }
            PolicyDone::Created { name: policy, arn } => {
                (iam.delete_policy(arn).await, format!("deleted managed policy `{policy}`"))
            }
            PolicyDone::Versioned { name: policy, arn, previous, version } => {
                let restored = match iam.set_default_policy_version(arn, previous).await {
                    Ok(()) => iam.delete_policy_version(arn, version).await,
                    Err(err) => Err(err),
                };
                (restored, format!("made {previous} the default of `{policy}` again"))
            }
            PolicyDone::Attached { name: policy, arn } => {
                (iam.detach_user_policy(name, arn).await, format!("detached managed policy `{policy}`"))
            }
            PolicyDone::InlineDeleted { name: policy, document } => {
                (iam.put_user_policy(name, policy, document).await, format!("restored inline policy `{policy}`"))
            }
            PolicyDone::Retired { name: policy, .. } => {
                env.out.warn(format_args!(
                    "managed policy `{policy}` was already removed; run the same command with --policy-type managed \
                     to make it again"
                ));
                continue;
            }
        };
        match result {
            Ok(()) => undone.push(what),
            Err(err) => warn(&format!("undo: {what}"), &err),
        }
    }
    if let Some((id, placement)) = &journal.key {
        match iam.delete_access_key(name, id).await {
            Ok(()) => undone.push(format!("deleted access key {id}")),
            Err(err) => warn(&format!("delete access key {id}"), &err),
        }
        if let (Some(backend), Some(store)) = (placement.keyring, env.store) {
            match store.delete_keyring(account, name).await {
                Ok(_) => undone.push(format!("removed it from {}", backend.describe())),
                Err(err) => warn("remove the stored key", &err),
            }
        }
        if let Some(file) = &placement.file {
            match std::fs::remove_file(file) {
                Ok(()) => undone.push(format!("removed {}", file.display())),
                Err(err) => warn(&format!("remove {}", file.display()), &err),
            }
        }
    }
    if journal.adopted {
        match iam.untag_user(name, &[crate::domain::user::MANAGED_TAG_KEY]).await {
            Ok(()) => undone.push(format!("removed the managed-by tag from `{name}`")),
            Err(err) => warn("remove the managed-by tag", &err),
        }
    }
    if journal.user_created {
        match iam.delete_user(name).await {
            Ok(()) => undone.push(format!("deleted IAM user `{name}`")),
            Err(err) => warn(&format!("delete IAM user `{name}`"), &err),
        }
    }
    undone
}
