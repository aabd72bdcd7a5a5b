//! A template on its way out: to a file (whole or not at all) or stdout, in the JSON report with
//! `--output json`, and the next step said — the access key is not part of it.

use std::path::Path;

use anyhow::Context as _;

use crate::console::Console;
use crate::error::Error;
use crate::report::TemplateReport;
use crate::template::TemplateFormat;

/// The template to `path` (or stdout), and in the JSON report when `--output json`.
pub fn write(format: TemplateFormat, text: &str, path: Option<&Path>, out: &Console) -> anyhow::Result<()> {
    if let Some(path) = path {
        write_file(path, text)?;
        out.info(format_args!("wrote the {} template to {}", format.name(), path.display()));
    }
    if out.is_json() || path.is_none() {
        let report =
            TemplateReport { format: format.as_str(), template: text.to_owned(), file: path.map(Path::to_owned) };
        out.report(&report).context("cannot write to stdout")?;
    }
    out.info(format_args!(
        "Next: {} (the access key is not part of it: `pixelshift-aws create-user` makes and stores it)",
        format.apply_hint()
    ));
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    crate::files::write_atomically(path, text.as_bytes(), None)
        .map_err(|source| Error::Write { path: path.to_owned(), source })
}
