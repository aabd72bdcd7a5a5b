//! Which buckets each account of a multi-account setup gets (#20): `--bucket ACCOUNT:name` (or
//! `PROFILE:name`) on the command line, and `--accounts-file` (TOML: an account id or profile name,
//! then its buckets, access and prefix). A bucket name cannot hold `:`, so the split is unambiguous.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::is_account_id;
use crate::domain::Invalid;
use crate::domain::policy::Access;

/// The policy answers given for one account; what is left out comes from the command's flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AccountAnswers {
    #[serde(default)]
    pub buckets: Vec<String>,
    #[serde(default)]
    pub all_buckets: bool,
    #[serde(default, deserialize_with = "access")]
    pub access: Option<Access>,
    pub prefix: Option<String>,
}

fn access<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Access>, D::Error> {
    match String::deserialize(d)?.as_str() {
        "read-write" => Ok(Some(Access::ReadWrite)),
        "read-only" => Ok(Some(Access::ReadOnly)),
        other => Err(serde::de::Error::custom(format!("access `{other}`: it is read-write or read-only"))),
    }
}

/// Where an account's answers were given: a flag naming an account nobody chose is a typo; a
/// shared file may describe more accounts than one run covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Flag,
    File,
}

/// Each named account's answers, in the order they were given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PerAccount(Vec<(String, AccountAnswers, Source)>);

impl PerAccount {
    /// `--bucket` values with `--profiles`/`--org`: each names its account.
    pub fn from_flags(raw: &[String]) -> Result<PerAccount, Invalid> {
        let mut per = PerAccount::default();
        for value in raw {
            let Some((account, bucket)) = value.trim().split_once(':') else {
                return Err(Invalid::usage(
                    format!("--bucket `{value}` names no account, and this run covers several"),
                    format!("write ACCOUNT:{value}, with an account id or profile name (e.g. --bucket prod:{value})"),
                ));
            };
            if account.is_empty() || bucket.is_empty() {
                return Err(Invalid::usage(
                    format!("invalid --bucket `{value}`"),
                    "write ACCOUNT:BUCKET, with an account id or profile name (e.g. --bucket prod:photos)",
                ));
            }
            per.entry(account, Source::Flag).buckets.push(bucket.to_owned());
        }
        Ok(per)
    }

    /// `--accounts-file`'s text; `path` names it in errors.
    pub fn from_file(text: &str, path: &str) -> Result<PerAccount, Invalid> {
        let fix = "each account is a table: [prod] (or [\"123456789012\"]) with buckets = [\"photos\"] or \
                   all-buckets = true, and optionally access = \"read-only\" and prefix = \"img/\"";
        let parsed: BTreeMap<String, AccountAnswers> = toml::from_str(text).map_err(|err| {
            let why = err.message().lines().next().unwrap_or("not valid TOML").to_owned();
            let line = err.span().map(|span| text[..span.start].lines().count().max(1));
            let at = line.map(|n| format!(" (line {n})")).unwrap_or_default();
            Invalid::usage(format!("invalid --accounts-file {path}{at}: {why}"), fix)
        })?;
        if parsed.is_empty() {
            return Err(Invalid::usage(format!("--accounts-file {path} names no account"), fix));
        }
        let mut per = PerAccount::default();
        for (account, answers) in parsed {
            if answers.all_buckets != answers.buckets.is_empty() {
                return Err(Invalid::usage(
                    format!("--accounts-file {path}: account `{account}` needs either buckets or all-buckets = true"),
                    fix,
                ));
            }
            per.0.push((account, answers, Source::File));
        }
        Ok(per)
    }

    fn entry(&mut self, account: &str, source: Source) -> &mut AccountAnswers {
        let at = self.0.iter().position(|(name, _, _)| name == account).unwrap_or_else(|| {
            self.0.push((account.to_owned(), AccountAnswers::default(), source));
            self.0.len() - 1
        });
        &mut self.0[at].1
    }

    /// The file's answers joined to the flags': a flag's buckets add to the file's for the account.
    #[must_use]
    pub fn with(mut self, file: PerAccount) -> PerAccount {
        for (account, answers, _) in file.0 {
            match self.0.iter_mut().find(|(name, _, _)| *name == account) {
                Some((_, mine, source)) => {
                    mine.buckets.extend(answers.buckets);
                    mine.all_buckets |= answers.all_buckets;
                    mine.access = mine.access.or(answers.access);
                    mine.prefix = mine.prefix.take().or(answers.prefix);
                    *source = Source::File;
                }
                None => self.0.push((account, answers, Source::File)),
            }
        }
        self
    }

    /// Each named account (an id or profile) and its answers.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &AccountAnswers)> {
        self.0.iter().map(|(name, answers, _)| (name.as_str(), answers))
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The answers for the account chosen as `label` (a profile, or an id) whose id is `id`.
    #[must_use]
    pub fn find(&self, label: &str, id: &str) -> Option<&AccountAnswers> {
        self.position(label, id).map(|at| &self.0[at].1)
    }

    /// Where [`PerAccount::find`]'s answers are among [`PerAccount::entries`].
    #[must_use]
    pub fn position(&self, label: &str, id: &str) -> Option<usize> {
        self.0.iter().position(|(name, _, _)| name == label || name == id)
    }

    /// The accounts a `--bucket` names that are none of `accounts` (label, id): a typo, said before
    /// anything is written.
    #[must_use]
    pub fn unmatched(&self, accounts: &[(&str, &str)]) -> Vec<&str> {
        let known = |name: &str| accounts.iter().any(|(label, id)| *label == name || *id == name);
        self.0
            .iter()
            .filter(|(name, _, source)| *source == Source::Flag && !known(name))
            .map(|(n, _, _)| n.as_str())
            .collect()
    }

    /// The profiles a file names, for `setup --accounts-file` alone: `None` when it names an
    /// account id, which only `--org` can reach.
    #[must_use]
    pub fn profiles(&self) -> Option<Vec<String>> {
        let names: Vec<String> = self.0.iter().map(|(name, _, _)| name.clone()).collect();
        (!names.iter().any(|n| is_account_id(n))).then_some(names)
    }

    /// `--bucket` values that give `accounts` (label, id) their flag-given buckets again, for a
    /// resume command covering only them.
    #[must_use]
    pub fn flag_buckets_of(&self, accounts: &[(&str, &str)]) -> Vec<String> {
        let chosen = |name: &str| accounts.iter().any(|(label, id)| *label == name || *id == name);
        self.0
            .iter()
            .filter(|(name, _, source)| *source == Source::Flag && chosen(name))
            .flat_map(|(name, answers, _)| answers.buckets.iter().map(move |b| format!("{name}:{b}")))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn each_bucket_flag_names_its_account() {
        let per = PerAccount::from_flags(&strings(&["prod:photos", "111111111111:logs", "prod:thumbs"])).unwrap();
        assert_eq!(per.find("prod", "222222222222").unwrap().buckets, ["photos", "thumbs"]);
        assert_eq!(per.find("staging", "111111111111").unwrap().buckets, ["logs"], "an id matches too");
        assert!(per.find("staging", "333333333333").is_none());
        assert_eq!(per.unmatched(&[("prod", "222222222222")]), ["111111111111"]);
        assert_eq!(per.flag_buckets_of(&[("prod", "2")]), ["prod:photos", "prod:thumbs"]);

        let bare = PerAccount::from_flags(&strings(&["photos"])).unwrap_err();
        assert!(bare.message.contains("`photos` names no account"), "{}", bare.message);
        assert!(bare.hint.contains("ACCOUNT:photos"), "{}", bare.hint);
        assert!(PerAccount::from_flags(&strings(&["prod:"])).is_err());
    }

    #[test]
    fn the_accounts_file_gives_each_account_its_answers() {
        let text = "[prod]\nbuckets = [\"photos\"]\naccess = \"read-only\"\nprefix = \"img/\"\n\n\
                    [\"111111111111\"]\nall-buckets = true\n";
        let per = PerAccount::from_file(text, "accounts.toml").unwrap();
        let prod = per.find("prod", "2").unwrap();
        assert_eq!((prod.access, prod.prefix.as_deref()), (Some(Access::ReadOnly), Some("img/")));
        assert!(per.find("x", "111111111111").unwrap().all_buckets);
        assert!(per.unmatched(&[]).is_empty(), "a file may name accounts this run does not cover");
        assert_eq!(per.profiles(), None, "an account id needs --org");
        let only_profiles = PerAccount::from_file("[a]\nbuckets = [\"x\"]\n[b]\nbuckets = [\"y\"]\n", "f").unwrap();
        assert_eq!(only_profiles.profiles(), Some(strings(&["a", "b"])));

        let flags = PerAccount::from_flags(&strings(&["prod:thumbs"])).unwrap().with(per);
        assert_eq!(flags.find("prod", "2").unwrap().buckets, ["thumbs", "photos"]);

        for (bad, says) in [
            ("[prod]\nbucket = [\"x\"]\n", "unknown field `bucket`"),
            ("[prod\nbuckets = 1\n", "(line 1)"),
            ("[prod]\naccess = \"write\"\nbuckets = [\"x\"]\n", "read-write or read-only"),
            ("[prod]\nprefix = \"x/\"\n", "needs either buckets or all-buckets"),
            ("", "names no account"),
        ] {
            let err = PerAccount::from_file(bad, "accounts.toml").unwrap_err();
            assert!(err.message.contains(says) && err.message.contains("accounts.toml"), "{bad:?}: {}", err.message);
        }
    }
}
