//! Publication dates, as-of dates and the periods a flow covers (spec §1). Pure.
//!
//! Dates may be partial (`2024-07`, `2024`): they keep the precision they were given and
//! compare by their first day. Periods normalise to a first and last day so that `2024`
//! and `2024-01-01..2024-12-31` are the same period. Impossible dates are errors, never
//! clamped.

use chrono::{Datelike, NaiveDate};

/// A date as given, at day, month or year precision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDate {
    /// Canonical text: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub text: String,
    /// The first day it covers.
    pub first: NaiveDate,
}

/// The span a flow covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Canonical text: `2024`, `2024-Q3`, `2024-H1`, `2024-07`, `FY2024`, `2024-01-01..2024-06-30`.
    pub text: String,
    /// What two periods must share to be the same: `first..last` for calendar periods;
    /// the text itself for fiscal years, whose months depend on the company.
    pub key: String,
    pub first: NaiveDate,
}

const DATE_FORMS: &str = "a date such as 2024-07-24, 2024-07 or 2024";
const PERIOD_FORMS: &str =
    "a period such as 2024, 2024-Q3, 2024-H1, 2024-07, FY2024 or 2024-01-01..2024-06-30";

fn year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1000..=9999).contains(y))
}

fn two_digits(s: &str) -> Option<u32> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn ymd(y: i32, m: u32, d: u32, input: &str) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| format!("'{input}' is not a real date (expected {DATE_FORMS})"))
}

/// Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn parse_date(input: &str) -> Result<PartialDate, String> {
    let s = input.trim();
    let parts: Vec<&str> = s.split('-').collect();
    let bad = || format!("cannot read '{input}' as a date: expected {DATE_FORMS}");
    let (first, text) = match parts.as_slice() {
        [y] => {
            let y = year(y).ok_or_else(bad)?;
            (ymd(y, 1, 1, input)?, format!("{y:04}"))
        }
        [y, m] => {
            let (y, m) = (year(y).ok_or_else(bad)?, two_digits(m).ok_or_else(bad)?);
            (ymd(y, m, 1, input)?, format!("{y:04}-{m:02}"))
        }
        [y, m, d] => {
            let y = year(y).ok_or_else(bad)?;
            let (m, d) = (
                two_digits(m).ok_or_else(bad)?,
                two_digits(d).ok_or_else(bad)?,
            );
            (ymd(y, m, d, input)?, format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => return Err(bad()),
    };
    Ok(PartialDate { text, first })
}

/// Reads a full day, `YYYY-MM-DD`.
pub fn parse_day(input: &str) -> Result<NaiveDate, String> {
    let d = parse_date(input)?;
    if d.text.len() == 10 {
        Ok(d.first)
    } else {
        Err(format!("'{input}' is not a full date: expected YYYY-MM-DD"))
    }
}

/// `YYYY-MM-DD`, as chrono writes it, without the formatting machinery (a bulk load
/// writes one per claim).
pub fn write_day(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, dd) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return d.to_string();
    }
    let y = y as u32;
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        dd / 10,
        dd % 10,
    ];
    let mut out = String::with_capacity(10);
    for (i, n) in digits.into_iter().enumerate() {
        if i == 4 || i == 6 {
            out.push('-');
        }
        out.push(char::from(b'0' + n as u8));
    }
    out
}

/// Reads a day as the ledger stores it (`YYYY-MM-DD`) without chrono's format parser (a
/// pass over a million claims reads one per claim); other spellings go through chrono.
pub fn stored_day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let number = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (number(&b[0..4]), number(&b[5..7]), number(&b[8..10]))
        {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    s.parse().ok()
}

fn last_of_month(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

fn calendar(text: String, first: NaiveDate, last: NaiveDate) -> Period {
    Period {
        key: format!("{first}..{last}"),
        text,
        first,
    }
}

/// Reads a period: `2024`, `2024-Q3`, `2024-H1`, `2024-07`, `FY2024`, `2024-01-01..2024-06-30`.
pub fn parse_period(input: &str) -> Result<Period, String> {
    let s = input.trim();
    let bad = || format!("cannot read '{input}' as a period: expected {PERIOD_FORMS}");
    if let Some((a, b)) = s.split_once("..") {
        let (a, b) = (parse_day(a)?, parse_day(b)?);
        if b < a {
            return Err(format!(
                "period '{input}' ends before it starts: write it as first..last"
            ));
        }
        // A span that is exactly a calendar year, half, quarter or month keeps that name.
        return Ok(calendar(format!("{a}..{b}"), a, b));
    }
    let upper = s.to_ascii_uppercase();
    if let Some(y) = upper.strip_prefix("FY") {
        let y = year(y.trim()).ok_or_else(bad)?;
        let first = ymd(y, 1, 1, input)?;
        return Ok(Period {
            text: format!("FY{y}"),
            key: format!("FY{y}"),
            first,
        });
    }
    let (y, rest) = match upper.split_once('-') {
        Some((y, rest)) => (year(y).ok_or_else(bad)?, Some(rest)),
        None => (year(&upper).ok_or_else(bad)?, None),
    };
    let (text, first_month, months) = match rest {
        None => (format!("{y}"), 1, 12),
        Some(q) if q.len() == 2 && q.starts_with('Q') => {
            let n: u32 = q[1..].parse().map_err(|_| bad())?;
            if !(1..=4).contains(&n) {
                return Err(bad());
            }
            (format!("{y}-Q{n}"), 3 * n - 2, 3)
        }
        Some(h) if h.len() == 2 && h.starts_with('H') => {
            let n: u32 = h[1..].parse().map_err(|_| bad())?;
            if !(1..=2).contains(&n) {
                return Err(bad());
            }
            (format!("{y}-H{n}"), 6 * n - 5, 6)
        }
        Some(m) => {
            let m = two_digits(m).ok_or_else(bad)?;
            if !(1..=12).contains(&m) {
                return Err(format!(
                    "'{input}' is not a real month (expected {PERIOD_FORMS})"
                ));
            }
            (format!("{y}-{m:02}"), m, 1)
        }
    };
    let first = ymd(y, first_month, 1, input)?;
    let last_month = first_month + months - 1;
    Ok(calendar(
        text,
        first,
        last_of_month(first.year(), last_month),
    ))
}

const AS_OF_FORMS: &str = "a date such as 2024-07-24, or a month, quarter, half or year: \
2024-07, 2024-Q3, 2024-H1, 2024";

/// Reads an as-of time: a date at any precision (`2026-03-12`, `2026-03`, `2026`), or a
/// quarter or half (`2026-Q1`, `2026-H2`). It covers its whole span (spec §3).
pub fn parse_as_of(input: &str) -> Result<PartialDate, String> {
    let s = input.trim();
    let upper = s.to_ascii_uppercase();
    if let Some((_, rest)) = upper.split_once('-')
        && (rest.starts_with('Q') || rest.starts_with('H'))
    {
        let p = parse_period(&upper).map_err(|_| {
            format!("cannot read '{input}' as an as-of time: expected {AS_OF_FORMS}")
        })?;
        return Ok(PartialDate {
            text: p.text,
            first: p.first,
        });
    }
    parse_date(s)
}

/// The last day a canonical date or as-of text covers (`2026-03` → 31 March, `2026-Q1`
/// → 31 March, `2026` → 31 December, a day → itself), from its first day. Cheap: the
/// detector calls it once per claim.
pub fn span_end(text: &str, first: NaiveDate) -> NaiveDate {
    let b = text.as_bytes();
    match b.len() {
        4 => last_of_month(first.year(), 12),
        7 if b[5] == b'Q' => last_of_month(first.year(), first.month() + 2),
        7 if b[5] == b'H' => last_of_month(first.year(), first.month() + 5),
        7 => last_of_month(first.year(), first.month()),
        _ => first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_times_cover_their_spans() {
        let end = |s: &str| {
            let d = parse_as_of(s).unwrap();
            (d.first.to_string(), span_end(&d.text, d.first).to_string())
        };
        assert_eq!(end("2026-03"), ("2026-03-01".into(), "2026-03-31".into()));
        assert_eq!(end("2026-q1"), ("2026-01-01".into(), "2026-03-31".into()));
        assert_eq!(end("2026-H2"), ("2026-07-01".into(), "2026-12-31".into()));
        assert_eq!(end("2026"), ("2026-01-01".into(), "2026-12-31".into()));
        assert_eq!(end("2024-02"), ("2024-02-01".into(), "2024-02-29".into()));
        assert_eq!(
            end("2026-02-12"),
            ("2026-02-12".into(), "2026-02-12".into())
        );
        assert!(parse_as_of("2026-Q5").is_err());
        assert!(parse_as_of("2026-02-30").is_err());
    }

    #[test]
    fn days_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2024, 2, 29),
            (999, 1, 1),
            (9999, 12, 31),
            (0, 1, 1),
            (10000, 1, 1),
            (-5, 3, 4),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(write_day(date), date.to_string());
        }
    }

    #[test]
    fn stored_days_read_as_chrono_reads_them() {
        for s in [
            "2024-02-29",
            "0999-01-01",
            "9999-12-31",
            "+10000-01-01",
            "-0005-03-04",
            "2024-02-30",
            "2024-13-01",
            "2024-1-01",
            "",
            "abcd-ef-gh",
            "2024-00-10",
        ] {
            assert_eq!(stored_day(s), s.parse().ok(), "{s}");
        }
        assert_eq!(stored_day("2024-02-30"), None);
    }

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(parse_date("2024-07-24").unwrap().text, "2024-07-24");
        assert_eq!(parse_date("2024-07").unwrap().text, "2024-07");
        assert_eq!(parse_date(" 2024 ").unwrap().text, "2024");
        assert_eq!(
            parse_date("2024-07").unwrap().first,
            NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
        );
    }

    #[test]
    fn impossible_dates_are_errors_not_clamped() {
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00",
            "2024-7-1",
            "24-07-01",
            "",
            "yesterday",
            "2024-07-24T10:00",
        ] {
            assert!(parse_date(bad).is_err(), "{bad} should be refused");
        }
        assert!(parse_date("2024-02-29").is_ok(), "2024 is a leap year");
    }

    #[test]
    fn periods_normalise_to_their_days() {
        let cases = [
            ("2024", "2024", "2024-01-01..2024-12-31"),
            ("2024-q3", "2024-Q3", "2024-07-01..2024-09-30"),
            ("2024-H1", "2024-H1", "2024-01-01..2024-06-30"),
            ("2024-02", "2024-02", "2024-02-01..2024-02-29"),
            ("fy2024", "FY2024", "FY2024"),
            (
                "2024-01-01..2024-06-30",
                "2024-01-01..2024-06-30",
                "2024-01-01..2024-06-30",
            ),
        ];
        for (input, text, key) in cases {
            let p = parse_period(input).unwrap();
            assert_eq!((p.text.as_str(), p.key.as_str()), (text, key), "{input}");
        }
        assert_eq!(
            parse_period("2024").unwrap().key,
            parse_period("2024-01-01..2024-12-31").unwrap().key,
            "a year and the same span written as days are one period"
        );
    }

    #[test]
    fn bad_periods_are_errors() {
        for bad in [
            "2024-Q5",
            "2024-H3",
            "2024-13",
            "2024-06-30..2024-01-01",
            "2024-02-30..2024-03-01",
            "Q3",
            "",
        ] {
            assert!(parse_period(bad).is_err(), "{bad} should be refused");
        }
    }
}
