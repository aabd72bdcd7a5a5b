//! setup, rotate-keys and teardown across an Organization's accounts (#20): each account gets its
//! own user, key (stored per account) and policy, proven with that account's own key; a re-run
//! writes nothing; one account that cannot be reached fails alone, with a resume command for it
//! alone; teardown leaves nothing in any account.

use std::path::Path;

use serde_json::{Value, json};

use crate::accounts::{
    as_management, as_profile, boto3, distrust_management, organization, results_of, sorted, users_in, write_profiles,
};
use crate::support::emulator::Emulator;

/// `setup --org` over `ids` (not the management account, which has no bucket here), each account
/// with its own `<name>-images` bucket.
fn setup_args(ids: &[String], names: &[&str]) -> Vec<String> {
    let buckets: Vec<String> = ids.iter().zip(names).map(|(id, name)| format!("{id}:{name}-images")).collect();
    ["--output", "json", "--non-interactive", "setup", "--user-name", "pix", "--org", "--wait", "5", "--accounts"]
        .into_iter()
        .map(str::to_owned)
        .chain([ids.join(","), "--bucket".to_owned(), buckets.join(",")])
        .collect()
}

fn iam_writes(emulator: &Emulator) -> usize {
    emulator.requests().iter().filter(|r| r.is_iam_write()).count()
}

#[test]
fn setup_across_an_organization_makes_and_proves_one_user_per_account() {
    let emulator = Emulator::start_with_organizations();
    let names = ["org-a", "org-b", "org-c"];
    let ids = organization(&emulator, &names);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let args = setup_args(&ids, &names);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let done = as_management(&emulator, &home, &args).expect(0);
    let doc = done.json();
    let expected = sorted(ids.iter().map(|id| (id.as_str(), "ok")).collect());
    assert_eq!(results_of(&doc), expected, "{doc:#}");
    for row in doc.as_array().unwrap() {
        let report = &row["report"];
        assert_eq!(report["account_id"], row["account"], "made inside that account: {doc:#}");
        assert_eq!((&report["user"], &report["key"]), (&json!("created"), &json!("created")), "{doc:#}");
        assert_eq!(report["verify"]["result"], "pass", "proven with that account's own key: {doc:#}");
        assert!(report.get("secret_access_key").is_none(), "no secret without --show-secret");
    }
    for id in &ids {
        let users = users_in(&emulator, id);
        assert_eq!(users["pix"]["path"], "/pixelshift-aws/", "{users:#}");
        assert_eq!(users["pix"]["policies"], json!(["pixelshift_access"]), "{users:#}");
        assert_eq!(users["pix"]["keys"].as_array().unwrap().len(), 1, "{users:#}");
    }
    let management = emulator.command().env("XDG_CONFIG_HOME", &home).args(["--output", "json", "list"]).output();
    let listed: Value = serde_json::from_slice(&management.unwrap().stdout).unwrap();
    assert_eq!(listed["users"], json!([]), "nothing in the management account: {listed:#}");
    // Each key is stored under its own account: verify --org finds and proves each.
    let picked = ids.join(",");
    let verify = ["--output", "json", "verify", "--user-name", "pix", "--org", "--accounts", &picked, "--wait", "5"];
    as_management(&emulator, &home, &verify).expect(0);

    // A re-run plans nothing and writes nothing, in any account; the text report is one table.
    let writes = iam_writes(&emulator);
    let again = as_management(&emulator, &home, &args[2..]).expect(0);
    assert_eq!(iam_writes(&emulator), writes, "a converged re-run writes nothing: {}", again.stderr);
    for id in &ids {
        let row =
            again.stdout.lines().find(|l| l.starts_with(id.as_str())).unwrap_or_else(|| panic!("{}", again.stdout));
        assert!(row.contains("pix (existing)") && row.contains("(reused)") && row.contains("unchanged"), "{row}");
        assert!(row.trim_end().ends_with("pass"), "{row}");
    }
    assert!(
        again.stderr.contains(&format!("== {} (org-a) ==", ids[0])),
        "one plan, a section per account: {}",
        again.stderr
    );

    // A --bucket naming an account outside the run is a typo, said before anything is written.
    let stray = [&args[..args.len() - 1], &["999999999999:elsewhere"]].concat();
    let refused = as_management(&emulator, &home, &stray).expect(2);
    assert!(
        refused.stderr.contains("--bucket names accounts this run does not cover: 999999999999"),
        "{}",
        refused.stderr
    );
    assert_eq!(iam_writes(&emulator), writes, "nothing written");

    rotate_then_tear_down(&emulator, &home, &ids);
    as_management(&emulator, &home, &args).expect(0);

    // One account whose role no longer trusts the management account fails alone: exit 1, and the
    // resume command covers it and its bucket only.
    distrust_management(&emulator, &ids[2]);
    let broken = as_management(&emulator, &home, &args).expect(1);
    let doc = broken.json();
    let expected = sorted(vec![(ids[0].as_str(), "ok"), (ids[1].as_str(), "ok"), (ids[2].as_str(), "failed")]);
    assert_eq!(results_of(&doc), expected, "{doc:#}");
    let resume = format!(
        "pixelshift-aws setup --user-name pix --policy-name pixelshift_access --bucket {0}:org-c-images --org --accounts {0}",
        ids[2]
    );
    assert!(broken.stderr.contains(&resume), "{}", broken.stderr);
}

/// rotate-keys (then `--finish`) and teardown across the accounts `setup` made.
fn rotate_then_tear_down(emulator: &Emulator, home: &Path, ids: &[String]) {
    // rotate-keys across them: a new key per account, proven, the old one kept as the previous pair.
    let picked = ids.join(",");
    let keys: Vec<Value> = ids.iter().map(|id| users_in(emulator, id)["pix"]["keys"][0].clone()).collect();
    let rotate =
        ["--output", "json", "rotate-keys", "--user-name", "pix", "--org", "--accounts", &picked, "--wait", "5"];
    let rotated = as_management(emulator, home, &rotate).expect(0).json();
    let row_of = |doc: &Value, id: &str| doc.as_array().unwrap().iter().find(|r| r["account"] == id).unwrap().clone();
    for (id, old) in ids.iter().zip(&keys) {
        let row = row_of(&rotated, id);
        assert_eq!(row["result"], "ok", "{rotated:#}");
        assert_eq!(&row["report"]["previous_access_key_id"], old, "{rotated:#}");
        assert_ne!(&row["report"]["access_key_id"], old, "{rotated:#}");
        assert_eq!(row["report"]["verify"]["result"], "pass", "{rotated:#}");
    }
    // --finish waits for Pixelshift to use each new key; --force retires the old ones now.
    let finish = [&rotate[..rotate.len() - 2], &["--finish"]].concat();
    let waiting = as_management(emulator, home, &finish).expect(1);
    assert!(waiting.stderr.contains("3 of 3 accounts failed"), "{}", waiting.stderr);
    let forced = [&finish[..], &["--force"]].concat();
    as_management(emulator, home, &forced).expect(0);
    for id in ids {
        let new = &row_of(&rotated, id)["report"]["access_key_id"];
        assert_eq!(users_in(emulator, id)["pix"]["keys"], json!([new]), "only the new key");
    }

    // teardown across them, confirmed once: nothing of the user is left in any account.
    let teardown = ["teardown", "--user-name", "pix", "--org", "--accounts", &picked];
    let planned = as_management(emulator, home, &[&teardown[..], &["--dry-run"]].concat()).expect(0);
    assert!(planned.stderr.contains(&format!("== {} (org-b) ==", ids[1])), "{}", planned.stderr);
    assert_eq!(
        users_in(emulator, &ids[1])["pix"]["policies"],
        json!(["pixelshift_access"]),
        "a dry run removes nothing"
    );
    let unconfirmed = as_management(emulator, home, &[&["--non-interactive"], &teardown[..]].concat()).expect(2);
    assert!(unconfirmed.stderr.contains("pass --yes"), "{}", unconfirmed.stderr);
    as_management(emulator, home, &[&["--yes"], &teardown[..]].concat()).expect(0);
    for id in ids {
        assert_eq!(users_in(emulator, id), json!({}), "nothing left in {id}");
    }
    let again = as_management(emulator, home, &[&["--yes"], &teardown[..]].concat()).expect(0);
    assert!(again.stderr.contains("Nothing to remove: no `pix` here."), "{}", again.stderr);
}

/// The wizard across two profiles, in a pseudo-terminal: the accounts are shown and confirmed, the
/// user named once, each account's buckets chosen from its own list, and one plan with a section per
/// account confirmed once.
#[test]
fn the_wizard_across_two_profiles_asks_buckets_per_account_and_confirms_once() {
    use crate::support::pty::Pty;

    let emulator = Emulator::start_with_organizations();
    let ids = organization(&emulator, &["brand-a", "brand-b"]);
    let dir = tempfile::tempdir().unwrap();
    let files = write_profiles(dir.path(), &emulator, &[("brand-a", &ids[0]), ("brand-b", &ids[1])]);
    let mut command = crate::support::std_bin();
    command
        .env("AWS_ENDPOINT_URL", &emulator.endpoint)
        .env("AWS_CONFIG_FILE", &files.0)
        .env("AWS_SHARED_CREDENTIALS_FILE", &files.1)
        .env("XDG_CONFIG_HOME", dir.path().join("home"))
        .args(["setup", "--profiles", "brand-a,brand-b", "--wait", "5"]);
    let mut pty = Pty::spawn(&command);

    let accounts = pty.expect("Continue with these 2 account(s)?");
    for id in &ids {
        assert!(accounts.contains(&format!("account {id}: as arn:aws:sts::{id}:assumed-role/")), "{accounts}");
    }
    pty.send_enter();
    pty.expect("IAM user name for Pixelshift (the same in every account)");
    pty.send_line("pix");
    for (profile, id) in [("brand-a", &ids[0]), ("brand-b", &ids[1])] {
        pty.expect(&format!("Buckets for {profile}, account {id}:"));
        pty.expect("Which buckets may Pixelshift use?");
        pty.send_enter();
        pty.expect("Pick buckets");
        // The picker lists this account's own buckets.
        pty.expect(&format!("{profile}-images"));
        pty.send(" "); // its one bucket
        pty.send_enter();
        pty.expect("Other buckets or name-* patterns");
        pty.send_enter();
        pty.expect("Access level");
        pty.send_enter();
        pty.expect("Limit to a key prefix");
        pty.send_enter();
    }
    let plans = pty.expect("Apply the plans of 2 account(s)?");
    for (profile, id) in [("brand-a", &ids[0]), ("brand-b", &ids[1])] {
        assert!(plans.contains(&format!("== {profile}, account {id} ==")), "a section per account:\n{plans}");
        assert!(plans.contains(&format!("Pixelshift may read and write `{profile}-images`")), "{plans}");
    }
    pty.send_enter();
    pty.expect("Next: paste each account's key pair");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.shown());
    let shown = pty.shown();
    assert_eq!(shown.matches("✔ Apply the plans of 2 account(s)?").count(), 1, "asked once:\n{shown}");
    assert!(!shown.contains("Apply this plan?"), "no question per account:\n{shown}");

    for (profile, id) in [("brand-a", &ids[0]), ("brand-b", &ids[1])] {
        let granted = boto3(
            &emulator,
            &json!(id),
            r#"print(json.dumps(member(ARGS, "iam").get_user_policy(UserName="pix", PolicyName="pixelshift_access")["PolicyDocument"]))"#,
        );
        let resources = granted.to_string();
        assert!(resources.contains(&format!("arn:aws:s3:::{profile}-images")), "{granted:#}");
        let other = if profile == "brand-a" { "brand-b" } else { "brand-a" };
        assert!(!resources.contains(&format!("{other}-images")), "each account grants its own bucket: {granted:#}");
        assert_eq!(users_in(&emulator, id)["pix"]["keys"].as_array().unwrap().len(), 1);
    }
}

/// The keys of the users a `StackSet` made (docs/templates.md): `create-user --org` makes and stores one key
/// per account, and a re-run finds each account's stored key instead of making another.
#[test]
fn create_user_across_accounts_stores_one_key_per_account() {
    let emulator = Emulator::start_with_organizations();
    let ids = organization(&emulator, &["stack-a", "stack-b"]);
    let home = tempfile::tempdir().unwrap();
    let picked = ids.join(",");
    let args = ["--output", "json", "create-user", "--user-name", "iam_pixelshift", "--org", "--accounts", &picked];

    let made = as_management(&emulator, home.path(), &args).expect(0).json();
    for id in &ids {
        let row = made.as_array().unwrap().iter().find(|r| r["account"] == id.as_str()).unwrap();
        assert_eq!(row["report"]["key"], "created", "{made:#}");
        let users = users_in(&emulator, id);
        assert_eq!(users["iam_pixelshift"]["keys"], json!([row["report"]["access_key_id"]]), "{users:#}");
        assert_eq!(users["iam_pixelshift"]["path"], "/pixelshift-aws/", "{users:#}");
    }
    let again = as_management(&emulator, home.path(), &args).expect(0).json();
    for row in again.as_array().unwrap() {
        assert_eq!(row["report"]["key"], "reused", "each account's stored key is found: {again:#}");
    }
}

/// `--accounts-file` alone: its profiles are the accounts, each with its own buckets and access.
#[test]
fn an_accounts_file_gives_each_profile_its_buckets_and_access() {
    let emulator = Emulator::start_with_organizations();
    let ids = organization(&emulator, &["file-a", "file-b"]);
    let dir = tempfile::tempdir().unwrap();
    let files = write_profiles(dir.path(), &emulator, &[("file-a", &ids[0]), ("file-b", &ids[1])]);
    let accounts = dir.path().join("accounts.toml");
    std::fs::write(
        &accounts,
        "[file-a]\nbuckets = [\"file-a-images\"]\n\n[file-b]\nbuckets = [\"file-b-images\"]\naccess = \"read-only\"\n",
    )
    .unwrap();
    let args = ["--output", "json", "--non-interactive", "setup", "--user-name", "pix", "--wait", "5"];
    let file = accounts.to_str().unwrap();
    let done = as_profile(
        &emulator,
        &files,
        &dir.path().join("home"),
        "mgmt",
        &[&args[..], &["--accounts-file", file]].concat(),
    );
    let doc = done.expect(0).json();
    assert_eq!(results_of(&doc), [("file-a", "ok"), ("file-b", "ok")], "{doc:#}");
    assert_eq!(doc[1]["report"]["verify"]["access"], "read-only", "{doc:#}");
    let actions = |id: &str| {
        boto3(
            &emulator,
            &json!(id),
            r#"print(json.dumps(member(ARGS, "iam").get_user_policy(UserName="pix", PolicyName="pixelshift_access")["PolicyDocument"]))"#,
        )
        .to_string()
    };
    assert!(actions(&ids[0]).contains("s3:PutObject"), "file-a: read-write by default");
    assert!(!actions(&ids[1]).contains("s3:PutObject"), "file-b: read-only, as its entry says");

    // An account id in the file needs --org, said before any call.
    std::fs::write(&accounts, format!("[\"{}\"]\nall-buckets = true\n", ids[0])).unwrap();
    let refused = as_profile(
        &emulator,
        &files,
        &dir.path().join("home"),
        "mgmt",
        &[&args[..], &["--accounts-file", file]].concat(),
    )
    .expect(2);
    assert!(refused.stderr.contains("names account ids, which only --org reaches"), "{}", refused.stderr);
}
