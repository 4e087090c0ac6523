//! `parse`: how English and Chinese values are read (spec §2).

use serde_json::{Value, json};

use crate::common::{Env, fixture_records};

/// `parse VALUE --format json`.
fn parse(env: &Env, value: &str) -> Value {
    let run = env.run_bare(&["parse", value, "--format", "json"]);
    let out = run.ok();
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("parse {value:?}: not JSON ({e}): {out}"))
}

/// Checks kind, unit, bound, low and high of a reading.
#[track_caller]
fn assert_reading(
    got: &Value,
    input: &str,
    kind: &str,
    unit: Option<&str>,
    bound: Option<&str>,
    low: Value,
    high: Value,
) {
    assert_eq!(got["kind"], kind, "{input}: kind in {got}");
    if let Some(u) = unit {
        assert_eq!(got["unit"], u, "{input}: unit in {got}");
    }
    assert_eq!(got["bound"], json!(bound), "{input}: bound in {got}");
    let close = |a: &Value, b: &Value| match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * y.abs().max(1.0),
        _ => a == b,
    };
    assert!(
        close(&got["low"], &low),
        "{input}: low {} ≠ {low}",
        got["low"]
    );
    assert!(
        close(&got["high"], &high),
        "{input}: high {} ≠ {high}",
        got["high"]
    );
}

#[test]
fn parse_reads_english_and_chinese_quantities() {
    let n = Value::Null;
    // (input, unit, bound, low, high)
    let cases: &[(&str, &str, &str, Value, Value)] = &[
        ("$3.5B-$4.5B", "USD", "range", json!(3.5e9), json!(4.5e9)),
        (
            "3.5 to 4.5 billion dollars",
            "USD",
            "range",
            json!(3.5e9),
            json!(4.5e9),
        ),
        (
            "between $3 billion and $4 billion",
            "USD",
            "range",
            json!(3e9),
            json!(4e9),
        ),
        ("35亿至45亿美元", "USD", "range", json!(3.5e9), json!(4.5e9)),
        ("$150 billion", "USD", "exact", json!(1.5e11), json!(1.5e11)),
        ("150bn USD", "USD", "exact", json!(1.5e11), json!(1.5e11)),
        ("1500亿美元", "USD", "exact", json!(1.5e11), json!(1.5e11)),
        ("超过20亿美元", "USD", "over", json!(2e9), n.clone()),
        ("more than $1 billion", "USD", "over", json!(1e9), n.clone()),
        ("$4B+", "USD", "over", json!(4e9), n.clone()),
        ("至少65亿美元", "USD", "at_least", json!(6.5e9), n.clone()),
        (
            "at least $6.5 billion",
            "USD",
            "at_least",
            json!(6.5e9),
            n.clone(),
        ),
        ("约40亿美元", "USD", "approx", json!(4e9), json!(4e9)),
        ("about $60 million", "USD", "approx", json!(6e7), json!(6e7)),
        ("高达70亿美元", "USD", "at_most", n.clone(), json!(7e9)),
        ("up to $7 billion", "USD", "at_most", n.clone(), json!(7e9)),
        ("不到10亿美元", "USD", "under", n.clone(), json!(1e9)),
        ("under $100 million", "USD", "under", n.clone(), json!(1e8)),
        ("€11.7bn", "EUR", "exact", json!(1.17e10), json!(1.17e10)),
        ("£2 billion", "GBP", "exact", json!(2e9), json!(2e9)),
        ("100倍", "x", "exact", json!(100.0), json!(100.0)),
        ("100x", "x", "exact", json!(100.0), json!(100.0)),
        ("75%", "%", "exact", json!(75.0), json!(75.0)),
        ("$1.30/hour", "USD/hour", "exact", json!(1.3), json!(1.3)),
        (
            "每小时1.30美元",
            "USD/hour",
            "exact",
            json!(1.3),
            json!(1.3),
        ),
        (
            "每小时3.40美元到4美元",
            "USD/hour",
            "range",
            json!(3.4),
            json!(4.0),
        ),
        (
            "1,500 employees",
            "employees",
            "exact",
            json!(1500.0),
            json!(1500.0),
        ),
    ];
    let env = Env::new();
    for (input, unit, bound, low, high) in cases {
        let got = parse(&env, input);
        assert_reading(
            &got,
            input,
            "quantity",
            Some(unit),
            Some(bound),
            low.clone(),
            high.clone(),
        );
    }
}

#[test]
fn parse_reads_booleans_times_dates_and_text() {
    let env = Env::new();
    let cases = [
        ("yes", "boolean", json!(true)),
        ("no", "boolean", json!(false)),
        ("是", "boolean", json!(true)),
        ("否", "boolean", json!(false)),
        ("20:05", "time", json!("20:05")),
        ("8:05 PM", "time", json!("20:05")),
        ("2024-10-02", "date", json!("2024-10-02")),
        ("Thrive Capital", "text", json!("Thrive Capital")),
        ("阿里巴巴", "text", json!("阿里巴巴")),
    ];
    for (input, kind, value) in cases {
        let got = parse(&env, input);
        assert_eq!(got["kind"], kind, "{input}: {got}");
        assert_eq!(got["value"], value, "{input}: {got}");
        assert_eq!(
            got["low"],
            Value::Null,
            "{input}: a {kind} is never a number"
        );
        assert_eq!(
            got["high"],
            Value::Null,
            "{input}: a {kind} is never a number"
        );
    }
}

/// What a fixture's notes say a value reads as.
struct Expected {
    kind: String,
    /// Checked for currencies, %, x and rates; a trailing-noun unit (`unit=名员工`)
    /// is whatever the parser keeps.
    unit: Option<String>,
    bound: Option<String>,
    low: Value,
    high: Value,
    /// For booleans and text.
    value: Value,
}

/// Reads `expect: quantity USD exact low=3.3e9 high=3.3e9 (…)` from a fixture's notes.
fn expectation(notes: &str) -> Expected {
    let rest = notes
        .strip_prefix("expect: ")
        .expect("notes start with expect:");
    let words: Vec<&str> = rest.split_whitespace().collect();
    let kind = words[0].to_string();
    if kind != "quantity" {
        let value = match words[1] {
            "true" => json!(true),
            "false" => json!(false),
            other => json!(other),
        };
        return Expected {
            kind,
            unit: None,
            bound: None,
            low: Value::Null,
            high: Value::Null,
            value,
        };
    }
    let num = |w: &str, key: &str| {
        let v = w
            .strip_prefix(key)
            .expect("low=/high=")
            .trim_end_matches([';', ',']);
        if v == "null" {
            Value::Null
        } else {
            json!(v.parse::<f64>().expect("number"))
        }
    };
    let low_at = words
        .iter()
        .position(|w| w.starts_with("low="))
        .expect("low=");
    Expected {
        kind,
        unit: (!words[1].starts_with("unit=")).then(|| words[1].to_string()),
        bound: Some(words[low_at - 1].to_string()),
        low: num(words[low_at], "low="),
        high: num(words[low_at + 1], "high="),
        value: Value::Null,
    }
}

#[test]
fn parse_reads_every_chinese_value_in_the_fixture_as_its_notes_expect() {
    let env = Env::new();
    let records = fixture_records("edge/chinese_values.jsonl");
    assert_eq!(records.len(), 32);
    for r in &records {
        let input = r["value"].as_str().expect("value");
        let e = expectation(r["notes"].as_str().expect("notes"));
        let got = parse(&env, input);
        if e.kind == "quantity" {
            assert_reading(
                &got,
                input,
                &e.kind,
                e.unit.as_deref(),
                e.bound.as_deref(),
                e.low,
                e.high,
            );
        } else {
            assert_eq!(got["kind"], e.kind.as_str(), "{input}: {got}");
            assert_eq!(got["value"], e.value, "{input}: {got}");
        }
    }
}

#[test]
fn parse_of_an_empty_or_unreadable_value_is_a_usage_error() {
    let env = Env::new();
    let mut transcript = String::new();
    for input in ["", "   ", "over", "超过", "$$$"] {
        let run = env.run_bare(&["parse", input]).fails_with(2);
        assert!(run.stderr.contains("expected"), "{input:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        transcript.push_str(&format!("## parse {input:?}\n{}\n", run.transcript()));
    }
    insta::assert_snapshot!("parse_errors", transcript);
}

#[test]
fn parse_format_flag_works_before_and_after_the_command() {
    let env = Env::new();
    let after = env
        .run_bare(&["parse", "超过20亿美元", "--format", "json"])
        .ok();
    let before = env
        .run_bare(&["--format", "json", "parse", "超过20亿美元"])
        .ok();
    assert_eq!(before, after);
    let mut transcript = format!("## --format json\n{after}");
    for format in ["table", "markdown"] {
        let out = env
            .run_bare(&["parse", "超过20亿美元", "--format", format])
            .ok();
        assert_eq!(
            env.run_bare(&["--format", format, "parse", "超过20亿美元"])
                .ok(),
            out
        );
        transcript.push_str(&format!("## --format {format}\n{out}"));
    }
    insta::assert_snapshot!("parse_formats", transcript);
}
