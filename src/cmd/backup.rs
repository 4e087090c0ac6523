//! `backup`: a consistent copy of a live ledger.

use std::path::PathBuf;

use crate::error::Result;

/// Copy the ledger through SQLite's online backup: a consistent snapshot even while
/// others write to it (never copy a live ledger file by hand). The copy is a single
/// self-contained file that passes `verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the copy (must not exist yet)
    pub path: PathBuf,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let ledger = ctx.open()?;
    let bar = ctx.progress(None, "copying pages");
    ledger.backup(&args.path, &mut |done, total| {
        bar.set_length(total.max(0) as u64);
        bar.set_position(done.max(0) as u64);
    })?;
    bar.finish_and_clear();
    ctx.say(format!(
        "backed up {} to {}",
        ctx.db.display(),
        args.path.display()
    ));
    Ok(())
}
