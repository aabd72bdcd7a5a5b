use std::fmt::Write as _;

use super::*;

/// Every state status reports, as a person reads it: the code, what is wrong, and the fix.
#[test]
fn every_finding_with_its_fix() {
    let used = LastUsed { at: 1_796_000_000, service: "s3".to_owned(), region: "us-east-1".to_owned() };
    let findings = [
        Finding::NotSetUp,
        Finding::NoKey,
        Finding::KeyStoredNowhere { id: "AKIAORPHAN".to_owned(), last_used: None },
        Finding::StoredKeyGone { id: "AKIAGONE".to_owned() },
        Finding::StoredKeyInactive { id: "AKIAOFF".to_owned() },
        Finding::StoredKeyRejected { id: "AKIAWRONG".to_owned() },
        Finding::KeyTooOld { id: "AKIAOLD".to_owned(), days: 120, max: 90 },
        Finding::PolicyMissing,
        Finding::PolicyHandEdited { policy: "pixelshift_access".to_owned(), expected: String::new() },
        Finding::PolicyBothTypes,
        Finding::MoreAccess { policy: "pixelshift_access".to_owned(), via: Via::Inline, ours: true },
        Finding::MoreAccess {
            policy: "AdministratorAccess".to_owned(),
            via: Via::GroupManaged {
                group: "admins".to_owned(),
                arn: "arn:aws:iam::aws:policy/AdministratorAccess".to_owned(),
            },
            ours: false,
        },
        Finding::ConsolePassword,
        Finding::OrphanedByCrash { id: "AKIACRASH".to_owned() },
        Finding::RotationInProgress { previous: "AKIAPREVIOUS".to_owned() },
        Finding::KeyInUseElsewhere { id: "AKIADASHBOARD".to_owned(), last_used: used },
    ];
    let mut text = String::new();
    for finding in &findings {
        let shown = explain(finding, "iam_pixelshift", "pixelshift_access");
        let kind = if finding.needs_action() { "finding" } else { "note" };
        let _ = writeln!(text, "{kind} {}: {}\n  fix: {}", shown.code, shown.message, shown.fix);
    }
    insta::assert_snapshot!(text);
}
