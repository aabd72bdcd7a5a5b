//! After setup: the plans for rotating a user's key without downtime and for removing everything
//! this tool set up. Pure, like `plan`, and in the same step family ([`Step`]): what `--dry-run`
//! prints is what runs, and every refusal is found before the first write.

use super::iam::{AccessKeyInfo, LastUsed};
pub use super::plan::{KeyGoes, LocalCopy, Step};

/// What teardown found of a user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeardownUser {
    pub managed: bool,
    /// Adopted by this tool: the keys the user had then (`None`: this tool created the user).
    pub adopted: Option<Vec<String>>,
    /// The IAM path an adopted user had before it was moved under `/pixelshift-aws/`, if it was.
    pub adopted_path: Option<String>,
    pub keys: Vec<String>,
    pub inline_policies: Vec<String>,
    /// Which of `inline_policies` is this tool's (its policy name).
    pub our_inline: Vec<String>,
    /// ARNs of the managed policies attached to it.
    pub attached: Vec<String>,
    pub groups: Vec<String>,
    pub console_password: bool,
}

/// A teardown: the steps, and what an adopted user keeps (for the plan: `--all` removes it too).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Teardown {
    pub steps: Vec<Step>,
    pub kept: Vec<String>,
}

/// Everything to remove, in the order IAM requires (a user with keys, policies, groups or a console
/// password cannot be deleted), then the managed policies this tool made for it (`owned`: ARNs,
/// attached to nothing else), then the copies here. A user already gone leaves its owned policies
/// and the local copies: a half-finished teardown resumes. A user this tool did not create is never
/// touched.
///
/// An adopted user is given back as adoption found it: only the keys made since, the tool's inline
/// policy and the managed policies it made go, and the adoption tags are removed; the user, its own
/// keys and policies, groups and console password stay (listed in `kept`). `all` removes those too.
pub fn teardown(
    user: Option<&TeardownUser>,
    owned: &[String],
    local: &[LocalCopy],
    all: bool,
) -> Result<Teardown, Refusal> {
    let mut plan = Teardown::default();
    if let Some(user) = user {
        if !user.managed {
            return Err(Refusal::Unmanaged);
        }
        if let Some(found) = user.adopted.as_ref().filter(|_| !all) {
            give_back(user, found, owned, &mut plan);
        } else {
            let steps = &mut plan.steps;
            steps.extend(user.keys.iter().map(|id| Step::DeleteAccessKey { id: id.clone(), why: KeyGoes::Teardown }));
            steps.extend(user.inline_policies.iter().map(|name| Step::DeleteUserPolicy { name: name.clone() }));
            steps.extend(user.attached.iter().cloned().map(Step::DetachUserPolicy));
            steps.extend(user.groups.iter().cloned().map(Step::LeaveGroup));
            if user.console_password {
                steps.push(Step::DeleteLoginProfile);
            }
            steps.push(Step::DeleteUser);
        }
    }
    plan.steps.extend(owned.iter().cloned().map(Step::DeletePolicy));
    plan.steps.extend(local.iter().cloned().map(Step::Forget));
    Ok(plan)
}

/// An adopted user's teardown: what this tool added goes, the adoption tags are removed, and what
/// adoption `found` (with everything the tool never adds) is listed as kept.
fn give_back(user: &TeardownUser, found: &[String], owned: &[String], plan: &mut Teardown) {
    let (made, theirs): (Vec<&String>, Vec<&String>) = user.keys.iter().partition(|id| !found.contains(id));
    let steps = &mut plan.steps;
    steps.extend(made.into_iter().map(|id| Step::DeleteAccessKey { id: id.clone(), why: KeyGoes::Teardown }));
    steps.extend(user.our_inline.iter().map(|name| Step::DeleteUserPolicy { name: name.clone() }));
    steps.extend(user.attached.iter().filter(|arn| owned.contains(arn)).cloned().map(Step::DetachUserPolicy));
    steps.push(Step::ReleaseUser { path: user.adopted_path.clone() });
    let kept = &mut plan.kept;
    kept.extend(theirs.into_iter().map(|id| format!("access key {id}")));
    let their_inline = user.inline_policies.iter().filter(|n| !user.our_inline.contains(n));
    kept.extend(their_inline.map(|n| format!("inline policy {n}")));
    let their_attached = user.attached.iter().filter(|arn| !owned.contains(arn));
    kept.extend(their_attached.map(|arn| format!("attached policy {arn}")));
    kept.extend(user.groups.iter().map(|g| format!("group membership {g}")));
    if user.console_password {
        kept.push("console password".to_owned());
    }
    kept.push("the user itself".to_owned());
}

/// Why a lifecycle plan cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Unmanaged,
    NoSuchUser,
    /// No key is stored here to rotate from.
    NothingStored,
    /// A rotation is waiting for `--finish` (the previous pair is still kept).
    InProgress {
        previous: String,
    },
    /// Two keys, and neither may be deleted: both stored here, or the other one active.
    KeyLimit(Vec<AccessKeyInfo>),
    /// `--finish` without a rotation in progress.
    NotRotating,
    /// Nothing shows that the dashboard uses the new key yet: retiring the old one could take
    /// Pixelshift down.
    NotSwitched(Box<Usage>),
    /// The new pair is not stored here, or its key is not active in IAM (or AWS rejects it):
    /// retiring the old key would leave no working stored key. `new`: the current pair's key id,
    /// if one is stored.
    NewPairNotReady {
        old: String,
        new: Option<String>,
    },
}

/// A clock margin, in seconds, between this machine's record of its own last use of a key and
/// AWS's: a use must come this much later to count as someone else's. Both clocks are usually
/// within a second (`SigV4` itself refuses requests more than five minutes off).
pub const CLOCK_MARGIN_SECS: i64 = 3;

/// What IAM says of both keys of a rotation, and when the tool last used the new one itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub old_id: String,
    pub old_last_used: Option<LastUsed>,
    pub new_id: Option<String>,
    pub new_last_used: Option<LastUsed>,
    /// The end of the tool's own last use of the new key (phase one's probes, `verify`); `None`
    /// when this machine has no record of the rotation.
    pub tool_used: Option<i64>,
}

impl Usage {
    /// Whether Pixelshift's dashboard has switched to the new key: the new key was used after the
    /// tool's own last use of it, through a service other than STS (status checks a stored key
    /// through STS; Pixelshift works through S3), and more recently than the old key.
    #[must_use]
    pub fn switched(&self) -> bool {
        let (Some(tool_used), Some(new)) = (self.tool_used, &self.new_last_used) else { return false };
        new.at > tool_used + CLOCK_MARGIN_SECS
            && new.service != "sts"
            && self.old_last_used.as_ref().is_none_or(|old| new.at > old.at)
    }
}

/// What rotate-keys found of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotateInput {
    pub managed: bool,
    pub keys: Vec<AccessKeyInfo>,
    /// The key stored here as the current pair.
    pub current: Option<String>,
    /// The previous pair kept from a rotation not yet finished.
    pub previous: Option<String>,
    /// Keys a crashed run made and never stored (its intent says so): deleted first, and not
    /// counted against IAM's two keys.
    pub orphans: Vec<String>,
}

/// Phase one of a rotation: a new key next to the old one, both working until `--finish`.
pub fn rotate(input: &RotateInput, verify: bool) -> Result<Vec<Step>, Refusal> {
    if !input.managed {
        return Err(Refusal::Unmanaged);
    }
    if let Some(previous) = &input.previous {
        return Err(Refusal::InProgress { previous: previous.clone() });
    }
    let Some(current) = &input.current else { return Err(Refusal::NothingStored) };
    let mut steps: Vec<Step> = input
        .orphans
        .iter()
        .filter(|id| *id != current)
        .map(|id| Step::DeleteAccessKey { id: id.clone(), why: KeyGoes::Orphan })
        .collect();
    let live: Vec<&AccessKeyInfo> = input.keys.iter().filter(|k| !input.orphans.contains(&k.id)).collect();
    if live.len() >= 2 {
        let unused = live.iter().find(|k| !k.active && k.id != *current);
        match unused {
            Some(key) => steps.push(Step::DeleteAccessKey { id: key.id.clone(), why: KeyGoes::Unused }),
            None => return Err(Refusal::KeyLimit(input.keys.clone())),
        }
    }
    steps.extend([Step::CreateAccessKey { store: Vec::new(), fallback: None }, Step::StoreRotated]);
    if verify {
        steps.push(Step::Verify);
    }
    Ok(steps)
}

/// What `rotate-keys --finish` found: the old (previous) key and the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishInput {
    /// The previous pair's key id, if a rotation is in progress.
    pub previous: Option<String>,
    /// The old key as IAM lists it (`None`: already deleted).
    pub old: Option<AccessKeyInfo>,
    /// Both keys' last use, and the tool's own use of the new one.
    pub usage: Usage,
    /// Where this machine keeps the previous pair.
    pub copies: Vec<LocalCopy>,
    /// The new pair is stored here as the current one, and IAM lists its key as active: once the
    /// old key goes, it is the only working stored key.
    pub new_ready: bool,
}

/// Phase two: once the dashboard uses the new key (see [`Usage::switched`]), the old one is
/// deactivated, then deleted (kept inactive with `keep_old`), and the previous pair forgotten. An
/// old key already gone leaves only the forgetting. `force` skips the dashboard check.
pub fn finish(input: &FinishInput, force: bool, keep_old: bool) -> Result<Vec<Step>, Refusal> {
    let Some(previous) = &input.previous else { return Err(Refusal::NotRotating) };
    let mut steps = Vec::new();
    if let Some(old) = &input.old {
        // Not even `--force` retires the old key when no working new pair is stored here.
        if !input.new_ready {
            return Err(Refusal::NewPairNotReady { old: previous.clone(), new: input.usage.new_id.clone() });
        }
        if !force && !input.usage.switched() {
            return Err(Refusal::NotSwitched(Box::new(input.usage.clone())));
        }
        if old.active {
            steps.push(Step::DeactivateAccessKey(previous.clone()));
        }
        if !keep_old {
            steps.push(Step::DeleteAccessKey { id: previous.clone(), why: KeyGoes::Rotated });
        }
    }
    steps.extend(input.copies.iter().cloned().map(Step::Forget));
    Ok(steps)
}

#[cfg(test)]
mod tests;
