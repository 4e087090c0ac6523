//! `show`: one claim with its citation, history and contradictions.

use crate::cli::Format;
use crate::error::Result;

/// Show one claim (by id or key): what was said, where, how it was read, its history and
/// the contradictions it is part of.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id or key
    pub claim: String,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let ledger = ctx.open()?;
    let report = crate::ops::show::show(&*ledger, &args.claim)?;
    let format = ctx.format_of(
        Format::Table,
        &[Format::Table, Format::Json, Format::Markdown],
        "show",
    )?;
    let mut out = ctx.out()?;
    crate::render::show::write(&mut out, &report, format)?;
    out.finish()
}
