//! Loading claim records into the ledger, all or nothing.

use crate::error::{Error, RecordError, Result};
use crate::model::norm_name;
use crate::record::{self, InputFormat};
use crate::store::Outcome;

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

/// Fields given on the command line for records that lack them.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub fields: Vec<(&'static str, String)>,
}

/// The ledger's spelling of each source, by the key its names are looked up by: the
/// reading thread hashes each claim with the names the ledger will give it. Outlets are
/// the names most often written another way (`NYT`, `纽约时报`); a subject or metric
/// spelled otherwise only leaves its claim's hash to the writer.
fn source_spellings(
    ledger: &dyn crate::store::Store,
) -> Result<std::collections::HashMap<String, String>> {
    let mut found = std::collections::HashMap::new();
    for (name, others) in ledger.spellings(crate::store::NameKind::Source)? {
        for spelling in others.iter().chain([&name]) {
            found.insert(norm_name(spelling), name.clone());
        }
    }
    Ok(found)
}

/// What the reading thread hands over: a checked record, or what is wrong with it.
enum Read {
    Draft(usize, Box<crate::model::Draft>),
    Bad(Vec<RecordError>),
}

/// Records travel in batches, so that the threads meet rarely.
const BATCH: usize = 512;

/// Reads every record of `input` into the ledger in one transaction.
#[allow(clippy::too_many_arguments)] // the switches of `import`, each a plain flag
pub fn load(
    ledger: &mut dyn crate::store::Store,
    input: impl std::io::Read + Send,
    format: InputFormat,
    label: &str,
    new_source: bool,
    dry_run: bool,
    allow_future: bool,
    progress: &(dyn Fn(u64) + Sync),
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
    ledger: &mut dyn crate::store::Store,
    input: impl std::io::Read + Send,
    format: InputFormat,
    label: &str,
    new_source: bool,
    dry_run: bool,
    allow_future: bool,
    progress: &(dyn Fn(u64) + Sync),
    defaults: &Defaults,
) -> Result<Summary> {
    let sources = source_spellings(ledger)?;
    let mut writer = ledger.writer(crate::store::WriterOptions {
        new_sources: new_source,
        keep_records: false,
        bulk: !dry_run,
    })?;
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
                        Ok((line, Ok(mut d))) => match record::check_not_future(&d, line) {
                            Err(e) if !allow_future => Read::Bad(vec![e]),
                            _ => {
                                let spelled = |s: &str| {
                                    sources
                                        .get(&norm_name(s))
                                        .cloned()
                                        .unwrap_or_else(|| s.trim().to_string())
                                };
                                let (source, via) =
                                    (spelled(&d.source), d.via.as_deref().map(spelled));
                                d.presume(&source, via.as_deref());
                                Read::Draft(line, Box::new(d))
                            }
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
            progress(batch.len() as u64);
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
                                    text_warning(&draft.value, &words)
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
            unitless_warning(&value, &metric, &unit)
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

/// The warning for a value that looks like a figure but is kept as text: it names the
/// words that were not understood.
pub fn text_warning(value: &str, words: &str) -> String {
    format!(
        "value '{value}' looks like a figure but is kept as text (not understood: '{words}'); \
         it will not be compared with figures. Rewrite it as a figure, such as '$13 billion' \
         or '约130亿美元', with --basis for its kind"
    )
}

/// The warning for a figure without a unit where the metric's other claims have one.
pub fn unitless_warning(value: &str, metric: &str, unit: &str) -> String {
    format!(
        "value '{value}' has no unit, but other claims of metric '{metric}' are in {unit}; \
         figures of different units are never compared. Write the unit ({unit}) in the value"
    )
}

impl Summary {
    fn warn(&mut self, message: String) {
        self.warned += 1;
        if self.warnings.len() < WARNING_EXAMPLES {
            self.warnings.push(message);
        }
    }
}
