//! Tables of values as reporters write them, what they must read as, and what must
//! be refused; plus a property: no input makes `parse` panic.

use super::{Bound, Value, parse};
use proptest::prelude::*;

const Q: &str = "quantity";
const USD: Option<&str> = Some("USD");
const NONE: Option<f64> = None;

fn x(v: f64) -> Option<f64> {
    Some(v)
}

type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<f64>,
    Option<f64>,
    Option<&'static str>,
);

/// (input, kind, unit, low, high, bound). Floats compare exactly.
fn cases() -> Vec<Row> {
    let exact = Some("exact");
    let approx = Some("approx");
    let range = Some("range");
    let over = Some("over");
    let at_least = Some("at_least");
    let under = Some("under");
    let at_most = Some("at_most");
    vec![
        // exact, every currency by symbol, code and word
        ("$150 billion", Q, USD, x(150e9), x(150e9), exact),
        ("$150B", Q, USD, x(150e9), x(150e9), exact),
        ("150bn USD", Q, USD, x(150e9), x(150e9), exact),
        ("1500亿美元", Q, USD, x(150e9), x(150e9), exact),
        ("US$150 billion", Q, USD, x(150e9), x(150e9), exact),
        ("USD 150bn", Q, USD, x(150e9), x(150e9), exact),
        ("150 billion dollars", Q, USD, x(150e9), x(150e9), exact),
        ("150 billion US dollars", Q, USD, x(150e9), x(150e9), exact),
        ("1 dollar", Q, USD, x(1.0), x(1.0), exact),
        ("1500亿美金", Q, USD, x(150e9), x(150e9), exact),
        ("€5m", Q, Some("EUR"), x(5e6), x(5e6), exact),
        ("EUR 5 million", Q, Some("EUR"), x(5e6), x(5e6), exact),
        ("5 million euros", Q, Some("EUR"), x(5e6), x(5e6), exact),
        ("50亿欧元", Q, Some("EUR"), x(5e9), x(5e9), exact),
        ("£3bn", Q, Some("GBP"), x(3e9), x(3e9), exact),
        ("GBP 3bn", Q, Some("GBP"), x(3e9), x(3e9), exact),
        ("300 pounds", Q, Some("GBP"), x(300.0), x(300.0), exact),
        ("30亿英镑", Q, Some("GBP"), x(3e9), x(3e9), exact),
        ("100亿元", Q, Some("CNY"), x(1e10), x(1e10), exact),
        ("人民币100亿元", Q, Some("CNY"), x(1e10), x(1e10), exact),
        ("10亿人民币", Q, Some("CNY"), x(1e9), x(1e9), exact),
        ("CNY 5bn", Q, Some("CNY"), x(5e9), x(5e9), exact),
        ("RMB 5bn", Q, Some("CNY"), x(5e9), x(5e9), exact),
        ("¥500", Q, Some("CNY"), x(500.0), x(500.0), exact),
        ("￥500", Q, Some("CNY"), x(500.0), x(500.0), exact),
        ("5 billion yuan", Q, Some("CNY"), x(5e9), x(5e9), exact),
        ("100亿日元", Q, Some("JPY"), x(1e10), x(1e10), exact),
        ("JPY 100bn", Q, Some("JPY"), x(1e11), x(1e11), exact),
        ("¥500日元", Q, Some("JPY"), x(500.0), x(500.0), exact),
        ("HK$10bn", Q, Some("HKD"), x(1e10), x(1e10), exact),
        ("10亿港元", Q, Some("HKD"), x(1e9), x(1e9), exact),
        ("5亿港币", Q, Some("HKD"), x(5e8), x(5e8), exact),
        // every scale
        ("50k", Q, None, x(5e4), x(5e4), exact),
        ("50K", Q, None, x(5e4), x(5e4), exact),
        ("2 thousand", Q, None, x(2e3), x(2e3), exact),
        ("3.5M", Q, None, x(3.5e6), x(3.5e6), exact),
        ("$3.5m", Q, USD, x(3.5e6), x(3.5e6), exact),
        ("3.5 million", Q, None, x(3.5e6), x(3.5e6), exact),
        ("3.5mn", Q, None, x(3.5e6), x(3.5e6), exact),
        ("3.5B", Q, None, x(3.5e9), x(3.5e9), exact),
        ("$3.5b", Q, USD, x(3.5e9), x(3.5e9), exact),
        ("2.5bln", Q, None, x(2.5e9), x(2.5e9), exact),
        ("1.2 trillion", Q, None, x(1.2e12), x(1.2e12), exact),
        ("$1.2T", Q, USD, x(1.2e12), x(1.2e12), exact),
        ("1.2tn", Q, None, x(1.2e12), x(1.2e12), exact),
        ("5千", Q, None, x(5e3), x(5e3), exact),
        ("5万", Q, None, x(5e4), x(5e4), exact),
        ("5十万", Q, None, x(5e5), x(5e5), exact),
        ("5百万", Q, None, x(5e6), x(5e6), exact),
        ("5千万", Q, None, x(5e7), x(5e7), exact),
        ("5亿", Q, None, x(5e8), x(5e8), exact),
        ("35亿", Q, None, x(3.5e9), x(3.5e9), exact),
        ("5十亿", Q, None, x(5e9), x(5e9), exact),
        ("5百亿", Q, None, x(5e10), x(5e10), exact),
        ("5千亿", Q, None, x(5e11), x(5e11), exact),
        ("1.5万亿美元", Q, USD, x(1.5e12), x(1.5e12), exact),
        ("5 hundred thousand", Q, None, x(5e5), x(5e5), exact),
        // digits: separators, decimals, signs, full width
        ("1,500", Q, None, x(1500.0), x(1500.0), exact),
        (
            "1,234,567.5",
            Q,
            None,
            x(1_234_567.5),
            x(1_234_567.5),
            exact,
        ),
        ("1.30", Q, None, x(1.3), x(1.3), exact),
        (".5", Q, None, x(0.5), x(0.5), exact),
        ("0", Q, None, x(0.0), x(0.0), exact),
        ("-0", Q, None, x(0.0), x(0.0), exact),
        ("-5", Q, None, x(-5.0), x(-5.0), exact),
        ("−5", Q, None, x(-5.0), x(-5.0), exact),
        ("-$5B", Q, USD, x(-5e9), x(-5e9), exact),
        ("1.5e9", Q, None, x(1.5e9), x(1.5e9), exact),
        ("2024", Q, None, x(2024.0), x(2024.0), exact),
        ("１５００亿美元", Q, USD, x(150e9), x(150e9), exact),
        ("１，５００", Q, None, x(1500.0), x(1500.0), exact),
        ("  $150B  ", Q, USD, x(150e9), x(150e9), exact),
        // approx
        ("about $4 billion", Q, USD, x(4e9), x(4e9), approx),
        ("around 4bn", Q, None, x(4e9), x(4e9), approx),
        ("roughly $4B", Q, USD, x(4e9), x(4e9), approx),
        ("~$4B", Q, USD, x(4e9), x(4e9), approx),
        ("nearly $4 billion", Q, USD, x(4e9), x(4e9), approx),
        ("approximately $4 billion", Q, USD, x(4e9), x(4e9), approx),
        (
            "some 4,000 employees",
            Q,
            Some("employees"),
            x(4e3),
            x(4e3),
            approx,
        ),
        ("an estimated $4 billion", Q, USD, x(4e9), x(4e9), approx),
        ("约40亿美元", Q, USD, x(4e9), x(4e9), approx),
        ("大约5亿美元", Q, USD, x(5e8), x(5e8), approx),
        ("40亿美元左右", Q, USD, x(4e9), x(4e9), approx),
        ("近40亿美元", Q, USD, x(4e9), x(4e9), approx),
        ("将近40亿美元", Q, USD, x(4e9), x(4e9), approx),
        ("接近40亿美元", Q, USD, x(4e9), x(4e9), approx),
        ("～40亿美元", Q, USD, x(4e9), x(4e9), approx),
        // range
        ("$3.5B-$4.5B", Q, USD, x(3.5e9), x(4.5e9), range),
        ("$3.5-4.5B", Q, USD, x(3.5e9), x(4.5e9), range),
        ("3.5 to 4.5 billion", Q, None, x(3.5e9), x(4.5e9), range),
        (
            "between $3.5 and $4.5 billion",
            Q,
            USD,
            x(3.5e9),
            x(4.5e9),
            range,
        ),
        ("$3.5B–$4.5B", Q, USD, x(3.5e9), x(4.5e9), range),
        ("$3.5B—$4.5B", Q, USD, x(3.5e9), x(4.5e9), range),
        (
            "$3.5 billion to $4.5 billion",
            Q,
            USD,
            x(3.5e9),
            x(4.5e9),
            range,
        ),
        ("about $3.5-4.5B", Q, USD, x(3.5e9), x(4.5e9), range),
        ("3.5-4.5%", Q, Some("%"), x(3.5), x(4.5), range),
        (
            "1,500 to 2,000 employees",
            Q,
            Some("employees"),
            x(1.5e3),
            x(2e3),
            range,
        ),
        ("-5 to -3", Q, None, x(-5.0), x(-3.0), range),
        ("35亿至45亿美元", Q, USD, x(3.5e9), x(4.5e9), range),
        ("35亿到45亿美元", Q, USD, x(3.5e9), x(4.5e9), range),
        ("3~4亿", Q, None, x(3e8), x(4e8), range),
        ("3～4亿", Q, None, x(3e8), x(4e8), range),
        ("35亿-45亿美元", Q, USD, x(3.5e9), x(4.5e9), range),
        ("介于35亿和45亿美元之间", Q, USD, x(3.5e9), x(4.5e9), range),
        ("在35亿到45亿美元之间", Q, USD, x(3.5e9), x(4.5e9), range),
        // over
        ("over $2 billion", Q, USD, x(2e9), NONE, over),
        ("more than $2 billion", Q, USD, x(2e9), NONE, over),
        ("above $2bn", Q, USD, x(2e9), NONE, over),
        ("exceeding $2 billion", Q, USD, x(2e9), NONE, over),
        ("in excess of $2 billion", Q, USD, x(2e9), NONE, over),
        ("$4B+", Q, USD, x(4e9), NONE, over),
        ("now over $2 billion", Q, USD, x(2e9), NONE, over),
        ("超过20亿美元", Q, USD, x(2e9), NONE, over),
        ("现已超过20亿美元", Q, USD, x(2e9), NONE, over),
        ("逾20亿美元", Q, USD, x(2e9), NONE, over),
        ("多于20亿美元", Q, USD, x(2e9), NONE, over),
        ("20亿美元以上", Q, USD, x(2e9), NONE, over),
        ("20多亿美元", Q, USD, x(2e9), NONE, over),
        ("1000多名员工", Q, Some("员工"), x(1e3), NONE, over),
        // at least
        ("at least $6.5 billion", Q, USD, x(6.5e9), NONE, at_least),
        (
            "no less than $6.5 billion",
            Q,
            USD,
            x(6.5e9),
            NONE,
            at_least,
        ),
        (
            "a minimum of $6.5 billion",
            Q,
            USD,
            x(6.5e9),
            NONE,
            at_least,
        ),
        ("100 or more", Q, None, x(100.0), NONE, at_least),
        ("至少65亿美元", Q, USD, x(6.5e9), NONE, at_least),
        ("不少于65亿美元", Q, USD, x(6.5e9), NONE, at_least),
        ("不低于65亿美元", Q, USD, x(6.5e9), NONE, at_least),
        // under
        ("under $1 billion", Q, USD, NONE, x(1e9), under),
        ("less than $1 billion", Q, USD, NONE, x(1e9), under),
        ("below $1bn", Q, USD, NONE, x(1e9), under),
        (
            "fewer than 500 employees",
            Q,
            Some("employees"),
            NONE,
            x(500.0),
            under,
        ),
        ("不到10亿美元", Q, USD, NONE, x(1e9), under),
        ("低于10亿美元", Q, USD, NONE, x(1e9), under),
        ("少于10亿美元", Q, USD, NONE, x(1e9), under),
        ("10亿美元以下", Q, USD, NONE, x(1e9), under),
        // at most
        ("up to $7 billion", Q, USD, NONE, x(7e9), at_most),
        ("as much as $7 billion", Q, USD, NONE, x(7e9), at_most),
        ("at most $7 billion", Q, USD, NONE, x(7e9), at_most),
        ("no more than $7 billion", Q, USD, NONE, x(7e9), at_most),
        ("as high as $7 billion", Q, USD, NONE, x(7e9), at_most),
        ("高达70亿美元", Q, USD, NONE, x(7e9), at_most),
        ("最多70亿美元", Q, USD, NONE, x(7e9), at_most),
        ("不超过70亿美元", Q, USD, NONE, x(7e9), at_most),
        // percent, kept as written
        ("75%", Q, Some("%"), x(75.0), x(75.0), exact),
        ("5 percent", Q, Some("%"), x(5.0), x(5.0), exact),
        ("5 per cent", Q, Some("%"), x(5.0), x(5.0), exact),
        ("-3.5%", Q, Some("%"), x(-3.5), x(-3.5), exact),
        ("３．５％", Q, Some("%"), x(3.5), x(3.5), exact),
        ("百分之20", Q, Some("%"), x(20.0), x(20.0), exact),
        ("20%以上", Q, Some("%"), x(20.0), NONE, over),
        // multiples
        ("100x", Q, Some("x"), x(100.0), x(100.0), exact),
        ("100X", Q, Some("x"), x(100.0), x(100.0), exact),
        ("100倍", Q, Some("x"), x(100.0), x(100.0), exact),
        ("100 times", Q, Some("x"), x(100.0), x(100.0), exact),
        // rates
        ("$1.30/hour", Q, Some("USD/hour"), x(1.3), x(1.3), exact),
        ("$1.30 per hour", Q, Some("USD/hour"), x(1.3), x(1.3), exact),
        ("$1.30/hr", Q, Some("USD/hour"), x(1.3), x(1.3), exact),
        ("每小时1.30美元", Q, Some("USD/hour"), x(1.3), x(1.3), exact),
        ("1.30美元/小时", Q, Some("USD/hour"), x(1.3), x(1.3), exact),
        ("$5B a year", Q, Some("USD/year"), x(5e9), x(5e9), exact),
        ("$5B per year", Q, Some("USD/year"), x(5e9), x(5e9), exact),
        ("$5B annually", Q, Some("USD/year"), x(5e9), x(5e9), exact),
        (
            "每年15亿美元",
            Q,
            Some("USD/year"),
            x(1.5e9),
            x(1.5e9),
            exact,
        ),
        (
            "15亿美元/年",
            Q,
            Some("USD/year"),
            x(1.5e9),
            x(1.5e9),
            exact,
        ),
        (
            "$100/month",
            Q,
            Some("USD/month"),
            x(100.0),
            x(100.0),
            exact,
        ),
        (
            "每月100美元",
            Q,
            Some("USD/month"),
            x(100.0),
            x(100.0),
            exact,
        ),
        ("$10 per day", Q, Some("USD/day"), x(10.0), x(10.0), exact),
        ("每天10美元", Q, Some("USD/day"), x(10.0), x(10.0), exact),
        ("每日10美元", Q, Some("USD/day"), x(10.0), x(10.0), exact),
        ("$50/week", Q, Some("USD/week"), x(50.0), x(50.0), exact),
        ("每周50美元", Q, Some("USD/week"), x(50.0), x(50.0), exact),
        (
            "每小时每GPU 1.30美元",
            Q,
            Some("USD/GPU/hour"),
            x(1.3),
            x(1.3),
            exact,
        ),
        (
            "$1.30 per GPU per hour",
            Q,
            Some("USD/GPU/hour"),
            x(1.3),
            x(1.3),
            exact,
        ),
        (
            "$1.30/GPU/hour",
            Q,
            Some("USD/GPU/hour"),
            x(1.3),
            x(1.3),
            exact,
        ),
        (
            "$1.30 per hour per GPU",
            Q,
            Some("USD/GPU/hour"),
            x(1.3),
            x(1.3),
            exact,
        ),
        (
            "每小时3.40美元到4美元",
            Q,
            Some("USD/hour"),
            x(3.4),
            x(4.0),
            range,
        ),
        ("每年超过50亿美元", Q, Some("USD/year"), x(5e9), NONE, over),
        // other nouns become the unit
        (
            "1,500 employees",
            Q,
            Some("employees"),
            x(1.5e3),
            x(1.5e3),
            exact,
        ),
        (
            "1,500 Employees",
            Q,
            Some("employees"),
            x(1.5e3),
            x(1.5e3),
            exact,
        ),
        ("300 million users", Q, Some("users"), x(3e8), x(3e8), exact),
        ("1500名员工", Q, Some("员工"), x(1.5e3), x(1.5e3), exact),
        ("500人", Q, Some("人"), x(500.0), x(500.0), exact),
        ("3家公司", Q, Some("公司"), x(3.0), x(3.0), exact),
        ("80GB", Q, Some("GB"), x(80.0), x(80.0), exact),
        ("1500亿美元估值", Q, USD, x(150e9), x(150e9), exact),
        ("$150 billion valuation", Q, USD, x(150e9), x(150e9), exact),
        ("约5亿美元的股权", Q, USD, x(5e8), x(5e8), approx),
        ("5kg", Q, Some("kg"), x(5.0), x(5.0), exact),
        ("300 GPUs", Q, Some("gpus"), x(300.0), x(300.0), exact),
        ("1,000+ employees", Q, Some("employees"), x(1e3), NONE, over),
        (
            "每人每月100元",
            Q,
            Some("CNY/人/month"),
            x(100.0),
            x(100.0),
            exact,
        ),
        ("$5 per share", Q, Some("USD/share"), x(5.0), x(5.0), exact),
        // symbols after the number, shared symbols giving way, sentence punctuation
        ("5€", Q, Some("EUR"), x(5.0), x(5.0), exact),
        ("5 $", Q, USD, x(5.0), x(5.0), exact),
        ("$5 港元", Q, Some("HKD"), x(5.0), x(5.0), exact),
        ("US$ 1,500", Q, USD, x(1.5e3), x(1.5e3), exact),
        ("USD3.5B", Q, USD, x(3.5e9), x(3.5e9), exact),
        ("$150 billion.", Q, USD, x(150e9), x(150e9), exact),
        ("现已超过20亿美元。", Q, USD, x(2e9), NONE, over),
        ("约为20亿美元", Q, USD, x(2e9), x(2e9), approx),
        (
            "每小时每GPU1.30美元",
            Q,
            Some("USD/GPU/hour"),
            x(1.3),
            x(1.3),
            exact,
        ),
        ("3.5至4.5亿美元", Q, USD, x(3.5e8), x(4.5e8), range),
        ("5 to 10 percent", Q, Some("%"), x(5.0), x(10.0), range),
        ("2.5x-3x", Q, Some("x"), x(2.5), x(3.0), range),
        ("50%+", Q, Some("%"), x(50.0), NONE, over),
        ("20亿多美元", Q, USD, x(2e9), NONE, over),
        ("20余亿美元", Q, USD, x(2e9), NONE, over),
        ("超20亿美元", Q, USD, x(2e9), NONE, over),
        // booleans, times, dates, text
        ("yes", "boolean", None, NONE, NONE, None),
        ("No", "boolean", None, NONE, NONE, None),
        ("TRUE", "boolean", None, NONE, NONE, None),
        ("false", "boolean", None, NONE, NONE, None),
        ("是", "boolean", None, NONE, NONE, None),
        ("否", "boolean", None, NONE, NONE, None),
        ("20:05", "time", None, NONE, NONE, None),
        ("8:05 PM", "time", None, NONE, NONE, None),
        ("8:05pm", "time", None, NONE, NONE, None),
        ("8:05 a.m.", "time", None, NONE, NONE, None),
        ("08:05", "time", None, NONE, NONE, None),
        ("2024-10-02", "date", None, NONE, NONE, None),
        ("2024/10/02", "date", None, NONE, NONE, None),
        ("2024年10月2日", "date", None, NONE, NONE, None),
        ("Thrive Capital", "text", None, NONE, NONE, None),
        ("GPT-4o", "text", None, NONE, NONE, None),
        ("Series B", "text", None, NONE, NONE, None),
        ("o1", "text", None, NONE, NONE, None),
        ("A100 chips", "text", None, NONE, NONE, None),
        ("over the moon", "text", None, NONE, NONE, None),
        ("约翰", "text", None, NONE, NONE, None),
        ("近日", "text", None, NONE, NONE, None),
        ("USD", "text", None, NONE, NONE, None),
        ("C++", "text", None, NONE, NONE, None),
    ]
}

#[test]
fn reads_every_form_in_the_table() {
    let cases = cases();
    assert!(cases.len() >= 100, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (input, kind, unit, low, high, bound) in cases {
        match parse(input) {
            Ok(v) => {
                let got = (
                    v.kind().as_str(),
                    v.unit(),
                    v.low(),
                    v.high(),
                    v.bound().map(|b| b.as_str()),
                );
                if got != (kind, unit, low, high, bound) {
                    failures.push(format!(
                        "{input:?}: got {got:?}, want {:?}",
                        (kind, unit, low, high, bound)
                    ));
                }
            }
            Err(e) => failures.push(format!("{input:?}: error {e}")),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn keeps_canonical_forms() {
    let cases = [
        ("yes", Value::Boolean(true)),
        ("否", Value::Boolean(false)),
        ("20:05", Value::Time("20:05".into())),
        ("8:05 PM", Value::Time("20:05".into())),
        ("8:05pm", Value::Time("20:05".into())),
        ("8:05 a.m.", Value::Time("08:05".into())),
        ("8 pm", Value::Time("20:00".into())),
        ("12:00 AM", Value::Time("00:00".into())),
        ("12:30 PM", Value::Time("12:30".into())),
        ("下午8:05", Value::Time("20:05".into())),
        ("8.05pm", Value::Time("20:05".into())),
        ("２０：０５", Value::Time("20:05".into())),
        ("2024-10-02", Value::Date("2024-10-02".into())),
        ("2024/10/02", Value::Date("2024-10-02".into())),
        ("2024年10月2日", Value::Date("2024-10-02".into())),
        ("2024-1-5", Value::Date("2024-01-05".into())),
        ("2024-02-29", Value::Date("2024-02-29".into())),
        ("  Thrive Capital ", Value::Text("Thrive Capital".into())),
        ("GPT-4o", Value::Text("GPT-4o".into())),
    ];
    for (input, want) in cases {
        assert_eq!(parse(input), Ok(want), "{input:?}");
    }
}

#[test]
fn refuses_what_it_cannot_read() {
    let cases = [
        "",
        "   ",
        "over",
        "Over",
        "about $",
        "亿美元",
        "$",
        "US$",
        "€",
        "超过",
        "以上",
        "约",
        "百分之",
        "billion",
        "3.5.5B",
        "1,50,0",
        "1,5000",
        "1234,567",
        "1.5,000",
        "1e309",
        "-1e309",
        "1e-400",
        "NaN",
        "inf",
        "-Infinity",
        "$4.5B-$3.5B",
        "45亿至35亿美元",
        "5 to 3",
        "$3.5B-€4.5B",
        "超过20亿美元以下",
        "over 3-4 billion",
        "3 and 4",
        "between 3",
        "介于35亿",
        "$abc",
        "3.5B (est.)",
        "1 500",
        "2024-02-30",
        "2023年2月29日",
        "25:00",
        "8:60",
        "13:00 PM",
        "20:05:30",
        "1,500 employees USD",
        "$3.5 bil",
        "$3.5 and counting",
        "$3.5B to",
        "3.5 to",
        "between $3.5 and",
        "2024年10月",
        "£5 USD",
        "-$",
        "1/2",
        "up to 3-4 billion",
    ];
    for input in cases {
        match parse(input) {
            Err(e) => {
                assert_eq!(e.input, input);
                assert!(!e.expected.is_empty(), "{input:?}");
            }
            Ok(v) => panic!("{input:?} should be refused, read as {v:?}"),
        }
    }
}

#[test]
fn error_message_is_a_sentence() {
    let e = parse("over").expect_err("a hedge alone is refused");
    assert_eq!(
        e.to_string(),
        "cannot read 'over' as a value: expected a number after 'over', such as \
'over $2 billion' or '超过20亿美元'"
    );
    let e = parse("").expect_err("empty is refused");
    assert!(
        e.to_string()
            .starts_with("cannot read '' as a value: expected ")
    );
}

#[test]
fn norm_gives_comparison_keys() {
    let norm = |s: &str| parse(s).map(|v| v.norm()).unwrap_or_default();
    assert_eq!(norm("$3.5B-$4.5B"), "USD:3500000000..4500000000");
    assert_eq!(norm("35亿至45亿美元"), norm("$3.5-4.5B"));
    assert_eq!(norm("现已超过20亿美元"), "USD:2000000000..");
    assert_eq!(norm("under 5%"), "%:..5");
    assert_eq!(norm("  Thrive   CAPITAL "), "thrive capital");
    assert_eq!(norm("是"), "true");
    assert_eq!(norm("8:05 PM"), "20:05");
    assert_eq!(norm("2024/10/2"), "2024-10-02");
    assert_eq!(norm("42"), ":42..42");
}

#[test]
fn bound_names_round_trip() {
    for b in Bound::ALL {
        assert_eq!(Bound::from_str_opt(b.as_str()), Some(b));
        let json = format!("\"{}\"", b.as_str());
        assert_eq!(serde_json::to_string(&b).ok(), Some(json));
    }
    assert_eq!(Bound::from_str_opt("AT_LEAST"), Some(Bound::AtLeast));
    assert_eq!(Bound::from_str_opt("roughly"), None);
}

/// Pieces reporters' values are made of, to build near-miss inputs from.
const PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "5",
    "9",
    "$",
    "€",
    "£",
    "¥",
    ".",
    ",",
    "-",
    "–",
    "~",
    "%",
    "x",
    "X",
    " ",
    "k",
    "m",
    "b",
    "bn",
    "B",
    "M",
    "e",
    "+",
    "/",
    "亿",
    "万",
    "千",
    "十亿",
    "万亿",
    "美元",
    "元",
    "人民币",
    "超过",
    "约",
    "左右",
    "以上",
    "以下",
    "至",
    "到",
    "多",
    "每小时",
    "每",
    "GPU",
    "名",
    "员工",
    "介于",
    "和",
    "之间",
    "about",
    "over",
    "between",
    "and",
    "to",
    "per",
    "hour",
    "a year",
    "up to",
    "at least",
    ":",
    "PM",
    "年",
    "月",
    "日",
    "：",
    "０",
    "．",
    "，",
    "％",
    "−",
];

fn near_misses() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn never_panics(input in prop_oneof![any::<String>(), near_misses()]) {
        if let Ok(Value::Quantity(q)) = parse(&input) {
            prop_assert!(q.low.is_none_or(f64::is_finite));
            prop_assert!(q.high.is_none_or(f64::is_finite));
            if let (Some(low), Some(high)) = (q.low, q.high) {
                prop_assert!(low <= high);
            }
        }
    }
}

/// (input, unit, low, high, bound, basis): qualified figures as 2023–2026 headlines
/// write them, in English, Simplified and Traditional Chinese.
type Qualified = (
    &'static str,
    Option<&'static str>,
    Option<f64>,
    Option<f64>,
    &'static str,
    &'static str,
);

fn qualified_cases() -> Vec<Qualified> {
    let eur = Some("EUR");
    let cny = Some("CNY");
    let hkd = Some("HKD");
    let twd = Some("TWD");
    vec![
        // run rates
        (
            "$3.4bn annualised",
            USD,
            x(3.4e9),
            x(3.4e9),
            "exact",
            "run_rate",
        ),
        (
            "3.4 billion USD run rate",
            USD,
            x(3.4e9),
            x(3.4e9),
            "exact",
            "run_rate",
        ),
        (
            "$2 billion annualized",
            USD,
            x(2e9),
            x(2e9),
            "exact",
            "run_rate",
        ),
        (
            "annualized $30 billion",
            USD,
            x(30e9),
            x(30e9),
            "exact",
            "run_rate",
        ),
        (
            "$10 billion annualized run rate",
            USD,
            x(10e9),
            x(10e9),
            "exact",
            "run_rate",
        ),
        (
            "$12 billion in annualized revenue",
            USD,
            x(12e9),
            x(12e9),
            "exact",
            "run_rate",
        ),
        (
            "run-rate revenue $1B",
            USD,
            x(1e9),
            x(1e9),
            "exact",
            "run_rate",
        ),
        ("ARR of $1B", USD, x(1e9), x(1e9), "exact", "run_rate"),
        ("$14bn run-rate", USD, x(14e9), x(14e9), "exact", "run_rate"),
        (
            "$47 billion annualized run-rate revenue",
            USD,
            x(47e9),
            x(47e9),
            "exact",
            "run_rate",
        ),
        (
            "annualized revenue run rate of an estimated $1.6 billion",
            USD,
            x(1.6e9),
            x(1.6e9),
            "approx",
            "run_rate",
        ),
        (
            "over $5 billion annualized",
            USD,
            x(5e9),
            NONE,
            "over",
            "run_rate",
        ),
        ("年化收入30亿美元", USD, x(3e9), x(3e9), "exact", "run_rate"),
        (
            "年化收入超过50亿美元",
            USD,
            x(5e9),
            NONE,
            "over",
            "run_rate",
        ),
        ("$200亿 ARR", USD, x(20e9), x(20e9), "exact", "run_rate"),
        (
            "年化營收約200億美元",
            USD,
            x(20e9),
            x(20e9),
            "approx",
            "run_rate",
        ),
        (
            "年度经常性收入10亿美元",
            USD,
            x(1e9),
            x(1e9),
            "exact",
            "run_rate",
        ),
        // forecasts
        (
            "expects $11.6 billion",
            USD,
            x(11.6e9),
            x(11.6e9),
            "exact",
            "forecast",
        ),
        (
            "projected $3.7 billion",
            USD,
            x(3.7e9),
            x(3.7e9),
            "exact",
            "forecast",
        ),
        (
            "on track for $1 billion",
            USD,
            x(1e9),
            x(1e9),
            "exact",
            "forecast",
        ),
        (
            "expected to reach about $13 billion",
            USD,
            x(13e9),
            x(13e9),
            "approx",
            "forecast",
        ),
        (
            "guidance of $2.5 billion",
            USD,
            x(2.5e9),
            x(2.5e9),
            "exact",
            "forecast",
        ),
        ("预计130亿美元", USD, x(13e9), x(13e9), "exact", "forecast"),
        (
            "预计仅130亿美元",
            USD,
            x(13e9),
            x(13e9),
            "exact",
            "forecast",
        ),
        (
            "預計僅130億美元",
            USD,
            x(13e9),
            x(13e9),
            "exact",
            "forecast",
        ),
        (
            "预计约为127亿美元",
            USD,
            x(12.7e9),
            x(12.7e9),
            "approx",
            "forecast",
        ),
        ("有望突破1万亿美元", USD, x(1e12), NONE, "over", "forecast"),
        ("有望突破1萬億美元", USD, x(1e12), NONE, "over", "forecast"),
        ("预期超过200亿美元", USD, x(20e9), NONE, "over", "forecast"),
        (
            "目标1000亿美元",
            USD,
            x(100e9),
            x(100e9),
            "exact",
            "forecast",
        ),
        ("預測逾100億港元", hkd, x(10e9), NONE, "over", "forecast"),
        // pre- and post-money, secondary sales
        (
            "$965 billion post-money",
            USD,
            x(965e9),
            x(965e9),
            "exact",
            "post_money",
        ),
        (
            "€11.7 billion post-money",
            eur,
            x(11.7e9),
            x(11.7e9),
            "exact",
            "post_money",
        ),
        (
            "10 billion euros pre-money",
            eur,
            x(10e9),
            x(10e9),
            "exact",
            "pre_money",
        ),
        (
            "pre-money valuation of $61.5 billion",
            USD,
            x(61.5e9),
            x(61.5e9),
            "exact",
            "pre_money",
        ),
        (
            "投前估值100亿欧元",
            eur,
            x(10e9),
            x(10e9),
            "exact",
            "pre_money",
        ),
        (
            "投后估值1500亿美元",
            USD,
            x(150e9),
            x(150e9),
            "exact",
            "post_money",
        ),
        (
            "投後估值1570億美元",
            USD,
            x(157e9),
            x(157e9),
            "exact",
            "post_money",
        ),
        (
            "二级市场5000亿美元",
            USD,
            x(500e9),
            x(500e9),
            "exact",
            "secondary",
        ),
        (
            "3000亿美元（二级市场）",
            USD,
            x(300e9),
            x(300e9),
            "exact",
            "secondary",
        ),
        (
            "$500 billion in a secondary sale",
            USD,
            x(500e9),
            x(500e9),
            "exact",
            "secondary",
        ),
        (
            "$86 billion tender offer",
            USD,
            x(86e9),
            x(86e9),
            "exact",
            "secondary",
        ),
        (
            "老股转让估值约5000亿美元",
            USD,
            x(500e9),
            x(500e9),
            "approx",
            "secondary",
        ),
        // qualifiers that used to drop out
        ("最低600亿美元", USD, x(60e9), NONE, "at_least", "actual"),
        ("最低600億美元", USD, x(60e9), NONE, "at_least", "actual"),
        ("突破1万亿美元", USD, x(1e12), NONE, "over", "actual"),
        ("突破550亿港元", hkd, x(55e9), NONE, "over", "actual"),
        ("逾100亿元", cny, x(10e9), NONE, "over", "actual"),
        ("仅130亿美元", USD, x(13e9), x(13e9), "exact", "actual"),
        ("只有5亿美元", USD, x(5e8), x(5e8), "exact", "actual"),
        (
            "约合7.1万亿元人民币",
            cny,
            x(7.1e12),
            x(7.1e12),
            "approx",
            "actual",
        ),
        (
            "約合7.1萬億元人民幣",
            cny,
            x(7.1e12),
            x(7.1e12),
            "approx",
            "actual",
        ),
        (
            "合计约3.6万亿元",
            cny,
            x(3.6e12),
            x(3.6e12),
            "approx",
            "actual",
        ),
        (
            "closer to $22 billion",
            USD,
            x(22e9),
            x(22e9),
            "approx",
            "actual",
        ),
        (
            "north of $100 billion",
            USD,
            x(100e9),
            NONE,
            "over",
            "actual",
        ),
        (
            "upwards of $40 billion",
            USD,
            x(40e9),
            NONE,
            "over",
            "actual",
        ),
        ("shy of $1 billion", USD, NONE, x(1e9), "under", "actual"),
        (
            "just under $10 billion",
            USD,
            NONE,
            x(10e9),
            "under",
            "actual",
        ),
        (
            "nearly $14 billion",
            USD,
            x(14e9),
            x(14e9),
            "approx",
            "actual",
        ),
        (
            "exceeding $900 billion",
            USD,
            x(900e9),
            NONE,
            "over",
            "actual",
        ),
        ("~$36亿", USD, x(3.6e9), x(3.6e9), "approx", "actual"),
        ("$1,570亿", USD, x(157e9), x(157e9), "exact", "actual"),
        // Traditional Chinese, HKD and TWD
        ("29.4萬美元", USD, x(294e3), x(294e3), "exact", "actual"),
        ("1.96億", None, x(1.96e8), x(1.96e8), "exact", "actual"),
        ("約1.96億元", cny, x(1.96e8), x(1.96e8), "approx", "actual"),
        ("超過550億港元", hkd, x(55e9), NONE, "over", "actual"),
        ("新台幣12億元", twd, x(1.2e9), x(1.2e9), "exact", "actual"),
        ("NT$1.2 billion", twd, x(1.2e9), x(1.2e9), "exact", "actual"),
        ("可能超過100億美元", USD, x(10e9), NONE, "over", "actual"),
        ("至少30億美元", USD, x(3e9), NONE, "at_least", "actual"),
        ("不到5億港幣", hkd, NONE, x(5e8), "under", "actual"),
        ("高達2,000萬美元", USD, NONE, x(2e7), "at_most", "actual"),
        ("HK$3.5 billion", hkd, x(3.5e9), x(3.5e9), "exact", "actual"),
        ("港幣35億元", hkd, x(3.5e9), x(3.5e9), "exact", "actual"),
        (
            "新台币1,200亿元",
            twd,
            x(1.2e11),
            x(1.2e11),
            "exact",
            "actual",
        ),
        ("台積電市值突破30兆元", None, NONE, NONE, "text", "actual"),
        ("20餘億美元", USD, x(2e9), NONE, "over", "actual"),
        (
            "介於35億至45億美元之間",
            USD,
            x(3.5e9),
            x(4.5e9),
            "range",
            "actual",
        ),
        (
            "約3000人",
            Some("人"),
            x(3000.0),
            x(3000.0),
            "approx",
            "actual",
        ),
    ]
}

#[test]
fn reads_qualified_figures_with_their_basis() {
    let cases = qualified_cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (input, unit, low, high, bound, basis) in cases {
        match super::read(input) {
            Ok(r) => {
                let v = &r.value;
                let got = (
                    v.unit(),
                    v.low(),
                    v.high(),
                    v.bound().map_or(v.kind().as_str(), |b| b.as_str()),
                    r.basis.unwrap_or_default().as_str(),
                );
                if got != (unit, low, high, bound, basis) {
                    failures.push(format!(
                        "{input:?}: got {got:?}, want {:?}",
                        (unit, low, high, bound, basis)
                    ));
                }
            }
            Err(e) => failures.push(format!("{input:?}: error {e}")),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_word_with_a_scale_character_is_never_a_unit() {
    for input in ["29.4 萬美元", "3 千萬", "1.96 億"] {
        let v = parse(input).expect(input);
        assert_ne!(
            v.unit().map(|u| u.contains(['万', '萬', '亿', '億'])),
            Some(true),
            "{input}"
        );
    }
    assert!(parse("5美元萬").is_err());
}

#[test]
fn figures_kept_as_text_name_the_words_not_understood() {
    let words = |s: &str| super::unread_words(s, &parse(s).expect(s));
    assert_eq!(words("据传130亿美元").as_deref(), Some("据传"));
    assert_eq!(words("Thrive Capital"), None);
    assert_eq!(words("$13 billion"), None);
}
