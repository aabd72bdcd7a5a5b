//! HCL laid out as `terraform fmt` would: blocks, runs of aligned `key = value` lines, maps, the
//! policy heredoc, and quoted strings with HCL's escapes.

use std::fmt::Write as _;

use crate::template::document_lines;

/// The heredoc delimiter. No line of a JSON object can be this word alone, so it cannot end early.
pub(super) const MARKER: &str = "EOT";

/// A top-level block after a blank line: `header {`, its body, `}`.
pub(super) fn block(out: &mut String, header: &str, body: impl FnOnce(&mut String)) {
    out.push('\n');
    block_at(out, 0, header, body);
}

pub(super) fn block_at(out: &mut String, level: usize, header: &str, body: impl FnOnce(&mut String)) {
    let indent = "  ".repeat(level);
    let _ = writeln!(out, "{indent}{header} {{");
    body(out);
    let _ = writeln!(out, "{indent}}}");
}

/// One run of `key = value` lines at `level`, the `=` signs lined up as `terraform fmt` does. Keys
/// are ASCII (identifiers, or strings from [`hcl_str`]), so their width in columns is their length.
pub(super) fn attributes<K: AsRef<str>>(out: &mut String, level: usize, run: &[(K, String)]) {
    let indent = "  ".repeat(level);
    let width = run.iter().map(|(key, _)| key.as_ref().len()).max().unwrap_or(0);
    for (key, value) in run {
        let key = key.as_ref();
        debug_assert!(key.is_ascii(), "alignment counts columns as bytes");
        let _ = writeln!(out, "{indent}{key:width$} = {value}");
    }
}

/// `name = { … }` with one aligned entry per line.
pub(super) fn map(out: &mut String, level: usize, name: &str, entries: &[(String, String)]) {
    let indent = "  ".repeat(level);
    let _ = writeln!(out, "{indent}{name} = {{");
    attributes(out, level + 1, entries);
    let _ = writeln!(out, "{indent}}}");
}

/// The policy attribute's value for an attribute at `level`: an indented heredoc (`<<-` removes the
/// indentation common to its lines: exactly the indentation added here, since the document's
/// opening brace starts its line). Blank lines get no indentation: Terraform leaves them as they
/// are. A document that cannot be embedded line by line becomes one quoted string.
pub(super) fn policy_value(document: &str, level: usize) -> String {
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
pub(super) fn hcl_str(text: &str) -> String {
    format!("\"{}\"", escape_str(text))
}

/// The inside of a quoted HCL string: backslash escapes for quotes, backslashes and control
/// characters, the template escapes for `${` and `%{`, and `\u` escapes for everything beyond ASCII —
/// `terraform fmt` aligns by grapheme clusters, which all-ASCII text makes equal to bytes.
pub(super) fn escape_str(text: &str) -> String {
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
