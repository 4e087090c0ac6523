//! The truth model over the ledger, and each source's track record.

use std::collections::HashMap;

use crate::detect::Settings;
use crate::error::Result;
use crate::truth::{Estimate, Input, Model, Truth};

/// What a truth estimate covers.
#[derive(Debug, Clone, Default)]
pub struct TruthOptions {
    pub subject: Option<String>,
    pub metric: Option<String>,
    /// Keep the candidates and sources behind each estimate.
    pub explain: bool,
    pub settings: Settings,
}

/// Runs the model over the ledger, handing each estimate that passes the filters to
/// `each`. Source accuracies need every claim, so the filters apply to what is shown,
/// not to what is weighed.
pub fn estimate(
    ledger: &dyn crate::store::Store,
    args: &TruthOptions,
    mut each: impl FnMut(Estimate) -> Result<()>,
) -> Result<Truth> {
    let mut verdicts: HashMap<i64, bool> = HashMap::new();
    for j in ledger.judgements()? {
        if let Some(correct) = j.correct_claim {
            for id in &j.claim_ids {
                verdicts.insert(*id, *id == correct);
            }
        }
    }
    let mut model = Model::new(args.settings);
    ledger.comparable_claims(None, None, &mut |item| {
        let judged = verdicts.get(&item.id).copied();
        model.push(Input { item, judged });
        Ok(())
    })?;
    let canonical = |filter: &Option<String>, kind| -> Result<Option<String>> {
        Ok(match filter {
            None => None,
            // An unknown name matches nothing.
            Some(f) => Some(ledger.resolve(kind, f)?.map(|(_, c)| c).unwrap_or_default()),
        })
    };
    let subject = canonical(&args.subject, crate::store::NameKind::Subject)?;
    let metric = canonical(&args.metric, crate::store::NameKind::Metric)?;
    model.solve(args.explain, |e| {
        let keep = subject.as_ref().is_none_or(|s| *s == e.subject)
            && metric.as_ref().is_none_or(|m| *m == e.metric);
        if keep { each(e) } else { Ok(()) }
    })
}

/// Each source's record on judged contradictions: of the claims in groups resolved with
/// `resolve --correct`, how many agreed with the claim marked correct.
pub fn track_records(
    ledger: &dyn crate::store::Store,
    judgements: &[crate::store::Judgement],
) -> Result<HashMap<String, crate::truth::record::Record>> {
    let mut latest: HashMap<&str, &crate::store::Judgement> = HashMap::new();
    for j in judgements {
        latest.insert(&j.group_id, j);
    }
    let settings = crate::detect::Settings::default();
    let mut records: HashMap<String, crate::truth::record::Record> = HashMap::new();
    for j in latest
        .values()
        .filter(|j| j.verdict == crate::detect::Status::Resolved)
    {
        let Some(correct_id) = j.correct_claim else {
            continue;
        };
        let items = ledger.items(&j.claim_ids)?;
        let Some(correct) = items.iter().find(|i| i.id == correct_id) else {
            continue;
        };
        for item in &items {
            let r = records.entry(item.source.clone()).or_default();
            r.judged += 1;
            if crate::detect::agree(item, correct, &settings) {
                r.correct += 1;
            }
        }
    }
    Ok(records)
}
