//! `truth`: the most likely value of each question, and whom to believe.

use std::collections::HashMap;
use std::io::Write;

use crate::cli::Format;
use crate::error::Result;
use crate::truth::{Estimate, Input, Model, Truth};

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

/// Runs the model over the ledger, handing each estimate that passes the filters to
/// `each`. Source accuracies need every claim, so the filters apply to what is shown,
/// not to what is weighed.
pub fn estimate(
    ledger: &crate::store::Ledger,
    args: &Args,
    mut each: impl FnMut(Estimate) -> Result<()>,
) -> Result<Truth> {
    let mut verdicts: HashMap<i64, bool> = HashMap::new();
    for j in ledger.judgements()? {
        if let Some(correct) = j.correct_claim {
            for id in &j.claim_ids {
                verdicts.insert(*id, *id == correct);
            }
        }
    }
    let mut model = Model::new(args.settings.settings()?);
    ledger.comparable_claims(None, None, |item| {
        let judged = verdicts.get(&item.id).copied();
        model.push(Input { item, judged });
        Ok(())
    })?;
    let canonical = |filter: &Option<String>, kind| -> Result<Option<String>> {
        Ok(match filter {
            None => None,
            // An unknown name matches nothing.
            Some(f) => Some(ledger.resolve(kind, f)?.map(|(_, c)| c).unwrap_or_default()),
        })
    };
    let subject = canonical(&args.subject, crate::store::NameKind::Subject)?;
    let metric = canonical(&args.metric, crate::store::NameKind::Metric)?;
    model.solve(args.explain, |e| {
        let keep = subject.as_ref().is_none_or(|s| *s == e.subject)
            && metric.as_ref().is_none_or(|m| *m == e.metric);
        if keep { each(e) } else { Ok(()) }
    })
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let format = ctx.format_of(
        Format::Table,
        &[Format::Table, Format::Json, Format::Jsonl, Format::Markdown],
        "truth",
    )?;
    let ledger = ctx.open()?;
    let mut out = ctx.out()?;
    match format {
        // Streamed: a million estimates are written as they come.
        Format::Json | Format::Jsonl => {
            let json = format == Format::Json;
            let mut n = 0usize;
            if json {
                write!(out, "[")?;
            }
            estimate(&ledger, &args, |e| {
                if json {
                    write!(out, "{}\n  ", if n == 0 { "" } else { "," })?;
                }
                serde_json::to_writer(&mut out, &e).map_err(std::io::Error::from)?;
                if !json {
                    writeln!(out)?;
                }
                n += 1;
                Ok(())
            })?;
            if json {
                writeln!(out, "{}]", if n == 0 { "" } else { "\n" })?;
            }
        }
        _ => {
            let mut estimates = Vec::new();
            let truth = estimate(&ledger, &args, |e| {
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

/// Each source's record on judged contradictions: of the claims in groups resolved with
/// `resolve --correct`, how many agreed with the claim marked correct.
pub fn track_records(
    ledger: &crate::store::Ledger,
    judgements: &[crate::store::Judgement],
) -> Result<HashMap<String, crate::truth::record::Record>> {
    let mut latest: HashMap<&str, &crate::store::Judgement> = HashMap::new();
    for j in judgements {
        latest.insert(&j.group_id, j);
    }
    let settings = crate::detect::Settings::default();
    let mut records: HashMap<String, crate::truth::record::Record> = HashMap::new();
    for j in latest.values().filter(|j| j.verdict == "resolved") {
        let Some(correct_id) = j.correct_claim else {
            continue;
        };
        let items = ledger.items(&j.claim_ids)?;
        let Some(correct) = items.iter().find(|i| i.id == correct_id) else {
            continue;
        };
        for item in &items {
            let r = records.entry(item.source.clone()).or_default();
            r.judged += 1;
            if crate::detect::agree(item, correct, &settings) {
                r.correct += 1;
            }
        }
    }
    Ok(records)
}
