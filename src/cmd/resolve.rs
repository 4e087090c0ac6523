//! `resolve`: record a judgement on a contradiction group.

use crate::error::Result;
use crate::ops::resolve::{Judge, ResolveOptions, resolve};

/// Record a judgement on a contradiction: which claim was right, or why it is not a
/// real disagreement. The judgement is kept in the ledger's history; a claim recorded
/// later that disagrees reopens the group.
///
/// Examples:
///   crosscheck resolve 3fa2c1d9e0 --correct ti-2024-07-openai-revenue-2024
///   crosscheck resolve 3fa2 --dismiss --reason "different revenue definitions"
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The group id from `contradictions` (a unique prefix of at least 4 characters will do)
    pub group: String,
    /// The claim (id or key) that was right
    #[arg(
        long,
        value_name = "CLAIM",
        required_unless_present = "dismiss",
        conflicts_with = "dismiss"
    )]
    pub correct: Option<String>,
    /// Judge the group not a real disagreement
    #[arg(long, requires = "reason")]
    pub dismiss: bool,
    /// Why
    #[arg(long)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub settings: super::contradictions::SettingsArgs,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let mut ledger = ctx.open()?;
    let judge = if args.dismiss {
        Judge::Dismiss {
            reason: args.reason.unwrap_or_default(),
        }
    } else {
        Judge::Correct {
            claim: args.correct.unwrap_or_default(),
            reason: args.reason,
        }
    };
    let options = ResolveOptions {
        group: args.group,
        judge,
        settings: args.settings.settings()?,
    };
    let judged = resolve(&mut *ledger, &options)?;
    let g = &judged.group;
    match (&judged.correct, judged.recorded) {
        (None, false) => ctx.say(format!(
            "no change: group {} ({} {}) is already dismissed for that reason; nothing was recorded",
            g.id, g.subject, g.metric
        )),
        (None, true) => ctx.say(format!(
            "dismissed group {} ({} {})",
            g.id, g.subject, g.metric
        )),
        (Some(c), false) => ctx.say(format!(
            "no change: group {} already has this judgement (claim {} correct); nothing was recorded",
            g.id, c.id
        )),
        (Some(c), true) => ctx.say(format!(
            "resolved group {}: {} ({}, {}) marked correct",
            g.id, c.value, c.source, c.date
        )),
    }
    Ok(())
}
