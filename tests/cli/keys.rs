//! `keys credential-process`, `keys configure-profile` and `keys export`: the stored key handed to
//! the user's own tools, against the IAM-enforcing emulator with the key in the real keyring of the
//! test session — and the real AWS CLI (`.venv/bin/aws`, pinned by scripts/install-test-deps)
//! authenticating through the profile `configure-profile` writes.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::emulator::{Keys, PYTHON_ENV};
use crate::support::pty::{self, Pty};
use crate::support::sandbox::Sandbox;
use crate::support::{ConnectionCounter, Run, bin, run};

/// Someone's config file as it was before: comments, odd spacing, no blank line at the end.
const THEIRS: &str = "# my own profiles\n[default]\nregion = us-west-2\noutput=json\n\n;prod\n[profile prod]\n\
                      role_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\n";

/// The binary's absolute path, as a profile must name it.
fn binary() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("pixelshift-aws"))
}

/// The AWS CLI of the project venv, beside the emulator's Python.
fn aws_cli() -> PathBuf {
    let python = std::env::var_os(PYTHON_ENV)
        .filter(|p| !p.is_empty())
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"), PathBuf::from);
    let aws = python.with_file_name("aws");
    assert!(aws.is_file(), "the AWS CLI is not at {}: run scripts/test, or scripts/install-test-deps", aws.display());
    aws
}

/// The AWS CLI with `config` as its only configuration: no AWS_* variable of this process, no
/// credentials file, so a profile's `credential_process` is all that can authenticate. The sandbox's
/// config directory and the test session's keyring (D-Bus, kernel keyring) are inherited by the
/// `credential_process` it runs.
fn aws(env: &Sandbox, config: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(aws_cli());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            command.env_remove(key);
        }
    }
    command
        .env("AWS_CONFIG_FILE", config)
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("XDG_CONFIG_HOME", env.config_home.path())
        .env("NO_COLOR", "1")
        .args(args)
        .args(["--endpoint-url", &env.emulator.endpoint]);
    let output = command.output().expect("run the AWS CLI");
    Run {
        code: output.status.code().expect("the AWS CLI exited normally"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The binary as admin with `AWS_CONFIG_FILE` pointing at `config`.
fn with_config(env: &Sandbox, config: &Path, args: &[&str]) -> Run {
    let mut command = env.command_as(&env.emulator.admin, args);
    command.env("AWS_CONFIG_FILE", config);
    run(command)
}

fn configure(env: &Sandbox, config: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--output", "json", "keys", "configure-profile"];
    all.extend(args);
    with_config(env, config, &all)
}

/// The binary with no AWS credentials, region or endpoint at all: what the AWS CLI gives a
/// `credential_process`. The endpoint is a listener that counts connections, to prove none is made.
fn without_aws(env: &Sandbox, counter: &ConnectionCounter, args: &[&str]) -> Run {
    let mut command = bin();
    command.env("XDG_CONFIG_HOME", env.config_home.path()).env("AWS_ENDPOINT_URL", &counter.url).args(args);
    run(command)
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn the_aws_cli_lists_a_granted_bucket_through_the_profile_and_is_denied_another() {
    let env = Sandbox::with_buckets(&["photos", "other"]).await;
    env.emulator.s3(&env.emulator.admin).await.put_object().bucket("photos").key("cat.jpg").send().await.unwrap();
    env.run(&["setup", "--non-interactive", "--user-name", "pix-cli", "--bucket", "photos"]).expect(0);
    let keys = env.revealed("pix-cli");

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    fs::write(&config, THEIRS).unwrap();
    let doc = configure(&env, &config, &["--profile-name", "pixelshift", "--user-name", "pix-cli"]).expect(0).json();
    assert_eq!(doc["change"], "added", "{doc}");

    let text = fs::read_to_string(&config).unwrap();
    assert!(text.starts_with(THEIRS), "the rest of the file is kept byte for byte:\n{text}");
    let expected = format!(
        "[profile pixelshift]\ncredential_process = {} keys credential-process --user-name pix-cli --account-id {}\n\
         region = us-east-1\n",
        binary().display(),
        env.emulator.account_id
    );
    assert_eq!(&text[THEIRS.len()..], format!("\n{expected}"));
    assert!(!text.contains(&keys.secret_access_key) && !text.contains(&keys.access_key_id), "no key in the file");
    let backup = dir.path().join("config.pixelshift-aws.bak");
    assert_eq!(fs::read_to_string(&backup).unwrap(), THEIRS);
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(doc["backup"], backup.to_str().unwrap());

    let mark = env.emulator.requests().len();
    let listed = aws(&env, &config, &["--profile", "pixelshift", "s3", "ls", "s3://photos"]);
    assert_eq!(listed.code, 0, "aws s3 ls s3://photos:\n{}\n{}", listed.stdout, listed.stderr);
    assert!(listed.stdout.contains("cat.jpg"), "{}", listed.stdout);
    let signed: Vec<_> = env.emulator.requests().split_off(mark);
    assert!(
        !signed.is_empty() && signed.iter().all(|r| r.key == keys.access_key_id),
        "every request signed with the user's own key, which only the credential_process gave: {signed:?}"
    );

    let denied = aws(&env, &config, &["--profile", "pixelshift", "s3", "ls", "s3://other"]);
    assert_ne!(denied.code, 0, "{}", denied.stdout);
    assert!(denied.stderr.contains("AccessDenied"), "{}", denied.stderr);
    for stream in [&listed.stderr, &denied.stderr] {
        assert!(!stream.contains(&keys.secret_access_key), "the secret leaked: {stream}");
    }
}

#[tokio::test]
async fn credential_process_prints_exactly_the_three_fields_with_no_aws_credentials_at_all() {
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-cp"]).expect(0);
    let Keys { access_key_id, secret_access_key } = env.revealed("pix-cp");
    let counter = ConnectionCounter::start();
    let account = env.emulator.account_id.as_str();
    let expected =
        format!("{{\"Version\":1,\"AccessKeyId\":\"{access_key_id}\",\"SecretAccessKey\":\"{secret_access_key}\"}}\n");

    for extra in [&[][..], &["-v", "--output", "json"][..]] {
        let mut args = vec!["keys", "credential-process", "--user-name", "pix-cp", "--account-id", account];
        args.extend(extra);
        let done = without_aws(&env, &counter, &args).expect(0);
        assert_eq!(done.stdout, expected, "{extra:?}");
        assert_eq!(done.stderr, "", "{extra:?}: stderr stays empty on success");
    }
    let missing = ["keys", "credential-process", "--user-name", "nobody", "--account-id", account];
    let failed = without_aws(&env, &counter, &missing).expect(1);
    assert_eq!(failed.stdout, "", "nothing on stdout for the AWS CLI to parse");
    assert!(failed.stderr.starts_with("error: no access key is stored for `nobody`"), "{}", failed.stderr);
    assert!(failed.stderr.contains("\nhint: "), "{}", failed.stderr);
    assert_eq!(counter.connections(), 0, "with --account-id no AWS call is made");

    // Without --account-id, STS says whose credentials these are, still without a word on stderr.
    let done = env.run(&["keys", "credential-process", "--user-name", "pix-cp"]).expect(0);
    assert_eq!((done.stdout.as_str(), done.stderr.as_str()), (expected.as_str(), ""));
}

#[tokio::test]
async fn credential_process_will_not_find_the_account_through_a_profile_that_runs_itself() {
    let env = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    fs::write(&config, "[profile pixelshift]\ncredential_process = pixelshift-aws keys credential-process\n").unwrap();
    let mut command = bin();
    command
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_PROFILE", "pixelshift")
        .env("AWS_ENDPOINT_URL", &env.emulator.endpoint)
        .args(["keys", "credential-process"]);
    let refused = run(command).expect(2);
    assert!(refused.stderr.contains("would run this command again"), "{}", refused.stderr);
    assert!(refused.stderr.contains("hint: pass --account-id"), "{}", refused.stderr);
    assert_eq!(refused.stdout, "");
}

#[tokio::test]
async fn export_prints_each_format_into_a_pipe() {
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-exp"]).expect(0);
    let Keys { access_key_id: id, secret_access_key: secret } = env.revealed("pix-exp");
    let export = |args: &[&str]| {
        let mut all = vec!["keys", "export", "--user-name", "pix-exp"];
        all.extend(args);
        env.run(&all)
    };
    let env_lines = format!("export AWS_ACCESS_KEY_ID={id}\nexport AWS_SECRET_ACCESS_KEY={secret}\n");
    assert_eq!(export(&[]).expect(0).stdout, env_lines, "env is the default");
    assert_eq!(export(&["--format", "env"]).expect(0).stdout, env_lines);
    assert_eq!(
        export(&["--format", "dotenv"]).expect(0).stdout,
        format!("AWS_ACCESS_KEY_ID={id}\nAWS_SECRET_ACCESS_KEY={secret}\n")
    );
    let json = format!("{{\"AccessKeyId\":\"{id}\",\"SecretAccessKey\":\"{secret}\"}}\n");
    assert_eq!(export(&["--format", "json"]).expect(0).stdout, json);
    assert_eq!(export(&["--output", "json"]).expect(0).stdout, json, "--output json means the json format");
    let refused = export(&["--output", "json", "--format", "env"]).expect(2);
    assert!(refused.stderr.contains("--format env is not one"), "{}", refused.stderr);
    assert_eq!(refused.stdout, "");

    // A shell that evaluates the env lines gets the pair back.
    let shell = Command::new("sh")
        .args(["-c", &format!("{env_lines}printf '%s %s' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\"")])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(shell.stdout).unwrap(), format!("{id} {secret}"));
}

#[tokio::test]
async fn export_and_credential_process_refuse_a_terminal_without_reveal() {
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-tty"]).expect(0);
    let Keys { secret_access_key: secret, .. } = env.revealed("pix-tty");
    let account = env.emulator.account_id.clone();
    let at_terminal = |args: &[&str]| {
        let mut command = pty::command(&env.emulator);
        command.env("XDG_CONFIG_HOME", env.config_home.path()).args(args);
        let mut pty = Pty::spawn(&command);
        pty.redact(&secret);
        let code = pty.wait_exit();
        (code, pty.screen())
    };

    for args in [
        &["keys", "export", "--user-name", "pix-tty"][..],
        &["keys", "export", "--format", "json", "--user-name", "pix-tty"][..],
        &["keys", "credential-process", "--user-name", "pix-tty", "--account-id", &account][..],
    ] {
        let (code, screen) = at_terminal(args);
        assert_eq!(code, 2, "{args:?}: {screen}");
        assert!(screen.contains("stdout is a terminal"), "{args:?}: {screen}");
        assert!(screen.contains("--reveal"), "{args:?}: {screen}");
        assert!(!screen.contains(&secret), "{args:?}: the secret reached the terminal");
    }
    let (code, screen) = at_terminal(&["keys", "export", "--user-name", "pix-tty", "--reveal"]);
    assert_eq!(code, 0, "--reveal prints at a terminal");
    assert!(screen.contains(&format!("export AWS_SECRET_ACCESS_KEY={secret}")), "the secret, as asked");
}

#[tokio::test]
async fn configure_profile_dry_runs_then_converges_without_backup_churn() {
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-conf"]).expect(0);
    let dir = tempfile::tempdir().unwrap();
    // A config directory that does not exist yet: made 0700, the file 0600.
    let config = dir.path().join("aws/config");
    let args = ["--user-name", "pix-conf"];

    let mut dry = vec!["--dry-run"];
    dry.extend(args);
    let plan = configure(&env, &config, &dry).expect(0).json();
    assert_eq!((plan["change"].as_str(), plan["dry_run"].as_bool()), (Some("added"), Some(true)));
    assert!(plan["section"].as_str().unwrap().starts_with("[profile pixelshift]\ncredential_process = "), "{plan}");
    assert!(!config.exists() && !dir.path().join("aws").exists(), "a dry run writes nothing");

    let first = configure(&env, &config, &args).expect(0).json();
    assert_eq!(first["change"], "added");
    assert!(first["backup"].is_null(), "no previous file, no backup");
    assert_eq!(fs::read_to_string(&config).unwrap(), plan["section"].as_str().unwrap());
    assert_eq!((mode(&config), mode(config.parent().unwrap())), (0o600, 0o700));
    assert_eq!(first["next"], "aws --profile pixelshift s3 ls s3://BUCKET");

    let written = fs::metadata(&config).unwrap().modified().unwrap();
    let again = configure(&env, &config, &args).expect(0).json();
    assert_eq!(again["change"], "unchanged");
    assert!(again["backup"].is_null());
    assert_eq!(fs::metadata(&config).unwrap().modified().unwrap(), written, "not rewritten");
    let names: Vec<_> = fs::read_dir(config.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["config"], "no backup or temporary file from a run that changes nothing");

    // The text report says what was written and what to run next.
    let text = with_config(&env, &config, &["keys", "configure-profile", "--user-name", "pix-conf"]).expect(0);
    assert!(text.stdout.contains("profile       pixelshift already in"), "{}", text.stdout);
    assert!(text.stdout.contains("next          aws --profile pixelshift s3 ls s3://BUCKET"), "{}", text.stdout);
}

#[tokio::test]
async fn configure_profile_replaces_a_differing_section_only_with_yes_and_keeps_the_rest() {
    let env = Sandbox::start();
    env.run(&["create-user", "--user-name", "pix-rep"]).expect(0);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let head = "[default]\nregion = us-west-2\n\n";
    let before = format!("{head}[profile px]\n");
    let stale = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\nregion = us-east-1\n";
    let after = "\n# after\n[profile later]\nregion = eu-central-1";
    let original = format!("{before}{stale}{after}");
    fs::write(&config, &original).unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o644)).unwrap();
    let args = ["--profile-name", "px", "--user-name", "pix-rep", "--non-interactive"];

    let refused = configure(&env, &config, &args).expect(2);
    assert!(refused.stderr.contains("pass --yes"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("-aws_access_key_id = AKIAIOSFODNN7EXAMPLE"),
        "the diff is shown: {}",
        refused.stderr
    );
    assert_eq!(refused.stdout, "");
    assert_eq!(fs::read_to_string(&config).unwrap(), original, "nothing changed without --yes");
    assert!(!dir.path().join("config.pixelshift-aws.bak").exists());

    let mut yes = args.to_vec();
    yes.push("--yes");
    let done = configure(&env, &config, &yes).expect(0).json();
    assert_eq!(done["change"], "replaced");
    let section = done["section"].as_str().unwrap();
    assert!(section.starts_with("[profile px]\ncredential_process = "), "{section}");
    assert_eq!(fs::read_to_string(&config).unwrap(), format!("{head}{section}{after}"));
    assert_eq!(fs::read_to_string(dir.path().join("config.pixelshift-aws.bak")).unwrap(), original);
    assert_eq!(mode(&config), 0o644, "an existing file keeps its mode");

    let again = configure(&env, &config, &args).expect(0).json();
    assert_eq!(again["change"], "unchanged", "the same section again needs no --yes");
}

#[test]
fn invalid_input_exits_2_before_any_call() {
    let counter = ConnectionCounter::start();
    // Each row, and whether its error comes with a hint (a bad name says all there is to say).
    let rows: &[(&[&str], bool)] = &[
        (&["keys", "configure-profile", "--profile-name", "two words"], true),
        (&["keys", "configure-profile", "--region", "eu-west-1\n[profile x]"], true),
        (&["keys", "credential-process", "--account-id", "12345"], true),
        (&["keys", "credential-process", "--user-name", "bad/name", "--account-id", "123456789012"], false),
        (&["keys", "export", "--output", "json", "--format", "dotenv"], true),
    ];
    for (args, hint) in rows {
        let mut command = bin();
        command.env("AWS_ENDPOINT_URL", &counter.url).env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE").args(*args);
        let run = run(command);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.contains("\nhint: "), *hint, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
    assert_eq!(counter.connections(), 0, "validation happens before any network call");
}

/// `--help` of each subcommand added here; `tests/cli/help.rs` holds the others. Update with
/// `INSTA_UPDATE=always cargo test --test cli help`.
#[test]
fn help_of_the_keys_subcommands_for_other_tools() {
    for sub in ["credential-process", "configure-profile", "export"] {
        let output = bin().args(["keys", sub, "--help"]).output().unwrap();
        assert!(output.status.success() && output.stderr.is_empty(), "keys {sub} --help");
        let name = format!("help_keys_{}", sub.replace('-', "_"));
        insta::assert_snapshot!(name, String::from_utf8(output.stdout).unwrap());
    }
}
