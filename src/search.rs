//! Full-text search that understands Chinese. Pure text in, text out.
//!
//! SQLite's tokenizers keep a run of Chinese characters as one token (`unicode61`) or
//! cannot find two-character words such as 收入 (`trigram`). So the tool writes the
//! indexed text itself, already split into tokens: words lowercased, punctuation dropped,
//! and each run of CJK characters as its overlapping pairs plus the run's last character
//! (`收入增长` → `收入 入增 增长 长`). The index (`tokenize='ascii'`, `detail=none`)
//! then only splits on spaces and keeps no positions, which keeps bulk loads cheap. A
//! query is turned into the same tokens, all of which must occur; a one-character
//! Chinese query is a prefix query, since every character starts exactly one token.

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F
        | 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

/// The tokens of `text`: lowercased words, and CJK runs as `(run, true)`.
fn pieces(text: &str, mut each: impl FnMut(&str, bool)) {
    let mut word = String::new();
    let mut run = String::new();
    let flush = |buf: &mut String, cjk: bool, each: &mut dyn FnMut(&str, bool)| {
        if !buf.is_empty() {
            each(buf, cjk);
            buf.clear();
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush(&mut word, false, &mut each);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush(&mut run, true, &mut each);
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, false, &mut each);
            flush(&mut run, true, &mut each);
        }
    }
    flush(&mut word, false, &mut each);
    flush(&mut run, true, &mut each);
}

/// FNV-1a: a small, fast hash for remembering which tokens a text already gave.
fn token_hash(t: &str) -> u64 {
    t.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The text to index for a claim's quote, title and notes: each token once, in order
/// of first appearance (the index keeps no positions or counts, so repeats would only
/// cost time).
pub fn index_text(parts: &[Option<&str>]) -> String {
    let mut out = String::new();
    let mut seen: Vec<u64> = Vec::new();
    let mut emit = |t: &str| {
        let h = token_hash(t);
        if !seen.contains(&h) {
            seen.push(h);
            out.push(' ');
            out.push_str(t);
        }
    };
    for part in parts.iter().flatten() {
        pieces(part, |piece, cjk| {
            if cjk {
                // Character boundaries of the run: every pair is a slice of it.
                let mut bounds: Vec<usize> = piece.char_indices().map(|(i, _)| i).collect();
                bounds.push(piece.len());
                for w in bounds.windows(3) {
                    emit(&piece[w[0]..w[2]]);
                }
                if let [.., a, b] = bounds.as_slice() {
                    emit(&piece[*a..*b]);
                }
            } else {
                emit(piece);
            }
        });
    }
    out
}

/// An FTS5 query that finds every word of `query` (all must occur). `None` when the
/// query has nothing to search for.
pub fn fts_query(query: &str) -> Option<String> {
    let mut terms = Vec::new();
    pieces(query, |piece, cjk| {
        let chars: Vec<char> = piece.chars().collect();
        if !cjk {
            terms.push(format!("\"{piece}\""));
        } else if chars.len() == 1 {
            terms.push(format!("\"{piece}\"*"));
        } else {
            for w in chars.windows(2) {
                terms.push(format!("\"{}\"", w.iter().collect::<String>()));
            }
        }
    });
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_runs_become_overlapping_pairs() {
        assert_eq!(index_text(&[Some("年收入增长")]), " 年收 收入 入增 增长 长");
        assert_eq!(
            index_text(&[Some("收入 and 收入 AND")]),
            " 收入 入 and",
            "each token once"
        );
        assert_eq!(
            index_text(&[Some("OpenAI的年收入，“现已超过”"), None, Some("Revenue!")]),
            " openai 的年 年收 收入 入 现已 已超 超过 过 revenue"
        );
    }

    #[test]
    fn queries_use_the_same_tokens() {
        assert_eq!(fts_query("收入").unwrap(), "\"收入\"");
        assert_eq!(fts_query("年收入").unwrap(), "\"年收\" \"收入\"");
        assert_eq!(fts_query("收").unwrap(), "\"收\"*");
        assert_eq!(fts_query("OpenAI 收入").unwrap(), "\"openai\" \"收入\"");
        assert_eq!(fts_query("\"a\" OR b*").unwrap(), "\"a\" \"or\" \"b\"");
        assert_eq!(fts_query("  ,, "), None);
    }
}
