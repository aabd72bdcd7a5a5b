//! `status`: is a setup still healthy? Read-only. The user, every key (its age, its last use, where
//! it is stored), the stored pair (does AWS accept it?), every policy that reaches the user, and the
//! findings, each with its fix. Exit 0 when there is nothing to do, 3 when a finding needs action.

use super::across::across;
use crate::aws::{Aws, Identity};
use crate::cli::StatusArgs;
use crate::context::Context;
use crate::domain::accounts::{Selection, way_in};
use crate::domain::names::{PolicyName, UserName};
use crate::domain::policy::iam_size;
use crate::domain::status::{Finding, KeyView, StoredView, UserView, Via, findings, summarize};
use crate::error::Error;
use crate::ops::inspect::{Depth, Inspection, inspect};
use crate::report::status::{BUDGET, KeyJson, LastUsedJson, PolicyJson, StatusReport, StoredJson, UserJson, explain};
use crate::secrets::{Found, KeyStore};

#[derive(Debug)]
pub struct Request {
    pub user: UserName,
    pub policy_name: PolicyName,
    pub max_key_age: u64,
    pub store: KeyStore,
    pub accounts: Selection,
}

pub fn resolve(args: &StatusArgs) -> Result<Request, Error> {
    Ok(Request {
        user: args.user.to_lib()?,
        policy_name: PolicyName::parse(&args.policy_name)?,
        max_key_age: args.max_key_age,
        store: args.store.to_lib(),
        accounts: args.accounts.to_lib()?,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    if request.accounts != Selection::One {
        let command = format!("status --user-name {} --policy-name {}", request.user, request.policy_name);
        let request = &request;
        return across(&request.accounts, &command, ctx, |aws, sub| async move {
            let (_, mut report) = check(&aws, request).await?;
            // Each fix names its command for one account: say how to run it in this one.
            let way_in = way_in(&request.accounts, sub.label());
            for finding in report.findings.iter_mut().chain(report.notes.iter_mut()) {
                finding.fix = format!("{} ({way_in})", finding.fix);
            }
            let needs_action = !report.findings.is_empty();
            Ok((report, needs_action))
        })
        .await;
    }
    let aws = ctx.connect().await?;
    let spinner = ctx.out.spinner(format!("Reading `{}` and every policy that reaches it", request.user));
    let (identity, report) = check(&aws, &request).await?;
    spinner.finish();
    ctx.show_account(&identity);
    ctx.out.report(&report)?;
    if report.findings.is_empty() { Ok(()) } else { Err(Error::NeedsAction { count: report.findings.len() }.into()) }
}

/// The status of one account's user: whose credentials read it, and the report.
async fn check(aws: &Aws, request: &Request) -> Result<(Identity, StatusReport), Error> {
    let inspection = inspect(aws, &request.store, &request.user, Depth { policies: true, last_used: true }).await?;
    // Whether AWS accepts the stored pair: a key can be active in IAM and its stored secret wrong.
    // Not during a rotation: the check would be the new key's last use in IAM, hiding Pixelshift's
    // use of it, which is what `rotate-keys --finish` waits to see (phase one proved the key).
    let authenticates = match (&inspection.current, &inspection.previous) {
        (Some(found), None) => aws.session(&found.key, None).authenticates().await,
        _ => None,
    };
    Ok((inspection.identity.clone(), report(&inspection, request, authenticates)))
}

/// Where this machine keeps a key: in the current or previous pair, keyring and/or file.
fn stored_in(id: &str, inspection: &Inspection) -> (Vec<&'static str>, Option<&'static str>) {
    let mut places = Vec::new();
    let mut role = None;
    for (found, name) in [(&inspection.current, "current"), (&inspection.previous, "previous")] {
        if let Some(found) = found.as_ref().filter(|f| f.key.access_key_id == id) {
            if found.in_keyring {
                places.push("keyring");
            }
            if found.file.is_some() {
                places.push("file");
            }
            role = Some(name);
        }
    }
    (places, role)
}

/// A user that does not exist: nothing to show but the one finding, which a health check must see.
fn not_set_up(account_id: String, user_name: &str, policy_name: &str) -> StatusReport {
    StatusReport {
        account_id,
        user_name: user_name.to_owned(),
        exists: false,
        user: None,
        keys: Vec::new(),
        stored: None,
        policies: Vec::new(),
        inline_size: 0,
        budget: BUDGET,
        findings: vec![explain(&Finding::NotSetUp, user_name, policy_name)],
        notes: Vec::new(),
        result: "not-set-up",
    }
}

fn report(inspection: &Inspection, request: &Request, authenticates: Option<bool>) -> StatusReport {
    let (user_name, policy_name) = (request.user.as_str(), request.policy_name.as_str());
    let account_id = inspection.identity.account_id.clone();
    let Some(facts) = &inspection.user else { return not_set_up(account_id, user_name, policy_name) };
    let now = crate::secrets::unix_now();
    let keys: Vec<KeyView> = facts
        .keys
        .iter()
        .map(|info| {
            let (places, _) = stored_in(&info.id, inspection);
            KeyView {
                info: info.clone(),
                last_used: facts.last_used.get(&info.id).cloned(),
                in_keyring: places.contains(&"keyring"),
                in_file: places.contains(&"file"),
            }
        })
        .collect();
    let policies = facts.policies();
    let view = UserView {
        name: user_name.to_owned(),
        managed: facts.user.is_managed(),
        console_password: facts.console_password,
        keys: keys.clone(),
        stored: inspection
            .current
            .as_ref()
            .map(|f: &Found| StoredView { id: f.key.access_key_id.clone(), authenticates }),
        policies: policies.clone(),
        policy_name: policy_name.to_owned(),
        partition: inspection.identity.partition,
        orphans: inspection.orphans.clone(),
        rotating: inspection.previous.as_ref().map(|f| f.key.access_key_id.clone()),
    };
    let (found, notes): (Vec<Finding>, Vec<Finding>) =
        findings(&view, request.max_key_age, now).into_iter().partition(Finding::needs_action);
    StatusReport {
        account_id,
        user_name: user_name.to_owned(),
        exists: true,
        user: Some(UserJson {
            arn: facts.user.arn.clone(),
            managed: view.managed,
            tags: facts.user.tags.clone(),
            permissions_boundary: facts.user.permissions_boundary.clone(),
            console_password: facts.console_password,
        }),
        keys: keys
            .iter()
            .map(|k| {
                let (stored_in, role) = stored_in(&k.info.id, inspection);
                KeyJson {
                    access_key_id: k.info.id.clone(),
                    status: if k.info.active { "active" } else { "inactive" },
                    created: k.info.created.clone(),
                    age_days: k.info.created_epoch.map(|c| u64::try_from((now - c).max(0) / 86_400).unwrap_or(0)),
                    last_used: k.last_used.as_ref().map(LastUsedJson::from),
                    stored_in,
                    role,
                }
            })
            .collect(),
        stored: inspection.current.as_ref().map(|f| StoredJson {
            access_key_id: f.key.access_key_id.clone(),
            stored_in: f.describe(request.store.keyring().map(crate::secrets::Keyring::backend)),
            authenticates,
            active_in_iam: facts.keys.iter().any(|k| k.id == f.key.access_key_id && k.active),
        }),
        policies: policies
            .iter()
            .map(|p| {
                let (kind, group, arn) = PolicyJson::kind_of(&p.via);
                let grants =
                    p.document.as_deref().map_or_else(|| vec!["(document not readable)".to_owned()], summarize);
                PolicyJson { name: p.name.clone(), kind, group, arn, grants }
            })
            .collect(),
        inline_size: policies
            .iter()
            .filter(|p| p.via == Via::Inline)
            .filter_map(|p| p.document.as_deref())
            .map(iam_size)
            .sum(),
        budget: BUDGET,
        result: if found.is_empty() { "ok" } else { "action-needed" },
        findings: found.iter().map(|f| explain(f, user_name, policy_name)).collect(),
        notes: notes.iter().map(|f| explain(f, user_name, policy_name)).collect(),
    }
}
