//! The ledger's storage, behind one contract: [`Store`]. The ops and the front ends see
//! only this trait and the model structs; each backend (`sqlite/`, the only one so far)
//! keeps its own machinery — SQL, scratch files, search-index text, how it serialises
//! writers — to itself.
//!
//! What every backend shares lives here: the types the trait speaks in, and the event
//! encoding and hash, so that every backend computes the identical chain and `verify`
//! means the same everywhere.

pub(crate) mod names;
pub mod postgres;
pub(crate) mod replay;
pub mod scratch;
pub mod sqlite;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::detect::{Item, Status};
use crate::error::{Error, RecordError, Result};
use crate::model::{Claim, Draft};

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// The contract between the ops and a ledger backend.
///
/// Every write is all-or-nothing: its rows and the one event that records it are
/// committed together or not at all, and a failed write leaves the ledger unchanged.
/// The event chain is linear: a write reads the chain head (last id and hash) inside its
/// own write transaction and appends the next event to it, so two writers — in one
/// process or many — never fork the chain. Events are encoded and hashed with
/// [`encode`] and [`hash`]. Reads see one consistent state of the ledger.
///
/// Errors a user can act on are [`Error`] variants (`NoSuchClaim`, `ReadOnly`, `Usage`
/// …); a failure of the backend itself is `Error::Backend`, with its own error boxed.
pub trait Store: Send {
    /// Who the events written from now on are recorded as. A store opens with the
    /// process's default actor ([`default_actor`]); a server writing for many people
    /// sets it per request.
    fn set_actor(&mut self, name: &str);

    /// The actor events are recorded as.
    fn actor(&self) -> &str;

    // --- reading claims ---

    /// Calls `each` with every claim the filter selects, in the order they were
    /// recorded (ascending id), stopping at `f.limit` and at the first error `each`
    /// returns (which is returned).
    fn claims(&self, f: &Filter, each: &mut dyn FnMut(Claim) -> Result<()>) -> Result<()>;

    /// One claim, by key (the current claim under that key: not superseded, else the
    /// newest) or else by id (`12` or `#12`); `Error::NoSuchClaim` when neither names
    /// one.
    fn claim(&self, id_or_key: &str) -> Result<Claim>;

    /// The web address and quote of each of these claims that exists, by id, in
    /// ascending id order.
    fn evidence(&self, ids: &[i64]) -> Result<Vec<Evidence>>;

    /// Why a claim was retracted, if it was.
    fn retraction(&self, id: i64) -> Result<Option<String>>;

    /// Calls `each` with the active claims as the detector sees them, ordered by
    /// subject, metric and time — the detector's sweep order (see
    /// `store/sqlite/query.rs` for the exact key) — optionally for one subject and
    /// metric (any spelling of them).
    fn comparable_claims(
        &self,
        subject: Option<&str>,
        metric: Option<&str>,
        each: &mut dyn FnMut(Item) -> Result<()>,
    ) -> Result<()>;

    /// The claims with these ids (active or not) as the detector sees them, in the
    /// detector's sweep order.
    fn items(&self, ids: &[i64]) -> Result<Vec<Item>>;

    /// A unit the metric's recorded quantities carry, if any.
    fn metric_unit(&self, metric: &str) -> Result<Option<String>>;

    // --- names ---

    /// The id and canonical name a spelling stands for (spellings compare by
    /// `model::norm_name`).
    fn resolve(&self, kind: NameKind, name: &str) -> Result<Option<(i64, String)>>;

    /// Known spellings close to `name`, best first, for "did you mean".
    fn suggestions(&self, kind: NameKind, name: &str) -> Result<Vec<String>>;

    /// The id and canonical name a spelling stands for, or the error a query naming
    /// nothing deserves, with the close spellings: `Error::NoSuchSource` for a source,
    /// `Error::NoSuchName` for a subject or metric. Backends supply only [`resolve`]
    /// and [`suggestions`].
    ///
    /// [`resolve`]: Store::resolve
    /// [`suggestions`]: Store::suggestions
    fn known(&self, kind: NameKind, name: &str) -> Result<(i64, String)> {
        if let Some(found) = self.resolve(kind, name)? {
            return Ok(found);
        }
        let suggestions = self.suggestions(kind, name)?;
        let name = name.to_owned();
        Err(match kind {
            NameKind::Source => Error::NoSuchSource { name, suggestions },
            NameKind::Subject | NameKind::Metric => Error::NoSuchName {
                kind: kind.word(),
                name,
                suggestions,
            },
        })
    }

    /// Every subject or metric with its spellings and claim count, by name.
    fn names(&self, kind: NameKind) -> Result<Vec<NameInfo>>;

    /// Every source with its spellings and claim count, by name.
    fn sources(&self) -> Result<Vec<SourceInfo>>;

    /// Every thing of a kind with its other spellings, for readers that look for known
    /// names in text.
    fn spellings(&self, kind: NameKind) -> Result<Vec<(String, Vec<String>)>>;

    /// Adds a source, subject or metric, or new spellings of an existing one, in one
    /// write with its `<kind>.add` or `<kind>.alias` event. Returns the canonical name,
    /// the spellings added, and whether anything changed. A spelling that already
    /// names another thing is an `Error::Usage`.
    fn add_name(
        &mut self,
        kind: NameKind,
        name: &str,
        aliases: &[String],
        details: &NameDetails,
    ) -> Result<(String, Vec<String>, bool)>;

    /// Sets a metric's own comparison window, in days (event `metric.window`).
    fn set_metric_window(&mut self, metric: &str, days: i64) -> Result<()>;

    /// Marks a metric multi-valued (event `metric.multi_valued`).
    fn set_multi_valued(&mut self, metric: &str) -> Result<()>;

    // --- judgements, retractions, history ---

    /// Every judgement, oldest first.
    fn judgements(&self) -> Result<Vec<Judgement>>;

    /// Records a judgement on a group (event `group.judge`). One identical to the
    /// group's current judgement (same verdict, claim, reason and claims) records
    /// nothing and returns `None`; otherwise the new judgement's id.
    fn judge(
        &mut self,
        group_id: &str,
        verdict: Status,
        correct_claim: Option<i64>,
        reason: Option<&str>,
        claim_ids: &[i64],
    ) -> Result<Option<i64>>;

    /// Marks a claim withdrawn by its source (event `claim.retract`); `false` when it
    /// already was, and then nothing is written.
    fn retract(&mut self, id: i64, reason: &str) -> Result<bool>;

    /// The history, oldest first; for one claim, the events that touched it.
    fn events(&self, claim: Option<i64>) -> Result<Vec<Event>>;

    /// Checks the whole ledger against its history in one consistent snapshot (spec
    /// §5), and against an anchor (`COUNT:HASH`) when given; `progress` gets the number
    /// of claims checked so far.
    fn verify(
        &self,
        against: Option<(i64, String)>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Verification>;

    /// Copies the ledger to a new file at `dest`, consistent while others write;
    /// `progress` gets (done, total) in backend units. A backend without file copies
    /// returns a usage error saying what to use instead.
    fn backup(&self, dest: &Path, progress: &mut dyn FnMut(i64, i64)) -> Result<()>;

    // --- where the ledger is, and marks ---

    /// The id of the newest event (0 for an empty history). Every write appends an
    /// event, so this changes exactly when the ledger does (marks aside).
    fn head_event(&self) -> Result<i64>;

    /// The largest claim id (0 when there is none). Ids grow as claims are recorded.
    fn last_claim(&self) -> Result<i64>;

    /// The smallest id of a claim whose recording event (its `add` or `import`) is at
    /// or after `at`, an RFC 3339 UTC time with milliseconds as [`event_time`] writes
    /// them; `None` when no claim was recorded that late.
    fn first_claim_since(&self, at: &str) -> Result<Option<i64>>;

    /// The newest value recorded under a mark's name, if any. Marks are bookkeeping
    /// (where a recurring job got to), not events: they are outside the hash chain.
    fn mark(&self, name: &str) -> Result<Option<i64>>;

    /// Records a mark's new value. No event is written; a read-only ledger or a reader
    /// role refuses it with the same error a write gets.
    fn set_mark(&mut self, name: &str, value: i64) -> Result<()>;

    // --- recording claims ---

    /// Starts recording a batch of claims: everything inserted is committed as one
    /// write with one event, or not at all (a writer dropped without
    /// [`ClaimSink::commit`] changes nothing). The writer holds the store's write
    /// access until then.
    fn writer(&mut self, options: WriterOptions) -> Result<Box<dyn ClaimSink + '_>>;
}

/// How a batch of claims is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriterOptions {
    /// Create sources the ledger does not know instead of refusing the record.
    pub new_sources: bool,
    /// Put each claim's whole record in the batch's event (single `add`s).
    pub keep_records: bool,
    /// A large load that will be committed: the backend may take its fast path (the
    /// SQLite one leaves the write-ahead log while it fills an empty ledger).
    pub bulk: bool,
}

/// A batch of claims being recorded (from [`Store::writer`]).
pub trait ClaimSink {
    /// Records one claim; `line` is where it came from (for error messages). A record
    /// the ledger refuses (unknown source, a key twice …) is the inner `Err`, and the
    /// batch goes on; the outer one is a failure of the store.
    fn insert(&mut self, draft: &Draft, line: usize) -> Result<Result<Outcome, RecordError>>;

    /// A unit the metric's claims already in the ledger carry, if any.
    fn metric_unit(&self, metric: &str) -> Result<Option<String>>;

    /// Ends the inserts: returns the problems only visible across the whole batch
    /// (a key given twice), in line order. Call it once, before `commit`.
    fn finish(&mut self) -> Result<Vec<RecordError>>;

    /// Appends the batch's event (`action`, e.g. `claims.import`; `label` says where
    /// the claims came from) and commits. A batch that changed nothing writes no event.
    fn commit(self: Box<Self>, action: &str, label: &str) -> Result<()>;
}

/// Opens the ledger `db` names, creating it when `create` is set and it is missing:
/// a `postgres://` or `postgresql://` URL names a PostgreSQL ledger, anything else a
/// SQLite file.
pub fn open(db: &Path, create: bool) -> Result<Box<dyn Store>> {
    if let Some(address) = db.to_str().filter(|s| postgres::is_server(s)) {
        return Ok(Box::new(PostgresStore::open(address, create)?));
    }
    Ok(Box::new(SqliteStore::open(db, create)?))
}

/// Whether a file is a ledger this build can open (for "did you mean" when `--db`
/// names nothing).
pub fn is_ledger_file(path: &Path) -> bool {
    sqlite::is_ledger_file(path)
}

/// Whether `db` is a PostgreSQL URL rather than a file path.
pub fn is_url(db: &Path) -> bool {
    db.to_str().is_some_and(postgres::is_server)
}

/// A database URL without its password, fit for messages.
pub fn redacted(db: &Path) -> String {
    let s = db.to_string_lossy();
    // A libpq `key=value` string, or a URL's `?password=` setting.
    let s = s
        .split_inclusive(|c: char| c.is_whitespace() || c == '&' || c == '?')
        .map(|part| {
            let lower = part.to_ascii_lowercase();
            match lower.strip_prefix("password=") {
                Some(_) => {
                    let end: String = part
                        .chars()
                        .rev()
                        .take_while(|c| c.is_whitespace() || *c == '&')
                        .collect();
                    format!("password=***{}", end.chars().rev().collect::<String>())
                }
                None => part.to_string(),
            }
        })
        .collect::<String>();
    match (s.find("://"), s.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &s[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &s[..scheme + 3], &s[at..]),
                None => s,
            }
        }
        _ => s,
    }
}

/// The folder a file is in (`.` for a bare file name): where its temporary siblings go.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The actor a store records events as until told otherwise: `$CROSSCHECK_ACTOR`, else
/// the operating-system user.
pub fn default_actor() -> String {
    for var in ["CROSSCHECK_ACTOR", "USER", "LOGNAME", "USERNAME"] {
        if let Ok(v) = std::env::var(var) {
            if !v.trim().is_empty() {
                return v.trim().to_string();
            }
        }
    }
    os_user().unwrap_or_else(|| "unknown".into())
}

/// The name of the user running this process, from the user database.
#[cfg(unix)]
fn os_user() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let name = passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        (f.nth(1)?.parse::<u32>().ok()? == uid).then(|| name.to_string())
    });
    Some(name.unwrap_or_else(|| format!("uid {uid}")))
}

#[cfg(not(unix))]
fn os_user() -> Option<String> {
    None
}

// --- events ---

/// One entry of the history, as `log` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub payload: serde_json::Value,
    pub hash: String,
}

/// An event's encoding, version 1 (what [`hash`] covers), lines joined by `\n`:
/// `crosscheck-event/1`, id, at, actor, action, prev_hash, payload (canonical JSON:
/// `serde_json::Value::to_string`, whose maps keep their keys sorted). `at` is RFC 3339
/// UTC with milliseconds ([`event_time`]); the first event's `prev_hash` is empty.
pub fn encode(id: i64, at: &str, actor: &str, action: &str, prev: &str, payload: &str) -> String {
    format!("crosscheck-event/1\n{id}\n{at}\n{actor}\n{action}\n{prev}\n{payload}")
}

/// The SHA-256 of an event's encoding, in lowercase hex.
pub fn hash(encoding: &str) -> String {
    crate::sha256::hex(encoding.as_bytes())
}

/// The time stamp of an event written now.
pub fn event_time() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

// --- claims ---

/// What became of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Added(i64),
    /// Already in the ledger with the same content.
    Skipped(i64),
    /// Added, replacing the claim that had its key.
    Superseded {
        old: i64,
        new: i64,
    },
}

impl Outcome {
    /// The claim the record is now: added, found, or the replacement.
    pub fn id(&self) -> i64 {
        match *self {
            Outcome::Added(id) | Outcome::Skipped(id) | Outcome::Superseded { new: id, .. } => id,
        }
    }
}

/// A claim's web address and quote: `(id, url, quote)`.
pub type Evidence = (i64, Option<String>, Option<String>);

/// Which claims a status filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    Active,
    Retracted,
    Superseded,
    All,
}

/// What `list` and `export` select.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub sources: Vec<String>,
    pub subject: Option<String>,
    pub metric: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub period: Option<String>,
    pub min_confidence: Option<f64>,
    pub status: StatusFilter,
    pub search: Option<String>,
    /// How many of the selected claims to pass over before the first one given (a
    /// page's start).
    pub skip: usize,
    pub limit: Option<usize>,
}

// --- names ---

/// The three kinds of named things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Source,
    Subject,
    Metric,
}

impl NameKind {
    pub fn word(self) -> &'static str {
        match self {
            NameKind::Source => "source",
            NameKind::Subject => "subject",
            NameKind::Metric => "metric",
        }
    }
}

/// What a new named thing may carry besides its spellings: a source's kind and web
/// address, a metric's being multi-valued.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameDetails {
    pub kind: Option<String>,
    pub url: Option<String>,
    pub multi_valued: bool,
}

/// A source with its track in this ledger, as `source list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub url: Option<String>,
    pub builtin: bool,
    pub claims: i64,
}

/// A subject or metric with its spellings, as `subject list` and `metric list` show it.
#[derive(Debug, Clone, Serialize)]
pub struct NameInfo {
    pub name: String,
    pub aliases: Vec<String>,
    /// Its active claims.
    pub claims: i64,
    /// Metrics only: whether it holds several values at once (never a contradiction).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_valued: Option<bool>,
    /// Metrics only: its own comparison window in days (`metric add M --window DAYS`).
    #[serde(skip)]
    pub window_days: Option<i64>,
}

// --- judgements ---

/// A recorded judgement.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    pub id: i64,
    pub group_id: String,
    /// `resolved` or `dismissed`.
    pub verdict: Status,
    pub correct_claim: Option<i64>,
    pub reason: Option<String>,
    /// The claims the group held when it was judged.
    pub claim_ids: Vec<i64>,
    pub at: String,
    pub actor: String,
}

// --- verification ---

/// What `verify` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Verification {
    pub events: i64,
    pub head: String,
    pub claims: i64,
    /// Problems, each naming the first bad event or row it found; empty when all is well.
    pub problems: Vec<String>,
    pub anchor_checked: bool,
}

impl Verification {
    pub fn anchor(&self) -> String {
        format!("{}:{}", self.events, self.head)
    }
}

/// Parses `COUNT:HASH`.
pub fn parse_anchor(s: &str) -> Result<(i64, String)> {
    let bad = || {
        Error::Usage(format!(
            "'{s}' is not an anchor: expected COUNT:HASH as printed by `verify --anchor`"
        ))
    };
    let (n, h) = s.trim().split_once(':').ok_or_else(bad)?;
    let n: i64 = n.parse().map_err(|_| bad())?;
    if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((n, h.to_ascii_lowercase()))
}

/// The columns of a claim as both backends read it (the same SQL in both dialects);
/// each backend's `claim_from_row` reads them in this order.
pub(crate) const CLAIM_COLUMNS: &str =
    "c.id, c.key, sj.name, m.name, c.value, c.kind, c.unit, c.low, c.high,
    c.bound, c.period, c.as_of, so.name, v.name, ci.date, c.confidence, c.confidence_label,
    c.quote, ci.url, ci.title, ci.authors, c.tags, c.notes,
    CASE WHEN EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id) THEN 'retracted'
         WHEN EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id) THEN 'superseded'
         ELSE 'active' END, c.basis, c.basis_given";

/// The joins `CLAIM_COLUMNS` needs.
pub(crate) const CLAIM_JOINS: &str = "FROM claims c
    JOIN subjects sj ON sj.id = c.subject_id
    JOIN metrics m ON m.id = c.metric_id
    JOIN citations ci ON ci.id = c.citation_id
    JOIN sources so ON so.id = ci.source_id
    LEFT JOIN sources v ON v.id = c.via_id";

/// A JSON list column (authors, tags); an unreadable one reads as empty.
pub(crate) fn json_list(text: Option<String>) -> Vec<String> {
    text.and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}
