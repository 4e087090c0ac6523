//! `log`: the history of the ledger or of one claim.

use crate::cli::Format;
use crate::error::Result;

/// The history of the ledger, oldest first, or of one claim (by id or key): who changed
/// what, when, each entry chained to the previous one by SHA-256.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A claim's id or key
    pub claim: Option<String>,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let ledger = ctx.open()?;
    let events = crate::ops::log::log(&*ledger, args.claim.as_deref())?;
    let format = ctx.format_of(
        Format::Table,
        &[Format::Table, Format::Json, Format::Jsonl, Format::Markdown],
        "log",
    )?;
    let mut out = ctx.out()?;
    crate::render::log::write(&mut out, &events, format)?;
    out.finish()
}
