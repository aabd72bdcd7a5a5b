//! The completion scripts committed under `completions/` must match what the binary generates now.
//! After changing a flag, run `scripts/gen-completions` and commit the result.

use std::path::Path;

use pixelshift_aws::commands::completions::{SHELLS, file_name};

use crate::support::bin;

#[test]
fn committed_completions_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for shell in SHELLS {
        let generated = bin().args(["completions", &shell.to_string()]).output().unwrap();
        assert!(generated.status.success(), "completions {shell} failed");
        assert!(!generated.stdout.is_empty());
        let path = dir.join(file_name(shell));
        let committed =
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run scripts/gen-completions", path.display()));
        assert!(
            committed == generated.stdout,
            "{} is stale: run scripts/gen-completions and commit the result",
            path.display()
        );
    }
}

#[test]
fn completions_know_the_subcommands_and_flags() {
    let bash = bin().args(["completions", "bash"]).output().unwrap().stdout;
    let bash = String::from_utf8(bash).unwrap();
    for word in ["make-policy", "completions", "--bucket", "--all-buckets", "--partition", "read-only", "aws-us-gov"] {
        assert!(bash.contains(word), "bash completions lack {word}");
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    bin().args(["completions", "tcsh"]).assert().code(2);
}
