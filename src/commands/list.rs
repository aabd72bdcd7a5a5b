//! `list`: every user in the account that this tool manages (tagged `managed-by=pixelshift-aws`):
//! its keys, the buckets its policy grants, when it was last used, and whether its key is stored
//! on this machine.

use std::time::{SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;

use crate::aws::Aws;
use crate::aws::iam::User;
use crate::cli::ListArgs;
use crate::context::Context;
use crate::domain::names::PolicyName;
use crate::domain::policy::Scope;
use crate::domain::status::choice_of_grant;
use crate::domain::verify::Grant;
use crate::error::Error;
use crate::ops::policy::attached_documents;
use crate::report::status::{LastUsedJson, ListReport, ListedUser};
use crate::secrets::KeyStore;

/// How many users are read at once: enough to hide IAM's latency, few enough not to be throttled.
const AT_ONCE: usize = 8;

#[derive(Debug)]
pub struct Request {
    pub policy_name: PolicyName,
    pub store: KeyStore,
}

pub fn resolve(args: &ListArgs) -> Result<Request, Error> {
    Ok(Request {
        policy_name: PolicyName::parse(&args.policy_name)?,
        store: KeyStore::new(args.keyring.to_lib(), None),
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    let aws = ctx.connect().await?;
    let spinner = ctx.out.spinner("Reading the account's IAM users");
    let (identity, users, _) = tokio::join!(aws.identity(), aws.iam().list_users(), request.store.open());
    let identity = identity?;
    let account = identity.account_id.clone();
    // ListUsers does not return tags on AWS: each user's are read, a few at a time.
    let reads = futures_util::stream::iter(users?)
        .map(|user| read(&aws, &request, &account, user))
        .buffer_unordered(AT_ONCE)
        .collect::<Vec<_>>()
        .await;
    spinner.finish();
    let mut listed = Vec::new();
    for read in reads {
        if let Some(user) = read? {
            listed.push(user);
        }
    }
    listed.sort_by(|a, b| a.user_name.cmp(&b.user_name));
    ctx.show_account(&identity);
    ctx.out.report(&ListReport { account_id: account, users: listed })?;
    Ok(())
}

/// The row of one user, or `None` when this tool does not manage it.
async fn read(aws: &Aws, request: &Request, account: &str, mut user: User) -> Result<Option<ListedUser>, Error> {
    let iam = aws.iam();
    if user.tags.is_empty() {
        user.tags = iam.user_tags(&user.name).await?;
    }
    if !user.is_managed() {
        return Ok(None);
    }
    let name = user.name.as_str();
    let (keys, documents, stored) = tokio::join!(
        iam.list_access_keys(name),
        attached_documents(aws, name, request.policy_name.as_str()),
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
