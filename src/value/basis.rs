//! What kind of figure a value states (spec §2, *Bases*), and which words of a value
//! that looks like a figure were not understood.
//!
//! Basis cues (`annualised`, `预计`, `post-money`) may stand anywhere in the value; they
//! are taken out, and what is left must read as a quantity for the cue to count.
//! Otherwise the value reads exactly as [`super::parse`] reads it.

use super::lexicon::BASIS_CUES;
use super::scan::{Cursor, normalize};
use super::{Value, ValueError, parse};
use crate::model::Basis;

/// A value as read, with the basis its words give (`None`: no cue).
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub value: Value,
    pub basis: Option<Basis>,
}

/// Takes the basis cues out of `input`: the rest, and the basis of the first cue.
fn strip_cues(input: &str) -> Option<(String, Basis)> {
    let chars = normalize(input.trim());
    let mut cur = Cursor::new(chars.clone());
    let mut kept: Vec<char> = Vec::with_capacity(chars.len());
    let mut found = None;
    let mut i = 0;
    while i < chars.len() {
        let glued = i > 0 && chars[i - 1].is_ascii_alphanumeric() && chars[i].is_ascii_alphabetic();
        cur.set_pos(i);
        match (!glued).then(|| cur.longest(BASIS_CUES)).flatten() {
            Some((basis, n)) => {
                found.get_or_insert(basis);
                kept.push(' ');
                i += n;
            }
            None => {
                kept.push(chars[i]);
                i += 1;
            }
        }
    }
    let basis = found?;
    let mut rest: String = kept.into_iter().collect();
    for empty in ["()", "（）", "( )", "（ ）"] {
        rest = rest.replace(empty, " ");
    }
    let rest = rest
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| {
            matches!(c, ',' | '，' | '、' | ';' | ':' | '：') || c.is_whitespace()
        })
        .to_string();
    Some((rest, basis))
}

/// Reads a value and its basis. A cue counts only when the rest is a quantity:
/// `Forecast Capital` stays text.
pub fn read(input: &str) -> Result<Reading, ValueError> {
    if let Some((rest, basis)) = strip_cues(input)
        && !rest.is_empty()
        && let Ok(value @ Value::Quantity(_)) = parse(&rest)
    {
        return Ok(Reading {
            value,
            basis: Some(basis),
        });
    }
    parse(input).map(|value| Reading { value, basis: None })
}

/// Whether a character makes text look like a figure.
fn numeric(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '０'..='９' | '$' | '€' | '£' | '¥' | '￥')
}

/// For a value read as text that looks like a figure (it has digits or a currency
/// symbol): the words that kept it from being read as one. `None` for plain text.
pub fn unread_words(input: &str, value: &Value) -> Option<String> {
    let Value::Text(text) = value else {
        return None;
    };
    let first = text.char_indices().find(|&(_, c)| numeric(c))?.0;
    let (before, from) = text.split_at(first);
    // Back up over a sign or a currency code glued before the digits.
    let before = before.trim_end();
    let rest_reads = |s: &str| matches!(read(s).map(|r| r.value), Ok(Value::Quantity(_)));
    if !before.is_empty() && rest_reads(from) {
        return Some(before.to_string());
    }
    // Otherwise: the longest tail after a readable figure.
    let cuts: Vec<usize> = from
        .char_indices()
        .map(|(i, _)| i)
        .chain([from.len()])
        .collect();
    for &cut in cuts.iter().rev() {
        let (head, tail) = from.split_at(cut);
        if !tail.trim().is_empty() && rest_reads(head) {
            let mut words = String::new();
            if !before.is_empty() {
                words.push_str(before);
                words.push_str("', '");
            }
            words.push_str(tail.trim());
            return Some(words);
        }
    }
    let _ = input;
    Some(text.trim().to_string())
}
