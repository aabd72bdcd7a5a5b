//! Which buckets verify checks, and what it expects there: the ones named, or those the user's
//! policy grants (a pattern or all-buckets policy matched against the account's buckets, up to
//! `--max-buckets`), with the access level and prefix the policy says.

use serde_json::Value;

use super::Request;
use crate::aws::Aws;
use crate::console::Console;
use crate::domain::policy::Access;
use crate::domain::verify::Grant;
use crate::error::Error;
use crate::ops::policy;
use crate::ops::probe::Bucket;
use crate::report::verify::PolicyRef;

/// What to check, and with what to expect.
pub(super) struct Targets {
    pub buckets: Vec<Bucket>,
    pub access: Access,
    pub prefix: Option<String>,
}
/// The buckets to check, with the access level and prefix to expect, and the user's inline policy
/// they were held against: a bucket it does not grant is denied for good, not waited for.
pub(super) async fn targets(
    request: &Request,
    admin: Option<&Aws>,
    out: &Console,
) -> Result<(Targets, Option<PolicyRef>), Error> {
    let prefix = request.prefix.as_ref().map(|p| p.as_str().to_owned());
    let (user, name) = (request.user.as_str(), request.policy_name.as_str());
    let (label, documents) = match admin {
        Some(aws) => policy::attached_documents(aws, user, name).await?,
        None => (format!("policy `{name}`"), Vec::new()),
    };
    for document in &documents {
        if let Err(e) = serde_json::from_str::<Value>(document) {
            return Err(Error::refused(format!("{label} of `{user}` is not valid JSON: {e}"), "pass --bucket"));
        }
    }
    let grant = (!documents.is_empty()).then(|| Grant::of_all(documents.iter().map(String::as_str)));
    let policy = grant.as_ref().map(|g| PolicyRef {
        user: user.to_owned(),
        name: name.to_owned(),
        buckets: g.buckets.iter().cloned().chain(g.patterns.iter().map(|stem| format!("{stem}*"))).collect(),
    });
    if !request.buckets.is_empty() {
        let buckets = request
            .buckets
            .iter()
            .map(|b| Bucket {
                name: b.as_str().to_owned(),
                region: None,
                granted: grant.as_ref().map(|g| g.covers(b.as_str())),
                facts: None,
            })
            .collect();
        let access = request.access.unwrap_or_default();
        return Ok((Targets { buckets, access, prefix }, policy));
    }
    let Some(grant) = grant else {
        return Err(Error::refused(
            format!("`{user}` has no policy `{name}` (inline, or managed `{name}.{user}`) to take the buckets from"),
            format!(
                "attach one with `pixelshift-aws attach-policy --user-name {user} --bucket NAME`, or pass --bucket"
            ),
        ));
    };
    let aws = admin.expect("the policy was read with the admin credentials");
    let mut buckets: Vec<String> = grant.buckets.iter().cloned().collect();
    if grant.all_buckets || !grant.patterns.is_empty() {
        let listed = aws.s3().list_buckets().await?;
        let matching: Vec<String> = listed.into_iter().filter(|b| grant.covers(b) && !buckets.contains(b)).collect();
        buckets.extend(matching);
        buckets.sort();
        if buckets.len() > request.max_buckets {
            out.warn(format_args!(
                "the policy matches {} buckets; checking the first {} (raise --max-buckets to check more)",
                buckets.len(),
                request.max_buckets
            ));
            buckets.truncate(request.max_buckets);
        }
    }
    if buckets.is_empty() {
        return Err(Error::refused(
            format!("{label} of `{user}` grants no bucket that exists to check"),
            "create the bucket, or pass --bucket NAME",
        ));
    }
    let buckets = buckets.iter().map(|b| Bucket::granted(b, None)).collect();
    let access = request.access.unwrap_or(grant.access);
    Ok((Targets { buckets, access, prefix: prefix.or(grant.prefix) }, policy))
}
