//! `attach-policy`: put the policy on the user as an inline policy — only when it fits IAM's size
//! limit, never over a different policy without the operator's say-so, and not at all when the
//! identical document is already there.

use std::io::Read;
use std::path::PathBuf;

use serde_json::{Value, json};
use similar::TextDiff;

use super::Context;
use super::make_policy::{ResolvedPolicy, explain, resolve_policy};
use crate::aws::iam;
use crate::aws::{Aws, Identity};
use crate::cli::AttachPolicyArgs;
use crate::console::{Console, thousands};
use crate::domain::names::{PolicyName, UserName};
use crate::domain::policy::{INLINE_BUDGET, Partition, iam_size, same_document};
use crate::error::Error;

#[derive(Debug)]
pub enum Source {
    /// Built from --bucket/--all-buckets/--access/--prefix; the partition comes from the caller.
    Built(crate::cli::PolicyArgs),
    /// A document the operator wrote; `None` is stdin.
    File(Option<PathBuf>),
}

#[derive(Debug)]
pub struct Request {
    pub user: UserName,
    pub policy_name: PolicyName,
    pub source: Source,
    pub adopt: bool,
}

pub fn resolve(args: AttachPolicyArgs) -> Result<Request, Error> {
    let source = match args.policy_file {
        Some(path) if path.as_os_str() == "-" => Source::File(None),
        Some(path) => Source::File(Some(path)),
        None => {
            // Validate names now, before any network call; the partition is only known later.
            resolve_policy(&args.policy, Partition::Aws)?;
            Source::Built(args.policy)
        }
    };
    Ok(Request {
        user: UserName::parse(args.user.name())?,
        policy_name: PolicyName::parse(&args.policy_name)?,
        source,
        adopt: args.adopt,
    })
}

/// What attach-policy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Replaced,
    Unchanged,
}

impl Change {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Replaced => "replaced",
            Change::Unchanged => "unchanged",
        }
    }
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let document = match &request.source {
        Source::File(path) => read_document(path.as_ref())?,
        Source::Built(_) => String::new(),
    };
    let (aws, identity) = ctx.admin().await?;
    let document = match &request.source {
        Source::Built(args) => {
            let policy: ResolvedPolicy = resolve_policy(args, identity.partition)?;
            explain(&policy, &ctx.console);
            policy.spec.document().to_pretty_json()
        }
        Source::File(_) => document,
    };
    let outcome = attach(&request.user, &request.policy_name, &document, request.adopt, &aws, ctx).await?;
    report(&outcome, &identity, &ctx.console)?;
    Ok(())
}

/// The result of attaching, also used by setup.
#[derive(Debug)]
pub struct Outcome {
    pub user_name: String,
    pub user_arn: String,
    pub policy_name: String,
    pub change: Change,
    pub size: usize,
    pub aggregate: usize,
}

/// Reads a policy document and normalises it to the same pretty form make-policy prints, so a
/// file and a built policy compare and diff alike.
fn read_document(path: Option<&PathBuf>) -> Result<String, Error> {
    let (name, text) = if let Some(path) = path {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.clone(), source })?;
        (path.display().to_string(), text)
    } else {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|source| Error::Read { path: PathBuf::from("-"), source })?;
        ("stdin".to_owned(), text)
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

pub async fn attach(
    user: &UserName,
    policy_name: &PolicyName,
    document: &str,
    adopt: bool,
    aws: &Aws,
    ctx: &Context,
) -> Result<Outcome, Error> {
    let console = &ctx.console;
    let (name, policy) = (user.as_str(), policy_name.as_str());
    let existing_user = iam::get_user(&aws.iam, name).await?.ok_or_else(|| {
        Error::refused(
            format!("IAM user `{name}` does not exist"),
            format!("create it first: pixelshift-aws create-user --user-name {name}"),
        )
    })?;
    if !existing_user.is_managed() {
        if !adopt {
            return Err(Error::usage(
                format!("IAM user `{name}` was not created by pixelshift-aws (no managed-by tag); not changing it"),
                "pass --adopt to take it over (it gets tagged managed-by=pixelshift-aws)",
            ));
        }
        iam::tag_user(&aws.iam, name, &crate::domain::user::tags(&[])?).await?;
        console.info(format_args!("Adopted IAM user {} (tagged managed-by=pixelshift-aws)", existing_user.arn));
    }

    // IAM limits the sum of a user's inline policies, not each one. The emulator does not enforce
    // it, and AWS would only say "LimitExceeded" — so count before calling, and say what to do.
    let (current, others) = iam::inline_policies(&aws.iam, name, policy).await?;
    for (other, size) in &others {
        console.detail(format_args!("other inline policy `{other}`: {} characters", thousands(*size)));
    }
    let size = iam_size(document);
    let others_total: usize = others.iter().map(|(_, s)| s).sum();
    let aggregate = size + others_total;
    if aggregate > INLINE_BUDGET {
        return Err(over_budget(name, policy, size, &others));
    }

    let change = match current {
        Some(text) if same_document(&text, document) => {
            console.info(format_args!("Inline policy `{policy}` on `{name}` is already up to date; nothing to do"));
            Change::Unchanged
        }
        Some(text) => {
            show_diff(&text, document, console);
            let question = format!("Replace inline policy `{policy}` on `{name}` with the new version?");
            if !ctx.confirm.confirm(&question, false)? {
                return Err(Error::Declined(format!("left inline policy `{policy}` on `{name}` unchanged")));
            }
            iam::put_user_policy(&aws.iam, name, policy, document).await?;
            console.info(format_args!("Replaced inline policy `{policy}` on `{name}`"));
            Change::Replaced
        }
        None => {
            iam::put_user_policy(&aws.iam, name, policy, document).await?;
            console.info(format_args!("Attached inline policy `{policy}` to `{name}`"));
            Change::Created
        }
    };
    Ok(Outcome {
        user_name: name.to_owned(),
        user_arn: existing_user.arn,
        policy_name: policy.to_owned(),
        change,
        size,
        aggregate,
    })
}

fn pretty(text: &str) -> String {
    serde_json::from_str::<Value>(text).ok().and_then(|v| serde_json::to_string_pretty(&v).ok()).map_or_else(
        || text.to_owned(),
        |mut p| {
            p.push('\n');
            p
        },
    )
}

fn show_diff(old: &str, new: &str, console: &Console) {
    let (old, new) = (pretty(old), pretty(new));
    let diff = TextDiff::from_lines(&old, &new);
    let text = diff.unified_diff().context_radius(3).header("attached now", "new").to_string();
    console.info("The attached policy differs from the new one:");
    console.diff(&text);
}

fn over_budget(name: &str, policy: &str, size: usize, others: &[(String, usize)]) -> Error {
    let total = size + others.iter().map(|(_, s)| s).sum::<usize>();
    let detail = if others.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = others.iter().map(|(n, s)| format!("`{n}` {}", thousands(*s))).collect();
        format!(" + other inline policies {}", list.join(", "))
    };
    Error::usage(
        format!(
            "the inline policies of `{name}` would total {} characters (`{policy}` {}{detail}), over IAM's \
             {}-character limit (whitespace not counted)",
            thousands(total),
            thousands(size),
            thousands(INLINE_BUDGET)
        ),
        "use fewer buckets, a `name-*` pattern for buckets that share a prefix, or --all-buckets; \
         or remove an inline policy the user no longer needs (aws iam delete-user-policy)",
    )
}

fn report(outcome: &Outcome, identity: &Identity, console: &Console) -> anyhow::Result<()> {
    if console.is_json() {
        console.json(&json!({
            "account_id": identity.account_id,
            "user_name": outcome.user_name,
            "user_arn": outcome.user_arn,
            "policy_name": outcome.policy_name,
            "change": outcome.change.as_str(),
            "size": outcome.size,
            "aggregate_size": outcome.aggregate,
            "budget": INLINE_BUDGET,
        }))?;
        return Ok(());
    }
    console.out(&format!(
        "policy        {} on {} ({})\nsize          {} of {} characters for all of the user's inline policies\n",
        outcome.policy_name,
        outcome.user_arn,
        outcome.change.as_str(),
        thousands(outcome.aggregate),
        thousands(INLINE_BUDGET)
    ))?;
    console.info(format_args!(
        "Next: pixelshift-aws verify --user-name {} (proves access with the user's own key)",
        outcome.user_name
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_budget_names_every_number() {
        let err = over_budget("u", "p", 1_900, &[("other".to_owned(), 410)]);
        let text = err.to_string();
        assert!(
            text.contains("2,310") && text.contains("1,900") && text.contains("`other` 410") && text.contains("2,048")
        );
        assert!(err.hint().unwrap().contains("name-*"));
    }
}
