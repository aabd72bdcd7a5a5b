//! verify's answers: the bucket × check table, its JSON, and the verdict (exit 0, or 3 with why).

use std::time::Duration;

use serde::Serialize;

use super::Report;
use crate::domain::policy::Access;
use crate::domain::some_of;
use crate::domain::verify::{Check, Expected, Outcome};
use crate::error::Error;

/// One check's answer, with what was expected.
#[derive(Debug, Clone)]
pub struct CheckResult {
    pub check: Check,
    pub expected: Expected,
    pub outcome: Outcome,
}

impl CheckResult {
    #[must_use]
    pub fn ok(&self) -> bool {
        self.outcome.meets(self.expected)
    }
}

#[derive(Debug, Clone)]
pub struct BucketReport {
    pub bucket: String,
    pub region: Option<String>,
    /// `NoSuchBucket` and the like: nothing else could be checked.
    pub missing: Option<String>,
    /// Whether the user's policy grants the bucket (`None`: not known).
    pub granted: Option<bool>,
    pub checks: Vec<CheckResult>,
}

impl BucketReport {
    #[must_use]
    pub fn result(&self) -> &'static str {
        if self.missing.is_some() {
            "missing"
        } else if self.checks.iter().all(CheckResult::ok) {
            "pass"
        } else {
            "fail"
        }
    }
}

/// The answers of one verify run.
#[derive(Debug)]
pub struct Verification {
    /// The unknown-key code S3 kept giving, when the key never became valid within `--wait`.
    pub never_valid: Option<String>,
    pub reports: Vec<BucketReport>,
    pub waited: Duration,
    pub access: Access,
    pub prefix: Option<String>,
    /// The inline policy the buckets were held against, for naming the fix of a bucket it lacks.
    pub policy: Option<PolicyRef>,
    /// What denied the checks the user's policy grants, where the admin side could tell.
    pub explained: Vec<Explained>,
}

/// One refused check and what refused it ([`crate::domain::denial`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub bucket: String,
    pub check: Check,
    pub user: String,
    pub cause: crate::domain::denial::Cause,
}

/// A user's inline policy: whose, its name, and the buckets it names.
#[derive(Debug, Clone)]
pub struct PolicyRef {
    pub user: String,
    pub name: String,
    pub buckets: Vec<String>,
}

/// `--output json` of verify (and setup's `verify` field).
#[derive(Debug, Serialize)]
pub struct VerifyReport {
    pub user_name: String,
    pub access_key_id: String,
    pub access: &'static str,
    pub prefix: Option<String>,
    pub result: &'static str,
    pub key_valid: bool,
    pub waited_seconds: f64,
    pub buckets: Vec<BucketJson>,
    #[serde(skip)]
    pub table: String,
}

impl Report for VerifyReport {
    fn text(&self) -> String {
        self.table.clone()
    }
}

#[derive(Debug, Serialize)]
pub struct BucketJson {
    pub bucket: String,
    pub region: Option<String>,
    pub result: &'static str,
    pub missing: Option<String>,
    pub granted: Option<bool>,
    pub checks: Vec<CheckJson>,
}

#[derive(Debug, Serialize)]
pub struct CheckJson {
    pub check: &'static str,
    pub expected: &'static str,
    pub outcome: &'static str,
    pub ok: bool,
    pub code: Option<String>,
}

impl Verification {
    #[must_use]
    pub fn passed(&self) -> bool {
        self.reports.iter().all(|r| r.result() == "pass")
    }

    #[must_use]
    pub fn report(&self, user_name: &str, access_key_id: &str) -> VerifyReport {
        let buckets = self
            .reports
            .iter()
            .map(|r| BucketJson {
                bucket: r.bucket.clone(),
                region: r.region.clone(),
                result: r.result(),
                missing: r.missing.clone(),
                granted: r.granted,
                checks: r
                    .checks
                    .iter()
                    .map(|c| CheckJson {
                        check: c.check.as_str(),
                        expected: c.expected.as_str(),
                        outcome: c.outcome.kind(),
                        ok: c.ok(),
                        code: c.outcome.code().map(str::to_owned),
                    })
                    .collect(),
            })
            .collect();
        VerifyReport {
            user_name: user_name.to_owned(),
            access_key_id: access_key_id.to_owned(),
            access: self.access.as_str(),
            prefix: self.prefix.clone(),
            result: if self.passed() { "pass" } else { "fail" },
            key_valid: self.never_valid.is_none(),
            waited_seconds: (self.waited.as_secs_f64() * 10.0).round() / 10.0,
            buckets,
            table: self.table(),
        }
    }

    /// bucket × list/read/write/delete, with ✓/✗ and AWS's code where a check did not go as it should.
    #[must_use]
    pub fn table(&self) -> String {
        let mut rows = vec![["bucket", "region", "list", "read", "write", "delete"].map(str::to_owned).to_vec()];
        for r in &self.reports {
            let mut row = vec![r.bucket.clone(), r.region.clone().unwrap_or_else(|| "-".to_owned())];
            if let Some(code) = &r.missing {
                row.push(format!("✗ missing ({code})"));
                row.extend(["", "", ""].map(str::to_owned));
            } else {
                for check in Check::ALL {
                    let cell = r.checks.iter().find(|c| c.check == check).map_or_else(String::new, cell);
                    row.push(cell);
                }
            }
            rows.push(row);
        }
        let widths: Vec<usize> =
            (0..6).map(|i| rows.iter().map(|row| row[i].chars().count()).max().unwrap_or(0)).collect();
        let mut out = String::new();
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }

    /// Ok when everything passed; otherwise an `AccessMissing` error (exit 3) that says why.
    pub fn judge(&self, access_key_id: &str) -> Result<(), Error> {
        let failed: Vec<&BucketReport> = self.reports.iter().filter(|r| r.result() != "pass").collect();
        if failed.is_empty() {
            return Ok(());
        }
        let secs = self.waited.as_secs();
        if let Some(code) = &self.never_valid {
            return Err(Error::AccessMissing {
                message: format!("the access key {access_key_id} never became valid ({code}) in {secs} s"),
                hint: "new keys usually work within 15 s: wait longer with --wait, and check that the key exists and \
                       is active (aws iam list-access-keys) and that the stored secret is the one AWS issued"
                    .to_owned(),
            });
        }
        let wrong_secret = |c: &CheckResult| matches!(&c.outcome, Outcome::Denied(code) | Outcome::Error(code) if code == "SignatureDoesNotMatch");
        if failed.iter().flat_map(|r| &r.checks).any(wrong_secret) {
            // The key is known to AWS, but the secret stored with it is not the one AWS issued: no
            // policy change can help.
            return Err(Error::AccessMissing {
                message: format!(
                    "AWS rejects the secret stored for access key {access_key_id} (SignatureDoesNotMatch): the copy \
                     used here is not the secret AWS issued"
                ),
                hint: "remove the wrong copy (`pixelshift-aws keys delete --user-name USER`, or fix --keys-file), \
                       then run setup or create-user again: it makes a new key and stores it"
                    .to_owned(),
            });
        }
        let denied_check =
            |r: &BucketReport| r.checks.iter().any(|c| matches!(c.outcome, Outcome::Denied(_)) && !c.ok());
        let names = |pick: &dyn Fn(&BucketReport) -> bool| -> Vec<&str> {
            failed.iter().filter(|r| pick(r)).map(|r| r.bucket.as_str()).collect()
        };
        let outside = names(&|r| r.granted == Some(false) && r.missing.is_none());
        if let (Some(policy), false) = (&self.policy, outside.is_empty()) {
            // The policy itself says why: no waiting, and the fix is known.
            let mut wanted: Vec<&str> = policy.buckets.iter().map(String::as_str).collect();
            wanted.extend(&outside);
            return Err(Error::AccessMissing {
                message: format!(
                    "{} not granted by inline policy `{}` of `{}`, so access was denied",
                    quoted_list(&outside),
                    policy.name,
                    policy.user
                ),
                hint: format!(
                    "grant it with `pixelshift-aws attach-policy --user-name {} --policy-name {} --bucket {}`, or \
                     leave it out of --bucket",
                    policy.user,
                    policy.name,
                    wanted.join(",")
                ),
            });
        }
        let unreachable_check =
            |r: &BucketReport| r.checks.iter().any(|c| matches!(c.outcome, Outcome::Unreachable(_)));
        let gone = names(&|r| r.missing.is_some());
        let denied = names(&|r| denied_check(r));
        let unreachable = names(&|r| r.missing.is_none() && !denied_check(r) && unreachable_check(r));
        let other = names(&|r| r.missing.is_none() && !denied_check(r) && !unreachable_check(r));
        if gone.is_empty() && denied.is_empty() && other.is_empty() {
            // Only AWS's silence: nothing was learnt about access, so this is not "access missing".
            let code = failed
                .iter()
                .flat_map(|r| &r.checks)
                .find_map(|c| match &c.outcome {
                    Outcome::Unreachable(code) => Some(code.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            return Err(Error::VerifyUnreachable { buckets: unreachable.join(", "), code, waited: secs });
        }
        let total = self.reports.len();
        let mut parts = Vec::new();
        if !unreachable.is_empty() {
            parts.push(format!("{} of {total} buckets did not answer ({})", unreachable.len(), unreachable.join(", ")));
        }
        if !denied.is_empty() {
            parts.push(format!(
                "access was denied in {} of {total} buckets ({}) after {:.1} s",
                denied.len(),
                denied.join(", "),
                self.waited.as_secs_f64()
            ));
        }
        if !gone.is_empty() {
            parts.push(format!("{} of {total} buckets do not exist ({})", gone.len(), some_of(&gone, 5)));
        }
        if !other.is_empty() {
            parts.push(format!("{} of {total} buckets failed a check ({})", other.len(), other.join(", ")));
        }
        if !self.explained.is_empty() {
            return Err(self.explained_error(&parts));
        }
        Err(Error::AccessMissing {
            message: parts.join("; "),
            hint: "check the user's policy (pixelshift-aws attach-policy), that each bucket exists, and whether an \
                   SCP, a permissions boundary, a bucket policy or a KMS key policy denies access"
                .to_owned(),
        })
    }
}

impl Verification {
    /// The verdict with the causes the admin side found, instead of a list of what might deny.
    fn explained_error(&self, parts: &[String]) -> Error {
        // One line per bucket and cause, naming its checks: "write, delete in `b`: …".
        let mut grouped: Vec<(&str, &crate::domain::denial::Cause, Vec<&str>)> = Vec::new();
        let mut fixes: Vec<String> = Vec::new();
        for e in &self.explained {
            match grouped.iter_mut().find(|(bucket, cause, _)| *bucket == e.bucket && **cause == e.cause) {
                Some((_, _, checks)) => checks.push(e.check.as_str()),
                None => grouped.push((&e.bucket, &e.cause, vec![e.check.as_str()])),
            }
            let fix = e.cause.fix(&e.user);
            if !fixes.contains(&fix) {
                fixes.push(fix);
            }
        }
        let causes: Vec<String> = grouped
            .iter()
            .map(|(bucket, cause, checks)| format!("{} in `{bucket}`: {}", checks.join(", "), cause.describe()))
            .collect();
        Error::AccessMissing {
            message: format!("{} — {}", parts.join("; "), causes.join("; ")),
            hint: fixes.join("\n"),
        }
    }
}

/// "bucket `a` is" / "buckets `a` and `b` are".
fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [one] => format!("bucket {one} is"),
        [rest @ .., last] => format!("buckets {} and {last} are", rest.join(", ")),
        [] => String::new(),
    }
}

fn cell(c: &CheckResult) -> String {
    match (&c.outcome, c.ok()) {
        (Outcome::Allowed, true) => "✓".to_owned(),
        (Outcome::Denied(_), true) => "✓ denied".to_owned(),
        (Outcome::Allowed, false) => "✗ allowed".to_owned(),
        (Outcome::Untested(why), _) => format!("- untested ({why})"),
        (other, _) => format!("✗ {}", other.code().unwrap_or("?")),
    }
}

#[cfg(test)]
mod tests;
