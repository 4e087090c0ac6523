//! `truth`: the most likely value of each question, and whom to believe.

use std::io::Write;

use crate::cli::Format;
use crate::error::Result;
use crate::ops::truth::{TruthOptions, estimate};
use crate::truth::{Estimate, Truth};

/// Estimate the most likely value of every subject/metric/time from agreement across the
/// whole ledger: sources that usually agree with the consensus weigh more, and sources
/// that copy each other count once. Judgements (`resolve --correct`) always win.
///
/// `--explain` shows, for each estimate, every candidate value with the sources behind
/// it, their estimated accuracy, and who was discounted as a likely copy.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this subject
    #[arg(long)]
    pub subject: Option<String>,
    /// Only this metric
    #[arg(long)]
    pub metric: Option<String>,
    /// Show the candidates and sources behind each estimate
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub settings: super::contradictions::SettingsArgs,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let format = ctx.format_of(
        Format::Table,
        &[Format::Table, Format::Json, Format::Jsonl, Format::Markdown],
        "truth",
    )?;
    let ledger = ctx.open()?;
    let mut out = ctx.out()?;
    let options = TruthOptions {
        subject: args.subject.clone(),
        metric: args.metric.clone(),
        explain: args.explain,
        settings: args.settings.settings()?,
    };
    match format {
        // Streamed: a million estimates are written as they come.
        Format::Json | Format::Jsonl => {
            let mut sink =
                crate::render::truth::EstimateSink::new(&mut out, format == Format::Json)?;
            estimate(&*ledger, &options, |e| sink.push(&e))?;
            sink.finish()?;
        }
        _ => {
            let mut estimates = Vec::new();
            let truth = estimate(&*ledger, &options, |e| {
                estimates.push(e);
                Ok(())
            })?;
            let when = |e: &Estimate| {
                let time = match (&e.period, &e.as_of) {
                    (Some(p), _) => p.clone(),
                    (None, Some(a)) => format!("as of {a}"),
                    _ => String::new(),
                };
                crate::render::report::with_basis_word(time, e.basis.unwrap_or_default())
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
            if format == Format::Markdown {
                crate::render::markdown_table(&mut out, &headers, rows)?;
            } else {
                crate::render::table(&mut out, &headers, rows)?;
            }
            if args.explain {
                explain(&mut out, &truth, &estimates, format == Format::Markdown)?;
            }
        }
    }
    out.finish()
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
        crate::render::markdown_table(out, &headers, rows)?;
    } else {
        crate::render::table(out, &headers, rows)?;
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
            crate::render::report::with_basis_word(
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
                crate::render::printable(&c.value),
                crate::render::printable(&who.join(", "))
            )?;
        }
    }
    Ok(())
}
