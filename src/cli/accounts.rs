//! `--profiles` / `--org`: the accounts a day-two command covers in one run (#20).

use clap::Args;

use crate::domain::Invalid;
use crate::domain::accounts::{ORG_ROLE, Org, Selection};

#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Accounts")]
pub struct AccountsArgs {
    /// Run in the account of each of these AWS profiles (comma-separated; SSO and role profiles too)
    #[arg(long, value_delimiter = ',', value_name = "PROFILE,...")]
    pub profiles: Vec<String>,

    /// Run in every active account of your AWS Organization (from its management or a delegated
    /// administrator account), each through --role-name
    #[arg(long)]
    pub org: bool,

    /// With --org: only the accounts of this organizational unit and the units under it
    #[arg(long, value_name = "OU_ID", requires = "org")]
    pub ou: Option<String>,

    /// With --org: only these accounts (comma-separated account ids)
    #[arg(long, value_delimiter = ',', value_name = "ID,...", requires = "org")]
    pub accounts: Vec<String>,

    /// With --org: the role assumed in each account (it exists in accounts the Organization created)
    #[arg(long, default_value = ORG_ROLE, value_name = "NAME")]
    pub role_name: String,

    /// With --org: the external id the role's trust policy requires
    #[arg(long, value_name = "ID", requires = "org")]
    pub external_id: Option<String>,
}

impl AccountsArgs {
    pub fn to_lib(&self) -> Result<Selection, Invalid> {
        let org = self.org.then(|| Org {
            ou: self.ou.clone(),
            accounts: self.accounts.clone(),
            role_name: self.role_name.clone(),
            external_id: self.external_id.clone(),
        });
        Selection::parse(&self.profiles, org)
    }
}
