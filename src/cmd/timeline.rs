//! `timeline`: a metric's values over time.

use crate::cli::Format;
use crate::error::Result;
use crate::ops::contradictions::evidence_of;
use crate::ops::timeline::{self, TimelineOptions, points};

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
            let (subject, metric) = timeline::names(&*ledger, &options)?;
            let urls = evidence_of(&*ledger, points.iter().map(|p| p.id).collect())?;
            crate::render::html::timeline(&mut out, &subject, &metric, &points, &urls)?;
        }
        Format::Json => crate::render::json(&mut out, &points)?,
        Format::Jsonl => crate::render::jsonl(&mut out, &points)?,
        _ => crate::render::timeline::table(&mut out, &points, format == Format::Markdown)?,
    }
    out.finish()
}
