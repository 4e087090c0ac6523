//! Reading values as reporters write them ("over $2 billion", "35亿至45亿美元") into
//! typed values with hard bounds (spec §2). Pure: no I/O, no SQL.
//!
//! [`parse`] tries, in order: booleans, dates, clock times (`clock.rs`), then
//! quantities; whatever is none of these is text. Input is first normalised
//! (`scan.rs`): full-width digits and punctuation read as ASCII.
//!
//! Where the quantity grammar lives:
//!
//! - `quantity.rs`: the grammar itself — hedges, amounts, ranges, bounds. It reads
//!   one figure from a position and says where it ends (`figure`): [`parse`] runs it
//!   at the start of a whole value and needs it to reach the end; [`find_all`]
//!   (`find.rs`) runs it wherever a figure may start in running text and returns the
//!   spans it read, so a figure in a sentence reads exactly as it would alone;
//! - `lexicon.rs`: every word it knows, English and Chinese (add new spellings here);
//! - `number.rs`: digits, separators and exact conversion to `f64`;
//! - `units.rs`: currencies, `%`, `x`, rates and nouns after the number.
//!
//! Reading decisions worth knowing:
//!
//! - **Error or text.** Once the input, after any hedge (`over`, `约`) or filler
//!   (`now`, `现已`), starts like a number — a digit, a sign and a digit, or a currency
//!   symbol — it must read as a quantity or it is an error (`3.5.5B`, `$abc`, `3-2`
//!   read as a reversed range). A hedge, symbol or scale with no number (`over`,
//!   `about $`, `亿美元`) is an error too. Anything starting with a letter that is not
//!   such a word is text (`GPT-4o`, `A100 chips`, `over the moon`, `约翰`); so are bare
//!   currency names (`USD`, `Euro`), which can be values in their own right.
//! - **Bounds are hard.** `approx` keeps low = high = X; widening is the comparer's
//!   job. An approximate range (`about 3-4 billion`) is a range; a range with `over`
//!   or `多` is refused, as are two different firm hedges (`over … 以下`).
//! - **Scales on one end of a range apply to both** (`$3.5-4.5B`, `3~4亿`), so
//!   `500 to 1.2 billion` is read as 500e9..1.2e9 and refused as reversed.
//! - **One-letter scales** (`k`, `m`, `b`, `t`, any case) count only when glued to the
//!   digits (`$150B`); `5 m` is the unit `m`.
//! - **Currencies.** `$` is USD and a bare `¥` is CNY, unless a more specific word
//!   follows (`$5 港元` is HKD, `¥500日元` is JPY). Two different currencies are an error.
//!   `pounds` after a number is GBP. There is no conversion.
//! - **Units.** `%` keeps the number as written (5% → 5). Multiples are `x`. Rates put
//!   other denominators first and time last: `$1.30 per GPU per hour` and
//!   `每小时每GPU 1.30美元` are both `USD/GPU/hour`; a bare rate is `/hour`. A noun
//!   after a number is its unit (`1,500 employees` → `employees`, `1500名员工` → `员工`,
//!   `5kg` → `kg`, even `4o` → `o`); acronyms keep their case (`GPU`), other words
//!   are lowercased. A noun after a scale or unit word only describes the value and is
//!   dropped (`1500亿美元估值`, `$150 billion valuation` → USD); straight after a
//!   prefixed currency's digits it is refused, as it may be a mistyped scale
//!   (`$3.5 bil`). Symbols may follow the number too (`5€`).
//! - **Numbers are exact**: `$3.5B` and `35亿` are the same `f64` as `3.5e9`.
//!   Infinity, NaN and numbers too small to be non-zero are errors. Chinese numerals
//!   (`二十亿`) are not read.
//! - **Times and dates** are checked: `25:00` and `2024-02-30` are errors; seconds
//!   (`20:05:30`) are refused rather than dropped. `8.05` is a number, `8.05pm` a time.
//! - **Glued `+` and `多`/`余`** mean "more than": `1,000+ employees`, `20多亿美元`.
//! - **Bases** (`basis.rs`): words saying what kind of figure it is (`annualised`,
//!   `预计`, `post-money`, `老股转让`) are taken out wherever they stand and reported
//!   beside the value by [`read`]; [`parse`] ignores them.
//! - **Traditional Chinese** is read like Simplified: `萬`, `億`, `約`, `超過`, `港幣`,
//!   `新台幣`. A word containing a scale character (`万`, `萬`, `亿`, `億`) is never
//!   a unit: it is an error rather than a silently wrong figure.

mod basis;
mod clock;
mod find;
mod lexicon;
mod number;
mod quantity;
mod scan;
mod units;

#[cfg(test)]
mod tests;

use std::fmt;

use serde::Serialize;

pub use basis::{Reading, read, unread_words};
pub use find::find_all;

/// How a quantity's bounds were stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Exact,
    Approx,
    Range,
    Over,
    AtLeast,
    Under,
    AtMost,
}

impl Bound {
    const ALL: [Bound; 7] = [
        Bound::Exact,
        Bound::Approx,
        Bound::Range,
        Bound::Over,
        Bound::AtLeast,
        Bound::Under,
        Bound::AtMost,
    ];

    /// The spec's name: `exact`, `approx`, `range`, `over`, `at_least`, `under`,
    /// `at_most`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::Approx => "approx",
            Bound::Range => "range",
            Bound::Over => "over",
            Bound::AtLeast => "at_least",
            Bound::Under => "under",
            Bound::AtMost => "at_most",
        }
    }

    /// The bound named by [`Bound::as_str`], in any case.
    pub fn from_str_opt(s: &str) -> Option<Bound> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|b| b.as_str().eq_ignore_ascii_case(s))
    }
}

/// A number with a unit and hard bounds; `None` is an open end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub unit: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: Bound,
}

/// A value as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Quantity(Quantity),
    Boolean(bool),
    /// Clock time, canonical `HH:MM` (24h).
    Time(String),
    /// Calendar date, canonical `YYYY-MM-DD`.
    Date(String),
    /// Anything else, as written (trimmed).
    Text(String),
}

impl Value {
    /// `quantity`, `boolean`, `time`, `date` or `text`.
    pub fn kind(&self) -> crate::model::Kind {
        use crate::model::Kind;
        match self {
            Value::Quantity(_) => Kind::Quantity,
            Value::Boolean(_) => Kind::Boolean,
            Value::Time(_) => Kind::Time,
            Value::Date(_) => Kind::Date,
            Value::Text(_) => Kind::Text,
        }
    }

    fn quantity(&self) -> Option<&Quantity> {
        match self {
            Value::Quantity(q) => Some(q),
            _ => None,
        }
    }

    /// A quantity's unit (`USD`, `%`, `x`, `USD/hour`, `employees`).
    pub fn unit(&self) -> Option<&str> {
        self.quantity()?.unit.as_deref()
    }

    pub fn low(&self) -> Option<f64> {
        self.quantity()?.low
    }

    pub fn high(&self) -> Option<f64> {
        self.quantity()?.high
    }

    pub fn bound(&self) -> Option<Bound> {
        self.quantity().map(|q| q.bound)
    }

    /// A key under which equal values compare equal: text lowercased with whitespace
    /// collapsed, `true`/`false`, `HH:MM`, `YYYY-MM-DD`, and for quantities
    /// `UNIT:LOW..HIGH` with open ends left empty (`USD:2000000000..`).
    pub fn norm(&self) -> String {
        match self {
            Value::Quantity(q) => {
                let end = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
                format!(
                    "{}:{}..{}",
                    q.unit.as_deref().unwrap_or(""),
                    end(q.low),
                    end(q.high)
                )
            }
            Value::Boolean(b) => b.to_string(),
            Value::Time(t) | Value::Date(t) => t.clone(),
            Value::Text(t) => t
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Why a value could not be read, and what was expected instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    pub input: String,
    pub expected: String,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read '{}' as a value: expected {}",
            self.input, self.expected
        )
    }
}

impl std::error::Error for ValueError {}

/// Reads a value as a reporter wrote it, in English or Chinese. Never panics.
pub fn parse(input: &str) -> Result<Value, ValueError> {
    let fail = |expected: &str| ValueError {
        input: input.to_string(),
        expected: expected.to_string(),
    };
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(fail(quantity::GENERAL));
    }
    let chars = scan::normalize(trimmed);
    let normalized: String = chars.iter().collect();
    if let Some(b) = clock::boolean(&normalized) {
        return Ok(Value::Boolean(b));
    }
    if let Some(date) = clock::date(&chars) {
        return date.map(Value::Date).map_err(fail);
    }
    if let Some(time) = clock::time(&chars) {
        return time.map(Value::Time).map_err(fail);
    }
    match quantity::read(chars) {
        quantity::Outcome::Quantity(q) => Ok(Value::Quantity(q)),
        quantity::Outcome::NotQuantity => Ok(Value::Text(trimmed.to_string())),
        quantity::Outcome::Invalid(expected) => Err(fail(&expected)),
    }
}
