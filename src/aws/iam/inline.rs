//! IAM calls about inline policies: the user's own (list, read, put, delete) and those of the
//! groups it is in (read only, for what reaches the user).

use aws_sdk_iam::operation::delete_user_policy::DeleteUserPolicyError;
use aws_sdk_iam::operation::get_user_policy::GetUserPolicyError;

use super::{Iam, decode_policy_document, gone_is_fine, is};
use crate::aws::error::{AwsError, classify};

impl Iam {
    pub async fn list_user_policies(&self, user: &str) -> Result<Vec<String>, AwsError> {
        let mut names = Vec::new();
        let mut pages = self.0.list_user_policies().user_name(user).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListUserPolicies", &e))?;
            names.extend(page.policy_names().iter().cloned());
        }
        Ok(names)
    }

    /// The inline policy's document as JSON text, or `None` when the user has no policy of that name.
    pub async fn get_user_policy(&self, user: &str, policy: &str) -> Result<Option<String>, AwsError> {
        match self.0.get_user_policy().user_name(user).policy_name(policy).send().await {
            Ok(out) => Ok(Some(decode_policy_document(out.policy_document()))),
            Err(err) if is(&err, GetUserPolicyError::is_no_such_entity_exception) => Ok(None),
            Err(err) => Err(classify("iam:GetUserPolicy", &err)),
        }
    }

    pub async fn put_user_policy(&self, user: &str, policy: &str, document: &str) -> Result<(), AwsError> {
        let request = self.0.put_user_policy().user_name(user).policy_name(policy).policy_document(document);
        request.send().await.map(drop).map_err(|e| classify("iam:PutUserPolicy", &e))
    }

    pub async fn delete_user_policy(&self, user: &str, policy: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeleteUserPolicy",
            self.0.delete_user_policy().user_name(user).policy_name(policy).send().await,
            DeleteUserPolicyError::is_no_such_entity_exception,
        )
    }

    /// The group's inline policies: (name, document).
    pub(super) async fn group_inline_policies(&self, group: &str) -> Result<Vec<(String, String)>, AwsError> {
        let names = self.list_group_policies(group).await?;
        let documents = names.into_iter().map(|name| async move {
            let document = self.get_group_policy(group, &name).await?;
            Ok::<_, AwsError>((name, document))
        });
        futures_util::future::try_join_all(documents).await
    }

    async fn list_group_policies(&self, group: &str) -> Result<Vec<String>, AwsError> {
        let mut names = Vec::new();
        let mut pages = self.0.list_group_policies().group_name(group).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListGroupPolicies", &e))?;
            names.extend(page.policy_names().iter().cloned());
        }
        Ok(names)
    }

    /// The group's inline policy's document as JSON text.
    async fn get_group_policy(&self, group: &str, policy: &str) -> Result<String, AwsError> {
        let out = self
            .0
            .get_group_policy()
            .group_name(group)
            .policy_name(policy)
            .send()
            .await
            .map_err(|e| classify("iam:GetGroupPolicy", &e))?;
        Ok(decode_policy_document(out.policy_document()))
    }
}
