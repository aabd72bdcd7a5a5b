//! The chosen buckets, held against the account before anything is written: which exist and in
//! which region (so verify need not ask), which a pattern matches now, and — for a name the account
//! does not have — the bucket it was probably meant to be.

use crate::aws::s3::S3;
use crate::console::Console;
use crate::domain::names::closest;
use crate::domain::policy::PolicyChoice;
use crate::domain::some_of;
use crate::domain::verify::{Refusal, region_of_location};
use crate::ops::probe::{Bucket, facts_of};

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
        (name, location, facts.ok())
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

impl Lookup {
    /// Warns about each missing bucket (the policy still names it: it may be created later) and
    /// says what a pattern matches now.
    pub fn report(&self, choice: &PolicyChoice, out: &Console) {
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
