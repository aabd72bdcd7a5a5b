//! After an answer that never came (or a retry that met its own first attempt's work: "already
//! exists", "limit exceeded"), the truth is read back instead of guessed: did IAM make the user, the
//! policy, the version? A run whose intended state was reached says so and goes on (exit 0); only a
//! change that really is someone else's is a race.

use crate::aws::iam::{Iam, User};
use crate::domain::iam::ManagedPart;
use crate::domain::plan::NewUser;
use crate::domain::policy::same_document;
use crate::error::Error;

/// Clock difference allowed between this machine and IAM's `CreateDate`.
const CLOCK_SKEW: i64 = 60;

/// `iam:CreateUser`, ending in the truth: "already exists" after the SDK retried a call whose
/// answer was lost, or no answer at all, is read back — a user tagged as ours and made since the
/// call is the one this run made. Anything else there is someone else's: a race.
pub(super) async fn create_user(iam: &Iam, name: &str, new: &NewUser) -> Result<User, Error> {
    let sent = crate::secrets::unix_now();
    let raced = || Error::Raced { what: format!("IAM user `{name}` (someone created it)") };
    match iam.create_user(name, &new.tags, new.permissions_boundary.as_deref()).await {
        Ok(Some(made)) => Ok(made),
        Ok(None) => user(iam, name, new, sent).await?.ok_or_else(raced),
        Err(err) if err.maybe_executed() => match user(iam, name, new, sent).await {
            Ok(Some(made)) => Ok(made),
            _ => Err(err.into()),
        },
        Err(err) => Err(err.into()),
    }
}

/// The user IAM made for this run, if it did: tagged as this tool's, with the boundary asked for,
/// and created since the call was sent.
async fn user(iam: &Iam, name: &str, new: &NewUser, sent: i64) -> Result<Option<User>, Error> {
    let Some(user) = iam.get_user(name).await? else { return Ok(None) };
    let ours = user.is_managed()
        && user.permissions_boundary == new.permissions_boundary
        && user.created_epoch >= sent - CLOCK_SKEW;
    Ok(ours.then_some(user))
}

/// The managed policy at `arn`, if its default version is `document` (IAM made it, or made that
/// version the default, though the answer was lost).
pub(super) async fn policy_holding(iam: &Iam, arn: &str, document: &str) -> Result<Option<ManagedPart>, Error> {
    let Some(part) = iam.managed_policy(arn).await? else { return Ok(None) };
    Ok(part.document.as_deref().is_some_and(|now| same_document(now, document)).then_some(part))
}
