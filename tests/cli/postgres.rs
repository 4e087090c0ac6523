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

#[test]
fn a_server_that_speaks_only_tls_is_reached_with_sslmode_require_and_never_without_tls() {
    let Some(c) = pg::tls_cluster() else { return };
    let env = Env::new();
    let name = c.new_database();
    // The server asks for no password (trust); one in the URL must still never be shown.
    let url = |mode: &str| {
        format!(
            "postgres://postgres:s3cret-pw@127.0.0.1:{}/{name}?sslmode={mode}",
            c.port
        )
    };
    let require = url("require");
    run_at(&env, &require, &["init"]).ok();
    let added = run_at(
        &env,
        &require,
        &[
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            "$3.4B",
            "--source",
            "Reuters",
            "--date",
            "2024-06-12",
            "--period",
            "2024",
            "--key",
            "tls-1",
        ],
    )
    .ok();
    assert_eq!(added.trim(), "1", "{added}");
    let listed = run_at(&env, &require, &["--format", "csv", "list"]).ok();
    assert!(
        listed
            .lines()
            .nth(1)
            .is_some_and(|row| row.contains("$3.4B")),
        "{listed}"
    );
    // libpq's default, `prefer`, takes TLS when the server offers it.
    let preferred = format!("postgres://postgres@127.0.0.1:{}/{name}", c.port);
    assert_eq!(
        run_at(&env, &preferred, &["--format", "csv", "list"]).ok(),
        listed
    );

    // Without TLS the server itself refuses the connection: so the ones above were
    // encrypted.
    let plain = run_at(&env, &url("disable"), &["list"]).fails_with(3);
    assert!(
        plain.stderr.contains(&format!(
            "the server at 127.0.0.1:{} refused a connection without TLS",
            c.port
        )) && plain.stderr.contains("use sslmode=require"),
        "{}",
        plain.stderr
    );

    // A certificate no authority signed is refused when it must be checked.
    for mode in ["verify-full", "verify-ca"] {
        let strict = run_at(&env, &url(mode), &["list"]).fails_with(3);
        assert!(
            strict.stderr.contains(&format!(
                "the server at 127.0.0.1:{} presented a TLS certificate that cannot be \
                 trusted (it is self-signed",
                c.port
            )) && strict
                .stderr
                .contains("sslmode=require encrypts without checking"),
            "{mode}: {}",
            strict.stderr
        );
        for run in [&strict, &plain] {
            assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
            assert!(!run.stdout.contains("s3cret"), "{}", run.stdout);
        }
    }
}

/// `n` claim records on 500 firms, each with a key and a quote (English or Chinese).
fn many(n: usize) -> String {
    (0..n)
        .map(|i| {
            let quote = if i % 3 == 0 {
                format!("第{i}号公司收入增长")
            } else {
                format!("revenue of firm {i} grew")
            };
            format!(
                "{{\"key\":\"k{i}\",\"subject\":\"Firm {}\",\"metric\":\"revenue\",\"value\":\"${}M\",\
                 \"source\":\"Reuters\",\"date\":\"2024-03-01\",\"period\":\"2023\",\"quote\":\"{quote}\"}}\n",
                i % 500,
                i % 997 + 1
            )
        })
        .collect()
}

/// The secondary indexes and foreign keys of the tables an import fills, as the
/// server describes them.
fn indexes_and_keys(c: &Cluster, db: &str) -> String {
    c.sql(
        db,
        "SELECT string_agg(d, E'\\n' ORDER BY d) FROM (
           SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index
            WHERE indrelid IN ('citations'::regclass, 'claims'::regclass, 'claim_words'::regclass)
           UNION ALL
           SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
             FROM pg_constraint WHERE contype = 'f'
              AND conrelid IN ('citations'::regclass, 'claims'::regclass, 'claim_words'::regclass)
         ) s",
    )
}

#[test]
fn a_large_first_import_keeps_every_index_and_key_and_answers_as_sqlite_does() {
    let Some(c) = cluster() else { return };
    // More than one block of 20,000: the load into the empty ledger takes its fast path.
    let server = Env::ledger_on(Backend::Postgres);
    let before = indexes_and_keys(c, db(&server));
    assert_eq!(before.lines().count(), 18, "{before}");
    let file = server.write("big.jsonl", many(25_000));
    let file = file.to_str().expect("a UTF-8 path");
    let summary = server.run(&["import", file]).ok();
    assert_eq!(indexes_and_keys(c, db(&server)), before);

    let sqlite = Env::ledger();
    assert_eq!(sqlite.run(&["import", file]).ok(), summary);
    assert_eq!(export(&server), export(&sqlite));
    for q in ["grew", "firm 24998", "收入", "增长 OR 24998"] {
        let ids = |env: &Env| -> Vec<i64> {
            env.claims(&["--search", q, "--status", "all"])
                .iter()
                .map(|c| c["id"].as_i64().expect("id"))
                .collect()
        };
        let found = ids(&server);
        assert!(!found.is_empty(), "--search {q}");
        assert_eq!(found, ids(&sqlite), "--search {q}");
    }
    assert!(server.ok(&["--quiet", "verify"]).starts_with("ok: "));
    // Again, now on a ledger with claims: every key is known, nothing is added.
    let again = server.run(&["import", file]).ok();
    assert_eq!(again, sqlite.run(&["import", file]).ok());
    assert_eq!(
        server
            .claims(&["--status", "all", "--limit", "30000"])
            .len(),
        25_000
    );
}

#[test]
fn a_large_first_import_with_bad_records_past_the_first_block_changes_nothing() {
    let Some(c) = cluster() else { return };
    let mut lines: Vec<String> = many(25_000).lines().map(String::from).collect();
    lines[21_499] = lines[21_499].replace("\"value\":\"", "\"value\":\"\",\"notes\":\"");
    lines[23_999] = lines[23_999].replace("Reuters", "Reuterz");
    lines[24_999] = lines[24_999].replace("\"k24999\"", "\"k3\"");
    let server = Env::ledger_on(Backend::Postgres);
    let before = indexes_and_keys(c, db(&server));
    let file = server.write("bad.jsonl", lines.join("\n") + "\n");
    let file = file.to_str().expect("a UTF-8 path");
    let refused = server.run(&["import", file]).fails_with(2);
    let sqlite = Env::ledger();
    assert_eq!(
        sqlite.run(&["import", file]).fails_with(2).stderr,
        refused.stderr
    );
    for line in ["line 21500", "line 24000", "line 25000"] {
        assert!(refused.stderr.contains(line), "{line}: {}", refused.stderr);
    }
    assert_eq!(indexes_and_keys(c, db(&server)), before);
    assert!(server.claims(&["--status", "all"]).is_empty());
    assert!(server.ok(&["--quiet", "verify"]).starts_with("ok: "));
}

#[test]
fn a_writer_role_that_does_not_own_the_tables_imports_a_large_file_too() {
    let Some(c) = cluster() else { return };
    let server = Env::ledger_on(Backend::Postgres);
    let name = db(&server).to_string();
    let role = format!("writer_{name}");
    c.sql(
        &name,
        &format!(
            "CREATE ROLE {role} LOGIN; GRANT CONNECT ON DATABASE {name} TO {role};
             GRANT USAGE ON SCHEMA public TO {role};
             GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO {role}"
        ),
    );
    let file = server.write("big.jsonl", many(25_000));
    let url = c.url(&role, &name);
    run_at(&server, &url, &["import", file.to_str().expect("UTF-8")]).ok();
    assert_eq!(
        server
            .claims(&["--status", "all", "--limit", "30000"])
            .len(),
        25_000
    );
    assert!(
        run_at(&server, &url, &["--quiet", "verify"])
            .ok()
            .starts_with("ok: ")
    );
}
