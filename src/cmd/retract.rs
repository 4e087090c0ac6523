//! `retract`: mark a claim withdrawn.

use crate::error::{Error, Result};

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
    if args.reason.trim().is_empty() {
        return Err(Error::Usage(
            "--reason cannot be empty: say why the claim was withdrawn".into(),
        ));
    }
    let mut ledger = ctx.open()?;
    let claim = ledger.claim(&args.claim)?;
    if ledger.retract(claim.id, args.reason.trim())? {
        ctx.say(format!(
            "retracted claim {} ({} {} {}: {})",
            claim.id, claim.source, claim.subject, claim.metric, claim.value
        ));
    } else {
        ctx.say(format!("claim {} was already retracted", claim.id));
    }
    Ok(())
}
