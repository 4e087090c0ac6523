//! `parse`: how a value is read, for people and as JSON (spec §4).

use crate::model::Kind;
use std::io::Write;

use serde_json::json;

use crate::error::Result;
use crate::render::Format;
use crate::value::{self, Value};

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

/// Writes how `input` was read.
pub fn write(out: &mut dyn Write, input: &str, r: &value::Reading, format: Format) -> Result<()> {
    let v = &r.value;
    match format {
        Format::Json => crate::render::json(out, &reading_with_basis(r))?,
        Format::Jsonl => writeln!(out, "{}", reading_with_basis(r))?,
        _ => {
            let num = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_else(|| "(open)".into());
            let rows = vec![
                vec!["input".into(), input.to_string()],
                vec!["kind".into(), v.kind().to_string()],
                vec!["unit".into(), v.unit().unwrap_or("(none)").into()],
                vec![
                    "low".into(),
                    if v.kind() == Kind::Quantity {
                        num(v.low())
                    } else {
                        "—".into()
                    },
                ],
                vec![
                    "high".into(),
                    if v.kind() == Kind::Quantity {
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
                crate::render::markdown_table(out, &["field", "reading"], rows)?;
            } else {
                crate::render::table(out, &["field", "reading"], rows)?;
            }
        }
    }
    Ok(())
}
