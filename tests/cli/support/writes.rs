//! A dry run's plan against what the real run then did, write by write: the ordered (action, target)
//! list of `setup --dry-run --output json`'s `plan[]` beside the IAM writes the emulator logged
//! (`scripts/emulator.py` logs what each call acts on, so a write's target can be named as the plan
//! names it).
//!
//! Order: setup makes the user's changes first (phase 0: `CreateUser`, `TagUser`, deleting an
//! orphaned key), then the key's and the policy's changes side by side, each side in plan order
//! (src/ops/apply.rs joins the two). So the writes must be the plan's, the user's first, and within each
//! of the three lanes in exactly the plan's order; how the key's and the policy's writes interleave is
//! left to the scheduler.
//!
//! Local steps (`keyring:Store`, `file:Write`, `verify`) make no IAM call: they are returned for the
//! caller to check on the machine, except `verify`, whose probes are checked here against S3's log.

use serde_json::Value;

use super::emulator::Request;

/// One AWS write: the action without its `iam:` prefix, and the target as a dry run names it.
pub type Write = (String, String);

/// Where a write runs; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lane {
    User,
    Key,
    Policy,
}

fn lane(action: &str) -> Lane {
    match action {
        "CreateUser" | "TagUser" | "DeleteAccessKey" => Lane::User,
        "CreateAccessKey" => Lane::Key,
        _ => Lane::Policy,
    }
}

/// The actions of the plan's local steps, which make no IAM call.
const LOCAL: [&str; 3] = ["keyring:Store", "file:Write", "verify"];

/// A dry run's AWS writes, in plan order, one per IAM call (a step that makes two calls gives two),
/// and its local steps' actions.
pub fn planned(dry_run: &Value) -> (Vec<Write>, Vec<String>) {
    let steps = dry_run["plan"].as_array().unwrap_or_else(|| panic!("no plan[]: {dry_run:#}"));
    let (mut writes, mut local) = (Vec::new(), Vec::new());
    for step in steps {
        let action = step["action"].as_str().unwrap_or_else(|| panic!("a step without an action: {step}"));
        let target = step["target"].as_str().unwrap_or_default().to_owned();
        if LOCAL.contains(&action) {
            local.push(action.to_owned());
            continue;
        }
        let action = action.strip_prefix("iam:").unwrap_or_else(|| panic!("a step that is no IAM call: {step}"));
        match action {
            // At IAM's limit of five versions, the oldest goes first.
            "CreatePolicyVersion"
                if step["detail"].as_str().unwrap_or_default().contains("deletes its oldest version") =>
            {
                writes.push(("DeletePolicyVersion".to_owned(), target.clone()));
            }
            // Detach, then each old version, then the policy: as many calls as it has versions.
            "DeletePolicy" => panic!("retiring a managed policy is several calls; this check does not count them"),
            _ => {}
        }
        writes.push((action.to_owned(), target));
    }
    (writes, local)
}

/// The IAM writes in `requests`, each with its target named as a dry run names it.
pub fn performed(requests: &[Request]) -> Vec<Write> {
    requests.iter().filter(|r| r.is_iam_write()).map(|r| (r.action.clone(), target(r))).collect()
}

/// What `request` acts on, as the dry run's `target` says it (src/report/plan.rs).
fn target(request: &Request) -> String {
    let param = |name: &str| {
        request.param(name).unwrap_or_else(|| panic!("{} logged without {name}: {request:?}", request.action))
    };
    // A managed policy is named by the last part of its ARN (`.../pixelshift-aws/NAME`).
    let policy_of_arn = || param("PolicyArn").rsplit('/').next().unwrap_or_default().to_owned();
    match request.action.as_str() {
        // rotate-keys and teardown too: src/domain/lifecycle.rs names their targets alike.
        "CreateUser" | "CreateAccessKey" | "DeleteUser" | "DeleteLoginProfile" => param("UserName").to_owned(),
        "DeleteAccessKey" | "UpdateAccessKey" => format!("{} {}", param("UserName"), param("AccessKeyId")),
        "PutUserPolicy" | "DeleteUserPolicy" => format!("{} {}", param("UserName"), param("PolicyName")),
        "AttachUserPolicy" => format!("{} {}", param("UserName"), policy_of_arn()),
        "CreatePolicy" => format!("{}{}", param("Path"), param("PolicyName")),
        "CreatePolicyVersion" | "DeletePolicyVersion" => policy_of_arn(),
        "RemoveUserFromGroup" => format!("{} {}", param("UserName"), param("GroupName")),
        "DetachUserPolicy" => format!("{} {}", param("UserName"), param("PolicyArn")),
        "DeletePolicy" => param("PolicyArn").to_owned(),
        other => panic!("an IAM write this check cannot name yet: {other} {request:?}"),
    }
}

/// Asserts that `requests` (what the emulator answered during the real run) hold exactly the AWS
/// writes of `dry_run`, in its order (see the module docs), each answered 200; and that S3 saw writes
/// only if the plan verifies: the probes, signed by another key than `admin_key`, under
/// `.pixelshift-verify/`, each deleted again. Returns the plan's local steps for the caller to check.
#[track_caller]
pub fn assert_the_run_did_the_plan(dry_run: &Value, requests: &[Request], admin_key: &str) -> Vec<String> {
    let (planned, local) = planned(dry_run);
    let done = performed(requests);
    let context = || format!("planned {planned:#?}\nperformed {done:#?}\nplan: {dry_run:#}");

    // Per lane in order (a stable sort keeps each lane's own order), and nothing more or less.
    let by_lane = |writes: &[Write]| {
        let mut writes = writes.to_vec();
        writes.sort_by_key(|(action, _)| lane(action));
        writes
    };
    assert_eq!(by_lane(&done), by_lane(&planned), "the run's IAM writes are not the plan's\n{}", context());
    let users = done.iter().take_while(|(action, _)| lane(action) == Lane::User).count();
    assert!(
        done[users..].iter().all(|(action, _)| lane(action) != Lane::User),
        "a change to the user came after the key's or the policy's\n{}",
        context()
    );
    let failed: Vec<&Request> = requests.iter().filter(|r| r.is_iam_write() && r.status != 200).collect();
    assert!(failed.is_empty(), "IAM writes that failed: {failed:#?}\n{}", context());

    let s3_writes: Vec<&Request> = requests
        .iter()
        .filter(|r| r.service == "s3" && ["Put", "Delete", "Create"].iter().any(|verb| r.action.starts_with(verb)))
        .collect();
    if !local.iter().any(|step| step == "verify") {
        assert!(s3_writes.is_empty(), "S3 writes without a verify step: {s3_writes:#?}\n{}", context());
        return local;
    }
    let path = |r: &Request| r.param("path").unwrap_or_default().to_owned();
    let puts: Vec<String> = s3_writes.iter().filter(|r| r.action == "PutObject").map(|r| path(r)).collect();
    let deletes: Vec<String> = s3_writes.iter().filter(|r| r.action == "DeleteObject").map(|r| path(r)).collect();
    assert!(!puts.is_empty(), "a verify step, but no probe was written: {requests:#?}\n{}", context());
    for write in &s3_writes {
        assert!(
            write.key != admin_key && path(write).contains(".pixelshift-verify/"),
            "an S3 write that is no probe by the user's key: {write:?}\n{}",
            context()
        );
        assert!(["PutObject", "DeleteObject"].contains(&write.action.as_str()), "{write:?}\n{}", context());
    }
    for put in &puts {
        assert!(deletes.contains(put), "probe {put} written, never deleted: {s3_writes:#?}");
    }
    local
}
