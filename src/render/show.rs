//! `show`: one claim, as a field/value table, Markdown or JSON.

use crate::model::Kind;
use std::io::Write;

use serde_json::json;

use crate::error::Result;
use crate::ops::show::ClaimReport;
use crate::render::Format;

/// Writes what is known about one claim.
pub fn write(out: &mut dyn Write, report: &ClaimReport, format: Format) -> Result<()> {
    let ClaimReport {
        claim,
        history,
        retraction,
        record,
        notes,
        groups,
    } = report;
    let reliability = record.reliability();
    let fared = format!(
        "{}: {} of {} judged claims right; reliability {:.2} ({:.2}–{:.2})",
        claim.source,
        record.correct,
        record.judged,
        reliability.estimate,
        reliability.low,
        reliability.high
    );
    if format == Format::Json {
        let mut v = serde_json::to_value(claim).map_err(std::io::Error::from)?;
        v["retraction"] = json!(retraction);
        v["history"] = json!(history);
        v["source_record"] =
            json!({"judged": record.judged, "correct": record.correct, "reliability": reliability});
        v["forecast_notes"] = json!(notes);
        v["contradictions"] = json!(groups.iter().map(|g| json!({"id": g.id, "kind": g.kind, "severity": g.severity, "status": g.status})).collect::<Vec<_>>());
        crate::render::json(out, &v)?;
        return Ok(());
    }
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let mut rows = vec![
        vec!["id".into(), claim.id.to_string()],
        vec!["key".into(), opt(&claim.key)],
        vec!["subject".into(), claim.subject.clone()],
        vec!["metric".into(), claim.metric.clone()],
        vec!["value".into(), claim.value.clone()],
        vec![
            "read as".into(),
            if claim.kind == Kind::Quantity {
                format!(
                    "{} ({})",
                    crate::render::range(claim.low, claim.high, claim.unit.as_deref()),
                    opt(&claim.bound)
                )
            } else {
                claim.kind.to_string()
            },
        ],
        vec![
            "basis".into(),
            if claim.basis == crate::model::Basis::Actual {
                String::new()
            } else {
                claim.basis.as_str().into()
            },
        ],
        vec!["period".into(), opt(&claim.period)],
        vec!["as of".into(), opt(&claim.as_of)],
        vec!["source".into(), claim.source.clone()],
        vec!["via".into(), opt(&claim.via)],
        vec!["date".into(), claim.date.clone()],
        vec![
            "confidence".into(),
            format!("{} ({})", claim.confidence, claim.confidence.score),
        ],
        vec!["quote".into(), opt(&claim.quote)],
        vec!["url".into(), opt(&claim.url)],
        vec!["title".into(), opt(&claim.title)],
        vec!["authors".into(), claim.authors.join(", ")],
        vec!["tags".into(), claim.tags.join(", ")],
        vec!["notes".into(), opt(&claim.notes)],
        vec![
            "status".into(),
            match &retraction {
                Some(r) => format!("retracted: {r}"),
                None => claim.status.as_str().into(),
            },
        ],
    ];
    rows.push(vec!["source record".into(), fared]);
    rows.retain(|r| !r[1].is_empty());
    for e in history {
        rows.push(vec![
            "history".into(),
            format!(
                "event {} · {} · {} · {}",
                e.id,
                &e.at[..e.at.len().min(19)],
                e.actor,
                e.action
            ),
        ]);
    }
    for n in notes {
        rows.push(vec!["forecast".into(), n.clone()]);
    }
    for g in groups {
        rows.push(vec![
            "contradiction".into(),
            format!(
                "{} {} (severity {:.2}, {})",
                g.kind.as_str(),
                g.id,
                g.severity,
                g.status
            ),
        ]);
    }
    if format == Format::Markdown {
        crate::render::markdown_table(out, &["field", "value"], rows)?;
    } else {
        crate::render::table(out, &["field", "value"], rows)?;
    }
    Ok(())
}
