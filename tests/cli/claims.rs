//! `add` and `list`: recording one claim, and querying claims with filters and formats.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{Env, fixture_records, set};

const REVENUE: &[&str] = &[
    "--subject",
    "OpenAI",
    "--metric",
    "revenue",
    "--value",
    "$3.5B-$4.5B",
    "--period",
    "2024",
    "--source",
    "The Information",
    "--date",
    "2024-07-24",
];

on_both!(
    add_prints_the_new_id_on_stdout_and_the_reading_on_stderr,
    |backend| {
        let env = Env::ledger_on(backend);
        let mut args = vec!["add"];
        args.extend_from_slice(REVENUE);
        let first = env.run(&args);
        args[6] = "超过20亿美元";
        let second = env.run(&args);
        insta::assert_snapshot!(
            "add_twice",
            env.redact(&format!("{}\n{}", first.transcript(), second.transcript()))
        );
        assert_eq!(first.ok(), "1\n");
        assert_eq!(second.ok(), "2\n");
        let claims = env.claims(&[]);
        assert_eq!(claims.len(), 2);
        assert_eq!(claims[0]["value"], "$3.5B-$4.5B");
        assert_eq!(claims[0]["low"], 3.5e9);
        assert_eq!(claims[0]["high"], 4.5e9);
        assert_eq!(claims[0]["bound"], "range");
        assert_eq!(claims[0]["unit"], "USD");
        assert_eq!(claims[0]["period"], "2024");
        assert_eq!(claims[0]["source"], "The Information");
        assert_eq!(claims[0]["confidence"], "reported");
        assert_eq!(claims[0]["status"], "active");
    }
);

#[test]
fn add_rejects_bad_input_naming_the_flag_and_adds_nothing() {
    // (what is wrong, the flag given — which the message must name — and its value)
    let cases = [
        ("impossible date", "--date", "2024-02-30"),
        ("empty value", "--value", ""),
        ("blank value", "--value", "   "),
        ("hedge without a number", "--value", "over"),
        ("Chinese hedge without a number", "--value", "超过"),
        ("currency without a number", "--value", "$$$"),
        ("confidence out of range", "--confidence", "1.7"),
        ("unknown confidence word", "--confidence", "sure"),
        ("bad quarter", "--period", "2024-Q5"),
        ("bad as-of month", "--as-of", "2024-13-01"),
    ];
    let env = Env::new();
    env.ok(&["init"]);
    let mut transcript = String::new();
    for (what, flag, value) in cases {
        let mut args: Vec<&str> = vec![
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "valuation",
            "--value",
            "$157B",
            "--source",
            "Reuters",
            "--date",
            "2024-10-02",
        ];
        match args.iter().position(|a| *a == flag) {
            Some(i) => args[i + 1] = value,
            None => args.extend([flag, value]),
        }
        let run = env.run(&args).fails_with(2);
        assert!(
            run.stderr.contains(flag),
            "{what}: message does not name {flag}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{what}: printed an id");
        transcript.push_str(&format!(
            "## {what}: {:?}\n{}\n",
            &args[1..],
            run.transcript()
        ));
    }
    // Both --period and --as-of: a usage error naming both flags.
    let mut args = vec!["add"];
    args.extend_from_slice(REVENUE);
    args.extend(["--as-of", "2024-07-24"]);
    let run = env.run(&args).fails_with(2);
    assert!(
        run.stderr.contains("--period") && run.stderr.contains("--as-of"),
        "{}",
        run.stderr
    );
    transcript.push_str(&format!(
        "## both --period and --as-of\n{}\n",
        run.transcript()
    ));

    assert!(
        env.claims(&["--status", "all"]).is_empty(),
        "a bad add recorded a claim"
    );
    insta::assert_snapshot!("add_bad_input", transcript);
}

on_both!(list_json_objects_carry_the_contract_fields, |backend| {
    let env = Env::founding_on(backend);
    let claims = env.claims(&[]);
    assert_eq!(claims.len(), 30);
    for c in &claims {
        for field in [
            "id",
            "key",
            "subject",
            "metric",
            "value",
            "unit",
            "low",
            "high",
            "bound",
            "period",
            "as_of",
            "source",
            "date",
            "confidence",
            "status",
        ] {
            assert!(c.get(field).is_some(), "claim without {field}: {c}");
        }
    }
    let nyt = claims
        .iter()
        .find(|c| c["key"] == "nyt-2024-09-openai-revenue-2024")
        .expect("NYT claim");
    assert_eq!(nyt["subject"], "OpenAI");
    assert_eq!(nyt["metric"], "revenue");
    assert_eq!(nyt["value"], "超过20亿美元");
    assert_eq!(nyt["unit"], "USD");
    assert_eq!(nyt["low"], 2e9);
    assert_eq!(nyt["high"], Value::Null);
    assert_eq!(nyt["bound"], "over");
    assert_eq!(nyt["period"], "2024");
    assert_eq!(nyt["as_of"], Value::Null);
    assert_eq!(nyt["source"], "The New York Times");
    assert_eq!(nyt["date"], "2024-09-27");
    assert_eq!(nyt["confidence"], "reported");
    assert_eq!(nyt["status"], "active");
});

/// The founding keys for which `keep` holds.
fn founding_keys(keep: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    fixture_records("founding.jsonl")
        .iter()
        .filter(|r| keep(r))
        .map(|r| r["key"].as_str().expect("key").to_string())
        .collect()
}

fn text(r: &Value, field: &str) -> String {
    r[field].as_str().unwrap_or_default().to_string()
}

on_both!(
    list_filters_by_subject_metric_dates_period_and_confidence,
    |backend| {
        let env = Env::founding_on(backend);
        let openai = founding_keys(|r| r["subject"] == "OpenAI");
        assert_eq!(env.keys(&["--subject", "OpenAI"]), openai);
        assert_eq!(
            env.keys(&["--subject", "openai"]),
            openai,
            "subjects match case-insensitively"
        );
        assert_eq!(
            env.keys(&["--subject", "  OPENAI "]),
            openai,
            "subjects match space-insensitively"
        );
        env.ok(&["subject", "add", "OpenAI", "--alias", "Open AI"]);
        assert_eq!(
            env.keys(&["--subject", "open ai"]),
            openai,
            "subject aliases"
        );

        let valuation = set([
            "wye-2024-09-openai-valuation-round",
            "wye-2024-09-openai-valuation-explainer",
            "reuters-2024-09-openai-valuation",
            "reuters-2024-09-openai-valuation-previous",
        ]);
        assert_eq!(env.keys(&["--metric", "valuation"]), valuation);
        assert_eq!(env.keys(&["--metric", "Valuation"]), valuation);
        assert_eq!(
            env.keys(&["--subject", "Microsoft", "--metric", "valuation"]),
            BTreeSet::new()
        );

        assert_eq!(
            env.keys(&["--since", "2024-09-28", "--until", "2024-09-28"]),
            founding_keys(|r| r["date"] == "2024-09-28")
        );
        assert_eq!(
            env.keys(&["--until", "2024-07-31"]),
            founding_keys(|r| text(r, "date").as_str() <= "2024-07-31")
        );
        assert_eq!(
            env.keys(&["--since", "2024-09-29"]),
            founding_keys(|r| text(r, "date").as_str() >= "2024-09-29")
        );
        assert_eq!(
            env.keys(&["--period", "2024"]),
            founding_keys(|r| r["period"] == "2024")
        );

        let reported =
            founding_keys(|r| r["confidence"] == "reported" || r["confidence"] == "confirmed");
        assert_eq!(env.keys(&["--min-confidence", "reported"]), reported);
        assert_eq!(env.keys(&["--min-confidence", "0.8"]), reported);
        assert_eq!(env.keys(&["--min-confidence", "speculative"]).len(), 30);
        assert_eq!(
            env.keys(&["--min-confidence", "confirmed"]),
            BTreeSet::new()
        );

        let limited = env.claims(&["--limit", "5"]);
        assert_eq!(limited.len(), 5);
        let all = env.claims(&[]);
        assert_eq!(
            limited[..],
            all[..5],
            "--limit keeps the first claims in list order"
        );
    }
);

on_both!(list_filters_by_status, |backend| {
    let env = Env::founding_on(backend);
    env.ok(&[
        "retract",
        "bloomberg-2024-09-openai-credit-line",
        "--reason",
        "test",
    ]);
    let credit = set(["bloomberg-2024-09-openai-credit-line"]);
    assert_eq!(env.keys(&["--status", "retracted"]), credit);
    assert_eq!(env.keys(&[]).len(), 29);
    assert_eq!(env.keys(&["--status", "active"]).len(), 29);
    assert_eq!(env.keys(&["--status", "all"]).len(), 30);
    assert_eq!(env.keys(&["--status", "superseded"]), BTreeSet::new());
    env.run(&["list", "--status", "bogus"]).fails_with(2);
});

on_both!(
    list_search_finds_english_and_chinese_words_in_quotes,
    |backend| {
        let env = Env::founding_on(backend);
        // The claims whose quote, title or notes contain the text.
        let containing = |t: &str| {
            founding_keys(|r| {
                ["quote", "title", "notes"]
                    .iter()
                    .any(|f| text(r, f).to_lowercase().contains(&t.to_lowercase()))
            })
        };
        let revenue_claims = set([
            "ti-2024-07-openai-revenue-2024",
            "nyt-2024-09-openai-revenue-2024",
        ]);
        assert_eq!(
            env.keys(&["--search", "收入"]),
            revenue_claims,
            "two-character Chinese word"
        );
        assert_eq!(
            env.keys(&["--search", "“收入”"]),
            revenue_claims,
            "in Chinese quotation marks"
        );
        for term in ["revenue", "Microsoft", "收", "估值", "融资", "微软"] {
            let found = env.keys(&["--search", term]);
            assert!(!found.is_empty(), "--search {term} found nothing");
            assert!(
                containing(term).is_subset(&found),
                "--search {term}: missed {:?}",
                containing(term).difference(&found).collect::<Vec<_>>()
            );
        }
        assert_eq!(env.keys(&["--search", "revenue"]), containing("revenue"));
        assert_eq!(
            env.keys(&["--search", "收"]),
            containing("收"),
            "one-character search"
        );
        assert_eq!(env.keys(&["--search", "估值"]), containing("估值"));
        assert_eq!(env.keys(&["--search", "zzyzx"]), BTreeSet::new());
        assert_eq!(
            env.keys(&["--search", "收入", "--source", "NYT"]),
            set(["nyt-2024-09-openai-revenue-2024"])
        );
    }
);

#[test]
fn list_writes_table_json_jsonl_csv_and_markdown() {
    let env = Env::founding();
    let mut all = String::new();
    for format in ["table", "json", "jsonl", "csv", "markdown"] {
        let run = env.run(&["list", "--source", "路透社", "--format", format]);
        all.push_str(&format!("## --format {format}\n{}\n", run.transcript()));
        let out = run.ok();
        match format {
            "json" => {
                let v: Value = serde_json::from_str(&out).expect("json");
                assert_eq!(v.as_array().expect("array").len(), 4);
            }
            "jsonl" => {
                assert_eq!(out.lines().count(), 4);
                for line in out.lines() {
                    let v: Value = serde_json::from_str(line).expect("jsonl line");
                    assert_eq!(v["source"], "Reuters");
                }
            }
            "csv" => {
                let mut reader = csv::Reader::from_reader(out.as_bytes());
                let headers = reader.headers().expect("headers").clone();
                for h in [
                    "id", "key", "subject", "metric", "value", "source", "date", "status",
                ] {
                    assert!(headers.iter().any(|x| x == h), "csv without column {h}");
                }
                assert_eq!(reader.records().count(), 4);
            }
            _ => {}
        }
    }
    insta::assert_snapshot!("list_formats", all);
    // --format is global: before the command too.
    assert_eq!(
        env.ok(&["--format", "jsonl", "list", "--source", "Reuters"]),
        env.ok(&["list", "--source", "Reuters", "--format", "jsonl"])
    );
}

#[test]
fn list_with_no_matches_prints_an_empty_result() {
    let env = Env::founding();
    let run = env.run(&["list", "--since", "2030"]);
    insta::assert_snapshot!("list_no_match", run.transcript());
    assert_eq!(env.claims(&["--since", "2030"]), Vec::<Value>::new());
}

on_both!(
/// A subject, metric or source filter that names nothing known is refused with the
/// close names, on every command that filters: "no claims match" or an empty report
/// would hide the typo.
    a_filter_naming_an_unknown_subject_metric_or_source_suggests_close_names,
    |backend| {
        let env = Env::founding_on(backend);
        env.ok(&["subject", "add", "Mistral AI"]);
        let cases: &[(&[&str], &str)] = &[
            (
                &["list", "--subject", "Mistral"],
                "error: no subject named 'Mistral' — did you mean 'Mistral AI'? See `crosscheck subject list`\n",
            ),
            (
                &["list", "--metric", "valuations"],
                "error: no metric named 'valuations' — did you mean 'valuation'? See `crosscheck metric list`\n",
            ),
            (
                &["export", "--subject", "Nobody"],
                "error: no subject named 'Nobody'. See `crosscheck subject list`\n",
            ),
            (
                &["contradictions", "--subject", "Mistral"],
                "error: no subject named 'Mistral' — did you mean 'Mistral AI'? See `crosscheck subject list`\n",
            ),
            (
                &["contradictions", "--metric", "valuations"],
                "error: no metric named 'valuations' — did you mean 'valuation'? See `crosscheck metric list`\n",
            ),
            (
                &["--format", "json", "contradictions", "--subject", "Mistral"],
                "error: no subject named 'Mistral' — did you mean 'Mistral AI'? See `crosscheck subject list`\n",
            ),
            (
                &["truth", "--subject", "Mistral"],
                "error: no subject named 'Mistral' — did you mean 'Mistral AI'? See `crosscheck subject list`\n",
            ),
            (
                &["--format", "json", "truth", "--metric", "valuations"],
                "error: no metric named 'valuations' — did you mean 'valuation'? See `crosscheck metric list`\n",
            ),
            (
                &["timeline", "--subject", "Mistral", "--metric", "valuation"],
                "error: no subject named 'Mistral' — did you mean 'Mistral AI'? See `crosscheck subject list`\n",
            ),
            (
                &["timeline", "--subject", "OpenAI", "--metric", "valuations"],
                "error: no metric named 'valuations' — did you mean 'valuation'? See `crosscheck metric list`\n",
            ),
            (
                &["export", "--metric", "valuations"],
                "error: no metric named 'valuations' — did you mean 'valuation'? See `crosscheck metric list`\n",
            ),
            (
                &["export", "--source", "Reutrs"],
                "error: no source named 'Reutrs' — did you mean 'Reuters'? See `crosscheck source list`\n",
            ),
            (
                &["list", "--source", "Reutrs"],
                "error: no source named 'Reutrs' — did you mean 'Reuters'? See `crosscheck source list`\n",
            ),
        ];
        for (args, want) in cases {
            let run = env.run(args).fails_with(2);
            assert_eq!(run.stderr, *want, "{args:?}");
            assert_eq!(run.stdout, "");
        }
    }
);

#[test]
fn list_piped_into_head_ends_quietly() {
    let env = Env::ledger();
    // Enough claims that the table is far larger than a pipe's buffer.
    let mut lines = String::new();
    for i in 0..1500 {
        lines.push_str(&format!(
            "{{\"key\":\"k{i}\",\"subject\":\"Company {i}\",\"metric\":\"revenue\",\"value\":\"${i} million\",\"period\":\"2024\",\"source\":\"Reuters\",\"date\":\"2024-01-01\",\"quote\":\"A long quote about company {i} and its revenue, to make the table wide and tall.\"}}\n"
        ));
    }
    let file = env.write("many.jsonl", lines);
    env.ok(&["import", file.to_str().expect("utf-8")]);
    for format in ["table", "jsonl", "csv"] {
        let script = format!(
            "{{ '{bin}' --db '{db}' list --format {format} 2>err.txt; echo $? > rc.txt; }} | head -1",
            bin = crate::common::BIN,
            db = env.db().display()
        );
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(env.dir())
            .env_remove("CROSSCHECK_DB")
            .env("CROSSCHECK_ACTOR", "test")
            .output()
            .expect("sh");
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
        let rc = std::fs::read_to_string(env.path("rc.txt")).expect("rc");
        let err = std::fs::read_to_string(env.path("err.txt")).expect("err");
        assert_eq!(
            rc.trim(),
            "0",
            "--format {format}: crosscheck exited {rc} with {err}"
        );
        assert!(
            !err.contains("error") && !err.contains("panicked"),
            "--format {format}: {err}"
        );
    }
}

#[test]
fn list_with_an_unknown_source_is_a_usage_error_with_a_suggestion() {
    let env = Env::founding();
    let run = env.run(&["list", "--source", "Reuterz"]).fails_with(2);
    assert!(
        run.stderr.contains("did you mean 'Reuters'"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn list_json_with_an_unknown_source_writes_no_partial_document() {
    let env = Env::founding();
    let run = env
        .run(&["list", "--format", "json", "--source", "NoSuch"])
        .fails_with(2);
    assert_eq!(
        run.stdout, "",
        "a script reading stdout gets half a JSON document"
    );
}

#[test]
fn list_rejects_bad_filter_values_naming_the_flag() {
    let env = Env::founding();
    for (flag, value) in [
        ("--since", "2024-13-01"),
        ("--until", "yesterday"),
        ("--period", "2024-Q5"),
        ("--min-confidence", "very"),
        ("--limit", "-1"),
    ] {
        let run = env.run(&["list", flag, value]).fails_with(2);
        assert!(
            run.stderr.contains(flag) || run.stderr.contains("'-1'"),
            "{flag}: {}",
            run.stderr
        );
    }
}

/// A bulk load into an empty ledger builds its full-text index on a second thread and
/// moves it in; a load into a ledger that already holds claims indexes row by row. Both
/// must find the same claims, and FTS5 must find the moved index sound.
#[test]
fn search_index_of_a_bulk_load_equals_the_row_by_row_index() {
    let words = [
        "revenue",
        "valuation",
        "收入",
        "估值",
        "融资",
        "增长",
        "analysts",
        "Funding",
    ];
    let mut lines = String::new();
    for i in 0..6000usize {
        let quote: Vec<&str> = (0..9)
            .map(|j| words[(i * 7 + j * j + i / 13) % words.len()])
            .collect();
        let record = serde_json::json!({
            "key": format!("k{i}"),
            "subject": format!("Company {}", i % 50),
            "metric": "revenue",
            "value": format!("${}M", 100 + i % 17),
            "period": "2024",
            "source": "Reuters",
            "date": "2024-05-01",
            "quote": quote.join(if i % 3 == 0 { "" } else { " " }),
        });
        lines.push_str(&format!("{record}\n"));
    }
    let fresh = Env::ledger();
    let file = fresh.write("bulk.jsonl", &lines);
    fresh.ok(&["import", file.to_str().expect("utf-8")]);

    let grown = Env::ledger();
    let mut first = vec!["--key", "before"];
    first.extend_from_slice(REVENUE);
    grown.add(&first);
    let file = grown.write("bulk.jsonl", &lines);
    grown.ok(&["import", file.to_str().expect("utf-8")]);

    for term in words
        .iter()
        .chain(&["收", "长", "资", "zzyzx", "收入 估值"])
    {
        let search = ["--search", term, "--limit", "100000"];
        let mut row_by_row = grown.keys(&search);
        row_by_row.remove("before");
        let bulk = fresh.keys(&search);
        assert_eq!(bulk, row_by_row, "--search {term}");
        if *term != "zzyzx" {
            assert!(!bulk.is_empty(), "--search {term} found nothing");
        }
    }
    let conn = rusqlite::Connection::open(fresh.db()).expect("open ledger");
    conn.execute(
        "INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')",
        [],
    )
    .expect("the moved full-text index is sound");
    let leftovers: Vec<_> = std::fs::read_dir(fresh.dir())
        .expect("read dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".crosscheck"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "scratch files left behind: {leftovers:?}"
    );
}

on_both!(
/// `list --search` reads a search box's syntax: words (all must match), `OR`,
/// `"phrases"`, `prefix*`, and Chinese two-character words.
list_search_understands_or_phrases_and_prefixes, |backend| {
    let env = Env::ledger_on(backend);
    let quotes = [
        ("q1", "The company said revenue doubled."),
        ("q2", "Analysts expect the figure to fall."),
        ("q3", "Revenue at the company rose, analysts said."),
        ("q4", "A company spokesperson declined to comment."),
        ("q5", "Companies in the sector raised more."),
        ("q6", "公司年收入增长了一倍。"),
    ];
    let mut lines = String::new();
    for (i, (key, quote)) in quotes.iter().enumerate() {
        lines.push_str(&format!(
            "{{\"key\":\"{key}\",\"subject\":\"Firm {i}\",\"metric\":\"revenue\",\"value\":\"$1B\",\"period\":\"2024\",\"source\":\"Reuters\",\"date\":\"2024-01-01\",\"quote\":\"{quote}\"}}\n"
        ));
    }
    let file = env.write("quotes.jsonl", lines);
    env.ok(&["import", file.to_str().expect("utf-8")]);
    let cases: &[(&str, &[&str])] = &[
        ("company", &["q1", "q3", "q4"]),
        ("company analysts", &["q3"]),
        ("company OR analysts", &["q1", "q2", "q3", "q4"]),
        ("spokesperson OR 收入", &["q4", "q6"]),
        ("\"the company\"", &["q1", "q3"]),
        ("\"company the\"", &[]),
        ("\"the company\" OR sector", &["q1", "q3", "q5"]),
        ("\"the company\" revenue", &["q1", "q3"]),
        ("compan*", &["q1", "q3", "q4", "q5"]),
        ("Compan* OR expect", &["q1", "q2", "q3", "q4", "q5"]),
        ("analyst*", &["q2", "q3"]),
        ("收入", &["q6"]),
        ("\"收入增长\"", &["q6"]),
        ("\"收入长\"", &[]),
        ("a or b", &[]),
    ];
    for (query, want) in cases {
        let want: BTreeSet<String> = want.iter().map(|k| k.to_string()).collect();
        assert_eq!(env.keys(&["--search", query]), want, "--search {query}");
    }
    // A limit counts the claims that pass the phrase check.
    let limited = env.claims(&["--search", "\"the company\"", "--limit", "1"]);
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0]["key"], "q1");

    let malformed: &[(&str, &str)] = &[
        (
            "\"the company",
            "error: --search '\"the company': this quote is never closed; end the phrase with another \" (at character 1)\n",
        ),
        (
            "OR",
            "error: --search 'OR': OR needs a word before it (at character 1)\n",
        ),
        (
            "company OR",
            "error: --search 'company OR': OR needs a word after it (at character 9)\n",
        ),
    ];
    for (query, want) in malformed {
        let run = env.run(&["list", "--search", query]).fails_with(2);
        assert_eq!(run.stderr, *want, "--search {query}");
    }
});

/// A publication date after today is recorded, with a warning: it is most likely a typo.
#[test]
fn add_refuses_a_publication_date_in_the_future_unless_allowed() {
    let env = Env::ledger();
    let mut args = vec!["add"];
    args.extend_from_slice(REVENUE);
    let date = args.iter().position(|a| *a == "--date").expect("--date") + 1;
    args[date] = "2999-01-01";
    let run = env.run(&args).fails_with(2);
    assert!(
        run.stderr.contains("'2999-01-01' is in the future")
            && run.stderr.contains("--allow-future"),
        "{}",
        run.stderr
    );
    assert!(env.claims(&[]).is_empty(), "nothing is recorded");
    args.push("--allow-future");
    env.ok(&args);
    assert_eq!(env.claims(&[]).len(), 1);
}
