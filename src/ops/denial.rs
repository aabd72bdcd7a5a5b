//! After a verification: for each check refused although the user's policy grants the bucket, read
//! with the admin credentials what may have refused it — the bucket's policy, the user's permissions
//! boundary, the bucket's KMS key — and name the cause ([`crate::domain::denial`]). Reads only, and
//! only when something was refused: a passing run costs nothing.

use serde_json::Value;

use crate::aws::Aws;
use crate::domain::denial::{Cause, action_of, allows, denying_statement, resource_of};
use crate::domain::policy::Partition;
use crate::domain::verify::{Check, Outcome};
use crate::ops::probe::probe_like;
use crate::report::verify::{Explained, Verification};

/// Fills `verification.explained` for `user`'s refused checks. Best effort: what cannot be read is
/// left out of the reasoning, and "nothing readable explains it" is said only when all could be.
pub async fn explain(aws: &Aws, user: &str, verification: &mut Verification) {
    let refused: Vec<(String, Option<String>, Vec<Check>)> = verification
        .reports
        .iter()
        .filter(|r| r.granted != Some(false) && r.missing.is_none())
        .map(|r| {
            let checks = r
                .checks
                .iter()
                .filter(|c| matches!(c.outcome, Outcome::Denied(_)) && !c.ok())
                .map(|c| c.check)
                .collect::<Vec<_>>();
            (r.bucket.clone(), r.region.clone(), checks)
        })
        .filter(|(_, _, checks)| !checks.is_empty())
        .collect();
    if refused.is_empty() {
        return;
    }
    let Ok(Some(found)) = aws.iam().get_user(user).await else { return };
    let partition = Partition::from_arn(&found.arn).unwrap_or(Partition::Aws);
    let boundary = match &found.permissions_boundary {
        Some(arn) => match aws.iam().managed_policy(arn).await {
            Ok(Some(part)) => {
                part.document.and_then(|d| serde_json::from_str::<Value>(&d).ok()).map(|d| (arn.clone(), d))
            }
            _ => None,
        },
        None => None,
    };
    let readings = refused.iter().map(|(bucket, region, _)| async move {
        let s3 = region.as_deref().map_or_else(|| aws.s3().clone(), |r| aws.s3().in_region(r));
        let (policy, kms) = tokio::join!(s3.bucket_policy(bucket), s3.default_kms_key(bucket));
        (policy, kms)
    });
    let readings = futures_util::future::join_all(readings).await;
    // Where verify probed: under the policy's prefix, which a bucket policy may single out.
    let object = probe_like(verification.prefix.as_deref());
    for ((bucket, _, checks), (policy, kms)) in refused.iter().zip(readings) {
        let all_read = policy.is_ok() && kms.is_ok();
        let policy = policy.ok().flatten().and_then(|p| serde_json::from_str::<Value>(&p).ok());
        let kms = kms.ok().flatten();
        for &check in checks {
            let (action, resource) = (action_of(check), resource_of(check, bucket, &object, partition));
            let cause = if let Some((sid, condition)) =
                policy.as_ref().and_then(|p| denying_statement(p, action, &resource, &found.arn))
            {
                Some(Cause::BucketPolicy { bucket: bucket.clone(), sid, condition })
            } else if let Some((arn, _)) = boundary.as_ref().filter(|(_, doc)| !allows(doc, action, &resource)) {
                Some(Cause::Boundary { arn: arn.clone() })
            } else if let Some(key) = kms.as_ref().filter(|_| matches!(check, Check::Read | Check::Write)) {
                Some(Cause::KmsKey { key: key.clone() })
            } else if all_read {
                Some(Cause::Unexplained)
            } else {
                None
            };
            if let Some(cause) = cause {
                verification.explained.push(Explained { bucket: bucket.clone(), check, user: user.to_owned(), cause });
            }
        }
    }
}
