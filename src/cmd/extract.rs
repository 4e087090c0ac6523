//! `extract`: read a news article and write its figures as candidate claim records.

use std::io::{Read, Write};
use std::path::PathBuf;

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::extract::{self, Article, Candidate, Named, Names};
use crate::store::NameKind;

/// Read a news article and write its figures as candidate claims.
///
/// The article may be plain text, Markdown or HTML, in English or Chinese. For each
/// figure it writes a record in the import format: subject, metric, the value as
/// written, period or as-of date (read against --date), the outlet the sentence
/// credits as source (the article's outlet as via), confidence, basis and the
/// sentence as quote. Review the table, or pipe the records into the ledger:
///
///   crosscheck --format jsonl extract story.html --source Reuters --date 2024-09-27 |
///   crosscheck import - --new-source
///
/// Names the ledger knows (sources, subjects, metrics and their aliases) are preferred;
/// without a ledger, the built-in outlets are used.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article: a text, Markdown or HTML file, or - for standard input
    pub file: String,
    /// The outlet that published the article
    #[arg(long, value_name = "OUTLET")]
    pub source: String,
    /// The article's publication date, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// The article's address
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

fn bad(label: &str, what: &str) -> Error {
    Error::Usage(format!("cannot extract from {label}: {what}"))
}

/// The article's text: HTML reduced to its main text, Markdown and plain text as they
/// are. Empty, binary and non-UTF-8 input is refused.
pub fn article_text(bytes: &[u8], label: &str) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(
            label,
            "the file is empty; give a news article as text, Markdown or HTML",
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(bad(label, "the file is UTF-16; save it as UTF-8"));
    }
    let controls = bytes
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !b"\n\r\t\x0c".contains(&b)))
        .count();
    if bytes.contains(&0) || controls * 20 > bytes.len() {
        return Err(bad(
            label,
            "this is a binary file, not an article; give text, Markdown or HTML",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        bad(
            label,
            &format!(
                "the text is not UTF-8 (byte {}) and its encoding is unknown; save it as UTF-8",
                e.valid_up_to() + 1
            ),
        )
    })?;
    if looks_like_html(text) {
        let main = crate::extract::html::main_text(text);
        if main.trim().is_empty() {
            return Err(bad(label, "the HTML page holds no text"));
        }
        return Ok(main);
    }
    Ok(crate::extract::html::plain_markdown(text))
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || ["<body", "<head", "<article", "<p>", "<div"]
            .iter()
            .any(|t| head.contains(t))
}

fn names_from(ledger: &dyn crate::store::Store, kind: NameKind) -> Result<Vec<Named>> {
    Ok(ledger
        .spellings(kind)?
        .into_iter()
        .map(|(name, aliases)| Named { name, aliases })
        .collect())
}

/// The names to look for: the ledger's when there is one, else the built-in outlets.
fn names(ctx: &super::Ctx) -> Result<Names> {
    if ctx.db.exists() {
        let ledger = ctx.open()?;
        return Ok(Names {
            sources: names_from(&*ledger, NameKind::Source)?,
            subjects: names_from(&*ledger, NameKind::Subject)?,
            metrics: names_from(&*ledger, NameKind::Metric)?,
        });
    }
    Ok(Names {
        sources: crate::builtin::SOURCES
            .iter()
            .map(|s| Named {
                name: s.name.to_string(),
                aliases: s.aliases.iter().map(|a| a.to_string()).collect(),
            })
            .collect(),
        ..Names::default()
    })
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let format = ctx.format_of(
        Format::Table,
        &[
            Format::Table,
            Format::Jsonl,
            Format::Json,
            Format::Markdown,
            Format::Csv,
        ],
        "extract",
    )?;
    let date =
        crate::time::parse_day(&args.date).map_err(|e| Error::Usage(format!("--date: {e}")))?;
    let outlet = args.source.trim();
    if outlet.is_empty() {
        return Err(Error::Usage(
            "--source: name the outlet that published the article".into(),
        ));
    }
    let mut bytes = Vec::new();
    let label = if args.file == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)?;
        "<stdin>".to_string()
    } else {
        let path = PathBuf::from(&args.file);
        bytes = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
        args.file.clone()
    };
    let text = article_text(&bytes, &label)?;
    let names = names(ctx)?;
    let article = Article {
        text: &text,
        outlet,
        date,
        url: args.url.as_deref(),
    };
    let claims = extract::extract(&article, &names);
    if claims.is_empty() {
        ctx.say(format!("no figures found in {label}; nothing to extract"));
        return Ok(());
    }
    let mut out = ctx.out()?;
    write(&mut out, format, &claims)?;
    out.finish()?;
    ctx.say(format!("{} candidate claims from {label}", claims.len()));
    Ok(())
}

fn write(out: &mut dyn Write, format: Format, claims: &[Candidate]) -> Result<()> {
    match format {
        Format::Jsonl => crate::render::jsonl(out, claims),
        Format::Json => crate::render::json(out, &claims),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(HEADERS).map_err(std::io::Error::other)?;
            for c in claims {
                let row = row(c);
                w.write_record(row.iter().map(|s| crate::render::csv_cell(s).into_owned()))
                    .map_err(std::io::Error::other)?;
            }
            w.flush()?;
            Ok(())
        }
        Format::Markdown => {
            crate::render::markdown_table(out, &HEADERS, claims.iter().map(row).collect())
        }
        _ => crate::render::table(out, &HEADERS, claims.iter().map(row).collect()),
    }
}

const HEADERS: [&str; 10] = [
    "subject",
    "metric",
    "value",
    "period",
    "as_of",
    "source",
    "via",
    "confidence",
    "basis",
    "quote",
];

fn row(c: &Candidate) -> Vec<String> {
    vec![
        c.subject.clone(),
        c.metric.clone(),
        c.value.clone(),
        c.period.clone().unwrap_or_default(),
        c.as_of.clone().unwrap_or_default(),
        c.source.clone(),
        c.via.clone().unwrap_or_default(),
        c.confidence.to_string(),
        c.basis.unwrap_or("actual").to_string(),
        c.quote.clone(),
    ]
}
