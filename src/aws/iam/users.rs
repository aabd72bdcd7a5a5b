//! IAM calls about the user itself: read, list, create (with its tags and permissions boundary),
//! tag and untag it, its console password, the groups it is in, and removing it from them and
//! from the account (rotate-keys, teardown).

use aws_sdk_iam::operation::create_user::CreateUserError;
use aws_sdk_iam::operation::delete_login_profile::DeleteLoginProfileError;
use aws_sdk_iam::operation::delete_user::DeleteUserError;
use aws_sdk_iam::operation::get_login_profile::GetLoginProfileError;
use aws_sdk_iam::operation::get_user::GetUserError;
use aws_sdk_iam::operation::remove_user_from_group::RemoveUserFromGroupError;

use super::{Group, Iam, User, gone_is_fine, is, tags_of, user_from};
use crate::aws::error::{AwsError, classify};
use crate::domain::user::USER_PATH;

impl Iam {
    pub async fn get_user(&self, name: &str) -> Result<Option<User>, AwsError> {
        match self.0.get_user().user_name(name).send().await {
            Ok(out) => {
                let Some(user) = out.user() else { return Ok(None) };
                let mut user = user_from(user);
                // GetUser includes tags on AWS; list them explicitly where it did not, so an
                // untagged-looking user is really untagged before we refuse (or adopt) it.
                if user.tags.is_empty() {
                    user.tags = self.user_tags(name).await?;
                }
                Ok(Some(user))
            }
            Err(err) if is(&err, GetUserError::is_no_such_entity_exception) => Ok(None),
            Err(err) => Err(classify("iam:GetUser", &err)),
        }
    }

    /// Every user in the account, or only those under `path_prefix` (`ListUsers` does not return
    /// tags on AWS: see [`Iam::user_tags`]).
    pub async fn list_users(&self, path_prefix: Option<&str>) -> Result<Vec<User>, AwsError> {
        let mut users = Vec::new();
        let mut pages = self.0.list_users().set_path_prefix(path_prefix.map(str::to_owned)).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListUsers", &e))?;
            users.extend(page.users().iter().map(user_from));
        }
        Ok(users)
    }

    /// Creates the user; `Ok(None)` when a user of that name appeared meanwhile.
    pub async fn create_user(
        &self,
        name: &str,
        tags: &[(String, String)],
        permissions_boundary: Option<&str>,
    ) -> Result<Option<User>, AwsError> {
        let request = self
            .0
            .create_user()
            .user_name(name)
            .path(USER_PATH)
            .set_tags(Some(tags_of(tags)))
            .set_permissions_boundary(permissions_boundary.map(str::to_owned));
        match request.send().await {
            Ok(out) => Ok(out.user().map(user_from)),
            Err(err) if is(&err, CreateUserError::is_entity_already_exists_exception) => Ok(None),
            Err(err) => Err(classify("iam:CreateUser", &err)),
        }
    }

    /// Moves the user to another IAM path (`iam:UpdateUser --new-path`): its name, keys and
    /// policies stay; its ARN changes.
    pub async fn move_user(&self, name: &str, path: &str) -> Result<(), AwsError> {
        let request = self.0.update_user().user_name(name).new_path(path);
        request.send().await.map(drop).map_err(|e| classify("iam:UpdateUser", &e))
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

    pub async fn tag_user(&self, name: &str, tags: &[(String, String)]) -> Result<(), AwsError> {
        let request = self.0.tag_user().user_name(name).set_tags(Some(tags_of(tags)));
        request.send().await.map(drop).map_err(|e| classify("iam:TagUser", &e))
    }

    /// Removes tags (rollback of an adoption).
    pub async fn untag_user(&self, name: &str, keys: &[&str]) -> Result<(), AwsError> {
        let request =
            self.0.untag_user().user_name(name).set_tag_keys(Some(keys.iter().map(|k| (*k).to_owned()).collect()));
        request.send().await.map(drop).map_err(|e| classify("iam:UntagUser", &e))
    }

    /// True when the user has a console password. Pixelshift needs programmatic access only.
    pub async fn has_login_profile(&self, name: &str) -> Result<bool, AwsError> {
        match self.0.get_login_profile().user_name(name).send().await {
            Ok(_) => Ok(true),
            Err(err) if is(&err, GetLoginProfileError::is_no_such_entity_exception) => Ok(false),
            Err(err) => Err(classify("iam:GetLoginProfile", &err)),
        }
    }

    pub async fn delete_login_profile(&self, user: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeleteLoginProfile",
            self.0.delete_login_profile().user_name(user).send().await,
            DeleteLoginProfileError::is_no_such_entity_exception,
        )
    }

    /// The groups the user is in, and every policy that reaches the user through each.
    pub async fn groups_of(&self, user: &str) -> Result<Vec<Group>, AwsError> {
        let names = self.list_groups_for_user(user).await?;
        let groups = names.into_iter().map(|name| async move {
            let (inline, managed) = tokio::join!(self.group_inline_policies(&name), self.group_managed_policies(&name));
            Ok::<_, AwsError>(Group { name, inline: inline?, managed: managed? })
        });
        futures_util::future::try_join_all(groups).await
    }

    /// The names of the groups the user is in.
    async fn list_groups_for_user(&self, user: &str) -> Result<Vec<String>, AwsError> {
        let mut names = Vec::new();
        let mut pages = self.0.list_groups_for_user().user_name(user).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify("iam:ListGroupsForUser", &e))?;
            names.extend(page.groups().iter().map(|g| g.group_name().to_owned()));
        }
        Ok(names)
    }

    pub async fn remove_user_from_group(&self, user: &str, group: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:RemoveUserFromGroup",
            self.0.remove_user_from_group().user_name(user).group_name(group).send().await,
            RemoveUserFromGroupError::is_no_such_entity_exception,
        )
    }

    pub async fn delete_user(&self, user: &str) -> Result<(), AwsError> {
        gone_is_fine(
            "iam:DeleteUser",
            self.0.delete_user().user_name(user).send().await,
            DeleteUserError::is_no_such_entity_exception,
        )
    }
}
