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
    /// The input format [default: from the file's extension; jsonl for -]
    #[arg(long, value_enum)]
    pub from: Option<InputFormat>,
    /// Check every record and report what would happen, without changing the ledger
    #[arg(long)]
    pub dry_run: bool,
    /// Create sources the ledger does not know, instead of refusing them
    #[arg(long)]
    pub new_source: bool,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub skipped: usize,
    pub superseded: usize,
}

fn format_for(file: &str, from: Option<InputFormat>) -> Result<InputFormat> {
    if let Some(f) = from {
        return Ok(f);
    }
    let lower = file.to_lowercase();
    if file == "-"
        || lower.ends_with(".jsonl")
        || lower.ends_with(".ndjson")
        || lower.ends_with(".json")
    {
        Ok(InputFormat::Jsonl)
    } else if lower.ends_with(".csv") {
        Ok(InputFormat::Csv)
    } else {
        Err(Error::Usage(format!(
            "cannot tell the format of '{file}' from its name; pass --from jsonl or --from csv"
        )))
    }
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
                let result = record::read(input, format, |r| {
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
    let format = format_for(&args.file, args.from)?;
    let input: Box<dyn std::io::Read + Send> = if args.file == "-" {
        Box::new(std::io::stdin())
    } else {
        let path = PathBuf::from(&args.file);
        Box::new(std::fs::File::open(&path).map_err(|source| Error::Read { path, source })?)
    };
    let label = if args.file == "-" {
        "<stdin>"
    } else {
        args.file.as_str()
    };
    // Only `init` creates a ledger: an import into a mistyped path must not start one.
    let mut ledger = ctx.open()?;
    let bulk = !args.dry_run && ledger.begin_bulk_load()?;
    let bar = ctx.progress(None, "importing records");
    let summary = load(
        &mut ledger,
        input,
        format,
        label,
        args.new_source,
        args.dry_run,
        &bar,
    )?;
    bar.finish_and_clear();
    if bulk {
        ledger.end_bulk_load()?;
    }
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
    ctx.say(msg);
    Ok(())
}
