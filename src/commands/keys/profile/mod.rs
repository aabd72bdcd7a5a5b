//! `keys configure-profile`: a profile in the file AWS tools read (`$AWS_CONFIG_FILE`, else
//! `~/.aws/config`) whose `credential_process` runs `keys credential-process`, so the AWS CLI and
//! SDKs take the key from the keyring and no secret is written to disk.
//!
//! The file is someone's own: only the profile's section changes, every other byte is kept; a
//! section that differs is replaced only after a confirmation (or `--yes`), one that matches is left
//! alone; the previous file is kept as `<file>.pixelshift-aws.bak` (0600); and the new file is
//! written to a temporary file in the same directory, `fsync`ed and renamed over the old one, so a
//! crash leaves one or the other, never half. A new file is 0600 in a 0700 directory; an existing
//! one keeps its mode, and a symbolic link (a dotfiles repository) keeps pointing at the file it
//! names, which is the one changed.

mod command;
mod file;

use std::path::PathBuf;

use crate::cli::KeysConfigureProfileArgs;
use crate::context::Context;
use crate::error::Error;
use crate::report::keys::ProfileConfigured;
use crate::secrets::blocking;

use super::aws_config::{self, Ambiguous, Edit};
use super::{AccountFrom, Located, Lookup};
use command::credential_process_command;
use file::{backup_path, read_existing, real_config_file, write_config};

#[derive(Debug)]
pub struct Request {
    pub lookup: Lookup,
    pub profile: String,
    pub dry_run: bool,
}

pub fn resolve(args: &KeysConfigureProfileArgs) -> Result<Request, Error> {
    let profile = args.profile_name.clone();
    let valid = |c: char| c.is_ascii_alphanumeric() || "-_.@+".contains(c);
    if profile.is_empty() || profile.len() > 64 || !profile.chars().all(valid) {
        return Err(Error::usage(
            format!("invalid profile name `{profile}`: use 1-64 of A-Z a-z 0-9 - _ . @ +"),
            "pass --profile-name pixelshift, for example",
        ));
    }
    Ok(Request {
        lookup: Lookup::resolve(&args.user, args.account_id.as_deref(), &args.store)?,
        profile,
        dry_run: args.dry_run,
    })
}

/// The file AWS tools read profiles from: `$AWS_CONFIG_FILE` (a leading `~` is the home directory,
/// as the AWS CLI reads it), else `~/.aws/config`. `None` without a home directory to put it in.
#[must_use]
pub fn config_file() -> Option<PathBuf> {
    let home = dirs::home_dir;
    match std::env::var_os("AWS_CONFIG_FILE").filter(|v| !v.is_empty()) {
        Some(value) => {
            let path = PathBuf::from(value);
            match path.strip_prefix("~") {
                Ok(rest) => Some(home()?.join(rest)),
                Err(_) => Some(path),
            }
        }
        None => Some(home()?.join(".aws").join("config")),
    }
}

/// The region written into the profile: the AWS CLI takes any text there, so it is checked here.
fn check_region(region: Option<&str>) -> Result<(), Error> {
    match region {
        Some(region)
            if region.is_empty()
                || !region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') =>
        {
            Err(Error::usage(
                format!("invalid AWS region `{region}`"),
                "pass --region eu-west-1, for example (lowercase letters, digits and -)",
            ))
        }
        _ => Ok(()),
    }
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let region = ctx.settings.region.clone();
    check_region(region.as_deref())?;
    let shown_path = config_file().ok_or_else(|| {
        Error::usage("cannot tell where the AWS config file is: no home directory", "set AWS_CONFIG_FILE to its path")
    })?;
    let path = real_config_file(&shown_path)?;
    // Read, edit and write under one lock: concurrent runs each add their profile to what the one
    // before them wrote, instead of each writing its edit of the same old file.
    let _lock = if request.dry_run { None } else { Some(crate::ops::lock::acquire_file(&path, &ctx.out).await?) };
    let original = read_existing(&path)?;
    let text = original.as_deref().unwrap_or_default();

    let Located { key, stored_in, volatile } = request.lookup.locate(ctx, AccountFrom::Admin).await?;
    if volatile {
        ctx.out.warn(
            "the key is only in the Linux kernel keyring (keyutils), which does not survive a reboot: the profile \
             stops working then; keep a copy in a file with `--keys-file PATH` here and in create-user",
        );
    }
    let command = credential_process_command(&request.lookup, &key)?;
    let admin_profile = ctx.settings.profile.as_deref().unwrap_or("default");
    let region = region.or_else(|| aws_config::get(text, &request.profile, "region")).or_else(|| {
        (admin_profile != request.profile).then(|| aws_config::get(text, admin_profile, "region")).flatten()
    });
    let mut settings = vec![("credential_process", command.clone())];
    if let Some(region) = &region {
        settings.push(("region", region.clone()));
    }
    let section = aws_config::section(&request.profile, &settings);
    let edit = aws_config::edit(text, &request.profile, &section).map_err(|Ambiguous { count }| {
        Error::refused(
            format!(
                "`{}` has {count} sections for the profile `{}`; which one AWS tools read is not clear, so it was \
                 left as it is",
                shown_path.display(),
                request.profile
            ),
            "merge them into one by hand, or choose another --profile-name",
        )
    })?;

    let report = |backup: Option<PathBuf>| ProfileConfigured {
        profile: request.profile.clone(),
        config_file: shown_path.clone(),
        change: edit.as_str(),
        dry_run: request.dry_run,
        backup,
        user_name: key.user_name.clone(),
        account_id: key.account_id.clone(),
        access_key_id: key.access_key_id.clone(),
        key_stored_in: stored_in.clone(),
        credential_process: command.clone(),
        region: region.clone(),
        section: section.clone(),
        next: if request.profile == "default" {
            "aws s3 ls s3://BUCKET".to_owned()
        } else {
            format!("aws --profile {} s3 ls s3://BUCKET", request.profile)
        },
    };

    let new_text = match &edit {
        Edit::Unchanged => {
            ctx.out.report(&report(None))?;
            return Ok(());
        }
        Edit::Add { text } => text,
        Edit::Replace { text, old } => {
            ctx.out.info(format_args!(
                "The {} section of {} differs from the one to write:",
                aws_config::header(&request.profile),
                shown_path.display()
            ));
            ctx.out.diff(&similar::TextDiff::from_lines(old, &section).unified_diff().header("now", "new").to_string());
            if !request.dry_run {
                let question = format!(
                    "Replace the {} section of {}?",
                    aws_config::header(&request.profile),
                    shown_path.display()
                );
                if !ctx.ask.confirm(&question, false)? {
                    return Err(Error::Declined("kept the profile as it is".to_owned()).into());
                }
            }
            text
        }
    };
    if request.dry_run {
        ctx.out.report(&report(None))?;
        return Ok(());
    }

    let backup = original.is_some().then(|| backup_path(&path));
    let (target, new_bytes, previous, backup_to) = (path.clone(), new_text.clone(), original.clone(), backup.clone());
    blocking(move || write_config(&target, previous.as_deref(), &new_bytes, backup_to.as_deref())).await?;
    ctx.out.report(&report(backup))?;
    Ok(())
}
