//! The comparability rules, one case per reason.

use chrono::NaiveDate;

use super::*;
use crate::value::{self, Value};

/// A claim for a case: value as written, time ("2024" = period, "@2024-09-01" = as-of),
/// source.
struct C {
    value: &'static str,
    time: &'static str,
    source: &'static str,
    via: Option<&'static str>,
    confidence: f64,
    metric: &'static str,
    multi: bool,
}

fn c(value: &'static str, time: &'static str, source: &'static str) -> C {
    C {
        value,
        time,
        source,
        via: None,
        confidence: 0.8,
        metric: "revenue",
        multi: false,
    }
}

fn items(cs: &[C]) -> Vec<Item> {
    let mut out: Vec<Item> = cs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let r = value::read(c.value).expect(c.value);
            let v = r.value;
            let (time_key, time_start, period, as_of) = match c.time.strip_prefix('@') {
                Some(day) => (
                    String::new(),
                    NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
                    None,
                    Some(day.to_string()),
                ),
                None => {
                    let p = crate::time::parse_period(c.time).unwrap();
                    (p.key.clone(), p.first, Some(p.text), None)
                }
            };
            let q = match &v {
                Value::Quantity(q) => Some(q.clone()),
                _ => None,
            };
            Item {
                id: i as i64 + 1,
                key: Some(format!("k{}", i + 1)),
                subject_id: 1,
                subject: "OpenAI".into(),
                metric_id: 1,
                metric: c.metric.into(),
                multi_valued: c.multi,
                value: c.value.into(),
                kind: v.kind(),
                unit: v.unit().map(String::from),
                low: q.as_ref().and_then(|q| q.low),
                high: q.as_ref().and_then(|q| q.high),
                bound: v.bound(),
                norm: v.norm(),
                period,
                as_of,
                time_key,
                time_start,
                source_id: c.source.bytes().map(i64::from).sum(),
                source: c.source.into(),
                via: c.via.map(String::from),
                date: "2024-09-01".into(),
                confidence: c.confidence,
                basis: r.basis.unwrap_or_default(),
                when_start: time_start,
                when_end: time_start,
                window: None,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.time_key, a.time_start, a.id).cmp(&(&b.time_key, b.time_start, b.id)));
    out
}

fn verdict(cs: &[C], s: &Settings) -> Option<Verdict> {
    let groups = detect_group(&items(cs), s);
    assert!(groups.len() <= 1, "one question, at most one group");
    groups.first().map(|g| g.kind)
}

/// The claims (by position, from 1) in each camp of the only group.
fn camps(cs: &[C]) -> Vec<Vec<i64>> {
    let groups = detect_group(&items(cs), &Settings::default());
    assert_eq!(groups.len(), 1);
    let mut out: Vec<Vec<i64>> = groups[0]
        .camps
        .iter()
        .map(|c| {
            let mut ids: Vec<i64> = c.claims.iter().map(|m| m.id).collect();
            ids.sort();
            ids
        })
        .collect();
    out.sort();
    out
}

const T: Option<Verdict> = Some(Verdict::Tension);
const X: Option<Verdict> = Some(Verdict::Conflict);

#[test]
fn founding_example_over_2b_against_3_5_to_4_5b_is_a_tension() {
    let cs = [
        c("35亿至45亿美元", "2024", "The Information"),
        c("超过20亿美元", "2024", "NYT"),
    ];
    assert_eq!(verdict(&cs, &Settings::default()), T);
}

#[test]
fn rules_table() {
    let d = Settings::default();
    let cases: Vec<(&str, Vec<C>, Option<Verdict>)> = vec![
        (
            "same figure agrees",
            vec![c("$150B", "2024", "A"), c("1500亿美元", "2024", "B")],
            None,
        ),
        (
            "within tolerance agrees",
            vec![c("$100", "2024", "A"), c("$109", "2024", "B")],
            None,
        ),
        (
            "beyond tolerance conflicts",
            vec![c("$100", "2024", "A"), c("$111", "2024", "B")],
            X,
        ),
        (
            "disjoint ranges conflict",
            vec![c("$1B-$2B", "2024", "A"), c("$3B-$4B", "2024", "B")],
            X,
        ),
        (
            "overlapping ranges agree",
            vec![c("$1B-$3B", "2024", "A"), c("$2B-$4B", "2024", "B")],
            None,
        ),
        (
            "approx widens by 15%",
            vec![c("about $100", "2024", "A"), c("$112", "2024", "B")],
            None,
        ),
        (
            "approx beyond its width conflicts",
            vec![c("about $100", "2024", "A"), c("$125", "2024", "B")],
            X,
        ),
        (
            "at least X agrees with X",
            vec![c("at least $6.5B", "2024", "A"), c("$7B", "2024", "B")],
            None,
        ),
        (
            "over X is a tension with 2X",
            vec![c("over $2B", "2024", "A"), c("$4B", "2024", "B")],
            T,
        ),
        (
            "over X conflicts with less than X",
            vec![c("over $2B", "2024", "A"), c("$1B", "2024", "B")],
            X,
        ),
        (
            "under X is a tension with X/2",
            vec![c("under $10B", "2024", "A"), c("$5B", "2024", "B")],
            T,
        ),
        (
            "under X conflicts with more than X",
            vec![c("under $10B", "2024", "A"), c("$20B", "2024", "B")],
            X,
        ),
        (
            "up to X agrees with at least a bit less",
            vec![
                c("up to $7B", "2024", "A"),
                c("at least $6.5B", "2024", "B"),
            ],
            None,
        ),
        (
            "different units are never compared",
            vec![c("$100B", "2024", "A"), c("€300B", "2024", "B")],
            None,
        ),
        (
            "currencies are never converted",
            vec![c("100亿元", "2024", "A"), c("100亿美元", "2024", "B")],
            None,
        ),
        (
            "different periods are not compared",
            vec![c("$1B", "2023", "A"), c("$5B", "2024", "B")],
            None,
        ),
        (
            "a quarter is not its year",
            vec![c("$1B", "2024-Q1", "A"), c("$5B", "2024", "B")],
            None,
        ),
        (
            "a year written as days is the same period",
            vec![
                c("$1B", "2024", "A"),
                c("$5B", "2024-01-01..2024-12-31", "B"),
            ],
            X,
        ),
        (
            "states 30 days apart are compared",
            vec![
                c("$80B", "@2024-09-01", "A"),
                c("$150B", "@2024-10-01", "B"),
            ],
            X,
        ),
        (
            "states 31 days apart are a change",
            vec![
                c("$80B", "@2024-09-01", "A"),
                c("$150B", "@2024-10-02", "B"),
            ],
            None,
        ),
        (
            "valuation rising over the year is a change",
            vec![
                c("800亿美元", "@2024-02-16", "Reuters"),
                c("1500亿美元", "@2024-09-30", "Bloomberg"),
            ],
            None,
        ),
        (
            "a flow and a state are not compared",
            vec![c("$1B", "2024", "A"), c("$5B", "@2024-06-01", "B")],
            None,
        ),
        (
            "different text conflicts",
            vec![
                c("Thrive Capital", "@2024-09-01", "A"),
                c("Khosla Ventures", "@2024-09-02", "B"),
            ],
            X,
        ),
        (
            "text compares case- and space-insensitively",
            vec![
                c("Thrive Capital", "@2024-09-01", "A"),
                c("thrive  capital", "@2024-09-02", "B"),
            ],
            None,
        ),
        (
            "booleans that differ conflict",
            vec![c("yes", "@2024-09-01", "A"), c("否", "@2024-09-02", "B")],
            X,
        ),
        (
            "a text and a number are not compared",
            vec![
                c("Thrive Capital", "@2024-09-01", "A"),
                c("$5B", "@2024-09-02", "B"),
            ],
            None,
        ),
        (
            "percentages compare",
            vec![c("49%", "@2024-09-01", "A"), c("75%", "@2024-09-02", "B")],
            X,
        ),
        (
            "negative figures widen outward",
            vec![c("-$100", "2024", "A"), c("-$104", "2024", "B")],
            None,
        ),
    ];
    let mut failures = Vec::new();
    for (name, cs, want) in &cases {
        let got = verdict(cs, &d);
        if got != *want {
            failures.push(format!("{name}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn multi_valued_metrics_never_conflict() {
    let mut a = c("Thrive Capital", "@2024-09-01", "A");
    let mut b = c("Microsoft", "@2024-09-02", "B");
    for x in [&mut a, &mut b] {
        x.metric = "investors";
        x.multi = true;
    }
    assert_eq!(verdict(&[a, b], &Settings::default()), None);
}

#[test]
fn tolerance_and_window_are_configurable() {
    let cs = [c("$100", "2024", "A"), c("$109", "2024", "B")];
    let tight = Settings {
        tolerance: 0.04,
        ..Settings::default()
    };
    assert_eq!(verdict(&cs, &tight), X);
    let cs = [
        c("$80B", "@2024-09-01", "A"),
        c("$150B", "@2024-10-15", "B"),
    ];
    let wide = Settings {
        window_days: 60,
        ..Settings::default()
    };
    assert_eq!(verdict(&cs, &wide), X);
    let cs = [c("over $2B", "2024", "A"), c("$4B", "2024", "B")];
    let loose = Settings {
        over_factor: 3.0,
        ..Settings::default()
    };
    assert_eq!(
        verdict(&cs, &loose),
        None,
        "a looser hedge reading removes the tension"
    );
}

#[test]
fn camps_never_hold_two_claims_that_disagree() {
    let cs = [
        c("$3.5B-$4.5B", "2024", "The Information"),
        c("about $3.7B", "2024", "Reuters"),
        c("over $2B", "2024", "NYT"),
        c("$2.1B", "2024", "CNBC"),
    ];
    assert_eq!(camps(&cs), vec![vec![1, 2], vec![3, 4]]);
}

#[test]
fn claims_that_agree_with_every_side_take_no_side() {
    // $2B-$5B agrees with both $1.9B and $4.8B, which disagree with each other.
    let cs = [
        c("$1.9B", "2024", "A"),
        c("$2B-$5B", "2024", "B"),
        c("$4.8B", "2024", "C"),
    ];
    let groups = detect_group(&items(&cs), &Settings::default());
    assert_eq!(camps(&cs), vec![vec![1], vec![3]]);
    assert_eq!(
        groups[0].neutral.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![2]
    );
}

#[test]
fn echoes_count_once_toward_independence() {
    let mut relayed = c("$5B", "2024", "Bloomberg");
    relayed.via = Some("Some Blog");
    let cs = [
        c("$5B", "2024", "Bloomberg"),
        relayed,
        c("$5.1B", "2024", "Bloomberg"),
        c("$9B", "2024", "Reuters"),
        c("$9.2B", "2024", "FT"),
    ];
    let g = &detect_group(&items(&cs), &Settings::default())[0];
    let origins: Vec<usize> = g.camps.iter().map(|c| c.origins).collect();
    assert_eq!(origins, vec![1, 2], "three Bloomberg claims are one origin");
    assert!((g.camps[0].support - 0.8).abs() < 1e-9);
    assert!((g.camps[1].support - 0.96).abs() < 1e-9);
}

#[test]
fn a_source_contradicting_itself_is_noted_as_a_revision() {
    let cs = [c("$5B", "2024", "Reuters"), c("$9B", "2024", "Reuters")];
    let g = &detect_group(&items(&cs), &Settings::default())[0];
    assert_eq!(
        g.notes,
        vec!["revision: Reuters said '$5B' (2024-09-01) and '$9B' (2024-09-01)"]
    );
}

#[test]
fn severity_grows_with_gap_and_confidence() {
    let sev = |cs: &[C]| detect_group(&items(cs), &Settings::default())[0].severity;
    let near = sev(&[c("$100", "2024", "A"), c("$120", "2024", "B")]);
    let far = sev(&[c("$100", "2024", "A"), c("$300", "2024", "B")]);
    assert!(far > near, "{far} > {near}");
    let mut unsure = c("$300", "2024", "B");
    unsure.confidence = 0.25;
    let weak = sev(&[c("$100", "2024", "A"), unsure]);
    assert!(far > weak, "{far} > {weak}");
    let founding = sev(&[
        c("35亿至45亿美元", "2024", "TI"),
        c("超过20亿美元", "2024", "NYT"),
    ]);
    // 0.75 (tension) × (1 − e^(−0.4/0.25)) × 0.8
    assert_eq!(founding, 0.479);
    for s in [near, far, weak, founding] {
        assert!((0.0..=1.0).contains(&s));
    }
}

#[test]
fn group_ids_depend_on_the_question_not_the_claims() {
    let two = [c("$1B", "2024", "A"), c("$5B", "2024", "B")];
    let three = [
        c("$1B", "2024", "A"),
        c("$5B", "2024", "B"),
        c("$5.1B", "2024", "C"),
    ];
    let id = |cs: &[C]| detect_group(&items(cs), &Settings::default())[0].id.clone();
    assert_eq!(id(&two), id(&three));
    assert_eq!(id(&two).len(), 10);
}

#[test]
fn the_sweep_keeps_one_group_in_memory_and_finds_each() {
    let mut sweep = Sweep::new(Settings::default());
    let mut found = Vec::new();
    for metric_id in 1..=3 {
        for mut item in items(&[c("$1B", "2024", "A"), c("$5B", "2024", "B")]) {
            item.metric_id = metric_id;
            item.metric = format!("m{metric_id}");
            found.extend(sweep.push(item));
            assert!(sweep.current.len() <= 2);
        }
    }
    found.extend(sweep.flush());
    assert_eq!(found.len(), 3);
}
