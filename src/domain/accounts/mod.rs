//! Which AWS accounts a run covers (#20): the one of the credentials in use, each of several AWS
//! profiles, or an AWS Organization's accounts reached through a role. Checked offline, before any
//! call: a malformed account id, OU id or role name is a usage error naming it.

mod answers;

pub use answers::{AccountAnswers, PerAccount};

use super::Invalid;

/// The role AWS creates in every account an Organization creates, trusting the management account.
pub const ORG_ROLE: &str = "OrganizationAccountAccessRole";
/// The session name `AssumeRole` records in each account's `CloudTrail`: says who was there.
pub const SESSION_NAME: &str = "pixelshift-aws";
/// How many accounts are worked on at once. IAM's and S3's request quotas are per account, so the
/// bound is for this machine (connections, memory) and the management account's STS and
/// Organizations calls; 16 covers a typical Organization in one wave (with 8, ten accounts took two
/// waves, twice one account's time) and a large one in few.
pub const AT_ONCE: usize = 16;

/// The accounts of a run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// The account of the credentials in use (`--profile`, the environment): every command's default.
    #[default]
    One,
    /// Each profile's account (`--profiles a,b`): SSO, role and key profiles alike.
    Profiles(Vec<String>),
    /// An Organization's accounts, from its management (or a delegated administrator) account.
    Organization(Org),
}

/// `--org` and what narrows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    /// Only the accounts under this organizational unit (recursively).
    pub ou: Option<String>,
    /// Only these account ids.
    pub accounts: Vec<String>,
    pub role_name: String,
    pub external_id: Option<String>,
}

impl Selection {
    /// The selection a command line asks for, checked.
    pub fn parse(profiles: &[String], org: Option<Org>) -> Result<Selection, Invalid> {
        match (profiles, org) {
            ([], None) => Ok(Selection::One),
            (_, Some(_)) if !profiles.is_empty() => {
                Err(Invalid::usage("--profiles and --org both choose the accounts", "pass one of them"))
            }
            (_, Some(org)) => org.checked().map(Selection::Organization),
            (profiles, None) => {
                let mut seen = Vec::new();
                for profile in profiles {
                    if profile.trim().is_empty() || profile.contains(char::is_whitespace) {
                        return Err(Invalid::usage(
                            format!("invalid profile name `{profile}` in --profiles"),
                            "list profile names from your AWS config, comma-separated: --profiles prod,staging",
                        ));
                    }
                    if !seen.contains(profile) {
                        seen.push(profile.clone());
                    }
                }
                Ok(Selection::Profiles(seen))
            }
        }
    }
}

impl Org {
    fn checked(mut self) -> Result<Org, Invalid> {
        for id in &self.accounts {
            if !is_account_id(id) {
                return Err(Invalid::usage(
                    format!("invalid account id `{id}` in --accounts: an AWS account id is 12 digits"),
                    "list the Organization's accounts with `aws organizations list-accounts`",
                ));
            }
        }
        self.accounts.sort();
        self.accounts.dedup();
        if let Some(ou) = &self.ou
            && !is_parent_id(ou)
        {
            return Err(Invalid::usage(
                format!(
                    "invalid organizational unit `{ou}` for --ou: it looks like ou-ab12-cd34ef56 (or r-ab12 for the root)"
                ),
                "find it with `aws organizations list-organizational-units-for-parent --parent-id ROOT_ID`",
            ));
        }
        let role_ok = (1..=64).contains(&self.role_name.len())
            && self.role_name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if !role_ok {
            return Err(Invalid::usage(
                format!("invalid role name `{}` for --role-name", self.role_name),
                "an IAM role name is 1-64 letters, digits and + = , . @ _ -",
            ));
        }
        if let Some(id) = &self.external_id {
            let ok = (2..=1224).contains(&id.len())
                && id.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@:/_-".contains(c));
            if !ok {
                return Err(Invalid::usage(
                    "invalid --external-id: it is 2-1224 letters, digits and + = , . @ : / _ -",
                    "pass the external id the role's trust policy names (sts:ExternalId)",
                ));
            }
        }
        Ok(self)
    }

    /// The role to assume in `account`.
    #[must_use]
    pub fn role_arn(&self, partition: &str, account: &str) -> String {
        format!("arn:{partition}:iam::{account}:role/{}", self.role_name)
    }
}

/// 12 digits.
#[must_use]
pub fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// An OU id (`ou-` + 4–32 + `-` + 8–32 lowercase letters or digits) or a root id (`r-` + 4–32).
fn is_parent_id(id: &str) -> bool {
    let word = |s: &str, min: usize| {
        (min..=32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    if let Some(rest) = id.strip_prefix("ou-") {
        return rest.split_once('-').is_some_and(|(root, unit)| word(root, 4) && word(unit, 8));
    }
    id.strip_prefix("r-").is_some_and(|root| word(root, 4))
}

/// How a fix reaches the account `label` of a run over several: the fixes a one-account report gives
/// would otherwise act in the account of the credentials in use.
#[must_use]
pub fn way_in(selection: &Selection, label: &str) -> String {
    match selection {
        Selection::Organization(org) if org.role_name != ORG_ROLE => {
            format!("in account {label}: add --org --accounts {label} --role-name {}", org.role_name)
        }
        Selection::Organization(_) => format!("in account {label}: add --org --accounts {label}"),
        _ => format!("in account {label}: add --profile {label}"),
    }
}

/// The account options that run a command again for only the accounts in `left` (their profiles,
/// or their account ids with `--org`).
#[must_use]
pub fn resume_args(selection: &Selection, left: &[String]) -> String {
    match selection {
        Selection::Organization(_) => format!("--org --accounts {}", left.join(",")),
        _ => format!("--profiles {}", left.join(",")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> Org {
        Org { ou: None, accounts: Vec::new(), role_name: ORG_ROLE.to_owned(), external_id: None }
    }

    #[test]
    fn selections_are_checked_before_any_call() {
        assert_eq!(Selection::parse(&[], None), Ok(Selection::One));
        let twice = ["prod".to_owned(), "staging".to_owned(), "prod".to_owned()];
        assert_eq!(Selection::parse(&twice, None), Ok(Selection::Profiles(vec!["prod".into(), "staging".into()])));
        assert!(Selection::parse(&[String::new()], None).unwrap_err().message.contains("invalid profile name"));
        assert!(Selection::parse(&twice, Some(org())).is_err(), "one way of choosing accounts");

        let picked = Org { accounts: vec!["222222222222".into(), "111111111111".into()], ..org() };
        let Ok(Selection::Organization(picked)) = Selection::parse(&[], Some(picked)) else { panic!() };
        assert_eq!(picked.accounts, ["111111111111", "222222222222"]);
        let bad = Selection::parse(&[], Some(Org { accounts: vec!["1234".into()], ..org() })).unwrap_err();
        assert!(bad.message.contains("`1234`") && bad.message.contains("12 digits"), "{}", bad.message);
        for (ou, ok) in [("ou-ab12-cd34ef56", true), ("r-ab12", true), ("ou-AB12-cd34ef56", false), ("team", false)] {
            assert_eq!(Selection::parse(&[], Some(Org { ou: Some(ou.into()), ..org() })).is_ok(), ok, "{ou}");
        }
        assert!(Selection::parse(&[], Some(Org { role_name: "no spaces".into(), ..org() })).is_err());
        assert!(Selection::parse(&[], Some(Org { external_id: Some("x".into()), ..org() })).is_err());
        assert_eq!(
            org().role_arn("aws", "111111111111"),
            "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole"
        );
    }

    #[test]
    fn the_resume_command_names_only_the_accounts_left() {
        assert_eq!(resume_args(&Selection::Organization(org()), &["1".into(), "2".into()]), "--org --accounts 1,2");
        assert_eq!(resume_args(&Selection::Profiles(vec![]), &["b".into()]), "--profiles b");
        assert_eq!(way_in(&Selection::Profiles(vec![]), "prod"), "in account prod: add --profile prod");
        assert_eq!(way_in(&Selection::Organization(org()), "1"), "in account 1: add --org --accounts 1");
    }
}
