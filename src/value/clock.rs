//! Booleans, clock times and calendar dates given as values.
//!
//! Each reader returns `None` when the input does not have its shape at all (so the
//! next reader may try), and `Some(Err(..))` when it has the shape but names something
//! impossible (`25:00`, `2024-02-30`): those are typos, not text.
//!
//! - Booleans: `yes`/`no`/`true`/`false`/`是`/`否`, any case.
//! - Times: `20:05`, `08:05`, `8:05 PM`, `8:05pm`, `8:05 a.m.`, `8 pm`, `8.05pm`,
//!   `下午8:05`;
//!   kept as 24-hour `HH:MM`. Seconds are refused rather than silently dropped.
//! - Dates: `2024-10-02`, `2024/10/2`, `2024年10月2日`; kept as `YYYY-MM-DD`.

use chrono::NaiveDate;

const TIME_EXPECTED: &str = "a clock time such as '20:05' or '8:05 PM' (hours and minutes)";
const DATE_EXPECTED: &str = "a real calendar date such as '2024-10-02'";

pub(super) fn boolean(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "true" | "是" => Some(true),
        "no" | "false" | "否" => Some(false),
        _ => None,
    }
}

/// A cursor-free reader over a char slice: the shapes here are short and fixed.
struct Chars<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Chars<'_> {
    fn digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let mut value: u32 = 0;
        let mut n = 0;
        while n < max {
            let Some(d) = self.chars.get(self.pos).and_then(|c| c.to_digit(10)) else {
                break;
            };
            value = value * 10 + d;
            self.pos += 1;
            n += 1;
        }
        (n > 0).then_some((value, n))
    }

    fn eat(&mut self, c: char) -> bool {
        if self.chars.get(self.pos) == Some(&c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_one_of(&mut self, options: &[char]) -> Option<char> {
        let c = *self.chars.get(self.pos)?;
        options.contains(&c).then(|| {
            self.pos += 1;
            c
        })
    }

    fn skip_ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let n = word.chars().count();
        let Some(slice) = self.chars.get(self.pos..self.pos + n) else {
            return false;
        };
        if slice
            .iter()
            .zip(word.chars())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// A trailing digit would make this a longer number, not this shape.
    fn digit_next(&self) -> bool {
        self.chars.get(self.pos).is_some_and(char::is_ascii_digit)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

fn meridiem_suffix(r: &mut Chars) -> Option<Meridiem> {
    // Longest spellings first so `a.m.` is not left with a dangling `.`.
    for (word, m) in [
        ("a.m.", Meridiem::Am),
        ("p.m.", Meridiem::Pm),
        ("a.m", Meridiem::Am),
        ("p.m", Meridiem::Pm),
        ("am", Meridiem::Am),
        ("pm", Meridiem::Pm),
    ] {
        if r.eat_word(word) {
            return Some(m);
        }
    }
    None
}

fn meridiem_prefix(r: &mut Chars) -> Option<Meridiem> {
    for (word, m) in [
        ("上午", Meridiem::Am),
        ("早上", Meridiem::Am),
        ("下午", Meridiem::Pm),
        ("晚上", Meridiem::Pm),
    ] {
        if r.eat_word(word) {
            return Some(m);
        }
    }
    None
}

/// Reads a clock time into `HH:MM`.
pub(super) fn time(chars: &[char]) -> Option<Result<String, &'static str>> {
    let mut r = Chars { chars, pos: 0 };
    let before = meridiem_prefix(&mut r);
    r.skip_ws();
    let (hour, _) = r.digits(2)?;
    if r.digit_next() {
        return None;
    }
    let mut minute = None;
    // `8.05pm` is a British way of writing a time; without am/pm it is a number.
    let dotted = r.eat('.');
    if dotted || r.eat(':') {
        let (m, n) = r.digits(2)?;
        if n != 2 || r.digit_next() {
            return None;
        }
        minute = Some(m);
        if r.eat(':') {
            // `20:05:30`: clearly a time, but one we would have to truncate.
            return Some(Err(TIME_EXPECTED));
        }
    }
    r.skip_ws();
    let after = meridiem_suffix(&mut r);
    if !r.at_end() {
        return None;
    }
    if dotted && after.is_none() {
        return None;
    }
    let meridiem = match (before, after) {
        (Some(a), Some(b)) if a != b => return Some(Err(TIME_EXPECTED)),
        (a, b) => a.or(b),
    };
    if minute.is_none() && meridiem.is_none() {
        // A bare `8` is a number, not eight o'clock.
        return None;
    }
    let minute = minute.unwrap_or(0);
    let hour = match meridiem {
        None if hour <= 23 => hour,
        Some(_) if !(1..=12).contains(&hour) => return Some(Err(TIME_EXPECTED)),
        Some(Meridiem::Am) => hour % 12,
        Some(Meridiem::Pm) => hour % 12 + 12,
        None => return Some(Err(TIME_EXPECTED)),
    };
    if minute > 59 {
        return Some(Err(TIME_EXPECTED));
    }
    Some(Ok(format!("{hour:02}:{minute:02}")))
}

/// Reads a calendar date into `YYYY-MM-DD`.
pub(super) fn date(chars: &[char]) -> Option<Result<String, &'static str>> {
    let mut r = Chars { chars, pos: 0 };
    let (year, n) = r.digits(4)?;
    if n != 4 || r.digit_next() {
        return None;
    }
    let (month, day) = if r.eat('年') {
        let (month, _) = r.digits(2)?;
        if r.digit_next() || !r.eat('月') {
            return None;
        }
        let (day, _) = r.digits(2)?;
        if r.digit_next() {
            return None;
        }
        // `日` or `号`, or nothing.
        r.eat_one_of(&['日', '号']);
        (month, day)
    } else {
        let sep = r.eat_one_of(&['-', '/'])?;
        let (month, _) = r.digits(2)?;
        if r.digit_next() || !r.eat(sep) {
            return None;
        }
        let (day, _) = r.digits(2)?;
        (month, day)
    };
    if !r.at_end() {
        return None;
    }
    let year = i32::try_from(year).ok()?;
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => Some(Ok(d.format("%Y-%m-%d").to_string())),
        None => Some(Err(DATE_EXPECTED)),
    }
}
