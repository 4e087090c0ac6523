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

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub skipped: usize,
    pub superseded: usize,
    /// How many records were accepted with a warning, and the first few warnings.
    pub warned: usize,
    pub warnings: Vec<String>,
}

/// How many warnings the import summary spells out.
const WARNING_EXAMPLES: usize = 3;

/// Per metric as written: whether a figure with a unit was seen, and the unitless
/// figures (line, value) waiting to be checked.
#[derive(Default)]
struct UnitWatch {
    unit: Option<String>,
    unitless: Vec<(usize, String)>,
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

#[allow(clippy::too_many_arguments)] // the switches of `import`, each a plain flag
pub fn load(
    ledger: &mut crate::store::Ledger,
    input: impl std::io::Read + Send,
    format: InputFormat,
    label: &str,
    new_source: bool,
    dry_run: bool,
    allow_future: bool,
    progress: &indicatif::ProgressBar,
) -> Result<Summary> {
    let defaults = Defaults::default();
    load_with(
        ledger,
        input,
        format,
        label,
        new_source,
        dry_run,
        allow_future,
        progress,
        &defaults,
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
    allow_future: bool,
    progress: &indicatif::ProgressBar,
    defaults: &Defaults,
) -> Result<Summary> {
    let mut writer = ledger.claim_writer(new_source, false)?;
    let mut errors: Vec<RecordError> = Vec::new();
    let mut summary = Summary::default();
    let mut units: std::collections::HashMap<String, UnitWatch> = Default::default();
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
                        Ok((line, Ok(d))) => match record::check_not_future(&d, line) {
                            Err(e) if !allow_future => Read::Bad(vec![e]),
                            _ => Read::Draft(line, Box::new(d)),
                        },
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
                        Ok(outcome) => {
                            if let Some(words) =
                                crate::value::unread_words(&draft.value, &draft.parsed)
                            {
                                summary.warn(format!(
                                    "line {line}: {}",
                                    super::add::text_warning(&draft.value, &words)
                                ));
                            }
                            if let crate::value::Value::Quantity(q) = &draft.parsed {
                                let watch = match units.get_mut(draft.metric.as_str()) {
                                    Some(w) => w,
                                    None => units.entry(draft.metric.clone()).or_default(),
                                };
                                match &q.unit {
                                    Some(u) if watch.unit.is_none() => watch.unit = Some(u.clone()),
                                    Some(_) => {}
                                    None => watch.unitless.push((line, draft.value.clone())),
                                }
                            }
                            match outcome {
                                Outcome::Added(_) => summary.added += 1,
                                Outcome::Skipped(_) => summary.skipped += 1,
                                Outcome::Superseded { .. } => {
                                    summary.added += 1;
                                    summary.superseded += 1;
                                }
                            }
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
    // Figures without a unit where the metric's other claims (in this file or in the
    // ledger) carry one.
    let mut unitless: Vec<(usize, String, String, String)> = Vec::new();
    for (metric, watch) in &units {
        if watch.unitless.is_empty() {
            continue;
        }
        let unit = match &watch.unit {
            Some(u) => Some(u.clone()),
            None => writer.metric_unit(metric)?,
        };
        if let Some(unit) = unit {
            for (line, value) in &watch.unitless {
                unitless.push((*line, value.clone(), metric.clone(), unit.clone()));
            }
        }
    }
    unitless.sort();
    for (line, value, metric, unit) in unitless {
        summary.warn(format!(
            "line {line}: {}",
            super::add::unitless_warning(&value, &metric, &unit)
        ));
    }
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
    // Only `init` creates a ledger: an import into a mistyped path must not start one.
    let mut ledger = ctx.open()?;
    let bulk = !args.dry_run && ledger.begin_bulk_load()?;
    let bar = ctx.progress(None, "importing records");
    let summary = load_with(
        &mut ledger,
        input,
        format,
        label,
        args.new_source,
        args.dry_run,
        args.allow_future,
        &bar,
        &defaults,
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

impl Summary {
    fn warn(&mut self, message: String) {
        self.warned += 1;
        if self.warnings.len() < WARNING_EXAMPLES {
            self.warnings.push(message);
        }
    }
}
