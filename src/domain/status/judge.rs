//! A policy document read back from IAM: held against what this tool writes for it (hand-edited?
//! wider?), the choice it expresses, and a summary of what it allows.

use serde_json::Value;

use crate::domain::names::{BucketName, KeyPrefix};
use crate::domain::policy::{Partition, PolicyChoice, Scope, same_document};
use crate::domain::verify::{Grant, grant_of};

/// A managed policy document held against what this tool writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// Exactly what the tool writes for the buckets, access and prefix the document names.
    pub as_written: bool,
    /// What the tool would write (empty when the document names no bucket at all).
    pub expected: String,
    /// It allows an action or resource the tool's document does not: an edit that widened access
    /// (`s3:*`, `*`, `NotAction`, a dropped condition, another service), not just reshaped it.
    pub grants_more: bool,
}

/// Holds `document` against what this tool writes for the choice it expresses. A document that
/// names no bucket cannot be the tool's and is judged to grant more.
#[must_use]
pub fn judge(document: &str, partition: Partition) -> Judged {
    let Some(expected) = rewritten(document, partition) else {
        return Judged { as_written: false, expected: String::new(), grants_more: true };
    };
    let as_written = same_document(document, &expected);
    let grants_more = !as_written && !within(document, &expected);
    Judged { as_written, expected, grants_more }
}

/// Whether everything `document` allows is allowed by `bound`: each (action, resource) it allows
/// is one `bound` allows, under the same condition (or none). Deny statements only take away, so
/// they are not held against it; `NotAction`/`NotResource` in an Allow grant open-ended access.
fn within(document: &str, bound: &str) -> bool {
    let (Some(document), Some(bound)) = (allowed(document), allowed(bound)) else { return false };
    document.iter().all(|(action, resource, condition)| {
        bound.iter().any(|(a, r, c)| a == action && r == resource && (c.is_none() || c == condition))
    })
}

type Allowed = Vec<(String, String, Option<Value>)>;

/// Every (action, resource, condition) an identity policy's Allow statements name; `None` when it
/// is not a readable policy or uses `NotAction`/`NotResource`.
fn allowed(document: &str) -> Option<Allowed> {
    let doc = serde_json::from_str::<Value>(document).ok()?;
    let statements = match &doc["Statement"] {
        Value::Array(list) => list.clone(),
        single @ Value::Object(_) => vec![single.clone()],
        _ => return None,
    };
    let mut all = Vec::new();
    for statement in statements.iter().filter(|s| s["Effect"] != "Deny") {
        if statement.get("NotAction").is_some() || statement.get("NotResource").is_some() {
            return None;
        }
        let condition = statement.get("Condition").cloned();
        for action in strings(&statement["Action"]) {
            for resource in strings(&statement["Resource"]) {
                all.push((action.to_ascii_lowercase(), resource, condition.clone()));
            }
        }
    }
    Some(all)
}

/// What this tool writes for the buckets, access and prefix a policy document names: where that
/// differs from the document, someone edited it by hand. `None` when it names no bucket at all.
#[must_use]
pub fn rewritten(document: &str, partition: Partition) -> Option<String> {
    choice_of(document).map(|choice| choice.document(partition).to_pretty_json())
}

/// The choice a policy document expresses (its buckets, patterns, access and prefix).
#[must_use]
pub fn choice_of(document: &str) -> Option<PolicyChoice> {
    choice_of_grant(grant_of(&serde_json::from_str::<Value>(document).ok()?))
}

/// The choice a grant expresses (several managed parts together: see [`Grant::of_all`]).
#[must_use]
pub fn choice_of_grant(grant: Grant) -> Option<PolicyChoice> {
    let scope = if grant.all_buckets {
        Scope::AllBuckets
    } else {
        let names = grant.buckets.iter().cloned().chain(grant.patterns.iter().map(|stem| format!("{stem}*")));
        Scope::buckets(names.filter_map(|n| BucketName::parse(&n).ok()))?.0
    };
    let prefix = match grant.prefix {
        Some(prefix) => Some(KeyPrefix::parse(&prefix).ok()?),
        None => None,
    };
    Some(PolicyChoice {
        scope,
        access: grant.access,
        prefix,
        covered: Vec::new(),
        kms_keys: grant.kms_keys.into_iter().collect(),
    })
}

/// What a policy document allows, one line per statement: "s3:GetObject, s3:PutObject on
/// `arn:aws:s3:::photos/*`". Long lists are cut with a count of the rest.
#[must_use]
pub fn summarize(document: &str) -> Vec<String> {
    let Ok(doc) = serde_json::from_str::<Value>(document) else { return vec!["(not JSON)".to_owned()] };
    let statements = crate::domain::verify::statements(&doc);
    statements
        .iter()
        .map(|s| {
            let effect = s["Effect"].as_str().unwrap_or("?");
            let prefix = if effect == "Allow" { String::new() } else { format!("{effect}: ") };
            format!("{prefix}{} on {}", cut(&strings(&s["Action"]), 6), cut(&strings(&s["Resource"]), 3))
        })
        .collect()
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => vec!["?".to_owned()],
    }
}

fn cut(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..max].join(", "), items.len() - max)
    }
}
