//! A ledger you can trust: `verify` catches edits made behind the tool's back, anchors
//! catch a cut or rewritten history, backups verify, concurrent writers all land, and an
//! import killed at any moment leaves all of it or none (issue 4).

use std::process::{Command, Stdio};
use std::time::Instant;

use crate::common::{BIN, Env};

fn sql(env: &Env, statement: &str) {
    let conn = rusqlite::Connection::open(env.db()).expect("open ledger with rusqlite");
    conn.execute_batch(statement)
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

fn verify(env: &Env) -> crate::common::Run {
    env.run(&["--quiet", "verify"])
}

fn count(env: &Env) -> usize {
    env.json(&["list", "--status", "all"])
        .as_array()
        .expect("array")
        .len()
}

on_both!(untouched_ledgers_verify_cleanly, |backend| {
    let env = Env::founding_on(backend);
    env.import("edge/conflicting.jsonl", &[]);
    env.import("edge/good.csv", &[]);
    env.ok(&[
        "retract",
        "conf-verge-2025-03-anthropic-lead-investor-retract-me",
        "--reason",
        "corrected",
    ]);
    env.ok(&["source", "add", "The Economist", "--alias", "经济学人"]);
    env.ok(&["metric", "add", "investors", "--multi-valued"]);
    let groups = env.json(&["contradictions"]);
    let group = groups["groups"][0]["id"]
        .as_str()
        .expect("a group")
        .to_string();
    env.ok(&[
        "resolve",
        &group,
        "--dismiss",
        "--reason",
        "different definitions",
    ]);
    let out = verify(&env).ok();
    assert!(out.starts_with("ok: "), "{out}");
});

/// Each tampering, done in raw SQL, and a word the report must contain.
const TAMPERING: &[(&str, &str, &str)] = &[
    (
        "a claim's value edited",
        "UPDATE claims SET value = '$9B' WHERE id = 29",
        "claim 29",
    ),
    (
        "a claim's bounds edited",
        "UPDATE claims SET low = 1 WHERE id = 29",
        "claim 29",
    ),
    (
        "a value edited with its hash",
        "UPDATE claims SET value = '$9B', hash = zeroblob(32) WHERE id = 29",
        "claim 29",
    ),
    (
        "two claims' values swapped",
        "UPDATE claims SET value = CASE id WHEN 17 THEN '800亿美元' ELSE '1500亿美元' END, \
         low = CASE id WHEN 17 THEN 8e10 ELSE 1.5e11 END, high = CASE id WHEN 17 THEN 8e10 ELSE 1.5e11 END, \
         norm = CASE id WHEN 17 THEN 'USD:80000000000..80000000000' ELSE 'USD:150000000000..150000000000' END \
         WHERE id IN (17, 20)",
        "claim 17",
    ),
    (
        "a claim deleted",
        "DELETE FROM claims WHERE id = 5",
        "event 2",
    ),
    (
        "a claim forged",
        "INSERT INTO claims SELECT 99, 'forged', subject_id, metric_id, citation_id, source_id, via_id, \
         value, kind, unit, low, high, bound, norm, period, as_of, time_key, time_start, confidence, \
         confidence_label, quote, tags, notes, hash, event_id, basis, basis_given FROM claims WHERE id = 29",
        "claim 99",
    ),
    (
        "a source renamed",
        "UPDATE sources SET name = 'Reuterz' WHERE name = 'Reuters'",
        "Reuterz",
    ),
    (
        "an alias moved",
        "UPDATE source_names SET source_id = 4 WHERE norm = 'ft'",
        "FT",
    ),
    (
        "a retraction forged",
        "INSERT INTO retractions VALUES (3, 'made up', 2)",
        "claim 3",
    ),
    (
        "a confidence raised",
        "UPDATE claims SET confidence = 0.95 WHERE id = 30",
        "claim 30",
    ),
    (
        "an event deleted",
        "DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 1",
        "event 1",
    ),
    (
        "an event edited",
        "DROP TRIGGER events_no_update; UPDATE events SET actor = 'mallory' WHERE id = 2",
        "event 2",
    ),
];

#[test]
fn verify_finds_and_locates_every_edit_behind_the_tools_back() {
    for (what, statement, located) in TAMPERING {
        let env = Env::founding();
        sql(&env, statement);
        let run = verify(&env);
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
fn the_event_log_refuses_updates_and_deletes() {
    let env = Env::founding();
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    for statement in [
        "UPDATE events SET actor = 'x'",
        "DELETE FROM events WHERE id = 2",
    ] {
        let err = conn.execute_batch(statement).expect_err(statement);
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}

#[test]
fn an_anchor_catches_a_cut_or_rewritten_history() {
    let env = Env::founding();
    let anchor = env.ok(&["verify", "--anchor"]).trim().to_string();
    assert!(anchor.starts_with("2:"), "{anchor}");
    // Growing the ledger keeps the anchor valid.
    env.import("edge/good.csv", &[]);
    verify_against(&env, &anchor, 0);
    // Cut the last import off consistently: without the anchor this cannot be seen.
    let cut = Env::founding();
    let anchor = cut.ok(&["verify", "--anchor"]).trim().to_string();
    cut.import("edge/good.csv", &[]);
    let anchor3 = cut.ok(&["verify", "--anchor"]).trim().to_string();
    // A clean cut takes the claims' words out of the search index too.
    let conn = rusqlite::Connection::open(cut.db()).expect("open ledger");
    let texts: Vec<(i64, String)> = conn
        .prepare(
            "SELECT c.id, c.quote, ci.title, c.notes FROM claims c
             JOIN citations ci ON ci.id = c.citation_id WHERE c.event_id = 3",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                let parts: [Option<String>; 3] = [r.get(1)?, r.get(2)?, r.get(3)?];
                let parts: Vec<Option<&str>> = parts.iter().map(|p| p.as_deref()).collect();
                Ok((r.get(0)?, crosscheck::search::index_text(&parts)))
            })?
            .collect()
        })
        .expect("read claims");
    for (id, text) in texts.iter().filter(|(_, t)| !t.trim().is_empty()) {
        conn.execute(
            "INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', ?1, ?2)",
            rusqlite::params![id, text],
        )
        .expect("unindex");
    }
    drop(conn);
    sql(
        &cut,
        "DROP TRIGGER events_no_delete; DELETE FROM claims WHERE event_id = 3; \
         DELETE FROM citations WHERE id NOT IN (SELECT citation_id FROM claims); \
         DELETE FROM subject_names WHERE subject_id NOT IN (SELECT subject_id FROM claims); \
         DELETE FROM subjects WHERE id NOT IN (SELECT subject_id FROM claims); \
         DELETE FROM metric_names WHERE metric_id NOT IN (SELECT metric_id FROM claims); \
         DELETE FROM metrics WHERE id NOT IN (SELECT metric_id FROM claims); DELETE FROM events WHERE id = 3",
    );
    assert_eq!(
        verify(&cut).code,
        0,
        "a clean cut is invisible without an anchor"
    );
    verify_against(&cut, &anchor, 0);
    verify_against(&cut, &anchor3, 1);
    // A rewritten event with every hash recomputed differs from the anchor.
    let forged = anchor
        .replace(':', ":0")
        .chars()
        .take(anchor.len())
        .collect::<String>();
    verify_against(&cut, &forged, 1);
}

fn verify_against(env: &Env, anchor: &str, code: i32) {
    let run = env.run(&["--quiet", "verify", "--against", anchor]);
    assert_eq!(
        run.code,
        code,
        "verify --against {anchor}\n{}",
        run.transcript()
    );
}

#[test]
fn a_backup_is_a_verified_copy() {
    let env = Env::founding();
    let copy = env.path("copy.db");
    env.ok(&["backup", copy.to_str().expect("utf-8")]);
    let run = env.run_bare(&["--quiet", "--db", copy.to_str().expect("utf-8"), "verify"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let listed = |db: &str| env.run_bare(&["--db", db, "export"]).ok();
    assert_eq!(
        listed(copy.to_str().expect("utf-8")),
        listed(env.db().to_str().expect("utf-8"))
    );
    let again = env.run(&["backup", copy.to_str().expect("utf-8")]);
    assert_eq!(
        again.code,
        2,
        "a backup never overwrites: {}",
        again.transcript()
    );
}

#[test]
fn a_read_only_ledger_can_be_listed_and_verified_but_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::founding();
    let before = std::fs::read(env.db()).expect("read");
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
    };
    // Permission bits do not bind root: run as `nobody` then, on a copy of the binary
    // it can reach; otherwise take write permission away.
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let bin = env.path("crosscheck");
    std::fs::copy(BIN, &bin).expect("copy binary");
    mode(&bin, 0o755);
    mode(&env.db(), 0o444);
    mode(env.dir(), 0o555);
    let run = |args: &[&str]| {
        let db = env.db();
        let mut all = vec!["--db", db.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        let mut c = if root {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        c.args(&all).current_dir("/").output().expect("run")
    };
    let listed = run(&["--format", "json", "list"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text)
            .expect("json")
            .as_array()
            .map(Vec::len),
        Some(30)
    );
    assert!(run(&["--quiet", "verify"]).status.success());
    let refused = run(&["retract", "1", "--reason", "x"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("can only be read") && stderr.contains("ledger.db"),
        "{stderr}"
    );
    mode(env.dir(), 0o755);
    mode(&env.db(), 0o644);
    assert_eq!(
        std::fs::read(env.db()).expect("read"),
        before,
        "left byte-identical"
    );
}

#[test]
fn an_unwritable_folder_is_named_in_the_error() {
    let env = Env::new();
    let run = env.run_bare(&["--db", "/proc/crosscheck/ledger.db", "init"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("/proc/crosscheck/ledger.db"),
        "{}",
        run.stderr
    );
}

#[test]
fn four_writers_at_once_all_land_in_one_chain() {
    let env = Env::new();
    env.ok(&["init"]);
    let db = env.db();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..100 {
                    let out = Command::new(BIN)
                        .args([
                            "--quiet",
                            "--db",
                            db.to_str().expect("utf-8"),
                            "add",
                            "--subject",
                            "OpenAI",
                        ])
                        .args([
                            "--metric",
                            &format!("metric_{w}"),
                            "--value",
                            &format!("${i}B"),
                        ])
                        .args([
                            "--source",
                            "Reuters",
                            "--date",
                            "2024-09-01",
                            "--key",
                            &format!("w{w}-{i}"),
                        ])
                        .env("CROSSCHECK_ACTOR", format!("writer-{w}"))
                        .stdin(Stdio::null())
                        .output()
                        .expect("spawn");
                    if !out.status.success() || !out.stderr.is_empty() {
                        failures.push(String::from_utf8_lossy(&out.stderr).to_string());
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("writer"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} errors shown, e.g. {:?}",
        failures.len(),
        failures.first()
    );
    assert_eq!(count(&env), 400);
    let log = env.json(&["log"]);
    let ids: Vec<i64> = log
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(
        ids,
        (1..=ids.len() as i64).collect::<Vec<_>>(),
        "a linear chain"
    );
    assert_eq!(verify(&env).code, 0);
}

/// 20,000 claims keyed for one round of the crash test.
fn claims_file(env: &Env, round: usize) -> std::path::PathBuf {
    let mut text = String::with_capacity(20_000 * 200);
    for i in 0..20_000 {
        text.push_str(&format!(
            "{{\"key\":\"r{round}-{i}\",\"subject\":\"Company {}\",\"metric\":\"revenue\",\"value\":\"${}.{}B\",\
             \"period\":\"2024\",\"source\":\"Reuters\",\"date\":\"2024-09-01\",\"quote\":\"收入 revenue round {round} claim {i}\"}}\n",
            i % 997,
            1 + i % 50,
            i % 10
        ));
    }
    env.write(&format!("round-{round}.jsonl"), text)
}

#[test]
fn an_import_killed_at_any_moment_leaves_all_or_nothing() {
    let env = Env::founding();
    let base = count(&env);
    // How long one import takes here, to spread the kills over it.
    let probe = Env::new();
    probe.ok(&["init"]);
    let file = claims_file(&probe, 0);
    let start = Instant::now();
    probe.ok(&["--quiet", "import", file.to_str().expect("utf-8")]);
    let full = start.elapsed();
    let mut expected = base;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    // Rounds whose kill ended an import that had not committed: without any, the test
    // would show nothing about a kill.
    let mut landed = 0;
    for round in 1..=20 {
        let file = claims_file(&env, round);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Somewhere between a moment after the start and a little past the usual end.
        let at = full.mul_f64(0.02 + (seed % 1000) as f64 / 1000.0 * 1.05);
        let mut child = env
            .command(&[
                "--quiet",
                "--db",
                env.db().to_str().expect("utf-8"),
                "import",
                file.to_str().expect("utf-8"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn import");
        std::thread::sleep(at);
        let finished = child.try_wait().expect("poll").is_some_and(|s| s.success());
        let mut killed = false;
        if !finished {
            child.kill().expect("SIGKILL");
            let status = child.wait().expect("wait");
            killed = !status.success() && status.code().is_none();
        }
        let now = count(&env);
        if killed && now == expected {
            landed += 1;
        }
        assert!(
            now == expected || now == expected + 20_000,
            "round {round}: {now} claims, expected {expected} or {}",
            expected + 20_000
        );
        expected = now;
        let v = verify(&env);
        assert_eq!(
            v.code,
            0,
            "round {round} (killed after {at:?}):\n{}",
            v.transcript()
        );
    }
    assert!(landed >= 1, "no kill landed in the middle of an import");
    // The next import works.
    let file = claims_file(&env, 99);
    env.ok(&["--quiet", "import", file.to_str().expect("utf-8")]);
    assert_eq!(count(&env), expected + 20_000);
    assert_eq!(verify(&env).code, 0);
}

#[test]
fn a_full_disk_is_named_and_changes_nothing() {
    let env = Env::founding();
    let before = env.ok(&["export"]);
    let mut text = String::new();
    for i in 0..4000 {
        text.push_str(&format!(
            "{{\"subject\":\"Company {i}\",\"metric\":\"revenue\",\"value\":\"${i}M\",\"period\":\"2024\",\
             \"source\":\"Reuters\",\"date\":\"2024-09-01\",\"quote\":\"{}\"}}\n",
            "revenue grew ".repeat(20)
        ));
    }
    let file = env.write("big.jsonl", text);
    // The file-size limit stands in for a full disk: writes past it fail.
    let script = format!(
        "trap '' XFSZ; ulimit -f 300; exec '{BIN}' --db '{}' import '{}'",
        env.db().display(),
        file.display()
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .output()
        .expect("sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("ledger.db") && stderr.contains("disk may be full"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(env.ok(&["export"]), before, "the ledger is unchanged");
    assert_eq!(verify(&env).code, 0);
}
