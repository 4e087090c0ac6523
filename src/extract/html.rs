//! The main text of an HTML page, and Markdown read as text. The page is parsed by
//! html5ever (through `scraper`), as a browser would; the text is taken from the
//! page's `<article>` or `<main>` when it has one, leaving out scripts, styles,
//! navigation, headers, footers and asides.

use scraper::{ElementRef, Html, Node, Selector};

/// Elements whose content is never part of the article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
    "iframe", "template", "select", "figure",
];

/// Elements that break the text into lines.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "blockquote",
    "title",
    "main",
    "ul",
    "ol",
    "table",
    "dd",
    "dt",
    "pre",
];

/// The readable text of an HTML page, one block per line.
pub fn main_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let headline = Selector::parse("h1")
        .ok()
        .and_then(|s| doc.select(&s).next());
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|s| doc.select(&s).next());
    match root {
        Some(root) => {
            // A headline outside the article body still heads the text.
            if let Some(h) = headline
                && !root.descendants().any(|d| d.id() == h.id())
            {
                walk(h, &mut out);
                out.push('\n');
            }
            walk(root, &mut out);
        }
        None => walk(doc.root_element(), &mut out),
    }
    tidy(&out)
}

fn walk(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                }
                if let Some(child) = ElementRef::wrap(child) {
                    walk(child, out);
                }
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// Collapses runs of spaces within lines and drops empty lines.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Markdown as plain text: heading marks, emphasis and link targets dropped, so that
/// `## [OpenAI](https://…) raises **$6.6 billion**` reads as a sentence.
pub fn plain_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_start_matches(['#', '>']).trim_start();
        let line = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .unwrap_or(line);
        let mut rest = line;
        let mut buf = String::with_capacity(line.len());
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find("](").map(|i| open + i) else {
                break;
            };
            let Some(end) = rest[close..].find(')').map(|i| close + i) else {
                break;
            };
            buf.push_str(&rest[..open]);
            buf.push_str(&rest[open + 1..close]);
            rest = &rest[end + 1..];
        }
        buf.push_str(rest);
        out.push_str(&buf.replace("**", "").replace("__", ""));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_leaves_out_page_furniture() {
        let html = "<html><head><title>T</title><script>var x = '$5 billion';</script></head>\
            <body><nav>Home | $1 deals</nav><h1>OpenAI raises $6.6 billion</h1>\
            <article><p>OpenAI said it raised <b>$6.6 billion</b>.</p><p>More.</p></article>\
            <footer>© 2024</footer></body></html>";
        assert_eq!(
            main_text(html),
            "OpenAI raises $6.6 billion\nOpenAI said it raised $6.6 billion.\nMore.\n"
        );
    }

    #[test]
    fn markdown_reads_as_sentences() {
        assert_eq!(
            plain_markdown("## [OpenAI](https://x.test) raises **$6.6 billion**"),
            "OpenAI raises $6.6 billion\n"
        );
    }
}
