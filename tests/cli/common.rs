//! What every test shares: a temporary ledger, a way to run the real binary against
//! it, and redaction of the parts of an output that change from run to run.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_crosscheck");

/// The fixture file `name` (relative to `fixtures/`).
pub fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The records of a JSONL fixture, parsed.
pub fn fixture_records(name: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture is readable");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("fixture line is JSON"))
        .collect()
}

/// What a run of the binary gave back.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for a snapshot.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Asserts the run neither panicked nor printed a Rust debug dump.
    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "the binary panicked:\n{}",
            self.stderr
        );
    }

    /// Asserts exit code 0 and returns stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "expected success:\n{}", self.transcript());
        self.stdout
    }

    /// Asserts the exit code and that nothing panicked.
    #[track_caller]
    pub fn fails_with(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            code,
            "unexpected exit code:\n{}",
            self.transcript()
        );
        self.assert_no_panic();
        self
    }
}

/// Where a test's ledger lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs one test body on both backends: `on_both!(name, |backend| { … })` makes the
/// tests `name::sqlite` and `name::postgres` (skipped, loudly, where PostgreSQL is not
/// installed and `$CI` is not set).
macro_rules! on_both {
    ($(#[$doc:meta])* $name:ident, |$backend:ident| $body:block) => {
        $(#[$doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use $crate::common::Backend;

            // A test body, as `#[test]` functions are: clippy.toml lets tests unwrap.
            #[allow(clippy::unwrap_used)]
            fn body($backend: Backend) $body

            #[test]
            fn sqlite() {
                body(Backend::Sqlite)
            }

            #[test]
            fn postgres() {
                if $crate::pg::cluster().is_some() {
                    body(Backend::Postgres)
                }
            }
        }
    };
}

/// A temporary directory holding one ledger: `ledger.db`, or a fresh database of the
/// test cluster.
pub struct Env {
    dir: tempfile::TempDir,
    /// The PostgreSQL URL of the ledger, when it lives on the server.
    url: Option<String>,
    initialised: std::cell::Cell<bool>,
}

impl Env {
    pub fn new() -> Env {
        Env::new_on(Backend::Sqlite)
    }

    /// An environment whose ledger (not made yet) is on `backend`.
    pub fn new_on(backend: Backend) -> Env {
        let url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                Some(crate::pg::fresh_database().expect("the PostgreSQL test cluster"))
            }
        };
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            url,
            initialised: std::cell::Cell::new(false),
        }
    }

    /// A new, empty ledger (`init`).
    pub fn ledger() -> Env {
        Env::ledger_on(Backend::Sqlite)
    }

    /// A new, empty ledger on `backend`.
    pub fn ledger_on(backend: Backend) -> Env {
        let env = Env::new_on(backend);
        env.init();
        env
    }

    /// A ledger with the founding article's claims.
    pub fn founding() -> Env {
        Env::founding_on(Backend::Sqlite)
    }

    /// A ledger on `backend` with the founding article's claims.
    pub fn founding_on(backend: Backend) -> Env {
        let env = Env::new_on(backend);
        env.import("founding.jsonl", &["--new-source"]);
        env
    }

    /// The PostgreSQL URL of the ledger, when it is on the server.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// What `--db` names: the ledger file, or the server's URL.
    pub fn db_arg(&self) -> String {
        match &self.url {
            Some(u) => u.clone(),
            None => self.db().to_str().expect("utf-8 temp path").to_string(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("ledger.db")
    }

    /// Writes `contents` to `name` in the temp dir and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write file");
        p
    }

    /// The command, run in the temp dir, with a clean environment for the ledger.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .current_dir(self.dir())
            .env_remove("CROSSCHECK_DB")
            .env("CROSSCHECK_ACTOR", "test");
        c
    }

    /// Runs the binary with `args` (no `--db`), stdin empty.
    pub fn run_bare(&self, args: &[&str]) -> Run {
        self.run_input(args, None, false)
    }

    /// Runs `crosscheck --db <tmp>/ledger.db ARGS`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_input(args, None, true)
    }

    /// Runs `crosscheck --db <tmp>/ledger.db ARGS` with `input` on stdin.
    pub fn run_stdin(&self, args: &[&str], input: &str) -> Run {
        self.run_input(args, Some(input), true)
    }

    fn run_input(&self, args: &[&str], input: Option<&str>, with_db: bool) -> Run {
        let db = self.db_arg();
        let mut all: Vec<&str> = Vec::new();
        if with_db {
            all.push("--db");
            all.push(&db);
        }
        all.extend_from_slice(args);
        let mut child = self
            .command(&all)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn crosscheck");
        {
            let mut stdin = child.stdin.take().expect("stdin");
            if let Some(text) = input {
                stdin.write_all(text.as_bytes()).expect("write stdin");
            }
        }
        let out = child.wait_with_output().expect("wait for crosscheck");
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        };
        run.assert_no_panic();
        run
    }

    /// Runs and asserts success; returns stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        self.run(args).ok()
    }

    /// Runs with `--format json` and parses stdout.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = self.ok(&all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
    }

    /// Creates the ledger unless it exists: only `init` creates one.
    #[track_caller]
    pub fn init(&self) {
        let exists = match &self.url {
            Some(_) => self.initialised.get(),
            None => self.db().exists(),
        };
        if !exists {
            self.ok(&["init"]);
            self.initialised.set(true);
        }
    }

    /// Imports a fixture file (relative to `fixtures/`), asserting success.
    #[track_caller]
    pub fn import(&self, name: &str, extra: &[&str]) {
        self.init();
        let path = fixture(name);
        let mut args = vec!["import", path.as_str()];
        args.extend_from_slice(extra);
        self.ok(&args);
    }

    /// Adds one claim and returns its id.
    #[track_caller]
    pub fn add(&self, args: &[&str]) -> i64 {
        self.init();
        let mut all = vec!["add"];
        all.extend_from_slice(args);
        let out = self.ok(&all);
        out.trim()
            .parse()
            .unwrap_or_else(|_| panic!("add printed no id: {out:?}"))
    }

    /// Every claim `list` shows for these filters (JSON objects).
    #[track_caller]
    pub fn claims(&self, filters: &[&str]) -> Vec<Value> {
        let mut args = vec!["list"];
        args.extend_from_slice(filters);
        match self.json(&args) {
            Value::Array(a) => a,
            other => panic!("list --format json gave no array: {other}"),
        }
    }

    /// The keys of the claims `list` shows for these filters.
    #[track_caller]
    pub fn keys(&self, filters: &[&str]) -> BTreeSet<String> {
        self.claims(filters)
            .iter()
            .map(|c| c["key"].as_str().expect("claim has a key").to_string())
            .collect()
    }

    /// The contradiction groups for these arguments.
    #[track_caller]
    pub fn groups(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["contradictions"];
        all.extend_from_slice(args);
        match &self.json(&all)["groups"] {
            Value::Array(a) => a.clone(),
            other => panic!("no groups array: {other}"),
        }
    }

    /// Replaces what differs between runs: the temp dir, the crate dir, timestamps.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.replace(self.dir().to_str().expect("utf-8"), "[TMP]");
        if let Some(url) = &self.url {
            text = text.replace(url.as_str(), "[TMP]/ledger.db");
        }
        let text = text.replace(env!("CARGO_MANIFEST_DIR"), "[CRATE]");
        redact_timestamps(&text)
    }
}

/// Replaces ISO timestamps (`2024-10-02T12:34:56`, optionally `.123` and `Z`) with a
/// placeholder of the same width, so tables keep their shape.
pub fn redact_timestamps(text: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd";
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let fits = |at: usize| {
            SHAPE.iter().enumerate().all(|(k, &s)| {
                chars.get(at + k).is_some_and(|&c| match s {
                    b'd' => c.is_ascii_digit(),
                    other => c == other as char,
                })
            })
        };
        if fits(i) {
            let mut end = i + SHAPE.len();
            if chars.get(end) == Some(&'.') {
                end += 1;
                while chars.get(end).is_some_and(char::is_ascii_digit) {
                    end += 1;
                }
            }
            if chars.get(end) == Some(&'Z') {
                end += 1;
            }
            let placeholder = "[TIMESTAMP]";
            let width = end - i;
            out.push_str(placeholder);
            out.extend(std::iter::repeat_n(
                '.',
                width.saturating_sub(placeholder.len()),
            ));
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The set of strings, for comparisons that read well in a failure message.
pub fn set<const N: usize>(items: [&str; N]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The keys of a contradiction group, camp by camp.
pub fn camps(group: &Value) -> Vec<BTreeSet<String>> {
    group["camps"]
        .as_array()
        .expect("camps")
        .iter()
        .map(|c| {
            c["claims"]
                .as_array()
                .expect("claims")
                .iter()
                .map(|m| m["key"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .collect()
}

/// Whether some group puts `a` and `b` in different camps.
pub fn flagged(groups: &[Value], a: &str, b: &str) -> Option<Value> {
    groups
        .iter()
        .find(|g| {
            let cs = camps(g);
            let ca = cs.iter().position(|c| c.contains(a));
            let cb = cs.iter().position(|c| c.contains(b));
            matches!((ca, cb), (Some(x), Some(y)) if x != y)
        })
        .cloned()
}

/// Whether some group holds the claim with this key at all.
pub fn in_any_group(groups: &[Value], key: &str) -> bool {
    groups
        .iter()
        .any(|g| camps(g).iter().any(|c| c.contains(key)))
}
