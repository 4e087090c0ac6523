//! The SQLite backend: the only place that speaks SQL. Opening a ledger file, refusing
//! foreign or newer files before anything is written, pragmas, migrations, and typed
//! reads and writes.
//!
//! Every write is one IMMEDIATE transaction that also appends to the event log: SQLite
//! has one writer at a time, so the chain head read inside it is the head the event
//! extends. Bulk loads into an empty ledger leave the write-ahead log, drop and rebuild
//! the indexes, and build the full-text index from a scratch file on a thread of their
//! own; none of that is visible through [`Store`].

mod claims;
mod events;
mod judgements;
mod names;
mod query;
mod side_index;
mod verify;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

mod store;

use super::{default_actor, folder_of, scratch};

/// `PRAGMA application_id` of a crosscheck ledger: 'cros'.
pub const APPLICATION_ID: i32 = 0x6372_6f73;

/// The migrations, in order; the ledger's `user_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../schema/0001_ledger.sql"),
    include_str!("../../../schema/0002_bases.sql"),
    include_str!("../../../schema/0003_marks.sql"),
    include_str!("../../../schema/0004_event_indexes.sql"),
];

/// Whether the file starts like a crosscheck ledger: an SQLite header whose application
/// id (bytes 68–71) is ours.
pub fn is_ledger_file(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 72];
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    file.read_exact(&mut header).is_ok()
        && &header[..16] == b"SQLite format 3\0"
        && i32::from_be_bytes([header[68], header[69], header[70], header[71]]) == APPLICATION_ID
}

/// The largest ledger file whose every page is checked before a write (about 40,000
/// claims); see [`SqliteStore::check_before_write`].
const CHECKED_SIZE: u64 = 32 << 20;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// An open SQLite ledger file.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    actor: String,
    read_only: bool,
    /// Whether SQLite's structural check of the whole file has passed in this process:
    /// it runs once, before the first write.
    checked: std::cell::Cell<bool>,
}

/// Refuses anything but a regular file (or a link to one) before it is opened: a FIFO
/// would block the first read forever, a device or folder is no ledger.
fn check_regular(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a folder".to_string()
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let t = meta.file_type();
            if t.is_fifo() {
                "a FIFO (named pipe)".into()
            } else if t.is_char_device() || t.is_block_device() {
                "a device".into()
            } else if t.is_socket() {
                "a socket".into()
            } else {
                "not a regular file".into()
            }
        }
        #[cfg(not(unix))]
        {
            "not a regular file".to_string()
        }
    };
    Err(Error::Foreign {
        path: path.to_path_buf(),
        reason: format!("it is {what}; a ledger is a regular file"),
    })
}

/// Whether files can be made in `dir`: asked of the file system itself (an unnamed
/// file that vanishes when closed), since permission bits do not tell for root or for a
/// read-only mount.
fn folder_writable(dir: &Path) -> bool {
    tempfile::tempfile_in(dir).is_ok()
}

/// SQLite's structural check of the search index's tables, which no listing reads: a
/// damaged page there would otherwise go unnoticed until a search, and a write would
/// add to the damage. (A check of the whole file takes seconds on a large ledger;
/// damage elsewhere is met by the first read of it, and `verify` checks everything.)
fn check_search_index_pages(conn: &Connection, path: &Path) -> Result<()> {
    for table in ["claims_fts_data", "claims_fts_idx"] {
        let rows: Vec<String> = conn
            .prepare(&format!("PRAGMA quick_check({table})"))
            .and_then(|mut s| {
                s.query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(|e| Error::Damaged {
                path: path.to_path_buf(),
                detail: format!("its search index cannot be read: {e}"),
            })?;
        if rows != ["ok"] {
            return Err(Error::Damaged {
                path: path.to_path_buf(),
                detail: format!(
                    "its search index is damaged: {}",
                    rows.first().map(String::as_str).unwrap_or("no answer")
                ),
            });
        }
    }
    Ok(())
}

/// Reads the file's first 100 bytes (the SQLite header) without opening it as a
/// database, so that a foreign or damaged file is refused before SQLite touches it.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let foreign = |reason: &str| Error::Foreign {
        path: path.to_path_buf(),
        reason: reason.into(),
    };
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => {
                return Err(Error::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
    }
    if read == 0 {
        return Err(foreign("the file is empty"));
    }
    if read < header.len() || &header[..16] != b"SQLite format 3\0" {
        return Err(foreign("it is not an SQLite database"));
    }
    Ok(())
}

/// Opens a ledger this process may not write. A WAL ledger needs its shared-memory file;
/// where that cannot be made (a read-only folder), the file is opened as immutable, which
/// is what it is to us.
fn open_read_only(path: &Path) -> Result<(Connection, rusqlite::Result<i32>)> {
    let err = sqlite_err(path);
    let uri = |query: &str| {
        let mut p = String::from("file:");
        for c in path.to_string_lossy().chars() {
            match c {
                '%' => p.push_str("%25"),
                '?' => p.push_str("%3f"),
                '#' => p.push_str("%23"),
                c => p.push(c),
            }
        }
        format!("{p}?{query}")
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let app_id = |conn: &Connection| -> rusqlite::Result<i32> {
        conn.pragma_query_value(None, "application_id", |r| r.get(0))
    };
    let conn = Connection::open_with_flags(uri("mode=ro"), flags).map_err(&err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
    match app_id(&conn) {
        Ok(app) => Ok((conn, Ok(app))),
        Err(_) => {
            drop(conn);
            let conn = Connection::open_with_flags(uri("immutable=1"), flags).map_err(&err)?;
            let app = app_id(&conn);
            Ok((conn, app))
        }
    }
}

/// A database error raised where the ledger's path is not at hand (inside a write); the
/// command layer names the ledger (`Error::in_ledger`).
pub(crate) fn sql(e: rusqlite::Error) -> Error {
    backend("(ledger)".into(), e)
}

/// A SQLite error as the ledger's error: a damaged page is [`Error::Damaged`], which says
/// how to recover; anything else is boxed, with a word on what to do when the storage
/// itself failed.
pub(crate) fn backend(path: PathBuf, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::{DatabaseCorrupt, DiskFull, NotADatabase, SystemIoFailure};
    if let Some(DatabaseCorrupt | NotADatabase) = e.sqlite_error_code() {
        return Error::Damaged {
            path,
            detail: format!("SQLite cannot read one of its pages: {e}"),
        };
    }
    let hint = match e.sqlite_error_code() {
        Some(DiskFull | SystemIoFailure) => {
            " — the disk may be full, or the file larger than this system allows; nothing was changed"
        }
        _ => "",
    };
    Error::Backend {
        path,
        source: Box::new(e),
        hint,
    }
}

fn sqlite_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |source| backend(path.to_path_buf(), source)
}

impl SqliteStore {
    /// Opens the ledger at `path`, creating it when `create` is set and it is missing.
    pub fn open(path: &Path, create: bool) -> Result<SqliteStore> {
        if !path.exists() {
            if !create {
                return Err(Error::NoLedger(path.to_path_buf()));
            }
            Self::create(path)?;
        }
        check_regular(path)?;
        check_header(path)?;
        // A write needs the ledger and its folder (SQLite keeps its write-ahead log and
        // shared memory there); in a read-only folder the ledger is opened read-only.
        let writable = std::fs::OpenOptions::new().write(true).open(path).is_ok()
            && folder_writable(&folder_of(path));
        let err = sqlite_err(path);
        let app_id = |conn: &Connection| -> rusqlite::Result<i32> {
            conn.pragma_query_value(None, "application_id", |r| r.get(0))
        };
        let (conn, app) = if writable {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(path, flags).map_err(&err)?;
            conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
            // Identify the file through SQLite (which sees a WAL the header may not)
            // and before any pragma that writes.
            let app = app_id(&conn);
            (conn, app)
        } else {
            open_read_only(path)?
        };
        let app = app.map_err(|e| Error::Foreign {
            path: path.to_path_buf(),
            reason: format!("SQLite cannot read it: {e}"),
        })?;
        if app != APPLICATION_ID {
            return Err(Error::Foreign {
                path: path.to_path_buf(),
                reason: "an SQLite database of another application".into(),
            });
        }
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(&err)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(Error::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: MIGRATIONS.len() as i64,
            });
        }
        if version >= 1 {
            check_search_index_pages(&conn, path)?;
        }
        if writable {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(&err)?;
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(&err)?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(&err)?;
        // Plans made once per statement, never per binding. Without this, a statement
        // whose WHERE binds a value is compiled afresh every time it runs: SQLite checks
        // each bound value against the partial indexes' conditions (`key IS NOT NULL`),
        // and that check marks the plan as depending on the value.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(&err)?;
        // A long-lived reader (`serve`) runs the same few queries with different filters
        // over and over: keep their compiled forms.
        conn.set_prepared_statement_cache_capacity(64);
        let mut ledger = SqliteStore {
            conn,
            path: path.to_path_buf(),
            actor: default_actor(),
            read_only: !writable,
            checked: std::cell::Cell::new(false),
        };
        // A ledger this process may only read, lacking no more than the marks table
        // (version 3), is read as it is: marks are a writer's bookkeeping.
        let readable_as_is = ledger.read_only && version >= 2;
        if version < MIGRATIONS.len() as i64 && !readable_as_is {
            ledger.migrate()?;
        }
        Ok(ledger)
    }

    /// Builds a new ledger in a temporary file beside `path` and links it into place,
    /// so that no other process ever sees a half-made ledger.
    fn create(path: &Path) -> Result<()> {
        let dir = folder_of(path);
        let write_err = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        if !dir.is_dir() {
            return Err(write_err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("the folder {} does not exist", dir.display()),
            )));
        }
        scratch::sweep(&dir);
        let tmp = tempfile::Builder::new()
            .prefix(&scratch::prefix("new"))
            .suffix(".db")
            .tempfile_in(&dir)
            .map_err(write_err)?;
        {
            let err = sqlite_err(path);
            let conn = Connection::open(tmp.path()).map_err(&err)?;
            let mut ledger = SqliteStore {
                conn,
                path: path.to_path_buf(),
                actor: default_actor(),
                read_only: false,
                checked: std::cell::Cell::new(true),
            };
            ledger.migrate()?;
            ledger
                .conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(&err)?;
        }
        // A temporary file is private (0600); a ledger is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        match std::fs::hard_link(tmp.path(), path) {
            Ok(()) => Ok(()),
            // Another process made it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(_) => tmp.persist_noclobber(path).map(|_| ()).or_else(|e| {
                if path.exists() {
                    Ok(())
                } else {
                    Err(write_err(e.error))
                }
            }),
        }
    }

    /// Opens a new ledger that no one else can see yet (built in a scratch folder, then
    /// put in place with [`SqliteStore::place`]): no journal and no syncing while it is
    /// filled, since a failure just discards the file.
    pub fn open_scratch(path: &Path) -> Result<SqliteStore> {
        let ledger = SqliteStore::open(path, true)?;
        let err = sqlite_err(path);
        ledger
            .conn
            .pragma_update(None, "journal_mode", "OFF")
            .map_err(&err)?;
        ledger
            .conn
            .pragma_update(None, "synchronous", "OFF")
            .map_err(&err)?;
        Ok(ledger)
    }

    /// Puts a closed ledger built beside `dest` (same file system) in place, unless a
    /// file appeared there meanwhile (then it is an error: nothing is overwritten).
    pub fn place(built: &Path, dest: &Path) -> Result<()> {
        let werr = |source| Error::Write {
            path: dest.to_path_buf(),
            source,
        };
        // Fold the write-ahead log into the file so that it travels alone.
        {
            let conn = Connection::open(built).map_err(sqlite_err(dest))?;
            conn.pragma_update(None, "journal_mode", "DELETE")
                .map_err(sqlite_err(dest))?;
        }
        std::fs::File::open(built)
            .and_then(|f| f.sync_all())
            .map_err(werr)?;
        // A hard link does not replace an existing file: nothing is overwritten.
        std::fs::hard_link(built, dest).map_err(werr)?;
        // Back to WAL for the writers to come.
        let ledger = SqliteStore::open(dest, false)?;
        drop(ledger);
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let err = sqlite_err(&path);
        let actor = self.actor.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(&err)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql).map_err(&err)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(&err)?;
            if i == 0 {
                names::seed_builtins(&tx, &actor)?;
            }
            if i == 1 {
                claims::read_bases(&tx).map_err(&err)?;
            }
        }
        tx.commit().map_err(&err)
    }

    /// Copies the ledger to `dest` through SQLite's online backup, which reads a
    /// consistent snapshot while writers carry on. The copy appears at `dest` only once
    /// it is complete.
    pub fn backup(&self, dest: &Path, mut progress: impl FnMut(i32, i32)) -> Result<()> {
        let werr = |source| Error::Write {
            path: dest.to_path_buf(),
            source,
        };
        if dest.exists() {
            return Err(Error::Usage(format!(
                "{} already exists; choose a new path for the backup",
                dest.display()
            )));
        }
        let dir = folder_of(dest);
        scratch::sweep(&dir);
        let tmp = tempfile::Builder::new()
            .prefix(&scratch::prefix("backup"))
            .suffix(".db")
            .tempfile_in(&dir)
            .map_err(werr)?;
        {
            let derr = sqlite_err(dest);
            let mut out = Connection::open(tmp.path()).map_err(&derr)?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut out).map_err(&derr)?;
            use rusqlite::backup::StepResult;
            loop {
                let step = backup.step(1024).map_err(&derr)?;
                let p = backup.progress();
                progress(p.pagecount - p.remaining, p.pagecount);
                match step {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // A writer holds the lock for a moment: wait and go on.
                    _ => std::thread::sleep(Duration::from_millis(20)),
                }
            }
            drop(backup);
            // A copy in rollback-journal mode is one self-contained file.
            out.pragma_update(None, "journal_mode", "DELETE")
                .map_err(&derr)?;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        tmp.persist_noclobber(dest).map_err(|e| werr(e.error))?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Before a bulk load into a ledger with no claims: a rollback journal instead of
    /// the write-ahead log. New pages need no journal, so the load writes each page
    /// once, and it stays one atomic transaction. Nothing changes when another
    /// connection has the ledger open (SQLite then keeps the log). Returns whether it
    /// switched; the claim writer switches back when it ends.
    fn begin_bulk_load(&self) -> Result<bool> {
        if self.read_only {
            return Ok(false);
        }
        let empty: bool = self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM claims)", [], |r| r.get(0))
            .map_err(self.err())?;
        if !empty {
            return Ok(false);
        }
        // Leaving the write-ahead log needs the file to ourselves: with another process
        // reading it, the load simply stays on the log.
        let mode: rusqlite::Result<String> =
            self.conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0));
        Ok(mode.is_ok_and(|m| m.eq_ignore_ascii_case("delete")))
    }

    /// SQLite's `quick_check` of the whole file, once per process before its first write:
    /// a write must not add to a ledger that is already damaged, even where the damage
    /// lies in pages the write itself would never read. It reads every page, which costs
    /// about a second per 30 MB on this kind of machine (18 s at a million claims), so it
    /// runs only on ledgers up to [`CHECKED_SIZE`]: a single `add` must stay quick. On a
    /// larger ledger, damage is met where a write reads it (and refused), and `verify`
    /// checks every page.
    fn check_before_write(&self) -> Result<()> {
        if self.checked.get() {
            return Ok(());
        }
        let size = std::fs::metadata(&self.path).map_or(0, |m| m.len());
        if size > CHECKED_SIZE {
            self.checked.set(true);
            return Ok(());
        }
        let found: Vec<String> = self
            .conn
            .prepare("PRAGMA quick_check(5)")
            .and_then(|mut s| {
                s.query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(self.err())?;
        if found != ["ok"] {
            return Err(Error::Damaged {
                path: self.path.clone(),
                detail: format!("SQLite's check found: {}", found.join("; ")),
            });
        }
        self.checked.set(true);
        Ok(())
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        sqlite_err(&self.path)
    }

    /// [`SqliteStore::write`] through a shared borrow, for the claim writer, which
    /// needs the connection again after its transaction ends. The caller holds the
    /// store mutably borrowed meanwhile (`Store::writer` takes `&mut self`), so no
    /// other transaction can begin on this connection.
    fn write_shared(&self) -> Result<Transaction<'_>> {
        if self.read_only {
            return Err(Error::ReadOnly(self.path.clone()));
        }
        self.check_before_write()?;
        let path = self.path.clone();
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(move |source| backend(path, source))
    }

    /// Starts the one IMMEDIATE transaction a write runs in: it waits for other writers.
    fn write(&mut self) -> Result<Transaction<'_>> {
        if self.read_only {
            return Err(Error::ReadOnly(self.path.clone()));
        }
        self.check_before_write()?;
        let path = self.path.clone();
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(move |source| backend(path, source))
    }
}
