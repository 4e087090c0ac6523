//! `import`: load claims from a file, all or nothing.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::ops::import::{Defaults, load_with};
use crate::record::InputFormat;

/// Load claims from JSON Lines or CSV, all or nothing.
///
/// If any record is bad, nothing is imported and every bad record is listed with its
/// line and field. Records whose `key` is already in the ledger with the same content
/// are skipped; a known key with new content replaces (supersedes) the old claim.
///
/// Example: crosscheck import fixtures/founding.jsonl --new-source
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to read, or - for standard input
    pub file: String,
    /// The input format [default: from the file's extension, else from its content]
    #[arg(long, value_enum)]
    pub from: Option<InputFormat>,
    /// Check every record and report what would happen, without changing the ledger
    #[arg(long)]
    pub dry_run: bool,
    /// Create sources the ledger does not know, instead of refusing them
    #[arg(long)]
    pub new_source: bool,
    /// Accept publication dates after tomorrow
    #[arg(long)]
    pub allow_future: bool,
    /// The source of records that name none (one article, many claims)
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// The date of records that give none, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The URL of records that give none
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// The format named by `--from` or by the file's extension, if either says.
fn format_for(file: &str, from: Option<InputFormat>) -> Option<InputFormat> {
    if from.is_some() {
        return from;
    }
    let lower = file.to_lowercase();
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
        Some(InputFormat::Jsonl)
    } else if lower.ends_with(".csv") {
        Some(InputFormat::Csv)
    } else {
        None
    }
}

/// The format of input whose name does not say, from its first bytes: a JSON object
/// starts JSON Lines; a header line with commas starts CSV. Empty standard input is
/// read as JSON Lines (and found to hold no records).
fn sniff(start: &[u8], file: &str) -> Result<InputFormat> {
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let first = start.iter().position(|b| !b.is_ascii_whitespace());
    match first.map(|i| &start[i..]) {
        Some([b'{', ..]) => Ok(InputFormat::Jsonl),
        Some(rest)
            if rest
                .split(|b| *b == b'\n')
                .next()
                .is_some_and(|l| l.contains(&b',')) =>
        {
            Ok(InputFormat::Csv)
        }
        None if file == "-" => Ok(InputFormat::Jsonl),
        _ => Err(Error::Usage(format!(
            "cannot tell the format of '{file}' from its name or its content; pass --from jsonl \
             or --from csv"
        ))),
    }
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let raw: Box<dyn std::io::Read + Send> = if args.file == "-" {
        Box::new(std::io::stdin())
    } else {
        let path = PathBuf::from(&args.file);
        Box::new(std::fs::File::open(&path).map_err(|source| Error::Read { path, source })?)
    };
    let mut input = std::io::BufReader::with_capacity(1 << 16, raw);
    let format = match format_for(&args.file, args.from) {
        Some(f) => f,
        None => {
            use std::io::BufRead;
            let start = input.fill_buf().map_err(|source| Error::Read {
                path: PathBuf::from(&args.file),
                source,
            })?;
            sniff(start, &args.file)?
        }
    };
    let mut defaults = Defaults::default();
    for (field, given) in [
        ("source", &args.source),
        ("date", &args.date),
        ("url", &args.url),
    ] {
        if let Some(v) = given.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            defaults.fields.push((field, v.to_string()));
        }
    }
    let label = if args.file == "-" {
        "<stdin>"
    } else {
        args.file.as_str()
    };
    // Only `init` creates a ledger: an import into a mistyped path must not start one.
    let mut ledger = ctx.open()?;
    let bar = ctx.progress(None, "importing records");
    let summary = load_with(
        ledger.as_mut(),
        input,
        format,
        label,
        args.new_source,
        args.dry_run,
        args.allow_future,
        &|n| bar.inc(n),
        &defaults,
    )?;
    bar.finish_and_clear();
    drop(ledger);
    let verb = if args.dry_run {
        "would import"
    } else {
        "imported"
    };
    let mut msg = format!("{verb} {} claims from {}", summary.added, args.file);
    if summary.skipped > 0 {
        msg.push_str(&format!(
            ", {} skipped (already in the ledger)",
            summary.skipped
        ));
    }
    if summary.superseded > 0 {
        msg.push_str(&format!(
            ", {} replacing earlier versions",
            summary.superseded
        ));
    }
    if summary.warned > 0 {
        msg.push_str(&format!(
            "; {} with a warning (values that will not be compared as read):",
            summary.warned
        ));
        for w in &summary.warnings {
            msg.push_str(&format!("\n  warning: {w}"));
        }
        if summary.warned > summary.warnings.len() {
            msg.push_str(&format!(
                "\n  … and {} more",
                summary.warned - summary.warnings.len()
            ));
        }
    }
    ctx.say(msg);
    Ok(())
}
