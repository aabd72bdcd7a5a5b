//! rotate-keys and teardown: the steps they planned or took, each with its AWS (or local) action.

use std::fmt::Write as _;

use serde::Serialize;

use super::Report;
pub use super::plan::StepReport;
use super::verify::VerifyReport;
use crate::domain::lifecycle::Step;
use crate::secrets::Secret;

#[derive(Debug, Serialize)]
pub struct LifecycleReport {
    pub account_id: String,
    pub user_name: String,
    pub dry_run: bool,
    /// The steps, as every command's plan lists them.
    pub plan: Vec<StepReport>,
    /// rotate-keys: the new key (phase one) or the retired one (`--finish`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_access_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify: Option<VerifyReport>,
    /// Only with `--show-secret`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<Secret>,
    /// teardown of an adopted user: what it had before adoption, left in place (`--all` removes it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<String>,
}

impl LifecycleReport {
    /// The report of `steps` for `user`, none done yet.
    #[must_use]
    pub fn new(account_id: &str, user: &str, dry_run: bool, steps: &[Step]) -> LifecycleReport {
        let plan = steps.iter().map(|s| super::plan::describe(s, user, None)).collect();
        LifecycleReport {
            account_id: account_id.to_owned(),
            user_name: user.to_owned(),
            dry_run,
            plan,
            access_key_id: None,
            previous_access_key_id: None,
            kept: Vec::new(),
            verify: None,
            secret_access_key: None,
        }
    }
}

impl Report for LifecycleReport {
    fn text(&self) -> String {
        let mut out = String::new();
        if self.plan.is_empty() {
            let _ = writeln!(out, "Nothing to do for `{}`.", self.user_name);
        }
        for step in &self.plan {
            let state = if step.done {
                "done"
            } else if self.dry_run {
                "planned"
            } else {
                "not done"
            };
            let _ = writeln!(out, "{} {}  ({state})", step.action, step.target);
            if let Some(detail) = &step.detail {
                let _ = writeln!(out, "    {detail}");
            }
        }
        if let Some(verify) = &self.verify {
            out.push('\n');
            out.push_str(&verify.table);
        }
        if let Some(secret) = &self.secret_access_key {
            let _ = writeln!(out, "secret key    {}", secret.expose());
        }
        out
    }

    fn columns(&self) -> Vec<(&'static str, String)> {
        let done = self.plan.iter().filter(|s| s.done).count();
        let dash = || "-".to_owned();
        vec![
            ("user", self.user_name.clone()),
            ("steps done", format!("{done}/{}", self.plan.len())),
            ("key", self.access_key_id.clone().unwrap_or_else(dash)),
            ("previous key", self.previous_access_key_id.clone().unwrap_or_else(dash)),
            ("verify", self.verify.as_ref().map_or_else(dash, |v| v.result.to_owned())),
        ]
    }
}
