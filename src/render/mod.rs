//! Writing results for people and programs: tables (comfy-table, CJK-width aware),
//! JSON, JSON Lines, CSV and Markdown, into any `impl Write`. The only module that
//! knows how output looks.

pub mod claimreview;
pub mod claims;
pub mod evidence;
pub mod html;
pub mod log;
pub mod names;
pub mod parse;
pub mod report;
pub mod show;
pub mod spill;
pub mod timeline;
pub mod truth;
pub mod verify;
pub mod wrap;

use std::borrow::Cow;
use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use crate::error::Result;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for people (the default)
    Table,
    /// One JSON document
    Json,
    /// One JSON object per line
    Jsonl,
    /// Comma-separated values, spreadsheet-safe
    Csv,
    /// A Markdown document
    Markdown,
    /// A self-contained web page with charts (`contradictions`, `timeline`)
    Html,
    /// schema.org ClaimReview JSON-LD for judged contradictions (`export`)
    Claimreview,
}

/// Text safe to print on a terminal: control characters a source's text may carry
/// (escape sequences, bells) are shown as `\x1b`, never sent; invisible and
/// direction-control characters as `\u{200b}`; line breaks and tabs stay.
pub fn printable(s: &str) -> Cow<'_, str> {
    let invisible = crate::lookalike::is_invisible;
    // Most text is printable ASCII: settle that byte by byte, without decoding.
    if s.bytes()
        .all(|b| (b' '..b'\x7f').contains(&b) || b == b'\n' || b == b'\t')
    {
        return Cow::Borrowed(s);
    }
    if !s
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || invisible(c))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else if invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A table for the terminal, fitted to its width (else 120 columns) without breaking
/// a word: see [`wrap`].
pub fn table(out: &mut dyn Write, headers: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let total = Table::new().width().map_or(120, usize::from);
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
    cells.push(headers.iter().map(|h| h.to_string()).collect());
    cells.extend(
        rows.into_iter()
            .map(|row| row.iter().map(|c| printable(c).into_owned()).collect()),
    );
    let widths = wrap::widths(&cells, total);
    let fitted = |row: &Vec<String>| -> Vec<String> {
        row.iter()
            .enumerate()
            .map(|(i, c)| wrap::wrap(c, widths[i]))
            .collect()
    };
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(fitted(&cells[0]));
    for row in &cells[1..] {
        t.add_row(fitted(row));
    }
    writeln!(out, "{t}")?;
    Ok(())
}

/// Text safe inside a Markdown table cell.
pub fn md_cell(s: &str) -> String {
    printable(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

pub fn markdown_table(out: &mut dyn Write, headers: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(headers.len()))?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| md_cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A CSV document: a header line, then the rows, each cell spreadsheet-safe.
pub fn csv_rows(out: &mut dyn Write, headers: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(headers).map_err(std::io::Error::from)?;
    for row in rows {
        w.write_record(row.iter().map(|c| csv_cell(c).into_owned()))
            .map_err(std::io::Error::from)?;
    }
    w.flush()?;
    Ok(())
}

/// A CSV cell that a spreadsheet will show as text, never run as a formula: cells that
/// start with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading apostrophe.
/// `import` removes exactly that apostrophe again, so CSV round-trips.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undoes [`csv_cell`].
pub fn csv_uncell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// A number for people: 3500000000 → 3.5B, 0.35 → 0.35, 1500 → 1,500.
pub fn human(x: f64) -> String {
    if !x.is_finite() {
        return if x > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    let a = x.abs();
    let (v, suffix) = if a >= 1e12 {
        (x / 1e12, "T")
    } else if a >= 1e9 {
        (x / 1e9, "B")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e4 {
        (x / 1e3, "K")
    } else {
        (x, "")
    };
    let mut s = format!("{v:.3}");
    while s.contains('.') && (s.ends_with('0') || s.ends_with('.')) {
        s.pop();
    }
    format!("{s}{suffix}")
}

/// A source's name with the outlet that relayed it: "Reuters (via The Information)".
/// Every writer names a relayed claim's source through this.
pub fn via_label(source: &str, via: Option<&str>) -> String {
    match via {
        Some(v) => format!("{source} (via {v})"),
        None => source.to_string(),
    }
}

/// When a figure holds, in words: its period ("2024", "2024-Q3") for a flow, else
/// "as of DATE" for a state; `None` when it has neither. Every writer says "period or
/// as-of" through this.
pub fn period_or_as_of(period: Option<&str>, as_of: Option<&str>) -> Option<String> {
    match (period, as_of) {
        (Some(p), _) => Some(p.to_string()),
        (None, Some(a)) => Some(format!("as of {a}")),
        (None, None) => None,
    }
}

/// A range for people, with its unit: "3.5B–4.5B USD", "≥ 2B USD".
pub fn range(low: Option<f64>, high: Option<f64>, unit: Option<&str>) -> String {
    let body = match (low, high) {
        (Some(l), Some(h)) if l == h => human(l),
        (Some(l), Some(h)) => format!("{}–{}", human(l), human(h)),
        (Some(l), None) => format!("≥ {}", human(l)),
        (None, Some(h)) => format!("≤ {}", human(h)),
        (None, None) => "—".into(),
    };
    match unit {
        Some(u) => format!("{body} {u}"),
        None => body,
    }
}

/// A reading with its basis when it is not an actual figure: "3.4B USD (run rate)".
pub fn with_basis(reading: String, basis: crate::model::Basis) -> String {
    match basis_words(basis) {
        Some(w) => format!("{reading} ({w})"),
        None => reading,
    }
}

/// The basis in words for people; `None` for actual figures.
pub fn basis_words(basis: crate::model::Basis) -> Option<&'static str> {
    use crate::model::Basis;
    match basis {
        Basis::Actual => None,
        Basis::RunRate => Some("run rate"),
        Basis::Forecast => Some("forecast"),
        Basis::PreMoney => Some("pre-money"),
        Basis::PostMoney => Some("post-money"),
        Basis::Secondary => Some("secondary sale"),
    }
}

/// JSON, pretty for one document.
pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// One value as compact JSON, with no line end: an element of a streamed array.
pub fn json_compact(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    Ok(())
}

/// JSON Lines: each value as compact JSON on its own line.
pub fn jsonl<'a, T: serde::Serialize + 'a>(
    out: &mut dyn Write,
    values: impl IntoIterator<Item = &'a T>,
) -> Result<()> {
    for v in values {
        json_compact(out, v)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for s in ["=HYPERLINK(\"x\")", "+1", "-5%", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(s), format!("'{s}"));
            assert_eq!(csv_uncell(&csv_cell(s)), s);
        }
        assert_eq!(csv_cell("$3.5B"), "$3.5B");
        assert_eq!(csv_uncell("'quoted'"), "'quoted'");
    }

    #[test]
    fn numbers_read_like_a_newsroom_writes_them() {
        assert_eq!(human(3.5e9), "3.5B");
        assert_eq!(human(1.3), "1.3");
        assert_eq!(human(150e9), "150B");
        assert_eq!(range(Some(2e9), None, Some("USD")), "≥ 2B USD");
    }
}
