//! The words of the value grammar, English and Chinese, in one place.
//!
//! To teach crosscheck a new way of writing a value, add it to a table here; the
//! grammar in `quantity.rs` matches the longest entry at each position, so order within
//! a table does not matter. English entries match ASCII letters in either case, and a
//! space matches any run of whitespace.

use crate::model::Basis;

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
    ("closer to", Hedge::Approx),
    ("約", Hedge::Approx),
    ("大約", Hedge::Approx),
    ("將近", Hedge::Approx),
    ("约合", Hedge::Approx),
    ("約合", Hedge::Approx),
    ("合计约", Hedge::Approx),
    ("合計約", Hedge::Approx),
    ("约为", Hedge::Approx),
    ("約為", Hedge::Approx),
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
    ("超過", Hedge::Over),
    ("多於", Hedge::Over),
    ("高於", Hedge::Over),
    ("大於", Hedge::Over),
    ("突破", Hedge::Over),
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
    ("最低", Hedge::AtLeast),
    ("不少於", Hedge::AtLeast),
    ("不低於", Hedge::AtLeast),
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
    ("shy of", Hedge::Under),
    ("just shy of", Hedge::Under),
    ("just under", Hedge::Under),
    ("just below", Hedge::Under),
    ("低於", Hedge::Under),
    ("少於", Hedge::Under),
    ("小於", Hedge::Under),
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
    ("高達", Hedge::AtMost),
    ("最高達", Hedge::AtMost),
    ("不超過", Hedge::AtMost),
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
    ("之間", Suffix::Between),
];

/// `多`/`余` right after the digits or the scale: `20多亿美元` is "more than 2 billion".
pub(super) const MORE: &[&str] = &["多", "余", "餘"];

/// Words that open a range whose ends are joined by `and` / `和`.
pub(super) const BETWEEN: &[&str] = &["between", "介于", "介於"];

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
    "现為",
    "現已",
    "現在",
    "已經",
    "已達",
    "達到",
    "達",
    "為",
    // Words that stress a figure without bounding it: "仅130亿美元" is 13 billion.
    "仅",
    "僅",
    "只有",
    "可能",
    "或",
    "将达",
    "將達",
    "将",
    "將",
    "据悉",
    "據悉",
    "据报道",
    "據報導",
    "据称",
    "據稱",
    "reportedly",
    // The metric named before its figure: "估值约5000亿美元", "valued at $300 billion".
    "估值",
    "估值为",
    "估值為",
    "估值达",
    "估值達",
    "营收",
    "營收",
    "收入",
    "valued at",
    "valuation of",
    "revenue of",
    "reach",
    "hit",
    "of",
    "at",
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
    ("萬", 4),
    ("十萬", 5),
    ("百萬", 6),
    ("千萬", 7),
    ("億", 8),
    ("十億", 9),
    ("百億", 10),
    ("千億", 11),
    ("萬億", 12),
    ("兆", 12),
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

/// `元`: the yuan unless a more specific currency is named (`新台幣12億元` is TWD,
/// `港幣5億元` HKD).
const YUAN: Currency = Currency {
    code: "CNY",
    yields_to: &["HKD", "TWD", "JPY"],
};

/// Currency symbols, written before the number. A bare `¥` is read as CNY (the
/// founding article and most Chinese-language reporting mean renminbi); a following
/// `日元`/`JPY`/`yen` overrides it, as `港元` overrides `$`.
pub(super) const CURRENCY_SYMBOLS: &[(&str, Currency)] = &[
    ("$", DOLLAR),
    ("US$", strong("USD")),
    ("U.S.$", strong("USD")),
    ("HK$", strong("HKD")),
    ("NT$", strong("TWD")),
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
    ("TWD", strong("TWD")),
    ("NTD", strong("TWD")),
    ("人民币", strong("CNY")),
    ("人民幣", strong("CNY")),
    ("港元", strong("HKD")),
    ("港币", strong("HKD")),
    ("港幣", strong("HKD")),
    ("新台币", strong("TWD")),
    ("新台幣", strong("TWD")),
    ("新臺幣", strong("TWD")),
    ("美元", strong("USD")),
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
    ("元", YUAN),
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
    ("港幣", strong("HKD")),
    ("TWD", strong("TWD")),
    ("NTD", strong("TWD")),
    ("NT dollars", strong("TWD")),
    ("Taiwan dollars", strong("TWD")),
    ("新台币", strong("TWD")),
    ("新台幣", strong("TWD")),
    ("新臺幣", strong("TWD")),
    ("台币", strong("TWD")),
    ("台幣", strong("TWD")),
    ("臺幣", strong("TWD")),
    ("歐元", strong("EUR")),
    ("英鎊", strong("GBP")),
    ("人民幣", strong("CNY")),
    ("日圓", strong("JPY")),
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
    ("小時", "hour"),
    ("钟头", "hour"),
    ("天", "day"),
    ("日", "day"),
    ("周", "week"),
    ("星期", "week"),
    ("週", "week"),
    ("月", "month"),
    ("个月", "month"),
    ("個月", "month"),
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

/// Characters that are scales: a word containing one is never a unit (`29.4萬美元` is
/// 294,000 dollars, never 29.4 of a unit `萬美元`).
pub(super) const SCALE_CHARS: &[char] = &['万', '萬', '亿', '億'];

/// Chinese measure words, dropped between a number and its noun (`1500名员工` →
/// `员工`) but kept when nothing follows (`500人` → `人`).
pub(super) const MEASURE_WORDS: &[char] = &[
    '名', '个', '個', '家', '位', '款', '人', '台', '块', '塊', '张', '張',
];

/// Nouns a figure in running text may count (`200 million users`, `1500名员工`). A
/// value on its own may take any noun as its unit, but in a sentence the words after
/// a figure usually go on with the sentence. A measure word before them is skipped.
pub(super) const COUNTED_NOUNS: &[&str] = &[
    "users",
    "customers",
    "subscribers",
    "employees",
    "developers",
    "用户",
    "员工",
    "企业",
];

/// Words after a figure in running text that say what kind of figure it is, kept with
/// it so that the value is recorded as written (`$157 billion post-money`).
pub(super) const QUALIFIERS: &[&str] = &["pre-money", "post-money"];

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

/// Words that say what kind of figure a value is (spec §2, *Bases*), read wherever they
/// stand in the value and taken out before the number is read: `$3.4bn annualised`,
/// `预计130亿美元`, `$965 billion post-money`. Longest match wins; English entries match
/// whole words only.
pub(super) const BASIS_CUES: &[(&str, Basis)] = &[
    ("annualized", Basis::RunRate),
    ("annualised", Basis::RunRate),
    ("annualized revenue", Basis::RunRate),
    ("annualised revenue", Basis::RunRate),
    ("annualized revenue of", Basis::RunRate),
    ("annualised revenue of", Basis::RunRate),
    ("run rate", Basis::RunRate),
    ("run-rate", Basis::RunRate),
    ("revenue run rate", Basis::RunRate),
    ("revenue run-rate", Basis::RunRate),
    ("annual run rate", Basis::RunRate),
    ("annual run-rate", Basis::RunRate),
    ("run rate of", Basis::RunRate),
    ("run-rate revenue", Basis::RunRate),
    ("run rate revenue", Basis::RunRate),
    ("run-rate revenue of", Basis::RunRate),
    ("run rate revenue of", Basis::RunRate),
    ("run-rate of", Basis::RunRate),
    ("ARR", Basis::RunRate),
    ("ARR of", Basis::RunRate),
    ("in ARR", Basis::RunRate),
    ("年化", Basis::RunRate),
    ("年化收入", Basis::RunRate),
    ("年化营收", Basis::RunRate),
    ("年化營收", Basis::RunRate),
    ("年化收入为", Basis::RunRate),
    ("年度经常性收入", Basis::RunRate),
    ("年度經常性收入", Basis::RunRate),
    ("年经常性收入", Basis::RunRate),
    ("年經常性收入", Basis::RunRate),
    ("expects", Basis::Forecast),
    ("expected", Basis::Forecast),
    ("expected to reach", Basis::Forecast),
    ("expected to be", Basis::Forecast),
    ("projected", Basis::Forecast),
    ("projected to reach", Basis::Forecast),
    ("projection", Basis::Forecast),
    ("projection of", Basis::Forecast),
    ("forecast", Basis::Forecast),
    ("forecasts", Basis::Forecast),
    ("forecasted", Basis::Forecast),
    ("forecast of", Basis::Forecast),
    ("guidance", Basis::Forecast),
    ("guidance of", Basis::Forecast),
    ("on track for", Basis::Forecast),
    ("on track to reach", Basis::Forecast),
    ("on track to hit", Basis::Forecast),
    ("estimates that it will reach", Basis::Forecast),
    ("estimates it will reach", Basis::Forecast),
    ("will reach", Basis::Forecast),
    ("预计", Basis::Forecast),
    ("預計", Basis::Forecast),
    ("预期", Basis::Forecast),
    ("預期", Basis::Forecast),
    ("有望", Basis::Forecast),
    ("预测", Basis::Forecast),
    ("預測", Basis::Forecast),
    ("目标", Basis::Forecast),
    ("目標", Basis::Forecast),
    ("预计将", Basis::Forecast),
    ("預計將", Basis::Forecast),
    ("预计达", Basis::Forecast),
    ("預計達", Basis::Forecast),
    ("预计达到", Basis::Forecast),
    ("預計達到", Basis::Forecast),
    ("有望达到", Basis::Forecast),
    ("有望達到", Basis::Forecast),
    ("pre-money", Basis::PreMoney),
    ("pre money", Basis::PreMoney),
    ("premoney", Basis::PreMoney),
    ("pre-money valuation", Basis::PreMoney),
    ("pre-money valuation of", Basis::PreMoney),
    ("投前", Basis::PreMoney),
    ("投前估值", Basis::PreMoney),
    ("投前估值为", Basis::PreMoney),
    ("投前估值為", Basis::PreMoney),
    ("post-money", Basis::PostMoney),
    ("post money", Basis::PostMoney),
    ("postmoney", Basis::PostMoney),
    ("post-money valuation", Basis::PostMoney),
    ("post-money valuation of", Basis::PostMoney),
    ("after the investment", Basis::PostMoney),
    ("including the investment", Basis::PostMoney),
    ("投后", Basis::PostMoney),
    ("投後", Basis::PostMoney),
    ("投后估值", Basis::PostMoney),
    ("投後估值", Basis::PostMoney),
    ("投后估值为", Basis::PostMoney),
    ("投後估值為", Basis::PostMoney),
    ("secondary", Basis::Secondary),
    ("secondary sale", Basis::Secondary),
    ("in a secondary sale", Basis::Secondary),
    ("in a secondary share sale", Basis::Secondary),
    ("secondary share sale", Basis::Secondary),
    ("tender offer", Basis::Secondary),
    ("in a tender offer", Basis::Secondary),
    ("二级市场", Basis::Secondary),
    ("二級市場", Basis::Secondary),
    ("老股转让", Basis::Secondary),
    ("老股轉讓", Basis::Secondary),
    ("老股出售", Basis::Secondary),
];
