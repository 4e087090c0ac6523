//! `demo`: the founding article, loaded and cross-checked.

use std::path::PathBuf;

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::record::InputFormat;
use crate::store::Filter;

/// The founding article's claims (fixtures/founding.jsonl), built into the binary.
pub const FOUNDING: &str = include_str!("../../fixtures/founding.jsonl");

const DEFAULT_DB: &str = "crosscheck-demo.db";

/// Build a fresh ledger from the founding article's claims and print its contradiction
/// report.
///
/// The article (Chinese, September 2024) cites The Information, Reuters, the FT, the NYT,
/// Bloomberg and CNBC on OpenAI's money. The report flags The Information's $3.5–4.5B
/// revenue against the NYT's "over $2 billion" — and does not flag the valuation rising
/// from $80B to $150B, which is change over time.
///
/// The ledger goes to --db (which must not exist yet), else ./crosscheck-demo.db, rebuilt
/// each time.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, ctx: &super::Ctx) -> Result<()> {
    let explicit = ctx.db_named;
    let path = if explicit {
        ctx.db.clone()
    } else {
        PathBuf::from(DEFAULT_DB)
    };
    if path.exists() {
        if explicit {
            return Err(Error::Usage(format!(
                "{} already exists; the demo builds a new ledger — give a path that does not exist",
                path.display()
            )));
        }
        // Rebuild our own demo ledger, but never delete a file that is not one.
        drop(crate::store::open(&path, false)?);
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", path.display()));
            if p.exists() {
                std::fs::remove_file(&p).map_err(|source| Error::Write {
                    path: p.clone(),
                    source,
                })?;
            }
        }
    }
    let mut ledger = ctx.with_actor(crate::store::open(&path, true)?)?;
    let summary = crate::ops::import::load(
        ledger.as_mut(),
        FOUNDING.as_bytes(),
        InputFormat::Jsonl,
        "the founding article",
        true,
        false,
        false,
        &|_| {},
    )?;
    ctx.say(format!(
        "Built {} from the founding article: {} claims.\n",
        path.display(),
        summary.added
    ));
    let format = ctx.format_of(
        Format::Table,
        &[Format::Table, Format::Json, Format::Markdown],
        "demo",
    )?;
    let mut out = ctx.out()?;
    if format == Format::Table {
        use std::io::Write;
        writeln!(out, "What Reuters and The Information said:")?;
        let filter = Filter {
            sources: vec!["Reuters".into(), "The Information".into()],
            ..Filter::default()
        };
        let mut sink = crate::render::claims::ClaimSink::new(&mut out, Format::Table)?;
        ledger.claims(&filter, &mut |c| sink.push(&c))?;
        sink.finish()?;
        writeln!(out, "\nContradictions:")?;
    }
    let options = crate::ops::contradictions::ReportOptions::default();
    let groups = crate::ops::contradictions::report(ledger.as_ref(), &options)?;
    let evidence = crate::ops::contradictions::urls(&*ledger, &groups)?;
    super::contradictions::write(&groups, format, &evidence, &mut out)?;
    out.finish()?;
    if format == Format::Table {
        ctx.say(format!(
            "Explore it: crosscheck --db {} timeline --subject OpenAI --metric valuation",
            path.display()
        ));
    }
    Ok(())
}
