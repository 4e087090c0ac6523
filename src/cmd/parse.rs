//! `parse`: show how a value is read.

use crate::cli::Format;
use crate::error::Result;
use crate::value;

/// Show how a value is read: its kind, unit, bounds.
///
/// Examples: "over $2 billion", "$3.5B-$4.5B", "超过20亿美元", "35亿至45亿美元",
/// "约1.3美元/小时", "100x", "yes", "Thrive Capital".
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The value, as a source wrote it
    #[arg(allow_hyphen_values = true)]
    pub value: String,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let r = value::read(&args.value)?;
    let format = ctx.format_of(
        Format::Table,
        &[Format::Table, Format::Json, Format::Jsonl, Format::Markdown],
        "parse",
    )?;
    let mut out = ctx.out()?;
    crate::render::parse::write(&mut out, &args.value, &r, format)?;
    out.finish()
}
