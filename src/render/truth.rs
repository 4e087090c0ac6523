//! Truth estimates as JSON (a streamed array) or JSON Lines — the same bytes for
//! `truth --format json` and the web API — and as a table or Markdown, with the
//! sources and candidates behind them on request.

use std::io::Write;

use crate::error::Result;
use crate::truth::{Estimate, Truth};

/// Writes estimates one at a time, as they come: a million need not be held.
pub struct EstimateSink<'a> {
    out: &'a mut dyn Write,
    /// A JSON array (else JSON Lines).
    array: bool,
    count: usize,
}

impl<'a> EstimateSink<'a> {
    pub fn new(out: &'a mut dyn Write, array: bool) -> Result<EstimateSink<'a>> {
        if array {
            write!(out, "[")?;
        }
        Ok(EstimateSink {
            out,
            array,
            count: 0,
        })
    }

    pub fn push(&mut self, e: &Estimate) -> Result<()> {
        if self.array {
            write!(self.out, "{}\n  ", if self.count == 0 { "" } else { "," })?;
        }
        super::json_compact(&mut *self.out, e)?;
        if !self.array {
            writeln!(self.out)?;
        }
        self.count += 1;
        Ok(())
    }

    pub fn finish(self) -> Result<usize> {
        if self.array {
            writeln!(self.out, "{}]", if self.count == 0 { "" } else { "\n" })?;
        }
        Ok(self.count)
    }
}

/// The estimates as a table (`markdown`: Markdown tables); with `explain`, the sources
/// by accuracy, the likely copiers and every candidate behind each estimate.
pub fn table(
    out: &mut dyn Write,
    estimates: &[Estimate],
    explain: Option<&Truth>,
    markdown: bool,
) -> Result<()> {
    let when = |e: &Estimate| {
        let time =
            super::period_or_as_of(e.period.as_deref(), e.as_of.as_deref()).unwrap_or_default();
        super::report::with_basis_word(time, e.basis.unwrap_or_default())
    };
    let rows = estimates
        .iter()
        .map(|e| {
            vec![
                e.subject.clone(),
                e.metric.clone(),
                when(e),
                e.value.clone(),
                format!(
                    "{:.2}{}",
                    e.probability,
                    if e.judged { " (judged)" } else { "" }
                ),
                e.sources.join(", "),
            ]
        })
        .collect();
    let headers = [
        "subject",
        "metric",
        "when",
        "most likely",
        "probability",
        "sources",
    ];
    if markdown {
        super::markdown_table(out, &headers, rows)?;
    } else {
        super::table(out, &headers, rows)?;
    }
    match explain {
        Some(truth) => self::explain(out, truth, estimates, markdown),
        None => Ok(()),
    }
}

fn explain(
    out: &mut dyn Write,
    truth: &Truth,
    estimates: &[Estimate],
    markdown: bool,
) -> Result<()> {
    writeln!(out, "\nSources, by estimated accuracy:")?;
    let rows = truth
        .sources
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                format!("{:.3}", s.accuracy),
                s.claims.to_string(),
            ]
        })
        .collect();
    let headers = ["source", "accuracy", "questions"];
    if markdown {
        super::markdown_table(out, &headers, rows)?;
    } else {
        super::table(out, &headers, rows)?;
    }
    if truth.copiers.is_empty() {
        writeln!(out, "\nNo sources were found to copy one another.")?;
    } else {
        writeln!(
            out,
            "\nLikely copiers (each group's votes count about once):"
        )?;
        for g in &truth.copiers {
            writeln!(
                out,
                "  - {} (dependence ≥ {:.2})",
                g.sources.join(", "),
                g.probability
            )?;
        }
    }
    for e in estimates {
        writeln!(
            out,
            "\n{} · {} · {}",
            e.subject,
            e.metric,
            super::report::with_basis_word(
                e.period.clone().or(e.as_of.clone()).unwrap_or_default(),
                e.basis.unwrap_or_default()
            )
        )?;
        for c in &e.candidates {
            let who: Vec<String> = c
                .sources
                .iter()
                .map(|s| match &s.copy_of {
                    Some(o) => format!(
                        "{} ({:.2}, discounted as a copy of {o})",
                        s.source, s.accuracy
                    ),
                    None => format!("{} ({:.2})", s.source, s.accuracy),
                })
                .collect();
            writeln!(
                out,
                "  {:.3}  {}  ← {}",
                c.probability,
                super::printable(&c.value),
                super::printable(&who.join(", "))
            )?;
        }
    }
    Ok(())
}
