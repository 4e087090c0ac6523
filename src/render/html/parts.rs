//! The parts every page is built from, shared by the report, the timeline and the
//! web server's pages: the page head, user text, links, badges, camp colours, a
//! group's title, a claim's row and its evidence.
//!
//! Markup is built with maud, which escapes every value it is given; `PreEscaped`
//! appears only for the fixed style sheet.

use maud::{Markup, PreEscaped, Render, html};

use super::Urls;
use crate::detect::{Group, Member, Verdict};
use crate::render::report::{as_of_span, claim_when, day, reading};

/// Text a user or a source wrote, for element content and attribute values alike.
/// maud escapes `& < > "`; this also writes `'` as `&#39;` and shows control and
/// invisible characters (`\x1b`, `\u{200b}`) rather than sending them, as the other
/// writers do (see [`crate::render::printable`]).
pub struct Text<'a>(pub &'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        for piece in crate::render::printable(self.0).split_inclusive('\'') {
            match piece.strip_suffix('\'') {
                Some(head) => {
                    head.render_to(buffer);
                    buffer.push_str("&#39;");
                }
                None => piece.render_to(buffer),
            }
        }
    }
}

/// The Content-Security-Policy of every page: the browser may load nothing at all.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The page's `<head>`: UTF-8, the policy that loads nothing, no referrer, a phone
/// viewport, the title and the style sheet (the report's, then `extra_css`).
pub fn head(title: &str, extra_css: &'static str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta http-equiv="Content-Security-Policy" content=(CSP);
            meta name="referrer" content="no-referrer";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (Text(title)) }
            // Safe unescaped: both style sheets are constants of this program, with no
            // text from a user or a source in them.
            style { (PreEscaped(super::CSS)) (PreEscaped(extra_css)) }
        }
    }
}

/// A link when the URL is one a reader can safely follow ([`super::http_url`]); the
/// text alone otherwise, so a `javascript:` address never becomes an `href`.
pub fn link(text: &str, url: Option<&str>) -> Markup {
    html! {
        @match url.and_then(super::http_url) {
            Some(u) => a href=(Text(u)) rel="noopener noreferrer nofollow" { (Text(text)) },
            None => (Text(text)),
        }
    }
}

/// A claim's source (with the outlet that relayed it), linked to the claim's page when
/// its URL is a safe one.
pub fn source(source: &str, via: Option<&str>, url: Option<&str>) -> Markup {
    link(&crate::render::via_label(source, via), url)
}

/// Camp colours: distinguishable for the common colour-vision deficiencies (Okabe–Ito)
/// and dark enough for white paper.
pub const CAMP_COLOURS: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56B4E9",
];
pub const NEUTRAL_COLOUR: &str = "#7A8291";
pub const CONTRADICTION_RED: &str = "#D62828";

/// The colour of camp `camp` (counted from 0).
pub fn colour(camp: usize) -> &'static str {
    CAMP_COLOURS[camp % CAMP_COLOURS.len()]
}

/// The letter of camp `i` (counted from 0): A, B, C…
pub fn camp_letter(i: usize) -> String {
    char::from_u32('A' as u32 + (i % 26) as u32)
        .map(String::from)
        .unwrap_or_default()
}

/// Severity in three bands, for badges and the summary.
pub fn severity_band(s: f64) -> (&'static str, &'static str) {
    if s >= 0.6 {
        ("sev-high", "high")
    } else if s >= 0.3 {
        ("sev-mid", "medium")
    } else {
        ("sev-low", "low")
    }
}

pub fn kind_badge(k: Verdict) -> Markup {
    html! { span class={ "badge " (k.as_str()) } { (k.as_str()) } }
}

pub fn severity_badge(s: f64) -> Markup {
    let (class, band) = severity_band(s);
    html! {
        span class={ "badge " (class) } title={ "severity: " (band) } { "severity " (format!("{s:.2}")) }
    }
}

pub fn status_badge(status: &str) -> Markup {
    html! { span class="badge status" { (Text(status)) } }
}

/// A group's title: "OpenAI · revenue · 2024 · run rate", or "… · as of 1 Sep 2024".
pub fn group_title(g: &Group) -> String {
    let span = as_of_span(g, day);
    let time = crate::render::period_or_as_of(g.period.as_deref(), span.as_deref())
        .map(|t| format!(" · {t}"))
        .unwrap_or_default();
    let basis = crate::render::basis_words(g.basis)
        .map(|w| format!(" · {w}"))
        .unwrap_or_default();
    format!("{} · {}{time}{basis}", g.subject, g.metric)
}

/// Width of text in SVG user units at the chart's 12px font, roughly: wide (CJK)
/// characters take a full em, others about half.
pub fn text_width(s: &str) -> f64 {
    s.chars().map(|c| if is_wide(c) { 12.0 } else { 6.6 }).sum()
}

pub fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The class of a value's cell: short values stay on one line ("超过20亿美元" split
/// over two reads badly); long ones wrap.
pub fn value_class(value: &str) -> Option<&'static str> {
    (text_width(value) <= 100.0).then_some("val")
}

/// A colour swatch, as in the chart's legend.
pub fn swatch(colour: &str) -> Markup {
    html! { span class="sw" style={ "background:" (colour) } {} }
}

/// One claim as a row of a claims table (camp, claim, source, date, value, read as,
/// confidence), followed by a row with its quote and link when it has either.
pub fn claim_row(camp: Option<usize>, m: &Member, unit: Option<&str>, urls: &Urls) -> Markup {
    let (label, c) = match camp {
        Some(i) => (camp_letter(i), colour(i)),
        None => ("all".into(), NEUTRAL_COLOUR),
    };
    let evidence = crate::render::evidence::html(urls, m.id);
    html! {
        tr {
            td { (swatch(c)) (label) }
            td class="num" { (m.id) }
            td class="src" { (source(&m.source, m.via.as_deref(), urls.get(&m.id).map(String::as_str))) }
            td class="num" { (Text(&claim_when(m, day))) }
            td class=[value_class(&m.value)] { (Text(&m.value)) }
            td class="num" { (Text(&reading(m, unit).unwrap_or_default())) }
            td class="num" { (format!("{:.2}", m.confidence)) }
        }
        @if !evidence.0.is_empty() {
            tr class="evidence" { td {} td colspan="6" { (evidence) } }
        }
    }
}

/// One claim as an item of a camp's list: “value” — source, date.
pub fn claim_item(m: &Member, urls: &Urls) -> Markup {
    html! {
        li {
            strong { "“" (Text(&m.value)) "”" } " — "
            (source(&m.source, m.via.as_deref(), urls.get(&m.id).map(String::as_str)))
            ", " (Text(&claim_when(m, day)))
        }
    }
}
