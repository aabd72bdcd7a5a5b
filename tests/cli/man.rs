//! Man pages: `man/pixelshift-aws.1` and one page per subcommand (`pixelshift-aws-setup.1`,
//! `pixelshift-aws-keys-show.1` …), rendered by `clap_mangen` from the same definition as `--help`
//! and the completions, and committed so an installer can ship them.
//!
//! The committed pages must match what the definition renders now: `scripts/gen-completions`
//! regenerates them (it runs this test with `PIXELSHIFT_UPDATE_MAN=1`). Each page is then rendered
//! by the system's own man (man-db, groff) with every groff warning on, as a reader's `man` would.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::CommandFactory;
use pixelshift_aws::cli::Cli;

fn man_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("man")
}

/// Every page the definition renders, by file name.
fn rendered() -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    clap_mangen::generate_to(Cli::command(), out.path()).unwrap();
    std::fs::read_dir(out.path())
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect()
}

fn committed() -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(man_dir()) else { return BTreeMap::new() };
    entries
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .filter(|(name, _)| name.ends_with(".1"))
        .collect()
}

#[test]
fn committed_man_pages_are_current() {
    let rendered = rendered();
    if std::env::var_os("PIXELSHIFT_UPDATE_MAN").is_some() {
        let dir = man_dir();
        std::fs::create_dir_all(&dir).unwrap();
        for name in committed().keys().filter(|name| !rendered.contains_key(*name)) {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
        for (name, page) in &rendered {
            std::fs::write(dir.join(name), page).unwrap();
        }
        return;
    }
    let committed = committed();
    let names = |pages: &BTreeMap<String, Vec<u8>>| pages.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&committed), names(&rendered), "man/ is stale: run scripts/gen-completions and commit");
    for (name, page) in &rendered {
        assert!(committed[name] == *page, "man/{name} is stale: run scripts/gen-completions and commit the result");
    }
    // One page per command a user can type, nested ones included.
    for page in
        ["pixelshift-aws.1", "pixelshift-aws-setup.1", "pixelshift-aws-make-policy.1", "pixelshift-aws-keys-show.1"]
    {
        assert!(rendered.contains_key(page), "{page} missing: {:?}", names(&rendered));
    }
}

#[test]
fn every_page_renders_cleanly_with_man() {
    for (name, _) in committed() {
        let path = man_dir().join(&name);
        // groff with every warning on (and UTF-8 input, as man-db feeds it), output thrown away: a
        // malformed page says so on stderr.
        let lint =
            Command::new("groff").args(["-k", "-man", "-ww", "-z", "-t"]).arg(&path).output().expect("groff runs");
        let warnings = String::from_utf8_lossy(&lint.stderr);
        assert!(lint.status.success() && warnings.trim().is_empty(), "{name}: groff warns:\n{warnings}");

        // And as a reader sees it: man-db's `man -l`, plain text at 80 columns.
        let shown = Command::new("man")
            .args(["-l", "-P", "cat"])
            .arg(&path)
            .env("MANWIDTH", "80")
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("man runs");
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(shown.status.success(), "{name}: man -l failed: {}", String::from_utf8_lossy(&shown.stderr));
        for section in ["NAME", "SYNOPSIS"] {
            assert!(text.contains(section), "{name} has no {section}:\n{text}");
        }
        if name == "pixelshift-aws-make-policy.1" {
            assert!(text.contains("--policy-type"), "the flags are there:\n{text}");
            assert!(text.contains("Examples:"), "the examples are there:\n{text}");
        }
    }
}
