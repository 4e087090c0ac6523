//! `init`: create an empty ledger.

use crate::error::Result;

/// Create an empty ledger with the built-in sources. Running it again changes nothing.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, ctx: &super::Ctx) -> Result<()> {
    let existed = ctx.db.exists();
    ctx.open_or_create()?;
    if existed {
        ctx.say(format!("ledger {} is ready", ctx.db.display()));
    } else {
        ctx.say(format!("created ledger {}", ctx.db.display()));
    }
    Ok(())
}
