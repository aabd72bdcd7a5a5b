//! What the `keys` subcommands print: `show`'s and `delete`'s reports and, for the ones that hand the
//! stored pair to other tools, AWS's `credential_process` document, the `export` formats, and
//! `configure-profile`'s report.
//!
//! The first two carry the secret by design; they are built as [`Secret`]s, so the text holding it
//! is wiped when dropped and cannot be logged by accident.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::console::Report;
use crate::secrets::{Secret, StoredKey};

/// `keys show`.
#[derive(Debug, Serialize)]
pub(crate) struct KeyShown {
    pub user_name: String,
    pub account_id: String,
    pub access_key_id: String,
    pub created: String,
    pub stored_in: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<Secret>,
}

impl Report for KeyShown {
    fn text(&self) -> String {
        let secret = self.secret_access_key.as_ref().map_or("(hidden: add --reveal)", Secret::expose);
        format!(
            "user          {}\naccount       {}\naccess key    {}\nsecret key    {secret}\ncreated       {}\nstored in     {}\n",
            self.user_name, self.account_id, self.access_key_id, self.created, self.stored_in
        )
    }
}

/// `keys copy`: what went to the clipboard, never the secret itself. Text goes to stderr as it
/// happens, so the text form is empty.
#[derive(Debug, Serialize)]
pub(crate) struct KeyCopied {
    pub user_name: String,
    pub account_id: String,
    pub access_key_id: String,
    /// `access_key_id`, `secret_access_key`: the fields copied, in order.
    pub copied: Vec<&'static str>,
    /// `desktop` or `osc52`.
    pub clipboard: &'static str,
    /// Seconds after which the secret is cleared; `null` when no secret was copied or with 0.
    pub clear_after: Option<u64>,
    /// The secret is already gone from the clipboard (the OSC 52 wait ended before this report).
    pub cleared: bool,
}

impl Report for KeyCopied {
    fn text(&self) -> String {
        String::new()
    }
}

/// `keys delete`: text goes to stderr as it happens, so the text form is empty.
#[derive(Debug, Serialize)]
pub(crate) struct KeyDeleted {
    pub user_name: String,
    pub account_id: String,
    pub deleted: bool,
    pub access_key_id: Option<String>,
    /// Every copy removed: the keyring's name, `key file PATH`.
    pub removed: Vec<String>,
}

impl Report for KeyDeleted {
    fn text(&self) -> String {
        String::new()
    }
}

/// AWS's `credential_process` output: exactly these three fields, in this order. No `Expiration`:
/// an IAM user's access key does not expire, and without one the AWS CLI and SDKs keep it for the
/// life of the process instead of running the command again.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CredentialProcess<'a> {
    pub version: u8,
    pub access_key_id: &'a str,
    pub secret_access_key: &'a Secret,
}

impl<'a> CredentialProcess<'a> {
    #[must_use]
    pub fn new(key: &'a StoredKey) -> Self {
        Self { version: 1, access_key_id: &key.access_key_id, secret_access_key: &key.secret_access_key }
    }

    /// The document on one line, newline-terminated. Holds the secret.
    #[must_use]
    pub fn line(&self) -> Secret {
        Secret::new(serde_json::to_string(self).expect("strings always serialize") + "\n")
    }
}

/// `keys export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// `export AWS_ACCESS_KEY_ID=…` lines for a POSIX shell.
    Env,
    /// `AWS_ACCESS_KEY_ID=…` lines.
    Dotenv,
    /// `{"AccessKeyId":…,"SecretAccessKey":…}` on one line.
    Json,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ExportJson<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a Secret,
}

/// The pair in `format`, newline-terminated. Holds the secret.
///
/// AWS access key ids and secrets are letters, digits, `/` and `+`, which every shell and dotenv
/// reader takes bare; a value with anything else (none AWS issues) is single-quoted, which POSIX
/// shells and the common dotenv readers take literally.
#[must_use]
pub fn export(key: &StoredKey, format: ExportFormat) -> Secret {
    let pairs =
        [("AWS_ACCESS_KEY_ID", key.access_key_id.as_str()), ("AWS_SECRET_ACCESS_KEY", key.secret_access_key.expose())];
    let lines = |prefix: &str| {
        let mut text = String::new();
        for (name, value) in pairs {
            text.push_str(prefix);
            text.push_str(name);
            text.push('=');
            text.push_str(&shell_quote(value));
            text.push('\n');
        }
        text
    };
    Secret::new(match format {
        ExportFormat::Env => lines("export "),
        ExportFormat::Dotenv => lines(""),
        ExportFormat::Json => {
            let json = ExportJson { access_key_id: &key.access_key_id, secret_access_key: &key.secret_access_key };
            serde_json::to_string(&json).expect("strings always serialize") + "\n"
        }
    })
}

/// `value` as one word for a POSIX shell (and for Python's `shlex.split`, which the AWS CLI uses
/// on `credential_process`): bare when it is only characters no shell treats specially, else in
/// single quotes, with each `'` written as `'"'"'`.
#[must_use]
pub fn shell_quote(value: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    if !value.is_empty() && value.chars().all(safe) {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r#"'"'"'"#))
    }
}

/// `keys configure-profile`: the profile written (or that would be) and where.
#[derive(Debug, Serialize)]
pub struct ProfileConfigured {
    pub profile: String,
    pub config_file: PathBuf,
    /// added | replaced | unchanged
    pub change: &'static str,
    pub dry_run: bool,
    /// The previous file, saved before it was changed (null when nothing was written, or there was
    /// no file yet).
    pub backup: Option<PathBuf>,
    pub user_name: String,
    pub account_id: String,
    pub access_key_id: String,
    pub key_stored_in: String,
    /// The command line the profile runs; it holds no secret.
    pub credential_process: String,
    pub region: Option<String>,
    /// The section as written, header included.
    pub section: String,
    /// A command that uses the profile.
    pub next: String,
}

impl Report for ProfileConfigured {
    fn text(&self) -> String {
        let file = self.config_file.display();
        let to = if self.change == "added" { "to" } else { "in" };
        let what = match (self.change, self.dry_run) {
            ("unchanged", _) => format!("already in {file} as shown; nothing changed"),
            (change, true) => format!("would be {change} {to} {file} (dry run: nothing written)"),
            (change, false) => format!("{change} {to} {file}"),
        };
        let mut text = format!("{}\nprofile       {} {what}\n", self.section, self.profile);
        if let Some(backup) = &self.backup {
            let _ = writeln!(text, "backup        {}", backup.display());
        }
        let _ = writeln!(
            text,
            "key           {} of `{}` in account {}, from the {}",
            self.access_key_id, self.user_name, self.account_id, self.key_stored_in
        );
        let _ = writeln!(text, "next          {}", self.next);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::json;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn key() -> StoredKey {
        StoredKey::new(
            "AKIAIOSFODNN7EXAMPLE".to_owned(),
            Secret::new(SECRET.to_owned()),
            "iam_pixelshift".to_owned(),
            "123456789012".to_owned(),
            "2026-11-29T10:00:00Z".to_owned(),
        )
    }

    #[test]
    fn credential_process_is_exactly_the_three_fields() {
        let key = key();
        assert_eq!(
            CredentialProcess::new(&key).line().expose(),
            format!("{{\"Version\":1,\"AccessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"SecretAccessKey\":\"{SECRET}\"}}\n")
        );
        assert!(!format!("{:?}", CredentialProcess::new(&key)).contains(SECRET));
    }

    #[test]
    fn export_formats() {
        let key = key();
        assert_eq!(
            export(&key, ExportFormat::Env).expose(),
            format!("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY={SECRET}\n")
        );
        assert_eq!(
            export(&key, ExportFormat::Dotenv).expose(),
            format!("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY={SECRET}\n")
        );
        assert_eq!(
            export(&key, ExportFormat::Json).expose(),
            format!("{{\"AccessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"SecretAccessKey\":\"{SECRET}\"}}\n")
        );
    }

    #[test]
    fn values_a_shell_would_change_are_single_quoted() {
        assert_eq!(shell_quote("a/b+c=d"), "a/b+c=d");
        assert_eq!(shell_quote("/opt/Pixel Shift/pixelshift-aws"), "'/opt/Pixel Shift/pixelshift-aws'");
        assert_eq!(shell_quote("it's $HOME"), r#"'it'"'"'s $HOME'"#);
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn configure_profile_json() {
        let report = ProfileConfigured {
            profile: "pixelshift".to_owned(),
            config_file: PathBuf::from("/home/u/.aws/config"),
            change: "added",
            dry_run: false,
            backup: Some(PathBuf::from("/home/u/.aws/config.pixelshift-aws.bak")),
            user_name: "iam_pixelshift".to_owned(),
            account_id: "123456789012".to_owned(),
            access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
            key_stored_in: "Secret Service (GNOME Keyring / KWallet)".to_owned(),
            credential_process: "/usr/local/bin/pixelshift-aws keys credential-process --user-name iam_pixelshift \
                                 --account-id 123456789012"
                .to_owned(),
            region: Some("eu-west-1".to_owned()),
            section: "[profile pixelshift]\ncredential_process = /usr/local/bin/pixelshift-aws keys \
                      credential-process --user-name iam_pixelshift --account-id 123456789012\nregion = eu-west-1\n"
                .to_owned(),
            next: "aws --profile pixelshift s3 ls s3://BUCKET".to_owned(),
        };
        insta::assert_snapshot!(serde_json::to_string_pretty(&report).unwrap());
        insta::assert_snapshot!("configure_profile_text", report.text());
    }

    #[test]
    fn keys_json() {
        let shown = KeyShown {
            user_name: "iam_pixelshift".to_owned(),
            account_id: "123456789012".to_owned(),
            access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
            created: "2026-11-29T10:00:00Z".to_owned(),
            stored_in: "Secret Service".to_owned(),
            secret_access_key: None,
        };
        let deleted = KeyDeleted {
            user_name: "iam_pixelshift".to_owned(),
            account_id: "123456789012".to_owned(),
            deleted: true,
            access_key_id: Some("AKIAIOSFODNN7EXAMPLE".to_owned()),
            removed: vec![
                "Secret Service".to_owned(),
                "key file /home/u/.config/pixelshift-aws/keys/k.json".to_owned(),
            ],
        };
        insta::assert_snapshot!(format!("{}\n{}", json(&shown), json(&deleted)));
    }
}
