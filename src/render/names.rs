//! `source list`, `subject list`, `metric list`.

use std::io::Write;

use super::Format;
use crate::error::Result;
use crate::ops::names::{MetricRecord, SourceRecord};
use crate::store::{NameInfo, NameKind};

/// Every source with its spellings, claim count and track record.
pub fn sources(out: &mut dyn Write, sources: &[SourceRecord], format: Format) -> Result<()> {
    match format {
        Format::Json => super::json(out, &sources),
        Format::Jsonl => super::jsonl(out, sources),
        _ => {
            let rows = sources
                .iter()
                .map(|s| {
                    vec![
                        s.info.name.clone(),
                        s.info.aliases.join(", "),
                        s.info.kind.clone().unwrap_or_default(),
                        s.info.claims.to_string(),
                        format!("{} / {}", s.correct, s.judged),
                        format!(
                            "{:.2} ({:.2}–{:.2})",
                            s.reliability, s.reliability_low, s.reliability_high
                        ),
                    ]
                })
                .collect();
            let headers = [
                "source",
                "aliases",
                "kind",
                "claims",
                "right / judged",
                "reliability",
            ];
            if format == Format::Markdown {
                super::markdown_table(out, &headers, rows)
            } else {
                super::table(out, &headers, rows)
            }
        }
    }
}

/// "60 days (set)" or "30 days, 7 for run rates (default)".
fn window_text(m: &MetricRecord) -> String {
    if m.window_set {
        format!("{} days (set)", m.window_days)
    } else {
        format!(
            "{} days, {} for run rates (default)",
            m.window_days, m.run_rate_window_days
        )
    }
}

/// Every subject with its spellings and claim count.
pub fn subjects(out: &mut dyn Write, names: &[NameInfo], format: Format) -> Result<()> {
    let headers = [NameKind::Subject.word(), "aliases", "claims"];
    let rows = || {
        names
            .iter()
            .map(|n| vec![n.name.clone(), n.aliases.join(", "), n.claims.to_string()])
            .collect::<Vec<_>>()
    };
    match format {
        Format::Json => super::json(out, &names),
        Format::Jsonl => super::jsonl(out, names),
        Format::Csv => super::csv_rows(out, &headers, rows()),
        Format::Markdown => super::markdown_table(out, &headers, rows()),
        _ => super::table(out, &headers, rows()),
    }
}

/// Every metric with its spellings, claim count, whether it is multi-valued and its
/// comparison windows.
pub fn metrics(out: &mut dyn Write, metrics: &[MetricRecord], format: Format) -> Result<()> {
    let mut headers = vec![NameKind::Metric.word(), "aliases", "claims", "multi-valued"];
    if format == Format::Csv {
        headers.extend(["window_days", "run_rate_window_days", "window_set"]);
    } else {
        headers.push("window");
    }
    let rows = || {
        metrics
            .iter()
            .map(|m| {
                let n = &m.info;
                let multi = if n.multi_valued == Some(true) {
                    "yes"
                } else {
                    "no"
                };
                let mut row = vec![
                    n.name.clone(),
                    n.aliases.join(", "),
                    n.claims.to_string(),
                    multi.to_string(),
                ];
                if format == Format::Csv {
                    row.push(m.window_days.to_string());
                    row.push(m.run_rate_window_days.to_string());
                    row.push(m.window_set.to_string());
                } else {
                    row.push(window_text(m));
                }
                row
            })
            .collect::<Vec<_>>()
    };
    match format {
        Format::Json => super::json(out, &metrics),
        Format::Jsonl => super::jsonl(out, metrics),
        Format::Csv => super::csv_rows(out, &headers, rows()),
        Format::Markdown => super::markdown_table(out, &headers, rows()),
        _ => super::table(out, &headers, rows()),
    }
}
