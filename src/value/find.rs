//! Finding figures inside running text: `find_all` returns each figure's byte span in
//! the original text and how it reads.
//!
//! The reading is the grammar's own ([`super::quantity::figure`]), the one `parse`
//! runs on a whole value. Here it runs wherever a figure may start: at digits, or
//! before them at the hedges, currency symbols and codes, `between` and `每` rates of
//! `lexicon.rs`, widest first, and reads as far as the grammar reaches. So a span is
//! exactly what the grammar read, and reads the same as the value would on its own.
//! Normalisation maps one character to one character, so every offset found in the
//! normalised text is an offset in the original.

use std::ops::Range;

use super::Value;
use super::lexicon::{
    BETWEEN, CURRENCY_PREFIXES, CURRENCY_SYMBOLS, FILLERS, PERCENT_PREFIX, PREFIX_HEDGES,
};
use super::quantity::{Reach, figure};
use super::scan::{Cursor, normalize};

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
        let found = prefix_starts(&chars, i, floor).into_iter().find_map(|s| {
            cur.set_pos(s);
            match figure(&mut cur, Reach::Text) {
                Ok(Some(q)) if cur.pos() > i => Some((s, cur.pos(), q)),
                _ => None,
            }
        });
        match found {
            Some((s, e, q)) => {
                out.push((offsets[s]..offsets[e], Value::Quantity(q)));
                floor = e;
                i = e;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse;

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
                "more_before_the_scale",
                "估值达20多亿美元,员工1,000+ employees",
                &["20多亿美元", "1,000+ employees"],
            ),
            (
                "scales_multiply",
                "with 5 hundred thousand people",
                &["5 hundred thousand"],
            ),
            (
                "two_amounts_joined_by_and_without_between",
                "valued at $80 billion and $90 billion",
                &["$80 billion", "$90 billion"],
            ),
            (
                "a_unit_that_does_not_fit_ends_the_figure",
                "1,500 employees USD",
                &["1,500 employees"],
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

    /// `parse` and `find_all` are one reading: a whole value, found in running text,
    /// is one span covering all of it with the same reading.
    #[test]
    fn a_whole_value_is_one_figure_of_running_text() {
        for value in [
            "over $2 billion",
            "至少65亿美元",
            "35亿至45亿美元之间",
            "介于35亿和45亿美元之间",
            "between $3.5 and $4.5 billion",
            "as much as $5 billion",
            "20亿元以上",
            "约30亿美元左右",
            "200 million users or more",
            "1500名员工",
            "$157 billion post-money",
            "每小时每GPU 1.30美元",
            "US$1,500",
            "3.5%",
        ] {
            let found = find_all(value);
            assert_eq!(found.len(), 1, "{value}: {found:?}");
            assert_eq!(found[0].0, 0..value.len(), "{value}");
            assert_eq!(Ok(found[0].1.clone()), parse(value), "{value}");
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
