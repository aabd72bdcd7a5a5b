//! `setup`: the whole job — user, key, policy, attach, verify — as a wizard at a terminal, or from
//! flags in a script. One code path: a flag answers its question, and a question without a flag is
//! asked only when a person can answer it (otherwise it is an error naming the flag).
//!
//! Safe to re-run: the current state is read first and turned into a plan (`domain::plan`), which
//! `--dry-run` prints; existing things are reused and nothing is written twice. When a step fails,
//! setup says what this run created and the exact command that resumes — or, with
//! `--rollback-on-failure`, removes what this run created.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};

use super::attach_policy;
use super::create_user::{self, Placement, UserOutcome};
use super::make_policy::{ResolvedPolicy, explain, report_size, resolve_policy};
use super::verify::{self, Target};
use super::{Context, blocking};
use crate::aws::iam::{self, User};
use crate::aws::{Aws, Identity, s3};
use crate::cli::{AccessArg, PolicyArgs, SetupArgs};
use crate::console::{Console, thousands};
use crate::domain::names::{BucketName, KeyPrefix, PolicyName, UserName};
use crate::domain::plan::{Blocker, Observed, ObservedUser, Step, plan};
use crate::domain::policy::{INLINE_BUDGET, Scope};
use crate::error::Error;
use crate::secrets::Keyring;

/// What the flags say, validated before any network call.
#[derive(Debug)]
struct Flags {
    /// Everything about the user but its name, which `user` holds when it was given. The
    /// request's own `user` is a placeholder until then, and its `adopt` may be changed by an answer.
    new_user: create_user::Request,
    user: Option<UserName>,
    policy_name: Option<PolicyName>,
    /// `None` when neither --bucket nor --all-buckets was given.
    policy: Option<ResolvedPolicy>,
    access: Option<AccessArg>,
    /// `None`: not given (asked at a terminal). An empty prefix is not a valid flag value.
    prefix: Option<KeyPrefix>,
    wait: u64,
    verify: bool,
    dry_run: bool,
    rollback: bool,
}

fn resolve(args: SetupArgs, interactive: bool) -> Result<Flags, Error> {
    let given = !args.policy.buckets.is_empty() || args.policy.all_buckets;
    if !given && !interactive {
        return Err(Error::usage(
            "no buckets chosen, and there is no terminal to ask on",
            "pass --bucket NAME (repeatable, or comma-separated), or --all-buckets (not recommended)",
        ));
    }
    // The partition is only known after connecting; names are checked now.
    let policy = if given { Some(resolve_policy(&args.policy, crate::domain::policy::Partition::Aws)?) } else { None };
    Ok(Flags {
        user: args.user.user_name.as_deref().map(UserName::parse).transpose()?,
        policy_name: args.policy_name.as_deref().map(PolicyName::parse).transpose()?,
        policy,
        access: args.policy.access,
        prefix: args.policy.prefix.as_deref().map(KeyPrefix::parse).transpose()?,
        new_user: create_user::resolve_new_user(
            UserName::parse(UserName::DEFAULT).expect("the default is valid"),
            args.new_user,
        )?,
        wait: args.wait,
        verify: !args.no_verify,
        dry_run: args.dry_run,
        rollback: args.rollback_on_failure,
    })
}

/// Every answer, from flags or prompts.
#[derive(Debug)]
struct Answers {
    user: UserName,
    adopt: bool,
    policy_name: PolicyName,
    policy: ResolvedPolicy,
    /// The buckets as the operator chose them, for the resume command.
    bucket_args: PolicyArgs,
}

pub async fn execute(args: SetupArgs, ctx: &Context) -> anyhow::Result<()> {
    let flags = resolve(args, ctx.interactive)?;
    let console = &ctx.console;
    let (aws, identity) = ctx.admin().await?;
    if ctx.interactive && !ctx.confirm.confirm("Continue with this account?", true)? {
        return Err(Error::Declined("stopped before changing anything".to_owned()).into());
    }
    let answers = ask(&flags, &aws, &identity, ctx).await?;
    let document = answers.policy.spec.document().to_pretty_json();
    let observed = observe(&answers, &flags, &aws, &identity).await?;
    let steps = plan(&observed, &document, answers.adopt, flags.verify).map_err(|b| blocked(b, &answers))?;

    if flags.dry_run {
        return print_plan(&steps, &answers, &identity, &document, console);
    }
    if ctx.interactive {
        console.info(format_args!("\nThe plan for `{}`:", answers.user));
        for step in &steps {
            console.info(format_args!("  {}", describe(step, &answers)));
        }
        if !ctx.confirm.prompter().confirm("Create the user, store its key and attach this policy?", true, "--yes")? {
            return Err(Error::Declined("stopped before changing anything".to_owned()).into());
        }
    }

    // From here on AWS is changed. Ctrl-C must not cut a step in half (a new secret could be lost
    // between CreateAccessKey and the keyring), so it is noted and honoured between steps.
    let interrupted = watch_interrupts();
    let defer = crate::interrupt::Defer::new();
    let mut journal = Journal { user_was_missing: observed.user.is_none(), ..Journal::default() };
    let created = match ensure_user_and_key(&answers, &flags, &aws, &identity, console).await {
        Ok(created) => created,
        Err(err) => return Err(fail(err, journal, &answers, &flags, &aws, ctx).await.into()),
    };
    journal.record(&created);
    if interrupted.load(Ordering::SeqCst) {
        return Err(fail(Error::Interrupted, journal, &answers, &flags, &aws, ctx).await.into());
    }
    let attached =
        match attach_policy::attach(&answers.user, &answers.policy_name, &document, answers.adopt, &aws, ctx).await {
            Ok(attached) => attached,
            Err(err) => return Err(fail(err, journal, &answers, &flags, &aws, ctx).await.into()),
        };
    if interrupted.load(Ordering::SeqCst) {
        return Err(fail(Error::Interrupted, journal, &answers, &flags, &aws, ctx).await.into());
    }

    drop(defer);
    let verification = if flags.verify {
        let target = Target {
            buckets: verify_targets(&answers, &aws, console).await?,
            access: answers.policy.spec.access,
            prefix: answers.policy.spec.prefix.as_ref().map(|p| p.as_str().to_owned()),
            wait: std::time::Duration::from_secs(flags.wait),
        };
        let admin_s3 = s3::client(&aws.config, None);
        Some(verify::run_checks(&aws.config, Some(admin_s3), &created.key, None, target, console).await?)
    } else {
        None
    };

    report(&created, &attached, verification.as_ref(), &identity, &answers, flags.new_user.show_secret, console)?;
    if ctx.interactive
        && !flags.new_user.show_secret
        && ctx.confirm.prompter().confirm(
            "Show the key pair now, to paste into the Pixelshift dashboard?",
            false,
            "--show-secret",
        )?
    {
        console.secret_line(format_args!("AccessKeyId:     {}", created.key.access_key_id));
        console.secret_line(format_args!("SecretAccessKey: {}", created.key.secret_access_key.expose()));
    }
    let again = match (&created.placement.keyring, &created.placement.file) {
        (None, Some(file)) => {
            format!("pixelshift-aws keys show --keys-file {} --reveal", quote(&file.display().to_string()))
        }
        _ => format!("pixelshift-aws keys show --user-name {} --reveal", answers.user),
    };
    console.info(format_args!("The key pair is shown again with `{again}`"));
    if let Some(v) = verification {
        v.judge(&created.key)?;
    }
    Ok(())
}

fn report(
    created: &create_user::Outcome,
    attached: &attach_policy::Outcome,
    verification: Option<&verify::Verification>,
    identity: &Identity,
    answers: &Answers,
    show_secret: bool,
    console: &Console,
) -> anyhow::Result<()> {
    if console.is_json() {
        let mut doc = created.to_json(identity, show_secret);
        doc["policy_name"] = json!(attached.policy_name);
        doc["policy_size"] = json!(attached.size);
        doc["aggregate_size"] = json!(attached.aggregate);
        doc["policy_change"] = json!(attached.change.as_str());
        doc["verify"] = verification.map_or(Value::Null, |v| v.to_json(answers.user.as_str(), &created.key));
        console.json(&doc)?;
    } else {
        let mut text = format!(
            "user          {} ({})\naccess key    {} ({}){}\npolicy        {} ({}, {} of {} characters)\n",
            created.user.arn,
            created.user_outcome.as_str(),
            created.key.access_key_id,
            if created.key_created { "created" } else { "reused" },
            stored_where(&created.placement),
            attached.policy_name,
            attached.change.as_str(),
            thousands(attached.aggregate),
            thousands(INLINE_BUDGET),
        );
        if show_secret {
            let _ = writeln!(text, "secret key    {}", created.key.secret_access_key.expose());
        }
        if let Some(v) = verification {
            text.push('\n');
            text.push_str(&v.table());
        }
        console.out(&text)?;
    }
    Ok(())
}

fn stored_where(placement: &Placement) -> String {
    match (placement.keyring, &placement.file) {
        (Some(b), Some(f)) => format!(", stored in {} and {}", b.describe(), f.display()),
        (Some(b), None) => format!(", stored in {}", b.describe()),
        (None, Some(f)) => format!(", stored in {}", f.display()),
        (None, None) => String::new(),
    }
}

fn watch_interrupts() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&flag);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            seen.store(true, Ordering::SeqCst);
        }
    });
    flag
}

async fn ensure_user_and_key(
    answers: &Answers,
    flags: &Flags,
    aws: &Aws,
    identity: &Identity,
    console: &Console,
) -> Result<create_user::Outcome, Error> {
    let request = create_user::Request {
        user: answers.user.clone(),
        adopt: answers.adopt,
        show_secret: false,
        ..flags.new_user.clone()
    };
    let outcome = create_user::ensure(&request, aws, identity, console).await?;
    if outcome.placement.printed {
        return Err(Error::refused(
            "the access key was created but could not be stored; it was printed above",
            "copy it now (AWS will not show the secret again), then fix the keyring or pass --keys-file",
        ));
    }
    Ok(outcome)
}

// ---------------------------------------------------------------------------------------------
// Questions
// ---------------------------------------------------------------------------------------------

async fn ask(flags: &Flags, aws: &Aws, identity: &Identity, ctx: &Context) -> Result<Answers, Error> {
    let console = &ctx.console;
    let prompter = ctx.confirm.prompter();
    let (user, adopt) = ask_user(flags, aws, ctx).await?;

    let bucket_args = match &flags.policy {
        Some(_) => None,
        None => Some(ask_buckets(aws, ctx).await?),
    };
    let access = match flags.access {
        Some(access) => Some(access),
        None if ctx.interactive => {
            let items = ["read-write (Pixelshift reads sources and writes results)", "read-only"].map(str::to_owned);
            Some(match prompter.select("Access level", &items, 0, "--access")? {
                0 => AccessArg::ReadWrite,
                _ => AccessArg::ReadOnly,
            })
        }
        None => None,
    };
    let prefix = match &flags.prefix {
        Some(prefix) => Some(prefix.clone()),
        None if ctx.interactive => loop {
            let raw = prompter.input("Limit to a key prefix (empty for the whole bucket)", None, true, "--prefix")?;
            if raw.trim().is_empty() {
                break None;
            }
            match KeyPrefix::parse(raw.trim()) {
                Ok(prefix) => break Some(prefix),
                Err(err) => console.warn(err),
            }
        },
        None => None,
    };

    // Build the policy from the chosen buckets (flags or answers) with the caller's partition.
    let mut args = match (&bucket_args, &flags.policy) {
        (Some(args), _) => args.clone_args(),
        (None, Some(policy)) => policy_args_of(policy),
        (None, None) => unreachable!("buckets come from flags or answers"),
    };
    args.access = access;
    args.prefix = prefix.as_ref().map(|p| p.as_str().to_owned());
    let policy = resolve_policy(&args, identity.partition)?;
    explain(&policy, console);
    let document = policy.spec.document();
    if ctx.interactive {
        console.info(format_args!("\nThe inline policy:\n{}", document.to_pretty_json().trim_end()));
        report_size(document.iam_size(), console);
    }

    let policy_name = match &flags.policy_name {
        Some(name) => name.clone(),
        None if ctx.interactive => loop {
            let raw = prompter.input("Inline policy name", Some(PolicyName::DEFAULT), false, "--policy-name")?;
            match PolicyName::parse(raw.trim()) {
                Ok(name) => break name,
                Err(err) => console.warn(err),
            }
        },
        None => PolicyName::parse(PolicyName::DEFAULT).expect("the default is valid"),
    };
    Ok(Answers { user, adopt, policy_name, policy, bucket_args: args })
}

/// `PolicyArgs` is a clap type without Clone; setup copies it field by field.
trait CloneArgs {
    fn clone_args(&self) -> PolicyArgs;
}

impl CloneArgs for PolicyArgs {
    fn clone_args(&self) -> PolicyArgs {
        PolicyArgs {
            buckets: self.buckets.clone(),
            all_buckets: self.all_buckets,
            access: self.access,
            prefix: self.prefix.clone(),
        }
    }
}

fn policy_args_of(policy: &ResolvedPolicy) -> PolicyArgs {
    let (buckets, all_buckets) = match &policy.spec.scope {
        Scope::AllBuckets => (Vec::new(), true),
        Scope::Buckets(list) => {
            let mut names: Vec<String> = list.iter().map(|b| b.as_str().to_owned()).collect();
            names.extend(policy.covered.iter().map(|c| c.bucket.as_str().to_owned()));
            (names, false)
        }
    };
    PolicyArgs { buckets, all_buckets, access: None, prefix: None }
}

async fn ask_user(flags: &Flags, aws: &Aws, ctx: &Context) -> Result<(UserName, bool), Error> {
    let console = &ctx.console;
    let prompter = ctx.confirm.prompter();
    loop {
        let name = match &flags.user {
            Some(name) => name.clone(),
            None if ctx.interactive => {
                let raw =
                    prompter.input("IAM user name for Pixelshift", Some(UserName::DEFAULT), false, "--user-name")?;
                match UserName::parse(raw.trim()) {
                    Ok(name) => name,
                    Err(err) => {
                        console.warn(err);
                        continue;
                    }
                }
            }
            None => UserName::parse(UserName::DEFAULT).expect("the default is valid"),
        };
        if !ctx.interactive {
            return Ok((name, flags.new_user.adopt));
        }
        let Some(existing) = iam::get_user(&aws.iam, name.as_str()).await? else {
            return Ok((name, flags.new_user.adopt));
        };
        show_user(&existing, aws, console).await?;
        if existing.is_managed() {
            if prompter.confirm(&format!("Reuse user `{name}`?"), true, "--user-name")? {
                return Ok((name, flags.new_user.adopt));
            }
        } else if flags.new_user.adopt
            || prompter.confirm(&format!("Adopt `{name}` (tag it managed-by=pixelshift-aws)?"), false, "--adopt")?
        {
            return Ok((name, true));
        }
        if flags.user.is_some() {
            return Err(Error::Declined(format!("not using IAM user `{name}`; choose another with --user-name")));
        }
    }
}

async fn show_user(user: &User, aws: &Aws, console: &Console) -> Result<(), Error> {
    console.info(format_args!("IAM user `{}` already exists ({}):", user.name, user.arn));
    let tags: Vec<String> = user.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    console.info(format_args!("  tags: {}", if tags.is_empty() { "none".to_owned() } else { tags.join(", ") }));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    for key in iam::list_access_keys(&aws.iam, &user.name).await? {
        let age = key.created_epoch.map_or_else(|| key.created.clone(), |created| age(created, now));
        console.info(format_args!(
            "  access key {} ({}, {age})",
            key.id,
            if key.active { "active" } else { "inactive" }
        ));
    }
    let policies = iam::list_user_policies(&aws.iam, &user.name).await?;
    console.info(format_args!(
        "  inline policies: {}",
        if policies.is_empty() { "none".to_owned() } else { policies.join(", ") }
    ));
    Ok(())
}

async fn ask_buckets(aws: &Aws, ctx: &Context) -> Result<PolicyArgs, Error> {
    let console = &ctx.console;
    let prompter = ctx.confirm.prompter();
    let listed = match s3::list_buckets(&s3::client(&aws.config, None)).await {
        Ok(mut list) => {
            list.sort();
            list
        }
        Err(err) => {
            console.warn(format_args!("cannot list the account's buckets ({err}); type their names instead"));
            Vec::new()
        }
    };
    loop {
        let items =
            ["Specific buckets (recommended)", "All buckets in the account (not recommended)"].map(str::to_owned);
        if prompter.select("Which buckets may Pixelshift use?", &items, 0, "--bucket")? == 1 {
            if prompter.confirm("Grant access to every bucket, including future ones?", false, "--all-buckets")? {
                return Ok(PolicyArgs { buckets: Vec::new(), all_buckets: true, access: None, prefix: None });
            }
            continue;
        }
        let mut chosen: Vec<String> = if listed.is_empty() {
            Vec::new()
        } else {
            let picked = prompter.multi_select("Pick buckets (space selects, enter confirms)", &listed, "--bucket")?;
            picked.into_iter().map(|i| listed[i].clone()).collect()
        };
        let other = prompter.input("Other buckets, comma-separated (empty for none)", None, true, "--bucket")?;
        let mut valid = true;
        for raw in other.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match BucketName::parse(raw) {
                Ok(name) => chosen.push(name.as_str().to_owned()),
                Err(err) => {
                    console.warn(err);
                    valid = false;
                }
            }
        }
        if !valid {
            continue;
        }
        if chosen.is_empty() {
            console.warn("choose at least one bucket");
            continue;
        }
        return Ok(PolicyArgs { buckets: chosen, all_buckets: false, access: None, prefix: None });
    }
}

// ---------------------------------------------------------------------------------------------
// State, plan, dry run
// ---------------------------------------------------------------------------------------------

async fn observe(answers: &Answers, flags: &Flags, aws: &Aws, identity: &Identity) -> Result<Observed, Error> {
    let name = answers.user.as_str();
    let Some(existing) = iam::get_user(&aws.iam, name).await? else {
        return Ok(Observed::default());
    };
    let keys = iam::list_access_keys(&aws.iam, name).await?;
    let (current_policy, others) = iam::inline_policies(&aws.iam, name, answers.policy_name.as_str()).await?;
    let other_policies_size = others.iter().map(|(_, size)| size).sum();
    Ok(Observed {
        user: Some(ObservedUser {
            managed: existing.is_managed(),
            keys: keys.into_iter().map(|k| (k.id, k.active)).collect(),
        }),
        stored_key: stored_key_id(flags, answers, &identity.account_id).await,
        current_policy,
        other_policies_size,
    })
}

/// The id of the key stored for this user, found as create-user finds it (keyring, then key file).
/// A keyring that cannot be opened or read counts as "nothing stored": the plan then shows a new
/// key, and the real run reports the keyring's error.
async fn stored_key_id(flags: &Flags, answers: &Answers, account_id: &str) -> Option<String> {
    let request = create_user::Request { user: answers.user.clone(), ..flags.new_user.clone() };
    let choice = request.keyring;
    let keyring = blocking(move || Keyring::open(choice).ok()).await.map(Arc::new);
    let found = create_user::stored_key(keyring.as_ref(), &request, account_id).await.ok().flatten();
    found.map(|(key, _)| key.access_key_id)
}

fn blocked(blocker: Blocker, answers: &Answers) -> Error {
    let name = answers.user.as_str();
    match blocker {
        Blocker::Unmanaged => Error::usage(
            format!("IAM user `{name}` exists but was not created by pixelshift-aws (no managed-by tag)"),
            "pass --adopt to take it over (it gets tagged managed-by=pixelshift-aws), or choose another --user-name",
        ),
        Blocker::KeyLimit => Error::refused(
            format!("`{name}` already has two access keys (IAM's limit, inactive keys count too), none stored here"),
            format!(
                "delete a key nobody uses with `aws iam delete-access-key --user-name {name} --access-key-id ID`, \
                 then run setup again; pixelshift-aws never deletes keys itself"
            ),
        ),
        Blocker::OverBudget { total } => Error::usage(
            format!(
                "the inline policies of `{name}` would total {} characters, over IAM's {}-character limit",
                thousands(total),
                thousands(INLINE_BUDGET)
            ),
            "use fewer buckets, a `name-*` pattern for buckets that share a prefix, or --all-buckets; \
             or remove an inline policy the user no longer needs (aws iam delete-user-policy)",
        ),
    }
}

/// The AWS call (or local action) of a step, as `--dry-run` prints it.
fn describe(step: &Step, answers: &Answers) -> String {
    let (user, policy) = (answers.user.as_str(), answers.policy_name.as_str());
    match step {
        Step::CreateUser => format!("iam:CreateUser {user}"),
        Step::AdoptUser => format!("iam:TagUser {user} managed-by=pixelshift-aws"),
        Step::CreateAccessKey => format!("iam:CreateAccessKey {user}"),
        Step::StoreKey => "keyring: store the new key pair".to_owned(),
        Step::PutPolicy { replace: false } => format!("iam:PutUserPolicy {user} {policy}"),
        Step::PutPolicy { replace: true } => format!("iam:PutUserPolicy {user} {policy} (replaces a different policy)"),
        Step::Verify => "verify: probe each bucket with the user's own key".to_owned(),
    }
}

fn print_plan(
    steps: &[Step],
    answers: &Answers,
    identity: &Identity,
    document: &str,
    console: &Console,
) -> anyhow::Result<()> {
    let changes = steps.iter().filter(|s| **s != Step::Verify).count();
    if console.is_json() {
        let plan: Vec<Value> = steps
            .iter()
            .map(|step| {
                let text = describe(step, answers);
                let (action, target) = text.split_once(' ').unwrap_or((text.as_str(), ""));
                json!({ "action": action.trim_end_matches(':'), "target": target })
            })
            .collect();
        let policy: Value = serde_json::from_str(document)?;
        console.json(&json!({ "dry_run": true, "account_id": identity.account_id, "plan": plan, "policy": policy }))?;
        return Ok(());
    }
    console.info(format_args!(
        "Dry run for `{}` in account {}: {} — nothing was changed",
        answers.user,
        identity.account_id,
        if changes == 0 { "nothing to change".to_owned() } else { format!("{changes} change(s)") }
    ));
    let mut lines: Vec<String> = steps.iter().map(|s| describe(s, answers)).collect();
    lines.push(document.to_owned());
    let text = lines.join("\n");
    console.out(&text)?;
    Ok(())
}

async fn verify_targets(answers: &Answers, aws: &Aws, console: &Console) -> Result<Vec<String>, Error> {
    match &answers.policy.spec.scope {
        Scope::Buckets(list) if list.iter().all(|b| !b.is_pattern()) => {
            Ok(list.iter().map(|b| b.as_str().to_owned()).collect())
        }
        scope => {
            // Patterns and all-buckets: check the buckets that exist and match, like verify does.
            let listed = s3::list_buckets(&s3::client(&aws.config, None)).await?;
            let mut names: Vec<String> = listed
                .into_iter()
                .filter(|b| match scope {
                    Scope::AllBuckets => true,
                    Scope::Buckets(list) => list
                        .iter()
                        .any(|p| p.as_str().strip_suffix('*').map_or(p.as_str() == b, |stem| b.starts_with(stem))),
                })
                .collect();
            names.truncate(20);
            if names.is_empty() {
                console.warn("no existing bucket matches the policy yet; nothing to verify");
            }
            Ok(names)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Failure: resume or roll back
// ---------------------------------------------------------------------------------------------

/// What this run created, so a failure can say so — or undo it.
#[derive(Debug, Default)]
struct Journal {
    user_was_missing: bool,
    user_created: bool,
    key: Option<(String, Placement)>,
    /// The account of the stored key: its keyring entry is `<account>/<user>`.
    account_id: String,
}

impl Journal {
    fn record(&mut self, created: &create_user::Outcome) {
        self.user_created = created.user_outcome == UserOutcome::Created;
        self.account_id.clone_from(&created.key.account_id);
        if created.key_created {
            let placement = Placement {
                keyring: created.placement.keyring,
                file: created.placement.file.clone(),
                printed: created.placement.printed,
            };
            self.key = Some((created.key.access_key_id.clone(), placement));
        }
    }
}

async fn fail(err: Error, mut journal: Journal, answers: &Answers, flags: &Flags, aws: &Aws, ctx: &Context) -> Error {
    let console = &ctx.console;
    let name = answers.user.as_str();
    // create-user may have made the user before failing on the key: look, rather than guess.
    if journal.user_was_missing && !journal.user_created {
        journal.user_created = matches!(iam::get_user(&aws.iam, name).await, Ok(Some(_)));
    }
    let mut made = Vec::new();
    if journal.user_created {
        made.push(format!("IAM user `{name}`"));
    }
    if let Some((key, _)) = &journal.key {
        made.push(format!("access key {key}"));
    }
    if made.is_empty() {
        return err;
    }
    if flags.rollback {
        let undone = roll_back(&journal, answers, aws, console).await;
        console.info(format_args!("Rolled back: {}", undone.join(", ")));
    } else {
        console.warn(format_args!("setup stopped; this run created {}", made.join(" and ")));
        console.info(format_args!("Resume with: {}", resume_command(answers, flags, ctx)));
    }
    err
}

async fn roll_back(journal: &Journal, answers: &Answers, aws: &Aws, console: &Console) -> Vec<String> {
    let name = answers.user.as_str();
    let mut undone = Vec::new();
    if let Some((key, placement)) = &journal.key {
        match iam::delete_access_key(&aws.iam, name, key).await {
            Ok(()) => undone.push(format!("deleted access key {key}")),
            Err(err) => console.warn(format_args!("could not delete access key {key}: {err}")),
        }
        if let Some(backend) = placement.keyring {
            let (account, user) = (journal.account_id.clone(), name.to_owned());
            let removed = blocking(move || Keyring::open(Some(backend))?.delete(&account, &user)).await;
            match removed {
                Ok(_) => undone.push(format!("removed it from {}", backend.describe())),
                Err(err) => console.warn(format_args!("could not remove the stored key: {err}")),
            }
        }
        if let Some(file) = &placement.file {
            match std::fs::remove_file(file) {
                Ok(()) => undone.push(format!("removed {}", file.display())),
                Err(err) => console.warn(format_args!("could not remove {}: {err}", file.display())),
            }
        }
    }
    if journal.user_created {
        match iam::delete_user(&aws.iam, name).await {
            Ok(()) => undone.push(format!("deleted IAM user `{name}`")),
            Err(err) => console.warn(format_args!("could not delete IAM user `{name}`: {err}")),
        }
    }
    undone
}

/// The command line that picks up where this run stopped: every answer as a flag.
fn resume_command(answers: &Answers, flags: &Flags, ctx: &Context) -> String {
    let mut words = vec!["pixelshift-aws".to_owned()];
    if let Some(profile) = &ctx.settings.profile {
        words.extend(["--profile".to_owned(), quote(profile)]);
    }
    words.extend(["setup".to_owned(), "--user-name".to_owned(), quote(answers.user.as_str())]);
    words.extend(["--policy-name".to_owned(), quote(answers.policy_name.as_str())]);
    if answers.bucket_args.all_buckets {
        words.push("--all-buckets".to_owned());
    } else {
        words.extend(["--bucket".to_owned(), quote(&answers.bucket_args.buckets.join(","))]);
    }
    words.extend(["--access".to_owned(), answers.policy.spec.access.as_str().to_owned()]);
    if let Some(prefix) = &answers.policy.spec.prefix {
        words.extend(["--prefix".to_owned(), quote(prefix.as_str())]);
    }
    if answers.adopt {
        words.push("--adopt".to_owned());
    }
    if let Some(backend) = flags.new_user.keyring {
        words.extend(["--keyring".to_owned(), backend.as_str().to_owned()]);
    }
    if let Some(file) = &flags.new_user.keys_file {
        words.extend(["--keys-file".to_owned(), quote(&file.display().to_string())]);
    }
    words.join(" ")
}

/// How long ago `created` was, in the largest whole unit: "created 3 days ago".
fn age(created: i64, now: u64) -> String {
    let seconds = u64::try_from(created).map_or(0, |c| now.saturating_sub(c));
    let (n, unit) = match seconds {
        s if s < 120 => return "created just now".to_owned(),
        s if s < 7_200 => (s / 60, "minute"),
        s if s < 172_800 => (s / 3_600, "hour"),
        s => (s / 86_400, "day"),
    };
    format!("created {n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// Single-quotes a word for POSIX shells when it needs it.
fn quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_.,/=@:+".contains(c)) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::{age, quote};

    #[test]
    fn key_ages() {
        let now = 1_000_000_000;
        assert_eq!(age(1_000_000_000 - 30, now), "created just now");
        assert_eq!(age(1_000_000_000 - 600, now), "created 10 minutes ago");
        assert_eq!(age(1_000_000_000 - 3 * 3_600, now), "created 3 hours ago");
        assert_eq!(age(1_000_000_000 - 86_400 * 400, now), "created 400 days ago");
        assert_eq!(age(1_000_000_000 + 50, now), "created just now", "clock skew is not negative age");
    }

    #[test]
    fn quoting_for_the_resume_command() {
        assert_eq!(quote("photos,thumbs"), "photos,thumbs");
        assert_eq!(quote("cust-*"), "'cust-*'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }
}
