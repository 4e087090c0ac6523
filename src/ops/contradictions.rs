//! The contradiction report: groups found by the detector, judged, filtered and sorted.

use crate::detect::{Group, Judged, Settings, Status, Sweep, Verdict};
use crate::error::Result;
use crate::render::html::Urls;
use crate::store::{Judgement, Store};

/// Which groups a report keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    /// Contradictions nobody has judged yet (or reopened by a new claim).
    #[default]
    Open,
    /// Judged: a claim was marked correct.
    Resolved,
    /// Judged: not a real disagreement.
    Dismissed,
    /// Everything, with the verdicts.
    All,
}

/// What a contradiction report covers.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub subject: Option<String>,
    pub metric: Option<String>,
    /// Conflicts only (no tensions).
    pub strict: bool,
    pub status: Which,
    pub settings: Settings,
}

/// Runs the detector over the ledger, one subject/metric group at a time.
pub fn find(
    ledger: &dyn Store,
    subject: Option<&str>,
    metric: Option<&str>,
    settings: Settings,
) -> Result<Vec<Group>> {
    let mut sweep = Sweep::new(settings);
    let mut groups = Vec::new();
    ledger.comparable_claims(subject, metric, &mut |item| {
        groups.extend(sweep.push(item));
        Ok(())
    })?;
    groups.extend(sweep.flush());
    Ok(groups)
}

/// Applies the latest judgement of each group. A claim recorded since that disagrees
/// with the judged outcome reopens the group.
pub fn apply_judgements(groups: &mut [Group], judgements: &[Judgement]) {
    for g in groups.iter_mut() {
        let Some(j) = judgements.iter().rev().find(|j| j.group_id == g.id) else {
            continue;
        };
        let new: Vec<i64> = g
            .claim_ids
            .iter()
            .copied()
            .filter(|id| !j.claim_ids.contains(id))
            .collect();
        let camp_of = |id: i64| {
            g.camps
                .iter()
                .position(|c| c.claims.iter().any(|m| m.id == id))
        };
        let reopened_by: Vec<i64> = new
            .into_iter()
            .filter(
                |&id| match (camp_of(id), j.correct_claim.and_then(camp_of)) {
                    (None, _) => false, // neutral: agrees with every side
                    (Some(mine), Some(right)) => mine != right,
                    (Some(_), None) => j.verdict == Status::Dismissed || j.correct_claim.is_some(),
                },
            )
            .collect();
        g.status = if reopened_by.is_empty() {
            j.verdict
        } else {
            Status::Open
        };
        if !reopened_by.is_empty() {
            let ids: Vec<String> = reopened_by.iter().map(|i| i.to_string()).collect();
            g.notes.push(format!(
                "reopened: claim {} was recorded after the judgement and disagrees",
                ids.join(", ")
            ));
        }
        g.judgement = Some(Judged {
            verdict: j.verdict,
            correct_claim: j.correct_claim,
            reason: j.reason.clone(),
            at: j.at.clone(),
            actor: j.actor.clone(),
            reopened_by,
        });
    }
}

/// The report: groups found, judged, filtered and sorted by severity.
pub fn report(ledger: &dyn Store, args: &ReportOptions) -> Result<Vec<Group>> {
    let mut groups = find(
        ledger,
        args.subject.as_deref(),
        args.metric.as_deref(),
        args.settings,
    )?;
    let judgements = ledger.judgements()?;
    apply_judgements(&mut groups, &judgements);
    let records = super::truth::track_records(ledger, &judgements)?;
    for g in &mut groups {
        g.most_likely = most_likely(g, &records);
    }
    groups.retain(|g| {
        (!args.strict || g.kind == Verdict::Conflict)
            && match args.status {
                Which::All => true,
                Which::Open => g.status == Status::Open,
                Which::Resolved => g.status == Status::Resolved,
                Which::Dismissed => g.status == Status::Dismissed,
            }
    });
    groups.sort_by(|a, b| {
        b.severity
            .total_cmp(&a.severity)
            .then_with(|| (&a.subject, &a.metric, &a.id).cmp(&(&b.subject, &b.metric, &b.id)))
    });
    Ok(groups)
}

/// The camp most likely right: the one holding the claim a judgement marked correct;
/// otherwise the one whose independent sources, weighted by their track records and the
/// claims' confidence, back it most (noisy-or), when that is clear.
pub fn most_likely(
    g: &Group,
    records: &std::collections::HashMap<String, crate::truth::record::Record>,
) -> Option<usize> {
    if let Some(correct) = g.judgement.as_ref().and_then(|j| j.correct_claim) {
        if g.status != Status::Open {
            return g
                .camps
                .iter()
                .position(|c| c.claims.iter().any(|m| m.id == correct));
        }
    }
    let score = |c: &crate::detect::Camp| {
        crate::detect::support_by(&c.claims, |m| {
            let rel = records
                .get(&m.source)
                .copied()
                .unwrap_or_default()
                .reliability()
                .estimate;
            (rel * m.confidence / 0.8).clamp(0.0, 0.99)
        })
    };
    let mut scored: Vec<(usize, f64)> = g
        .camps
        .iter()
        .enumerate()
        .map(|(i, c)| (i, score(c)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    match scored.as_slice() {
        [first, second, ..] if first.1 - second.1 > 0.05 => Some(first.0),
        _ => None,
    }
}

/// The web address and quote of every claim in the groups: the report's groups carry
/// neither; the HTML report, the Markdown brief and the ClaimReview export show them.
pub fn urls(ledger: &dyn Store, groups: &[Group]) -> Result<Urls> {
    let mut ids: Vec<i64> = groups
        .iter()
        .flat_map(|g| g.camps.iter().flat_map(|c| &c.claims).chain(&g.neutral))
        .map(|m| m.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut urls = Urls::new();
    for (id, url, quote) in ledger.evidence(&ids)? {
        if let Some(url) = url {
            urls.insert(id, url);
        }
        if let Some(quote) = quote {
            urls.set_quote(id, quote);
        }
    }
    Ok(urls)
}
