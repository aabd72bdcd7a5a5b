//! `make-policy`: print the least-privilege inline policy for the chosen buckets. Offline: it needs
//! no credentials, so a customer can review (or hand to their security team) exactly what will be
//! attached before anything is created.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::MakePolicyArgs;
use crate::console::Console;
use crate::domain::policy::{INLINE_BUDGET, Partition, PolicyChoice};
use crate::error::Error;
use crate::ops::policy::{explain, report_size};
use crate::report::PolicyReport;

#[derive(Debug)]
pub struct Request {
    pub choice: PolicyChoice,
    pub partition: Partition,
    /// `None` means stdout.
    pub out: Option<PathBuf>,
}

pub fn resolve(args: &MakePolicyArgs) -> Result<Request, Error> {
    Ok(Request {
        choice: args.policy.required()?,
        partition: args.partition.to_lib(),
        out: args.out.clone().filter(|path| path.as_os_str() != "-"),
    })
}

pub fn execute(request: &Request, out: &Console) -> anyhow::Result<()> {
    explain(&request.choice, out);
    let document = request.choice.document(request.partition);
    let text = document.to_pretty_json();
    let size = document.iam_size();

    if let Some(path) = &request.out {
        write_file(path, &text)?;
        out.info(format_args!("wrote the policy to {}", path.display()));
    }
    if out.is_json() || request.out.is_none() {
        let report = PolicyReport {
            policy: serde_json::to_value(&document).context("cannot render the policy")?,
            size,
            budget: INLINE_BUDGET,
            file: request.out.clone(),
            pretty: text,
        };
        out.report(&report).context("cannot write to stdout")?;
    }
    report_size(size, out);
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
