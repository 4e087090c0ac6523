//! Writing: every write is one transaction that first takes the ledger's advisory
//! lock, then reads the chain head and appends its one event. Claims are numbered here,
//! as SQLite numbers them (the next after the largest), and a batch travels to the
//! server by `COPY`.

use std::collections::HashMap;
use std::io::Write as _;
use std::rc::Rc;

use std::cell::{RefCell, RefMut};

use postgres::{Client, Transaction};
use serde_json::json;

use super::read::{lookup, metric_unit, suggest, tables};
use super::{PostgresStore, WRITE_LOCK, WriteError, connect::Target};
use crate::detect::Status as Verdict;
use crate::error::{Error, RecordError, Result};
use crate::model::{Draft, Status, norm_name};
use crate::sha256::Running;
use crate::store::{ClaimSink, NameDetails, NameKind, Outcome, WriterOptions};

type W<T> = std::result::Result<T, WriteError>;

/// Starts a write: a transaction holding the write lock.
fn begin<'a>(client: &'a mut Client) -> std::result::Result<Transaction<'a>, postgres::Error> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
    Ok(tx)
}

/// The id the next row of `table` gets: the next after the largest, as in SQLite.
fn next_id(tx: &mut Transaction, table: &str) -> std::result::Result<i64, postgres::Error> {
    Ok(tx
        .query_one(
            &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
            &[],
        )?
        .get(0))
}

/// Appends an event, reading the chain head inside the caller's transaction (which
/// holds the write lock, so the head cannot move).
pub(super) fn append(
    tx: &mut Transaction,
    actor: &str,
    action: &str,
    payload: &serde_json::Value,
) -> std::result::Result<i64, postgres::Error> {
    let head = tx.query_opt("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1", &[])?;
    let (id, prev) = match head {
        Some(r) => (r.get::<_, i64>(0) + 1, r.get::<_, String>(1)),
        None => (1, String::new()),
    };
    let at = crate::store::event_time();
    let payload = payload.to_string();
    let h = crate::store::hash(&crate::store::encode(
        id, &at, actor, action, &prev, &payload,
    ));
    tx.execute(
        "INSERT INTO events (id, at, actor, action, payload, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[&id, &at, &actor, &action, &payload, &prev, &h],
    )?;
    Ok(id)
}

/// Inserts a named thing and its spellings.
fn insert_name(
    tx: &mut Transaction,
    kind: NameKind,
    name: &str,
    aliases: &[String],
    details: &NameDetails,
    builtin: bool,
) -> W<i64> {
    let (table, _, _) = tables(kind);
    let id = next_id(tx, table)?;
    match kind {
        NameKind::Source => tx.execute(
            "INSERT INTO sources (id, name, kind, url, builtin) VALUES ($1, $2, $3, $4, $5)",
            &[&id, &name, &details.kind, &details.url, &builtin],
        )?,
        NameKind::Subject => tx.execute(
            "INSERT INTO subjects (id, name) VALUES ($1, $2)",
            &[&id, &name],
        )?,
        NameKind::Metric => tx.execute(
            "INSERT INTO metrics (id, name, multi_valued) VALUES ($1, $2, $3)",
            &[&id, &name, &details.multi_valued],
        )?,
    };
    add_names(tx, kind, id, name, aliases)?;
    Ok(id)
}

/// The PostgreSQL side of recording spellings: lookups and inserts in the open
/// transaction.
struct Spellings<'a, 'b>(&'a mut Transaction<'b>);

impl crate::store::names::Spellings for Spellings<'_, '_> {
    type Err = WriteError;

    fn lookup(&mut self, kind: NameKind, spelling: &str) -> W<Option<(i64, String)>> {
        Ok(lookup(self.0, kind, spelling)?)
    }

    fn every_spelling(&mut self, kind: NameKind) -> W<Vec<(String, String, i64)>> {
        let (table, names, id_col) = tables(kind);
        let rows = self.0.query(
            &format!(
                "SELECT n.name, t.name, t.id FROM {names} n JOIN {table} t ON t.id = n.{id_col}"
            ),
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    fn insert_spelling(&mut self, kind: NameKind, id: i64, spelling: &str) -> W<()> {
        let (_, names, id_col) = tables(kind);
        self.0.execute(
            &format!("INSERT INTO {names} (norm, name, {id_col}) VALUES ($1, $2, $3)"),
            &[&norm_name(spelling), &spelling, &id],
        )?;
        Ok(())
    }
}

/// Adds spellings to an existing thing (by the rules in `store::names`); returns
/// those that were new.
fn add_names(
    tx: &mut Transaction,
    kind: NameKind,
    id: i64,
    name: &str,
    aliases: &[String],
) -> W<Vec<String>> {
    crate::store::names::add(&mut Spellings(tx), kind, id, name, aliases)
}

/// Records the built-in outlets in a new ledger, as its first event.
pub(super) fn seed_builtins(tx: &mut Transaction, actor: &str) -> W<()> {
    let (sources, payload) = crate::store::names::builtins();
    for s in &sources {
        let details = NameDetails {
            kind: Some(s.kind.to_string()),
            url: Some(s.url.to_string()),
            multi_valued: false,
        };
        insert_name(tx, NameKind::Source, s.name, &s.aliases, &details, true)?;
    }
    append(tx, actor, "ledger.init", &payload)?;
    Ok(())
}

impl PostgresStore {
    /// Runs `f` as one write: the lock, the work, the commit.
    fn write<T>(&mut self, f: impl FnOnce(&mut Transaction, &str) -> W<T>) -> Result<T> {
        let actor = self.actor.clone();
        let target = &self.target;
        let client = self.client.get_mut();
        let mut tx = begin(client).map_err(|e| target.error(&e))?;
        let out = f(&mut tx, &actor).map_err(|e| e.named(target))?;
        tx.commit().map_err(|e| target.error(&e))?;
        Ok(out)
    }

    pub(super) fn write_name(
        &mut self,
        kind: NameKind,
        name: &str,
        aliases: &[String],
        details: &NameDetails,
    ) -> Result<(String, Vec<String>, bool)> {
        self.write(|tx, actor| {
            let name = name.trim();
            let existing = lookup(tx, kind, name)?;
            let (canonical, added, created) = match existing {
                Some((id, canonical)) => {
                    let added = add_names(tx, kind, id, &canonical, aliases)?;
                    (canonical, added, false)
                }
                None => {
                    insert_name(tx, kind, name, aliases, details, false)?;
                    (name.to_string(), aliases.to_vec(), true)
                }
            };
            if created || !added.is_empty() {
                let mut payload = json!({"name": canonical, "aliases": added});
                if let Some(k) = &details.kind {
                    payload["kind"] = json!(k);
                }
                if let Some(u) = &details.url {
                    payload["url"] = json!(u);
                }
                if details.multi_valued {
                    payload["multi_valued"] = json!(1);
                }
                let action = if created {
                    format!("{}.add", kind.word())
                } else {
                    format!("{}.alias", kind.word())
                };
                append(tx, actor, &action, &payload)?;
            }
            Ok((canonical, added, created || !aliases.is_empty()))
        })
    }

    pub(super) fn write_metric_window(&mut self, metric: &str, days: i64) -> Result<()> {
        self.write(|tx, actor| {
            append(
                tx,
                actor,
                "metric.window",
                &json!({"name": metric, "window_days": days}),
            )?;
            tx.execute(
                "UPDATE metrics SET window_days = $2 WHERE name = $1",
                &[&metric, &days],
            )?;
            Ok(())
        })
    }

    pub(super) fn write_multi_valued(&mut self, metric: &str) -> Result<()> {
        self.write(|tx, actor| {
            append(tx, actor, "metric.multi_valued", &json!({"name": metric}))?;
            tx.execute(
                "UPDATE metrics SET multi_valued = true WHERE name = $1",
                &[&metric],
            )?;
            Ok(())
        })
    }

    pub(super) fn write_judgement(
        &mut self,
        group_id: &str,
        verdict: Verdict,
        correct_claim: Option<i64>,
        reason: Option<&str>,
        claim_ids: &[i64],
    ) -> Result<Option<i64>> {
        let verdict = verdict.as_str();
        self.write(|tx, actor| {
            let current = tx.query_opt(
                "SELECT verdict, correct_claim_id, reason, claim_ids FROM judgements
                 WHERE group_id = $1 ORDER BY id DESC LIMIT 1",
                &[&group_id],
            )?;
            if let Some(r) = current {
                let (v, c, re, ids): (String, Option<i64>, Option<String>, String) =
                    (r.get(0), r.get(1), r.get(2), r.get(3));
                let same_ids =
                    serde_json::from_str::<Vec<i64>>(&ids).is_ok_and(|ids| ids == claim_ids);
                if v == verdict && c == correct_claim && re.as_deref() == reason && same_ids {
                    return Ok(None);
                }
            }
            let event = append(
                tx,
                actor,
                "judgement.add",
                &json!({"group": group_id, "verdict": verdict, "correct_claim": correct_claim,
                        "reason": reason, "claims": claim_ids}),
            )?;
            let id = next_id(tx, "judgements")?;
            tx.execute(
                "INSERT INTO judgements (id, group_id, verdict, correct_claim_id, reason, claim_ids, event_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&id, &group_id, &verdict, &correct_claim, &reason, &json!(claim_ids).to_string(), &event],
            )?;
            Ok(Some(id))
        })
    }

    pub(super) fn write_retraction(&mut self, id: i64, reason: &str) -> Result<bool> {
        self.write(|tx, actor| {
            if tx
                .query_opt("SELECT 1 FROM retractions WHERE claim_id = $1", &[&id])?
                .is_some()
            {
                return Ok(false);
            }
            let event = append(
                tx,
                actor,
                "claim.retract",
                &json!({"claim": id, "reason": reason}),
            )?;
            tx.execute(
                "INSERT INTO retractions (claim_id, reason, event_id) VALUES ($1, $2, $3)",
                &[&id, &reason, &event],
            )?;
            Ok(true)
        })
    }
}

/// How many claims a batch holds in memory before sending them with `COPY`.
const FLUSH_AT: usize = 20_000;

/// The tables a bulk load fills. Loading an empty ledger, their secondary indexes and
/// foreign keys are dropped at the first full block and rebuilt before the commit, in
/// the same transaction: building an index once over sorted rows and checking a
/// foreign key with one join cost a fraction of doing both row by row, and the
/// server's transactional DDL keeps the load all or nothing.
const BULK_TABLES: &str = "'citations'::regclass, 'claims'::regclass, 'claim_words'::regclass";

/// The tables the bulk tables' foreign keys point to: re-adding a key needs them owned.
const REFERENCED_TABLES: &str =
    "'sources'::regclass, 'subjects'::regclass, 'metrics'::regclass, 'events'::regclass";

/// The memory an index build may use during a bulk load, when the server allows less
/// (the full-text index builds in far fewer passes with it).
const BULK_INDEX_MEMORY: &str = "256MB";

/// A batch of claims in one transaction under the write lock. Rows are numbered here
/// and sent by `COPY` in blocks; names are inserted as they first appear.
pub(super) struct PgWriter<'a> {
    /// Behind a cell: `metric_unit` reads through it with `&self`.
    tx: RefCell<Option<Transaction<'a>>>,
    target: &'a Target,
    actor: String,
    new_sources: bool,
    keep_records: bool,
    /// The ledger held no claims when the batch began: no key can be there already.
    fresh: bool,
    /// A bulk load into an empty ledger that may still drop its indexes (at the first
    /// full block, so that a small import never takes the tables' exclusive lock).
    bulk: bool,
    /// The statements that rebuild what the bulk load dropped, in order.
    rebuild: Vec<String>,
    event_id: i64,
    next_claim: i64,
    next_citation: i64,
    names: HashMap<(u8, String), (i64, Rc<str>)>,
    created: Vec<serde_json::Value>,
    citations: HashMap<(i64, [u8; 16]), i64>,
    /// The keys added by this batch: claim id and input line.
    keys: HashMap<String, (i64, usize)>,
    /// On a fresh ledger, keys given twice are reported at the end, in line order, as
    /// the SQLite ledger does.
    twice: Vec<RecordError>,
    digest: Running,
    first_added: Option<i64>,
    last_added: Option<i64>,
    count_added: u64,
    superseded: Vec<(i64, Option<i64>)>,
    retracted: Vec<i64>,
    records: Vec<serde_json::Value>,
    /// Rows waiting for the next `COPY`, as its text format.
    claim_rows: Vec<u8>,
    citation_rows: Vec<u8>,
    word_rows: Vec<u8>,
    pending: usize,
    /// Supersessions and retractions of claims still waiting to be sent.
    later: Vec<(i64, Option<i64>, Option<&'static str>)>,
}

fn tag(kind: NameKind) -> u8 {
    match kind {
        NameKind::Source => 0,
        NameKind::Subject => 1,
        NameKind::Metric => 2,
    }
}

/// A field of `COPY … FROM STDIN` text format: `\N` for NULL, backslash escapes.
fn field(out: &mut Vec<u8>, v: Option<&str>) {
    match v {
        None => out.extend_from_slice(b"\\N"),
        Some(s) => {
            for b in s.bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
        }
    }
}

fn fields(out: &mut Vec<u8>, values: &[Option<&str>]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        field(out, *v);
    }
    out.push(b'\n');
}

/// A float as PostgreSQL reads it back bit for bit (Rust's shortest round-trip form).
fn float(v: Option<f64>) -> Option<String> {
    v.map(|f| format!("{f:?}"))
}

impl<'a> PgWriter<'a> {
    pub(super) fn start(
        client: &'a mut Client,
        target: &'a Target,
        actor: String,
        options: WriterOptions,
    ) -> Result<PgWriter<'a>> {
        let err = |e: postgres::Error| target.error(&e);
        let mut tx = begin(client).map_err(err)?;
        let row = tx
            .query_one(
                "SELECT (SELECT coalesce(max(id), 0) + 1 FROM events),
                        (SELECT coalesce(max(id), 0) + 1 FROM claims),
                        (SELECT coalesce(max(id), 0) + 1 FROM citations),
                        NOT EXISTS (SELECT 1 FROM claims)",
                &[],
            )
            .map_err(err)?;
        Ok(PgWriter {
            event_id: row.get(0),
            next_claim: row.get(1),
            next_citation: row.get(2),
            fresh: row.get(3),
            bulk: options.bulk && !options.keep_records && row.get::<_, bool>(3),
            rebuild: Vec::new(),
            tx: RefCell::new(Some(tx)),
            target,
            actor,
            new_sources: options.new_sources,
            keep_records: options.keep_records,
            names: HashMap::new(),
            created: Vec::new(),
            citations: HashMap::new(),
            keys: HashMap::new(),
            twice: Vec::new(),
            digest: Running::default(),
            first_added: None,
            last_added: None,
            count_added: 0,
            superseded: Vec::new(),
            retracted: Vec::new(),
            records: Vec::new(),
            claim_rows: Vec::new(),
            citation_rows: Vec::new(),
            word_rows: Vec::new(),
            pending: 0,
            later: Vec::new(),
        })
    }

    fn tx(&self) -> RefMut<'_, Transaction<'a>> {
        RefMut::map(self.tx.borrow_mut(), |t| {
            t.as_mut()
                .expect("the writer is used only until its commit")
        })
    }

    fn name(
        &mut self,
        kind: NameKind,
        name: &str,
        line: usize,
        field: &str,
    ) -> W<Result<(i64, Rc<str>), RecordError>> {
        let key = (tag(kind), norm_name(name));
        if let Some(found) = self.names.get(&key) {
            return Ok(Ok(found.clone()));
        }
        let new_sources = self.new_sources;
        let found = lookup(&mut *self.tx(), kind, name)?;
        let found = match found {
            Some((id, canonical)) => (id, Rc::<str>::from(canonical)),
            None if kind == NameKind::Source && !new_sources => {
                let suggestions = suggest(&mut *self.tx(), kind, name)?;
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
                let id = insert_name(
                    &mut self.tx(),
                    kind,
                    &canonical,
                    &[],
                    &NameDetails::default(),
                    false,
                )?;
                self.created
                    .push(json!({"kind": kind.word(), "name": canonical}));
                (id, Rc::from(canonical))
            }
        };
        self.names.insert(key, found.clone());
        Ok(Ok(found))
    }

    fn citation(&mut self, source_id: i64, d: &Draft) -> W<i64> {
        let authors = d.authors_json();
        let key = (source_id, d.document);
        if let Some(id) = self.citations.get(&key) {
            return Ok(*id);
        }
        let existing: Option<i64> = if self.fresh {
            None
        } else {
            self.tx()
                .query_opt(
                    "SELECT id FROM citations WHERE source_id = $1 AND date = $2
                       AND url IS NOT DISTINCT FROM $3 AND title IS NOT DISTINCT FROM $4
                       AND authors IS NOT DISTINCT FROM $5 ORDER BY id LIMIT 1",
                    &[&source_id, &d.date.text, &d.url, &d.title, &authors],
                )?
                .map(|r| r.get(0))
        };
        let id = match existing {
            Some(id) => id,
            None => {
                let id = self.next_citation;
                self.next_citation += 1;
                let sid = source_id.to_string();
                let cid = id.to_string();
                fields(
                    &mut self.citation_rows,
                    &[
                        Some(&cid),
                        Some(&sid),
                        Some(&d.date.text),
                        d.url.as_deref(),
                        d.title.as_deref(),
                        authors.as_deref(),
                    ],
                );
                id
            }
        };
        if self.citations.len() >= 1 << 16 {
            self.citations.clear();
        }
        self.citations.insert(key, id);
        Ok(id)
    }

    /// Sends the rows gathered so far: citations first, then the claims that cite
    /// them, their words, and what refers to them.
    fn flush(&mut self) -> W<()> {
        let citations = std::mem::take(&mut self.citation_rows);
        let claims = std::mem::take(&mut self.claim_rows);
        let words = std::mem::take(&mut self.word_rows);
        let later = std::mem::take(&mut self.later);
        self.pending = 0;
        let mut tx = self.tx();
        for (sql, rows) in [
            ("COPY citations (id, source_id, date, url, title, authors) FROM STDIN", citations),
            (
                "COPY claims (id, key, subject_id, metric_id, citation_id, source_id, via_id, value, kind,
                    unit, low, high, bound, norm, period, as_of, time_key, time_start, confidence,
                    confidence_label, quote, tags, notes, hash, event_id, basis, basis_given) FROM STDIN",
                claims,
            ),
            (
                "COPY claim_words (claim_id, words) FROM STDIN (FORMAT binary)",
                words,
            ),
        ] {
            if rows.is_empty() {
                continue;
            }
            let binary = sql.ends_with("(FORMAT binary)");
            let mut w = tx.copy_in(sql)?;
            if binary {
                w.write_all(BINARY_HEADER).map_err(Error::Io)?;
            }
            w.write_all(&rows).map_err(Error::Io)?;
            if binary {
                w.write_all(BINARY_TRAILER).map_err(Error::Io)?;
            }
            w.finish()?;
        }
        let event_id = self.event_id;
        for (claim, by, reason) in later {
            match reason {
                Some(reason) => tx.execute(
                    "INSERT INTO retractions (claim_id, reason, event_id) VALUES ($1, $2, $3)",
                    &[&claim, &reason, &event_id],
                )?,
                None => tx.execute(
                    "INSERT INTO supersessions (claim_id, by_claim_id, event_id) VALUES ($1, $2, $3)",
                    &[&claim, &by, &event_id],
                )?,
            };
        }
        Ok(())
    }

    /// Starts the bulk path: when this role owns the tables (a writer role holding
    /// only INSERT keeps the ordinary path), locks the bulk tables, notes how to
    /// rebuild their secondary indexes and foreign keys, and drops them. Nothing has
    /// been sent to those tables yet. Readers of them wait until the load commits;
    /// the other tables stay readable.
    fn drop_indexes(&mut self) -> W<()> {
        let mut tx = self.tx();
        let owned: bool = tx
            .query_one(
                &format!(
                    "SELECT bool_and(pg_catalog.pg_has_role(relowner, 'USAGE'))
                       FROM pg_catalog.pg_class WHERE oid IN ({BULK_TABLES}, {REFERENCED_TABLES})"
                ),
                &[],
            )?
            .get(0);
        if !owned {
            return Ok(());
        }
        tx.batch_execute("LOCK TABLE citations, claims, claim_words IN ACCESS EXCLUSIVE MODE")?;
        let indexes = tx.query(
            &format!(
                "SELECT pg_catalog.format('DROP INDEX %s', i.indexrelid::regclass),
                        pg_catalog.pg_get_indexdef(i.indexrelid)
                   FROM pg_catalog.pg_index i
                  WHERE i.indrelid IN ({BULK_TABLES}) AND NOT i.indisunique
                  ORDER BY i.indexrelid"
            ),
            &[],
        )?;
        let keys = tx.query(
            &format!(
                "SELECT pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                        pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass,
                                          c.conname, pg_catalog.pg_get_constraintdef(c.oid))
                   FROM pg_catalog.pg_constraint c
                  WHERE c.conrelid IN ({BULK_TABLES}) AND c.contype = 'f'
                  ORDER BY c.oid"
            ),
            &[],
        )?;
        let dropping: Vec<String> = indexes.iter().chain(&keys).map(|r| r.get(0)).collect();
        let rebuild = indexes.iter().chain(&keys).map(|r| r.get(1)).collect();
        tx.batch_execute(&dropping.join(";\n"))?;
        drop(tx);
        self.rebuild = rebuild;
        Ok(())
    }

    /// Rebuilds what [`Self::drop_indexes`] dropped: the indexes, then the foreign
    /// keys, each checked over the whole table as it is added.
    fn rebuild_indexes(&mut self) -> W<()> {
        if self.rebuild.is_empty() {
            return Ok(());
        }
        let rebuild = std::mem::take(&mut self.rebuild);
        let mut tx = self.tx();
        tx.execute(
            "SELECT pg_catalog.set_config('maintenance_work_mem', $1, true)
              WHERE pg_catalog.pg_size_bytes(pg_catalog.current_setting('maintenance_work_mem'))
                    < pg_catalog.pg_size_bytes($1)",
            &[&BULK_INDEX_MEMORY],
        )?;
        tx.batch_execute(&rebuild.join(";\n"))?;
        Ok(())
    }

    fn line_of(&self, key: &str) -> usize {
        self.keys.get(key).map_or(0, |(_, l)| *l)
    }

    fn twice(&self, key: &str, line: usize) -> RecordError {
        RecordError {
            line,
            field: Some("key".into()),
            message: format!(
                "key '{key}' appears twice in this input (first on line {})",
                self.line_of(key)
            ),
        }
    }

    fn insert_draft(&mut self, d: &Draft, line: usize) -> W<Result<Outcome, RecordError>> {
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
            if self.keys.contains_key(key) {
                let e = self.twice(key, line);
                if self.fresh {
                    // Found at the end on SQLite; the record is still numbered.
                    self.twice.push(e);
                } else {
                    return Ok(Err(e));
                }
            } else if !self.fresh {
                let current = self.tx().query_opt(
                    "SELECT id, hash FROM claims WHERE key = $1
                       AND id NOT IN (SELECT claim_id FROM supersessions) ORDER BY id DESC LIMIT 1",
                    &[key],
                )?;
                match current.map(|r| (r.get::<_, i64>(0), r.get::<_, Vec<u8>>(1))) {
                    Some((id, h)) if h == hash => return Ok(Ok(Outcome::Skipped(id))),
                    Some((id, _)) => replaces = Some(id),
                    None => {}
                }
            }
        }

        let citation_id = self.citation(source_id, d)?;
        let x = &d.derived;
        let id = self.next_claim;
        self.next_claim += 1;
        let tags = (!d.tags.is_empty()).then(|| serde_json::to_string(&d.tags).unwrap_or_default());
        let hex_hash = format!("\\x{}", hex::encode(hash));
        let (ids, sid, mid, cid, soid, vid, eid) = (
            id.to_string(),
            subject_id.to_string(),
            metric_id.to_string(),
            citation_id.to_string(),
            source_id.to_string(),
            via.as_ref().map(|v| v.0.to_string()),
            self.event_id.to_string(),
        );
        let (low, high) = (float(x.low), float(x.high));
        let confidence = format!("{:?}", d.confidence.score);
        fields(
            &mut self.claim_rows,
            &[
                Some(&ids),
                d.key.as_deref(),
                Some(&sid),
                Some(&mid),
                Some(&cid),
                Some(&soid),
                vid.as_deref(),
                Some(&d.value),
                Some(x.kind.as_str()),
                x.unit.as_deref(),
                low.as_deref(),
                high.as_deref(),
                x.bound,
                Some(&x.norm),
                d.period.as_ref().map(|p| p.text.as_str()),
                d.as_of.as_ref().map(|a| a.text.as_str()),
                Some(&x.time_key),
                Some(&x.time_start),
                Some(&confidence),
                d.confidence.label,
                d.quote.as_deref(),
                tags.as_deref(),
                d.notes.as_deref(),
                Some(&hex_hash),
                Some(&eid),
                Some(d.basis.as_str()),
                d.basis_given.map(|b| b.as_str()),
            ],
        );
        word_row(&mut self.word_rows, id, &d.search_text);
        self.pending += 1;
        if let Some(key) = &d.key {
            self.keys.entry(key.clone()).or_insert((id, line));
        }
        self.digest.update(&hash);
        self.first_added.get_or_insert(id);
        self.last_added = Some(id);
        self.count_added += 1;
        if self.keep_records {
            self.records.push(json!({"id": id, "claim": serde_json::from_str::<serde_json::Value>(&d.canonical(&subject, &metric, &source, via_name).encode()).unwrap_or_default()}));
        }
        if let Some(old) = replaces {
            self.later.push((old, Some(id), None));
            self.superseded.push((old, Some(id)));
        }
        match d.status {
            Some(Status::Retracted) => {
                self.later
                    .push((id, None, Some("retracted in the imported record")));
                self.retracted.push(id);
            }
            Some(Status::Superseded) if replaces.is_none() => {
                self.later.push((id, None, None));
                self.superseded.push((id, None));
            }
            _ => {}
        }
        if self.pending >= FLUSH_AT {
            if std::mem::take(&mut self.bulk) {
                self.drop_indexes()?;
            }
            self.flush()?;
        }
        Ok(Ok(match replaces {
            Some(old) => Outcome::Superseded { old, new: id },
            None => Outcome::Added(id),
        }))
    }
}

/// The start of a binary `COPY … FROM STDIN`: its signature, no flags, no extension.
const BINARY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// The end of a binary `COPY`: a row of -1 fields.
const BINARY_TRAILER: &[u8] = &[0xff, 0xff];

/// A claim's search tokens as a row of the binary `COPY claim_words`: the claim's id
/// and a tsvector of exactly those tokens (no parser, no dictionary) in the server's
/// binary form, which it takes as given — so sorted in byte order, each once, as its
/// text reader would have left them. No row when there are no tokens.
fn word_row(out: &mut Vec<u8>, id: i64, search_text: &str) {
    let mut tokens: Vec<&str> = search_text.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.is_empty() {
        return;
    }
    tokens.sort_unstable();
    tokens.dedup();
    // Each lexeme: its bytes, a NUL (records never hold one), no positions (u16 0).
    let size = 4 + tokens.iter().map(|t| t.len() + 3).sum::<usize>();
    out.extend_from_slice(&2i16.to_be_bytes());
    out.extend_from_slice(&8i32.to_be_bytes());
    out.extend_from_slice(&id.to_be_bytes());
    out.extend_from_slice(&(size as i32).to_be_bytes());
    out.extend_from_slice(&(tokens.len() as i32).to_be_bytes());
    for t in tokens {
        out.extend_from_slice(t.as_bytes());
        out.extend_from_slice(&[0, 0, 0]);
    }
}

impl ClaimSink for PgWriter<'_> {
    fn insert(&mut self, draft: &Draft, line: usize) -> Result<Result<Outcome, RecordError>> {
        let target = self.target;
        self.insert_draft(draft, line).map_err(|e| e.named(target))
    }

    fn metric_unit(&self, metric: &str) -> Result<Option<String>> {
        // Read from the batch's own transaction would need `&mut`; claims of this batch
        // are not sent yet anyway, so this asks for what was there before it.
        if self.fresh {
            return Ok(None);
        }
        metric_unit(&mut *self.tx(), metric).map_err(|e| self.target.error(&e))
    }

    fn finish(&mut self) -> Result<Vec<RecordError>> {
        let target = self.target;
        self.flush().map_err(|e| e.named(target))?;
        let mut errors = std::mem::take(&mut self.twice);
        errors.sort_by_key(|e| e.line);
        Ok(errors)
    }

    fn commit(mut self: Box<Self>, action: &str, label: &str) -> Result<()> {
        let target = self.target;
        self.flush().map_err(|e| e.named(target))?;
        if self.count_added == 0 && self.created.is_empty() {
            return Ok(()); // nothing changed: no event, the transaction ends empty
        }
        let superseded: Vec<serde_json::Value> = self
            .superseded
            .iter()
            .map(|(old, by)| json!([old, by.unwrap_or(0)]))
            .collect();
        let mut payload = json!({
            "from": label,
            "count": self.count_added,
            "first_id": self.first_added,
            "last_id": self.last_added,
            "claims_sha256": hex::encode(self.digest.clone().finish()),
            "created": self.created,
            "superseded": superseded,
            "retracted": self.retracted,
        });
        if self.keep_records {
            payload["records"] = json!(self.records);
        }
        let actor = self.actor.clone();
        let err = |e: postgres::Error| target.error(&e);
        let id = append(&mut self.tx(), &actor, action, &payload).map_err(err)?;
        debug_assert_eq!(id, self.event_id);
        // After the event: the claims' key to it is checked as it is added back.
        self.rebuild_indexes().map_err(|e| e.named(target))?;
        let tx = self.tx.take().expect("committed once");
        tx.commit().map_err(err)
    }
}

impl PostgresStore {
    /// Appends a mark's new value under the write lock (which numbers the row); no
    /// event is written.
    pub(super) fn write_mark(&mut self, name: &str, value: i64) -> Result<()> {
        self.write(|tx, actor| {
            let id = next_id(tx, "marks")?;
            tx.execute(
                "INSERT INTO marks (id, name, value, at, actor) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &name, &value, &crate::store::event_time(), &actor],
            )?;
            Ok(())
        })
    }
}
