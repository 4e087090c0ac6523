//! `timeline`: a metric's values over time.

use serde::Serialize;

use crate::cli::Format;
use crate::detect::{self, Item};
use crate::error::{Error, Result};

/// A metric's values in time order, with the change from the previous value, who
/// reported each, and which points are in contradiction.
///
/// Example: crosscheck timeline --subject OpenAI --metric valuation
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The subject (or an alias)
    #[arg(long)]
    pub subject: String,
    /// The metric (or an alias)
    #[arg(long)]
    pub metric: String,
    #[command(flatten)]
    pub settings: super::contradictions::SettingsArgs,
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

pub fn points(ledger: &crate::store::Ledger, args: &Args) -> Result<Vec<Point>> {
    for (kind, name) in [
        (crate::store::NameKind::Subject, &args.subject),
        (crate::store::NameKind::Metric, &args.metric),
    ] {
        if ledger.resolve(kind, name)?.is_none() {
            let hint = ledger.suggestions(kind, name)?;
            let dym = hint
                .first()
                .map(|h| format!(" — did you mean '{h}'?"))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "no {} named '{name}' in the ledger{dym}",
                kind.word()
            )));
        }
    }
    let mut items = Vec::new();
    ledger.comparable_claims(Some(&args.subject), Some(&args.metric), |i| {
        items.push(i);
        Ok(())
    })?;
    let settings = args.settings.settings()?;
    let groups = detect::detect_group(&items, &settings);
    let mut notes = forecast_notes(&items, &settings);
    items.sort_by(|a, b| (a.time_start, &a.date, a.id).cmp(&(b.time_start, &b.date, b.id)));
    let mut out: Vec<Point> = Vec::with_capacity(items.len());
    for i in &items {
        let m = if i.kind == "quantity" { mid(i) } else { None };
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

fn bar(x: Option<f64>, max: f64, width: usize) -> String {
    match x {
        Some(v) if max > 0.0 && v >= 0.0 => {
            let n = ((v / max) * width as f64).round() as usize;
            "█".repeat(n.max(1))
        }
        _ => String::new(),
    }
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let format = ctx.format_of(
        Format::Table,
        &[
            Format::Table,
            Format::Json,
            Format::Jsonl,
            Format::Markdown,
            Format::Html,
        ],
        "timeline",
    )?;
    let ledger = ctx.open()?;
    let points = points(&ledger, &args)?;
    let mut out = ctx.out()?;
    match format {
        Format::Html => {
            // The names as the ledger spells them, not as typed.
            let canonical = |kind, typed: &String| -> Result<String> {
                Ok(ledger
                    .resolve(kind, typed)?
                    .map_or_else(|| typed.clone(), |(_, name)| name))
            };
            let subject = canonical(crate::store::NameKind::Subject, &args.subject)?;
            let metric = canonical(crate::store::NameKind::Metric, &args.metric)?;
            let mut urls = crate::render::html::Urls::new();
            for p in &points {
                if let Some(url) = ledger.claim(&p.id.to_string())?.url {
                    urls.insert(p.id, url);
                }
            }
            crate::render::html::timeline(&mut out, &subject, &metric, &points, &urls)?;
        }
        Format::Json => crate::render::json(&mut out, &points)?,
        Format::Jsonl => {
            for p in &points {
                serde_json::to_writer(&mut out, p).map_err(std::io::Error::from)?;
                std::io::Write::write_all(&mut out, b"\n")?;
            }
        }
        _ => {
            let max = points.iter().filter_map(|p| p.mid).fold(0.0, f64::max);
            let rows = points
                .iter()
                .map(|p| {
                    let change = match (p.change, p.change_pct) {
                        (Some(c), Some(pc)) => format!(
                            "{}{} ({:+.0}%)",
                            if c >= 0.0 { "+" } else { "−" },
                            crate::render::human(c.abs()),
                            pc
                        ),
                        (Some(c), None) => format!("{c:+}"),
                        _ => String::new(),
                    };
                    let source = match &p.via {
                        Some(v) => format!("{} (via {v})", p.source),
                        None => p.source.clone(),
                    };
                    let mut flags = p.contradictions.clone();
                    flags.extend(p.notes.iter().cloned());
                    vec![
                        crate::render::report::with_basis_word(
                            p.period.clone().unwrap_or_else(|| {
                                p.as_of.clone().unwrap_or_else(|| p.when.clone())
                            }),
                            p.basis,
                        ),
                        p.value.clone(),
                        format!(
                            "{} {}",
                            bar(p.mid, max, 24),
                            p.mid.map(crate::render::human).unwrap_or_default()
                        ),
                        change,
                        source,
                        p.date.clone(),
                        flags.join("; "),
                    ]
                })
                .collect();
            let headers = [
                "when",
                "value",
                "",
                "change",
                "source",
                "reported",
                "contradiction",
            ];
            if format == Format::Markdown {
                crate::render::markdown_table(&mut out, &headers, rows)?;
            } else {
                crate::render::table(&mut out, &headers, rows)?;
            }
        }
    }
    out.finish()
}
