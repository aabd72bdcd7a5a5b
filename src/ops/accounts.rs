//! Reaching the accounts of a run (#20): each profile's, or each of an Organization's through its
//! role. One account that cannot be reached is that account's failure, not the run's: the others go
//! on, and the report names it with what to do.

use futures_util::StreamExt;

use crate::aws::{Aws, Identity, Settings};
use crate::console::Console;
use crate::domain::accounts::{AT_ONCE, Org, SESSION_NAME, Selection};
use crate::error::Error;

/// One account of the run: how it was chosen, and its admin side (or why it cannot be had).
#[derive(Debug)]
pub struct Reached {
    /// The profile, or the account id (`--org`): what the resume command names.
    pub label: String,
    /// The Organization's name for the account (`--org`).
    pub name: Option<String>,
    /// The settings that reach it: its profile's (`--profiles`), else the run's.
    pub settings: Settings,
    pub aws: Result<Aws, Error>,
    /// Who the credentials are there, when known without asking STS (`--org`: the role's session).
    pub identity: Option<Identity>,
}

/// The accounts `selection` names (not [`Selection::One`]), each reached or failed.
pub async fn reach(selection: &Selection, settings: &Settings, out: &Console) -> Result<Vec<Reached>, Error> {
    match selection {
        Selection::One => unreachable!("one account is the command's own path"),
        Selection::Profiles(profiles) => Ok(futures_util::stream::iter(profiles)
            .map(|profile| async move {
                let settings = Settings { profile: Some(profile.clone()), ..settings.clone() };
                let aws = Aws::connect(&settings).await.map_err(Error::from);
                Reached { label: profile.clone(), name: None, settings, aws, identity: None }
            })
            .buffered(AT_ONCE)
            .collect()
            .await),
        Selection::Organization(org) => organization(org, settings, out).await,
    }
}

/// `--org`: the Organization's active accounts (under `--ou`, among `--accounts`), each through the
/// role but the one whose credentials these are, which needs none.
async fn organization(org: &Org, settings: &Settings, out: &Console) -> Result<Vec<Reached>, Error> {
    let management = Aws::connect(settings).await?;
    let identity = management.identity().await?;
    let listed = match &org.ou {
        Some(ou) => management.organizations().accounts_under(ou).await?,
        None => management.organizations().accounts().await?,
    };
    let unknown: Vec<&String> = org.accounts.iter().filter(|id| !listed.iter().any(|a| a.id == **id)).collect();
    if !unknown.is_empty() {
        let ids: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        return Err(Error::Usage {
            message: format!("--accounts names accounts the Organization does not list here: {}", ids.join(", ")),
            hint: Some(
                "list them with `aws organizations list-accounts` (and --ou's with list-accounts-for-parent)".into(),
            ),
        });
    }
    let mut accounts = Vec::new();
    for account in listed {
        if !org.accounts.is_empty() && !org.accounts.contains(&account.id) {
            continue;
        }
        if account.status == "ACTIVE" {
            accounts.push(account);
        } else {
            out.note(format_args!("account {} ({}) is skipped: it is {}", account.id, account.name, account.status));
        }
    }
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    let management = &management;
    let partition = identity.partition;
    let home = identity.account_id.clone();
    let identity = &identity;
    Ok(futures_util::stream::iter(accounts)
        .map(|account| {
            let (partition, home) = (&partition, &home);
            async move {
                let (aws, identity) = if account.id == *home {
                    (Ok(management.again()), identity.clone())
                } else {
                    let role = org.role_arn(&partition.to_string(), &account.id);
                    let aws = management.assume(&role, SESSION_NAME, org.external_id.as_deref()).await;
                    // The ARN STS gives a role's session, known here without asking it again.
                    let arn =
                        format!("arn:{partition}:sts::{}:assumed-role/{}/{SESSION_NAME}", account.id, org.role_name);
                    (aws.map_err(Error::from), Identity { account_id: account.id.clone(), arn, partition: *partition })
                };
                Reached {
                    label: account.id,
                    name: Some(account.name),
                    settings: settings.clone(),
                    aws,
                    identity: Some(identity),
                }
            }
        })
        .buffered(AT_ONCE)
        .collect()
        .await)
}
