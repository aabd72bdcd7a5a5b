//! The profile's `credential_process` command line: this binary by the path it was started by,
//! and the flags that find the same key again, quoted for the AWS CLI and the SDKs.

use std::fs;
use std::path::{Path, PathBuf};

use crate::commands::keys::Lookup;
use crate::error::Error;
use crate::report::keys::shell_quote;
use crate::secrets::StoredKey;

/// The `credential_process` command line: this binary by its absolute path, then the flags that
/// find the same key again without any AWS credentials. No secret: it reads the key itself.
pub(super) fn credential_process_command(lookup: &Lookup, key: &StoredKey) -> Result<String, Error> {
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
