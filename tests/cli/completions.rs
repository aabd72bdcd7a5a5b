//! Completion scripts: committed copies current, and each shell's script actually completing.
//!
//! The committed files under `completions/` must match what the binary generates now: after changing a
//! flag, run `scripts/gen-completions` and commit the result. Comparing bytes alone once let a bash
//! script that completed nothing past the first word ship (issue #9), so the tests below load the
//! script the binary prints into real bash, zsh and fish and assert on the candidates they offer.
//! zsh and fish come from `scripts/install-test-deps`; a missing shell fails its test.

use std::collections::{BTreeSet, HashSet};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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

// ---------------------------------------------------------------------------------------------------
// Completing for real.
// ---------------------------------------------------------------------------------------------------

/// What a shell must offer for a command line.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Exactly these candidates, in any order.
    Exactly(&'static [&'static str]),
    /// Exactly these candidates among those not starting with `-`, in any order. bash offers every flag
    /// alongside subcommands and positional values; zsh and fish offer flags only after a `-`.
    Words(&'static [&'static str]),
}

use Expect::{Exactly, Words};

const SUBCOMMANDS: &[&str] = &[
    "setup",
    "create-user",
    "make-policy",
    "attach-policy",
    "verify",
    "status",
    "list",
    "rotate-keys",
    "teardown",
    "keys",
    "completions",
    "help",
];
const BACKENDS: &[&str] = &["auto", "secret-service", "keyutils", "keychain", "windows-credential-manager"];

/// Command lines (the cursor at the end) and what every shell must offer there.
const CASES: &[(&str, Expect)] = &[
    ("pixelshift-aws ", Words(SUBCOMMANDS)),
    ("pixelshift-aws se", Exactly(&["setup"])),
    (
        "pixelshift-aws keys ",
        Words(&["show", "copy", "delete", "credential-process", "configure-profile", "export", "help"]),
    ),
    ("pixelshift-aws keys copy --field ", Exactly(&["id", "secret"])),
    ("pixelshift-aws keys d", Exactly(&["delete"])),
    ("pixelshift-aws keys show --k", Exactly(&["--keyring", "--keys-file"])),
    ("pixelshift-aws keys delete --keyring ", Exactly(BACKENDS)),
    ("pixelshift-aws setup --dr", Exactly(&["--dry-run"])),
    ("pixelshift-aws rotate-keys --fi", Exactly(&["--finish"])),
    ("pixelshift-aws teardown --dr", Exactly(&["--dry-run"])),
    ("pixelshift-aws setup --access ", Exactly(&["read-write", "read-only"])),
    ("pixelshift-aws setup --out", Exactly(&["--output"])),
    ("pixelshift-aws --quiet setup --dr", Exactly(&["--dry-run"])),
    ("pixelshift-aws create-user --keyring ", Exactly(BACKENDS)),
    ("pixelshift-aws attach-policy --access read-o", Exactly(&["read-only"])),
    ("pixelshift-aws completions ", Words(&["bash", "zsh", "fish", "powershell", "elvish"])),
    ("pixelshift-aws completions z", Exactly(&["zsh"])),
    (
        "pixelshift-aws make-policy --partition aws-",
        Exactly(&["aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]),
    ),
];

#[test]
fn bash_completes_subcommands_flags_and_values() {
    let dir = script_dir(clap_complete::Shell::Bash);
    let script = dir.path().join(file_name(clap_complete::Shell::Bash));
    check_cases("bash", |line| complete_bash(&script, dir.path(), line));
}

#[test]
fn zsh_completes_subcommands_flags_and_values() {
    let dir = script_dir(clap_complete::Shell::Zsh);
    check_cases("zsh", |line| complete_zsh(dir.path(), line));
}

#[test]
fn fish_completes_subcommands_flags_and_values() {
    let dir = script_dir(clap_complete::Shell::Fish);
    let script = dir.path().join(file_name(clap_complete::Shell::Fish));
    check_cases("fish", |line| complete_fish(&script, dir.path(), line));
}

/// Every state the bash script's word loop can reach (`cmd="..."`) has an arm in its dispatch `case`:
/// the invariant clap issues #6421/#6529 break, checked for every subcommand, `help` ones included.
#[test]
fn bash_every_subcommand_state_has_an_arm() {
    let script = String::from_utf8(bin().args(["completions", "bash"]).output().unwrap().stdout).unwrap();
    let states: BTreeSet<&str> = script
        .lines()
        .filter_map(|line| line.trim().strip_prefix("cmd=\"")?.strip_suffix('"'))
        .filter(|state| !state.is_empty())
        .collect();
    let dispatch = script.split_once("case \"${cmd}\" in").expect("the dispatch case").1;
    let arms: HashSet<&str> =
        dispatch.lines().filter_map(|line| line.strip_prefix("        ")?.strip_suffix(')')).collect();
    assert!(states.len() > 20, "expected a state per subcommand, found {states:?}");
    let missing: Vec<&&str> = states.iter().filter(|state| !arms.contains(**state)).collect();
    assert!(missing.is_empty(), "states without a dispatch arm: {missing:?}");
}

/// The zsh script parses, and `compinit` finds it on `fpath` and binds it to `pixelshift-aws`.
#[test]
fn zsh_script_parses_and_compinit_registers_it() {
    let dir = script_dir(clap_complete::Shell::Zsh);
    let script = dir.path().join(file_name(clap_complete::Shell::Zsh));
    let parse = run(shell("zsh").arg("-n").arg(&script), dir.path());
    assert!(parse.status.success(), "zsh -n: {}", String::from_utf8_lossy(&parse.stderr));

    let registered = run(
        shell("zsh").args([
            "-f",
            "-c",
            r#"fpath=("$1" $fpath); autoload -U compinit && compinit -u -D && print -r -- "$_comps[pixelshift-aws]""#,
            "zsh",
        ])
        .arg(dir.path()),
        dir.path(),
    );
    assert!(registered.status.success(), "zsh compinit: {}", String::from_utf8_lossy(&registered.stderr));
    assert_eq!(String::from_utf8_lossy(&registered.stdout).trim(), "_pixelshift-aws");
}

/// A temporary directory holding `shell`'s script as the binary prints it, under its conventional name.
/// It doubles as the working directory, `HOME` and XDG directories of the shells run on it.
fn script_dir(shell: clap_complete::Shell) -> tempfile::TempDir {
    let output = bin().args(["completions", &shell.to_string()]).output().unwrap();
    assert!(output.status.success(), "completions {shell} failed");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file_name(shell)), &output.stdout).unwrap();
    dir
}

/// Completes every line of [`CASES`] with `complete` and reports all mismatches at once.
fn check_cases(shell: &str, complete: impl Fn(&str) -> Vec<String>) {
    let mut failures = Vec::new();
    for &(line, expect) in CASES {
        let offered = complete(line);
        let (wanted, got): (BTreeSet<&str>, BTreeSet<&str>) = match expect {
            Exactly(wanted) => (wanted.iter().copied().collect(), offered.iter().map(String::as_str).collect()),
            Words(wanted) => (
                wanted.iter().copied().collect(),
                offered.iter().map(String::as_str).filter(|word| !word.starts_with('-')).collect(),
            ),
        };
        if wanted != got {
            failures.push(format!("  {line:?}<TAB>: want {wanted:?} ({expect:?}), {shell} offered {offered:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{shell} completion is wrong for {} line(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// bash: source the script, find the function `complete -p` registered for the command, and call it the
/// way bash's programmable completion does (`COMP_*` set; the command, current and previous words as
/// arguments). `COMPREPLY` comes back one candidate a line.
const BASH_COMPLETE: &str = r#"
source "$1" || exit 90
shift
spec=$(complete -p pixelshift-aws) || { echo "nothing registered for pixelshift-aws" >&2; exit 91; }
[[ $spec =~ -F\ ([^ ]+) ]] || { echo "no function in: $spec" >&2; exit 92; }
fn=${BASH_REMATCH[1]}
COMP_LINE=$1
COMP_POINT=${#COMP_LINE}
shift
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_TYPE=9
COMP_KEY=9
COMPREPLY=()
"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
(( ${#COMPREPLY[@]} == 0 )) || printf '%s\n' "${COMPREPLY[@]}"
"#;

fn complete_bash(script: &Path, dir: &Path, line: &str) -> Vec<String> {
    // Single spaces between words in CASES, so splitting on ' ' gives bash's words, the last one
    // empty when the line ends in a space.
    let output = run(
        shell("bash")
            .args(["--norc", "--noprofile", "-c", BASH_COMPLETE, "bash"])
            .arg(script)
            .arg(line)
            .args(line.split(' ')),
        dir,
    );
    candidates("bash", line, &output, |candidate| candidate)
}

/// zsh's completion system runs only inside the line editor of an interactive shell, so this drives
/// one in a pseudo-terminal (`zsh/zpty`): it loads `compinit` with the script's directory on `fpath`,
/// wraps `compadd` to print each match it is given (`compadd -O` does the matching against the word
/// being completed but adds nothing), types the line and a TAB, and stops when the completion system's
/// post-functions run. Candidates come back one a line.
const ZSH_COMPLETE: &str = r#"
zmodload zsh/zpty || { print -u2 'zsh/zpty is not available'; exit 90 }
local dir=$1 input=$2 setup=$1/zpty-setup.zsh out
cat > $setup <<'SETUP'
PS1= PROMPT= RPROMPT=
autoload -U compinit && compinit -u -D
bindkey '^I' complete-word
zstyle ':completion:*' insert-tab false
compadd() {
    # A caller collecting matches itself (-O, -A, -D) gets the real thing.
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
        builtin compadd "$@"
        return
    fi
    local -a __pixelshift_matches
    builtin compadd -O __pixelshift_matches "$@"
    local m
    for m in $__pixelshift_matches; print -r -- "<<candidate>>$m"
    builtin compadd "$@"
}
__pixelshift_done() { print -r -- '<<done>>'; exit }
comppostfuncs=(__pixelshift_done)
print -r -- '<<ready>>'
SETUP
zpty completer zsh -f -i
zpty -w completer "fpath=(${(q)dir} \$fpath); source ${(q)setup}"
zpty -r completer out '*<<ready>>*' || { print -u2 'the shell in the pty did not start'; exit 91 }
zpty -w -n completer "$input"$'\t'
zpty -r completer out '*<<done>>*' || { print -u2 'completion did not finish'; exit 92 }
# The first candidate follows the echoed input on its line: split on the markers, not on newlines.
out=${out//<<candidate>>/$'\n'<<candidate>>}
out=${out//$'\r'/}
print -r -- ${(F)${(M)${(f)out}:#<<candidate>>*}#<<candidate>>}
"#;

fn complete_zsh(dir: &Path, line: &str) -> Vec<String> {
    let output = run(shell("zsh").args(["-f", "-c", ZSH_COMPLETE, "zsh"]).arg(dir).arg(line), dir);
    candidates("zsh", line, &output, |candidate| candidate)
}

fn complete_fish(script: &Path, dir: &Path, line: &str) -> Vec<String> {
    let output = run(
        shell("fish").args(["--no-config", "-c", "source $argv[1]; and complete -C $argv[2]"]).arg(script).arg(line),
        dir,
    );
    // fish prints `candidate<TAB>description`.
    candidates("fish", line, &output, |candidate| candidate.split('\t').next().unwrap_or_default())
}

/// `name` as a command, failing the test with how to install it when it is missing.
fn shell(name: &str) -> Command {
    let found = Command::new(name).arg("--version").stdin(Stdio::null()).output();
    assert!(
        found.is_ok_and(|out| out.status.success()),
        "`{name}` is not installed, so its completion script cannot be tested: run scripts/install-test-deps as \
         root (or `apt-get install {name}`)"
    );
    Command::new(name)
}

/// Runs `cmd` in `dir` (also its `HOME` and XDG directories, so no shell reads or writes the user's),
/// killing it after a minute.
fn run(cmd: &mut Command, dir: &Path) -> Output {
    let home = dir.to_path_buf();
    cmd.current_dir(dir)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("TERM", "dumb")
        .env_remove("BASH_ENV")
        .env_remove("ENV")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_mins(1);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{cmd:?} hung; stderr: {}", String::from_utf8_lossy(&stderr.join().unwrap()));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

fn candidates(shell: &str, line: &str, output: &Output, parse: impl Fn(&str) -> &str) -> Vec<String> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{shell} failed completing {line:?} ({}):\nstdout: {stdout}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout.lines().filter(|candidate| !candidate.is_empty()).map(|candidate| parse(candidate).to_owned()).collect()
}
