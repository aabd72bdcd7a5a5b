//! The bad-input catalogue: every value a user (or a CI template) can get wrong, refused before any
//! AWS call — exit 2 (or 1 where the environment is at fault: a file that cannot be read, a profile
//! that does not exist), one error naming the value, nothing on stdout, and never a panic.
//!
//! Each case runs the real binary with `AWS_ENDPOINT_URL` pointed at a [`ConnectionCounter`] (and
//! keys that would sign a request), so any AWS call, even one the SDK gives up on, is a counted
//! connection: the catalogue asserts there are none. One test per category runs its rows and reports
//! every failing row at once.
//!
//! Not in the catalogue, on purpose: an empty `--endpoint-url`, `--region` or `--profile` (and their
//! `AWS_*` variables) mean *unset*, as they do for the AWS CLI, so they are valid input; and values
//! that only AWS can judge (a well-formed ARN of a policy that does not exist).

use std::ffi::OsString;
use std::fmt::Write as _;
use std::os::unix::ffi::OsStringExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{ConnectionCounter, bin};

/// How long one case may take: every refusal here is immediate.
const CASE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Numbers,
    Names,
    Buckets,
    PolicyBudget,
    NewUser,
    AccountIds,
    AwsSettings,
    Enums,
    Conflicts,
    KeyFiles,
    Keyrings,
    NonUtf8,
}

const CATEGORIES: [Category; 12] = [
    Category::Numbers,
    Category::Names,
    Category::Buckets,
    Category::PolicyBudget,
    Category::NewUser,
    Category::AccountIds,
    Category::AwsSettings,
    Category::Enums,
    Category::Conflicts,
    Category::KeyFiles,
    Category::Keyrings,
    Category::NonUtf8,
];

/// One row: the arguments, extra environment, the exit code, and what stderr must contain (the
/// value, or for an empty one the flag).
#[derive(Debug, Clone)]
struct Case {
    category: Category,
    args: Vec<OsString>,
    env: Vec<(&'static str, String)>,
    code: i32,
    names: Vec<String>,
}

impl Case {
    fn with_env(mut self, key: &'static str, value: &str) -> Case {
        self.env.push((key, value.to_owned()));
        self
    }

    /// Also requires `text` in stderr.
    fn and(mut self, text: &str) -> Case {
        self.names.push(text.to_owned());
        self
    }

    fn shown(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|arg| {
                let arg = arg.to_string_lossy();
                if arg.chars().count() > 80 {
                    format!("{}…({} chars)", head(&arg), arg.chars().count())
                } else {
                    arg.into()
                }
            })
            .collect();
        format!("{:?} {args:?} env {:?}", self.category, self.env)
    }
}

fn row(category: Category, args: &[&str], code: i32, names: &str) -> Case {
    Case {
        category,
        args: args.iter().map(OsString::from).collect(),
        env: Vec::new(),
        code,
        names: vec![names.to_owned()],
    }
}

/// A usage error (exit 2) naming `names`.
fn usage(category: Category, args: &[&str], names: &str) -> Case {
    row(category, args, 2, names)
}

/// An environment fault (exit 1) naming `names`.
fn environment(category: Category, args: &[&str], names: &str) -> Case {
    row(category, args, 1, names)
}

/// `n` copies of `c`.
fn huge(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

/// The first 64 characters: enough of a huge value to show it is the one named.
fn head(text: &str) -> String {
    text.chars().take(64).collect()
}

/// Files the key-file and policy-file cases point at, in a private directory.
struct Fixture {
    dir: tempfile::TempDir,
    config_home: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        std::fs::create_dir(path("a-directory")).unwrap();
        // A file that is not a key file: a copy of /etc/hostname (or its like, where there is none).
        let hostname = std::fs::read("/etc/hostname").unwrap_or_else(|_| b"build-host\n".to_vec());
        std::fs::write(path("hostname.copy"), hostname).unwrap();
        std::os::unix::fs::symlink(path("hostname.copy"), path("link.json")).unwrap();
        std::os::unix::fs::symlink(path("nowhere.json"), path("dangling.json")).unwrap();
        // Another user's key file: AWS's documented example key, obviously fake.
        std::fs::write(
            path("someone-else.json"),
            r#"{"Version":1,"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","UserName":"someone-else","AccountId":"123456789012","CreateDate":"2026-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        std::fs::write(path("json-not-a-key.json"), "{\"a\": 1}\n").unwrap();
        // A FIFO nobody writes to: opened for reading, it would wait for ever.
        let made = std::process::Command::new("mkfifo").arg(path("fifo.json")).status().unwrap();
        assert!(made.success(), "mkfifo");
        std::fs::write(path("no-statement.json"), "{}\n").unwrap();
        // A policy over IAM's 2,048-character budget on its own: 60 statements.
        let statements: Vec<String> = (0..60)
            .map(|i| {
                format!(
                    r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::media-archive-{i:04}/*"}}"#
                )
            })
            .collect();
        let big = format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, statements.join(","));
        std::fs::write(path("big-policy.json"), big).unwrap();
        Fixture { dir, config_home: tempfile::tempdir().unwrap() }
    }

    /// The absolute path of `name` in the fixture directory.
    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

/// `n` long bucket names, comma-separated: 60 make 7,500 characters of policy, over IAM's inline
/// budget; 600 make 13 managed policies' worth, over the 10 a user may have.
fn long_buckets(n: usize) -> String {
    (1..=n).map(|i| format!("pixelshift-customer-media-archive-bucket-{i:03}")).collect::<Vec<_>>().join(",")
}

/// `setup` with what it needs to get past its own questions, then `more`.
fn setup<'a>(more: &[&'a str]) -> Vec<&'a str> {
    ["--non-interactive", "setup", "--bucket", "photos"].iter().chain(more).copied().collect()
}

#[allow(clippy::too_many_lines)] // the table
fn catalogue(fx: &Fixture) -> Vec<Case> {
    use Category::{
        AccountIds, AwsSettings, Buckets, Conflicts, Enums, KeyFiles, Keyrings, Names, NewUser, NonUtf8, Numbers,
        PolicyBudget,
    };
    let (long_user, long_policy, long_bucket) = (huge('u', 5000), huge('p', 5000), huge('b', 5000));
    let (long_prefix, long_region, long_url, long_account) =
        (huge('a', 5000), huge('r', 5000), huge('x', 5000), huge('9', 5000));
    let long_boundary = format!("arn:aws:iam::123456789012:policy/{}", huge('p', 2000));
    let (long_tag_value, long_tag_key) = (format!("k={}", huge('v', 300)), format!("{}=v", huge('k', 200)));
    let (buckets, too_many) = (long_buckets(60), long_buckets(600));
    let file = |name: &str| fx.path(name);
    let (directory, symlink, dangling) = (file("a-directory"), file("link.json"), file("dangling.json"));
    let (other_users, not_a_key, json_not_key) =
        (file("someone-else.json"), file("hostname.copy"), file("json-not-a-key.json"));
    let uncreatable = "/proc/pixelshift-aws-no-such-dir/key.json".to_owned();
    let under_a_file = format!("{not_a_key}/key.json");
    let fifo = file("fifo.json");

    let mut cases = vec![
        // Numbers: empty, negative, huge (past u64), non-numeric and out-of-range values of every
        // numeric flag: --wait (setup, verify, rotate-keys), --max-buckets, --max-key-age.
        usage(Numbers, &setup(&["--wait", ""]), "--wait"),
        usage(Numbers, &setup(&["--wait", "3601"]), "3601"),
        usage(Numbers, &setup(&["--wait", "18446744073709551615"]), "18446744073709551615"),
        usage(Numbers, &setup(&["--wait", "18446744073709551616"]), "18446744073709551616"),
        usage(Numbers, &setup(&["--wait=-1"]), "-1"),
        usage(Numbers, &setup(&["--wait", "1e3"]), "1e3"),
        usage(Numbers, &["verify", "--wait", "99999999999999999999999"], "99999999999999999999999"),
        usage(Numbers, &["rotate-keys", "--wait", "3601"], "3601"),
        usage(Numbers, &["verify", "--max-buckets", "0"], "'0'").and("--max-buckets"),
        usage(Numbers, &["verify", "--max-buckets", ""], "--max-buckets"),
        usage(Numbers, &["verify", "--max-buckets", "1001"], "1001"),
        usage(Numbers, &["verify", "--max-buckets", "18446744073709551616"], "18446744073709551616"),
        usage(Numbers, &["status", "--max-key-age", "36501"], "36501"),
        usage(Numbers, &["status", "--max-key-age", ""], "--max-key-age"),
        usage(Numbers, &["status", "--max-key-age", "99999999999999999999999"], "99999999999999999999999"),
        usage(Numbers, &["status", "--max-key-age=-1"], "-1"),
        // Names: empty, huge and badly formed IAM user and policy names, on every command taking one.
        usage(Names, &setup(&["--user-name", ""]), "IAM user name ``"),
        usage(Names, &setup(&["--user-name", &huge('a', 65)]), &huge('a', 65)),
        usage(Names, &["create-user", "--user-name", &long_user], &head(&long_user)),
        usage(Names, &["create-user", "--user-name", "bad/name"], "bad/name"),
        usage(Names, &["status", "--user-name", "x*"], "x*"),
        usage(Names, &["teardown", "--user-name", "a b"], "a b"),
        usage(Names, &["keys", "show", "--user-name", "?"], "`?`"),
        usage(Names, &setup(&["--policy-name", ""]), "policy name ``"),
        usage(Names, &["attach-policy", "--bucket", "photos", "--policy-name", &huge('p', 129)], &huge('p', 129)),
        usage(Names, &["status", "--policy-name", "bad/name"], "bad/name"),
        usage(Names, &["list", "--policy-name", &long_policy], &head(&long_policy)),
        // Buckets and prefixes: every rule of S3's bucket names, patterns where only real buckets
        // do, and empty, huge, absolute, wildcard and control-character prefixes.
        usage(Buckets, &["make-policy", "--bucket", ""], "bucket name ``"),
        usage(Buckets, &["--non-interactive", "setup", "--bucket", "Bad_Name"], "Bad_Name"),
        usage(Buckets, &["--non-interactive", "setup", "--bucket", "ab"], "`ab`"),
        usage(Buckets, &["attach-policy", "--bucket", &huge('b', 64)], &huge('b', 64)),
        usage(Buckets, &["--non-interactive", "setup", "--bucket", &long_bucket], &head(&long_bucket)),
        usage(Buckets, &["make-policy", "--bucket", "192.168.1.1"], "192.168.1.1"),
        usage(Buckets, &["make-policy", "--bucket", "xn--abc"], "xn--abc"),
        usage(Buckets, &["make-policy", "--bucket", "a..b"], "a..b"),
        usage(Buckets, &["make-policy", "--bucket", "abc-s3alias"], "abc-s3alias"),
        usage(Buckets, &["make-policy", "--bucket", "*"], "`*`"),
        usage(Buckets, &["make-policy", "--bucket", "photos-*-x"], "photos-*-x"),
        usage(Buckets, &["--non-interactive", "setup", "--bucket", "photos,,thumbs"], "bucket name ``"),
        usage(Buckets, &["verify", "--bucket", "photos-*"], "photos-*"),
        usage(Buckets, &setup(&["--prefix", ""]), "prefix ``"),
        usage(Buckets, &setup(&["--prefix", "/abs"]), "/abs"),
        usage(Buckets, &setup(&["--prefix", "a*b"]), "a*b"),
        usage(Buckets, &["make-policy", "--bucket", "photos", "--prefix", &long_prefix], &head(&long_prefix)),
        usage(Buckets, &setup(&["--prefix", "a\nb"]), "a\nb"),
        // Policy budget: over IAM's 2,048 inline characters on its own (60 long bucket names, or a
        // policy file), refused before any call; more than ten managed policies' worth (600 long
        // bucket names), which fits no user whatever its policy type; policy files that are not
        // policies, or cannot be read.
        usage(
            PolicyBudget,
            &["--non-interactive", "setup", "--user-name", "u", "--bucket", &buckets, "--policy-type", "inline"],
            "2,048",
        ),
        usage(
            PolicyBudget,
            &["attach-policy", "--user-name", "u", "--bucket", &buckets, "--policy-type", "inline"],
            "2,048",
        ),
        usage(
            PolicyBudget,
            &[
                "attach-policy",
                "--user-name",
                "u",
                "--policy-file",
                &file("big-policy.json"),
                "--policy-type",
                "inline",
            ],
            "2,048",
        ),
        usage(PolicyBudget, &["--non-interactive", "setup", "--user-name", "u", "--bucket", &too_many], "6,144"),
        usage(PolicyBudget, &["attach-policy", "--user-name", "u", "--bucket", &too_many], "6,144"),
        usage(
            PolicyBudget,
            &["attach-policy", "--user-name", "u", "--bucket", &too_many, "--policy-type", "managed"],
            "6,144",
        ),
        usage(PolicyBudget, &["attach-policy", "--policy-file", &not_a_key], &not_a_key),
        usage(PolicyBudget, &["attach-policy", "--policy-file", &file("no-statement.json")], "no-statement.json"),
        environment(PolicyBudget, &["attach-policy", "--policy-file", &file("nosuch.json")], "nosuch.json"),
        environment(PolicyBudget, &["attach-policy", "--policy-file", &directory], &directory),
        // New-user options: empty, huge, malformed and reserved tags; empty, huge and malformed
        // permissions-boundary ARNs.
        usage(NewUser, &["create-user", "--tag", ""], "tag ``"),
        usage(NewUser, &setup(&["--tag", "novalue"]), "novalue"),
        usage(NewUser, &["create-user", "--tag", "managed-by=other"], "managed-by=other"),
        usage(NewUser, &["create-user", "--tag", "aws:x=1"], "aws:x=1"),
        usage(NewUser, &["create-user", "--tag", &long_tag_value], &head(&long_tag_value)),
        usage(NewUser, &["create-user", "--tag", &long_tag_key], &head(&long_tag_key)),
        usage(NewUser, &["create-user", "--tag", "k=v\u{1}"], "k=v"),
        usage(NewUser, &["create-user", "--permissions-boundary", ""], "permissions boundary ``"),
        usage(NewUser, &setup(&["--permissions-boundary", "notanarn"]), "notanarn"),
        usage(
            NewUser,
            &["create-user", "--permissions-boundary", "arn:aws:iam::123:policy/x"],
            "arn:aws:iam::123:policy/x",
        ),
        usage(NewUser, &["create-user", "--permissions-boundary", &long_boundary], &head(&long_boundary)),
        // Account ids and profile names: not 12 digits (empty, short, long, letters, padded, huge),
        // on every command taking one; configure-profile's --profile-name.
        usage(AccountIds, &["verify", "--account-id", ""], "account id ``"),
        usage(AccountIds, &["verify", "--account-id", "12345"], "12345"),
        usage(AccountIds, &["keys", "show", "--account-id", "abcdefghijkl"], "abcdefghijkl"),
        usage(AccountIds, &["keys", "export", "--account-id", "1234567890123"], "1234567890123"),
        usage(AccountIds, &["keys", "credential-process", "--account-id", "12"], "`12`"),
        usage(AccountIds, &["keys", "delete", "--account-id", &long_account], &head(&long_account)),
        usage(AccountIds, &["keys", "configure-profile", "--account-id", " 123456789012"], " 123456789012"),
        usage(AccountIds, &["keys", "configure-profile", "--profile-name", ""], "profile name ``"),
        usage(AccountIds, &["keys", "configure-profile", "--profile-name", "a]b"], "a]b"),
        usage(AccountIds, &["keys", "configure-profile", "--profile-name", &huge('p', 65)], &huge('p', 65)),
        // AWS settings: malformed and huge endpoints and regions (flag or environment), a port out
        // of range; a profile that no config file defines is an environment fault (exit 1), found
        // by reading the files, without a call.
        usage(AwsSettings, &["status", "--endpoint-url", "notaurl"], "notaurl"),
        usage(AwsSettings, &["status", "--endpoint-url", "http://"], "`http://`"),
        usage(AwsSettings, &setup(&["--endpoint-url", "ftp://host"]), "ftp://host"),
        usage(AwsSettings, &["status", "--endpoint-url", "http://a b"], "http://a b"),
        usage(AwsSettings, &["status", "--endpoint-url", &long_url], &head(&long_url)),
        usage(AwsSettings, &["status", "--endpoint-url", "http://127.0.0.1:99999"], "http://127.0.0.1:99999"),
        usage(AwsSettings, &["status"], "notaurl").with_env("AWS_ENDPOINT_URL", "notaurl"),
        usage(AwsSettings, &["status", "--region", &long_region], &head(&long_region)),
        usage(AwsSettings, &["status", "--region", "us east 1"], "us east 1"),
        // AWS_REGION set but empty means unset, so AWS_DEFAULT_REGION is the one read (and checked).
        usage(AwsSettings, &["status"], "(from AWS_DEFAULT_REGION)")
            .with_env("AWS_REGION", "")
            .with_env("AWS_DEFAULT_REGION", "us east 1"),
        usage(AwsSettings, &["status"], "AWS_CONFIG_FILE names `/dev/zero`").with_env("AWS_CONFIG_FILE", "/dev/zero"),
        usage(AwsSettings, &["list"], "a directory").with_env("AWS_SHARED_CREDENTIALS_FILE", "/tmp"),
        environment(AwsSettings, &["--profile", "nosuch", "status"], "nosuch"),
        environment(AwsSettings, &setup(&["--profile", "nosuch"]), "nosuch"),
        environment(AwsSettings, &["status"], "nosuch").with_env("AWS_PROFILE", "nosuch"),
        environment(AwsSettings, &["status", "--profile", "no such"], "no such"),
        // Enums: values no flag takes, unknown commands and flags.
        usage(Enums, &["--output", "xml", "status"], "xml"),
        usage(Enums, &["--color", "sometimes", "status"], "sometimes"),
        usage(Enums, &setup(&["--access", "admin"]), "admin"),
        usage(Enums, &setup(&["--access", ""]), "--access"),
        usage(Enums, &["make-policy", "--bucket", "photos", "--partition", "aws-moon"], "aws-moon"),
        usage(Enums, &setup(&["--keyring", "gnome"]), "gnome"),
        usage(Enums, &["keys", "export", "--format", "yaml"], "yaml"),
        usage(Enums, &["make-policy", "--bucket", "photos", "--format", "yaml"], "yaml"),
        usage(Enums, &setup(&["--policy-type", "shared"]), "shared"),
        usage(Enums, &["completions", "tcsh"], "tcsh"),
        usage(Enums, &["nosuchcommand"], "nosuchcommand"),
        usage(Enums, &["status", "--no-such-flag"], "--no-such-flag"),
        // Conflicting and missing flags.
        usage(Conflicts, &["make-policy", "--bucket", "photos", "--all-buckets"], "--all-buckets"),
        usage(Conflicts, &["-v", "-q", "status"], "--quiet"),
        usage(Conflicts, &["attach-policy", "--policy-file", "p.json", "--bucket", "photos"], "--policy-file"),
        usage(Conflicts, &["attach-policy", "--policy-file", "p.json", "--access", "read-only"], "--access"),
        usage(Conflicts, &["verify", "--keys-from-env", "--keys-file", "f.json"], "--keys-from-env"),
        usage(Conflicts, &["rotate-keys", "--force"], "--finish"),
        usage(Conflicts, &["rotate-keys", "--keep-old"], "--finish"),
        usage(Conflicts, &["rotate-keys", "--finish", "--no-verify"], "--no-verify"),
        usage(Conflicts, &["--non-interactive", "setup", "--user-name", "u"], "--bucket"),
        // Key files: a directory, a symlink (live or dangling), another user's key file, a file
        // that is not a key file (a copy of /etc/hostname, JSON of another shape), a path that
        // cannot be created, an empty path — for the commands that write one; for those that only
        // read one, an unreadable path is an environment fault.
        usage(KeyFiles, &["create-user", "--keys-file", &directory], &directory),
        usage(KeyFiles, &setup(&["--keys-file", &directory]), &directory),
        usage(KeyFiles, &["create-user", "--keys-file", &symlink], &symlink),
        usage(KeyFiles, &setup(&["--keys-file", &dangling]), &dangling),
        usage(KeyFiles, &["create-user", "--keys-file", &other_users], &other_users),
        usage(KeyFiles, &setup(&["--keys-file", &not_a_key]), &not_a_key),
        usage(KeyFiles, &["create-user", "--keys-file", &json_not_key], &json_not_key),
        usage(KeyFiles, &["create-user", "--keys-file", &uncreatable], &uncreatable),
        usage(KeyFiles, &setup(&["--keys-file", &under_a_file]), &under_a_file),
        usage(KeyFiles, &["create-user", "--keys-file", ""], "--keys-file"),
        usage(KeyFiles, &["rotate-keys", "--keys-file", &directory], &directory),
        usage(KeyFiles, &["rotate-keys", "--keys-file", &not_a_key], &not_a_key),
        environment(KeyFiles, &["keys", "show", "--keys-file", &directory], &directory),
        environment(KeyFiles, &["keys", "show", "--keys-file", &file("nosuch.json")], "nosuch.json"),
        environment(KeyFiles, &["keys", "show", "--keys-file", &not_a_key], &not_a_key),
        environment(KeyFiles, &["verify", "--keys-file", &directory], &directory),
        // A FIFO or a device where a key file is read: refused at once, naming what it is (#18).
        environment(KeyFiles, &["keys", "show", "--keys-file", &fifo], "a FIFO (named pipe)"),
        environment(KeyFiles, &["verify", "--keys-file", &fifo], "a FIFO (named pipe)"),
        environment(KeyFiles, &["keys", "show", "--keys-file", "/dev/zero"], "a device"),
        usage(KeyFiles, &["create-user", "--keys-file", &fifo], "not a regular file"),
        // Keyrings of other operating systems, on every command that takes --keyring.
        usage(Keyrings, &setup(&["--keyring", "keychain"]), "Keychain"),
        usage(Keyrings, &["create-user", "--keyring", "windows-credential-manager"], "Windows Credential Manager"),
        usage(Keyrings, &["verify", "--keyring", "keychain"], "Keychain"),
        usage(Keyrings, &["status", "--keyring", "windows-credential-manager"], "Windows Credential Manager"),
        usage(Keyrings, &["list", "--keyring", "keychain"], "Keychain"),
        usage(Keyrings, &["rotate-keys", "--keyring", "keychain"], "Keychain"),
        usage(Keyrings, &["teardown", "--keyring", "windows-credential-manager"], "Windows Credential Manager"),
        usage(Keyrings, &["keys", "show", "--keyring", "keychain"], "Keychain"),
        usage(Keyrings, &["keys", "delete", "--keyring", "windows-credential-manager"], "Windows Credential Manager"),
        usage(Keyrings, &["keys", "export", "--keyring", "keychain"], "Keychain"),
        usage(
            Keyrings,
            &["keys", "credential-process", "--keyring", "keychain", "--account-id", "123456789012"],
            "Keychain",
        ),
        usage(Keyrings, &["keys", "configure-profile", "--keyring", "windows-credential-manager"], "Windows"),
    ];

    // Non-UTF-8 argv: bytes that are no text, where a name is expected.
    let non_utf8 = |args: &[&str], bad: &[u8]| {
        let mut args: Vec<OsString> = args.iter().map(OsString::from).collect();
        args.push(OsString::from_vec(bad.to_vec()));
        Case { category: NonUtf8, args, env: Vec::new(), code: 2, names: vec!["invalid UTF-8".to_owned()] }
    };
    cases.extend([
        non_utf8(&["--non-interactive", "setup", "--bucket", "photos", "--user-name"], b"pix\xff"),
        non_utf8(&["make-policy", "--bucket"], b"ph\xffotos"),
        non_utf8(&["status", "--policy-name"], b"\xfe\xfe"),
        non_utf8(&["status", "--region"], b"us-east-\xff"),
    ]);
    cases
}

/// Runs `case`'s command, its AWS endpoint a fresh [`ConnectionCounter`]: the output, and how many
/// connections the counter saw.
fn run_case(case: &Case, fx: &Fixture) -> (std::process::Output, usize) {
    let counter = ConnectionCounter::start();
    let mut command = bin();
    command
        .current_dir(fx.dir.path())
        .env("XDG_CONFIG_HOME", fx.config_home.path())
        .env("AWS_ENDPOINT_URL", &counter.url)
        // AWS's documented example pair: would sign a request, if one were made.
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .env("AWS_REGION", "us-east-1")
        .args(&case.args)
        .timeout(CASE_TIMEOUT);
    for (key, value) in &case.env {
        command.env(key, value);
    }
    let output = command.output().expect("the binary runs");
    (output, counter.connections())
}

/// What went wrong with one case, or `None`.
fn check(case: &Case, fx: &Fixture) -> Option<String> {
    let (output, connections) = run_case(case, fx);
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let mut wrong = Vec::new();
    if connections != 0 {
        wrong.push(format!("{connections} connection(s) to AWS"));
    }
    match output.status.code() {
        Some(code) if code == case.code => {}
        Some(101 | 134) => wrong.push(format!("panicked ({})", output.status)),
        Some(code) => wrong.push(format!("exit {code}, not {}", case.code)),
        None => wrong.push(format!("killed: {} (a hang past {CASE_TIMEOUT:?}?)", output.status)),
    }
    for needle in &case.names {
        if !stderr.contains(needle.as_str()) {
            wrong.push(format!("stderr does not name {:?}", head(needle)));
        }
    }
    if stderr.contains("panicked") || stderr.contains("internal error") {
        wrong.push("a panic or internal error in stderr".to_owned());
    }
    if !stdout.is_empty() {
        wrong.push(format!("stdout is not empty: {:?}", head(&stdout)));
    }
    if wrong.is_empty() {
        return None;
    }
    let stderr = stderr.lines().take(4).fold(String::new(), |mut out, line| {
        let _ = write!(out, "\n      {}", head(line));
        out
    });
    Some(format!("{}\n    {}\n    stderr:{stderr}", case.shown(), wrong.join("; ")))
}

/// Runs every case of `category`; fails listing each case that went wrong.
fn check_category(category: Category) {
    let fx = Fixture::new();
    let cases: Vec<Case> = catalogue(&fx).into_iter().filter(|case| case.category == category).collect();
    assert!(!cases.is_empty(), "no cases for {category:?}");
    let failures: Vec<String> = cases.iter().filter_map(|case| check(case, &fx)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} {category:?} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_catalogue_has_at_least_60_cases_in_every_category() {
    let fx = Fixture::new();
    let cases = catalogue(&fx);
    let counts: Vec<(Category, usize)> =
        CATEGORIES.iter().map(|&c| (c, cases.iter().filter(|case| case.category == c).count())).collect();
    eprintln!("{} cases: {counts:?}", cases.len());
    assert!(cases.len() >= 60, "{} cases", cases.len());
    assert!(counts.iter().all(|&(_, n)| n > 0), "{counts:?}");
    assert!(cases.iter().all(|case| case.code == 2 || case.code == 1), "only exit 2, or 1 for the environment");
}

#[test]
fn numbers() {
    check_category(Category::Numbers);
}

#[test]
fn names() {
    check_category(Category::Names);
}

#[test]
fn buckets_and_prefixes() {
    check_category(Category::Buckets);
}

#[test]
fn policy_budget_and_policy_files() {
    check_category(Category::PolicyBudget);
}

#[test]
fn new_user_tags_and_boundaries() {
    check_category(Category::NewUser);
}

#[test]
fn account_ids_and_profile_names() {
    check_category(Category::AccountIds);
}

#[test]
fn aws_settings() {
    check_category(Category::AwsSettings);
}

#[test]
fn enum_values_commands_and_flags() {
    check_category(Category::Enums);
}

#[test]
fn conflicting_and_missing_flags() {
    check_category(Category::Conflicts);
}

#[test]
fn key_files() {
    check_category(Category::KeyFiles);
}

#[test]
fn keyrings_of_other_systems() {
    check_category(Category::Keyrings);
}

#[test]
fn non_utf8_arguments() {
    check_category(Category::NonUtf8);
}

/// The positive control: valid twins of catalogue rows (the largest `--wait`, `--max-key-age`, the
/// shortest bucket name, ...), run by the very same harness, do call AWS, and the counter sees it.
/// Without this, "no connection" above could come from a counter that counts nothing, or an
/// endpoint the binary never uses.
#[test]
fn valid_twins_of_bad_inputs_do_connect_through_the_same_harness() {
    let fx = Fixture::new();
    let controls = [
        usage(Category::Numbers, &setup(&["--user-name", "pix-ok", "--wait", "3600"]), ""),
        usage(Category::Numbers, &["status", "--user-name", "pix-ok", "--max-key-age", "36500"], ""),
        usage(Category::Names, &["attach-policy", "--user-name", "pix-ok", "--bucket", "abc"], ""),
        usage(Category::AccountIds, &["list", "--policy-name", &huge('p', 128)], ""),
    ];
    for case in &controls {
        // The catalogue's own check, which would fail such a row for its connections.
        let wrong = check(case, &fx).unwrap_or_default();
        assert!(wrong.contains(" connection(s) to AWS"), "no connection counted: {}\n{wrong}", case.shown());
        assert!(!wrong.contains("panic"), "{wrong}");
    }
}

/// `attach-policy --policy-file -` with a terminal on stdin under --non-interactive: nobody may type
/// the policy there, so it is refused at once (a pipe that stays open would wait for ever).
#[test]
fn policy_from_a_terminal_stdin_is_refused_under_non_interactive() {
    let counter = ConnectionCounter::start();
    let config_home = tempfile::tempdir().unwrap();
    let mut command = crate::support::std_bin();
    command
        .env("XDG_CONFIG_HOME", config_home.path())
        .env("AWS_ENDPOINT_URL", &counter.url)
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .env("AWS_REGION", "us-east-1")
        .args(["--non-interactive", "attach-policy", "--user-name", "u", "--policy-file", "-"]);
    let mut pty = crate::support::pty::Pty::spawn(&command);
    pty.set_timeout(Duration::from_secs(20));
    let code = pty.wait_exit();
    let screen = pty.shown();
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("--policy-file -"), "{screen}");
    assert!(!screen.contains("panicked") && !screen.contains("internal error"), "{screen}");
    assert_eq!(counter.connections(), 0, "{screen}");
}

/// The fixture itself: each file is what its cases say it is.
#[test]
fn the_fixture_files_are_what_the_cases_say() {
    let fx = Fixture::new();
    let meta = |name: &str| std::fs::symlink_metadata(PathBuf::from(fx.path(name))).unwrap();
    assert!(meta("a-directory").is_dir());
    assert!(meta("link.json").file_type().is_symlink());
    assert!(meta("dangling.json").file_type().is_symlink());
    assert!(!Path::new(&fx.path("dangling.json")).exists(), "dangling");
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta("fifo.json").file_type()));
    let big = std::fs::read_to_string(fx.path("big-policy.json")).unwrap();
    let size = big.chars().filter(|c| !c.is_whitespace()).count();
    assert!(size > 2_048, "the big policy is {size} characters");
    let other: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fx.path("someone-else.json")).unwrap()).unwrap();
    assert_eq!(other["UserName"], "someone-else");
    assert_eq!(long_buckets(60).split(',').count(), 60);
}
