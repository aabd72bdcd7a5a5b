//! make-policy's reports: the policy document(s) with their sizes, or a template holding them.

use std::path::PathBuf;

use serde::Serialize;

use super::Report;

/// make-policy's JSON: the document and its size against the budget; for managed policies, each.
#[derive(Debug, Serialize)]
pub(crate) struct PolicyReport {
    /// inline | managed
    pub policy_type: &'static str,
    /// The (first) document.
    pub policy: serde_json::Value,
    pub size: usize,
    pub budget: usize,
    /// Managed: every policy, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<PolicyPartJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// Managed, split: every file written, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<PathBuf>,
    #[serde(skip)]
    pub pretty: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct PolicyPartJson {
    pub name: String,
    pub size: usize,
    pub policy: serde_json::Value,
}

/// make-policy --format cloudformation|terraform.
#[derive(Debug, Serialize)]
pub(crate) struct TemplateReport {
    pub format: &'static str,
    pub template: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
}

impl Report for TemplateReport {
    fn text(&self) -> String {
        self.template.clone()
    }
}

impl Report for PolicyReport {
    fn text(&self) -> String {
        self.pretty.clone()
    }
}
