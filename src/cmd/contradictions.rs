//! `contradictions`: the report of where claims disagree.

use crate::cli::Format;
use crate::detect::{Group, Settings};
use crate::error::{Error, Result};
use crate::ops::contradictions::{
    CHECK_MARK, Order, Ranking, ReportOptions, Since, Tally, Which, each_group, report_counted,
    since_claim, urls,
};
use crate::render::html::Urls;
use crate::render::report;
use crate::render::spill::Pieces;

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

/// In what order the report lists groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderChoice {
    /// Most severe first
    Severity,
    /// By subject and metric, in the order the ledger first recorded them; the report
    /// streams out as it is found
    Subject,
    /// The group with the most recently recorded claim first
    Recent,
}

/// Report where claims contradict each other, most severe first.
///
/// A *conflict*: the claims cannot both be right (their hard bounds, widened by the
/// tolerance, do not meet). A *tension*: logically compatible but not as a newsroom
/// means it ("over $2 billion" against "$3.5–4.5 billion"). States further apart than
/// the window are changes over time (see `timeline`), never contradictions.
///
/// Filters narrow the report before it is written: `--limit 20` shows the twenty most
/// severe, `--min-severity 0.5` the serious ones, `--source Reuters` those Reuters is part
/// of, `--order recent` the newest first. The summary line counts every group that
/// matched (with `--format json`, the `matched` field, given with `--limit`).
/// `--order subject` writes groups as they are found, which starts at once on the
/// largest ledgers.
///
/// `--since DATE` keeps the groups touched by a claim recorded since then; `--since
/// last`, those touched since the previous `--check` run. Every `--check` run records
/// where it got to (the last claim it saw; a mark, not an event: `verify` ignores it),
/// so a cron job reports each new contradiction once:
///
/// ```text
/// */15 * * * *  crosscheck --db /srv/desk.db contradictions --check --since last || mail-the-desk
/// ```
///
/// The first such run, with no mark yet, reports everything and says so on stderr. On a
/// ledger this process may only read, the report still runs; the mark is not recorded
/// (a warning says so), and the next `--since last` reports the same groups again.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this subject
    #[arg(long)]
    pub subject: Option<String>,
    /// Only this metric
    #[arg(long)]
    pub metric: Option<String>,
    /// Only groups with a claim from this source, or relayed by it (name or alias;
    /// repeatable: any of them)
    #[arg(long = "source", value_name = "SRC")]
    pub sources: Vec<String>,
    /// Conflicts only (no tensions)
    #[arg(long)]
    pub strict: bool,
    /// Only groups at least this severe (from 0 to 1; the headline shows each group's)
    #[arg(long, value_name = "X")]
    pub min_severity: Option<f64>,
    /// open (default), resolved, dismissed or all
    #[arg(long, value_enum, default_value_t = StatusChoice::Open)]
    pub status: StatusChoice,
    /// In this order
    #[arg(long, value_enum, default_value_t = OrderChoice::Severity)]
    pub order: OrderChoice,
    /// At most N groups, the first in the report's order
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Only groups with a claim recorded in the ledger since then: YYYY-MM-DD (from
    /// midnight UTC) or an RFC 3339 time, when the claim was added or imported (not
    /// when it was published); `last`: since the previous `--check` run
    #[arg(long, value_name = "DATE|last")]
    pub since: Option<String>,
    /// Exit 1 when open contradictions are found (for scripts and CI); each run leaves
    /// a mark in the ledger that `--since last` starts from
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

impl OrderChoice {
    pub fn order(self) -> Order {
        match self {
            OrderChoice::Severity => Order::Severity,
            OrderChoice::Subject => Order::Subject,
            OrderChoice::Recent => Order::Recent,
        }
    }
}

impl Args {
    pub fn options(&self) -> Result<ReportOptions> {
        let options = ReportOptions {
            subject: self.subject.clone(),
            metric: self.metric.clone(),
            strict: self.strict,
            status: self.status.which(),
            settings: self.settings.settings()?,
            min_severity: self.min_severity,
            sources: self.sources.clone(),
            since_claim: None,
            order: self.order.order(),
            limit: self.limit,
        };
        options.check()?;
        Ok(options)
    }
}

/// Reports with at most this many groups are ordered in memory; longer ones are
/// rendered group by group into a temporary file and copied out in order.
const IN_MEMORY: usize = 1000;

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
    let since = args.since.as_deref().map(Since::parse).transpose()?;
    let mut ledger = ctx.open()?;
    let mut options = args.options()?;
    // Read before the report, so that a claim recorded while it runs is new to the
    // next `--since last` (reported twice at worst, never missed).
    let seen = match args.check {
        true => Some(ledger.last_claim()?),
        false => None,
    };
    if let Some(since) = &since {
        options.since_claim = since_claim(&*ledger, since)?;
        if options.since_claim.is_none() {
            ctx.say(
                "no previous `contradictions --check` run is recorded in this ledger; \
                 reporting every group (this run's --check records one)",
            );
        }
    }
    let mut out = ctx.out()?;
    let (tally, shown) = match format {
        Format::Html | Format::Markdown => {
            let (groups, tally) = report_counted(&*ledger, &options)?;
            let evidence = urls(&*ledger, &groups)?;
            write(&groups, format, &evidence, &mut out)?;
            (tally, groups.len())
        }
        _ => stream(&*ledger, &options, Report::of(format), &mut out)?,
    };
    out.finish()?;
    // A mark that already says as much is not written again: a check of an unchanged
    // ledger stays a pure read.
    if let Some(last) = seen
        && ledger.mark(CHECK_MARK).ok().flatten() != Some(last)
        && let Err(e) = ledger.set_mark(CHECK_MARK, last)
    {
        ctx.warn(format!(
            "this check's mark was not recorded, so the next `--since last` reports these \
             groups again: {e}"
        ));
    }
    if shown < tally.groups && format != Format::Table {
        ctx.say(format!(
            "showing {shown} of {} contradiction(s); raise --limit to see more",
            tally.groups
        ));
    }
    if args.check && tally.open > 0 {
        return Err(Error::CheckFailed(format!(
            "{} open contradiction(s)",
            tally.open
        )));
    }
    Ok(())
}

/// The formats written group by group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    Table,
    Json,
    Jsonl,
}

impl Report {
    fn of(format: Format) -> Report {
        match format {
            Format::Json => Report::Json,
            Format::Jsonl => Report::Jsonl,
            _ => Report::Table,
        }
    }

    /// One group, rendered.
    fn group(self, out: &mut Vec<u8>, g: &Group) -> Result<()> {
        match self {
            Report::Table => report::table_group(out, g),
            Report::Json => report::json_group(out, g),
            Report::Jsonl => report::jsonl_group(out, g),
        }
    }

    /// What comes before the groups; the table's summary needs the counts.
    fn start(self, out: &mut dyn std::io::Write, tally: &Tally, shown: usize) -> Result<()> {
        match self {
            Report::Table => report::table_summary(out, tally.groups, tally.conflicts, shown),
            Report::Json => report::json_start(out),
            Report::Jsonl => Ok(()),
        }
    }

    /// What comes before group `i`.
    fn next(self, out: &mut dyn std::io::Write, i: usize) -> Result<()> {
        match self {
            Report::Json => report::json_next(out, i == 0),
            _ => Ok(()),
        }
    }

    fn end(self, out: &mut dyn std::io::Write, shown: usize, matched: Option<usize>) -> Result<()> {
        match self {
            Report::Json => report::json_end(out, shown > 0, matched),
            _ => Ok(()),
        }
    }
}

/// Writes the report in bounded memory, whatever the number of groups: in detection
/// order straight out; a short report (`--limit`) ordered in memory; a long one rendered
/// group by group into a temporary file while only each group's place in the order is
/// kept, then copied out in that order. Returns the tally and how many groups were shown.
fn stream(
    ledger: &dyn crate::store::Store,
    options: &ReportOptions,
    kind: Report,
    out: &mut dyn std::io::Write,
) -> Result<(Tally, usize)> {
    let limit = options.limit.unwrap_or(usize::MAX);
    let matched = |tally: &Tally| options.limit.map(|_| tally.groups);
    let mut buf = Vec::new();
    // Detection order needs no counts before the groups except in the table's summary.
    if options.order == Order::Subject && kind != Report::Table {
        kind.start(out, &Tally::default(), 0)?;
        let mut shown = 0;
        let tally = each_group(ledger, options, |g| {
            if shown < limit {
                buf.clear();
                kind.group(&mut buf, &g)?;
                kind.next(out, shown)?;
                out.write_all(&buf)?;
                shown += 1;
            }
            Ok(())
        })?;
        kind.end(out, shown, matched(&tally))?;
        return Ok((tally, shown));
    }
    if limit <= IN_MEMORY {
        let (groups, tally) = report_counted(ledger, options)?;
        kind.start(out, &tally, groups.len())?;
        for (i, g) in groups.iter().enumerate() {
            buf.clear();
            kind.group(&mut buf, g)?;
            kind.next(out, i)?;
            out.write_all(&buf)?;
        }
        kind.end(out, groups.len(), matched(&tally))?;
        return Ok((tally, groups.len()));
    }
    let mut ranking = Ranking::new(options.order);
    let mut pieces = Pieces::new()?;
    let tally = each_group(ledger, options, |g| {
        ranking.push(&g);
        buf.clear();
        kind.group(&mut buf, &g)?;
        Ok(pieces.push(&buf)?)
    })?;
    let order = ranking.finish(options.limit);
    let mut pieces = pieces.finish()?;
    kind.start(out, &tally, order.len())?;
    for (i, &seq) in order.iter().enumerate() {
        kind.next(out, i)?;
        pieces.copy(seq, out)?;
    }
    kind.end(out, order.len(), matched(&tally))?;
    Ok((tally, order.len()))
}
