//! `log`: the history, as a table or as the events themselves.

use std::io::Write;

use super::Format;
use crate::error::Result;
use crate::store::Event;

/// One line about what an event did.
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

/// The events, oldest first.
pub fn write(out: &mut dyn Write, events: &[Event], format: Format) -> Result<()> {
    match format {
        Format::Json => super::json(out, &events),
        Format::Jsonl => super::jsonl(out, events),
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
                super::markdown_table(out, &headers, rows)
            } else {
                super::table(out, &headers, rows)
            }
        }
    }
}
