//! Unit tests for the Terraform configuration: `terraform fmt` layout, heredocs and HCL escapes.

use super::super::tests::{every_spec, spec};
use super::hcl::MARKER;
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
                assert!(line[column..].starts_with("= ") || line[column..] == *"=", "one space after `=`: {line:?}");
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
    assert!(
        text.contains("  name        = \"pixelshift_access.${var.user_name}\"\n  path        = \"/pixelshift-aws/\"\n")
    );
    assert!(text.contains("  policy      = <<-EOT\n    {\n"), "a heredoc is part of the run");
    assert!(text.contains("\n  EOT\n\n  tags = {\n    \"managed-by\"          = \"pixelshift-aws\"\n    \"pixelshift-aws:user\" = var.user_name\n  }\n"));
    assert!(text.contains("  description = \"ARNs of the managed policies the user has, in order\"\n  value = [\n"));
    assert!(
        text.contains(
            "  name                 = var.user_name\n  path                 = \"/pixelshift-aws/\"\n  permissions_boundary = var.permissions_boundary\n"
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
