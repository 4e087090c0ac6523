//! Splitting an article into sentences and clauses, and finding names in them.
//!
//! Everything works on byte ranges into the article, so that a figure found by
//! [`crate::value::find_all`] in a sentence can be placed against the names and cue
//! words around it.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

/// English abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "vs", "no",
];

/// The sentences of `text`: ended by `。！？!?`, a line break, or a full stop followed
/// by a space and not closing an abbreviation or a decimal.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let end = i + c.len_utf8();
        let split = match c {
            '。' | '！' | '？' | '!' | '?' | '\n' => true,
            '.' => {
                let next_space = bytes.get(end).is_none_or(|b| b.is_ascii_whitespace());
                let word: String = text[start..i]
                    .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                next_space && !ABBREVIATIONS.contains(&word.as_str())
            }
            _ => false,
        };
        if split {
            // Keep a closing quote or bracket with its sentence.
            let mut stop = end;
            while let Some(&(j, q)) = iter.peek() {
                if matches!(q, '”' | '"' | '’' | '\'' | ')' | '）' | '」' | '』') {
                    stop = j + q.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            push_trimmed(text, start..stop, &mut out);
            start = stop;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// The clause around `at` in `sentence`: the text between the nearest clause marks.
pub fn clause(sentence: &str, at: Range<usize>) -> Range<usize> {
    let is_mark = |c: char| {
        matches!(
            c,
            ',' | '，' | ';' | '；' | '、' | '—' | '(' | '（' | ')' | '）'
        )
    };
    let start = sentence[..at.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_mark(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = sentence[at.end..]
        .char_indices()
        .find(|&(_, c)| is_mark(c))
        .map_or(sentence.len(), |(i, _)| at.end + i);
    start..end
}

/// Every occurrence of `needle` in `hay`, ASCII letters in either case; a needle that
/// starts or ends with an ASCII letter or digit must not run into another one.
pub fn occurrences(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    each_occurrence(hay, needle, |r| {
        out.push(r);
        true
    });
    out
}

/// Calls `f` with each occurrence of `needle` in `hay` (as [`occurrences`] matches)
/// until it returns false. Needles are short and many: a scan for the first byte and a
/// compare, with no set-up and no allocation. A match of whole UTF-8 characters always
/// starts and ends on character boundaries.
fn each_occurrence(hay: &str, needle: &str, mut f: impl FnMut(Range<usize>) -> bool) {
    let (hb, nb) = (hay.as_bytes(), needle.as_bytes());
    if nb.is_empty() || nb.len() > hb.len() {
        return;
    }
    let (lo, up) = (nb[0].to_ascii_lowercase(), nb[0].to_ascii_uppercase());
    let word_start = nb[0].is_ascii_alphanumeric();
    let word_end = nb[nb.len() - 1].is_ascii_alphanumeric();
    let last = hb.len() - nb.len();
    let mut i = 0;
    while i <= last {
        match hb[i..=last].iter().position(|&b| b == lo || b == up) {
            Some(p) => i += p,
            None => return,
        }
        let end = i + nb.len();
        let glued_start = word_start && i > 0 && hb[i - 1].is_ascii_alphanumeric();
        let glued_end = word_end && hb.get(end).is_some_and(|b| b.is_ascii_alphanumeric());
        if hb[i..end].eq_ignore_ascii_case(nb) && !glued_start && !glued_end {
            if !f(i..end) {
                return;
            }
            i = end;
        } else {
            i += 1;
        }
    }
}

/// A fixed list of words searched for in one pass: one multi-pattern automaton
/// instead of a search per word. Matches exactly as [`occurrences`] does for each word.
#[derive(Debug, Clone)]
pub struct WordSet {
    ac: Option<AhoCorasick>,
    /// Per word: must it start a word, must it end one.
    edges: Vec<(bool, bool)>,
}

impl WordSet {
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> WordSet {
        let words: Vec<String> = words.into_iter().map(|w| w.as_ref().to_string()).collect();
        let edges = words
            .iter()
            .map(|w| {
                let b = w.as_bytes();
                (
                    b.first().is_some_and(u8::is_ascii_alphanumeric),
                    b.last().is_some_and(u8::is_ascii_alphanumeric),
                )
            })
            .collect();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .ok();
        WordSet { ac, edges }
    }

    /// Calls `f` with each (word index, range) as [`occurrences`] would find it for
    /// each word, until `f` returns false. Ordered by where matches end.
    fn each(&self, hay: &str, mut f: impl FnMut(usize, Range<usize>) -> bool) {
        let Some(ac) = &self.ac else { return };
        let hb = hay.as_bytes();
        let mut last_end = vec![0usize; self.edges.len()];
        for m in ac.find_overlapping_iter(hay) {
            let (k, r) = (m.pattern().as_usize(), m.range());
            if r.is_empty() || r.start < last_end[k] {
                continue;
            }
            let (start, end) = self.edges[k];
            let glued_start = start && r.start > 0 && hb[r.start - 1].is_ascii_alphanumeric();
            let glued_end = end && hb.get(r.end).is_some_and(u8::is_ascii_alphanumeric);
            if glued_start || glued_end {
                continue;
            }
            last_end[k] = r.end;
            if !f(k, r) {
                return;
            }
        }
    }

    /// Every match, ordered by word index then position (as searching word by word).
    pub fn find(&self, hay: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        self.each(hay, |k, r| {
            out.push((k, r));
            true
        });
        out.sort_by_key(|(k, r)| (*k, r.start));
        out
    }

    /// Whether any word occurs in `hay`.
    pub fn any(&self, hay: &str) -> bool {
        let mut found = false;
        self.each(hay, |_, _| {
            found = true;
            false
        });
        found
    }
}

/// Whether any of `words` occurs in `hay` (as [`occurrences`] matches).
pub fn has_any(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        let mut found = false;
        each_occurrence(hay, w, |_| {
            found = true;
            false
        });
        found
    })
}

/// Bytes between two ranges; 0 when they touch or overlap.
pub fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Words that start with a capital letter but do not name an organisation.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "It",
    "Its",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "Or",
    "According",
    "As",
    "By",
    "For",
    "From",
    "If",
    "While",
    "With",
    "After",
    "Before",
    "Last",
    "Next",
    "Earlier",
    "Later",
    "Since",
    "When",
    "Chief",
    "Executive",
    "CEO",
    "CFO",
    "Officer",
    "President",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "He",
    "She",
    "They",
    "We",
    "I",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "AI",
    "GPU",
    "GPUs",
    "IPO",
    "ARR",
    "AGI",
    "LLM",
    "API",
    "US",
    "UK",
    "EU",
    "USD",
    "RMB",
    "CNY",
    "EUR",
    "GBP",
    "HKD",
    "JPY",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "H1",
    "H2",
    "FY",
    "People",
    "Sources",
    "Source",
    "One",
    "Two",
    "Three",
    "However",
    "Meanwhile",
    "Also",
    "Still",
    "Rival",
    "Rivals",
    "Startup",
    "Shares",
    "Officials",
    "Executives",
    "Founded",
    "Based",
    "Backed",
    "Led",
    "Today",
    "Yesterday",
    "Tech",
    "Their",
    "Our",
    "Some",
    "Many",
    "Most",
    "Other",
    "Both",
    "Each",
    "All",
    "New",
    "Under",
    "Despite",
    "Although",
    "Because",
    "Following",
    "Including",
    "Elsewhere",
    "Now",
    "Then",
    "So",
    "Yet",
    "Not",
    "There",
    "Here",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Reporting",
    "Editing",
    "Chipmaker",
    "Revenue",
    "Sales",
    "Separately",
    "Investors",
    "Analysts",
    "Series",
    "Round",
];

/// Joining words allowed inside a capitalised name (`Bank of America`).
const NAME_JOINERS: &[&str] = &["of", "&"];

/// Capitalised runs of words in `s` that may name an organisation (`Thrive Capital`,
/// `OpenAI`, `MGX`), Latin script only; works inside Chinese text too.
pub fn capitalised_names(s: &str) -> Vec<Range<usize>> {
    let mut words: Vec<Range<usize>> = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || (matches!(bytes[i], b'.' | b'-' | b'\'')
                        && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric())))
            {
                i += 1;
            }
            words.push(start..i);
        } else if bytes[i] == b'&' {
            words.push(i..i + 1);
            i += 1;
        } else {
            i += 1;
        }
    }
    let is_cap = |r: &Range<usize>| {
        let w = &s[r.clone()];
        let w = w.strip_suffix("'s").unwrap_or(w);
        let first = w.chars().next();
        let capital = first.is_some_and(|c| c.is_ascii_uppercase())
            || (first.is_some_and(|c| c.is_ascii_lowercase())
                && w.chars().skip(1).any(|c| c.is_ascii_uppercase()));
        capital && !NOT_NAMES.contains(&w) && !w.chars().all(|c| c.is_ascii_digit())
    };
    // Words that end a name but never start one (`Mistral AI`, `Scale AI`).
    let continues =
        |r: &Range<usize>| ["AI", "Labs", "Inc", "Group", "Capital"].contains(&&s[r.clone()]);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut run: Option<Range<usize>> = None;
    let mut k = 0;
    while k < words.len() {
        let w = &words[k];
        let gap_ok = |prev: &Range<usize>, next: &Range<usize>| {
            s[prev.end..next.start].chars().all(|c| c == ' ') && next.start - prev.end <= 1
        };
        if run.as_ref().is_some_and(|r| gap_ok(r, w)) && continues(w) {
            run = run.map(|r| r.start..w.end);
        } else if is_cap(w) && !s[w.clone()].ends_with("-based") {
            run = match run.take() {
                Some(r) if gap_ok(&r, w) => Some(r.start..w.end),
                Some(r) => {
                    out.push(r);
                    Some(w.clone())
                }
                None => Some(w.clone()),
            };
        } else if let (Some(r), true) = (
            run.as_ref(),
            NAME_JOINERS.contains(&&s[w.clone()])
                && words.get(k + 1).is_some_and(|n| is_cap(n) && gap_ok(w, n)),
        ) {
            if gap_ok(r, w) {
                run = Some(r.start..w.end);
            }
        } else if let Some(r) = run.take() {
            out.push(r);
        }
        k += 1;
    }
    if let Some(r) = run {
        out.push(r);
    }
    // A possessive belongs to the text, not the name.
    out.into_iter()
        .map(|r| {
            if s[r.clone()].ends_with("'s") {
                r.start..r.end - 2
            } else {
                r
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_but_not_at_decimals_or_abbreviations() {
        let t = "OpenAI Inc. said revenue hit $3.7 billion. It expects more!\n估值1500亿美元。融资65亿美元";
        let got: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            got,
            vec![
                "OpenAI Inc. said revenue hit $3.7 billion.",
                "It expects more!",
                "估值1500亿美元。",
                "融资65亿美元"
            ]
        );
    }

    #[test]
    fn capitalised_names_skip_sentence_words_and_keep_joined_names() {
        let t =
            "The round was led by Thrive Capital and Bank of America's fund, with OpenAI and MGX.";
        let got: Vec<&str> = capitalised_names(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            got,
            vec!["Thrive Capital", "Bank of America", "OpenAI", "MGX"]
        );
    }
}
