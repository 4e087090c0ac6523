//! A throwaway PostgreSQL cluster for the tests: Debian's `initdb`, `pg_ctl` and
//! `postgres` (`/usr/lib/postgresql/N/bin`), started once per test process in a
//! temporary folder, trust authentication on 127.0.0.1 and a free port. A watchdog
//! process stops the cluster and removes its folder when the test process is gone,
//! however it ended.
//!
//! A second cluster, started on first use too, speaks only TLS: `ssl=on` with a
//! self-signed certificate made by `openssl req -x509` in its folder, and `hostssl`
//! as the only TCP rule of its `pg_hba.conf`, so that a connection without TLS is
//! refused by the server itself.
//!
//! `initdb` refuses to run as root: as root, the cluster is made and run by the
//! `postgres` user. Without the binaries the PostgreSQL tests are skipped with a loud
//! message, or fail when `$CI` is set.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// A running cluster.
pub struct Cluster {
    pub port: u16,
    /// Its binaries (`psql` among them).
    pub bin: PathBuf,
}

/// The one role of the test cluster that logs in with a password (`PASSWORD`).
pub const PASSWORD_USER: &str = "desk_pw";
pub const PASSWORD: &str = "correct-horse";

static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
static TLS_CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(1);

/// The cluster of this test process, started on first use; `None` (after a loud
/// message) when PostgreSQL is not installed and `$CI` is not set.
pub fn cluster() -> Option<&'static Cluster> {
    CLUSTER.get_or_init(|| start(false)).as_ref()
}

/// The cluster that accepts TCP connections over TLS only, started on first use.
pub fn tls_cluster() -> Option<&'static Cluster> {
    TLS_CLUSTER.get_or_init(|| start(true)).as_ref()
}

/// The superuser's URL of a new, empty database of its own.
pub fn fresh_database() -> Option<String> {
    let c = cluster()?;
    Some(c.url("postgres", &c.new_database()))
}

impl Cluster {
    /// Creates a new, empty database; returns its name.
    pub fn new_database(&self) -> String {
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT_DB.fetch_add(1, Ordering::SeqCst)
        );
        self.sql("postgres", &format!("CREATE DATABASE {name}"));
        name
    }

    /// A URL on 127.0.0.1 for `user` and database `db`.
    pub fn url(&self, user: &str, db: &str) -> String {
        format!("postgres://{user}@127.0.0.1:{}/{db}", self.port)
    }

    /// Runs SQL as the superuser in database `db` through `psql`, asserting success;
    /// returns what it printed (unaligned, tuples only).
    #[track_caller]
    pub fn sql(&self, db: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", "postgres", "-d", db, "-c", sql])
            .stdin(Stdio::null())
            .output()
            .expect("run psql");
        assert!(
            out.status.success(),
            "psql failed on {sql:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The database name at the end of a URL made by [`fresh_database`].
    pub fn db_of(url: &str) -> &str {
        url.rsplit('/').next().unwrap_or(url)
    }
}

/// Debian's binaries of the newest PostgreSQL installed.
fn binaries() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// `program ARGS`, as the `postgres` user when we are root.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// Makes a self-signed certificate for `localhost` and its key in `dir`, the key
/// readable by its owner only (the server refuses a key others can read).
fn self_signed(dir: &Path) {
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=localhost", "-keyout"])
        .arg(dir.join("server.key"))
        .arg("-out")
        .arg(dir.join("server.crt"))
        .stdin(Stdio::null())
        .output()
        .expect("run openssl (install it to run the TLS tests)");
    assert!(
        out.status.success(),
        "openssl req failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.join("server.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod the key");
}

/// Starts a cluster; with `tls`, one that accepts TCP connections over TLS only.
// The watchdog is never waited for: it must outlive this process to stop the cluster.
#[allow(clippy::zombie_processes)]
fn start(tls: bool) -> Option<Cluster> {
    let Some(bin) = binaries() else {
        let message = "\n\n*** PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): \
                       the PostgreSQL tests are SKIPPED. Install Debian's `postgresql` to run \
                       them. ***\n\n";
        if std::env::var_os("CI").is_some() {
            panic!("{message}");
        }
        eprintln!("{message}");
        return None;
    };
    let root = tempfile::Builder::new()
        .prefix("crosscheck-pg-")
        .tempdir()
        .expect("temp dir")
        .keep();
    let data = root.join("data");
    std::fs::create_dir(&data).expect("data folder");
    if tls {
        self_signed(&root);
    }
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&root)
            .status()
            .expect("chown");
        assert!(status.success(), "chown of the cluster folder failed");
    }
    let run = |mut c: Command, what: &str| {
        let out = c
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            out.status.success(),
            "{what} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let mut initdb = as_owner(&bin.join("initdb"));
    initdb.arg("-D").arg(&data).args([
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync",
    ]);
    run(initdb, "initdb");
    // Trust on 127.0.0.1, except for one role that must give its password (the tests
    // of a refused login). The TLS cluster: TCP over TLS only (`hostssl`, no `host`).
    let hba = data.join("pg_hba.conf");
    let rules = if tls {
        "local all all trust\nhostssl all all 127.0.0.1/32 trust\n".to_string()
    } else {
        let rules = std::fs::read_to_string(&hba).expect("read pg_hba.conf");
        format!("host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n{rules}")
    };
    std::fs::write(&hba, rules).expect("write pg_hba.conf");
    let port = free_port();
    let mut options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=300",
        root.display()
    );
    if tls {
        options.push_str(&format!(
            " -c ssl=on -c ssl_cert_file={root}/server.crt -c ssl_key_file={root}/server.key",
            root = root.display()
        ));
    }
    let mut pg_ctl = as_owner(&bin.join("pg_ctl"));
    pg_ctl
        .arg("-D")
        .arg(&data)
        .args(["-o", &options, "-l"])
        .arg(root.join("log"))
        .args(["-w", "-t", "60", "start"]);
    run(pg_ctl, "pg_ctl start");
    // The watchdog: once this process is gone, stop the cluster and remove its folder.
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} -D '{data}' -m immediate -w stop; rm -rf '{root}'",
        pid = std::process::id(),
        stop = if is_root() {
            format!("runuser -u postgres -- '{}'", bin.join("pg_ctl").display())
        } else {
            format!("'{}'", bin.join("pg_ctl").display())
        },
        data = data.display(),
        root = root.display(),
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the cluster's watchdog");
    let cluster = Cluster { port, bin };
    if !tls {
        cluster.sql(
            "postgres",
            &format!("CREATE ROLE {PASSWORD_USER} LOGIN SUPERUSER PASSWORD '{PASSWORD}'"),
        );
    }
    Some(cluster)
}
