//! Self-contained web pages: the contradiction report and the timeline.
//!
//! Each page is one file — inline CSS, inline SVG charts, no scripts, web fonts or
//! images — under a Content-Security-Policy that lets the browser load nothing at all,
//! so a report can be mailed, archived or opened offline and still look the same. The
//! charts scale with their `viewBox`, so one layout serves a desk and a phone; an
//! `@media print` block keeps them legible on paper.
//!
//! Everything a user or a source wrote (subjects, metrics, sources, values, reasons,
//! URLs) goes through [`esc`], in text and in attributes alike, and a link is made only
//! for an `http://` or `https://` URL ([`http_url`]). This module must not emit a
//! `<script>`, an event handler attribute or a reference to anything outside the file.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{Datelike, NaiveDate};

use super::report::{amount, day, reading, sentence};
use crate::detect::{Camp, Group, Interval, Member, Verdict};
use crate::error::Result;
use crate::ops::timeline::Point;

/// Claim URLs and quotes by claim id: the report's groups do not carry them, the
/// command looks them up.
pub type Urls = super::evidence::Evidence;

/// Text safe anywhere in HTML or SVG, in element content and in quoted attributes:
/// `& < > " '` become entities, control characters are shown (`\x1b`), never sent.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in super::printable(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The URL if it is one a reader can safely follow: `http://` or `https://` (any case)
/// and nothing a browser would reinterpret (spaces, control characters). `javascript:`,
/// `data:` and relative URLs get no link.
pub fn http_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let scheme_ok = ["http://", "https://"].iter().any(|p| {
        u.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    });
    let clean = !u.chars().any(|c| c.is_whitespace() || c.is_control());
    (scheme_ok && clean && u.len() > 8).then_some(u)
}

/// Camp colours: distinguishable for the common colour-vision deficiencies (Okabe–Ito)
/// and dark enough for white paper.
const CAMP_COLOURS: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56B4E9",
];
const NEUTRAL_COLOUR: &str = "#7A8291";
const CONTRADICTION_RED: &str = "#D62828";

fn colour(camp: usize) -> &'static str {
    CAMP_COLOURS[camp % CAMP_COLOURS.len()]
}

fn camp_letter(i: usize) -> String {
    char::from_u32('A' as u32 + (i % 26) as u32)
        .map(String::from)
        .unwrap_or_default()
}

/// The report's style sheet; the web pages use it too.
pub const CSS: &str = r#"
:root{--ink:#1d2330;--muted:#5b6475;--line:#dde1e8;--soft:#f4f6f9;--link:#1a5fb4}
*{box-sizing:border-box}
body{margin:0 auto;max-width:880px;padding:28px 20px 48px;color:var(--ink);background:#fff;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",
"Noto Sans CJK SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
h1{font-size:1.65em;line-height:1.2;margin:0 0 6px}
h2{font-size:1.2em;line-height:1.3;margin:0 0 6px}
h3{font-size:1em;margin:14px 0 6px}
a{color:var(--link)}
.sub,.meta,.note,.foot{color:var(--muted)}
.sub{margin:0 0 18px}
.meta{font-size:.88em;margin:2px 0 8px}
.note{font-size:.9em;margin:6px 0}
.foot{font-size:.8em;margin-top:32px}
.badge{display:inline-block;padding:0 8px;border-radius:999px;font-size:.75em;font-weight:600;
line-height:1.7;white-space:nowrap;border:1px solid transparent;vertical-align:2px}
.conflict{background:#fdecea;color:#9b2419;border-color:#f2b8b0}
.tension{background:#fdf3e1;color:#7d5200;border-color:#eed19a}
.sev-high{background:#9b2419;color:#fff}.sev-mid{background:#c77c12;color:#fff}
.sev-low{background:#7a8291;color:#fff}
.status{background:var(--soft);color:var(--muted);border-color:var(--line)}
.summary{background:var(--soft);border-radius:12px;padding:14px 18px;margin:0 0 22px}
.summary ol{margin:6px 0 0;padding-left:1.4em}.summary li{margin:3px 0}
.summary p{margin:6px 0}
section.group{border:1px solid var(--line);border-radius:12px;padding:16px 18px;margin:18px 0}
.sentence{margin:8px 0 4px}
.legend{display:flex;flex-wrap:wrap;gap:2px 18px;list-style:none;padding:0;margin:8px 0;
font-size:.85em;color:var(--muted)}
.sw{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:6px;vertical-align:-1px}
.key svg{vertical-align:-2px;margin-right:6px}
svg.chart{display:block;width:100%;max-width:560px;height:auto;margin:6px 0 4px}
.chart text{font-size:12px;fill:#1d2330}
.chart .axis text{font-size:10.5px;fill:#5b6475}
.chart .grid{stroke:#e6e9ee;stroke-width:1}
.chart .tick{stroke:#9aa2b1;stroke-width:1}
.scroll{overflow-x:auto;margin-top:10px}
table{border-collapse:collapse;width:100%;font-size:.86em}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;white-space:nowrap}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}td.val{white-space:nowrap}td.src{min-width:11em}
tr.evidence td{border-bottom:1px solid var(--line);padding-top:0;color:var(--muted)}
tr:has(+tr.evidence) td{border-bottom:0}
.quote{margin:0 0 2px;font-style:italic;overflow-wrap:anywhere}
.quote summary{cursor:pointer}.quote blockquote{margin:4px 0 0 0}
a.origin{font-size:.92em;white-space:nowrap}
.camps{display:flex;flex-wrap:wrap;gap:12px}
.camp{flex:1 1 240px;border-left:4px solid;padding:2px 0 2px 12px}
.camp ul{margin:4px 0;padding-left:1.1em}
@media (max-width:560px){body{padding:14px 12px 32px;font-size:14px}
section.group{padding:12px}.summary{padding:10px 12px}h1{font-size:1.4em}}
@media print{body{max-width:none;padding:0;font-size:10pt}
.summary{background:none;border:1px solid #bbb}
section.group{border:0;border-top:1px solid #999;border-radius:0;padding:10px 0;break-inside:avoid}
a{color:inherit;text-decoration:none}
.badge,.sw,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
svg.chart{max-width:17cm}.scroll{overflow:visible}}
"#;

/// The page up to `<body>`: UTF-8, phone viewport, a policy that loads nothing.
fn head(out: &mut dyn Write, title: &str) -> Result<()> {
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(title)
    )?;
    Ok(())
}

fn foot(out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "<p class=\"foot\">Made by crosscheck {}. Values are shown as each source wrote them; \
         read-as figures are crosscheck's reading.</p>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(())
}

/// A source's name, linked to the claim's URL when it is a safe one.
fn source_html(m: &Member, urls: &Urls) -> String {
    let name = match &m.via {
        Some(v) => format!("{} (via {v})", m.source),
        None => m.source.clone(),
    };
    link(&name, urls.get(&m.id).map(String::as_str))
}

fn link(text: &str, url: Option<&str>) -> String {
    match url.and_then(http_url) {
        Some(u) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
            esc(u),
            esc(text)
        ),
        None => esc(text),
    }
}

/// Severity in three bands, for badges and the summary.
fn severity_band(s: f64) -> (&'static str, &'static str) {
    if s >= 0.6 {
        ("sev-high", "high")
    } else if s >= 0.3 {
        ("sev-mid", "medium")
    } else {
        ("sev-low", "low")
    }
}

fn kind_badge(k: Verdict) -> String {
    format!("<span class=\"badge {0}\">{0}</span>", k.as_str())
}

fn severity_badge(s: f64) -> String {
    let (class, band) = severity_band(s);
    format!("<span class=\"badge {class}\" title=\"severity: {band}\">severity {s:.2}</span>")
}

fn status_badge(status: &str) -> String {
    format!("<span class=\"badge status\">{}</span>", esc(status))
}

fn group_title(g: &Group) -> String {
    let time = match (&g.period, super::report::as_of_span(g, day)) {
        (Some(p), _) => format!(" · {p}"),
        (None, Some(a)) => format!(" · as of {a}"),
        _ => String::new(),
    };
    let basis = super::basis_words(g.basis)
        .map(|w| format!(" · {w}"))
        .unwrap_or_default();
    format!("{} · {}{time}{basis}", g.subject, g.metric)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The contradiction report as one HTML page: a summary, then per group a sentence, a
/// chart (or, for text and booleans, the camps as lists) and the claims.
pub fn report(out: &mut dyn Write, groups: &[Group], urls: &Urls) -> Result<()> {
    head(out, "Contradictions — crosscheck")?;
    writeln!(out, "<header>\n<h1>Contradictions</h1>")?;
    let conflicts = groups
        .iter()
        .filter(|g| g.kind == Verdict::Conflict)
        .count();
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for g in groups {
        let mut seen: Vec<&str> = members(g).map(|(_, m)| m.source.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for s in seen {
            *sources.entry(s).or_default() += 1;
        }
    }
    if groups.is_empty() {
        writeln!(
            out,
            "<p class=\"sub\">No contradictions found.</p>\n</header>"
        )?;
        return foot(out);
    }
    writeln!(
        out,
        "<p class=\"sub\">{} — {}, {} — among {}, most severe first.</p>\n</header>",
        plural(groups.len(), "contradiction", "contradictions"),
        plural(conflicts, "conflict", "conflicts"),
        plural(groups.len() - conflicts, "tension", "tensions"),
        plural(sources.len(), "source", "sources"),
    )?;
    summary(out, groups, &sources)?;
    for g in groups {
        group(out, g, urls)?;
    }
    foot(out)
}

/// Every claim of a group with its camp (`None`: agrees with every camp).
fn members(g: &Group) -> impl Iterator<Item = (Option<usize>, &Member)> {
    g.camps
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.claims.iter().map(move |m| (Some(i), m)))
        .chain(g.neutral.iter().map(|m| (None, m)))
}

fn summary(out: &mut dyn Write, groups: &[Group], sources: &BTreeMap<&str, usize>) -> Result<()> {
    writeln!(out, "<section class=\"summary\">")?;
    let mut bands = Vec::new();
    for (class, band) in [
        ("sev-high", "high"),
        ("sev-mid", "medium"),
        ("sev-low", "low"),
    ] {
        let n = groups
            .iter()
            .filter(|g| severity_band(g.severity).1 == band)
            .count();
        if n > 0 {
            bands.push(format!("<span class=\"badge {class}\">{n} {band}</span>"));
        }
    }
    writeln!(
        out,
        "<p>By severity: {} <span class=\"note\">(high ≥ 0.6, medium ≥ 0.3)</span></p>",
        bands.join(" ")
    )?;
    writeln!(out, "<ol>")?;
    for g in groups {
        writeln!(
            out,
            "<li><a href=\"#g-{}\">{}</a> {} {} {}</li>",
            esc(&g.id),
            esc(&group_title(g)),
            kind_badge(g.kind),
            severity_badge(g.severity),
            status_badge(g.status.as_str())
        )?;
    }
    writeln!(out, "</ol>")?;
    let mut by_count: Vec<(&&str, &usize)> = sources.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = by_count
        .iter()
        .map(|(s, n)| format!("{} ({n})", esc(s)))
        .collect();
    writeln!(
        out,
        "<p><strong>Sources involved</strong> (groups): {}</p>",
        list.join(" · ")
    )?;
    writeln!(
        out,
        "<ul class=\"legend key\">\
         <li>{} strict interval: the hard bounds, widened by the tolerance</li>\
         <li>{} plausible reading: “over X” read as X to 1.25·X</li>\
         <li>{} open-ended: no bound on that side</li>\
         <li>{} figure as stated</li></ul>",
        key_svg(KeyGlyph::Bar),
        key_svg(KeyGlyph::Band),
        key_svg(KeyGlyph::Arrow),
        key_svg(KeyGlyph::Tick),
    )?;
    writeln!(out, "</section>")?;
    Ok(())
}

enum KeyGlyph {
    Bar,
    Band,
    Arrow,
    Tick,
}

/// The little pictures of the chart key.
fn key_svg(g: KeyGlyph) -> String {
    let c = NEUTRAL_COLOUR;
    let body = match g {
        KeyGlyph::Bar => format!("<rect x=\"2\" y=\"5\" width=\"30\" height=\"5\" fill=\"{c}\"/>"),
        KeyGlyph::Band => format!(
            "<rect x=\"2\" y=\"1\" width=\"30\" height=\"13\" rx=\"3\" fill=\"{c}\" fill-opacity=\".3\"/>"
        ),
        KeyGlyph::Arrow => format!(
            "<rect x=\"2\" y=\"5\" width=\"24\" height=\"5\" fill=\"{c}\"/>\
             <path d=\"M26 2L34 7.5L26 13Z\" fill=\"{c}\"/>"
        ),
        KeyGlyph::Tick => {
            "<path d=\"M17 1V14\" stroke=\"#1d2330\" stroke-width=\"1.6\"/>".to_string()
        }
    };
    format!(
        "<svg width=\"36\" height=\"15\" viewBox=\"0 0 36 15\" aria-hidden=\"true\">{body}</svg>"
    )
}

/// One contradiction group as a `<section>`: title, badges, sentence, chart (or camp
/// lists), notes, judgement and the claims table.
pub fn group(out: &mut dyn Write, g: &Group, urls: &Urls) -> Result<()> {
    writeln!(out, "<section class=\"group\" id=\"g-{}\">", esc(&g.id))?;
    writeln!(
        out,
        "<h2>{}</h2>\n<p class=\"meta\">{} {} {}{} · group <code>{}</code></p>",
        esc(&group_title(g)),
        kind_badge(g.kind),
        severity_badge(g.severity),
        status_badge(g.status.as_str()),
        g.gap
            .map(|x| format!(" · gap {:.0}%", x * 100.0))
            .unwrap_or_default(),
        esc(&g.id)
    )?;
    writeln!(out, "<p class=\"sentence\">{}</p>", esc(&sentence(g)))?;
    let charted = members(g).all(|(_, m)| m.strict.is_some() && m.plausible.is_some());
    if charted {
        camp_legend(out, g)?;
        chart(out, g)?;
    } else {
        camp_lists(out, g, urls)?;
    }
    for n in &g.notes {
        writeln!(out, "<p class=\"note\">Note: {}</p>", esc(n))?;
    }
    if let Some(j) = &g.judgement {
        let on = day(&j.at[..j.at.len().min(10)]);
        let what = match (j.correct_claim, &j.reason) {
            (Some(id), _) => match members(g).find(|(_, m)| m.id == id) {
                Some((_, m)) => format!("{} (“{}”, claim {id}) was right", m.source, m.value),
                None => format!("claim {id} was right"),
            },
            (None, Some(r)) => r.clone(),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "<p class=\"note\"><strong>{}</strong> on {} by {}: {}</p>",
            esc(j.verdict.as_str()),
            esc(&on),
            esc(&j.actor),
            esc(&what)
        )?;
    }
    claims_table(out, g, urls)?;
    writeln!(out, "</section>")?;
    Ok(())
}

fn camp_summary(c: &Camp, unit: Option<&str>) -> String {
    format!(
        "{}, support {:.2}; {}",
        plural(c.origins, "independent source", "independent sources"),
        c.support,
        super::range(c.low, c.high, unit)
    )
}

fn camp_legend(out: &mut dyn Write, g: &Group) -> Result<()> {
    write!(out, "<ul class=\"legend\">")?;
    for (i, c) in g.camps.iter().enumerate() {
        write!(
            out,
            "<li><span class=\"sw\" style=\"background:{}\"></span>Camp {} — {}</li>",
            colour(i),
            camp_letter(i),
            esc(&camp_summary(c, g.unit.as_deref()))
        )?;
    }
    if !g.neutral.is_empty() {
        write!(
            out,
            "<li><span class=\"sw\" style=\"background:{NEUTRAL_COLOUR}\"></span>agrees with every camp</li>"
        )?;
    }
    writeln!(out, "</ul>")?;
    Ok(())
}

/// Text, booleans, times and dates: no axis to draw, so each camp is a list.
fn camp_lists(out: &mut dyn Write, g: &Group, urls: &Urls) -> Result<()> {
    writeln!(out, "<div class=\"camps\">")?;
    let mut camps: Vec<(String, &str, &[Member], String)> = g
        .camps
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                format!("Camp {}", camp_letter(i)),
                colour(i),
                c.claims.as_slice(),
                plural(c.origins, "independent source", "independent sources"),
            )
        })
        .collect();
    if !g.neutral.is_empty() {
        camps.push((
            "Agrees with every camp".into(),
            NEUTRAL_COLOUR,
            g.neutral.as_slice(),
            String::new(),
        ));
    }
    for (title, colour, claims, detail) in camps {
        writeln!(
            out,
            "<div class=\"camp\" style=\"border-color:{colour}\"><h3>{title} <span class=\"note\">{}</span></h3><ul>",
            esc(&detail)
        )?;
        for m in claims {
            writeln!(
                out,
                "<li><strong>“{}”</strong> — {}, {}</li>",
                esc(&m.value),
                source_html(m, urls),
                esc(&super::report::claim_when(m, day))
            )?;
        }
        writeln!(out, "</ul></div>")?;
    }
    writeln!(out, "</div>")?;
    Ok(())
}

fn claims_table(out: &mut dyn Write, g: &Group, urls: &Urls) -> Result<()> {
    writeln!(
        out,
        "<div class=\"scroll\"><table>\n<thead><tr><th>camp</th><th>claim</th><th>source</th>\
         <th>date</th><th>value</th><th>read as</th><th>confidence</th></tr></thead>\n<tbody>"
    )?;
    for (camp, m) in members(g) {
        let (label, c) = match camp {
            Some(i) => (camp_letter(i), colour(i)),
            None => ("all".into(), NEUTRAL_COLOUR),
        };
        writeln!(
            out,
            "<tr><td><span class=\"sw\" style=\"background:{c}\"></span>{label}</td>\
             <td class=\"num\">{}</td><td class=\"src\">{}</td><td class=\"num\">{}</td><td{}>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{:.2}</td></tr>",
            m.id,
            source_html(m, urls),
            esc(&super::report::claim_when(m, day)),
            value_class(&m.value),
            esc(&m.value),
            esc(&reading(m, g.unit.as_deref()).unwrap_or_default()),
            m.confidence
        )?;
        let evidence = super::evidence::html(urls, m.id);
        if !evidence.is_empty() {
            writeln!(
                out,
                "<tr class=\"evidence\"><td></td><td colspan=\"6\">{evidence}</td></tr>"
            )?;
        }
    }
    writeln!(out, "</tbody></table></div>")?;
    Ok(())
}

/// Short values stay on one line ("超过20亿美元" split over two reads badly); long ones
/// wrap.
fn value_class(value: &str) -> &'static str {
    if text_width(value) <= 100.0 {
        " class=\"val\""
    } else {
        ""
    }
}

/// A linear or logarithmic map from figures to SVG coordinates.
struct Axis {
    lo: f64,
    hi: f64,
    log: bool,
    /// Coordinates of `lo` and `hi`; `from > to` for a vertical axis.
    from: f64,
    to: f64,
}

/// Figures spanning more than this ratio are drawn on a log scale (1.5 orders of
/// magnitude), so $850M and $150B are both readable on one axis.
const LOG_SPAN: f64 = 31.6;

impl Axis {
    fn fit(values: impl Iterator<Item = f64>, from: f64, to: f64) -> Option<Axis> {
        let finite: Vec<f64> = values.filter(|v| v.is_finite()).collect();
        let min = finite.iter().copied().reduce(f64::min)?;
        let max = finite.iter().copied().reduce(f64::max)?;
        let log = min > 0.0 && max / min > LOG_SPAN;
        let (mut lo, mut hi) = if log {
            (min.log10(), max.log10())
        } else {
            (min, max)
        };
        if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
            let pad = if log {
                0.1
            } else if lo == 0.0 {
                1.0
            } else {
                lo.abs() * 0.1
            };
            lo -= pad;
            hi += pad;
        }
        // Room at both ends, so the extreme bars do not touch the frame.
        let pad = (hi - lo) * 0.07;
        Some(Axis {
            lo: lo - pad,
            hi: hi + pad,
            log,
            from,
            to,
        })
    }

    /// The coordinate of a figure; open ends (and, on a log scale, figures at or below
    /// zero) go to the edge.
    fn at(&self, v: f64) -> f64 {
        if v == f64::INFINITY {
            return self.to;
        }
        if v == f64::NEG_INFINITY || (self.log && v <= 0.0) {
            return self.from;
        }
        let t = if self.log { v.log10() } else { v };
        let p = ((t - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        self.from + p * (self.to - self.from)
    }

    /// Round figures inside the axis: 1-2-5 steps, or powers of ten on a log scale.
    fn ticks(&self) -> Vec<f64> {
        if self.log {
            let mut all = Vec::new();
            for k in (self.lo.floor() as i32)..=(self.hi.ceil() as i32) {
                for m in [1.0, 2.0, 5.0] {
                    let v = m * 10f64.powi(k);
                    if (self.lo..=self.hi).contains(&v.log10()) {
                        all.push(v);
                    }
                }
            }
            if all.len() > 7 {
                all.retain(|v| (v.log10() - v.log10().round()).abs() < 1e-9);
            }
            return all;
        }
        let raw = (self.hi - self.lo) / 5.0;
        if !(raw > 0.0 && raw.is_finite()) {
            return Vec::new();
        }
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * mag);
        let mut v = (self.lo / step).ceil() * step;
        let mut out = Vec::new();
        while v <= self.hi && out.len() < 12 {
            // Avoid "-0" and float dust such as 2.9999999e9.
            out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
            v += step;
        }
        out
    }
}

/// Width of text in SVG user units at the chart's 12px font, roughly: wide (CJK)
/// characters take a full em, others about half.
fn text_width(s: &str) -> f64 {
    s.chars().map(|c| if is_wide(c) { 12.0 } else { 6.6 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Shortens text to about `width` units, with an ellipsis.
fn fit(s: &str, width: f64) -> String {
    if text_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 6.6;
    for c in s.chars() {
        w += if is_wide(c) { 12.0 } else { 6.6 };
        if w > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The source and the value of a chart row's label, shortened only as much as the row
/// needs: the shorter keeps its length, the longer gets the rest.
fn label_parts(source: &str, value: &str, date: &str) -> (String, String) {
    let budget = W - 2.0 * PAD_X - text_width(&format!("A  ·  · {date}")) - 4.0;
    let (ws, wv) = (text_width(source), text_width(value));
    if ws + wv <= budget {
        return (source.to_string(), value.to_string());
    }
    let half = budget / 2.0;
    if ws <= half {
        (source.to_string(), fit(value, budget - ws))
    } else if wv <= half {
        (fit(source, budget - wv), value.to_string())
    } else {
        (fit(source, half), fit(value, half))
    }
}

/// Chart geometry, in SVG user units; the `viewBox` scales it to the screen.
const W: f64 = 400.0;
const PAD_X: f64 = 10.0;
const ROW: f64 = 44.0;

/// One row per claim on a shared axis: the plausible reading as a light band, the
/// strict interval as a bar (an arrow where it is open), the stated figure as ticks.
fn chart(out: &mut dyn Write, g: &Group) -> Result<()> {
    let rows: Vec<(Option<usize>, &Member)> = members(g).collect();
    let figures = rows.iter().flat_map(|(_, m)| {
        let s = m.strict.unwrap_or(Interval {
            low: f64::NAN,
            high: f64::NAN,
        });
        let p = m.plausible.unwrap_or(s);
        [
            s.low,
            s.high,
            p.low,
            p.high,
            m.low.unwrap_or(f64::NAN),
            m.high.unwrap_or(f64::NAN),
        ]
    });
    let Some(axis) = Axis::fit(figures, PAD_X, W - PAD_X) else {
        return Ok(());
    };
    let unit = g.unit.as_deref();
    let top = 6.0;
    let axis_y = top + ROW * rows.len() as f64 + 2.0;
    let height = axis_y + 40.0;
    writeln!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"{}\">",
        esc(&format!("Chart of the claims on {}", group_title(g)))
    )?;
    // Grid and axis first, so bars sit on top.
    let ticks = axis.ticks();
    write!(out, "<g class=\"axis\">")?;
    for t in &ticks {
        let x = axis.at(*t);
        let label = amount(*t, unit);
        // Labels at the ends of the axis lean inwards rather than off the picture.
        let half = text_width(&label) * 0.6;
        let anchor = if x - half < 0.0 {
            "start"
        } else if x + half > W {
            "end"
        } else {
            "middle"
        };
        write!(
            out,
            "<path class=\"grid\" d=\"M{x:.1} {top}V{axis_y:.1}\"/>\
             <path class=\"tick\" d=\"M{x:.1} {axis_y:.1}v4\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            axis_y + 15.0,
            esc(&label)
        )?;
    }
    write!(
        out,
        "<path class=\"tick\" d=\"M{PAD_X} {axis_y:.1}H{:.1}\"/>",
        W - PAD_X
    )?;
    let caption = match (unit, axis.log) {
        (Some(u), true) => format!("{u}, log scale"),
        (Some(u), false) => u.to_string(),
        (None, true) => "log scale".into(),
        (None, false) => String::new(),
    };
    writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></g>",
        W - PAD_X,
        axis_y + 32.0,
        esc(&caption)
    )?;
    for (n, (camp, m)) in rows.iter().enumerate() {
        let y = top + ROW * n as f64;
        let c = camp.map(colour).unwrap_or(NEUTRAL_COLOUR);
        let letter = camp.map(camp_letter).unwrap_or_else(|| "=".into());
        let via = m
            .via
            .as_ref()
            .map(|v| format!(" (via {v})"))
            .unwrap_or_default();
        let read = reading(m, unit).unwrap_or_default();
        writeln!(
            out,
            "<g><title>{}</title>",
            esc(&format!(
                "{}{via}, {}: “{}” — read as {read}",
                m.source,
                super::report::claim_when(m, day),
                m.value
            ))
        )?;
        let (source, value) = label_parts(&m.source, &format!("“{}”", m.value), &day(&m.date));
        writeln!(
            out,
            "<text x=\"{PAD_X}\" y=\"{:.1}\"><tspan font-weight=\"700\" fill=\"{c}\">{}</tspan> {} · {} · {}</text>",
            y + 13.0,
            esc(&letter),
            esc(&source),
            esc(&day(&m.date)),
            esc(&value)
        )?;
        let cy = y + 27.0;
        if let Some(p) = m.plausible {
            let (x0, x1) = (axis.at(p.low), axis.at(p.high));
            write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" rx=\"3\" fill=\"{c}\" fill-opacity=\".28\"/>",
                x0.min(x1 - 2.0),
                cy - 8.0,
                (x1 - x0).max(4.0)
            )?;
        }
        if let Some(s) = m.strict {
            strict_bar(out, &axis, s, cy, c)?;
        }
        for stated in [m.low, m.high].into_iter().flatten() {
            let x = axis.at(stated);
            write!(
                out,
                "<path d=\"M{x:.1} {:.1}V{:.1}\" stroke=\"#1d2330\" stroke-width=\"1.6\"/>",
                cy - 9.0,
                cy + 9.0
            )?;
        }
        writeln!(out, "</g>")?;
    }
    writeln!(out, "</svg>")?;
    Ok(())
}

/// The strict interval as a bar; an open end is an arrow to the edge of the chart.
fn strict_bar(out: &mut dyn Write, axis: &Axis, s: Interval, cy: f64, c: &str) -> Result<()> {
    const HEAD: f64 = 9.0;
    let open_low = !s.low.is_finite();
    let open_high = !s.high.is_finite();
    let mut x0 = axis.at(s.low);
    let mut x1 = axis.at(s.high);
    if open_low {
        x0 += HEAD;
    }
    if open_high {
        x1 -= HEAD;
    }
    write!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"6\" fill=\"{c}\"/>",
        x0.min(x1 - 1.5),
        cy - 3.0,
        (x1 - x0).max(3.0)
    )?;
    if open_high {
        write!(
            out,
            "<path d=\"M{x1:.1} {:.1}L{:.1} {cy:.1}L{x1:.1} {:.1}Z\" fill=\"{c}\"/>",
            cy - 7.0,
            x1 + HEAD,
            cy + 7.0
        )?;
    }
    if open_low {
        write!(
            out,
            "<path d=\"M{x0:.1} {:.1}L{:.1} {cy:.1}L{x0:.1} {:.1}Z\" fill=\"{c}\"/>",
            cy - 7.0,
            x0 - HEAD,
            cy + 7.0
        )?;
    }
    Ok(())
}

/// A metric's values over time as one HTML page: the chart, then every point.
pub fn timeline(
    out: &mut dyn Write,
    subject: &str,
    metric: &str,
    points: &[Point],
    urls: &Urls,
) -> Result<()> {
    let title = format!("{subject} · {metric} over time");
    head(out, &format!("{title} — crosscheck"))?;
    writeln!(out, "<header>\n<h1>{}</h1>", esc(&title))?;
    let flagged = points
        .iter()
        .filter(|p| !p.contradictions.is_empty())
        .count();
    writeln!(
        out,
        "<p class=\"sub\">{}, {} in a contradiction.</p>\n</header>",
        plural(points.len(), "value", "values"),
        flagged
    )?;
    timeline_section(out, points, urls)?;
    foot(out)
}

/// A timeline's chart and table as a `<section>`, without the page around it.
pub fn timeline_section(out: &mut dyn Write, points: &[Point], urls: &Urls) -> Result<()> {
    // Chart the unit most points share; figures in other units cannot share an axis.
    let mut units: Vec<(Option<&str>, usize)> = Vec::new();
    for p in points.iter().filter(|p| p.mid.is_some()) {
        match units.iter_mut().find(|(u, _)| *u == p.unit.as_deref()) {
            Some((_, n)) => *n += 1,
            None => units.push((p.unit.as_deref(), 1)),
        }
    }
    let main = units
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(std::cmp::Ordering::Greater))
        .map(|(u, _)| *u);
    let charted: Vec<(usize, &Point, NaiveDate)> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.mid.is_some() && Some(p.unit.as_deref()) == main)
        .filter_map(|(i, p)| {
            NaiveDate::parse_from_str(&p.when, "%Y-%m-%d")
                .ok()
                .map(|d| (i, p, d))
        })
        .collect();
    writeln!(out, "<section class=\"group\">")?;
    if charted.is_empty() {
        writeln!(out, "<p class=\"note\">No figures to chart.</p>")?;
    } else {
        writeln!(
            out,
            "<ul class=\"legend key\"><li>{} midpoint of each value, joined in time order</li>\
             <li>{} the stated range (an arrow where it is open)</li>\
             <li>{} in a contradiction</li></ul>",
            timeline_key(false, false),
            timeline_key(true, false),
            timeline_key(false, true)
        )?;
        timeline_chart(out, &charted, main.flatten())?;
        let left_out = points.iter().filter(|p| p.mid.is_some()).count() - charted.len();
        if left_out > 0 {
            writeln!(
                out,
                "<p class=\"note\">{} in other units (or without a date) are listed below, not charted.</p>",
                plural(left_out, "figure", "figures")
            )?;
        }
    }
    timeline_table(out, points, urls)?;
    writeln!(out, "</section>")?;
    Ok(())
}

fn timeline_key(bar: bool, ring: bool) -> String {
    let c = CAMP_COLOURS[0];
    let body = if ring {
        format!(
            "<circle cx=\"18\" cy=\"7.5\" r=\"3.5\" fill=\"{c}\"/><circle cx=\"18\" cy=\"7.5\" r=\"6\" fill=\"none\" stroke=\"{CONTRADICTION_RED}\" stroke-width=\"2\"/>"
        )
    } else if bar {
        format!("<path d=\"M18 1V14\" stroke=\"{c}\" stroke-opacity=\".45\" stroke-width=\"4\"/>")
    } else {
        format!(
            "<path d=\"M2 12L34 3\" stroke=\"{c}\" stroke-width=\"1.5\"/><circle cx=\"18\" cy=\"7.5\" r=\"3.5\" fill=\"{c}\"/>"
        )
    };
    format!(
        "<svg width=\"36\" height=\"15\" viewBox=\"0 0 36 15\" aria-hidden=\"true\">{body}</svg>"
    )
}

/// Month ticks for a time axis: every 1, 2, 3, 6, 12… months, whichever gives at most
/// six, labelled by month or by year.
fn month_ticks(first: NaiveDate, last: NaiveDate) -> (Vec<NaiveDate>, bool) {
    let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let span = (months(last) - months(first)).max(1);
    let step = [1, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| span / s <= 5)
        .unwrap_or(240);
    let mut out = Vec::new();
    let mut m = months(first);
    m += (step - m.rem_euclid(step)) % step;
    while m <= months(last) + 1 {
        let day = NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1);
        if let Some(d) = day.filter(|d| (first..=last).contains(d)) {
            out.push(d);
        }
        m += step;
    }
    (out, step >= 12)
}

fn timeline_chart(
    out: &mut dyn Write,
    pts: &[(usize, &Point, NaiveDate)],
    unit: Option<&str>,
) -> Result<()> {
    const H: f64 = 270.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = W - 16.0;
    const TOP: f64 = 14.0;
    const BOTTOM: f64 = H - 36.0;
    let days: Vec<f64> = pts
        .iter()
        .map(|(_, _, d)| d.num_days_from_ce() as f64)
        .collect();
    // An open end gets room to point into: a quarter beyond its bound, as the
    // contradiction report reads hedges.
    let figures = pts.iter().flat_map(|(_, p, _)| {
        let reach = match (p.low, p.high) {
            (Some(l), None) => Some(l + l.abs() * 0.25),
            (None, Some(h)) => Some(h - h.abs() * 0.25),
            _ => None,
        };
        [p.low, p.high, p.mid, reach].into_iter().flatten()
    });
    let (Some(x), Some(y)) = (
        Axis::fit(days.iter().copied(), LEFT + 8.0, RIGHT - 8.0),
        Axis::fit(figures, BOTTOM, TOP),
    ) else {
        return Ok(());
    };
    // A time axis is linear whatever the span.
    let x = Axis { log: false, ..x };
    writeln!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Values over time\">"
    )?;
    write!(out, "<g class=\"axis\">")?;
    for t in y.ticks() {
        let py = y.at(t);
        write!(
            out,
            "<path class=\"grid\" d=\"M{LEFT} {py:.1}H{RIGHT}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            py + 3.5,
            esc(&amount(t, unit))
        )?;
    }
    let from_day = |v: f64| NaiveDate::from_num_days_from_ce_opt(v.round() as i32);
    if let (Some(first), Some(last)) = (from_day(x.lo), from_day(x.hi)) {
        let (ticks, yearly) = month_ticks(first, last);
        for d in ticks {
            let px = x.at(d.num_days_from_ce() as f64);
            let label = if yearly {
                d.format("%Y").to_string()
            } else {
                d.format("%b %Y").to_string()
            };
            write!(
                out,
                "<path class=\"tick\" d=\"M{px:.1} {BOTTOM}v4\"/>\
                 <text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{label}</text>",
                BOTTOM + 16.0
            )?;
        }
    }
    let caption = match (unit, y.log) {
        (Some(u), true) => format!("{u}, log scale"),
        (Some(u), false) => u.to_string(),
        (None, true) => "log scale".into(),
        (None, false) => String::new(),
    };
    writeln!(
        out,
        "<path class=\"tick\" d=\"M{LEFT} {BOTTOM}H{RIGHT}M{LEFT} {TOP}V{BOTTOM}\"/>\
         <text x=\"{RIGHT}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></g>",
        BOTTOM + 31.0,
        esc(&caption)
    )?;
    let c = CAMP_COLOURS[0];
    let line: Vec<String> = pts
        .iter()
        .zip(&days)
        .filter_map(|((_, p, _), d)| p.mid.map(|m| format!("{:.1},{:.1}", x.at(*d), y.at(m))))
        .collect();
    writeln!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>",
        line.join(" ")
    )?;
    let mut labels: Vec<(f64, f64, Vec<usize>)> = Vec::new();
    for ((i, p, _), d) in pts.iter().zip(&days) {
        let Some(mid) = p.mid else { continue };
        let px = x.at(*d);
        let py = y.at(mid);
        let detail = format!(
            "{}. {} — “{}” ({}), {}, {}",
            i + 1,
            p.period.as_deref().unwrap_or(&p.when),
            p.value,
            super::range(p.low, p.high, unit),
            p.source,
            day(&p.date)
        );
        write!(out, "<g><title>{}</title>", esc(&detail))?;
        let (lo, hi) = (
            p.low.unwrap_or(f64::NEG_INFINITY),
            p.high.unwrap_or(f64::INFINITY),
        );
        if lo != hi {
            let (y0, y1) = (y.at(lo), y.at(hi));
            write!(
                out,
                "<path d=\"M{px:.1} {y0:.1}V{y1:.1}\" stroke=\"{c}\" stroke-opacity=\".45\" stroke-width=\"4\"/>"
            )?;
            if !hi.is_finite() {
                write!(
                    out,
                    "<path d=\"M{:.1} {:.1}L{px:.1} {TOP}L{:.1} {:.1}Z\" fill=\"{c}\" fill-opacity=\".7\"/>",
                    px - 5.0,
                    TOP + 8.0,
                    px + 5.0,
                    TOP + 8.0
                )?;
            }
            if !lo.is_finite() {
                write!(
                    out,
                    "<path d=\"M{:.1} {:.1}L{px:.1} {BOTTOM}L{:.1} {:.1}Z\" fill=\"{c}\" fill-opacity=\".7\"/>",
                    px - 5.0,
                    BOTTOM - 8.0,
                    px + 5.0,
                    BOTTOM - 8.0
                )?;
            }
        }
        write!(
            out,
            "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"3.8\" fill=\"{c}\"/>"
        )?;
        if !p.contradictions.is_empty() {
            write!(
                out,
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"8\" fill=\"none\" stroke=\"{CONTRADICTION_RED}\" stroke-width=\"2\"/>"
            )?;
        }
        writeln!(out, "</g>")?;
        // Points drawn on top of each other share one label ("2, 3, 4").
        match labels.last_mut() {
            Some((lx, ly, ids)) if (*lx - px).abs() < 14.0 && (*ly - py).abs() < 14.0 => {
                ids.push(i + 1);
            }
            _ => labels.push((px, py, vec![i + 1])),
        }
    }
    for (px, py, ids) in labels {
        let ids: Vec<String> = ids.iter().map(usize::to_string).collect();
        let anchor = if px > RIGHT - 40.0 { "end" } else { "start" };
        let lx = if anchor == "end" { px - 9.0 } else { px + 9.0 };
        writeln!(
            out,
            "<text x=\"{lx:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"{anchor}\">{}</text>",
            py + 12.0,
            ids.join(", ")
        )?;
    }
    writeln!(out, "</svg>")?;
    Ok(())
}

fn timeline_table(out: &mut dyn Write, points: &[Point], urls: &Urls) -> Result<()> {
    writeln!(
        out,
        "<div class=\"scroll\"><table>\n<thead><tr><th>#</th><th>when</th><th>value</th>\
         <th>read as</th><th>change</th><th>source</th><th>reported</th><th>contradiction</th></tr></thead>\n<tbody>"
    )?;
    for (i, p) in points.iter().enumerate() {
        let when = p
            .period
            .clone()
            .or_else(|| p.as_of.as_deref().map(day))
            .unwrap_or_else(|| day(&p.when));
        let change = match (p.change, p.change_pct) {
            (Some(c), Some(pct)) => format!(
                "{}{} ({pct:+.0}%)",
                if c >= 0.0 { "+" } else { "−" },
                amount(c.abs(), p.unit.as_deref())
            ),
            (Some(c), None) => format!(
                "{}{}",
                if c >= 0.0 { "+" } else { "−" },
                amount(c.abs(), p.unit.as_deref())
            ),
            _ => String::new(),
        };
        let source = match &p.via {
            Some(v) => format!("{} (via {v})", p.source),
            None => p.source.clone(),
        };
        let ring = if p.contradictions.is_empty() {
            String::new()
        } else {
            format!(" style=\"color:{CONTRADICTION_RED}\"")
        };
        writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td{}>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"src\">{}</td><td class=\"num\">{}</td><td{ring}>{}</td></tr>",
            i + 1,
            esc(&when),
            value_class(&p.value),
            esc(&p.value),
            esc(&if p.low.is_some() || p.high.is_some() {
                super::range(p.low, p.high, p.unit.as_deref())
            } else {
                String::new()
            }),
            esc(&change),
            link(&source, urls.get(&p.id).map(String::as_str)),
            esc(&day(&p.date)),
            esc(&p.contradictions.join(", "))
        )?;
    }
    writeln!(out, "</tbody></table></div>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(1)>\"'&";

    fn member(id: i64, source: &str, value: &str, low: f64, high: Option<f64>) -> Member {
        let bound = if high.is_some() {
            crate::value::Bound::Exact
        } else {
            crate::value::Bound::Over
        };
        Member {
            id,
            key: None,
            source: source.into(),
            via: None,
            date: "2024-07-24".into(),
            value: value.into(),
            bound: Some(bound),
            low: Some(low),
            high,
            confidence: 0.8,
            as_of: None,
            period: Some("2024".into()),
            basis: crate::model::Basis::Actual,
            strict: Some(Interval {
                low: low * 0.95,
                high: high.map_or(f64::INFINITY, |h| h * 1.05),
            }),
            plausible: Some(Interval {
                low,
                high: high.unwrap_or(low * 1.25),
            }),
            source_id: id,
        }
    }

    fn camp(m: Member) -> Camp {
        Camp {
            low: m.low,
            high: m.high,
            unit: Some("USD".into()),
            origins: 1,
            support: 0.8,
            claims: vec![m],
        }
    }

    fn group(subject: &str, a: Member, b: Member) -> Group {
        Group {
            id: "abc123".into(),
            subject: subject.into(),
            metric: HOSTILE.into(),
            period: Some("2024".into()),
            as_of: None,
            basis: crate::model::Basis::Actual,
            kind: Verdict::Tension,
            severity: 0.48,
            gap: Some(0.4),
            unit: Some("USD".into()),
            status: crate::detect::Status::Open,
            camps: vec![camp(a), camp(b)],
            neutral: Vec::new(),
            notes: vec![HOSTILE.into()],
            most_likely: None,
            judgement: None,
            claim_ids: vec![1, 2],
        }
    }

    fn page(groups: &[Group], urls: &Urls) -> String {
        let mut buf = Vec::new();
        report(&mut buf, groups, urls).expect("renders");
        String::from_utf8(buf).expect("UTF-8")
    }

    #[test]
    fn escape_covers_the_five_html_specials() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("超过20亿美元"), "超过20亿美元");
        assert_eq!(esc("bell\x07"), "bell\\x07");
    }

    #[test]
    fn only_http_and_https_urls_become_links() {
        assert_eq!(
            http_url("https://example.com/a?b=1"),
            Some("https://example.com/a?b=1")
        );
        assert_eq!(http_url(" HTTP://example.com "), Some("HTTP://example.com"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "//example.com",
            "https://exa mple.com",
            "https://",
            "ftp://example.com",
        ] {
            assert_eq!(http_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let g = group(
            HOSTILE,
            member(1, HOSTILE, HOSTILE, 2e9, None),
            member(2, "javascript:alert(1)", "$3.5B-$4.5B", 3.5e9, Some(4.5e9)),
        );
        let mut urls = Urls::new();
        urls.insert(1, "javascript:alert(1)".into());
        urls.insert(
            2,
            "https://example.com/?q=\"><script>alert(1)</script>".into(),
        );
        let html = page(&[g], &urls);
        for bad in ["<script", "<img", "href=\"javascript"] {
            assert!(!html.contains(bad), "{bad} in:\n{html}");
        }
        // No tag the page opens carries an event handler (attribute values, which hold
        // escaped user text, aside).
        let outside_quotes: String = html.split('"').step_by(2).collect();
        let handlers: Vec<&str> = outside_quotes
            .split('<')
            .filter_map(|tag| tag.split('>').next())
            .filter(|tag| tag.contains(" on"))
            .collect();
        assert!(handlers.is_empty(), "{handlers:?}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"));
        assert!(html.contains(
            "href=\"https://example.com/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""
        ));
    }

    #[test]
    fn the_page_is_self_contained() {
        let g = group(
            "OpenAI",
            member(1, "NYT", "over $2 billion", 2e9, None),
            member(2, "The Information", "$3.5B-$4.5B", 3.5e9, Some(4.5e9)),
        );
        let mut urls = Urls::new();
        urls.insert(2, "https://www.theinformation.com/a".into());
        let html = page(&[g], &urls);
        assert!(html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src 'unsafe-inline'; img-src data:\">"
        ));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("name=\"viewport\""));
        assert!(html.contains("@media print"));
        assert!(html.contains("\"Noto Sans CJK SC\""));
        for bad in ["<script", "<link", "<img", "@import", "url(", "xmlns"] {
            assert!(!html.contains(bad), "{bad}");
        }
        // The only web address is the claim's, in links: on its source and beside its
        // quote.
        let refs: Vec<_> = html
            .match_indices("http")
            .filter(|(i, _)| !html[*i..].starts_with("http-equiv"))
            .collect();
        assert_eq!(refs.len(), 2, "{refs:?}");
        for (i, _) in refs {
            assert!(html[..i].ends_with("href=\""), "an address outside a link");
            assert!(html[i..].starts_with("https://www.theinformation.com/a\""));
        }
        assert!(html.contains("<a href=\"https://www.theinformation.com/a\" rel=\"noopener noreferrer nofollow\">The Information</a>"));
        // One chart, with the open-ended claim drawn as an arrow.
        assert_eq!(html.matches("<svg class=\"chart\"").count(), 1);
        assert!(html.contains("<path d=\"M"), "arrowhead");
    }

    #[test]
    fn axes_switch_to_log_beyond_one_and_a_half_orders_of_magnitude() {
        let lin = Axis::fit([2e9, 4.5e9].into_iter(), 0.0, 100.0).expect("axis");
        assert!(!lin.log);
        let log = Axis::fit([850e6, 150e9].into_iter(), 0.0, 100.0).expect("axis");
        assert!(log.log);
        assert!(log.ticks().contains(&1e9));
        assert_eq!(lin.at(f64::INFINITY), 100.0);
        assert_eq!(lin.at(f64::NEG_INFINITY), 0.0);
        assert!(Axis::fit([f64::INFINITY].into_iter(), 0.0, 1.0).is_none());
        let one = Axis::fit([5.0].into_iter(), 0.0, 100.0).expect("axis");
        assert!((one.at(5.0) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn month_ticks_stay_few() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        let (ticks, yearly) = month_ticks(d(2024, 1, 10), d(2024, 12, 1));
        assert!(!yearly && (2..=6).contains(&ticks.len()), "{ticks:?}");
        let (ticks, yearly) = month_ticks(d(2015, 1, 10), d(2024, 12, 1));
        assert!(yearly && ticks.len() <= 6, "{ticks:?}");
    }
}
