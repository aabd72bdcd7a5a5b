//! After setup: status, list, rotate-keys and teardown against the IAM-enforcing emulator, with the
//! keys in the real keyring of the test session.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;

use crate::support::emulator::Keys;
use crate::support::fault_proxy::FaultProxy;
use crate::support::run;
use crate::support::sandbox::Sandbox;
use crate::support::writes;

/// A sandbox with bucket `photos` and user `user` set up by the tool itself.
fn set_up(env: &Sandbox, user: &str) {
    env.run(&["--non-interactive", "setup", "--user-name", user, "--bucket", "photos"]).expect(0);
}

fn status(env: &Sandbox, user: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--output", "json", "status", "--user-name", user];
    args.extend_from_slice(extra);
    let run = env.run(&args);
    let doc = run.json();
    (run.code, doc)
}

fn codes(doc: &Value) -> Vec<String> {
    doc["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

/// Signs one S3 request with `keys`: the key counts as used from now.
async fn use_key(env: &Sandbox, keys: &Keys) {
    env.emulator.s3(keys).await.list_objects_v2().bucket("photos").max_keys(1).send().await.unwrap();
}

#[tokio::test]
async fn status_of_a_fresh_setup_has_nothing_to_do() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-ok");
    let (code, doc) = status(&env, "pix-ok", &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["result"], "ok");
    assert_eq!(doc["findings"], serde_json::json!([]));
    assert_eq!(doc["user"]["managed"], true);
    assert_eq!(doc["user"]["console_password"], false);
    let keys = doc["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["stored_in"], serde_json::json!(["keyring"]));
    assert_eq!(keys[0]["role"], "current");
    assert_eq!(keys[0]["age_days"], 0);
    assert_eq!(doc["stored"]["authenticates"], true, "{doc:#}");
    assert_eq!(doc["stored"]["active_in_iam"], true);
    let policies = doc["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 1);
    assert_eq!(policies[0]["kind"], "inline");
    assert!(policies[0]["grants"].to_string().contains("arn:aws:s3:::photos/*"), "{doc:#}");
    assert!(doc["inline_size"].as_u64().unwrap() > 100);
    // The text form says so too.
    let text = env.run(&["status", "--user-name", "pix-ok"]).expect(0);
    assert!(text.stdout.contains("Nothing to do."), "{}", text.stdout);
}

#[tokio::test]
async fn status_finds_what_needs_doing_each_with_its_fix() {
    let env = Sandbox::start_with_aws_managed_policies();
    env.emulator.create_bucket("photos").await;
    set_up(&env, "pix-drift");
    let iam = env.iam().await;

    // A key made by hand (as with the AWS CLI), stored nowhere.
    let extra = iam.create_access_key().user_name("pix-drift").send().await.unwrap();
    let extra_id = extra.access_key().unwrap().access_key_id().to_owned();
    // The policy edited by hand: one more action than pixelshift-aws writes.
    let edited = env
        .policy("pix-drift", "pixelshift_access")
        .await
        .unwrap()
        .to_string()
        .replace("\"s3:PutObject\"", "\"s3:PutObject\",\"s3:PutObjectAcl\"");
    env.emulator.put_user_policy("pix-drift", "pixelshift_access", &edited).await;
    // More access beside it, and a console password.
    let full = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
    iam.attach_user_policy().user_name("pix-drift").policy_arn(full).send().await.unwrap();
    iam.create_login_profile().user_name("pix-drift").password("Not-a-real-password-42!").send().await.unwrap();

    let (code, doc) = status(&env, "pix-drift", &["--max-key-age", "0"]);
    assert_eq!(code, 3, "{doc:#}");
    assert_eq!(doc["result"], "action-needed");
    let found = codes(&doc);
    for expected in ["key-stored-nowhere", "key-too-old", "policy-hand-edited", "more-access", "console-password"] {
        assert!(found.iter().any(|c| c == expected), "no {expected} in {found:?}");
    }
    let nowhere = doc["findings"].as_array().unwrap().iter().find(|f| f["code"] == "key-stored-nowhere").unwrap();
    assert!(nowhere["message"].as_str().unwrap().contains(&extra_id), "{nowhere:#}");
    assert!(nowhere["fix"].as_str().unwrap().contains("delete-access-key"), "{nowhere:#}");
    let more: Vec<&Value> = doc["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "more-access").collect();
    assert_eq!(more.len(), 2, "the widened `pixelshift_access` and the policy beside it: {more:#?}");
    assert!(more[0]["message"].as_str().unwrap().contains("`pixelshift_access` grants more"), "{:#}", more[0]);
    assert!(more[1]["fix"].as_str().unwrap().contains(full), "{:#}", more[1]);
    let managed = doc["policies"].as_array().unwrap().iter().find(|p| p["name"] == "AmazonS3FullAccess").unwrap();
    assert_eq!(managed["kind"], "managed");
    assert!(managed["grants"].to_string().contains("s3:*"), "what it grants is read: {managed:#}");

    // The stored key deleted in IAM.
    let stored = env.revealed("pix-drift");
    iam.delete_access_key().user_name("pix-drift").access_key_id(&stored.access_key_id).send().await.unwrap();
    let (code, doc) = status(&env, "pix-drift", &[]);
    assert_eq!(code, 3);
    assert!(codes(&doc).contains(&"stored-key-gone".to_owned()), "{doc:#}");
    let text = env.run(&["status", "--user-name", "pix-drift"]).expect(3);
    assert!(text.stdout.contains("fix: pixelshift-aws create-user --user-name pix-drift"), "{}", text.stdout);
    assert!(text.stderr.contains("need action"), "{}", text.stderr);
}

/// Longer than the clock margin `rotate-keys --finish` allows between its own last use of the new
/// key and a use that counts as the dashboard's (`domain::lifecycle::CLOCK_MARGIN_SECS`).
const PAST_THE_MARGIN: Duration = Duration::from_secs(4);

#[tokio::test]
async fn finish_waits_for_the_dashboard_to_use_the_new_key_then_leaves_one_new_stored_key() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-rot");
    let old = env.revealed("pix-rot");

    let started =
        env.run(&["--output", "json", "rotate-keys", "--user-name", "pix-rot", "--wait", "30"]).expect(0).json();
    let new_id = started["access_key_id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, old.access_key_id);
    assert_eq!(started["previous_access_key_id"], old.access_key_id.as_str());
    assert_eq!(started["verify"]["result"], "pass", "{started:#}");
    assert!(started["plan"].as_array().unwrap().iter().all(|s| s["done"] == true), "{started:#}");
    // Between the phases: both keys work, the new one is current, the old pair is still kept.
    let new = env.revealed("pix-rot");
    assert_eq!(new.access_key_id, new_id);
    let mut ids = env.key_ids("pix-rot").await;
    ids.sort();
    let mut both = vec![old.access_key_id.clone(), new_id.clone()];
    both.sort();
    assert_eq!(ids, both);
    let (code, doc) = status(&env, "pix-rot", &[]);
    assert_eq!(code, 3, "a rotation half-done needs action: {doc:#}");
    assert_eq!(codes(&doc), ["rotation-in-progress"], "{doc:#}");
    assert_eq!(doc["stored"]["authenticates"], serde_json::Value::Null, "status does not sign with the new key");
    let roles: Vec<(String, String)> = doc["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["access_key_id"].as_str().unwrap().to_owned(), k["role"].as_str().unwrap_or("-").to_owned()))
        .collect();
    assert!(roles.contains(&(old.access_key_id.clone(), "previous".to_owned())), "{roles:?}");
    assert!(roles.contains(&(new_id.clone(), "current".to_owned())), "{roles:?}");
    // A second start is refused until the first is finished.
    let again = env.run(&["rotate-keys", "--user-name", "pix-rot"]).expect(1);
    assert!(again.stderr.contains("--finish"), "{}", again.stderr);

    // The dashboard still holds the old pair: finishing is refused and changes nothing.
    tokio::time::sleep(PAST_THE_MARGIN).await;
    use_key(&env, &old).await;
    let mark = env.emulator.requests().len();
    let refused = env.run(&["rotate-keys", "--user-name", "pix-rot", "--finish"]).expect(1);
    assert!(refused.stderr.contains("nothing shows yet that Pixelshift uses the new key"), "{}", refused.stderr);
    assert!(refused.stderr.contains("old key: last used"), "both keys' last use: {}", refused.stderr);
    assert!(refused.stderr.contains("hours late"), "{}", refused.stderr);
    assert_eq!(iam_writes_since(&env, mark), [], "a refusal writes nothing");
    assert_eq!(env.key_ids("pix-rot").await.len(), 2);

    // The dashboard switched: the new key used after the rotation's own checks, later than the old.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    use_key(&env, &new).await;
    let finished = env.run(&["--output", "json", "rotate-keys", "--user-name", "pix-rot", "--finish"]).expect(0).json();
    let plan = finished["plan"].as_array().unwrap();
    assert!(plan.iter().all(|s| s["done"] == true), "{finished:#}");
    let actions: Vec<&str> = plan.iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["iam:UpdateAccessKey", "iam:DeleteAccessKey", "keyring:Delete"], "{finished:#}");
    assert_eq!(env.key_ids("pix-rot").await, std::slice::from_ref(&new_id), "one key left, the new one");
    assert_eq!(env.revealed("pix-rot").access_key_id, new_id);
    let (code, doc) = status(&env, "pix-rot", &[]);
    assert_eq!(code, 0, "{doc:#}");
}

#[tokio::test]
async fn finish_force_retires_the_old_key_though_nothing_shows_the_switch() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-busy");
    let old = env.revealed("pix-busy");
    env.run(&["rotate-keys", "--user-name", "pix-busy", "--no-verify"]).expect(0);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    use_key(&env, &old).await;
    let refused = env.run(&["rotate-keys", "--user-name", "pix-busy", "--finish"]).expect(1);
    assert!(refused.stderr.contains("new key: never used"), "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(env.key_ids("pix-busy").await.len(), 2, "nothing was retired");
    env.run(&["rotate-keys", "--user-name", "pix-busy", "--finish", "--force"]).expect(0);
    assert_eq!(env.key_ids("pix-busy").await.len(), 1);
}

#[tokio::test]
async fn a_new_key_that_fails_verification_is_deleted_and_the_old_pair_stays_current() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-fail");
    let old = env.revealed("pix-fail");
    // Every key but the admin's is unknown to AWS for two minutes: the new key never becomes valid.
    let proxy = FaultProxy::start_sparing(
        &env.emulator.endpoint,
        &env.emulator.admin.access_key_id,
        Duration::from_mins(2),
        Duration::ZERO,
    );
    let mut command = env.command_as(&env.emulator.admin, &["rotate-keys", "--user-name", "pix-fail", "--wait", "3"]);
    command.env("AWS_ENDPOINT_URL", &proxy.url);
    let failed = run(command);
    assert_eq!(failed.code, 3, "{}", failed.stderr);
    assert!(failed.stderr.contains("failed verification"), "{}", failed.stderr);
    assert_eq!(env.key_ids("pix-fail").await, std::slice::from_ref(&old.access_key_id), "no new key left in IAM");
    assert_eq!(env.revealed("pix-fail"), old, "the old pair is still the current one");
    let (code, doc) = status(&env, "pix-fail", &[]);
    assert_eq!(code, 0, "no previous pair or stray key left behind: {doc:#}");
}

#[tokio::test]
async fn teardown_leaves_nothing_and_a_second_run_is_a_no_op() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    // keyutils keeps a second copy in the default key file: both must go.
    env.run(&["--non-interactive", "setup", "--user-name", "pix-gone", "--bucket", "photos", "--keyring", "keyutils"])
        .expect(0);
    let iam = env.iam().await;
    iam.create_group().group_name("pix-readers").send().await.unwrap();
    iam.add_user_to_group().group_name("pix-readers").user_name("pix-gone").send().await.unwrap();
    let files = || std::fs::read_dir(env.config_home.path().join("pixelshift-aws/keys")).map_or(0, Iterator::count);
    assert_eq!(files(), 1);

    let dry = env
        .run(&["--output", "json", "teardown", "--user-name", "pix-gone", "--keyring", "keyutils", "--dry-run"])
        .expect(0)
        .json();
    let actions: Vec<&str> = dry["plan"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    for expected in [
        "iam:DeleteAccessKey",
        "iam:DeleteUserPolicy",
        "iam:RemoveUserFromGroup",
        "iam:DeleteUser",
        "keyring:Delete",
        "file:Delete",
    ] {
        assert!(actions.contains(&expected), "{expected} not planned: {actions:?}");
    }
    assert!(env.user_exists("pix-gone").await, "a dry run changes nothing");

    let refused =
        env.run(&["--non-interactive", "teardown", "--user-name", "pix-gone", "--keyring", "keyutils"]).expect(2);
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    env.run(&["teardown", "--user-name", "pix-gone", "--keyring", "keyutils", "--yes"]).expect(0);
    assert!(!env.user_exists("pix-gone").await);
    assert_eq!(files(), 0, "the key file is gone");
    let shown = env.run(&["keys", "show", "--user-name", "pix-gone", "--keyring", "keyutils"]);
    assert_ne!(shown.code, 0, "the keyring entry is gone: {}", shown.stdout);

    let again = env
        .run(&["--output", "json", "teardown", "--user-name", "pix-gone", "--keyring", "keyutils", "--yes"])
        .expect(0)
        .json();
    assert_eq!(again["plan"], serde_json::json!([]), "nothing left to do");
}

#[tokio::test]
async fn teardown_refuses_a_user_it_did_not_create() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    env.emulator.create_user_with_key("someone-else").await;
    let mark = env.emulator.requests().len();
    let refused = env.run(&["teardown", "--user-name", "someone-else", "--yes"]).expect(2);
    assert!(refused.stderr.contains("not created by pixelshift-aws"), "{}", refused.stderr);
    assert_eq!(iam_writes_since(&env, mark), [], "a refusal writes nothing");
    assert!(env.user_exists("someone-else").await);
}

#[tokio::test]
async fn list_shows_the_managed_users_only() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-a");
    set_up(&env, "pix-b");
    env.emulator.create_user_with_key("not-ours").await;
    let doc = env.run(&["--output", "json", "list"]).expect(0).json();
    let names: Vec<&str> = doc["users"].as_array().unwrap().iter().map(|u| u["user_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["pix-a", "pix-b"], "{doc:#}");
    let a = &doc["users"][0];
    assert_eq!(a["keys"], 1);
    assert_eq!(a["stored_here"], true);
    assert_eq!(a["buckets"], serde_json::json!(["photos"]));
    let text = env.run(&["list"]).expect(0);
    assert!(
        text.stdout.lines().any(|l| l.starts_with("pix-a")) && !text.stdout.contains("not-ours"),
        "{}",
        text.stdout
    );
}

/// `list` finds the tool's users under their IAM path: its cost does not grow with the account's
/// other users (#20: 503 users used to cost 515 requests). A user made before the path is found by
/// `--scan-all`, and setup moves it there.
#[tokio::test]
async fn list_costs_no_request_per_unrelated_user_and_scan_all_finds_older_ones() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    let iam = env.iam().await;
    let unrelated = futures_util::stream::iter(0..500)
        .map(|i| {
            let iam = iam.clone();
            async move { iam.create_user().user_name(format!("staff-{i:03}")).send().await.unwrap() }
        })
        .buffer_unordered(16)
        .count();
    assert_eq!(unrelated.await, 500);
    for user in ["pix-a", "pix-b", "pix-c"] {
        set_up(&env, user);
    }
    // As pixelshift-aws made its users before they had a path: tagged, at `/`.
    let tag = aws_sdk_iam::types::Tag::builder().key("managed-by").value("pixelshift-aws").build().unwrap();
    iam.create_user().user_name("pix-older").tags(tag).send().await.unwrap();

    let mark = env.emulator.requests().len();
    let doc = env.run(&["--output", "json", "list"]).expect(0).json();
    let requests = env.emulator.requests().split_off(mark);
    let names: Vec<&str> = doc["users"].as_array().unwrap().iter().map(|u| u["user_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["pix-a", "pix-b", "pix-c"], "{doc:#}");
    assert_eq!(doc["users"][0]["buckets"], serde_json::json!(["photos"]), "{doc:#}");
    assert!(doc["users"][0]["last_used"].is_object(), "the key's last use is read: {doc:#}");
    assert!(requests.len() <= 10, "{} requests for 3 managed users among 504: {requests:?}", requests.len());

    let scanned = env.run(&["--output", "json", "list", "--scan-all"]).expect(0).json();
    let names: Vec<&str> =
        scanned["users"].as_array().unwrap().iter().map(|u| u["user_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["pix-a", "pix-b", "pix-c", "pix-older"], "{scanned:#}");

    // setup moves it under the path, as a planned step that says its ARN changes.
    let plan = env.run(&["--output", "json", "setup", "--user-name", "pix-older", "--bucket", "photos", "--dry-run"]);
    let plan = plan.expect(0).json();
    let moved = plan["plan"].as_array().unwrap().iter().find(|s| s["action"] == "iam:UpdateUser").cloned();
    let moved = moved.unwrap_or_else(|| panic!("no iam:UpdateUser step: {plan:#}"));
    assert!(moved["detail"].as_str().unwrap().contains("its ARN becomes"), "{moved:#}");
    env.run(&["--non-interactive", "setup", "--user-name", "pix-older", "--bucket", "photos"]).expect(0);
    let doc = env.run(&["--output", "json", "list"]).expect(0).json();
    assert_eq!(doc["users"].as_array().unwrap().len(), 4, "{doc:#}");
}

#[tokio::test]
async fn status_exits_3_for_a_widened_policy_and_for_a_user_that_does_not_exist() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-wide");
    let everything = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    env.emulator.put_user_policy("pix-wide", "pixelshift_access", everything).await;
    let (code, doc) = status(&env, "pix-wide", &[]);
    assert_eq!(code, 3, "{doc:#}");
    assert_eq!(codes(&doc), ["policy-hand-edited", "more-access"], "{doc:#}");
    let more = &doc["findings"][1];
    assert!(more["message"].as_str().unwrap().contains("grants more than pixelshift-aws writes"), "{more:#}");

    let (code, doc) = status(&env, "pix-never-made", &[]);
    assert_eq!(code, 3, "a health check after a teardown must not pass: {doc:#}");
    assert_eq!(doc["result"], "not-set-up");
    assert_eq!(doc["exists"], false);
    assert_eq!(codes(&doc), ["not-set-up"]);
    assert_eq!(doc["findings"][0]["fix"], "pixelshift-aws setup --user-name pix-never-made");
}

#[tokio::test]
async fn status_notes_a_key_stored_elsewhere_that_iam_shows_in_use_and_exits_0() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-two");
    // A second key, as another machine (or the dashboard) holds it, used a moment ago.
    let iam = env.iam().await;
    let made = iam.create_access_key().user_name("pix-two").send().await.unwrap();
    let made = made.access_key().unwrap();
    let elsewhere =
        Keys { access_key_id: made.access_key_id().to_owned(), secret_access_key: made.secret_access_key().to_owned() };
    use_key(&env, &elsewhere).await;
    let (code, doc) = status(&env, "pix-two", &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["findings"], serde_json::json!([]), "{doc:#}");
    let note = &doc["notes"][0];
    assert_eq!(note["code"], "key-in-use-elsewhere", "{doc:#}");
    assert!(note["message"].as_str().unwrap().contains(&elsewhere.access_key_id), "{note:#}");
    assert!(!note["fix"].as_str().unwrap().contains("delete"), "never advice to delete a key in use: {note:#}");
    let text = env.run(&["status", "--user-name", "pix-two"]).expect(0);
    assert!(text.stdout.contains("in use elsewhere") && text.stdout.contains("Nothing to do."), "{}", text.stdout);
}

/// The (action, target) steps of a report's `plan[]`.
fn steps(doc: &Value) -> Vec<(String, String)> {
    doc["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["action"].as_str().unwrap().to_owned(), s["target"].as_str().unwrap().to_owned()))
        .collect()
}

/// The IAM writes the emulator logged since `mark`, each with its target as a plan names it.
fn iam_writes_since(env: &Sandbox, mark: usize) -> Vec<(String, String)> {
    writes::performed(&env.emulator.requests().split_off(mark))
        .into_iter()
        .map(|(action, target)| (format!("iam:{action}"), target))
        .collect()
}

/// Runs `args` with `--dry-run`, then for real; asserts the real run carried out exactly the plan
/// the dry run listed — the same (action, target) steps in the same order, all done — and that the
/// IAM writes the emulator logged (with what each acted on) are exactly the plan's IAM steps, in order.
fn assert_dry_run_is_the_run(env: &Sandbox, args: &[&str]) -> Value {
    let mut dry_args = vec!["--output", "json"];
    dry_args.extend_from_slice(args);
    dry_args.push("--dry-run");
    let mark = env.emulator.requests().len();
    let dry = env.run(&dry_args).expect(0).json();
    assert_eq!(iam_writes_since(env, mark), Vec::<(String, String)>::new(), "a dry run writes nothing");
    assert!(!steps(&dry).is_empty(), "{dry:#}");
    let mut real_args = vec!["--output", "json"];
    real_args.extend_from_slice(args);
    let mark = env.emulator.requests().len();
    let real = env.run(&real_args).expect(0).json();
    assert_eq!(steps(&real), steps(&dry), "the run is the dry run's plan");
    assert!(real["plan"].as_array().unwrap().iter().all(|s| s["done"] == true), "{real:#}");
    // Lifecycle steps run one after another: the emulator saw exactly the plan's IAM steps, in order.
    let planned_iam: Vec<(String, String)> = steps(&dry).into_iter().filter(|(a, _)| a.starts_with("iam:")).collect();
    assert_eq!(iam_writes_since(env, mark), planned_iam, "the emulator saw exactly the planned writes");
    real
}

#[tokio::test]
async fn rotate_keys_both_phases_and_teardown_do_exactly_what_their_dry_run_lists() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-plan");
    let iam = env.iam().await;
    iam.create_group().group_name("pix-plan-group").send().await.unwrap();
    iam.add_user_to_group().group_name("pix-plan-group").user_name("pix-plan").send().await.unwrap();

    let started = assert_dry_run_is_the_run(&env, &["rotate-keys", "--user-name", "pix-plan", "--wait", "30"]);
    let new = env.revealed("pix-plan");
    assert_eq!(started["access_key_id"], new.access_key_id.as_str());
    tokio::time::sleep(PAST_THE_MARGIN).await;
    use_key(&env, &new).await;
    assert_dry_run_is_the_run(&env, &["rotate-keys", "--user-name", "pix-plan", "--finish"]);
    let gone = assert_dry_run_is_the_run(&env, &["teardown", "--user-name", "pix-plan", "--yes"]);
    let actions: Vec<String> = steps(&gone).into_iter().map(|(action, _)| action).collect();
    assert_eq!(
        actions,
        ["iam:DeleteAccessKey", "iam:DeleteUserPolicy", "iam:RemoveUserFromGroup", "iam:DeleteUser", "keyring:Delete"],
        "{gone:#}"
    );
    assert!(!env.user_exists("pix-plan").await);
}

#[tokio::test]
async fn finish_force_refuses_when_the_new_pair_is_not_stored_and_changes_nothing() {
    let env = Sandbox::with_buckets(&["photos"]).await;
    set_up(&env, "pix-lost");
    env.run(&["rotate-keys", "--user-name", "pix-lost", "--no-verify"]).expect(0);
    // keys delete will not strand a rotation: it refuses, and names the way on.
    let strand = env.run(&["keys", "delete", "--user-name", "pix-lost", "--yes"]).expect(1);
    assert!(strand.stderr.contains("a key rotation of `pix-lost` is in progress"), "{}", strand.stderr);
    // The new pair lost another way (its keyring entry cleared by hand): retiring the old key would
    // leave no working stored key.
    let entry = format!("{}/pix-lost", env.emulator.account_id);
    let cleared = std::process::Command::new("secret-tool")
        .args(["clear", "service", "pixelshift-aws", "username", &entry])
        .status()
        .unwrap();
    assert!(cleared.success());
    let mark = env.emulator.requests().len();
    let refused = env.run(&["rotate-keys", "--user-name", "pix-lost", "--finish", "--force"]).expect(1);
    assert!(refused.stderr.contains("is not stored here as a working key"), "{}", refused.stderr);
    assert!(refused.stderr.contains("nothing was changed"), "{}", refused.stderr);
    assert_eq!(iam_writes_since(&env, mark), [], "not even --force retires the old key");
    assert_eq!(env.key_ids("pix-lost").await.len(), 2);
}
