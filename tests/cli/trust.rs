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
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
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
