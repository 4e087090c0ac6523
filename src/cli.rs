//! The command line: global flags and the subcommands (spec §4). Each subcommand's
//! arguments live with its code in `cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd;
use crate::record::InputFormat;
use crate::store::StatusFilter;

/// The heading the options every command takes are listed under.
const GLOBAL: &str = "Global options";

/// Examples at the end of each command's help: real commands, runnable in order on
/// the demo ledger (`crosscheck demo`, then `--db crosscheck-demo.db`) or a new one.
mod examples {
    pub const MAIN: &str = "Examples:
  crosscheck demo
  crosscheck --db news.db init
  crosscheck --db news.db add --subject OpenAI --metric revenue --value '$3.5B-$4.5B' \\
      --period 2024 --source 'The Information' --date 2024-07-24";
    pub const INIT: &str = "Examples:
  crosscheck init
  crosscheck --db newsroom.db init";
    pub const SOURCE: &str = "Examples:
  crosscheck source add 'The Verge' --alias Verge --kind outlet --url https://www.theverge.com
  crosscheck source list
  crosscheck source list --format json";
    pub const SUBJECT: &str = "Examples:
  crosscheck subject add OpenAI --alias 'Open AI'
  crosscheck subject list
  crosscheck subject list --format json";
    pub const METRIC: &str = "Examples:
  crosscheck metric add revenue --alias 'annual revenue' --alias 收入
  crosscheck metric add investors --multi-valued
  crosscheck metric list";
    pub const ADD: &str = "Examples:
  crosscheck add --subject OpenAI --metric revenue --value '$3.5B-$4.5B' --period 2024 \\
      --source 'The Information' --date 2024-07-24 --confidence reported
  crosscheck add --subject OpenAI --metric valuation --value 1500亿美元 --as-of 2024-10-02 \\
      --source 路透社 --date 2024-10-02 --quote '估值达1500亿美元'
  crosscheck add --subject OpenAI --metric revenue --value 'over $2 billion' --period 2024 \\
      --source NYT --date 2024-09-27 --via Reuters --url https://example.com/story";
    pub const LIST: &str = "Examples:
  crosscheck list --source Reuters --subject OpenAI
  crosscheck list --search 'revenue OR valuation' --since 2024-07
  crosscheck list --search '\"annual revenue\" compan*' --format json";
    pub const SHOW: &str = "Examples:
  crosscheck show 3
  crosscheck show ti-2024-07-openai-revenue-2024 --format json";
    pub const IMPORT: &str = "Examples:
  crosscheck import fixtures/founding.jsonl --new-source
  crosscheck import claims.csv --dry-run
  crosscheck export --subject OpenAI | crosscheck --db copy.db import -";
    pub const EXPORT: &str = "Examples:
  crosscheck export > ledger.jsonl
  crosscheck export --format csv --subject OpenAI -o openai.csv
  crosscheck export --format claimreview";
    pub const PARSE: &str = "Examples:
  crosscheck parse '$3.5B-$4.5B'
  crosscheck parse 超过20亿美元
  crosscheck parse 'about €2bn' --format json";
    pub const RETRACT: &str = "Examples:
  crosscheck retract 7 --reason 'the outlet corrected the figure'
  crosscheck retract ti-2024-07-openai-revenue-2024 --reason 'story withdrawn'";
    pub const CONTRADICTIONS: &str = "Examples:
  crosscheck contradictions --limit 20 --min-severity 0.5
  crosscheck contradictions --source Reuters --since 2026-03-01 --format html -o report.html
  crosscheck contradictions --check --since last --format markdown";
    pub const RESOLVE: &str = "Examples:
  crosscheck resolve 3fa2c1d9e0 --correct ti-2024-07-openai-revenue-2024
  crosscheck resolve 3fa2 --dismiss --reason 'different revenue definitions'";
    pub const TIMELINE: &str = "Examples:
  crosscheck timeline --subject OpenAI --metric valuation
  crosscheck timeline --subject OpenAI --metric valuation --format html -o valuation.html";
    pub const LOG: &str = "Examples:
  crosscheck log
  crosscheck log 3";
    pub const VERIFY: &str = "Examples:
  crosscheck verify
  crosscheck verify --anchor
  crosscheck verify --against 'LINE PRINTED BY verify --anchor'";
    pub const BACKUP: &str = "Examples:
  crosscheck backup copy.db
  crosscheck --db newsroom.db backup /mnt/usb/newsroom-2024-10-02.db";
    pub const TRUTH: &str = "Examples:
  crosscheck truth
  crosscheck truth --subject OpenAI --metric revenue --explain";
    pub const COMPLETIONS: &str = "Examples:
  crosscheck completions bash > ~/.local/share/bash-completion/completions/crosscheck
  crosscheck completions zsh > ~/.zfunc/_crosscheck
  crosscheck completions fish > ~/.config/fish/completions/crosscheck.fish";
    pub const MAN: &str = "Examples:
  crosscheck man > ~/.local/share/man/man1/crosscheck.1 && man crosscheck";
    pub const SERVE: &str = "Examples:
  crosscheck serve
  crosscheck token add alice --token-file desk.tokens
  crosscheck --db newsroom.db serve --bind 0.0.0.0:8080 --token-file desk.tokens
  crosscheck serve --read-only";
    pub const TOKEN: &str = "Examples:
  crosscheck token add alice --token-file desk.tokens";
    pub const DEMO: &str = "Examples:
  crosscheck demo
  crosscheck --db founding.db demo
  crosscheck --db crosscheck-demo.db timeline --subject OpenAI --metric valuation";
}

/// Keep a ledger of who claimed what, and find where sources contradict each other.
///
/// Every claim — a source's figure for a subject's metric, when, how sure — goes into
/// one SQLite file. Values are read as reporters write them, in English and Chinese
/// ("over $2 billion", "35亿至45亿美元"). `contradictions` reports where claims on the
/// same question cannot all be right; `timeline` shows how a figure changed.
///
/// Start with `crosscheck demo`, or `crosscheck init` and `crosscheck add --help`.
#[derive(Debug, Parser)]
#[command(
    name = "crosscheck",
    version,
    max_term_width = 100,
    after_help = examples::MAIN
)]
pub struct Cli {
    /// The ledger file [default: $CROSSCHECK_DB, else ./crosscheck.db]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "CROSSCHECK_DB",
        hide_env = true,
        help_heading = GLOBAL
    )]
    pub db: Option<PathBuf>,

    /// Output format [default: table; jsonl for export]
    #[arg(long, global = true, value_enum, help_heading = GLOBAL)]
    pub format: Option<Format>,

    /// Write the output to FILE (atomically: a temporary file renamed into place)
    #[arg(short, long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub output: Option<PathBuf>,

    /// Record the changes made as ACTOR in the history [default: $CROSSCHECK_ACTOR, else
    /// the system user]
    #[arg(long, global = true, value_name = "ACTOR")]
    pub actor: Option<String>,

    /// Print no progress or summary messages
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    /// Explain more on stderr
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

pub use crate::render::Format;

/// `ValueEnum` for the core's plain enums: the names and help the command line shows.
/// The core does not depend on clap; the mapping lives here.
macro_rules! value_enum {
    ($ty:ident { $($variant:ident => $name:literal $(: $help:literal)?),* $(,)? }) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($ty::$variant),*]
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(match self {
                    $($ty::$variant => clap::builder::PossibleValue::new($name)$(.help($help))?),*
                })
            }
        }
    };
}

value_enum!(Format {
    Table => "table": "A table for people (the default)",
    Json => "json": "One JSON document",
    Jsonl => "jsonl": "One JSON object per line",
    Csv => "csv": "Comma-separated values, spreadsheet-safe",
    Markdown => "markdown": "A Markdown document",
    Html => "html": "A self-contained web page with charts (`contradictions`, `timeline`)",
    Claimreview => "claimreview": "schema.org ClaimReview JSON-LD for judged contradictions (`export`)",
});

value_enum!(InputFormat { Jsonl => "jsonl", Csv => "csv" });

value_enum!(StatusFilter {
    Active => "active",
    Retracted => "retracted",
    Superseded => "superseded",
    All => "all",
});

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty ledger (does nothing if it exists)
    #[command(after_help = examples::INIT)]
    Init(cmd::init::Args),
    /// Manage sources: `source add NAME --alias A`, `source list`
    #[command(after_help = examples::SOURCE)]
    Source(cmd::names::SourceArgs),
    /// Name a subject once, with the other spellings that mean it
    #[command(after_help = examples::SUBJECT)]
    Subject(cmd::names::SubjectArgs),
    /// Name a metric once, with its aliases; mark lists (investors) as multi-valued
    #[command(after_help = examples::METRIC)]
    Metric(cmd::names::MetricArgs),
    /// Record one claim
    #[command(after_help = examples::ADD)]
    Add(cmd::add::Args),
    /// List claims, filtered
    #[command(after_help = examples::LIST)]
    List(cmd::list::Args),
    /// Show one claim with its citation, history and contradictions
    #[command(after_help = examples::SHOW)]
    Show(cmd::show::Args),
    /// Load claims from JSON Lines or CSV, all or nothing
    #[command(after_help = examples::IMPORT)]
    Import(cmd::import::Args),
    /// Read a news article and write its figures as candidate claims (for `import -`)
    Extract(cmd::extract::Args),
    /// Write claims as JSON Lines (default) or CSV
    #[command(after_help = examples::EXPORT)]
    Export(cmd::list::ExportArgs),
    /// Show how a value is read
    #[command(after_help = examples::PARSE)]
    Parse(cmd::parse::Args),
    /// Mark a claim as withdrawn by its source
    #[command(after_help = examples::RETRACT)]
    Retract(cmd::retract::Args),
    /// Report where claims contradict each other
    #[command(after_help = examples::CONTRADICTIONS)]
    Contradictions(cmd::contradictions::Args),
    /// Record a judgement on a contradiction
    #[command(after_help = examples::RESOLVE)]
    Resolve(cmd::resolve::Args),
    /// A metric's values over time, with the changes between them
    #[command(after_help = examples::TIMELINE)]
    Timeline(cmd::timeline::Args),
    /// The history of the ledger, or of one claim
    #[command(after_help = examples::LOG)]
    Log(cmd::log::Args),
    /// Check the ledger against its history (integrity, hash chain, replay)
    #[command(after_help = examples::VERIFY)]
    Verify(cmd::verify::Args),
    /// Copy a live ledger safely (SQLite's online backup)
    #[command(after_help = examples::BACKUP)]
    Backup(cmd::backup::Args),
    /// The most likely value of each subject/metric/time, and whom to believe
    #[command(after_help = examples::TRUTH)]
    Truth(cmd::truth::Args),
    /// The desk's web pages and JSON API on this ledger
    #[command(after_help = examples::SERVE)]
    Serve(cmd::serve::Args),
    /// Make write tokens for `serve`
    #[command(after_help = examples::TOKEN)]
    Token(cmd::serve::TokenArgs),
    /// Print shell completions: bash, zsh, fish, powershell
    #[command(after_help = examples::COMPLETIONS)]
    Completions(cmd::completions::Args),
    /// Print the manual page (roff)
    #[command(after_help = examples::MAN)]
    Man(cmd::man::Args),
    /// Build a ledger from the founding article's claims and report its contradictions
    #[command(after_help = examples::DEMO)]
    Demo(cmd::demo::Args),
}
