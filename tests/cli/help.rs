//! `--help` of every command, snapshotted: a change to the user interface shows up as a reviewable diff.
//! Update with `INSTA_UPDATE=always cargo test --test cli help` and review the `.snap` changes.

use crate::support::bin;

fn help(args: &[&str]) -> String {
    let output = bin().args(args).arg("--help").output().unwrap();
    assert!(output.status.success(), "{args:?} --help failed");
    assert!(output.stderr.is_empty(), "help must go to stdout only");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn top_level_help() {
    insta::assert_snapshot!("help", help(&[]));
}

#[test]
fn make_policy_help() {
    insta::assert_snapshot!("help_make_policy", help(&["make-policy"]));
}

#[test]
fn create_user_help() {
    insta::assert_snapshot!("help_create_user", help(&["create-user"]));
}

#[test]
fn attach_policy_help() {
    insta::assert_snapshot!("help_attach_policy", help(&["attach-policy"]));
}

#[test]
fn setup_help() {
    insta::assert_snapshot!("help_setup", help(&["setup"]));
}

#[test]
fn verify_help() {
    insta::assert_snapshot!("help_verify", help(&["verify"]));
}

#[test]
fn keys_help() {
    insta::assert_snapshot!("help_keys", help(&["keys"]));
    insta::assert_snapshot!("help_keys_show", help(&["keys", "show"]));
    insta::assert_snapshot!("help_keys_delete", help(&["keys", "delete"]));
    insta::assert_snapshot!("help_keys_copy", help(&["keys", "copy"]));
}

#[test]
fn after_setup_help() {
    insta::assert_snapshot!("help_status", help(&["status"]));
    insta::assert_snapshot!("help_list", help(&["list"]));
    insta::assert_snapshot!("help_rotate_keys", help(&["rotate-keys"]));
    insta::assert_snapshot!("help_teardown", help(&["teardown"]));
}

#[test]
fn completions_help() {
    insta::assert_snapshot!("help_completions", help(&["completions"]));
}

#[test]
fn every_subcommand_has_a_snapshot() {
    use clap::CommandFactory;
    let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/snapshots");
    for sub in pixelshift_aws::cli::Cli::command().get_subcommands() {
        let name = format!("cli__help__help_{}.snap", sub.get_name().replace('-', "_"));
        assert!(snapshots.join(&name).exists(), "no --help snapshot for `{}` ({name})", sub.get_name());
    }
}

#[test]
fn no_arguments_prints_help_and_fails() {
    let output = bin().output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Usage: pixelshift-aws"));
}
