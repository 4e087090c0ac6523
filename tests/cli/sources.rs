//! Sources: built-in outlets with English and Chinese aliases, unknown names, `source add`.

use serde_json::Value;

use crate::common::{Env, set};

fn add_by(env: &Env, source: &str, extra: &[&str]) -> i64 {
    let mut args = vec![
        "--subject",
        "OpenAI",
        "--metric",
        "valuation",
        "--value",
        "$157B",
        "--as-of",
        "2024-10-02",
        "--source",
        source,
        "--date",
        "2024-10-02",
    ];
    args.extend_from_slice(extra);
    env.add(&args)
}

on_both!(
    builtin_aliases_in_english_and_chinese_name_the_canonical_source,
    |backend| {
        let cases = [
            ("FT", "Financial Times"),
            ("金融时报", "Financial Times"),
            ("financial times", "Financial Times"),
            ("NYT", "The New York Times"),
            ("纽约时报", "The New York Times"),
            ("New York Times", "The New York Times"),
            ("路透社", "Reuters"),
            ("reuters", "Reuters"),
            ("REUTERS", "Reuters"),
            ("彭博社", "Bloomberg"),
            ("WSJ", "The Wall Street Journal"),
            ("华尔街日报", "The Wall Street Journal"),
        ];
        let env = Env::new_on(backend);
        for (alias, canonical) in cases {
            let id = add_by(&env, alias, &[]);
            let all = env.claims(&[]);
            let claim = all
                .iter()
                .find(|c| c["id"] == id)
                .expect("the claim is listed");
            assert_eq!(claim["source"], canonical, "add --source {alias}");
        }
        // list --source takes any alias of the source and finds every claim it made.
        for (alias, canonical) in cases {
            let listed = env.claims(&["--source", alias]);
            let expected = cases.iter().filter(|(_, c)| *c == canonical).count();
            assert_eq!(listed.len(), expected, "list --source {alias}");
            assert!(
                listed.iter().all(|c| c["source"] == canonical),
                "list --source {alias}"
            );
        }
    }
);

#[test]
fn unknown_source_is_refused_with_a_suggestion_and_adds_nothing() {
    let env = Env::new();
    env.ok(&["init"]);
    let run = env.run(&[
        "add",
        "--subject",
        "OpenAI",
        "--metric",
        "valuation",
        "--value",
        "$157B",
        "--source",
        "Reuterz",
        "--date",
        "2024-10-02",
    ]);
    insta::assert_snapshot!("unknown_source_add", run.transcript());
    let run = run.fails_with(2);
    assert!(
        run.stderr.contains("did you mean 'Reuters'"),
        "{}",
        run.stderr
    );
    assert!(env.claims(&["--status", "all"]).is_empty());
    let sources = env.json(&["source", "list"]);
    assert!(
        !sources
            .as_array()
            .expect("array")
            .iter()
            .any(|s| s["name"] == "Reuterz")
    );
}

on_both!(
    unknown_source_in_import_is_refused_with_line_and_suggestion,
    |backend| {
        let env = Env::ledger_on(backend);
        let file = env.write(
        "in.jsonl",
        concat!(
            r#"{"subject":"OpenAI","metric":"valuation","value":"$157B","source":"Reuters","date":"2024-10-02"}"#,
            "\n",
            r#"{"subject":"OpenAI","metric":"valuation","value":"$157B","source":"Reuterz","date":"2024-10-02"}"#,
            "\n",
        ),
    );
        let run = env
            .run(&["import", file.to_str().expect("utf-8")])
            .fails_with(2);
        assert!(run.stderr.contains("line 2"), "{}", run.stderr);
        assert!(
            run.stderr.contains("did you mean 'Reuters'"),
            "{}",
            run.stderr
        );
        assert_eq!(env.claims(&[]).len(), 0, "a failed import adds nothing");
    }
);

#[test]
fn new_source_flag_creates_the_source() {
    let env = Env::new();
    let id = add_by(&env, "Semafor", &["--new-source"]);
    let claims = env.claims(&["--source", "semafor"]);
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0]["id"], id);
    assert_eq!(claims[0]["source"], "Semafor");
    // Known now: no flag needed.
    add_by(&env, "Semafor", &[]);
    assert_eq!(env.claims(&["--source", "Semafor"]).len(), 2);
}

#[test]
fn registered_source_alias_works_in_add_and_list() {
    let env = Env::new();
    env.ok(&["init"]);
    env.ok(&[
        "source",
        "add",
        "Where's Your Ed At",
        "--alias",
        "WYEA",
        "--alias",
        "艾德",
        "--kind",
        "blog",
    ]);
    let id = add_by(&env, "wyea", &[]);
    for alias in ["WYEA", "艾德", "where's your ed at"] {
        let listed = env.claims(&["--source", alias]);
        assert_eq!(listed.len(), 1, "list --source {alias}");
        assert_eq!(listed[0]["id"], id);
        assert_eq!(listed[0]["source"], "Where's Your Ed At");
    }
    let sources = env.json(&["source", "list"]);
    let ours = sources
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["name"] == "Where's Your Ed At")
        .expect("listed")
        .clone();
    assert_eq!(ours["kind"], "blog");
    assert_eq!(ours["claims"], 1);
    let aliases: Vec<&str> = ours["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        aliases.contains(&"WYEA") && aliases.contains(&"艾德"),
        "{aliases:?}"
    );
}

on_both!(source_list_counts_claims_made_under_any_alias, |backend| {
    let env = Env::new_on(backend);
    env.import("edge/aliases.jsonl", &[]);
    let sources = env.json(&["source", "list"]);
    let sources = sources.as_array().expect("array");
    for s in sources {
        for field in ["name", "aliases", "kind", "claims"] {
            assert!(s.get(field).is_some(), "source without {field}: {s}");
        }
        assert!(s["aliases"].is_array());
    }
    let count = |name: &str| {
        sources
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{name} not listed"))["claims"]
            .as_i64()
    };
    assert_eq!(count("Financial Times"), Some(4));
    assert_eq!(count("The New York Times"), Some(3));
    assert_eq!(count("Reuters"), Some(2));
    assert_eq!(count("Bloomberg"), Some(2));
    assert_eq!(count("The Wall Street Journal"), Some(2));
    let ft = sources
        .iter()
        .find(|s| s["name"] == "Financial Times")
        .expect("FT");
    let aliases: Vec<&str> = ft["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        aliases.contains(&"FT") && aliases.contains(&"金融时报"),
        "{aliases:?}"
    );
    // The built-in outlets carry their Chinese names.
    let names: std::collections::BTreeSet<String> = sources
        .iter()
        .map(|s| s["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        set([
            "Financial Times",
            "The New York Times",
            "Reuters",
            "Bloomberg",
            "The Wall Street Journal",
            "The Information",
            "CNBC"
        ])
        .is_subset(&names)
    );
    insta::assert_snapshot!("source_list_aliases_table", env.ok(&["source", "list"]));
});

on_both!(
/// `subject list` and `metric list` show every name with its aliases and active claim
/// count, in every format; metrics also whether they are multi-valued and their
/// comparison window.
    subject_and_metric_lists_show_names_aliases_and_counts,
    |backend| {
        let env = Env::founding_on(backend);
        env.ok(&["subject", "add", "OpenAI", "--alias", "Open AI"]);
        env.ok(&[
            "metric",
            "add",
            "investors",
            "--multi-valued",
            "--alias",
            "backers",
        ]);
        let subjects = env.json(&["subject", "list"]);
        let openai = subjects
            .as_array()
            .expect("array")
            .iter()
            .find(|s| s["name"] == "OpenAI")
            .expect("OpenAI listed");
        assert_eq!(openai["aliases"], serde_json::json!(["Open AI"]));
        let openai_claims = env.claims(&["--subject", "OpenAI"]).len();
        assert_eq!(openai["claims"], openai_claims as u64);
        assert!(openai.get("multi_valued").is_none());
        let metrics = env.json(&["metric", "list"]);
        let investors = metrics
            .as_array()
            .expect("array")
            .iter()
            .find(|m| m["name"] == "investors")
            .expect("investors listed");
        assert_eq!(investors["aliases"], serde_json::json!(["backers"]));
        assert_eq!(investors["claims"], 0);
        assert_eq!(investors["multi_valued"], true);
        // The comparison window: the default for each basis, or the metric's own.
        assert_eq!(investors["window_days"], 30);
        assert_eq!(investors["run_rate_window_days"], 7);
        assert_eq!(investors["window_set"], false);
        env.ok(&["metric", "add", "revenue", "--window", "90"]);
        let metrics = env.json(&["metric", "list"]);
        let revenue = metrics
            .as_array()
            .expect("array")
            .iter()
            .find(|m| m["name"] == "revenue")
            .expect("revenue listed");
        assert_eq!(revenue["window_days"], 90);
        assert_eq!(revenue["run_rate_window_days"], 90);
        assert_eq!(revenue["window_set"], true);
        let total: u64 = metrics
            .as_array()
            .expect("array")
            .iter()
            .map(|m| m["claims"].as_u64().expect("count"))
            .sum();
        assert_eq!(total as usize, env.claims(&[]).len());
        let mut all = String::new();
        for format in ["table", "csv", "markdown", "jsonl"] {
            all.push_str(&format!("== metric list --format {format}\n"));
            all.push_str(&env.ok(&["metric", "list", "--format", format]));
        }
        all.push_str("== subject list\n");
        all.push_str(&env.ok(&["subject", "list", "--format", "table"]));
        insta::assert_snapshot!("name_lists", all);
        // An empty ledger says how names come about.
        let empty = Env::ledger_on(backend);
        let run = empty.run(&["subject", "list", "--format", "table"]);
        assert_eq!(
            run.stderr,
            "no subjects yet; they are named by `crosscheck add` and `crosscheck subject add`\n"
        );
    }
);
