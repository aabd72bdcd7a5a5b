//! What each command reports on stdout. Each report is a `#[derive(Serialize)]` type — its fields
//! are the `--output json` contract (`snake_case`, documented in the README, snapshot-tested) — with
//! its text rendering beside it, so the two cannot drift apart.
//!
//! One module per command's report; the [`Report`] trait and what several reports share stay here.

pub mod accounts;
mod attach_policy;
mod create_user;
#[cfg(test)]
mod fixtures;
pub mod keys;
pub mod lifecycle;
mod make_policy;
pub mod plan;
mod setup;
pub mod status;
pub mod verify;

pub use crate::console::Report;
pub(crate) use attach_policy::AttachReport;
pub(crate) use create_user::UserReport;
pub(crate) use keys::{KeyCopied, KeyDeleted, KeyShown};
pub(crate) use make_policy::{PolicyPartJson, PolicyReport, TemplateReport};
pub(crate) use setup::SetupReport;

/// `pixelshift_access`, or `managed pixelshift_access.u, pixelshift_access.u.2`.
fn policy_names(kind: &str, names: &[String]) -> String {
    if kind == "managed" { format!("managed {}", names.join(", ")) } else { names.join(", ") }
}

#[cfg(test)]
mod tests {
    //! The JSON of the reports whose modules hold no tests of their own, snapshotted: field names
    //! and shapes are the `--output json` contract scripts rely on (README), so any change to them
    //! shows up as a reviewed diff. The other reports' snapshots sit beside them.

    use std::path::PathBuf;

    use super::fixtures::{json, plan};
    use super::plan::PlanReport;
    use crate::domain::plan::{Change, KeyPlace, NewUser, Step};
    use crate::domain::policy::INLINE_BUDGET;

    #[test]
    fn dry_run_json() {
        let steps = vec![
            Step::CreateUser(NewUser {
                tags: vec![("managed-by".into(), "pixelshift-aws".into())],
                permissions_boundary: None,
            }),
            Step::CreateAccessKey {
                store: vec![KeyPlace::Keyring, KeyPlace::File(PathBuf::from("/k.json"))],
                fallback: None,
            },
            Step::PutUserPolicy {
                replaces: Some("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Old\"}]}".to_owned()),
            },
            Step::Verify,
        ];
        let current = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Old\"}]}".to_owned();
        let report = PlanReport::new(&plan(steps, Change::Replaced { current }), "123456789012", true);
        insta::assert_snapshot!(json(&report));
    }

    #[test]
    fn status_and_list_json() {
        use super::status::{
            FindingJson, KeyJson, ListReport, ListedUser, PolicyJson, StatusReport, StoredJson, UserJson,
        };
        let status = StatusReport {
            account_id: "123456789012".to_owned(),
            user_name: "iam_pixelshift".to_owned(),
            exists: true,
            user: Some(UserJson {
                arn: "arn:aws:iam::123456789012:user/iam_pixelshift".to_owned(),
                managed: true,
                tags: vec![("managed-by".to_owned(), "pixelshift-aws".to_owned())],
                permissions_boundary: None,
                console_password: false,
            }),
            keys: vec![KeyJson {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
                status: "active",
                created: "2026-11-29T10:00:00Z".to_owned(),
                age_days: Some(120),
                last_used: None,
                stored_in: vec!["keyring"],
                role: Some("current"),
            }],
            stored: Some(StoredJson {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
                stored_in: "Secret Service".to_owned(),
                authenticates: Some(true),
                active_in_iam: true,
            }),
            policies: vec![PolicyJson {
                name: "pixelshift_access".to_owned(),
                kind: "inline",
                group: None,
                arn: None,
                grants: vec!["s3:GetObject on arn:aws:s3:::photos/*".to_owned()],
            }],
            inline_size: 387,
            budget: INLINE_BUDGET,
            findings: vec![FindingJson {
                code: "key-too-old",
                message: "access key AKIAIOSFODNN7EXAMPLE is 120 days old (the limit is 90)".to_owned(),
                fix: "pixelshift-aws rotate-keys --user-name iam_pixelshift".to_owned(),
            }],
            notes: vec![FindingJson {
                code: "key-in-use-elsewhere",
                message: "access key AKIAI44QH8DHBEXAMPLE is stored nowhere here, and IAM shows it in use (last used \
                          2026-11-29T10:00:00Z through s3): in use elsewhere"
                    .to_owned(),
                fix: "if that is Pixelshift (or another machine of yours), nothing to do".to_owned(),
            }],
            result: "action-needed",
        };
        let list = ListReport {
            account_id: "123456789012".to_owned(),
            users: vec![ListedUser {
                user_name: "iam_pixelshift".to_owned(),
                arn: "arn:aws:iam::123456789012:user/iam_pixelshift".to_owned(),
                keys: 1,
                oldest_key_days: Some(120),
                stored_here: true,
                buckets: vec!["photos".to_owned()],
                last_used: None,
            }],
        };
        insta::assert_snapshot!(format!("{}\n{}", json(&status), json(&list)));
    }

    #[test]
    fn lifecycle_json() {
        use super::lifecycle::LifecycleReport;
        use crate::domain::lifecycle::{KeyGoes, LocalCopy, Step};
        let steps = [
            Step::DeactivateAccessKey("AKIAOLD".to_owned()),
            Step::DeleteAccessKey { id: "AKIAOLD".to_owned(), why: KeyGoes::Rotated },
            Step::Forget(LocalCopy::Keyring { previous: true }),
        ];
        let mut report = LifecycleReport::new("123456789012", "iam_pixelshift", false, &steps);
        report.plan[0].done = true;
        report.plan[1].done = true;
        report.access_key_id = Some("AKIAIOSFODNN7EXAMPLE".to_owned());
        report.previous_access_key_id = Some("AKIAOLD".to_owned());
        insta::assert_snapshot!(json(&report));
    }
}
