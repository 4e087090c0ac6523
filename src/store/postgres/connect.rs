//! Reaching the server: reading `--db postgres://…` (or a libpq `key=value` string),
//! TLS, and saying in a user's words why a connection failed — naming the host and the
//! cause, never the password.

use std::sync::Arc;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::error::SqlState;

use crate::error::{Error, Result};

/// Whether `--db` names a PostgreSQL ledger rather than a file: a `postgres://` or
/// `postgresql://` URL, or a libpq connection string (`host=… dbname=…`).
pub fn is_server(db: &str) -> bool {
    let db = db.trim_start();
    let lower = db.to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return true;
    }
    // `key=value` pairs, one of them a connection keyword; a file name with an `=` in
    // it stays a file name.
    let keywords = ["host=", "hostaddr=", "dbname=", "user=", "port="];
    db.split_whitespace().next().is_some_and(|first| {
        let first = first.to_ascii_lowercase();
        keywords.iter().any(|k| first.starts_with(k))
    })
}

/// Where a ledger on a server is, as a connection setting and as it may be shown.
pub struct Target {
    config: postgres::Config,
    /// `user@host:port/dbname`: no password, ever.
    pub shown: String,
    /// `host:port`, for messages about reaching the server.
    pub server: String,
    pub user: String,
    pub dbname: String,
    /// Whether TLS must check the server's certificate (`sslmode=verify-full`).
    verify: bool,
}

/// How TLS is asked for: `disable`, `prefer` and `require` as libpq (encryption, no
/// certificate check), `verify-ca`/`verify-full` with the certificate checked against
/// the web's root authorities.
fn take_sslmode(db: &str) -> (String, bool) {
    let mut verify = false;
    let mut text = db.to_string();
    for strict in ["verify-full", "verify-ca"] {
        let form = format!("sslmode={strict}");
        if text.contains(&form) {
            verify = true;
            text = text.replace(&form, "sslmode=require");
        }
    }
    (text, verify)
}

/// Reads `--db` as a server ledger's address. Unset parts default as libpq's do: the
/// user is `$PGUSER` or the operating-system user, the host `$PGHOST` or the local
/// Unix socket, the password `$PGPASSWORD`.
pub fn parse(db: &str) -> Result<Target> {
    let (text, verify) = take_sslmode(db.trim());
    let mut config: postgres::Config = text.parse().map_err(|e: postgres::Error| {
        Error::Usage(format!(
            "--db: cannot read the PostgreSQL address: {} (expected \
             postgres://USER@HOST:PORT/DBNAME, or `host=… dbname=…`)",
            strip_secret(&e.to_string())
        ))
    })?;
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .ok()
            .filter(|u| !u.is_empty())
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_hosts().is_empty() {
        match std::env::var("PGHOST").ok().filter(|h| !h.is_empty()) {
            Some(h) if h.starts_with('/') => {
                config.host_path(h);
            }
            Some(h) => {
                config.host(&h);
            }
            None if std::path::Path::new("/var/run/postgresql").is_dir() => {
                config.host_path("/var/run/postgresql");
            }
            None => {
                config.host("localhost");
            }
        }
    }
    if config.get_ports().is_empty() {
        if let Some(port) = std::env::var("PGPORT").ok().and_then(|p| p.parse().ok()) {
            config.port(port);
        }
    }
    if config.get_password().is_none() {
        if let Ok(p) = std::env::var("PGPASSWORD") {
            config.password(p);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    config.application_name("crosscheck");
    let user = config.get_user().unwrap_or_default().to_string();
    let dbname = config
        .get_dbname()
        .map(String::from)
        .unwrap_or_else(|| user.clone());
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let server = format!("{host}:{port}");
    Ok(Target {
        shown: format!("postgres://{user}@{server}/{dbname}"),
        server,
        user,
        dbname,
        config,
        verify,
    })
}

/// A message of the client library with anything after a `password` keyword cut out
/// (it quotes what it could not read).
fn strip_secret(message: &str) -> String {
    match message.to_ascii_lowercase().find("password") {
        Some(at) => format!("{}…", &message[..at]),
        None => message.to_string(),
    }
}

impl Target {
    /// Connects, with TLS as `sslmode` asks.
    pub fn connect(&self) -> Result<postgres::Client> {
        let result = if self.config.get_ssl_mode() == SslMode::Disable {
            self.config.connect(postgres::NoTls)
        } else {
            self.config.connect(tls(self.verify)?)
        };
        result.map_err(|e| self.error(&e))
    }

    /// A server error as the user's error: what failed, where, and what to do.
    pub fn error(&self, e: &postgres::Error) -> Error {
        let (server, user, db) = (&self.server, &self.user, &self.dbname);
        let reason = match e.as_db_error() {
            Some(d) => {
                let code = d.code();
                if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
                    && self.config.get_ssl_mode() == SslMode::Disable
                    && d.message().contains("no encryption")
                {
                    format!(
                        "the server at {server} refused a connection without TLS: {} — it \
                         accepts this user only over TLS; use sslmode=require (or leave \
                         sslmode=disable out)",
                        d.message()
                    )
                } else if *code == SqlState::INVALID_PASSWORD
                    || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
                {
                    format!(
                        "the server at {server} refused user '{user}': {} — check the user \
                         and password (in the URL, or $PGPASSWORD)",
                        d.message()
                    )
                } else if *code == SqlState::INVALID_CATALOG_NAME {
                    format!(
                        "the server at {server} has no database '{db}' — create it \
                         (`createdb {db}`), then run `crosscheck init`"
                    )
                } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
                    format!(
                        "user '{user}' lacks a privilege on database '{db}' at {server}: {} — \
                         a write needs INSERT on the ledger's tables (the writer role); \
                         nothing was changed",
                        d.message()
                    )
                } else if *code == SqlState::TOO_MANY_CONNECTIONS {
                    format!(
                        "the server at {server} has no connection free: {}",
                        d.message()
                    )
                } else {
                    format!(
                        "the server at {server} (database '{db}') answered: {}",
                        d.message()
                    )
                }
            }
            None if e.is_closed() => {
                format!("the connection to {server} was closed by the server")
            }
            None if certificate_error(e).is_some() => {
                let why = certificate_error(e).unwrap_or_default();
                format!(
                    "the server at {server} presented a TLS certificate that cannot be \
                     trusted ({why}) — with sslmode=verify-full or verify-ca it must be \
                     signed by a public certificate authority for this host name; \
                     sslmode=require encrypts without checking the certificate"
                )
            }
            None => {
                let mut cause = String::new();
                let mut source: Option<&dyn std::error::Error> = Some(e);
                while let Some(s) = source {
                    cause = s.to_string();
                    source = s.source();
                }
                let cause = strip_secret(&cause);
                format!(
                    "cannot reach the PostgreSQL server at {server}: {cause} — is the server \
                     running, and are the host and port right?"
                )
            }
        };
        Error::Server {
            ledger: self.shown.clone(),
            reason,
        }
    }
}

/// Why the server's certificate was refused, when that is why the connection failed.
/// The TLS error travels inside an I/O error, whose `source` skips it: look inside.
fn certificate_error(e: &postgres::Error) -> Option<&'static str> {
    use rustls::CertificateError as C;
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        let inner = s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|i| i.downcast_ref::<rustls::Error>());
        if let Some(rustls::Error::InvalidCertificate(c)) = s.downcast_ref().or(inner) {
            return Some(match c {
                C::UnknownIssuer => "it is signed by an authority this tool does not know",
                C::NotValidForName | C::NotValidForNameContext { .. } => {
                    "it was issued for another host name"
                }
                C::Expired | C::ExpiredContext { .. } => "it has expired",
                C::NotValidYet | C::NotValidYetContext { .. } => "it is not valid yet",
                C::Revoked => "it was revoked",
                _ => "it is self-signed or otherwise not signed by a known authority",
            });
        }
        source = s.source();
    }
    None
}

/// TLS through rustls: certificates checked against the web's roots when `verify`,
/// else (libpq's `prefer` and `require`) the connection is encrypted without a check.
fn tls(verify: bool) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Usage(format!("TLS cannot be set up: {e}")))?;
    let config = if verify {
        let roots =
            rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoCheck(provider)))
            .with_no_client_auth()
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// libpq's `sslmode=require`: encrypted, the certificate not checked (signatures
/// still are, so the handshake is sound).
#[derive(Debug)]
struct NoCheck(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for NoCheck {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_names_a_server() {
        for (db, server) in [
            ("postgres://u@h/db", true),
            ("postgresql://u@h:5433/db", true),
            ("POSTGRES://u@h/db", true),
            ("host=/var/run/postgresql dbname=desk", true),
            ("dbname=desk", true),
            ("ledger.db", false),
            ("./a=b.db", false),
            ("crosscheck.db", false),
        ] {
            assert_eq!(is_server(db), server, "{db}");
        }
    }

    #[test]
    fn the_password_is_never_shown() {
        let t = parse("postgres://desk:s3cret@db.example:5433/ledger").expect("parses");
        assert_eq!(t.shown, "postgres://desk@db.example:5433/ledger");
        assert!(!t.server.contains("s3cret"));
        let t = parse("host=/run/pg user=desk password=s3cret dbname=ledger").expect("parses");
        assert_eq!(t.shown, "postgres://desk@/run/pg:5432/ledger");
    }

    #[test]
    fn the_socket_form_names_its_folder() {
        let t = parse("postgresql://desk@%2Fvar%2Frun%2Fpostgresql/ledger").expect("parses");
        assert_eq!(t.server, "/var/run/postgresql:5432");
        let t = parse("postgres:///ledger?host=/tmp&user=desk").expect("parses");
        assert_eq!(t.server, "/tmp:5432");
        assert_eq!(t.dbname, "ledger");
    }

    #[test]
    fn strict_sslmodes_check_the_certificate() {
        assert!(
            parse("postgres://u@h/db?sslmode=verify-full")
                .expect("parses")
                .verify
        );
        assert!(
            !parse("postgres://u@h/db?sslmode=require")
                .expect("parses")
                .verify
        );
    }
}
