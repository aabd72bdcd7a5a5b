//! The place flow tests run the binary in: a fresh emulator plus a private config directory (where
//! the default key file goes), with the helpers every flow test needs to look at IAM as admin.

use aws_sdk_iam::error::ProvideErrorMetadata;
use serde_json::Value;

use super::emulator::{Emulator, Keys};
use super::{Run, run};

pub struct Sandbox {
    pub emulator: Emulator,
    pub config_home: tempfile::TempDir,
}

impl Sandbox {
    pub fn start() -> Sandbox {
        Sandbox { emulator: Emulator::start(), config_home: tempfile::tempdir().unwrap() }
    }

    /// A sandbox whose emulator knows AWS's own managed policies (`AmazonS3FullAccess`, ...).
    pub fn start_with_aws_managed_policies() -> Sandbox {
        Sandbox { emulator: Emulator::start_with_aws_managed_policies(), config_home: tempfile::tempdir().unwrap() }
    }

    /// A sandbox whose account already has these buckets (created by admin).
    pub async fn with_buckets(buckets: &[&str]) -> Sandbox {
        let sandbox = Sandbox::start();
        for bucket in buckets {
            sandbox.emulator.create_bucket(bucket).await;
        }
        sandbox
    }

    /// The binary signing with `keys`, pointed at the emulator and the private config directory.
    pub fn command_as(&self, keys: &Keys, args: &[&str]) -> assert_cmd::Command {
        let mut command = self.emulator.command();
        command
            .env("XDG_CONFIG_HOME", self.config_home.path())
            .env("AWS_ACCESS_KEY_ID", &keys.access_key_id)
            .env("AWS_SECRET_ACCESS_KEY", &keys.secret_access_key)
            .args(args);
        command
    }

    /// The binary as a plain `std::process::Command`, signing as admin with its AWS calls going to
    /// `endpoint` (the emulator, or a proxy in front of it): stdin closed, output captured, for tests
    /// that manage the child themselves (signals, kills, concurrency).
    pub fn std_command(&self, endpoint: &str, args: &[&str]) -> std::process::Command {
        use std::process::Stdio;
        let mut command = super::std_bin();
        command
            .env("AWS_ENDPOINT_URL", endpoint)
            .env("AWS_ACCESS_KEY_ID", &self.emulator.admin.access_key_id)
            .env("AWS_SECRET_ACCESS_KEY", &self.emulator.admin.secret_access_key)
            .env("AWS_REGION", super::emulator::REGION)
            .env("XDG_CONFIG_HOME", self.config_home.path())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs the binary as admin.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.command_as(&self.emulator.admin, args))
    }

    pub fn run_as(&self, keys: &Keys, args: &[&str]) -> Run {
        run(self.command_as(keys, args))
    }

    pub async fn iam(&self) -> aws_sdk_iam::Client {
        self.emulator.iam(&self.emulator.admin).await
    }

    pub async fn user_exists(&self, user: &str) -> bool {
        match self.iam().await.get_user().user_name(user).send().await {
            Ok(_) => true,
            Err(err) if err.code() == Some("NoSuchEntity") => false,
            Err(err) => panic!("GetUser {user}: {}", aws_sdk_iam::error::DisplayErrorContext(err)),
        }
    }

    pub async fn key_ids(&self, user: &str) -> Vec<String> {
        let out = self.iam().await.list_access_keys().user_name(user).send().await.unwrap();
        out.access_key_metadata().iter().filter_map(|k| k.access_key_id().map(str::to_owned)).collect()
    }

    /// The inline policy `name` of `user`, as JSON, if attached.
    pub async fn policy(&self, user: &str, name: &str) -> Option<Value> {
        match self.iam().await.get_user_policy().user_name(user).policy_name(name).send().await {
            Ok(out) => {
                let text = pixelshift_aws::aws::iam::decode_policy_document(out.policy_document());
                Some(serde_json::from_str(&text).unwrap())
            }
            Err(err) if err.code() == Some("NoSuchEntity") => None,
            Err(err) => panic!("GetUserPolicy {user}/{name}: {}", aws_sdk_iam::error::DisplayErrorContext(err)),
        }
    }

    /// The pair `keys show --reveal` reads back from the keyring.
    pub fn revealed(&self, user: &str) -> Keys {
        let doc = self.run(&["--output", "json", "keys", "show", "--user-name", user, "--reveal"]).expect(0).json();
        Keys {
            access_key_id: doc["access_key_id"].as_str().unwrap().to_owned(),
            secret_access_key: doc["secret_access_key"].as_str().unwrap().to_owned(),
        }
    }
}
