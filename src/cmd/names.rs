//! `source`, `subject`, `metric`: name things once, with every spelling that means them.

use clap::Subcommand;

use crate::cli::Format;
use crate::error::Result;
use crate::ops::names::{self, MetricOptions, NameAdded};
use crate::store::{NameDetails, NameKind};

#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    pub command: SourceCommand,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Register a source (or add aliases to a known one)
    #[command(after_help = "Examples:
  crosscheck source add 'The Verge' --alias Verge --kind outlet --url https://www.theverge.com
  crosscheck source add 'Financial Times' --alias 英国金融时报")]
    Add {
        /// Canonical name, e.g. "Financial Times"
        name: String,
        /// Another name it goes by (repeatable), e.g. --alias FT --alias 金融时报
        #[arg(long = "alias", value_name = "ALIAS")]
        aliases: Vec<String>,
        /// What it is: outlet, wire, company, official, analyst, blog…
        #[arg(long)]
        kind: Option<String>,
        /// Its home page
        #[arg(long)]
        url: Option<String>,
    },
    /// List sources with their aliases and claim counts
    #[command(after_help = "Examples:
  crosscheck source list
  crosscheck source list --format json")]
    List,
}

/// Name a subject once; aliases merge spellings ("Open AI" → "OpenAI").
#[derive(Debug, clap::Args)]
pub struct SubjectArgs {
    #[command(subcommand)]
    pub command: SubjectCommand,
}

#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    /// Register a subject (or add aliases to a known one)
    #[command(after_help = "Examples:
  crosscheck subject add OpenAI --alias 'Open AI'
  crosscheck subject add 'Mistral AI' --alias Mistral")]
    Add {
        name: String,
        /// Another spelling (repeatable)
        #[arg(long = "alias", value_name = "ALIAS")]
        aliases: Vec<String>,
    },
    /// List subjects with their aliases and claim counts
    #[command(after_help = "Examples:
  crosscheck subject list
  crosscheck subject list --format json")]
    List,
}

/// Name a metric once; aliases merge spellings ("annual revenue" → "revenue").
#[derive(Debug, clap::Args)]
pub struct MetricArgs {
    #[command(subcommand)]
    pub command: MetricCommand,
}

#[derive(Debug, Subcommand)]
pub enum MetricCommand {
    /// Register a metric (or add aliases to a known one)
    #[command(after_help = "Examples:
  crosscheck metric add revenue --alias 'annual revenue' --alias 收入
  crosscheck metric add investors --multi-valued")]
    Add {
        name: String,
        /// Another spelling (repeatable)
        #[arg(long = "alias", value_name = "ALIAS")]
        aliases: Vec<String>,
        /// The metric holds several values at once (e.g. the investors in a round):
        /// different values are never a contradiction
        #[arg(long)]
        multi_valued: bool,
        /// The metric's comparison window: its states (and forecasts) within this many
        /// days are the same time (default 30, 7 for run rates)
        #[arg(long, value_name = "DAYS")]
        window: Option<i64>,
    },
    /// List metrics with their aliases, claim counts, whether they are multi-valued and
    /// their comparison windows
    #[command(after_help = "Examples:
  crosscheck metric list
  crosscheck metric list --format csv")]
    List,
}

fn report(ctx: &super::Ctx, done: &NameAdded) {
    let (kind, name) = (done.kind.word(), &done.name);
    if !done.changed {
        ctx.say(format!("{kind} '{name}' is already known"));
    } else if done.aliases.is_empty() {
        ctx.say(format!("added {kind} '{name}'"));
    } else {
        ctx.say(format!(
            "{kind} '{name}': aliases {}",
            done.aliases.join(", ")
        ));
    }
}

const LIST_FORMATS: [Format; 5] = [
    Format::Table,
    Format::Json,
    Format::Jsonl,
    Format::Csv,
    Format::Markdown,
];

pub fn run_source(args: SourceArgs, ctx: &super::Ctx) -> Result<()> {
    match args.command {
        SourceCommand::Add {
            name,
            aliases,
            kind,
            url,
        } => {
            let mut ledger = ctx.open()?;
            let details = NameDetails {
                kind,
                url,
                multi_valued: false,
            };
            let done = names::add(&mut *ledger, NameKind::Source, &name, &aliases, &details)?;
            report(ctx, &done);
            Ok(())
        }
        SourceCommand::List => {
            let ledger = ctx.open()?;
            let sources = names::sources(&*ledger)?;
            let format = ctx.format_of(
                Format::Table,
                &[Format::Table, Format::Json, Format::Jsonl, Format::Markdown],
                "source list",
            )?;
            let mut out = ctx.out()?;
            crate::render::names::sources(&mut out, &sources, format)?;
            out.finish()
        }
    }
}

pub fn run_subject(args: SubjectArgs, ctx: &super::Ctx) -> Result<()> {
    let (name, aliases) = match args.command {
        SubjectCommand::Add { name, aliases } => (name, aliases),
        SubjectCommand::List => {
            let ledger = ctx.open()?;
            let subjects = names::names(&*ledger, NameKind::Subject)?;
            let format = ctx.format_of(Format::Table, &LIST_FORMATS, "subject list")?;
            let mut out = ctx.out()?;
            crate::render::names::subjects(&mut out, &subjects, format)?;
            out.finish()?;
            none_yet(ctx, NameKind::Subject, subjects.is_empty(), format);
            return Ok(());
        }
    };
    let mut ledger = ctx.open()?;
    let done = names::add(
        &mut *ledger,
        NameKind::Subject,
        &name,
        &aliases,
        &NameDetails::default(),
    )?;
    report(ctx, &done);
    Ok(())
}

pub fn run_metric(args: MetricArgs, ctx: &super::Ctx) -> Result<()> {
    let options = match args.command {
        MetricCommand::Add {
            name,
            aliases,
            multi_valued,
            window,
        } => MetricOptions {
            name,
            aliases,
            multi_valued,
            window,
        },
        MetricCommand::List => {
            let ledger = ctx.open()?;
            let metrics = names::metrics(&*ledger)?;
            let format = ctx.format_of(Format::Table, &LIST_FORMATS, "metric list")?;
            let mut out = ctx.out()?;
            crate::render::names::metrics(&mut out, &metrics, format)?;
            out.finish()?;
            none_yet(ctx, NameKind::Metric, metrics.is_empty(), format);
            return Ok(());
        }
    };
    names::check_window(options.window)?;
    let mut ledger = ctx.open()?;
    let done = names::add_metric(&mut *ledger, &options)?;
    let canonical = &done.added.name;
    if let Some(days) = done.window {
        ctx.say(format!(
            "metric '{canonical}': states within {days} days are the same time"
        ));
    }
    if done.made_multi_valued {
        ctx.say(format!("metric '{canonical}' is now multi-valued"));
        return Ok(());
    }
    report(ctx, &done.added);
    Ok(())
}

/// The hint after an empty `subject list` or `metric list` table.
fn none_yet(ctx: &super::Ctx, kind: NameKind, empty: bool, format: Format) {
    if empty && format == Format::Table {
        ctx.say(format!(
            "no {}s yet; they are named by `crosscheck add` and `crosscheck {} add`",
            kind.word(),
            kind.word()
        ));
    }
}
