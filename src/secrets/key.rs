//! The stored form of an access key pair: DESIGN §4's JSON, the same in every keyring backend and in
//! the key file.
//!
//! ```json
//! {"Version":1,"AccessKeyId":"AKIA…","SecretAccessKey":"…","UserName":"iam_pixelshift","AccountId":"123456789012","CreateDate":"…"}
//! ```
//!
//! The first three fields, in that order and spelling, are AWS's `credential_process` output format,
//! so a key file can serve the AWS CLI and SDKs as it is (`credential_process = cat <file>`); the
//! rest say whose key it is. Field names and order are a contract with every copy already stored:
//! a test pins them.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::SecretsError;

/// The JSON version this build writes and reads; `credential_process` requires `1`.
const VERSION: u8 = 1;

/// A secret string. `Debug` prints `***`, there is no `Display`, and [`Secret::expose`] is the only way
/// to read it, so a secret cannot reach a log line or an error message by accident.
///
/// Serializes as the plain string. Dropping it overwrites its bytes first — best effort only: copies
/// made before it was wrapped (an HTTP response buffer, a growing JSON buffer) are out of its reach.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret itself. Every call site is a place where it may leave the process: keep them few.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Overwrites the very bytes that held the secret (and the spare capacity), with writes the
        // compiler may not drop as dead stores.
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// An access key pair and whose it is, exactly as stored. `Debug` shows everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StoredKey {
    pub version: u8,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub user_name: String,
    pub account_id: String,
    /// When AWS created the key, as AWS reported it (ISO 8601).
    pub create_date: String,
}

impl StoredKey {
    #[must_use]
    pub fn new(
        access_key_id: String,
        secret_access_key: Secret,
        user_name: String,
        account_id: String,
        create_date: String,
    ) -> Self {
        Self { version: VERSION, access_key_id, secret_access_key, user_name, account_id, create_date }
    }

    /// The stored form: compact JSON on one line, fields in DESIGN §4's order. Holds the secret.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a struct of strings always serializes")
    }

    /// Reads the stored form back; the error never quotes the input, which holds the secret.
    pub fn from_json(json: &str) -> Result<Self, SecretsError> {
        parse(json).map_err(|problem| SecretsError::Malformed { what: "the stored key".to_owned(), problem })
    }
}

/// Parses and checks a stored key. `Err` is a description of what is wrong, safe to show: it names
/// fields and positions, never values.
pub(super) fn parse(json: &str) -> Result<StoredKey, String> {
    let key: StoredKey = serde_json::from_str(json).map_err(|err| describe_json_error(&err))?;
    if key.version != VERSION {
        return Err(format!(
            "it is Version {}, and this pixelshift-aws reads Version {VERSION} only (a newer pixelshift-aws wrote it?)",
            key.version
        ));
    }
    for (field, value) in [
        ("AccessKeyId", key.access_key_id.as_str()),
        ("SecretAccessKey", key.secret_access_key.expose()),
        ("UserName", key.user_name.as_str()),
        ("AccountId", key.account_id.as_str()),
    ] {
        if value.is_empty() {
            return Err(format!("`{field}` is empty"));
        }
    }
    Ok(key)
}

/// `serde_json`'s own messages can quote the offending value ("invalid type: integer `123`"), and the
/// value may be the secret: keep only the category, the position and, for a missing field, its name.
fn describe_json_error(err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("line {}, column {}", err.line(), err.column());
    match err.classify() {
        Category::Io => "it could not be read".to_owned(),
        Category::Eof => "it ends too early (truncated JSON?)".to_owned(),
        Category::Syntax => format!("it is not valid JSON ({at})"),
        Category::Data => {
            let message = err.to_string();
            match message.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')) {
                Some((field, _)) => format!("field `{field}` is missing"),
                None => format!("a field has the wrong type or value ({at})"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn key() -> StoredKey {
        StoredKey::new(
            "AKIAIOSFODNN7EXAMPLE".to_owned(),
            Secret::new(SECRET.to_owned()),
            "iam_pixelshift".to_owned(),
            "123456789012".to_owned(),
            "2026-11-28T04:00:00Z".to_owned(),
        )
    }

    #[test]
    fn json_is_exactly_the_contract() {
        assert_eq!(
            key().to_json(),
            r#"{"Version":1,"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","UserName":"iam_pixelshift","AccountId":"123456789012","CreateDate":"2026-11-28T04:00:00Z"}"#
        );
    }

    #[test]
    fn json_round_trips_and_ignores_unknown_fields() {
        assert_eq!(StoredKey::from_json(&key().to_json()).unwrap(), key());
        let extra = key().to_json().replace(r#""Version":1,"#, r#""Version":1,"Expiration":null,"#);
        assert_eq!(StoredKey::from_json(&extra).unwrap(), key());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let debug = format!("{:?} {:#?}", key(), key().secret_access_key);
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(debug.contains("secret_access_key: ***"), "{debug}");
        assert!(debug.contains("AKIAIOSFODNN7EXAMPLE"), "{debug}");
    }

    #[test]
    fn bad_json_is_described_without_quoting_it() {
        let cases = [
            (
                r#"{"Version":1,"AccessKeyId":"AKIA","SecretAccessKey":12345678,"UserName":"u","AccountId":"1","CreateDate":""}"#,
                "wrong type",
            ),
            (
                r#"{"Version":1,"AccessKeyId":"AKIA","SecretAccessKey":"12345678","UserName":"u","CreateDate":""}"#,
                "field `AccountId` is missing",
            ),
            (
                r#"{"Version":2,"AccessKeyId":"AKIA","SecretAccessKey":"12345678","UserName":"u","AccountId":"1","CreateDate":""}"#,
                "Version 2",
            ),
            (
                r#"{"Version":1,"AccessKeyId":"AKIA","SecretAccessKey":"","UserName":"u","AccountId":"1","CreateDate":""}"#,
                "`SecretAccessKey` is empty",
            ),
            (r#"{"Version":1,"AccessKeyId":"AKIA","SecretAccessKey":"12345678"#, "ends too early"),
            ("{12345678}", "not valid JSON"),
        ];
        for (json, expected) in cases {
            let message = StoredKey::from_json(json).unwrap_err().to_string();
            assert!(message.contains(expected), "{json}: {message}");
            assert!(!message.contains("12345678"), "{json}: the message quotes the secret: {message}");
        }
    }

    #[test]
    fn secret_compares_by_value() {
        assert_eq!(Secret::new("a".to_owned()), Secret::new("a".to_owned()));
        assert_ne!(Secret::new("a".to_owned()), Secret::new("b".to_owned()));
    }
}
