//! `resolve`: record a judgement on a contradiction group.

use crate::error::{Error, Result};

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
    let groups = crate::ops::contradictions::find(&*ledger, None, None, args.settings.settings()?)?;
    let wanted = args.group.trim().to_lowercase();
    if wanted.len() < 4 {
        return Err(Error::Usage(
            "give at least 4 characters of the group id".into(),
        ));
    }
    let matches: Vec<_> = groups
        .iter()
        .filter(|g| g.id.starts_with(&wanted))
        .collect();
    let group = match matches.as_slice() {
        [one] => *one,
        [] => {
            return Err(Error::Usage(format!(
                "no contradiction group '{}' (see `crosscheck contradictions --status all`)",
                args.group
            )));
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|g| g.id.as_str()).collect();
            return Err(Error::Usage(format!(
                "'{}' matches several groups: {}",
                args.group,
                ids.join(", ")
            )));
        }
    };
    let reason = args
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if args.dismiss {
        if reason.is_none() {
            return Err(Error::Usage("--dismiss needs a --reason".into()));
        }
        let recorded = ledger.judge(
            &group.id,
            crate::detect::Status::Dismissed,
            None,
            reason,
            &group.claim_ids,
        )?;
        if recorded.is_none() {
            ctx.say(format!(
                "no change: group {} ({} {}) is already dismissed for that reason; nothing was recorded",
                group.id, group.subject, group.metric
            ));
            return Ok(());
        }
        ctx.say(format!(
            "dismissed group {} ({} {})",
            group.id, group.subject, group.metric
        ));
        return Ok(());
    }
    let correct = ledger.claim(args.correct.as_deref().unwrap_or_default())?;
    if !group.claim_ids.contains(&correct.id) {
        return Err(Error::Usage(format!(
            "claim {} is not part of group {} ({} {})",
            correct.id, group.id, group.subject, group.metric
        )));
    }
    let recorded = ledger.judge(
        &group.id,
        crate::detect::Status::Resolved,
        Some(correct.id),
        reason,
        &group.claim_ids,
    )?;
    if recorded.is_none() {
        ctx.say(format!(
            "no change: group {} already has this judgement (claim {} correct); nothing was recorded",
            group.id, correct.id
        ));
        return Ok(());
    }
    ctx.say(format!(
        "resolved group {}: {} ({}, {}) marked correct",
        group.id, correct.value, correct.source, correct.date
    ));
    Ok(())
}
