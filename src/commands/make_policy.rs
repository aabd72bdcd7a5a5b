//! `make-policy`: print the least-privilege inline policy for the chosen buckets. Offline: it needs
//! no credentials, so a customer can review (or hand to their security team) exactly what will be
//! attached before anything is created.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::json;

use crate::cli::{AccessArg, MakePolicyArgs, PartitionArg, PolicyArgs};
use crate::console::{Console, thousands};
use crate::domain::names::{BucketName, KeyPrefix};
use crate::domain::policy::{Access, Covered, INLINE_BUDGET, Partition, PolicySpec, Scope};
use crate::error::Error;

/// A validated make-policy request.
#[derive(Debug)]
pub struct Request {
    pub policy: ResolvedPolicy,
    /// `None` means stdout.
    pub out: Option<PathBuf>,
}

/// A policy choice checked against every naming rule, plus what the user should be told about it.
#[derive(Debug)]
pub struct ResolvedPolicy {
    pub spec: PolicySpec,
    pub covered: Vec<Covered>,
}

pub fn resolve(args: MakePolicyArgs) -> Result<Request, Error> {
    let partition = partition(args.partition);
    let policy = resolve_policy(&args.policy, partition)?;
    let out = args.out.filter(|path| path.as_os_str() != "-");
    Ok(Request { policy, out })
}

/// Validates bucket names, access level and prefix. Shared with every command that builds a policy.
pub fn resolve_policy(args: &PolicyArgs, partition: Partition) -> Result<ResolvedPolicy, Error> {
    let (scope, covered) = if args.all_buckets {
        (Scope::AllBuckets, Vec::new())
    } else {
        let names = args.buckets.iter().map(|raw| BucketName::parse(raw.trim())).collect::<Result<Vec<_>, _>>()?;
        Scope::buckets(names).ok_or_else(|| {
            Error::usage(
                "no buckets chosen",
                "pass --bucket NAME (repeatable, or comma-separated), or --all-buckets (not recommended)",
            )
        })?
    };
    let prefix = args.prefix.as_deref().map(KeyPrefix::parse).transpose()?;
    let access = match args.access {
        Some(AccessArg::ReadWrite) | None => Access::ReadWrite,
        Some(AccessArg::ReadOnly) => Access::ReadOnly,
    };
    Ok(ResolvedPolicy { spec: PolicySpec { scope, access, prefix, partition }, covered })
}

fn partition(arg: PartitionArg) -> Partition {
    match arg {
        PartitionArg::Aws => Partition::Aws,
        PartitionArg::AwsCn => Partition::AwsCn,
        PartitionArg::AwsUsGov => Partition::AwsUsGov,
        PartitionArg::AwsIso => Partition::AwsIso,
        PartitionArg::AwsIsoB => Partition::AwsIsoB,
        PartitionArg::AwsIsoE => Partition::AwsIsoE,
        PartitionArg::AwsIsoF => Partition::AwsIsoF,
        PartitionArg::AwsEusc => Partition::AwsEusc,
    }
}

/// Tells the user what the policy grants beyond the obvious: patterns, all buckets, open prefixes.
pub fn explain(policy: &ResolvedPolicy, console: &Console) {
    let spec = &policy.spec;
    match &spec.scope {
        Scope::AllBuckets => console.warn(format_args!(
            "--all-buckets grants {} access to every bucket in the account, including buckets created later; \
             name the buckets instead where you can",
            spec.access.as_str()
        )),
        Scope::Buckets(buckets) => {
            for pattern in buckets.iter().filter(|b| b.is_pattern()) {
                let stem = pattern.as_str().trim_end_matches('*');
                console.warn(format_args!(
                    "`{pattern}` is a pattern: it grants every bucket whose name starts with `{stem}`, \
                     including buckets created later"
                ));
            }
        }
    }
    for Covered { bucket, by } in &policy.covered {
        console.note(format_args!("`{bucket}` is already covered by `{by}`, so it is not listed separately"));
    }
    if let Some(prefix) = spec.prefix.as_ref().filter(|p| !p.is_folder()) {
        console.warn(format_args!(
            "prefix `{prefix}` does not end in '/': it also matches keys such as `{prefix}-old/…`; \
             use `{prefix}/` to grant one folder"
        ));
    }
}

/// The size line (and over-budget warning) shown after every rendered policy.
pub fn report_size(size: usize, console: &Console) {
    if size > INLINE_BUDGET {
        console.warn(format_args!(
            "the policy is {} characters, over IAM's {}-character budget for all of a user's inline \
             policies together (whitespace not counted); attach-policy will refuse it",
            thousands(size),
            thousands(INLINE_BUDGET)
        ));
        console.hint("use fewer buckets, a `name-*` pattern for buckets that share a prefix, or --all-buckets");
    } else {
        console.info(format_args!(
            "policy size: {} of {} characters (IAM's budget for all of a user's inline policies, whitespace not counted)",
            thousands(size),
            thousands(INLINE_BUDGET)
        ));
    }
}

pub fn execute(request: &Request, console: &Console) -> anyhow::Result<()> {
    explain(&request.policy, console);
    let document = request.policy.spec.document();
    let text = document.to_pretty_json();
    let size = document.iam_size();

    if let Some(path) = &request.out {
        write_file(path, &text)?;
        console.info(format_args!("wrote the policy to {}", path.display()));
    }
    if console.is_json() {
        let mut summary = json!({ "policy": document, "size": size, "budget": INLINE_BUDGET });
        if let Some(path) = &request.out {
            summary["file"] = json!(path);
        }
        console.json(&summary).context("cannot write to stdout")?;
    } else if request.out.is_none() {
        console.out(&text).context("cannot write to stdout")?;
    }
    report_size(size, console);
    Ok(())
}

/// Writes through a temporary file in the same directory and renames it over the target, so a
/// failure never leaves a half-written policy where a script expects a whole one.
fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    let fail = |source| Error::Write { path: path.to_owned(), source };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
