//! What can go wrong, in terms a user can act on, and the exit code each maps to
//! (spec §4: 1 a check found something, 2 usage or input, 3 ledger).

use std::path::PathBuf;

/// One problem in an input record: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "line {}, field '{}': {}", self.line, field, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

fn list_errors(file: &str, errors: &[RecordError]) -> String {
    let shown: Vec<String> = errors
        .iter()
        .take(50)
        .map(|e| format!("  {file}: {e}"))
        .collect();
    let more = if errors.len() > 50 {
        format!("\n  … and {} more", errors.len() - 50)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join("\n"))
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => ".".into(),
        [one] => format!(" — did you mean '{one}'?"),
        many => format!(
            " — did you mean {}?",
            many.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),

    #[error(
        "no source named '{name}'{} Register it with `crosscheck source add \"{name}\"`, or pass --new-source",
        did_you_mean(suggestions)
    )]
    UnknownSource {
        name: String,
        suggestions: Vec<String>,
    },

    /// An unknown source in a query, where creating it makes no sense.
    #[error(
        "no source named '{name}'{} See `crosscheck source list`",
        did_you_mean(suggestions)
    )]
    NoSuchSource {
        name: String,
        suggestions: Vec<String>,
    },

    /// An unknown subject or metric in a query.
    #[error(
        "no {kind} named '{name}'{} See `crosscheck {kind} list`",
        did_you_mean(suggestions)
    )]
    NoSuchName {
        kind: &'static str,
        name: String,
        suggestions: Vec<String>,
    },

    #[error("{0}")]
    BadValue(#[from] crate::value::ValueError),

    #[error("{} bad record(s) in {file}; nothing was imported:\n{}", errors.len(), list_errors(file, errors))]
    BadRecords {
        file: String,
        errors: Vec<RecordError>,
    },

    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("no claim with id or key '{0}' (see `crosscheck list`)")]
    NoSuchClaim(String),

    #[error("no contradiction group '{0}' (see `crosscheck contradictions --status all`)")]
    NoSuchGroup(String),

    #[error("no ledger at {} — create one with `crosscheck init`", .0.display())]
    NoLedger(PathBuf),

    /// A command other than `init` was pointed at a path with no ledger; nothing was
    /// created.
    #[error("no ledger at {}: {reason}; nothing was created. {hint}", path.display())]
    MissingLedger {
        path: PathBuf,
        reason: String,
        /// What to do: the ledger the user may have meant, or how to start one.
        hint: String,
    },

    #[error("{} is not a crosscheck ledger ({reason}); it was left untouched", path.display())]
    Foreign { path: PathBuf, reason: String },

    #[error(
        "{} was written by a newer crosscheck (schema {found}, this build knows {known}); \
         upgrade crosscheck to open it. It was left untouched",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error(
        "{} can only be read here (no write permission on it or its folder); nothing was \
         changed. Work on a copy: `crosscheck --db {} backup COPY.db`",
        .0.display(),
        .0.display()
    )]
    ReadOnly(PathBuf),

    #[error(
        "{} is damaged ({detail}); nothing was read or changed. Restore it from a backup, \
         or save what is readable with `sqlite3 {} .recover`",
        path.display(),
        path.display()
    )]
    Damaged { path: PathBuf, detail: String },

    /// The storage backend failed. Its own error is boxed, so no backend's types leak
    /// past the store; `hint` says what to do when the storage itself failed ("the disk
    /// may be full…"), or is empty.
    #[error("ledger {}: {source}{hint}", path.display())]
    Backend {
        path: PathBuf,
        source: Box<dyn std::error::Error + Send + Sync>,
        hint: &'static str,
    },

    /// A ledger on a PostgreSQL server could not be used: unreachable, a refused login,
    /// a missing database or privilege. `ledger` is shown without its password.
    #[error("ledger {ledger}: {reason}")]
    Server { ledger: String, reason: String },

    /// A check ran and found something (exit 1); the report was already written.
    #[error("{0}")]
    CheckFailed(String),

    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Names the ledger in a database error raised where its path was not at hand.
    pub fn in_ledger(self, ledger: &std::path::Path) -> Error {
        match self {
            Error::Backend { path, source, hint } if path.as_os_str() == "(ledger)" => {
                Error::Backend {
                    path: ledger.to_path_buf(),
                    source,
                    hint,
                }
            }
            Error::Damaged { path, detail } if path.as_os_str() == "(ledger)" => Error::Damaged {
                path: ledger.to_path_buf(),
                detail,
            },
            other => other,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::CheckFailed(_) => 1,
            Error::NoLedger(_)
            | Error::MissingLedger { .. }
            | Error::Foreign { .. }
            | Error::TooNew { .. } => 3,
            Error::ReadOnly(_) | Error::Damaged { .. } => 3,
            Error::Backend { .. } | Error::Server { .. } => 3,
            _ => 2,
        }
    }

    /// A closed stdout (`crosscheck list | head`) is not an error worth a word.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
