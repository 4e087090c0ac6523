//! Recording claims: one write transaction per `add` or `import`, whatever its size.
//!
//! A batch is a single event. Its payload commits to the SHA-256 of every claim it
//! added (a running digest over each claim's canonical hash, in id order), so one event
//! per import keeps bulk loads cheap while every record stays verifiable.

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::names;
use super::side_index::SideIndex;
use super::{SqliteStore, events, sql};
use crate::error::{Error, RecordError, Result};
use crate::model::{Draft, Status, norm_name};
use crate::sha256::Running;
use crate::store::{NameKind, Outcome};

/// A batch of claims being recorded in one transaction.
pub struct ClaimWriter<'a> {
    tx: Transaction<'a>,
    actor: String,
    new_sources: bool,
    event_id: i64,
    names: HashMap<(u8, String), (i64, Rc<str>)>,
    /// The same, by spelling as given (source, subject, metric): most records repeat a
    /// spelling, and then nothing needs normalising.
    spelled: [HashMap<String, (i64, Rc<str>)>; 3],
    created: Vec<serde_json::Value>,
    citations: HashMap<(i64, [u8; 16]), i64>,
    /// The input line of each claim added, as runs: (first id, its line) wherever a
    /// claim's line does not follow from the one before (a million-line file with no
    /// gaps is one run).
    lines: Vec<(i64, usize)>,
    /// The ledger held no claims when the batch began: nothing to look up, and the
    /// indexes are built once at the end instead of row by row.
    fresh: bool,
    /// Index definitions dropped for the load, recreated at commit.
    deferred_indexes: Vec<String>,
    digest: Running,
    first_added: Option<i64>,
    last_added: Option<i64>,
    count_added: u64,
    superseded: Vec<(i64, i64)>,
    retracted: Vec<i64>,
    records: Vec<serde_json::Value>,
    keep_records: bool,
    /// A bulk load into an empty ledger builds its full-text index on a thread of its
    /// own.
    side_index: Option<SideIndex>,
}

/// How many citations a batch remembers for reuse.
const CITATION_MEMORY: usize = 1 << 16;

fn kind_tag(kind: NameKind) -> u8 {
    match kind {
        NameKind::Source => 0,
        NameKind::Subject => 1,
        NameKind::Metric => 2,
    }
}

impl SqliteStore {
    /// Starts recording claims. `new_sources`: create unknown sources instead of refusing.
    /// `keep_records`: put each claim's whole record in the event (single `add`s).
    pub fn claim_writer(&self, new_sources: bool, keep_records: bool) -> Result<ClaimWriter<'_>> {
        let actor = self.actor.clone();
        let dir = super::folder_of(&self.path);
        let tx = self.write_shared()?;
        let event_id = events::next_id(&tx).map_err(sql)?;
        let fresh: bool = tx
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM claims)", [], |r| r.get(0))
            .map_err(sql)?;
        let mut deferred_indexes = Vec::new();
        let mut side_index = None;
        if !keep_records {
            // A bulk load: a larger page cache, and on an empty ledger the secondary
            // indexes are dropped now and built once, sorted, at commit.
            tx.pragma_update(None, "cache_size", -16384).map_err(sql)?;
            if fresh {
                let mut stmt = tx
                    .prepare(
                        "SELECT name, sql FROM sqlite_schema WHERE type = 'index'
                           AND tbl_name IN ('claims', 'citations') AND sql IS NOT NULL",
                    )
                    .map_err(sql)?;
                let found: Vec<(String, String)> = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(sql)?
                    .collect::<rusqlite::Result<_>>()
                    .map_err(sql)?;
                drop(stmt);
                for (name, ddl) in found {
                    tx.execute_batch(&format!("DROP INDEX \"{name}\""))
                        .map_err(sql)?;
                    deferred_indexes.push(ddl);
                }
                // Where no scratch file can be made beside the ledger, the index is
                // written row by row instead: slower, the same result.
                side_index = SideIndex::start(&tx, &dir).ok();
            }
        }
        Ok(ClaimWriter {
            fresh,
            deferred_indexes,
            tx,
            actor,
            new_sources,
            event_id,
            names: HashMap::new(),
            spelled: Default::default(),
            created: Vec::new(),
            citations: HashMap::new(),
            lines: Vec::new(),
            digest: Running::default(),
            first_added: None,
            last_added: None,
            count_added: 0,
            superseded: Vec::new(),
            retracted: Vec::new(),
            records: Vec::new(),
            keep_records,
            side_index,
        })
    }
}

impl ClaimWriter<'_> {
    fn name(
        &mut self,
        kind: NameKind,
        name: &str,
        line: usize,
        field: &str,
    ) -> Result<Result<(i64, Rc<str>), RecordError>> {
        let tag = kind_tag(kind);
        if let Some(found) = self.spelled[usize::from(tag)].get(name) {
            return Ok(Ok(found.clone()));
        }
        let key = (tag, norm_name(name));
        if let Some(found) = self.names.get(&key) {
            let found = found.clone();
            self.spelled[usize::from(tag)].insert(name.to_string(), found.clone());
            return Ok(Ok(found));
        }
        let found = match names::lookup(&self.tx, kind, name).map_err(sql)? {
            Some((id, canonical)) => (id, Rc::from(canonical)),
            None if kind == NameKind::Source && !self.new_sources => {
                let suggestions = names::suggest(&self.tx, kind, name).map_err(sql)?;
                let message = Error::UnknownSource {
                    name: name.to_string(),
                    suggestions,
                }
                .to_string();
                return Ok(Err(RecordError {
                    line,
                    field: Some(field.to_string()),
                    message,
                }));
            }
            None => {
                let canonical = name.trim().to_string();
                let id = names::insert(&self.tx, kind, &canonical, &[], &[])?;
                self.created
                    .push(json!({"kind": kind.word(), "name": canonical}));
                (id, Rc::from(canonical))
            }
        };
        self.names.insert(key, found.clone());
        self.spelled[usize::from(tag)].insert(name.to_string(), found.clone());
        Ok(Ok(found))
    }

    fn citation(&mut self, source_id: i64, d: &Draft) -> Result<i64> {
        let authors = d.authors_json();
        let key = (source_id, d.document);
        if let Some(id) = self.citations.get(&key) {
            return Ok(*id);
        }
        let existing: Option<i64> = if self.fresh {
            None
        } else {
            self.tx
                .prepare_cached(
                    "SELECT id FROM citations WHERE source_id = ?1 AND date = ?2 AND url IS ?3
                   AND title IS ?4 AND authors IS ?5",
                )
                .and_then(|mut s| {
                    s.query_row(
                        params![source_id, d.date.text, d.url, d.title, authors],
                        |r| r.get(0),
                    )
                    .optional()
                })
                .map_err(sql)?
        };
        let id = match existing {
            Some(id) => id,
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO citations (source_id, date, url, title, authors)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )
                    .and_then(|mut s| {
                        s.execute(params![source_id, d.date.text, d.url, d.title, authors])
                    })
                    .map_err(sql)?;
                self.tx.last_insert_rowid()
            }
        };
        // Claims from one document usually come together; a bounded memory of recent
        // citations keeps a million-claim load small (a repeat further away is looked up
        // in the ledger, or on a fresh load becomes a second, identical citation row).
        if self.citations.len() >= CITATION_MEMORY {
            self.citations.clear();
        }
        self.citations.insert(key, id);
        Ok(id)
    }

    /// Records one draft; a problem with it (an unknown source, a key clash) is returned
    /// as a record error and leaves the batch usable.
    pub fn insert(&mut self, d: &Draft, line: usize) -> Result<Result<Outcome, RecordError>> {
        let (source_id, source) = match self.name(NameKind::Source, &d.source, line, "source")? {
            Ok(s) => s,
            Err(e) => return Ok(Err(e)),
        };
        let via = match &d.via {
            Some(v) => match self.name(NameKind::Source, v, line, "via")? {
                Ok(s) => Some(s),
                Err(e) => return Ok(Err(e)),
            },
            None => None,
        };
        let (subject_id, subject) =
            match self.name(NameKind::Subject, &d.subject, line, "subject")? {
                Ok(s) => s,
                Err(e) => return Ok(Err(e)),
            };
        let (metric_id, metric) = match self.name(NameKind::Metric, &d.metric, line, "metric")? {
            Ok(m) => m,
            Err(e) => return Ok(Err(e)),
        };
        let via_name = via.as_ref().map(|v| &*v.1);
        let hash = d.hash(&subject, &metric, &source, via_name);

        let mut replaces = None;
        if let Some(key) = &d.key {
            let current: Option<(i64, Vec<u8>)> = if self.fresh {
                None
            } else {
                self.tx
                    .prepare_cached(
                        "SELECT id, hash FROM claims WHERE key = ?1
                       AND id NOT IN (SELECT claim_id FROM supersessions)",
                    )
                    .and_then(|mut s| {
                        s.query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
                            .optional()
                    })
                    .map_err(sql)?
            };
            match current {
                // Added earlier in this batch: the input holds the key twice.
                Some((id, _)) if self.first_added.is_some_and(|first| id >= first) => {
                    return Ok(Err(self.twice(key, line, id)));
                }
                Some((id, h)) if h == hash => return Ok(Ok(Outcome::Skipped(id))),
                Some((id, _)) => replaces = Some(id),
                None => {}
            }
        }

        let citation_id = self.citation(source_id, d)?;
        let x = &d.derived;
        self.tx
            .prepare_cached(
                "INSERT INTO claims (key, subject_id, metric_id, citation_id, source_id, via_id, value, kind,
                    unit, low, high, bound, norm, period, as_of, time_key, time_start, confidence,
                    confidence_label, quote, tags, notes, hash, event_id, basis, basis_given)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    d.key,
                    subject_id,
                    metric_id,
                    citation_id,
                    source_id,
                    via.as_ref().map(|v| v.0),
                    d.value,
                    x.kind.as_str(),
                    x.unit,
                    x.low,
                    x.high,
                    x.bound,
                    x.norm,
                    d.period.as_ref().map(|p| &p.text),
                    d.as_of.as_ref().map(|a| &a.text),
                    x.time_key,
                    x.time_start,
                    d.confidence.score,
                    d.confidence.label,
                    d.quote,
                    (!d.tags.is_empty()).then(|| serde_json::to_string(&d.tags).unwrap_or_default()),
                    d.notes,
                    &hash[..],
                    self.event_id,
                    d.basis.as_str(),
                    d.basis_given.map(|b| b.as_str()),
                ])
            })
            .map_err(sql)?;
        let id = self.tx.last_insert_rowid();
        let text = &d.search_text;
        if let Some(side) = &mut self.side_index {
            if !text.trim().is_empty() {
                side.add(id, text)?;
            }
        } else if !text.trim().is_empty() {
            self.tx
                .prepare_cached("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)")
                .and_then(|mut s| s.execute(params![id, text]))
                .map_err(sql)?;
        }
        self.digest.update(&hash);
        self.first_added.get_or_insert(id);
        let follows = self.lines.last().is_some_and(|&(first, at)| {
            let id_gap = usize::try_from(id - first).ok();
            id_gap.is_some_and(|gap| at + gap == line)
        });
        if !follows {
            self.lines.push((id, line));
        }
        self.last_added = Some(id);
        self.count_added += 1;
        if self.keep_records {
            self.records.push(json!({"id": id, "claim": serde_json::from_str::<serde_json::Value>(&d.canonical(&subject, &metric, &source, via_name).encode()).unwrap_or_default()}));
        }
        if let Some(old) = replaces {
            self.tx
                .prepare_cached("INSERT INTO supersessions (claim_id, by_claim_id, event_id) VALUES (?1, ?2, ?3)")
                .and_then(|mut s| s.execute(params![old, id, self.event_id]))
                .map_err(sql)?;
            self.superseded.push((old, id));
        }
        match d.status {
            Some(Status::Retracted) => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO retractions (claim_id, reason, event_id) VALUES (?1, ?2, ?3)",
                    )
                    .and_then(|mut s| {
                        s.execute(params![
                            id,
                            "retracted in the imported record",
                            self.event_id
                        ])
                    })
                    .map_err(sql)?;
                self.retracted.push(id);
            }
            Some(Status::Superseded) if replaces.is_none() => {
                self.tx
                    .prepare_cached("INSERT INTO supersessions (claim_id, by_claim_id, event_id) VALUES (?1, NULL, ?2)")
                    .and_then(|mut s| s.execute(params![id, self.event_id]))
                    .map_err(sql)?;
                self.superseded.push((id, 0));
            }
            _ => {}
        }
        Ok(Ok(match replaces {
            Some(old) => Outcome::Superseded { old, new: id },
            None => Outcome::Added(id),
        }))
    }

    fn line_of(&self, id: i64) -> usize {
        let run = self.lines.partition_point(|&(first, _)| first <= id);
        run.checked_sub(1)
            .and_then(|r| {
                let (first, at) = self.lines[r];
                Some(at + usize::try_from(id - first).ok()?)
            })
            .unwrap_or(0)
    }

    fn twice(&self, key: &str, line: usize, earlier: i64) -> RecordError {
        RecordError {
            line,
            field: Some("key".into()),
            message: format!(
                "key '{key}' appears twice in this input (first on line {})",
                self.line_of(earlier)
            ),
        }
    }

    /// Ends the load: builds the indexes a fresh load put off, and reports keys the
    /// input holds more than once (on a fresh load they are found here, with the key
    /// index, rather than looked up row by row).
    pub fn finish(&mut self) -> Result<Vec<RecordError>> {
        // The text-indexing thread indexes its last texts while the indexes are built.
        if let Some(side) = &mut self.side_index {
            side.close()?;
        }
        let errors = self.build_deferred_indexes()?;
        if let Some(side) = self.side_index.take() {
            side.finish(&self.tx)?;
        }
        Ok(errors)
    }

    fn build_deferred_indexes(&mut self) -> Result<Vec<RecordError>> {
        if self.deferred_indexes.is_empty() {
            return Ok(Vec::new());
        }
        // Index builds sort in memory up to the page cache's size: keep them small.
        self.tx
            .pragma_update(None, "cache_size", -8192)
            .map_err(sql)?;
        for ddl in std::mem::take(&mut self.deferred_indexes) {
            self.tx.execute_batch(&ddl).map_err(sql)?;
        }
        let mut stmt = self
            .tx
            .prepare(
                "SELECT key, group_concat(id) FROM claims WHERE key IS NOT NULL
                 GROUP BY key HAVING count(*) > 1 LIMIT 100",
            )
            .map_err(sql)?;
        let twice: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(sql)?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql)?;
        drop(stmt);
        let mut errors = Vec::new();
        for (key, ids) in twice {
            let ids: Vec<i64> = ids.split(',').filter_map(|i| i.parse().ok()).collect();
            let mut ids = ids.into_iter();
            if let Some(first) = ids.next() {
                for later in ids {
                    errors.push(self.twice(&key, self.line_of(later), first));
                }
            }
        }
        errors.sort_by_key(|e| e.line);
        Ok(errors)
    }

    /// Appends the batch's event and commits. `label` says where the claims came from.
    pub fn commit(mut self, action: &str, label: &str) -> Result<()> {
        if self.count_added == 0 && self.created.is_empty() {
            return Ok(()); // nothing changed: no event, the transaction ends empty
        }
        let mut payload = json!({
            "from": label,
            "count": self.count_added,
            "first_id": self.first_added,
            "last_id": self.last_added,
            "claims_sha256": hex::encode(self.digest.clone().finish()),
            "created": self.created,
            "superseded": self.superseded,
            "retracted": self.retracted,
        });
        if self.keep_records {
            payload["records"] = json!(self.records);
        }
        // What the batch remembered is not needed any more: free it before the indexes
        // are built.
        self.lines = Vec::new();
        self.citations = HashMap::new();
        self.names = HashMap::new();
        self.spelled = Default::default();
        let id = events::append(&self.tx, &self.actor, action, &payload).map_err(sql)?;
        debug_assert_eq!(id, self.event_id);
        self.tx.commit().map_err(sql)
    }
}

impl SqliteStore {
    /// Marks a claim withdrawn by its source.
    pub fn retract(&mut self, id: i64, reason: &str) -> Result<bool> {
        let actor = self.actor.clone();
        let tx = self.write()?;
        let already: Option<i64> = tx
            .query_row(
                "SELECT claim_id FROM retractions WHERE claim_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        if already.is_some() {
            return Ok(false);
        }
        let event = events::append(
            &tx,
            &actor,
            "claim.retract",
            &json!({"claim": id, "reason": reason}),
        )
        .map_err(sql)?;
        tx.execute(
            "INSERT INTO retractions (claim_id, reason, event_id) VALUES (?1, ?2, ?3)",
            params![id, reason, event],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(true)
    }
}

/// Reads the basis of every claim recorded before the ledger kept bases, from its
/// value's words (`$3.4bn annualised` is a run rate). Run once, by the migration.
pub(super) fn read_bases(tx: &Transaction) -> rusqlite::Result<()> {
    let mut found: Vec<(i64, &'static str)> = Vec::new();
    {
        let mut stmt =
            tx.prepare("SELECT id, value FROM claims WHERE kind = 'text' OR kind = 'quantity'")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let value: String = r.get(1)?;
            if let Ok(crate::value::Reading {
                basis: Some(b),
                value: crate::value::Value::Quantity(_),
            }) = crate::value::read(&value)
            {
                found.push((r.get(0)?, b.as_str()));
            }
        }
    }
    let mut update = tx.prepare("UPDATE claims SET basis = ?2 WHERE id = ?1")?;
    for (id, basis) in found {
        update.execute(params![id, basis])?;
    }
    Ok(())
}

/// A unit the metric's recorded quantities carry, if any (for the warning on a figure
/// written without one).
pub(crate) fn metric_unit(
    conn: &rusqlite::Connection,
    metric: &str,
) -> rusqlite::Result<Option<String>> {
    let Some((id, _)) = names::lookup(conn, NameKind::Metric, metric)? else {
        return Ok(None);
    };
    conn.prepare_cached(
        "SELECT unit FROM claims WHERE metric_id = ?1 AND unit IS NOT NULL LIMIT 1",
    )?
    .query_row([id], |r| r.get(0))
    .optional()
}

impl ClaimWriter<'_> {
    /// A unit the metric's claims already in the ledger carry, if any.
    pub fn metric_unit(&self, metric: &str) -> Result<Option<String>> {
        if self.fresh {
            return Ok(None);
        }
        metric_unit(&self.tx, metric).map_err(sql)
    }
}

impl SqliteStore {
    /// Sets a metric's own comparison window, in days.
    pub fn set_metric_window(&mut self, metric: &str, days: i64) -> Result<()> {
        let actor = self.actor.clone();
        let tx = self.write()?;
        super::events::append(
            &tx,
            &actor,
            "metric.window",
            &json!({"name": metric, "window_days": days}),
        )
        .map_err(sql)?;
        tx.execute(
            "UPDATE metrics SET window_days = ?2 WHERE name = ?1",
            params![metric, days],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// A unit the metric's claims carry, if any.
    pub fn metric_unit(&self, metric: &str) -> Result<Option<String>> {
        metric_unit(&self.conn, metric).map_err(sql)
    }
}
