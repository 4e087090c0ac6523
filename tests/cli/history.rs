//! `retract`, `show` and `log`: a claim's state and history.

use crate::common::{Env, set};

const NYT_REVENUE: &str = "nyt-2024-09-openai-revenue-2024";

on_both!(
    retract_marks_the_claim_retracted_and_list_hides_it,
    |backend| {
        let env = Env::founding_on(backend);
        let run = env.run(&[
            "retract",
            NYT_REVENUE,
            "--reason",
            "NYT corrected the figure",
        ]);
        insta::assert_snapshot!("retract", run.transcript());
        run.ok();
        assert!(
            !env.keys(&[]).contains(NYT_REVENUE),
            "list shows a retracted claim"
        );
        assert_eq!(env.keys(&[]).len(), 29);
        let all = env.claims(&["--status", "all"]);
        let nyt = all
            .iter()
            .find(|c| c["key"] == NYT_REVENUE)
            .expect("list --status all shows it");
        assert_eq!(nyt["status"], "retracted");
        assert_eq!(env.keys(&["--status", "retracted"]), set([NYT_REVENUE]));
        let shown = env.json(&["show", NYT_REVENUE]);
        assert_eq!(shown["status"], "retracted");
        // Nothing is deleted: the value is still there, and the log says who retracted it.
        assert_eq!(shown["value"], "超过20亿美元");
        let events = env.json(&["log", NYT_REVENUE]);
        let last = events
            .as_array()
            .and_then(|e| e.last())
            .expect("events")
            .clone();
        assert_eq!(last["action"], "claim.retract");
        assert_eq!(last["actor"], "test");
        // Retracting again is harmless.
        env.ok(&["retract", NYT_REVENUE, "--reason", "again"]);
        assert_eq!(env.keys(&["--status", "retracted"]).len(), 1);
    }
);

#[test]
fn retract_by_id_works_and_needs_a_reason() {
    let env = Env::founding();
    let id = env.json(&["show", NYT_REVENUE])["id"].to_string();
    env.run(&["retract", &id, "--reason", ""]).fails_with(2);
    env.run(&["retract", &id]).fails_with(2);
    assert_eq!(env.keys(&["--status", "retracted"]).len(), 0);
    env.ok(&["retract", &id, "--reason", "withdrawn"]);
    assert_eq!(env.keys(&["--status", "retracted"]), set([NYT_REVENUE]));
}

on_both!(show_finds_a_claim_by_key_and_by_id, |backend| {
    let env = Env::founding_on(backend);
    let by_key = env.json(&["show", NYT_REVENUE]);
    let id = by_key["id"].as_i64().expect("id");
    let by_id = env.json(&["show", &id.to_string()]);
    assert_eq!(by_key, by_id);
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
        assert!(by_key.get(field).is_some(), "show without {field}");
    }
    assert_eq!(by_key["key"], NYT_REVENUE);
    assert_eq!(by_key["via"], "Where's Your Ed At (Chinese translation)");
    let contradictions = by_key["contradictions"].as_array().expect("contradictions");
    assert_eq!(contradictions.len(), 1);
    assert_eq!(contradictions[0]["kind"], "tension");
    // The table, with the history's timestamps redacted.
    let run = env.run(&["show", NYT_REVENUE]);
    insta::assert_snapshot!("show_table", env.redact(&run.transcript()));
    run.ok();
});

on_both!(
    log_lists_the_ledger_history_and_a_claims_events,
    |backend| {
        let env = Env::ledger_on(backend);
        // Imported by a relative path, so that the table's layout does not depend on
        // where the crate is checked out.
        let text =
            std::fs::read_to_string(crate::common::fixture("founding.jsonl")).expect("fixture");
        env.write("founding.jsonl", text);
        env.ok(&["import", "founding.jsonl", "--new-source"]);
        env.ok(&["retract", NYT_REVENUE, "--reason", "corrected"]);
        let events = env.json(&["log"]);
        let events = events.as_array().expect("events");
        let actions: Vec<&str> = events.iter().filter_map(|e| e["action"].as_str()).collect();
        assert_eq!(
            actions,
            vec!["ledger.init", "claims.import", "claim.retract"]
        );
        for e in events {
            for field in ["id", "at", "actor", "action", "hash"] {
                assert!(e.get(field).is_some(), "event without {field}: {e}");
            }
            assert_eq!(e["actor"], "test", "CROSSCHECK_ACTOR is the actor");
        }
        let hashes: std::collections::BTreeSet<&str> =
            events.iter().filter_map(|e| e["hash"].as_str()).collect();
        assert_eq!(hashes.len(), events.len(), "every event has its own hash");

        let claim_events = env.json(&["log", NYT_REVENUE]);
        let claim_actions: Vec<&str> = claim_events
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert_eq!(claim_actions, vec!["claims.import", "claim.retract"]);
        let id = env.json(&["show", NYT_REVENUE])["id"].to_string();
        assert_eq!(env.json(&["log", &id]), claim_events, "log ID = log KEY");
        // An unrelated claim has only its import.
        let other = env.json(&["log", "reuters-2024-09-openai-valuation"]);
        assert_eq!(other.as_array().map(Vec::len), Some(1));

        // The table, with timestamps, hashes and paths redacted.
        let mut table = env.redact(&env.ok(&["log"]));
        for e in events {
            let hash = e["hash"].as_str().expect("hash");
            table = table.replace(&hash[..12], "[hash......]");
        }
        insta::assert_snapshot!("log_table", table);
    }
);

#[test]
fn unknown_claims_are_a_usage_error() {
    let env = Env::founding();
    let mut transcript = String::new();
    for args in [
        &["show", "no-such-key"][..],
        &["show", "999"],
        &["log", "no-such-key"],
        &["retract", "no-such-key", "--reason", "x"],
    ] {
        let run = env.run(args).fails_with(2);
        assert_eq!(run.stdout, "");
        transcript.push_str(&format!("## {args:?}\n{}\n", run.transcript()));
    }
    insta::assert_snapshot!("unknown_claims", transcript);
    assert_eq!(env.keys(&["--status", "retracted"]), Default::default());
}
