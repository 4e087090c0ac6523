//! The ledger on a PostgreSQL server: the second implementation of [`Store`], for a
//! desk that shares one ledger across many machines.
//!
//! The tables, columns and views are the SQLite ledger's (`schema/postgres/`), and so
//! are the answers: claims get the ids SQLite would give them (the tool numbers rows
//! inside its write transaction, so a failed import leaves no gap), text compares in
//! byte order, and the search index holds the very tokens the SQLite one does.
//!
//! Writers are serialised by the server: every write transaction first takes one
//! transaction-scoped advisory lock, then reads the chain head, so the event chain
//! stays linear however many clients append. Bulk imports travel by `COPY`; the
//! contradiction sweep and `list` read through a server-side cursor, so memory stays
//! flat on any size of ledger.
//!
//! Nothing here is seen above the store: `postgres` errors become [`Error`]s that name
//! the server and never the password.

mod connect;
mod read;
mod verify;
mod write;

use std::cell::{Cell, RefCell};
use std::path::Path;

use postgres::Client;

use crate::detect::{Item, Status};
use crate::error::{Error, Result};
use crate::model::Claim;
use crate::store::{
    ClaimSink, Event, Evidence, Filter, Judgement, NameDetails, NameInfo, NameKind, SourceInfo,
    Store, Verification, WriterOptions,
};

pub use connect::is_server;

/// The migrations, in order; `crosscheck_ledger.schema_version` is how many were applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../schema/postgres/0001_ledger.sql"),
    include_str!("../../../schema/postgres/0002_marks.sql"),
];

/// The advisory lock every write holds until it commits ('cros' in ASCII): one writer
/// at a time, as SQLite's IMMEDIATE transactions.
const WRITE_LOCK: i64 = 0x6372_6f73;

/// A ledger on a PostgreSQL server.
pub struct PostgresStore {
    /// Reads take `&self`; the connection is borrowed for each statement, never across
    /// a call back into the caller.
    client: RefCell<Client>,
    /// How many server-side cursors are open: the outermost read (or `verify`) opens
    /// the read-only snapshot the others share.
    open_cursors: Cell<u32>,
    target: connect::Target,
    actor: String,
}

/// Quotes `s` as an SQL string literal (standard-conforming strings: only `'` needs
/// doubling). For the few statements that cannot take parameters (a cursor's query).
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl PostgresStore {
    /// Connects to the ledger `db` names, creating its tables when `create` is set and
    /// the database is empty. A database with tables of another application, or one
    /// written by a newer crosscheck, is refused untouched.
    pub fn open(db: &str, create: bool) -> Result<PostgresStore> {
        let target = connect::parse(db)?;
        let client = target.connect()?;
        let mut store = PostgresStore {
            client: RefCell::new(client),
            open_cursors: Cell::new(0),
            target,
            actor: crate::store::default_actor(),
        };
        store.identify(create)?;
        Ok(store)
    }

    /// The ledger as messages name it: `postgres://user@host:port/db`.
    fn shown(&self) -> &str {
        &self.target.shown
    }

    /// A server error, in the user's words.
    fn err(&self) -> impl Fn(postgres::Error) -> Error + '_ {
        move |e| self.target.error(&e)
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, Client>> {
        self.client.try_borrow_mut().map_err(|_| Error::Backend {
            path: self.shown().into(),
            source: "the ledger's connection is already in use".into(),
            hint: "",
        })
    }

    /// Checks what the database holds before anything is written; migrates it when
    /// it is a ledger of an older version, or empty and `create` is set.
    fn identify(&mut self, create: bool) -> Result<()> {
        let known = MIGRATIONS.len() as i64;
        let version = self.version()?;
        match version {
            Some(v) if v > known => Err(Error::TooNew {
                path: self.shown().into(),
                found: v,
                known,
            }),
            Some(v) if v == known => Ok(()),
            // A role that may not change the ledger reads one lacking no more than
            // the marks table (version 2) as it is: marks are a writer's bookkeeping.
            Some(v) if v >= 1 && !self.may_migrate()? => Ok(()),
            Some(_) => self.migrate(),
            None => {
                let tables: i64 = {
                    let mut c = self.client()?;
                    c.query_one(
                        "SELECT count(*) FROM pg_catalog.pg_tables
                          WHERE schemaname = ANY (pg_catalog.current_schemas(false))",
                        &[],
                    )
                    .map_err(|e| self.target.error(&e))?
                    .get(0)
                };
                if tables > 0 {
                    return Err(Error::Foreign {
                        path: self.shown().into(),
                        reason: format!(
                            "database '{}' holds {tables} table(s) of another application \
                             and no crosscheck_ledger table",
                            self.target.dbname
                        ),
                    });
                }
                if !create {
                    return Err(Error::MissingLedger {
                        path: self.shown().into(),
                        reason: format!("database '{}' is empty", self.target.dbname),
                        hint: "Create the ledger in it with `crosscheck init`.".into(),
                    });
                }
                self.migrate()
            }
        }
    }

    /// Whether this role may add tables to the ledger (a reader role may not).
    fn may_migrate(&self) -> Result<bool> {
        let mut c = self.client()?;
        c.query_one(
            "SELECT has_table_privilege('crosscheck_ledger', 'UPDATE')
                AND has_schema_privilege(current_schema(), 'CREATE')",
            &[],
        )
        .map(|r| r.get(0))
        .map_err(|e| self.target.error(&e))
    }

    /// The schema version of the ledger in this database, `None` when it holds none.
    fn version(&self) -> Result<Option<i64>> {
        let mut c = self.client()?;
        let marked: bool = c
            .query_one("SELECT to_regclass('crosscheck_ledger') IS NOT NULL", &[])
            .map_err(|e| self.target.error(&e))?
            .get(0);
        if !marked {
            return Ok(None);
        }
        let row = c
            .query_opt(
                "SELECT application, schema_version FROM crosscheck_ledger",
                &[],
            )
            .map_err(|e| self.target.error(&e))?;
        match row {
            Some(r) if r.get::<_, String>(0) == "crosscheck" => {
                Ok(Some(i64::from(r.get::<_, i32>(1))))
            }
            _ => Err(Error::Foreign {
                path: self.shown().into(),
                reason: "its crosscheck_ledger table does not identify a crosscheck ledger".into(),
            }),
        }
    }

    /// Applies the migrations this database lacks, in one transaction under the write
    /// lock (two `init`s at once: the second finds the work done).
    fn migrate(&mut self) -> Result<()> {
        let actor = self.actor.clone();
        let target = &self.target;
        let client = self.client.get_mut();
        let err = |e: postgres::Error| target.error(&e);
        let mut tx = client.transaction().map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(err)?;
        let marked: bool = tx
            .query_one("SELECT to_regclass('crosscheck_ledger') IS NOT NULL", &[])
            .map_err(err)?
            .get(0);
        let version: i64 = if marked {
            let v: i32 = tx
                .query_one("SELECT schema_version FROM crosscheck_ledger", &[])
                .map_err(err)?
                .get(0);
            i64::from(v)
        } else {
            0
        };
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql).map_err(err)?;
            let v = (i + 1) as i32;
            if i == 0 {
                tx.execute(
                    "INSERT INTO crosscheck_ledger (application, schema_version)
                     VALUES ('crosscheck', $1)",
                    &[&v],
                )
                .map_err(err)?;
                write::seed_builtins(&mut tx, &actor).map_err(|e| e.named(target))?;
            } else {
                tx.execute("UPDATE crosscheck_ledger SET schema_version = $1", &[&v])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }
}

/// An error raised inside a write, where the target is not at hand: named on the way
/// out.
pub(super) enum WriteError {
    Server(postgres::Error),
    User(Error),
}

impl From<postgres::Error> for WriteError {
    fn from(e: postgres::Error) -> Self {
        WriteError::Server(e)
    }
}

impl From<Error> for WriteError {
    fn from(e: Error) -> Self {
        WriteError::User(e)
    }
}

impl WriteError {
    fn named(self, target: &connect::Target) -> Error {
        match self {
            WriteError::Server(e) => target.error(&e),
            WriteError::User(e) => e,
        }
    }
}

impl Store for PostgresStore {
    fn set_actor(&mut self, name: &str) {
        self.actor = name.to_string();
    }

    fn actor(&self) -> &str {
        &self.actor
    }

    fn claims(&self, f: &Filter, each: &mut dyn FnMut(Claim) -> Result<()>) -> Result<()> {
        self.read_claims(f, each)
    }

    fn claim(&self, id_or_key: &str) -> Result<Claim> {
        self.read_claim(id_or_key)
    }

    fn evidence(&self, ids: &[i64]) -> Result<Vec<Evidence>> {
        self.read_evidence(ids)
    }

    fn retraction(&self, id: i64) -> Result<Option<String>> {
        let mut c = self.client()?;
        c.query_opt("SELECT reason FROM retractions WHERE claim_id = $1", &[&id])
            .map(|r| r.map(|r| r.get(0)))
            .map_err(self.err())
    }

    fn comparable_claims(
        &self,
        subject: Option<&str>,
        metric: Option<&str>,
        each: &mut dyn FnMut(Item) -> Result<()>,
    ) -> Result<()> {
        self.items_where(subject, metric, None, each)
    }

    fn items(&self, ids: &[i64]) -> Result<Vec<Item>> {
        let mut out = Vec::with_capacity(ids.len());
        self.items_where(None, None, Some(ids), &mut |i| {
            out.push(i);
            Ok(())
        })?;
        Ok(out)
    }

    fn metric_unit(&self, metric: &str) -> Result<Option<String>> {
        let mut c = self.client()?;
        read::metric_unit(&mut *c, metric).map_err(self.err())
    }

    fn resolve(&self, kind: NameKind, name: &str) -> Result<Option<(i64, String)>> {
        let mut c = self.client()?;
        read::lookup(&mut *c, kind, name).map_err(self.err())
    }

    fn suggestions(&self, kind: NameKind, name: &str) -> Result<Vec<String>> {
        let mut c = self.client()?;
        read::suggest(&mut *c, kind, name).map_err(self.err())
    }

    fn names(&self, kind: NameKind) -> Result<Vec<NameInfo>> {
        self.read_names(kind)
    }

    fn sources(&self) -> Result<Vec<SourceInfo>> {
        self.read_sources()
    }

    fn spellings(&self, kind: NameKind) -> Result<Vec<(String, Vec<String>)>> {
        self.read_spellings(kind)
    }

    fn add_name(
        &mut self,
        kind: NameKind,
        name: &str,
        aliases: &[String],
        details: &NameDetails,
    ) -> Result<(String, Vec<String>, bool)> {
        self.write_name(kind, name, aliases, details)
    }

    fn set_metric_window(&mut self, metric: &str, days: i64) -> Result<()> {
        self.write_metric_window(metric, days)
    }

    fn set_multi_valued(&mut self, metric: &str) -> Result<()> {
        self.write_multi_valued(metric)
    }

    fn judgements(&self) -> Result<Vec<Judgement>> {
        self.read_judgements()
    }

    fn judge(
        &mut self,
        group_id: &str,
        verdict: Status,
        correct_claim: Option<i64>,
        reason: Option<&str>,
        claim_ids: &[i64],
    ) -> Result<Option<i64>> {
        self.write_judgement(group_id, verdict, correct_claim, reason, claim_ids)
    }

    fn retract(&mut self, id: i64, reason: &str) -> Result<bool> {
        self.write_retraction(id, reason)
    }

    fn events(&self, claim: Option<i64>) -> Result<Vec<Event>> {
        self.read_events(claim)
    }

    fn verify(
        &self,
        against: Option<(i64, String)>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Verification> {
        self.check(against, progress)
    }

    fn backup(&self, _dest: &Path, _progress: &mut dyn FnMut(i64, i64)) -> Result<()> {
        Err(Error::Usage(format!(
            "`backup` copies a ledger file; the ledger at {} is on a server. Keep a copy \
             with `crosscheck --db {} export > ledger.jsonl` (and `import` it into a new \
             ledger), or with the server's own tools (pg_dump)",
            self.shown(),
            self.shown()
        )))
    }

    fn head_event(&self) -> Result<i64> {
        self.read_head_event()
    }

    fn last_claim(&self) -> Result<i64> {
        self.read_last_claim()
    }

    fn first_claim_since(&self, at: &str) -> Result<Option<i64>> {
        self.read_first_claim_since(at)
    }

    fn mark(&self, name: &str) -> Result<Option<i64>> {
        self.read_mark(name)
    }

    fn set_mark(&mut self, name: &str, value: i64) -> Result<()> {
        self.write_mark(name, value)
    }

    fn writer(&mut self, options: WriterOptions) -> Result<Box<dyn ClaimSink + '_>> {
        let actor = self.actor.clone();
        let target = &self.target;
        let client = self.client.get_mut();
        let w = write::PgWriter::start(client, target, actor, options)?;
        Ok(Box::new(w))
    }
}
