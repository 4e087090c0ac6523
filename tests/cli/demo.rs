//! `demo`: the founding article, loaded and cross-checked in a fresh ledger.

use crate::common::Env;

#[test]
fn demo_prints_the_revenue_tension_and_no_valuation_group() {
    let env = Env::new();
    let run = env.run_bare(&["demo"]);
    insta::assert_snapshot!("demo_stdout", run.stdout);
    insta::assert_snapshot!("demo_stderr", env.redact(&run.stderr));
    let out = run.ok();
    assert!(out.contains("TENSION — OpenAI revenue 2024"), "{out}");
    assert!(
        !out.contains("valuation ·") && !out.contains("valuation as of"),
        "{out}"
    );
    let demo_db = env.path("crosscheck-demo.db");
    assert!(demo_db.is_file());
    assert!(
        !env.db().exists(),
        "demo wrote somewhere other than ./crosscheck-demo.db"
    );
}

#[test]
fn demo_run_twice_rebuilds_its_ledger() {
    let env = Env::new();
    let first = env.run_bare(&["demo"]).ok();
    let second = env.run_bare(&["demo"]).ok();
    assert_eq!(first, second);
    let demo_db = env.path("crosscheck-demo.db");
    let db = demo_db.to_str().expect("utf-8");
    let claims = env
        .run_bare(&["--db", db, "list", "--status", "all", "--format", "json"])
        .ok();
    let claims: serde_json::Value = serde_json::from_str(&claims).expect("json");
    assert_eq!(
        claims.as_array().map(Vec::len),
        Some(30),
        "rebuilt, not imported twice"
    );
}

#[test]
fn demo_with_db_builds_a_new_ledger_there() {
    let env = Env::new();
    let db = env.db();
    env.run_bare(&[
        "demo",
        "--db",
        db.to_str().expect("utf-8"),
        "--format",
        "json",
    ])
    .ok();
    assert_eq!(env.claims(&[]).len(), 30);
    assert_eq!(env.groups(&[]).len(), 1);
    assert!(!env.path("crosscheck-demo.db").exists());
}

#[test]
fn demo_refuses_an_existing_db() {
    let env = Env::new();
    env.ok(&["init"]);
    env.ok(&[
        "add",
        "--subject",
        "A",
        "--metric",
        "m",
        "--value",
        "1",
        "--source",
        "Reuters",
        "--date",
        "2024-01-01",
    ]);
    let before = std::fs::read(env.db()).expect("read");
    let run = env.run(&["demo"]).fails_with(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(env.db()).expect("read"),
        before,
        "demo touched an existing ledger"
    );
    assert_eq!(env.claims(&[]).len(), 1);

    // Any existing file, ledger or not.
    let notes = env.write("notes.txt", "my notes\n");
    let run = env
        .run_bare(&["--db", notes.to_str().expect("utf-8"), "demo"])
        .fails_with(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&notes).expect("read"), "my notes\n");
}

#[test]
fn demo_never_deletes_a_default_path_file_that_is_not_a_ledger() {
    let env = Env::new();
    let file = env.write("crosscheck-demo.db", "not a ledger\n");
    let run = env.run_bare(&["demo"]);
    assert_ne!(run.code, 0);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "not a ledger\n"
    );
}
