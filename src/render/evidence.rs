//! The evidence behind each claim in a report: its quote and its web address. Reports
//! show the quote (shortened, with the whole of it a click away) and link the address
//! when it is an `http(s)` one, so a reader can check a figure without the ledger.
//!
//! Everything here is text a source wrote: HTML is built with maud (escaped by type),
//! Markdown goes through [`md_text`], and only [`http_url`]s become links.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::html::http_url;
use super::html::parts::Text;
use super::report::md_text;

/// Quotes and web addresses by claim id. The report's groups carry neither: the
/// command looks them up.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    urls: BTreeMap<i64, String>,
    quotes: BTreeMap<i64, String>,
}

/// How much of a quote a report shows before "show all".
const SHORT: usize = 140;

impl Evidence {
    pub fn new() -> Evidence {
        Evidence::default()
    }

    /// Records a claim's web address.
    pub fn insert(&mut self, id: i64, url: String) {
        self.urls.insert(id, url);
    }

    /// A claim's web address, as recorded (not checked: see [`http_url`]).
    pub fn get(&self, id: &i64) -> Option<&String> {
        self.urls.get(id)
    }

    pub fn contains_key(&self, id: &i64) -> bool {
        self.urls.contains_key(id) || self.quotes.contains_key(id)
    }

    /// Records a claim's quote; an empty one is none.
    pub fn set_quote(&mut self, id: i64, quote: String) {
        if !quote.trim().is_empty() {
            self.quotes.insert(id, quote);
        }
    }

    /// A claim's quote, if it has one.
    pub fn quote(&self, id: i64) -> Option<&str> {
        self.quotes.get(&id).map(String::as_str)
    }

    /// A claim's followable web address: `http(s)` only.
    pub fn link(&self, id: i64) -> Option<&str> {
        self.urls.get(&id).and_then(|u| http_url(u))
    }
}

/// The quote's first `SHORT` characters, cut at a space (or between Chinese
/// characters), and whether anything was cut.
pub fn shorten(quote: &str) -> (String, bool) {
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if quote.chars().count() <= SHORT {
        return (quote, false);
    }
    let head: String = quote.chars().take(SHORT).collect();
    let cut = match head.rfind(' ') {
        Some(at) if at > head.len() / 2 => head[..at].trim_end().to_string(),
        _ => head,
    };
    (cut, true)
}

/// A web address's host, for a link's text: `www.reuters.com`.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    host.rsplit_once('@').map_or(host, |(_, h)| h)
}

/// A claim's quote and link as HTML: the quote shortened, the whole of it behind a
/// `<details>` (no script needed), then a link to the source's page. Empty when the
/// claim has neither.
pub fn html(ev: &Evidence, id: i64) -> Markup {
    html! {
        @if let Some(q) = ev.quote(id) {
            @let (short, cut) = shorten(q);
            @if cut {
                details class="quote" {
                    summary { "“" (Text(&short)) "…”" }
                    blockquote { (Text(q.trim())) }
                }
            } @else {
                blockquote class="quote" { "“" (Text(&short)) "”" }
            }
        }
        @if let Some(u) = ev.link(id) {
            a class="origin" href=(Text(u)) rel="noopener noreferrer nofollow" { (Text(host(u))) " ↗" }
        }
    }
}

/// A claim's quote, shortened, for a Markdown table cell ("" without one).
pub fn markdown_short(ev: &Evidence, id: i64) -> String {
    match ev.quote(id) {
        Some(q) => {
            let (short, cut) = shorten(q);
            let more = if cut { "…" } else { "" };
            format!("“{}{more}”", md_text(&short))
        }
        None => String::new(),
    }
}

/// What a Markdown citation adds: the whole quote when the table had to shorten it,
/// and a link (empty without them).
pub fn markdown_citation(ev: &Evidence, id: i64) -> String {
    let mut out = String::new();
    if let Some(q) = ev.quote(id).filter(|q| shorten(q).1) {
        out.push_str(&format!(
            " — “{}”",
            md_text(&q.split_whitespace().collect::<Vec<_>>().join(" "))
        ));
    }
    if let Some(u) = ev.link(id) {
        // Inside a link target only parentheses, angle brackets and backslashes are
        // read by Markdown; they are percent-encoded.
        let mut target = String::with_capacity(u.len());
        for c in u.chars() {
            match c {
                '(' => target.push_str("%28"),
                ')' => target.push_str("%29"),
                '<' => target.push_str("%3C"),
                '>' => target.push_str("%3E"),
                '\\' => target.push_str("%5C"),
                c => target.push(c),
            }
        }
        out.push_str(&format!(" [{}]({target})", md_text(host(u))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(quote: &str, url: &str) -> Evidence {
        let mut e = Evidence::new();
        e.set_quote(1, quote.into());
        e.insert(1, url.into());
        e
    }

    #[test]
    fn a_long_quote_is_cut_at_a_space_and_kept_whole_behind_details() {
        let long = "word ".repeat(60);
        let (short, cut) = shorten(&long);
        assert!(cut && short.len() <= SHORT && short.ends_with("word"));
        let html = html(&ev(&long, "https://example.com/a"), 1).into_string();
        assert!(html.starts_with("<details class=\"quote\"><summary>“word"));
        assert!(html.contains(&format!("<blockquote>{}</blockquote>", long.trim())));
        let chinese = "收入".repeat(100);
        let (short, cut) = shorten(&chinese);
        assert!(cut);
        assert_eq!(short.chars().count(), SHORT);
    }

    #[test]
    fn quotes_and_links_are_escaped_and_only_http_is_linked() {
        let e = ev(
            "<script>alert(1)</script> <img src=x onerror=alert(2)>",
            "javascript:alert(3)",
        );
        let html = html(&e, 1).into_string();
        assert_eq!(
            html,
            "<blockquote class=\"quote\">“&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;”</blockquote>"
        );
        let e = ev("ok", "https://user@news.example.com/a?b=\"c\"");
        assert_eq!(
            super::html(&e, 1).into_string(),
            "<blockquote class=\"quote\">“ok”</blockquote><a class=\"origin\" \
             href=\"https://user@news.example.com/a?b=&quot;c&quot;\" rel=\"noopener noreferrer \
             nofollow\">news.example.com ↗</a>"
        );
        let e = ev("*bold* <b>", "https://example.com/a_(b)");
        assert_eq!(markdown_short(&e, 1), "“\\*bold\\* \\<b\\>”");
        assert_eq!(
            markdown_citation(&e, 1),
            " [example.com](https://example.com/a_%28b%29)",
            "a short quote is whole in the table already"
        );
        let e = ev(&"*bold* ".repeat(30), "https://example.com/");
        assert!(markdown_short(&e, 1).ends_with("\\*bold\\*…”"));
        assert!(markdown_citation(&e, 1).starts_with(" — “\\*bold\\* \\*bold"));
        assert_eq!(markdown_short(&Evidence::new(), 1), "");
    }
}
