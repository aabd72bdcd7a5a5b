//! setup's inputs: what the flags say (validated before any network call), and the answers the
//! run works from — every flag, or a person's answer at the wizard — with their way back out as
//! the command line that resumes a stopped run.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::SetupArgs;
use crate::domain::accounts::{AccountAnswers, PerAccount, Selection};
use crate::domain::names::{BucketName, KeyPrefix, PolicyName, UserName};
use crate::domain::plan::NewUser;
use crate::domain::policy::{Access, Partition, PolicyChoice, PolicyType, Scope};
use crate::error::Error;
use crate::ops::policy::over_budget;
use crate::secrets::{Backend, KeyStore};

/// What the flags say, validated before any network call.
#[derive(Debug)]
pub struct Flags {
    pub user: Option<UserName>,
    pub policy_name: Option<PolicyName>,
    /// `None` when neither --bucket nor --all-buckets was given.
    pub choice: Option<PolicyChoice>,
    /// `--policy-type`; `None`: what the user has, inline for a new one.
    pub kind: Option<PolicyType>,
    /// `--dry-run --format cloudformation|terraform`: the template instead of the plan.
    pub template: Option<crate::template::TemplateFormat>,
    pub access: Option<Access>,
    /// An empty prefix is not a valid flag value; `None` means "not given" (asked at a terminal).
    pub prefix: Option<KeyPrefix>,
    pub new_user: NewUser,
    pub adopt: bool,
    pub store: KeyStore,
    pub keyring: Option<Backend>,
    pub show_secret: bool,
    pub wait: Duration,
    pub verify: bool,
    pub probe_locked: bool,
    pub dry_run: bool,
    pub rollback: bool,
    /// `--profiles` / `--org` (or the profiles of `--accounts-file`): the accounts set up (#20).
    pub accounts: Selection,
    /// With several accounts: each one's buckets (`--bucket ACCOUNT:name`, `--accounts-file`).
    pub per_account: PerAccount,
    /// Each of `per_account`'s choices, checked, in its order.
    pub account_choices: Vec<PolicyChoice>,
    pub accounts_file: Option<PathBuf>,
}

pub fn resolve(args: &SetupArgs, interactive: bool) -> Result<Flags, Error> {
    let (accounts, file) = accounts(args)?;
    let (choice, per_account, account_choices) = if accounts == Selection::One {
        (args.policy.to_lib()?, PerAccount::default(), Vec::new())
    } else {
        several(args, file)?
    };
    if choice.is_none() && per_account.is_empty() && !interactive {
        return Err(Error::usage(
            "no buckets chosen, and there is no terminal to ask on",
            if accounts == Selection::One {
                "pass --bucket NAME (repeatable, or comma-separated), or --all-buckets (not recommended)"
            } else {
                "pass --bucket ACCOUNT:NAME for each account (an account id or profile name), --accounts-file, or \
                 --all-buckets (not recommended)"
            },
        ));
    }
    let user = args.user.user_name.as_deref().map(UserName::parse).transpose()?;
    if let Some(path) = &args.new_user.store.keys_file {
        let name = user.as_ref().map_or(UserName::DEFAULT, UserName::as_str);
        crate::secrets::check_target(path, name).map_err(|e| Error::bad_input(&e))?;
    }
    let kind = args.policy_type.map(crate::cli::PolicyTypeArg::to_lib);
    if let Some(choice) = &choice {
        over_budget(choice, args.policy_name.as_deref(), user.as_ref().map(UserName::as_str), kind, Partition::Aws)?;
    }
    Ok(Flags {
        user,
        policy_name: args.policy_name.as_deref().map(PolicyName::parse).transpose()?,
        choice,
        kind,
        template: args.format.to_lib(),
        access: args.policy.access.map(crate::cli::AccessArg::to_lib),
        prefix: args.policy.prefix.as_deref().map(KeyPrefix::parse).transpose()?,
        new_user: args.new_user.to_lib()?,
        adopt: args.new_user.adopt,
        store: args.new_user.store.to_lib(),
        keyring: args.new_user.store.keyring.to_lib(),
        show_secret: args.new_user.show_secret,
        wait: Duration::from_secs(args.wait),
        verify: !args.no_verify,
        probe_locked: args.probe_locked,
        dry_run: args.dry_run,
        rollback: args.rollback_on_failure,
        accounts,
        per_account,
        account_choices,
        accounts_file: args.accounts_file.clone(),
    })
}

/// The accounts of the run and what `--accounts-file` says of them; the file alone names profiles.
fn accounts(args: &SetupArgs) -> Result<(Selection, PerAccount), Error> {
    let mut selection = args.accounts.to_lib()?;
    let Some(path) = &args.accounts_file else { return Ok((selection, PerAccount::default())) };
    let text =
        crate::files::read_text_limited(path, 1 << 20).map_err(|source| Error::Read { path: path.clone(), source })?;
    let file = PerAccount::from_file(&text, &path.display().to_string())?;
    if selection == Selection::One {
        let Some(profiles) = file.profiles() else {
            return Err(Error::usage(
                format!("--accounts-file {} names account ids, which only --org reaches", path.display()),
                "add --org (with --role-name if not OrganizationAccountAccessRole), or name profiles in the file",
            ));
        };
        selection = Selection::Profiles(profiles);
    }
    Ok((selection, file))
}

/// One account's policy choice: its own answers, the flags for what they leave out.
fn account_choice(answers: &AccountAnswers, args: &crate::cli::PolicyArgs) -> Result<PolicyChoice, Error> {
    let access = answers.access.or(args.access.map(crate::cli::AccessArg::to_lib)).unwrap_or(Access::ReadWrite);
    let prefix = answers.prefix.as_deref().or(args.prefix.as_deref());
    let choice = crate::cli::policy_choice(&answers.buckets, answers.all_buckets, access, prefix, &args.kms_keys)?;
    Ok(choice.expect("an account's answers name buckets or all of them"))
}

/// setup over several accounts (#20): the per-account buckets, checked here before any call, and
/// `--all-buckets` for the accounts they do not name.
fn several(args: &SetupArgs, file: PerAccount) -> Result<(Option<PolicyChoice>, PerAccount, Vec<PolicyChoice>), Error> {
    let refuse = |what: &str, fix: &str| Err(Error::usage(format!("{what}, with --profiles or --org"), fix.to_owned()));
    if args.new_user.store.keys_file.is_some() {
        return refuse(
            "--keys-file holds one account's pair, not one per account",
            "leave it out: each account's pair is stored in the keyring under its account and user",
        );
    }
    if args.format.to_lib().is_some() {
        return refuse(
            "--format cloudformation|terraform describes one account",
            "for many accounts deploy the template as a StackSet (docs/templates.md), or leave --format out",
        );
    }
    let per_account = PerAccount::from_flags(&args.policy.buckets)?.with(file);
    let choices =
        per_account.entries().map(|(_, answers)| account_choice(answers, &args.policy)).collect::<Result<_, _>>()?;
    let everywhere = if args.policy.all_buckets { args.policy.to_lib()? } else { None };
    Ok((everywhere, per_account, choices))
}

/// Every answer, from flags or prompts.
#[derive(Debug, Clone)]
pub struct Answers {
    pub user: UserName,
    pub adopt: bool,
    pub policy_name: PolicyName,
    pub choice: PolicyChoice,
    /// `None`: what the user has, inline for a new one.
    pub kind: Option<PolicyType>,
    /// `--keys-file`, or the file the wizard offered when no keyring works.
    pub keys_file: Option<PathBuf>,
}

impl Answers {
    /// A scripted run: every answer is a flag or its default (resolve made sure buckets were given).
    #[must_use]
    pub fn from_flags(flags: &Flags) -> Answers {
        Answers {
            user: flags.user.clone().unwrap_or_else(|| UserName::parse(UserName::DEFAULT).expect("a valid default")),
            adopt: flags.adopt,
            policy_name: flags
                .policy_name
                .clone()
                .unwrap_or_else(|| PolicyName::parse(PolicyName::DEFAULT).expect("a valid default")),
            choice: flags.choice.clone().expect("a scripted run has its buckets from flags"),
            kind: flags.kind,
            keys_file: flags.store.keys_file().map(ToOwned::to_owned),
        }
    }

    #[must_use]
    pub fn prefix(&self) -> Option<String> {
        self.choice.prefix.as_ref().map(|p| p.as_str().to_owned())
    }

    /// The command line that picks up where this run stopped: every answer as a flag.
    #[must_use]
    pub fn resume_command(&self, flags: &Flags, profile: Option<&str>) -> String {
        let mut words: Vec<String> = vec!["pixelshift-aws".into(), "setup".into()];
        if let Some(profile) = profile {
            words.extend(["--profile".into(), profile.to_owned()]);
        }
        words.extend(["--user-name".into(), self.user.to_string()]);
        words.extend(["--policy-name".into(), self.policy_name.to_string()]);
        match &self.choice.scope {
            Scope::AllBuckets => words.push("--all-buckets".into()),
            Scope::Buckets(list) => {
                let mut names: Vec<&str> = list.iter().map(BucketName::as_str).collect();
                names.extend(self.choice.covered.iter().map(|c| c.bucket.as_str()));
                words.extend(["--bucket".into(), names.join(",")]);
            }
        }
        words.extend(["--access".into(), self.choice.access.as_str().into()]);
        if let Some(prefix) = self.prefix() {
            words.extend(["--prefix".into(), prefix]);
        }
        if let Some(kind) = self.kind {
            words.extend(["--policy-type".into(), kind.as_str().into()]);
        }
        if self.adopt {
            words.push("--adopt".into());
        }
        for key in &self.choice.kms_keys {
            words.extend(["--kms-key".into(), key.clone()]);
        }
        if flags.probe_locked {
            words.push("--probe-locked".into());
        }
        if let Some(backend) = flags.keyring {
            words.extend(["--keyring".into(), backend.as_str().into()]);
        }
        if let Some(file) = &self.keys_file {
            words.extend(["--keys-file".into(), file.display().to_string()]);
        }
        // Quoted for POSIX shells; names and paths cannot hold a NUL, the one thing shlex refuses.
        shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "))
    }
}
