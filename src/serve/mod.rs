//! `crosscheck serve`: the desk's web pages and JSON API, a front end beside `cmd/`.
//!
//! Handlers parse the request into the same plain options the commands build, call
//! `ops::*` and the store's typed methods, and write with `render::*`: the API's JSON is
//! byte for byte the CLI's. Nothing here speaks SQL.
//!
//! Ledger work runs on blocking threads over a small pool of open connections, so
//! readers run in parallel. A write starts only once the whole request body has been
//! read (bodies are capped), so a slow or vanished client never holds a write
//! transaction open; writes then wait for each other in the store's own transactions.

pub mod api;
pub mod auth;
pub mod pages;
pub mod params;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::{Error, Result};
use crate::store::Store;

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub db: PathBuf,
    pub bind: String,
    pub read_only: bool,
    pub token_file: Option<PathBuf>,
    pub verbose: bool,
}

/// The largest request body accepted (an import of a few thousand records).
pub const BODY_LIMIT: usize = 8 << 20;

/// How many ledger connections work at once.
const CONNECTIONS: usize = 8;

/// The policy of the HTML report, plus: forms post only here, no framing.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                       form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Everything a request handler shares.
pub struct App {
    pub pool: Arc<Pool>,
    pub read_only: bool,
    pub tokens: Option<auth::Tokens>,
    pub token_file: Option<PathBuf>,
    pub sessions: auth::Sessions,
    /// The claims page's lists of known names, as rendered at a head event.
    pub name_lists: Mutex<Option<(i64, Arc<maud::Markup>)>>,
}

/// Open ledger connections, reused; opened as needed, at most [`CONNECTIONS`] in use.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Box<dyn Store>>>,
    permits: tokio::sync::Semaphore,
    actor: String,
}

impl Pool {
    fn new(first: Box<dyn Store>, path: PathBuf) -> Pool {
        Pool {
            path,
            actor: first.actor().to_string(),
            idle: Mutex::new(vec![first]),
            permits: tokio::sync::Semaphore::new(CONNECTIONS),
        }
    }

    fn take(&self) -> Result<Box<dyn Store>> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match idle {
            Some(l) => Ok(l),
            None => crate::store::open(&self.path, false),
        }
    }

    fn put(&self, mut ledger: Box<dyn Store>) {
        ledger.set_actor(&self.actor);
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(ledger);
    }

    /// Runs `work` on a pooled connection on a blocking thread.
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        actor: Option<String>,
        work: impl FnOnce(&mut dyn Store) -> Result<T> + Send + 'static,
    ) -> Result<T, Failure> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| Failure::internal("the server is shutting down"))?;
        let pool = Arc::clone(self);
        let job = tokio::task::spawn_blocking(move || {
            let mut ledger = pool.take()?;
            if let Some(a) = &actor {
                ledger.set_actor(a);
            }
            let result = work(&mut *ledger).map_err(|e| e.in_ledger(&pool.path));
            pool.put(ledger);
            result
        });
        match job.await {
            Ok(r) => r.map_err(Failure::from),
            Err(_) => Err(Failure::internal("the request failed inside the server")),
        }
    }
}

/// A request that could not be answered: a status and a sentence for the user.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }
    pub fn bad(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn internal(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let status = match &e {
            Error::NoSuchClaim(_) | Error::NoSuchGroup(_) => StatusCode::NOT_FOUND,
            Error::ReadOnly(_) => StatusCode::FORBIDDEN,
            e if e.exit_code() == 2 => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure::new(status, e.to_string())
    }
}

/// API failures are JSON: `{"error": "…", "status": 400}`.
impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.message, "status": self.status.as_u16()});
        let mut text = body.to_string();
        text.push('\n');
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            text,
        )
            .into_response()
    }
}

/// Who is writing, from a bearer token or a signed-in session; `None` when neither.
pub fn writer_name(app: &App, headers: &HeaderMap) -> Option<String> {
    let tokens = app.tokens.as_ref()?;
    if let Some(t) = auth::bearer(headers) {
        return tokens.check(&t).map(str::to_string);
    }
    auth::cookie(headers, pages::SESSION_COOKIE).and_then(|id| app.sessions.name(&id))
}

/// The actor of a write, or why there is none: 403 on a read-only server, 401 without
/// a valid token.
pub fn authorise(app: &App, headers: &HeaderMap) -> Result<String, Failure> {
    if app.read_only {
        return Err(Failure::new(
            StatusCode::FORBIDDEN,
            "this server is read-only (started with --read-only); nothing was changed",
        ));
    }
    if app.tokens.is_none() {
        return Err(Failure::new(
            StatusCode::UNAUTHORIZED,
            "writes need a token, and this server has none: start it with --token-file FILE \
             (make a token with `crosscheck token add NAME --token-file FILE`)",
        ));
    }
    writer_name(app, headers).ok_or_else(|| {
        Failure::new(
            StatusCode::UNAUTHORIZED,
            "writes need a valid token: send `Authorization: Bearer TOKEN` (make one with \
             `crosscheck token add NAME --token-file FILE`); nothing was changed",
        )
    })
}

/// Whether an address is this machine only.
fn loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Reads the options into a ready server: the bind address checked, the tokens read, a
/// first connection opened (so a missing ledger is refused before listening).
fn prepare(options: &Options) -> Result<(Arc<App>, Vec<SocketAddr>)> {
    use std::net::ToSocketAddrs;
    let addrs: Vec<SocketAddr> = options
        .bind
        .to_socket_addrs()
        .map_err(|e| {
            Error::Usage(format!(
                "--bind {}: not an address to listen on ({e}); give HOST:PORT, such as \
                 127.0.0.1:8080",
                options.bind
            ))
        })?
        .collect();
    if addrs.is_empty() {
        return Err(Error::Usage(format!(
            "--bind {}: the name gives no address",
            options.bind
        )));
    }
    if options.token_file.is_none() && !addrs.iter().all(loopback) {
        return Err(Error::Usage(format!(
            "refusing to listen on {} without --token-file: anyone who can reach that address \
             could use the ledger. Bind to 127.0.0.1, or make tokens with `crosscheck token add \
             NAME --token-file FILE` and pass --token-file FILE",
            options.bind
        )));
    }
    let tokens = options
        .token_file
        .as_deref()
        .map(auth::Tokens::load)
        .transpose()?;
    let ledger = crate::store::open(&options.db, false)?;
    let app = App {
        pool: Arc::new(Pool::new(ledger, options.db.clone())),
        read_only: options.read_only,
        tokens,
        token_file: options.token_file.clone(),
        sessions: auth::Sessions::default(),
        name_lists: Mutex::new(None),
    };
    Ok((Arc::new(app), addrs))
}

/// Every route: the API under `/api/`, the pages elsewhere.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/claims", get(api::claims).post(api::add_claims))
        .route("/api/contradictions", get(api::contradictions))
        .route("/api/truth", get(api::truth))
        .route("/api/parse", get(api::parse))
        .route("/api/groups/{id}/resolve", post(api::resolve))
        .route("/", get(pages::home))
        .route("/claims", get(pages::claims))
        .route("/claims/new", get(pages::new_claim).post(pages::add_claim))
        .route("/claims/{id}", get(pages::claim))
        .route("/contradictions", get(pages::contradictions))
        .route("/groups/{id}", get(pages::group))
        .route("/groups/{id}/resolve", post(pages::resolve))
        .route("/sources", get(pages::sources))
        .route("/timeline", get(pages::timeline))
        .route("/extract", get(pages::paste).post(pages::review))
        .route("/extract/import", post(pages::import_reviewed))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .fallback(fallback)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::map_response(common_headers))
        .with_state(app)
}

/// Headers on every answer: nothing is framed, sniffed or sent on as a referrer.
async fn common_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    response
}

async fn fallback(uri: axum::http::Uri) -> Response {
    let message = format!("no such page: {}", uri.path());
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        Failure::new(
            StatusCode::NOT_FOUND,
            format!(
                "{message} (the API has /api/claims, /api/contradictions, /api/truth, /api/parse \
             and /api/groups/ID/resolve)"
            ),
        )
        .into_response()
    } else {
        pages::error_page(StatusCode::NOT_FOUND, &message)
    }
}

/// Serves until the process is stopped.
pub fn run(options: Options) -> Result<()> {
    let (app, addrs) = prepare(&options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(CONNECTIONS * 2)
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&addrs[..])
            .await
            .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", options.bind)))?;
        let local = listener.local_addr()?;
        let mode = if app.read_only {
            "read-only".to_string()
        } else if let Some(f) = &app.token_file {
            format!("writes need a token from {}", f.display())
        } else {
            "read-only until started with --token-file".to_string()
        };
        eprintln!("crosscheck serve: listening on http://{local} ({mode})");
        axum::serve(listener, router(app)).await?;
        Ok(())
    })
}
