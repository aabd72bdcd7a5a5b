//! create-user's report: the user and its key. setup's report opens with the same lines.

use std::path::PathBuf;

use serde::Serialize;

use super::Report;
use crate::aws::Identity;
use crate::domain::plan::Plan;
use crate::secrets::{Backend, Placement, Secret, StoredKey};

/// The user and its key: create-user's report, and the head of setup's.
#[derive(Debug, Serialize)]
pub(crate) struct UserReport {
    pub account_id: String,
    pub partition: &'static str,
    pub user_name: String,
    pub user_arn: String,
    /// created | existing | adopted
    pub user: &'static str,
    pub access_key_id: String,
    /// created | reused
    pub key: &'static str,
    pub key_created_at: String,
    pub keyring: Option<&'static str>,
    pub keys_file: Option<PathBuf>,
    /// Only with `--show-secret`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<Secret>,
    #[serde(skip)]
    pub keyring_entry: Option<(Backend, String)>,
}

impl UserReport {
    #[must_use]
    pub(crate) fn new(
        identity: &Identity,
        plan: &Plan,
        user_arn: &str,
        (stored, created, placement): (&StoredKey, bool, &Placement),
        show_secret: bool,
    ) -> UserReport {
        UserReport {
            account_id: identity.account_id.clone(),
            partition: identity.partition.as_str(),
            user_name: plan.user.to_string(),
            user_arn: user_arn.to_owned(),
            user: plan.user_outcome.as_str(),
            access_key_id: stored.access_key_id.clone(),
            key: if created { "created" } else { "reused" },
            key_created_at: stored.create_date.clone(),
            keyring: placement.keyring.map(Backend::as_str),
            keys_file: placement.file.clone(),
            secret_access_key: show_secret.then(|| stored.secret_access_key.clone()),
            keyring_entry: placement
                .keyring
                .map(|b| (b, crate::secrets::account(&stored.account_id, &stored.user_name))),
        }
    }

    pub(super) fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            format!("user          {} ({})", self.user_arn, self.user),
            format!("access key    {} ({})", self.access_key_id, self.key),
        ];
        if let Some((backend, entry)) = &self.keyring_entry {
            lines.push(format!(
                "keyring       {}: service `{}`, account `{entry}`",
                backend.describe(),
                crate::secrets::SERVICE
            ));
        }
        if let Some(file) = &self.keys_file {
            lines.push(format!("key file      {}", file.display()));
        }
        if let Some(secret) = &self.secret_access_key {
            lines.push(format!("secret key    {}", secret.expose()));
        }
        lines
    }
}

impl Report for UserReport {
    fn text(&self) -> String {
        let mut text = self.lines().join("\n");
        text.push('\n');
        text
    }

    fn columns(&self) -> Vec<(&'static str, String)> {
        vec![
            ("user", format!("{} ({})", self.user_name, self.user)),
            ("key", format!("{} ({})", self.access_key_id, self.key)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::report::fixtures::{json, user_report};

    #[test]
    fn create_user_json() {
        insta::assert_snapshot!(json(&user_report(false)));
        let shown = json(&user_report(true));
        assert!(shown.contains("\"secret_access_key\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\""), "{shown}");
    }
}
