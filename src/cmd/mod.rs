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
pub mod show;
pub mod timeline;
pub mod truth;
pub mod verify;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, Format};
use crate::error::{Error, Result};
use crate::store::Ledger;

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
}

impl Ctx {
    pub fn open(&self) -> Result<Ledger> {
        Ledger::open(&self.db, false)
    }

    pub fn open_or_create(&self) -> Result<Ledger> {
        Ledger::open(&self.db, true)
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
}

/// Output is written in large pieces: an export of a million claims is 750 MB, and
/// stdout passes on whatever it is given at each line end.
const OUTPUT_BUFFER: usize = 1 << 20;

/// Where data goes: stdout, or a temporary file renamed over `-o FILE` at the end, so
/// that a reader never sees half a report.
pub struct Output {
    inner: BufWriter<Box<dyn Write>>,
    file: Option<(tempfile::NamedTempFile, PathBuf)>,
}

impl Output {
    fn new(path: Option<&Path>) -> Result<Output> {
        match path {
            None => Ok(Output {
                inner: BufWriter::with_capacity(OUTPUT_BUFFER, Box::new(std::io::stdout().lock())),
                file: None,
            }),
            Some(p) => {
                let dir = crate::store::folder_of(p);
                let werr = |source| Error::Write {
                    path: p.to_path_buf(),
                    source,
                };
                let tmp = tempfile::Builder::new()
                    .prefix(".crosscheck-out-")
                    .tempfile_in(&dir)
                    .map_err(werr)?;
                let handle = tmp.reopen().map_err(werr)?;
                Ok(Output {
                    inner: BufWriter::with_capacity(OUTPUT_BUFFER, Box::new(handle)),
                    file: Some((tmp, p.to_path_buf())),
                })
            }
        }
    }

    /// Flushes, and for a file moves it into place.
    pub fn finish(mut self) -> Result<()> {
        match self.file.take() {
            None => Ok(self.inner.flush()?),
            Some((tmp, path)) => {
                let werr = |source| Error::Write {
                    path: path.clone(),
                    source,
                };
                self.inner.flush().map_err(werr)?;
                tmp.as_file().sync_all().map_err(werr)?;
                // A temporary file is private (0600); a report is an ordinary file.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let _ = std::fs::set_permissions(
                        tmp.path(),
                        std::fs::Permissions::from_mode(0o644),
                    );
                }
                tmp.persist(&path).map_err(|e| werr(e.error))?;
                Ok(())
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
        Command::Completions(a) => completions::run(a, &ctx),
        Command::Man(a) => man::run(a, &ctx),
    };
    result.map_err(|e| e.in_ledger(&ctx.db))
}
