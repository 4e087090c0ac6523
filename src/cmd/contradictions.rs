//! `contradictions`: the report of where claims disagree.

use crate::cli::Format;
use crate::detect::{Group, Settings};
use crate::error::{Error, Result};
use crate::ops::contradictions::{ReportOptions, Which, report, urls};
use crate::render::html::Urls;

/// How claims are read when compared (spec §3); every default is documented.
#[derive(Debug, Clone, clap::Args)]
pub struct SettingsArgs {
    /// States (valuations…) whose as-of dates are at most this many days apart are compared;
    /// further apart they are changes over time (run rates: at most 7 days, or this if less;
    /// a metric may set its own with `metric add M --window DAYS`)
    #[arg(long, value_name = "DAYS", default_value_t = Settings::WINDOW_DAYS)]
    pub window: i64,
    /// Exact figures and range ends are widened by this many percent
    #[arg(long, value_name = "PCT", default_value_t = Settings::TOLERANCE_PCT)]
    pub tolerance: f64,
    /// Approximate figures ("about", "约") are widened by this many percent
    #[arg(long, value_name = "PCT", default_value_t = Settings::APPROX_PCT)]
    pub approx: f64,
    /// "over X" plausibly means up to X + this many percent; "under X" down to X − it
    #[arg(long, value_name = "PCT", default_value_t = Settings::HEDGE_PCT)]
    pub hedge: f64,
}

impl SettingsArgs {
    pub fn settings(&self) -> Result<Settings> {
        Settings::from_percents(self.window, self.tolerance, self.approx, self.hedge)
            .map_err(Error::Usage)
    }
}

/// Which groups to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusChoice {
    /// Contradictions nobody has judged yet (or reopened by a new claim)
    Open,
    /// Judged: a claim was marked correct
    Resolved,
    /// Judged: not a real disagreement
    Dismissed,
    /// Everything, with the verdicts
    All,
}

/// Report where claims contradict each other, most severe first.
///
/// A *conflict*: the claims cannot both be right (their hard bounds, widened by the
/// tolerance, do not meet). A *tension*: logically compatible but not as a newsroom
/// means it ("over $2 billion" against "$3.5–4.5 billion"). States further apart than
/// the window are changes over time (see `timeline`), never contradictions.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this subject
    #[arg(long)]
    pub subject: Option<String>,
    /// Only this metric
    #[arg(long)]
    pub metric: Option<String>,
    /// Conflicts only (no tensions)
    #[arg(long)]
    pub strict: bool,
    /// open (default), resolved, dismissed or all
    #[arg(long, value_enum, default_value_t = StatusChoice::Open)]
    pub status: StatusChoice,
    /// Exit 1 when open contradictions are found (for scripts and CI)
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// Writes the report; the HTML page and the Markdown brief show the claims' quotes and
/// links from `evidence` (see [`urls`]).
pub fn write(
    groups: &[Group],
    format: Format,
    evidence: &Urls,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    match format {
        Format::Json => crate::render::report::json(out, groups),
        Format::Jsonl => crate::render::report::jsonl(out, groups),
        Format::Markdown => crate::render::report::markdown_with(out, groups, evidence),
        Format::Html => crate::render::html::report(out, groups, evidence),
        _ => crate::render::report::table(out, groups),
    }
}

impl StatusChoice {
    pub fn which(self) -> Which {
        match self {
            StatusChoice::Open => Which::Open,
            StatusChoice::Resolved => Which::Resolved,
            StatusChoice::Dismissed => Which::Dismissed,
            StatusChoice::All => Which::All,
        }
    }
}

impl Args {
    pub fn options(&self) -> Result<ReportOptions> {
        Ok(ReportOptions {
            subject: self.subject.clone(),
            metric: self.metric.clone(),
            strict: self.strict,
            status: self.status.which(),
            settings: self.settings.settings()?,
        })
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
        "contradictions",
    )?;
    let ledger = ctx.open()?;
    let groups = report(&*ledger, &args.options()?)?;
    let mut out = ctx.out()?;
    let evidence = match format {
        Format::Html | Format::Markdown => urls(&*ledger, &groups)?,
        _ => Urls::new(),
    };
    write(&groups, format, &evidence, &mut out)?;
    out.finish()?;
    let open = groups
        .iter()
        .filter(|g| g.status == crate::detect::Status::Open)
        .count();
    if args.check && open > 0 {
        return Err(Error::CheckFailed(format!("{open} open contradiction(s)")));
    }
    Ok(())
}
