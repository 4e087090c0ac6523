//! `timeline`: a metric's values over time.

use crate::cli::Format;
use crate::error::Result;
use crate::ops::timeline::{TimelineOptions, points};

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
    let options = TimelineOptions {
        subject: args.subject.clone(),
        metric: args.metric.clone(),
        settings: args.settings.settings()?,
    };
    let points = points(&*ledger, &options)?;
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
        Format::Jsonl => crate::render::jsonl(&mut out, &points)?,
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
