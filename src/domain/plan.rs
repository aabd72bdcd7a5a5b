//! What is there + what the operator wants → the steps that get there, or why none can.
//!
//! Pure, and the only place where a change to AWS is decided: reuse or create the user and its key,
//! refuse an unmanaged user, the two-key limit, IAM's aggregate inline budget, whether the policy is
//! unchanged, new or replaced, which stored copies of a reused key are missing. `--dry-run` prints the
//! [`Plan`], the confirmation it needs is asked before the first write, and apply executes its steps
//! and nothing else — so the dry run is the run, by construction.

use std::path::PathBuf;

use super::names::{PolicyName, UserName};
use super::policy::{INLINE_BUDGET, Partition, PolicyChoice, iam_size, same_document};

/// An access key as IAM lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKeyInfo {
    pub id: String,
    pub active: bool,
    /// ISO 8601, as IAM reports it.
    pub created: String,
    /// Seconds since the Unix epoch, for ages.
    pub created_epoch: Option<i64>,
}

/// An inline policy of the user, with its document (IAM's formatting, decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlinePolicy {
    pub name: String,
    pub document: String,
}

/// The user as IAM describes it, read once before anything is decided.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObservedUser {
    pub arn: String,
    /// Tagged `managed-by=pixelshift-aws`.
    pub managed: bool,
    pub tags: Vec<(String, String)>,
    pub permissions_boundary: Option<String>,
    pub keys: Vec<AccessKeyInfo>,
    /// Only read when a policy is wanted (the budget is over all of them).
    pub inline_policies: Vec<InlinePolicy>,
    /// Only read when adopting (`None`: not looked at): Pixelshift needs no console password.
    pub console_password: Option<bool>,
}

/// The key stored on this machine for the user, and which of its places hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKeyRef {
    pub id: String,
    pub in_keyring: bool,
    /// The key file holding it, if one does.
    pub file: Option<PathBuf>,
}

/// What the OS keyring can do here, found by opening and probing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringState {
    /// Usable; `durable` is false for the kernel keyring (gone at reboot).
    Usable {
        durable: bool,
    },
    Unusable,
}

/// Everything the plan needs to know about the account and this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// The caller's partition: the policy's ARNs are rendered for it.
    pub partition: Partition,
    /// `None` when the user does not exist.
    pub user: Option<ObservedUser>,
    pub stored_key: Option<StoredKeyRef>,
    pub keyring: KeyringState,
    /// Where a key goes when the keyring cannot keep it alone (`None`: no config directory).
    pub default_key_file: Option<PathBuf>,
    /// Keys a crashed run created and never stored (see `secrets::intent`): deleted before
    /// anything else, and not counted against IAM's two-key limit.
    pub orphans: Vec<String>,
}

/// What the operator asked for, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub user: UserName,
    /// `Some`: create the user if it is missing, with these attributes (create-user, setup).
    /// `None`: the user must already exist (attach-policy).
    pub create: Option<NewUser>,
    /// Take over a user that exists without the managed-by tag.
    pub adopt: bool,
    /// `Some`: the user must have a working key stored here (create-user, setup).
    pub key: Option<KeyCopies>,
    /// `Some`: this inline policy must be attached (attach-policy, setup).
    pub policy: Option<WantedPolicy>,
    pub verify: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewUser {
    pub tags: Vec<(String, String)>,
    pub permissions_boundary: Option<String>,
}

/// Where a key pair is kept besides the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyCopies {
    /// `--keys-file`: always written.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WantedPolicy {
    pub name: PolicyName,
    pub document: PolicySource,
}

/// The policy document: built from a choice once the partition is known, or given as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    Choice(PolicyChoice),
    /// Pretty JSON from `--policy-file`.
    Text(String),
}

impl PolicySource {
    /// Pretty JSON, as make-policy prints it.
    #[must_use]
    pub fn render(&self, partition: Partition) -> String {
        match self {
            PolicySource::Choice(choice) => choice.document(partition).to_pretty_json(),
            PolicySource::Text(text) => text.clone(),
        }
    }
}

/// Where a copy of a key pair goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPlace {
    Keyring,
    File(PathBuf),
}

/// One change, each carried out by one call (or one local write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `iam:CreateUser`, tagged, with the boundary if one was given.
    CreateUser(NewUser),
    /// `iam:TagUser managed-by=pixelshift-aws` on a user this tool did not create (`--adopt`).
    AdoptUser,
    /// `iam:DeleteAccessKey` of a key a crashed run created and never stored: its secret never
    /// left that run, so nothing can be using it.
    DeleteOrphanKey(String),
    /// `iam:CreateAccessKey`, the pair stored at once in these places (a file is the fallback of
    /// a keyring that fails, and the pair is printed when nothing can keep it).
    CreateAccessKey { store: Vec<KeyPlace> },
    /// A reused key's missing copy: the keyring when only a file had it, a file when the keyring
    /// alone cannot keep it.
    CopyKey(KeyPlace),
    /// `iam:PutUserPolicy`; `replaces` holds the document attached now, if any.
    PutUserPolicy { replaces: Option<String> },
    /// Probe each bucket with the user's own key.
    Verify,
}

impl Step {
    /// Steps of a phase run together; each phase waits for the one before (the user must exist
    /// before it gets a key or a policy, and verify needs both).
    #[must_use]
    pub fn phase(&self) -> u8 {
        match self {
            Step::CreateUser(_) | Step::AdoptUser | Step::DeleteOrphanKey(_) => 0,
            Step::CreateAccessKey { .. } | Step::CopyKey(_) | Step::PutUserPolicy { .. } => 1,
            Step::Verify => 2,
        }
    }

    /// The AWS action (or local action) this step performs, as the dry run names it.
    #[must_use]
    pub fn action(&self) -> &'static str {
        match self {
            Step::CreateUser(_) => "iam:CreateUser",
            Step::AdoptUser => "iam:TagUser",
            Step::DeleteOrphanKey(_) => "iam:DeleteAccessKey",
            Step::CreateAccessKey { .. } => "iam:CreateAccessKey",
            Step::CopyKey(KeyPlace::Keyring) => "keyring:Store",
            Step::CopyKey(KeyPlace::File(_)) => "file:Write",
            Step::PutUserPolicy { .. } => "iam:PutUserPolicy",
            Step::Verify => "verify",
        }
    }

    /// A change to AWS (as opposed to a local copy or a read-only check).
    #[must_use]
    pub fn writes_aws(&self) -> bool {
        matches!(
            self,
            Step::CreateUser(_)
                | Step::AdoptUser
                | Step::DeleteOrphanKey(_)
                | Step::CreateAccessKey { .. }
                | Step::PutUserPolicy { .. }
        )
    }
}

/// Something the operator should know about the plan; none of these stops it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The stored key is inactive in IAM: a new one is created, the old one left alone.
    StoredKeyInactive(String),
    /// The stored key no longer exists in IAM: a new one is created and stored over it.
    StoredKeyGone(String),
    /// Keys in IAM that are not stored here; they are left alone.
    OtherKeys(Vec<AccessKeyInfo>),
    /// The existing user has another permissions boundary than `--permissions-boundary`; kept.
    BoundaryKept(Option<String>),
    /// The user has a console password, which Pixelshift does not need.
    ConsolePassword,
    /// The keyring forgets at reboot (the kernel keyring): a second copy goes to a 0600 file.
    VolatileKeyring,
    /// No keyring is usable: the key goes to the `--keys-file` only.
    FileOnly,
}

/// The policy part of a plan: the numbers the report and the budget check use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFacts {
    pub name: PolicyName,
    pub document: String,
    /// This document's IAM size.
    pub size: usize,
    /// The user's other inline policies and their sizes.
    pub others: Vec<(String, usize)>,
    pub change: Change,
}

impl PolicyFacts {
    /// All of the user's inline policies together, as IAM counts them against [`INLINE_BUDGET`].
    #[must_use]
    pub fn aggregate(&self) -> usize {
        self.size + self.others.iter().map(|(_, size)| size).sum::<usize>()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Unchanged,
    Created,
    /// Replaces a different document (held here, for the diff and a rollback).
    Replaced {
        current: String,
    },
}

impl Change {
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Change::Unchanged => "unchanged",
            Change::Created => "created",
            Change::Replaced { .. } => "replaced",
        }
    }
}

/// How the user came to be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserOutcome {
    Created,
    Existing,
    Adopted,
}

impl UserOutcome {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            UserOutcome::Created => "created",
            UserOutcome::Existing => "existing",
            UserOutcome::Adopted => "adopted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub user: UserName,
    pub steps: Vec<Step>,
    pub user_outcome: UserOutcome,
    /// The stored key that is reused, when no key is created.
    pub reused_key: Option<String>,
    pub policy: Option<PolicyFacts>,
    pub notes: Vec<Note>,
}

/// A question the plan needs answered before its first write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// Replace the attached inline policy with a different document.
    ReplacePolicy { user: UserName, policy: PolicyName },
}

impl Plan {
    /// The confirmation this plan needs, if any: asked (or refused without `--yes`) before any write.
    #[must_use]
    pub fn confirmation(&self) -> Option<Confirmation> {
        let policy = self.policy.as_ref()?;
        matches!(policy.change, Change::Replaced { .. })
            .then(|| Confirmation::ReplacePolicy { user: self.user.clone(), policy: policy.name.clone() })
    }

    /// Nothing to change in AWS or on this machine (verify may still run).
    #[must_use]
    pub fn is_converged(&self) -> bool {
        self.steps.iter().all(|s| *s == Step::Verify)
    }

    /// The steps of one phase, in plan order.
    pub fn phase(&self, phase: u8) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.phase() == phase)
    }
}

/// Why no plan can be made: each is what the run would otherwise refuse after a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// The user exists without the managed-by tag and `--adopt` was not given.
    Unmanaged,
    /// attach-policy: there is no such user.
    NoSuchUser,
    /// Two keys already (IAM's limit, inactive ones included), none of them the stored one.
    KeyLimit(Vec<AccessKeyInfo>),
    /// The user's inline policies would exceed IAM's budget.
    OverBudget { size: usize, others: Vec<(String, usize)> },
    /// A key must be created and nothing here can keep it: no keyring, no `--keys-file`.
    NoKeyStore,
}

/// The steps that bring the account to what is wanted; nothing for what is already there.
pub fn plan(observed: &Observed, wanted: &Wanted) -> Result<Plan, Blocker> {
    let mut steps = Vec::new();
    let mut notes = Vec::new();
    let user_outcome = match (&observed.user, &wanted.create) {
        (None, Some(new)) => {
            steps.push(Step::CreateUser(new.clone()));
            UserOutcome::Created
        }
        (None, None) => return Err(Blocker::NoSuchUser),
        (Some(user), create) => {
            if let Some(wanted_boundary) = create.as_ref().and_then(|c| c.permissions_boundary.as_ref())
                && user.permissions_boundary.as_ref() != Some(wanted_boundary)
            {
                notes.push(Note::BoundaryKept(user.permissions_boundary.clone()));
            }
            if user.managed {
                UserOutcome::Existing
            } else if wanted.adopt {
                steps.push(Step::AdoptUser);
                if user.console_password == Some(true) {
                    notes.push(Note::ConsolePassword);
                }
                UserOutcome::Adopted
            } else {
                return Err(Blocker::Unmanaged);
            }
        }
    };

    if observed.user.is_some() {
        steps.extend(observed.orphans.iter().cloned().map(Step::DeleteOrphanKey));
    }
    let mut reused_key = None;
    if let Some(copies) = &wanted.key {
        reused_key = plan_key(observed, copies, &mut steps, &mut notes)?;
    }

    let policy = match &wanted.policy {
        Some(policy) => {
            let facts = plan_policy(observed.user.as_ref(), policy, observed.partition)?;
            if facts.change != Change::Unchanged {
                let replaces = match &facts.change {
                    Change::Replaced { current } => Some(current.clone()),
                    _ => None,
                };
                steps.push(Step::PutUserPolicy { replaces });
            }
            Some(facts)
        }
        None => None,
    };
    if wanted.verify {
        steps.push(Step::Verify);
    }
    Ok(Plan { user: wanted.user.clone(), steps, user_outcome, reused_key, policy, notes })
}

/// Reuse the stored key when IAM still lists it as active; else create one (within the limit).
fn plan_key(
    observed: &Observed,
    copies: &KeyCopies,
    steps: &mut Vec<Step>,
    notes: &mut Vec<Note>,
) -> Result<Option<String>, Blocker> {
    let all_keys = observed.user.as_ref().map_or(&[][..], |u| u.keys.as_slice());
    let live: Vec<AccessKeyInfo> = all_keys.iter().filter(|k| !observed.orphans.contains(&k.id)).cloned().collect();
    let iam_keys = live.as_slice();
    let durable = matches!(observed.keyring, KeyringState::Usable { durable: true });
    let usable = matches!(observed.keyring, KeyringState::Usable { .. });
    // The file copy: the one asked for, or the default one when the keyring cannot keep the key.
    let file = copies.file.clone().or_else(|| (!durable).then(|| observed.default_key_file.clone()).flatten());
    let volatile_note = |notes: &mut Vec<Note>| {
        if usable && !durable && copies.file.is_none() {
            notes.push(Note::VolatileKeyring);
        }
    };

    if let Some(stored) = &observed.stored_key {
        match iam_keys.iter().find(|k| k.id == stored.id) {
            Some(key) if key.active => {
                if usable && !stored.in_keyring {
                    steps.push(Step::CopyKey(KeyPlace::Keyring));
                }
                if let Some(path) = file.filter(|_| stored.file.is_none()) {
                    volatile_note(notes);
                    steps.push(Step::CopyKey(KeyPlace::File(path)));
                }
                let others: Vec<AccessKeyInfo> = iam_keys.iter().filter(|k| k.id != stored.id).cloned().collect();
                if !others.is_empty() {
                    notes.push(Note::OtherKeys(others));
                }
                return Ok(Some(stored.id.clone()));
            }
            Some(_) => notes.push(Note::StoredKeyInactive(stored.id.clone())),
            None if observed.user.is_some() => notes.push(Note::StoredKeyGone(stored.id.clone())),
            None => {}
        }
    }
    if iam_keys.len() >= 2 {
        return Err(Blocker::KeyLimit(iam_keys.to_vec()));
    }
    let mut store = Vec::new();
    if usable {
        store.push(KeyPlace::Keyring);
    }
    // Without a keyring, a file is the only place: the one asked for, else none (the key would
    // exist only on screen, so that is refused before anything is created).
    let file = if usable { file } else { copies.file.clone() };
    match file {
        Some(path) => store.push(KeyPlace::File(path)),
        None if !usable => return Err(Blocker::NoKeyStore),
        None => {}
    }
    if usable {
        volatile_note(notes);
    } else {
        notes.push(Note::FileOnly);
    }
    if !iam_keys.is_empty() {
        notes.push(Note::OtherKeys(iam_keys.to_vec()));
    }
    steps.push(Step::CreateAccessKey { store });
    Ok(None)
}

fn plan_policy(
    user: Option<&ObservedUser>,
    wanted: &WantedPolicy,
    partition: Partition,
) -> Result<PolicyFacts, Blocker> {
    let inline = user.map_or(&[][..], |u| u.inline_policies.as_slice());
    let name = wanted.name.as_str();
    let document = wanted.document.render(partition);
    let others: Vec<(String, usize)> =
        inline.iter().filter(|p| p.name != name).map(|p| (p.name.clone(), iam_size(&p.document))).collect();
    let size = iam_size(&document);
    let change = match inline.iter().find(|p| p.name == name) {
        Some(current) if same_document(&current.document, &document) => Change::Unchanged,
        Some(current) => Change::Replaced { current: current.document.clone() },
        None => Change::Created,
    };
    let facts = PolicyFacts { name: wanted.name.clone(), document, size, others, change };
    if facts.aggregate() > INLINE_BUDGET {
        return Err(Blocker::OverBudget { size: facts.size, others: facts.others });
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[]}"#;

    fn key(id: &str, active: bool) -> AccessKeyInfo {
        AccessKeyInfo { id: id.to_owned(), active, created: String::new(), created_epoch: None }
    }

    fn user(managed: bool, keys: &[(&str, bool)]) -> ObservedUser {
        ObservedUser { managed, keys: keys.iter().map(|(k, a)| key(k, *a)).collect(), ..ObservedUser::default() }
    }

    fn wanted() -> Wanted {
        Wanted {
            user: UserName::parse("u").unwrap(),
            create: Some(NewUser::default()),
            adopt: false,
            key: Some(KeyCopies::default()),
            policy: Some(WantedPolicy {
                name: PolicyName::parse("p").unwrap(),
                document: PolicySource::Text(POLICY.to_owned()),
            }),
            verify: true,
        }
    }

    fn nothing() -> Observed {
        Observed {
            partition: Partition::Aws,
            user: None,
            stored_key: None,
            keyring: KeyringState::Usable { durable: true },
            default_key_file: None,
            orphans: Vec::new(),
        }
    }

    #[test]
    fn a_crashed_runs_orphan_is_deleted_first_and_frees_its_slot() {
        let observed = Observed {
            user: Some(user(true, &[("A", true), ("ORPHAN", true)])),
            orphans: vec!["ORPHAN".to_owned()],
            ..nothing()
        };
        let steps = plan(&observed, &Wanted { policy: None, verify: false, ..wanted() }).unwrap().steps;
        assert_eq!(steps[0], Step::DeleteOrphanKey("ORPHAN".to_owned()));
        assert!(matches!(steps[1], Step::CreateAccessKey { .. }), "the orphan's slot is free: {steps:?}");
    }

    fn stored(id: &str) -> StoredKeyRef {
        StoredKeyRef { id: id.to_owned(), in_keyring: true, file: None }
    }

    fn with_policy(mut user: ObservedUser, name: &str, document: &str) -> ObservedUser {
        user.inline_policies.push(InlinePolicy { name: name.to_owned(), document: document.to_owned() });
        user
    }

    #[test]
    fn a_fresh_account_gets_everything() {
        let plan = plan(&nothing(), &wanted()).unwrap();
        assert_eq!(
            plan.steps,
            [
                Step::CreateUser(NewUser::default()),
                Step::CreateAccessKey { store: vec![KeyPlace::Keyring] },
                Step::PutUserPolicy { replaces: None },
                Step::Verify
            ]
        );
        assert_eq!(plan.user_outcome, UserOutcome::Created);
        assert_eq!(plan.confirmation(), None);
        assert_eq!(plan.policy.unwrap().change, Change::Created);
    }

    #[test]
    fn a_converged_account_gets_nothing_but_verify() {
        let observed = Observed {
            user: Some(with_policy(
                user(true, &[("AKIA1", true)]),
                "p",
                "{ \"Version\": \"2012-10-17\", \"Statement\": [] }",
            )),
            stored_key: Some(stored("AKIA1")),
            ..nothing()
        };
        let plan = plan(&observed, &wanted()).unwrap();
        assert_eq!(plan.steps, [Step::Verify]);
        assert!(plan.is_converged());
        assert_eq!(plan.reused_key.as_deref(), Some("AKIA1"));
        assert!(plan.notes.is_empty(), "{:?}", plan.notes);
    }

    #[test]
    fn a_different_policy_is_replaced_and_needs_confirming_and_a_stale_key_renewed() {
        let current = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}"#;
        let observed = Observed {
            user: Some(with_policy(user(true, &[("AKIA1", false)]), "p", current)),
            stored_key: Some(stored("AKIA1")),
            ..nothing()
        };
        let plan = plan(&observed, &Wanted { verify: false, ..wanted() }).unwrap();
        assert_eq!(
            plan.steps,
            [
                Step::CreateAccessKey { store: vec![KeyPlace::Keyring] },
                Step::PutUserPolicy { replaces: Some(current.to_owned()) }
            ]
        );
        assert_eq!(
            plan.confirmation(),
            Some(Confirmation::ReplacePolicy {
                user: UserName::parse("u").unwrap(),
                policy: PolicyName::parse("p").unwrap()
            })
        );
        assert!(plan.notes.contains(&Note::StoredKeyInactive("AKIA1".to_owned())));
    }

    #[test]
    fn blockers_are_found_without_writing() {
        let unmanaged = Observed { user: Some(user(false, &[])), ..nothing() };
        assert_eq!(plan(&unmanaged, &wanted()), Err(Blocker::Unmanaged));
        assert_eq!(plan(&unmanaged, &Wanted { adopt: true, ..wanted() }).unwrap().steps[0], Step::AdoptUser);

        let full = Observed { user: Some(user(true, &[("A", true), ("B", false)])), ..nothing() };
        assert!(matches!(plan(&full, &wanted()), Err(Blocker::KeyLimit(keys)) if keys.len() == 2));

        let crowded = Observed { user: Some(with_policy(user(true, &[]), "other", &"x".repeat(2_040))), ..nothing() };
        assert!(
            matches!(plan(&crowded, &wanted()), Err(Blocker::OverBudget { size, others }) if size + others[0].1 > 2_048)
        );

        assert_eq!(plan(&nothing(), &Wanted { create: None, ..wanted() }), Err(Blocker::NoSuchUser));
        let no_keyring = Observed { keyring: KeyringState::Unusable, ..nothing() };
        assert_eq!(plan(&no_keyring, &wanted()), Err(Blocker::NoKeyStore));
    }

    #[test]
    fn where_a_new_key_goes() {
        let file = PathBuf::from("/k.json");
        let default = PathBuf::from("/default.json");
        let copies = |file: Option<&PathBuf>| KeyCopies { file: file.cloned() };
        let store_of = |keyring, file: Option<&PathBuf>| {
            let observed = Observed { keyring, default_key_file: Some(default.clone()), ..nothing() };
            let plan = plan(&observed, &Wanted { key: Some(copies(file)), policy: None, verify: false, ..wanted() });
            match &plan.unwrap().steps[1] {
                Step::CreateAccessKey { store } => store.clone(),
                other => panic!("{other:?}"),
            }
        };
        let durable = KeyringState::Usable { durable: true };
        let volatile = KeyringState::Usable { durable: false };
        assert_eq!(store_of(durable, None), [KeyPlace::Keyring]);
        assert_eq!(store_of(durable, Some(&file)), [KeyPlace::Keyring, KeyPlace::File(file.clone())]);
        assert_eq!(store_of(volatile, None), [KeyPlace::Keyring, KeyPlace::File(default.clone())]);
        assert_eq!(store_of(KeyringState::Unusable, Some(&file)), [KeyPlace::File(file.clone())]);
    }

    #[test]
    fn a_reused_key_gets_its_missing_copies() {
        let in_file = StoredKeyRef { id: "A".to_owned(), in_keyring: false, file: Some(PathBuf::from("/k.json")) };
        let observed = Observed { user: Some(user(true, &[("A", true)])), stored_key: Some(in_file), ..nothing() };
        let copied = plan(&observed, &Wanted { policy: None, verify: false, ..wanted() }).unwrap();
        assert_eq!(copied.steps, [Step::CopyKey(KeyPlace::Keyring)]);

        let observed = Observed {
            user: Some(user(true, &[("A", true)])),
            stored_key: Some(stored("A")),
            keyring: KeyringState::Usable { durable: false },
            default_key_file: Some(PathBuf::from("/d.json")),
            ..nothing()
        };
        let plan = plan(&observed, &Wanted { policy: None, verify: false, ..wanted() }).unwrap();
        assert_eq!(plan.steps, [Step::CopyKey(KeyPlace::File(PathBuf::from("/d.json")))]);
    }
}
