//! One module per subcommand: its arguments (whose doc comments are the `--help`) and
//! a `run` function. This file holds what they share: the global options, the output
//! (stdout, or a file written atomically) and the dispatcher.

pub mod add;
pub mod backup;
pub mod completions;
pub mod contradictions;
pub mod demo;
pub mod extract;
pub mod import;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
pub mod names;
pub mod parse;
pub mod resolve;
pub mod retract;
pub mod serve;
pub mod show;
pub mod timeline;
pub mod truth;
pub mod verify;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, Format};
use crate::error::{Error, Result};
use crate::store::Store;

/// What every command gets: the global options.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: PathBuf,
    /// Whether the ledger was named (`--db` or `$CROSSCHECK_DB`) rather than defaulted.
    pub db_named: bool,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub quiet: bool,
    pub verbose: bool,
    /// Who the events are recorded as (`--actor`); else the store's default
    /// (`$CROSSCHECK_ACTOR`, the operating-system user).
    pub actor: Option<String>,
}

impl Ctx {
    /// Opens the ledger; a missing one is an error (only `init` and `demo` create one),
    /// which names a nearby ledger when the path looks like a typo of it.
    pub fn open(&self) -> Result<Box<dyn Store>> {
        if !crate::store::is_url(&self.db) && !something_at(&self.db) {
            return Err(missing_ledger(&self.db, self.db_named));
        }
        self.with_actor(crate::store::open(&self.db, false)?)
    }

    /// Opens the ledger, creating it when it is missing: for `init` alone.
    pub fn open_or_create(&self) -> Result<Box<dyn Store>> {
        self.with_actor(crate::store::open(&self.db, true)?)
    }

    /// The store, writing as `--actor` when it was given.
    pub fn with_actor(&self, mut store: Box<dyn Store>) -> Result<Box<dyn Store>> {
        if let Some(actor) = self
            .actor
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            store.set_actor(actor);
        }
        Ok(store)
    }

    pub fn format(&self, default: Format) -> Format {
        self.format.unwrap_or(default)
    }

    /// Refuses formats a command cannot write.
    pub fn format_of(&self, default: Format, allowed: &[Format], command: &str) -> Result<Format> {
        let f = self.format(default);
        if allowed.contains(&f) {
            Ok(f)
        } else {
            let names: Vec<String> = allowed
                .iter()
                .map(|a| format!("{a:?}").to_lowercase())
                .collect();
            Err(Error::Usage(format!(
                "`{command}` cannot write --format {}; use one of: {}",
                format!("{f:?}").to_lowercase(),
                names.join(", ")
            )))
        }
    }

    pub fn out(&self) -> Result<Output> {
        Output::new(self.output.as_deref())
    }

    /// A progress bar on stderr, shown only on a terminal and without --quiet.
    pub fn progress(&self, len: Option<u64>, what: &str) -> indicatif::ProgressBar {
        use std::io::IsTerminal;
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = match len {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::new_spinner(),
        };
        let template = if len.is_some() {
            "{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)"
        } else {
            "{spinner} {msg}: {pos} ({per_sec})"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    }

    /// A message for the person at the terminal (stderr), unless --quiet.
    pub fn say(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// A warning on stderr: the command went ahead, but something deserves a look.
    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("warning: {message}");
        }
    }
}

/// Whether anything is at `path`: a file, a folder, a device, even a dangling link,
/// which the store then judges; only where there is nothing at all is the ledger
/// "missing".
fn something_at(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Why there is no ledger at `path`, and where the user may have meant.
fn missing_ledger(path: &Path, named: bool) -> Error {
    let folder = crate::store::folder_of(path);
    if !folder.is_dir() {
        return Error::MissingLedger {
            path: path.to_path_buf(),
            reason: format!("the folder {} does not exist", folder.display()),
            hint: "Check the path, or create the folder and run `crosscheck init` there.".into(),
        };
    }
    let init = if named {
        format!("crosscheck init --db {}", path.display())
    } else {
        "crosscheck init".to_string()
    };
    let hint = match nearby_ledger(path) {
        Some(p) => format!(
            "Did you mean --db {}? To start a new ledger here, run `{init}`.",
            p.display()
        ),
        None => format!("To start a new ledger here, run `{init}`."),
    };
    Error::MissingLedger {
        path: path.to_path_buf(),
        reason: "there is no such file".into(),
        hint,
    }
}

/// The crosscheck ledger in the same folder whose name is closest to `path`'s, when it
/// is close enough to be a typo (one edit, or two for names longer than six characters).
pub fn nearby_ledger(path: &Path) -> Option<PathBuf> {
    let wanted = path.file_name()?.to_string_lossy().to_string();
    let folder = crate::store::folder_of(path);
    let limit = if wanted.chars().count() <= 6 { 1 } else { 2 };
    let mut best: Option<(usize, String)> = None;
    for entry in std::fs::read_dir(&folder).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name == wanted || name.starts_with(".crosscheck-") {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&wanted, &name);
        if distance > limit
            || best
                .as_ref()
                .is_some_and(|(d, n)| (*d, n) <= (distance, &name))
        {
            continue;
        }
        if crate::store::is_ledger_file(&entry.path()) {
            best = Some((distance, name));
        }
    }
    best.map(|(_, name)| match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(name),
        _ => PathBuf::from(name),
    })
}

/// Output is written in large pieces: an export of a million claims is 750 MB, and
/// stdout passes on whatever it is given at each line end.
const OUTPUT_BUFFER: usize = 1 << 20;

/// How much of a document is held in memory before the rest goes to an unnamed
/// temporary file: a report of a hundred thousand contradictions is hundreds of
/// megabytes, and memory stays bounded whatever the size.
const SPOOL_IN_MEMORY: usize = 8 << 20;

/// Where the finished document goes.
enum Target {
    Stdout,
    /// A FIFO, a terminal or another device: written to directly, never replaced.
    Device(PathBuf),
    /// A regular file (or none yet): a temporary file beside it, renamed over it, with
    /// the mode and owner of the file it replaces.
    File(tempfile::NamedTempFile, PathBuf),
}

/// What the document is written into until it is complete.
enum Sink {
    Spool(tempfile::SpooledTempFile),
    File(std::fs::File),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Spool(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Spool(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

/// Where data goes: stdout, a device, or a file; always all of a document or nothing.
/// For stdout and devices the document is held (in memory, past 8 MB in an unnamed
/// temporary file) and sent only once complete, so that a command failing half-way (a
/// damaged ledger) never leaves half a JSON document or CSV table behind. A file is
/// written to a temporary file beside it and renamed into place.
pub struct Output {
    inner: BufWriter<Sink>,
    target: Target,
}

impl Output {
    fn new(path: Option<&Path>) -> Result<Output> {
        let Some(p) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output::spooled(Target::Stdout));
        };
        // A link is followed: its target is what gets written.
        let p = match std::fs::symlink_metadata(p) {
            Ok(m) if m.file_type().is_symlink() => {
                std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
            }
            _ => p.to_path_buf(),
        };
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => {
                return Err(Error::Usage(format!(
                    "-o {}: that is a folder; give a file name",
                    p.display()
                )));
            }
            Ok(m) if !m.is_file() => return Ok(Output::spooled(Target::Device(p))),
            _ => {}
        }
        let werr = |source| Error::Write {
            path: p.clone(),
            source,
        };
        let dir = crate::store::folder_of(&p);
        crate::store::scratch::sweep(&dir);
        let tmp = tempfile::Builder::new()
            .prefix(&crate::store::scratch::prefix("out"))
            .tempfile_in(&dir)
            .map_err(werr)?;
        let handle = tmp.reopen().map_err(werr)?;
        Ok(Output {
            inner: BufWriter::with_capacity(OUTPUT_BUFFER, Sink::File(handle)),
            target: Target::File(tmp, p),
        })
    }

    fn spooled(target: Target) -> Output {
        Output {
            inner: BufWriter::with_capacity(
                OUTPUT_BUFFER,
                Sink::Spool(tempfile::SpooledTempFile::new(SPOOL_IN_MEMORY)),
            ),
            target,
        }
    }

    /// Sends the complete document: to stdout or the device, or moves the file into
    /// place.
    pub fn finish(self) -> Result<()> {
        let sink = self.inner.into_inner().map_err(|e| e.into_error())?;
        match (self.target, sink) {
            (Target::Stdout, Sink::Spool(spool)) => {
                let mut out = std::io::stdout().lock();
                send(spool, &mut out)?;
                Ok(out.flush()?)
            }
            (Target::Device(path), Sink::Spool(spool)) => {
                let werr = |source| Error::Write {
                    path: path.clone(),
                    source,
                };
                let mut device = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(werr)?;
                send(spool, &mut device).map_err(werr)?;
                device.flush().map_err(werr)
            }
            (Target::File(tmp, path), _) => {
                let werr = |source| Error::Write {
                    path: path.clone(),
                    source,
                };
                tmp.as_file().sync_all().map_err(werr)?;
                keep_mode_and_owner(tmp.path(), &path);
                tmp.persist(&path).map_err(|e| werr(e.error))?;
                Ok(())
            }
            (_, Sink::File(_)) => Ok(()),
        }
    }
}

/// Copies a finished spool to `out`.
fn send(mut spool: tempfile::SpooledTempFile, out: &mut dyn Write) -> std::io::Result<()> {
    use std::io::Seek;
    spool.rewind()?;
    std::io::copy(&mut spool, out)?;
    Ok(())
}

/// Gives the file about to replace `path` the mode and owner of the file there (a
/// private file stays private); a new file is an ordinary 0644 one.
fn keep_mode_and_owner(tmp: &Path, path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        match std::fs::metadata(path) {
            Ok(old) => {
                let _ = std::os::unix::fs::chown(tmp, Some(old.uid()), Some(old.gid()));
                let _ = std::fs::set_permissions(
                    tmp,
                    std::fs::Permissions::from_mode(old.mode() & 0o7777),
                );
            }
            Err(_) => {
                let _ = std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(0o644));
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }
    // Serialisers write a few bytes at a time: the buffer's own `write_all` takes them
    // without the default loop.
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx {
        db: cli
            .db
            .clone()
            .unwrap_or_else(|| PathBuf::from("crosscheck.db")),
        db_named: cli.db.is_some(),
        format: cli.format,
        output: cli.output.clone(),
        quiet: cli.quiet,
        verbose: cli.verbose,
        actor: cli.actor.clone(),
    };
    let result = match cli.command {
        Command::Init(a) => init::run(a, &ctx),
        Command::Source(a) => names::run_source(a, &ctx),
        Command::Subject(a) => names::run_subject(a, &ctx),
        Command::Metric(a) => names::run_metric(a, &ctx),
        Command::Add(a) => add::run(a, &ctx),
        Command::List(a) => list::run(a, &ctx),
        Command::Show(a) => show::run(a, &ctx),
        Command::Import(a) => import::run(a, &ctx),
        Command::Extract(a) => extract::run(a, &ctx),
        Command::Export(a) => list::run_export(a, &ctx),
        Command::Parse(a) => parse::run(a, &ctx),
        Command::Retract(a) => retract::run(a, &ctx),
        Command::Contradictions(a) => contradictions::run(a, &ctx),
        Command::Resolve(a) => resolve::run(a, &ctx),
        Command::Timeline(a) => timeline::run(a, &ctx),
        Command::Log(a) => log::run(a, &ctx),
        Command::Demo(a) => demo::run(a, &ctx),
        Command::Verify(a) => verify::run(a, &ctx),
        Command::Backup(a) => backup::run(a, &ctx),
        Command::Truth(a) => truth::run(a, &ctx),
        Command::Serve(a) => serve::run(a, &ctx),
        Command::Token(a) => serve::run_token(a, &ctx),
        Command::Completions(a) => completions::run(a, &ctx),
        Command::Man(a) => man::run(a, &ctx),
    };
    result.map_err(|e| e.in_ledger(&ctx.db))
}
