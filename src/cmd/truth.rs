//! `truth`: the most likely value of each question, and whom to believe.

use crate::cli::Format;
use crate::error::Result;
use crate::ops::truth::{TruthOptions, estimate};

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
            crate::render::truth::table(
                &mut out,
                &estimates,
                args.explain.then_some(&truth),
                format == Format::Markdown,
            )?;
        }
    }
    out.finish()
}
