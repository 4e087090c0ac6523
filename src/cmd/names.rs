//! `source`, `subject`, `metric`: name things once, with every spelling that means them.

use clap::Subcommand;

use crate::cli::Format;
use crate::error::Result;
use crate::store::{NameDetails, NameKind};

#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    pub command: SourceCommand,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Register a source (or add aliases to a known one)
    #[command(after_help = "Examples:
  crosscheck source add 'The Verge' --alias Verge --kind outlet --url https://www.theverge.com
  crosscheck source add 'Financial Times' --alias 英国金融时报")]
    Add {
        /// Canonical name, e.g. "Financial Times"
        name: String,
        /// Another name it goes by (repeatable), e.g. --alias FT --alias 金融时报
        #[arg(long = "alias", value_name = "ALIAS")]
        aliases: Vec<String>,
        /// What it is: outlet, wire, company, official, analyst, blog…
        #[arg(long)]
        kind: Option<String>,
        /// Its home page
        #[arg(long)]
        url: Option<String>,
    },
    /// List sources with their aliases and claim counts
    #[command(after_help = "Examples:
  crosscheck source list
  crosscheck source list --format json")]
    List,
}

/// Name a subject once; aliases merge spellings ("Open AI" → "OpenAI").
#[derive(Debug, clap::Args)]
pub struct SubjectArgs {
    #[command(subcommand)]
    pub command: SubjectCommand,
}

#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    /// Register a subject (or add aliases to a known one)
    #[command(after_help = "Examples:
  crosscheck subject add OpenAI --alias 'Open AI'
  crosscheck subject add 'Mistral AI' --alias Mistral")]
    Add {
        name: String,
        /// Another spelling (repeatable)
        #[arg(long = "alias", value_name = "ALIAS")]
        aliases: Vec<String>,
    },
    /// List subjects with their aliases and claim counts
    #[command(after_help = "Examples:
  crosscheck subject list
  crosscheck subject list --format json")]
    List,
}

/// Name a metric once; aliases merge spellings ("annual revenue" → "revenue").
#[derive(Debug, clap::Args)]
pub struct MetricArgs {
    #[command(subcommand)]
    pub command: MetricCommand,
}

#[derive(Debug, Subcommand)]
pub enum MetricCommand {
    /// Register a metric (or add aliases to a known one)
    #[command(after_help = "Examples:
  crosscheck metric add revenue --alias 'annual revenue' --alias 收入
  crosscheck metric add investors --multi-valued")]
    Add {
        name: String,
        /// Another spelling (repeatable)
        #[arg(long = "alias", value_name = "ALIAS")]
        aliases: Vec<String>,
        /// The metric holds several values at once (e.g. the investors in a round):
        /// different values are never a contradiction
        #[arg(long)]
        multi_valued: bool,
        /// The metric's comparison window: its states (and forecasts) within this many
        /// days are the same time (default 30, 7 for run rates)
        #[arg(long, value_name = "DAYS")]
        window: Option<i64>,
    },
    /// List metrics with their aliases, claim counts and whether they are multi-valued
    #[command(after_help = "Examples:
  crosscheck metric list
  crosscheck metric list --format csv")]
    List,
}

/// A source with its track record, as `source list` shows it.
#[derive(serde::Serialize)]
struct SourceOut {
    #[serde(flatten)]
    info: crate::store::SourceInfo,
    /// Its claims in groups judged with `resolve --correct`.
    judged: u32,
    /// Of those, the ones that agreed with the claim marked correct.
    correct: u32,
    /// Beta(4, 1) posterior mean, with a 90% interval.
    reliability: f64,
    reliability_low: f64,
    reliability_high: f64,
}

fn report(ctx: &super::Ctx, kind: NameKind, name: &str, added: &[String], changed: bool) {
    if !changed {
        ctx.say(format!("{} '{name}' is already known", kind.word()));
    } else if added.is_empty() {
        ctx.say(format!("added {} '{name}'", kind.word()));
    } else {
        ctx.say(format!(
            "{} '{name}': aliases {}",
            kind.word(),
            added.join(", ")
        ));
    }
}

pub fn run_source(args: SourceArgs, ctx: &super::Ctx) -> Result<()> {
    match args.command {
        SourceCommand::Add {
            name,
            aliases,
            kind,
            url,
        } => {
            let mut ledger = ctx.open()?;
            let details = NameDetails {
                kind,
                url,
                multi_valued: false,
            };
            let (canonical, added, changed) =
                ledger.add_name(NameKind::Source, &name, &aliases, &details)?;
            report(ctx, NameKind::Source, &canonical, &added, changed);
            Ok(())
        }
        SourceCommand::List => {
            let ledger = ctx.open()?;
            let records = crate::ops::truth::track_records(&*ledger, &ledger.judgements()?)?;
            let sources: Vec<SourceOut> = ledger
                .sources()?
                .into_iter()
                .map(|info| {
                    let record = records.get(&info.name).copied().unwrap_or_default();
                    let r = record.reliability();
                    SourceOut {
                        info,
                        judged: record.judged,
                        correct: record.correct,
                        reliability: r.estimate,
                        reliability_low: r.low,
                        reliability_high: r.high,
                    }
                })
                .collect();
            let format = ctx.format_of(
                Format::Table,
                &[Format::Table, Format::Json, Format::Jsonl, Format::Markdown],
                "source list",
            )?;
            let mut out = ctx.out()?;
            match format {
                Format::Json => crate::render::json(&mut out, &sources)?,
                Format::Jsonl => crate::render::jsonl(&mut out, &sources)?,
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
                        crate::render::markdown_table(&mut out, &headers, rows)?;
                    } else {
                        crate::render::table(&mut out, &headers, rows)?;
                    }
                }
            }
            out.finish()
        }
    }
}

pub fn run_subject(args: SubjectArgs, ctx: &super::Ctx) -> Result<()> {
    let (name, aliases) = match args.command {
        SubjectCommand::Add { name, aliases } => (name, aliases),
        SubjectCommand::List => return list_names(ctx, NameKind::Subject),
    };
    let mut ledger = ctx.open()?;
    let (canonical, added, changed) =
        ledger.add_name(NameKind::Subject, &name, &aliases, &NameDetails::default())?;
    report(ctx, NameKind::Subject, &canonical, &added, changed);
    Ok(())
}

pub fn run_metric(args: MetricArgs, ctx: &super::Ctx) -> Result<()> {
    let (name, aliases, multi_valued, window) = match args.command {
        MetricCommand::Add {
            name,
            aliases,
            multi_valued,
            window,
        } => (name, aliases, multi_valued, window),
        MetricCommand::List => return list_names(ctx, NameKind::Metric),
    };
    if window.is_some_and(|w| !(0..=36_500).contains(&w)) {
        return Err(crate::error::Error::Usage(
            "--window must be a number of days from 0 to 36500".into(),
        ));
    }
    let mut ledger = ctx.open()?;
    let details = NameDetails {
        multi_valued,
        ..NameDetails::default()
    };
    let (canonical, added, changed) =
        ledger.add_name(NameKind::Metric, &name, &aliases, &details)?;
    if let Some(days) = window {
        ledger.set_metric_window(&canonical, days)?;
        ctx.say(format!(
            "metric '{canonical}': states within {days} days are the same time"
        ));
    }
    if multi_valued && !changed {
        ledger.set_multi_valued(&canonical)?;
        ctx.say(format!("metric '{canonical}' is now multi-valued"));
        return Ok(());
    }
    report(ctx, NameKind::Metric, &canonical, &added, changed);
    Ok(())
}

/// `subject list`, `metric list`: every name with its aliases and claim count.
fn list_names(ctx: &super::Ctx, kind: NameKind) -> Result<()> {
    let ledger = ctx.open()?;
    let names = ledger.names(kind)?;
    let command = format!("{} list", kind.word());
    let format = ctx.format_of(
        Format::Table,
        &[
            Format::Table,
            Format::Json,
            Format::Jsonl,
            Format::Csv,
            Format::Markdown,
        ],
        &command,
    )?;
    let mut out = ctx.out()?;
    let metric = kind == NameKind::Metric;
    let mut headers = vec![kind.word(), "aliases", "claims"];
    if metric {
        headers.push("multi-valued");
    }
    let rows = || {
        names
            .iter()
            .map(|n| {
                let mut row = vec![n.name.clone(), n.aliases.join(", "), n.claims.to_string()];
                if metric {
                    let multi = if n.multi_valued == Some(true) {
                        "yes"
                    } else {
                        "no"
                    };
                    row.push(multi.to_string());
                }
                row
            })
            .collect::<Vec<_>>()
    };
    match format {
        Format::Json => crate::render::json(&mut out, &names)?,
        Format::Jsonl => crate::render::jsonl(&mut out, &names)?,
        Format::Csv => crate::render::csv_rows(&mut out, &headers, rows())?,
        Format::Markdown => crate::render::markdown_table(&mut out, &headers, rows())?,
        _ => crate::render::table(&mut out, &headers, rows())?,
    }
    out.finish()?;
    if names.is_empty() && format == Format::Table {
        ctx.say(format!(
            "no {}s yet; they are named by `crosscheck add` and `crosscheck {} add`",
            kind.word(),
            kind.word()
        ));
    }
    Ok(())
}
