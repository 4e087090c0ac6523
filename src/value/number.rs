//! Reading the digits of a number, exactly.
//!
//! Digits are kept as a decimal (an integer string and a power of ten) until the very
//! end, and scales only move the power of ten. The `f64` is then made by Rust's
//! correctly rounded parser from `"<digits>e<exp>"`, so `$3.5B` and `35亿` both give
//! the same `f64` as the literal `3.5e9`, where `3.5 * 1e9` could be off by one ulp.
//!
//! Accepted: `1500`, `1,500`, `1,234,567.5`, `3.5`, `.5`, `1.5e9`. Refused as
//! malformed: two decimal points (`3.5.5`), separators not every three digits
//! (`1,50,0`, `1234,567`), a separator after the decimal point (`1.5,000`).

use super::scan::Cursor;

/// A non-negative decimal: `digits × 10^exp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decimal {
    digits: String,
    exp: i64,
}

/// Why digits could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumberError {
    Malformed,
    NotFinite,
    Underflow,
}

/// Keeps exponents far outside `f64`'s range (±~330) but well inside `i64`, so
/// arithmetic on them cannot overflow however long the input is.
const EXP_LIMIT: i64 = 100_000;

fn digit_run(cur: &mut Cursor, into: &mut String) -> usize {
    let mut n = 0;
    while let Some(c) = cur.peek().filter(char::is_ascii_digit) {
        into.push(c);
        cur.bump();
        n += 1;
    }
    n
}

fn is_digit_at(cur: &Cursor, offset: usize) -> bool {
    cur.peek_at(offset).is_some_and(|c| c.is_ascii_digit())
}

/// Whether a number starts at the cursor: a digit, or a point followed by one.
pub(super) fn starts_number(cur: &Cursor) -> bool {
    is_digit_at(cur, 0) || (cur.peek() == Some('.') && is_digit_at(cur, 1))
}

/// Reads an unsigned number at the cursor; `Ok(None)` if there is none.
pub(super) fn lex(cur: &mut Cursor) -> Result<Option<Decimal>, NumberError> {
    if !starts_number(cur) {
        return Ok(None);
    }
    let mut digits = String::new();
    let first = digit_run(cur, &mut digits);
    if cur.peek() == Some(',') && is_digit_at(cur, 1) {
        // Thousands separators: a lead group of one to three digits, then groups of
        // exactly three. Anything else is a typo we must not guess at.
        if first > 3 {
            return Err(NumberError::Malformed);
        }
        while cur.peek() == Some(',') && is_digit_at(cur, 1) {
            cur.bump();
            if digit_run(cur, &mut digits) != 3 {
                return Err(NumberError::Malformed);
            }
        }
    }
    let mut exp: i64 = 0;
    if cur.peek() == Some('.') && is_digit_at(cur, 1) {
        cur.bump();
        let frac = digit_run(cur, &mut digits);
        exp = -i64::try_from(frac).unwrap_or(EXP_LIMIT).min(EXP_LIMIT);
    }
    if matches!(cur.peek(), Some('.' | ',')) && is_digit_at(cur, 1) {
        return Err(NumberError::Malformed);
    }
    if matches!(cur.peek(), Some('e' | 'E')) {
        let signed = matches!(cur.peek_at(1), Some('+' | '-'));
        if is_digit_at(cur, if signed { 2 } else { 1 }) {
            cur.bump();
            let negative = cur.peek() == Some('-');
            if signed {
                cur.bump();
            }
            let mut power: i64 = 0;
            while let Some(d) = cur.peek().and_then(|c| c.to_digit(10)) {
                power = (power * 10 + i64::from(d)).min(EXP_LIMIT);
                cur.bump();
            }
            exp += if negative { -power } else { power };
            if matches!(cur.peek(), Some('.' | ',')) && is_digit_at(cur, 1) {
                return Err(NumberError::Malformed);
            }
        }
    }
    Ok(Some(Decimal { digits, exp }))
}

impl Decimal {
    /// The value times `10^scale`, negated if asked, as the nearest `f64`.
    pub(super) fn to_f64(&self, negative: bool, scale: i64) -> Result<f64, NumberError> {
        let exp = (self.exp + scale).clamp(-EXP_LIMIT, EXP_LIMIT);
        let sign = if negative { "-" } else { "" };
        let text = format!("{sign}{}e{exp}", self.digits);
        let value: f64 = text.parse().map_err(|_| NumberError::Malformed)?;
        if !value.is_finite() {
            return Err(NumberError::NotFinite);
        }
        let is_zero = self.digits.bytes().all(|b| b == b'0');
        if value == 0.0 && !is_zero {
            return Err(NumberError::Underflow);
        }
        // `-0` is written as zero; keep one zero so comparisons and keys agree.
        Ok(if value == 0.0 { 0.0 } else { value })
    }
}
