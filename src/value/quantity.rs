//! The quantity grammar: hedges, numbers, scales, units, rates and ranges.
//!
//! ```text
//! quantity := prefix* (amount | amount JOIN amount) [suffix hedge]
//! prefix   := filler | hedge | "between" | "介于" | "百分之" | "每" denominator
//! amount   := [sign] [currency] [sign] digits [more] scale* [more] ["+"] tail*
//! tail     := currency | percent | times | rate | noun
//! rate     := ("/" | "per" | "每") denominator | "a year" | "annually" | …
//! ```
//!
//! The words themselves live in `lexicon.rs`, the digits in `number.rs`, the units
//! after the number in `units.rs`. Reading is
//! committed (an error rather than text when it fails) once the input, after its
//! prefixes, starts like a number: a digit, a sign and a digit, or a currency symbol;
//! or when it is nothing but a hedge, symbol or scale (`over`, `about $`, `亿美元`).

use super::lexicon::{
    BETWEEN, CURRENCY_PREFIXES, CURRENCY_SUFFIXES, CURRENCY_SYMBOLS, Currency, EACH, FILLERS,
    Hedge, Join, LETTER_SCALES, MORE, NOT_FINITE, PERCENT, PERCENT_PREFIX, PREFIX_HEDGES,
    RANGE_JOINS, SCALES, SUFFIXES, Suffix,
};
use super::number::{self, Decimal, NumberError};
use super::scan::Cursor;
use super::units::{Numerator, Unit, rate, tail};
use super::{Bound, Quantity};

/// What reading a quantity came to.
pub(super) enum Outcome {
    Quantity(Quantity),
    /// Not a quantity at all: the caller keeps it as text.
    NotQuantity,
    /// Started like a quantity but could not be read; says what was expected.
    Invalid(String),
}

pub(super) type Read<T> = Result<T, String>;

pub(super) const GENERAL: &str = "a number such as '$3.5 billion', '超过20亿美元' or '3.5 to 4.5 billion', \
a yes/no, a time such as '20:05', a date such as '2024-10-02', or text";

fn number_error(e: NumberError) -> String {
    match e {
        NumberError::Malformed => {
            "a well-formed number such as '1,500' or '3.5': one decimal point, \
and thousands separators every three digits"
                .to_string()
        }
        NumberError::NotFinite => "a finite number (not infinity or NaN)".to_string(),
        NumberError::Underflow => "a number that is not vanishingly small".to_string(),
    }
}

fn missing_number(after: &str) -> String {
    format!("a number after '{after}', such as 'over $2 billion' or '超过20亿美元'")
}

/// One number with its scale and unit, before it becomes a bound.
struct Amount {
    negative: bool,
    number: Decimal,
    scale: Option<i64>,
    /// `多`, `余` or a glued `+`, as written: "more than".
    more: Option<String>,
    unit: Unit,
}

/// Whether a currency, even a bare symbol, starts at the cursor: `$`, `US$`, or a code
/// such as `USD` when a number follows it.
fn currency_prefix_len(cur: &mut Cursor) -> Option<(Currency, usize)> {
    if let Some(found) = cur.longest(CURRENCY_SYMBOLS) {
        return Some(found);
    }
    let (currency, n) = cur.longest(CURRENCY_PREFIXES)?;
    let start = cur.pos();
    cur.set_pos(start + n);
    cur.skip_ws();
    if matches!(cur.peek(), Some('-' | '+')) {
        cur.bump();
    }
    let number_follows = number::starts_number(cur);
    cur.set_pos(start);
    number_follows.then_some((currency, n))
}

/// Whether the cursor is at something that must be read as a number: an optional
/// sign, then a currency symbol or a digit.
fn number_like(cur: &mut Cursor) -> bool {
    let start = cur.pos();
    if matches!(cur.peek(), Some('-' | '+')) {
        cur.bump();
    }
    let found = currency_prefix_len(cur).is_some() || number::starts_number(cur);
    cur.set_pos(start);
    found
}

/// The join of a range at the cursor (after optional whitespace), if another amount
/// follows it; consumes it only when `eat` is set.
pub(super) fn range_join(cur: &mut Cursor, eat: bool) -> Option<(Join, String)> {
    let start = cur.pos();
    cur.skip_ws();
    let join_start = cur.pos();
    if let Some(join) = cur.eat_longest(RANGE_JOINS) {
        let written = cur.text(join_start, cur.pos());
        cur.skip_ws();
        if number_like(cur) {
            if !eat {
                cur.set_pos(start);
            }
            return Some((join, written));
        }
    }
    cur.set_pos(start);
    None
}

fn sign(cur: &mut Cursor) -> Option<bool> {
    match cur.peek() {
        Some('-') => {
            cur.bump();
            Some(true)
        }
        Some('+') => {
            cur.bump();
            Some(false)
        }
        _ => None,
    }
}

/// One amount: `-$3.5B`, `US$ 1,500`, `20多亿美元`, `1500名员工`.
fn amount(cur: &mut Cursor, reach: Reach) -> Read<Amount> {
    let mut unit = Unit::default();
    let mut negative = sign(cur);
    let before_currency = cur.pos();
    if let Some((currency, n)) = currency_prefix_len(cur) {
        cur.set_pos(cur.pos() + n);
        unit.add(Numerator::Currency(currency))?;
        cur.skip_ws();
    }
    let after_currency = cur.pos();
    if negative.is_none() {
        negative = sign(cur);
    }
    let Some(number) = number::lex(cur).map_err(number_error)? else {
        let written = cur.text(before_currency, after_currency);
        let written = written.trim();
        return Err(if written.is_empty() {
            GENERAL.to_string()
        } else {
            missing_number(written)
        });
    };
    let mut more = cur.eat_any(MORE);
    let mut scale: Option<i64> = None;
    // Scales multiply: `5 hundred thousand`. A few at most; more is not a number.
    for _ in 0..3 {
        let save = cur.pos();
        let glued = cur.skip_ws() == 0;
        let found = cur
            .eat_longest(SCALES)
            .or_else(|| glued.then(|| cur.eat_longest(LETTER_SCALES)).flatten());
        match found {
            Some(s) => scale = Some(scale.unwrap_or(0) + s),
            None => {
                cur.set_pos(save);
                break;
            }
        }
    }
    if more.is_none() {
        more = cur.eat_any(MORE);
    }
    // `1,000+ employees`: a glued plus is "more than", unless it is a sum (`3+4`).
    if more.is_none()
        && cur.peek() == Some('+')
        && !cur.peek_at(1).is_some_and(|c| c.is_ascii_digit())
    {
        cur.bump();
        more = Some("+".to_string());
    }
    tail(cur, &mut unit, scale.is_some(), reach)?;
    Ok(Amount {
        negative: negative.unwrap_or(false),
        number,
        scale,
        more,
        unit,
    })
}

/// What came before the number.
#[derive(Default)]
struct Prefix {
    hedges: Vec<(Hedge, String)>,
    between: bool,
    unit: Unit,
    /// The last word that promised a number, for the error message if none comes.
    promise: Option<String>,
}

fn prefix(cur: &mut Cursor) -> Prefix {
    let mut p = Prefix::default();
    loop {
        cur.skip_ws();
        let start = cur.pos();
        if let Some(h) = cur.eat_longest(PREFIX_HEDGES) {
            let written = cur.text(start, cur.pos());
            p.hedges.push((h, written.clone()));
            p.promise = Some(written);
        } else if let Some(w) = cur.eat_any(BETWEEN) {
            p.between = true;
            p.promise = Some(w);
        } else if cur.eat(PERCENT_PREFIX) {
            p.unit.numerator = Some(Numerator::Percent);
            p.promise = Some(PERCENT_PREFIX.to_string());
        } else if cur.eat_any(FILLERS).is_some() {
            // Skipped: "now", "现已" say nothing about the bounds.
        } else if let Some(d) = (cur.peek() == Some(EACH)).then(|| rate(cur)).flatten() {
            p.unit.add_denominator(d);
        } else {
            return p;
        }
    }
}

/// Whether the rest is only units, scales, symbols and closing hedges with no number
/// (`亿美元`, `$`, `以上`). If so, returns the last symbol, scale or `%` (which
/// promised a number) and the last closing hedge. Currency names alone (`USD`,
/// `Euro`) promise nothing: they may be a value in their own right.
fn only_unit_words(cur: &mut Cursor) -> Option<(Option<String>, Option<String>)> {
    let mut promise = None;
    let mut hedge = None;
    loop {
        cur.skip_ws();
        if cur.at_end() {
            return Some((promise, hedge));
        }
        let start = cur.pos();
        if cur.eat_longest(CURRENCY_SYMBOLS).is_some()
            || cur.eat_longest(SCALES).is_some()
            || cur.eat("%")
        {
            promise = Some(cur.text(start, cur.pos()));
        } else if let Some(s) = cur.eat_longest(SUFFIXES) {
            if let Suffix::Hedge(_) = s {
                hedge = Some(cur.text(start, cur.pos()));
            }
        } else if cur.eat_longest(CURRENCY_PREFIXES).is_some()
            || cur.eat_longest(CURRENCY_SUFFIXES).is_some()
            || cur.eat_any(PERCENT).is_some()
        {
        } else {
            return None;
        }
    }
}

/// How far a figure reaches into the words after its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// A value on its own (`parse`): the figure must end where the input ends. Any
    /// noun after the number may be its unit, and a rate may follow (`12 GPUs`,
    /// `$2 billion a year`).
    Whole,
    /// A figure in running text (`find_all`): it ends where its reading ends. The
    /// words after a figure usually go on with the sentence, so only the lexicon's
    /// counted nouns and qualifiers are taken (`200 million users`,
    /// `$157 billion post-money`), and no rate; a range or a unit that does not read
    /// is left out rather than refused.
    Text,
}

/// The closing hedge at the cursor (`以上`, `or more`, `之间`), if one is there, and
/// its length. One starting with a letter must not be glued to the word before it
/// (`surplus` does not end in `plus`). In a whole value it must also end the input,
/// with only other closing words after it, so that `上下游` stays a noun.
pub(super) fn suffix_at(cur: &mut Cursor, reach: Reach) -> Option<(Suffix, usize)> {
    let start = cur.pos();
    let (suffix, n) = cur.longest(SUFFIXES)?;
    let glued = cur.peek().is_some_and(|c| c.is_ascii_alphabetic())
        && cur.peek_back().is_some_and(|c| c.is_ascii_alphanumeric());
    if glued {
        return None;
    }
    if reach == Reach::Whole {
        cur.set_pos(start + n);
        cur.skip_ws();
        let ends = cur.at_end() || suffix_at(cur, reach).is_some();
        cur.set_pos(start);
        if !ends {
            return None;
        }
    }
    Some((suffix, n))
}

/// The closing hedges after the amounts, as written, and whether `之间` closed a range.
fn suffixes(cur: &mut Cursor, reach: Reach) -> (Vec<(Hedge, String)>, bool) {
    let mut hedges = Vec::new();
    let mut between = false;
    loop {
        let save = cur.pos();
        cur.skip_ws();
        let Some((suffix, n)) = suffix_at(cur, reach) else {
            cur.set_pos(save);
            return (hedges, between);
        };
        let start = cur.pos();
        cur.set_pos(start + n);
        match suffix {
            Suffix::Hedge(h) => hedges.push((h, cur.text(start, cur.pos()))),
            Suffix::Between => between = true,
        }
    }
}

/// Reads a whole value from normalised characters.
pub(super) fn read(chars: Vec<char>) -> Outcome {
    match read_inner(chars) {
        Ok(Some(q)) => Outcome::Quantity(q),
        Ok(None) => Outcome::NotQuantity,
        Err(expected) => Outcome::Invalid(expected),
    }
}

fn read_inner(chars: Vec<char>) -> Read<Option<Quantity>> {
    let mut cur = Cursor::new(chars);
    cur.trim_end();
    let whole = cur.rest();
    if NOT_FINITE.iter().any(|w| whole.eq_ignore_ascii_case(w)) {
        return Err(number_error(NumberError::NotFinite));
    }
    // A full stop closing a sentence is not part of the value.
    cur.strip_full_stop();
    figure(&mut cur, Reach::Whole)
}

/// Reads one figure from the cursor and leaves the cursor where it ends: the one
/// reading under both `parse` (which needs it to reach the end of the input) and
/// `find_all` (which runs it wherever a figure may start in running text).
/// `Ok(None)`: no number follows the words at the cursor.
pub(super) fn figure(cur: &mut Cursor, reach: Reach) -> Read<Option<Quantity>> {
    let start = cur.pos();
    match figure_with(cur, reach, true) {
        // In running text, a second amount that does not make a range with the first
        // (`$80 billion and $90 billion`) is a figure of its own.
        Err(_) if reach == Reach::Text => {
            cur.set_pos(start);
            figure_with(cur, reach, false)
        }
        read => read,
    }
}

fn figure_with(cur: &mut Cursor, reach: Reach, ranges: bool) -> Read<Option<Quantity>> {
    let mut pre = prefix(cur);
    if !number_like(cur) {
        if reach == Reach::Text {
            return Ok(None);
        }
        return match only_unit_words(cur) {
            Some((Some(word), _)) => Err(missing_number(&word)),
            Some((None, hedge)) => match pre.promise.or(hedge) {
                Some(word) => Err(missing_number(&word)),
                None => Ok(None),
            },
            None => Ok(None),
        };
    }

    let first = amount(cur, reach)?;
    let join = if ranges { range_join(cur, true) } else { None };
    let second = match join {
        Some(_) => Some(amount(cur, reach)?),
        None => None,
    };
    let (hedges, between_suffix) = suffixes(cur, reach);
    pre.hedges.extend(hedges);
    let between = pre.between || between_suffix;
    if let Some((Join::And, written)) = &join
        && !between
    {
        return Err(format!(
            "'between' before a range joined by '{written}', such as 'between $3.5 and $4.5 billion', \
or a range such as '3.5 to 4.5 billion'"
        ));
    }
    if reach == Reach::Whole {
        let save = cur.pos();
        cur.skip_ws();
        if !cur.at_end() {
            return Err(format!("{GENERAL} (could not read '{}')", cur.rest()));
        }
        cur.set_pos(save);
    }
    if between && second.is_none() {
        return Err("two ends of a range, such as 'between $3.5 and $4.5 billion' or '介于35亿和45亿美元之间'"
            .to_string());
    }
    build(pre, first, second).map(Some)
}

fn bound_of(hedges: &[(Hedge, String)], range: bool) -> Read<Bound> {
    let mut firm: Option<&(Hedge, String)> = None;
    let mut approx = false;
    for h in hedges {
        if h.0 == Hedge::Approx {
            approx = true;
            continue;
        }
        match firm {
            Some(f) if f.0 != h.0 => {
                return Err(format!(
                    "one way of bounding the value, such as 'over $2 billion' or 'up to $7 billion' \
(found '{}' and '{}')",
                    f.1, h.1
                ));
            }
            _ => firm = Some(h),
        }
    }
    // An approximate range is still a range: widening it is the comparer's job.
    Ok(match (range, firm, approx) {
        (true, None, _) => Bound::Range,
        (true, Some(f), _) => {
            return Err(format!(
                "either a range or a bound, such as '3.5 to 4.5 billion' or 'over $3.5 billion' \
(found '{}' with a range)",
                f.1
            ));
        }
        (false, Some((Hedge::Over, _)), _) => Bound::Over,
        (false, Some((Hedge::AtLeast, _)), _) => Bound::AtLeast,
        (false, Some((Hedge::Under, _)), _) => Bound::Under,
        (false, Some((Hedge::AtMost, _)), _) => Bound::AtMost,
        (false, Some((Hedge::Approx, _)), _) | (false, None, true) => Bound::Approx,
        (false, None, false) => Bound::Exact,
    })
}

fn build(pre: Prefix, first: Amount, second: Option<Amount>) -> Read<Quantity> {
    let mut hedges = pre.hedges;
    let second_more = second.as_ref().and_then(|s| s.more.clone());
    for written in [first.more.clone(), second_more].into_iter().flatten() {
        hedges.push((Hedge::Over, written));
    }
    let bound = bound_of(&hedges, second.is_some())?;
    let mut unit = pre.unit.merge(first.unit.clone())?;
    let to_f64 = |a: &Amount, scale: Option<i64>| {
        a.number
            .to_f64(a.negative, scale.unwrap_or(0))
            .map_err(number_error)
    };
    let (low, high) = match second {
        Some(second) => {
            unit = unit.merge(second.unit.clone())?;
            // A scale written on one end only applies to both: `$3.5-4.5B`, `3~4亿`.
            let scale = first.scale.or(second.scale);
            let low = to_f64(&first, first.scale.or(scale))?;
            let high = to_f64(&second, second.scale.or(scale))?;
            if low > high {
                return Err(
                    "a range from low to high, such as '3.5 to 4.5 billion' (the ends are reversed)"
                        .to_string(),
                );
            }
            (Some(low), Some(high))
        }
        None => {
            let x = to_f64(&first, first.scale)?;
            match bound {
                Bound::Over | Bound::AtLeast => (Some(x), None),
                Bound::Under | Bound::AtMost => (None, Some(x)),
                _ => (Some(x), Some(x)),
            }
        }
    };
    let rendered = unit.render();
    Ok(Quantity {
        unit: (!rendered.is_empty()).then_some(rendered),
        low,
        high,
        bound,
    })
}
