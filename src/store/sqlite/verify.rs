//! Checking that the ledger is what its history says (spec §5).
//!
//! 1. SQLite's own `integrity_check` and `foreign_key_check`;
//! 2. the event chain: ids without gaps, each hash recomputed, each link to the previous;
//! 3. a replay: the sources, subjects, metrics, retractions, supersessions and
//!    judgements the events describe must be exactly the rows in the tables; every claim
//!    must lie in the id range of the event that added it, hash to what it stored, fold
//!    into the digest that event recorded, and carry the reading its value gives.
//!
//! The replay itself is `store::replay`, shared with the PostgreSQL backend; this file
//! reads the rows in one snapshot and adds what only SQLite has (its own checks, the
//! full-text index rebuilt in memory).
//!
//! What it cannot see without an anchor: a history cut short, or rewritten from some
//! event on with every hash recomputed. `--anchor` prints what to keep; `--against`
//! checks it.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::OptionalExtension;
use serde_json::Value as J;

use super::SqliteStore;
use super::query::claim_from_row;
use crate::error::Result;
use crate::store::Verification;
use crate::store::replay::{ClaimRow, EventRow, JudgementRow, NameRow, Replay};
use crate::store::{CLAIM_COLUMNS, CLAIM_JOINS};

impl SqliteStore {
    /// Checks the whole ledger; `progress` is called with the number of claims checked.
    pub fn verify(
        &self,
        against: Option<(i64, String)>,
        progress: impl FnMut(u64),
    ) -> Result<Verification> {
        // Everything is read in one transaction: one snapshot of the ledger, however
        // many writers commit meanwhile. (A check spread over several snapshots would
        // see claims whose events it had not read, and cry tampering.)
        let err = self.err();
        self.conn
            .pragma_update(None, "cache_size", -65536)
            .map_err(&err)?;
        self.conn.execute_batch("BEGIN DEFERRED").map_err(&err)?;
        let result = self.verify_snapshot(against, progress);
        let _ = self.conn.execute_batch("ROLLBACK");
        result
    }

    fn verify_snapshot(
        &self,
        against: Option<(i64, String)>,
        mut progress: impl FnMut(u64),
    ) -> Result<Verification> {
        let mut r = Replay::new(against);
        let err = self.err();

        // 1. SQLite's own checks. `integrity_check` looks up every row's entry in every
        // index: a 64 MB page cache keeps most of those look-ups off the disk (a million
        // claims: 12.4–17.6 s with the default 2 MB, 11.9–12.1 s with it).
        let rows: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| {
                s.query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(&err)?;
        if rows != ["ok"] {
            for row in rows {
                r.problem(format!("SQLite integrity check: {row}"));
            }
        }
        let fk: Vec<(String, Option<i64>, String)> = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(&err)?;
        // One line per kind of broken reference, naming the first row.
        let mut broken: Vec<(String, String, i64, usize)> = Vec::new();
        for (table, row, parent) in fk {
            match broken.iter_mut().find(|b| b.0 == table && b.1 == parent) {
                Some(b) => b.3 += 1,
                None => broken.push((table, parent, row.unwrap_or(0), 1)),
            }
        }
        for (table, parent, first, n) in broken {
            let others = if n > 1 {
                format!(" (and {} more)", n - 1)
            } else {
                String::new()
            };
            r.problem(format!(
                "{table} row {first}{others} refers to a missing row of {parent}"
            ));
        }

        // 2 and 3a. The chain, and what it says.
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, at, actor, action, payload, prev_hash, hash FROM events ORDER BY id",
                )
                .map_err(&err)?;
            let mut rows = stmt.query([]).map_err(&err)?;
            while let Some(row) = rows.next().map_err(&err)? {
                let event = (|| {
                    Ok::<_, rusqlite::Error>(EventRow {
                        id: row.get(0)?,
                        at: row.get(1)?,
                        actor: row.get(2)?,
                        action: row.get(3)?,
                        payload: row.get(4)?,
                        prev_hash: row.get(5)?,
                        hash: row.get(6)?,
                    })
                })()
                .map_err(&err)?;
                r.event(event);
            }
        }
        r.end_events();

        // 3b. Named things: the tables must be exactly what the events created.
        for (kind, table, spellings_table, id_col, extra) in [
            (
                "source",
                "sources",
                "source_names",
                "source_id",
                "kind, url, builtin",
            ),
            (
                "subject",
                "subjects",
                "subject_names",
                "subject_id",
                "NULL, NULL, 0",
            ),
            (
                "metric",
                "metrics",
                "metric_names",
                "metric_id",
                "NULL, NULL, multi_valued",
            ),
        ] {
            let rows: Vec<NameRow> = self
                .conn
                .prepare(&format!(
                    "SELECT id, name, {extra} FROM {table} ORDER BY id"
                ))
                .and_then(|mut s| {
                    s.query_map([], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get::<_, i64>(4)? == 1,
                        ))
                    })?
                    .collect::<rusqlite::Result<_>>()
                })
                .map_err(&err)?;
            let spellings: BTreeSet<(String, String, String)> = self
                .conn
                .prepare(&format!(
                    "SELECT n.norm, n.name, t.name FROM {spellings_table} n
                     LEFT JOIN {table} t ON t.id = n.{id_col}"
                ))
                .and_then(|mut s| {
                    s.query_map([], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        ))
                    })?
                    .collect::<rusqlite::Result<_>>()
                })
                .map_err(&err)?;
            r.names(kind, table, &rows, &spellings);
        }

        // 3c. Claims in id order; their search text goes into a copy of the search index
        // built in memory, compared with the stored one afterwards.
        let rebuilt = self.empty_search_index()?;
        {
            let mut index = rebuilt
                .prepare("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)")
                .map_err(&err)?;
            rebuilt.execute_batch("BEGIN").map_err(&err)?;
            let sql = format!(
                "SELECT {CLAIM_COLUMNS}, c.norm, c.time_key, c.time_start, c.hash, c.event_id
                 {CLAIM_JOINS} ORDER BY c.id"
            );
            let mut stmt = self.conn.prepare(&sql).map_err(&err)?;
            let mut rows = stmt.query([]).map_err(&err)?;
            while let Some(row) = rows.next().map_err(&err)? {
                let claim = (|| {
                    Ok::<_, rusqlite::Error>(ClaimRow {
                        claim: claim_from_row(row)?,
                        norm: row.get(26)?,
                        time_key: row.get(27)?,
                        time_start: row.get(28)?,
                        hash: row.get(29)?,
                        event_id: row.get(30)?,
                    })
                })()
                .map_err(&err)?;
                r.claim(&claim);
                if r.v.claims % 10_000 == 0 {
                    progress(r.v.claims as u64);
                }
                let c = &claim.claim;
                let text = crate::search::index_text(&[
                    c.quote.as_deref(),
                    c.title.as_deref(),
                    c.notes.as_deref(),
                ]);
                if !text.trim().is_empty() {
                    index.execute(rusqlite::params![c.id, text]).map_err(&err)?;
                }
            }
        }
        r.end_claims();
        progress(r.v.claims as u64);
        rebuilt.execute_batch("COMMIT").map_err(&err)?;
        if let Some(p) = self.compare_search_index(&rebuilt)? {
            r.problem(p);
        }

        // 3d. Retractions, supersessions, judgements; citations.
        let retractions: BTreeMap<i64, (String, i64)> = self
            .conn
            .prepare("SELECT claim_id, reason, event_id FROM retractions ORDER BY claim_id")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(&err)?;
        let supersessions: BTreeMap<i64, (Option<i64>, i64)> = self
            .conn
            .prepare("SELECT claim_id, by_claim_id, event_id FROM supersessions ORDER BY claim_id")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(&err)?;
        let judgements: Vec<JudgementRow> = self
            .conn
            .prepare(
                "SELECT group_id, verdict, correct_claim_id, reason, claim_ids, event_id
                 FROM judgements ORDER BY id",
            )
            .and_then(|mut s| {
                s.query_map([], |r| {
                    let ids: String = r.get(4)?;
                    let ids = serde_json::from_str::<J>(&ids)
                        .map(|j| j.to_string())
                        .unwrap_or(ids);
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, ids, r.get(5)?))
                })?
                .collect::<rusqlite::Result<_>>()
            })
            .map_err(&err)?;
        let misfiled: Option<i64> = self
            .conn
            .query_row(
                "SELECT c.id FROM claims c JOIN citations ci ON ci.id = c.citation_id
                 WHERE c.source_id <> ci.source_id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        let orphan: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM citations WHERE id NOT IN (SELECT citation_id FROM claims) LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        r.rest(&retractions, &supersessions, &judgements, misfiled, orphan);
        Ok(r.v)
    }

    /// An empty search index in memory, defined and set up as the ledger's.
    fn empty_search_index(&self) -> Result<rusqlite::Connection> {
        let err = self.err();
        let ddl: String = self
            .conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'claims_fts'",
                [],
                |r| r.get(0),
            )
            .map_err(&err)?;
        let settings: Vec<(String, rusqlite::types::Value)> = self
            .conn
            .prepare("SELECT k, v FROM claims_fts_config WHERE k <> 'version'")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(&err)?;
        let conn = rusqlite::Connection::open_in_memory().map_err(&err)?;
        conn.execute_batch(&ddl).map_err(&err)?;
        for (k, v) in settings {
            conn.execute(
                "INSERT INTO claims_fts (claims_fts, rank) VALUES (?1, ?2)",
                rusqlite::params![k, v],
            )
            .map_err(&err)?;
        }
        Ok(conn)
    }

    /// Compares the stored search index with the one rebuilt from the claims, word by
    /// word and claim by claim: a wiped index, or words planted in it, would make
    /// `--search` lie.
    fn compare_search_index(&self, rebuilt: &rusqlite::Connection) -> Result<Option<String>> {
        let err = self.err();
        let vocab = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.crosscheck_vocab
                     USING fts5vocab(main, claims_fts, instance)";
        rebuilt.execute_batch(vocab).map_err(&err)?;
        self.conn.execute_batch(vocab).map_err(&err)?;
        let read = "SELECT term, doc FROM temp.crosscheck_vocab";
        let mut want_stmt = rebuilt.prepare(read).map_err(&err)?;
        let mut have_stmt = self.conn.prepare(read).map_err(&err)?;
        let mut want = want_stmt.query([]).map_err(&err)?;
        let mut have = have_stmt.query([]).map_err(&err)?;
        let entry = |r: Option<&rusqlite::Row>| -> rusqlite::Result<Option<(Vec<u8>, i64)>> {
            r.map(|r| {
                let term = match r.get_ref(0)? {
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        t.to_vec()
                    }
                    _ => Vec::new(),
                };
                Ok((term, r.get(1)?))
            })
            .transpose()
        };
        let mut w = entry(want.next().map_err(&err)?).map_err(&err)?;
        let mut h = entry(have.next().map_err(&err)?).map_err(&err)?;
        let lacks = |(term, doc): &(Vec<u8>, i64)| {
            format!(
                "the search index lacks the word '{}' of claim {doc}: it was changed behind \
                 the tool's back, and --search misses claims",
                String::from_utf8_lossy(term).trim()
            )
        };
        let planted = |(term, doc): &(Vec<u8>, i64)| {
            format!(
                "the search index lists claim {doc} under the word '{}', which the claim does \
                 not contain: it was changed behind the tool's back",
                String::from_utf8_lossy(term).trim()
            )
        };
        loop {
            match (&w, &h) {
                (None, None) => return Ok(None),
                (Some(a), None) => return Ok(Some(lacks(a))),
                (None, Some(b)) => return Ok(Some(planted(b))),
                (Some(a), Some(b)) if a < b => return Ok(Some(lacks(a))),
                (Some(a), Some(b)) if a > b => return Ok(Some(planted(b))),
                _ => {
                    w = entry(want.next().map_err(&err)?).map_err(&err)?;
                    h = entry(have.next().map_err(&err)?).map_err(&err)?;
                }
            }
        }
    }
}
