//! What create-user puts on an IAM user besides its name: tags and a permissions boundary, checked
//! against IAM's rules before any call so a typo is a clear exit 2, not a half-created user.

use super::Invalid as Error;

/// The tag key this tool sets itself; users cannot override it.
pub const MANAGED_TAG_KEY: &str = "managed-by";
pub const MANAGED_TAG_VALUE: &str = "pixelshift-aws";
/// On a managed policy: the user it was made for (its name alone cannot say, see `policy::managed_index`).
pub const MANAGED_USER_TAG_KEY: &str = "pixelshift-aws:user";
/// On an adopted user: what adoption found, so teardown removes only what this tool added. Its value
/// is the access key ids the user had then, space-separated (empty: none). Inline policies other
/// than the tool's, managed policies it did not make, groups, a console password and the user
/// itself are never the tool's on an adopted user, so they need no record.
pub const ADOPTED_TAG_KEY: &str = "pixelshift-aws:adopted-keys";

/// On an adopted user moved under [`USER_PATH`]: the IAM path it had, so teardown gives it back there.
pub const ADOPTED_PATH_TAG_KEY: &str = "pixelshift-aws:adopted-path";

/// The IAM path of every user this tool manages: `list` finds them with one paginated
/// `ListUsers --path-prefix` instead of reading the tags of every user in the account. The same
/// path as its managed policies'.
pub const USER_PATH: &str = "/pixelshift-aws/";

/// The tags that adopt a user, recording the keys it had (`iam:TagUser`) and, when it is moved
/// under [`USER_PATH`], the path it had.
#[must_use]
pub fn adoption_tags(found_keys: &[String], found_path: Option<&str>) -> Vec<(String, String)> {
    let mut tags = vec![
        (MANAGED_TAG_KEY.to_owned(), MANAGED_TAG_VALUE.to_owned()),
        (ADOPTED_TAG_KEY.to_owned(), found_keys.join(" ")),
    ];
    if let Some(path) = found_path {
        tags.push((ADOPTED_PATH_TAG_KEY.to_owned(), path.to_owned()));
    }
    tags
}

/// Every tag adoption sets: what giving the user back (teardown, or a rollback) removes.
pub const ADOPTION_TAG_KEYS: [&str; 3] = [MANAGED_TAG_KEY, ADOPTED_TAG_KEY, ADOPTED_PATH_TAG_KEY];

/// The path an adopted user had before it was moved under [`USER_PATH`], if it was.
#[must_use]
pub fn adopted_path(tags: &[(String, String)]) -> Option<String> {
    tags.iter().find(|(k, _)| k == ADOPTED_PATH_TAG_KEY).map(|(_, v)| v.clone())
}

/// A user's ARN once it is under [`USER_PATH`]: `arn:aws:iam::1234:user/dir/pix` →
/// `arn:aws:iam::1234:user/pixelshift-aws/pix`.
#[must_use]
pub fn arn_under_user_path(arn: &str, name: &str) -> String {
    let head = arn.split_once(":user/").map_or(arn, |(head, _)| head);
    format!("{head}:user{USER_PATH}{name}")
}

/// The keys an adopted user had when this tool adopted it; `None` for a user it created.
#[must_use]
pub fn adopted_keys(tags: &[(String, String)]) -> Option<Vec<String>> {
    tags.iter().find(|(k, _)| k == ADOPTED_TAG_KEY).map(|(_, v)| v.split_whitespace().map(str::to_owned).collect())
}

/// IAM allows 50 tags per user; one is ours.
pub const MAX_EXTRA_TAGS: usize = 49;

/// IAM's tag characters: Unicode letters, digits and separators (`\p{Z}`: spaces, not tabs or line
/// breaks, which are control characters) and `_ . : / = + - @`.
fn tag_char(c: char) -> bool {
    c.is_alphanumeric()
        || (c.is_whitespace() && !c.is_control())
        || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
}

/// Parses `KEY=VALUE` (IAM tag rules: key 1–128, value 0–256 characters of letters, digits, spaces
/// and `_ . : / = + - @`; keys starting `aws:` are reserved by AWS).
pub fn parse_tag(raw: &str) -> Result<(String, String), Error> {
    let bad = |why: &str| {
        Error::usage(format!("invalid tag `{raw}`: {why}"), "write tags as KEY=VALUE, e.g. --tag team=media")
    };
    let (key, value) = raw.split_once('=').ok_or_else(|| bad("there is no '='"))?;
    let key = key.trim();
    if key.is_empty() || key.chars().count() > 128 {
        return Err(bad("the key must be 1 to 128 characters"));
    }
    if value.chars().count() > 256 {
        return Err(bad("the value must be at most 256 characters"));
    }
    if let Some(c) = key.chars().chain(value.chars()).find(|c| !tag_char(*c)) {
        return Err(bad(&format!("'{c}' is not allowed; use letters, digits, spaces and _ . : / = + - @")));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(bad("keys starting with `aws:` are reserved by AWS"));
    }
    if key == MANAGED_TAG_KEY {
        return Err(bad("`managed-by` is set by pixelshift-aws itself"));
    }
    Ok((key.to_owned(), value.to_owned()))
}

/// The user's tags: ours first, then the extra ones, each key once (the last value wins).
pub fn tags(extra: &[String]) -> Result<Vec<(String, String)>, Error> {
    let mut tags = vec![(MANAGED_TAG_KEY.to_owned(), MANAGED_TAG_VALUE.to_owned())];
    for raw in extra {
        let (key, value) = parse_tag(raw)?;
        tags.retain(|(k, _)| *k != key);
        tags.push((key, value));
    }
    if tags.len() > MAX_EXTRA_TAGS + 1 {
        return Err(Error::usage(
            format!("too many tags: IAM allows 50 per user and `{MANAGED_TAG_KEY}` is one of them"),
            "pass at most 49 --tag options",
        ));
    }
    Ok(tags)
}

/// A managed policy ARN for `--permissions-boundary`: `arn:<partition>:iam::<account|aws>:policy/<path/name>`.
pub fn permissions_boundary(arn: &str) -> Result<String, Error> {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = fields[..] else {
        return Err(Error::usage(
            format!(
                "invalid permissions boundary `{}`: expected a managed policy ARN",
                arn.chars().take(120).collect::<String>()
            ),
            "use e.g. arn:aws:iam::123456789012:policy/PixelshiftBoundary",
        ));
    };
    let account_ok = account == "aws" || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    let path_and_name = resource.strip_prefix("policy/").unwrap_or_default();
    // IAM: a policy name is 1-128 characters of [\w+=,.@-], its path at most 512.
    let (path, name) = path_and_name.rsplit_once('/').unwrap_or(("", path_and_name));
    let name_ok =
        (1..=128).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
    if prefix != "arn"
        || !partition.starts_with("aws")
        || service != "iam"
        || !region.is_empty()
        || !account_ok
        || !name_ok
        || path.len() + 2 > 512
    {
        return Err(Error::usage(
            format!(
                "invalid permissions boundary `{}`: expected a managed policy ARN (a policy name of 1-128 \
                 letters, digits and _+=,.@-)",
                arn.chars().take(120).collect::<String>()
            ),
            "use e.g. arn:aws:iam::123456789012:policy/PixelshiftBoundary",
        ));
    }
    Ok(arn.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_and_validate() {
        assert_eq!(parse_tag("team=media").unwrap(), ("team".to_owned(), "media".to_owned()));
        assert_eq!(parse_tag("note=").unwrap(), ("note".to_owned(), String::new()));
        assert_eq!(parse_tag("url=https://x.example/a").unwrap().1, "https://x.example/a");
        for bad in ["noequals", "=value", "aws:thing=x", "AWS:thing=x", "managed-by=me", "a*b=c", "k=v;"] {
            assert!(parse_tag(bad).is_err(), "{bad}");
        }
        assert!(parse_tag(&format!("{}=v", "k".repeat(129))).is_err());
        assert!(parse_tag(&format!("k={}", "v".repeat(257))).is_err());
    }

    #[test]
    fn ours_first_and_the_last_value_wins() {
        let got = tags(&["team=a".to_owned(), "env=prod".to_owned(), "team=b".to_owned()]).unwrap();
        let want = [("managed-by", "pixelshift-aws"), ("env", "prod"), ("team", "b")];
        assert_eq!(got, want.map(|(k, v)| (k.to_owned(), v.to_owned())));
        let many: Vec<String> = (0..50).map(|i| format!("k{i}=v")).collect();
        assert!(tags(&many).is_err());
    }

    #[test]
    fn boundary_arns() {
        for good in [
            "arn:aws:iam::123456789012:policy/Boundary",
            "arn:aws-cn:iam::123456789012:policy/path/to/Boundary",
            "arn:aws:iam::aws:policy/PowerUserAccess",
        ] {
            assert!(permissions_boundary(good).is_ok(), "{good}");
        }
        for bad in [
            "Boundary",
            "arn:aws:iam::123456789012:role/Boundary",
            "arn:aws:iam::12345:policy/Boundary",
            "arn:aws:s3:::bucket",
            "arn:aws:iam:us-east-1:123456789012:policy/B",
            "arn:aws:iam::123456789012:policy/",
            "arn:aws:iam::123456789012:policy/path/",
            "arn:aws:iam::123456789012:policy/has space",
        ] {
            assert!(permissions_boundary(bad).is_err(), "{bad}");
        }
        let long = format!("arn:aws:iam::123456789012:policy/{}", "p".repeat(129));
        let err = permissions_boundary(&long).unwrap_err().to_string();
        assert!(err.contains("1-128") && err.len() < 400, "named, and the message stays a line: {err}");
    }
}
