//! The Organizations calls `--org` makes: the accounts of the Organization (`ListAccounts`), or of
//! one organizational unit and every unit under it (`ListAccountsForParent`,
//! `ListOrganizationalUnitsForParent`). Read-only, from the management or a delegated administrator
//! account.

use aws_config::SdkConfig;
use aws_sdk_organizations::Client;

use super::error::{AwsError, classify};

/// A member account as the Organization lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE` (AWS's status; a suspended account cannot be worked in).
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct Organizations(Client);

impl Organizations {
    #[must_use]
    pub fn new(config: &SdkConfig) -> Organizations {
        Organizations(Client::new(config))
    }

    /// Every account of the Organization.
    pub async fn accounts(&self) -> Result<Vec<Account>, AwsError> {
        let mut found = Vec::new();
        let mut pages = self.0.list_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("organizations:ListAccounts", &e))?;
            found.extend(page.accounts().iter().map(account_from));
        }
        Ok(found)
    }

    /// The accounts under `parent` (an OU or the root), in it and in every unit below it.
    pub async fn accounts_under(&self, parent: &str) -> Result<Vec<Account>, AwsError> {
        let mut found = Vec::new();
        let mut parents = vec![parent.to_owned()];
        while let Some(parent) = parents.pop() {
            let mut pages = self.0.list_accounts_for_parent().parent_id(&parent).into_paginator().send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| classify("organizations:ListAccountsForParent", &e))?;
                found.extend(page.accounts().iter().map(account_from));
            }
            let mut units = self.0.list_organizational_units_for_parent().parent_id(&parent).into_paginator().send();
            while let Some(page) = units.next().await {
                let page = page.map_err(|e| classify("organizations:ListOrganizationalUnitsForParent", &e))?;
                parents.extend(page.organizational_units().iter().filter_map(|u| u.id().map(str::to_owned)));
            }
        }
        Ok(found)
    }
}

fn account_from(account: &aws_sdk_organizations::types::Account) -> Account {
    Account {
        id: account.id().unwrap_or_default().to_owned(),
        name: account.name().unwrap_or_default().to_owned(),
        status: account.status().map_or_else(|| "ACTIVE".to_owned(), |s| s.as_str().to_owned()),
    }
}
