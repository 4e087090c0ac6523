//! One claim with its citation, history, forecast notes, contradictions and its source's
//! track record.

use crate::detect::Group;
use crate::error::Result;
use crate::model::Claim;
use crate::store::{Event, Store};
use crate::truth::record::Record;

/// Everything `show` tells about a claim.
#[derive(Debug, Clone)]
pub struct ClaimReport {
    pub claim: Claim,
    pub history: Vec<Event>,
    /// The reason it was retracted, when it was.
    pub retraction: Option<String>,
    /// Its source's record on judged contradictions.
    pub record: Record,
    /// Revised forecasts, and forecasts beside their outcomes.
    pub notes: Vec<String>,
    /// The contradiction groups it is part of, judged.
    pub groups: Vec<Group>,
}

/// The claim with this id or key, and what the ledger says around it.
pub fn show(ledger: &dyn Store, id_or_key: &str) -> Result<ClaimReport> {
    let claim = ledger.claim(id_or_key)?;
    let history = ledger.events(Some(claim.id))?;
    let retraction = ledger.retraction(claim.id)?;
    let mut groups = super::contradictions::find(
        ledger,
        Some(&claim.subject),
        Some(&claim.metric),
        Default::default(),
    )?;
    let mut items = Vec::new();
    ledger.comparable_claims(Some(&claim.subject), Some(&claim.metric), &mut |i| {
        items.push(i);
        Ok(())
    })?;
    let notes = super::timeline::forecast_notes(&items, &Default::default())
        .remove(&claim.id)
        .unwrap_or_default();
    let judgements = ledger.judgements()?;
    super::contradictions::apply_judgements(&mut groups, &judgements);
    groups.retain(|g| g.claim_ids.contains(&claim.id));
    let record = super::truth::track_records(ledger, &judgements)?
        .get(&claim.source)
        .copied()
        .unwrap_or_default();
    Ok(ClaimReport {
        claim,
        history,
        retraction,
        record,
        notes,
        groups,
    })
}
