//! What is there + what the operator wants → the steps that get there, or why none can.
//!
//! Pure, and the only place where a change to AWS is decided: reuse or create the user and its key,
//! refuse an unmanaged user, the two-key limit, IAM's aggregate inline budget, whether the policy is
//! unchanged, new or replaced, which stored copies of a reused key are missing. `--dry-run` prints the
//! [`Plan`], the confirmation it needs is asked before the first write, and apply executes its steps
//! and nothing else — so the dry run is the run, by construction.

use std::path::PathBuf;

use super::iam::{AccessKeyInfo, AttachedPolicy, InlinePolicy, ManagedPart};
use super::names::{PolicyName, UserName};
use super::policy::{
    ATTACHED_QUOTA, INLINE_BUDGET, MANAGED_BUDGET, Partition, PolicyChoice, PolicyType, iam_size, is_managed_path,
    managed_arn, managed_index, managed_name, managed_names_fit, same_document,
};
use super::verify::Grant;

/// IAM keeps at most five versions of a managed policy.
pub const MAX_VERSIONS: usize = 5;

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
    /// Only read when a policy is wanted (the quota of ten is over all of them).
    pub attached_policies: Vec<AttachedPolicy>,
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
    /// The account the user is in: a managed policy's ARN names it.
    pub account_id: String,
    /// `None` when the user does not exist.
    pub user: Option<ObservedUser>,
    pub stored_key: Option<StoredKeyRef>,
    pub keyring: KeyringState,
    /// Where a key goes when the keyring cannot keep it alone (`None`: no config directory).
    pub default_key_file: Option<PathBuf>,
    /// Keys a crashed run created and never stored (see `secrets::intent`): deleted before
    /// anything else, and not counted against IAM's two-key limit.
    pub orphans: Vec<String>,
    /// This tool's managed policies for the wanted policy: those attached to the user, and those
    /// the plan would create that exist already (by name).
    pub managed_parts: Vec<ManagedPart>,
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
    /// `None`: the type the user has now (a switch is asked for by name), inline for a new one.
    pub kind: Option<PolicyType>,
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

    /// The documents the policy is attached as: one inline; as managed policies, the buckets split
    /// over as few documents of at most 6,144 characters as hold them (a written document is not
    /// split). `Err(size)`: a document that cannot be made to fit.
    pub fn documents(&self, kind: PolicyType, partition: Partition) -> Result<Vec<String>, usize> {
        match (kind, self) {
            (PolicyType::Inline, _) => Ok(vec![self.render(partition)]),
            (PolicyType::Managed, PolicySource::Choice(choice)) => match choice.split(partition, MANAGED_BUDGET) {
                Some(parts) => Ok(parts.iter().map(|part| part.document(partition).to_pretty_json()).collect()),
                None => Err(choice.document(partition).iam_size()),
            },
            (PolicyType::Managed, PolicySource::Text(text)) => {
                let size = iam_size(text);
                if size > MANAGED_BUDGET { Err(size) } else { Ok(vec![text.clone()]) }
            }
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
    /// `iam:CreatePolicy` under `/pixelshift-aws/`, tagged: the part's document as version v1.
    CreatePolicy { name: String },
    /// `iam:CreatePolicyVersion` as the new default; at IAM's limit of five versions the oldest
    /// non-default one (`prune`) is deleted first.
    CreatePolicyVersion { name: String, prune: Option<String> },
    /// `iam:AttachUserPolicy`.
    AttachUserPolicy { name: String },
    /// `iam:DeleteUserPolicy`: the inline policy a switch to managed policies replaces.
    DeleteUserPolicy { name: String },
    /// `iam:DetachUserPolicy`, then `iam:DeletePolicy` (its old versions first) unless something
    /// else still has it attached: a managed policy a switch to inline, or fewer parts, leaves unused.
    RetirePolicy { name: String, delete: bool },
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
            Step::CreateAccessKey { .. }
            | Step::CopyKey(_)
            | Step::PutUserPolicy { .. }
            | Step::CreatePolicy { .. }
            | Step::CreatePolicyVersion { .. }
            | Step::AttachUserPolicy { .. }
            | Step::DeleteUserPolicy { .. }
            | Step::RetirePolicy { .. } => 1,
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
            Step::CreatePolicy { .. } => "iam:CreatePolicy",
            Step::CreatePolicyVersion { .. } => "iam:CreatePolicyVersion",
            Step::AttachUserPolicy { .. } => "iam:AttachUserPolicy",
            Step::DeleteUserPolicy { .. } => "iam:DeleteUserPolicy",
            Step::RetirePolicy { .. } => "iam:DeletePolicy",
            Step::Verify => "verify",
        }
    }

    /// A change to AWS (as opposed to a local copy or a read-only check).
    #[must_use]
    pub fn writes_aws(&self) -> bool {
        !matches!(self, Step::CopyKey(_) | Step::Verify)
    }

    /// One of the policy's steps.
    #[must_use]
    pub fn is_policy(&self) -> bool {
        matches!(
            self,
            Step::PutUserPolicy { .. }
                | Step::CreatePolicy { .. }
                | Step::CreatePolicyVersion { .. }
                | Step::AttachUserPolicy { .. }
                | Step::DeleteUserPolicy { .. }
                | Step::RetirePolicy { .. }
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
    /// A dry run without a usable keyring or `--keys-file`: the real run needs a file, and this
    /// one is the default (the wizard offers it).
    KeysFileNeeded(PathBuf),
}

/// The policy part of a plan: the documents, their numbers, and what each changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFacts {
    pub name: PolicyName,
    pub kind: PolicyType,
    /// The documents the user ends up with: one inline, or each managed policy in order.
    pub parts: Vec<PolicyPart>,
    /// Inline: the user's other inline policies and their sizes (they share the budget).
    pub others: Vec<(String, usize)>,
    /// Managed: the other managed policies attached to the user (they share the quota of ten).
    pub attached_others: Vec<String>,
    /// The policies of the other type (or unused parts) this plan removes, with their documents.
    pub removed: Vec<InlinePolicy>,
}

/// One document of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPart {
    /// The inline policy's name, or the managed policy's (`<policy>.<user>`, `.2` …).
    pub name: String,
    /// The managed policy's ARN.
    pub arn: Option<String>,
    pub document: String,
    /// This document's IAM size.
    pub size: usize,
    pub change: Change,
}

impl PolicyFacts {
    /// All of the user's inline policies together, as IAM counts them against [`INLINE_BUDGET`];
    /// for managed policies, the largest one's size (each has its own budget).
    #[must_use]
    pub fn aggregate(&self) -> usize {
        match self.kind {
            PolicyType::Inline => self.size() + self.others.iter().map(|(_, size)| size).sum::<usize>(),
            PolicyType::Managed => self.parts.iter().map(|p| p.size).max().unwrap_or(0),
        }
    }

    /// The budget [`PolicyFacts::aggregate`] is held against.
    #[must_use]
    pub fn budget(&self) -> usize {
        match self.kind {
            PolicyType::Inline => INLINE_BUDGET,
            PolicyType::Managed => MANAGED_BUDGET,
        }
    }

    /// All parts' sizes together.
    #[must_use]
    pub fn size(&self) -> usize {
        self.parts.iter().map(|p| p.size).sum()
    }

    /// The first (for inline policies: the only) document.
    #[must_use]
    pub fn document(&self) -> &str {
        self.parts.first().map_or("", |p| p.document.as_str())
    }

    /// The policy for people: "inline policy `p`", "managed policy `p.u`", "managed policies `p.u`, `p.u.2`".
    #[must_use]
    pub fn label(&self) -> String {
        let names: Vec<String> = self.parts.iter().map(|p| format!("`{}`", p.name)).collect();
        match (self.kind, names.len()) {
            (PolicyType::Inline, _) => format!("inline policy `{}`", self.name),
            (PolicyType::Managed, 1) => format!("managed policy {}", names[0]),
            (PolicyType::Managed, _) => format!("managed policies {}", names.join(", ")),
        }
    }

    /// The part named `name`.
    #[must_use]
    pub fn part(&self, name: &str) -> Option<&PolicyPart> {
        self.parts.iter().find(|p| p.name == name)
    }

    /// The whole change in a word: unchanged, created, replaced, or switched (inline ⇄ managed).
    #[must_use]
    pub fn change(&self) -> &'static str {
        let switched = match self.kind {
            PolicyType::Inline => !self.removed.is_empty(),
            PolicyType::Managed => self.removed.iter().any(|r| r.name == self.name.as_str()),
        };
        let all = |change: fn(&Change) -> bool| self.parts.iter().all(|p| change(&p.change));
        if switched {
            "switched"
        } else if all(|c| *c == Change::Unchanged) && self.removed.is_empty() {
            "unchanged"
        } else if all(|c| *c == Change::Created) {
            "created"
        } else {
            "replaced"
        }
    }

    /// What the user could do before this plan, and what after: when they differ, a person says yes.
    #[must_use]
    pub fn grant_changes(&self) -> bool {
        let before: Vec<&str> = self
            .parts
            .iter()
            .filter_map(|p| match &p.change {
                Change::Unchanged => Some(p.document.as_str()),
                Change::Replaced { current } => Some(current.as_str()),
                Change::Created => None,
            })
            .chain(self.removed.iter().map(|r| r.document.as_str()))
            .collect();
        if before.is_empty() {
            return false;
        }
        Grant::of_all(before) != Grant::of_all(self.parts.iter().map(|p| p.document.as_str()))
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
        let replaced = policy.parts.iter().any(|p| matches!(p.change, Change::Replaced { .. }));
        (replaced || (!policy.removed.is_empty() && policy.grant_changes()))
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
    /// A managed policy document over 6,144 characters that cannot be split (one bucket's worth,
    /// or a written document).
    ManagedTooLarge { size: usize },
    /// More managed policies than the user may have attached, counting those it has.
    ManagedQuota { needed: usize, others: Vec<String> },
    /// A managed policy the plan needs exists, attached to another user, group or role.
    ManagedNameTaken { name: String },
    /// `<policy>.<user>.N` would pass IAM's 128 characters for a policy name.
    ManagedNameTooLong { name: String },
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
            let (facts, policy_steps) = plan_policy(observed, wanted.user.as_str(), policy)?;
            steps.extend(policy_steps);
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

/// The policy's documents and the steps that attach them: inline, or as managed policies — the
/// new ones created and attached, changed ones given a new version, and only then the other
/// type's (or unused parts) removed, so the user is never left with neither.
fn plan_policy(observed: &Observed, user: &str, wanted: &WantedPolicy) -> Result<(PolicyFacts, Vec<Step>), Blocker> {
    let attached = observed.user.as_ref().map_or(&[][..], |u| &u.attached_policies[..]);
    let name = wanted.name.as_str();
    let ours: Vec<&AttachedPolicy> =
        attached.iter().filter(|a| is_managed_path(&a.arn) && managed_index(name, user, &a.name).is_some()).collect();
    let kind = wanted.kind.unwrap_or(if ours.is_empty() { PolicyType::Inline } else { PolicyType::Managed });
    let documents =
        wanted.document.documents(kind, observed.partition).map_err(|size| Blocker::ManagedTooLarge { size })?;
    let mut facts = PolicyFacts {
        name: wanted.name.clone(),
        kind,
        parts: Vec::new(),
        others: Vec::new(),
        attached_others: Vec::new(),
        removed: Vec::new(),
    };
    let mut steps = match kind {
        PolicyType::Inline => plan_inline(observed, documents, &mut facts)?,
        PolicyType::Managed => plan_managed(observed, user, documents, &ours, &mut facts)?,
    };
    // Last: what the new policy replaces — inline when switching to managed, managed parts when
    // switching to inline or when fewer parts hold the buckets now.
    if kind == PolicyType::Managed
        && let Some(current) = observed.user.iter().flat_map(|u| &u.inline_policies).find(|p| p.name == name)
    {
        steps.push(Step::DeleteUserPolicy { name: name.to_owned() });
        facts.removed.push(current.clone());
    }
    let unused: Vec<&&AttachedPolicy> = ours.iter().filter(|a| facts.part(&a.name).is_none()).collect();
    for policy in unused {
        let part = observed.managed_parts.iter().find(|p| p.arn == policy.arn);
        let delete = part.is_none_or(|p| p.attachments <= 1);
        steps.push(Step::RetirePolicy { name: policy.name.clone(), delete });
        let document = part.and_then(|p| p.document.clone()).unwrap_or_default();
        facts.removed.push(InlinePolicy { name: policy.name.clone(), document });
    }
    Ok((facts, steps))
}

/// One inline document, held against IAM's budget for all of the user's inline policies.
fn plan_inline(observed: &Observed, documents: Vec<String>, facts: &mut PolicyFacts) -> Result<Vec<Step>, Blocker> {
    let inline = observed.user.as_ref().map_or(&[][..], |u| &u.inline_policies[..]);
    let name = facts.name.as_str();
    let document = documents.into_iter().next().unwrap_or_default();
    facts.others = inline.iter().filter(|p| p.name != name).map(|p| (p.name.clone(), iam_size(&p.document))).collect();
    let change = match inline.iter().find(|p| p.name == name) {
        Some(current) if same_document(&current.document, &document) => Change::Unchanged,
        Some(current) => Change::Replaced { current: current.document.clone() },
        None => Change::Created,
    };
    let step = match &change {
        Change::Unchanged => None,
        Change::Created => Some(Step::PutUserPolicy { replaces: None }),
        Change::Replaced { current } => Some(Step::PutUserPolicy { replaces: Some(current.clone()) }),
    };
    facts.parts.push(PolicyPart { name: name.to_owned(), arn: None, size: iam_size(&document), document, change });
    if facts.aggregate() > INLINE_BUDGET {
        return Err(Blocker::OverBudget { size: facts.size(), others: facts.others.clone() });
    }
    Ok(step.into_iter().collect())
}

/// One managed policy per document: created and attached where missing, a new default version
/// where different (the oldest pruned at IAM's limit), within the user's attached-policy quota.
fn plan_managed(
    observed: &Observed,
    user: &str,
    documents: Vec<String>,
    ours: &[&AttachedPolicy],
    facts: &mut PolicyFacts,
) -> Result<Vec<Step>, Blocker> {
    let attached = observed.user.as_ref().map_or(&[][..], |u| &u.attached_policies[..]);
    facts.attached_others =
        attached.iter().filter(|a| !ours.iter().any(|o| o.arn == a.arn)).map(|a| a.name.clone()).collect();
    if documents.len() + facts.attached_others.len() > ATTACHED_QUOTA {
        return Err(Blocker::ManagedQuota { needed: documents.len(), others: facts.attached_others.clone() });
    }
    if !managed_names_fit(facts.name.as_str(), user, documents.len()) {
        return Err(Blocker::ManagedNameTooLong {
            name: managed_name(facts.name.as_str(), user, documents.len().saturating_sub(1)),
        });
    }
    // New parts are created and attached before existing ones change, so a bucket moving between
    // parts is granted throughout.
    let (mut created, mut changed) = (Vec::new(), Vec::new());
    for (index, document) in documents.into_iter().enumerate() {
        let name = managed_name(facts.name.as_str(), user, index);
        let arn = managed_arn(observed.partition, &observed.account_id, &name);
        let is_attached = ours.iter().any(|a| a.arn == arn);
        let change = match observed.managed_parts.iter().find(|p| p.arn == arn) {
            None => {
                created.push(Step::CreatePolicy { name: name.clone() });
                created.push(Step::AttachUserPolicy { name: name.clone() });
                Change::Created
            }
            Some(part) if !is_attached && part.attachments > 0 => return Err(Blocker::ManagedNameTaken { name }),
            Some(part) => {
                let current = part.document.clone().unwrap_or_default();
                let change = if same_document(&current, &document) {
                    Change::Unchanged
                } else {
                    let prune = (part.versions.len() >= MAX_VERSIONS)
                        .then(|| part.versions.iter().find(|v| !v.default).map(|v| v.id.clone()))
                        .flatten();
                    changed.push(Step::CreatePolicyVersion { name: name.clone(), prune });
                    Change::Replaced { current }
                };
                if !is_attached {
                    // Left by a run that stopped between creating and attaching it.
                    changed.push(Step::AttachUserPolicy { name: name.clone() });
                }
                change
            }
        };
        facts.parts.push(PolicyPart { name, arn: Some(arn), size: iam_size(&document), document, change });
    }
    created.extend(changed);
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::iam::PolicyVersion;

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
                kind: None,
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
            account_id: "123456789012".to_owned(),
            managed_parts: Vec::new(),
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
        assert_eq!(plan.policy.unwrap().change(), "created");
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
    const ARN: &str = "arn:aws:iam::123456789012:policy/pixelshift-aws/p.u";

    fn managed_wanted(kind: Option<PolicyType>) -> Wanted {
        let mut wanted = Wanted { key: None, verify: false, create: None, ..wanted() };
        wanted.policy.as_mut().unwrap().kind = kind;
        wanted
    }

    fn attached(mut user: ObservedUser, name: &str, arn: &str) -> ObservedUser {
        user.attached_policies.push(AttachedPolicy { name: name.to_owned(), arn: arn.to_owned() });
        user
    }

    fn part(arn: &str, document: &str, versions: usize) -> ManagedPart {
        ManagedPart {
            name: arn.rsplit('/').next().unwrap().to_owned(),
            arn: arn.to_owned(),
            document: Some(document.to_owned()),
            default_version: format!("v{versions}"),
            versions: (1..=versions)
                .map(|n| PolicyVersion {
                    id: format!("v{n}"),
                    default: n == versions,
                    created_epoch: Some(i64::try_from(n).unwrap()),
                })
                .collect(),
            attachments: 1,
        }
    }

    #[test]
    fn managed_policies_are_created_then_attached_and_a_switch_removes_the_inline_one_last() {
        let observed = Observed { user: Some(with_policy(user(true, &[]), "p", POLICY)), ..nothing() };
        let plan = plan(&observed, &managed_wanted(Some(PolicyType::Managed))).unwrap();
        assert_eq!(
            plan.steps,
            [
                Step::CreatePolicy { name: "p.u".to_owned() },
                Step::AttachUserPolicy { name: "p.u".to_owned() },
                Step::DeleteUserPolicy { name: "p".to_owned() },
            ]
        );
        let facts = plan.policy.as_ref().unwrap();
        assert_eq!(facts.change(), "switched");
        assert_eq!(facts.parts[0].arn.as_deref(), Some(ARN));
        assert_eq!(plan.confirmation(), None, "the same grant in another form needs no yes");
    }

    #[test]
    fn without_a_type_the_user_keeps_what_it_has_and_inline_retires_the_managed_parts() {
        let user = attached(user(true, &[]), "p.u", ARN);
        let observed = Observed { user: Some(user), managed_parts: vec![part(ARN, POLICY, 1)], ..nothing() };
        let kept = plan(&observed, &managed_wanted(None)).unwrap();
        assert!(kept.steps.is_empty(), "converged as managed: {:?}", kept.steps);
        assert_eq!(kept.policy.unwrap().kind, PolicyType::Managed);

        let back = plan(&observed, &managed_wanted(Some(PolicyType::Inline))).unwrap();
        assert_eq!(
            back.steps,
            [Step::PutUserPolicy { replaces: None }, Step::RetirePolicy { name: "p.u".to_owned(), delete: true }]
        );
        assert_eq!(back.policy.unwrap().change(), "switched");
    }

    #[test]
    fn a_changed_document_becomes_a_new_version_and_the_oldest_goes_at_five() {
        let old = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"}]}"#;
        let user = attached(user(true, &[]), "p.u", ARN);
        let observed = Observed { user: Some(user), managed_parts: vec![part(ARN, old, 5)], ..nothing() };
        let plan = plan(&observed, &managed_wanted(None)).unwrap();
        assert_eq!(plan.steps, [Step::CreatePolicyVersion { name: "p.u".to_owned(), prune: Some("v1".to_owned()) }]);
        assert!(plan.confirmation().is_some(), "what the user may do changes");

        let observed = Observed { managed_parts: vec![part(ARN, old, 3)], ..observed };
        let steps = super::plan(&observed, &managed_wanted(None)).unwrap().steps;
        assert_eq!(steps, [Step::CreatePolicyVersion { name: "p.u".to_owned(), prune: None }]);
    }

    #[test]
    fn managed_refusals_come_before_any_write() {
        let mut crowded = user(true, &[]);
        for n in 0..10 {
            crowded = attached(crowded, &format!("other{n}"), &format!("arn:aws:iam::aws:policy/Other{n}"));
        }
        let observed = Observed { user: Some(crowded), ..nothing() };
        assert!(matches!(
            plan(&observed, &managed_wanted(Some(PolicyType::Managed))),
            Err(Blocker::ManagedQuota { needed: 1, others }) if others.len() == 10
        ));

        let mut taken = part(ARN, POLICY, 1);
        taken.attachments = 1;
        let observed = Observed { user: Some(user(true, &[])), managed_parts: vec![taken], ..nothing() };
        assert_eq!(
            plan(&observed, &managed_wanted(Some(PolicyType::Managed))),
            Err(Blocker::ManagedNameTaken { name: "p.u".to_owned() })
        );

        let huge = format!(r#"{{"Statement":[],"Pad":"{}"}}"#, "x".repeat(6_200));
        let mut wanted = managed_wanted(Some(PolicyType::Managed));
        wanted.policy.as_mut().unwrap().document = PolicySource::Text(huge);
        let observed = Observed { user: Some(user(true, &[])), ..nothing() };
        assert!(matches!(plan(&observed, &wanted), Err(Blocker::ManagedTooLarge { size }) if size > 6_144));
    }

    #[test]
    fn a_leftover_unattached_part_is_reused_and_attached() {
        let mut leftover = part(ARN, POLICY, 1);
        leftover.attachments = 0;
        let observed = Observed { user: Some(user(true, &[])), managed_parts: vec![leftover], ..nothing() };
        let steps = plan(&observed, &managed_wanted(Some(PolicyType::Managed))).unwrap().steps;
        assert_eq!(steps, [Step::AttachUserPolicy { name: "p.u".to_owned() }]);
    }
}
