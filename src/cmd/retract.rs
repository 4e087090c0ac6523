//! `retract`: mark a claim withdrawn.

use crate::error::Result;
use crate::ops::retract;

/// Mark a claim as withdrawn by its source. The claim stays in the ledger, marked
/// retracted, and takes no further part in contradictions.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id or key
    pub claim: String,
    /// Why (e.g. "Reuters corrected the figure on 2024-10-01")
    #[arg(long)]
    pub reason: String,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    retract::check_reason(&args.reason)?;
    let mut ledger = ctx.open()?;
    let done = retract::retract(&mut *ledger, &args.claim, &args.reason)?;
    let claim = &done.claim;
    if done.changed {
        ctx.say(format!(
            "retracted claim {} ({} {} {}: {})",
            claim.id, claim.source, claim.subject, claim.metric, claim.value
        ));
    } else {
        ctx.say(format!("claim {} was already retracted", claim.id));
    }
    Ok(())
}
