//! The CloudFormation template (YAML): parameters for the user name and the permissions boundary,
//! the user, its policy (inline, in the user's `Policies`; or one `AWS::IAM::ManagedPolicy` per
//! document) and outputs. Each policy document is embedded as the JSON text make-policy prints, indented under
//! `PolicyDocument:` — YAML reads JSON as a flow mapping, so a reviewer diffs the two directly.

use std::fmt::Write as _;

use super::{Spec, TemplateFormat, document_lines, header};
use crate::domain::policy::{MANAGED_PATH, PolicyType, managed_description, managed_name};

/// Where a resource's properties start; the document goes two columns further in.
const PROPERTY_INDENT: usize = 6;
/// Where the keys of an entry of the user's `Policies` list start.
const POLICIES_ENTRY_INDENT: usize = 10;

pub(super) fn render(spec: &Spec) -> String {
    let mut out = header(spec, TemplateFormat::CloudFormation);
    out.push_str("AWSTemplateFormatVersion: \"2010-09-09\"\n");
    let _ = writeln!(
        out,
        "Description: {}",
        yaml_str(&format!(
            "Pixelshift's IAM user (programmatic access only) and its S3 {}, by pixelshift-aws",
            policy_kind(spec)
        ))
    );
    parameters(&mut out, spec);
    out.push_str(
        "\
Conditions:
  HasBoundary: !Not [!Equals [!Ref PermissionsBoundary, \"\"]]
Resources:
",
    );
    user(&mut out, spec);
    if spec.kind == PolicyType::Managed {
        managed_policies(&mut out, spec);
    }
    outputs(&mut out, spec);
    out
}

fn policy_kind(spec: &Spec) -> &'static str {
    match spec.kind {
        PolicyType::Inline => "inline policy",
        PolicyType::Managed if spec.documents.len() == 1 => "customer-managed policy",
        PolicyType::Managed => "customer-managed policies",
    }
}

fn parameters(out: &mut String, spec: &Spec) {
    // IAM's own rules for the two values, so a typo fails at the parameter, before any resource.
    let _ = write!(
        out,
        "\
Parameters:
  UserName:
    Type: String
    Default: {user}
    Description: Name of the IAM user Pixelshift signs in as (it gets no password and no access key here)
    AllowedPattern: '[\\w+=,.@-]+'
    MinLength: 1
    MaxLength: 64
  PermissionsBoundary:
    Type: String
    Default: {boundary}
    Description: ARN of a managed policy to set as the user's permissions boundary; empty for none
    AllowedPattern: '(arn:[\\w-]+:iam::(aws|\\d{{12}}):policy/.+)?'
    ConstraintDescription: must be a managed policy ARN, or empty
",
        user = yaml_str(&spec.user),
        boundary = yaml_str(spec.permissions_boundary.as_deref().unwrap_or_default()),
    );
}

fn user(out: &mut String, spec: &Spec) {
    out.push_str(
        "  # Programmatic access only: no LoginProfile (console password), and no AccessKey (see the top).
  PixelshiftUser:
    Type: AWS::IAM::User
    Properties:
      UserName: !Ref UserName
      # pixelshift-aws finds its users by this path (`list`); elsewhere it would move the user here,
      # and the stack would see the move as drift.
      Path: \"/pixelshift-aws/\"
      PermissionsBoundary: !If [HasBoundary, !Ref PermissionsBoundary, !Ref AWS::NoValue]
",
    );
    if !spec.tags.is_empty() {
        out.push_str("      Tags:\n");
    }
    for (key, value) in &spec.tags {
        let _ = writeln!(out, "        - Key: {}\n          Value: {}", yaml_str(key), yaml_str(value));
    }
    if spec.kind == PolicyType::Inline {
        // The inline policy in the user's own `Policies` (rather than an AWS::IAM::UserPolicy):
        // the same `PutUserPolicy`, and the form policy scanners such as checkov read.
        let _ = writeln!(out, "      Policies:\n        - PolicyName: {}", yaml_str(&spec.policy_name));
        policy_document(out, &spec.documents[0], POLICIES_ENTRY_INDENT);
    }
}

fn managed_policies(out: &mut String, spec: &Spec) {
    // AWS::IAM::ManagedPolicy takes no Tags (unlike CreatePolicy, which the CLI tags): pixelshift-aws
    // tells its policies apart by the path and the `<policy>.<user>` name, which both still carry.
    out.push_str("  # Found by pixelshift-aws through their path and names (CloudFormation cannot tag them).\n");
    for (index, document) in spec.documents.iter().enumerate() {
        let name = managed_name(&sub_literal(&spec.policy_name), "${UserName}", index);
        // The description must not change when the number of parts does: CloudFormation replaces a
        // policy whose description changes, and cannot replace one with a fixed name.
        let _ = writeln!(
            out,
            "  {id}:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: !Sub {name}
      Path: {path}
      Description: !Sub {description}
      Users:
        - !Ref PixelshiftUser",
            id = policy_id(index),
            description = yaml_str(&managed_description("${UserName}")),
            name = yaml_str(&name),
            path = yaml_str(MANAGED_PATH),
        );
        policy_document(out, document, PROPERTY_INDENT);
    }
}

/// `PixelshiftPolicy`, then `PixelshiftPolicy2`, `PixelshiftPolicy3`: the managed parts in order.
fn policy_id(index: usize) -> String {
    if index == 0 { "PixelshiftPolicy".to_owned() } else { format!("PixelshiftPolicy{}", index + 1) }
}

/// The document under `PolicyDocument:`, its lines indented and otherwise untouched; a document
/// that cannot be embedded that way becomes one quoted JSON string (CloudFormation takes both).
fn policy_document(out: &mut String, document: &str, indent: usize) {
    let key = " ".repeat(indent);
    let Some(lines) = document_lines(document) else {
        let _ = writeln!(out, "{key}PolicyDocument: {}", yaml_str(document));
        return;
    };
    let _ = writeln!(out, "{key}PolicyDocument:");
    for line in lines {
        let _ = writeln!(out, "{key}  {line}");
    }
}

fn outputs(out: &mut String, spec: &Spec) {
    out.push_str(
        "\
Outputs:
  UserName:
    Description: The IAM user's name
    Value: !Ref PixelshiftUser
  UserArn:
    Description: The IAM user's ARN
    Value: !GetAtt PixelshiftUser.Arn
",
    );
    if spec.kind == PolicyType::Managed {
        for index in 0..spec.documents.len() {
            let id = policy_id(index);
            let _ = writeln!(
                out,
                "  {id}Arn:\n    Description: ARN of a managed policy the user has\n    Value: !Ref {id}"
            );
        }
    }
    out.push_str(
        "  NextStep:
    Description: Create the access key (kept out of this stack on purpose) and store it in the OS keyring
    Value: !Sub \"pixelshift-aws create-user --user-name ${PixelshiftUser}\"
",
    );
}

/// A YAML double-quoted scalar holding exactly `text`. Always quoted: a plain scalar could turn into
/// a number, a boolean, a comment (` #`) or a mapping (`: `), and the rules for when it would are
/// long. YAML requires escapes for non-printable characters, and YAML 1.1 parsers (PyYAML,
/// cfn-lint) also fold NEL, LS and PS as line breaks, so those are escaped too.
fn yaml_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Literal text inside `!Sub`: `${` starts a substitution there, and `${!` is its escape.
fn sub_literal(text: &str) -> String {
    text.replace("${", "${!")
}

#[cfg(test)]
mod tests {
    use super::super::tests::{every_spec, spec};
    use super::*;

    /// The documents inside a template, found as the tests in tests/cli/templates.rs find them.
    fn embedded(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if let Some(key) = line.strip_suffix("PolicyDocument:") {
                let indent = " ".repeat(key.len() + 2);
                let close = format!("{indent}}}");
                let mut document = String::new();
                for inner in lines.by_ref() {
                    document.push_str(inner.strip_prefix(&indent).expect("indented under its key"));
                    document.push('\n');
                    if inner == close {
                        break;
                    }
                }
                found.push(document);
            }
        }
        found
    }

    #[test]
    fn yaml_strings_escape_what_yaml_would_read_otherwise() {
        assert_eq!(yaml_str("pixelshift-aws"), "\"pixelshift-aws\"");
        assert_eq!(yaml_str(""), "\"\"");
        assert_eq!(yaml_str("a: b # c"), "\"a: b # c\"");
        assert_eq!(yaml_str(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
        assert_eq!(yaml_str("line\nbreak\r\ttab"), r#""line\nbreak\r\ttab""#);
        assert_eq!(
            yaml_str("nel\u{85} ls\u{2028} ps\u{2029} bom\u{feff} del\u{7f} nul\0"),
            r#""nel\u0085 ls\u2028 ps\u2029 bom\uFEFF del\u007F nul\u0000""#
        );
        assert_eq!(yaml_str("@team: - ! & * ? | > ' % ` {x} [y]"), "\"@team: - ! & * ? | > ' % ` {x} [y]\"");
        assert_eq!(yaml_str("équipe ${x}"), "\"équipe ${x}\"", "printable Unicode and `${{` are kept");
    }

    #[test]
    fn sub_keeps_a_literal_dollar_brace_literal() {
        assert_eq!(sub_literal("a${b}"), "a${!b}");
        assert_eq!(sub_literal("pixelshift_access"), "pixelshift_access");
    }

    #[test]
    fn every_document_is_embedded_verbatim_and_in_order() {
        for spec in every_spec() {
            let text = render(&spec);
            assert_eq!(embedded(&text), spec.documents);
        }
    }

    #[test]
    fn a_document_that_is_not_plain_json_becomes_one_quoted_string() {
        let mut odd = spec(PolicyType::Inline, 1);
        odd.documents = vec!["{\n\t\"Version\": \"2012-10-17\"\n}".to_owned()];
        let text = render(&odd);
        assert!(text.contains("      PolicyDocument: \"{\\n\\t\\\"Version\\\": \\\"2012-10-17\\\"\\n}\"\n"), "{text}");
    }

    #[test]
    fn inline_policy_shape() {
        let text = render(&spec(PolicyType::Inline, 1));
        assert!(text.starts_with("# Pixelshift's IAM user"));
        assert!(text.contains("\nAWSTemplateFormatVersion: \"2010-09-09\"\n"));
        assert!(text.contains("    Default: \"iam_pixelshift\"\n"));
        assert!(text.contains("    Default: \"arn:aws:iam::123456789012:policy/Boundary\"\n"));
        assert!(
            text.contains(
                "      PermissionsBoundary: !If [HasBoundary, !Ref PermissionsBoundary, !Ref AWS::NoValue]\n"
            )
        );
        assert!(text.contains("        - Key: \"managed-by\"\n          Value: \"pixelshift-aws\"\n"));
        assert!(text.contains("        - Key: \"team\"\n          Value: \"media: images # prod\"\n"));
        assert!(text.contains(
            "      Policies:\n        - PolicyName: \"pixelshift_access\"\n          PolicyDocument:\n            {\n"
        ));
        assert!(!text.contains("AWS::IAM::UserPolicy"));
        assert!(!text.contains("AWS::IAM::ManagedPolicy"));
        assert!(!text.contains("PixelshiftPolicyArn"));
    }

    #[test]
    fn no_boundary_defaults_to_empty_which_sets_none() {
        let mut bare = spec(PolicyType::Inline, 1);
        bare.permissions_boundary = None;
        let text = render(&bare);
        assert!(text.contains("  PermissionsBoundary:\n    Type: String\n    Default: \"\"\n"));
        assert!(text.contains("  HasBoundary: !Not [!Equals [!Ref PermissionsBoundary, \"\"]]\n"));
    }

    #[test]
    fn managed_policies_are_named_numbered_and_attached() {
        let text = render(&spec(PolicyType::Managed, 3));
        assert_eq!(text.matches("Type: AWS::IAM::ManagedPolicy").count(), 3);
        assert!(!text.contains("AWS::IAM::UserPolicy"));
        for (id, name) in [
            ("PixelshiftPolicy", "pixelshift_access.${UserName}"),
            ("PixelshiftPolicy2", "pixelshift_access.${UserName}.2"),
            ("PixelshiftPolicy3", "pixelshift_access.${UserName}.3"),
        ] {
            assert!(text.contains(&format!("\n  {id}:\n    Type: AWS::IAM::ManagedPolicy\n")), "{id}");
            assert!(text.contains(&format!("      ManagedPolicyName: !Sub \"{name}\"\n")), "{name}");
            assert!(text.contains(&format!(
                "  {id}Arn:\n    Description: ARN of a managed policy the user has\n    Value: !Ref {id}\n"
            )));
        }
        assert_eq!(text.matches("      Path: \"/pixelshift-aws/\"\n").count(), 4, "the user and its 3 policies");
        assert_eq!(text.matches("      Users:\n        - !Ref PixelshiftUser\n").count(), 3);
    }

    #[test]
    fn no_tabs_and_one_trailing_newline() {
        for spec in every_spec() {
            let text = render(&spec);
            assert!(!text.contains('\t'));
            assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
        }
    }
}
