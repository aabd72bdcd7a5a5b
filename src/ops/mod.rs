//! The use cases the commands share, so no command reaches into another: observe the account, make
//! the plan (or say what blocks it), confirm it, apply it, place keys, probe buckets. Each command
//! file is then a thin sequence: resolve flags → observe → plan → (dry-run | confirm → apply) → report.

pub mod accounts;
pub mod apply;
pub mod buckets;
pub mod denial;
pub mod handoff;
pub mod inspect;
pub mod key;
pub mod lifecycle;
pub mod lock;
pub mod observe;
pub mod policy;
pub mod probe;
pub mod rotation;
pub mod template;

use crate::aws::Aws;
use crate::cancel::Cancel;
use crate::console::Console;
use crate::domain::plan::{self, Blocker, Confirmation, Note, Plan, PolicyFacts, Wanted};
use crate::error::Error;
use crate::prompt::Asker;
use crate::report::plan::{PlanReport, note};
use crate::secrets::KeyStore;
use observe::Observation;

/// What the shared use cases run with.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    pub aws: &'a Aws,
    /// The key store, for commands that keep keys.
    pub store: Option<&'a KeyStore>,
    pub out: &'a Console,
    pub cancel: &'a Cancel,
}

/// The plan for `wanted` from what was observed (the wizard observes before the last answers).
/// A dry run stores nothing, so a missing keyring does not stop it: the key is shown going to the
/// default key file, with a note that the real run needs `--keys-file`.
pub fn decide(
    observation: &Observation,
    wanted: &Wanted,
    store: Option<&KeyStore>,
    dry_run: bool,
) -> Result<Plan, Error> {
    match plan::plan(&observation.observed, wanted) {
        Err(Blocker::NoKeyStore) if dry_run => {
            let Some(file) = observation.observed.default_key_file.clone() else {
                return Err(blocked(Blocker::NoKeyStore, wanted, store));
            };
            let mut with_file = wanted.clone();
            with_file.key = Some(plan::KeyCopies { file: Some(file.clone()) });
            let mut planned = plan::plan(&observation.observed, &with_file).map_err(|b| blocked(b, wanted, store))?;
            planned.notes.retain(|n| *n != Note::FileOnly);
            planned.notes.push(Note::KeysFileNeeded(file));
            Ok(planned)
        }
        other => {
            let plan = other.map_err(|b| blocked(b, wanted, store))?;
            check_key_files(&plan)?;
            Ok(plan)
        }
    }
}

/// Each file a new key is planned to go to must be able to take it — checked before anything is
/// created, as `--keys-file` is at startup: the default key file is known only once the account is
/// (a FIFO, a directory or another key's file there would otherwise be found after IAM made the key).
fn check_key_files(plan: &Plan) -> Result<(), Error> {
    for step in &plan.steps {
        if let plan::Step::CreateAccessKey { store, .. } = step {
            for place in store {
                if let plan::KeyPlace::File(path) = place {
                    crate::secrets::check_target(path, plan.user.as_str()).map_err(|e| Error::bad_input(&e))?;
                }
            }
        }
    }
    Ok(())
}

/// The error a blocker is, with the numbers and names it needs.
fn blocked(blocker: Blocker, wanted: &Wanted, store: Option<&KeyStore>) -> Error {
    let user = wanted.user.to_string();
    match blocker {
        Blocker::Unmanaged => Error::Unmanaged { user },
        Blocker::NoSuchUser => Error::NoSuchUser { user },
        Blocker::KeyLimit(keys) => Error::KeyLimit { user, keys },
        Blocker::OverBudget { size, others } => {
            Error::OverBudget { user: Some(user), policy: policy_name(wanted), size, others }
        }
        Blocker::ManagedTooLarge { size } => Error::ManagedTooLarge { policy: policy_name(wanted), size },
        Blocker::ManagedQuota { needed, others } => Error::ManagedQuota { user: Some(user), needed, others },
        Blocker::ManagedNameTaken { name } => Error::ManagedNameTaken { name },
        Blocker::ManagedNameTooLong { name } => Error::managed_name_too_long(&name),
        Blocker::NoKeyStore => {
            let failure = store.and_then(|s| s.open_error());
            Error::NoKeyStore {
                reason: failure.map_or_else(|| "no OS keyring is usable".to_owned(), ToString::to_string),
                hint: failure.and_then(crate::secrets::SecretsError::hint),
            }
        }
    }
}

fn policy_name(wanted: &Wanted) -> String {
    wanted.policy.as_ref().map_or_else(String::new, |p| p.name.to_string())
}

/// The plan's notes on stderr: warnings for what the operator may want to act on.
pub fn show_notes(plan: &Plan, store: Option<&KeyStore>, out: &Console) {
    for n in &plan.notes {
        let text = match (n, store.and_then(KeyStore::open_error)) {
            (Note::FileOnly, Some(err)) => format!("{err}; the key goes to the --keys-file only"),
            _ => note(n, plan.user.as_str()),
        };
        match n {
            Note::OtherKeys(_) => out.note(text),
            _ => out.warn(text),
        }
    }
}

/// Asks the one confirmation the plan needs, with what it is about shown first (the policy diff).
/// Declining, or no way to ask without `--yes`, is an error before any write.
pub fn confirm(plan: &Plan, report: &PlanReport, ask: &Asker, out: &Console) -> Result<(), Error> {
    let Some(Confirmation::ReplacePolicy { user, policy }) = plan.confirmation() else { return Ok(()) };
    if let Some(diff) = report.policy_change.as_ref().and_then(|c| c.diff.as_deref()) {
        out.info("The attached policy differs from the new one:");
        out.diff(diff);
    }
    let what = plan.policy.as_ref().map_or_else(|| format!("policy `{policy}`"), PolicyFacts::label);
    let question = format!("Replace {what} on `{user}` with the new version?");
    if ask.confirm(&question, false)? {
        Ok(())
    } else {
        Err(Error::Declined(format!("left {what} on `{user}` unchanged")))
    }
}
