//! [`Store`] for [`SqliteStore`]: the contract, over the typed methods of the other
//! files; and the claim writer that keeps the bulk-load journal switch to itself.

use std::path::Path;

use rusqlite::Connection;

use super::SqliteStore;
use super::claims::ClaimWriter;
use crate::detect::{Item, Status};
use crate::error::{RecordError, Result};
use crate::model::{Claim, Draft};
use crate::store::{
    ClaimSink, Event, Evidence, Filter, Judgement, NameDetails, NameInfo, NameKind, Outcome,
    SourceInfo, Store, Verification, WriterOptions,
};

impl Store for SqliteStore {
    fn set_actor(&mut self, name: &str) {
        self.actor = name.to_string();
    }

    fn actor(&self) -> &str {
        &self.actor
    }

    fn claims(&self, f: &Filter, each: &mut dyn FnMut(Claim) -> Result<()>) -> Result<()> {
        SqliteStore::claims(self, f, each)
    }

    fn claim(&self, id_or_key: &str) -> Result<Claim> {
        SqliteStore::claim(self, id_or_key)
    }

    fn evidence(&self, ids: &[i64]) -> Result<Vec<Evidence>> {
        SqliteStore::evidence(self, ids)
    }

    fn retraction(&self, id: i64) -> Result<Option<String>> {
        SqliteStore::retraction(self, id)
    }

    fn comparable_claims(
        &self,
        subject: Option<&str>,
        metric: Option<&str>,
        each: &mut dyn FnMut(Item) -> Result<()>,
    ) -> Result<()> {
        SqliteStore::comparable_claims(self, subject, metric, each)
    }

    fn items(&self, ids: &[i64]) -> Result<Vec<Item>> {
        SqliteStore::items(self, ids)
    }

    fn metric_unit(&self, metric: &str) -> Result<Option<String>> {
        SqliteStore::metric_unit(self, metric)
    }

    fn resolve(&self, kind: NameKind, name: &str) -> Result<Option<(i64, String)>> {
        SqliteStore::resolve(self, kind, name)
    }

    fn suggestions(&self, kind: NameKind, name: &str) -> Result<Vec<String>> {
        SqliteStore::suggestions(self, kind, name)
    }

    fn names(&self, kind: NameKind) -> Result<Vec<NameInfo>> {
        SqliteStore::names(self, kind)
    }

    fn sources(&self) -> Result<Vec<SourceInfo>> {
        SqliteStore::sources(self)
    }

    fn spellings(&self, kind: NameKind) -> Result<Vec<(String, Vec<String>)>> {
        SqliteStore::spellings(self, kind)
    }

    fn add_name(
        &mut self,
        kind: NameKind,
        name: &str,
        aliases: &[String],
        details: &NameDetails,
    ) -> Result<(String, Vec<String>, bool)> {
        SqliteStore::add_name(self, kind, name, aliases, details)
    }

    fn set_metric_window(&mut self, metric: &str, days: i64) -> Result<()> {
        SqliteStore::set_metric_window(self, metric, days)
    }

    fn set_multi_valued(&mut self, metric: &str) -> Result<()> {
        SqliteStore::set_multi_valued(self, metric)
    }

    fn judgements(&self) -> Result<Vec<Judgement>> {
        SqliteStore::judgements(self)
    }

    fn judge(
        &mut self,
        group_id: &str,
        verdict: Status,
        correct_claim: Option<i64>,
        reason: Option<&str>,
        claim_ids: &[i64],
    ) -> Result<Option<i64>> {
        SqliteStore::judge(self, group_id, verdict, correct_claim, reason, claim_ids)
    }

    fn retract(&mut self, id: i64, reason: &str) -> Result<bool> {
        SqliteStore::retract(self, id, reason)
    }

    fn events(&self, claim: Option<i64>) -> Result<Vec<Event>> {
        SqliteStore::events(self, claim)
    }

    fn verify(
        &self,
        against: Option<(i64, String)>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Verification> {
        SqliteStore::verify(self, against, progress)
    }

    fn backup(&self, dest: &Path, progress: &mut dyn FnMut(i64, i64)) -> Result<()> {
        SqliteStore::backup(self, dest, |done, total| {
            progress(i64::from(done), i64::from(total))
        })
    }

    fn head_event(&self) -> Result<i64> {
        SqliteStore::head_event(self)
    }

    fn last_claim(&self) -> Result<i64> {
        SqliteStore::last_claim(self)
    }

    fn first_claim_since(&self, at: &str) -> Result<Option<i64>> {
        SqliteStore::first_claim_since(self, at)
    }

    fn mark(&self, name: &str) -> Result<Option<i64>> {
        SqliteStore::mark(self, name)
    }

    fn set_mark(&mut self, name: &str, value: i64) -> Result<()> {
        SqliteStore::set_mark(self, name, value)
    }

    fn writer(&mut self, options: WriterOptions) -> Result<Box<dyn ClaimSink + '_>> {
        let this: &SqliteStore = self;
        let bulk = options.bulk && !options.keep_records && this.begin_bulk_load()?;
        let writer = SqliteWriter {
            inner: None,
            conn: &this.conn,
            bulk,
        };
        // Built in two steps so that a failure to start the transaction still returns
        // the ledger to its write-ahead log (the writer's `Drop`).
        let inner = this.claim_writer(options.new_sources, options.keep_records)?;
        Ok(Box::new(SqliteWriter {
            inner: Some(inner),
            ..writer
        }))
    }
}

/// A batch of claims in one SQLite transaction. A bulk load into an empty ledger runs
/// on a rollback journal (see [`SqliteStore::begin_bulk_load`]); the ledger is back on
/// its write-ahead log when the batch ends, however it ends.
struct SqliteWriter<'a> {
    inner: Option<ClaimWriter<'a>>,
    conn: &'a Connection,
    bulk: bool,
}

impl<'a> SqliteWriter<'a> {
    fn inner(&mut self) -> &mut ClaimWriter<'a> {
        self.inner
            .as_mut()
            .expect("a writer is used only until its commit")
    }
}

impl ClaimSink for SqliteWriter<'_> {
    fn insert(&mut self, draft: &Draft, line: usize) -> Result<Result<Outcome, RecordError>> {
        self.inner().insert(draft, line)
    }

    fn metric_unit(&self, metric: &str) -> Result<Option<String>> {
        match &self.inner {
            Some(w) => w.metric_unit(metric),
            None => Ok(None),
        }
    }

    fn finish(&mut self) -> Result<Vec<RecordError>> {
        self.inner().finish()
    }

    fn commit(mut self: Box<Self>, action: &str, label: &str) -> Result<()> {
        if let Some(w) = self.inner.take() {
            w.commit(action, label)?;
        }
        if std::mem::take(&mut self.bulk) {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(super::sql)?;
        }
        Ok(())
    }
}

impl Drop for SqliteWriter<'_> {
    fn drop(&mut self) {
        // The transaction rolls back first, then the journal mode can change.
        drop(self.inner.take());
        if self.bulk {
            let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
        }
    }
}
