//! The Terraform configuration: variables for the user name and the permissions boundary, the user,
//! its policy (`aws_iam_user_policy`, or `aws_iam_policy` + `aws_iam_user_policy_attachment` per
//! document) and outputs, laid out exactly as `terraform fmt` would so that running it changes
//! nothing. Each document is a heredoc whose value is, byte for byte, what make-policy prints.
//!
//! The `terraform fmt` rules this follows (hclwrite's formatter): two spaces per nesting level;
//! within a run of consecutive lines that each assign a complete value (`key = value`, a heredoc
//! counts), the `=` signs line up one space after the longest key; a line that opens a bracket
//! (`tags = {`), a blank line, a comment or a block ends the run.

mod hcl;

use crate::domain::user::USER_PATH;
use std::fmt::Write as _;

use super::{Spec, TemplateFormat, header};
use crate::domain::policy::{MANAGED_PATH, PolicyType, managed_description, managed_name};
use crate::domain::user::{MANAGED_TAG_KEY, MANAGED_TAG_VALUE, MANAGED_USER_TAG_KEY};
use hcl::{attributes, block, block_at, escape_str, hcl_str, map, policy_value};

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
            &[
                ("name", "var.user_name".to_owned()),
                // pixelshift-aws finds its users by this path (`list`), and would otherwise move the
                // user there, which the state would then see as drift.
                ("path", hcl_str(USER_PATH)),
                ("permissions_boundary", "var.permissions_boundary".to_owned()),
            ],
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

#[cfg(test)]
mod tests;
