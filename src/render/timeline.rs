//! A metric's timeline as a table or Markdown: when, value, a bar, the change from the
//! previous point, who reported it and which contradictions it is in. (HTML is in
//! `render::html`, JSON is the points themselves.)

use std::io::Write;

use crate::error::Result;
use crate::ops::timeline::Point;

fn bar(x: Option<f64>, max: f64, width: usize) -> String {
    match x {
        Some(v) if max > 0.0 && v >= 0.0 => {
            let n = ((v / max) * width as f64).round() as usize;
            "█".repeat(n.max(1))
        }
        _ => String::new(),
    }
}

/// The points as a table (`markdown`: a Markdown table).
pub fn table(out: &mut dyn Write, points: &[Point], markdown: bool) -> Result<()> {
    let max = points.iter().filter_map(|p| p.mid).fold(0.0, f64::max);
    let rows = points
        .iter()
        .map(|p| {
            let change = match (p.change, p.change_pct) {
                (Some(c), Some(pc)) => format!(
                    "{}{} ({:+.0}%)",
                    if c >= 0.0 { "+" } else { "−" },
                    super::human(c.abs()),
                    pc
                ),
                (Some(c), None) => format!("{c:+}"),
                _ => String::new(),
            };
            let mut flags = p.contradictions.clone();
            flags.extend(p.notes.iter().cloned());
            let when = p
                .period
                .clone()
                .or_else(|| p.as_of.clone())
                .unwrap_or_else(|| p.when.clone());
            vec![
                super::report::with_basis_word(when, p.basis),
                p.value.clone(),
                format!(
                    "{} {}",
                    bar(p.mid, max, 24),
                    p.mid.map(super::human).unwrap_or_default()
                ),
                change,
                super::via_label(&p.source, p.via.as_deref()),
                p.date.clone(),
                flags.join("; "),
            ]
        })
        .collect();
    let headers = [
        "when",
        "value",
        "",
        "change",
        "source",
        "reported",
        "contradiction",
    ];
    if markdown {
        super::markdown_table(out, &headers, rows)
    } else {
        super::table(out, &headers, rows)
    }
}
