//! `log`: the history of the ledger or of one claim.

use crate::cli::Format;
use crate::error::Result;
use crate::store::Event;

/// The history of the ledger, oldest first, or of one claim (by id or key): who changed
/// what, when, each entry chained to the previous one by SHA-256.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A claim's id or key
    pub claim: Option<String>,
}

fn summary(e: &Event) -> String {
    let p = &e.payload;
    let s = |k: &str| {
        p.get(k)
            .map(|v| {
                v.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| v.to_string())
            })
            .unwrap_or_default()
    };
    match e.action.as_str() {
        "ledger.init" => "ledger created with the built-in sources".into(),
        "claims.add" | "claims.import" => {
            let mut t = format!("{} claim(s) from {}", s("count"), s("from"));
            if let Some(n) = p
                .get("superseded")
                .and_then(|v| v.as_array())
                .filter(|a| !a.is_empty())
            {
                t.push_str(&format!(", {} superseding", n.len()));
            }
            t
        }
        "claim.retract" => format!("claim {} retracted: {}", s("claim"), s("reason")),
        "judgement.add" => format!("group {} {}", s("group"), s("verdict")),
        _ => s("name"),
    }
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let ledger = ctx.open()?;
    let claim = args.claim.as_deref().map(|c| ledger.claim(c)).transpose()?;
    let events = ledger.events(claim.as_ref().map(|c| c.id))?;
    let format = ctx.format_of(
        Format::Table,
        &[Format::Table, Format::Json, Format::Jsonl, Format::Markdown],
        "log",
    )?;
    let mut out = ctx.out()?;
    match format {
        Format::Json => crate::render::json(&mut out, &events)?,
        Format::Jsonl => crate::render::jsonl(&mut out, &events)?,
        _ => {
            let rows = events
                .iter()
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        e.at.clone(),
                        e.actor.clone(),
                        e.action.clone(),
                        summary(e),
                        e.hash[..12].to_string(),
                    ]
                })
                .collect();
            let headers = ["event", "at", "actor", "action", "what", "hash"];
            if format == Format::Markdown {
                crate::render::markdown_table(&mut out, &headers, rows)?;
            } else {
                crate::render::table(&mut out, &headers, rows)?;
            }
        }
    }
    out.finish()
}
