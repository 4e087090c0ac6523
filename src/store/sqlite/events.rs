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
        let mut stmt = self.conn.prepare(sql).map_err(self.err())?;
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
