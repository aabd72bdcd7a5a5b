//! rotate-keys and teardown: the steps they planned or took, each with its AWS (or local) action.

use std::fmt::Write as _;

use serde::Serialize;

use super::Report;
use super::verify::VerifyReport;
use crate::secrets::Secret;

#[derive(Debug, Serialize)]
pub struct LifecycleReport {
    pub account_id: String,
    pub user_name: String,
    pub dry_run: bool,
    pub steps: Vec<StepReport>,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub action: &'static str,
    pub target: String,
    /// Carried out (false in a dry run, or when a run stopped before it).
    pub done: bool,
}

impl Report for LifecycleReport {
    fn text(&self) -> String {
        let mut out = String::new();
        if self.steps.is_empty() {
            let _ = writeln!(out, "Nothing to do for `{}`.", self.user_name);
        }
        for step in &self.steps {
            let state = if step.done {
                "done"
            } else if self.dry_run {
                "planned"
            } else {
                "not done"
            };
            let _ = writeln!(out, "{} {}  ({state})", step.action, step.target);
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
}
