//! The file AWS tools read their profiles from (`$AWS_CONFIG_FILE`, else `~/.aws/config`), edited
//! as text: one profile's section is replaced or appended and every other byte is kept, comments,
//! blank lines and all.
//!
//! The file is INI as Python's `configparser` reads it for the AWS CLI (and the SDKs copy): a line
//! `[header]` starts a section; `key = value` (or `key: value`) lines follow; an indented line
//! continues the value above it; lines starting with `#` or `;` are comments. A profile's header is
//! `[profile NAME]`, except the default profile's, `[default]` (`[profile default]` is read too).

use std::fmt::Write as _;
use std::ops::Range;

/// The header of `profile`'s section, as this tool writes it.
#[must_use]
pub fn header(profile: &str) -> String {
    if profile == "default" { "[default]".to_owned() } else { format!("[profile {profile}]") }
}

/// A section's text: its header, then one `key = value` line per setting.
#[must_use]
pub fn section(profile: &str, settings: &[(&str, String)]) -> String {
    let mut text = header(profile);
    text.push('\n');
    for (key, value) in settings {
        let _ = writeln!(text, "{key} = {value}");
    }
    text
}

/// A profile's section found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// From the start of its header line to the end of its last setting line (newline included):
    /// comments and blank lines after the last setting stay with what follows.
    pub range: Range<usize>,
    /// Its settings, in order: keys lower-cased and values trimmed, as `configparser` reads them.
    pub settings: Vec<(String, String)>,
}

/// The section name a header line opens, if the line is one (`configparser`: `[` … `]`).
fn header_name(line: &str) -> Option<&str> {
    let trimmed = line.trim();
    let rest = trimmed.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    Some(&rest[..end])
}

/// Whether section `name` is `profile`'s, as the AWS CLI maps sections to profiles.
fn is_profile(name: &str, profile: &str) -> bool {
    if profile == "default" && name == "default" {
        return true;
    }
    let mut words = name.split_whitespace();
    name.starts_with("profile")
        && words.next() == Some("profile")
        && words.next() == Some(profile)
        && words.next().is_none()
}

fn is_comment_or_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';')
}

/// Every section of `profile` in `text`. The AWS CLI refuses a file with the same section twice;
/// `[default]` and `[profile default]` may both be there.
#[must_use]
pub fn find_all(text: &str, profile: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut current: Option<Found> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some(name) = header_name(line) {
            found.extend(current.take());
            if is_profile(name, profile) {
                current = Some(Found { range: start..offset, settings: Vec::new() });
            }
            continue;
        }
        let Some(section) = current.as_mut() else { continue };
        if is_comment_or_blank(line) {
            continue;
        }
        section.range.end = offset;
        let continuation = line.starts_with([' ', '\t']);
        if continuation && let Some((_, value)) = section.settings.last_mut() {
            value.push('\n');
            value.push_str(line.trim());
        } else {
            let at = line.find(['=', ':']).unwrap_or(line.len());
            let (key, value) = line.split_at(at);
            let value = value.get(1..).unwrap_or_default();
            section.settings.push((key.trim().to_lowercase(), value.trim().to_owned()));
        }
    }
    found.extend(current);
    found
}

/// The value of `key` in `profile`'s section, if the file has that section and setting.
#[must_use]
pub fn get(text: &str, profile: &str, key: &str) -> Option<String> {
    let found = find_all(text, profile);
    let section = found.first()?;
    section.settings.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// What writing a section does to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// No section for the profile: it is appended after the rest.
    Add { text: String },
    /// A section with other settings: it is replaced where it stands.
    Replace { text: String, old: String },
    /// A section with the same settings (whatever their order, spacing and comments): left alone.
    Unchanged,
}

impl Edit {
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Edit::Add { .. } => "added",
            Edit::Replace { .. } => "replaced",
            Edit::Unchanged => "unchanged",
        }
    }
}

/// The file has more than one section for the profile: which one the AWS CLI reads is not ours to
/// guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguous {
    pub count: usize,
}

/// Puts `new_section` (from [`section`]) for `profile` into `text`. Bytes outside the profile's
/// section are kept exactly; a new section is set off from what comes before by a blank line.
pub fn edit(text: &str, profile: &str, new_section: &str) -> Result<Edit, Ambiguous> {
    let found = find_all(text, profile);
    match found.as_slice() {
        [] => {
            let mut new = text.to_owned();
            if !new.is_empty() {
                if !new.ends_with('\n') {
                    new.push('\n');
                }
                if !new.ends_with("\n\n") {
                    new.push('\n');
                }
            }
            new.push_str(new_section);
            Ok(Edit::Add { text: new })
        }
        [section] => {
            let wanted = find_all(new_section, profile).pop().map(|s| s.settings).unwrap_or_default();
            let (mut have, mut want) = (section.settings.clone(), wanted);
            have.sort();
            want.sort();
            if have == want {
                return Ok(Edit::Unchanged);
            }
            let old = text[section.range.clone()].to_owned();
            let new = format!("{}{new_section}{}", &text[..section.range.start], &text[section.range.end..]);
            Ok(Edit::Replace { text: new, old })
        }
        more => Err(Ambiguous { count: more.len() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CP: &str = "/bin/pixelshift-aws keys credential-process --user-name u --account-id 123456789012";

    fn ours(region: &str) -> String {
        section("pixelshift", &[("credential_process", CP.to_owned()), ("region", region.to_owned())])
    }

    const OTHERS: &str = "# my profiles\n[default]\nregion = us-west-2\noutput=json\n\n; prod\n[profile prod]\n\
                          role_arn = arn:aws:iam::1:role/x\nsource_profile = default\n";

    #[test]
    fn a_new_section_is_appended_and_the_rest_kept() {
        let Edit::Add { text } = edit(OTHERS, "pixelshift", &ours("eu-west-1")).unwrap() else { panic!() };
        assert!(text.starts_with(OTHERS), "{text}");
        assert_eq!(&text[OTHERS.len()..], format!("\n{}", ours("eu-west-1")));

        // No trailing newline, and an empty file.
        let Edit::Add { text } = edit("[default]\nregion = x", "pixelshift", &ours("r")).unwrap() else { panic!() };
        assert_eq!(text, format!("[default]\nregion = x\n\n{}", ours("r")));
        assert_eq!(edit("", "pixelshift", &ours("r")).unwrap(), Edit::Add { text: ours("r") });
    }

    #[test]
    fn the_same_settings_are_unchanged_whatever_the_layout() {
        let file = format!("{OTHERS}\n[profile pixelshift]\n# ours\nregion=eu-west-1\ncredential_process   =  {CP}\n");
        assert_eq!(edit(&file, "pixelshift", &ours("eu-west-1")).unwrap(), Edit::Unchanged);
    }

    #[test]
    fn a_differing_section_is_replaced_in_place() {
        let tail = "\n# the next one\n[profile after]\nregion = ap-south-1\n";
        let file = format!("{OTHERS}[profile pixelshift]\naws_access_key_id = AKIA\nregion = us-east-1\n{tail}");
        let Edit::Replace { text, old } = edit(&file, "pixelshift", &ours("eu-west-1")).unwrap() else { panic!() };
        assert_eq!(old, "[profile pixelshift]\naws_access_key_id = AKIA\nregion = us-east-1\n");
        assert_eq!(text, format!("{OTHERS}{}{tail}", ours("eu-west-1")));
    }

    #[test]
    fn default_and_spaced_headers_and_continuations() {
        let file = "[profile   default ]\nregion = a\n[profile pixelshift-2]\nregion = b\n[ profile pixelshift ]\n";
        assert_eq!(find_all(file, "default").len(), 1);
        assert!(find_all(file, "pixelshift").is_empty(), "configparser keeps the spaces: not a profile");
        assert_eq!(get(file, "pixelshift-2", "region").as_deref(), Some("b"));
        let both = "[default]\nregion = a\n[profile default]\nregion = b\n";
        assert_eq!(edit(both, "default", &section("default", &[])), Err(Ambiguous { count: 2 }));

        let continued = "[profile p]\ncredential_process = a\n  b\nRegion: x\n";
        let found = find_all(continued, "p");
        assert_eq!(
            found[0].settings,
            [("credential_process".to_owned(), "a\nb".to_owned()), ("region".to_owned(), "x".to_owned())]
        );
        assert_eq!(found[0].range, 0..continued.len());
    }

    #[test]
    fn headers() {
        assert_eq!(header("default"), "[default]");
        assert_eq!(header("px-prod"), "[profile px-prod]");
    }
}
