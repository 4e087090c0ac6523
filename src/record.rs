//! Claim records in files (spec §4): reading JSON Lines and CSV into validated drafts,
//! each problem named with its line and field. Pure apart from the reader it is given.

use std::collections::BTreeSet;
use std::io::{BufRead, Read};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

use crate::error::RecordError;
use crate::model::{Basis, Confidence, Derived, Draft, Status, document_fingerprint};
use crate::time;
use crate::value;

/// The input formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Jsonl,
    Csv,
}

/// Fields a record may carry; the first five are required.
pub const FIELDS: [&str; 17] = [
    "subject",
    "metric",
    "value",
    "source",
    "date",
    "key",
    "period",
    "as_of",
    "basis",
    "confidence",
    "quote",
    "url",
    "title",
    "authors",
    "via",
    "tags",
    "notes",
];
const REQUIRED: usize = 5;
/// Fields `export` adds; accepted on import (so exports re-import) and recomputed, except
/// `status`, which is applied.
pub const DERIVED: [&str; 7] = ["id", "kind", "unit", "low", "high", "bound", "status"];

/// One field's raw content.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Text(String),
    List(Vec<String>),
}

/// A record as read from a file, before validation.
#[derive(Debug, Clone, Default)]
pub struct RawRecord {
    pub line: usize,
    pub fields: Vec<(String, Field)>,
}

impl RawRecord {
    /// Gives the record each of `defaults` it lacks (or has empty): the source, date or
    /// URL of a whole file of claims from one article.
    pub fn fill(&mut self, defaults: &[(&str, String)]) {
        for (name, value) in defaults {
            let empty = match self.get(name) {
                None => true,
                Some(Field::Text(t)) => t.trim().is_empty(),
                Some(Field::List(l)) => l.is_empty(),
            };
            if empty {
                self.fields.retain(|(k, _)| k != name);
                self.fields
                    .push((name.to_string(), Field::Text(value.clone())));
            }
        }
    }

    fn get(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

fn suggest_field(name: &str) -> String {
    let best = FIELDS
        .iter()
        .chain(DERIVED.iter())
        .map(|f| (strsim::jaro_winkler(name, f), f))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, f)) if score > 0.8 => format!(" — did you mean '{f}'?"),
        _ => format!("; known fields are {}", FIELDS.join(", ")),
    }
}

fn check_field_name(name: &str, line: usize) -> Result<(), RecordError> {
    if FIELDS.contains(&name) || DERIVED.contains(&name) {
        Ok(())
    } else {
        Err(RecordError {
            line,
            field: Some(name.to_string()),
            message: format!("unknown field{}", suggest_field(name)),
        })
    }
}

fn check_text(s: &str) -> Result<(), String> {
    if s.contains('\0') {
        Err("contains a NUL byte; remove it".into())
    } else {
        Ok(())
    }
}

/// A JSON object read with its keys in order and duplicates kept, so that a key given
/// twice is reported instead of silently keeping the last.
struct Object(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Object;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    out.push((k, v));
                }
                Ok(Object(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn json_field(name: &str, v: serde_json::Value, line: usize) -> Result<Option<Field>, RecordError> {
    use serde_json::Value as J;
    let err = |message: String| RecordError {
        line,
        field: Some(name.to_string()),
        message,
    };
    let text = |s: String| check_text(&s).map(|_| Some(Field::Text(s))).map_err(err);
    let listy = name == "tags" || name == "authors";
    match v {
        J::Null => Ok(None),
        J::String(s) => text(s),
        J::Number(_) | J::Bool(_) if listy => Err(err(format!(
            "expected a list of strings such as [\"funding\"], found {v}"
        ))),
        J::Number(n) => text(n.to_string()),
        J::Bool(b) => text(b.to_string()),
        J::Array(items) if listy => {
            let mut list = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    J::String(s) => {
                        check_text(&s).map_err(err)?;
                        list.push(s);
                    }
                    other => return Err(err(format!("expected a list of strings, found {other}"))),
                }
            }
            Ok(Some(Field::List(list)))
        }
        J::Array(_) => Err(err("expected a string, found a list".into())),
        J::Object(_) => Err(err("expected a string, found an object".into())),
    }
}

/// Reads one JSON Lines record; `None` for a blank line.
fn jsonl_record(bytes: &[u8], line: usize) -> Option<Result<RawRecord, RecordError>> {
    let at = |message: String| RecordError {
        line,
        field: None,
        message,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Some(Err(at(format!(
                "not valid UTF-8 (byte {}); save the file as UTF-8",
                e.valid_up_to() + 1
            ))));
        }
    };
    if text.trim().is_empty() {
        return None;
    }
    let obj: Object = match serde_json::from_str(text) {
        Ok(o) => o,
        Err(e) => {
            let what = if e.is_data() {
                "expected one JSON object per line".to_string()
            } else {
                // serde_json counts lines within the one line it was given: keep the column.
                let full = e.to_string();
                let reason = full
                    .rsplit_once(" at line ")
                    .map_or(full.as_str(), |(r, _)| r);
                format!("not valid JSON at column {}: {reason}", e.column())
            };
            return Some(Err(at(what)));
        }
    };
    let mut seen = BTreeSet::new();
    let mut rec = RawRecord {
        line,
        fields: Vec::new(),
    };
    for (k, v) in obj.0 {
        if !seen.insert(k.clone()) {
            return Some(Err(RecordError {
                line,
                field: Some(k),
                message: "given twice in one record".into(),
            }));
        }
        if let Err(e) = check_field_name(&k, line) {
            return Some(Err(e));
        }
        match json_field(&k, v, line) {
            Ok(Some(f)) => rec.fields.push((k, f)),
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        }
    }
    Some(Ok(rec))
}

fn encoding_problem(start: &[u8]) -> Option<&'static str> {
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        Some("the file is UTF-16; save it as UTF-8")
    } else {
        None
    }
}

/// Reads records from `input`, calling `each` with every record or per-record problem.
/// A problem that makes the rest unreadable (wrong encoding, a bad CSV header) ends the
/// reading with an error of its own.
pub fn read(
    input: impl Read,
    format: InputFormat,
    each: impl FnMut(Result<RawRecord, RecordError>) -> crate::Result<()>,
) -> crate::Result<()> {
    read_with(input, format, &[], each)
}

/// [`read`], where the fields named in `provided` are filled in later (`import
/// --source`), so a CSV header need not have their columns.
pub fn read_with(
    input: impl Read,
    format: InputFormat,
    provided: &[&str],
    mut each: impl FnMut(Result<RawRecord, RecordError>) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let start = reader.fill_buf()?;
    if let Some(problem) = encoding_problem(start) {
        return each(Err(RecordError {
            line: 1,
            field: None,
            message: problem.into(),
        }));
    }
    if start.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    match format {
        InputFormat::Jsonl => read_jsonl(reader, each),
        InputFormat::Csv => read_csv(reader, provided, each),
    }
}

fn read_jsonl(
    mut reader: impl BufRead,
    mut each: impl FnMut(Result<RawRecord, RecordError>) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut buf = Vec::with_capacity(1024);
    let mut line = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        line += 1;
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        if let Some(r) = jsonl_record(&buf, line) {
            each(r)?;
        }
    }
}

/// Counts the double quotes that pass through: in well-formed CSV they pair up (an
/// escaped quote is doubled), so an odd count means a quoted field was never closed —
/// which the CSV reader would otherwise take as running to the end of the file.
struct QuoteCount<R> {
    inner: R,
    quotes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for QuoteCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let q = buf[..n].iter().filter(|b| **b == b'"').count() as u64;
        self.quotes.set(self.quotes.get() + q);
        Ok(n)
    }
}

fn read_csv(
    reader: impl Read,
    provided: &[&str],
    mut each: impl FnMut(Result<RawRecord, RecordError>) -> crate::Result<()>,
) -> crate::Result<()> {
    let quotes = std::rc::Rc::new(std::cell::Cell::new(0));
    let reader = QuoteCount {
        inner: reader,
        quotes: quotes.clone(),
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut records = csv.byte_records();
    let header = match records.next() {
        None => return Ok(()),
        Some(Err(e)) => {
            return each(Err(RecordError {
                line: 1,
                field: None,
                message: format!("cannot read the CSV header: {e}"),
            }));
        }
        Some(Ok(h)) => h,
    };
    let mut names = Vec::with_capacity(header.len());
    for raw in header.iter() {
        let problem = |message: String| RecordError {
            line: 1,
            field: None,
            message,
        };
        let Ok(name) = std::str::from_utf8(raw) else {
            return each(Err(problem(
                "the header is not valid UTF-8; save the file as UTF-8".into(),
            )));
        };
        let name = name.trim().to_string();
        if let Err(e) = check_field_name(&name, 1) {
            return each(Err(e));
        }
        if names.contains(&name) {
            return each(Err(problem(format!("column '{name}' appears twice"))));
        }
        names.push(name);
    }
    if let Some(missing) = FIELDS[..REQUIRED]
        .iter()
        .find(|f| !names.iter().any(|n| n == *f) && !provided.contains(f))
    {
        return each(Err(RecordError {
            line: 1,
            field: Some(missing.to_string()),
            message: format!(
                "required column missing; the header needs {}",
                FIELDS[..REQUIRED].join(", ")
            ),
        }));
    }
    let mut last: Option<(usize, usize)> = None;
    for row in records {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                each(Err(RecordError {
                    line,
                    field: None,
                    message: format!("unreadable CSV: {e}"),
                }))?;
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        last = Some((line, row.len()));
        each(csv_record(&names, &row, line))?;
    }
    if quotes.get() % 2 == 1 {
        let (line, fields) = last.unwrap_or((1, 0));
        return each(Err(RecordError {
            line,
            field: fields.checked_sub(1).and_then(|i| names.get(i)).cloned(),
            message: "a quoted field is never closed (a \" is missing); the rest of the file \
                      would be read into it"
                .into(),
        }));
    }
    Ok(())
}

fn csv_record(
    names: &[String],
    row: &csv::ByteRecord,
    line: usize,
) -> Result<RawRecord, RecordError> {
    if row.len() != names.len() {
        return Err(RecordError {
            line,
            field: None,
            message: format!(
                "{} fields where the header has {}; quote fields that contain commas",
                row.len(),
                names.len()
            ),
        });
    }
    let mut rec = RawRecord {
        line,
        fields: Vec::with_capacity(names.len()),
    };
    for (name, raw) in names.iter().zip(row.iter()) {
        let err = |message: String| RecordError {
            line,
            field: Some(name.clone()),
            message,
        };
        let text = std::str::from_utf8(raw)
            .map_err(|_| err("not valid UTF-8; save the file as UTF-8".into()))?;
        let text = crate::render::csv_uncell(text);
        check_text(text).map_err(err)?;
        if text.is_empty() {
            continue;
        }
        let field = if name == "tags" || name == "authors" {
            Field::List(split_list(text))
        } else {
            Field::Text(text.to_string())
        };
        rec.fields.push((name.clone(), field));
    }
    Ok(rec)
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

fn non_empty_text(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// Refuses a publication date after tomorrow (anywhere on Earth it is at most
/// tomorrow): a typo such as 9999-12-31 would otherwise sort first forever.
pub fn check_not_future(d: &crate::model::Draft, line: usize) -> Result<(), RecordError> {
    let tomorrow = chrono::Local::now().date_naive() + chrono::Days::new(1);
    if d.date.first > tomorrow {
        return Err(RecordError {
            line,
            field: Some("date".into()),
            message: format!(
                "'{}' is in the future; a publication date is at most tomorrow (give --allow-future if it is right)",
                d.date.text
            ),
        });
    }
    Ok(())
}

/// Checks a raw record and reads its values, dates and confidence. Names (sources,
/// subjects, metrics) are resolved later, against the ledger.
pub fn to_draft(raw: &RawRecord) -> Result<Draft, Vec<RecordError>> {
    let mut errors = Vec::new();
    let line = raw.line;
    let mut fail = |field: &str, message: String| {
        errors.push(RecordError {
            line,
            field: Some(field.to_string()),
            message,
        })
    };
    let text = |name: &str| match raw.get(name) {
        Some(Field::Text(s)) => Some(s.clone()),
        Some(Field::List(l)) => Some(l.join(";")),
        None => None,
    };
    let list = |name: &str| match raw.get(name) {
        Some(Field::List(l)) => l.clone(),
        Some(Field::Text(s)) => split_list(s),
        None => Vec::new(),
    };
    let required = |name: &str, fail: &mut dyn FnMut(&str, String)| match text(name)
        .map(|s| s.trim().to_string())
    {
        Some(s) if !s.is_empty() => s,
        Some(_) => {
            fail(name, "is empty".into());
            String::new()
        }
        None => {
            fail(name, "missing (required)".into());
            String::new()
        }
    };
    let subject = required("subject", &mut fail);
    let metric = required("metric", &mut fail);
    let source = required("source", &mut fail);
    let date_text = required("date", &mut fail);
    let value = text("value").unwrap_or_default();
    let parsed = match raw.get("value") {
        None => {
            fail("value", "missing (required)".into());
            None
        }
        Some(_) => value::read(&value)
            .map_err(|e| fail("value", format!("expected {}", e.expected)))
            .ok(),
    };
    let given = non_empty_text(text("basis"))
        .and_then(|b| Basis::parse(&b).map_err(|e| fail("basis", e)).ok());
    let date = if date_text.is_empty() {
        None
    } else {
        time::parse_date(&date_text)
            .map_err(|e| fail("date", e))
            .ok()
    };
    let period =
        text("period").and_then(|p| time::parse_period(&p).map_err(|e| fail("period", e)).ok());
    let as_of =
        text("as_of").and_then(|d| time::parse_as_of(&d).map_err(|e| fail("as_of", e)).ok());
    if period.is_some() && as_of.is_some() {
        fail(
            "as_of",
            "give either period (a flow, such as a year's revenue) or as_of (a state, such as a \
             valuation), not both"
                .into(),
        );
    }
    let confidence = match text("confidence") {
        None => Some(Confidence::parse("reported").unwrap_or(Confidence {
            score: 0.8,
            label: Some("reported"),
        })),
        Some(c) => Confidence::parse(&c)
            .map_err(|e| fail("confidence", e))
            .ok(),
    };
    let status = text("status").and_then(|s| {
        Status::parse(&s)
            .ok_or_else(|| {
                fail(
                    "status",
                    format!("'{s}' is not active, retracted or superseded"),
                )
            })
            .ok()
    });
    let non_empty = |name: &str| text(name).filter(|s| !s.trim().is_empty());
    let key = non_empty("key").map(|k| k.trim().to_string());
    let via = non_empty("via").map(|v| v.trim().to_string());
    match (parsed, date, confidence) {
        (Some(reading), Some(date), Some(confidence)) if errors.is_empty() => {
            let (quote, title, notes) = (text("quote"), non_empty("title"), text("notes"));
            // An explicit basis wins over the value's words; one that only repeats them
            // is not kept apart, so an exported record re-imports as the same claim.
            let read_basis = reading.basis.unwrap_or_default();
            let basis = given.unwrap_or(read_basis);
            let basis_given = given.filter(|&b| b != read_basis);
            let (url, authors) = (non_empty("url"), list("authors"));
            Ok(Draft {
                derived: Derived::of(&reading.value, period.as_ref(), as_of.as_ref(), &date),
                document: document_fingerprint(
                    &date.text,
                    url.as_deref(),
                    title.as_deref(),
                    &authors,
                ),
                presumed: None,
                search_text: crate::search::index_text(&[
                    quote.as_deref(),
                    title.as_deref(),
                    notes.as_deref(),
                ]),
                key,
                subject,
                metric,
                value,
                parsed: reading.value,
                basis,
                basis_given,
                period,
                as_of,
                source,
                date,
                confidence,
                quote,
                url,
                title,
                authors,
                via,
                tags: list("tags"),
                notes,
                status,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(text: &str) -> Vec<Result<RawRecord, RecordError>> {
        let mut out = Vec::new();
        read(text.as_bytes(), InputFormat::Jsonl, |r| {
            out.push(r);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn a_good_record_becomes_a_draft() {
        let recs = jsonl(
            r#"{"subject":"OpenAI","metric":"revenue","value":"$3.5B-$4.5B","period":"2024","source":"The Information","date":"2024-07-24","tags":["funding"]}"#,
        );
        let draft = to_draft(recs[0].as_ref().unwrap()).unwrap();
        assert_eq!(draft.period.unwrap().text, "2024");
        assert_eq!(draft.tags, vec!["funding"]);
        assert_eq!(draft.confidence.label, Some("reported"));
    }

    #[test]
    fn a_hash_computed_ahead_is_used_only_for_the_names_it_presumed() {
        let recs = jsonl(
            r#"{"subject":"OpenAI","metric":"revenue","value":"$3.5B","period":"2024","source":"NYT","date":"2024-09-27"}"#,
        );
        let mut draft = to_draft(recs[0].as_ref().unwrap()).unwrap();
        let fresh = |d: &Draft, source: &str| d.canonical("OpenAI", "revenue", source, None).hash();
        draft.presume("The New York Times", None);
        let nyt = draft.hash("OpenAI", "revenue", "The New York Times", None);
        assert_eq!(nyt, fresh(&draft, "The New York Times"));
        // The ledger spelled the source otherwise: the hash follows the ledger.
        let other = draft.hash("OpenAI", "revenue", "NYT", None);
        assert_eq!(other, fresh(&draft, "NYT"));
        assert_ne!(other, nyt);
        assert_eq!(
            draft.hash("OpenAI", "Revenue", "The New York Times", None),
            draft
                .canonical("OpenAI", "Revenue", "The New York Times", None)
                .hash()
        );
    }

    #[test]
    fn every_problem_is_named_with_line_and_field() {
        let recs = jsonl(
            "\n{\"subject\":\"OpenAI\",\"metric\":\"revenue\",\"value\":\"\",\"source\":\"Reuters\",\"date\":\"2024-02-30\"}\n",
        );
        assert_eq!(recs.len(), 1, "blank lines are skipped");
        let errs = to_draft(recs[0].as_ref().unwrap()).unwrap_err();
        let fields: Vec<_> = errs
            .iter()
            .map(|e| (e.line, e.field.clone().unwrap()))
            .collect();
        assert_eq!(fields, vec![(2, "value".into()), (2, "date".into())]);
    }

    #[test]
    fn duplicate_and_unknown_fields_are_refused() {
        let recs = jsonl("{\"subject\":\"a\",\"subject\":\"b\"}\n{\"perod\":\"2024\"}\n[1]\n");
        let msgs: Vec<String> = recs
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert_eq!(
            msgs,
            vec![
                "line 1, field 'subject': given twice in one record",
                "line 2, field 'perod': unknown field — did you mean 'period'?",
                "line 3: expected one JSON object per line",
            ]
        );
    }

    #[test]
    fn utf16_is_refused_with_a_way_out() {
        let recs = jsonl("\u{FEFF}");
        assert!(recs.is_empty(), "a UTF-8 BOM alone is an empty file");
        let mut out = Vec::new();
        read(&[0xFF, 0xFE, b'{', 0][..], InputFormat::Jsonl, |r| {
            out.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(
            out[0].as_ref().unwrap_err().message,
            "the file is UTF-16; save it as UTF-8"
        );
    }
}
