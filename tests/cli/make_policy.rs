//! make-policy through the real binary: stdout carries the document alone, stderr the size budget,
//! invalid input exits 2 before anything else happens.

use std::process::Stdio;

use serde_json::Value;

use crate::support::{self, ConnectionCounter, Run, bin, std_bin};

fn run(args: &[&str]) -> Run {
    let mut command = bin();
    command.args(args);
    support::run(command)
}

fn non_whitespace(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[test]
fn stdout_is_the_document_alone_and_stderr_the_budget() {
    let r = run(&["make-policy", "--bucket", "photos"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let document: Value = serde_json::from_str(&r.stdout).expect("stdout is one JSON document");
    assert_eq!(document["Version"], "2012-10-17");
    let size = non_whitespace(&r.stdout);
    assert!(
        r.stderr.contains(&format!("policy size: {size} of 2,048 characters")),
        "stderr names the size against the budget: {}",
        r.stderr
    );
}

#[test]
fn reordered_repeated_and_comma_separated_buckets_give_identical_bytes() {
    let a = run(&["make-policy", "--bucket", "alpha", "--bucket", "beta", "--bucket", "gamma"]);
    let b = run(&["make-policy", "--bucket", "gamma,alpha", "--bucket", "beta", "--bucket", "alpha,gamma"]);
    assert_eq!(a.code, 0);
    assert_eq!(a.stdout, b.stdout);
    assert!(a.stdout.find("arn:aws:s3:::alpha").unwrap() < a.stdout.find("arn:aws:s3:::beta").unwrap());
}

#[test]
fn json_output_wraps_policy_size_and_budget() {
    let text = run(&["make-policy", "--bucket", "photos", "--access", "read-only"]);
    let json = run(&["--output", "json", "make-policy", "--bucket", "photos", "--access", "read-only"]);
    assert_eq!(json.code, 0);
    let summary: Value = serde_json::from_str(&json.stdout).unwrap();
    let policy: Value = serde_json::from_str(&text.stdout).unwrap();
    assert_eq!(summary["policy"], policy);
    assert_eq!(summary["size"], non_whitespace(&text.stdout));
    assert_eq!(summary["budget"], 2048);
    assert!(!json.stdout.contains("policy size"), "people-facing text stays on stderr");
}

#[test]
fn over_budget_warns_with_both_numbers() {
    let buckets: Vec<String> =
        (0..25).map(|i| format!("customer-{i:02}-images-production-eu-central-1-originals")).collect();
    let list = buckets.join(",");
    let r = run(&["make-policy", "--bucket", &list]);
    assert_eq!(r.code, 0, "an over-budget policy is still printed");
    let size = non_whitespace(&r.stdout);
    assert!(size > 2048);
    let warning = r.stderr.lines().find(|l| l.starts_with("warning:")).expect("a warning line");
    let pretty = size.to_string();
    let pretty = format!("{},{}", &pretty[..pretty.len() - 3], &pretty[pretty.len() - 3..]);
    assert!(warning.contains(&pretty) && warning.contains("2,048"), "{warning}");
    assert!(r.stderr.contains("hint:"));
}

#[test]
fn partition_reaches_every_arn() {
    for partition in ["aws", "aws-cn", "aws-us-gov"] {
        let r = run(&["make-policy", "--all-buckets", "--partition", partition]);
        assert_eq!(r.code, 0);
        let arns = r.stdout.matches("\"arn:").count();
        assert_eq!(arns, r.stdout.matches(&format!("\"arn:{partition}:s3:::")).count());
        assert_eq!(arns, 2);
        assert!(r.stdout.contains("s3:ListAllMyBuckets"));
        assert!(r.stderr.contains("--all-buckets grants read-write access to every bucket"));
    }
}

#[test]
fn out_file_gets_the_document_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    let r = run(&["make-policy", "--bucket", "photos", "-o", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, run(&["make-policy", "--bucket", "photos", "-o", "-"]).stdout);

    let missing_dir = dir.path().join("nope/policy.json");
    let r = run(&["make-policy", "--bucket", "photos", "-o", missing_dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("error: cannot write"), "{}", r.stderr);
    assert!(!missing_dir.exists());
}

#[test]
fn invalid_input_exits_2_naming_the_value_without_any_network_call() {
    let counter = ConnectionCounter::start();
    let rows: &[(&[&str], &str)] = &[
        (&["--bucket", "ab"], "`ab`"),
        (&["--bucket", "Photos"], "`Photos`"),
        (&["--bucket", "good-one,bad_one"], "`bad_one`"),
        (&["--bucket", "192.168.5.4"], "IP address"),
        (&["--bucket", "xn--punycode"], "`xn--`"),
        (&["--bucket", "photos--x-s3"], "`--x-s3`"),
        (&["--bucket", "my..bucket"], "adjacent periods"),
        (&["--bucket", "*"], "--all-buckets"),
        (&["--bucket", "photos", "--prefix", "/abs/"], "`/abs/`"),
        (&["--bucket", "photos", "--prefix", "a*b"], "`a*b`"),
        (&[], "no buckets chosen"),
    ];
    for (args, expected) in rows {
        let output = bin().env("AWS_ENDPOINT_URL", &counter.url).arg("make-policy").args(*args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with("error: "), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?} should mention {expected}: {stderr}");
    }
    assert_eq!(counter.connections(), 0, "validation must happen before any network call");
}

#[test]
fn bucket_and_all_buckets_conflict() {
    let r = run(&["make-policy", "--bucket", "photos", "--all-buckets"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--all-buckets"), "{}", r.stderr);
}

#[test]
fn quiet_hides_notes_but_not_the_document() {
    let r = run(&["-q", "make-policy", "--bucket", "photos-*"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(r.stdout.contains("arn:aws:s3:::photos-*/*"));
}

#[test]
fn closed_stdout_is_not_an_error() {
    let mut child = std_bin()
        .args(["make-policy", "--bucket", "photos"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("error"));
}
