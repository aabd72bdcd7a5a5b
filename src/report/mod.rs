//! What each command reports on stdout. Each report is a `#[derive(Serialize)]` type — its fields
//! are the `--output json` contract (`snake_case`, documented in the README, snapshot-tested) — with
//! its text rendering beside it, so the two cannot drift apart.

pub mod plan;
pub mod verify;

use std::path::PathBuf;

use serde::Serialize;

use crate::aws::Identity;
use crate::console::thousands;
use crate::domain::plan::Plan;
use crate::domain::policy::INLINE_BUDGET;
use crate::ops::apply::KeyOutcome;
use crate::secrets::{Backend, Secret};
use verify::VerifyReport;

/// A command's result: one JSON document, or text for people.
pub trait Report: Serialize {
    fn text(&self) -> String;
}

/// The user and its key: create-user's report, and the head of setup's.
#[derive(Debug, Serialize)]
pub struct UserReport {
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
    pub fn new(identity: &Identity, plan: &Plan, user_arn: &str, key: &KeyOutcome, show_secret: bool) -> UserReport {
        let stored = &key.key;
        UserReport {
            account_id: identity.account_id.clone(),
            partition: identity.partition.as_str(),
            user_name: plan.user.to_string(),
            user_arn: user_arn.to_owned(),
            user: plan.user_outcome.as_str(),
            access_key_id: stored.access_key_id.clone(),
            key: if key.created { "created" } else { "reused" },
            key_created_at: stored.create_date.clone(),
            keyring: key.placement.keyring.map(Backend::as_str),
            keys_file: key.placement.file.clone(),
            secret_access_key: show_secret.then(|| stored.secret_access_key.clone()),
            keyring_entry: key
                .placement
                .keyring
                .map(|b| (b, crate::secrets::account(&stored.account_id, &stored.user_name))),
        }
    }

    fn lines(&self) -> Vec<String> {
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
}

/// The policy on the user: attach-policy's report.
#[derive(Debug, Serialize)]
pub struct AttachReport {
    pub account_id: String,
    pub user_name: String,
    pub user_arn: String,
    pub policy_name: String,
    /// created | replaced | unchanged
    pub change: &'static str,
    pub size: usize,
    pub aggregate_size: usize,
    pub budget: usize,
}

impl Report for AttachReport {
    fn text(&self) -> String {
        format!(
            "policy        {} on {} ({})\nsize          {} of {} characters for all of the user's inline policies\n",
            self.policy_name,
            self.user_arn,
            self.change,
            thousands(self.aggregate_size),
            thousands(self.budget)
        )
    }
}

/// setup's report: the user and key, the policy, and verify's answers.
#[derive(Debug, Serialize)]
pub struct SetupReport {
    #[serde(flatten)]
    pub user: UserReport,
    pub policy_name: String,
    pub policy_size: usize,
    pub aggregate_size: usize,
    pub policy_change: &'static str,
    pub verify: Option<VerifyReport>,
    #[serde(skip)]
    pub table: Option<String>,
}

impl Report for SetupReport {
    fn text(&self) -> String {
        let mut lines = self.user.lines();
        lines.insert(
            2,
            format!(
                "policy        {} ({}, {} of {} characters)",
                self.policy_name,
                self.policy_change,
                thousands(self.aggregate_size),
                thousands(INLINE_BUDGET)
            ),
        );
        let mut text = lines.join("\n");
        text.push('\n');
        if let Some(table) = &self.table {
            text.push('\n');
            text.push_str(table);
        }
        text
    }
}

impl Report for VerifyReport {
    fn text(&self) -> String {
        self.table.clone()
    }
}

/// make-policy's JSON: the document and its size against the budget.
#[derive(Debug, Serialize)]
pub struct PolicyReport {
    pub policy: serde_json::Value,
    pub size: usize,
    pub budget: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    #[serde(skip)]
    pub pretty: String,
}

impl Report for PolicyReport {
    fn text(&self) -> String {
        self.pretty.clone()
    }
}

/// `keys show`.
#[derive(Debug, Serialize)]
pub struct KeyShown {
    pub user_name: String,
    pub account_id: String,
    pub access_key_id: String,
    pub created: String,
    pub stored_in: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<Secret>,
}

impl Report for KeyShown {
    fn text(&self) -> String {
        let secret = self.secret_access_key.as_ref().map_or("(hidden: add --reveal)", Secret::expose);
        format!(
            "user          {}\naccount       {}\naccess key    {}\nsecret key    {secret}\ncreated       {}\nstored in     {}\n",
            self.user_name, self.account_id, self.access_key_id, self.created, self.stored_in
        )
    }
}

/// `keys delete`: text goes to stderr as it happens, so the text form is empty.
#[derive(Debug, Serialize)]
pub struct KeyDeleted {
    pub user_name: String,
    pub account_id: String,
    pub deleted: bool,
    pub access_key_id: Option<String>,
}

impl Report for KeyDeleted {
    fn text(&self) -> String {
        String::new()
    }
}
