//! The policy part of a plan: its documents inline or as managed policies, what each changes, and
//! IAM's inline budget and attached-policy quota held against them.

use super::{Blocker, MAX_VERSIONS, Observed, Step, WantedPolicy};
use crate::domain::iam::{AttachedPolicy, InlinePolicy};
use crate::domain::names::PolicyName;
use crate::domain::policy::{
    ATTACHED_QUOTA, PolicyType, iam_size, managed_arn, managed_name, managed_names_fit, our_part, same_document,
};
use crate::domain::verify::Grant;

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
        self.kind.budget()
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

/// The policy's documents and the steps that attach them: inline, or as managed policies — the
/// new ones created and attached, changed ones given a new version, and only then the other
/// type's (or unused parts) removed, so the user is never left with neither.
pub(super) fn plan_policy(
    observed: &Observed,
    user: &str,
    wanted: &WantedPolicy,
) -> Result<(PolicyFacts, Vec<Step>), Blocker> {
    let attached = observed.user.as_ref().map_or(&[][..], |u| &u.attached_policies[..]);
    let name = wanted.name.as_str();
    let ours: Vec<&AttachedPolicy> =
        attached.iter().filter(|a| our_part(name, user, &a.name, &a.arn).is_some()).collect();
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
        steps.push(Step::RetirePolicy { name: policy.name.clone(), arn: policy.arn.clone(), delete });
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
    if !PolicyType::Inline.fits(facts.aggregate()) {
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
                created.push(Step::AttachUserPolicy { name: name.clone(), arn: arn.clone() });
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
                    changed.push(Step::CreatePolicyVersion {
                        name: name.clone(),
                        arn: arn.clone(),
                        prune,
                        previous: part.default_version.clone(),
                    });
                    Change::Replaced { current }
                };
                if !is_attached {
                    // Left by a run that stopped between creating and attaching it.
                    changed.push(Step::AttachUserPolicy { name: name.clone(), arn: arn.clone() });
                }
                change
            }
        };
        facts.parts.push(PolicyPart { name, arn: Some(arn), size: iam_size(&document), document, change });
    }
    created.extend(changed);
    Ok(created)
}
