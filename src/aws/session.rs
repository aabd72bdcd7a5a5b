//! The Pixelshift user's own key, for the probe calls verify makes: the admin side's region,
//! endpoint and retry settings, signing with the user's key instead. One S3 client per region,
//! built on first use and shared by every bucket in that region.

use std::collections::HashMap;
use std::sync::Mutex;

use aws_config::SdkConfig;
use aws_sdk_iam::config::{Credentials, SharedCredentialsProvider};

use super::s3::S3;
use crate::secrets::StoredKey;

#[derive(Debug)]
pub struct Session {
    config: SdkConfig,
    clients: Mutex<HashMap<Option<String>, S3>>,
}

impl Session {
    /// `base` signing with `key` (and `session_token`, for temporary credentials from the environment).
    #[must_use]
    pub fn new(base: &SdkConfig, key: &StoredKey, session_token: Option<String>) -> Session {
        let credentials = Credentials::new(
            &key.access_key_id,
            key.secret_access_key.expose(),
            session_token,
            None,
            "pixelshift-aws-user",
        );
        let config = base.to_builder().credentials_provider(SharedCredentialsProvider::new(credentials)).build();
        Session { config, clients: Mutex::new(HashMap::new()) }
    }

    /// The S3 client for `region` (the configured one when `None`).
    pub fn s3(&self, region: Option<&str>) -> S3 {
        let mut clients = self.clients.lock().expect("the client cache is never poisoned");
        let entry = clients.entry(region.map(str::to_owned)).or_insert_with(|| S3::new(&self.config, region));
        entry.clone()
    }

    /// The IAM user this key belongs to, as STS sees it (`None` for a role's session or when STS
    /// does not answer): who a key from the environment really is.
    pub async fn owner(&self) -> Option<String> {
        let out = aws_sdk_sts::Client::new(&self.config).get_caller_identity().send().await.ok()?;
        let arn = out.arn()?;
        arn.split_once(":user/").map(|(_, path)| path.rsplit('/').next().unwrap_or(path).to_owned())
    }

    /// Whether AWS accepts this key and secret (STS needs no permission at all): `None` when STS
    /// does not answer clearly (unreachable, or a service without STS).
    pub async fn authenticates(&self) -> Option<bool> {
        match aws_sdk_sts::Client::new(&self.config).get_caller_identity().send().await {
            Ok(_) => Some(true),
            Err(err) => match super::error::code_of(&err) {
                Some("InvalidClientTokenId" | "SignatureDoesNotMatch" | "InvalidAccessKeyId") => Some(false),
                _ => None,
            },
        }
    }

    /// The region calls go to when none is given.
    #[must_use]
    pub fn default_region(&self) -> String {
        self.config.region().map_or_else(|| super::FALLBACK_REGION.to_owned(), ToString::to_string)
    }
}
