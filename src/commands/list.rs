//! `list`: every user in the account that this tool manages: its keys, the buckets its policy
//! grants, when it was last used, and whether its key is stored on this machine.
//!
//! The cost does not grow with other people's users: this tool's users live under the IAM path
//! `/pixelshift-aws/`, found with one paginated `ListUsers --path-prefix`; then three reads a user
//! (keys, policy, last use of each key). `--scan-all` reads every user's tags instead, to find users
//! made before the path (or moved off it by hand).

use std::time::{SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;

use super::across::across;
use crate::aws::Aws;
use crate::aws::iam::User;
use crate::cli::ListArgs;
use crate::context::Context;
use crate::domain::accounts::Selection;
use crate::domain::names::PolicyName;
use crate::domain::policy::Scope;
use crate::domain::status::choice_of_grant;
use crate::domain::user::USER_PATH;
use crate::domain::verify::Grant;
use crate::error::Error;
use crate::ops::policy::documents_inline_first;
use crate::report::status::{LastUsedJson, ListReport, ListedUser};
use crate::secrets::KeyStore;

/// How many users are read at once: enough to hide IAM's latency, few enough not to be throttled.
const AT_ONCE: usize = 8;

#[derive(Debug)]
pub struct Request {
    pub policy_name: PolicyName,
    pub store: KeyStore,
    pub scan_all: bool,
    pub accounts: Selection,
}

pub fn resolve(args: &ListArgs) -> Result<Request, Error> {
    Ok(Request {
        policy_name: PolicyName::parse(&args.policy_name)?,
        store: KeyStore::new(args.keyring.to_lib(), None),
        scan_all: args.scan_all,
        accounts: args.accounts.to_lib()?,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    if request.accounts != Selection::One {
        let request = &request;
        let command =
            format!("list --policy-name {}{}", request.policy_name, if request.scan_all { " --scan-all" } else { "" });
        return across(&request.accounts, &command, ctx, |aws, _| async move {
            Ok((users_of(&aws, request).await?, false))
        })
        .await;
    }
    let aws = ctx.connect().await?;
    let spinner = ctx.out.spinner("Reading the account's IAM users");
    let report = users_of(&aws, &request).await?;
    spinner.finish();
    ctx.out.info(format_args!(
        "AWS account {}{}: {} user(s) managed by pixelshift-aws",
        report.account_id,
        ctx.profile_named(),
        report.users.len()
    ));
    if !request.scan_all {
        ctx.out.detail(format_args!(
            "users under the IAM path {USER_PATH}; --scan-all also finds ones made before it (setup moves them there)"
        ));
    }
    ctx.out.report(&report)?;
    Ok(())
}

/// The account's managed users.
async fn users_of(aws: &Aws, request: &Request) -> Result<ListReport, Error> {
    let prefix = (!request.scan_all).then_some(USER_PATH);
    let (users, _) = tokio::join!(aws.iam().list_users(prefix), request.store.open());
    let users = users?;
    // The account is in every user's ARN; STS is asked only when there is none to read it from.
    let account = match users.first().and_then(|u| u.arn.split(':').nth(4)) {
        Some(account) => account.to_owned(),
        None => aws.identity().await?.account_id,
    };
    let reads = futures_util::stream::iter(users)
        .map(|user| read(aws, request, &account, user))
        .buffer_unordered(AT_ONCE)
        .collect::<Vec<_>>()
        .await;
    let mut listed = Vec::new();
    for read in reads {
        if let Some(user) = read? {
            listed.push(user);
        }
    }
    listed.sort_by(|a, b| a.user_name.cmp(&b.user_name));
    Ok(ListReport { account_id: account, users: listed })
}

/// The row of one user, or `None` when this tool does not manage it.
async fn read(aws: &Aws, request: &Request, account: &str, mut user: User) -> Result<Option<ListedUser>, Error> {
    let iam = aws.iam();
    // Under the path, the user is this tool's (it creates or moves them there, tagged); a scan of
    // every user reads each one's tags (ListUsers does not return them on AWS).
    if request.scan_all {
        if user.tags.is_empty() {
            user.tags = iam.user_tags(&user.name).await?;
        }
        if !user.is_managed() {
            return Ok(None);
        }
    }
    let name = user.name.as_str();
    let (keys, documents, stored) = tokio::join!(
        iam.list_access_keys(name),
        documents_inline_first(aws, name, request.policy_name.as_str()),
        request.store.find(account, name)
    );
    let (_, documents) = documents?;
    let keys = keys?;
    let answers = futures_util::future::join_all(keys.iter().map(|k| iam.key_last_used(&k.id))).await;
    let last_used = answers.into_iter().filter_map(Result::ok).flatten().max_by_key(|u| u.at);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let oldest = keys.iter().filter_map(|k| k.created_epoch).min();
    let stored_here = stored.ok().flatten().is_some_and(|f| keys.iter().any(|k| k.id == f.key.access_key_id));
    let grant = (!documents.is_empty()).then(|| Grant::of_all(documents.iter().map(String::as_str)));
    let buckets = match grant.and_then(choice_of_grant) {
        Some(choice) => match choice.scope {
            Scope::AllBuckets => vec!["*".to_owned()],
            Scope::Buckets(list) => list.iter().map(ToString::to_string).collect(),
        },
        None => Vec::new(),
    };
    Ok(Some(ListedUser {
        user_name: user.name.clone(),
        arn: user.arn.clone(),
        keys: keys.len(),
        oldest_key_days: oldest.map(|c| now.saturating_sub(u64::try_from(c).unwrap_or(0)) / 86_400),
        stored_here,
        buckets,
        last_used: last_used.as_ref().map(LastUsedJson::from),
    }))
}
