//! SQLite's ceiling for a bulk load, the baseline of the import benchmark: the same
//! records inserted as plain rows (the record's fields as columns, the bounds as REAL)
//! into one table without indexes, with one prepared statement in one transaction (WAL,
//! synchronous=NORMAL). Reads the JSON Lines that `crosscheck export` writes (which
//! carry `low`/`high`), so no value is parsed here.
//!
//! `cargo run --release --example ceiling -- export.jsonl ceiling.db`

use std::io::BufRead;

use rusqlite::{Connection, params};

#[derive(serde::Deserialize)]
struct Row {
    key: Option<String>,
    subject: String,
    metric: String,
    value: String,
    period: Option<String>,
    as_of: Option<String>,
    source: String,
    via: Option<String>,
    date: String,
    confidence: serde_json::Value,
    quote: Option<String>,
    url: Option<String>,
    tags: Option<Vec<String>>,
    unit: Option<String>,
    low: Option<f64>,
    high: Option<f64>,
    bound: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (input, db) = match args.as_slice() {
        [_, i, d] => (i, d),
        _ => return Err("usage: ceiling INPUT.jsonl OUTPUT.db".into()),
    };
    let _ = std::fs::remove_file(db);
    let mut conn = Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(
        "CREATE TABLE claims (key TEXT, subject TEXT, metric TEXT, value TEXT, period TEXT,
           as_of TEXT, source TEXT, via TEXT, date TEXT, confidence TEXT, quote TEXT, url TEXT,
           tags TEXT, unit TEXT, low REAL, high REAL, bound TEXT)",
    )?;
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO claims VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
               ?14, ?15, ?16, ?17)",
        )?;
        let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(input)?);
        for line in file.lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let r: Row = serde_json::from_str(&line)?;
            stmt.execute(params![
                r.key,
                r.subject,
                r.metric,
                r.value,
                r.period,
                r.as_of,
                r.source,
                r.via,
                r.date,
                r.confidence.to_string(),
                r.quote,
                r.url,
                r.tags.map(|t| t.join(";")),
                r.unit,
                r.low,
                r.high,
                r.bound,
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}
