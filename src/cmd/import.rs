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
pub fn load(
    ledger: &mut crate::store::Ledger,
    input: impl std::io::Read,
    format: InputFormat,
    label: &str,
    new_source: bool,
    dry_run: bool,
) -> Result<Summary> {
    let mut writer = ledger.claim_writer(new_source, false)?;
    let mut errors: Vec<RecordError> = Vec::new();
    let mut summary = Summary::default();
    record::read(input, format, |r| {
        let raw = match r {
            Ok(raw) => raw,
            Err(e) => {
                errors.push(e);
                return Ok(());
            }
        };
        let draft = match record::to_draft(&raw) {
            Ok(d) => d,
            Err(es) => {
                errors.extend(es);
                return Ok(());
            }
        };
        match writer.insert(&draft, raw.line)? {
            Ok(Outcome::Added(_)) => summary.added += 1,
            Ok(Outcome::Skipped(_)) => summary.skipped += 1,
            Ok(Outcome::Superseded { .. }) => {
                summary.added += 1;
                summary.superseded += 1;
            }
            Err(e) => errors.push(e),
        }
        Ok(())
    })?;
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
    let input: Box<dyn std::io::Read> = if args.file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let path = PathBuf::from(&args.file);
        Box::new(std::fs::File::open(&path).map_err(|source| Error::Read { path, source })?)
    };
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
        let dir = match ctx.db.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
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
    let mut ledger = crate::store::Ledger::open(&path, true)?;
    let summary = load(
        &mut ledger,
        input,
        format,
        label,
        args.new_source,
        args.dry_run,
    )?;
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
