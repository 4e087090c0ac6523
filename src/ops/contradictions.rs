//! The contradiction report: groups found by the detector, judged, filtered and sorted.

use std::collections::HashMap;

use crate::detect::{Group, Judged, Settings, Status, Sweep, Verdict};
use crate::error::Result;
use crate::render::html::Urls;
use crate::store::{Judgement, Store};

/// Which groups a report keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    /// Contradictions nobody has judged yet (or reopened by a new claim).
    #[default]
    Open,
    /// Judged: a claim was marked correct.
    Resolved,
    /// Judged: not a real disagreement.
    Dismissed,
    /// Everything, with the verdicts.
    All,
}

/// How a report is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Most severe first; ties by subject, metric and group id.
    #[default]
    Severity,
    /// As the detector finds them: by subject and metric, in the order the ledger first
    /// recorded them. Nothing is held back or sorted.
    Subject,
    /// The group with the most recently recorded claim first; ties most severe first.
    Recent,
}

/// What a contradiction report covers.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub subject: Option<String>,
    pub metric: Option<String>,
    /// Conflicts only (no tensions).
    pub strict: bool,
    pub status: Which,
    pub settings: Settings,
    /// Only groups at least this severe.
    pub min_severity: Option<f64>,
    /// Only groups with a claim from one of these sources (names or aliases), as the
    /// claim's source or the source that relayed it.
    pub sources: Vec<String>,
    /// Only groups holding a claim whose id is at least this: claim ids grow as claims
    /// are recorded, so this selects groups with a claim recorded since some moment.
    pub since_claim: Option<i64>,
    pub order: Order,
    /// At most this many groups, the first in `order`.
    pub limit: Option<usize>,
}

impl ReportOptions {
    /// Refuses options no report can honour, with the flag named.
    pub fn check(&self) -> Result<()> {
        if let Some(x) = self.min_severity
            && !(x.is_finite() && (0.0..=1.0).contains(&x))
        {
            return Err(crate::error::Error::Usage(format!(
                "--min-severity must be a number from 0 to 1 (severities run from 0 to 1), got {x}"
            )));
        }
        Ok(())
    }
}

/// Where a report's "new since" starts, as `--since` (and the server's `since=`) take
/// it: groups with a claim *recorded in the ledger* from then on (when its `add` or
/// `import` was written, not when the source published it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// Claims recorded at or after this moment: RFC 3339, UTC, milliseconds (the form
    /// of the events' `at`, so that the two compare as text).
    Time(String),
    /// Claims recorded after the previous `contradictions --check` run (its mark).
    LastCheck,
}

/// The mark each `contradictions --check` run leaves: the id of the last claim the
/// ledger held when the report was read.
pub const CHECK_MARK: &str = "contradictions.check";

impl Since {
    /// Reads `YYYY-MM-DD` (midnight UTC), an RFC 3339 time (`2026-03-01T09:30:00Z`,
    /// `2026-03-01T10:30:00+01:00`) or `last`.
    pub fn parse(s: &str) -> Result<Since> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("last") {
            return Ok(Since::LastCheck);
        }
        let at = if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            d.and_time(chrono::NaiveTime::MIN).and_utc()
        } else if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
            d.with_timezone(&chrono::Utc)
        } else {
            return Err(crate::error::Error::Usage(format!(
                "--since: '{t}' is not a date or time; give YYYY-MM-DD (from midnight UTC), \
                 an RFC 3339 time such as 2026-03-01T09:30:00Z, or `last` (since the \
                 previous `contradictions --check`)"
            )));
        };
        Ok(Since::Time(
            at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ))
    }
}

/// The first claim id a report counts as new (for [`ReportOptions::since_claim`]);
/// `None` for [`Since::LastCheck`] on a ledger no `--check` has marked yet, when every
/// group is new.
pub fn since_claim(ledger: &dyn Store, since: &Since) -> Result<Option<i64>> {
    match since {
        Since::Time(at) => match ledger.first_claim_since(at)? {
            Some(id) => Ok(Some(id)),
            // Nothing recorded that late: only claims still to come would count.
            None => Ok(Some(ledger.last_claim()? + 1)),
        },
        Since::LastCheck => Ok(ledger.mark(CHECK_MARK)?.map(|last| last + 1)),
    }
}

/// How many groups matched the report's filters, before any `limit`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub groups: usize,
    pub conflicts: usize,
    pub open: usize,
}

impl Tally {
    pub fn tensions(&self) -> usize {
        self.groups - self.conflicts
    }

    fn count(&mut self, g: &Group) {
        self.groups += 1;
        if g.kind == Verdict::Conflict {
            self.conflicts += 1;
        }
        if g.status == Status::Open {
            self.open += 1;
        }
    }
}

/// Runs the detector over the ledger, one subject/metric group at a time.
pub fn find(
    ledger: &dyn Store,
    subject: Option<&str>,
    metric: Option<&str>,
    settings: Settings,
) -> Result<Vec<Group>> {
    super::check_names(ledger, subject, metric)?;
    let mut sweep = Sweep::new(settings);
    let mut groups = Vec::new();
    ledger.comparable_claims(subject, metric, &mut |item| {
        groups.extend(sweep.push(item));
        Ok(())
    })?;
    groups.extend(sweep.flush());
    Ok(groups)
}

/// Applies the latest judgement of each group. A claim recorded since that disagrees
/// with the judged outcome reopens the group.
pub fn apply_judgements(groups: &mut [Group], judgements: &[Judgement]) {
    let latest = latest_judgements(judgements);
    for g in groups.iter_mut() {
        apply_judgement(g, latest.get(g.id.as_str()).copied());
    }
}

/// The latest judgement of each group, by group id.
fn latest_judgements(judgements: &[Judgement]) -> HashMap<&str, &Judgement> {
    let mut latest = HashMap::with_capacity(judgements.len());
    for j in judgements {
        latest.insert(j.group_id.as_str(), j);
    }
    latest
}

/// Applies a group's latest judgement, if it has one.
fn apply_judgement(g: &mut Group, j: Option<&Judgement>) {
    let Some(j) = j else {
        return;
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
                (Some(_), None) => j.verdict == Status::Dismissed || j.correct_claim.is_some(),
            },
        )
        .collect();
    g.status = if reopened_by.is_empty() {
        j.verdict
    } else {
        Status::Open
    };
    if !reopened_by.is_empty() {
        let ids: Vec<String> = reopened_by.iter().map(|i| i.to_string()).collect();
        g.notes.push(format!(
            "reopened: claim {} was recorded after the judgement and disagrees",
            ids.join(", ")
        ));
    }
    g.judgement = Some(Judged {
        verdict: j.verdict,
        correct_claim: j.correct_claim,
        reason: j.reason.clone(),
        at: j.at.clone(),
        actor: j.actor.clone(),
        reopened_by,
    });
}

/// Hands every group that matches the options to `each`, judged and with its most likely
/// camp, in the order the detector finds them (`limit` and `order` are the caller's).
/// One subject/metric group of claims is in memory at a time. Returns how many matched.
pub fn each_group(
    ledger: &dyn Store,
    args: &ReportOptions,
    mut each: impl FnMut(Group) -> Result<()>,
) -> Result<Tally> {
    super::check_names(ledger, args.subject.as_deref(), args.metric.as_deref())?;
    let sources = source_filter(ledger, &args.sources)?;
    let judgements = ledger.judgements()?;
    let latest = latest_judgements(&judgements);
    let records = super::truth::track_records(ledger, &judgements)?;
    let mut tally = Tally::default();
    let mut sweep = Sweep::new(args.settings);
    let mut take = |found: Vec<Group>| -> Result<()> {
        for mut g in found {
            if args.strict && g.kind != Verdict::Conflict {
                continue;
            }
            if args.min_severity.is_some_and(|min| g.severity < min) {
                continue;
            }
            if args
                .since_claim
                .is_some_and(|since| !g.claim_ids.iter().any(|&id| id >= since))
            {
                continue;
            }
            if let Some((ids, names)) = &sources {
                let involved = g
                    .camps
                    .iter()
                    .flat_map(|c| &c.claims)
                    .chain(&g.neutral)
                    .any(|m| {
                        ids.contains(&m.source_id)
                            || m.via.as_ref().is_some_and(|v| names.contains(v))
                    });
                if !involved {
                    continue;
                }
            }
            let judgement = latest.get(g.id.as_str()).copied();
            apply_judgement(&mut g, judgement);
            let keep = match args.status {
                Which::All => true,
                Which::Open => g.status == Status::Open,
                Which::Resolved => g.status == Status::Resolved,
                Which::Dismissed => g.status == Status::Dismissed,
            };
            if !keep {
                continue;
            }
            g.most_likely = most_likely(&g, &records);
            tally.count(&g);
            each(g)?;
        }
        Ok(())
    };
    ledger.comparable_claims(
        args.subject.as_deref(),
        args.metric.as_deref(),
        &mut |item| take(sweep.push(item)),
    )?;
    take(sweep.flush())?;
    Ok(tally)
}

/// The sources a report is limited to: their ids, and their canonical names (a relay
/// is known by name). An unknown name is an error with the closest names.
fn source_filter(ledger: &dyn Store, names: &[String]) -> Result<Option<(Vec<i64>, Vec<String>)>> {
    if names.is_empty() {
        return Ok(None);
    }
    let mut ids = Vec::new();
    let mut canonical = Vec::new();
    for name in names {
        match ledger.resolve(crate::store::NameKind::Source, name)? {
            Some((id, c)) => {
                ids.push(id);
                canonical.push(c);
            }
            None => {
                return Err(crate::error::Error::NoSuchSource {
                    name: name.clone(),
                    suggestions: ledger.suggestions(crate::store::NameKind::Source, name)?,
                });
            }
        }
    }
    Ok(Some((ids, canonical)))
}

/// How two groups compare in a report's order.
pub fn compare(order: Order, a: &Group, b: &Group) -> std::cmp::Ordering {
    let severity = || {
        b.severity
            .total_cmp(&a.severity)
            .then_with(|| (&a.subject, &a.metric, &a.id).cmp(&(&b.subject, &b.metric, &b.id)))
    };
    match order {
        Order::Severity => severity(),
        Order::Subject => std::cmp::Ordering::Equal,
        Order::Recent => latest_claim(b).cmp(&latest_claim(a)).then_with(severity),
    }
}

/// The group's most recently recorded claim: ids grow as claims are recorded.
fn latest_claim(g: &Group) -> i64 {
    g.claim_ids.iter().copied().max().unwrap_or(0)
}

/// The report in memory: the groups that match, judged, in the report's order, at most
/// `limit` of them (only those are ever held, a few times over), and how many matched
/// in all.
pub fn report_counted(ledger: &dyn Store, args: &ReportOptions) -> Result<(Vec<Group>, Tally)> {
    let limit = args.limit.unwrap_or(usize::MAX);
    let mut groups = Vec::new();
    let cut = |groups: &mut Vec<Group>| {
        groups.sort_by(|a, b| compare(args.order, a, b));
        groups.truncate(limit);
    };
    let tally = each_group(ledger, args, |g| {
        if args.order == Order::Subject && groups.len() >= limit {
            return Ok(());
        }
        groups.push(g);
        // Keep at most twice the limit between cuts: the sort is then amortised.
        if groups.len() >= limit.saturating_mul(2).max(64) {
            cut(&mut groups);
        }
        Ok(())
    })?;
    cut(&mut groups);
    Ok((groups, tally))
}

/// The report: groups found, judged, filtered and sorted (most severe first unless
/// `order` says otherwise).
pub fn report(ledger: &dyn Store, args: &ReportOptions) -> Result<Vec<Group>> {
    Ok(report_counted(ledger, args)?.0)
}

/// What a report's order needs of each group, kept compactly so that a report of any
/// number of groups is ordered in little memory: the caller keeps the groups themselves
/// elsewhere (a temporary file) under the sequence number [`Ranking::push`] returns.
#[derive(Debug, Default)]
pub struct Ranking {
    order: Order,
    keys: Vec<Key>,
    subjects: Names,
    metrics: Names,
}

#[derive(Debug, Clone, Copy)]
struct Key {
    severity: f64,
    subject: u32,
    metric: u32,
    /// The group id's bytes (ten hex digits), compared as the string is.
    id: [u8; 16],
    latest: i64,
    seq: u32,
}

/// Names, each held once, numbered as first met.
#[derive(Debug, Default)]
struct Names {
    index: HashMap<String, u32>,
}

impl Names {
    fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.index.get(name) {
            return n;
        }
        let n = self.index.len() as u32;
        self.index.insert(name.to_string(), n);
        n
    }

    /// Each number's rank in the names' alphabetical order.
    fn ranks(&self) -> Vec<u32> {
        let mut names: Vec<(&String, u32)> = self.index.iter().map(|(k, &v)| (k, v)).collect();
        names.sort_unstable();
        let mut ranks = vec![0; names.len()];
        for (rank, (_, n)) in names.into_iter().enumerate() {
            ranks[n as usize] = rank as u32;
        }
        ranks
    }
}

impl Ranking {
    pub fn new(order: Order) -> Ranking {
        Ranking {
            order,
            ..Ranking::default()
        }
    }

    /// Notes a group; returns its sequence number (0, 1, 2… in the order pushed).
    pub fn push(&mut self, g: &Group) -> usize {
        let seq = self.keys.len();
        if self.order == Order::Subject {
            // The order is the order pushed: nothing to remember but the count.
            self.keys.push(Key {
                severity: 0.0,
                subject: 0,
                metric: 0,
                id: [0; 16],
                latest: 0,
                seq: seq as u32,
            });
            return seq;
        }
        let mut id = [0u8; 16];
        let bytes = g.id.as_bytes();
        id[..bytes.len().min(16)].copy_from_slice(&bytes[..bytes.len().min(16)]);
        self.keys.push(Key {
            severity: g.severity,
            subject: self.subjects.number(&g.subject),
            metric: self.metrics.number(&g.metric),
            id,
            latest: latest_claim(g),
            seq: seq as u32,
        });
        seq
    }

    /// The sequence numbers in the report's order, the first `limit`.
    pub fn finish(self, limit: Option<usize>) -> Vec<usize> {
        let mut keys = self.keys;
        if self.order != Order::Subject {
            let (subjects, metrics) = (self.subjects.ranks(), self.metrics.ranks());
            let severity = |a: &Key, b: &Key| {
                b.severity.total_cmp(&a.severity).then_with(|| {
                    (
                        subjects[a.subject as usize],
                        metrics[a.metric as usize],
                        a.id,
                    )
                        .cmp(&(
                            subjects[b.subject as usize],
                            metrics[b.metric as usize],
                            b.id,
                        ))
                })
            };
            match self.order {
                Order::Recent => keys
                    .sort_unstable_by(|a, b| b.latest.cmp(&a.latest).then_with(|| severity(a, b))),
                _ => keys.sort_unstable_by(severity),
            }
        }
        keys.truncate(limit.unwrap_or(usize::MAX));
        keys.into_iter().map(|k| k.seq as usize).collect()
    }
}

/// The camp most likely right: the one holding the claim a judgement marked correct;
/// otherwise the one whose independent sources, weighted by their track records and the
/// claims' confidence, back it most (noisy-or), when that is clear.
pub fn most_likely(
    g: &Group,
    records: &std::collections::HashMap<String, crate::truth::record::Record>,
) -> Option<usize> {
    if let Some(correct) = g.judgement.as_ref().and_then(|j| j.correct_claim) {
        if g.status != Status::Open {
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
pub fn urls(ledger: &dyn Store, groups: &[Group]) -> Result<Urls> {
    evidence_of(
        ledger,
        groups
            .iter()
            .flat_map(|g| g.camps.iter().flat_map(|c| &c.claims).chain(&g.neutral))
            .map(|m| m.id)
            .collect(),
    )
}

/// The web address and quote of each of these claims, in one read.
pub fn evidence_of(ledger: &dyn Store, mut ids: Vec<i64>) -> Result<Urls> {
    ids.sort_unstable();
    ids.dedup();
    let mut urls = Urls::new();
    for (id, url, quote) in ledger.evidence(&ids)? {
        if let Some(url) = url {
            urls.insert(id, url);
        }
        if let Some(quote) = quote {
            urls.set_quote(id, quote);
        }
    }
    Ok(urls)
}
