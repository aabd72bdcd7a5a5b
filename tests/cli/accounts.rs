//! An AWS Organization on the emulator (#20): member accounts made with `organizations
//! create-account`, reached through the `OrganizationAccountAccessRole` AWS creates in each — the
//! emulator's `organization_member_accounts` fix. The tool itself reaches a member account through an
//! AWS config profile that assumes that role (`role_arn` + `source_profile`), exactly as an operator's
//! own profiles would, and everything it makes lands in that account and nowhere else.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::emulator::{self, Emulator};
use crate::support::{Run, run};

const ROLE: &str = "OrganizationAccountAccessRole";

/// Runs `script` (Python, boto3) against the emulator as its admin; `ENDPOINT`, `KEY`, `SECRET` and
/// `ARGS` (the JSON `args`) are its globals, and `member(account)` gives clients inside a member
/// account through its role. Returns what it prints as JSON.
pub(crate) fn boto3(emulator: &Emulator, args: &Value, script: &str) -> Value {
    let prelude = r#"
import json, sys, boto3
ENDPOINT, KEY, SECRET, ARGS = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
def client(service, key=KEY, secret=SECRET, token=None):
    return boto3.client(service, endpoint_url=ENDPOINT, aws_access_key_id=key, aws_secret_access_key=secret,
                        aws_session_token=token, region_name="us-east-1")
def member(account, service):
    role = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
    c = client("sts").assume_role(RoleArn=role, RoleSessionName="pixelshift-tests")["Credentials"]
    return client(service, c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
"#;
    let out = Command::new(emulator::python())
        .args(["-c", &format!("{prelude}\n{script}")])
        .args([&emulator.endpoint, &emulator.admin.access_key_id, &emulator.admin.secret_access_key])
        .arg(args.to_string())
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()
        .expect("run the emulator's python");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "boto3 script failed: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// An Organization with `names` as member accounts, each with a bucket `<name>-images`: their ids.
pub(crate) fn organization(emulator: &Emulator, names: &[&str]) -> Vec<String> {
    let made = boto3(
        emulator,
        &json!(names),
        r#"
org = client("organizations")
org.create_organization(FeatureSet="ALL")
ids = []
for name in ARGS:
    status = org.create_account(AccountName=name, Email=f"{name}@example.invalid")["CreateAccountStatus"]
    ids.append(status["AccountId"])
    member(status["AccountId"], "s3").create_bucket(Bucket=f"{name}-images")
print(json.dumps(ids))
"#,
    );
    made.as_array().unwrap().iter().map(|id| id.as_str().unwrap().to_owned()).collect()
}

/// The users of `account` (through its role) with their inline policies' names and key ids.
pub(crate) fn users_in(emulator: &Emulator, account: &str) -> Value {
    boto3(
        emulator,
        &json!(account),
        r#"
iam = member(ARGS, "iam")
users = {}
for user in iam.list_users()["Users"]:
    name = user["UserName"]
    users[name] = {
        "path": user["Path"],
        "policies": iam.list_user_policies(UserName=name)["PolicyNames"],
        "keys": [k["AccessKeyId"] for k in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]],
    }
print(json.dumps(users))
"#,
    )
}

/// An AWS config whose profile `<name>` assumes the Organization role in each member account from
/// `mgmt`, the admin's keys (in the credentials file, as an operator keeps them).
pub(crate) fn write_profiles(dir: &Path, emulator: &Emulator, members: &[(&str, &str)]) -> (String, String) {
    let mut config = String::from("[profile mgmt]\nregion = us-east-1\n");
    for (name, account) in members {
        let _ = write!(
            config,
            "\n[profile {name}]\nrole_arn = arn:aws:iam::{account}:role/{ROLE}\nsource_profile = mgmt\n\
             role_session_name = pixelshift-aws\nregion = us-east-1\n"
        );
    }
    let credentials = format!(
        "[mgmt]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
        emulator.admin.access_key_id, emulator.admin.secret_access_key
    );
    let (config_path, credentials_path) = (dir.join("config"), dir.join("credentials"));
    std::fs::write(&config_path, config).unwrap();
    std::fs::write(&credentials_path, credentials).unwrap();
    (config_path.display().to_string(), credentials_path.display().to_string())
}

/// The binary with only the profiles (no admin keys in the environment), through `--profile`.
pub(crate) fn as_profile(
    emulator: &Emulator,
    files: &(String, String),
    home: &Path,
    profile: &str,
    args: &[&str],
) -> Run {
    let mut command = crate::support::bin();
    command
        .env("AWS_ENDPOINT_URL", &emulator.endpoint)
        .env("AWS_CONFIG_FILE", &files.0)
        .env("AWS_SHARED_CREDENTIALS_FILE", &files.1)
        .env("XDG_CONFIG_HOME", home)
        .args(["--profile", profile])
        .args(args);
    run(command)
}

#[test]
fn setup_through_a_role_profile_lands_in_that_member_account_only() {
    let emulator = Emulator::start_with_organizations();
    let ids = organization(&emulator, &["brand-a", "brand-b", "brand-c"]);
    let dir = tempfile::tempdir().unwrap();
    let files = write_profiles(dir.path(), &emulator, &[("brand-a", &ids[0]), ("brand-b", &ids[1])]);
    let home = dir.path().join("home");

    let setup = ["--output", "json", "--non-interactive", "setup", "--user-name", "pix", "--bucket", "brand-a-images"];
    let done = as_profile(&emulator, &files, &home, "brand-a", &setup).expect(0).json();
    assert_eq!(done["account_id"], ids[0].as_str(), "{done:#}");
    assert_eq!(done["verify"]["result"], "pass", "verified with the member account's own new key: {done:#}");

    let in_a = users_in(&emulator, &ids[0]);
    assert_eq!(in_a["pix"]["path"], "/pixelshift-aws/", "{in_a:#}");
    assert_eq!(in_a["pix"]["policies"], json!(["pixelshift_access"]), "{in_a:#}");
    assert_eq!(in_a["pix"]["keys"].as_array().unwrap().len(), 1, "{in_a:#}");
    assert_eq!(users_in(&emulator, &ids[1]), json!({}), "nothing in the other member account");
    let home_account = emulator.command().args(["--output", "json", "list"]).output().unwrap();
    let listed: Value = serde_json::from_slice(&home_account.stdout).unwrap();
    assert_eq!(listed["users"], json!([]), "nothing in the management account: {listed:#}");

    // A re-run through the same role converges: nothing written.
    let again = as_profile(&emulator, &files, &home, "brand-a", &setup).expect(0).json();
    assert_eq!(
        (&again["user"], &again["key"], &again["policy_change"]),
        (&json!("existing"), &json!("reused"), &json!("unchanged")),
        "{again:#}"
    );
    assert_eq!(users_in(&emulator, &ids[0]), in_a, "a converged re-run changes nothing");

    // The key is stored per account: the second account's user of the same name is its own.
    as_profile(
        &emulator,
        &files,
        &home,
        "brand-b",
        &["--non-interactive", "setup", "--user-name", "pix", "--bucket", "brand-b-images"],
    )
    .expect(0);
    let shown =
        as_profile(&emulator, &files, &home, "brand-b", &["--output", "json", "keys", "show", "--user-name", "pix"]);
    let shown = shown.expect(0).json();
    let in_b = users_in(&emulator, &ids[1]);
    assert_eq!(in_b["pix"]["keys"][0], shown["access_key_id"], "{shown:#} {in_b:#}");
    assert_ne!(in_a["pix"]["keys"][0], shown["access_key_id"]);
}

#[test]
fn a_role_that_cannot_be_assumed_is_refused_before_anything_is_made() {
    let emulator = Emulator::start_with_organizations();
    let ids = organization(&emulator, &["lonely"]);
    let dir = tempfile::tempdir().unwrap();
    // An account the Organization did not create has no OrganizationAccountAccessRole: played by
    // naming a role that does not exist.
    let config = format!(
        "[profile mgmt]\nregion = us-east-1\n\n[profile invited]\nrole_arn = arn:aws:iam::{}:role/NoSuchRole\n\
         source_profile = mgmt\nregion = us-east-1\n",
        ids[0]
    );
    let files = write_profiles(dir.path(), &emulator, &[]);
    std::fs::write(&files.0, config).unwrap();
    let refused = as_profile(
        &emulator,
        &files,
        &dir.path().join("home"),
        "invited",
        &["--non-interactive", "setup", "--user-name", "pix", "--bucket", "lonely-images"],
    );
    assert_eq!(refused.code, 1, "an AWS failure: {}", refused.stderr);
    assert!(refused.stderr.contains("profile `invited`"), "the profile is named: {}", refused.stderr);
    assert!(refused.stderr.contains("sts:AssumeRole on resource: arn:aws:iam::"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("hint: the profile's role_arn could not be assumed")
            && refused
                .stderr
                .contains("OrganizationAccountAccessRole exists only in accounts the Organization created"),
        "{}",
        refused.stderr
    );
    assert_eq!(users_in(&emulator, &ids[0]), json!({}), "nothing was made");
}

/// Makes `account`'s Organization role trust another account instead of the management account:
/// the role can no longer be assumed from there.
pub(crate) fn distrust_management(emulator: &Emulator, account: &str) {
    boto3(
        emulator,
        &json!(account),
        r#"
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
         "Principal": {"AWS": "arn:aws:iam::999999999999:root"}}]}
member(ARGS, "iam").update_assume_role_policy(RoleName="OrganizationAccountAccessRole", PolicyDocument=json.dumps(trust))
print("{}")
"#,
    );
}

/// The binary as the management account's admin (the environment's keys), for `--org`.
pub(crate) fn as_management(emulator: &Emulator, home: &Path, args: &[&str]) -> Run {
    let mut command = emulator.command();
    command.env("XDG_CONFIG_HOME", home).args(args);
    run(command)
}

#[test]
fn status_and_list_across_an_organization_answer_per_account() {
    let emulator = Emulator::start_with_organizations();
    let ids = organization(&emulator, &["org-a", "org-b", "org-c"]);
    let dir = tempfile::tempdir().unwrap();
    let members: Vec<(&str, &str)> =
        ["org-a", "org-b", "org-c"].into_iter().zip(ids.iter().map(String::as_str)).collect();
    let files = write_profiles(dir.path(), &emulator, &members);
    let home = dir.path().join("home");
    for (name, _) in &members {
        let bucket = format!("{name}-images");
        as_profile(
            &emulator,
            &files,
            &home,
            name,
            &["--non-interactive", "setup", "--user-name", "pix", "--bucket", &bucket],
        )
        .expect(0);
    }
    let picked = ids.join(",");
    let status = ["--output", "json", "status", "--user-name", "pix", "--org", "--accounts", &picked];

    let healthy = as_management(&emulator, &home, &status).expect(0).json();
    let rows = healthy.as_array().unwrap_or_else(|| panic!("one entry per account: {healthy:#}"));
    assert_eq!(rows.len(), 3, "{healthy:#}");
    for (row, id) in rows.iter().zip(sorted(ids.clone())) {
        assert_eq!(row["account"], id, "{healthy:#}");
        assert_eq!(row["result"], "ok", "{healthy:#}");
        assert_eq!(row["report"]["account_id"], id, "read inside that account: {healthy:#}");
    }

    // verify across them: each account's own stored key against its own bucket.
    let verify = ["--output", "json", "verify", "--user-name", "pix", "--org", "--accounts", &picked, "--wait", "5"];
    let checked = as_management(&emulator, &home, &verify).expect(0).json();
    for row in checked.as_array().unwrap_or_else(|| panic!("{checked:#}")) {
        assert_eq!(row["result"], "ok", "{checked:#}");
        assert_eq!(row["report"]["result"], "pass", "{checked:#}");
    }
    // A bucket policy in one account that denies writes: that account needs action, exit 3.
    boto3(
        &emulator,
        &json!(ids[0]),
        r#"
deny = {"Version": "2012-10-17", "Statement": [{"Sid": "NoWrites", "Effect": "Deny", "Principal": "*",
        "Action": "s3:PutObject", "Resource": "arn:aws:s3:::org-a-images/*"}]}
member(ARGS, "s3").put_bucket_policy(Bucket="org-a-images", Policy=json.dumps(deny))
print("{}")
"#,
    );
    let denied = as_management(&emulator, &home, &verify).expect(3);
    let doc = denied.json();
    let expected = sorted(vec![(ids[0].as_str(), "needs-action"), (ids[1].as_str(), "ok"), (ids[2].as_str(), "ok")]);
    assert_eq!(results_of(&doc), expected, "{doc:#}");
    boto3(&emulator, &json!(ids[0]), r#"member(ARGS, "s3").delete_bucket_policy(Bucket="org-a-images"); print("{}")"#);

    // One account's policy widened by hand: that account, and only it, needs action; exit 3.
    boto3(
        &emulator,
        &json!(ids[1]),
        r#"
wide = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
member(ARGS, "iam").put_user_policy(UserName="pix", PolicyName="pixelshift_access", PolicyDocument=json.dumps(wide))
print("{}")
"#,
    );
    let edited = as_management(&emulator, &home, &status).expect(3);
    let doc = edited.json();
    let expected = sorted(vec![(ids[0].as_str(), "ok"), (ids[1].as_str(), "needs-action"), (ids[2].as_str(), "ok")]);
    assert_eq!(results_of(&doc), expected, "{doc:#}");
    assert!(edited.stderr.contains(&format!("1 of 3 accounts need action: {}", ids[1])), "{}", edited.stderr);
    let flagged = doc.as_array().unwrap().iter().find(|r| r["account"] == ids[1].as_str()).unwrap();
    let fix = flagged["report"]["findings"][0]["fix"].as_str().unwrap();
    assert!(fix.ends_with(&format!("(in account {0}: add --org --accounts {0})", ids[1])), "the way in: {fix}");

    // As text: each account's report under its own heading, then one line per account.
    let text = as_management(&emulator, &home, &status[2..]).expect(3);
    assert!(text.stdout.contains(&format!("== {} (org-b) ==", ids[1])), "{}", text.stdout);
    assert!(text.stdout.contains(&format!("{}  org-b  needs action", ids[1])), "{}", text.stdout);

    // list across the same accounts by profile: each account's own users.
    let listed =
        as_profile(&emulator, &files, &home, "org-a", &["--output", "json", "list", "--profiles", "org-a,org-c"]);
    let listed = listed.expect(0).json();
    let accounts: Vec<&str> =
        listed.as_array().unwrap().iter().map(|r| r["report"]["account_id"].as_str().unwrap()).collect();
    assert_eq!(accounts, [ids[0].as_str(), ids[2].as_str()], "{listed:#}");
    assert_eq!(listed[0]["report"]["users"][0]["user_name"], "pix", "{listed:#}");

    // An account whose role no longer trusts the management account fails alone: the others are answered, exit 1, and the resume
    // command names that account only.
    distrust_management(&emulator, &ids[2]);
    let broken = as_management(&emulator, &home, &status).expect(1);
    let doc = broken.json();
    let expected =
        sorted(vec![(ids[0].as_str(), "ok"), (ids[1].as_str(), "needs-action"), (ids[2].as_str(), "failed")]);
    assert_eq!(results_of(&doc), expected, "{doc:#}");
    let failed = doc.as_array().unwrap().iter().find(|r| r["result"] == "failed").unwrap();
    assert!(failed["error"].as_str().unwrap().contains("sts:AssumeRole"), "{doc:#}");
    assert!(
        broken.stderr.contains(&format!(
            "pixelshift-aws status --user-name pix --policy-name pixelshift_access --org --accounts {}",
            ids[2]
        )),
        "{}",
        broken.stderr
    );
}

pub(crate) fn sorted<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items
}

/// (account, result) of each entry of a multi-account report, sorted.
pub(crate) fn results_of(doc: &Value) -> Vec<(&str, &str)> {
    let mut rows: Vec<(&str, &str)> = doc
        .as_array()
        .unwrap_or_else(|| panic!("one entry per account: {doc:#}"))
        .iter()
        .map(|r| (r["account"].as_str().unwrap(), r["result"].as_str().unwrap()))
        .collect();
    rows.sort_unstable();
    rows
}

#[test]
fn account_selections_are_checked_before_any_call() {
    let counter = crate::support::ConnectionCounter::start();
    for (args, needle) in [
        (vec!["status", "--org", "--accounts", "12345"], "invalid account id `12345`"),
        (vec!["status", "--org", "--ou", "team"], "invalid organizational unit `team`"),
        (vec!["status", "--profiles", "a", "--org"], "--profiles and --org both choose the accounts"),
        (vec!["list", "--org", "--role-name", "no way"], "invalid role name `no way`"),
        (vec!["verify", "--org", "--keys-from-env", "--user-name", "pix"], "check each account's own stored key"),
    ] {
        let mut command = crate::support::bin();
        command
            .env("AWS_ENDPOINT_URL", &counter.url)
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "x");
        command.args(&args);
        let done = run(command).expect(2);
        assert!(done.stderr.contains(needle), "{args:?}: {}", done.stderr);
    }
    assert_eq!(counter.connections(), 0, "refused before any call");
}
