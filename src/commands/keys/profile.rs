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

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::cli::KeysConfigureProfileArgs;
use crate::context::Context;
use crate::error::Error;
use crate::files;
use crate::report::keys::{ProfileConfigured, shell_quote};
use crate::secrets::{StoredKey, blocking};

use super::aws_config::{self, Ambiguous, Edit};
use super::{AccountFrom, Located, Lookup};

/// Suffix of the backup of the previous file, next to it.
const BACKUP_SUFFIX: &str = ".pixelshift-aws.bak";

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

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let region = ctx.settings.region.clone();
    if let Some(region) = &region
        && (region.is_empty() || !region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    {
        return Err(Error::usage(
            format!("invalid AWS region `{region}`"),
            "pass --region eu-west-1, for example (lowercase letters, digits and -)",
        )
        .into());
    }
    let shown_path = config_file().ok_or_else(|| {
        Error::usage("cannot tell where the AWS config file is: no home directory", "set AWS_CONFIG_FILE to its path")
    })?;
    let path = real_config_file(&shown_path)?;
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

/// The file's text, or `None` when there is no file yet.
fn read_existing(path: &Path) -> Result<Option<String>, Error> {
    match fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| Error::Read {
            path: path.to_owned(),
            source: io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"),
        }),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path: path.to_owned(), source }),
    }
}

fn backup_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "config".to_owned(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!("{name}{BACKUP_SUFFIX}"))
}

/// The `credential_process` command line: this binary by its absolute path, then the flags that
/// find the same key again without any AWS credentials. No secret: it reads the key itself.
fn credential_process_command(lookup: &Lookup, key: &StoredKey) -> Result<String, Error> {
    let exe = this_binary()?;
    let mut words = vec![
        quote(&exe.to_string_lossy()),
        "keys".to_owned(),
        "credential-process".to_owned(),
        "--user-name".to_owned(),
        quote(&key.user_name),
        "--account-id".to_owned(),
        quote(&key.account_id),
    ];
    if let Some(backend) = lookup.keyring {
        words.extend(["--keyring".to_owned(), backend.as_str().to_owned()]);
    }
    if let Some(file) = &lookup.keys_file {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.clone());
        words.extend(["--keys-file".to_owned(), quote(&absolute.to_string_lossy())]);
    }
    Ok(words.join(" "))
}

/// One word of the command line. The AWS CLI splits `credential_process` with Python's
/// `shlex.split` and the SDKs run it with `sh -c`: POSIX quoting serves both. Windows tools split
/// it their own way, where double quotes serve.
fn quote(word: &str) -> String {
    if cfg!(windows) {
        if word.contains([' ', '\t']) { format!("\"{word}\"") } else { word.to_owned() }
    } else {
        shell_quote(word)
    }
}

/// This binary's absolute path, as the AWS CLI will run it from any directory.
fn this_binary() -> Result<PathBuf, Error> {
    let exe = std::env::current_exe().map_err(|err| {
        Error::refused(
            format!("cannot tell where this pixelshift-aws binary is ({err}), for the profile to run it"),
            "run pixelshift-aws by its full path",
        )
    })?;
    Ok(invoked_path(&exe).unwrap_or(exe))
}

/// The path this binary was started by, made absolute, when it names the same file as `exe`: a
/// package manager's link (`/usr/local/bin/pixelshift-aws`) keeps working after an upgrade, where
/// the versioned file it points at today does not.
fn invoked_path(exe: &Path) -> Option<PathBuf> {
    let arg0 = PathBuf::from(std::env::args_os().next()?);
    let candidate = if arg0.components().count() > 1 {
        // Interior `.` components go; `components()` drops them.
        std::path::absolute(&arg0).ok()?.components().collect::<PathBuf>()
    } else {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path).filter(|dir| dir.is_absolute()).map(|dir| dir.join(&arg0)).find(|p| p.is_file())?
    };
    let same = fs::canonicalize(&candidate).ok()? == fs::canonicalize(exe).ok()?;
    same.then_some(candidate)
}

/// The file to change: a symbolic link is followed (the file it names is the one to change), and
/// something that is not a file (`AWS_CONFIG_FILE=/dev/null`) cannot keep a profile.
fn real_config_file(shown: &Path) -> Result<PathBuf, Error> {
    let path = fs::canonicalize(shown).unwrap_or_else(|_| shown.to_owned());
    if files::is_special(&path) {
        return Err(Error::usage(
            format!("the AWS config file `{}` is not a regular file, so no profile can be kept there", path.display()),
            "point AWS_CONFIG_FILE at your AWS config file (or unset it for ~/.aws/config)",
        ));
    }
    Ok(path)
}

/// Writes the backup (the previous bytes, 0600), then the new file, each atomically; refuses when
/// the file changed since it was read (another program, another run).
fn write_config(path: &Path, previous: Option<&str>, new: &str, backup: Option<&Path>) -> Result<(), Error> {
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    create_private_dir(dir).map_err(write_error(dir))?;
    if read_existing(path)?.as_deref() != previous {
        return Err(Error::Raced { what: format!("`{}`", path.display()) });
    }
    if let (Some(previous), Some(backup)) = (previous, backup) {
        files::write_atomically(backup, previous.as_bytes(), None).map_err(write_error(backup))?;
    }
    let mode = existing_mode(path);
    files::write_atomically(path, new.as_bytes(), mode).map_err(write_error(path))
}

#[cfg(unix)]
fn existing_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path).ok().map(|m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn existing_mode(_: &Path) -> Option<u32> {
    None
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    // Only directories created here get 0700; existing ones are the user's business.
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_private_and_an_existing_one_keeps_its_mode_and_gets_a_backup() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aws/config");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        write_config(&path, None, "[default]\n", None).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("aws")), 0o700);

        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let backup = backup_path(&path);
        write_config(&path, Some("[default]\n"), "[default]\nregion = x\n", Some(&backup)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "[default]\nregion = x\n");
        assert_eq!(mode(&path), 0o644);
        assert_eq!(fs::read_to_string(&backup).unwrap(), "[default]\n");
        assert_eq!(mode(&backup), 0o600);
        assert_eq!(backup.file_name().unwrap(), "config.pixelshift-aws.bak");
        let names: Vec<_> = fs::read_dir(dir.path().join("aws")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        fs::write(&path, "[default]\nregion = changed\n").unwrap();
        let err = write_config(&path, Some("[default]\n"), "new", None).unwrap_err();
        assert!(matches!(err, Error::Raced { .. }), "{err:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "[default]\nregion = changed\n");
    }
}
