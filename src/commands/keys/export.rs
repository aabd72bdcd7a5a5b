//! `keys export`: the stored pair for a secrets manager or a CI secret store, as shell exports,
//! dotenv lines or JSON. The secret goes to stdout only — never to a terminal unless `--reveal`.

use crate::cli::{ExportFormatArg, KeysExportArgs};
use crate::context::Context;
use crate::error::Error;
use crate::report::keys::{self, ExportFormat};

use super::{AccountFrom, Located, Lookup};

#[derive(Debug)]
pub struct Request {
    pub lookup: Lookup,
    pub format: ExportFormat,
    pub reveal: bool,
}

/// `json_output`: `--output json`, which promises one JSON document: the json format, or an error
/// for the others.
pub fn resolve(args: &KeysExportArgs, json_output: bool) -> Result<Request, Error> {
    let format = match (args.format, json_output) {
        (Some(ExportFormatArg::Json), _) | (None, true) => ExportFormat::Json,
        (Some(other @ (ExportFormatArg::Env | ExportFormatArg::Dotenv)), true) => {
            let name = if other == ExportFormatArg::Env { "env" } else { "dotenv" };
            return Err(Error::usage(
                format!("--output json prints one JSON document, and --format {name} is not one"),
                "leave out --output json, or use --format json",
            ));
        }
        (Some(ExportFormatArg::Env) | None, false) => ExportFormat::Env,
        (Some(ExportFormatArg::Dotenv), false) => ExportFormat::Dotenv,
    };
    Ok(Request {
        lookup: Lookup::resolve(&args.user, args.account_id.as_deref(), &args.store)?,
        format,
        reveal: args.reveal,
    })
}

pub async fn execute(request: Request, ctx: &Context) -> anyhow::Result<()> {
    super::refuse_terminal(request.reveal, "keys export")?;
    let Located { key, stored_in, .. } = request.lookup.locate(ctx, AccountFrom::Admin).await?;
    ctx.out.detail(format_args!("access key {} of `{}`, from the {stored_in}", key.access_key_id, key.user_name));
    ctx.out.out(keys::export(&key, request.format).expose())?;
    Ok(())
}
