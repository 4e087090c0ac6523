//! `contradictions --since DATE|last`: the groups touched by claims recorded since a
//! moment, or since the previous `--check` run (whose mark is bookkeeping outside the
//! history: `verify` still passes, `log` does not show it).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::Env;

/// Adds a claim of `subject`'s 2024 revenue.
fn revenue(env: &Env, subject: &str, value: &str, source: &str) -> i64 {
    env.add(&[
        "--subject",
        subject,
        "--metric",
        "revenue",
        "--value",
        value,
        "--source",
        source,
        "--date",
        "2025-01-10",
        "--period",
        "2024",
    ])
}

/// The subjects of the groups a report shows.
fn subjects(groups: &[Value]) -> BTreeSet<String> {
    groups
        .iter()
        .map(|g| g["subject"].as_str().expect("subject").to_string())
        .collect()
}

/// When the newest event was recorded.
fn last_event_at(env: &Env) -> String {
    let log = env.json(&["log"]);
    let events = log.as_array().expect("events");
    events.last().expect("an event")["at"]
        .as_str()
        .expect("at")
        .to_string()
}

/// Event times have milliseconds: wait until the clock has moved past the last one.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

on_both!(
    since_a_date_keeps_the_groups_touched_by_claims_recorded_from_then_on,
    |backend| {
        let env = Env::new_on(backend);
        env.import("edge/conflicting.jsonl", &[]);
        let all = env.groups(&[]);
        assert!(all.len() >= 3, "the fixture's groups: {all:?}");
        let untouched = subjects(&all);
        assert!(untouched.contains("Anthropic"), "{untouched:?}");
        tick();
        // A claim joining Anthropic's 2024 revenue, then a new conflict about Acme.
        revenue(&env, "Anthropic", "$5 billion", "AP");
        let at_anthropic = last_event_at(&env);
        tick();
        revenue(&env, "Acme", "$100 million", "Reuters");
        let at_acme = last_event_at(&env);
        revenue(&env, "Acme", "$900 million", "Bloomberg");

        let since = |value: &str| env.groups(&["--since", value]);
        assert_eq!(
            subjects(&since(&at_anthropic)),
            BTreeSet::from(["Anthropic".to_string(), "Acme".to_string()])
        );
        assert_eq!(
            subjects(&since(&at_acme)),
            BTreeSet::from(["Acme".to_string()])
        );
        // The same moment written in another zone is the same moment.
        let shifted = chrono::DateTime::parse_from_rfc3339(&at_acme)
            .expect("an RFC 3339 time")
            .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600 + 1800).expect("offset"))
            .to_rfc3339();
        assert!(shifted.ends_with("+05:30"), "{shifted}");
        assert_eq!(since(&shifted), since(&at_acme));
        // A day before everything: the whole report, as it is without the flag.
        assert_eq!(since("2000-01-01"), env.groups(&[]));
        // A day still to come: nothing.
        assert_eq!(since("2999-12-31"), Vec::<Value>::new());
    }
);

on_both!(
    since_last_reports_what_is_new_since_the_previous_check,
    |backend| {
        let env = Env::new_on(backend);
        env.import("edge/conflicting.jsonl", &[]);
        let all = env.groups(&[]);
        // No check has run yet: everything is new, and stderr says why.
        let first = env.run(&["contradictions", "--since", "last", "--format", "json"]);
        assert_eq!(first.code, 0, "{}", first.transcript());
        assert_eq!(
            first.stderr,
            "no previous `contradictions --check` run is recorded in this ledger; \
             reporting every group (this run's --check records one)\n"
        );
        let first: Value = serde_json::from_str(&first.stdout).expect("JSON");
        assert_eq!(first["groups"].as_array().expect("groups"), &all);

        let events = env.json(&["log"]).as_array().expect("events").len();
        let check = env.run(&["contradictions", "--check"]);
        assert_eq!(check.code, 1, "open contradictions: {}", check.transcript());
        // The mark is no event.
        assert_eq!(env.json(&["log"]).as_array().expect("events").len(), events);

        // Nothing new since: an empty report, and a check that passes.
        assert_eq!(env.groups(&["--since", "last"]), Vec::<Value>::new());
        let quiet = env.run(&["contradictions", "--since", "last", "--check"]);
        assert_eq!(quiet.code, 0, "{}", quiet.transcript());
        assert_eq!(quiet.stdout, "No contradictions found.\n");

        // A new conflict: exactly that group, once.
        revenue(&env, "Acme", "$100 million", "Reuters");
        revenue(&env, "Acme", "$900 million", "Bloomberg");
        let new = env.groups(&["--since", "last"]);
        assert_eq!(subjects(&new), BTreeSet::from(["Acme".to_string()]));
        assert_eq!(new.len(), 1);
        let found = env.run(&["contradictions", "--since", "last", "--check"]);
        assert_eq!(found.code, 1, "{}", found.transcript());
        assert_eq!(env.groups(&["--since", "last"]), Vec::<Value>::new());

        // The marks are bookkeeping outside the chain: the ledger still verifies.
        let verified = env.run(&["--quiet", "verify"]);
        assert_eq!(verified.code, 0, "{}", verified.transcript());
        assert!(verified.stdout.starts_with("ok: "), "{}", verified.stdout);
    }
);

on_both!(a_since_that_is_no_date_is_a_usage_error, |backend| {
    let env = Env::new_on(backend);
    env.import("edge/conflicting.jsonl", &[]);
    for bad in [
        "yesterday",
        "2024-13-01",
        "2024-02-30",
        "01/03/2024",
        "2024-03-01 09:00",
    ] {
        let run = env.run(&["contradictions", "--since", bad]);
        assert_eq!(run.code, 2, "--since {bad}: {}", run.transcript());
        assert_eq!(run.stdout, "", "--since {bad}");
        assert_eq!(
            run.stderr,
            format!(
                "error: --since: '{bad}' is not a date or time; give YYYY-MM-DD (from midnight \
                 UTC), an RFC 3339 time such as 2026-03-01T09:30:00Z, or `last` (since the \
                 previous `contradictions --check`)\n"
            ),
            "--since {bad}"
        );
    }
});

#[test]
fn a_check_of_an_unchanged_ledger_records_no_new_mark() {
    let env = Env::new();
    env.import("edge/conflicting.jsonl", &[]);
    let marks = || -> i64 {
        let conn = rusqlite::Connection::open(env.db()).expect("open");
        conn.query_row("SELECT count(*) FROM marks", [], |r| r.get(0))
            .expect("count")
    };
    for _ in 0..3 {
        assert_eq!(env.run(&["contradictions", "--check"]).code, 1);
    }
    assert_eq!(marks(), 1, "the same mark is written once");
    revenue(&env, "Acme", "$100 million", "Reuters");
    assert_eq!(env.run(&["contradictions", "--check"]).code, 1);
    assert_eq!(marks(), 2, "a new claim moves the mark");
}
