//! Self-contained web pages: the contradiction report and the timeline.
//!
//! Each page is one file — inline CSS, inline SVG charts, no scripts, web fonts or
//! images — under a Content-Security-Policy that lets the browser load nothing at all,
//! so a report can be mailed, archived or opened offline and still look the same. The
//! charts scale with their `viewBox`, so one layout serves a desk and a phone; an
//! `@media print` block keeps them legible on paper.
//!
//! Pages are built with maud, so everything a user or a source wrote (subjects,
//! metrics, sources, values, reasons, URLs) is escaped by type, in text and in
//! attributes alike; a link is made only for an `http://` or `https://` URL
//! ([`http_url`]). The pages are composed from [`parts`] (head, links, badges, claim
//! rows) and [`chart`] (the axes and the SVG charts), which the web server's pages
//! use too. This module must not emit a `<script>`, an event handler attribute or a
//! reference to anything outside the file.

pub mod chart;
pub mod parts;

use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, html};

use self::chart::{Key, claims_chart, key, timeline_chart};
use self::parts::{
    NEUTRAL_COLOUR, Text, camp_letter, claim_item, claim_row, colour, group_title, kind_badge,
    severity_badge, severity_band, status_badge, swatch, value_class,
};
use super::report::{amount, day, sentence};
use crate::detect::{Camp, Group, Member, Verdict};
use crate::error::Result;
use crate::ops::timeline::Point;

/// Claim URLs and quotes by claim id: the report's groups do not carry them, the
/// command looks them up.
pub type Urls = super::evidence::Evidence;

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

/// A whole page: the shared head, `body`, and the footer.
fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (parts::head(title, ""))
            body {
                (body)
                p class="foot" {
                    "Made by crosscheck " (env!("CARGO_PKG_VERSION")) ". Values are shown as each \
                     source wrote them; read-as figures are crosscheck's reading."
                }
            }
        }
    }
}

/// Writes a page, with a final newline.
fn write_page(out: &mut dyn Write, page: Markup) -> Result<()> {
    writeln!(out, "{}", page.into_string())?;
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The contradiction report as one HTML page: a summary, then per group a sentence, a
/// chart (or, for text and booleans, the camps as lists) and the claims.
pub fn report(out: &mut dyn Write, groups: &[Group], urls: &Urls) -> Result<()> {
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
    let body = html! {
        header {
            h1 { "Contradictions" }
            @if groups.is_empty() {
                p class="sub" { "No contradictions found." }
            } @else {
                p class="sub" {
                    (plural(groups.len(), "contradiction", "contradictions")) " — "
                    (plural(conflicts, "conflict", "conflicts")) ", "
                    (plural(groups.len() - conflicts, "tension", "tensions")) " — among "
                    (plural(sources.len(), "source", "sources")) ", most severe first."
                }
            }
        }
        @if !groups.is_empty() {
            (summary(groups, &sources))
            @for g in groups { (group(g, urls)) }
        }
    };
    write_page(out, page("Contradictions — crosscheck", body))
}

/// Every claim of a group with its camp (`None`: agrees with every camp).
fn members(g: &Group) -> impl Iterator<Item = (Option<usize>, &Member)> {
    g.camps
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.claims.iter().map(move |m| (Some(i), m)))
        .chain(g.neutral.iter().map(|m| (None, m)))
}

fn summary(groups: &[Group], sources: &BTreeMap<&str, usize>) -> Markup {
    let bands: Vec<(&str, &str, usize)> = [
        ("sev-high", "high"),
        ("sev-mid", "medium"),
        ("sev-low", "low"),
    ]
    .into_iter()
    .map(|(class, band)| {
        let n = groups
            .iter()
            .filter(|g| severity_band(g.severity).1 == band)
            .count();
        (class, band, n)
    })
    .filter(|(_, _, n)| *n > 0)
    .collect();
    let mut by_count: Vec<(&&str, &usize)> = sources.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    html! {
        section class="summary" {
            p {
                "By severity: "
                @for (i, (class, band, n)) in bands.iter().enumerate() {
                    @if i > 0 { " " }
                    span class={ "badge " (class) } { (n) " " (band) }
                }
                " " span class="note" { "(high ≥ 0.6, medium ≥ 0.3)" }
            }
            ol {
                @for g in groups {
                    li {
                        a href={ "#g-" (Text(&g.id)) } { (Text(&group_title(g))) } " "
                        (kind_badge(g.kind)) " " (severity_badge(g.severity)) " "
                        (status_badge(g.status.as_str()))
                    }
                }
            }
            p {
                strong { "Sources involved" } " (groups): "
                @for (i, (s, n)) in by_count.iter().enumerate() {
                    @if i > 0 { " · " }
                    (Text(s)) " (" (n) ")"
                }
            }
            ul class="legend key" {
                li { (key(Key::Bar)) " strict interval: the hard bounds, widened by the tolerance" }
                li { (key(Key::Band)) " plausible reading: “over X” read as X to 1.25·X" }
                li { (key(Key::Arrow)) " open-ended: no bound on that side" }
                li { (key(Key::Tick)) " figure as stated" }
            }
        }
    }
}

/// One contradiction group as a `<section>`: title, badges, sentence, chart (or camp
/// lists), notes, judgement and the claims table. The web server's pages show groups
/// through this too.
pub fn group(g: &Group, urls: &Urls) -> Markup {
    let charted = members(g).all(|(_, m)| m.strict.is_some() && m.plausible.is_some());
    let rows: Vec<(Option<usize>, &Member)> = members(g).collect();
    html! {
        section class="group" id={ "g-" (Text(&g.id)) } {
            h2 { (Text(&group_title(g))) }
            p class="meta" {
                (kind_badge(g.kind)) " " (severity_badge(g.severity)) " "
                (status_badge(g.status.as_str()))
                @if let Some(x) = g.gap { (format!(" · gap {:.0}%", x * 100.0)) }
                " · group " code { (Text(&g.id)) }
            }
            p class="sentence" { (Text(&sentence(g))) }
            @if charted {
                (camp_legend(g))
                (claims_chart(g, &rows))
            } @else {
                (camp_lists(g, urls))
            }
            @for n in &g.notes { p class="note" { "Note: " (Text(n)) } }
            @if let Some(j) = &g.judgement {
                p class="note" {
                    strong { (Text(j.verdict.as_str())) } " on " (Text(&day(&j.at[..j.at.len().min(10)])))
                    " by " (Text(&j.actor)) ": " (Text(&judged(g, j.correct_claim, j.reason.as_deref())))
                }
            }
            div class="scroll" {
                table {
                    thead { tr {
                        th { "camp" } th { "claim" } th { "source" } th { "date" } th { "value" }
                        th { "read as" } th { "confidence" }
                    } }
                    tbody {
                        @for (camp, m) in &rows { (claim_row(*camp, m, g.unit.as_deref(), urls)) }
                    }
                }
            }
        }
    }
}

/// What a judgement said: which claim was right, or why the group was dismissed.
fn judged(g: &Group, correct: Option<i64>, reason: Option<&str>) -> String {
    match (correct, reason) {
        (Some(id), _) => match members(g).find(|(_, m)| m.id == id) {
            Some((_, m)) => format!("{} (“{}”, claim {id}) was right", m.source, m.value),
            None => format!("claim {id} was right"),
        },
        (None, Some(r)) => r.to_string(),
        (None, None) => String::new(),
    }
}

fn camp_summary(c: &Camp, unit: Option<&str>) -> String {
    format!(
        "{}, support {:.2}; {}",
        plural(c.origins, "independent source", "independent sources"),
        c.support,
        super::range(c.low, c.high, unit)
    )
}

fn camp_legend(g: &Group) -> Markup {
    html! {
        ul class="legend" {
            @for (i, c) in g.camps.iter().enumerate() {
                li {
                    (swatch(colour(i))) "Camp " (camp_letter(i)) " — "
                    (Text(&camp_summary(c, g.unit.as_deref())))
                }
            }
            @if !g.neutral.is_empty() {
                li { (swatch(NEUTRAL_COLOUR)) "agrees with every camp" }
            }
        }
    }
}

/// Text, booleans, times and dates: no axis to draw, so each camp is a list.
fn camp_lists(g: &Group, urls: &Urls) -> Markup {
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
    html! {
        div class="camps" {
            @for (title, colour, claims, detail) in &camps {
                div class="camp" style={ "border-color:" (colour) } {
                    h3 { (title) " " span class="note" { (Text(detail)) } }
                    ul { @for m in *claims { (claim_item(m, urls)) } }
                }
            }
        }
    }
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
    let flagged = points
        .iter()
        .filter(|p| !p.contradictions.is_empty())
        .count();
    let body = html! {
        header {
            h1 { (Text(&title)) }
            p class="sub" {
                (plural(points.len(), "value", "values")) ", " (flagged) " in a contradiction."
            }
        }
        (timeline_section(points, urls))
    };
    write_page(out, page(&format!("{title} — crosscheck"), body))
}

/// A timeline's chart and table as a `<section>`, without the page around it.
pub fn timeline_section(points: &[Point], urls: &Urls) -> Markup {
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
    let left_out = points.iter().filter(|p| p.mid.is_some()).count() - charted.len();
    html! {
        section class="group" {
            @if charted.is_empty() {
                p class="note" { "No figures to chart." }
            } @else {
                ul class="legend key" {
                    li { (key(Key::Line)) " midpoint of each value, joined in time order" }
                    li { (key(Key::Range)) " the stated range (an arrow where it is open)" }
                    li { (key(Key::Ring)) " in a contradiction" }
                }
                (timeline_chart(&charted, main.flatten()))
                @if left_out > 0 {
                    p class="note" {
                        (plural(left_out, "figure", "figures"))
                        " in other units (or without a date) are listed below, not charted."
                    }
                }
            }
            (timeline_table(points, urls))
        }
    }
}

/// A change between two points: "+$1.5B (+43%)".
fn change(p: &Point) -> String {
    let Some(c) = p.change else {
        return String::new();
    };
    let sign = if c >= 0.0 { "+" } else { "−" };
    let size = amount(c.abs(), p.unit.as_deref());
    match p.change_pct {
        Some(pct) => format!("{sign}{size} ({pct:+.0}%)"),
        None => format!("{sign}{size}"),
    }
}

fn timeline_table(points: &[Point], urls: &Urls) -> Markup {
    html! {
        div class="scroll" {
            table {
                thead { tr {
                    th { "#" } th { "when" } th { "value" } th { "read as" } th { "change" }
                    th { "source" } th { "reported" } th { "contradiction" }
                } }
                tbody {
                    @for (i, p) in points.iter().enumerate() {
                        @let when = p.period.clone()
                            .or_else(|| p.as_of.as_deref().map(day))
                            .unwrap_or_else(|| day(&p.when));
                        @let read = if p.low.is_some() || p.high.is_some() {
                            super::range(p.low, p.high, p.unit.as_deref())
                        } else {
                            String::new()
                        };
                        @let ring = (!p.contradictions.is_empty())
                            .then(|| format!("color:{}", parts::CONTRADICTION_RED));
                        tr {
                            td class="num" { (i + 1) }
                            td class="num" { (Text(&when)) }
                            td class=[value_class(&p.value)] { (Text(&p.value)) }
                            td class="num" { (Text(&read)) }
                            td class="num" { (Text(&change(p))) }
                            td class="src" {
                                (parts::source(&p.source, p.via.as_deref(), urls.get(&p.id).map(String::as_str)))
                            }
                            td class="num" { (Text(&day(&p.date))) }
                            td style=[ring] { (Text(&p.contradictions.join(", "))) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Interval;

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

    fn two_camps(subject: &str, a: Member, b: Member) -> Group {
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
    fn text_escapes_the_five_html_specials_and_shows_control_characters() {
        let shown = |s: &str| html! { (Text(s)) }.into_string();
        assert_eq!(
            shown("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(shown("超过20亿美元"), "超过20亿美元");
        assert_eq!(shown("bell\x07"), "bell\\x07");
        assert_eq!(shown("'"), "&#39;");
        assert_eq!(
            html! { a title=(Text("\"' onmouseover=x")) {} }.into_string(),
            "<a title=\"&quot;&#39; onmouseover=x\"></a>"
        );
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
        let g = two_camps(
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
        let g = two_camps(
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
}
