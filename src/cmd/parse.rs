//! `parse`: show how a value is read.

use std::io::Write;

use serde_json::json;

use crate::cli::Format;
use crate::error::Result;
use crate::value::{self, Value};

/// Show how a value is read: its kind, unit, bounds.
///
/// Examples: "over $2 billion", "$3.5B-$4.5B", "超过20亿美元", "35亿至45亿美元",
/// "约1.3美元/小时", "100x", "yes", "Thrive Capital".
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The value, as a source wrote it
    #[arg(allow_hyphen_values = true)]
    pub value: String,
}

/// The JSON shape of a reading with its basis (spec §2, §4): `"basis"` is the basis its
/// words give, `"actual"` when none.
pub fn reading_with_basis(r: &value::Reading) -> serde_json::Value {
    let mut out = reading(&r.value);
    out["basis"] = json!(r.basis.unwrap_or_default().as_str());
    out
}

/// The JSON shape of a reading (spec §4).
pub fn reading(v: &Value) -> serde_json::Value {
    let mut out = json!({
        "kind": v.kind(),
        "unit": v.unit(),
        "low": v.low(),
        "high": v.high(),
        "bound": v.bound().map(|b| b.as_str()),
    });
    match v {
        Value::Boolean(b) => out["value"] = json!(b),
        Value::Time(t) | Value::Date(t) => out["value"] = json!(t),
        Value::Text(t) => out["value"] = json!(t),
        Value::Quantity(_) => {}
    }
    out
}

/// One line for people: "quantity: 3.5B–4.5B USD (range)".
pub fn describe(v: &Value) -> String {
    match v {
        Value::Quantity(q) => format!(
            "{} ({})",
            crate::render::range(q.low, q.high, q.unit.as_deref()),
            q.bound.as_str()
        ),
        Value::Boolean(b) => format!("{b} (boolean)"),
        Value::Time(t) => format!("{t} (time)"),
        Value::Date(d) => format!("{d} (date)"),
        Value::Text(t) => format!("'{t}' (text)"),
    }
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    let r = value::read(&args.value)?;
    let v = &r.value;
    let format = ctx.format_of(
        Format::Table,
        &[Format::Table, Format::Json, Format::Jsonl, Format::Markdown],
        "parse",
    )?;
    let mut out = ctx.out()?;
    match format {
        Format::Json => crate::render::json(&mut out, &reading_with_basis(&r))?,
        Format::Jsonl => writeln!(out, "{}", reading_with_basis(&r))?,
        _ => {
            let num = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_else(|| "(open)".into());
            let rows = vec![
                vec!["input".into(), args.value.clone()],
                vec!["kind".into(), v.kind().into()],
                vec!["unit".into(), v.unit().unwrap_or("(none)").into()],
                vec![
                    "low".into(),
                    if v.kind() == "quantity" {
                        num(v.low())
                    } else {
                        "—".into()
                    },
                ],
                vec![
                    "high".into(),
                    if v.kind() == "quantity" {
                        num(v.high())
                    } else {
                        "—".into()
                    },
                ],
                vec!["bound".into(), v.bound().map_or("—", |b| b.as_str()).into()],
                vec!["basis".into(), r.basis.unwrap_or_default().as_str().into()],
                vec!["read as".into(), describe(v)],
            ];
            if format == Format::Markdown {
                crate::render::markdown_table(&mut out, &["field", "reading"], rows)?;
            } else {
                crate::render::table(&mut out, &["field", "reading"], rows)?;
            }
        }
    }
    out.finish()
}
