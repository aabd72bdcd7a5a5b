use std::fmt::Write as _;

use super::*;

fn report(bucket: &str, outcomes: [Outcome; 4], access: Access) -> BucketReport {
    let checks = Check::ALL
        .iter()
        .zip(outcomes)
        .map(|(&check, outcome)| CheckResult { check, expected: check.expected(access), outcome })
        .collect();
    BucketReport {
        bucket: bucket.to_owned(),
        region: Some("us-east-1".to_owned()),
        missing: None,
        granted: None,
        checks,
    }
}

#[test]
fn table_marks_each_check() {
    let denied = || Outcome::Denied("AccessDenied".to_owned());
    let reports = vec![
        report("granted", [Outcome::Allowed, Outcome::Allowed, Outcome::Allowed, Outcome::Allowed], Access::ReadWrite),
        report("other", [denied(), denied(), denied(), denied()], Access::ReadWrite),
        report("readonly", [Outcome::Allowed, Outcome::Allowed, denied(), denied()], Access::ReadOnly),
        BucketReport {
            bucket: "gone".to_owned(),
            region: None,
            missing: Some("NoSuchBucket".to_owned()),
            granted: None,
            checks: Vec::new(),
        },
    ];
    let results: Vec<&str> = reports.iter().map(BucketReport::result).collect();
    assert_eq!(results, ["pass", "fail", "pass", "missing"]);
    let verification = Verification {
        never_valid: None,
        reports,
        waited: Duration::from_secs(1),
        access: Access::ReadWrite,
        prefix: None,
        policy: None,
        explained: Vec::new(),
    };
    let text = verification.table();
    let lines: Vec<&str> = text.lines().collect();
    let words = |i: usize| lines[i].split("  ").map(str::trim).filter(|w| !w.is_empty()).collect::<Vec<_>>();
    assert_eq!(words(0), ["bucket", "region", "list", "read", "write", "delete"]);
    assert_eq!(words(1), ["granted", "us-east-1", "✓", "✓", "✓", "✓"]);
    assert_eq!(
        words(2),
        ["other", "us-east-1", "✗ AccessDenied", "✗ AccessDenied", "✗ AccessDenied", "✗ AccessDenied"]
    );
    assert_eq!(words(3), ["readonly", "us-east-1", "✓", "✓", "✓ denied", "✓ denied"]);
    assert_eq!(words(4), ["gone", "-", "✗ missing (NoSuchBucket)"]);
    // Columns line up: each header starts where its cells start (in characters, not bytes).
    let starts = |line: &str| {
        let chars: Vec<char> = line.chars().collect();
        (0..chars.len())
            .filter(|&i| chars[i] != ' ' && (i == 0 || (i >= 2 && chars[i - 1] == ' ' && chars[i - 2] == ' ')))
            .collect::<Vec<usize>>()
    };
    assert_eq!(starts(lines[0]), starts(lines[3]));
    assert_eq!(starts(lines[0]).len(), 6);

    let err = verification.judge("AKIAIOSFODNN7EXAMPLE").unwrap_err().to_string();
    assert!(err.contains("access was denied in 1 of 4 buckets (other)"), "{err}");
    assert!(err.contains("1 of 4 buckets do not exist (gone)"), "{err}");
}

/// A state of a verification: its name, the buckets' checks, the unknown-key code, the policy.
type State<'a> = (&'a str, Vec<BucketReport>, Option<String>, Option<PolicyRef>);

/// Each state verify can end in: its table and its verdict (exit status, message, hint).
#[test]
fn every_verdict_as_a_person_reads_it() {
    let code = |c: &str| c.to_owned();
    let all = |o: fn(String) -> Outcome, c: &str| [o(code(c)), o(code(c)), o(code(c)), o(code(c))];
    let states: Vec<State<'_>> = vec![
        (
            "passed",
            vec![report(
                "photos",
                [Outcome::Allowed, Outcome::Allowed, Outcome::Allowed, Outcome::Allowed],
                Access::ReadWrite,
            )],
            None,
            None,
        ),
        ("denied", vec![report("photos", all(Outcome::Denied, "AccessDenied"), Access::ReadWrite)], None, None),
        (
            "wrong secret",
            vec![report("photos", all(Outcome::Error, "SignatureDoesNotMatch"), Access::ReadWrite)],
            None,
            None,
        ),
        (
            "never valid",
            vec![report("photos", all(Outcome::Skipped, "InvalidAccessKeyId"), Access::ReadWrite)],
            Some(code("InvalidAccessKeyId")),
            None,
        ),
        ("unreachable", vec![report("photos", all(Outcome::Unreachable, "SlowDown"), Access::ReadWrite)], None, None),
        (
            "not granted",
            vec![BucketReport {
                granted: Some(false),
                ..report("other", all(Outcome::Denied, "AccessDenied"), Access::ReadWrite)
            }],
            None,
            Some(PolicyRef {
                user: "iam_pixelshift".to_owned(),
                name: "pixelshift_access".to_owned(),
                buckets: vec!["photos".to_owned()],
            }),
        ),
    ];
    let mut text = String::new();
    for (state, reports, never_valid, policy) in states {
        let verification = Verification {
            never_valid,
            reports,
            waited: Duration::from_secs(20),
            access: Access::ReadWrite,
            prefix: None,
            policy,
            explained: Vec::new(),
        };
        let verdict = match verification.judge("AKIAIOSFODNN7EXAMPLE") {
            Ok(()) => "exit 0".to_owned(),
            Err(err) => {
                format!("exit {}: {err}\nhint: {}", err.exit_status().code(), err.hint().unwrap_or_default())
            }
        };
        let _ = write!(text, "== {state}\n{}{verdict}\n\n", verification.table());
    }
    insta::assert_snapshot!(text);
}
