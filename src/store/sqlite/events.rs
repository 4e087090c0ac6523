//! The append-only event log in SQLite: every change to the ledger is one event,
//! chained to the previous by SHA-256 (the encoding is `store::encode`).

use super::SqliteStore;
use crate::error::Result;
use crate::store::{Event, encode, event_time, hash};
use rusqlite::{OptionalExtension, Transaction, params};

/// The id the next event will get; stable for the rest of the transaction, since an
/// IMMEDIATE transaction holds the write lock.
pub(crate) fn next_id(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM events", [], |r| {
        r.get(0)
    })
}

/// Appends an event, reading the chain head inside the caller's transaction.
pub(crate) fn append(
    tx: &Transaction,
    actor: &str,
    action: &str,
    payload: &serde_json::Value,
) -> rusqlite::Result<i64> {
    let head: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, prev) = match head {
        Some((id, h)) => (id + 1, h),
        None => (1, String::new()),
    };
    let at = event_time();
    // serde_json's map keeps keys sorted, so this text is canonical.
    let payload = payload.to_string();
    let h = hash(&encode(id, &at, actor, action, &prev, &payload));
    tx.execute(
        "INSERT INTO events (id, at, actor, action, payload, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, at, actor, action, payload, prev, h],
    )?;
    Ok(id)
}

impl SqliteStore {
    /// The history, oldest first; for one claim, the events that touched it.
    pub fn events(&self, claim: Option<i64>) -> Result<Vec<Event>> {
        let sql = "SELECT e.id, e.at, e.actor, e.action, e.payload, e.hash FROM events e
             WHERE ?1 IS NULL
                OR e.id = (SELECT event_id FROM claims WHERE id = ?1)
                OR e.id = (SELECT event_id FROM retractions WHERE claim_id = ?1)
                OR e.id IN (SELECT event_id FROM supersessions WHERE claim_id = ?1 OR by_claim_id = ?1)
                OR e.id IN (SELECT j.event_id FROM judgements j, json_each(j.claim_ids) c
                            WHERE c.value = ?1)
             ORDER BY e.id";
        let mut stmt = self.conn.prepare_cached(sql).map_err(self.err())?;
        let rows = stmt
            .query_map([claim], |r| {
                let payload: String = r.get(4)?;
                Ok(Event {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    payload: serde_json::from_str(&payload)
                        .unwrap_or(serde_json::Value::String(payload)),
                    hash: r.get(5)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err())
    }
}

impl SqliteStore {
    /// The id of the newest event, 0 for none.
    pub fn head_event(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))
            .map_err(self.err())
    }

    /// The largest claim id, 0 for none.
    pub fn last_claim(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM claims", [], |r| r.get(0))
            .map_err(self.err())
    }

    /// The first claim recorded at or after `at` (see `Store::first_claim_since`).
    pub fn first_claim_since(&self, at: &str) -> Result<Option<i64>> {
        // Events are few beside claims (an import is one event): the set of late
        // events is small, and claims are scanned once against it.
        self.conn
            .query_row(
                "SELECT min(id) FROM claims
                  WHERE event_id IN (SELECT id FROM events WHERE at >= ?1)",
                [at],
                |r| r.get(0),
            )
            .map_err(self.err())
    }

    /// A mark's newest value. A ledger opened read-only before it had the marks
    /// table (it is migrated by the next writer) has no marks.
    pub fn mark(&self, name: &str) -> Result<Option<i64>> {
        let has_table: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'marks')",
                [],
                |r| r.get(0),
            )
            .map_err(self.err())?;
        if !has_table {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT value FROM marks WHERE name = ?1 ORDER BY id DESC LIMIT 1",
                [name],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err())
    }

    /// Appends a mark's new value, in a write of its own (no event).
    pub fn set_mark(&mut self, name: &str, value: i64) -> Result<()> {
        let actor = self.actor.clone();
        let path = self.path.clone();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO marks (name, value, at, actor) VALUES (?1, ?2, ?3, ?4)",
            params![name, value, event_time(), actor],
        )
        .map_err(|e| super::backend(path.clone(), e))?;
        tx.commit().map_err(|e| super::backend(path, e))
    }
}
