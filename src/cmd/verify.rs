//! `verify`: check the ledger against its history.

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::ops::verify::{VerifyOptions, verify};
use crate::store::parse_anchor;

/// Check the ledger: SQLite's integrity check, the hash chain of its history, and a
/// replay of the history against the tables. Any claim, source or judgement edited,
/// deleted, swapped or forged behind the tool's back is reported with the first bad
/// event or row, and the exit status is 1.
///
/// A history cut short, or rewritten with every hash recomputed, can only be caught
/// against an anchor: keep the line `verify --anchor` prints somewhere safe (an email,
/// a notebook), and later run `verify --against LINE`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the anchor (event count and head hash) to keep for later checks
    #[arg(long, conflicts_with = "against")]
    pub anchor: bool,
    /// Also check the history against an anchor printed earlier (COUNT:HASH)
    #[arg(long, value_name = "ANCHOR")]
    pub against: Option<String>,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let options = VerifyOptions {
        against: args.against.as_deref().map(parse_anchor).transpose()?,
    };
    let ledger = ctx.open()?;
    let bar = ctx.progress(None, "verifying claims");
    let v = verify(&*ledger, &options, &mut |n| bar.set_position(n))?;
    bar.finish_and_clear();
    let format = ctx.format_of(Format::Table, &[Format::Table, Format::Json], "verify")?;
    let mut out = ctx.out()?;
    crate::render::verify::write(&mut out, &v, args.anchor, format)?;
    let ok = v.problems.is_empty();
    if ok && format != Format::Json && !args.anchor && !v.anchor_checked {
        ctx.say(
            "note: a truncated or consistently rewritten history cannot be detected without an \
             anchor; keep `crosscheck verify --anchor` and check later with --against",
        );
    }
    out.finish()?;
    if ok {
        Ok(())
    } else {
        Err(Error::CheckFailed(format!(
            "verify found {} problem(s)",
            v.problems.len()
        )))
    }
}
