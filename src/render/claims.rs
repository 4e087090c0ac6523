//! Claims as tables, JSON, JSON Lines, CSV and Markdown. JSON Lines is the lossless
//! record format (`export` → `import` round-trips); CSV carries the same fields.

use std::io::Write;

use crate::error::Result;
use crate::model::Claim;
use crate::render::Format;

/// The CSV columns, in the record format's names.
pub const CSV_COLUMNS: [&str; 24] = [
    "id",
    "key",
    "subject",
    "metric",
    "value",
    "kind",
    "unit",
    "low",
    "high",
    "bound",
    "basis",
    "period",
    "as_of",
    "source",
    "via",
    "date",
    "confidence",
    "quote",
    "url",
    "title",
    "authors",
    "tags",
    "notes",
    "status",
];

fn num(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_row(c: &Claim) -> Vec<String> {
    let text = |s: &Option<String>| super::csv_cell(s.as_deref().unwrap_or("")).into_owned();
    vec![
        c.id.to_string(),
        text(&c.key),
        super::csv_cell(&c.subject).into_owned(),
        super::csv_cell(&c.metric).into_owned(),
        super::csv_cell(&c.value).into_owned(),
        c.kind.to_string(),
        text(&c.unit),
        num(c.low),
        num(c.high),
        c.bound.clone().unwrap_or_default(),
        c.basis.as_str().to_string(),
        c.period.clone().unwrap_or_default(),
        c.as_of.clone().unwrap_or_default(),
        super::csv_cell(&c.source).into_owned(),
        text(&c.via),
        c.date.clone(),
        c.confidence.to_string(),
        text(&c.quote),
        text(&c.url),
        text(&c.title),
        super::csv_cell(&c.authors.join(";")).into_owned(),
        super::csv_cell(&c.tags.join(";")).into_owned(),
        text(&c.notes),
        c.status.as_str().to_string(),
    ]
}

fn when(c: &Claim) -> String {
    let as_of = c.as_of.as_deref().unwrap_or(&c.date);
    super::period_or_as_of(c.period.as_deref(), Some(as_of)).unwrap_or_default()
}

fn table_row(c: &Claim) -> Vec<String> {
    vec![
        c.id.to_string(),
        c.subject.clone(),
        c.metric.clone(),
        c.value.clone(),
        super::with_basis(super::range(c.low, c.high, c.unit.as_deref()), c.basis),
        when(c),
        c.source.clone(),
        c.date.clone(),
        c.confidence.to_string(),
        c.status.as_str().to_string(),
    ]
}

const TABLE_HEADERS: [&str; 10] = [
    "id",
    "subject",
    "metric",
    "value",
    "read as",
    "when",
    "source",
    "date",
    "confidence",
    "status",
];

/// Writes claims one at a time, so that an export never holds the ledger in memory
/// (tables and Markdown, made for people, are written at the end).
pub struct ClaimSink<'a> {
    out: &'a mut dyn Write,
    format: Format,
    rows: Vec<Vec<String>>,
    count: usize,
    started: bool,
    /// One claim's JSON or CSV, written to `out` in one piece.
    buf: Vec<u8>,
}

impl<'a> ClaimSink<'a> {
    pub fn new(out: &'a mut dyn Write, format: Format) -> Result<ClaimSink<'a>> {
        Ok(ClaimSink {
            out,
            format,
            rows: Vec::new(),
            count: 0,
            started: false,
            buf: Vec::new(),
        })
    }

    /// Writes the header or opening bracket, at the first claim or at the end, so that a
    /// query that fails before its first row leaves stdout empty.
    fn start(&mut self) -> Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        match self.format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut *self.out);
                w.write_record(CSV_COLUMNS).map_err(csv_err)?;
                w.flush()?;
            }
            Format::Json => write!(self.out, "[")?,
            _ => {}
        }
        Ok(())
    }

    pub fn push(&mut self, c: &Claim) -> Result<()> {
        self.start()?;
        match self.format {
            Format::Jsonl => {
                self.buf.clear();
                serde_json::to_writer(&mut self.buf, c).map_err(std::io::Error::from)?;
                self.buf.push(b'\n');
                self.out.write_all(&self.buf)?;
            }
            Format::Json => {
                self.buf.clear();
                let lead: &[u8] = if self.count == 0 { b"\n  " } else { b",\n  " };
                self.buf.extend_from_slice(lead);
                serde_json::to_writer(&mut self.buf, c).map_err(std::io::Error::from)?;
                self.out.write_all(&self.buf)?;
            }
            Format::Csv => {
                self.buf.clear();
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .buffer_capacity(1024)
                    .from_writer(&mut self.buf);
                w.write_record(csv_row(c)).map_err(csv_err)?;
                w.flush()?;
                drop(w);
                self.out.write_all(&self.buf)?;
            }
            // Commands refuse other formats before a sink is made; a table is the fallback.
            _ => self.rows.push(table_row(c)),
        }
        self.count += 1;
        Ok(())
    }

    /// Ends the output; returns how many claims were written.
    pub fn finish(mut self) -> Result<usize> {
        self.start()?;
        match self.format {
            Format::Json => writeln!(self.out, "{}]", if self.count == 0 { "" } else { "\n" })?,
            Format::Table if self.count == 0 => {}
            Format::Table => super::table(self.out, &TABLE_HEADERS, self.rows)?,
            Format::Markdown => super::markdown_table(self.out, &TABLE_HEADERS, self.rows)?,
            _ => {}
        }
        Ok(self.count)
    }
}

fn csv_err(e: csv::Error) -> crate::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => std::io::Error::other(format!("{other:?}")).into(),
    }
}
