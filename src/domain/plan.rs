//! Observed state → the steps setup would take. Pure: it powers `--dry-run`, the confirmation
//! summary and the tests of "a re-run converges" without any AWS.

use super::policy::{INLINE_BUDGET, iam_size, same_document};

/// What setup found before changing anything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Observed {
    /// `None` when the user does not exist.
    pub user: Option<ObservedUser>,
    /// The access key id stored for this user (keyring or key file), if any.
    pub stored_key: Option<String>,
    /// The current document of the policy setup manages, if attached.
    pub current_policy: Option<String>,
    /// IAM size of the user's other inline policies together.
    pub other_policies_size: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObservedUser {
    pub managed: bool,
    /// (access key id, active)
    pub keys: Vec<(String, bool)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    CreateUser,
    /// Tag an existing, untagged user (`--adopt`).
    AdoptUser,
    CreateAccessKey,
    StoreKey,
    PutPolicy {
        replace: bool,
    },
    Verify,
}

/// Why no plan can be made: each is what the real run would refuse, found without any write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    /// The user exists without the managed-by tag and `--adopt` was not given.
    Unmanaged,
    /// Two keys already, none of them the stored one.
    KeyLimit,
    /// The user's inline policies would exceed IAM's budget.
    OverBudget { total: usize },
}

/// The steps that bring the account to the wanted state; nothing for what is already there.
pub fn plan(observed: &Observed, policy: &str, adopt: bool, verify: bool) -> Result<Vec<Step>, Blocker> {
    let mut steps = Vec::new();
    let reusable_key = match &observed.user {
        None => {
            steps.push(Step::CreateUser);
            false
        }
        Some(user) => {
            if !user.managed {
                if !adopt {
                    return Err(Blocker::Unmanaged);
                }
                steps.push(Step::AdoptUser);
            }
            observed.stored_key.as_ref().is_some_and(|id| user.keys.iter().any(|(k, active)| k == id && *active))
        }
    };
    if !reusable_key {
        let existing = observed.user.as_ref().map_or(0, |u| u.keys.len());
        if existing >= 2 {
            return Err(Blocker::KeyLimit);
        }
        steps.push(Step::CreateAccessKey);
        steps.push(Step::StoreKey);
    }
    let total = iam_size(policy) + observed.other_policies_size;
    if total > INLINE_BUDGET {
        return Err(Blocker::OverBudget { total });
    }
    match &observed.current_policy {
        Some(current) if same_document(current, policy) => {}
        Some(_) => steps.push(Step::PutPolicy { replace: true }),
        None => steps.push(Step::PutPolicy { replace: false }),
    }
    if verify {
        steps.push(Step::Verify);
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[]}"#;

    fn user(managed: bool, keys: &[(&str, bool)]) -> ObservedUser {
        ObservedUser { managed, keys: keys.iter().map(|(k, a)| ((*k).to_owned(), *a)).collect() }
    }

    #[test]
    fn a_fresh_account_gets_everything() {
        let steps = plan(&Observed::default(), POLICY, false, true).unwrap();
        assert_eq!(
            steps,
            [Step::CreateUser, Step::CreateAccessKey, Step::StoreKey, Step::PutPolicy { replace: false }, Step::Verify]
        );
    }

    #[test]
    fn a_converged_account_gets_nothing_but_verify() {
        let observed = Observed {
            user: Some(user(true, &[("AKIA1", true)])),
            stored_key: Some("AKIA1".to_owned()),
            current_policy: Some("{ \"Version\": \"2012-10-17\", \"Statement\": [] }".to_owned()),
            other_policies_size: 0,
        };
        assert_eq!(plan(&observed, POLICY, false, true).unwrap(), [Step::Verify]);
        assert!(plan(&observed, POLICY, false, false).unwrap().is_empty());
    }

    #[test]
    fn a_different_policy_is_replaced_and_a_stale_key_renewed() {
        let observed = Observed {
            user: Some(user(true, &[("AKIA1", false)])),
            stored_key: Some("AKIA1".to_owned()),
            current_policy: Some(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}"#.to_owned()),
            other_policies_size: 0,
        };
        assert_eq!(
            plan(&observed, POLICY, false, false).unwrap(),
            [Step::CreateAccessKey, Step::StoreKey, Step::PutPolicy { replace: true }]
        );
    }

    #[test]
    fn blockers_are_found_without_writing() {
        let unmanaged = Observed { user: Some(user(false, &[])), ..Observed::default() };
        assert_eq!(plan(&unmanaged, POLICY, false, false), Err(Blocker::Unmanaged));
        assert_eq!(plan(&unmanaged, POLICY, true, false).unwrap()[0], Step::AdoptUser);

        let full = Observed { user: Some(user(true, &[("A", true), ("B", false)])), ..Observed::default() };
        assert_eq!(plan(&full, POLICY, false, false), Err(Blocker::KeyLimit));

        let crowded = Observed { other_policies_size: 2_040, ..Observed::default() };
        assert!(matches!(plan(&crowded, POLICY, false, false), Err(Blocker::OverBudget { total }) if total > 2_048));
    }
}
