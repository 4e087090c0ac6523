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
    for path in [fifo.as_path(), std::path::Path::new("/dev/null"), folder.as_path()] {
        for args in [&["list"][..], &["init"], &["verify"]] {
            let mut c = Command::new(BIN);
            c.arg("--db").arg(path).args(args).current_dir(env.dir());
            c.stdin(Stdio::null());
            let out = run_bounded(c, 30)
                .unwrap_or_else(|| panic!("{args:?} on {} hung", path.display()));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{args:?} {}: {stderr}", path.display());
            assert!(stderr.contains("regular file"), "{stderr}");
        }
    }
    assert!(std::fs::metadata("/dev/null").expect("null").file_type().is_char_device_like());
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
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod")
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
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stdout));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("can only be read"), "{stderr}");
    assert_eq!(std::fs::read(env.db()).expect("read"), before, "left unchanged");
}
