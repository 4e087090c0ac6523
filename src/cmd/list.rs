//! `list` and `export`: claims selected by filters, for people or for files.

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::model::Confidence;
use crate::render::claims::ClaimSink;
use crate::store::{Filter, StatusFilter};
use crate::time;

/// Which claims: every filter narrows the selection.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Claims by this source (name or alias; repeatable: any of them)
    #[arg(long = "source", value_name = "SRC")]
    pub sources: Vec<String>,
    /// About this subject (or one of its aliases)
    #[arg(long)]
    pub subject: Option<String>,
    /// On this metric (or one of its aliases)
    #[arg(long)]
    pub metric: Option<String>,
    /// Published on or after this date (YYYY-MM-DD, YYYY-MM, YYYY)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Published on or before this date (YYYY-MM-DD, YYYY-MM, YYYY)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Flows covering this period (2024, 2024-Q3, FY2024, …)
    #[arg(long)]
    pub period: Option<String>,
    /// At least this confident: confirmed, reported, rumored, speculative or a number
    #[arg(long, value_name = "C")]
    pub min_confidence: Option<String>,
    /// active, retracted, superseded or all [default: active for list, all for export]
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// Full-text search over quotes, titles and notes, in English and Chinese: words
    /// (all must match), OR, "a phrase", prefix*
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// At most this many claims
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

impl FilterArgs {
    pub fn to_filter(&self, status: StatusFilter) -> Result<Filter> {
        let date = |flag: &str, d: &Option<String>| -> Result<Option<String>> {
            d.as_ref()
                .map(|d| {
                    time::parse_date(d)
                        .map(|p| p.text)
                        .map_err(|e| Error::Usage(format!("--{flag}: {e}")))
                })
                .transpose()
        };
        Ok(Filter {
            sources: self.sources.clone(),
            subject: self.subject.clone(),
            metric: self.metric.clone(),
            since: date("since", &self.since)?,
            until: date("until", &self.until)?,
            period: self
                .period
                .as_ref()
                .map(|p| {
                    time::parse_period(p)
                        .map(|p| p.key)
                        .map_err(|e| Error::Usage(format!("--period: {e}")))
                })
                .transpose()?,
            min_confidence: self
                .min_confidence
                .as_ref()
                .map(|c| {
                    Confidence::parse(c)
                        .map(|c| c.score)
                        .map_err(|e| Error::Usage(format!("--min-confidence: {e}")))
                })
                .transpose()?,
            status: self.status.unwrap_or(status),
            search: self.search.clone(),
            skip: 0,
            limit: self.limit,
        })
    }
}

/// List claims, filtered. `--format json` gives claim objects for scripts.
///
/// Examples:
///   crosscheck list --source Reuters
///   crosscheck list --source 路透社 --subject OpenAI --format json
///   crosscheck list --search 收入 --limit 20
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Write claims as JSON Lines (default, lossless) or CSV, to stdout or -o FILE.
///
/// `export` then `import` into a new ledger round-trips every field. CSV cells that a
/// spreadsheet would run as formulas (starting with = + - @, tab or CR) get a leading
/// apostrophe; `import` removes it again.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
}

fn write(
    filter: Filter,
    ctx: &super::Ctx,
    format: Format,
    bar: &indicatif::ProgressBar,
) -> Result<usize> {
    let ledger = ctx.open()?;
    let mut out = ctx.out()?;
    let mut sink = ClaimSink::new(&mut out, format)?;
    crate::ops::list::claims(&*ledger, &filter, &mut |c| {
        bar.inc(1);
        sink.push(&c)
    })?;
    bar.finish_and_clear();
    let n = sink.finish()?;
    out.finish()?;
    Ok(n)
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let all = [
        Format::Table,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Markdown,
    ];
    let format = ctx.format_of(Format::Table, &all, "list")?;
    let hidden = indicatif::ProgressBar::hidden();
    let n = write(
        args.filter.to_filter(StatusFilter::Active)?,
        ctx,
        format,
        &hidden,
    )?;
    if n == 0 && format == Format::Table {
        ctx.say("no claims match");
    }
    Ok(())
}

pub fn run_export(args: ExportArgs, ctx: &super::Ctx) -> Result<()> {
    let format = ctx.format_of(
        Format::Jsonl,
        &[
            Format::Jsonl,
            Format::Csv,
            Format::Json,
            Format::Claimreview,
        ],
        "export",
    )?;
    if format == Format::Claimreview {
        return export_claimreview(&args.filter, ctx);
    }
    // An export is a copy of the ledger: every claim, whatever its status.
    let bar = ctx.progress(None, "exporting claims");
    let n = write(args.filter.to_filter(StatusFilter::All)?, ctx, format, &bar)?;
    if ctx.verbose {
        ctx.say(format!("exported {n} claims"));
    }
    Ok(())
}

/// `export --format claimreview`: a schema.org ClaimReview for every judged
/// contradiction (resolved or dismissed), found as `contradictions --status all` finds
/// them. Reviews are about groups, so only `--subject` and `--metric` select.
fn export_claimreview(filter: &FilterArgs, ctx: &super::Ctx) -> Result<()> {
    let unsupported = [
        ("--source", !filter.sources.is_empty()),
        ("--since", filter.since.is_some()),
        ("--until", filter.until.is_some()),
        ("--period", filter.period.is_some()),
        ("--min-confidence", filter.min_confidence.is_some()),
        ("--status", filter.status.is_some()),
        ("--search", filter.search.is_some()),
        ("--limit", filter.limit.is_some()),
    ];
    if let Some((flag, _)) = unsupported.iter().find(|(_, given)| *given) {
        return Err(Error::Usage(format!(
            "`export --format claimreview` reviews contradictions, not single claims: \
             {flag} does not apply (use --subject and --metric to choose)"
        )));
    }
    let ledger = ctx.open()?;
    let (judged, urls) =
        crate::ops::list::judged(&*ledger, filter.subject.clone(), filter.metric.clone())?;
    let org = std::env::var("CROSSCHECK_ORG")
        .ok()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| "crosscheck".into());
    let mut out = ctx.out()?;
    crate::render::claimreview::write(&mut out, &judged, &urls, org.trim())?;
    out.finish()?;
    if ctx.verbose {
        ctx.say(format!("exported {} review(s)", judged.len()));
    }
    Ok(())
}
