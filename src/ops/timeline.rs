//! A metric's values over time.

use crate::model::Kind;
use serde::Serialize;

use crate::detect::{self, Item, Settings};
use crate::error::Result;

/// Which timeline to draw.
#[derive(Debug, Clone, Default)]
pub struct TimelineOptions {
    /// The subject (or an alias).
    pub subject: String,
    /// The metric (or an alias).
    pub metric: String,
    pub settings: Settings,
}

/// One point of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub id: i64,
    pub key: Option<String>,
    /// The day the value held (as-of) or the period's first day.
    pub when: String,
    pub period: Option<String>,
    pub as_of: Option<String>,
    pub source: String,
    pub via: Option<String>,
    pub date: String,
    pub value: String,
    pub unit: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The figure used for changes: the midpoint of the stated bounds.
    pub mid: Option<f64>,
    pub change: Option<f64>,
    pub change_pct: Option<f64>,
    /// What kind of figure it is.
    pub basis: crate::model::Basis,
    /// Contradiction groups this claim is part of.
    pub contradictions: Vec<String>,
    /// Revised forecasts, and forecasts beside their outcomes (spec §3).
    pub notes: Vec<String>,
}

/// Forecasts of a period set against each other and against the outcome: a later forecast
/// that differs from one made outside the window is a *revised forecast*; a forecast and
/// the actual figure for its period are *forecast vs outcome*. Never contradictions.
pub fn forecast_notes(
    items: &[Item],
    s: &detect::Settings,
) -> std::collections::HashMap<i64, Vec<String>> {
    use crate::model::Basis;
    let mut notes: std::collections::HashMap<i64, Vec<String>> = Default::default();
    let said = |i: &Item| format!("“{}” ({}, {})", i.value, i.source, i.date);
    let mut forecasts: Vec<&Item> = items
        .iter()
        .filter(|i| !i.is_state() && i.basis == Basis::Forecast)
        .collect();
    forecasts.sort_by_key(|a| (a.when_start, a.id));
    for (n, f) in forecasts.iter().enumerate() {
        let earlier = forecasts[..n].iter().rev().find(|e| {
            e.time_key == f.time_key
                && e.unit == f.unit
                && e.kind == f.kind
                && !detect::same_time(e, f, f.window(s))
                && !detect::agree(e, f, s)
        });
        if let Some(e) = earlier {
            notes
                .entry(f.id)
                .or_default()
                .push(format!("revised forecast: was {}", said(e)));
        }
        let outcome = items.iter().find(|a| {
            !a.is_state()
                && a.basis == Basis::Actual
                && a.time_key == f.time_key
                && a.unit == f.unit
                && a.kind == f.kind
        });
        if let Some(a) = outcome {
            notes.entry(f.id).or_default().push(format!(
                "forecast vs outcome: {} reported {}",
                a.source,
                said(a)
            ));
            notes
                .entry(a.id)
                .or_default()
                .push(format!("forecast vs outcome: forecast {}", said(f)));
        }
    }
    notes
}

fn mid(i: &Item) -> Option<f64> {
    match (i.low, i.high) {
        (Some(l), Some(h)) => Some((l + h) / 2.0),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    }
}

pub fn points(ledger: &dyn crate::store::Store, args: &TimelineOptions) -> Result<Vec<Point>> {
    super::check_names(ledger, Some(&args.subject), Some(&args.metric))?;
    let mut items = Vec::new();
    ledger.comparable_claims(Some(&args.subject), Some(&args.metric), &mut |i| {
        items.push(i);
        Ok(())
    })?;
    let settings = args.settings;
    let groups = detect::detect_group(&items, &settings);
    let mut notes = forecast_notes(&items, &settings);
    items.sort_by(|a, b| (a.time_start, &a.date, a.id).cmp(&(b.time_start, &b.date, b.id)));
    let mut out: Vec<Point> = Vec::with_capacity(items.len());
    for i in &items {
        let m = if i.kind == Kind::Quantity {
            mid(i)
        } else {
            None
        };
        let prev = out
            .iter()
            .rev()
            .find(|p| p.unit == i.unit && p.basis == i.basis && p.mid.is_some());
        let change = match (m, prev.and_then(|p| p.mid)) {
            (Some(now), Some(before)) => Some(now - before),
            _ => None,
        };
        let change_pct = match (change, prev.and_then(|p| p.mid)) {
            (Some(c), Some(before)) if before != 0.0 => Some(c / before.abs() * 100.0),
            _ => None,
        };
        out.push(Point {
            id: i.id,
            key: i.key.clone(),
            when: i.time_start.to_string(),
            period: i.period.clone(),
            as_of: i.as_of.clone(),
            source: i.source.clone(),
            via: i.via.clone(),
            date: i.date.clone(),
            value: i.value.clone(),
            unit: i.unit.clone(),
            low: i.low,
            high: i.high,
            mid: m,
            change,
            change_pct,
            contradictions: groups
                .iter()
                .filter(|g| {
                    g.claim_ids.contains(&i.id)
                        && g.camps
                            .iter()
                            .any(|c| c.claims.iter().any(|m| m.id == i.id))
                })
                .map(|g| format!("{} {}", g.kind.as_str(), g.id))
                .collect(),
            basis: i.basis,
            notes: notes.remove(&i.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The subject and metric as the ledger spells them (the typed names when unknown).
pub fn names(ledger: &dyn crate::store::Store, args: &TimelineOptions) -> Result<(String, String)> {
    use crate::store::NameKind;
    let canonical = |kind, typed: &String| -> Result<String> {
        Ok(ledger
            .resolve(kind, typed)?
            .map_or_else(|| typed.clone(), |(_, name)| name))
    };
    Ok((
        canonical(NameKind::Subject, &args.subject)?,
        canonical(NameKind::Metric, &args.metric)?,
    ))
}
