//! Sources, subjects and metrics: naming them, their spellings, and their lists.

use crate::detect::Settings;
use crate::error::{Error, Result};
use crate::store::{NameDetails, NameInfo, NameKind, SourceInfo, Store};

/// What adding a name (or spellings of it) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAdded {
    pub kind: NameKind,
    /// The canonical name the spellings now stand for.
    pub name: String,
    /// The spellings added to a name already known.
    pub aliases: Vec<String>,
    /// False when the ledger already knew all of it: nothing was written.
    pub changed: bool,
}

/// Adds a source, subject or metric, or new spellings of a known one.
pub fn add(
    ledger: &mut dyn Store,
    kind: NameKind,
    name: &str,
    aliases: &[String],
    details: &NameDetails,
) -> Result<NameAdded> {
    let (name, aliases, changed) = ledger.add_name(kind, name, aliases, details)?;
    Ok(NameAdded {
        kind,
        name,
        aliases,
        changed,
    })
}

/// A metric to add, with its settings.
#[derive(Debug, Clone, Default)]
pub struct MetricOptions {
    pub name: String,
    pub aliases: Vec<String>,
    /// It holds several values at once: different values are never a contradiction.
    pub multi_valued: bool,
    /// Its own comparison window, in days.
    pub window: Option<i64>,
}

/// What adding a metric did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricAdded {
    pub added: NameAdded,
    /// The window set, when one was.
    pub window: Option<i64>,
    /// A metric already known was made multi-valued.
    pub made_multi_valued: bool,
}

/// Refuses a comparison window outside 0 to 36500 days (before the ledger is opened).
pub fn check_window(window: Option<i64>) -> Result<()> {
    if window.is_some_and(|w| !(0..=36_500).contains(&w)) {
        return Err(Error::Usage(
            "--window must be a number of days from 0 to 36500".into(),
        ));
    }
    Ok(())
}

/// Adds a metric (or spellings of it), sets its window and makes it multi-valued when
/// asked.
pub fn add_metric(ledger: &mut dyn Store, options: &MetricOptions) -> Result<MetricAdded> {
    check_window(options.window)?;
    let details = NameDetails {
        multi_valued: options.multi_valued,
        ..NameDetails::default()
    };
    let added = add(
        ledger,
        NameKind::Metric,
        &options.name,
        &options.aliases,
        &details,
    )?;
    if let Some(days) = options.window {
        ledger.set_metric_window(&added.name, days)?;
    }
    let made_multi_valued = options.multi_valued && !added.changed;
    if made_multi_valued {
        ledger.set_multi_valued(&added.name)?;
    }
    Ok(MetricAdded {
        added,
        window: options.window,
        made_multi_valued,
    })
}

/// A source with its track record, as `source list` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceRecord {
    #[serde(flatten)]
    pub info: SourceInfo,
    /// Its claims in groups judged with `resolve --correct`.
    pub judged: u32,
    /// Of those, the ones that agreed with the claim marked correct.
    pub correct: u32,
    /// Beta(4, 1) posterior mean, with a 90% interval.
    pub reliability: f64,
    pub reliability_low: f64,
    pub reliability_high: f64,
}

/// Every source with its track record on judged contradictions, by name.
pub fn sources(ledger: &dyn Store) -> Result<Vec<SourceRecord>> {
    let records = super::truth::track_records(ledger, &ledger.judgements()?)?;
    Ok(ledger
        .sources()?
        .into_iter()
        .map(|info| {
            let record = records.get(&info.name).copied().unwrap_or_default();
            let r = record.reliability();
            SourceRecord {
                info,
                judged: record.judged,
                correct: record.correct,
                reliability: r.estimate,
                reliability_low: r.low,
                reliability_high: r.high,
            }
        })
        .collect())
}

/// A metric as `metric list` shows it: the comparison window its claims use.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MetricRecord {
    #[serde(flatten)]
    pub info: NameInfo,
    /// Days within which two states (or forecasts) are the same time.
    pub window_days: i64,
    /// The same for run rates, which go stale sooner.
    pub run_rate_window_days: i64,
    /// Whether the window was set with `metric add M --window DAYS` (else the default).
    pub window_set: bool,
}

impl MetricRecord {
    pub fn new(info: NameInfo) -> Self {
        Self {
            window_days: info.window_days.unwrap_or(Settings::WINDOW_DAYS),
            run_rate_window_days: info.window_days.unwrap_or(Settings::RUN_RATE_WINDOW_DAYS),
            window_set: info.window_days.is_some(),
            info,
        }
    }
}

/// Every subject or metric with its spellings and claim count, by name.
pub fn names(ledger: &dyn Store, kind: NameKind) -> Result<Vec<NameInfo>> {
    ledger.names(kind)
}

/// Every metric with its spellings, claim count and comparison windows, by name.
pub fn metrics(ledger: &dyn Store) -> Result<Vec<MetricRecord>> {
    Ok(ledger
        .names(NameKind::Metric)?
        .into_iter()
        .map(MetricRecord::new)
        .collect())
}
