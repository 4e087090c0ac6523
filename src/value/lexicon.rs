//! The words of the value grammar, English and Chinese, in one place.
//!
//! To teach crosscheck a new way of writing a value, add it to a table here; the
//! grammar in `quantity.rs` matches the longest entry at each position, so order within
//! a table does not matter. English entries match ASCII letters in either case, and a
//! space matches any run of whitespace.

/// How a single number is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hedge {
    Approx,
    Over,
    AtLeast,
    Under,
    AtMost,
}

/// Hedges written before the number (`over $2 billion`, `超过20亿美元`).
pub(super) const PREFIX_HEDGES: &[(&str, Hedge)] = &[
    // approx
    ("about", Hedge::Approx),
    ("around", Hedge::Approx),
    ("roughly", Hedge::Approx),
    ("nearly", Hedge::Approx),
    ("almost", Hedge::Approx),
    ("approximately", Hedge::Approx),
    ("approx", Hedge::Approx),
    ("approx.", Hedge::Approx),
    ("some", Hedge::Approx),
    ("an estimated", Hedge::Approx),
    ("estimated", Hedge::Approx),
    ("est.", Hedge::Approx),
    ("close to", Hedge::Approx),
    ("circa", Hedge::Approx),
    ("~", Hedge::Approx),
    ("≈", Hedge::Approx),
    ("约", Hedge::Approx),
    ("大约", Hedge::Approx),
    ("大概", Hedge::Approx),
    ("近", Hedge::Approx),
    ("将近", Hedge::Approx),
    ("接近", Hedge::Approx),
    // over
    ("over", Hedge::Over),
    ("more than", Hedge::Over),
    ("above", Hedge::Over),
    ("exceeding", Hedge::Over),
    ("in excess of", Hedge::Over),
    ("greater than", Hedge::Over),
    ("higher than", Hedge::Over),
    ("upwards of", Hedge::Over),
    ("north of", Hedge::Over),
    ("超过", Hedge::Over),
    ("超", Hedge::Over),
    ("逾", Hedge::Over),
    ("多于", Hedge::Over),
    ("高于", Hedge::Over),
    ("大于", Hedge::Over),
    // at least
    ("at least", Hedge::AtLeast),
    ("no less than", Hedge::AtLeast),
    ("not less than", Hedge::AtLeast),
    ("no fewer than", Hedge::AtLeast),
    ("a minimum of", Hedge::AtLeast),
    ("至少", Hedge::AtLeast),
    ("最少", Hedge::AtLeast),
    ("不少于", Hedge::AtLeast),
    ("不低于", Hedge::AtLeast),
    // under
    ("under", Hedge::Under),
    ("less than", Hedge::Under),
    ("below", Hedge::Under),
    ("fewer than", Hedge::Under),
    ("lower than", Hedge::Under),
    ("不到", Hedge::Under),
    ("不足", Hedge::Under),
    ("低于", Hedge::Under),
    ("少于", Hedge::Under),
    ("小于", Hedge::Under),
    // at most
    ("up to", Hedge::AtMost),
    ("as much as", Hedge::AtMost),
    ("as many as", Hedge::AtMost),
    ("as high as", Hedge::AtMost),
    ("at most", Hedge::AtMost),
    ("no more than", Hedge::AtMost),
    ("not more than", Hedge::AtMost),
    ("a maximum of", Hedge::AtMost),
    ("高达", Hedge::AtMost),
    ("最多", Hedge::AtMost),
    ("最高", Hedge::AtMost),
    ("最高达", Hedge::AtMost),
    ("至多", Hedge::AtMost),
    ("不超过", Hedge::AtMost),
];

/// What a word at the end of the input says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Suffix {
    Hedge(Hedge),
    /// `之间`, closing `介于…之间` / `在…之间`.
    Between,
}

/// Words that end the input and hedge it (`$4B+`, `20亿美元以上`, `100 or more`).
pub(super) const SUFFIXES: &[(&str, Suffix)] = &[
    ("+", Suffix::Hedge(Hedge::Over)),
    ("plus", Suffix::Hedge(Hedge::Over)),
    ("or more", Suffix::Hedge(Hedge::AtLeast)),
    ("or less", Suffix::Hedge(Hedge::AtMost)),
    ("or so", Suffix::Hedge(Hedge::Approx)),
    ("以上", Suffix::Hedge(Hedge::Over)),
    ("以下", Suffix::Hedge(Hedge::Under)),
    ("左右", Suffix::Hedge(Hedge::Approx)),
    ("上下", Suffix::Hedge(Hedge::Approx)),
    ("之间", Suffix::Between),
];

/// `多`/`余` right after the digits or the scale: `20多亿美元` is "more than 2 billion".
pub(super) const MORE: &[&str] = &["多", "余"];

/// Words that open a range whose ends are joined by `and` / `和`.
pub(super) const BETWEEN: &[&str] = &["between", "介于"];

/// Harmless words before a value, skipped: "now over $2 billion", "现已超过20亿美元".
pub(super) const FILLERS: &[&str] = &[
    "now",
    "already",
    "currently",
    "just",
    "well",
    "现已",
    "现在",
    "目前",
    "已经",
    "已达",
    "已",
    "达到",
    "达",
    "为",
    "在",
    "共",
];

/// How the two ends of a range are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Join {
    /// `-`, `to`, `至`, … — a range on their own.
    Plain,
    /// `and`, `和`, `与` — only after `between` / `介于`.
    And,
}

pub(super) const RANGE_JOINS: &[(&str, Join)] = &[
    ("-", Join::Plain),
    ("–", Join::Plain),
    ("—", Join::Plain),
    ("~", Join::Plain),
    ("to", Join::Plain),
    ("through", Join::Plain),
    ("至", Join::Plain),
    ("到", Join::Plain),
    ("and", Join::And),
    ("和", Join::And),
    ("与", Join::And),
];

/// Scale words, as powers of ten; these may stand apart from the digits (`3.5 bn`).
pub(super) const SCALES: &[(&str, i64)] = &[
    ("hundred", 2),
    ("thousand", 3),
    ("million", 6),
    ("millions", 6),
    ("mn", 6),
    ("mln", 6),
    ("billion", 9),
    ("billions", 9),
    ("bn", 9),
    ("bln", 9),
    ("trillion", 12),
    ("trillions", 12),
    ("tn", 12),
    ("百", 2),
    ("千", 3),
    ("万", 4),
    ("十万", 5),
    ("百万", 6),
    ("千万", 7),
    ("亿", 8),
    ("十亿", 9),
    ("百亿", 10),
    ("千亿", 11),
    ("万亿", 12),
];

/// One-letter scales, read only when glued to the digits (`$150B`, `50k`): standing
/// apart, `5 m` is more likely metres than millions.
pub(super) const LETTER_SCALES: &[(&str, i64)] = &[("k", 3), ("m", 6), ("b", 9), ("t", 12)];

/// A currency as written: its ISO code, and the codes a more specific mention may
/// turn it into (`$` is shared by several dollars, `¥` by the yuan and the yen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Currency {
    pub(super) code: &'static str,
    pub(super) yields_to: &'static [&'static str],
}

const fn strong(code: &'static str) -> Currency {
    Currency {
        code,
        yields_to: &[],
    }
}

/// `$`, `dollars`: USD unless Hong Kong dollars are named.
const DOLLAR: Currency = Currency {
    code: "USD",
    yields_to: &["HKD"],
};

/// `¥`: CNY unless yen are named.
const YEN_SIGN: Currency = Currency {
    code: "CNY",
    yields_to: &["JPY"],
};

/// Currency symbols, written before the number. A bare `¥` is read as CNY (the
/// founding article and most Chinese-language reporting mean renminbi); a following
/// `日元`/`JPY`/`yen` overrides it, as `港元` overrides `$`.
pub(super) const CURRENCY_SYMBOLS: &[(&str, Currency)] = &[
    ("$", DOLLAR),
    ("US$", strong("USD")),
    ("U.S.$", strong("USD")),
    ("HK$", strong("HKD")),
    ("€", strong("EUR")),
    ("£", strong("GBP")),
    ("¥", YEN_SIGN),
];

/// Codes and words that may stand before the number (`USD 5bn`, `人民币100亿元`).
pub(super) const CURRENCY_PREFIXES: &[(&str, Currency)] = &[
    ("USD", strong("USD")),
    ("EUR", strong("EUR")),
    ("GBP", strong("GBP")),
    ("CNY", strong("CNY")),
    ("RMB", strong("CNY")),
    ("JPY", strong("JPY")),
    ("HKD", strong("HKD")),
    ("人民币", strong("CNY")),
];

/// Codes, words and symbols written after the number (`150bn USD`, `1500亿美元`, `5€`).
pub(super) const CURRENCY_SUFFIXES: &[(&str, Currency)] = &[
    // Symbols after the number, as many European and some Chinese writers put them.
    ("$", DOLLAR),
    ("€", strong("EUR")),
    ("£", strong("GBP")),
    ("¥", YEN_SIGN),
    ("USD", strong("USD")),
    ("dollar", DOLLAR),
    ("dollars", DOLLAR),
    ("US dollar", strong("USD")),
    ("US dollars", strong("USD")),
    ("U.S. dollars", strong("USD")),
    ("美元", strong("USD")),
    ("美金", strong("USD")),
    ("EUR", strong("EUR")),
    ("euro", strong("EUR")),
    ("euros", strong("EUR")),
    ("欧元", strong("EUR")),
    ("GBP", strong("GBP")),
    ("pound", strong("GBP")),
    ("pounds", strong("GBP")),
    ("pounds sterling", strong("GBP")),
    ("sterling", strong("GBP")),
    ("英镑", strong("GBP")),
    ("CNY", strong("CNY")),
    ("RMB", strong("CNY")),
    ("yuan", strong("CNY")),
    ("renminbi", strong("CNY")),
    ("元", strong("CNY")),
    ("人民币", strong("CNY")),
    ("JPY", strong("JPY")),
    ("yen", strong("JPY")),
    ("日元", strong("JPY")),
    ("円", strong("JPY")),
    ("HKD", strong("HKD")),
    ("HK dollars", strong("HKD")),
    ("Hong Kong dollars", strong("HKD")),
    ("港元", strong("HKD")),
    ("港币", strong("HKD")),
];

/// Percent, after the number; `百分之` before it is handled by the grammar.
pub(super) const PERCENT: &[&str] = &["%", "percent", "per cent", "pct"];

/// `百分之20` = 20%.
pub(super) const PERCENT_PREFIX: &str = "百分之";

/// Multiples: `100x`, `100倍`.
pub(super) const TIMES: &[&str] = &["x", "×", "times", "倍"];

/// Time units a rate may be per, with their canonical names.
pub(super) const TIME_UNITS: &[(&str, &str)] = &[
    ("second", "second"),
    ("seconds", "second"),
    ("sec", "second"),
    ("secs", "second"),
    ("minute", "minute"),
    ("minutes", "minute"),
    ("min", "minute"),
    ("mins", "minute"),
    ("hour", "hour"),
    ("hours", "hour"),
    ("hr", "hour"),
    ("hrs", "hour"),
    ("h", "hour"),
    ("day", "day"),
    ("days", "day"),
    ("week", "week"),
    ("weeks", "week"),
    ("wk", "week"),
    ("month", "month"),
    ("months", "month"),
    ("mo", "month"),
    ("year", "year"),
    ("years", "year"),
    ("yr", "year"),
    ("yrs", "year"),
    ("annum", "year"),
    ("秒", "second"),
    ("秒钟", "second"),
    ("分钟", "minute"),
    ("小时", "hour"),
    ("钟头", "hour"),
    ("天", "day"),
    ("日", "day"),
    ("周", "week"),
    ("星期", "week"),
    ("月", "month"),
    ("个月", "month"),
    ("年", "year"),
];

/// Adverbs that make a rate on their own: `$5B annually`.
pub(super) const RATE_ADVERBS: &[(&str, &str)] = &[
    ("hourly", "hour"),
    ("daily", "day"),
    ("weekly", "week"),
    ("monthly", "month"),
    ("annually", "year"),
    ("yearly", "year"),
    ("a year", "year"),
    ("an hour", "hour"),
    ("a day", "day"),
    ("a week", "week"),
    ("a month", "month"),
];

/// `per` in English rates; `/` and `每` are single characters handled directly.
pub(super) const PER: &str = "per";

/// `每` in Chinese rates: `每小时1.30美元`.
pub(super) const EACH: char = '每';

/// Chinese measure words, dropped between a number and its noun (`1500名员工` →
/// `员工`) but kept when nothing follows (`500人` → `人`).
pub(super) const MEASURE_WORDS: &[char] = &['名', '个', '家', '位', '款', '人', '台', '块', '张'];

/// `的` between a unit and a descriptive noun: `1500亿美元的估值`.
pub(super) const OF: char = '的';

/// Spellings of not-a-number, refused outright rather than read as text.
pub(super) const NOT_FINITE: &[&str] = &[
    "nan",
    "inf",
    "infinity",
    "+inf",
    "-inf",
    "+infinity",
    "-infinity",
];
