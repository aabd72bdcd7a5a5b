//! The Terraform configuration: variables for the user name and the permissions boundary, the user,
//! its policy (`aws_iam_user_policy`, or `aws_iam_policy` + `aws_iam_user_policy_attachment` per
//! document) and outputs, laid out exactly as `terraform fmt` would so that running it changes
//! nothing. Each document is a heredoc whose value is, byte for byte, what make-policy prints.
//!
//! The `terraform fmt` rules this follows (hclwrite's formatter): two spaces per nesting level;
//! within a run of consecutive lines that each assign a complete value (`key = value`, a heredoc
//! counts), the `=` signs line up one space after the longest key; a line that opens a bracket
//! (`tags = {`), a blank line, a comment or a block ends the run.

use std::fmt::Write as _;

use super::{Spec, TemplateFormat, document_lines, header};
use crate::domain::policy::{MANAGED_PATH, PolicyType, managed_description, managed_name};
use crate::domain::user::{MANAGED_TAG_KEY, MANAGED_TAG_VALUE, MANAGED_USER_TAG_KEY};

/// The heredoc delimiter. No line of a JSON object can be this word alone, so it cannot end early.
const MARKER: &str = "EOT";

pub(super) fn render(spec: &Spec) -> String {
    let mut out = header(spec, TemplateFormat::Terraform);
    out.push('\n');
    out.push_str(
        "\
terraform {
  required_providers {
    aws = {
      source  = \"hashicorp/aws\"
      version = \">= 5.0\"
    }
  }
}
",
    );
    variables(&mut out, spec);
    user(&mut out, spec);
    match spec.kind {
        PolicyType::Inline => inline_policy(&mut out, spec),
        PolicyType::Managed => managed_policies(&mut out, spec),
    }
    outputs(&mut out, spec);
    out
}

fn variables(out: &mut String, spec: &Spec) {
    let boundary = spec.permissions_boundary.as_deref().map_or_else(|| "null".to_owned(), hcl_str);
    // IAM's own rules for the two values, so a typo fails at plan time, before any resource.
    block(out, "variable \"user_name\"", |body| {
        attributes(
            body,
            1,
            &[
                (
                    "description",
                    hcl_str("Name of the IAM user Pixelshift signs in as (it gets no password and no access key here)"),
                ),
                ("type", "string".to_owned()),
                ("default", hcl_str(&spec.user)),
            ],
        );
        body.push('\n');
        block_at(body, 1, "validation", |inner| {
            attributes(
                inner,
                2,
                &[
                    ("condition", format!("can(regex({}, var.user_name))", hcl_str(r"^[\w+=,.@-]{1,64}$"))),
                    (
                        "error_message",
                        hcl_str("An IAM user name is 1 to 64 letters, digits and characters from + = , . @ _ -."),
                    ),
                ],
            );
        });
    });
    block(out, "variable \"permissions_boundary\"", |body| {
        attributes(
            body,
            1,
            &[
                (
                    "description",
                    hcl_str("ARN of a managed policy to set as the user's permissions boundary; null for none"),
                ),
                ("type", "string".to_owned()),
                ("default", boundary),
            ],
        );
        body.push('\n');
        block_at(body, 1, "validation", |inner| {
            let pattern = hcl_str(r"^arn:[\w-]+:iam::(aws|\d{12}):policy/.+$");
            attributes(
                inner,
                2,
                &[
                    (
                        "condition",
                        format!("var.permissions_boundary == null || can(regex({pattern}, var.permissions_boundary))"),
                    ),
                    ("error_message", hcl_str("The permissions boundary must be a managed policy ARN, or null.")),
                ],
            );
        });
    });
}

fn user(out: &mut String, spec: &Spec) {
    out.push_str(
        "
# Programmatic access only: no aws_iam_user_login_profile (console password), and no
# aws_iam_access_key (see the top).
",
    );
    block_at(out, 0, "resource \"aws_iam_user\" \"pixelshift\"", |body| {
        attributes(
            body,
            1,
            &[("name", "var.user_name".to_owned()), ("permissions_boundary", "var.permissions_boundary".to_owned())],
        );
        if !spec.tags.is_empty() {
            body.push('\n');
            let tags: Vec<(String, String)> = spec.tags.iter().map(|(k, v)| (hcl_str(k), hcl_str(v))).collect();
            map(body, 1, "tags", &tags);
        }
    });
}

fn inline_policy(out: &mut String, spec: &Spec) {
    block(out, "resource \"aws_iam_user_policy\" \"pixelshift\"", |body| {
        attributes(
            body,
            1,
            &[
                ("name", hcl_str(&spec.policy_name)),
                ("user", "aws_iam_user.pixelshift.name".to_owned()),
                ("policy", policy_value(&spec.documents[0], 1)),
            ],
        );
    });
}

fn managed_policies(out: &mut String, spec: &Spec) {
    for (index, document) in spec.documents.iter().enumerate() {
        let id = resource_id(index);
        let name = managed_name(&escape_str(&spec.policy_name), "${var.user_name}", index);
        block(out, &format!("resource \"aws_iam_policy\" \"{id}\""), |body| {
            attributes(
                body,
                1,
                &[
                    ("name", format!("\"{name}\"")),
                    ("path", hcl_str(MANAGED_PATH)),
                    // As the CLI describes the policies it creates.
                    ("description", format!("\"{}\"", managed_description("${var.user_name}"))),
                    ("policy", policy_value(document, 1)),
                ],
            );
            body.push('\n');
            let tags = [
                (hcl_str(MANAGED_TAG_KEY), hcl_str(MANAGED_TAG_VALUE)),
                (hcl_str(MANAGED_USER_TAG_KEY), "var.user_name".to_owned()),
            ];
            map(body, 1, "tags", &tags);
        });
        block(out, &format!("resource \"aws_iam_user_policy_attachment\" \"{id}\""), |body| {
            attributes(
                body,
                1,
                &[
                    ("user", "aws_iam_user.pixelshift.name".to_owned()),
                    ("policy_arn", format!("aws_iam_policy.{id}.arn")),
                ],
            );
        });
    }
}

/// `pixelshift`, then `pixelshift_2`, `pixelshift_3`: the managed parts in order.
fn resource_id(index: usize) -> String {
    if index == 0 { "pixelshift".to_owned() } else { format!("pixelshift_{}", index + 1) }
}

fn outputs(out: &mut String, spec: &Spec) {
    block(out, "output \"user_name\"", |body| {
        attributes(
            body,
            1,
            &[("description", hcl_str("The IAM user's name")), ("value", "aws_iam_user.pixelshift.name".to_owned())],
        );
    });
    block(out, "output \"user_arn\"", |body| {
        attributes(
            body,
            1,
            &[("description", hcl_str("The IAM user's ARN")), ("value", "aws_iam_user.pixelshift.arn".to_owned())],
        );
    });
    if spec.kind == PolicyType::Managed {
        block(out, "output \"policy_arns\"", |body| {
            attributes(body, 1, &[("description", hcl_str("ARNs of the managed policies the user has, in order"))]);
            body.push_str("  value = [\n");
            for index in 0..spec.documents.len() {
                let _ = writeln!(body, "    aws_iam_policy.{}.arn,", resource_id(index));
            }
            body.push_str("  ]\n");
        });
    }
    block(out, "output \"next_step\"", |body| {
        attributes(
            body,
            1,
            &[
                (
                    "description",
                    hcl_str("Create the access key (kept out of Terraform on purpose) and store it in the OS keyring"),
                ),
                ("value", "\"pixelshift-aws create-user --user-name ${aws_iam_user.pixelshift.name}\"".to_owned()),
            ],
        );
    });
}

/// A top-level block after a blank line: `header {`, its body, `}`.
fn block(out: &mut String, header: &str, body: impl FnOnce(&mut String)) {
    out.push('\n');
    block_at(out, 0, header, body);
}

fn block_at(out: &mut String, level: usize, header: &str, body: impl FnOnce(&mut String)) {
    let indent = "  ".repeat(level);
    let _ = writeln!(out, "{indent}{header} {{");
    body(out);
    let _ = writeln!(out, "{indent}}}");
}

/// One run of `key = value` lines at `level`, the `=` signs lined up as `terraform fmt` does. Keys
/// are ASCII (identifiers, or strings from [`hcl_str`]), so their width in columns is their length.
fn attributes<K: AsRef<str>>(out: &mut String, level: usize, run: &[(K, String)]) {
    let indent = "  ".repeat(level);
    let width = run.iter().map(|(key, _)| key.as_ref().len()).max().unwrap_or(0);
    for (key, value) in run {
        let key = key.as_ref();
        debug_assert!(key.is_ascii(), "alignment counts columns as bytes");
        let _ = writeln!(out, "{indent}{key:width$} = {value}");
    }
}

/// `name = { … }` with one aligned entry per line.
fn map(out: &mut String, level: usize, name: &str, entries: &[(String, String)]) {
    let indent = "  ".repeat(level);
    let _ = writeln!(out, "{indent}{name} = {{");
    attributes(out, level + 1, entries);
    let _ = writeln!(out, "{indent}}}");
}

/// The policy attribute's value for an attribute at `level`: an indented heredoc (`<<-` removes the
/// indentation common to its lines: exactly the indentation added here, since the document's
/// opening brace starts its line). Blank lines get no indentation: Terraform leaves them as they
/// are. A document that cannot be embedded line by line becomes one quoted string.
fn policy_value(document: &str, level: usize) -> String {
    let Some(lines) = document_lines(document) else { return hcl_str(document) };
    let indent = "  ".repeat(level + 1);
    let mut value = format!("<<-{MARKER}\n");
    for line in lines {
        if !line.trim().is_empty() {
            value.push_str(&indent);
        }
        value.push_str(&escape_template(line));
        value.push('\n');
    }
    value.push_str(&"  ".repeat(level));
    value.push_str(MARKER);
    value
}

/// A quoted HCL string holding exactly `text`.
fn hcl_str(text: &str) -> String {
    format!("\"{}\"", escape_str(text))
}

/// The inside of a quoted HCL string: backslash escapes for quotes, backslashes and control
/// characters, the template escapes for `${` and `%{`, and `\u` escapes for everything beyond ASCII —
/// `terraform fmt` aligns by grapheme clusters, which all-ASCII text makes equal to bytes.
fn escape_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in escape_template(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out
}

/// Template text in which `${` and `%{` are literal: HCL reads `$${` as `${` and `%%{` as `%{`.
fn escape_template(text: &str) -> String {
    text.replace("${", "$${").replace("%{", "%%{")
}

#[cfg(test)]
mod tests {
    use super::super::tests::{every_spec, spec};
    use super::*;

    /// What Terraform makes of a `<<-` heredoc's lines (hclsyntax's flushHeredocTemplateParts, then
    /// the template escapes): the common indentation of the non-blank lines removed.
    fn heredoc_value(lines: &[&str]) -> String {
        let spaces = |l: &str| l.len() - l.trim_start().len();
        let common = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| spaces(l)).min().unwrap_or(0);
        let mut value = String::new();
        for line in lines {
            value.push_str(if line.trim().is_empty() { line } else { &line[common..] });
            value.push('\n');
        }
        value.replace("$${", "${").replace("%%{", "%{")
    }

    /// The policy heredocs of a configuration, as Terraform reads them.
    fn embedded(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if line.trim_start().starts_with("policy ") && line.ends_with(&format!("= <<-{MARKER}")) {
                let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != MARKER).collect();
                found.push(heredoc_value(&body));
            }
        }
        found
    }

    /// Checks `text` against the layout rules of `terraform fmt` that this module relies on: the
    /// indentation of every line from its bracket depth, and `=` alignment within each run.
    fn assert_fmt_clean(text: &str) {
        let mut depth: i32 = 0;
        let mut run: Vec<(usize, usize, &str)> = Vec::new(); // (lead width, `=` column, line)
        let mut lines = text.lines().peekable();
        let close_run = |run: &mut Vec<(usize, usize, &str)>| {
            let widest = run.iter().map(|r| r.0).max().unwrap_or(0);
            for (_, column, line) in run.drain(..) {
                assert_eq!(column, widest + 1, "`=` not where terraform fmt puts it: {line:?}");
            }
        };
        while let Some(line) = lines.next() {
            let code = line.trim_start();
            let net = brackets(code);
            let closes_first = code.starts_with(['}', ']', ')']);
            let want = if closes_first || net < 0 { depth + net.min(0) } else { depth };
            if !code.is_empty() {
                assert_eq!(line.len() - code.len(), usize::try_from(2 * want.max(0)).unwrap(), "indentation: {line:?}");
            }
            assert!(!line.ends_with(' '), "trailing space: {line:?}");
            depth += net;
            let assign = code.find(" =").filter(|_| !code.starts_with('#'));
            match assign {
                Some(at) if net == 0 => {
                    let lead = line[..line.len() - code.len() + at].trim_end();
                    let column = line.find(" =").unwrap() + line[line.find(" =").unwrap()..].find('=').unwrap();
                    assert!(
                        line[column..].starts_with("= ") || line[column..] == *"=",
                        "one space after `=`: {line:?}"
                    );
                    run.push((lead.len(), column, line));
                    if code.ends_with(&format!("<<-{MARKER}")) {
                        for body in lines.by_ref() {
                            if body.trim() == MARKER {
                                break;
                            }
                        }
                    }
                }
                _ => close_run(&mut run),
            }
        }
        close_run(&mut run);
        assert_eq!(depth, 0, "brackets balance");
    }

    /// Net brackets opened on a line, outside quoted strings (interpolations open and close inside).
    fn brackets(code: &str) -> i32 {
        let mut net = 0;
        let mut quoted = false;
        let mut escaped = false;
        for c in code.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if quoted => escaped = true,
                '"' => quoted = !quoted,
                '#' if !quoted => break,
                '{' | '[' | '(' if !quoted => net += 1,
                '}' | ']' | ')' if !quoted => net -= 1,
                _ => {}
            }
        }
        net
    }

    #[test]
    fn every_configuration_is_as_terraform_fmt_leaves_it() {
        for spec in every_spec() {
            assert_fmt_clean(&render(&spec));
        }
    }

    #[test]
    fn the_checker_catches_what_fmt_would_change() {
        let result = std::panic::catch_unwind(|| assert_fmt_clean("x {\n  a = 1\n  bb = 2\n}\n"));
        assert!(result.is_err(), "misaligned `=`");
        let result = std::panic::catch_unwind(|| assert_fmt_clean("x {\n   a = 1\n}\n"));
        assert!(result.is_err(), "three-space indent");
        let result = std::panic::catch_unwind(|| assert_fmt_clean("x {\n  a  = 1\n\n  bb = 2\n}\n"));
        assert!(result.is_err(), "a blank line ends the run");
        assert_fmt_clean("x {\n  a  = 1\n  bb = 2\n\n  ccc = 3\n  m = {\n    k = 1\n  }\n}\n");
    }

    #[test]
    fn alignment_runs_end_where_fmt_ends_them() {
        let text = render(&spec(PolicyType::Managed, 1));
        assert!(text.contains(
            "  name        = \"pixelshift_access.${var.user_name}\"\n  path        = \"/pixelshift-aws/\"\n"
        ));
        assert!(text.contains("  policy      = <<-EOT\n    {\n"), "a heredoc is part of the run");
        assert!(text.contains("\n  EOT\n\n  tags = {\n    \"managed-by\"          = \"pixelshift-aws\"\n    \"pixelshift-aws:user\" = var.user_name\n  }\n"));
        assert!(
            text.contains("  description = \"ARNs of the managed policies the user has, in order\"\n  value = [\n")
        );
        assert!(
            text.contains(
                "  name                 = var.user_name\n  permissions_boundary = var.permissions_boundary\n"
            )
        );
    }

    #[test]
    fn every_document_is_the_heredoc_value_in_order() {
        for spec in every_spec() {
            assert_eq!(embedded(&render(&spec)), spec.documents);
        }
    }

    #[test]
    fn template_sequences_in_a_document_stay_literal() {
        let mut odd = spec(PolicyType::Inline, 1);
        odd.documents = vec!["{\n  \"a\": \"${aws:username} %{if} $${x} 100% $\",\n\n  \"b\": 1\n}\n".to_owned()];
        let text = render(&odd);
        assert!(text.contains("      \"a\": \"$${aws:username} %%{if} $$${x} 100% $\",\n\n      \"b\": 1\n"), "{text}");
        assert_eq!(embedded(&text), odd.documents);
    }

    #[test]
    fn a_document_that_is_not_plain_json_becomes_one_quoted_string() {
        let mut odd = spec(PolicyType::Inline, 1);
        odd.documents = vec!["{\r\n\t\"a\": \"${x}\"\r\n}".to_owned()];
        assert!(render(&odd).contains("  policy = \"{\\r\\n\\t\\\"a\\\": \\\"$${x}\\\"\\r\\n}\"\n"));
    }

    #[test]
    fn hcl_strings_escape_quotes_templates_and_non_ascii() {
        assert_eq!(hcl_str("pixelshift-aws"), "\"pixelshift-aws\"");
        assert_eq!(hcl_str(""), "\"\"");
        assert_eq!(hcl_str(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
        assert_eq!(hcl_str("${var.x} %{ if } $${y} 100% $"), "\"$${var.x} %%{ if } $$${y} 100% $\"");
        assert_eq!(hcl_str("a: b # c // d /* e */"), "\"a: b # c // d /* e */\"");
        assert_eq!(hcl_str("line\nbreak\r\ttab\u{7f}\0"), r#""line\nbreak\r\ttab\u007F\u0000""#);
        assert_eq!(hcl_str("équipe\u{2028}😀"), r#""\u00E9quipe\u2028\U0001F600""#);
    }

    #[test]
    fn inline_policy_shape() {
        let text = render(&spec(PolicyType::Inline, 1));
        assert!(text.contains("resource \"aws_iam_user_policy\" \"pixelshift\" {\n  name   = \"pixelshift_access\"\n  user   = aws_iam_user.pixelshift.name\n  policy = <<-EOT\n"));
        assert!(text.contains("  default     = \"arn:aws:iam::123456789012:policy/Boundary\"\n"));
        assert!(text.contains("    \"team\"       = \"media: images # prod\"\n"));
        assert!(!text.contains("aws_iam_policy\""));
        assert!(!text.contains("policy_arns"));
    }

    #[test]
    fn validation_messages_are_sentences() {
        // Terraform wants a full sentence: a capital first, a full stop or question mark last.
        let text = render(&spec(PolicyType::Inline, 1));
        let messages: Vec<&str> = text.lines().filter_map(|l| l.trim().strip_prefix("error_message = \"")).collect();
        assert_eq!(messages.len(), 2);
        for message in messages {
            assert!(message.starts_with(char::is_uppercase) && message.ends_with(".\""), "{message}");
        }
    }

    #[test]
    fn no_tags_no_tags_map() {
        let mut bare = spec(PolicyType::Inline, 1);
        bare.tags.clear();
        let text = render(&bare);
        assert!(text.contains("  permissions_boundary = var.permissions_boundary\n}\n"));
        assert_fmt_clean(&text);
    }

    #[test]
    fn no_boundary_is_null() {
        let mut bare = spec(PolicyType::Inline, 1);
        bare.permissions_boundary = None;
        assert!(render(&bare).contains("  type        = string\n  default     = null\n"));
    }

    #[test]
    fn managed_policies_are_named_numbered_and_attached() {
        let text = render(&spec(PolicyType::Managed, 3));
        for (id, name) in [
            ("pixelshift", "pixelshift_access.${var.user_name}"),
            ("pixelshift_2", "pixelshift_access.${var.user_name}.2"),
            ("pixelshift_3", "pixelshift_access.${var.user_name}.3"),
        ] {
            assert!(text.contains(&format!("resource \"aws_iam_policy\" \"{id}\" {{\n  name        = \"{name}\"\n")));
            assert!(text.contains(&format!(
                "resource \"aws_iam_user_policy_attachment\" \"{id}\" {{\n  user       = aws_iam_user.pixelshift.name\n  policy_arn = aws_iam_policy.{id}.arn\n}}\n"
            )));
            assert!(text.contains(&format!("    aws_iam_policy.{id}.arn,\n")));
        }
        assert!(!text.contains("aws_iam_user_policy\" "));
    }

    #[test]
    fn blocks_are_separated_by_one_blank_line_and_no_tabs() {
        for spec in every_spec() {
            let text = render(&spec);
            assert!(!text.contains('\t') && !text.contains("\n\n\n"));
            assert!(text.ends_with("}\n"));
        }
    }
}
