//! Policies the operator hands in or is about to attach: reading a document from a file or stdin,
//! and saying what a choice grants beyond the obvious.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::aws::Aws;
use crate::console::Console;
use crate::domain::names::{PolicyName, UserName};
use crate::domain::policy::{
    ATTACHED_QUOTA, Covered, INLINE_BUDGET, MANAGED_BUDGET, Partition, PolicyChoice, PolicyType, Scope, iam_size,
    managed_name, managed_names_fit, our_part,
};
use crate::domain::thousands;
use crate::error::{Error, FEWER_BUCKETS};
use crate::report::plan::size_line;

/// How long a pipe on stdin may stay silent before `--policy-file -` gives up on it.
const STDIN_SILENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// Reads a policy document and normalises it to the pretty form make-policy prints, so a file and a
/// built policy compare and diff alike. `None` reads stdin: a terminal only when a person may type
/// there (`interactive`), and a pipe only until it has been silent for [`STDIN_SILENCE`].
pub fn read_document(path: Option<&Path>, interactive: bool) -> Result<String, Error> {
    let (name, text) = if let Some(path) = path {
        let text = crate::files::read_text_limited(path, crate::files::TEXT_FILE_LIMIT)
            .map_err(|source| Error::Read { path: path.to_owned(), source })?;
        (path.display().to_string(), text)
    } else {
        ("stdin".to_owned(), read_stdin(interactive)?)
    };
    let value: Value = serde_json::from_str(&text).map_err(|err| {
        Error::usage(
            format!("`{name}` is not a JSON policy document: {err}"),
            "pass a file that make-policy wrote, or build the policy with --bucket",
        )
    })?;
    if !value.get("Statement").is_some_and(|s| s.is_array() || s.is_object()) {
        return Err(Error::usage(
            format!("`{name}` is not an IAM policy document: it has no \"Statement\""),
            "pass a file that make-policy wrote, or build the policy with --bucket",
        ));
    }
    let mut pretty = serde_json::to_string_pretty(&value).expect("a parsed document serialises");
    pretty.push('\n');
    Ok(pretty)
}

fn read_stdin(interactive: bool) -> Result<String, Error> {
    use std::io::IsTerminal;
    let terminal = std::io::stdin().is_terminal();
    if terminal && !interactive {
        return Err(Error::usage(
            "--policy-file - reads the policy from stdin, which is a terminal, and nobody may type there",
            "pipe the policy in (make-policy ... | pixelshift-aws attach-policy --policy-file -) or pass a file",
        ));
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Bounded like a file: `< /dev/zero` must not fill memory.
        let limit = crate::files::TEXT_FILE_LIMIT;
        let mut text = String::new();
        let read = std::io::stdin().take(limit + 1).read_to_string(&mut text).and_then(|n| {
            if n as u64 > limit {
                Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "more than 4 MiB arrived"))
            } else {
                Ok(text)
            }
        });
        let _ = sender.send(read);
    });
    // A person typing takes their time; a pipe that says nothing for a while will say nothing.
    let answer = if terminal { receiver.recv().ok() } else { receiver.recv_timeout(STDIN_SILENCE).ok() };
    match answer {
        Some(read) => read.map_err(|source| Error::Read { path: PathBuf::from("-"), source }),
        None => Err(Error::usage(
            format!("--policy-file -: nothing arrived on stdin in {} s", STDIN_SILENCE.as_secs()),
            "pipe the policy in and close the pipe (make-policy ... | pixelshift-aws attach-policy --policy-file -)",
        )),
    }
}

/// The user's policy `name` as attached now: the inline policy, else this tool's managed policies
/// for it, in part order — with a label for messages ("inline policy `p`", "managed policy `p.u`").
/// Empty when the user has neither. The inline policy and the attached list are read at once.
pub async fn attached_documents(aws: &Aws, user: &str, name: &str) -> Result<(String, Vec<String>), Error> {
    let iam = aws.iam();
    let (inline, attached) = tokio::join!(iam.get_user_policy(user, name), iam.attached_user_policy_names(user));
    if let Some(document) = inline? {
        return Ok((format!("inline policy `{name}`"), vec![document]));
    }
    managed_documents(aws, user, name, attached?).await
}

/// [`attached_documents`], one read for a user with the inline policy (the usual case): the
/// attached list only when it has none. For reads of many users (`list`), where requests count more
/// than one round trip.
pub async fn documents_inline_first(aws: &Aws, user: &str, name: &str) -> Result<(String, Vec<String>), Error> {
    let iam = aws.iam();
    if let Some(document) = iam.get_user_policy(user, name).await? {
        return Ok((format!("inline policy `{name}`"), vec![document]));
    }
    managed_documents(aws, user, name, iam.attached_user_policy_names(user).await?).await
}

/// This tool's managed policies for `name` among those `attached`, their documents in part order.
async fn managed_documents(
    aws: &Aws,
    user: &str,
    name: &str,
    attached: Vec<crate::domain::iam::AttachedPolicy>,
) -> Result<(String, Vec<String>), Error> {
    let mut ours: Vec<(usize, String, String)> = attached
        .into_iter()
        .filter_map(|a| our_part(name, user, &a.name, &a.arn).map(|i| (i, a.name, a.arn)))
        .collect();
    ours.sort();
    let parts =
        futures_util::future::try_join_all(ours.iter().map(|(_, _, arn)| aws.iam().managed_policy(arn))).await?;
    let documents: Vec<String> = parts.into_iter().flatten().filter_map(|p| p.document).collect();
    let names: Vec<String> = ours.iter().map(|(_, name, _)| format!("`{name}`")).collect();
    let label = match names.len() {
        0 => format!("policy `{name}`"),
        1 => format!("managed policy {}", names[0]),
        _ => format!("managed policies {}", names.join(", ")),
    };
    Ok((label, documents))
}

/// A policy that cannot fit whatever else the user has: refused before any call (the size hardly
/// depends on the partition, and the plan checks again with the right one). Over IAM's inline
/// budget on its own when inline was asked for; more than ten managed policies' worth when managed.
/// Without a type the user's current one decides, which only the plan knows.
pub fn over_budget(
    choice: &PolicyChoice,
    policy_name: Option<&str>,
    user: Option<&str>,
    kind: Option<PolicyType>,
    partition: Partition,
) -> Result<(), Error> {
    let policy = policy_name.unwrap_or(PolicyName::DEFAULT).to_owned();
    match kind {
        Some(PolicyType::Inline) => {
            let size = choice.document(partition).iam_size();
            if !PolicyType::Inline.fits(size) {
                return Err(Error::OverBudget { user: None, policy, size, others: Vec::new() });
            }
        }
        Some(PolicyType::Managed) => match choice.split(partition, MANAGED_BUDGET) {
            None => return Err(Error::ManagedTooLarge { policy, size: choice.document(partition).iam_size() }),
            Some(parts) if parts.len() > ATTACHED_QUOTA => {
                return Err(Error::ManagedQuota { user: None, needed: parts.len(), others: Vec::new() });
            }
            Some(parts) => {
                let user = user.unwrap_or(UserName::DEFAULT);
                if !managed_names_fit(&policy, user, parts.len()) {
                    return Err(Error::managed_name_too_long(&managed_name(&policy, user, parts.len() - 1)));
                }
            }
        },
        // Whichever type the user has: refused only when it fits neither.
        None if !PolicyType::Inline.fits(choice.document(partition).iam_size()) => {
            over_budget(choice, Some(&policy), user, Some(PolicyType::Managed), partition)?;
        }
        None => {}
    }
    Ok(())
}

/// A written document that cannot fit as `kind`, refused before any call (without a type: only
/// when it fits neither form; the user's current type decides the rest, and the plan checks it).
pub fn document_fits(document: &str, policy_name: &str, kind: Option<PolicyType>) -> Result<(), Error> {
    let size = iam_size(document);
    let policy = policy_name.to_owned();
    match kind {
        Some(PolicyType::Inline) if !PolicyType::Inline.fits(size) => {
            Err(Error::OverBudget { user: None, policy, size, others: Vec::new() })
        }
        Some(PolicyType::Managed) | None if !PolicyType::Managed.fits(size) => {
            Err(Error::ManagedTooLarge { policy, size })
        }
        _ => Ok(()),
    }
}

/// Tells the operator what a choice grants beyond the obvious: patterns, all buckets, open prefixes.
pub fn explain(choice: &PolicyChoice, out: &Console) {
    match &choice.scope {
        Scope::AllBuckets => out.warn(format_args!(
            "--all-buckets grants {} access to every bucket in the account, including buckets created later; \
             name the buckets instead where you can",
            choice.access.as_str()
        )),
        Scope::Buckets(buckets) => {
            for pattern in buckets.iter().filter(|b| b.is_pattern()) {
                let stem = pattern.as_str().trim_end_matches('*');
                out.warn(format_args!(
                    "`{pattern}` is a pattern: it grants every bucket whose name starts with `{stem}`, \
                     including buckets created later"
                ));
            }
        }
    }
    for Covered { bucket, by } in &choice.covered {
        out.note(format_args!("`{bucket}` is already covered by `{by}`, so it is not listed separately"));
    }
    if let Some(prefix) = choice.prefix.as_ref().filter(|p| !p.is_folder()) {
        out.warn(format_args!(
            "prefix `{prefix}` does not end in '/': it also matches keys such as `{prefix}-old/…`; \
             use `{prefix}/` to grant one folder"
        ));
    }
}

/// The size line (and over-budget warning) shown after a rendered policy.
pub fn report_size(size: usize, out: &Console) {
    if PolicyType::Inline.fits(size) {
        out.info(size_line(size));
    } else {
        out.warn(format_args!(
            "the policy is {} characters, over IAM's {}-character budget for all of a user's inline \
             policies together (whitespace not counted); attach-policy will refuse it",
            thousands(size),
            thousands(INLINE_BUDGET)
        ));
        out.hint(FEWER_BUCKETS);
    }
}
