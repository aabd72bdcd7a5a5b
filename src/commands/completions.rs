//! `completions <SHELL>`: completion scripts generated from the one clap definition, so they can never
//! drift from the real flags. The same scripts are committed under `completions/` for packagers.

use std::fmt::Write as _;

use clap::CommandFactory;
use clap_complete::{Generator, Shell};

use crate::cli::Cli;
use crate::console::Console;

pub const BIN_NAME: &str = "pixelshift-aws";

/// The name the bash script is generated under: [`BIN_NAME`] without its hyphen. See [`render_bash`].
const BASH_INTERNAL_NAME: &str = "pixelshift_aws";

/// Every shell we ship a completion script for.
pub const SHELLS: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish];

/// The completion script for `shell`.
#[must_use]
pub fn render(shell: Shell) -> Vec<u8> {
    match shell {
        Shell::Bash => render_bash().into_bytes(),
        Shell::Fish => render_fish().into_bytes(),
        _ => generate(shell, BIN_NAME),
    }
}

fn generate(shell: Shell, bin_name: &str) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), bin_name, &mut script);
    script
}

/// The bash script, generated under [`BASH_INTERNAL_NAME`] and registered for [`BIN_NAME`].
///
/// `clap_complete` 4.6's bash generator mishandles a hyphen in the bin name (clap issues #6421, #6529):
/// the word loop escapes the bin name and each subcommand separately and reaches the state
/// `pixelshift__aws__subcmd__setup`, but the dispatch arms escape the whole path in one pass and read
/// `pixelshift__subcmd__aws__subcmd__setup`. No arm below the top level ever matches, so completion
/// stops after the first word and bash falls back to file names.
///
/// Why not repair the arms by text substitution: the repair would be keyed to the exact mangled form,
/// and upstream may fix either side (the proposed fixes change the arms; another option discussed is
/// changing the separator the loop uses), so after an upgrade it would stop matching or rewrite labels
/// that were already right. Instead we generate under a name with no hyphen, which the loop and the
/// arms escape alike (every `clap_complete` release so far), and rewrite only the registration:
/// `complete -F _pixelshift_aws ... pixelshift_aws` becomes `... pixelshift-aws`. The command's name
/// appears nowhere else in the script (the loop recognises the first word as `$1`, which bash passes
/// to the function), so the script behaves exactly as it would for a hyphen-free binary. The rewrite
/// is checked: every `complete` line must end in the internal name and there must be at least one, so
/// a change in the generator's output panics here (and fails the tests) instead of registering the
/// wrong command. Not clap's dynamic completion: it runs the binary on every TAB and is unstable.
fn render_bash() -> String {
    let generated = String::from_utf8(generate(Shell::Bash, BASH_INTERNAL_NAME))
        .expect("clap_complete writes the bash script as UTF-8");
    register_bash_for(&generated, BASH_INTERNAL_NAME, BIN_NAME)
}

/// `script` with each `complete ... <internal>` registration line retargeted at `command`.
///
/// # Panics
/// If a `complete` line does not end in `internal`, or there is none: the generator's output is not the
/// shape this was written for.
fn register_bash_for(script: &str, internal: &str, command: &str) -> String {
    let suffix = format!(" {internal}");
    let mut registrations = 0;
    let mut out = String::with_capacity(script.len() + 8);
    for line in script.split_inclusive('\n') {
        let (body, eol) = line.strip_suffix('\n').map_or((line, ""), |body| (body, "\n"));
        if !body.trim_start().starts_with("complete ") {
            out.push_str(line);
            continue;
        }
        let head = body.strip_suffix(&suffix).unwrap_or_else(|| {
            panic!("clap_complete's bash registration `{body}` does not end in `{internal}`: revisit render_bash")
        });
        out.push_str(head);
        out.push(' ');
        out.push_str(command);
        out.push_str(eol);
        registrations += 1;
    }
    assert!(registrations > 0, "clap_complete's bash script has no `complete` line: revisit render_bash");
    out
}

/// The fish script, with the values of positional arguments added (`completions <TAB>` offers shells).
///
/// `clap_complete`'s fish generator completes only options and subcommands, never positionals (documented
/// on `clap_complete::aot::Fish`), so `pixelshift-aws completions <TAB>` offered file names. For each
/// positional with possible values we append one `complete` line, under the same condition the
/// generator uses for that subcommand's options. fish merges duplicate candidates, so should a later
/// `clap_complete` complete positionals itself, these lines only repeat what it offers.
fn render_fish() -> String {
    let mut script =
        String::from_utf8(generate(Shell::Fish, BIN_NAME)).expect("clap_complete writes the fish script as UTF-8");
    let fn_name = BIN_NAME.replace('-', "_");
    let needs = format!("__fish_{fn_name}_needs_command");
    let using = format!("__fish_{fn_name}_using_subcommand");
    for helper in [&needs, &using] {
        assert!(
            script.contains(&format!("\nfunction {helper}\n")),
            "clap_complete's fish script no longer defines {helper}: revisit render_fish"
        );
    }
    let mut cmd = Cli::command();
    cmd.build();
    let mut add = |condition: String, command: &clap::Command| {
        for arg in command.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| value.get_name().to_owned())
                .collect();
            if values.is_empty() {
                continue;
            }
            for value in &values {
                assert!(
                    value.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                    "{value:?} needs quoting for fish: extend render_fish"
                );
            }
            writeln!(script, "complete -c {BIN_NAME} -n \"{condition}\" -f -a \"{}\"", values.join(" "))
                .expect("writing to a String cannot fail");
        }
    };
    // The conditions `clap_complete` gives each level; like it, we stop at two levels of subcommands.
    let names = |command: &clap::Command| command.get_name_and_visible_aliases().join(" ");
    add(needs, &cmd);
    for sub in cmd.get_subcommands() {
        add(format!("{using} {}", names(sub)), sub);
        for nested in sub.get_subcommands() {
            add(format!("{using} {}; and __fish_seen_subcommand_from {}", names(sub), names(nested)), nested);
        }
    }
    script
}

/// The conventional file name of `shell`'s script (`_pixelshift-aws` for zsh, ...).
#[must_use]
pub fn file_name(shell: Shell) -> String {
    shell.file_name(BIN_NAME)
}

pub fn execute(shell: Shell, out: &Console) -> anyhow::Result<()> {
    let script = String::from_utf8(render(shell))?;
    out.out(&script)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_name_is_the_bin_name_without_hyphens() {
        assert_eq!(BASH_INTERNAL_NAME, BIN_NAME.replace('-', "_"));
        assert!(!BASH_INTERNAL_NAME.contains('-'));
    }

    #[test]
    fn bash_registers_the_real_command_only() {
        let script = render_bash();
        let registrations: Vec<&str> =
            script.lines().map(str::trim_start).filter(|line| line.starts_with("complete ")).collect();
        assert!(!registrations.is_empty());
        for line in registrations {
            assert!(line.starts_with("complete -F _pixelshift_aws "), "{line}");
            assert!(line.ends_with(" pixelshift-aws"), "{line}");
        }
    }

    #[test]
    fn registration_rewrite_is_exact() {
        let script = "f() { :; }\nif x; then\n    complete -F _a -o nosort a\nelse\n    complete -F _a a\nfi\n";
        assert_eq!(
            register_bash_for(script, "a", "a-b"),
            "f() { :; }\nif x; then\n    complete -F _a -o nosort a-b\nelse\n    complete -F _a a-b\nfi\n"
        );
    }

    #[test]
    #[should_panic(expected = "does not end in")]
    fn registration_rewrite_refuses_an_unexpected_line() {
        register_bash_for("complete -F _a a other\n", "a", "a-b");
    }

    #[test]
    #[should_panic(expected = "no `complete` line")]
    fn registration_rewrite_refuses_a_script_without_registration() {
        register_bash_for("f() { :; }\n", "a", "a-b");
    }
}
