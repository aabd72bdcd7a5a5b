//! The command that picks a multi-account setup up again for only the accounts that failed: every
//! flag-given answer, the `--bucket ACCOUNT:name` values of those accounts alone (another account's
//! would name an account the resumed run does not cover), and the account options naming them.

use crate::commands::setup::flags::Flags;
use crate::domain::accounts::resume_args;
use crate::domain::names::{PolicyName, UserName};

/// `failed`: the accounts' labels; `ids`: each account's (label, account id).
pub(super) fn command(
    flags: &Flags,
    user: &UserName,
    policy: &PolicyName,
    ids: &[(String, String)],
    failed: &[String],
) -> String {
    let mut words: Vec<String> =
        ["pixelshift-aws", "setup", "--user-name", user.as_str(), "--policy-name", policy.as_str()]
            .map(str::to_owned)
            .into();
    let left: Vec<(&str, &str)> =
        ids.iter().filter(|(label, _)| failed.contains(label)).map(|(l, id)| (l.as_str(), id.as_str())).collect();
    let buckets = flags.per_account.flag_buckets_of(&left);
    if !buckets.is_empty() {
        words.extend(["--bucket".to_owned(), buckets.join(",")]);
    }
    if let Some(file) = &flags.accounts_file {
        words.extend(["--accounts-file".to_owned(), file.display().to_string()]);
    }
    if flags.choice.is_some() {
        words.push("--all-buckets".to_owned());
    }
    if let Some(access) = flags.access {
        words.extend(["--access".to_owned(), access.as_str().to_owned()]);
    }
    if let Some(prefix) = &flags.prefix {
        words.extend(["--prefix".to_owned(), prefix.as_str().to_owned()]);
    }
    if let Some(kind) = flags.kind {
        words.extend(["--policy-type".to_owned(), kind.as_str().to_owned()]);
    }
    if flags.adopt {
        words.push("--adopt".to_owned());
    }
    if flags.probe_locked {
        words.push("--probe-locked".to_owned());
    }
    if let Some(backend) = flags.keyring {
        words.extend(["--keyring".to_owned(), backend.as_str().to_owned()]);
    }
    let quoted = shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "));
    format!("{quoted} {}", resume_args(&flags.accounts, failed))
}
