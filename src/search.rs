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
//!
//! Queries have a search box's syntax ([`Query`]): words, `OR`, `"phrases"` and
//! `prefix*`. Since the index keeps no positions, a phrase is found as its words and
//! the few claims that have them all are checked for the words' order.

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

/// A token already written: its hash, and where it sits in the output.
#[derive(Clone, Copy, Default)]
struct Seen {
    /// 0 = a free slot.
    hash: u64,
    start: u32,
    end: u32,
}

/// The index text being written: each token once, in order of first appearance.
struct Tokens {
    out: String,
    /// The tokens written, in an open-addressed table keyed by hash. Equal hashes are
    /// compared byte for byte, so a collision never drops a token.
    seen: Vec<Seen>,
    count: usize,
    hash: fn(&str) -> u64,
}

impl Tokens {
    fn new(capacity: usize) -> Tokens {
        Tokens {
            out: String::with_capacity(capacity),
            // About one token per three bytes of text, at most half full; a long text
            // grows the table as it goes.
            seen: vec![Seen::default(); (capacity / 3 * 2).next_power_of_two().clamp(64, 4096)],
            count: 0,
            hash: token_hash,
        }
    }

    /// Records the token at `out[start..end]`; false if the same token was recorded
    /// before.
    fn first_time(&mut self, start: usize, end: usize) -> bool {
        let h = (self.hash)(&self.out[start..end]).max(1);
        if 2 * (self.count + 1) > self.seen.len() {
            let bigger = vec![Seen::default(); self.seen.len() * 2];
            let old = std::mem::replace(&mut self.seen, bigger);
            let mask = self.seen.len() - 1;
            for s in old.into_iter().filter(|s| s.hash != 0) {
                let mut i = (s.hash >> 40) as usize & mask;
                while self.seen[i].hash != 0 {
                    i = (i + 1) & mask;
                }
                self.seen[i] = s;
            }
        }
        let mask = self.seen.len() - 1;
        let mut i = (h >> 40) as usize & mask;
        loop {
            let s = self.seen[i];
            if s.hash == 0 {
                self.seen[i] = Seen {
                    hash: h,
                    start: start as u32,
                    end: end as u32,
                };
                self.count += 1;
                return true;
            }
            if s.hash == h && self.out[s.start as usize..s.end as usize] == self.out[start..end] {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /// Keeps the token written since `mark` (a space, then the token) unless it was
    /// written before.
    fn close(&mut self, mark: usize) {
        if !self.first_time(mark + 1, self.out.len()) {
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
    index_text_hashed(parts, token_hash)
}

/// [`index_text`] with the hash that finds repeats given (tests force collisions).
fn index_text_hashed(parts: &[Option<&str>], hash: fn(&str) -> u64) -> String {
    let mut t = Tokens::new(parts.iter().flatten().map(|p| p.len() + 1).sum());
    t.hash = hash;
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

/// One thing a query asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// A word as written; it may split into several tokens (`gpt-4`, `年收入`), all of
    /// which must occur.
    Word(String),
    /// `stem*`: a token starting with the stem.
    Prefix(String),
    /// `"a phrase"`: its words, next to each other, in order.
    Phrase(String),
}

/// A parsed `--search` query: any of the groups, each of whose terms must all match.
///
/// The syntax is a search box's: words (all must occur), `OR` between alternatives,
/// `"a phrase"`, `prefix*`. Chinese is matched as overlapping character pairs, as it is
/// indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    groups: Vec<Vec<Term>>,
}

/// What is wrong with a query, and where (the character position, from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub position: usize,
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.message, self.position)
    }
}

enum Item {
    Term(Term),
    Or(usize),
}

impl Query {
    /// Reads a query. `Ok(None)` when it has nothing to search for (only punctuation).
    pub fn parse(query: &str) -> Result<Option<Query>, SyntaxError> {
        let chars: Vec<char> = query.chars().collect();
        let mut items = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if c == '"' {
                let Some(len) = chars[i + 1..].iter().position(|&c| c == '"') else {
                    return Err(SyntaxError {
                        position: i + 1,
                        message: "this quote is never closed; end the phrase with another \""
                            .into(),
                    });
                };
                let text: String = chars[i + 1..i + 1 + len].iter().collect();
                if units(&text).is_empty() {
                    return Err(SyntaxError {
                        position: i + 1,
                        message: "this phrase has no words in it".into(),
                    });
                }
                items.push(Item::Term(Term::Phrase(text)));
                i += len + 2;
            } else {
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word == "OR" {
                    items.push(Item::Or(start + 1));
                } else if let Some(stem) = word.strip_suffix('*') {
                    if units(stem).is_empty() {
                        return Err(SyntaxError {
                            position: i,
                            message: "a * must end a word, as in compan*".into(),
                        });
                    }
                    items.push(Item::Term(Term::Prefix(stem.to_string())));
                } else if !units(&word).is_empty() {
                    items.push(Item::Term(Term::Word(word)));
                }
            }
        }
        let mut groups = vec![Vec::new()];
        let mut last_or: Option<usize> = None;
        for item in items {
            match item {
                Item::Term(t) => {
                    last_or = None;
                    if let Some(g) = groups.last_mut() {
                        g.push(t);
                    }
                }
                Item::Or(at) => {
                    if groups.last().is_some_and(Vec::is_empty) {
                        return Err(SyntaxError {
                            position: at,
                            message: "OR needs a word before it".into(),
                        });
                    }
                    last_or = Some(at);
                    groups.push(Vec::new());
                }
            }
        }
        if let Some(at) = last_or {
            return Err(SyntaxError {
                position: at,
                message: "OR needs a word after it".into(),
            });
        }
        if groups.iter().all(Vec::is_empty) {
            return Ok(None);
        }
        Ok(Some(Query { groups }))
    }

    /// The FTS5 expression that finds every claim the query may match. Phrases are
    /// asked for as their words (the index keeps no positions); [`Query::matches`]
    /// then checks their order when [`Query::has_phrase`] says it must.
    pub fn fts(&self) -> String {
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|g| Self::group_terms(g).join(" "))
            .collect();
        if groups.len() == 1 {
            return groups.into_iter().next().unwrap_or_default();
        }
        groups
            .iter()
            .map(|g| format!("({g})"))
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    /// The same query as a PostgreSQL `tsquery` over the same tokens (`'word'`,
    /// `'pre':*`, `&` and `|`), for a ledger on a server.
    pub fn tsquery(&self) -> String {
        let lexeme = |t: &str| match t.strip_suffix('*') {
            Some(p) => format!("'{}':*", p.trim_matches('"')),
            None => format!("'{}'", t.trim_matches('"')),
        };
        self.groups
            .iter()
            .map(|g| {
                let terms: Vec<String> = Self::group_terms(g).iter().map(|t| lexeme(t)).collect();
                format!("({})", terms.join(" & "))
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// The FTS terms of one group of a query: all must match.
    fn group_terms(terms: &[Term]) -> Vec<String> {
        {
            let mut out = Vec::new();
            for t in terms {
                match t {
                    Term::Word(w) | Term::Phrase(w) => word_terms(w, &mut out),
                    Term::Prefix(stem) => {
                        word_terms(stem, &mut out);
                        if let Some(last) = out.pop() {
                            let last = last.strip_suffix('*').unwrap_or(&last).to_string();
                            out.push(format!("{last}*"));
                        }
                    }
                }
            }
            out
        }
    }

    /// Whether a match of the index must still be checked against the text: a phrase
    /// of two or more words.
    pub fn has_phrase(&self) -> bool {
        self.groups
            .iter()
            .flatten()
            .any(|t| matches!(t, Term::Phrase(p) if units(p).len() > 1))
    }

    /// Whether a claim's quote, title and notes match the query.
    pub fn matches(&self, parts: &[Option<&str>]) -> bool {
        let tokens: std::collections::HashSet<String> = index_text(parts)
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        let texts: Vec<Vec<String>> = parts.iter().flatten().map(|p| units(p)).collect();
        let term_matches = |t: &Term| match t {
            Term::Word(w) => {
                let mut terms = Vec::new();
                word_terms(w, &mut terms);
                terms.iter().all(|t| has_token(&tokens, t))
            }
            Term::Prefix(stem) => {
                let mut terms = Vec::new();
                word_terms(stem, &mut terms);
                let last = terms.pop().unwrap_or_default();
                let last = last.trim_end_matches('*').trim_matches('"').to_string();
                terms.iter().all(|t| has_token(&tokens, t))
                    && tokens.iter().any(|t| t.starts_with(&last))
            }
            Term::Phrase(p) => {
                let want = units(p);
                texts
                    .iter()
                    .any(|text| text.windows(want.len()).any(|w| w == want.as_slice()))
            }
        };
        self.groups.iter().any(|g| g.iter().all(term_matches))
    }
}

/// Whether an FTS term (`"word"` or `"c"*`) is among the tokens.
fn has_token(tokens: &std::collections::HashSet<String>, term: &str) -> bool {
    match term.strip_suffix('*') {
        Some(p) => {
            let p = p.trim_matches('"');
            tokens.iter().any(|t| t.starts_with(p))
        }
        None => tokens.contains(term.trim_matches('"')),
    }
}

/// The FTS terms of one word as written: its lowercased pieces, and Chinese runs as
/// their overlapping pairs (a single character as a prefix, since every character
/// starts exactly one token).
fn word_terms(word: &str, terms: &mut Vec<String>) {
    pieces(word, |piece, cjk| {
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
}

/// The units a phrase is made of: lowercased words and single Chinese characters.
fn units(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    pieces(text, |piece, cjk| {
        if cjk {
            out.extend(piece.chars().map(String::from));
        } else {
            out.push(piece.to_string());
        }
    });
    out
}

/// An FTS5 query that finds every word of `query` (all must occur), with no query
/// syntax. `None` when the query has nothing to search for.
pub fn fts_query(query: &str) -> Option<String> {
    let mut terms = Vec::new();
    word_terms(query, &mut terms);
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_whose_hashes_collide_are_both_kept() {
        // Every token hashes alike: only the bytes tell them apart.
        let text = [Some("revenue valuation revenue 收入 收入")];
        let expected = " revenue valuation 收入 入";
        assert_eq!(index_text_hashed(&text, |_| 7), expected);
        assert_eq!(index_text(&text), expected);
        // A long text grows the table; collisions survive the move.
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let long = words.join(" ");
        let out = index_text_hashed(&[Some(&long)], |t| t.len() as u64);
        assert_eq!(out.split_whitespace().count(), 300);
    }
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

    /// Each query's FTS5 expression, or the position and reason it is refused.
    #[test]
    fn query_syntax() {
        let cases: &[(&str, &str, Result<&str, usize>)] = &[
            (
                "words all match",
                "company analysts",
                Ok("\"company\" \"analysts\""),
            ),
            (
                "OR between words",
                "company OR analysts",
                Ok("(\"company\") OR (\"analysts\")"),
            ),
            (
                "OR between groups",
                "a b OR c",
                Ok("(\"a\" \"b\") OR (\"c\")"),
            ),
            ("lowercase or is a word", "a or b", Ok("\"a\" \"or\" \"b\"")),
            (
                "a quoted OR is a word",
                "a \"OR\" b",
                Ok("\"a\" \"or\" \"b\""),
            ),
            (
                "a phrase asks for its words",
                "\"the company\"",
                Ok("\"the\" \"company\""),
            ),
            ("a prefix", "compan*", Ok("\"compan\"*")),
            ("a prefix is lowercased", "Compan*", Ok("\"compan\"*")),
            (
                "a split word, prefix on its end",
                "gpt-4*",
                Ok("\"gpt\" \"4\"*"),
            ),
            ("Chinese as pairs", "年收入", Ok("\"年收\" \"收入\"")),
            ("one Chinese character is a prefix", "收", Ok("\"收\"*")),
            (
                "Chinese OR English",
                "收入 OR revenue",
                Ok("(\"收入\") OR (\"revenue\")"),
            ),
            (
                "mixed",
                "\"the company\" OR compan* 收入",
                Ok("(\"the\" \"company\") OR (\"compan\"* \"收入\")"),
            ),
            (
                "punctuation alone is dropped",
                "a , OR b",
                Ok("(\"a\") OR (\"b\")"),
            ),
            ("unclosed quote", "a \"the company", Err(3)),
            ("empty phrase", "a \"\" b", Err(3)),
            ("lone OR", "OR", Err(1)),
            ("OR first", "OR company", Err(1)),
            ("OR last", "company OR", Err(9)),
            ("OR twice", "a OR OR b", Err(6)),
            ("a star alone", "a *", Err(3)),
        ];
        for (why, query, want) in cases {
            let got = Query::parse(query).map(|q| q.map(|q| q.fts()).unwrap_or_default());
            match (want, got) {
                (Ok(w), Ok(g)) => assert_eq!(&g, w, "{why}: {query}"),
                (Err(at), Err(e)) => assert_eq!(e.position, *at, "{why}: {query}: {e}"),
                (w, g) => panic!("{why}: {query}: wanted {w:?}, got {g:?}"),
            }
        }
        assert_eq!(Query::parse("  ,, "), Ok(None));
    }

    /// What a query matches in a text, phrases and prefixes included.
    #[test]
    fn query_matching() {
        let text = "The company told analysts that 年收入增长 was strong.";
        let cases: &[(&str, bool)] = &[
            ("company analysts", true),
            ("company banana", false),
            ("banana OR analysts", true),
            ("\"the company\"", true),
            ("\"company the\"", false),
            ("\"told analysts\"", true),
            ("\"company analysts\"", false),
            ("compan*", true),
            ("analyst*", true),
            ("banan*", false),
            ("\"收入增长\"", true),
            ("\"收入长\"", false),
            ("\"the company\" OR banana", true),
            ("\"company the\" OR banana", false),
        ];
        for (query, want) in cases {
            let q = Query::parse(query).unwrap().unwrap();
            assert_eq!(q.matches(&[Some(text)]), *want, "{query}");
        }
        assert!(!Query::parse("a b").unwrap().unwrap().has_phrase());
        assert!(Query::parse("\"a b\"").unwrap().unwrap().has_phrase());
        assert!(!Query::parse("\"ab\"").unwrap().unwrap().has_phrase());
    }
}
