//! What kind of figure a claim states (run rate, forecast, pre/post-money, secondary
//! sale), as-of precision and forecast vintages, through the binary; and the real dev
//! set of 2023–2026 reporting, which must flag exactly its labelled disagreements.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{Env, fixture};

/// The keys of each group's claims (camps and neutral).
fn group_keys(g: &Value) -> BTreeSet<String> {
    let members = g["camps"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["claims"].as_array().into_iter().flatten())
        .chain(g["neutral"].as_array().into_iter().flatten());
    members
        .filter_map(|m| m["key"].as_str().map(String::from))
        .collect()
}

#[test]
fn the_real_dev_set_flags_exactly_its_genuine_disagreements() {
    let env = Env::new();
    env.import("real/ai_2023_2026.jsonl", &["--new-source"]);
    let labels: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("real/labels.json")).expect("labels are readable"),
    )
    .expect("labels are JSON");
    let genuine: Vec<BTreeSet<String>> = labels["genuine"]
        .as_array()
        .expect("a list of genuine groups")
        .iter()
        .map(|g| {
            g["keys"]
                .as_array()
                .expect("keys")
                .iter()
                .map(|k| k.as_str().expect("a key").to_string())
                .collect()
        })
        .collect();
    let flagged: Vec<BTreeSet<String>> = env.groups(&[]).iter().map(group_keys).collect();
    // Precision: every flagged group is a labelled one, with no claim it should not hold.
    for f in &flagged {
        assert!(
            genuine.iter().any(|g| g.is_subset(f)
                && f.difference(g).all(|k| {
                    // Agreeing claims may join a camp (e.g. ~3.6B beside 3.7B).
                    k == "real-huasheng-openai-revenue-2024"
                })),
            "flagged but not a labelled disagreement: {f:?}"
        );
    }
    // Recall: every labelled disagreement is flagged, as one group.
    for g in &genuine {
        assert!(
            flagged.iter().any(|f| g.is_subset(f)),
            "labelled disagreement not flagged: {g:?}"
        );
    }
    assert_eq!(flagged.len(), genuine.len());
    // No value of the set falls back to text.
    let text: Vec<Value> = env
        .claims(&[])
        .into_iter()
        .filter(|c| c["kind"] == "text")
        .collect();
    assert!(text.is_empty(), "read as text: {text:#?}");
}

#[test]
fn bases_are_read_from_the_words_and_an_explicit_one_wins() {
    let env = Env::new();
    let cases = [
        ("$3.4bn annualised", "run_rate", "USD"),
        ("3.4 billion USD run rate", "run_rate", "USD"),
        ("年化收入30亿美元", "run_rate", "USD"),
        ("$965 billion post-money", "post_money", "USD"),
        ("投後估值1500億美元", "post_money", "USD"),
        ("€10B pre-money", "pre_money", "EUR"),
        ("预计130亿美元", "forecast", "USD"),
        ("預計130億美元", "forecast", "USD"),
        ("3000亿美元（二级市场）", "secondary", "USD"),
        ("$500 billion in a tender offer", "secondary", "USD"),
        ("仅130亿美元", "actual", "USD"),
    ];
    for (value, basis, unit) in cases {
        let r = env.json(&["parse", value]);
        assert_eq!(r["basis"], basis, "{value}: {r}");
        assert_eq!(r["unit"], unit, "{value}: {r}");
    }
    let id = env.add(&[
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "$3.4bn annualised",
        "--source",
        "Reuters",
        "--date",
        "2024-06-12",
    ]);
    let c = env.json(&["show", &id.to_string()]);
    assert_eq!(c["basis"], "run_rate");
    let id = env.add(&[
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "$3.4bn",
        "--source",
        "Reuters",
        "--date",
        "2024-06-13",
        "--basis",
        "run-rate",
    ]);
    assert_eq!(env.json(&["show", &id.to_string()])["basis"], "run_rate");
    let id = env.add(&[
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "$3.4bn annualised",
        "--source",
        "Reuters",
        "--date",
        "2024-06-14",
        "--basis",
        "forecast",
    ]);
    assert_eq!(env.json(&["show", &id.to_string()])["basis"], "forecast");
    let bad = env
        .run(&[
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            "$1B",
            "--source",
            "Reuters",
            "--date",
            "2024-06-14",
            "--basis",
            "guess",
        ])
        .fails_with(2);
    assert!(bad.stderr.contains("--basis"), "{}", bad.stderr);
    assert!(bad.stderr.contains("run_rate"), "{}", bad.stderr);
    let table = env.ok(&["--format", "markdown", "list"]);
    assert!(table.contains("3.4B USD (run rate)"), "{table}");
}

#[test]
fn claims_of_different_bases_are_never_compared() {
    let env = Env::new();
    let add = |value: &str, date: &str, extra: &[&str]| {
        let mut args = vec![
            "--subject",
            "Mistral AI",
            "--metric",
            "valuation",
            "--value",
            value,
            "--source",
            "Reuters",
            "--date",
            date,
            "--new-source",
        ];
        args.extend_from_slice(extra);
        env.add(&args);
    };
    add("€10B pre-money", "2025-09-07", &[]);
    add("€11.7 billion post-money", "2025-09-09", &[]);
    add("3000亿美元", "2025-08-20", &["--basis", "post_money"]);
    add("二级市场5000亿美元", "2025-08-21", &[]);
    assert!(env.groups(&[]).is_empty());
    // Two post-money figures that differ are still a conflict.
    add("€14 billion", "2025-09-10", &["--basis", "post_money"]);
    let groups = env.groups(&[]);
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0]["basis"], "post_money");
    assert!(env.ok(&["contradictions"]).contains("(post-money)"));
}

#[test]
fn as_of_spans_and_the_run_rate_window() {
    let env = Env::new();
    let add = |value: &str, as_of: &str, date: &str| {
        env.add(&[
            "--subject",
            "Anthropic",
            "--metric",
            "revenue",
            "--value",
            value,
            "--source",
            "Bloomberg",
            "--date",
            date,
            "--as-of",
            as_of,
        ]);
    };
    // "$30B by March" against "$14bn" on 12 Feb: a run rate 17 days before March.
    add("$30B run rate", "2026-03", "2026-04-02");
    add("$14bn run rate", "2026-02-12", "2026-02-12");
    // April and May are different months.
    add("$30B run rate", "2026-04", "2026-05-01");
    add("$47B run rate", "2026-05", "2026-06-01");
    assert!(env.groups(&[]).is_empty(), "{:#?}", env.groups(&[]));
    // A day inside March is the same time as March.
    add("$20B run rate", "2026-03-20", "2026-03-21");
    let groups = env.groups(&[]);
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0]["basis"], "run_rate");
    // Each claim's own as-of is shown, never the group's first day alone.
    let table = env.ok(&["contradictions"]);
    assert!(table.contains("as of 2026-03 – 2026-03-20"), "{table}");
    let brief = env.ok(&["contradictions", "--format", "markdown"]);
    assert!(brief.contains("as of Mar 2026"), "{brief}");
    assert!(!brief.contains("as of 1 Mar"), "{brief}");
    // A quarter as-of covers its span.
    add("$31B run rate", "2026-Q1", "2026-04-05");
    let c = env.claims(&["--search", "nothing-matches-this"]);
    assert!(c.is_empty());
}

#[test]
fn a_metric_may_set_its_own_window() {
    let env = Env::new();
    let add = |value: &str, date: &str| {
        env.add(&[
            "--subject",
            "OpenAI",
            "--metric",
            "valuation",
            "--value",
            value,
            "--source",
            "Reuters",
            "--date",
            date,
        ]);
    };
    add("$150B", "2024-09-01");
    add("$300B", "2024-09-20");
    assert_eq!(env.groups(&[]).len(), 1);
    env.ok(&["metric", "add", "valuation", "--window", "7"]);
    assert!(env.groups(&[]).is_empty());
    env.ok(&["verify"]);
    env.run(&["metric", "add", "valuation", "--window", "-3"])
        .fails_with(2);
}

#[test]
fn forecasts_of_different_vintages_are_revisions_and_outcomes_are_not_contradictions() {
    let env = Env::new();
    let add = |value: &str, date: &str, source: &str| {
        env.add(&[
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            value,
            "--period",
            "2025",
            "--source",
            source,
            "--date",
            date,
        ])
    };
    add("expects $11.6 billion", "2024-09-27", "NYT");
    let revised = add("预计130亿美元", "2025-10-31", "Reuters");
    let outcome = add("$13.1 billion", "2026-03-29", "CNBC");
    assert!(env.groups(&[]).is_empty(), "{:#?}", env.groups(&[]));
    let timeline = env.ok(&[
        "--format",
        "markdown",
        "timeline",
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
    ]);
    assert!(timeline.contains("2025 (forecast)"), "{timeline}");
    let points = env.json(&["timeline", "--subject", "OpenAI", "--metric", "revenue"]);
    let notes = points.to_string();
    assert!(
        notes.contains(
            "revised forecast: was “expects $11.6 billion” (The New York Times, 2024-09-27)"
        ),
        "{notes}"
    );
    assert!(
        notes.contains("forecast vs outcome: CNBC reported “$13.1 billion”"),
        "{notes}"
    );
    let shown = env.json(&["show", &revised.to_string()]);
    let notes = shown["forecast_notes"].to_string();
    assert!(
        notes.contains("revised forecast: was “expects $11.6 billion”"),
        "{notes}"
    );
    assert!(notes.contains("forecast vs outcome"), "{notes}");
    let shown = env.ok(&["show", &outcome.to_string()]);
    assert!(shown.contains("forecast vs outcome: forecast"), "{shown}");
    // Two forecasts made in the same week that differ do disagree.
    add("预计200亿美元", "2025-11-03", "Bloomberg");
    let groups = env.groups(&[]);
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0]["basis"], "forecast");
}

#[test]
fn the_basis_survives_export_and_import() {
    let env = Env::new();
    env.import("real/ai_2023_2026.jsonl", &["--new-source"]);
    let before: Vec<(String, String)> = env
        .claims(&[])
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap_or_default().to_string(),
                c["basis"].to_string(),
            )
        })
        .collect();
    for format in ["jsonl", "csv"] {
        let file = env.path(&format!("out.{format}"));
        env.ok(&[
            "export",
            "--format",
            format,
            "-o",
            file.to_str().expect("utf-8"),
        ]);
        let other = Env::ledger();
        other.ok(&["import", file.to_str().expect("utf-8"), "--new-source"]);
        let after: Vec<(String, String)> = other
            .claims(&[])
            .iter()
            .map(|c| {
                (
                    c["key"].as_str().unwrap_or_default().to_string(),
                    c["basis"].to_string(),
                )
            })
            .collect();
        assert_eq!(before, after, "{format}");
        other.ok(&["verify"]);
        // Re-importing the export into the same ledger changes nothing.
        let again = env.run(&["import", file.to_str().expect("utf-8")]);
        assert!(
            again.stderr.contains("50 skipped"),
            "{format}: {}",
            again.stderr
        );
    }
}

#[test]
fn figures_kept_as_text_or_without_their_unit_are_warned_about() {
    let env = Env::new();
    env.add(&[
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "$3.7 billion",
        "--source",
        "Reuters",
        "--date",
        "2025-01-10",
        "--period",
        "2024",
    ]);
    let run = env.run(&[
        "add",
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "传闻130亿美元",
        "--source",
        "Reuters",
        "--date",
        "2025-01-11",
        "--period",
        "2024",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("warning: value '传闻130亿美元' looks like a figure"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("not understood: '传闻'"),
        "{}",
        run.stderr
    );
    let run = env.run(&[
        "add",
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "3.7 billion",
        "--source",
        "Reuters",
        "--date",
        "2025-01-12",
        "--period",
        "2024",
    ]);
    assert!(
        run.stderr
            .contains("has no unit, but other claims of metric 'revenue' are in USD"),
        "{}",
        run.stderr
    );
    let file = env.write(
        "w.jsonl",
        "{\"subject\":\"OpenAI\",\"metric\":\"revenue\",\"value\":\"传闻5亿美元\",\"source\":\"Reuters\",\"date\":\"2025-01-13\",\"period\":\"2023\"}\n\
         {\"subject\":\"OpenAI\",\"metric\":\"revenue\",\"value\":\"500 million\",\"source\":\"Reuters\",\"date\":\"2025-01-13\",\"period\":\"2022\"}\n\
         {\"subject\":\"OpenAI\",\"metric\":\"users\",\"value\":\"100 million\",\"source\":\"Reuters\",\"date\":\"2025-01-13\"}\n",
    );
    let run = env.run(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("2 with a warning"), "{}", run.stderr);
    assert!(
        run.stderr.contains("line 1: value '传闻5亿美元'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("line 2: value '500 million' has no unit"),
        "{}",
        run.stderr
    );
}

#[test]
fn truth_never_ranks_a_forecast_or_a_run_rate_against_an_actual_figure() {
    let env = Env::new();
    let add = |value: &str, source: &str, date: &str| {
        env.add(&[
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            value,
            "--period",
            "2024",
            "--source",
            source,
            "--date",
            date,
        ]);
    };
    add("$3.7 billion", "Reuters", "2025-01-10");
    add("$3.7bn", "Bloomberg", "2025-01-12");
    add("expects $5 billion", "CNBC", "2024-02-01");
    add("$6 billion annualized", "FT", "2025-01-05");
    let truth = env.json(&["truth", "--subject", "OpenAI", "--metric", "revenue"]);
    let rows = truth.as_array().expect("array");
    assert_eq!(rows.len(), 3, "{truth:#}");
    let of = |basis: Option<&str>| {
        rows.iter()
            .find(|r| r["basis"].as_str() == basis)
            .unwrap_or_else(|| panic!("no estimate for {basis:?}: {truth:#}"))
    };
    assert_eq!(of(None)["probability"], 1.0, "{truth:#}");
    assert_eq!(of(None)["sources"].as_array().map(Vec::len), Some(2));
    assert_eq!(of(Some("forecast"))["value"], "expects $5 billion");
    assert_eq!(of(Some("run_rate"))["value"], "$6 billion annualized");
    let table = env.ok(&["truth"]);
    assert!(table.contains("2024 (forecast)"), "{table}");
}
