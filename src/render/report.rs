//! The contradiction report: a terminal table per group, a Markdown brief, JSON.

use std::io::Write;

use crate::detect::{Camp, Group, Member};
use crate::error::Result;

fn when(g: &Group) -> String {
    let span = as_of_span(g, |d| d.to_string());
    super::period_or_as_of(g.period.as_deref(), span.as_deref()).unwrap_or_default()
}

/// When a state group's claims held, from each claim's own as-of (else its date):
/// one time, or the first and last ("Apr 2026 – 12 May 2026"). `None` for flows.
pub fn as_of_span(g: &Group, show: impl Fn(&str) -> String) -> Option<String> {
    g.as_of.as_ref()?;
    let mut times: Vec<&str> = g
        .camps
        .iter()
        .flat_map(|c| &c.claims)
        .chain(&g.neutral)
        .map(|m| m.as_of.as_deref().unwrap_or(&m.date))
        .collect();
    times.sort_unstable();
    times.dedup();
    match times.as_slice() {
        [] => g.as_of.as_deref().map(&show),
        [one] => Some(show(one)),
        [first, .., last] => Some(format!("{} – {}", show(first), show(last))),
    }
}

/// A claim's date with its own as-of when that differs: "2026-02-12, as of 2026-03".
pub fn claim_when(m: &Member, show: impl Fn(&str) -> String) -> String {
    match &m.as_of {
        Some(a) if *a != m.date => format!("{}, as of {}", show(&m.date), show(a)),
        _ => show(&m.date),
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn source_label(m: &Member) -> String {
    super::via_label(&m.source, m.via.as_deref())
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
            with_basis_word(when(g), g.basis)
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
    let conflicts = groups
        .iter()
        .filter(|g| g.kind == crate::detect::Verdict::Conflict)
        .count();
    table_summary(out, groups.len(), conflicts, groups.len())?;
    for g in groups {
        table_group(out, g)?;
    }
    Ok(())
}

/// The line above the report's tables: how many groups matched, of which kinds, and
/// how many are shown when that is fewer.
pub fn table_summary(
    out: &mut dyn Write,
    matched: usize,
    conflicts: usize,
    shown: usize,
) -> Result<()> {
    if matched == 0 {
        writeln!(out, "No contradictions found.")?;
        return Ok(());
    }
    if shown < matched {
        write!(out, "showing {shown} of ")?;
    }
    writeln!(
        out,
        "{} contradiction(s): {} conflict(s), {} tension(s)\n",
        matched,
        conflicts,
        matched - conflicts
    )?;
    Ok(())
}

/// One group of the terminal report: its headline, its claims camp by camp, notes and
/// the judgement.
pub fn table_group(out: &mut dyn Write, g: &Group) -> Result<()> {
    writeln!(out, "{}", headline(g))?;
    let mut rows = Vec::new();
    for (i, c) in g.camps.iter().enumerate() {
        for m in &c.claims {
            rows.push(vec![
                format!(
                    "{}{} ({})",
                    camp_label(i),
                    if g.most_likely == Some(i) {
                        " ★ most likely"
                    } else {
                        ""
                    },
                    camp_summary(c)
                ),
                m.id.to_string(),
                source_label(m),
                claim_when(m, |d| d.to_string()),
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
            claim_when(m, |d| d.to_string()),
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
    Ok(())
}

/// A date for prose: `2024-07-24` → `24 Jul 2024`, `2024-07` → `Jul 2024`; a year, or
/// anything else, as given.
pub fn day(date: &str) -> String {
    use chrono::Datelike;
    // Written by hand: reports name thousands of dates, and a format string is parsed
    // anew for each.
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = |d: chrono::NaiveDate| MONTHS[d.month0() as usize];
    match date.len() {
        10 => {
            crate::time::stored_day(date).map(|d| format!("{} {} {}", d.day(), month(d), d.year()))
        }
        7 => crate::time::stored_day(&format!("{date}-01"))
            .map(|d| format!("{} {}", month(d), d.year())),
        _ => None,
    }
    .unwrap_or_else(|| date.to_string())
}

/// A figure with its unit the way a newsroom writes it: `$3.5B`, `€20M`, `12%`,
/// `1,500 employees`, `CNY 3.5B`.
pub fn amount(x: f64, unit: Option<&str>) -> String {
    if x < 0.0 {
        return format!("−{}", amount(-x, unit));
    }
    let n = super::human(x);
    match unit {
        Some("USD") => format!("${n}"),
        Some("EUR") => format!("€{n}"),
        Some("GBP") => format!("£{n}"),
        Some("%") => format!("{n}%"),
        Some("x") => format!("{n}x"),
        Some(u) if u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase()) => {
            format!("{u} {n}")
        }
        Some(u) => format!("{n} {u}"),
        None => n,
    }
}

/// How a quantity reads in prose: `$3.5–4.5B`, `over $2B`, `about $3.7B`, `up to 40%`.
/// `None` for text, booleans, times and dates.
pub fn reading(m: &Member, unit: Option<&str>) -> Option<String> {
    use crate::value::Bound;
    let bound = m.bound?;
    let at = |x: Option<f64>| x.map(|x| amount(x, unit));
    Some(match bound {
        Bound::Exact => at(m.low.or(m.high))?,
        Bound::Approx => format!("about {}", at(m.low.or(m.high))?),
        Bound::Over => format!("over {}", at(m.low)?),
        Bound::AtLeast => format!("at least {}", at(m.low)?),
        Bound::Under => format!("under {}", at(m.high)?),
        Bound::AtMost => format!("up to {}", at(m.high)?),
        Bound::Range => {
            let (l, h) = (m.low?, m.high?);
            let (hl, hh) = (super::human(l), super::human(h));
            let scale = |s: &str| {
                s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .to_string()
            };
            let high = amount(h, unit);
            match high.find(&hh) {
                // "$3.5–4.5B" rather than "$3.5B–$4.5B": one symbol, one scale.
                Some(at) if l >= 0.0 && scale(&hl) == scale(&hh) => {
                    let number = &hl[..hl.len() - scale(&hl).len()];
                    format!("{}{number}–{}", &high[..at], &high[at..])
                }
                _ => format!("{}–{high}", amount(l, unit)),
            }
        }
    })
}

/// What the group is about, for prose: "OpenAI's 2024 revenue", "Anthropic's lead
/// investor as of 3 Mar 2025".
fn topic(g: &Group) -> String {
    let metric = with_basis_word(g.metric.replace('_', " "), g.basis);
    match (&g.period, as_of_span(g, day)) {
        (Some(p), _) => format!("{}'s {p} {metric}", g.subject),
        (None, Some(a)) => format!("{}'s {metric} as of {a}", g.subject),
        _ => format!("{}'s {metric}", g.subject),
    }
}

/// "revenue (run rate)": what kind of figure, for groups that are not actual figures.
pub fn with_basis_word(text: String, basis: crate::model::Basis) -> String {
    match super::basis_words(basis) {
        Some(w) if text.is_empty() => format!("({w})"),
        Some(w) => format!("{text} ({w})"),
        None => text,
    }
}

fn joined(items: Vec<String>) -> String {
    match items.len() {
        0 | 1 => items.concat(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// One sentence an editor can paste: who said what, camp by camp in the order the
/// camps first spoke, and the gap. "The Information (24 Jul 2024) put OpenAI's 2024
/// revenue at $3.5–4.5B (“35亿至45亿美元”); The New York Times (27 Sep 2024) said
/// “超过20亿美元” (over $2B) — a 40% gap." Plain text: callers escape for their format.
pub fn sentence(g: &Group) -> String {
    let unit = g.unit.as_deref();
    let mut camps: Vec<&Camp> = g.camps.iter().collect();
    // Claims within a camp are already in date order.
    camps.sort_by(|a, b| {
        let first = |c: &Camp| c.claims.first().map(|m| m.date.clone());
        first(a).cmp(&first(b))
    });
    let mut first = true;
    let mut sides = Vec::new();
    for c in camps {
        let mut said = Vec::new();
        for m in &c.claims {
            let who = format!("{} ({})", m.source, claim_when(m, day));
            let read = reading(m, unit);
            let quoted = format!("“{}”", m.value);
            said.push(match (first, read) {
                (true, Some(r)) if r == m.value => format!("{who} put {} at {r}", topic(g)),
                (true, Some(r)) => format!("{who} put {} at {r} ({quoted})", topic(g)),
                (true, None) => format!("{who} gave {} as {quoted}", topic(g)),
                // The reading helps when the value is written in another language.
                (false, Some(r)) if !m.value.is_ascii() => format!("{who} said {quoted} ({r})"),
                (false, _) => format!("{who} said {quoted}"),
            });
            first = false;
        }
        sides.push(joined(said));
    }
    let gap = g
        .gap
        .map(|x| format!(" — a {} gap", pct(x)))
        .unwrap_or_default();
    format!("{}{gap}.", sides.join("; "))
}

/// Text safe in Markdown prose and table cells: the characters Markdown acts on are
/// backslash-escaped (CommonMark allows it before any ASCII punctuation), so a source
/// named `<script>` or `*bold*` shows as written wherever the brief is pasted.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in super::printable(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn judgement_line(g: &Group) -> Option<String> {
    let j = g.judgement.as_ref()?;
    let on = day(&j.at[..j.at.len().min(10)]);
    let member = |id: i64| {
        g.camps
            .iter()
            .flat_map(|c| &c.claims)
            .chain(&g.neutral)
            .find(|m| m.id == id)
    };
    Some(match (j.verdict, j.correct_claim, &j.reason) {
        (crate::detect::Status::Resolved, Some(id), _) => match member(id) {
            Some(m) => format!(
                "Resolved on {on} by {}: {} (“{}”, claim {id}) was right.",
                j.actor, m.source, m.value
            ),
            None => format!("Resolved on {on} by {}: claim {id} was right.", j.actor),
        },
        (_, _, Some(r)) => format!(
            "Dismissed on {on} by {}: {}.",
            j.actor,
            r.trim_end_matches(['.', ' '])
        ),
        (v, _, None) => format!("{v} on {on} by {}.", j.actor),
    })
}

/// A brief an editor can paste: per group a sentence, the claims, numbered citations.
/// Deterministic: the same ledger gives the same bytes.
pub fn markdown(out: &mut dyn Write, groups: &[Group]) -> Result<()> {
    markdown_with(out, groups, &super::evidence::Evidence::new())
}

/// The brief with each claim's quote (shortened in the table, whole in the numbered
/// citations) and a link to where it appeared.
pub fn markdown_with(
    out: &mut dyn Write,
    groups: &[Group],
    evidence: &super::evidence::Evidence,
) -> Result<()> {
    writeln!(out, "# Contradictions\n")?;
    if groups.is_empty() {
        writeln!(out, "No contradictions found.")?;
        return Ok(());
    }
    let conflicts = groups
        .iter()
        .filter(|g| g.kind == crate::detect::Verdict::Conflict)
        .count();
    let tensions = groups.len() - conflicts;
    writeln!(
        out,
        "{} contradiction{}: {conflicts} conflict{}, {tensions} tension{}, most severe first.\n",
        groups.len(),
        plural(groups.len()),
        plural(conflicts),
        plural(tensions)
    )?;
    for g in groups {
        let time = match (&g.period, as_of_span(g, day)) {
            (Some(p), _) => format!(" {p}"),
            (None, Some(a)) => format!(", as of {a}"),
            _ => String::new(),
        };
        let time = with_basis_word(time, g.basis);
        writeln!(
            out,
            "## {} {}{} — {} (severity {:.2})\n",
            md_text(&g.subject),
            md_text(&g.metric.replace('_', " ")),
            md_text(&time),
            g.kind.as_str(),
            g.severity
        )?;
        writeln!(out, "{}\n", md_text(&sentence(g)))?;
        let members = g
            .camps
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.claims.iter().map(move |m| (camp_label(i), m)))
            .chain(g.neutral.iter().map(|m| ("all".to_string(), m)));
        let mut rows = Vec::new();
        let mut citations = Vec::new();
        for (n, (camp, m)) in members.enumerate() {
            rows.push(vec![
                (n + 1).to_string(),
                camp,
                m.id.to_string(),
                md_text(&source_label(m)),
                claim_when(m, day),
                md_text(&m.value),
                read_as(m, g.unit.as_deref()),
                super::evidence::markdown_short(evidence, m.id),
            ]);
            citations.push(format!(
                "{}. {}, {}: “{}” (claim {}){}",
                n + 1,
                md_text(&source_label(m)),
                claim_when(m, day),
                md_text(&m.value),
                m.id,
                super::evidence::markdown_citation(evidence, m.id)
            ));
        }
        writeln!(
            out,
            "| # | camp | claim | source | date | value | read as | quote |\n|---|---|---|---|---|---|---|---|"
        )?;
        for row in rows {
            writeln!(out, "| {} |", row.join(" | "))?;
        }
        writeln!(out)?;
        for c in citations {
            writeln!(out, "{c}")?;
        }
        writeln!(out, "\nGroup `{}`, status {}.", g.id, g.status)?;
        if let Some(line) = judgement_line(g) {
            writeln!(out, "\n{}", md_text(&line))?;
        }
        for n in &g.notes {
            writeln!(out, "\n> {}", md_text(n))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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
    json_limited(out, groups, None)
}

/// The JSON report of `groups`; `matched`, when given, is how many groups matched in
/// all (a limited report shows fewer).
pub fn json_limited(out: &mut dyn Write, groups: &[Group], matched: Option<usize>) -> Result<()> {
    json_start(out)?;
    let mut buf = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        buf.clear();
        json_group(&mut buf, g)?;
        json_next(out, i == 0)?;
        out.write_all(&buf)?;
    }
    json_end(out, !groups.is_empty(), matched)
}

/// The opening of the JSON report: `{"groups": [`, as the pretty printer writes it.
pub fn json_start(out: &mut dyn Write) -> Result<()> {
    out.write_all(b"{\n  \"groups\": [")?;
    Ok(())
}

/// What goes before a group of the JSON report: a comma after the first, and the
/// indentation of an element of the array.
pub fn json_next(out: &mut dyn Write, first: bool) -> Result<()> {
    out.write_all(if first { b"\n    " } else { b",\n    " })?;
    Ok(())
}

/// One group as an element of the JSON report's array, indented as the pretty printer
/// indents it there. JSON strings hold no raw line ends, so every line end in the
/// group's own pretty form is followed by the array's indentation.
pub fn json_group(out: &mut Vec<u8>, g: &Group) -> Result<()> {
    let start = out.len();
    serde_json::to_writer_pretty(&mut *out, &group_out(g)).map_err(std::io::Error::from)?;
    let lines = out[start..].iter().filter(|&&b| b == b'\n').count();
    if lines > 0 {
        let end = out.len();
        out.resize(end + 4 * lines, b' ');
        // Moves the text right from the end, opening four spaces after each line end.
        let (mut from, mut to) = (end, end + 4 * lines);
        while from > start {
            from -= 1;
            let b = out[from];
            if b == b'\n' {
                to -= 4;
                out[to..to + 4].copy_from_slice(b"    ");
            }
            to -= 1;
            out[to] = b;
        }
    }
    Ok(())
}

/// The close of the JSON report; `matched`, when given, is how many groups matched in
/// all (a limited report shows fewer).
pub fn json_end(out: &mut dyn Write, any: bool, matched: Option<usize>) -> Result<()> {
    out.write_all(if any { b"\n  ]" } else { b"]" })?;
    if let Some(n) = matched {
        write!(out, ",\n  \"matched\": {n}")?;
    }
    out.write_all(b"\n}\n")?;
    Ok(())
}

/// One group as a line of JSON Lines.
pub fn jsonl_group(out: &mut dyn Write, g: &Group) -> Result<()> {
    serde_json::to_writer(&mut *out, &group_out(g)).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

pub fn jsonl(out: &mut dyn Write, groups: &[Group]) -> Result<()> {
    for g in groups {
        jsonl_group(out, g)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::day;

    #[test]
    fn prose_dates_read_as_a_newsroom_writes_them() {
        for (given, shown) in [
            ("2024-07-24", "24 Jul 2024"),
            ("2024-07-04", "4 Jul 2024"),
            ("2024-12", "Dec 2024"),
            ("2024", "2024"),
            ("2024-02-30", "2024-02-30"),
            ("2024-13", "2024-13"),
            ("2024-7-4", "2024-7-4"),
            ("+2024-07-24", "+2024-07-24"),
            ("2024-07-24-01", "2024-07-24-01"),
            ("soon", "soon"),
            ("", ""),
        ] {
            assert_eq!(day(given), shown, "{given}");
        }
    }
}
