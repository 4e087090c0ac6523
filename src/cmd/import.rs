//! `import`: load claims from a file, all or nothing.

use std::path::PathBuf;

use crate::error::{Error, RecordError, Result};
use crate::record::{self, InputFormat};
use crate::store::Outcome;

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

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub skipped: usize,
    pub superseded: usize,
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

/// Fields given on the command line for records that lack them.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub fields: Vec<(&'static str, String)>,
}

/// Reads every record of `input` into the ledger in one transaction.
/// What the reading thread hands over: a checked record, or what is wrong with it.
enum Read {
    Draft(usize, Box<crate::model::Draft>),
    Bad(Vec<RecordError>),
}

/// Records travel in batches, so that the threads meet rarely.
const BATCH: usize = 512;

pub fn load(
    ledger: &mut crate::store::Ledger,
    input: impl std::io::Read + Send,
    format: InputFormat,
    label: &str,
    new_source: bool,
    dry_run: bool,
    progress: &indicatif::ProgressBar,
) -> Result<Summary> {
    let defaults = Defaults::default();
    load_with(
        ledger, input, format, label, new_source, dry_run, progress, &defaults,
    )
}

/// [`load`], filling records that lack them with the fields in `defaults`.
#[allow(clippy::too_many_arguments)]
pub fn load_with(
    ledger: &mut crate::store::Ledger,
    input: impl std::io::Read + Send,
    format: InputFormat,
    label: &str,
    new_source: bool,
    dry_run: bool,
    progress: &indicatif::ProgressBar,
    defaults: &Defaults,
) -> Result<Summary> {
    let mut writer = ledger.claim_writer(new_source, false)?;
    let mut errors: Vec<RecordError> = Vec::new();
    let mut summary = Summary::default();
    // One thread reads and checks records (JSON, values, dates, the search text) while
    // this one writes them: a bulk load uses both cores.
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Read>>(8);
        let reader = std::thread::Builder::new()
            .name("read records".into())
            .spawn_scoped(scope, move || {
                let mut batch = Vec::with_capacity(BATCH);
                let provided: Vec<&str> = defaults.fields.iter().map(|(f, _)| *f).collect();
                let result = record::read_with(input, format, &provided, |r| {
                    let r = r.map(|mut raw| {
                        raw.fill(&defaults.fields);
                        raw
                    });
                    batch.push(match r.map(|raw| (raw.line, record::to_draft(&raw))) {
                        Ok((line, Ok(d))) => Read::Draft(line, Box::new(d)),
                        Ok((_, Err(es))) => Read::Bad(es),
                        Err(e) => Read::Bad(vec![e]),
                    });
                    if batch.len() == BATCH {
                        // The writer stopped (it failed): stop reading too.
                        send.send(std::mem::take(&mut batch))
                            .map_err(|_| Error::Usage(String::new()))?;
                    }
                    Ok(())
                });
                if result.is_ok() && !batch.is_empty() {
                    let _ = send.send(batch);
                }
                result
            })
            .map_err(Error::Io)?;
        for batch in receive {
            progress.inc(batch.len() as u64);
            for item in batch {
                match item {
                    Read::Bad(es) => errors.extend(es),
                    Read::Draft(line, draft) => match writer.insert(&draft, line)? {
                        Ok(Outcome::Added(_)) => summary.added += 1,
                        Ok(Outcome::Skipped(_)) => summary.skipped += 1,
                        Ok(Outcome::Superseded { .. }) => {
                            summary.added += 1;
                            summary.superseded += 1;
                        }
                        Err(e) => errors.push(e),
                    },
                }
            }
        }
        reader
            .join()
            .map_err(|_| Error::Usage("the reading thread failed".into()))?
    })?;
    errors.extend(writer.finish()?);
    if !errors.is_empty() {
        return Err(Error::BadRecords {
            file: label.to_string(),
            errors,
        });
    }
    if summary.added == 0 && summary.skipped == 0 {
        return Err(Error::Usage(format!("{label} holds no records")));
    }
    if !dry_run {
        writer.commit("claims.import", label)?;
    }
    Ok(summary)
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
    // A dry run, or an import that fails, must not leave a new ledger behind: a missing
    // ledger is built in a scratch folder beside it and put in place only on success.
    let scratch = if ctx.db.exists() {
        None
    } else {
        let dir = crate::store::folder_of(&ctx.db);
        let scratch = tempfile::Builder::new()
            .prefix(".crosscheck-import-")
            .tempdir_in(dir)
            .map_err(|source| Error::Write {
                path: ctx.db.clone(),
                source,
            })?;
        Some(scratch)
    };
    let path = match &scratch {
        Some(dir) => dir.path().join("ledger.db"),
        None => ctx.db.clone(),
    };
    let mut ledger = match &scratch {
        Some(_) => crate::store::Ledger::open_scratch(&path)?,
        None => crate::store::Ledger::open(&path, true)?,
    };
    let bar = ctx.progress(None, "importing records");
    let summary = load_with(
        &mut ledger,
        input,
        format,
        label,
        args.new_source,
        args.dry_run,
        &bar,
        &defaults,
    )?;
    bar.finish_and_clear();
    drop(ledger);
    if scratch.is_some() && !args.dry_run {
        crate::store::Ledger::place(&path, &ctx.db)?;
    }
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
    ctx.say(msg);
    Ok(())
}
