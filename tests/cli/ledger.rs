//! The ledger file: `init`, and refusing files that are not (or not yet) ours.

use crate::common::{Env, fixture};

#[test]
fn init_creates_a_ledger_and_is_idempotent() {
    let env = Env::new();
    let first = env.run(&["init"]);
    let second = env.run(&["init"]);
    insta::assert_snapshot!(
        "init_twice",
        env.redact(&format!("{}\n{}", first.transcript(), second.transcript()))
    );
    assert!(env.db().is_file());
    assert_eq!(
        env.claims(&["--status", "all"]),
        Vec::<serde_json::Value>::new()
    );
}

#[test]
fn init_keeps_the_claims_of_an_existing_ledger() {
    let env = Env::founding();
    env.ok(&["init"]);
    assert_eq!(env.claims(&[]).len(), 30);
}

/// Every command that opens a ledger, with arguments that are otherwise valid.
const OPENERS: &[&[&str]] = &[
    &["init"],
    &["list"],
    &["contradictions"],
    &[
        "add",
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
    ],
];

/// Runs every opener (and an import) against `file` and checks each is refused with
/// exit 3 and the file is left byte-identical, with no journal files beside it.
fn assert_refused_untouched(env: &Env, expected_reason: &str) {
    let before = std::fs::read(env.db()).expect("read file");
    let good = crate::common::fixture("edge/good.csv");
    let mut commands: Vec<Vec<&str>> = OPENERS.iter().map(|c| c.to_vec()).collect();
    commands.push(vec!["import", good.as_str()]);
    for args in &commands {
        let run = env.run(args).fails_with(3);
        assert!(
            run.stderr.contains(expected_reason) && run.stderr.contains("left untouched"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{args:?} wrote data");
        assert_eq!(
            std::fs::read(env.db()).expect("read file"),
            before,
            "{args:?} changed the file"
        );
        for suffix in ["-wal", "-shm", "-journal"] {
            assert!(
                !env.path(&format!("ledger.db{suffix}")).exists(),
                "{args:?} left ledger.db{suffix}"
            );
        }
    }
}

#[test]
fn text_file_is_refused_and_left_untouched() {
    let env = Env::new();
    env.write("ledger.db", "These are my notes, not a ledger.\n");
    assert_refused_untouched(&env, "not a crosscheck ledger");
    let run = env.run(&["list"]);
    insta::assert_snapshot!("refuse_text_file", env.redact(&run.transcript()));
}

#[test]
fn empty_file_is_refused_and_left_untouched() {
    let env = Env::new();
    env.write("ledger.db", "");
    assert_refused_untouched(&env, "not a crosscheck ledger");
    assert_eq!(std::fs::metadata(env.db()).expect("stat").len(), 0);
}

#[test]
fn sqlite_database_of_another_application_is_refused_and_left_untouched() {
    let env = Env::new();
    {
        let db = rusqlite::Connection::open(env.db()).expect("open");
        db.execute_batch("CREATE TABLE recipes (name TEXT, minutes INTEGER); INSERT INTO recipes VALUES ('soup', 30);")
            .expect("create");
    }
    assert_refused_untouched(&env, "not a crosscheck ledger");
    let run = env.run(&["list"]);
    insta::assert_snapshot!("refuse_other_sqlite", env.redact(&run.transcript()));
}

#[test]
fn ledger_with_newer_schema_is_refused_and_left_untouched() {
    let env = Env::new();
    env.ok(&["init"]);
    {
        let db = rusqlite::Connection::open(env.db()).expect("open");
        db.pragma_update(None, "user_version", 99)
            .expect("raise user_version");
    }
    assert_refused_untouched(&env, "newer crosscheck");
    let run = env.run(&["list"]);
    insta::assert_snapshot!("refuse_newer_schema", env.redact(&run.transcript()));
    let db = rusqlite::Connection::open(env.db()).expect("open");
    let v: i64 = db
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    assert_eq!(v, 99);
}

#[test]
fn commands_on_a_missing_ledger_exit_3_and_suggest_init() {
    let env = Env::new();
    let cases: &[&[&str]] = &[
        &["list"],
        &["show", "1"],
        &["log"],
        &["contradictions"],
        &["retract", "1", "--reason", "gone"],
        &["resolve", "7859f6912b", "--correct", "1"],
        &["timeline", "--subject", "OpenAI", "--metric", "valuation"],
        &["export"],
        &["source", "list"],
        &["subject", "list"],
        &["metric", "list"],
        &["source", "add", "Reuters Breakingviews"],
        &["subject", "add", "OpenAI"],
        &["metric", "add", "revenue"],
        &[
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            "$3.7B",
            "--source",
            "NYT",
            "--date",
            "2024-09-27",
        ],
        &["import", "-"],
    ];
    for args in cases {
        let run = env.run(args).fails_with(3);
        assert!(
            run.stderr.contains("crosscheck init"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!env.db().exists(), "{args:?} created the ledger");
    }
    insta::assert_snapshot!(
        "missing_ledger",
        env.redact(&env.run(&["list"]).transcript())
    );
}

/// A mistyped `--db` must not start a new, empty ledger beside the real one: the
/// command refuses, creates nothing, and names the ledger the user probably meant.
#[test]
fn a_mistyped_ledger_is_refused_and_the_nearby_one_named() {
    let env = Env::new();
    env.command(&["--db", "ai.db", "init"])
        .output()
        .expect("init");
    let typo = |args: &[&str]| {
        let mut all = vec!["--db", "ai.dbb"];
        all.extend_from_slice(args);
        let out = env.command(&all).output().expect("run");
        (
            out.status.code(),
            String::from_utf8(out.stderr).expect("utf-8"),
        )
    };
    let add = [
        "add",
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "$3.7B",
        "--source",
        "NYT",
        "--date",
        "2024-09-27",
    ];
    let (code, stderr) = typo(&add);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(
        stderr,
        "error: no ledger at ai.dbb: there is no such file; nothing was created. Did you mean \
         --db ai.db? To start a new ledger here, run `crosscheck init --db ai.dbb`.\n"
    );
    assert!(
        !env.path("ai.dbb").exists(),
        "add created the mistyped ledger"
    );
    // A file that is not a ledger is not suggested, nor is a name too far off.
    env.write("ai.dbx", "not a ledger");
    let (_, stderr) = typo(&["list"]);
    assert!(stderr.contains("--db ai.db?"), "{stderr}");
    let out = env
        .command(&["--db", "zz.db", "list"])
        .output()
        .expect("run");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(!stderr.contains("Did you mean"), "{stderr}");
    // A missing folder is named, as `init` names it.
    let out = env
        .command(&["--db", "nodir/x.db", "import", &fixture("edge/good.csv")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8(out.stderr).expect("utf-8"),
        "error: no ledger at nodir/x.db: the folder nodir does not exist; nothing was created. \
         Check the path, or create the folder and run `crosscheck init` there.\n"
    );
    assert!(!env.path("nodir").exists());
}

/// Every command's help ends with real examples, and lists the options every command
/// takes under their own heading.
#[test]
fn every_help_ends_with_examples_and_lists_global_options_apart() {
    let env = Env::new();
    let commands: &[&[&str]] = &[
        &[],
        &["init"],
        &["source"],
        &["source", "add"],
        &["source", "list"],
        &["subject"],
        &["subject", "add"],
        &["subject", "list"],
        &["metric"],
        &["metric", "add"],
        &["metric", "list"],
        &["add"],
        &["list"],
        &["show"],
        &["import"],
        &["export"],
        &["parse"],
        &["retract"],
        &["contradictions"],
        &["resolve"],
        &["timeline"],
        &["log"],
        &["verify"],
        &["backup"],
        &["truth"],
        &["completions"],
        &["man"],
        &["demo"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let help = env.run_bare(&args).ok();
        let (_, examples) = help
            .split_once("\nExamples:\n")
            .unwrap_or_else(|| panic!("{command:?}: no examples in\n{help}"));
        let lines: Vec<&str> = examples
            .lines()
            .filter(|l| l.starts_with("  crosscheck"))
            .collect();
        assert!(
            (1..=3).contains(&lines.len()),
            "{command:?}: {} examples",
            lines.len()
        );
        if let Some(name) = command.first() {
            assert!(
                lines.iter().any(|l| l.contains(name)),
                "{command:?}: the examples do not use the command"
            );
        }
        let (own, global) = help
            .split_once("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("{command:?}: no global options heading"));
        assert!(
            !own.contains("--db <PATH>"),
            "{command:?}: --db among its own options"
        );
        assert!(global.contains("--db <PATH>") && global.contains("--format <FORMAT>"));
    }
}

/// A PostgreSQL URL goes to a backend this build may not have: a ledger error (exit 3)
/// that says so, without the password, and no file named after the URL.
#[test]
fn a_postgres_url_without_the_backend_is_a_clear_ledger_error() {
    let env = Env::new();
    for url in [
        "postgres://reporter:s3cret@db.example/ledger",
        "postgresql://db.example/ledger",
    ] {
        let run = env.run_bare(&["--db", url, "list"]).fails_with(3);
        assert!(
            run.stderr.contains("no PostgreSQL backend"),
            "{url}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("s3cret"), "{url}: {}", run.stderr);
        assert!(!run.stderr.contains("crosscheck init"), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_dir(env.dir()).expect("temp dir").count(), 0);
}
