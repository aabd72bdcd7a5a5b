//! Everything about one user that status, rotate-keys and teardown decide on, read once and at
//! once: who the caller is, the user, its keys and each key's last use, every policy that reaches
//! it (inline, attached, through groups) with its document, a console password, and the pairs
//! stored here (current and, during a rotation, previous).

use std::collections::HashMap;

use crate::aws::iam::{Group, ManagedPolicy, User};
use crate::aws::{Aws, Identity};
use crate::domain::iam::{AccessKeyInfo, InlinePolicy, LastUsed};
use crate::domain::names::UserName;
use crate::domain::status::{PolicyView, Via};
use crate::error::Error;
use crate::secrets::{Found, KeyStore, intent};

use super::observe::inline_policies;

/// What to read beyond the user and its keys.
#[derive(Debug, Clone, Copy, Default)]
pub struct Depth {
    /// Every policy that reaches the user, with its document.
    pub policies: bool,
    /// Each key's last use.
    pub last_used: bool,
}

#[derive(Debug)]
pub struct UserFacts {
    pub user: User,
    pub keys: Vec<AccessKeyInfo>,
    pub last_used: HashMap<String, LastUsed>,
    pub inline: Vec<InlinePolicy>,
    pub attached: Vec<ManagedPolicy>,
    pub groups: Vec<Group>,
    pub console_password: bool,
}

#[derive(Debug)]
pub struct Inspection {
    pub identity: Identity,
    /// `None`: no such user.
    pub user: Option<UserFacts>,
    pub current: Option<Found>,
    pub previous: Option<Found>,
    /// Keys a crashed run made and never stored, by its intent ([`intent::orphans_of`]).
    pub orphans: Vec<String>,
}

impl UserFacts {
    /// Every policy that reaches the user, in a stable order: inline, attached, then through groups.
    #[must_use]
    pub fn policies(&self) -> Vec<PolicyView> {
        let mut all: Vec<PolicyView> = self
            .inline
            .iter()
            .map(|p| PolicyView { name: p.name.clone(), via: Via::Inline, document: Some(p.document.clone()) })
            .collect();
        all.extend(self.attached.iter().map(|p| PolicyView {
            name: p.name.clone(),
            via: Via::Managed { arn: p.arn.clone() },
            document: p.document.clone(),
        }));
        for group in &self.groups {
            all.extend(group.inline.iter().map(|(name, document)| PolicyView {
                name: name.clone(),
                via: Via::GroupInline { group: group.name.clone() },
                document: Some(document.clone()),
            }));
            all.extend(group.managed.iter().map(|p| PolicyView {
                name: p.name.clone(),
                via: Via::GroupManaged { group: group.name.clone(), arn: p.arn.clone() },
                document: p.document.clone(),
            }));
        }
        all
    }
}

/// Reads the user named `name` and the pairs stored here for it.
pub async fn inspect(aws: &Aws, store: &KeyStore, name: &UserName, depth: Depth) -> Result<Inspection, Error> {
    let name = name.as_str();
    let account_side = async {
        let (identity, _) = tokio::join!(aws.identity(), store.open());
        let identity = identity?;
        let (current, previous) =
            tokio::join!(store.find(&identity.account_id, name), store.find_previous(&identity.account_id, name));
        Ok::<_, Error>((identity, current?, previous?))
    };
    let (account_side, user) = tokio::join!(account_side, read_user(aws, name, depth));
    let (identity, current, previous) = account_side?;
    let user = user?;
    let stored: Vec<&str> = [&current, &previous].into_iter().flatten().map(|f| f.key.access_key_id.as_str()).collect();
    let orphans =
        user.as_ref().map_or_else(Vec::new, |u| intent::orphans_of(&identity.account_id, name, &u.keys, &stored));
    Ok(Inspection { identity, user, current, previous, orphans })
}

async fn read_user(aws: &Aws, name: &str, depth: Depth) -> Result<Option<UserFacts>, Error> {
    let Some(user) = aws.iam().get_user(name).await? else { return Ok(None) };
    let iam = aws.iam();
    let keys = async {
        let keys = iam.list_access_keys(name).await?;
        let mut last_used = HashMap::new();
        if depth.last_used {
            let reads = keys.iter().map(|k| async move { (k.id.clone(), iam.key_last_used(&k.id).await) });
            for (id, used) in futures_util::future::join_all(reads).await {
                if let Some(used) = used? {
                    last_used.insert(id, used);
                }
            }
        }
        Ok::<_, Error>((keys, last_used))
    };
    let policies = async {
        if !depth.policies {
            return Ok((Vec::new(), Vec::new(), Vec::new(), false));
        }
        let (inline, attached, groups, password) = tokio::join!(
            inline_policies(aws, name),
            iam.attached_user_policies(name),
            iam.groups_of(name),
            iam.has_login_profile(name)
        );
        Ok::<_, Error>((inline?, attached?, groups?, password?))
    };
    let ((keys, last_used), (inline, attached, groups, console_password)) = tokio::try_join!(keys, policies)?;
    Ok(Some(UserFacts { user, keys, last_used, inline, attached, groups, console_password }))
}
