//! make-policy's CloudFormation and Terraform output through the real binary, over a matrix of
//! inputs: each template holds, byte for byte, the JSON make-policy prints for the same inputs; the
//! same command gives the same bytes; and real linters accept every one — cfn-lint (no errors),
//! python-hcl2 (parses), checkov (no failed check but the two that reject IAM users as such).
//!
//! The linters live in `.venv-lint` (scripts/install-test-deps; `PIXELSHIFT_LINT_BIN` names its
//! `bin`). Under CI they must be there; on a developer's machine without them the linter test says
//! so loudly and skips. Each linter runs once over every file, in parallel with the others.

// Product names and check ids (CloudFormation, CKV_AWS_40) fill these docs as prose.
#![allow(clippy::doc_markdown)]

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

use crate::support::{self, Run, bin};

/// The checks checkov fails for any IAM user, by design: CKV_AWS_273 wants people in SSO instead of
/// IAM users, CKV_AWS_40 wants policies on groups or roles. Pixelshift's dashboard takes an access
/// key pair, which only an IAM user has (docs/templates.md says why one user is least privilege).
const EXPECTED_CHECKOV_FAILURES: [&str; 2] = ["CKV_AWS_40", "CKV_AWS_273"];

/// checkov's checks of a policy document (wildcards, privilege escalation, exfiltration, credentials
/// exposure, unconstrained writes): one of them passing on a resource proves its policy was read.
const POLICY_CHECKS: [&str; 13] = [
    "CKV_AWS_62",
    "CKV_AWS_63",
    "CKV_AWS_107",
    "CKV_AWS_108",
    "CKV_AWS_109",
    "CKV_AWS_110",
    "CKV_AWS_111",
    "CKV_AWS_286",
    "CKV_AWS_287",
    "CKV_AWS_288",
    "CKV_AWS_289",
    "CKV_AWS_290",
    "CKV_AWS_355",
];

const FORMATS: [(&str, &str); 2] = [("cloudformation", "template.yaml"), ("terraform", "main.tf")];

/// One row of the matrix: make-policy's policy flags (the template-only flags are added per format).
struct Case {
    name: &'static str,
    args: Vec<String>,
    /// `--tag` and `--permissions-boundary`, which only a template takes.
    user_flags: Vec<String>,
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn long_buckets(count: usize) -> String {
    (0..count)
        .map(|i| format!("customer-{i:02}-images-production-eu-central-1-originals-xxxxxx"))
        .collect::<Vec<_>>()
        .join(",")
}

fn matrix() -> Vec<Case> {
    // YAML would read these as a mapping, an alias-like token and a sequence entry unless quoted.
    let tags = args(&[
        "--tag",
        "team=media: images @prod",
        "--tag",
        "owner:mail=ops@example.com",
        "--tag",
        "cost-centre=- 4711/a+b",
    ]);
    let boundary = |partition: &str| {
        vec![
            "--permissions-boundary".to_owned(),
            format!("arn:{partition}:iam::123456789012:policy/PixelshiftBoundary"),
        ]
    };
    let with = |mut a: Vec<String>, b: Vec<String>| {
        a.extend(b);
        a
    };
    vec![
        Case { name: "inline-one-bucket", args: args(&["--bucket", "photos"]), user_flags: vec![] },
        Case { name: "inline-pattern", args: args(&["--bucket", "photos-*,thumbs"]), user_flags: tags.clone() },
        Case { name: "inline-all-buckets", args: args(&["--all-buckets"]), user_flags: boundary("aws") },
        Case {
            // `%{` is a template directive in HCL and `"`/`\` are escapes in JSON and YAML alike.
            name: "inline-hostile-prefix",
            args: args(&["--bucket", "photos", "--prefix", r#"in%{x} "q\z"/"#]),
            user_flags: with(tags.clone(), boundary("aws")),
        },
        Case {
            name: "inline-read-only-cn",
            args: args(&["--bucket", "photos,thumbs", "--access", "read-only", "--partition", "aws-cn"]),
            user_flags: with(tags.clone(), boundary("aws-cn")),
        },
        Case {
            name: "inline-named",
            args: args(&["--bucket", "photos", "--user-name", "px-prod@corp", "--policy-name", "px.access"]),
            user_flags: vec![],
        },
        Case {
            name: "managed-one-bucket",
            args: args(&["--bucket", "photos", "--policy-type", "managed"]),
            user_flags: vec![],
        },
        Case {
            name: "managed-30-buckets",
            args: vec!["--bucket".to_owned(), long_buckets(30), "--policy-type".to_owned(), "managed".to_owned()],
            user_flags: tags.clone(),
        },
        Case {
            name: "managed-30-buckets-split",
            args: vec![
                "--bucket".to_owned(),
                long_buckets(30),
                "--prefix".to_owned(),
                "pixelshift/incoming-and-outgoing/".to_owned(),
                "--policy-type".to_owned(),
                "managed".to_owned(),
            ],
            user_flags: with(tags.clone(), boundary("aws")),
        },
        Case {
            name: "managed-60-buckets-cn",
            args: vec![
                "--bucket".to_owned(),
                long_buckets(60),
                "--prefix".to_owned(),
                "pixelshift/incoming-and-outgoing/".to_owned(),
                "--policy-type".to_owned(),
                "managed".to_owned(),
                "--partition".to_owned(),
                "aws-cn".to_owned(),
                "--user-name".to_owned(),
                "px-cn".to_owned(),
            ],
            user_flags: with(tags, boundary("aws-cn")),
        },
        Case {
            name: "managed-all-buckets-read-only",
            args: args(&["--all-buckets", "--access", "read-only", "--policy-type", "managed"]),
            user_flags: vec![],
        },
        Case {
            name: "inline-kms-keys",
            args: args(&[
                "--bucket",
                "photos,thumbs",
                "--kms-key",
                "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "--kms-key",
                "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
            ]),
            user_flags: vec![],
        },
    ]
}

fn make_policy(args: &[String]) -> Run {
    let mut command = bin();
    command.arg("make-policy").args(args);
    support::run(command)
}

/// What make-policy prints as JSON for a case, one document per policy, in order: read from the
/// files `--out` writes (FILE, FILE.2.json, …), and checked against the concatenation on stdout.
fn documents(case: &Case, dir: &Path) -> Vec<String> {
    let stdout = make_policy(&case.args).expect(0).stdout;
    let file = dir.join(format!("{}.json", case.name));
    let mut with_out = case.args.clone();
    with_out.extend(["--out".to_owned(), file.display().to_string()]);
    make_policy(&with_out).expect(0);
    let mut documents = Vec::new();
    for index in 1.. {
        let path = if index == 1 { file.clone() } else { dir.join(format!("{}.{index}.json", case.name)) };
        match std::fs::read_to_string(&path) {
            Ok(text) => documents.push(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    assert_eq!(documents.concat(), stdout, "{}: --out files and stdout disagree", case.name);
    documents
}

/// A template made by the binary, written where the linters find it:
/// `<dir>/templates/<format>/<case>/<file>` (the JSON goes to `<dir>/json`, out of checkov's way).
struct Template {
    case: &'static str,
    format: &'static str,
    path: PathBuf,
    text: String,
    /// make-policy's JSON for the same inputs.
    documents: Vec<String>,
}

/// Every case in both formats; each command is run twice and must give the same bytes both times.
fn render_all(dir: &Path) -> Vec<Template> {
    let mut templates = Vec::new();
    let json = dir.join("json");
    std::fs::create_dir_all(&json).unwrap();
    for case in matrix() {
        let documents = documents(&case, &json);
        for (format, file) in FORMATS {
            let mut command = case.args.clone();
            command.extend(case.user_flags.iter().cloned());
            command.extend(["--format".to_owned(), format.to_owned()]);
            let first = make_policy(&command).expect(0);
            let second = make_policy(&command).expect(0);
            assert_eq!(first.stdout, second.stdout, "{} {format}: two runs, two different templates", case.name);
            let path = dir.join("templates").join(format).join(case.name).join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &first.stdout).unwrap();
            templates.push(Template {
                case: case.name,
                format,
                path,
                text: first.stdout,
                documents: documents.clone(),
            });
        }
    }
    templates
}

/// The documents of a CloudFormation template: the lines under each `PolicyDocument:` key, up to
/// the closing brace at the same depth, with the indentation the template added removed.
fn cloudformation_documents(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(key) = line.strip_suffix("PolicyDocument:") else { continue };
        assert!(key.trim().is_empty(), "a document embedded as a block, not a string: {line:?}");
        let indent = " ".repeat(key.len() + 2);
        let mut document = String::new();
        for inner in lines.by_ref() {
            let inner = inner.strip_prefix(&indent).unwrap_or_else(|| panic!("not indented under its key: {inner:?}"));
            document.push_str(inner);
            document.push('\n');
            if inner == "}" {
                break;
            }
        }
        found.push(document);
    }
    found
}

/// The documents of a Terraform configuration: each `policy = <<-EOT` heredoc's value by
/// Terraform's rules — the indentation common to its non-blank lines removed, blank lines as they
/// are, every line ending in a newline, `$${` read as `${` and `%%{` as `%{`.
fn terraform_documents(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(key) = line.strip_suffix("= <<-EOT") else { continue };
        assert_eq!(key.trim(), "policy", "{line:?}");
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "EOT").collect();
        let spaces = |l: &str| l.len() - l.trim_start_matches(' ').len();
        let common = body.iter().filter(|l| !l.trim().is_empty()).map(|l| spaces(l)).min().unwrap_or(0);
        let mut value = String::new();
        for line in body {
            value.push_str(if line.trim().is_empty() { line } else { &line[common..] });
            value.push('\n');
        }
        found.push(template_literal(&value));
    }
    found
}

/// The text an HCL template stands for when it must be all literal: `$${` is `${` and `%%{` is
/// `%{`; an unescaped `${` or `%{` would be an interpolation or a directive, which Terraform would
/// evaluate (python-hcl2 does not tell them apart from text in a heredoc).
fn template_literal(template: &str) -> String {
    let mut literal = String::new();
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if matches!(c, '$' | '%') {
            let (escape, sequence) = (format!("{c}{c}{{"), format!("{c}{{"));
            if rest.starts_with(&escape) {
                literal.push_str(&sequence);
                rest = &rest[3..];
                continue;
            }
            assert!(
                !rest.starts_with(&sequence),
                "Terraform would evaluate `{sequence}` here: {:?}",
                rest.chars().take(60).collect::<String>()
            );
        }
        literal.push(c);
        rest = &rest[c.len_utf8()..];
    }
    literal
}

#[test]
fn every_template_holds_the_make_policy_json_byte_for_byte_and_repeats_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let templates = render_all(dir.path());
    let mut split = 0;
    for template in &templates {
        let found = match template.format {
            "cloudformation" => cloudformation_documents(&template.text),
            _ => terraform_documents(&template.text),
        };
        assert_eq!(found.len(), template.documents.len(), "{} {}: number of policies", template.case, template.format);
        for (index, (found, printed)) in found.iter().zip(&template.documents).enumerate() {
            assert!(
                found == printed,
                "{} {}: policy {} differs from make-policy's JSON\n--- in the template:\n{found}\n--- make-policy:\n{printed}",
                template.case,
                template.format,
                index + 1
            );
        }
        split = split.max(template.documents.len());
        for line in template.text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            assert!(!line.contains("AccessKey") && !line.contains("aws_iam_access_key"), "{}: {line}", template.case);
        }
    }
    assert!(split >= 3, "the matrix splits some buckets over three or more managed policies (most: {split})");
}

#[test]
fn template_flags_reach_the_template() {
    let r = make_policy(&args(&[
        "--bucket",
        "photos",
        "--format",
        "terraform",
        "--user-name",
        "px-prod",
        "--policy-name",
        "px.access",
        "--tag",
        "team=media",
        "--permissions-boundary",
        "arn:aws:iam::123456789012:policy/B",
    ]))
    .expect(0);
    assert!(r.stdout.contains("  default     = \"px-prod\"\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  default     = \"arn:aws:iam::123456789012:policy/B\"\n"));
    assert!(r.stdout.contains("  name   = \"px.access\"\n"));
    assert!(r.stdout.contains("    \"team\"       = \"media\"\n"));
    assert!(r.stderr.contains("terraform init"), "stderr says how to apply it: {}", r.stderr);

    let plain = make_policy(&args(&["--bucket", "photos", "--format", "cloudformation"]));
    let mut wrapped = bin();
    wrapped.args(["--output", "json", "make-policy", "--bucket", "photos", "--format", "cloudformation"]);
    let wrapped = support::run(wrapped).expect(0).json();
    assert_eq!(wrapped["format"], "cloudformation");
    assert_eq!(wrapped["template"], Value::String(plain.stdout));
}

// ---------------------------------------------------------------------------------------------------
// The linters
// ---------------------------------------------------------------------------------------------------

/// `.venv-lint/bin` (or `$PIXELSHIFT_LINT_BIN`) when it holds all three linters. Missing: a failure
/// under CI, a loud skip elsewhere.
fn lint_bin() -> Option<PathBuf> {
    let dir = match std::env::var_os("PIXELSHIFT_LINT_BIN") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-lint/bin"),
    };
    match linters_in(&dir, std::env::var("CI").ok().as_deref()) {
        Ok(dir) => Some(dir),
        Err(Missing::Fail(message)) => panic!("{message}"),
        Err(Missing::Skip(message)) => {
            // Straight to the process's stderr: the test harness captures `eprintln!` of passing tests.
            let _ = writeln!(std::io::stderr(), "\n!!!!!!!! SKIPPED: {message} !!!!!!!!\n");
            None
        }
    }
}

/// What to do when a linter is missing.
#[derive(Debug, PartialEq, Eq)]
enum Missing {
    /// Under CI: fail, a CI run must lint.
    Fail(String),
    /// Elsewhere: skip, saying so.
    Skip(String),
}

/// `dir` if it holds all three linters; else [`Missing::Fail`] when `ci` (the value of `CI`) is set
/// and not `false` or `0`, [`Missing::Skip`] when it is not.
fn linters_in(dir: &Path, ci: Option<&str>) -> Result<PathBuf, Missing> {
    let missing: Vec<&str> = ["cfn-lint", "checkov", "hcl2tojson", "parliament"]
        .into_iter()
        .filter(|tool| !dir.join(tool).is_file())
        .collect();
    if missing.is_empty() {
        return Ok(dir.to_owned());
    }
    let message = format!(
        "template linters missing from {} ({}): run scripts/install-test-deps (scripts/test does)",
        dir.display(),
        missing.join(", ")
    );
    if ci.is_some_and(|v| !v.is_empty() && v != "false" && v != "0") {
        Err(Missing::Fail(format!("{message}; under CI the linters must run, not be skipped")))
    } else {
        Err(Missing::Skip(message))
    }
}

#[test]
fn missing_linters_fail_the_run_under_ci_and_are_skipped_with_a_note_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path();
    let all_missing =
        format!("template linters missing from {} (cfn-lint, checkov, hcl2tojson, parliament)", bin.display());
    for ci in [Some("true"), Some("1")] {
        match linters_in(bin, ci) {
            Err(Missing::Fail(message)) => assert!(message.starts_with(&all_missing), "{message}"),
            other => panic!("CI={ci:?}: {other:?}"),
        }
    }
    for ci in [None, Some(""), Some("false"), Some("0")] {
        match linters_in(bin, ci) {
            Err(Missing::Skip(message)) => assert!(message.starts_with(&all_missing), "{message}"),
            other => panic!("CI={ci:?}: {other:?}"),
        }
    }
    // One missing is missing, and a link to nothing is missing.
    std::fs::write(bin.join("cfn-lint"), "").unwrap();
    std::os::unix::fs::symlink(bin.join("nowhere"), bin.join("hcl2tojson")).unwrap();
    match linters_in(bin, Some("true")) {
        Err(Missing::Fail(message)) => assert!(message.contains("(checkov, hcl2tojson, parliament)"), "{message}"),
        other => panic!("{other:?}"),
    }
    // All four there: found, CI or not.
    std::fs::write(bin.join("checkov"), "").unwrap();
    std::fs::write(bin.join("parliament"), "").unwrap();
    std::fs::write(bin.join("nowhere"), "").unwrap();
    assert_eq!(linters_in(bin, Some("true")), Ok(bin.to_owned()));
    assert_eq!(linters_in(bin, None), Ok(bin.to_owned()));
}

fn spawn(bin: &Path, tool: &str, args: &[&str], files: &[&Path]) -> Child {
    Command::new(bin.join(tool))
        .args(args)
        .args(files)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"))
}

fn finish(tool: &str, child: Child) -> (Output, String) {
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output, stdout)
}

#[test]
fn every_template_passes_cfn_lint_checkov_and_python_hcl2() {
    let Some(lint) = lint_bin() else { return };
    let dir = tempfile::tempdir().unwrap();
    let templates = render_all(dir.path());
    let of =
        |format: &str| templates.iter().filter(|t| t.format == format).map(|t| t.path.as_path()).collect::<Vec<_>>();
    let (cfn, tf) = (of("cloudformation"), of("terraform"));

    // All three at once: each is one process over every file.
    let cfn_lint = spawn(&lint, "cfn-lint", &["--format", "json", "--"], &cfn);
    let hcl2 = spawn(&lint, "hcl2tojson", &["--ndjson", "--quiet"], &tf);
    let checkov = spawn(
        &lint,
        "checkov",
        &[
            "--directory",
            &dir.path().join("templates").display().to_string(),
            "--output",
            "json",
            "--skip-download",
            "--framework",
            "cloudformation",
            "terraform",
        ],
        &[],
    );

    // cfn-lint: exit status is a bitmask (2 errors, 4 warnings, 8 informational); errors fail.
    let (output, stdout) = finish("cfn-lint", cfn_lint);
    let findings: Vec<Value> = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("cfn-lint --format json: {e}\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr))
    });
    let errors: Vec<&Value> = findings.iter().filter(|f| f["Level"] == "Error").collect();
    assert!(errors.is_empty(), "cfn-lint errors: {errors:#?}");
    // Anything but the warning and informational bits (1 is cfn-lint failing to run) fails too.
    assert_eq!(output.status.code().map(|c| c & !(4 | 8)), Some(0), "cfn-lint exit status {:?}", output.status);
    for finding in &findings {
        eprintln!("cfn-lint {}: {} {}", finding["Level"], finding["Rule"]["Id"], finding["Message"]);
    }

    // python-hcl2: every file parses, into the blocks the template is meant to have.
    let (output, stdout) = finish("hcl2tojson", hcl2);
    assert!(output.status.success(), "python-hcl2 cannot parse:\n{}", String::from_utf8_lossy(&output.stderr));
    let parsed: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(parsed.len(), tf.len(), "one document per file:\n{stdout}");
    for file in &parsed {
        let template = templates.iter().find(|t| Path::new(file["__file__"].as_str().unwrap()) == t.path).unwrap();
        let types: Vec<String> = file["resource"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r.as_object().unwrap().keys().map(|k| k.trim_matches('"').to_owned()))
            .collect();
        let count = |kind: &str| types.iter().filter(|t| *t == kind).count();
        let parts = template.documents.len();
        assert_eq!(count("aws_iam_user"), 1, "{}", template.case);
        if template.case.starts_with("managed") {
            assert_eq!(
                (count("aws_iam_policy"), count("aws_iam_user_policy_attachment")),
                (parts, parts),
                "{}",
                template.case
            );
        } else {
            assert_eq!(count("aws_iam_user_policy"), 1, "{}", template.case);
        }
        assert_eq!(file["variable"].as_array().unwrap().len(), 2, "{}", template.case);
    }

    assert_checkov(checkov, &templates, dir.path());
}

/// Every policy document make-policy writes (every case of the matrix, every managed part) passes
/// parliament, the IAM policy linter, with no finding at any severity: actions on the resource types
/// they take, condition keys the actions know (`s3:prefix`, `kms:ViaService`), nothing malformed.
/// A known-bad document in the same run is the control: parliament really looked.
#[test]
fn every_policy_document_passes_parliament() {
    let Some(lint) = lint_bin() else { return };
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    let json = dir.path().join("json");
    std::fs::create_dir(&json).unwrap();
    let mut count = 0;
    for case in matrix() {
        for (i, document) in documents(&case, &json).iter().enumerate() {
            std::fs::write(policies.join(format!("{}-{i}.json", case.name)), document).unwrap();
            count += 1;
        }
    }
    let control = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos"}]}"#;
    std::fs::write(policies.join("control.json"), control).unwrap();
    let run =
        spawn(&lint, "parliament", &["--json", "--minimum_severity", "INFO", "--directory"], &[policies.as_path()]);
    let (output, stdout) = finish("parliament", run);
    let findings: Vec<Value> =
        stdout.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect();
    let file_of = |f: &Value| f["location"]["filepath"].as_str().unwrap_or_default().to_owned();
    let (control_findings, ours): (Vec<&Value>, Vec<&Value>) =
        findings.iter().partition(|f| file_of(f).ends_with("control.json"));
    assert!(
        control_findings.iter().any(|f| f["issue"] == "RESOURCE_MISMATCH"),
        "parliament did not flag the control (s3:GetObject on a bucket ARN): {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(ours.is_empty(), "parliament findings in {count} generated documents: {ours:#?}");
    assert!(count >= 12, "the matrix wrote {count} documents");
}

/// checkov: nothing fails but the checks that reject IAM users as such, and it really checked the
/// policies (its policy checks passed on each), so this cannot pass by checking nothing.
fn assert_checkov(checkov: Child, templates: &[Template], dir: &Path) {
    let (output, stdout) = finish("checkov", checkov);
    let reports: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("checkov -o json: {e}\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    let reports = reports.as_array().cloned().unwrap_or_else(|| vec![reports]);
    let mut failed = BTreeSet::new();
    let mut passed_on: BTreeSet<(String, String, String)> = BTreeSet::new();
    for report in &reports {
        assert_eq!(report["summary"]["parsing_errors"], 0, "checkov could not parse: {report:#}");
        for check in report["results"]["failed_checks"].as_array().into_iter().flatten() {
            failed.insert((
                check["check_id"].as_str().unwrap().to_owned(),
                check["file_path"].as_str().unwrap().to_owned(),
            ));
        }
        for check in report["results"]["passed_checks"].as_array().into_iter().flatten() {
            passed_on.insert((
                check["file_path"].as_str().unwrap().to_owned(),
                check["resource"].as_str().unwrap().to_owned(),
                check["check_id"].as_str().unwrap().to_owned(),
            ));
        }
    }
    let unexpected: Vec<_> =
        failed.iter().filter(|(id, _)| !EXPECTED_CHECKOV_FAILURES.contains(&id.as_str())).collect();
    assert!(unexpected.is_empty(), "checkov failed checks beyond {EXPECTED_CHECKOV_FAILURES:?}: {unexpected:#?}");
    for template in templates {
        let relative = format!("/{}", template.path.strip_prefix(dir.join("templates")).unwrap().display());
        let checked: Vec<&String> =
            passed_on.iter().filter(|(file, _, _)| *file == relative).map(|(_, r, _)| r).collect();
        // The resource holding the (first) policy document: checkov's policy checks passed on it.
        // (An inline CloudFormation policy sits in the user's `Policies`, where checkov reads it; it
        // does not read an AWS::IAM::UserPolicy's.)
        let policy = match (template.format, template.case.starts_with("managed")) {
            ("cloudformation", true) => "AWS::IAM::ManagedPolicy.PixelshiftPolicy",
            ("cloudformation", false) => "AWS::IAM::User.PixelshiftUser",
            (_, true) => "aws_iam_policy.pixelshift",
            (_, false) => "aws_iam_user_policy.pixelshift",
        };
        let policy_checks: Vec<&String> = passed_on
            .iter()
            .filter(|(file, resource, id)| {
                *file == relative && resource == policy && POLICY_CHECKS.contains(&id.as_str())
            })
            .map(|(_, _, id)| id)
            .collect();
        assert!(!checked.is_empty(), "checkov checked nothing in {relative}");
        assert!(!policy_checks.is_empty(), "checkov ran no policy check on {policy} in {relative}: {checked:?}");
    }
}
