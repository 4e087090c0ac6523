//! Finding figures inside running text: `find_all` returns each figure's byte span in
//! the original text and how it reads.
//!
//! The spans are built from the same word lists as [`super::parse`] (`lexicon.rs`):
//! hedges and currency symbols before the digits; scales, `多`, currencies, percent and
//! multiples after them; a second amount after a range join; a closing hedge
//! (`以上`, `左右`, `or more`). The text of a span is then read by `parse`, so a span is
//! returned only when the whole of it reads as a quantity, and it reads the same as the
//! value would on its own. Normalisation maps one character to one character, so every
//! offset found in the normalised text is an offset in the original.

use std::ops::Range;

use super::lexicon::{
    BETWEEN, CURRENCY_PREFIXES, CURRENCY_SUFFIXES, CURRENCY_SYMBOLS, FILLERS, Join, LETTER_SCALES,
    MORE, PERCENT, PERCENT_PREFIX, PREFIX_HEDGES, RANGE_JOINS, SCALES, SUFFIXES, TIMES,
};
use super::scan::{Cursor, normalize};
use super::{Value, parse};

/// Words after a figure that say what kind of figure it is; kept in the span so that
/// the value is recorded as written (`$157 billion post-money`).
const QUALIFIERS: &[&str] = &["pre-money", "post-money"];

/// Nouns counted by a figure that make it worth recording (`200 million users`,
/// `1亿用户`); other nouns after a number are left out of the span.
const COUNT_NOUNS: &[&str] = &[
    "users",
    "customers",
    "subscribers",
    "employees",
    "developers",
    "用户",
    "名用户",
    "名员工",
    "员工",
    "家企业",
];

/// Every figure in `text`, in order, with its byte range and reading. Spans never
/// overlap. Bare numbers (`2024`, `3`) are figures too; callers decide which matter.
pub fn find_all(text: &str) -> Vec<(Range<usize>, Value)> {
    let chars = normalize(text);
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    offsets.push(text.len());
    if offsets.len() != chars.len() + 1 {
        return Vec::new();
    }
    let mut cur = Cursor::new(chars.clone());
    let mut out = Vec::new();
    let mut i = 0;
    let mut floor = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && glued_before(&chars, i)) {
            i += 1;
            continue;
        }
        let starts = prefix_starts(&chars, i, floor);
        let ends = suffix_ends(&mut cur, i);
        let mut found = None;
        'search: for &s in &starts {
            for &e in ends.iter().rev() {
                let (Some(&a), Some(&b)) = (offsets.get(s), offsets.get(e)) else {
                    continue;
                };
                if let Ok(v @ Value::Quantity(_)) = parse(&text[a..b]) {
                    found = Some((s, e, a..b, v));
                    break 'search;
                }
            }
        }
        match found {
            Some((_, e, span, v)) => {
                out.push((span, v));
                floor = e;
                i = e.max(i + 1);
            }
            None => {
                // Skip the rest of this run of digits: its tail is not a figure of its own.
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
            }
        }
    }
    out
}

/// Digits glued to a preceding letter are part of a name (`GPT-4`, `A100`, `o1`).
fn glued_before(chars: &[char], i: usize) -> bool {
    let p = chars[i - 1];
    if p.is_ascii_digit() || p.is_ascii_alphabetic() {
        return true;
    }
    // `GPT-4`: a hyphen between a letter and the digits.
    p == '-' && i >= 2 && chars[i - 2].is_ascii_alphabetic()
}

/// Whether `phrase` ends at `end` in `chars`, and where it starts. ASCII letters match
/// either case; a space matches a run of whitespace. A phrase starting with an ASCII
/// letter must start a word.
fn ends_at(chars: &[char], end: usize, phrase: &str) -> Option<usize> {
    let mut at = end;
    for p in phrase.chars().rev() {
        if p == ' ' {
            let before = at;
            while at > 0 && chars[at - 1].is_whitespace() {
                at -= 1;
            }
            if at == before {
                return None;
            }
        } else {
            if at == 0 || !chars[at - 1].eq_ignore_ascii_case(&p) {
                return None;
            }
            at -= 1;
        }
    }
    let first = phrase.chars().next()?;
    if first.is_ascii_alphabetic() && at > 0 && chars[at - 1].is_ascii_alphabetic() {
        return None;
    }
    Some(at)
}

fn longest_ending<'a>(
    chars: &[char],
    end: usize,
    phrases: impl Iterator<Item = &'a str>,
) -> Option<usize> {
    phrases.filter_map(|p| ends_at(chars, end, p)).min()
}

fn skip_ws_back(chars: &[char], mut at: usize, floor: usize) -> usize {
    while at > floor && chars[at - 1].is_whitespace() {
        at -= 1;
    }
    at
}

/// Where the figure whose digits start at `i` may start, widest first: after currency
/// symbols, codes and hedges written before it, never before `floor`.
fn prefix_starts(chars: &[char], i: usize, floor: usize) -> Vec<usize> {
    let mut starts = vec![i];
    let mut at = i;
    for _ in 0..4 {
        let symbol = longest_ending(chars, at, CURRENCY_SYMBOLS.iter().map(|(p, _)| *p));
        let back = skip_ws_back(chars, at, floor);
        let word = longest_ending(
            chars,
            back,
            CURRENCY_PREFIXES
                .iter()
                .map(|(p, _)| *p)
                .chain(PREFIX_HEDGES.iter().map(|(p, _)| *p))
                .chain(BETWEEN.iter().copied())
                .chain(std::iter::once(PERCENT_PREFIX)),
        );
        match symbol.or(word) {
            Some(s) if s >= floor && s < at => {
                at = s;
                starts.push(s);
            }
            _ => {
                // A filler between a hedge and the digits (`约为`, `as much as now`)
                // belongs to the figure only when a hedge comes before it.
                let Some(f) = longest_ending(chars, back, FILLERS.iter().copied()) else {
                    break;
                };
                let back = skip_ws_back(chars, f, floor);
                match longest_ending(chars, back, PREFIX_HEDGES.iter().map(|(p, _)| *p)) {
                    Some(s) if s >= floor && s < f => {
                        at = s;
                        starts.push(s);
                    }
                    _ => break,
                }
            }
        }
    }
    // A Chinese rate written before the amount: `每小时每GPU 1.30美元`.
    let mut back = skip_ws_back(chars, at, floor);
    let mut steps = 0;
    while back > floor && steps < 12 {
        let c = chars[back - 1];
        if !(c.is_alphabetic() || c.is_whitespace()) {
            break;
        }
        back -= 1;
        steps += 1;
        // `每年15亿美元` is a year's amount, as reporters mean it, not a rate.
        let per: String = chars[back..at]
            .iter()
            .filter(|c| !c.is_whitespace())
            .collect();
        if c == '每' && !matches!(per.as_str(), "每年" | "每月" | "每季度") {
            starts.push(back);
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Consumes digits with their separators.
fn digits(cur: &mut Cursor) -> bool {
    let start = cur.pos();
    while let Some(c) = cur.peek() {
        let separator =
            (c == ',' || c == '.') && cur.peek_at(1).is_some_and(|d| d.is_ascii_digit());
        if c.is_ascii_digit() || separator {
            cur.bump();
        } else {
            break;
        }
    }
    cur.pos() > start
}

/// Consumes what may follow an amount's digits: scales, `多`, a currency, percent or a
/// multiple. Returns the positions where the figure may end.
fn amount_tail(cur: &mut Cursor, ends: &mut Vec<usize>) {
    if cur.eat_longest(LETTER_SCALES).is_some() {
        ends.push(cur.pos());
    }
    let save = cur.pos();
    cur.skip_ws();
    if cur.eat_longest(SCALES).is_some() {
        ends.push(cur.pos());
    } else {
        cur.set_pos(save);
    }
    if cur.eat_any(MORE).is_some() {
        ends.push(cur.pos());
    }
    let save = cur.pos();
    cur.skip_ws();
    if cur.eat_longest(CURRENCY_SUFFIXES).is_some() {
        ends.push(cur.pos());
        // `120亿元人民币`: a currency named twice.
        if cur.eat_longest(CURRENCY_SUFFIXES).is_some() {
            ends.push(cur.pos());
        }
    } else if cur.eat_any(PERCENT).is_some()
        || cur.eat_any(TIMES).is_some()
        || cur.eat_any(COUNT_NOUNS).is_some()
    {
        ends.push(cur.pos());
    } else {
        cur.set_pos(save);
    }
}

/// Where the figure whose digits start at `i` may end, shortest first.
fn suffix_ends(cur: &mut Cursor, i: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    cur.set_pos(i);
    digits(cur);
    ends.push(cur.pos());
    amount_tail(cur, &mut ends);
    // A second amount after a range join: `3.5 to 4.5 billion`, `35亿至45亿美元`.
    let save = cur.pos();
    cur.skip_ws();
    let joined = match cur.longest(RANGE_JOINS) {
        Some((Join::Plain, n)) => {
            cur.set_pos(cur.pos() + n);
            true
        }
        Some((Join::And, n)) => {
            cur.set_pos(cur.pos() + n);
            true
        }
        None => false,
    };
    if joined {
        cur.skip_ws();
        if cur.eat_longest(CURRENCY_SYMBOLS).is_some() {
            cur.skip_ws();
        }
        if cur.peek().is_some_and(|c| c.is_ascii_digit()) && digits(cur) {
            ends.push(cur.pos());
            amount_tail(cur, &mut ends);
        } else {
            cur.set_pos(save);
        }
    } else {
        cur.set_pos(save);
    }
    // A closing hedge or a word that says what kind of figure it is.
    let save = cur.pos();
    cur.skip_ws();
    if cur.eat_longest(SUFFIXES).is_some() || cur.eat_any(QUALIFIERS).is_some() {
        ends.push(cur.pos());
    } else {
        cur.set_pos(save);
    }
    ends.sort_unstable();
    ends.dedup();
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        find_all(text).into_iter().map(|(r, _)| &text[r]).collect()
    }

    #[test]
    fn figures_are_found_in_running_text_with_their_qualifiers() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "hedge_and_scale_in_chinese",
                "正在以至少1500亿美元的估值进行新一轮融资,预计筹集至少65亿美元,可能高达70亿美元。",
                &["至少1500亿美元", "至少65亿美元", "高达70亿美元"],
            ),
            (
                "english_hedge_and_symbol",
                "The company could raise as much as $5 billion, people said.",
                &["as much as $5 billion"],
            ),
            (
                "range_in_chinese",
                "年收入在35亿至45亿美元之间",
                &["35亿至45亿美元之间"],
            ),
            (
                "range_in_english",
                "revenue of $3.5B-$4.5B this year",
                &["$3.5B-$4.5B"],
            ),
            (
                "qualifier_kept",
                "valued at $157 billion post-money, it said",
                &["$157 billion post-money"],
            ),
            (
                "percent_and_multiple",
                "a 20% rise and a 100倍 cap",
                &["20%", "100倍"],
            ),
            (
                "names_with_digits_are_not_figures",
                "GPT-4 and A100 chips, o1",
                &[],
            ),
            (
                "suffix_hedge",
                "融资20亿元以上,估值约30亿美元左右",
                &["20亿元以上", "约30亿美元左右"],
            ),
            (
                "rate_before_amount",
                "价格为每小时每GPU 1.30美元。",
                &["每小时每GPU 1.30美元"],
            ),
            (
                "filler_after_hedge",
                "营收约为1200亿美元",
                &["约为1200亿美元"],
            ),
            (
                "bare_numbers_are_found",
                "in 2024, 3 people",
                &["2024", "3"],
            ),
            (
                "full_width_digits_keep_offsets",
                "估值达１５００亿美元",
                &["１５００亿美元"],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(&spans(text), want, "{name}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_spans_that_read_alone(text in "[0-9a-z$€亿万美元约至超过 ,.%-]{0,40}") {
            for (r, v) in find_all(&text) {
                proptest::prop_assert_eq!(Ok(v), parse(&text[r]));
            }
        }
    }

    #[test]
    fn a_span_reads_as_the_value_would_alone() {
        let text = "OpenAI now makes over $2 billion a year.";
        for (r, v) in find_all(text) {
            assert_eq!(Ok(v), parse(&text[r]));
        }
    }
}
