//! The AWS edge: clients built in one place (profile, region, endpoint, retries, credential chain),
//! one method per IAM/STS/S3 operation, SDK errors mapped to outcomes commands can use. Nothing
//! here prints or prompts.

pub mod error;
pub mod iam;
pub mod kms;
pub mod organizations;
pub mod s3;
pub mod session;

use std::sync::OnceLock;

use aws_config::provider_config::ProviderConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_iam::config::{ProvideCredentials, Region, SharedCredentialsProvider, SharedHttpClient};

use crate::domain::Invalid;
use crate::domain::policy::Partition;
use crate::secrets::StoredKey;
pub use error::AwsError;
use iam::Iam;
use s3::S3;
use session::Session;

/// What the user chose on the command line (or in `AWS_*` variables) about the admin credentials.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Where `region` came from (`--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`), for its error.
    pub region_source: &'static str,
    pub endpoint_url: Option<String>,
}

/// IAM and STS are global, but the SDK still needs a region to sign requests; `us-east-1` is where
/// the global IAM endpoint lives in the `aws` partition.
const FALLBACK_REGION: &str = "us-east-1";

/// The admin side: the credentials that make the changes, and a client per service sharing them.
#[derive(Debug)]
pub struct Aws {
    config: SdkConfig,
    iam: Iam,
    sts: aws_sdk_sts::Client,
    s3: OnceLock<S3>,
}

/// Who the admin credentials belong to, from STS `GetCallerIdentity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account_id: String,
    pub arn: String,
    pub partition: Partition,
}

impl Settings {
    /// Checks the values offline, before any call: a malformed one is a usage error naming it
    /// (the SDK would otherwise fail with an endpoint-parameter message, or panic).
    pub fn validate(&self) -> Result<(), Invalid> {
        if let Some(url) = &self.endpoint_url
            && !is_endpoint(url)
        {
            return Err(Invalid::usage(
                format!(
                    "invalid endpoint URL `{url}`: it must be http:// or https://, a host and at most a port (1-65535)"
                ),
                "pass e.g. --endpoint-url http://127.0.0.1:5000, or leave it (and AWS_ENDPOINT_URL) unset for AWS",
            ));
        }
        if let Some(region) = self.region.as_deref() {
            // A custom endpoint (an S3-compatible service, an emulator) may name its region as it
            // likes, as long as the SDK can put it in a host name; AWS's own are `us-east-1` style.
            let fine = if self.endpoint_url.is_some() { is_host_label(region) } else { is_region(region) };
            if !fine {
                let source = if self.region_source.is_empty() { "--region" } else { self.region_source };
                let from = if source == "--region" { String::new() } else { format!(" (from {source})") };
                let set =
                    if source == "--region" { "pass --region with".to_owned() } else { format!("set {source} to") };
                return Err(Invalid::usage(
                    format!(
                        "invalid AWS region `{}`{from}: a region looks like `us-east-1` or `eu-central-2`",
                        region.chars().take(80).collect::<String>()
                    ),
                    format!(
                        "{set} one of your account's regions (aws ec2 describe-regions lists them), or leave it unset"
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Settings {
    /// The AWS config and credentials files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, or
    /// `~/.aws/config` and `~/.aws/credentials`) must be regular files of a sane size when they
    /// exist: the SDK reads them whole and blocking, so a FIFO would hang the run past any signal
    /// and `/dev/zero` would fill memory. Checked before the SDK is asked to read them.
    pub fn check_files() -> Result<(), Invalid> {
        let home = dirs::home_dir().map(|home| home.join(".aws"));
        for (variable, default) in [("AWS_CONFIG_FILE", "config"), ("AWS_SHARED_CREDENTIALS_FILE", "credentials")] {
            let named = std::env::var_os(variable).filter(|v| !v.is_empty()).map(std::path::PathBuf::from);
            let Some(path) = named.clone().or_else(|| home.as_ref().map(|dir| dir.join(default))) else { continue };
            // The usual way of saying "no such file": it reads as empty at once.
            if path == std::path::Path::new("/dev/null") {
                continue;
            }
            if let Err(problem) = crate::files::check_regular(&path, crate::files::TEXT_FILE_LIMIT) {
                let (what, fix) = if named.is_some() {
                    (
                        format!("{variable} names `{}`", path.display()),
                        format!("point {variable} at a regular file, or unset it"),
                    )
                } else {
                    (
                        format!("the AWS {default} file `{}`", path.display()),
                        format!("replace `{}` with a regular file", path.display()),
                    )
                };
                return Err(Invalid::usage(format!("{what}, which the AWS SDK cannot read: {problem}"), fix));
            }
        }
        Ok(())
    }
}

/// A `--profile` that the AWS config and credentials files do not define is named as such: the
/// credential chain would otherwise go on to other sources and fail far from the cause.
async fn check_profile(profile: &str) -> Result<(), AwsError> {
    use aws_types::os_shim_internal::{Env, Fs};
    // aws-config's load() takes this alias; its replacement lives in aws-runtime, not a dependency here.
    #[allow(deprecated)]
    let files = aws_config::profile::profile_file::ProfileFiles::default();
    match aws_config::profile::load(&Fs::real(), &Env::real(), &files, None).await {
        Ok(set) if set.get_profile(profile).is_none() => {
            let mut known: Vec<&str> = set.profiles().collect();
            known.sort_unstable();
            let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
            Err(AwsError::NoCredentials {
                detail: format!(
                    "profile `{profile}` is not defined in your AWS config or credentials file (defined: {known})"
                ),
            })
        }
        // Unreadable files are the SDK's to report, with its own detail.
        _ => Ok(()),
    }
}

/// AWS's region names: a short prefix, words, and a number (`us-east-1`, `us-gov-west-1`,
/// `ap-southeast-5`, `eusc-de-east-1`), all lowercase.
/// `http(s)://host[:port][/path]`: a host without spaces, and a port that is a port.
fn is_endpoint(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // `[::1]:5000`: the port follows the bracketed address.
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    !host.is_empty() && !host.contains(char::is_whitespace) && port_ok
}

/// What the SDK's endpoint rules take as a region: one DNS label of letters, digits and hyphens.
fn is_host_label(region: &str) -> bool {
    (1..=63).contains(&region.len())
        && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-')
}

fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        && parts[0].len() <= 4
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts.last().is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

impl Aws {
    /// Loads the standard credential chain (environment, profiles, SSO, `credential_process`, web
    /// identity, container and instance roles) with standard retries, and checks that it yields
    /// credentials before any call is made, so "no credentials" is one clear error.
    pub async fn connect(settings: &Settings) -> Result<Aws, AwsError> {
        if let Some(profile) = &settings.profile {
            check_profile(profile).await?;
        }
        Self::check_and_wrap(base_config(settings).await).await.map_err(|err| match (err, &settings.profile) {
            // Name the profile: "no usable credentials" alone does not say which were looked for.
            (AwsError::NoCredentials { detail }, Some(profile)) => {
                AwsError::NoCredentials { detail: format!("profile `{profile}`: {detail}") }
            }
            (err, _) => err,
        })
    }

    /// Like [`Aws::connect`], but only from the profile's credentials: for when the environment's
    /// `AWS_ACCESS_KEY_ID` holds someone else's key (verify `--keys-from-env`).
    pub async fn connect_profile_only(settings: &Settings, profile: &str) -> Result<Aws, AwsError> {
        // The profile's own role or SSO session calls STS/SSO through this provider's client, not the loader's.
        let provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
            .configure(&ProviderConfig::default().with_http_client(http_client()))
            .profile_name(profile)
            .build();
        let config = base_config(settings)
            .await
            .to_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
        Self::check_and_wrap(config).await
    }

    async fn check_and_wrap(config: SdkConfig) -> Result<Aws, AwsError> {
        let provider = config
            .credentials_provider()
            .ok_or_else(|| AwsError::NoCredentials { detail: "no credential provider is configured".to_owned() })?;
        if let Err(err) = provider.provide_credentials().await {
            return Err(AwsError::NoCredentials { detail: error::chain(&err) });
        }
        Ok(Self::from_config(config))
    }

    #[must_use]
    pub fn from_config(config: SdkConfig) -> Aws {
        Aws {
            iam: Iam(aws_sdk_iam::Client::new(&config)),
            sts: aws_sdk_sts::Client::new(&config),
            s3: OnceLock::new(),
            config,
        }
    }

    /// The same credentials again, as a second handle (the management account among `--org`'s).
    #[must_use]
    pub fn again(&self) -> Aws {
        Self::from_config(self.config.clone())
    }

    /// These credentials' Organizations client (`--org`).
    #[must_use]
    pub fn organizations(&self) -> organizations::Organizations {
        organizations::Organizations::new(&self.config)
    }

    /// Another account, through `role_arn` assumed with these credentials (session `session_name`,
    /// `external_id` when the role's trust policy asks for one): the same region, endpoint and
    /// retries. A role that cannot be assumed is `NoCredentials` naming the role.
    pub async fn assume(&self, role_arn: &str, session_name: &str, external_id: Option<&str>) -> Result<Aws, AwsError> {
        let mut provider = aws_config::sts::AssumeRoleProvider::builder(role_arn).session_name(session_name);
        if let Some(id) = external_id {
            provider = provider.external_id(id);
        }
        let provider = provider.configure(&self.config).build().await;
        let config = self.config.to_builder().credentials_provider(SharedCredentialsProvider::new(provider)).build();
        Self::check_and_wrap(config).await.map_err(|err| match err {
            AwsError::NoCredentials { detail } => {
                AwsError::NoCredentials { detail: format!("role `{role_arn}`: {detail}") }
            }
            err => err,
        })
    }

    #[must_use]
    pub fn iam(&self) -> &Iam {
        &self.iam
    }

    /// The admin's S3 client in the configured region: bucket listing, locations, probe clean-up.
    pub fn s3(&self) -> &S3 {
        self.s3.get_or_init(|| S3::new(&self.config, None))
    }

    /// The admin's KMS client in `region` (a key is looked up where it lives).
    #[must_use]
    pub fn kms(&self, region: &str) -> kms::Kms {
        kms::Kms::new(&self.config, region)
    }

    /// The user's own key, with this side's region, endpoint and retries.
    #[must_use]
    pub fn session(&self, key: &StoredKey, session_token: Option<String>) -> Session {
        Session::new(&self.config, key, session_token)
    }

    #[must_use]
    pub fn region(&self) -> &str {
        self.config.region().map_or(FALLBACK_REGION, Region::as_ref)
    }

    #[must_use]
    pub fn endpoint_url(&self) -> Option<&str> {
        self.config.endpoint_url()
    }

    /// The caller's account and partition; commands show it before changing anything.
    pub async fn identity(&self) -> Result<Identity, AwsError> {
        let out =
            self.sts.get_caller_identity().send().await.map_err(|e| error::classify("sts:GetCallerIdentity", &e))?;
        let arn = out.arn().unwrap_or_default().to_owned();
        let account_id = out.account().unwrap_or_default().to_owned();
        let partition = Partition::from_arn(&arn).ok_or_else(|| AwsError::Service {
            action: "sts:GetCallerIdentity",
            code: "UnknownPartition".to_owned(),
            message: format!("cannot tell the AWS partition from the caller ARN `{arn}`"),
        })?;
        Ok(Identity { account_id, arn, partition })
    }
}

/// The HTTPS client every AWS call goes through: the SDK's own hyper 1 + rustls client, as its
/// `default-https-client` feature builds it, except that rustls does its cryptography with ring
/// instead of aws-lc-rs (a smaller binary and no C library to build; docs/benchmarks.md#binary-size).
/// Unchanged from that default: the roots are the OS trust store (rustls-native-certs, so a corporate
/// CA installed there is trusted), the cipher suites are the SDK's list, `HTTPS_PROXY`/`HTTP_PROXY`/
/// `NO_PROXY` are honoured (the default does so from behavior version 2025-08-07 on), and connect and
/// read timeouts come from the SDK's settings per connector.
///
/// The crate features leave the SDK no default client, so a client or credential provider built
/// without this one fails its first call with "no HTTP client"; [`base_config`] gives it to the
/// loader, which hands it to every service client and to the credential chain (SSO, STS web
/// identity and role profiles, container and instance metadata).
#[must_use]
pub fn http_client() -> SharedHttpClient {
    use aws_smithy_http_client::{Builder, ConnectorBuilder, proxy::ProxyConfig, tls};
    // `build_with_connector_fn` is what aws-smithy-runtime's default client is built with: one hyper
    // connector (and connection pool) per distinct timeout setting, cached. The public
    // `Builder::tls_provider(..).build_https()` would leave out the proxy configuration.
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector =
            ConnectorBuilder::default().tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring));
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}

/// The shared configuration without checking credentials: profile, region (falling back to
/// `us-east-1`), endpoint, standard retries, [`http_client`].
pub async fn base_config(settings: &Settings) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http_client());
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    } else if std::env::var_os("AWS_REGION").is_some_and(|v| v.is_empty()) {
        // Set but empty means unset (as the AWS CLI reads it); the SDK would take it as a region
        // named "" and fail. So the rest of its chain is asked here: the profile's region.
        let mut profile = aws_config::profile::region::ProfileFileRegionProvider::builder();
        if let Some(name) = &settings.profile {
            profile = profile.profile_name(name);
        }
        let region = aws_config::meta::region::ProvideRegion::region(&profile.build()).await;
        loader = loader.region(region.unwrap_or_else(|| Region::from_static(FALLBACK_REGION)));
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    if config.region().is_some() {
        config
    } else {
        config.to_builder().region(Region::from_static(FALLBACK_REGION)).build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_and_regions_are_checked_before_the_sdk_sees_them() {
        assert!(is_endpoint("http://127.0.0.1:5000"));
        assert!(is_endpoint("https://s3.example.com/base"));
        assert!(is_endpoint("http://[::1]:9000"));
        assert!(!is_endpoint("http://127.0.0.1:99999"), "not a port");
        assert!(!is_endpoint("http://127.0.0.1:0"));
        assert!(!is_endpoint("http://:5000"));
        assert!(!is_endpoint("ftp://host"));
        assert!(!is_endpoint("http://a b"));
        assert!(is_host_label("garage") && is_host_label("us-east-1"));
        assert!(!is_host_label("us east 1") && !is_host_label(&"r".repeat(64)) && !is_host_label("-x"));
        let with_endpoint = |region: &str| Settings {
            region: Some(region.to_owned()),
            endpoint_url: Some("http://127.0.0.1:5000".to_owned()),
            ..Settings::default()
        };
        assert!(with_endpoint("minio").validate().is_ok());
        assert!(with_endpoint("us east 1").validate().is_err());
    }
}
