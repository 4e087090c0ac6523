//! Finding where sources disagree (spec §3). Pure: claims in, contradiction groups out.
//!
//! Claims arrive in subject, metric and time order; the detector holds one
//! subject/metric group at a time, so memory is bounded by the largest group and the
//! cost is the sort plus a sweep — never all pairs of the ledger.
//!
//! - `interval`: the strict and plausible readings of a quantity;
//! - `camps`: splitting comparable claims into camps that agree within themselves;
//! - `severity`: how much a contradiction matters.

mod camps;
pub mod interval;
mod severity;

use chrono::NaiveDate;
use serde::Serialize;

use crate::value::Bound;
pub use interval::Interval;
pub use severity::{independent_origins, severity, support_by};

/// How the detector reads figures; every field has a documented default (spec §3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// States whose as-of dates lie within this many days are compared.
    pub window_days: i64,
    /// Exact figures and range ends are widened by this share (0.05 = ±5%).
    pub tolerance: f64,
    /// Approximate figures ("about", "约") are widened by this share.
    pub approx_width: f64,
    /// "over X" / "at least X" plausibly means X to X × this.
    pub over_factor: f64,
    /// "under X" / "at most X" plausibly means X × this to X.
    pub under_factor: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            window_days: 30,
            tolerance: 0.05,
            approx_width: 0.15,
            over_factor: 1.25,
            under_factor: 0.75,
        }
    }
}

/// One active claim as the detector sees it.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: i64,
    pub key: Option<String>,
    pub subject_id: i64,
    pub subject: String,
    pub metric_id: i64,
    pub metric: String,
    pub multi_valued: bool,
    pub value: String,
    pub kind: String,
    pub unit: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: Option<Bound>,
    /// Comparison key for text, booleans, times and dates.
    pub norm: String,
    pub period: Option<String>,
    pub as_of: Option<String>,
    /// Flows: the normalised period; states: empty.
    pub time_key: String,
    /// Flows: first day of the period; states: the as-of (or publication) day.
    pub time_start: NaiveDate,
    pub source_id: i64,
    pub source: String,
    pub via: Option<String>,
    pub date: String,
    pub confidence: f64,
}

impl Item {
    pub fn is_state(&self) -> bool {
        self.time_key.is_empty()
    }
}

/// How two claims disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Strict intervals overlap but plausible ones do not.
    Tension,
    /// Strict intervals are disjoint, or text/boolean values differ.
    Conflict,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Tension => "tension",
            Verdict::Conflict => "conflict",
        }
    }
}

/// A claim inside a camp, with the intervals it was judged by.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub id: i64,
    pub key: Option<String>,
    pub source: String,
    pub via: Option<String>,
    pub date: String,
    pub value: String,
    pub bound: Option<Bound>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub confidence: f64,
    pub as_of: Option<String>,
    pub period: Option<String>,
    pub strict: Option<Interval>,
    pub plausible: Option<Interval>,
    #[serde(skip)]
    pub source_id: i64,
}

/// Claims that agree with each other and disagree with another camp.
#[derive(Debug, Clone, Serialize)]
pub struct Camp {
    /// The hull of the members' stated bounds (`None` = open).
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: Option<String>,
    /// Distinct origins: echoes and repeats by one source count once.
    pub origins: usize,
    /// How strongly the camp is backed, from its origins' confidences (noisy-or).
    pub support: f64,
    pub claims: Vec<Member>,
}

/// A contradiction: claims on one subject/metric/time that split into camps.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: String,
    pub subject: String,
    pub metric: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub kind: Verdict,
    pub severity: f64,
    /// Relative gap between the two closest disagreeing camps (stated figures).
    pub gap: Option<f64>,
    pub unit: Option<String>,
    pub status: String,
    pub camps: Vec<Camp>,
    /// Claims on the same question that agree with every camp.
    pub neutral: Vec<Member>,
    pub notes: Vec<String>,
    /// The camp (index into `camps`) most likely right: the judged one, else the one best
    /// backed by its sources' track records and confidences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub most_likely: Option<usize>,
    /// The judgement recorded on the group, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgement: Option<Judged>,
    /// Every claim id in the group, for judgements.
    #[serde(skip)]
    pub claim_ids: Vec<i64>,
}

/// A user's judgement on a group, as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    /// `resolved` or `dismissed`.
    pub verdict: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct_claim: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub at: String,
    pub actor: String,
    /// Claims recorded since the judgement that disagree again.
    pub reopened_by: Vec<i64>,
}

/// Splits one subject/metric group into its questions: comparable claims, that is flows
/// over one normalised period or states in one chain of as-of dates no more than the
/// window apart, of one kind of value and one unit. `item` reaches the claim inside `T`.
pub fn questions<T>(items: &[T], item: impl Fn(&T) -> &Item, window_days: i64) -> Vec<Vec<&T>> {
    let (flows, mut states): (Vec<&T>, Vec<&T>) = items.iter().partition(|t| !item(t).is_state());
    let mut sets: Vec<&[&T]> = flows
        .chunk_by(|a, b| item(a).time_key == item(b).time_key)
        .collect();
    states.sort_by_key(|t| (item(t).time_start, item(t).id));
    sets.extend(
        states.chunk_by(|a, b| (item(b).time_start - item(a).time_start).num_days() <= window_days),
    );
    let mut out = Vec::new();
    for set in sets {
        // Different kinds of value or units are never compared.
        let mut keys: Vec<(&str, Option<&str>)> = set
            .iter()
            .map(|t| (item(t).kind.as_str(), item(t).unit.as_deref()))
            .collect();
        keys.sort();
        keys.dedup();
        for (kind, unit) in keys {
            out.push(
                set.iter()
                    .copied()
                    .filter(|t| item(t).kind == kind && item(t).unit.as_deref() == unit)
                    .collect(),
            );
        }
    }
    out
}

/// Finds the contradictions in one subject/metric group (claims sorted by time).
pub fn detect_group(items: &[Item], s: &Settings) -> Vec<Group> {
    questions(items, |i| i, s.window_days)
        .iter()
        .filter_map(|q| camps::compare(q, s))
        .collect()
}

/// Whether two claims say the same thing: the same kind and unit, and overlapping
/// plausible intervals (quantities) or equal normalised values (the rest).
pub fn agree(a: &Item, b: &Item, s: &Settings) -> bool {
    if a.kind != b.kind || a.unit != b.unit {
        return false;
    }
    match (a.bound, b.bound) {
        (Some(x), Some(y)) => interval::plausible(x, a.low, a.high, s)
            .overlaps(&interval::plausible(y, b.low, b.high, s)),
        _ => a.norm == b.norm,
    }
}

/// Runs the detector over a stream in subject/metric order, one group in memory at a time.
pub struct Sweep {
    settings: Settings,
    current: Vec<Item>,
}

impl Sweep {
    pub fn new(settings: Settings) -> Sweep {
        Sweep {
            settings,
            current: Vec::new(),
        }
    }

    /// Adds the next claim; returns the contradictions of the group it closed, if any.
    pub fn push(&mut self, item: Item) -> Vec<Group> {
        let closes = self
            .current
            .last()
            .is_some_and(|l| (l.subject_id, l.metric_id) != (item.subject_id, item.metric_id));
        let found = if closes { self.flush() } else { Vec::new() };
        self.current.push(item);
        found
    }

    /// Closes the last group.
    pub fn flush(&mut self) -> Vec<Group> {
        let found = detect_group(&self.current, &self.settings);
        self.current.clear();
        found
    }
}

#[cfg(test)]
mod tests;
