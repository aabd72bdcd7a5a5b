//! IAM calls about managed policies: this tool's customer-managed ones (read one with its versions,
//! create it, give it a new default version — pruning the oldest at IAM's limit of five — attach it,
//! retire it), and those attached to a user or its groups, read with their default documents. One
//! method each, answering in domain terms: a missing policy is `None`.

use aws_sdk_iam::operation::create_policy::CreatePolicyError;
use aws_sdk_iam::operation::delete_policy::DeletePolicyError;
use aws_sdk_iam::operation::delete_policy_version::DeletePolicyVersionError;
use aws_sdk_iam::operation::detach_user_policy::DetachUserPolicyError;
use aws_sdk_iam::operation::get_policy::GetPolicyError;
use aws_sdk_iam::operation::list_policy_versions::ListPolicyVersionsError;
use aws_sdk_iam::primitives::DateTime;
use aws_sdk_iam::types::{Policy, PolicyScopeType, Tag};

use super::{Iam, ManagedPolicy, decode_policy_document, gone_is_fine};
use crate::aws::error::{AwsError, classify};
use crate::domain::iam::{AttachedPolicy, ManagedPart, PolicyVersion};

impl Iam {
    /// The policy at `arn` with its versions and default document; `None` when there is none.
    pub async fn managed_policy(&self, arn: &str) -> Result<Option<ManagedPart>, AwsError> {
        let (policy, versions) = tokio::join!(self.get_policy(arn), self.policy_versions(arn));
        let (Some(policy), Some(versions)) = (policy?, versions?) else { return Ok(None) };
        let default = policy.default_version_id().unwrap_or_default().to_owned();
        let document = self.policy_version_document(arn, &default).await?;
        Ok(Some(ManagedPart {
            name: policy.policy_name().unwrap_or_default().to_owned(),
            arn: arn.to_owned(),
            document,
            default_version: default,
            versions,
            attachments: policy.attachment_count().map_or(0, |n| usize::try_from(n).unwrap_or(0)),
        }))
    }

    /// The policy at `arn`; `None` when there is none.
    async fn get_policy(&self, arn: &str) -> Result<Option<Policy>, AwsError> {
        match self.0.get_policy().policy_arn(arn).send().await {
            Ok(out) => Ok(out.policy().cloned()),
            Err(err) if err.as_service_error().is_some_and(GetPolicyError::is_no_such_entity_exception) => Ok(None),
            Err(err) => Err(classify("iam:GetPolicy", &err)),
        }
    }

    /// The account's customer-managed policies under `path`: (name, ARN, attachment count).
    pub async fn local_policies(&self, path: &str) -> Result<Vec<(String, String, usize)>, AwsError> {
        let mut policies = Vec::new();
        let request = self.0.list_policies().scope(PolicyScopeType::Local).path_prefix(path);
        let mut pages = request.into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListPolicies", &e))?;
            policies.extend(page.policies().iter().map(|p| {
                (
                    p.policy_name().unwrap_or_default().to_owned(),
                    p.arn().unwrap_or_default().to_owned(),
                    p.attachment_count().map_or(0, |n| usize::try_from(n).unwrap_or(0)),
                )
            }));
        }
        Ok(policies)
    }

    /// Every version, oldest first; `None` when the policy does not exist.
    async fn policy_versions(&self, arn: &str) -> Result<Option<Vec<PolicyVersion>>, AwsError> {
        let mut versions = Vec::new();
        let mut pages = self.0.list_policy_versions().policy_arn(arn).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(err)
                    if err.as_service_error().is_some_and(ListPolicyVersionsError::is_no_such_entity_exception) =>
                {
                    return Ok(None);
                }
                Err(err) => return Err(classify("iam:ListPolicyVersions", &err)),
            };
            versions.extend(page.versions().iter().map(|v| PolicyVersion {
                id: v.version_id().unwrap_or_default().to_owned(),
                default: v.is_default_version(),
                created_epoch: v.create_date().map(DateTime::secs),
            }));
        }
        // Oldest first: by date, then by number (v2 before v10) where dates tie.
        versions.sort_by_key(|v| (v.created_epoch, v.number()));
        Ok(Some(versions))
    }

    /// A version's document, URL-decoded; `None` for an empty version id (a policy without one).
    pub(super) async fn policy_version_document(&self, arn: &str, version: &str) -> Result<Option<String>, AwsError> {
        if version.is_empty() {
            return Ok(None);
        }
        let out = self
            .0
            .get_policy_version()
            .policy_arn(arn)
            .version_id(version)
            .send()
            .await
            .map_err(|e| classify("iam:GetPolicyVersion", &e))?;
        Ok(out.policy_version().and_then(|v| v.document()).map(decode_policy_document))
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

    /// The managed policies attached to the group, each with its default version's document.
    pub(super) async fn group_managed_policies(&self, group: &str) -> Result<Vec<ManagedPolicy>, AwsError> {
        let attached = self.list_attached_group_policies(group).await?;
        self.with_documents(attached).await
    }

    /// The managed policies attached to the group: (name, ARN).
    async fn list_attached_group_policies(&self, group: &str) -> Result<Vec<(String, String)>, AwsError> {
        let mut attached = Vec::new();
        let mut pages = self.0.list_attached_group_policies().group_name(group).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListAttachedGroupPolicies", &e))?;
            attached.extend(page.attached_policies().iter().map(|p| {
                (p.policy_name().unwrap_or_default().to_owned(), p.policy_arn().unwrap_or_default().to_owned())
            }));
        }
        Ok(attached)
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
        let Some(policy) = self.get_policy(arn).await? else { return Ok((None, 0, Vec::new())) };
        let attachments = policy.attachment_count().map_or(0, |n| usize::try_from(n).unwrap_or(0));
        let tags = policy.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect();
        let version = policy.default_version_id().unwrap_or_default();
        Ok((self.policy_version_document(arn, version).await?, attachments, tags))
    }

    /// Creates the policy under `path`, tagged; `Ok(None)` when one of that name appeared meanwhile.
    pub async fn create_policy(
        &self,
        name: &str,
        path: &str,
        description: &str,
        document: &str,
        tags: &[(String, String)],
    ) -> Result<Option<String>, AwsError> {
        let tags = tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build().expect("key and value are set"));
        let request = self
            .0
            .create_policy()
            .policy_name(name)
            .path(path)
            .description(description)
            .policy_document(document)
            .set_tags(Some(tags.collect()));
        match request.send().await {
            Ok(out) => Ok(out.policy().and_then(|p| p.arn()).map(str::to_owned)),
            Err(err) if err.as_service_error().is_some_and(CreatePolicyError::is_entity_already_exists_exception) => {
                Ok(None)
            }
            Err(err) => Err(classify("iam:CreatePolicy", &err)),
        }
    }

    /// Adds `document` as the new default version; returns its id.
    pub async fn create_policy_version(&self, arn: &str, document: &str) -> Result<String, AwsError> {
        let request = self.0.create_policy_version().policy_arn(arn).policy_document(document).set_as_default(true);
        let out = request.send().await.map_err(|e| classify("iam:CreatePolicyVersion", &e))?;
        Ok(out.policy_version().and_then(|v| v.version_id()).unwrap_or_default().to_owned())
    }

    pub async fn delete_policy_version(&self, arn: &str, version: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeletePolicyVersion",
            self.0.delete_policy_version().policy_arn(arn).version_id(version).send().await,
            DeletePolicyVersionError::is_no_such_entity_exception,
        )
    }

    /// Makes an existing version the default again (rollback of a new version).
    pub async fn set_default_policy_version(&self, arn: &str, version: &str) -> Result<(), AwsError> {
        let request = self.0.set_default_policy_version().policy_arn(arn).version_id(version);
        request.send().await.map(drop).map_err(|e| classify("iam:SetDefaultPolicyVersion", &e))
    }

    pub async fn attach_user_policy(&self, user: &str, arn: &str) -> Result<(), AwsError> {
        let request = self.0.attach_user_policy().user_name(user).policy_arn(arn);
        request.send().await.map(drop).map_err(|e| classify("iam:AttachUserPolicy", &e))
    }

    pub async fn detach_user_policy(&self, user: &str, arn: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DetachUserPolicy",
            self.0.detach_user_policy().user_name(user).policy_arn(arn).send().await,
            DetachUserPolicyError::is_no_such_entity_exception,
        )
    }

    /// Deletes the policy and its non-default versions (IAM refuses to delete a policy that has
    /// any). The caller detaches it first. A policy already gone is fine.
    pub async fn delete_policy(&self, arn: &str) -> Result<(), AwsError> {
        let versions = self.policy_versions(arn).await?.unwrap_or_default();
        let old = versions.iter().filter(|v| !v.default).map(|v| self.delete_policy_version(arn, &v.id));
        futures_util::future::try_join_all(old).await?;
        gone_is_fine(
            "iam:DeletePolicy",
            self.0.delete_policy().policy_arn(arn).send().await,
            DeletePolicyError::is_no_such_entity_exception,
        )
    }
}
