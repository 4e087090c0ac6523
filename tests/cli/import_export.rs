//! `import` (all or nothing, idempotent, supersession) and `export` (round trips,
//! spreadsheet-safe CSV).

use serde_json::Value;

use crate::common::{Env, fixture, set};

on_both!(founding_fixture_imports_with_new_source, |backend| {
    let env = Env::ledger_on(backend);
    let path = fixture("founding.jsonl");
    let run = env.run(&["import", &path, "--new-source"]);
    insta::assert_snapshot!("import_founding", env.redact(&run.transcript()));
    run.ok();
    assert_eq!(env.claims(&[]).len(), 30);
    let sources = env.json(&["source", "list"]);
    let names: Vec<&str> = sources
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Where's Your Ed At (Chinese translation)"),
        "{names:?}"
    );
    assert!(names.contains(&"Dario Amodei"), "{names:?}");
});

#[test]
fn founding_fixture_without_new_source_is_refused_naming_the_unknown_sources() {
    let env = Env::ledger();
    let run = env
        .run(&["import", &fixture("founding.jsonl")])
        .fails_with(2);
    assert!(
        run.stderr
            .contains("Where's Your Ed At (Chinese translation)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Dario Amodei"), "{}", run.stderr);
    assert!(run.stderr.contains("--new-source"), "{}", run.stderr);
    assert_eq!(env.claims(&[]).len(), 0, "a failed import adds nothing");
}

on_both!(reimport_is_a_no_op_reported_as_skipped, |backend| {
    let env = Env::founding_on(backend);
    let before = env.ok(&["export"]);
    let events_before = env.json(&["log"]);
    let run = env.run(&["import", &fixture("founding.jsonl"), "--new-source"]);
    insta::assert_snapshot!("reimport_founding", env.redact(&run.transcript()));
    let run = run.ok();
    assert_eq!(run, "");
    assert_eq!(env.claims(&[]).len(), 30);
    assert_eq!(env.ok(&["export"]), before, "re-import changed the claims");
    assert_eq!(
        env.json(&["log"]),
        events_before,
        "re-import logged a change"
    );
});

on_both!(
    malformed_jsonl_imports_nothing_and_names_lines_3_and_5,
    |backend| {
        let env = Env::new_on(backend);
        env.ok(&["init"]);
        let run = env.run(&["import", &fixture("edge/malformed.jsonl")]);
        insta::assert_snapshot!("import_malformed_jsonl", env.redact(&run.transcript()));
        let run = run.fails_with(2);
        let lines: Vec<&str> = run.stderr.lines().collect();
        let line3 = lines
            .iter()
            .find(|l| l.contains("line 3"))
            .expect("line 3 reported");
        assert!(line3.contains("value"), "{line3}");
        let line5 = lines
            .iter()
            .find(|l| l.contains("line 5"))
            .expect("line 5 reported");
        assert!(
            line5.contains("date") && line5.contains("2024-02-30"),
            "{line5}"
        );
        for good in ["line 1", "line 2", "line 4", "line 6"] {
            assert!(
                !run.stderr.contains(&format!("{good},")),
                "{good} reported: {}",
                run.stderr
            );
            assert!(
                !run.stderr.contains(&format!("{good}:")),
                "{good} reported: {}",
                run.stderr
            );
        }
        assert!(
            env.claims(&["--status", "all"]).is_empty(),
            "a failed import kept claims"
        );
    }
);

on_both!(
    good_csv_imports_four_claims_with_tags_via_and_quoted_commas,
    |backend| {
        let env = Env::ledger_on(backend);
        let run = env.run(&["import", &fixture("edge/good.csv")]);
        insta::assert_snapshot!("import_good_csv", env.redact(&run.transcript()));
        run.ok();
        let claims = env.claims(&[]);
        assert_eq!(claims.len(), 4);
        let by_key = |k: &str| claims.iter().find(|c| c["key"] == k).cloned().expect(k);
        let nvidia = by_key("csv-reuters-2025-02-nvidia-revenue-fy2025");
        assert_eq!(nvidia["value"], "$130,497 million");
        assert_eq!(nvidia["low"], 130_497e6);
        assert_eq!(nvidia["period"], "FY2025");
        assert_eq!(nvidia["confidence"], "confirmed");
        assert_eq!(nvidia["tags"], serde_json::json!(["earnings", "revenue"]));
        assert_eq!(
            nvidia["quote"],
            "Nvidia reported revenue of $130.5 billion for fiscal 2025, up 114%."
        );
        let ft = by_key("csv-ft-2024-10-openai-valuation");
        assert_eq!(ft["source"], "Financial Times");
        assert_eq!(
            ft["tags"],
            serde_json::json!(["funding", "valuation", "zh"])
        );
        let verge = by_key("csv-verge-2024-10-openai-round-size");
        assert_eq!(verge["source"], "Reuters");
        assert_eq!(verge["via"], "The Verge");
        let meta = by_key("csv-cnbc-2025-01-meta-capex-2025");
        assert_eq!(
            (meta["low"].as_f64(), meta["high"].as_f64()),
            (Some(60e9), Some(65e9))
        );
        assert_eq!(meta["confidence"], "speculative");
    }
);

#[test]
fn malformed_csv_imports_nothing_and_names_file_line_4() {
    let env = Env::new();
    env.ok(&["init"]);
    let run = env.run(&["import", &fixture("edge/malformed.csv")]);
    insta::assert_snapshot!("import_malformed_csv", env.redact(&run.transcript()));
    let run = run.fails_with(2);
    let line4 = run
        .stderr
        .lines()
        .find(|l| l.contains("line 4"))
        .expect("line 4 reported");
    assert!(
        line4.contains("confidence") && line4.contains("1.7"),
        "{line4}"
    );
    for good in ["line 2", "line 3", "line 5"] {
        assert!(
            !run.stderr.contains(good),
            "{good} reported: {}",
            run.stderr
        );
    }
    assert!(env.claims(&["--status", "all"]).is_empty());
}

#[test]
fn dry_run_reports_and_changes_nothing() {
    let env = Env::founding();
    let before = std::fs::read(env.db()).expect("read ledger");
    let export_before = env.ok(&["export"]);
    let log_before = env.json(&["log"]);
    let run = env.run(&["import", &fixture("edge/good.csv"), "--dry-run"]);
    insta::assert_snapshot!("import_dry_run", env.redact(&run.transcript()));
    run.ok();
    assert_eq!(env.ok(&["export"]), export_before);
    assert_eq!(env.json(&["log"]), log_before);
    assert_eq!(std::fs::read(env.db()).expect("read ledger"), before);
    // A dry run of a bad file still reports every bad record.
    let run = env
        .run(&["import", &fixture("edge/malformed.jsonl"), "--dry-run"])
        .fails_with(2);
    assert!(
        run.stderr.contains("line 3") && run.stderr.contains("line 5"),
        "{}",
        run.stderr
    );
    assert_eq!(env.ok(&["export"]), export_before);
}

#[test]
fn dry_run_does_not_create_a_missing_ledger() {
    let env = Env::new();
    env.run(&["import", &fixture("edge/good.csv"), "--dry-run"])
        .fails_with(3);
    assert!(
        !env.db().exists(),
        "a dry run created {}",
        env.db().display()
    );
}

#[test]
fn import_reads_jsonl_from_stdin() {
    let env = Env::ledger();
    let text = std::fs::read_to_string(fixture("founding.jsonl")).expect("fixture");
    let run = env.run_stdin(&["import", "-", "--new-source"], &text);
    insta::assert_snapshot!("import_stdin", env.redact(&run.transcript()));
    run.ok();
    assert_eq!(env.claims(&[]).len(), 30);
    // CSV on stdin with --from.
    let csv = std::fs::read_to_string(fixture("edge/good.csv")).expect("fixture");
    env.run_stdin(&["import", "-", "--from", "csv"], &csv).ok();
    assert_eq!(env.claims(&[]).len(), 34);
}

#[test]
fn import_of_a_file_with_an_unknown_extension_reads_its_content() {
    let env = Env::ledger();
    let text = std::fs::read_to_string(fixture("edge/good.csv")).expect("fixture");
    let file = env.write("claims.txt", &text);
    env.ok(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(env.claims(&[]).len(), 4);
    // Content that is neither JSON Lines nor CSV: the name and the content say nothing.
    let odd = env.write("notes.txt", "just some words\n");
    let run = env
        .run(&["import", odd.to_str().expect("utf-8")])
        .fails_with(2);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot tell the format of '{}' from its name or its content; pass --from \
             jsonl or --from csv\n",
            odd.display()
        )
    );
}

on_both!(
    reimport_of_a_key_with_changed_content_supersedes_the_old_claim,
    |backend| {
        let env = Env::founding_on(backend);
        let changed = std::fs::read_to_string(fixture("founding.jsonl"))
            .expect("fixture")
            .replace("\"超过20亿美元\"", "\"超过37亿美元\"");
        let file = env.write("changed.jsonl", changed);
        let run = env.run(&["import", file.to_str().expect("utf-8")]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(run.stderr.contains("29 skipped"), "{}", run.stderr);

        let key = "nyt-2024-09-openai-revenue-2024";
        let versions = env.claims(&["--status", "all", "--source", "NYT"]);
        assert_eq!(versions.len(), 2, "{versions:?}");
        let old = versions
            .iter()
            .find(|c| c["status"] == "superseded")
            .expect("old claim superseded");
        assert_eq!(old["value"], "超过20亿美元");
        assert_eq!(env.claims(&["--status", "superseded"]).len(), 1);
        let active = env.claims(&["--source", "NYT"]);
        assert_eq!(active.len(), 1);
        assert_eq!(active[0]["key"], key);
        assert_eq!(active[0]["value"], "超过37亿美元");
        assert_eq!(active[0]["status"], "active");
        assert_eq!(env.claims(&[]).len(), 30);
        // `show KEY` is the new version.
        assert_eq!(env.json(&["show", key])["value"], "超过37亿美元");
        // Importing the changed file again is a no-op.
        let again = env.run(&["import", file.to_str().expect("utf-8")]).ok();
        assert_eq!(again, "");
        assert_eq!(env.claims(&["--status", "all"]).len(), 31);
    }
);

#[test]
fn add_with_a_known_key_and_new_value_supersedes_the_old_claim() {
    let env = Env::new();
    let base = [
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--period",
        "2024",
        "--source",
        "NYT",
        "--date",
        "2024-09-27",
        "--key",
        "nyt-rev",
    ];
    let mut first = base.to_vec();
    first.extend(["--value", "over $2 billion"]);
    let old = env.add(&first);
    let mut second = base.to_vec();
    second.extend(["--value", "over $3.7 billion"]);
    let new = env.add(&second);
    assert_ne!(old, new);
    let all = env.claims(&["--status", "all"]);
    let status = |id: i64| {
        all.iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].clone())
    };
    assert_eq!(status(old), Some("superseded".into()));
    assert_eq!(status(new), Some("active".into()));
    assert_eq!(env.json(&["show", "nyt-rev"])["id"], new);
}

/// A ledger with the founding article, the conflicting edge set and the good CSV.
fn mixed() -> Env {
    let env = Env::founding();
    env.import("edge/conflicting.jsonl", &[]);
    env.import("edge/good.csv", &[]);
    env
}

on_both!(
    jsonl_export_then_import_round_trips_identically,
    |backend| {
        let env = mixed();
        let first = env.ok(&["export"]);
        assert_eq!(first.lines().count(), 50);
        let copy = Env::ledger_on(backend);
        let file = copy.write("export.jsonl", &first);
        copy.ok(&["import", file.to_str().expect("utf-8"), "--new-source"]);
        assert_eq!(
            copy.ok(&["export"]),
            first,
            "export → import → export changed records"
        );
        // Export via -o writes the same bytes.
        let out = env.path("out.jsonl");
        assert_eq!(env.ok(&["export", "-o", out.to_str().expect("utf-8")]), "");
        assert_eq!(std::fs::read_to_string(&out).expect("output file"), first);
        // Every record names the fields the spec says export adds.
        for line in first.lines() {
            let v: Value = serde_json::from_str(line).expect("jsonl");
            for field in [
                "id", "status", "unit", "low", "high", "bound", "subject", "metric", "value",
                "source", "date",
            ] {
                assert!(v.get(field).is_some(), "export without {field}: {line}");
            }
        }
        // The contradictions come out the same.
        assert_eq!(copy.groups(&[]), env.groups(&[]));
    }
);

#[test]
fn csv_export_then_import_round_trips_identically() {
    let env = mixed();
    let jsonl = env.ok(&["export"]);
    let csv = env.ok(&["export", "--format", "csv"]);
    let copy = Env::ledger();
    let file = copy.write("export.csv", &csv);
    copy.ok(&["import", file.to_str().expect("utf-8"), "--new-source"]);
    assert_eq!(
        copy.ok(&["export", "--format", "csv"]),
        csv,
        "CSV round trip"
    );
    assert_eq!(
        copy.ok(&["export"]),
        jsonl,
        "CSV round trip lost something JSONL keeps"
    );
}

on_both!(export_round_trip_keeps_retracted_claims, |backend| {
    let env = mixed();
    env.ok(&[
        "retract",
        "conf-verge-2025-03-anthropic-lead-investor-retract-me",
        "--reason",
        "corrected",
    ]);
    let first = env.ok(&["export"]);
    let copy = Env::ledger_on(backend);
    let file = copy.write("export.jsonl", &first);
    let run = copy.run(&["import", file.to_str().expect("utf-8"), "--new-source"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(copy.ok(&["export"]), first);
    assert_eq!(
        copy.keys(&["--status", "retracted"]),
        set(["conf-verge-2025-03-anthropic-lead-investor-retract-me"])
    );
    // The founding tension and the four conflicting.jsonl groups left after the retraction.
    assert_eq!(copy.groups(&[]).len(), 5);
    assert_eq!(copy.groups(&[]).len(), env.groups(&[]).len());
});

#[test]
fn csv_export_neutralises_formulas_and_jsonl_keeps_them_verbatim() {
    let env = Env::ledger();
    let formula = r#"=HYPERLINK("http://example.com/x","click")"#;
    env.add(&[
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "$3.7B",
        "--period",
        "2024",
        "--source",
        "NYT",
        "--date",
        "2024-09-27",
        "--key",
        "formula",
        "--quote",
        formula,
        "--tag=@risky",
        "--notes",
        "+1 555",
    ]);
    let csv = env.ok(&["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let record = reader
        .records()
        .next()
        .expect("one record")
        .expect("csv record");
    let cell = |name: &str| {
        let i = headers.iter().position(|h| h == name).expect(name);
        record.get(i).expect("cell").to_string()
    };
    assert_eq!(cell("quote"), format!("'{formula}"));
    assert_eq!(cell("tags"), "'@risky");
    assert_eq!(cell("notes"), "'+1 555");
    for (i, value) in record.iter().enumerate() {
        assert!(
            !value.starts_with(['=', '+', '-', '@']),
            "column {} would run as a formula: {value}",
            &headers[i]
        );
    }

    let jsonl = env.ok(&["export"]);
    let v: Value = serde_json::from_str(jsonl.trim()).expect("jsonl");
    assert_eq!(v["quote"], formula);
    assert_eq!(v["tags"], serde_json::json!(["@risky"]));
    assert_eq!(v["notes"], "+1 555");

    // Importing the CSV gives the verbatim text back.
    let copy = Env::ledger();
    let file = copy.write("export.csv", &csv);
    copy.ok(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(copy.ok(&["export"]), jsonl);
}
