//! Reading when a figure holds ("this year", "in July", "on Tuesday", 明年, 11月,
//! 上半年) against the article's date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use std::sync::LazyLock;

use super::text::{WordSet, has_any};

/// The words of [`PARTS`], [`WEEKDAYS`] and [`MONTHS`], each list one automaton.
static PART_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PARTS.iter().map(|p| p.0)));
static WEEKDAY_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(WEEKDAYS.iter().map(|w| w.0)));
static MONTH_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(MONTHS.iter().map(|m| m.0)));

/// A time named in a sentence, as precise as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u32),
    Day(NaiveDate),
    /// A run of whole months of one year: 前三季度 is `Months(y, 1, 9)`.
    Months(i32, u32, u32),
    /// A company's fiscal year, whose months depend on the company: `FY2025`.
    Fiscal(i32),
}

impl When {
    /// The period a flow covers: `2024`, `2024-H1`, `2024-Q3`, `2024-07`; a day
    /// counts as its month.
    pub fn period(self) -> String {
        match self {
            When::Year(y) => format!("{y:04}"),
            When::Half(y, h) => format!("{y:04}-H{h}"),
            When::Quarter(y, q) => format!("{y:04}-Q{q}"),
            When::Month(y, m) => format!("{y:04}-{m:02}"),
            When::Day(d) => format!("{:04}-{:02}", d.year(), d.month()),
            When::Months(y, a, b) => {
                format!("{y:04}-{a:02}-01..{}", last_day(y, b).format("%Y-%m-%d"))
            }
            When::Fiscal(y) => format!("FY{y:04}"),
        }
    }

    /// The date a state holds at: a day, a month or a year.
    /// A quarter, a half or a run of months holds at its last month ("users at the end
    /// of the third quarter").
    pub fn as_of(self) -> String {
        match self {
            When::Year(y) | When::Fiscal(y) => format!("{y:04}"),
            When::Half(y, h) => format!("{y:04}-{:02}", u32::from(h) * 6),
            When::Quarter(y, q) => format!("{y:04}-{:02}", u32::from(q) * 3),
            When::Month(y, m) | When::Months(y, _, m) => format!("{y:04}-{m:02}"),
            When::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan.", 1),
    ("feb.", 2),
    ("aug.", 8),
    ("sept.", 9),
    ("oct.", 10),
    ("nov.", 11),
    ("dec.", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("周一", Weekday::Mon),
    ("周二", Weekday::Tue),
    ("周三", Weekday::Wed),
    ("周四", Weekday::Thu),
    ("周五", Weekday::Fri),
    ("星期一", Weekday::Mon),
    ("星期二", Weekday::Tue),
    ("星期三", Weekday::Wed),
    ("星期四", Weekday::Thu),
    ("星期五", Weekday::Fri),
];

/// Quarters and halves as written, with (is a quarter, which one).
const PARTS: &[(&str, bool, u8)] = &[
    ("first quarter", true, 1),
    ("second quarter", true, 2),
    ("third quarter", true, 3),
    ("fourth quarter", true, 4),
    ("first-quarter", true, 1),
    ("second-quarter", true, 2),
    ("third-quarter", true, 3),
    ("fourth-quarter", true, 4),
    ("q1", true, 1),
    ("q2", true, 2),
    ("q3", true, 3),
    ("q4", true, 4),
    ("一季度", true, 1),
    ("二季度", true, 2),
    ("三季度", true, 3),
    ("四季度", true, 4),
    ("first half", false, 1),
    ("second half", false, 2),
    ("first-half", false, 1),
    ("h1", false, 1),
    ("h2", false, 2),
    ("上半年", false, 1),
    ("下半年", false, 2),
];

/// The last day of a month.
fn last_day(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MIN)
}

/// Runs of months from the start of the year, as results are reported.
const YEAR_TO_DATE: &[(&str, u32)] = &[
    ("前三季度", 9),
    ("first three quarters", 9),
    ("first nine months", 9),
    ("nine months ended", 9),
    ("前两个季度", 6),
];

/// A fiscal year: `fiscal 2025`, `fiscal year 2025`, `FY2025`, `FY25`, `2025财年`.
fn fiscal_year(s: &str) -> Option<i32> {
    let lower = s.to_ascii_lowercase();
    let digits_after = |at: usize| -> Option<(i32, usize)> {
        let rest = lower[at..].trim_start();
        let d: String = rest.chars().take_while(char::is_ascii_digit).collect();
        match d.len() {
            4 => d.parse().ok().map(|y| (y, 4)),
            2 => d.parse::<i32>().ok().map(|y| (2000 + y, 2)),
            _ => None,
        }
    };
    for cue in ["fiscal year", "fiscal", "fy"] {
        for (at, _) in lower.match_indices(cue) {
            let glued = at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric();
            if glued {
                continue;
            }
            if let Some((y, _)) = digits_after(at + cue.len())
                && (1990..=2100).contains(&y)
            {
                return Some(y);
            }
        }
    }
    // `2025财年`, `2025 fiscal year`.
    for cue in ["财年", " fiscal year"] {
        for (at, _) in lower.match_indices(cue) {
            let head = &lower[..at];
            if head.len() >= 4 && head.is_char_boundary(head.len() - 4) {
                let four = &head[head.len() - 4..];
                if let Ok(y) = four.parse::<i32>()
                    && (1990..=2100).contains(&y)
                {
                    return Some(y);
                }
            }
        }
    }
    None
}

fn month_back(date: NaiveDate, back: u32) -> (i32, u32) {
    let idx = date.year() * 12 + date.month() as i32 - 1 - back as i32;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

/// A month named without a year is the latest such month not after the article.
fn month_in(date: NaiveDate, m: u32) -> (i32, u32) {
    if m > date.month() {
        (date.year() - 1, m)
    } else {
        (date.year(), m)
    }
}

/// An explicit year in the text: `2025`, `2025年`, `FY2025`.
fn explicit_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        let four = &b[i..i + 4];
        let alone = (i == 0 || !b[i - 1].is_ascii_digit() && b[i - 1] != b'$' && b[i - 1] != b'.')
            && b.get(i + 4)
                .is_none_or(|c| !c.is_ascii_digit() && *c != b'.' && *c != b',');
        if alone && four.iter().all(u8::is_ascii_digit) {
            let y: i32 = std::str::from_utf8(four).ok()?.parse().ok()?;
            // A year, not an amount: followed by 年 or not by a scale or currency word.
            let rest = &s[i + 4..];
            let amount = ["亿", "万", "美元", "元", "%", " billion", " million", "bn"]
                .iter()
                .any(|w| rest.starts_with(w));
            if (1990..=2100).contains(&y) && !amount {
                return Some(y);
            }
        }
        i += 1;
    }
    None
}

/// The time `s` names, read against the article's `date`.
pub fn read(s: &str, date: NaiveDate) -> Option<When> {
    let year = date.year();
    let lower = s.to_ascii_lowercase();
    let rel_year = if has_any(&lower, &["next year", "明年", "next fiscal year"]) {
        Some(year + 1)
    } else if has_any(
        &lower,
        &["last year", "去年", "a year earlier", "a year ago"],
    ) {
        Some(year - 1)
    } else if has_any(&lower, &["this year", "今年", "本年度", "this fiscal year"]) {
        Some(year)
    } else {
        None
    };
    let y = explicit_year(s).or(rel_year);
    if let Some((_, last)) = YEAR_TO_DATE.iter().find(|(w, _)| has_any(&lower, &[*w])) {
        return Some(When::Months(y.unwrap_or(year), 1, *last));
    }
    // The first word of each list, in the list's order, as searching word by word.
    if let Some((k, _)) = PART_WORDS.find(&lower).first() {
        let (_, quarter, n) = PARTS[*k];
        {
            let y = y.unwrap_or(year);
            return Some(if quarter {
                When::Quarter(y, n)
            } else {
                When::Half(y, n)
            });
        }
    }
    if let Some(fy) = fiscal_year(s) {
        return Some(When::Fiscal(fy));
    }
    if has_any(&lower, &["yesterday", "昨天", "昨日"]) {
        return Some(When::Day(date - Duration::days(1)));
    }
    if has_any(&lower, &["today", "今天", "今日"]) {
        return Some(When::Day(date));
    }
    if has_any(&lower, &["last month", "上月", "上个月"]) {
        let (y, m) = month_back(date, 1);
        return Some(When::Month(y, m));
    }
    if has_any(&lower, &["this month", "本月", "这个月"]) {
        return Some(When::Month(year, date.month()));
    }
    if let Some((k, _)) = WEEKDAY_WORDS.find(&lower).first() {
        let (_, wd) = WEEKDAYS[*k];
        {
            let back = (date.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
            return Some(When::Day(date - Duration::days(back.into())));
        }
    }
    let month_hits = MONTH_WORDS.find(&lower);
    for (k, (name, m)) in MONTHS.iter().enumerate() {
        // `may` is also a verb: only `in May`, `May 5`, `of May` count.
        let hit = month_hits
            .iter()
            .filter(|(j, _)| *j == k)
            .map(|(_, r)| r)
            .find(|r| {
                *name != "may"
                    || lower[..r.start].ends_with("in ")
                    || lower[..r.start].ends_with("of ")
                    || lower[r.end..].starts_with(' ')
                        && lower[r.end + 1..].starts_with(|c: char| c.is_ascii_digit())
            });
        if let Some(r) = hit
            && (*name != "may" || s[r.clone()].starts_with('M'))
        {
            return Some(month_or_day(s, r.end, *m, y, date));
        }
    }
    // Chinese months: `11月`, `2024年7月`.
    if let Some(m) = chinese_month(s) {
        let (yy, mm) = match y {
            Some(y) => (y, m),
            None => month_in(date, m),
        };
        return Some(When::Month(yy, mm));
    }
    y.map(When::Year)
}

fn month_or_day(s: &str, after: usize, m: u32, y: Option<i32>, date: NaiveDate) -> When {
    let (yy, mm) = match y {
        Some(y) => (y, m),
        None => month_in(date, m),
    };
    let digits: String = s[after..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d)) {
        Some(d) => NaiveDate::from_ymd_opt(yy, mm, d).map_or(When::Month(yy, mm), When::Day),
        None => When::Month(yy, mm),
    }
}

fn chinese_month(s: &str) -> Option<u32> {
    s.match_indices('月').find_map(|(idx, _)| {
        let digits: String = s[..idx]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        // `3个月` is a length of time and `月之暗面` a name: neither has digits glued on.
        let m: u32 = digits.parse().ok()?;
        (1..=12).contains(&m).then_some(m)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_resolve_against_the_article_date() {
        let date = NaiveDate::from_ymd_opt(2024, 6, 12).expect("date"); // a Wednesday
        let cases: &[(&str, &str, Option<When>)] = &[
            ("this_year", "revenue this year", Some(When::Year(2024))),
            ("next_year_zh", "明年收入", Some(When::Year(2025))),
            (
                "last_month",
                "raised last month",
                Some(When::Month(2024, 5)),
            ),
            (
                "in_july_is_last_july",
                "in July",
                Some(When::Month(2023, 7)),
            ),
            ("in_may", "in May", Some(When::Month(2024, 5))),
            ("may_the_verb", "it may raise", None),
            (
                "on_tuesday",
                "on Tuesday",
                Some(When::Day(date - Duration::days(1))),
            ),
            ("chinese_month", "11月完成融资", Some(When::Month(2023, 11))),
            ("explicit_year", "in 2025", Some(When::Year(2025))),
            (
                "quarter_hyphen",
                "second-quarter",
                Some(When::Quarter(2024, 2)),
            ),
            (
                "quarter_words",
                "second quarter",
                Some(When::Quarter(2024, 2)),
            ),
            ("first_half_zh", "上半年", Some(When::Half(2024, 1))),
            ("amount_is_not_a_year", "$2000 billion", None),
            ("q3_with_year", "in Q3 2023", Some(When::Quarter(2023, 3))),
            (
                "third_quarter_this_year",
                "third quarter of this year",
                Some(When::Quarter(2024, 3)),
            ),
            (
                "zh_third_quarter",
                "第三季度营收",
                Some(When::Quarter(2024, 3)),
            ),
            ("second_half_zh", "下半年", Some(When::Half(2024, 2))),
            (
                "first_half_last_year_zh",
                "去年上半年",
                Some(When::Half(2023, 1)),
            ),
            (
                "first_three_quarters_is_not_q3",
                "前三季度营收",
                Some(When::Months(2024, 1, 9)),
            ),
            (
                "first_nine_months_last_year",
                "in the first nine months of last year",
                Some(When::Months(2023, 1, 9)),
            ),
            ("fiscal_year", "for fiscal 2025", Some(When::Fiscal(2025))),
            (
                "fiscal_year_words",
                "in fiscal year 2026",
                Some(When::Fiscal(2026)),
            ),
            ("fy_short", "FY25 revenue", Some(When::Fiscal(2025))),
            ("fiscal_zh", "2025财年", Some(When::Fiscal(2025))),
            ("last_year", "revenue last year", Some(When::Year(2023))),
            ("next_year", "by next year", Some(When::Year(2025))),
            ("last_year_zh", "去年营收", Some(When::Year(2023))),
            ("this_year_zh", "今年", Some(When::Year(2024))),
        ];
        for (name, text, want) in cases {
            assert_eq!(read(text, date), *want, "{name}");
        }
    }

    #[test]
    fn each_time_is_written_as_a_period_and_an_as_of_the_ledger_reads() {
        let cases: &[(&str, When, &str, &str)] = &[
            (
                "quarter_ends_in_its_last_month",
                When::Quarter(2024, 3),
                "2024-Q3",
                "2024-09",
            ),
            (
                "half_ends_in_its_last_month",
                When::Half(2024, 1),
                "2024-H1",
                "2024-06",
            ),
            (
                "year_to_date_is_a_span",
                When::Months(2024, 1, 9),
                "2024-01-01..2024-09-30",
                "2024-09",
            ),
            ("fiscal_year", When::Fiscal(2025), "FY2025", "2025"),
        ];
        for (name, w, period, as_of) in cases {
            assert_eq!(w.period(), *period, "{name}");
            assert_eq!(w.as_of(), *as_of, "{name}");
            assert!(crate::time::parse_period(&w.period()).is_ok(), "{name}");
        }
    }
}
