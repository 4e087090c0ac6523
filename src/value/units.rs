//! Units: currencies, `%`, multiples, rates and nouns, and the words after a number
//! that name them.
//!
//! A unit is a numerator (a currency code, `%`, `x` or a noun) over denominators:
//! others first in the order written, then time, so `$1.30 per GPU per hour` and
//! `每小时每GPU 1.30美元` both read `USD/GPU/hour`. What is written once on a range
//! applies to both ends; what is written twice must agree, except that a shared
//! symbol (`$`, `¥`) gives way to a specific word (`港元`, `日元`).

use super::lexicon::{
    COUNTED_NOUNS, CURRENCY_PREFIXES, CURRENCY_SUFFIXES, Currency, EACH, FILLERS, MEASURE_WORDS,
    OF, PER, PERCENT, PERCENT_PREFIX, PREFIX_HEDGES, QUALIFIERS, RANGE_JOINS, RATE_ADVERBS,
    SCALE_CHARS, TIME_UNITS, TIMES,
};
use super::quantity::{Reach, Read, range_join, suffix_at};
use super::scan::Cursor;

/// The numerator of a unit.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Numerator {
    Currency(Currency),
    Percent,
    Times,
    Noun(String),
}

impl Numerator {
    fn name(&self) -> &str {
        match self {
            Numerator::Currency(c) => c.code,
            Numerator::Percent => "%",
            Numerator::Times => "x",
            Numerator::Noun(n) => n,
        }
    }
}

/// A unit being assembled from the pieces around the number.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Unit {
    pub(super) numerator: Option<Numerator>,
    /// Denominators other than time, in the order written (`GPU`).
    per: Vec<String>,
    /// Time denominators (`hour`), which go last whatever order they were written in.
    per_time: Vec<&'static str>,
}

fn unit_conflict(a: &str, b: &str) -> String {
    format!("one unit for the whole value, such as '$3.5B-$4.5B' (found '{a}' and '{b}')")
}

/// Merges two mentions of a currency: the same code, or a shared symbol (`$`, `¥`)
/// giving way to a specific one (`港元`, `日元`).
fn merge_currency(a: Currency, b: Currency) -> Read<Currency> {
    if a.code == b.code {
        // Both shared: still shared; otherwise the specific one settles it.
        Ok(if a.yields_to.is_empty() { a } else { b })
    } else if a.yields_to.contains(&b.code) {
        Ok(b)
    } else if b.yields_to.contains(&a.code) {
        Ok(a)
    } else {
        Err(unit_conflict(a.code, b.code))
    }
}

impl Unit {
    /// Adds a numerator seen next to the number.
    pub(super) fn add(&mut self, new: Numerator) -> Read<()> {
        // On a conflict the unit is left as it was: running text stops before the word.
        let merged = match (self.numerator.clone(), new) {
            (None, n) => n,
            (Some(Numerator::Currency(a)), Numerator::Currency(b)) => {
                Numerator::Currency(merge_currency(a, b)?)
            }
            (Some(old), new) if old == new => old,
            (Some(old), new) => return Err(unit_conflict(old.name(), new.name())),
        };
        self.numerator = Some(merged);
        Ok(())
    }

    /// Combines the units of both ends of a range, or of prefixes with the amount:
    /// what is written once applies to both; what is written twice must agree.
    pub(super) fn merge(mut self, other: Unit) -> Read<Unit> {
        let (self_name, other_name) = (self.render(), other.render());
        self.numerator = match (self.numerator, other.numerator) {
            (None, n) | (n, None) => n,
            (Some(Numerator::Currency(a)), Some(Numerator::Currency(b))) => {
                Some(Numerator::Currency(merge_currency(a, b)?))
            }
            (Some(a), Some(b)) if a == b => Some(a),
            (Some(a), Some(b)) => return Err(unit_conflict(a.name(), b.name())),
        };
        let a_rate = (&self.per, &self.per_time);
        let b_rate = (&other.per, &other.per_time);
        let a_empty = a_rate.0.is_empty() && a_rate.1.is_empty();
        let b_empty = b_rate.0.is_empty() && b_rate.1.is_empty();
        if a_empty {
            self.per = other.per;
            self.per_time = other.per_time;
        } else if !b_empty && a_rate != b_rate {
            return Err(unit_conflict(&self_name, &other_name));
        }
        Ok(self)
    }

    pub(super) fn add_denominator(&mut self, d: Denominator) {
        match d {
            Denominator::Time(t) => self.per_time.push(t),
            Denominator::Other(o) => self.per.push(o),
        }
    }

    /// `USD`, `USD/hour`, `USD/GPU/hour`, `employees`, or empty.
    pub(super) fn render(&self) -> String {
        let mut out = self
            .numerator
            .as_ref()
            .map(|n| n.name().to_string())
            .unwrap_or_default();
        for d in &self.per {
            out.push('/');
            out.push_str(d);
        }
        for t in &self.per_time {
            out.push('/');
            out.push_str(t);
        }
        out
    }
}

pub(super) enum Denominator {
    Time(&'static str),
    Other(String),
}

/// Free nouns keep an acronym as written (`GPU`, `H100`) and lowercase other words
/// (`Employees` → `employees`), so the same unit written twice reads the same.
fn normalize_noun(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            if w.chars().any(char::is_lowercase) {
                w.to_lowercase()
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_noun_start(c: char) -> bool {
    c.is_alphabetic() && c != EACH
}

/// Digits may continue a word begun with a Latin letter (`H100`), not a Chinese one:
/// `2024年10月` is not the unit `年10月`.
fn is_noun_char(c: char, latin: bool) -> bool {
    (c.is_alphabetic() && c != EACH)
        || (latin && c.is_ascii_digit())
        || matches!(c, '-' | '\'' | '.' | '&' | '_')
}

/// A stop inside a noun: where a rate, a range or a unit word begins instead.
fn noun_stops(cur: &mut Cursor) -> bool {
    // A join word is never a noun, even with nothing after it: `$3.5B to` is
    // unfinished, not "$3.5B, described as 'to'".
    cur.longest(RANGE_JOINS).is_some()
        || suffix_at(cur, Reach::Whole).is_some()
        || cur.sees(PER)
        || cur.longest(RATE_ADVERBS).is_some()
        || cur.longest(CURRENCY_SUFFIXES).is_some()
        || PERCENT.iter().any(|p| cur.sees(p))
        || TIMES.iter().any(|p| cur.sees(p))
}

/// A stop inside a Chinese `每…` denominator: `每人约100元` stops before `约`.
fn each_noun_stops(cur: &Cursor) -> bool {
    cur.longest(PREFIX_HEDGES).is_some()
        || FILLERS.iter().any(|f| cur.sees(f))
        || cur.longest(CURRENCY_PREFIXES).is_some()
        || cur.longest(CURRENCY_SUFFIXES).is_some()
        || cur.sees(PERCENT_PREFIX)
}

/// Skips a measure word if a noun follows it (`1500名员工`), keeping it otherwise
/// (`500人`, and `每人约100元`, where `约` is a hedge, not a noun).
fn skip_measure_word(cur: &mut Cursor, each: bool) {
    if cur.peek().is_some_and(|c| MEASURE_WORDS.contains(&c))
        && cur.peek_at(1).is_some_and(is_noun_start)
    {
        let save = cur.pos();
        cur.bump();
        let stops = if each {
            each_noun_stops(cur)
        } else {
            noun_stops(cur)
        };
        if stops {
            cur.set_pos(save);
        }
    }
}

/// One word of a noun, if one starts at the cursor.
fn noun_word(cur: &mut Cursor) -> Option<String> {
    if !cur.peek().is_some_and(is_noun_start) {
        return None;
    }
    let start = cur.pos();
    let latin = cur.peek().is_some_and(|c| c.is_ascii_alphabetic());
    while cur.peek().is_some_and(|c| is_noun_char(c, latin)) {
        if cur.pos() > start && range_join(cur, false).is_some() {
            break;
        }
        cur.bump();
    }
    Some(cur.text(start, cur.pos()))
}

/// A free noun after the number: `employees`, `million users`' `users`, `员工`.
fn noun(cur: &mut Cursor) -> Option<String> {
    let start = cur.pos();
    if cur.peek() == Some(OF) && cur.peek_at(1).is_some_and(is_noun_start) {
        cur.bump();
    }
    skip_measure_word(cur, false);
    let mut words = Vec::new();
    loop {
        if noun_stops(cur) {
            break;
        }
        let Some(word) = noun_word(cur) else { break };
        words.push(word);
        let after_word = cur.pos();
        if cur.skip_ws() == 0 || !cur.peek().is_some_and(is_noun_start) {
            cur.set_pos(after_word);
            break;
        }
    }
    if words.is_empty() {
        cur.set_pos(start);
        return None;
    }
    Some(normalize_noun(&words))
}

/// A noun that a figure in running text may take: one of the lexicon's counted nouns
/// or qualifiers (`200 million users`, `1500名员工`, `post-money`), after a measure
/// word if there is one. Written as [`noun`] would read it alone.
fn counted_noun(cur: &mut Cursor) -> Option<String> {
    let start = cur.pos();
    skip_measure_word(cur, false);
    match cur
        .eat_any(COUNTED_NOUNS)
        .or_else(|| cur.eat_any(QUALIFIERS))
    {
        Some(word) => Some(normalize_noun(&[word])),
        None => {
            cur.set_pos(start);
            None
        }
    }
}

/// What a rate is per: a time unit, or one word (`GPU`, `user`, `用户`).
fn denominator(cur: &mut Cursor, each: bool) -> Option<Denominator> {
    if each {
        skip_measure_word(cur, true);
    }
    if let Some(t) = cur.eat_longest(TIME_UNITS) {
        return Some(Denominator::Time(t));
    }
    if !cur.peek().is_some_and(is_noun_start) {
        return None;
    }
    let start = cur.pos();
    // After `每` the number follows straight on (`每GPU1.30美元`), so no digits there.
    let latin = !each && cur.peek().is_some_and(|c| c.is_ascii_alphabetic());
    while cur.peek().is_some_and(|c| is_noun_char(c, latin)) {
        if cur.pos() > start && (cur.peek() == Some('.') || (each && each_noun_stops(cur))) {
            break;
        }
        cur.bump();
    }
    let word = cur.text(start, cur.pos());
    Some(Denominator::Other(normalize_noun(&[word])))
}

/// A rate marker and what it is per: `/hour`, `per GPU`, `a year`, `每小时`.
pub(super) fn rate(cur: &mut Cursor) -> Option<Denominator> {
    let start = cur.pos();
    let found = if cur.eat("/") {
        cur.skip_ws();
        denominator(cur, false)
    } else if cur.eat(PER) {
        if cur.skip_ws() == 0 {
            None
        } else {
            denominator(cur, false)
        }
    } else if let Some(t) = cur.eat_longest(RATE_ADVERBS) {
        Some(Denominator::Time(t))
    } else if cur.peek() == Some(EACH) {
        cur.bump();
        denominator(cur, true)
    } else {
        None
    };
    if found.is_none() {
        cur.set_pos(start);
    }
    found
}

/// The words after a number: its currency, `%`, `x`, rate and noun, in any order.
///
/// A noun after a unit word or a scale only describes the value (`1500亿美元估值`,
/// `$150 billion valuation`) and is dropped: the claim's metric says what was measured.
/// Straight after the digits it would hide a mistyped scale (`$3.5 bil`), so there it
/// is refused unless it is the only unit. In running text ([`Reach::Text`]) a word
/// that would not fit the unit ends the figure instead.
pub(super) fn tail(cur: &mut Cursor, unit: &mut Unit, scaled: bool, reach: Reach) -> Read<()> {
    let mut described = scaled;
    loop {
        let save = cur.pos();
        cur.skip_ws();
        if cur.at_end() || range_join(cur, false).is_some() {
            cur.set_pos(save);
            return Ok(());
        }
        let added = if let Some(c) = cur.eat_longest(CURRENCY_SUFFIXES) {
            described = true;
            unit.add(Numerator::Currency(c))
        } else if cur.eat_any(PERCENT).is_some() {
            described = true;
            unit.add(Numerator::Percent)
        } else if cur.eat_any(TIMES).is_some() {
            described = true;
            unit.add(Numerator::Times)
        } else if let Some(d) = (reach == Reach::Whole).then(|| rate(cur)).flatten() {
            unit.add_denominator(d);
            Ok(())
        } else if let Some(n) = match reach {
            Reach::Whole => noun(cur),
            Reach::Text => counted_noun(cur),
        } {
            if n.contains(SCALE_CHARS) {
                return Err(format!(
                    "a number whose scale is written once, such as '29.4万美元' or '1.96億' \
(could not read '{n}': a word with a scale character is never a unit)"
                ));
            }
            let added = if unit.numerator.is_none() || !described {
                unit.add(Numerator::Noun(n))
            } else {
                Ok(())
            };
            described = true;
            added
        } else {
            cur.set_pos(save);
            return Ok(());
        };
        if let Err(e) = added {
            if reach == Reach::Text {
                cur.set_pos(save);
                return Ok(());
            }
            return Err(e);
        }
    }
}
