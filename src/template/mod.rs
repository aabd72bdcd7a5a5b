//! The user and its policy as infrastructure code: a CloudFormation template or a Terraform
//! configuration, for teams that manage IAM that way. Pure and deterministic: the same [`Spec`]
//! gives byte-identical text, and each policy document inside is exactly what make-policy prints.
//! No access key is part of either: a key made by IaC keeps its secret in state or outputs.

// Product names (CloudFormation, PyYAML, IaC) fill these docs as prose; backticks would call them code.
#![allow(clippy::doc_markdown)]

mod cloudformation;
mod terraform;

use crate::domain::names::PolicyName;
use crate::domain::policy::PolicyType;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    CloudFormation,
    Terraform,
}

impl TemplateFormat {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateFormat::CloudFormation => "cloudformation",
            TemplateFormat::Terraform => "terraform",
        }
    }

    /// For people: "CloudFormation", "Terraform".
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            TemplateFormat::CloudFormation => "CloudFormation",
            TemplateFormat::Terraform => "Terraform",
        }
    }

    /// The command that applies the template (the README has the details).
    #[must_use]
    pub fn apply_hint(self) -> &'static str {
        match self {
            TemplateFormat::CloudFormation => {
                "aws cloudformation deploy --template-file FILE --stack-name pixelshift --capabilities CAPABILITY_NAMED_IAM"
            }
            TemplateFormat::Terraform => {
                "put it in a directory of its own as main.tf, then terraform init && terraform apply"
            }
        }
    }
}

/// What a template describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// The user name parameter's (variable's) default.
    pub user: String,
    /// The user's tags, `managed-by=pixelshift-aws` first (as `domain::user::tags` returns them).
    pub tags: Vec<(String, String)>,
    /// The permissions boundary parameter's default; `None`: no boundary unless one is passed.
    pub permissions_boundary: Option<String>,
    /// The inline policy's name; a managed policy is `<policy_name>.<user>`, then `.2`, `.3`.
    pub policy_name: String,
    pub kind: PolicyType,
    /// Each policy document exactly as make-policy prints it (pretty JSON ending in a newline):
    /// one for inline, one per managed policy in order.
    pub documents: Vec<String>,
}

/// The template text for `format`.
#[must_use]
pub fn render(format: TemplateFormat, spec: &Spec) -> String {
    debug_assert!(!spec.documents.is_empty(), "a template needs a policy document");
    debug_assert!(spec.kind == PolicyType::Managed || spec.documents.len() == 1, "inline is one document");
    match format {
        TemplateFormat::CloudFormation => cloudformation::render(spec),
        TemplateFormat::Terraform => terraform::render(spec),
    }
}

/// The opening comment both formats share (YAML and HCL both comment with `#`): what the file is,
/// and why it has no access key — the question every reviewer asks first.
fn header(spec: &Spec, format: TemplateFormat) -> String {
    let user = comment_safe(&spec.user);
    // verify reads the buckets from the policy of this name: a non-default one must be named.
    let verify = if spec.policy_name == PolicyName::DEFAULT {
        format!("pixelshift-aws verify --user-name {user}")
    } else {
        format!("pixelshift-aws verify --user-name {user} --policy-name {}", comment_safe(&spec.policy_name))
    };
    let (tool, no_key, user_knob) = match format {
        TemplateFormat::CloudFormation => (
            "cloudformation",
            "# There is deliberately no access key here: a key made by AWS::IAM::AccessKey can only reach you
# through the stack's outputs, which anyone allowed to describe the stack can read.",
            "the UserName parameter",
        ),
        TemplateFormat::Terraform => (
            "terraform",
            "# There is deliberately no access key here: a key made by aws_iam_access_key is kept in plain text
# in the Terraform state (and in any output that passes it on).",
            "var.user_name",
        ),
    };
    let policy = match spec.kind {
        PolicyType::Inline => "an inline policy".to_owned(),
        PolicyType::Managed if spec.documents.len() == 1 => "a customer-managed policy".to_owned(),
        PolicyType::Managed => format!("{} customer-managed policies", spec.documents.len()),
    };
    format!(
        "\
# Pixelshift's IAM user (programmatic access only) with its least-privilege S3 access as
# {policy}, made by `pixelshift-aws make-policy --format {tool}`.
# Regenerate it rather than editing the policy: the same flags always give the same file.
#
{no_key}
# After applying, create the key with
#   pixelshift-aws create-user --user-name {user}
# It reuses this user (tagged managed-by=pixelshift-aws) and stores the new pair in the OS keyring.
# Then prove that the key can list, read, write and delete in every bucket:
#   {verify}
# (With another user name in {user_knob}, use that name in both commands.)
"
    )
}

/// Names are validated long before a template is made, but a comment must never be ended early by
/// a line break that slipped through: one would turn the rest of the name into code.
fn comment_safe(text: &str) -> String {
    text.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { '?' } else { c }).collect()
}

/// Splits a policy document into lines for embedding, or `None` when the text is not one that can be
/// embedded line by line unchanged: only a JSON object whose lines are free of tabs, carriage returns
/// and Unicode line breaks, with the opening brace at the start of its line and a trailing newline
/// (what make-policy prints). Anything else is embedded as one escaped string instead.
fn document_lines(document: &str) -> Option<Vec<&str>> {
    let body = document.strip_suffix('\n')?;
    let plain = !document.chars().any(|c| {
        matches!(c, '\t' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
            || (c != '\n' && (c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}')))
    });
    let object = body.starts_with('{')
        && serde_json::from_str::<serde_json::Value>(document).is_ok_and(|value| value.is_object());
    (plain && object).then(|| body.split('\n').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn document(bucket: &str) -> String {
        let value = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "PixelshiftObjects",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": [format!("arn:aws:s3:::{bucket}/*")]
            }]
        });
        serde_json::to_string_pretty(&value).unwrap() + "\n"
    }

    /// A spec with every optional part filled in, and hostile tag values.
    pub(super) fn spec(kind: PolicyType, documents: usize) -> Spec {
        Spec {
            user: "iam_pixelshift".to_owned(),
            tags: vec![
                ("managed-by".to_owned(), "pixelshift-aws".to_owned()),
                ("team".to_owned(), "media: images # prod".to_owned()),
                ("owner@corp".to_owned(), "a=b+c/d".to_owned()),
            ],
            permissions_boundary: Some("arn:aws:iam::123456789012:policy/Boundary".to_owned()),
            policy_name: "pixelshift_access".to_owned(),
            kind,
            documents: (0..documents).map(|i| document(&format!("bucket-{i}"))).collect(),
        }
    }

    pub(super) fn every_spec() -> Vec<Spec> {
        let mut bare = spec(PolicyType::Inline, 1);
        bare.tags.truncate(1);
        bare.permissions_boundary = None;
        vec![bare, spec(PolicyType::Inline, 1), spec(PolicyType::Managed, 1), spec(PolicyType::Managed, 3)]
    }

    #[test]
    fn the_same_spec_gives_the_same_bytes() {
        for format in [TemplateFormat::CloudFormation, TemplateFormat::Terraform] {
            for spec in every_spec() {
                let first = render(format, &spec);
                assert!(!first.is_empty());
                assert_eq!(first, render(format, &spec.clone()), "{format:?}");
            }
        }
    }

    #[test]
    fn no_access_key_and_the_way_to_make_one() {
        for format in [TemplateFormat::CloudFormation, TemplateFormat::Terraform] {
            for spec in every_spec() {
                let text = render(format, &spec);
                let code: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with('#')).collect();
                for line in &code {
                    assert!(!line.contains("AccessKey") && !line.contains("access_key"), "{format:?}: {line}");
                    assert!(!line.contains("LoginProfile") && !line.contains("login_profile"), "{format:?}: {line}");
                }
                assert!(text.contains("pixelshift-aws create-user --user-name iam_pixelshift\n"), "{format:?}");
                assert!(text.contains("pixelshift-aws verify --user-name iam_pixelshift\n"), "{format:?}");
                assert!(text.contains("There is deliberately no access key here"), "{format:?}");
            }
            let mut named = spec(PolicyType::Inline, 1);
            named.policy_name = "px.access".to_owned();
            let text = render(format, &named);
            assert!(text.contains("#   pixelshift-aws verify --user-name iam_pixelshift --policy-name px.access\n"));
        }
    }

    #[test]
    fn comments_cannot_be_broken_out_of() {
        assert_eq!(comment_safe("a\nb\rc\u{2028}d"), "a?b?c?d");
        assert_eq!(comment_safe("iam_pixelshift"), "iam_pixelshift");
    }

    #[test]
    fn only_plain_pretty_json_objects_are_embedded_line_by_line() {
        let pretty = document("photos");
        assert_eq!(document_lines(&pretty).unwrap().first(), Some(&"{"));
        assert_eq!(document_lines(&pretty).unwrap().last(), Some(&"}"));
        assert!(document_lines("{\"Version\":\"2012-10-17\"}\n").is_some(), "minified JSON is fine");
        for odd in [
            pretty.trim_end(),                 // no trailing newline
            " {\"a\": 1}\n",                   // indented first line
            "{\n\t\"a\": 1\n}\n",              // tab indentation
            "{\r\n  \"a\": 1\r\n}\r\n",        // CRLF
            "{\n  \"a\": \"x\u{2028}y\"\n}\n", // a YAML 1.1 line break inside a string
            "[1, 2]\n",                        // not an object
            "not json\n",                      // not JSON at all
        ] {
            assert!(document_lines(odd).is_none(), "{odd:?}");
        }
    }
}
