//! `contradictions` on large reports and with filters: `--limit`, `--min-severity`,
//! `--source`, `--order`; the summary counts every group that matched.

use serde_json::Value;

use crate::common::Env;

/// A ledger of `n` questions, each two claims that conflict (a figure and one 2.5 times
/// it), with severities that vary from question to question (the confidence does).
fn many_groups(n: usize) -> Env {
    let env = Env::ledger();
    let sources = ["Reuters", "Bloomberg", "CNBC", "AP", "The Verge"];
    let confidence = ["confirmed", "reported", "rumored", "speculative"];
    let mut lines = String::new();
    for i in 0..n {
        let subject = format!("Company {:04}", (i * 7919) % n);
        for (j, value) in [(0, 100 + i % 50), (1, (100 + i % 50) * 5 / 2)] {
            lines.push_str(
                &serde_json::json!({
                    "key": format!("q{i}-{j}"),
                    "subject": subject,
                    "metric": "revenue",
                    "period": "2024",
                    "value": format!("${value} million"),
                    "source": sources[(i + j) % sources.len()],
                    "date": "2024-07-01",
                    "confidence": confidence[(i / 3 + j) % confidence.len()],
                })
                .to_string(),
            );
            lines.push('\n');
        }
    }
    let path = env.write("many.jsonl", lines);
    env.ok(&["import", path.to_str().expect("utf-8 path")]);
    env
}

fn severity(g: &Value) -> f64 {
    g["severity"].as_f64().expect("severity")
}

/// Whether `groups` are most severe first, ties by subject, metric and id.
fn in_severity_order(groups: &[Value]) -> bool {
    let key = |g: &Value| {
        (
            g["subject"].as_str().unwrap_or_default().to_string(),
            g["metric"].as_str().unwrap_or_default().to_string(),
            g["id"].as_str().unwrap_or_default().to_string(),
        )
    };
    groups.windows(2).all(|w| {
        severity(&w[0]) > severity(&w[1])
            || (severity(&w[0]) == severity(&w[1]) && key(&w[0]) <= key(&w[1]))
    })
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn a_report_too_long_to_hold_is_the_same_in_every_order_and_format() {
    // More groups than the report orders in memory: it goes through a temporary file.
    let env = many_groups(1200);
    let all = env.groups(&[]);
    assert_eq!(all.len(), 1200);
    assert!(in_severity_order(&all), "not most severe first");
    assert!(
        severity(&all[0]) > severity(&all[1199]),
        "the severities should differ"
    );
    // The same groups, line by line, in the same order.
    let lines = jsonl(&env.ok(&["contradictions", "--format", "jsonl"]));
    assert_eq!(lines.len(), 1200);
    for (a, b) in all.iter().zip(&lines) {
        assert_eq!(a, b);
    }
    // Streamed as found: the same groups, in the order of the subjects' first claims.
    let streamed = jsonl(&env.ok(&["contradictions", "--format", "jsonl", "--order", "subject"]));
    let subjects: Vec<&str> = streamed
        .iter()
        .map(|g| g["subject"].as_str().expect("subject"))
        .collect();
    let first_seen: Vec<String> = (0..1200)
        .map(|i| format!("Company {:04}", (i * 7919) % 1200))
        .collect();
    assert_eq!(subjects, first_seen);
    let mut sorted = streamed.clone();
    sorted.sort_by(|a, b| {
        severity(b)
            .total_cmp(&severity(a))
            .then_with(|| a["subject"].as_str().cmp(&b["subject"].as_str()))
    });
    assert_eq!(sorted, all);
    // A short report is ordered in memory: the first of the long one.
    let top = env.json(&["contradictions", "--limit", "7"]);
    assert_eq!(top["groups"].as_array().expect("groups"), &all[..7]);
    assert_eq!(top["matched"], 1200);
    // A long limit goes through the file, and still counts every group.
    let most = env.json(&["contradictions", "--limit", "1100"]);
    assert_eq!(most["groups"].as_array().expect("groups"), &all[..1100]);
    assert_eq!(most["matched"], 1200);
    let streamed_json = env.json(&["contradictions", "--order", "subject", "--limit", "3"]);
    assert_eq!(
        streamed_json["groups"].as_array().expect("groups"),
        &streamed[..3]
    );
    assert_eq!(streamed_json["matched"], 1200);
}

#[test]
fn limit_shows_the_worst_and_the_summary_counts_them_all() {
    let env = Env::new();
    env.import("edge/conflicting.jsonl", &[]);
    let all = env.groups(&[]);
    assert_eq!(all.len(), 5);
    let run = env.run(&["contradictions", "--limit", "2"]);
    insta::assert_snapshot!("limit_2_table", run.transcript());
    let table = run.ok();
    assert!(table.starts_with("showing 2 of 5 contradiction(s): 3 conflict(s), 2 tension(s)\n"));
    for g in &all[..2] {
        assert!(table.contains(g["id"].as_str().expect("id")), "{g}");
    }
    for g in &all[2..] {
        assert!(!table.contains(g["id"].as_str().expect("id")), "{g}");
    }
    // Scripts get the count beside the groups, and a note on stderr.
    let run = env.run(&["contradictions", "--limit", "2", "--format", "jsonl"]);
    assert_eq!(
        run.stderr,
        "showing 2 of 5 contradiction(s); raise --limit to see more\n"
    );
    assert_eq!(jsonl(&run.ok()), all[..2].to_vec());
    // A limit above the count changes nothing but the count's presence in JSON.
    let json = env.json(&["contradictions", "--limit", "50"]);
    assert_eq!(json["groups"].as_array().expect("groups"), &all);
    assert_eq!(json["matched"], 5);
    let plain = env.ok(&["contradictions"]);
    assert_eq!(env.ok(&["contradictions", "--limit", "5"]), plain);
    // --check counts every open group, shown or not.
    env.run(&["contradictions", "--check", "--limit", "0", "--quiet"])
        .fails_with(1);
}

#[test]
fn min_severity_keeps_groups_at_least_that_severe() {
    let env = Env::new();
    env.import("edge/conflicting.jsonl", &[]);
    let all = env.groups(&[]);
    let mut severities: Vec<f64> = all.iter().map(severity).collect();
    severities.sort_by(f64::total_cmp);
    let cut = severities[2];
    let kept = env.groups(&["--min-severity", &cut.to_string()]);
    let expected: Vec<Value> = all.iter().filter(|g| severity(g) >= cut).cloned().collect();
    assert_eq!(kept, expected);
    assert!(kept.len() < all.len() && !kept.is_empty());
    assert_eq!(env.groups(&["--min-severity", "0"]), all);
    assert!(env.groups(&["--min-severity", "1"]).is_empty());
    let run = env
        .run(&["contradictions", "--min-severity", "1.5"])
        .fails_with(2);
    insta::assert_snapshot!("min_severity_out_of_range", run.transcript());
}

#[test]
fn source_keeps_groups_that_involve_it_and_names_a_misspelt_one() {
    let env = Env::new();
    env.import("edge/conflicting.jsonl", &[]);
    let all = env.groups(&[]);
    let involves = |g: &Value, source: &str| {
        g["camps"]
            .as_array()
            .expect("camps")
            .iter()
            .flat_map(|c| c["claims"].as_array().expect("claims"))
            .any(|m| m["source"] == source)
    };
    for (name, canonical) in [
        ("The Verge", "The Verge"),
        ("bloomberg", "Bloomberg"),
        ("彭博社", "Bloomberg"),
    ] {
        let kept = env.groups(&["--source", name]);
        let expected: Vec<Value> = all
            .iter()
            .filter(|g| involves(g, canonical))
            .cloned()
            .collect();
        assert!(!expected.is_empty() && expected.len() < all.len(), "{name}");
        assert_eq!(kept, expected, "{name}");
    }
    // Repeated: any of them.
    let either = env.groups(&["--source", "The Verge", "--source", "CNBC"]);
    let expected: Vec<Value> = all
        .iter()
        .filter(|g| involves(g, "The Verge") || involves(g, "CNBC"))
        .cloned()
        .collect();
    assert_eq!(either, expected);
    let run = env
        .run(&["contradictions", "--source", "Bloombreg"])
        .fails_with(2);
    insta::assert_snapshot!("unknown_source", env.redact(&run.transcript()));
}

#[test]
fn order_recent_puts_the_newest_claim_s_group_first() {
    let env = Env::new();
    env.import("edge/conflicting.jsonl", &[]);
    let by_severity = env.groups(&[]);
    let last = by_severity.last().expect("a group");
    let subject = last["subject"].as_str().expect("subject").to_string();
    let metric = last["metric"].as_str().expect("metric").to_string();
    // A new claim agreeing with one side of the least severe group.
    let value = last["camps"][0]["claims"][0]["value"]
        .as_str()
        .expect("value")
        .to_string();
    let mut args = vec![
        "--subject",
        &subject,
        "--metric",
        &metric,
        "--value",
        &value,
        "--source",
        "AP",
        "--date",
        "2025-01-02",
    ];
    let period;
    let as_of;
    if let Some(p) = last["period"].as_str() {
        period = p.to_string();
        args.extend(["--period", &period]);
    } else {
        as_of = last["camps"][0]["claims"][0]["date"]
            .as_str()
            .expect("date")
            .to_string();
        args.extend(["--as-of", &as_of]);
    }
    env.add(&args);
    let recent = env.groups(&["--order", "recent"]);
    assert_eq!(recent.len(), by_severity.len());
    assert_eq!(recent[0]["id"], last["id"], "{recent:#?}");
    assert_eq!(
        env.groups(&["--order", "recent", "--limit", "1"])[0]["id"],
        last["id"]
    );
}

#[test]
fn help_teaches_the_filters() {
    let env = Env::new();
    let run = env.run_bare(&["contradictions", "--help"]);
    insta::assert_snapshot!("contradictions_help", run.transcript());
    run.ok();
}
