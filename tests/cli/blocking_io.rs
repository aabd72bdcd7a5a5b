//! Nothing waits forever and nothing reads without end (issue #18): a FIFO or device where a file is
//! read is refused at once, `/dev/zero` anywhere costs no memory, a keyring that never answers ends
//! on a signal with 130, a locked keyring is named instead of passed over, concurrent profile edits
//! all land, and the small items of the issue each hold.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::ownership::{Done, command, finish, signal};
use crate::support::fault_proxy::{FaultProxy, Rule};
use crate::support::private_keyring::PrivateKeyring;
use crate::support::sandbox::Sandbox;

const BUCKET: &str = "photos";
/// Far longer than a refusal takes; a run still going then is hung.
const PROMPTLY: Duration = Duration::from_secs(20);

fn run_with(env: &Sandbox, args: &[&str], change: impl FnOnce(&mut Command)) -> Done {
    let mut cmd = command(env, &env.emulator.endpoint, args);
    change(&mut cmd);
    finish(cmd.spawn().unwrap(), PROMPTLY)
}

/// What is done, the arguments, an environment variable, and what the refusal must name.
type Case<'a> = (&'a str, Vec<&'a str>, Option<(&'a str, &'a str)>, &'a str);

/// What is done, the arguments, environment variables, and whether stdin is `/dev/zero`.
type ZeroCase<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>, bool);

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

#[tokio::test]
async fn fifos_and_devices_where_a_file_is_read_are_refused_at_once() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let account = env.emulator.account_id.clone();
    let fifo = env.config_home.path().join("fifo");
    mkfifo(&fifo);
    let fifo_arg = fifo.display().to_string();
    let cases: Vec<Case<'_>> = vec![
        ("keys show --keys-file FIFO", vec!["keys", "show", "--keys-file", &fifo_arg], None, "FIFO"),
        ("verify --keys-file FIFO", vec!["verify", "--keys-file", &fifo_arg, "--bucket", BUCKET], None, "FIFO"),
        (
            "status with AWS_CONFIG_FILE=FIFO",
            vec!["status", "--user-name", "pix-x"],
            Some(("AWS_CONFIG_FILE", &fifo_arg)),
            "AWS_CONFIG_FILE",
        ),
        (
            "status with AWS_CONFIG_FILE=/dev/zero",
            vec!["status", "--user-name", "pix-x"],
            Some(("AWS_CONFIG_FILE", "/dev/zero")),
            "a device",
        ),
        ("keys show --keys-file a directory", vec!["keys", "show", "--keys-file", "/tmp"], None, "a directory"),
    ];
    let mut failures = Vec::new();
    for (what, args, var, names) in &cases {
        let done = run_with(&env, args, |cmd| {
            if let Some((key, value)) = var {
                cmd.env(key, value);
            }
        });
        let ok = matches!(done.code(), Some(1 | 2)) && done.stderr.contains(names) && done.took < PROMPTLY;
        if !ok {
            failures.push(format!("{what}: {}", done.show()));
        }
    }
    // The default key file a FIFO: create-user refuses it before IAM makes anything.
    let user = "pix-fifo-default";
    let default = env.config_home.path().join(format!("pixelshift-aws/keys/{account}-{user}.json"));
    std::fs::create_dir_all(default.parent().unwrap()).unwrap();
    mkfifo(&default);
    let done =
        run_with(&env, &["--non-interactive", "create-user", "--user-name", user, "--keyring", "keyutils"], |_| {});
    let made = env.user_exists(user).await && !env.key_ids(user).await.is_empty();
    if !(matches!(done.code(), Some(1 | 2)) && done.stderr.contains("not a regular file")) || made {
        failures.push(format!("create-user with a FIFO as the default key file (key made: {made}): {}", done.show()));
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len() + 1, failures.join("\n"));
}

/// Peak memory of one run, in KiB, from `/usr/bin/time` (scripts/install-test-deps installs it).
fn peak_kib(env: &Sandbox, args: &[&str], vars: &[(&str, &str)], stdin_zero: bool) -> (Done, u64) {
    let report = tempfile::NamedTempFile::new().unwrap();
    let inner = command(env, &env.emulator.endpoint, args);
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "%M", "-o"]).arg(report.path()).arg(inner.get_program()).args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd.envs(vars.iter().copied()).stdout(Stdio::piped()).stderr(Stdio::piped());
    if stdin_zero {
        cmd.stdin(std::fs::File::open("/dev/zero").unwrap());
    } else {
        cmd.stdin(Stdio::null());
    }
    let done = finish(cmd.spawn().unwrap(), PROMPTLY);
    let text = std::fs::read_to_string(report.path()).unwrap();
    let kib = text.lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or_else(|| panic!("time said {text:?}"));
    (done, kib)
}

#[tokio::test]
async fn dev_zero_anywhere_a_file_is_read_stays_under_50_mib() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let account = env.emulator.account_id.clone();
    let user = "pix-zero";
    let default = env.config_home.path().join(format!("pixelshift-aws/keys/{account}-{user}.json"));
    std::fs::create_dir_all(default.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &default).unwrap();
    let cases: Vec<ZeroCase<'_>> = vec![
        ("keys show --keys-file /dev/zero", vec!["keys", "show", "--keys-file", "/dev/zero"], vec![], false),
        ("verify --keys-file /dev/zero", vec!["verify", "--keys-file", "/dev/zero", "--bucket", BUCKET], vec![], false),
        (
            "the default key file is /dev/zero",
            vec!["keys", "show", "--user-name", user, "--account-id", &account],
            vec![],
            false,
        ),
        (
            "create-user with /dev/zero as the default key file",
            vec!["--non-interactive", "create-user", "--user-name", user, "--keyring", "keyutils"],
            vec![],
            false,
        ),
        (
            "keys credential-process with AWS_CONFIG_FILE=/dev/zero",
            vec!["keys", "credential-process", "--user-name", user],
            vec![("AWS_CONFIG_FILE", "/dev/zero")],
            false,
        ),
        (
            "attach-policy --policy-file /dev/zero",
            vec!["--non-interactive", "attach-policy", "--user-name", user, "--policy-file", "/dev/zero"],
            vec![],
            false,
        ),
        (
            "attach-policy --policy-file - < /dev/zero",
            vec!["--non-interactive", "attach-policy", "--user-name", user, "--policy-file", "-"],
            vec![],
            true,
        ),
    ];
    let mut failures = Vec::new();
    let mut peaks = Vec::new();
    for (what, args, vars, stdin_zero) in &cases {
        let (done, kib) = peak_kib(&env, args, vars, *stdin_zero);
        peaks.push(format!("{what}: {kib} KiB"));
        if kib > 50 * 1024 || done.code() == Some(0) || done.took >= PROMPTLY {
            failures.push(format!("{what}: peak {kib} KiB\n{}", done.show()));
        }
    }
    eprintln!("{}", peaks.join("\n"));
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// A Secret Service that holds its name on the bus and never answers (frozen with SIGSTOP): each
/// signal ends the run at once with 130, and no key is made.
#[tokio::test]
async fn a_secret_service_that_never_answers_ends_on_each_signal_with_130() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let keyring = PrivateKeyring::start();
    keyring.freeze();
    for (i, sig) in ["TERM", "HUP", "INT"].into_iter().enumerate() {
        let user = format!("pix-frozen-{i}");
        let mut cmd =
            command(&env, &env.emulator.endpoint, &["--non-interactive", "create-user", "--user-name", &user]);
        keyring.apply(&mut cmd);
        let child = cmd.spawn().unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        signal(child.id(), sig);
        let done = finish(child, Duration::from_secs(10));
        assert_eq!(done.code(), Some(130), "SIG{sig}: {}", done.show());
        assert!(done.stderr.contains("interrupted"), "{}", done.show());
        assert!(!env.user_exists(&user).await, "nothing was made while the keyring could not be asked");
    }
}

/// After the Secret Service is locked (a logout, an SSH session), a re-run never silently makes a
/// second key in another keyring: every command names the lock, and nothing changes.
#[tokio::test]
async fn a_locked_secret_service_is_named_and_no_second_key_is_made() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let keyring = PrivateKeyring::start();
    let user = "pix-locked";
    let with_keyring = |cmd: &mut Command| keyring.apply(cmd);
    let setup = ["--non-interactive", "setup", "--user-name", user, "--bucket", BUCKET];
    let first = run_with(&env, &setup, with_keyring);
    assert_eq!(first.code(), Some(0), "{}", first.show());
    assert!(
        first.stdout.contains("keyring       Secret Service"),
        "stored in the private Secret Service: {}",
        first.show()
    );
    let keys = env.key_ids(user).await;
    keyring.lock();

    let commands: [&[&str]; 5] = [
        &setup,
        &["status", "--user-name", user],
        &["verify", "--user-name", user],
        &["--non-interactive", "--yes", "teardown", "--user-name", user],
        &["--non-interactive", "rotate-keys", "--user-name", user],
    ];
    let mut failures = Vec::new();
    for args in commands {
        let done = run_with(&env, args, with_keyring);
        if done.code() != Some(1) || !done.stderr.contains("which is locked") || !done.stderr.contains("unlock") {
            failures.push(format!("{args:?}: {}", done.show()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(env.key_ids(user).await, keys, "one key, the stored one");
    assert!(env.user_exists(user).await, "teardown changed nothing");
}

#[tokio::test]
async fn eight_concurrent_configure_profile_runs_leave_eight_profiles() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let user = "pix-profiles";
    let created = run_with(&env, &["--non-interactive", "create-user", "--user-name", user], |_| {});
    assert_eq!(created.code(), Some(0), "{}", created.show());
    let config = env.config_home.path().join("aws-config");
    std::fs::write(&config, "[default]\nregion = us-east-1\n").unwrap();
    let account = env.emulator.account_id.clone();
    for round in 0..3 {
        let names: Vec<String> = (1..=8).map(|i| format!("r{round}p{i}")).collect();
        let children: Vec<_> = names
            .iter()
            .map(|name| {
                let args = [
                    "--non-interactive",
                    "keys",
                    "configure-profile",
                    "--user-name",
                    user,
                    "--account-id",
                    &account,
                    "--profile-name",
                    name,
                ];
                let mut cmd = command(&env, &env.emulator.endpoint, &args);
                cmd.env("AWS_CONFIG_FILE", &config);
                cmd.spawn().unwrap()
            })
            .collect();
        let runs: Vec<Done> = children.into_iter().map(|c| finish(c, Duration::from_mins(2))).collect();
        let text = std::fs::read_to_string(&config).unwrap();
        for (name, done) in names.iter().zip(&runs) {
            let there = text.contains(&format!("[profile {name}]"));
            assert!(
                there || done.code() != Some(0),
                "round {round}: `{name}` reported added (exit 0) but is not in the file:\n{text}\n{}",
                done.show()
            );
            assert_eq!(done.code(), Some(0), "round {round}: {}", done.show());
        }
    }
}

#[tokio::test]
async fn empty_aws_region_means_unset_and_aws_default_region_is_checked() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let listed = run_with(&env, &["list"], |cmd| {
        cmd.env("AWS_REGION", "");
    });
    assert_eq!(listed.code(), Some(0), "AWS_REGION='' is unset: {}", listed.show());
    let bad = run_with(&env, &["list"], |cmd| {
        cmd.env_remove("AWS_REGION").env("AWS_DEFAULT_REGION", "us east 1");
    });
    assert_eq!(bad.code(), Some(2), "{}", bad.show());
    assert!(bad.stderr.contains("invalid AWS region `us east 1` (from AWS_DEFAULT_REGION)"), "{}", bad.show());
    assert!(bad.stderr.contains("set AWS_DEFAULT_REGION to"), "{}", bad.show());
}

/// Interrupted with its output not a terminal, the run writes no escape sequence into it.
#[tokio::test]
async fn an_interrupt_leaves_no_escape_sequence_in_a_non_terminal_stderr() {
    let env = Sandbox::with_buckets(&[BUCKET]).await;
    let proxy = FaultProxy::forwarding(&env.emulator.endpoint).with(Rule::hold("ListUsers", Duration::from_secs(5)));
    let child = command(&env, &proxy.url, &["--color", "never", "list"]).spawn().unwrap();
    assert!(proxy.wait_held(1, Duration::from_mins(1)), "{}", proxy.report());
    signal(child.id(), "INT");
    let done = finish(child, PROMPTLY);
    assert_eq!(done.code(), Some(130), "{}", done.show());
    assert!(!done.stderr.contains('\u{1b}'), "an escape sequence in a pipe: {:?}", done.stderr);
}
