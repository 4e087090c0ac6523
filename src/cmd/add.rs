//! `add`: record one claim.

use crate::error::{Error, Result};
use crate::ops::add::{self, AddOptions};
use crate::record::{self, Field, RawRecord};
use crate::store::Outcome;

/// Record one claim: who said what about which metric of which subject, when, how sure.
///
/// Example:
///   crosscheck add --subject OpenAI --metric revenue --value '$3.5B-$4.5B' --period 2024 \
///       --source 'The Information' --date 2024-07-24 --confidence reported
///
/// Give --period for a flow (a year's revenue) or --as-of for a state (a valuation);
/// with neither, the claim is a state as of its publication date.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the claim is about, e.g. OpenAI
    #[arg(long)]
    pub subject: String,
    /// What is measured, e.g. revenue, valuation, lead_investor
    #[arg(long)]
    pub metric: String,
    /// The value as the source wrote it: "$3.5B-$4.5B", "超过20亿美元", "Thrive Capital"
    #[arg(long, allow_hyphen_values = true)]
    pub value: String,
    /// Who made the claim (a name or alias: NYT, 纽约时报, …)
    #[arg(long)]
    pub source: String,
    /// Publication date: YYYY-MM-DD (or YYYY-MM, YYYY)
    #[arg(long)]
    pub date: String,
    /// The period a flow covers: 2024, 2024-Q3, 2024-H1, 2024-07, FY2024, 2024-01-01..2024-06-30
    #[arg(long, conflicts_with = "as_of")]
    pub period: Option<String>,
    /// The date a state held at: YYYY-MM-DD (or YYYY-MM, YYYY)
    #[arg(long)]
    pub as_of: Option<String>,
    /// What kind of figure: actual, run_rate, forecast, pre_money, post_money, secondary
    /// (default: what the value's words say, else actual)
    #[arg(long)]
    pub basis: Option<String>,
    /// confirmed, reported (default), rumored, speculative, or a number in [0, 1]
    #[arg(long)]
    pub confidence: Option<String>,
    /// The sentence the figure comes from
    #[arg(long)]
    pub quote: Option<String>,
    /// Link to the report
    #[arg(long)]
    pub url: Option<String>,
    /// Headline of the report
    #[arg(long)]
    pub title: Option<String>,
    /// A reporter (repeatable)
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// The outlet that relayed the claim, when it is second-hand
    #[arg(long)]
    pub via: Option<String>,
    /// Your stable identifier for the claim (unique in the ledger)
    #[arg(long)]
    pub key: Option<String>,
    /// A tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Free-form notes
    #[arg(long)]
    pub notes: Option<String>,
    /// Create the source (and --via) if the ledger does not know it
    #[arg(long)]
    pub new_source: bool,
    /// Accept a publication date after tomorrow
    #[arg(long)]
    pub allow_future: bool,
}

impl Args {
    fn record(&self) -> RawRecord {
        let mut fields = Vec::new();
        let mut text = |name: &str, v: &Option<String>| {
            if let Some(v) = v {
                fields.push((name.to_string(), Field::Text(v.clone())));
            }
        };
        text("subject", &Some(self.subject.clone()));
        text("metric", &Some(self.metric.clone()));
        text("value", &Some(self.value.clone()));
        text("source", &Some(self.source.clone()));
        text("date", &Some(self.date.clone()));
        text("period", &self.period);
        text("as_of", &self.as_of);
        text("basis", &self.basis);
        text("confidence", &self.confidence);
        text("quote", &self.quote);
        text("url", &self.url);
        text("title", &self.title);
        text("via", &self.via);
        text("key", &self.key);
        text("notes", &self.notes);
        fields.push(("authors".into(), Field::List(self.authors.clone())));
        fields.push(("tags".into(), Field::List(self.tags.clone())));
        RawRecord { line: 0, fields }
    }
}

/// Turns problems with the one record into a usage error that names the flag.
fn flag_errors(errors: Vec<crate::error::RecordError>) -> Error {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| match &e.field {
            Some(f) => format!("--{}: {}", f.replace('_', "-"), e.message),
            None => e.message.clone(),
        })
        .collect();
    Error::Usage(lines.join("\n       "))
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let draft = record::to_draft(&args.record()).map_err(flag_errors)?;
    let options = AddOptions {
        new_source: args.new_source,
        allow_future: args.allow_future,
    };
    add::check(&draft, options).map_err(|e| flag_errors(vec![e]))?;
    let mut ledger = ctx.open()?;
    let outcome = match add::add(&mut *ledger, &draft, options, &mut |w| ctx.warn(w))? {
        Ok(o) => o,
        Err(e) if e.field.as_deref() == Some("source") || e.field.as_deref() == Some("via") => {
            return Err(Error::Usage(e.message));
        }
        Err(e) => return Err(flag_errors(vec![e])),
    };
    let mut reading = crate::render::parse::describe(&draft.parsed);
    if draft.basis != crate::model::Basis::Actual {
        reading.push_str(&format!(", basis {}", draft.basis));
    }
    match outcome {
        Outcome::Added(id) => ctx.say(format!("added claim {id}: {reading}")),
        Outcome::Skipped(id) => ctx.say(format!(
            "claim {id} already holds this record; nothing added"
        )),
        Outcome::Superseded { old, new } => ctx.say(format!(
            "added claim {new}: {reading} (replaces claim {old}, same key)"
        )),
    }
    let mut out = ctx.out()?;
    std::io::Write::write_all(&mut out, format!("{}\n", outcome.id()).as_bytes())?;
    out.finish()
}
