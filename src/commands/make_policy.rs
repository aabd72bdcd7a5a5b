//! `make-policy`: print the least-privilege policy for the chosen buckets — the document(s), or the
//! user and its policy as a CloudFormation or Terraform template. Offline: it needs no credentials,
//! so a customer can review (or hand to their security team) exactly what will be attached before
//! anything is created.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::MakePolicyArgs;
use crate::console::Console;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::plan::{NewUser, PolicySource};
use crate::domain::policy::{MANAGED_BUDGET, Partition, PolicyChoice, PolicyType, iam_size, managed_name};
use crate::domain::{thousands, user};
use crate::error::Error;
use crate::ops;
use crate::ops::policy::{explain, over_budget, report_size};
use crate::report::{PolicyPartJson, PolicyReport};
use crate::template::{self, Spec, TemplateFormat};

#[derive(Debug)]
pub struct Request {
    pub choice: PolicyChoice,
    pub partition: Partition,
    pub kind: PolicyType,
    /// `None`: the policy JSON.
    pub format: Option<TemplateFormat>,
    pub user: UserName,
    pub policy_name: PolicyName,
    /// The template's user: tags and permissions boundary.
    pub new_user: NewUser,
    /// `None` means stdout.
    pub out: Option<PathBuf>,
}

pub fn resolve(args: &MakePolicyArgs) -> Result<Request, Error> {
    let format = args.format.to_lib();
    if format.is_none() && (!args.tags.is_empty() || args.permissions_boundary.is_some()) {
        let flag = if args.tags.is_empty() { "--permissions-boundary" } else { "--tag" };
        return Err(Error::usage(
            format!("{flag} describes the user, which only a template holds"),
            "add --format cloudformation or --format terraform, or leave it out",
        ));
    }
    let choice = args.policy.required()?;
    let kind = args.policy_type.to_lib();
    // A template must deploy: one that IAM would refuse is refused here. The JSON is printed even
    // when too long for inline, with the sizes, so the operator sees what to trim.
    let partition = args.partition.to_lib();
    if format.is_some() || kind == PolicyType::Managed {
        over_budget(&choice, Some(&args.policy_name), Some(&args.user_name), Some(kind), partition)?;
    }
    Ok(Request {
        choice,
        partition,
        kind,
        format,
        user: UserName::parse(&args.user_name)?,
        policy_name: PolicyName::parse(&args.policy_name)?,
        new_user: NewUser {
            tags: user::tags(&args.tags)?,
            permissions_boundary: args.permissions_boundary.as_deref().map(user::permissions_boundary).transpose()?,
        },
        out: args.out.clone().filter(|path| path.as_os_str() != "-"),
    })
}

pub fn execute(request: &Request, out: &Console) -> anyhow::Result<()> {
    explain(&request.choice, out);
    let documents = PolicySource::Choice(request.choice.clone())
        .documents(request.kind, request.partition)
        .map_err(|size| Error::ManagedTooLarge { policy: request.policy_name.to_string(), size })?;
    match request.format {
        Some(format) => {
            let spec = spec(request, documents);
            ops::template::write(format, &template::render(format, &spec), request.out.as_deref(), out)
        }
        None => write_documents(request, &documents, out),
    }
}

/// What a template describes for `request`, with the documents make-policy prints.
#[must_use]
pub fn spec(request: &Request, documents: Vec<String>) -> Spec {
    Spec {
        user: request.user.to_string(),
        tags: request.new_user.tags.clone(),
        permissions_boundary: request.new_user.permissions_boundary.clone(),
        policy_name: request.policy_name.to_string(),
        kind: request.kind,
        documents,
    }
}

fn write_documents(request: &Request, documents: &[String], out: &Console) -> anyhow::Result<()> {
    let names: Vec<String> = match request.kind {
        PolicyType::Inline => vec![request.policy_name.to_string()],
        PolicyType::Managed => {
            (0..documents.len()).map(|i| managed_name(request.policy_name.as_str(), request.user.as_str(), i)).collect()
        }
    };
    let files: Vec<PathBuf> = match &request.out {
        Some(path) => (0..documents.len()).map(|i| numbered(path, i)).collect(),
        None => Vec::new(),
    };
    for (file, document) in files.iter().zip(documents) {
        write_file(file, document)?;
        out.info(format_args!("wrote the policy to {}", file.display()));
    }
    if out.is_json() || request.out.is_none() {
        let parts = names
            .iter()
            .zip(documents)
            .map(|(name, document)| {
                Ok(PolicyPartJson {
                    name: name.clone(),
                    size: iam_size(document),
                    policy: serde_json::from_str(document).context("cannot render the policy")?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let report = PolicyReport {
            policy_type: request.kind.as_str(),
            policy: parts[0].policy.clone(),
            size: parts[0].size,
            budget: request.kind.budget(),
            policies: if request.kind == PolicyType::Managed { parts } else { Vec::new() },
            file: files.first().cloned(),
            files: if files.len() > 1 { files.clone() } else { Vec::new() },
            pretty: documents.concat(),
        };
        out.report(&report).context("cannot write to stdout")?;
    }
    match request.kind {
        PolicyType::Inline => report_size(iam_size(&documents[0]), out),
        PolicyType::Managed => {
            for (name, document) in names.iter().zip(documents) {
                out.info(format_args!(
                    "managed policy `{name}`: {} of {} characters",
                    thousands(iam_size(document)),
                    thousands(MANAGED_BUDGET)
                ));
            }
            if documents.len() > 1 {
                out.note(format_args!(
                    "the buckets are split over {} managed policies, each within IAM's {}-character limit",
                    documents.len(),
                    thousands(MANAGED_BUDGET)
                ));
            }
        }
    }
    Ok(())
}

/// The file for the `index`th document: `policy.json`, then `policy.2.json`, `policy.3.json`.
fn numbered(path: &Path, index: usize) -> PathBuf {
    if index == 0 {
        return path.to_owned();
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.{}.{}", index + 1, ext.to_string_lossy()),
        None => format!("{stem}.{}", index + 1),
    };
    path.with_file_name(name)
}

/// A whole file or none: a failure never leaves a half-written policy where a script expects one.
fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    crate::files::write_atomically(path, text.as_bytes(), None)
        .map_err(|source| Error::Write { path: path.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn further_documents_get_numbered_files() {
        assert_eq!(numbered(Path::new("/t/policy.json"), 0), Path::new("/t/policy.json"));
        assert_eq!(numbered(Path::new("/t/policy.json"), 1), Path::new("/t/policy.2.json"));
        assert_eq!(numbered(Path::new("policy"), 2), Path::new("policy.3"));
    }
}
