//! The chosen buckets, held against the account before anything is written: which exist and in
//! which region (so verify need not ask), which a pattern matches now, and — for a name the account
//! does not have — the bucket it was probably meant to be.

use crate::aws::s3::S3;
use crate::console::Console;
use crate::domain::denial::{PolicyDeny, denials_in};
use crate::domain::names::closest;
use crate::domain::policy::Partition;
use crate::domain::policy::PolicyChoice;
use crate::domain::some_of;
use crate::domain::verify::{Refusal, region_of_location};
use crate::ops::probe::{Bucket, facts_of, probe_like};
use crate::report::plan::BucketFactsReport;

/// How many buckets of a pattern or all-buckets policy are checked (and listed when shown).
pub const MAX_CHECKED: usize = 20;

/// What the account says about a policy choice's buckets.
#[derive(Debug, Default)]
pub struct Lookup {
    /// The buckets verify will probe, with their regions where the admin could look them up.
    pub buckets: Vec<Bucket>,
    /// Named buckets the account does not have, each with the bucket it was probably meant to be.
    pub missing: Vec<(String, Option<String>)>,
}

/// Looks up the choice's buckets with the admin credentials: each named one's region (`NoSuchBucket`
/// means a typo or a bucket not created yet), or the account's buckets a pattern or all-buckets
/// policy matches now. Answers the admin may not get (no `s3:GetBucketLocation`) leave the region
/// for verify to find; they are not treated as missing.
pub async fn look_up(admin: &S3, choice: &PolicyChoice) -> Lookup {
    let names = if let Some(names) = choice.named_buckets() {
        names
    } else {
        let mut names: Vec<String> =
            admin.list_buckets().await.unwrap_or_default().into_iter().filter(|b| choice.grants(b)).collect();
        names.sort();
        names.truncate(MAX_CHECKED);
        names
    };
    // Versioning and Object Lock in the same round trip as the region: they decide how verify
    // probes. A bucket in another region answers those elsewhere; the probe reads them there.
    let lookups = names.iter().map(|name| async move {
        let (location, facts) = tokio::join!(admin.bucket_location(name), facts_of(admin, name));
        let facts = match (&location, facts) {
            (_, Ok(facts)) => Some(facts),
            // Asked outside the bucket's region: ask again where it lives.
            (Ok(constraint), Err(_)) => {
                facts_of(&admin.in_region(&region_of_location(constraint.as_deref())), name).await.ok()
            }
            (Err(_), Err(_)) => None,
        };
        (name, location, facts)
    });
    let mut lookup = Lookup::default();
    for (name, answer, facts) in futures_util::future::join_all(lookups).await {
        match answer {
            Ok(constraint) => {
                let region = region_of_location(constraint.as_deref());
                lookup.buckets.push(Bucket { facts, ..Bucket::granted(name, Some(region)) });
            }
            Err(failure) if failure.kind == Refusal::NoSuchBucket => {
                // Still probed: verify reports it as missing, with the rest.
                lookup.buckets.push(Bucket::granted(name, None));
                lookup.missing.push((name.clone(), None));
            }
            Err(_) => lookup.buckets.push(Bucket::granted(name, None)),
        }
    }
    if !lookup.missing.is_empty()
        && let Ok(existing) = admin.list_buckets().await
    {
        for (name, near) in &mut lookup.missing {
            *near = closest(name, &existing).map(str::to_owned);
        }
    }
    lookup
}

/// The customer-managed KMS keys the looked-up buckets encrypt with, as key ARNs (sorted), and the
/// buckets whose key could not be resolved (with why), for a note naming `--kms-key`.
#[derive(Debug, Default)]
pub struct KmsKeys {
    pub arns: Vec<String>,
    pub unresolved: Vec<(String, String)>,
}

/// Resolves each bucket's default-encryption key with `kms:DescribeKey` in the bucket's region (one
/// call per distinct key, all at once): an alias or id becomes the key's ARN, and an AWS-managed key
/// (`aws/s3`) is dropped. A key ARN that cannot be described (no `kms:DescribeKey`, another
/// account's key) is kept as it is; an alias or id that cannot is reported.
pub async fn kms_keys(aws: &crate::aws::Aws, lookup: &Lookup) -> KmsKeys {
    let wanted: Vec<(String, String, String)> = lookup
        .buckets
        .iter()
        .filter_map(|b| {
            let key = b.facts.as_ref()?.kms_key.clone()?;
            Some((b.name.clone(), b.region.clone().unwrap_or_else(|| aws.region().to_owned()), key))
        })
        .collect();
    let described = wanted.iter().map(|(bucket, region, key)| async move {
        // An ARN names its own region; an alias or id is looked up where the bucket is.
        let region = key.split(':').nth(3).filter(|r| key.starts_with("arn:") && !r.is_empty()).unwrap_or(region);
        (bucket, key, aws.kms(region).describe_key(key).await)
    });
    let mut found = KmsKeys::default();
    for (bucket, key, answer) in futures_util::future::join_all(described).await {
        match answer {
            Ok(info) if info.customer_managed => found.arns.push(info.arn),
            Ok(_) => {}
            Err(_) if crate::domain::policy::kms::is_key_arn(key) => found.arns.push(key.clone()),
            Err(err) => found.unresolved.push((bucket.clone(), format!("`{key}`: {err}"))),
        }
    }
    found.arns.sort();
    found.arns.dedup();
    found
}

/// Adds the buckets' customer-managed KMS keys to `choice` (beside any `--kms-key`), saying so.
pub async fn add_kms_keys(aws: &crate::aws::Aws, lookup: &Lookup, choice: &mut PolicyChoice, out: &Console) {
    let found = kms_keys(aws, lookup).await;
    found.report(out);
    choice.kms_keys.extend(found.arns);
    choice.kms_keys.sort();
    choice.kms_keys.dedup();
}

impl KmsKeys {
    /// Says which keys the policy will let S3 use, and which could not be resolved.
    pub fn report(&self, out: &Console) {
        if !self.arns.is_empty() {
            out.note(format_args!(
                "the buckets encrypt with customer-managed KMS key{} {}: the policy lets S3 use {} for Pixelshift \
                 (kms:ViaService)",
                if self.arns.len() == 1 { "" } else { "s" },
                self.arns.join(", "),
                if self.arns.len() == 1 { "it" } else { "them" }
            ));
        }
        for (bucket, why) in &self.unresolved {
            out.warn(format_args!(
                "bucket `{bucket}` encrypts with a KMS key that could not be resolved ({why}); pass --kms-key with \
                 its key ARN, or Pixelshift's writes will fail on AWS"
            ));
        }
    }
}

impl Lookup {
    /// The buckets' facts as a plan reports them, with the bucket policy Denies that will refuse the
    /// user (by `user_arn`).
    #[must_use]
    pub fn facts_report(&self, choice: &PolicyChoice, user_arn: &str) -> Vec<BucketFactsReport> {
        self.buckets
            .iter()
            .map(|b| BucketFactsReport {
                denied_by: Self::denials(b, choice, user_arn),
                ..BucketFactsReport::new(&b.name, b.region.as_deref(), b.facts.as_ref())
            })
            .collect()
    }

    /// The Denies of `bucket`'s policy that refuse the user a call the choice's access needs, on a
    /// key under its prefix (where verify probes).
    fn denials(bucket: &Bucket, choice: &PolicyChoice, user_arn: &str) -> Vec<PolicyDeny> {
        let Some(policy) = bucket.facts.as_ref().and_then(|f| f.policy.as_ref()) else { return Vec::new() };
        let partition = Partition::from_arn(user_arn).unwrap_or(Partition::Aws);
        let object = probe_like(choice.prefix.as_ref().map(crate::domain::names::KeyPrefix::as_str));
        denials_in(policy, &bucket.name, &object, choice.access, user_arn, partition)
    }

    /// Warns about each missing bucket (the policy still names it: it may be created later), each
    /// bucket policy Deny that will refuse `user` (by `user_arn`) one of Pixelshift's calls, and says
    /// what a pattern matches now.
    pub fn report(&self, choice: &PolicyChoice, (user, user_arn): (&str, &str), out: &Console) {
        // A likely typo is worth a line of its own; many plain absences (buckets to be created
        // later) are one line.
        let plain: Vec<&str> =
            self.missing.iter().filter(|(_, near)| near.is_none()).map(|(name, _)| name.as_str()).collect();
        for (name, near) in &self.missing {
            match near {
                Some(near) => out.warn(format_args!(
                    "bucket `{name}` does not exist in this account; did you mean `{near}`? (the policy still names \
                     it; verify will report it missing)"
                )),
                None if plain.len() <= 3 => out.warn(format_args!(
                    "bucket `{name}` does not exist in this account (the policy still names it; verify will report \
                     it missing)"
                )),
                None => {}
            }
        }
        if plain.len() > 3 {
            out.warn(format_args!(
                "{} buckets do not exist in this account: {} (the policy still names them; verify will report them \
                 missing)",
                plain.len(),
                some_of(&plain, 5)
            ));
        }
        for bucket in &self.buckets {
            let Some(facts) = &bucket.facts else { continue };
            for deny in Self::denials(bucket, choice, user_arn) {
                out.warn(deny.describe(&bucket.name, user));
            }
            if let Some(retention) = &facts.retention {
                out.note(format_args!(
                    "bucket `{}` has an {retention}: verify checks list and read there, and writes no probe \
                     (verify --probe-locked writes one, which then stays until the retention ends)",
                    bucket.name
                ));
            } else if facts.versioned {
                out.note(format_args!(
                    "bucket `{}` keeps versions: verify removes its probe's versions and delete marker too, with \
                     your credentials",
                    bucket.name
                ));
            }
        }
        if choice.named_buckets().is_none() {
            let names: Vec<&str> = self.buckets.iter().map(|b| b.name.as_str()).collect();
            if names.is_empty() {
                out.note("no existing bucket matches the policy yet");
            } else {
                out.note(format_args!("the policy matches {} bucket(s) now: {}", names.len(), names.join(", ")));
            }
        }
    }
}
