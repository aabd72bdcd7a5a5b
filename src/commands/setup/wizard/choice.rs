//! The policy questions: which buckets (picked from the account's list or typed, with patterns),
//! the access level and the key prefix — each starting from what is attached now, so Enter keeps it.

use crate::commands::setup::flags::Flags;
use crate::context::Context;
use crate::domain::names::{BucketName, KeyPrefix, closest};
use crate::domain::policy::{Access, PolicyChoice, Scope};
use crate::domain::verify::Grant;
use crate::error::Error;

/// Buckets, access level and prefix, each starting from what is attached now (or the flag).
pub(in crate::commands::setup) fn ask_choice(
    flags: &Flags,
    listed: Option<&[String]>,
    attached: Option<&Grant>,
    ctx: &Context,
) -> Result<PolicyChoice, Error> {
    let prompter = ctx.ask.prompter();
    let mut choice = ask_buckets(listed, attached, ctx)?;
    choice.access = if let Some(access) = flags.access {
        access
    } else {
        let items = ["read-write (Pixelshift reads sources and writes results)", "read-only"].map(str::to_owned);
        let default = usize::from(attached.is_some_and(|g| g.access == Access::ReadOnly));
        if prompter.select("Access level", &items, default, "--access")? == 0 {
            Access::ReadWrite
        } else {
            Access::ReadOnly
        }
    };
    choice.prefix = match &flags.prefix {
        Some(prefix) => Some(prefix.clone()),
        None => loop {
            let current = attached.and_then(|g| g.prefix.clone());
            let question = "Limit to a key prefix (empty for the whole bucket)";
            let raw = prompter.input(question, current.as_deref(), true, "--prefix")?;
            if raw.trim().is_empty() {
                break None;
            }
            match KeyPrefix::parse(raw.trim()) {
                Ok(prefix) => break Some(prefix),
                Err(err) => ctx.out.warn(err),
            }
        },
    };
    Ok(choice)
}

fn ask_buckets(listed: Option<&[String]>, attached: Option<&Grant>, ctx: &Context) -> Result<PolicyChoice, Error> {
    let prompter = ctx.ask.prompter();
    let listed = listed.unwrap_or_default();
    let all = PolicyChoice {
        scope: Scope::AllBuckets,
        access: Access::ReadWrite,
        prefix: None,
        covered: Vec::new(),
        kms_keys: Vec::new(),
    };
    let kind = usize::from(attached.is_some_and(|g| g.all_buckets));
    let items = ["Specific buckets (recommended)", "All buckets in the account (not recommended)"].map(str::to_owned);
    if prompter.select("Which buckets may Pixelshift use?", &items, kind, "--bucket")? == 1 {
        let question = "Grant access to every bucket, including future ones?";
        if kind == 1 || prompter.confirm(question, false, "--all-buckets")? {
            return Ok(all);
        }
        return ask_buckets(Some(listed), None, ctx);
    }
    // What is attached now: names the account lists are checked in the picker, the rest (patterns,
    // buckets not listed) are the free-text default.
    let named: Vec<String> = attached.map(|g| g.buckets.iter().cloned().collect()).unwrap_or_default();
    let mut checked: Vec<bool> = listed.iter().map(|b| named.contains(b)).collect();
    let mut typed: Vec<String> = named.iter().filter(|b| !listed.contains(b)).cloned().collect();
    typed.extend(attached.into_iter().flat_map(|g| g.patterns.iter().map(|stem| format!("{stem}*"))));
    if !listed.is_empty() {
        let picked =
            prompter.multi_select("Pick buckets (space selects, enter confirms)", listed, &checked, "--bucket")?;
        checked = (0..listed.len()).map(|i| picked.contains(&i)).collect();
    }
    let mut text = typed.join(", ");
    loop {
        let question = "Other buckets or name-* patterns (comma or space separated; empty for none)";
        let raw = prompter.input(question, (!text.is_empty()).then_some(text.as_str()), true, "--bucket")?;
        let (typed_names, retry) = typed_buckets(&raw, listed, ctx)?;
        let mut chosen: Vec<BucketName> =
            listed.iter().zip(&checked).filter(|(_, on)| **on).filter_map(|(b, _)| BucketName::parse(b).ok()).collect();
        chosen.extend(typed_names);
        if retry {
            // The picker's boxes stay as they are; only the typed names are asked again, with the
            // good ones as the default.
            text = typed_names_text(&raw, listed);
            continue;
        }
        if let Some((scope, covered)) = Scope::buckets(chosen) {
            return Ok(PolicyChoice { scope, access: Access::ReadWrite, prefix: None, covered, kms_keys: Vec::new() });
        }
        ctx.out.warn("choose at least one bucket");
        text.clear();
    }
}

/// The typed names worth keeping for the next try: valid, and patterns or buckets the account has.
fn typed_names_text(raw: &str, listed: &[String]) -> String {
    let keep = |w: &&str| {
        BucketName::parse(w).is_ok_and(|b| b.is_pattern() || listed.is_empty() || listed.iter().any(|l| l == w))
    };
    let words: Vec<&str> =
        raw.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()).filter(keep).collect();
    words.join(", ")
}

/// The names typed by hand, split on commas and spaces. Every bad name is reported (not just the
/// first), and a name the account does not have gets the bucket it was probably meant to be; either
/// asks again (`true`), unless the operator keeps a missing name for a bucket to be created later.
fn typed_buckets(raw: &str, listed: &[String], ctx: &Context) -> Result<(Vec<BucketName>, bool), Error> {
    let mut names = Vec::new();
    let mut retry = false;
    for word in raw.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()) {
        match BucketName::parse(word) {
            Err(err) => {
                ctx.out.warn(err);
                retry = true;
            }
            Ok(name) if name.is_pattern() || listed.is_empty() || listed.iter().any(|b| b == word) => names.push(name),
            Ok(name) => {
                let near = closest(word, listed);
                let hint = near.map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
                ctx.out.warn(format_args!("`{word}` is not a bucket in this account{hint}"));
                let keep = format!("Keep `{word}` anyway (a bucket you will create)?");
                if near.is_none() && ctx.ask.prompter().confirm(&keep, false, "--bucket")? {
                    names.push(name);
                } else {
                    retry = true;
                }
            }
        }
    }
    Ok((names, retry))
}
