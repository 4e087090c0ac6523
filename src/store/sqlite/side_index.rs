//! The full-text index of a bulk load, built beside it.
//!
//! Loading into an empty ledger, the index is built by a thread of its own into a
//! scratch database next to the ledger, while the claims are written; at the end its
//! rows (FTS5's segments and their term index) are copied into the ledger's own
//! `claims_fts` tables inside the load's transaction. The result is the index that
//! row-by-row inserts would build, at the cost of a copy of its pages, and the two cores
//! share the work. The ledger's connection never opens `claims_fts` during such a load,
//! so FTS5 holds no stale copy of the index's structure.

use std::path::Path;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{Connection, Transaction, params};

use super::sql;
use crate::error::{Error, Result};

/// Texts travel to the indexing thread in batches, so that the threads meet rarely.
const BATCH: usize = 1024;

/// The thread building the index, and the scratch database it writes to.
pub struct SideIndex {
    send: Option<SyncSender<Vec<(i64, String)>>>,
    batch: Vec<(i64, String)>,
    worker: Option<JoinHandle<rusqlite::Result<Connection>>>,
    /// Deleted when dropped, whatever happened.
    _file: tempfile::TempPath,
}

impl SideIndex {
    /// Starts a thread building a copy of the ledger's (empty) full-text index, with the
    /// same definition and settings, in a scratch file in `dir`.
    pub fn start(tx: &Transaction<'_>, dir: &Path) -> Result<SideIndex> {
        let ddl: String = tx
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'claims_fts'",
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        let settings: Vec<(String, Value)> = tx
            .prepare("SELECT k, v FROM claims_fts_config WHERE k <> 'version'")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(sql)?;
        let file = tempfile::Builder::new()
            .prefix(&super::scratch::prefix("search"))
            .tempfile_in(dir)
            .map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?
            .into_temp_path();
        let scratch = |e| super::backend(file.to_path_buf(), e);
        let conn = Connection::open(&file).map_err(scratch)?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192;",
        )
        .and_then(|()| conn.execute_batch(&ddl))
        .and_then(|()| {
            let mut set =
                conn.prepare("INSERT INTO claims_fts (claims_fts, rank) VALUES (?1, ?2)")?;
            for (k, v) in &settings {
                set.execute(params![k, v])?;
            }
            Ok(())
        })
        .map_err(scratch)?;
        let (send, receive) = sync_channel::<Vec<(i64, String)>>(8);
        let worker = std::thread::Builder::new()
            .name("index text".into())
            .spawn(move || {
                conn.execute_batch("BEGIN")?;
                {
                    let mut insert =
                        conn.prepare("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)")?;
                    for batch in receive {
                        for (id, text) in batch {
                            insert.execute(params![id, text])?;
                        }
                    }
                }
                conn.execute_batch("COMMIT")?;
                Ok(conn)
            })
            .map_err(Error::Io)?;
        Ok(SideIndex {
            send: Some(send),
            batch: Vec::with_capacity(BATCH),
            worker: Some(worker),
            _file: file,
        })
    }

    /// Indexes `text` as the text of claim `id`.
    pub fn add(&mut self, id: i64, text: &str) -> Result<()> {
        self.batch.push((id, text.to_string()));
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        let send = self
            .send
            .as_ref()
            .ok_or_else(|| Error::Usage("the text index was already closed".into()))?;
        if send.send(batch).is_ok() {
            return Ok(());
        }
        // The thread stopped early: it failed, and says why.
        self.join().and_then(|_| {
            Err(Error::Usage(
                "the text-indexing thread stopped early".into(),
            ))
        })
    }

    fn join(&mut self) -> Result<Connection> {
        self.send = None;
        let worker = self
            .worker
            .take()
            .ok_or_else(|| Error::Usage("the text index was already finished".into()))?;
        worker
            .join()
            .map_err(|_| Error::Usage("the text-indexing thread failed".into()))?
            .map_err(sql)
    }

    /// Hands over the last texts: the thread finishes on its own.
    pub fn close(&mut self) -> Result<()> {
        if !self.batch.is_empty() {
            self.flush()?;
        }
        self.send = None;
        Ok(())
    }

    /// Waits for the thread and moves the index it built into the ledger's `claims_fts`,
    /// replacing the empty one.
    pub fn finish(mut self, tx: &Transaction<'_>) -> Result<()> {
        self.close()?;
        let built = self.join()?;
        copy_rows(&built, tx, "claims_fts_data", &["id", "block"])?;
        copy_rows(&built, tx, "claims_fts_idx", &["segid", "term", "pgno"])
    }
}

/// Replaces the rows of `table` in the ledger with those of the same table in `from`.
fn copy_rows(from: &Connection, to: &Transaction<'_>, table: &str, columns: &[&str]) -> Result<()> {
    let names = columns.join(", ");
    let slots: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    to.execute_batch(&format!("DELETE FROM {table}"))
        .map_err(sql)?;
    let mut read = from
        .prepare(&format!("SELECT {names} FROM {table}"))
        .map_err(sql)?;
    let mut write = to
        .prepare(&format!(
            "INSERT INTO {table} ({names}) VALUES ({})",
            slots.join(", ")
        ))
        .map_err(sql)?;
    let mut rows = read.query([]).map_err(sql)?;
    while let Some(r) = rows.next().map_err(sql)? {
        let cells = (0..columns.len())
            .map(|i| r.get_ref(i).map(ToSqlOutput::Borrowed))
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sql)?;
        write
            .execute(rusqlite::params_from_iter(cells))
            .map_err(sql)?;
    }
    Ok(())
}

impl Drop for SideIndex {
    /// A load that failed: stop the thread and wait for it before the scratch file goes.
    fn drop(&mut self) {
        self.send = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
