//! The command line: global flags and the subcommands (spec §4). Each subcommand's
//! arguments live with its code in `cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd;

/// Keep a ledger of who claimed what, and find where sources contradict each other.
///
/// Every claim — a source's figure for a subject's metric, when, how sure — goes into
/// one SQLite file. Values are read as reporters write them, in English and Chinese
/// ("over $2 billion", "35亿至45亿美元"). `contradictions` reports where claims on the
/// same question cannot all be right; `timeline` shows how a figure changed.
///
/// Start with `crosscheck demo`, or `crosscheck init` and `crosscheck add --help`.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, max_term_width = 100)]
pub struct Cli {
    /// The ledger file [default: $CROSSCHECK_DB, else ./crosscheck.db]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "CROSSCHECK_DB",
        hide_env = true
    )]
    pub db: Option<PathBuf>,

    /// Output format [default: table; jsonl for export]
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,

    /// Write the output to FILE (atomically: a temporary file renamed into place)
    #[arg(short, long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print no progress or summary messages
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Explain more on stderr
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people (the default)
    Table,
    /// One JSON document
    Json,
    /// One JSON object per line
    Jsonl,
    /// Comma-separated values, spreadsheet-safe
    Csv,
    /// A Markdown document
    Markdown,
    /// A self-contained web page with charts (`contradictions`, `timeline`)
    Html,
    /// schema.org ClaimReview JSON-LD for judged contradictions (`export`)
    Claimreview,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty ledger (does nothing if it exists)
    Init(cmd::init::Args),
    /// Manage sources: `source add NAME --alias A`, `source list`
    Source(cmd::names::SourceArgs),
    /// Name a subject once, with the other spellings that mean it
    Subject(cmd::names::SubjectArgs),
    /// Name a metric once, with its aliases; mark lists (investors) as multi-valued
    Metric(cmd::names::MetricArgs),
    /// Record one claim
    Add(cmd::add::Args),
    /// List claims, filtered
    List(cmd::list::Args),
    /// Show one claim with its citation, history and contradictions
    Show(cmd::show::Args),
    /// Load claims from JSON Lines or CSV, all or nothing
    Import(cmd::import::Args),
    /// Read a news article and write its figures as candidate claims (for `import -`)
    Extract(cmd::extract::Args),
    /// Write claims as JSON Lines (default) or CSV
    Export(cmd::list::ExportArgs),
    /// Show how a value is read
    Parse(cmd::parse::Args),
    /// Mark a claim as withdrawn by its source
    Retract(cmd::retract::Args),
    /// Report where claims contradict each other
    Contradictions(cmd::contradictions::Args),
    /// Record a judgement on a contradiction
    Resolve(cmd::resolve::Args),
    /// A metric's values over time, with the changes between them
    Timeline(cmd::timeline::Args),
    /// The history of the ledger, or of one claim
    Log(cmd::log::Args),
    /// Check the ledger against its history (integrity, hash chain, replay)
    Verify(cmd::verify::Args),
    /// Copy a live ledger safely (SQLite's online backup)
    Backup(cmd::backup::Args),
    /// The most likely value of each subject/metric/time, and whom to believe
    Truth(cmd::truth::Args),
    /// Print shell completions: bash, zsh, fish, powershell
    Completions(cmd::completions::Args),
    /// Print the manual page (roff)
    Man(cmd::man::Args),
    /// Build a ledger from the founding article's claims and report its contradictions
    Demo(cmd::demo::Args),
}
