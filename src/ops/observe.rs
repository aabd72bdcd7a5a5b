//! Observe: everything a plan needs, read once, in as few sequential round trips as the calls allow.
//!
//! Round one asks STS who the caller is, IAM for the user, and opens the keyring, all at once. Round
//! two, for a user that exists, reads what the plan needs of it at once: its keys (when a key is
//! wanted), every inline policy with its document (when a policy is wanted: IAM's budget is over
//! all of them), its console password (only when adopting it) — while the stored key is looked up
//! here. Nothing later reads any of it again.

use futures_util::future::try_join_all;

use crate::aws::{Aws, Identity};
use crate::domain::iam::{InlinePolicy, ManagedPart};
use crate::domain::plan::{KeyringState, Observed, ObservedUser, StoredKeyRef, Wanted};
use crate::domain::policy::{PolicyType, managed_arn, managed_name, our_part};
use crate::domain::user::USER_PATH;
use crate::error::Error;
use crate::secrets::{Found, KeyStore, intent};

/// What observe found: the plan's input, plus what apply and verify need of it.
#[derive(Debug)]
pub struct Observation {
    pub identity: Identity,
    pub observed: Observed,
    /// The stored key itself, secret included: reused as it is when the plan keeps it.
    pub stored: Option<Found>,
    /// A crashed run's intent was found (its orphans, if any, are in the plan); apply clears it.
    pub intent_pending: bool,
}

impl Observation {
    /// The user's ARN: the existing user's, or the one `CreateUser` will give it. A bucket policy
    /// names principals by it.
    #[must_use]
    pub fn user_arn(&self, name: &str) -> String {
        self.observed.user.as_ref().map_or_else(
            || format!("arn:{}:iam::{}:user{USER_PATH}{name}", self.identity.partition, self.identity.account_id),
            |user| user.arn.clone(),
        )
    }
}

/// Reads the account for `wanted`. `identity` is passed when it is already known (the wizard asks
/// for the account first), saving the STS call; `store` when the command keeps keys.
pub async fn observe(
    aws: &Aws,
    store: Option<&KeyStore>,
    identity: Option<&Identity>,
    wanted: &Wanted,
) -> Result<Observation, Error> {
    let account_side = async {
        let identity = if let Some(identity) = identity {
            identity.clone()
        } else {
            let (identity, ()) = tokio::join!(aws.identity(), open(store));
            identity?
        };
        open(store).await;
        let stored = match store {
            Some(store) if wanted.key.is_some() => store.find(&identity.account_id, wanted.user.as_str()).await?,
            _ => None,
        };
        Ok::<_, Error>((identity, stored))
    };
    let (account_side, user) = tokio::join!(account_side, read_user(aws, wanted));
    let (identity, stored) = account_side?;
    let keyring = match store.and_then(KeyStore::keyring) {
        Some(keyring) => KeyringState::Usable { durable: keyring.survives_reboot() },
        None => KeyringState::Unusable,
    };
    let stored_key = stored.as_ref().map(|f| StoredKeyRef {
        id: f.key.access_key_id.clone(),
        in_keyring: f.in_keyring,
        file: f.file.clone(),
    });
    let user = user?;
    let managed_parts = managed_parts(aws, wanted, &identity, user.as_ref()).await?;
    // A run that died between CreateAccessKey and storing the pair left its intent behind.
    let intent = wanted.key.as_ref().and(intent::pending(&identity.account_id, wanted.user.as_str()));
    let orphans = match (&intent, &user) {
        (Some(_), Some(user)) => {
            let stored: Vec<&str> = stored.iter().map(|f| f.key.access_key_id.as_str()).collect();
            intent::orphans_of(&identity.account_id, wanted.user.as_str(), &user.keys, &stored)
        }
        _ => Vec::new(),
    };
    let observed = Observed {
        partition: identity.partition,
        account_id: identity.account_id.clone(),
        managed_parts,
        user,
        stored_key,
        keyring,
        default_key_file: KeyStore::default_file(&identity.account_id, wanted.user.as_str()),
        orphans,
    };
    Ok(Observation { identity, observed, stored, intent_pending: intent.is_some() })
}

async fn open(store: Option<&KeyStore>) {
    if let Some(store) = store {
        // A keyring that fails to open is recorded in the store; the plan decides whether it matters.
        let _ = store.open().await;
    }
}

/// The user and, when it exists, what the plan needs of it.
async fn read_user(aws: &Aws, wanted: &Wanted) -> Result<Option<ObservedUser>, Error> {
    let name = wanted.user.as_str();
    let Some(user) = aws.iam().get_user(name).await? else { return Ok(None) };
    let adopting = !user.is_managed() && wanted.adopt;
    // Adoption records the keys the user has, so teardown can leave them.
    let keys = async {
        if wanted.key.is_some() || adopting { aws.iam().list_access_keys(name).await } else { Ok(Vec::new()) }
    };
    let policies = async { if wanted.policy.is_some() { inline_policies(aws, name).await } else { Ok(Vec::new()) } };
    let password = async { if adopting { aws.iam().has_login_profile(name).await.map(Some) } else { Ok(None) } };
    let attached = async {
        if wanted.policy.is_some() { aws.iam().attached_user_policy_names(name).await } else { Ok(Vec::new()) }
    };
    let (keys, policies, password, attached) = tokio::join!(keys, policies, password, attached);
    Ok(Some(ObservedUser {
        managed: user.is_managed(),
        arn: user.arn,
        path: user.path,
        tags: user.tags,
        permissions_boundary: user.permissions_boundary,
        keys: keys?,
        inline_policies: policies?,
        attached_policies: attached?,
        console_password: password?,
    }))
}

/// This tool's managed policies the plan may touch, all read at once: those of the wanted policy
/// attached to the user (a switch or fewer parts retires them), and — when the policy is to be
/// managed — each part it would create, which may exist already (a run that stopped before
/// attaching it) or belong to someone else.
pub async fn managed_parts(
    aws: &Aws,
    wanted: &Wanted,
    identity: &Identity,
    user: Option<&ObservedUser>,
) -> Result<Vec<ManagedPart>, Error> {
    let Some(policy) = &wanted.policy else { return Ok(Vec::new()) };
    let (name, user_name) = (policy.name.as_str(), wanted.user.as_str());
    let mut arns: Vec<String> = user
        .iter()
        .flat_map(|u| &u.attached_policies)
        .filter(|a| our_part(name, user_name, &a.name, &a.arn).is_some())
        .map(|a| a.arn.clone())
        .collect();
    let managed = policy.kind.unwrap_or(if arns.is_empty() { PolicyType::Inline } else { PolicyType::Managed });
    if managed == PolicyType::Managed {
        let count = policy.document.documents(PolicyType::Managed, identity.partition).map_or(0, |d| d.len());
        for index in 0..count {
            let arn = managed_arn(identity.partition, &identity.account_id, &managed_name(name, user_name, index));
            if !arns.contains(&arn) {
                arns.push(arn);
            }
        }
    }
    let parts = try_join_all(arns.iter().map(|arn| aws.iam().managed_policy(arn))).await?;
    Ok(parts.into_iter().flatten().collect())
}

/// Every inline policy of the user with its document, the documents fetched at once.
pub async fn inline_policies(aws: &Aws, user: &str) -> Result<Vec<InlinePolicy>, Error> {
    let names = aws.iam().list_user_policies(user).await?;
    let documents = try_join_all(names.iter().map(|name| aws.iam().get_user_policy(user, name))).await?;
    Ok(names
        .into_iter()
        .zip(documents)
        .map(|(name, document)| InlinePolicy { name, document: document.unwrap_or_default() })
        .collect())
}
