//! The model on small worlds whose answer is known.

use chrono::NaiveDate;

use super::*;

fn item(id: i64, subject: &str, source: &str, value: &str) -> Item {
    let v = crate::value::parse(value).expect(value);
    Item {
        id,
        key: None,
        subject_id: subject.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        }) as i64
            >> 1,
        subject: subject.into(),
        metric_id: 1,
        metric: "departure".into(),
        multi_valued: false,
        value: value.into(),
        kind: v.kind(),
        unit: v.unit().map(String::from),
        low: v.low(),
        high: v.high(),
        bound: v.bound(),
        norm: v.norm(),
        period: None,
        as_of: Some("2011-12-01".into()),
        time_key: String::new(),
        time_start: NaiveDate::from_ymd_opt(2011, 12, 1).unwrap(),
        source_id: source.bytes().map(i64::from).sum::<i64>() * 1000 + source.len() as i64,
        source: source.into(),
        via: None,
        date: "2011-12-01".into(),
        confidence: 0.8,
        basis: crate::model::Basis::Actual,
        when_start: NaiveDate::from_ymd_opt(2011, 12, 1).unwrap(),
        when_end: NaiveDate::from_ymd_opt(2011, 12, 1).unwrap(),
        window: None,
    }
}

/// The estimates and what was learnt of the sources.
struct Solved {
    estimates: Vec<Estimate>,
    sources: Vec<SourceAccuracy>,
    copiers: Vec<CopierGroup>,
}

fn run(model: Model, explain: bool) -> Solved {
    let mut estimates = Vec::new();
    let t = model
        .solve(explain, |e| {
            estimates.push(e);
            Ok::<(), ()>(())
        })
        .unwrap();
    Solved {
        estimates,
        sources: t.sources,
        copiers: t.copiers,
    }
}

fn solve(mut claims: Vec<Item>) -> Solved {
    claims.sort_by_key(|c| (c.subject_id, c.metric_id, c.id));
    let mut model = Model::new(Settings::default());
    for c in claims {
        model.push(Input {
            item: c,
            judged: None,
        });
    }
    run(model, true)
}

/// A small deterministic generator.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// `n` questions whose truth is "10:00". Independent sources are right 85% of the time
/// and otherwise make mistakes of their own; a feed is right 60% of the time, and its
/// copiers repeat it, mistakes included.
fn flights(n: usize, independent: &[&str], feed: &str, copiers: &[&str]) -> Vec<Item> {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut claims = Vec::new();
    let mut id = 0;
    for q in 0..n {
        let subject = format!("flight {q:03}");
        for s in independent {
            id += 1;
            let v = if rng.below(100) < 85 {
                "10:00".to_string()
            } else {
                format!("10:{:02}", 1 + rng.below(58))
            };
            claims.push(item(id, &subject, s, &v));
        }
        let fed = if rng.below(100) < 60 {
            "10:00".to_string()
        } else {
            format!("11:{:02}", rng.below(59))
        };
        for s in std::iter::once(&feed).chain(copiers) {
            id += 1;
            claims.push(item(id, &subject, s, &fed));
        }
    }
    claims
}

#[test]
fn agreeing_sources_win_and_earn_accuracy() {
    let t = solve(flights(
        60,
        &["aa", "flightview", "flightstats"],
        "orbitz",
        &[],
    ));
    let right = t.estimates.iter().filter(|e| e.value == "10:00").count();
    assert!(right >= 58, "{right} of 60");
    let acc = |n: &str| t.sources.iter().find(|s| s.name == n).unwrap().accuracy;
    assert!(acc("aa") > acc("orbitz"), "{:?}", t.sources);
}

#[test]
fn copiers_count_once_and_are_named() {
    let claims = flights(
        200,
        &["aa", "flightview", "flightstats", "ua"],
        "feed",
        &["copy1", "copy2", "copy3"],
    );
    // What a majority vote gets right, for comparison.
    let mut by_question: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for c in &claims {
        by_question
            .entry(c.subject.as_str())
            .or_default()
            .push(c.value.as_str());
    }
    let vote_right = by_question
        .values()
        .filter(|vs| {
            let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
            for v in *vs {
                *counts.entry(v).or_default() += 1;
            }
            counts
                .iter()
                .max_by_key(|(_, c)| **c)
                .is_some_and(|(v, _)| *v == "10:00")
        })
        .count();
    let t = solve(claims);
    let right = t.estimates.iter().filter(|e| e.value == "10:00").count();
    assert!(
        right > vote_right + 10,
        "model {right}, vote {vote_right} of 200; {:?}",
        t.sources
    );
    let group = t
        .copiers
        .iter()
        .find(|g| g.sources.contains(&"feed".to_string()));
    let group = group.unwrap_or_else(|| panic!("no copier group found: {:?}", t.copiers));
    for c in ["copy1", "copy2", "copy3"] {
        assert!(group.sources.contains(&c.to_string()), "{group:?}");
    }
    assert!(!group.sources.contains(&"aa".to_string()), "{group:?}");
}

#[test]
fn a_judgement_wins_over_the_votes() {
    let mut model = Model::new(Settings::default());
    let a = item(1, "OpenAI", "A", "$5B");
    let b = item(2, "OpenAI", "B", "$5B");
    let c = item(3, "OpenAI", "C", "$9B");
    model.push(Input {
        item: a,
        judged: Some(false),
    });
    model.push(Input {
        item: b,
        judged: Some(false),
    });
    model.push(Input {
        item: c,
        judged: Some(true),
    });
    let t = run(model, false);
    assert_eq!(t.estimates[0].value, "$9B");
    assert_eq!(t.estimates[0].probability, 1.0);
    assert!(t.estimates[0].judged);
}

#[test]
fn agreeing_quantities_are_one_value() {
    let mut model = Model::new(Settings::default());
    for (i, (s, v)) in [
        ("A", "$3.5B-$4.5B"),
        ("B", "about $3.7 billion"),
        ("C", "over $2 billion"),
    ]
    .iter()
    .enumerate()
    {
        model.push(Input {
            item: item(i as i64 + 1, "OpenAI", s, v),
            judged: None,
        });
    }
    let t = run(model, true);
    assert_eq!(t.estimates.len(), 1);
    let e = &t.estimates[0];
    assert_eq!(e.sources.len(), 2, "the range and 'about 3.7' agree: {e:?}");
    assert_eq!(e.candidates.len(), 2);
}
