//! `contradictions` and `resolve`: what is flagged, what is not, and judgements.

use serde_json::Value;

use crate::common::{Env, camps, flagged, in_any_group, set};

const TI_REVENUE: &str = "ti-2024-07-openai-revenue-2024";
const NYT_REVENUE: &str = "nyt-2024-09-openai-revenue-2024";

on_both!(
    founding_has_exactly_one_group_the_openai_revenue_tension,
    |backend| {
        let env = Env::founding_on(backend);
        let groups = env.groups(&[]);
        assert_eq!(groups.len(), 1, "{groups:#?}");
        let g = &groups[0];
        assert_eq!(g["kind"], "tension");
        assert_eq!(g["subject"], "OpenAI");
        assert_eq!(g["metric"], "revenue");
        assert_eq!(g["period"], "2024");
        assert_eq!(g["status"], "open");
        let severity = g["severity"].as_f64().expect("severity");
        assert!((0.0..=1.0).contains(&severity), "severity {severity}");
        assert!(g["id"].as_str().is_some_and(|id| !id.is_empty()));
        assert_eq!(
            env.groups(&["--subject", "openai", "--metric", "Revenue"]),
            groups,
            "names match like list's"
        );
        assert_eq!(camps(g), vec![set([NYT_REVENUE]), set([TI_REVENUE])]);
        for camp in g["camps"].as_array().expect("camps") {
            assert!(
                camp.get("low").is_some() && camp.get("high").is_some(),
                "{camp}"
            );
            for claim in camp["claims"].as_array().expect("claims") {
                for field in ["id", "key", "source", "date", "value"] {
                    assert!(claim.get(field).is_some(), "camp claim without {field}");
                }
            }
        }
        // The valuation rising from $80B to $150B is change over time, not disagreement.
        assert!(env.groups(&["--metric", "valuation"]).is_empty());
        assert!(
            env.groups(&[
                "--subject",
                "OpenAI",
                "--metric",
                "valuation",
                "--status",
                "all"
            ])
            .is_empty()
        );
        for key in [
            "reuters-2024-09-openai-valuation-previous",
            "reuters-2024-09-openai-valuation",
            "wye-2024-09-openai-valuation-round",
            "wye-2024-09-openai-round-size-min",
            "wye-2024-09-openai-net-loss-2024",
            "ti-2024-07-microsoft-gpu-hour-price-openai",
        ] {
            assert!(!in_any_group(&groups, key), "{key} flagged");
        }
    }
);

#[test]
fn founding_report_as_table_markdown_and_json() {
    let env = Env::founding();
    for format in ["table", "markdown", "json"] {
        let run = env.run(&["contradictions", "--format", format]);
        insta::assert_snapshot!(format!("founding_report_{format}"), run.transcript());
        run.ok();
    }
}

on_both!(
    conflicting_fixture_flags_the_expected_pairs_and_no_others,
    |backend| {
        let env = Env::new_on(backend);
        env.import("edge/conflicting.jsonl", &[]);
        let groups = env.groups(&[]);
        let expected = [
            (
                "conf-ti-2024-03-anthropic-revenue-2024",
                "conf-cnbc-2024-09-anthropic-revenue-2024",
                "conflict",
            ),
            (
                "conf-wsj-2024-12-scale-ai-revenue-2024",
                "conf-ti-2024-11-scale-ai-revenue-2024",
                "tension",
            ),
            (
                "conf-verge-2024-10-characterai-revenue-2024",
                "conf-ft-2024-11-characterai-revenue-2024",
                "tension",
            ),
            (
                "conf-bloomberg-2024-11-perplexity-valuation",
                "conf-verge-2024-11-perplexity-valuation",
                "conflict",
            ),
            (
                "conf-bloomberg-2025-03-anthropic-lead-investor",
                "conf-verge-2025-03-anthropic-lead-investor-retract-me",
                "conflict",
            ),
        ];
        for (a, b, kind) in expected {
            let g = flagged(&groups, a, b).unwrap_or_else(|| panic!("{a} vs {b} not flagged"));
            assert_eq!(g["kind"], kind, "{a} vs {b}");
        }
        assert_eq!(groups.len(), 5, "{groups:#?}");
        let kinds: Vec<&str> = groups.iter().filter_map(|g| g["kind"].as_str()).collect();
        assert_eq!(kinds.iter().filter(|k| **k == "conflict").count(), 3);
        assert_eq!(kinds.iter().filter(|k| **k == "tension").count(), 2);
        for key in [
            "conf-reuters-2024-01-anthropic-revenue-2023",
            "conf-bloomberg-2024-07-anthropic-revenue-2024h1",
            "conf-ft-2025-09-mistral-valuation-eur",
            "conf-bloomberg-2025-09-mistral-valuation-usd",
            "conf-reuters-2024-05-xai-valuation",
            "conf-cnbc-2024-12-xai-valuation",
        ] {
            assert!(
                !in_any_group(&groups, key),
                "{key} must not be compared, but is in a group"
            );
        }
        insta::assert_snapshot!("conflicting_report_table", env.ok(&["contradictions"]));
    }
);

#[test]
fn agreeing_fixtures_have_no_contradictions() {
    for file in [
        "edge/aliases.jsonl",
        "edge/chinese_values.jsonl",
        "edge/consistent.jsonl",
        "edge/good.csv",
    ] {
        let env = Env::new();
        env.import(file, &[]);
        assert_eq!(env.groups(&[]), Vec::<Value>::new(), "{file}");
        assert_eq!(
            env.groups(&["--status", "all"]),
            Vec::<Value>::new(),
            "{file}"
        );
    }
}

on_both!(
    everything_in_one_ledger_gives_only_the_expected_groups,
    |backend| {
        let env = Env::founding_on(backend);
        for file in [
            "edge/aliases.jsonl",
            "edge/chinese_values.jsonl",
            "edge/consistent.jsonl",
            "edge/conflicting.jsonl",
            "edge/good.csv",
        ] {
            env.import(file, &[]);
        }
        let groups = env.groups(&[]);
        let mut found: Vec<(String, String, String)> = groups
            .iter()
            .map(|g| {
                let s = |f: &str| g[f].as_str().unwrap_or_default().to_string();
                (s("subject"), s("metric"), s("kind"))
            })
            .collect();
        found.sort();
        let mut expected: Vec<(String, String, String)> = [
            ("Anthropic", "lead_investor", "conflict"),
            ("Anthropic", "revenue", "conflict"),
            ("Character.AI", "revenue", "tension"),
            ("OpenAI", "revenue", "tension"),
            ("Perplexity AI", "valuation", "conflict"),
            ("Scale AI", "revenue", "tension"),
        ]
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
        expected.sort();
        assert_eq!(found, expected);
        assert!(flagged(&groups, TI_REVENUE, NYT_REVENUE).is_some());
    }
);

#[test]
fn strict_shows_conflicts_only() {
    let env = Env::founding();
    env.import("edge/conflicting.jsonl", &[]);
    let strict = env.groups(&["--strict"]);
    assert_eq!(strict.len(), 3);
    assert!(strict.iter().all(|g| g["kind"] == "conflict"));
    assert!(env.groups(&["--strict", "--subject", "OpenAI"]).is_empty());
    let run = env.run(&["contradictions", "--strict", "--format", "markdown"]);
    insta::assert_snapshot!("strict_markdown", run.transcript());
}

#[test]
fn check_exits_1_with_open_contradictions_and_0_without() {
    let env = Env::founding();
    let run = env.run(&["contradictions", "--check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("OpenAI"),
        "the report is still written: {}",
        run.stdout
    );
    assert_eq!(
        env.run(&["contradictions"]).code,
        0,
        "without --check the report exits 0"
    );
    assert_eq!(
        env.run(&["contradictions", "--check", "--metric", "valuation"])
            .code,
        0
    );
    assert_eq!(
        env.run(&["contradictions", "--check", "--strict"]).code,
        0,
        "a tension is not a conflict"
    );

    let empty = Env::new();
    empty.import("edge/consistent.jsonl", &[]);
    assert_eq!(empty.run(&["contradictions", "--check"]).code, 0);

    // Once judged, the group is no longer open.
    let id = env.groups(&[])[0]["id"].as_str().expect("id").to_string();
    env.ok(&["resolve", &id, "--correct", TI_REVENUE]);
    assert_eq!(env.run(&["contradictions", "--check"]).code, 0);
}

/// Adds a claim: `value` of `subject`'s `metric`, by `source`, with a time flag.
fn claim(
    env: &Env,
    subject: &str,
    metric: &str,
    value: &str,
    time: [&str; 2],
    source: &str,
) -> i64 {
    let date = if time[1].len() == 10 {
        time[1]
    } else {
        "2024-12-31"
    };
    env.add(&[
        "--subject",
        subject,
        "--metric",
        metric,
        "--value",
        value,
        time[0],
        time[1],
        "--source",
        source,
        "--date",
        date,
    ])
}

on_both!(window_decides_whether_states_are_compared, |backend| {
    let env = Env::new_on(backend);
    // 30 days apart: compared, and $100B vs $200B conflict.
    claim(
        &env,
        "Acme",
        "valuation",
        "$100B",
        ["--as-of", "2024-01-01"],
        "Reuters",
    );
    claim(
        &env,
        "Acme",
        "valuation",
        "$200B",
        ["--as-of", "2024-01-31"],
        "Bloomberg",
    );
    // 31 days apart: a change over time.
    claim(
        &env,
        "Zenith",
        "valuation",
        "$100B",
        ["--as-of", "2024-01-01"],
        "Reuters",
    );
    claim(
        &env,
        "Zenith",
        "valuation",
        "$200B",
        ["--as-of", "2024-02-01"],
        "Bloomberg",
    );
    let subjects = |args: &[&str]| -> Vec<String> {
        let mut s: Vec<String> = env
            .groups(args)
            .iter()
            .map(|g| {
                format!(
                    "{} {}",
                    g["subject"].as_str().unwrap_or_default(),
                    g["kind"].as_str().unwrap_or_default()
                )
            })
            .collect();
        s.sort();
        s
    };
    assert_eq!(subjects(&[]), vec!["Acme conflict"]);
    assert_eq!(
        subjects(&["--window", "31"]),
        vec!["Acme conflict", "Zenith conflict"]
    );
    assert_eq!(subjects(&["--window", "29"]), Vec::<String>::new());
    assert_eq!(subjects(&["--window", "0"]), Vec::<String>::new());
    // A claim with neither --period nor --as-of is a state as of its publication date.
    env.add(&[
        "--subject",
        "Quill",
        "--metric",
        "valuation",
        "--value",
        "$1B",
        "--source",
        "Reuters",
        "--date",
        "2024-03-01",
    ]);
    env.add(&[
        "--subject",
        "Quill",
        "--metric",
        "valuation",
        "--value",
        "$3B",
        "--source",
        "CNBC",
        "--date",
        "2024-03-10",
    ]);
    env.add(&[
        "--subject",
        "Quill",
        "--metric",
        "valuation",
        "--value",
        "$9B",
        "--source",
        "FT",
        "--date",
        "2024-06-10",
    ]);
    let quill = env.groups(&["--subject", "Quill"]);
    assert_eq!(quill.len(), 1);
    assert_eq!(quill[0]["as_of"], "2024-03-01");
    let values: Vec<Vec<String>> = quill[0]["camps"]
        .as_array()
        .expect("camps")
        .iter()
        .map(|c| {
            c["claims"]
                .as_array()
                .expect("claims")
                .iter()
                .map(|m| m["value"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        values,
        vec![vec!["$1B".to_string()], vec!["$3B".to_string()]]
    );
    // The timeline shows the 31-day pair as a change.
    let points = env.json(&["timeline", "--subject", "Zenith", "--metric", "valuation"]);
    assert_eq!(points[1]["change"], 100e9);
});

#[test]
fn tolerance_decides_whether_exact_figures_conflict() {
    let env = Env::new();
    claim(
        &env,
        "Acme",
        "revenue",
        "100",
        ["--period", "2024"],
        "Reuters",
    );
    claim(
        &env,
        "Acme",
        "revenue",
        "109",
        ["--period", "2024"],
        "Bloomberg",
    );
    // ±5%: 95–105 and 103.55–114.45 meet.
    assert!(env.groups(&[]).is_empty());
    assert!(env.groups(&["--tolerance", "4.5"]).is_empty());
    // ±4%: 96–104 and 104.64–113.36 do not.
    let groups = env.groups(&["--tolerance", "4"]);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["kind"], "conflict");
    assert!(env.groups(&["--tolerance", "0"]).len() == 1);
    for bad in [
        ["--tolerance", "-1"],
        ["--tolerance", "101"],
        ["--tolerance", "lots"],
        ["--window", "-1"],
    ] {
        let mut args = vec!["contradictions"];
        args.extend(bad);
        env.run(&args).fails_with(2);
    }
}

#[test]
fn hedged_figures_are_a_tension_not_a_conflict() {
    let env = Env::new();
    claim(
        &env,
        "Acme",
        "revenue",
        "$3.5B-$4.5B",
        ["--period", "2024"],
        "The Information",
    );
    claim(
        &env,
        "Acme",
        "revenue",
        "over $2 billion",
        ["--period", "2024"],
        "NYT",
    );
    // A different period is never compared.
    claim(
        &env,
        "Acme",
        "revenue",
        "$10 billion",
        ["--period", "2023"],
        "Reuters",
    );
    // A different currency is never compared.
    claim(
        &env,
        "Acme",
        "revenue",
        "€1 billion",
        ["--period", "2024"],
        "FT",
    );
    let groups = env.groups(&[]);
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0]["kind"], "tension");
    assert_eq!(groups[0]["period"], "2024");
    assert!(env.groups(&["--strict"]).is_empty());
}

on_both!(
    resolve_correct_closes_the_group_and_keeps_it_under_status_all,
    |backend| {
        let env = Env::founding_on(backend);
        let id = env.groups(&[])[0]["id"].as_str().expect("id").to_string();
        let run = env.run(&["resolve", &id, "--correct", TI_REVENUE]);
        insta::assert_snapshot!("resolve_correct", run.transcript());
        run.ok();
        assert!(env.groups(&[]).is_empty(), "a resolved group is not open");
        let all = env.groups(&["--status", "all"]);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0]["id"], id.as_str());
        assert_eq!(all[0]["status"], "resolved");
        assert_eq!(env.groups(&["--status", "resolved"]).len(), 1);
        assert!(env.groups(&["--status", "dismissed"]).is_empty());
        // The judgement is in the log.
        let log = env.json(&["log"]);
        assert!(
            log.as_array()
                .expect("events")
                .iter()
                .any(|e| e["action"] == "judgement.add")
        );
    }
);

#[test]
fn resolve_accepts_a_unique_id_prefix_and_a_claim_id() {
    let env = Env::founding();
    let id = env.groups(&[])[0]["id"].as_str().expect("id").to_string();
    let ti_id = env.json(&["show", TI_REVENUE])["id"].to_string();
    env.ok(&["resolve", &id[..4], "--correct", &ti_id]);
    assert_eq!(env.groups(&["--status", "all"])[0]["status"], "resolved");
}

#[test]
fn resolve_refuses_bad_groups_and_claims() {
    let env = Env::founding();
    let id = env.groups(&[])[0]["id"].as_str().expect("id").to_string();
    let cases: &[&[&str]] = &[
        &["resolve", "ffffffffff", "--correct", TI_REVENUE],
        &["resolve", &id, "--correct", "no-such-claim"],
        &[
            "resolve",
            &id,
            "--correct",
            "reuters-2024-09-openai-valuation",
        ],
        &["resolve", &id, "--dismiss"],
        &["resolve", &id, "--dismiss", "--reason", "  "],
        &["resolve", &id],
    ];
    for args in cases {
        env.run(args).fails_with(2);
    }
    assert_eq!(
        env.groups(&[]).len(),
        1,
        "a refused judgement changed the group"
    );
}

on_both!(
    a_new_disagreeing_claim_reopens_a_resolved_group,
    |backend| {
        let env = Env::founding_on(backend);
        let id = env.groups(&[])[0]["id"].as_str().expect("id").to_string();
        env.ok(&["resolve", &id, "--correct", TI_REVENUE]);
        // Agrees with the claim judged correct: stays resolved.
        claim(
            &env,
            "OpenAI",
            "revenue",
            "$3.7 billion",
            ["--period", "2024"],
            "Reuters",
        );
        assert!(
            env.groups(&[]).is_empty(),
            "an agreeing claim reopened the group"
        );
        // Disagrees with it: reopens.
        claim(
            &env,
            "OpenAI",
            "revenue",
            "$1.5 billion",
            ["--period", "2024"],
            "Bloomberg",
        );
        let open = env.groups(&[]);
        assert_eq!(open.len(), 1);
        assert_eq!(open[0]["id"], id.as_str(), "the group keeps its id");
        assert_eq!(open[0]["status"], "open");
    }
);

on_both!(
    resolve_dismiss_records_a_dismissal_with_its_reason,
    |backend| {
        let env = Env::founding_on(backend);
        let id = env.groups(&[])[0]["id"].as_str().expect("id").to_string();
        let run = env.run(&[
            "resolve",
            &id,
            "--dismiss",
            "--reason",
            "different revenue definitions",
        ]);
        insta::assert_snapshot!("resolve_dismiss", run.transcript());
        run.ok();
        assert!(env.groups(&[]).is_empty());
        let all = env.groups(&["--status", "all"]);
        assert_eq!(all[0]["status"], "dismissed");
        assert_eq!(env.groups(&["--status", "dismissed"]).len(), 1);
        let log = env.ok(&["log"]);
        assert!(log.contains("dismissed"), "{log}");
    }
);

#[test]
fn group_ids_are_stable_when_unrelated_claims_are_added() {
    let env = Env::founding();
    env.import("edge/conflicting.jsonl", &[]);
    let ids = |env: &Env| -> Vec<String> {
        let mut v: Vec<String> = env
            .groups(&["--status", "all"])
            .iter()
            .map(|g| g["id"].as_str().expect("id").to_string())
            .collect();
        v.sort();
        v
    };
    let before = ids(&env);
    claim(
        &env,
        "Nvidia",
        "revenue",
        "$60.9 billion",
        ["--period", "FY2024"],
        "Reuters",
    );
    claim(
        &env,
        "Nvidia",
        "headcount",
        "29,600 employees",
        ["--as-of", "2024-01-28"],
        "CNBC",
    );
    assert_eq!(ids(&env), before);
    // And the same claims in another ledger give the same ids.
    let other = Env::founding();
    other.import("edge/conflicting.jsonl", &[]);
    assert_eq!(ids(&other), before);
}

#[test]
fn retracting_a_claim_removes_its_contradiction() {
    let env = Env::new();
    env.import("edge/conflicting.jsonl", &[]);
    assert_eq!(env.groups(&[]).len(), 5);
    env.ok(&[
        "retract",
        "conf-verge-2025-03-anthropic-lead-investor-retract-me",
        "--reason",
        "The Verge corrected the lead investor",
    ]);
    let groups = env.groups(&[]);
    assert_eq!(groups.len(), 4);
    assert!(!groups.iter().any(|g| g["metric"] == "lead_investor"));
    assert!(
        env.groups(&["--status", "all"])
            .iter()
            .all(|g| g["metric"] != "lead_investor")
    );
}

on_both!(
    retracting_the_nyt_revenue_claim_clears_the_founding_tension,
    |backend| {
        let env = Env::founding_on(backend);
        env.ok(&[
            "retract",
            NYT_REVENUE,
            "--reason",
            "NYT later reported $3.7B",
        ]);
        assert!(env.groups(&[]).is_empty());
        assert!(env.groups(&["--status", "all"]).is_empty());
        assert_eq!(env.run(&["contradictions", "--check"]).code, 0);
    }
);
