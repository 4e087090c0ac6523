//! The ledger on a PostgreSQL server, where it differs from a file: reaching the
//! server (and saying why not), many writers at once, roles, an edit made with `psql`,
//! and moving a ledger between SQLite and PostgreSQL. What both backends must answer
//! alike is tested on both, in the other modules (`on_both!`).

use std::process::{Command, Stdio};

use crate::common::{BIN, Backend, Env};
use crate::pg::{self, Cluster};

/// The test cluster, or `None` (the test is skipped, loudly) without PostgreSQL.
fn cluster() -> Option<&'static Cluster> {
    pg::cluster()
}

/// A PostgreSQL ledger with the founding article's claims.
fn founding() -> Option<(Env, &'static Cluster)> {
    let c = cluster()?;
    Some((Env::founding_on(Backend::Postgres), c))
}

fn db(env: &Env) -> &str {
    Cluster::db_of(env.url().expect("a server ledger"))
}

/// Runs `crosscheck --db URL ARGS` in `env`'s folder.
fn run_at(env: &Env, url: &str, args: &[&str]) -> crate::common::Run {
    let mut all = vec!["--db", url];
    all.extend_from_slice(args);
    let out = env
        .command(&all)
        .stdin(Stdio::null())
        .output()
        .expect("run crosscheck");
    let run = crate::common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    run.assert_no_panic();
    run
}

#[test]
fn an_unreachable_server_exits_3_naming_the_host_and_never_the_password() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let env = Env::new();
    let url = format!("postgres://desk:s3cret-pw@127.0.0.1:{port}/newsroom");
    for args in [&["list"][..], &["--verbose", "verify"][..], &["init"][..]] {
        let run = run_at(&env, &url, args).fails_with(3);
        assert!(
            run.stderr.contains(&format!("127.0.0.1:{port}"))
                && run.stderr.contains("cannot reach the PostgreSQL server"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
        assert!(!run.stdout.contains("s3cret"), "{}", run.stdout);
    }
}

#[test]
fn a_wrong_password_a_missing_database_and_a_foreign_one_exit_3() {
    let Some(c) = cluster() else { return };
    let env = Env::new();
    let wrong = format!(
        "postgres://{}:not-the-password@127.0.0.1:{}/postgres",
        pg::PASSWORD_USER,
        c.port
    );
    let run = run_at(&env, &wrong, &["--verbose", "list"]).fails_with(3);
    assert!(
        run.stderr.contains(&format!("127.0.0.1:{}", c.port))
            && run.stderr.contains(pg::PASSWORD_USER)
            && run.stderr.contains("password"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not-the-password"), "{}", run.stderr);

    let missing = c.url("postgres", "no_such_ledger");
    let run = run_at(&env, &missing, &["list"]).fails_with(3);
    assert!(
        run.stderr.contains("no database 'no_such_ledger'") && run.stderr.contains("createdb"),
        "{}",
        run.stderr
    );

    // A database with tables of its own: refused, left as it was.
    let foreign = pg::fresh_database().expect("cluster");
    let name = Cluster::db_of(&foreign).to_string();
    c.sql(
        &name,
        "CREATE TABLE orders (id int); INSERT INTO orders VALUES (7)",
    );
    for args in [&["list"][..], &["init"][..]] {
        let run = run_at(&env, &foreign, args).fails_with(3);
        assert!(
            run.stderr.contains("not a crosscheck ledger"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        c.sql(
            &name,
            "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'"
        )
        .trim(),
        "orders"
    );

    // An empty database: only `init` makes a ledger of it.
    let empty = pg::fresh_database().expect("cluster");
    let run = run_at(&env, &empty, &["list"]).fails_with(3);
    assert!(run.stderr.contains("crosscheck init"), "{}", run.stderr);
}

#[test]
fn a_ledger_of_a_newer_version_is_refused_untouched() {
    let Some((env, c)) = founding() else { return };
    c.sql(db(&env), "UPDATE crosscheck_ledger SET schema_version = 99");
    let run = env.run(&["list"]).fails_with(3);
    assert!(run.stderr.contains("newer crosscheck"), "{}", run.stderr);
    let run = env.run(&["init"]).fails_with(3);
    assert!(run.stderr.contains("schema 99"), "{}", run.stderr);
}

#[test]
fn eight_writers_adding_a_hundred_claims_each_make_one_linear_chain() {
    let Some(_) = cluster() else { return };
    let env = Env::ledger_on(Backend::Postgres);
    let url = env.url().expect("server").to_string();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let url = url.clone();
            std::thread::spawn(move || {
                for i in 0..100 {
                    let out = Command::new(BIN)
                        .args(["--db", &url, "add", "--subject", &format!("Company {w}")])
                        .args(["--metric", "revenue", "--value", &format!("${}M", i + 1)])
                        .args(["--source", "Reuters", "--date", "2024-05-01"])
                        .args(["--period", "2023", "--key", &format!("w{w}-{i}")])
                        .env("CROSSCHECK_ACTOR", format!("writer {w}"))
                        .stdin(Stdio::null())
                        .output()
                        .expect("run add");
                    assert!(
                        out.status.success(),
                        "writer {w}, claim {i}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer thread");
    }
    let claims = env.claims(&["--status", "all"]);
    assert_eq!(claims.len(), 800);
    let mut ids: Vec<i64> = claims
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    ids.sort();
    assert_eq!(ids, (1..=800).collect::<Vec<i64>>(), "ids without gaps");
    let out = env.ok(&["--quiet", "verify"]);
    assert!(out.starts_with("ok: "), "{out}");
    // One event per add, after the ledger's first.
    let events = env.json(&["log"]);
    assert_eq!(events.as_array().map(Vec::len), Some(801));
}

/// Each edit made with `psql`, and a word the report must contain.
const TAMPERING: &[(&str, &str, &str)] = &[
    (
        "a claim's value edited",
        "UPDATE claims SET value = '$9B' WHERE id = 29",
        "claim 29",
    ),
    (
        "a value edited with its hash",
        "UPDATE claims SET value = '$9B', hash = '\\x00' WHERE id = 29",
        "claim 29",
    ),
    (
        "a confidence raised",
        "UPDATE claims SET confidence = 0.95 WHERE id = 30",
        "claim 30",
    ),
    (
        "a claim deleted",
        "DELETE FROM claim_words WHERE claim_id = 5; DELETE FROM claims WHERE id = 5",
        "event 2",
    ),
    (
        "a source renamed",
        "UPDATE sources SET name = 'Reuterz' WHERE name = 'Reuters'",
        "Reuterz",
    ),
    (
        "a retraction forged",
        "INSERT INTO retractions VALUES (3, 'made up', 2)",
        "claim 3",
    ),
    (
        "the search index emptied",
        "DELETE FROM claim_words",
        "search index",
    ),
    (
        "an event edited by a superuser who dropped the guard",
        "DROP TRIGGER events_no_update ON events; UPDATE events SET actor = 'mallory' WHERE id = 2",
        "event 2",
    ),
];

#[test]
fn verify_catches_an_edit_made_with_psql() {
    let Some(c) = cluster() else { return };
    for (what, statement, located) in TAMPERING {
        let env = Env::founding_on(Backend::Postgres);
        let clean = env.run(&["--quiet", "verify"]);
        assert_eq!(
            clean.code,
            0,
            "{what}: before the edit\n{}",
            clean.transcript()
        );
        c.sql(db(&env), statement);
        let run = env.run(&["--quiet", "verify"]);
        assert_eq!(
            run.code,
            1,
            "{what}: verify should fail\n{}",
            run.transcript()
        );
        assert!(
            run.stdout.contains(located),
            "{what}: the report should name {located}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn the_event_log_refuses_updates_and_deletes_on_the_server_too() {
    let Some((env, c)) = founding() else { return };
    for statement in [
        "UPDATE events SET actor = 'x'",
        "DELETE FROM events WHERE id = 2",
        "TRUNCATE events CASCADE",
    ] {
        let out = Command::new(c.bin.join("psql"))
            .args(["-X", "-q", "-h", "127.0.0.1", "-p", &c.port.to_string()])
            .args(["-U", "postgres", "-d", db(&env), "-c", statement])
            .output()
            .expect("psql");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("append-only"), "{statement}: {stderr}");
    }
    assert!(env.ok(&["--quiet", "verify"]).starts_with("ok: "));
}

#[test]
fn a_killed_import_leaves_all_of_it_or_none() {
    let Some(_) = cluster() else { return };
    let env = Env::ledger_on(Backend::Postgres);
    let mut lines = String::new();
    for i in 0..30_000 {
        lines.push_str(&format!(
            "{{\"subject\":\"Firm {}\",\"metric\":\"revenue\",\"value\":\"${}M\",\"source\":\"Reuters\",\"date\":\"2024-03-01\",\"period\":\"2023\",\"quote\":\"revenue of firm {i} grew\"}}\n",
            i % 500,
            i + 1
        ));
    }
    let file = env.write("big.jsonl", lines);
    let url = env.url().expect("server").to_string();
    let mut counts = Vec::new();
    for delay in [50, 300, 900, 2500] {
        let mut child = Command::new(BIN)
            .args(["--db", &url, "import"])
            .arg(&file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start import");
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let n = env.claims(&["--status", "all"]).len();
        assert!(
            n % 30_000 == 0,
            "after a kill at {delay} ms the ledger holds {n} claims"
        );
        counts.push(n);
        assert!(env.ok(&["--quiet", "verify"]).starts_with("ok: "));
    }
    eprintln!("claims after each kill: {counts:?}");
}

/// Exports a ledger as JSON Lines.
fn export(env: &Env) -> String {
    env.ok(&["export"])
}

#[test]
fn a_ledger_moves_from_sqlite_to_postgres_and_back_with_every_field() {
    let Some(_) = cluster() else { return };
    let file = Env::founding();
    file.import("edge/good.csv", &[]);
    file.ok(&["retract", "1", "--reason", "corrected"]);
    let from_file = export(&file);

    let server = Env::ledger_on(Backend::Postgres);
    server
        .run_stdin(&["import", "-", "--new-source"], &from_file)
        .ok();
    let from_server = export(&server);
    assert_eq!(
        from_server, from_file,
        "SQLite → PostgreSQL keeps every field"
    );

    let back = Env::ledger();
    back.run_stdin(&["import", "-", "--new-source"], &from_server)
        .ok();
    assert_eq!(
        export(&back),
        from_file,
        "PostgreSQL → SQLite keeps every field"
    );
    for env in [&file, &server, &back] {
        assert!(env.ok(&["--quiet", "verify"]).starts_with("ok: "));
    }
}

#[test]
fn a_reader_role_lists_and_verifies_and_a_write_names_the_missing_privilege() {
    let Some((env, c)) = founding() else { return };
    let name = db(&env).to_string();
    let role = format!("reader_{name}");
    c.sql(
        &name,
        &format!(
            "CREATE ROLE {role} LOGIN; GRANT CONNECT ON DATABASE {name} TO {role};
             GRANT USAGE ON SCHEMA public TO {role};
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"
        ),
    );
    let url = c.url(&role, &name);
    run_at(&env, &url, &["list"]).ok();
    run_at(&env, &url, &["contradictions"]).ok();
    // A check reports as usual; only its mark for `--since last` cannot be recorded.
    let check = run_at(&env, &url, &["contradictions", "--check"]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(check.stdout.contains("contradiction"), "{}", check.stdout);
    assert!(
        check.stderr.starts_with(
            "warning: this check's mark was not recorded, so the next `--since last` \
             reports these groups again: "
        ) && check.stderr.contains("permission denied"),
        "{}",
        check.stderr
    );
    let out = run_at(&env, &url, &["--quiet", "verify"]).ok();
    assert!(out.starts_with("ok: "), "{out}");
    let before = env.claims(&["--status", "all"]).len();
    let run = run_at(
        &env,
        &url,
        &[
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            "$1B",
        ]
        .iter()
        .copied()
        .chain([
            "--source",
            "Reuters",
            "--date",
            "2024-01-01",
            "--period",
            "2023",
        ])
        .collect::<Vec<_>>(),
    )
    .fails_with(3);
    assert!(
        run.stderr.contains(&role)
            && run.stderr.contains("permission denied")
            && run.stderr.contains("INSERT"),
        "{}",
        run.stderr
    );
    assert_eq!(env.claims(&["--status", "all"]).len(), before);
}

#[test]
fn search_finds_words_prefixes_phrases_and_chinese_pairs_alike_on_both() {
    let Some(_) = cluster() else { return };
    let queries = [
        "revenue",
        "annualized OR 估值",
        "\"annual revenue\"",
        "valu*",
        "收入",
        "融",
        "OpenAI revenue",
    ];
    let file = Env::founding();
    let server = Env::founding_on(Backend::Postgres);
    for q in queries {
        let ids = |env: &Env| -> Vec<i64> {
            env.claims(&["--search", q, "--status", "all"])
                .iter()
                .map(|c| c["id"].as_i64().expect("id"))
                .collect()
        };
        assert_eq!(ids(&file), ids(&server), "--search {q}");
    }
}
