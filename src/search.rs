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

/// A small, fast hash for remembering which tokens a text already gave: eight bytes
/// at a time, each step a multiply and a shift.
fn token_hash(t: &str) -> u64 {
    let mut h = 0x243f_6a88_85a3_08d3 ^ t.len() as u64;
    for chunk in t.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
    }
    h
}

/// The index text being written: each token once, in order of first appearance.
struct Tokens {
    out: String,
    /// The hashes of the tokens written, in an open-addressed table (0 = free).
    seen: Vec<u64>,
    count: usize,
}

impl Tokens {
    fn new(capacity: usize) -> Tokens {
        Tokens {
            out: String::with_capacity(capacity),
            // About one token per three bytes of text, at most half full; a long text
            // grows the table as it goes.
            seen: vec![0; (capacity / 3 * 2).next_power_of_two().clamp(64, 4096)],
            count: 0,
        }
    }

    /// Records `h`; false if it was recorded before.
    fn first_time(&mut self, h: u64) -> bool {
        let h = h.max(1);
        if 2 * (self.count + 1) > self.seen.len() {
            let bigger = vec![0; self.seen.len() * 2];
            let old = std::mem::replace(&mut self.seen, bigger);
            self.count = 0;
            for h in old.into_iter().filter(|&h| h != 0) {
                self.first_time(h);
            }
        }
        let mask = self.seen.len() - 1;
        let mut i = (h >> 40) as usize & mask;
        loop {
            match self.seen[i] {
                0 => {
                    self.seen[i] = h;
                    self.count += 1;
                    return true;
                }
                x if x == h => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Keeps the token written since `mark` (a space, then the token) unless it was
    /// written before.
    fn close(&mut self, mark: usize) {
        if !self.first_time(token_hash(&self.out[mark + 1..])) {
            self.out.truncate(mark);
        }
    }

    /// Starts a word at the end of the output unless one is being written.
    fn begin(&mut self, word: &mut Option<usize>) {
        if word.is_none() {
            *word = Some(self.out.len());
            self.out.push(' ');
        }
    }

    fn push(&mut self, token: &str) {
        let mark = self.out.len();
        self.out.push(' ');
        self.out.push_str(token);
        self.close(mark);
    }
}

/// The text to index for a claim's quote, title and notes: each token once, in order
/// of first appearance (the index keeps no positions or counts, so repeats would only
/// cost time).
pub fn index_text(parts: &[Option<&str>]) -> String {
    let mut t = Tokens::new(parts.iter().flatten().map(|p| p.len() + 1).sum());
    for part in parts.iter().flatten() {
        // The word being written starts at `word` in the output; the Chinese run being
        // read has its last character at `last` in the input.
        let mut word: Option<usize> = None;
        let mut last: Option<usize> = None;
        let end_word = |t: &mut Tokens, word: &mut Option<usize>| {
            if let Some(mark) = word.take() {
                t.close(mark);
            }
        };
        let end_run = |t: &mut Tokens, last: &mut Option<usize>, at: usize| {
            if let Some(start) = last.take() {
                t.push(&part[start..at]);
            }
        };
        let bytes = part.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    end_run(&mut t, &mut last, i);
                    t.begin(&mut word);
                    t.out.push(char::from(b.to_ascii_lowercase()));
                } else {
                    end_word(&mut t, &mut word);
                    end_run(&mut t, &mut last, i);
                }
                i += 1;
                continue;
            }
            let c = part[i..].chars().next().unwrap_or_default();
            let next = i + c.len_utf8();
            if is_cjk(c) {
                end_word(&mut t, &mut word);
                // Each pair is given as soon as its second character is read.
                if let Some(start) = last {
                    t.push(&part[start..next]);
                }
                last = Some(i);
            } else if c.is_alphanumeric() {
                end_run(&mut t, &mut last, i);
                t.begin(&mut word);
                t.out.extend(c.to_lowercase());
            } else {
                end_word(&mut t, &mut word);
                end_run(&mut t, &mut last, i);
            }
            i = next;
        }
        end_word(&mut t, &mut word);
        end_run(&mut t, &mut last, bytes.len());
    }
    t.out
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

    proptest::proptest! {
        /// Whatever the text, a query for it finds it: every term of the query is a
        /// token of the index text (a one-character Chinese term, a prefix of one).
        #[test]
        fn a_text_is_found_by_a_query_for_it(text in "[a-zA-Z0-9 ,.İÉé收入增长的年亿美元\\-–、，]{0,60}") {
            let tokens: Vec<String> = index_text(&[Some(&text)])
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect();
            if let Some(query) = fts_query(&text) {
                for term in query.split(' ') {
                    let (word, prefix) = match term.strip_suffix('*') {
                        Some(w) => (w.trim_matches('"'), true),
                        None => (term.trim_matches('"'), false),
                    };
                    let found = tokens
                        .iter()
                        .any(|t| t == word || (prefix && t.starts_with(word)));
                    proptest::prop_assert!(found, "{term} not among {tokens:?}");
                }
            }
        }
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
