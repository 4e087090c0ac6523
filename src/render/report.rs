//! The contradiction report: a terminal table per group, a Markdown brief, JSON.

use std::io::Write;

use crate::detect::{Camp, Group, Member};
use crate::error::Result;

fn when(g: &Group) -> String {
    match (&g.period, &g.as_of) {
        (Some(p), _) => p.clone(),
        (None, Some(a)) => format!("as of {a}"),
        _ => String::new(),
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn source_label(m: &Member) -> String {
    match &m.via {
        Some(v) => format!("{} (via {v})", m.source),
        None => m.source.clone(),
    }
}

fn camp_label(i: usize) -> String {
    char::from_u32('A' as u32 + i as u32 % 26)
        .map(String::from)
        .unwrap_or_default()
}

fn read_as(m: &Member, unit: Option<&str>) -> String {
    match (m.low, m.high) {
        (None, None) => String::new(),
        _ => super::range(m.low, m.high, unit),
    }
}

/// One line that says what the group is.
fn headline(g: &Group) -> String {
    let mut parts = vec![
        format!(
            "{} — {} {} {}",
            g.kind.as_str().to_uppercase(),
            g.subject,
            g.metric,
            when(g)
        ),
        format!("severity {:.2}", g.severity),
    ];
    if let Some(gap) = g.gap {
        parts.push(format!("gap {}", pct(gap)));
    }
    parts.push(format!("status {}", g.status));
    parts.push(format!("group {}", g.id));
    parts.join(" · ")
}

fn camp_summary(c: &Camp) -> String {
    let origins = if c.origins == 1 {
        "1 independent source".to_string()
    } else {
        format!("{} independent sources", c.origins)
    };
    format!("{origins}, support {:.2}", c.support)
}

pub fn table(out: &mut dyn Write, groups: &[Group]) -> Result<()> {
    if groups.is_empty() {
        writeln!(out, "No contradictions found.")?;
        return Ok(());
    }
    let conflicts = groups
        .iter()
        .filter(|g| g.kind == crate::detect::Verdict::Conflict)
        .count();
    writeln!(
        out,
        "{} contradiction(s): {} conflict(s), {} tension(s)\n",
        groups.len(),
        conflicts,
        groups.len() - conflicts
    )?;
    for g in groups {
        writeln!(out, "{}", headline(g))?;
        let mut rows = Vec::new();
        for (i, c) in g.camps.iter().enumerate() {
            for m in &c.claims {
                rows.push(vec![
                    format!("{} ({})", camp_label(i), camp_summary(c)),
                    m.id.to_string(),
                    source_label(m),
                    m.date.clone(),
                    m.value.clone(),
                    read_as(m, g.unit.as_deref()),
                    format!("{:.2}", m.confidence),
                ]);
            }
        }
        for m in &g.neutral {
            rows.push(vec![
                "agrees with all".into(),
                m.id.to_string(),
                source_label(m),
                m.date.clone(),
                m.value.clone(),
                read_as(m, g.unit.as_deref()),
                format!("{:.2}", m.confidence),
            ]);
        }
        super::table(
            out,
            &[
                "camp",
                "claim",
                "source",
                "date",
                "value",
                "read as",
                "confidence",
            ],
            rows,
        )?;
        for n in &g.notes {
            writeln!(out, "  note: {n}")?;
        }
        if let Some(j) = &g.judgement {
            let detail = match (&j.correct_claim, &j.reason) {
                (Some(c), _) => format!("claim {c} marked correct"),
                (None, Some(r)) => format!("dismissed: {r}"),
                _ => String::new(),
            };
            writeln!(
                out,
                "  judged {} by {} on {}: {detail}",
                j.verdict,
                j.actor,
                &j.at[..j.at.len().min(10)]
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// A brief an editor can paste: per group a sentence, the claims, numbered citations.
pub fn markdown(out: &mut dyn Write, groups: &[Group]) -> Result<()> {
    writeln!(out, "# Contradictions\n")?;
    if groups.is_empty() {
        writeln!(out, "No contradictions found.")?;
        return Ok(());
    }
    for g in groups {
        writeln!(
            out,
            "## {} {} {} — {} (severity {:.2})\n",
            super::md_cell(&g.subject),
            super::md_cell(&g.metric),
            when(g),
            g.kind.as_str(),
            g.severity
        )?;
        let sides: Vec<String> = g
            .camps
            .iter()
            .map(|c| {
                let who: Vec<String> = c
                    .claims
                    .iter()
                    .map(|m| format!("{} ({}) said \"{}\"", m.source, m.date, m.value))
                    .collect();
                who.join(" and ")
            })
            .collect();
        let gap = g
            .gap
            .map(|x| format!(" — a {} gap", pct(x)))
            .unwrap_or_default();
        writeln!(out, "{}{gap}.\n", super::md_cell(&sides.join("; but ")))?;
        let mut rows = Vec::new();
        for (i, c) in g.camps.iter().enumerate() {
            for m in &c.claims {
                rows.push(vec![
                    camp_label(i),
                    m.id.to_string(),
                    source_label(m),
                    m.date.clone(),
                    m.value.clone(),
                    read_as(m, g.unit.as_deref()),
                ]);
            }
        }
        super::markdown_table(
            out,
            &["camp", "claim", "source", "date", "value", "read as"],
            rows,
        )?;
        writeln!(out, "\nGroup `{}`, status {}.", g.id, g.status)?;
        for n in &g.notes {
            writeln!(out, "\n> {}", super::md_cell(n))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// A group as JSON: its fields in order, plus how many claims it holds.
#[derive(serde::Serialize)]
struct GroupOut<'a> {
    #[serde(flatten)]
    group: &'a Group,
    claims: usize,
}

fn group_out(g: &Group) -> GroupOut<'_> {
    GroupOut {
        group: g,
        claims: g.claim_ids.len(),
    }
}

pub fn json(out: &mut dyn Write, groups: &[Group]) -> Result<()> {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        groups: Vec<GroupOut<'a>>,
    }
    super::json(
        out,
        &Report {
            groups: groups.iter().map(group_out).collect(),
        },
    )
}

pub fn jsonl(out: &mut dyn Write, groups: &[Group]) -> Result<()> {
    for g in groups {
        serde_json::to_writer(&mut *out, &group_out(g)).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}
