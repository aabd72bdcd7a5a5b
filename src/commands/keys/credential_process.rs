//! `keys credential-process`: the stored pair in AWS's `credential_process` format, for the AWS CLI
//! and SDKs to run from a profile (`keys configure-profile` writes one).
//!
//! Its stdout is parsed by the AWS CLI and its stderr shown to the user, so on success it prints the
//! one JSON line and nothing else, on either stream; a failure is the usual `error:` / `hint:` lines
//! on stderr and a non-zero exit, which the AWS CLI reports. With `--account-id` it needs no AWS
//! credentials at all: the AWS CLI runs it with none.

use crate::cli::KeysCredentialProcessArgs;
use crate::context::Context;
use crate::error::Error;
use crate::report::keys::CredentialProcess;

use super::{AccountFrom, Located, Lookup, aws_config, profile};

#[derive(Debug)]
pub struct Request {
    pub lookup: Lookup,
    pub reveal: bool,
}

pub fn resolve(args: &KeysCredentialProcessArgs) -> Result<Request, Error> {
    Ok(Request { lookup: Lookup::resolve(&args.user, args.account_id.as_deref(), &args.store)?, reveal: args.reveal })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    super::refuse_terminal(request.reveal, "keys credential-process")?;
    if request.lookup.account_id.is_none() && request.lookup.keys_file.is_none() {
        refuse_to_call_itself(ctx)?;
    }
    let Located { key, .. } = request.lookup.locate(ctx, AccountFrom::Silent).await?;
    ctx.out.out(CredentialProcess::new(&key).line().expose())?;
    Ok(())
}

/// Without `--account-id`, the account comes from STS with the admin credentials. If those come
/// from a profile whose `credential_process` is this very command, finding them would run it again,
/// which would run it again...: refuse, and name the way out.
fn refuse_to_call_itself(ctx: &Context) -> Result<(), Error> {
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_some_and(|v| !v.is_empty()) {
        return Ok(()); // the environment's keys come first in the credential chain
    }
    let Some(path) = profile::config_file() else { return Ok(()) };
    let Ok(text) = crate::files::read_text_limited(&path, crate::files::TEXT_FILE_LIMIT) else { return Ok(()) };
    let admin = ctx.settings.profile.as_deref().unwrap_or("default");
    let runs_us = aws_config::get(&text, admin, "credential_process")
        .is_some_and(|command| command.contains("keys credential-process"));
    if runs_us {
        return Err(Error::usage(
            format!(
                "the AWS profile `{admin}` gets its credentials from `keys credential-process`, so finding the \
                 account through it would run this command again"
            ),
            "pass --account-id (keys configure-profile writes it into the profile), or choose an admin profile \
             with --profile",
        ));
    }
    Ok(())
}
