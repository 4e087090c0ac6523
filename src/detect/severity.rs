//! How much a contradiction matters: a number in [0, 1].
//!
//! ```text
//! severity = weight(kind) × spread(gap) × support(second-strongest camp)
//! weight   = 1 for a conflict, 0.75 for a tension
//! spread   = 1 − exp(−gap / 0.25)          (1 for text, booleans, times, dates)
//! support  = 1 − Π (1 − confidence of each independent origin in the camp)
//! ```
//!
//! `gap` is the relative distance between the lowest and the highest camp, figures as
//! stated (hedges read plausibly, nothing widened): $3.5–4.5B against "over $2B"
//! (read as $2–2.5B) is (3.5 − 2.5) / 2.5 = 40%. A camp's origins are its distinct
//! sources: a claim relayed `via` another outlet, or a source repeating itself, counts
//! once, at its highest confidence. A contradiction is only as serious as the weaker of
//! the two best-backed camps, hence the second-strongest camp's support.

use super::{Camp, Member, Verdict};

/// Distinct sources among the claims.
pub fn independent_origins(claims: &[Member]) -> usize {
    let mut ids: Vec<i64> = claims.iter().map(|m| m.source_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// Noisy-or of the best confidence of each independent origin.
pub fn support(claims: &[Member]) -> f64 {
    support_by(claims, |m| m.confidence)
}

/// Noisy-or over independent origins of the best `weight` each gives.
pub fn support_by(claims: &[Member], weight: impl Fn(&Member) -> f64) -> f64 {
    let mut best: Vec<(i64, f64)> = Vec::new();
    for m in claims {
        let w = weight(m);
        match best.iter_mut().find(|(id, _)| *id == m.source_id) {
            Some((_, c)) => *c = c.max(w),
            None => best.push((m.source_id, w)),
        }
    }
    1.0 - best
        .iter()
        .map(|(_, c)| 1.0 - c.clamp(0.0, 1.0))
        .product::<f64>()
}

pub fn severity(kind: Verdict, gap: Option<f64>, camps: &[Camp]) -> f64 {
    let weight = match kind {
        Verdict::Conflict => 1.0,
        Verdict::Tension => 0.75,
    };
    let spread = gap.map_or(1.0, |g| 1.0 - (-g.max(0.0) / 0.25).exp());
    let mut supports: Vec<f64> = camps.iter().map(|c| c.support).collect();
    supports.sort_by(|a, b| b.total_cmp(a));
    let second = supports.get(1).copied().unwrap_or(0.0);
    let s = weight * spread * second;
    (s * 1000.0).round() / 1000.0
}
