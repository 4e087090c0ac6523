//! `contradictions`: the report of where claims disagree.

use crate::cli::Format;
use crate::detect::{Group, Judged, Settings, Sweep, Verdict};
use crate::error::{Error, Result};
use crate::render::html::Urls;
use crate::store::{Judgement, Ledger};

/// How claims are read when compared (spec §3); every default is documented.
#[derive(Debug, Clone, clap::Args)]
pub struct SettingsArgs {
    /// States (valuations…) whose as-of dates are at most this many days apart are compared;
    /// further apart they are changes over time (run rates: at most 7 days, or this if less;
    /// a metric may set its own with `metric add M --window DAYS`)
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub window: i64,
    /// Exact figures and range ends are widened by this many percent
    #[arg(long, value_name = "PCT", default_value_t = 5.0)]
    pub tolerance: f64,
    /// Approximate figures ("about", "约") are widened by this many percent
    #[arg(long, value_name = "PCT", default_value_t = 15.0)]
    pub approx: f64,
    /// "over X" plausibly means up to X + this many percent; "under X" down to X − it
    #[arg(long, value_name = "PCT", default_value_t = 25.0)]
    pub hedge: f64,
}

impl SettingsArgs {
    pub fn settings(&self) -> Result<Settings> {
        let pct = |flag: &str, v: f64, max: f64| {
            if v.is_finite() && (0.0..=max).contains(&v) {
                Ok(v / 100.0)
            } else {
                Err(Error::Usage(format!(
                    "--{flag} must be a percentage from 0 to {max}, got {v}"
                )))
            }
        };
        if self.window < 0 {
            return Err(Error::Usage("--window cannot be negative".into()));
        }
        let hedge = pct("hedge", self.hedge, 100.0)?;
        Ok(Settings {
            window_days: self.window,
            run_rate_window_days: self.window.min(Settings::default().run_rate_window_days),
            tolerance: pct("tolerance", self.tolerance, 100.0)?,
            approx_width: pct("approx", self.approx, 100.0)?,
            over_factor: 1.0 + hedge,
            under_factor: 1.0 - hedge,
        })
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

/// Runs the detector over the ledger, one subject/metric group at a time.
pub fn find(
    ledger: &Ledger,
    subject: Option<&str>,
    metric: Option<&str>,
    settings: Settings,
) -> Result<Vec<Group>> {
    let mut sweep = Sweep::new(settings);
    let mut groups = Vec::new();
    ledger.comparable_claims(subject, metric, |item| {
        groups.extend(sweep.push(item));
        Ok(())
    })?;
    groups.extend(sweep.flush());
    Ok(groups)
}

/// Applies the latest judgement of each group. A claim recorded since that disagrees
/// with the judged outcome reopens the group.
pub fn apply_judgements(groups: &mut [Group], judgements: &[Judgement]) {
    for g in groups.iter_mut() {
        let Some(j) = judgements.iter().rev().find(|j| j.group_id == g.id) else {
            continue;
        };
        let new: Vec<i64> = g
            .claim_ids
            .iter()
            .copied()
            .filter(|id| !j.claim_ids.contains(id))
            .collect();
        let camp_of = |id: i64| {
            g.camps
                .iter()
                .position(|c| c.claims.iter().any(|m| m.id == id))
        };
        let reopened_by: Vec<i64> = new
            .into_iter()
            .filter(
                |&id| match (camp_of(id), j.correct_claim.and_then(camp_of)) {
                    (None, _) => false, // neutral: agrees with every side
                    (Some(mine), Some(right)) => mine != right,
                    (Some(_), None) => j.verdict == "dismissed" || j.correct_claim.is_some(),
                },
            )
            .collect();
        g.status = if reopened_by.is_empty() {
            j.verdict.clone()
        } else {
            "open".into()
        };
        if !reopened_by.is_empty() {
            let ids: Vec<String> = reopened_by.iter().map(|i| i.to_string()).collect();
            g.notes.push(format!(
                "reopened: claim {} was recorded after the judgement and disagrees",
                ids.join(", ")
            ));
        }
        g.judgement = Some(Judged {
            verdict: j.verdict.clone(),
            correct_claim: j.correct_claim,
            reason: j.reason.clone(),
            at: j.at.clone(),
            actor: j.actor.clone(),
            reopened_by,
        });
    }
}

/// The report: groups found, judged, filtered and sorted by severity.
pub fn report(ledger: &Ledger, args: &Args) -> Result<Vec<Group>> {
    let settings = args.settings.settings()?;
    let mut groups = find(
        ledger,
        args.subject.as_deref(),
        args.metric.as_deref(),
        settings,
    )?;
    let judgements = ledger.judgements()?;
    apply_judgements(&mut groups, &judgements);
    let records = super::truth::track_records(ledger, &judgements)?;
    for g in &mut groups {
        g.most_likely = most_likely(g, &records);
    }
    groups.retain(|g| {
        (!args.strict || g.kind == Verdict::Conflict)
            && match args.status {
                StatusChoice::All => true,
                StatusChoice::Open => g.status == "open",
                StatusChoice::Resolved => g.status == "resolved",
                StatusChoice::Dismissed => g.status == "dismissed",
            }
    });
    groups.sort_by(|a, b| {
        b.severity
            .total_cmp(&a.severity)
            .then_with(|| (&a.subject, &a.metric, &a.id).cmp(&(&b.subject, &b.metric, &b.id)))
    });
    Ok(groups)
}

/// The camp most likely right: the one holding the claim a judgement marked correct;
/// otherwise the one whose independent sources, weighted by their track records and the
/// claims' confidence, back it most (noisy-or), when that is clear.
fn most_likely(
    g: &Group,
    records: &std::collections::HashMap<String, crate::truth::record::Record>,
) -> Option<usize> {
    if let Some(correct) = g.judgement.as_ref().and_then(|j| j.correct_claim) {
        if g.status != "open" {
            return g
                .camps
                .iter()
                .position(|c| c.claims.iter().any(|m| m.id == correct));
        }
    }
    let score = |c: &crate::detect::Camp| {
        crate::detect::support_by(&c.claims, |m| {
            let rel = records
                .get(&m.source)
                .copied()
                .unwrap_or_default()
                .reliability()
                .estimate;
            (rel * m.confidence / 0.8).clamp(0.0, 0.99)
        })
    };
    let mut scored: Vec<(usize, f64)> = g
        .camps
        .iter()
        .enumerate()
        .map(|(i, c)| (i, score(c)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    match scored.as_slice() {
        [first, second, ..] if first.1 - second.1 > 0.05 => Some(first.0),
        _ => None,
    }
}

/// The web address and quote of every claim in the groups: the report's groups carry
/// neither; the HTML report, the Markdown brief and the ClaimReview export show them.
pub fn urls(ledger: &Ledger, groups: &[Group]) -> Result<Urls> {
    let mut urls = Urls::new();
    for g in groups {
        let members = g.camps.iter().flat_map(|c| &c.claims).chain(&g.neutral);
        for m in members {
            if urls.contains_key(&m.id) {
                continue;
            }
            let claim = ledger.claim(&m.id.to_string())?;
            if let Some(url) = claim.url {
                urls.insert(m.id, url);
            }
            if let Some(quote) = claim.quote {
                urls.set_quote(m.id, quote);
            }
        }
    }
    Ok(urls)
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
    let groups = report(&ledger, &args)?;
    let mut out = ctx.out()?;
    let evidence = match format {
        Format::Html | Format::Markdown => urls(&ledger, &groups)?,
        _ => Urls::new(),
    };
    write(&groups, format, &evidence, &mut out)?;
    out.finish()?;
    let open = groups.iter().filter(|g| g.status == "open").count();
    if args.check && open > 0 {
        return Err(Error::CheckFailed(format!("{open} open contradiction(s)")));
    }
    Ok(())
}
