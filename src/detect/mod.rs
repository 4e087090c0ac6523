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

use crate::model::Basis;
use crate::value::Bound;
pub use interval::Interval;
pub use severity::{independent_origins, severity, support_by};

/// How the detector reads figures; every field has a documented default (spec §3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// States whose as-of dates lie within this many days are compared (and forecasts
    /// published within it).
    pub window_days: i64,
    /// The same for run rates, which move fast: "$14bn" on 12 Feb is not March's rate.
    pub run_rate_window_days: i64,
    /// Exact figures and range ends are widened by this share (0.05 = ±5%).
    pub tolerance: f64,
    /// Approximate figures ("about", "约") are widened by this share.
    pub approx_width: f64,
    /// "over X" / "at least X" plausibly means X to X × this.
    pub over_factor: f64,
    /// "under X" / "at most X" plausibly means X × this to X.
    pub under_factor: f64,
}

impl Settings {
    /// The defaults as a user states them: days, and percentages. Every front end reads
    /// its defaults from here.
    pub const WINDOW_DAYS: i64 = 30;
    pub const RUN_RATE_WINDOW_DAYS: i64 = 7;
    pub const TOLERANCE_PCT: f64 = 5.0;
    pub const APPROX_PCT: f64 = 15.0;
    pub const HEDGE_PCT: f64 = 25.0;

    /// Settings from a window in days and percentages, checked: a percentage runs from 0
    /// to 100, and a window is not negative. The error names the offending setting.
    pub fn from_percents(
        window: i64,
        tolerance: f64,
        approx: f64,
        hedge: f64,
    ) -> std::result::Result<Settings, String> {
        let pct = |name: &str, v: f64| {
            if v.is_finite() && (0.0..=100.0).contains(&v) {
                Ok(v / 100.0)
            } else {
                Err(format!(
                    "--{name} must be a percentage from 0 to 100, got {v}"
                ))
            }
        };
        if window < 0 {
            return Err("--window cannot be negative".into());
        }
        let hedge = pct("hedge", hedge)?;
        Ok(Settings {
            window_days: window,
            run_rate_window_days: window.min(Self::RUN_RATE_WINDOW_DAYS),
            tolerance: pct("tolerance", tolerance)?,
            approx_width: pct("approx", approx)?,
            over_factor: 1.0 + hedge,
            under_factor: 1.0 - hedge,
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            window_days: Self::WINDOW_DAYS,
            run_rate_window_days: Self::RUN_RATE_WINDOW_DAYS,
            tolerance: Self::TOLERANCE_PCT / 100.0,
            approx_width: Self::APPROX_PCT / 100.0,
            over_factor: 1.0 + Self::HEDGE_PCT / 100.0,
            under_factor: 1.0 - Self::HEDGE_PCT / 100.0,
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
    pub kind: crate::model::Kind,
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
    /// What kind of figure: claims of different bases are never compared.
    pub basis: Basis,
    /// The span the claim is placed in time by, within its question: states, their
    /// as-of (or publication) span; forecasts of a period, their publication span.
    pub when_start: NaiveDate,
    pub when_end: NaiveDate,
    /// The metric's own comparison window, if it has one.
    pub window: Option<i64>,
}

impl Item {
    pub fn is_state(&self) -> bool {
        self.time_key.is_empty()
    }

    /// Whether it is placed in time within its question (states, and forecasts of a
    /// period by when they were made); other flows of one period are all comparable.
    pub fn is_timed(&self) -> bool {
        self.is_state() || self.basis == Basis::Forecast
    }

    /// The window its comparisons use: the metric's own, else the run-rate window for
    /// run rates, else the default.
    pub fn window(&self, s: &Settings) -> i64 {
        self.window.unwrap_or(if self.basis == Basis::RunRate {
            s.run_rate_window_days
        } else {
            s.window_days
        })
    }

    fn single_day(&self) -> bool {
        self.when_start == self.when_end
    }
}

/// Whether two claims of one kind, unit, basis and period are at the same time (spec
/// §3): not timed, or spans that overlap, or a single day within the window of the
/// other's span.
pub fn same_time(a: &Item, b: &Item, window: i64) -> bool {
    if !a.is_timed() {
        return true;
    }
    let gap = (a.when_start.max(b.when_start) - a.when_end.min(b.when_end)).num_days();
    gap <= 0 || ((a.single_day() || b.single_day()) && gap <= window)
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
    pub basis: Basis,
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
    /// What kind of figure the group's claims all state.
    pub basis: Basis,
    pub kind: Verdict,
    pub severity: f64,
    /// Relative gap between the two closest disagreeing camps (stated figures).
    pub gap: Option<f64>,
    pub unit: Option<String>,
    pub status: Status,
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

/// Where a contradiction group stands: nobody has judged it (or a new claim reopened
/// it), or a judgement resolved or dismissed it. A judgement's verdict is one of the
/// last two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Open,
    /// Judged: a claim was marked correct (or the group settled).
    Resolved,
    /// Judged: not a real disagreement.
    Dismissed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
            Status::Dismissed => "dismissed",
        }
    }

    /// The status a stored word names.
    pub fn from_word(word: &str) -> Option<Status> {
        [Status::Open, Status::Resolved, Status::Dismissed]
            .into_iter()
            .find(|s| s.as_str() == word)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user's judgement on a group, as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    /// `resolved` or `dismissed`.
    pub verdict: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct_claim: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub at: String,
    pub actor: String,
    /// Claims recorded since the judgement that disagree again.
    pub reopened_by: Vec<i64>,
}

/// Splits one subject/metric group into its questions: comparable claims, that is of
/// one kind of value, one unit and one basis, and either flows over one normalised
/// period or states in one chain of as-of spans at the same time (see [`same_time`];
/// forecasts of a period are chained the same way by when they were made). `item`
/// reaches the claim inside `T`.
pub fn questions<'a, T>(
    items: &'a [T],
    item: impl Fn(&T) -> &Item,
    s: &Settings,
) -> Vec<Vec<&'a T>> {
    let mut sorted: Vec<&T> = items.iter().collect();
    // Different periods, kinds of value, units or bases are never compared.
    sorted.sort_by(|a, b| {
        let (a, b) = (item(a), item(b));
        (&a.time_key, &a.kind, &a.unit, a.basis, a.when_start, a.id).cmp(&(
            &b.time_key,
            &b.kind,
            &b.unit,
            b.basis,
            b.when_start,
            b.id,
        ))
    });
    let mut out = Vec::new();
    for set in sorted.chunk_by(|a, b| {
        let (a, b) = (item(a), item(b));
        a.time_key == b.time_key && a.kind == b.kind && a.unit == b.unit && a.basis == b.basis
    }) {
        let first = item(set[0]);
        if !first.is_timed() {
            out.push(set.to_vec());
            continue;
        }
        // A chain: each claim joins the one before while it is at the same time as the
        // claim reaching furthest so far.
        let window = first.window(s);
        let mut current: Vec<&T> = Vec::new();
        let mut reach: Option<&Item> = None;
        for &t in set {
            let i = item(t);
            if let Some(r) = reach
                && !same_time(r, i, window)
            {
                out.push(std::mem::take(&mut current));
                reach = None;
            }
            if reach.is_none_or(|r| {
                i.when_end > r.when_end || (i.when_end == r.when_end && i.single_day())
            }) {
                reach = Some(i);
            }
            current.push(t);
        }
        out.push(current);
    }
    out
}

/// Finds the contradictions in one subject/metric group (claims sorted by time).
pub fn detect_group(items: &[Item], s: &Settings) -> Vec<Group> {
    questions(items, |i| i, s)
        .iter()
        .filter_map(|q| camps::compare(q, s))
        .collect()
}

/// Whether two claims say the same thing: the same kind and unit, and overlapping
/// plausible intervals (quantities) or equal normalised values (the rest).
pub fn agree(a: &Item, b: &Item, s: &Settings) -> bool {
    if a.kind != b.kind || a.unit != b.unit || a.basis != b.basis {
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
