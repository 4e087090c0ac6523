//! Trust under pressure: `verify` while others write, `-o` onto what is already there,
//! look-alike names, leftover temporary files, odd ledger paths, damaged files, and
//! repeated verdicts.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::common::{BIN, Env};

fn bin(env: &Env, args: &[&str]) -> Command {
    let db = env.db();
    let mut c = Command::new(BIN);
    c.arg("--db")
        .arg(&db)
        .args(args)
        .current_dir(env.dir())
        .env_remove("CROSSCHECK_DB")
        .env("CROSSCHECK_ACTOR", "test")
        .stdin(Stdio::null());
    c
}

#[test]
fn verify_while_others_write_never_cries_tampering() {
    let env = Env::new();
    env.ok(&["init"]);
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let done = Arc::clone(&done);
        let db = env.db();
        let dir = env.dir().to_path_buf();
        std::thread::spawn(move || {
            for i in 0..400 {
                if done.load(Ordering::Relaxed) {
                    break;
                }
                let out = Command::new(BIN)
                    .arg("--db")
                    .arg(&db)
                    .args(["--quiet", "add", "--subject", "OpenAI", "--metric"])
                    .arg(format!("m{}", i % 7))
                    .args(["--value", &format!("${i}B"), "--source", "Reuters"])
                    .args(["--date", "2024-09-01"])
                    .current_dir(&dir)
                    .stdin(Stdio::null())
                    .output()
                    .expect("spawn add");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        })
    };
    let mut failures = Vec::new();
    for _ in 0..150 {
        let out = bin(&env, &["--quiet", "verify"]).output().expect("verify");
        if !out.status.success() {
            failures.push(String::from_utf8_lossy(&out.stdout).to_string());
        }
        if writer.is_finished() {
            break;
        }
    }
    done.store(true, Ordering::Relaxed);
    writer.join().expect("writer");
    assert!(
        failures.is_empty(),
        "{} false alarms, e.g. {:?}",
        failures.len(),
        failures.first()
    );
    assert_eq!(env.run(&["--quiet", "verify"]).code, 0);
}

/// Runs `cmd`, killing it if it has not finished within `secs` seconds.
fn run_bounded(mut cmd: Command, secs: u64) -> Option<std::process::Output> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = std::time::Instant::now();
    while start.elapsed().as_secs() < secs {
        if child.try_wait().expect("wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn a_fifo_device_or_folder_is_refused_as_a_ledger() {
    let env = Env::new();
    let fifo = env.path("pipe.db");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let folder = env.path("folder.db");
    std::fs::create_dir(&folder).expect("mkdir");
    for path in [
        fifo.as_path(),
        std::path::Path::new("/dev/null"),
        folder.as_path(),
    ] {
        for args in [&["list"][..], &["init"], &["verify"]] {
            let mut c = Command::new(BIN);
            c.arg("--db").arg(path).args(args).current_dir(env.dir());
            c.stdin(Stdio::null());
            let out =
                run_bounded(c, 30).unwrap_or_else(|| panic!("{args:?} on {} hung", path.display()));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(3),
                "{args:?} {}: {stderr}",
                path.display()
            );
            assert!(stderr.contains("regular file"), "{stderr}");
        }
    }
    assert!(
        std::fs::metadata("/dev/null")
            .expect("null")
            .file_type()
            .is_char_device_like()
    );
}

trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}
impl CharDevice for std::fs::FileType {
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
}

/// Whether the tests run as root (then permission bits are tried as `nobody`).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
}

#[test]
fn a_writable_ledger_in_a_read_only_folder_can_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::founding();
    let before = std::fs::read(env.db()).expect("read");
    let root = is_root();
    let exe = env.path("crosscheck");
    std::fs::copy(BIN, &exe).expect("copy binary");
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if root {
        // The ledger is the runner's own file; only the folder is closed to it.
        let chown = Command::new("chown")
            .args(["nobody"])
            .arg(env.db())
            .status()
            .expect("chown");
        assert!(chown.success());
    }
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let run = |args: &[&str]| {
        let mut c = if root {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        c.arg("--db").arg(env.db()).args(args).current_dir("/");
        c.output().expect("run")
    };
    let listed = run(&["--format", "json", "list"]);
    let restore = || {
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o755)).expect("chmod")
    };
    if !listed.status.success() {
        restore();
    }
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let claims: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(claims.as_array().map(Vec::len), Some(30));
    let verified = run(&["--quiet", "verify"]);
    let refused = run(&["retract", "1", "--reason", "x"]);
    restore();
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("can only be read"), "{stderr}");
    assert_eq!(
        std::fs::read(env.db()).expect("read"),
        before,
        "left unchanged"
    );
}

fn event_count(env: &Env) -> usize {
    env.json(&["log"]).as_array().expect("array").len()
}

#[test]
fn the_same_verdict_twice_records_one_judgement() {
    let env = Env::founding();
    let groups = env.groups(&[]);
    let group = groups
        .iter()
        .find(|g| {
            g["claims"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| c["key"] == "ti-2024-07-openai-revenue-2024")
        })
        .map(|g| g["id"].as_str().expect("id").to_string())
        .unwrap_or_else(|| groups[0]["id"].as_str().expect("id").to_string());
    let correct = "ti-2024-07-openai-revenue-2024";
    env.ok(&["resolve", &group, "--correct", correct]);
    let after_first = event_count(&env);
    let again = env.run(&["resolve", &group, "--correct", correct]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert!(again.stderr.contains("no change"), "{}", again.stderr);
    assert_eq!(event_count(&env), after_first, "no second judgement event");
    // A different verdict is still recorded.
    env.ok(&[
        "resolve",
        &group,
        "--dismiss",
        "--reason",
        "different periods",
    ]);
    assert_eq!(event_count(&env), after_first + 1);
    env.ok(&[
        "resolve",
        &group,
        "--dismiss",
        "--reason",
        "different periods",
    ]);
    assert_eq!(event_count(&env), after_first + 1);
    assert_eq!(env.run(&["--quiet", "verify"]).code, 0);
}

#[test]
fn a_publication_date_after_tomorrow_needs_allow_future() {
    let env = Env::new();
    env.ok(&["init"]);
    let add = |extra: &[&str]| {
        let mut args = vec![
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            "$1B",
            "--source",
            "Reuters",
            "--date",
            "9999-12-31",
        ];
        args.extend_from_slice(extra);
        env.run(&args)
    };
    let refused = add(&[]).fails_with(2);
    assert!(
        refused.stderr.contains("--date") && refused.stderr.contains("--allow-future"),
        "{}",
        refused.stderr
    );
    let file = env.write(
        "future.jsonl",
        "{\"subject\":\"OpenAI\",\"metric\":\"revenue\",\"value\":\"$2B\",\"source\":\"Reuters\",\"date\":\"2024-01-02\"}\n\
         {\"subject\":\"OpenAI\",\"metric\":\"revenue\",\"value\":\"$1B\",\"source\":\"Reuters\",\"date\":\"9999-12-31\"}\n",
    );
    let file = file.to_str().expect("utf-8");
    let refused = env.run(&["import", file]).fails_with(2);
    assert!(
        refused.stderr.contains("line 2") && refused.stderr.contains("date"),
        "{}",
        refused.stderr
    );
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(0));
    // Today and tomorrow are fine; with the flag, so is any date.
    let today = chrono::Local::now().date_naive().to_string();
    env.ok(&[
        "add",
        "--subject",
        "OpenAI",
        "--metric",
        "revenue",
        "--value",
        "$3B",
        "--source",
        "Reuters",
        "--date",
        &today,
    ]);
    add(&["--allow-future"]).ok();
    env.ok(&["import", file, "--allow-future"]);
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(4));
}

#[test]
fn events_name_their_actor() {
    let env = Env::new();
    let actor_of_last = |env: &Env| {
        env.json(&["log"])
            .as_array()
            .and_then(|a| a.last().cloned())
            .map(|e| e["actor"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    let add = |who: Option<&str>, flag: Option<&str>, value: &str| {
        let mut c = bin(&env, &["source", "add"]);
        c.arg(value);
        if let Some(f) = flag {
            c.args(["--actor", f]);
        }
        c.env_remove("CROSSCHECK_ACTOR");
        if let Some(w) = who {
            c.env("CROSSCHECK_ACTOR", w);
        }
        let out = c.output().expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    env.ok(&["init"]);
    add(None, None, "Outlet One");
    let user = std::env::var("USER").unwrap_or_else(|_| {
        let out = Command::new("id").arg("-un").output().expect("id");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    });
    assert_eq!(actor_of_last(&env), user);
    add(Some("desk-7"), None, "Outlet Two");
    assert_eq!(actor_of_last(&env), "desk-7");
    add(Some("desk-7"), Some("alice"), "Outlet Three");
    assert_eq!(actor_of_last(&env), "alice");
}

fn source_count(env: &Env) -> usize {
    env.json(&["source", "list"])
        .as_array()
        .expect("array")
        .len()
}

/// Spellings of "Reuters" a reader cannot tell from it.
const LOOK_ALIKES: [&str; 7] = [
    "Reuters\u{200B}",
    "\u{202E}sretueR",
    "R\u{0435}uters",
    "Ｒｅｕｔｅｒｓ",
    "Reute\u{0301}rs",
    "\u{FEFF}Reuters",
    "Reut\u{0435}rs\u{200D}",
];

#[test]
fn look_alike_source_names_never_make_a_second_source() {
    let env = Env::new();
    env.ok(&["init"]);
    let sources = source_count(&env);
    for (i, name) in LOOK_ALIKES.iter().enumerate() {
        let run = env.run(&["source", "add", name]);
        assert!(
            run.code == 0 || run.code == 2,
            "{name:?}: {}",
            run.transcript()
        );
        if run.code == 2 {
            assert!(
                run.stderr.contains("Reuters") && run.stderr.contains("U+"),
                "names the source and the characters: {}",
                run.stderr
            );
        }
        let run = env.run(&[
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            "$4B",
            "--date",
            "2024-09-01",
            "--new-source",
            "--key",
            &format!("k{i}"),
            "--source",
            name,
        ]);
        assert!(
            run.code == 0 || run.code == 2,
            "{name:?}: {}",
            run.transcript()
        );
        assert_eq!(source_count(&env), sources, "{name:?} made a new source");
    }
    // Those that were accepted all landed on Reuters: one origin, not many.
    for claim in env.json(&["list"]).as_array().expect("array") {
        assert_eq!(claim["source"], "Reuters");
    }
    // A different name that only resembles is still welcome.
    env.ok(&["source", "add", "Reuters Breakingviews"]);
    assert_eq!(source_count(&env), sources + 1);
    assert_eq!(env.run(&["--quiet", "verify"]).code, 0);
}

#[test]
fn invisible_characters_in_names_print_escaped_in_tables() {
    let env = Env::new();
    env.ok(&["init"]);
    env.ok(&["source", "add", "Daily\u{200B}Wire Desk"]);
    let table = env.ok(&["source", "list"]);
    assert!(table.contains("Daily\\u{200b}Wire Desk"), "{table}");
    assert!(!table.contains('\u{200B}'));
    // JSON keeps the name as it is.
    let json = env.ok(&["source", "list", "--format", "json"]);
    assert!(
        json.contains("Daily\\u200bWire Desk") || json.contains("Daily\u{200B}Wire"),
        "{json}"
    );
}

#[test]
fn dash_o_writes_into_fifos_and_devices_and_keeps_a_files_mode() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let env = Env::founding();
    // A FIFO is written to, and stays a FIFO.
    let fifo = env.path("out.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read fifo"))
    };
    let f = fifo.to_str().expect("utf-8");
    env.ok(&["export", "-o", f]);
    let text = reader.join().expect("reader");
    assert_eq!(
        text.lines().count(),
        30,
        "the whole export came through the FIFO"
    );
    assert!(
        std::fs::metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo()
    );
    // A character device is written to, not replaced.
    env.ok(&["export", "-o", "/dev/null"]);
    assert!(
        std::fs::metadata("/dev/null")
            .expect("null")
            .file_type()
            .is_char_device()
    );
    // A private file stays private.
    let private = env.write("private.jsonl", "old\n");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    env.ok(&["export", "-o", private.to_str().expect("utf-8")]);
    let meta = std::fs::metadata(&private).expect("private");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(
        std::fs::read_to_string(&private)
            .expect("read")
            .lines()
            .count(),
        30
    );
    // A new file is an ordinary one.
    env.ok(&["export", "-o", "new.jsonl"]);
    let mode = std::fs::metadata(env.path("new.jsonl"))
        .expect("new")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
    // `-o -` is stdout.
    let out = env.ok(&["export", "-o", "-"]);
    assert_eq!(out.lines().count(), 30);
    assert!(!env.path("-").exists(), "no file named -");
    // A folder is refused, and left alone.
    std::fs::create_dir(env.path("reports")).expect("mkdir");
    let run = env.run(&["export", "-o", "reports"]).fails_with(2);
    assert!(run.stderr.contains("folder"), "{}", run.stderr);
    assert!(env.path("reports").is_dir());
}

/// The temporary files of ours in the test folder.
fn leftovers(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.dir())
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".crosscheck-"))
        .collect()
}

#[test]
fn temporary_files_of_killed_runs_are_removed_by_the_next_writer() {
    let env = Env::founding();
    // Files a killed run left: its process is gone (no process has this id).
    let gone = 2_147_483_000u32;
    env.write(&format!(".crosscheck-out-{gone}-a1b2c3"), vec![b'x'; 4096]);
    env.write(
        &format!(".crosscheck-backup-{gone}-d4e5f6.db"),
        b"SQLite format 3\0",
    );
    env.write(
        &format!(".crosscheck-backup-{gone}-d4e5f6.db-journal"),
        b"j",
    );
    // One of a process still running is left alone, as is anything not ours.
    let alive = format!(".crosscheck-out-{}-zzzzzz", std::process::id());
    env.write(&alive, b"in use");
    env.write("notes.txt", b"mine");
    env.ok(&["export", "-o", "claims.jsonl"]);
    assert_eq!(leftovers(&env), vec![alive.clone()]);
    assert!(env.path("notes.txt").exists());
    std::fs::remove_file(env.path(&alive)).expect("rm");

    // A run killed mid-way leaves a file named after it; the next run removes it.
    env.write(&format!(".crosscheck-backup-{gone}-0.db"), b"x");
    let mut child = bin(&env, &["export", "-o", "big.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let _ = child.kill();
    let _ = child.wait();
    env.ok(&["backup", "copy.db"]);
    assert!(leftovers(&env).is_empty(), "{:?}", leftovers(&env));
}

/// Imports `n` claims about companies Co0, Co1, … into the ledger.
fn import_many(env: &Env, n: usize) {
    let mut lines = String::new();
    for i in 0..n {
        lines.push_str(&format!(
            "{{\"subject\":\"Co{i}\",\"metric\":\"revenue\",\"value\":\"${i}M\",\"source\":\"Reuters\",\"date\":\"2024-01-01\",\"quote\":\"figure number {i} reported plainly\"}}\n"
        ));
    }
    let file = env.write("many.jsonl", lines);
    env.ok(&["import", file.to_str().expect("utf-8")]);
}

/// Overwrites page `page` (counting from 1) of the ledger with junk.
fn damage_page(env: &Env, page: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(env.db())
        .expect("open ledger");
    f.seek(SeekFrom::Start((page - 1) * 4096)).expect("seek");
    f.write_all(&[0xA5; 4096]).expect("write");
}

#[test]
fn a_damaged_ledger_never_yields_half_a_document() {
    let env = Env::founding();
    import_many(&env, 3000);
    // Fold the write-ahead log into the file, then damage a page in its middle.
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    drop(conn);
    let pages = std::fs::metadata(env.db()).expect("size").len() / 4096;
    damage_page(&env, pages / 2);
    let mut failed = 0;
    for args in [
        &["--format", "json", "list", "--status", "all"][..],
        &["export"],
        &["--format", "csv", "list"],
        &["export", "--format", "csv"],
    ] {
        let run = env.run(args);
        failed += usize::from(run.code != 0);
        if run.code != 0 {
            assert_eq!(run.code, 3, "{args:?}: {}", run.transcript());
            assert!(run.stdout.is_empty(), "{args:?} printed part of a document");
        }
    }
    assert!(failed > 0, "the damage was read");
    assert_ne!(env.run(&["--quiet", "verify"]).code, 0);
}

#[test]
fn verify_checks_the_search_index_against_the_claims() {
    for (statement, says) in [
        (
            "INSERT INTO claims_fts (claims_fts) VALUES ('delete-all')",
            "lacks the word",
        ),
        (
            "INSERT INTO claims_fts (rowid, text) VALUES (3, ' zebra')",
            "'zebra'",
        ),
    ] {
        let env = Env::founding();
        assert_eq!(env.run(&["--quiet", "verify"]).code, 0);
        let conn = rusqlite::Connection::open(env.db()).expect("open");
        conn.execute_batch(statement).expect(statement);
        drop(conn);
        let run = env.run(&["--quiet", "verify"]);
        assert_eq!(run.code, 1, "{statement}: {}", run.transcript());
        assert!(
            run.stdout.contains("search index") && run.stdout.contains(says),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn a_damaged_search_index_stops_every_command() {
    let env = Env::founding();
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'claims_fts_data'",
            [],
            |r| r.get(0),
        )
        .expect("root page");
    drop(conn);
    damage_page(&env, root as u64);
    let before = std::fs::read(env.db()).expect("read");
    for args in [
        &["--format", "json", "list"][..],
        &["contradictions"],
        &["export"],
        &[
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            "$1B",
            "--source",
            "Reuters",
            "--date",
            "2024-09-01",
        ],
    ] {
        let run = env.run(args).fails_with(3);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains("damaged"), "{}", run.stderr);
    }
    assert_eq!(
        std::fs::read(env.db()).expect("read"),
        before,
        "nothing written"
    );
}

#[test]
fn a_write_to_a_ledger_damaged_anywhere_is_refused() {
    let env = Env::founding();
    import_many(&env, 3000);
    let one = env.write(
        "one.jsonl",
        "{\"subject\":\"OpenAI\",\"metric\":\"users\",\"value\":\"200 million\",\"source\":\"Reuters\",\"date\":\"2024-09-02\"}\n",
    );
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    // A leaf of the claims table in the middle of its rows, which no write below reads.
    let leaf: i64 = conn
        .query_row(
            "SELECT pageno FROM dbstat WHERE name = 'claims' AND pagetype = 'leaf' \
             ORDER BY path LIMIT 1 OFFSET \
             (SELECT count(*) / 2 FROM dbstat WHERE name = 'claims' AND pagetype = 'leaf')",
            [],
            |r| r.get(0),
        )
        .expect("a leaf page");
    drop(conn);
    damage_page(&env, leaf as u64);
    let before = std::fs::read(env.db()).expect("read");
    let wal = env.path("ledger.db-wal");
    for args in [
        &[
            "add",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--value",
            "$1B",
            "--source",
            "Reuters",
            "--date",
            "2024-09-01",
        ][..],
        &["import", one.to_str().expect("utf-8")],
        &["retract", "1", "--reason", "withdrawn by the outlet"],
        // Touches no page of the claims table: refused by the check before writing.
        &["source", "add", "The Economist"],
    ] {
        let run = env.run(args).fails_with(3);
        assert!(run.stderr.contains("damaged"), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("backup"), "{}", run.stderr);
    }
    assert_eq!(
        std::fs::read(env.db()).expect("read"),
        before,
        "nothing written"
    );
    assert!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "nothing logged"
    );
}
