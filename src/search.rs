//! Full-text search that understands Chinese. Pure text in, text out.
//!
//! SQLite's `unicode61` tokenizer keeps a run of Chinese characters as one token, and the
//! trigram tokenizer cannot find two-character words such as 收入. So the tool writes the
//! indexed text itself: each run of CJK characters becomes its overlapping pairs plus the
//! run's last character (`收入增长` → `收入 入增 增长 长`), and a query is turned into the
//! same pairs as an FTS5 phrase. Every character starts exactly one token, so a
//! one-character query is a prefix query. Other scripts pass through to `unicode61`.

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F
        | 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

/// Splits text into runs: (is_cjk, run).
fn runs(text: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let cjk = is_cjk(first);
        let end = rest
            .char_indices()
            .find(|(_, c)| is_cjk(*c) != cjk)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((cjk, run))
    })
}

fn pairs(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let mut out: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    if let Some(last) = chars.last() {
        out.push(last.to_string());
    }
    out
}

/// The text to index for a claim's quote, title and notes.
pub fn index_text(parts: &[Option<&str>]) -> String {
    let mut out = String::new();
    for part in parts.iter().flatten() {
        for (cjk, run) in runs(part) {
            out.push(' ');
            if cjk {
                out.push_str(&pairs(run).join(" "));
            } else {
                out.push_str(run);
            }
        }
    }
    out
}

/// An FTS5 query that finds every word of `query` (all must occur). `None` when the
/// query has nothing to search for.
pub fn fts_query(query: &str) -> Option<String> {
    let mut terms = Vec::new();
    for (cjk, run) in runs(query) {
        if cjk {
            let chars: Vec<char> = run.chars().collect();
            if chars.len() == 1 {
                terms.push(format!("\"{}\"*", chars[0]));
            } else {
                let tokens: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
                terms.push(format!("\"{}\"", tokens.join(" ")));
            }
        } else {
            for word in run.split(|c: char| !c.is_alphanumeric()) {
                if !word.is_empty() {
                    terms.push(format!("\"{word}\""));
                }
            }
        }
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_runs_become_overlapping_pairs() {
        assert_eq!(index_text(&[Some("年收入增长")]), " 年收 收入 入增 增长 长");
        assert_eq!(
            index_text(&[Some("OpenAI的年收入"), None, Some("revenue")]),
            " OpenAI 的年 年收 收入 入 revenue"
        );
    }

    #[test]
    fn queries_use_the_same_pairs() {
        assert_eq!(fts_query("收入").unwrap(), "\"收入\"");
        assert_eq!(fts_query("年收入").unwrap(), "\"年收 收入\"");
        assert_eq!(fts_query("收").unwrap(), "\"收\"*");
        assert_eq!(fts_query("OpenAI 收入").unwrap(), "\"OpenAI\" \"收入\"");
        assert_eq!(fts_query("\"a\" OR b*").unwrap(), "\"a\" \"OR\" \"b\"");
        assert_eq!(fts_query("  ,, "), None);
    }
}
