//! IAM calls about everything that reaches a user besides its own inline policy — managed
//! policies, groups, each key's last use, a console password — and the calls that take them away
//! again (rotate-keys, teardown). One method each, answering in domain terms.

use aws_sdk_iam::operation::delete_login_profile::DeleteLoginProfileError;
use aws_sdk_iam::operation::detach_user_policy::DetachUserPolicyError;
use aws_sdk_iam::operation::remove_user_from_group::RemoveUserFromGroupError;
use aws_sdk_iam::primitives::DateTime;
use aws_sdk_iam::types::StatusType;

use super::error::{AwsError, classify};
use super::iam::{Iam, User, decode_policy_document, gone_is_fine, user_from};
use crate::domain::plan::AttachedPolicy;
use crate::domain::status::LastUsed;

/// A managed policy attached to a user or a group, with its default version's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    pub document: Option<String>,
    /// Users, groups and roles it is attached to (0 where the policy could not be read).
    pub attachments: usize,
    pub tags: Vec<(String, String)>,
}

/// A group the user is in, with the policies that reach the user through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    /// Inline policies: (name, document).
    pub inline: Vec<(String, String)>,
    pub managed: Vec<ManagedPolicy>,
}

impl Iam {
    /// Every user in the account (`ListUsers` does not return tags on AWS: see [`Iam::user_tags`]).
    pub async fn list_users(&self) -> Result<Vec<User>, AwsError> {
        let mut users = Vec::new();
        let mut pages = self.0.list_users().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListUsers", &e))?;
            users.extend(page.users().iter().map(user_from));
        }
        Ok(users)
    }

    pub async fn user_tags(&self, name: &str) -> Result<Vec<(String, String)>, AwsError> {
        let mut tags = Vec::new();
        let mut pages = self.0.list_user_tags().user_name(name).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListUserTags", &e))?;
            tags.extend(page.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())));
        }
        Ok(tags)
    }

    /// `None` when the key was never used (or AWS does not say).
    pub async fn key_last_used(&self, key_id: &str) -> Result<Option<LastUsed>, AwsError> {
        let out = self
            .0
            .get_access_key_last_used()
            .access_key_id(key_id)
            .send()
            .await
            .map_err(|e| classify("iam:GetAccessKeyLastUsed", &e))?;
        Ok(out.access_key_last_used().and_then(|used| {
            used.last_used_date().map(|at| LastUsed {
                at: DateTime::secs(at),
                service: used.service_name().to_owned(),
                region: used.region().to_owned(),
            })
        }))
    }

    /// The managed policies attached to the user, each with its default version's document.
    pub async fn attached_user_policies(&self, user: &str) -> Result<Vec<ManagedPolicy>, AwsError> {
        let attached = self.attached_user_policy_names(user).await?;
        self.with_documents(attached.into_iter().map(|a| (a.name, a.arn)).collect()).await
    }

    /// The managed policies attached to the user, by name and ARN.
    pub async fn attached_user_policy_names(&self, user: &str) -> Result<Vec<AttachedPolicy>, AwsError> {
        let mut attached = Vec::new();
        let mut pages = self.0.list_attached_user_policies().user_name(user).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListAttachedUserPolicies", &e))?;
            attached.extend(page.attached_policies().iter().map(|p| AttachedPolicy {
                name: p.policy_name().unwrap_or_default().to_owned(),
                arn: p.policy_arn().unwrap_or_default().to_owned(),
            }));
        }
        Ok(attached)
    }

    /// The groups the user is in, and every policy that reaches the user through each.
    pub async fn groups_of(&self, user: &str) -> Result<Vec<Group>, AwsError> {
        let mut names = Vec::new();
        let mut pages = self.0.list_groups_for_user().user_name(user).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListGroupsForUser", &e))?;
            names.extend(page.groups().iter().map(|g| g.group_name().to_owned()));
        }
        let groups = names.into_iter().map(|name| async move {
            let (inline, managed) = tokio::join!(self.group_inline_policies(&name), self.group_managed_policies(&name));
            Ok::<_, AwsError>(Group { name, inline: inline?, managed: managed? })
        });
        futures_util::future::try_join_all(groups).await
    }

    async fn group_inline_policies(&self, group: &str) -> Result<Vec<(String, String)>, AwsError> {
        let mut names = Vec::new();
        let mut pages = self.0.list_group_policies().group_name(group).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListGroupPolicies", &e))?;
            names.extend(page.policy_names().iter().cloned());
        }
        let documents = names.into_iter().map(|name| async move {
            let out = self
                .0
                .get_group_policy()
                .group_name(group)
                .policy_name(&name)
                .send()
                .await
                .map_err(|e| classify("iam:GetGroupPolicy", &e))?;
            Ok::<_, AwsError>((name, decode_policy_document(out.policy_document())))
        });
        futures_util::future::try_join_all(documents).await
    }

    async fn group_managed_policies(&self, group: &str) -> Result<Vec<ManagedPolicy>, AwsError> {
        let mut attached = Vec::new();
        let mut pages = self.0.list_attached_group_policies().group_name(group).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListAttachedGroupPolicies", &e))?;
            attached.extend(page.attached_policies().iter().map(|p| {
                (p.policy_name().unwrap_or_default().to_owned(), p.policy_arn().unwrap_or_default().to_owned())
            }));
        }
        self.with_documents(attached).await
    }

    /// Each managed policy's default version document. A document the caller may not read is
    /// `None`, not a failure: the policy is still reported by name.
    async fn with_documents(&self, policies: Vec<(String, String)>) -> Result<Vec<ManagedPolicy>, AwsError> {
        let reads = policies.into_iter().map(|(name, arn)| async move {
            let read = self.policy_document(&arn).await.ok();
            let (document, attachments, tags) = read.unwrap_or_default();
            ManagedPolicy { name, arn, document, attachments, tags }
        });
        Ok(futures_util::future::join_all(reads).await)
    }

    /// The default version's document, the attachment count and the tags.
    async fn policy_document(&self, arn: &str) -> Result<(Option<String>, usize, Vec<(String, String)>), AwsError> {
        let policy = self.0.get_policy().policy_arn(arn).send().await.map_err(|e| classify("iam:GetPolicy", &e))?;
        let Some(policy) = policy.policy() else { return Ok((None, 0, Vec::new())) };
        let attachments = policy.attachment_count().map_or(0, |n| usize::try_from(n).unwrap_or(0));
        let tags = policy.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect();
        let version = policy.default_version_id().unwrap_or_default();
        Ok((self.policy_version_document(arn, version).await?, attachments, tags))
    }

    /// Makes a key inactive: it stops working at once, and can be activated again.
    pub async fn deactivate_access_key(&self, user: &str, key_id: &str) -> Result<(), AwsError> {
        let request = self.0.update_access_key().user_name(user).access_key_id(key_id).status(StatusType::Inactive);
        request.send().await.map(drop).map_err(|e| classify("iam:UpdateAccessKey", &e))
    }

    pub async fn delete_login_profile(&self, user: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeleteLoginProfile",
            self.0.delete_login_profile().user_name(user).send().await,
            DeleteLoginProfileError::is_no_such_entity_exception,
        )
    }

    pub async fn detach_user_policy(&self, user: &str, arn: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DetachUserPolicy",
            self.0.detach_user_policy().user_name(user).policy_arn(arn).send().await,
            DetachUserPolicyError::is_no_such_entity_exception,
        )
    }

    pub async fn remove_user_from_group(&self, user: &str, group: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:RemoveUserFromGroup",
            self.0.remove_user_from_group().user_name(user).group_name(group).send().await,
            RemoveUserFromGroupError::is_no_such_entity_exception,
        )
    }
}
