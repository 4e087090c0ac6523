//! The JSON API: the CLI's JSON documents, written by the same render functions, and
//! the two writes (claims, judgements), which need a token.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::params::{CLAIM_PARAMS, Params, REPORT_PARAMS};
use super::{App, Failure, authorise};
use crate::error::{Error, Result};
use crate::ops::resolve::Judge;
use crate::render::Format;
use crate::render::claims::ClaimSink;
use crate::store::Store;

/// A JSON document as the CLI writes it.
fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

fn answer(result: Result<Vec<u8>, Failure>) -> Response {
    match result {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(f) => f.into_response(),
    }
}

/// `GET /api/claims`: as `list --format json`.
pub async fn claims(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    answer(claims_json(&app, Params::parse(q.as_deref())).await)
}

async fn claims_json(app: &Arc<App>, p: Params) -> Result<Vec<u8>, Failure> {
    p.only(CLAIM_PARAMS, &[])?;
    let filter = p.claims_filter()?;
    app.pool
        .run(None, move |ledger| {
            let mut out = Vec::new();
            let mut sink = ClaimSink::new(&mut out, Format::Json)?;
            crate::ops::list::claims(&*ledger, &filter, &mut |c| sink.push(&c))?;
            sink.finish()?;
            Ok(out)
        })
        .await
}

/// `GET /api/contradictions`: as `contradictions --format json`.
pub async fn contradictions(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let result = async {
        p.only(REPORT_PARAMS, &[])?;
        let mut options = p.report_options()?;
        let since = p.since()?;
        app.pool
            .run(None, move |ledger| {
                if let Some(since) = &since {
                    options.since_claim = crate::ops::contradictions::since_claim(&*ledger, since)?;
                }
                let (groups, tally) =
                    crate::ops::contradictions::report_counted(&*ledger, &options)?;
                let mut out = Vec::new();
                crate::render::report::json_limited(
                    &mut out,
                    &groups,
                    options.limit.map(|_| tally.groups),
                )?;
                Ok(out)
            })
            .await
    };
    answer(result.await)
}

/// `GET /api/truth`: as `truth --format json`.
pub async fn truth(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let result = async {
        p.only(
            &[
                "subject",
                "metric",
                "explain",
                "window",
                "tolerance",
                "approx",
                "hedge",
            ],
            &[],
        )?;
        let options = crate::ops::truth::TruthOptions {
            subject: p.get("subject"),
            metric: p.get("metric"),
            explain: p.get("explain").is_some_and(|v| v != "0" && v != "false"),
            settings: p.settings()?,
        };
        app.pool
            .run(None, move |ledger| {
                let mut out = Vec::new();
                let mut sink = crate::render::truth::EstimateSink::new(&mut out, true)?;
                crate::ops::truth::estimate(&*ledger, &options, |e| sink.push(&e))?;
                sink.finish()?;
                Ok(out)
            })
            .await
    };
    answer(result.await)
}

/// `GET /api/parse?value=`: as `parse VALUE --format json`.
pub async fn parse(RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let result = (|| -> Result<Vec<u8>, Failure> {
        p.only(&["value"], &[])?;
        // The value as given: spaces inside it matter, an empty one is the parser's to
        // refuse.
        let value =
            p.0.iter()
                .rev()
                .find(|(k, _)| k == "value")
                .map(|(_, v)| v.clone())
                .ok_or_else(|| Failure::bad("give the value to read: /api/parse?value=VALUE"))?;
        let reading = crate::value::read(&value).map_err(Error::from)?;
        let mut out = Vec::new();
        crate::render::parse::write(&mut out, &value, &reading, Format::Json)?;
        Ok(out)
    })();
    answer(result)
}

/// What an import through the API did.
#[derive(serde::Serialize)]
struct Imported {
    added: usize,
    skipped: usize,
    superseded: usize,
    warnings: Vec<String>,
    actor: String,
}

/// A request body as JSON Lines: one JSON object (even spread over several lines), an
/// array of objects, or JSON Lines as they are.
pub fn as_json_lines(body: &[u8]) -> Vec<u8> {
    let trimmed = body.trim_ascii();
    if matches!(trimmed.first(), Some(b'{' | b'[')) {
        match serde_json::from_slice::<serde_json::Value>(trimmed) {
            Ok(v @ serde_json::Value::Object(_)) => return format!("{v}\n").into_bytes(),
            Ok(serde_json::Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    out.extend_from_slice(item.to_string().as_bytes());
                    out.push(b'\n');
                }
                return out;
            }
            _ => {}
        }
    }
    body.to_vec()
}

/// Imports JSON Lines as `import` does (all or nothing, the same checks and messages),
/// recorded as `actor`.
pub async fn import(
    app: &Arc<App>,
    actor: String,
    lines: Vec<u8>,
    label: &'static str,
    new_source: bool,
    dry_run: bool,
) -> Result<crate::ops::import::Summary, Failure> {
    app.pool
        .run(Some(actor), move |ledger: &mut dyn Store| {
            crate::ops::import::load(
                ledger,
                std::io::Cursor::new(lines),
                crate::record::InputFormat::Jsonl,
                label,
                new_source,
                dry_run,
                false,
                &|_| {},
            )
        })
        .await
}

/// The body, or the failure reading it (413 when it is too large).
pub fn body_or_failure(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Failure> {
    body.map_err(|r| {
        let status = r.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(
                status,
                format!(
                    "the request body is larger than {} MB; send the records in smaller parts \
                     (nothing was imported)",
                    super::BODY_LIMIT >> 20
                ),
            )
        } else {
            Failure::new(
                status,
                format!("cannot read the request body: {}", r.body_text()),
            )
        }
    })
}

/// `POST /api/claims`: one JSON record, an array of them, or JSON Lines.
pub async fn add_claims(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let actor = authorise(&app, &headers)?;
        let body = body_or_failure(body)?;
        let p = Params::parse(q.as_deref());
        p.only(&["new_source", "dry_run"], &[])?;
        let new_source = p
            .get("new_source")
            .is_some_and(|v| v != "0" && v != "false");
        let dry_run = p.get("dry_run").is_some_and(|v| v != "0" && v != "false");
        let summary = import(
            &app,
            actor.clone(),
            as_json_lines(&body),
            "the request body",
            new_source,
            dry_run,
        )
        .await?;
        let out = Imported {
            added: summary.added,
            skipped: summary.skipped,
            superseded: summary.superseded,
            warnings: summary.warnings,
            actor,
        };
        let status = if dry_run || summary.added == 0 {
            StatusCode::OK
        } else {
            StatusCode::CREATED
        };
        let mut body = Vec::new();
        crate::render::json(&mut body, &out)?;
        Ok::<_, Failure>(json_response(status, body))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// What a judgement did, as the API answers it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Judged {
    pub group: String,
    pub status: &'static str,
    pub correct_claim: Option<i64>,
    pub reason: Option<String>,
    /// False when the group already had this judgement (nothing was recorded).
    pub recorded: bool,
    pub actor: String,
}

impl From<crate::ops::resolve::Judged> for Judged {
    fn from(j: crate::ops::resolve::Judged) -> Self {
        Judged {
            group: j.group.id,
            status: j.verdict.as_str(),
            correct_claim: j.correct.map(|c| c.id),
            reason: j.reason,
            recorded: j.recorded,
            actor: j.actor,
        }
    }
}

/// Records a judgement on group `wanted` (its id or a unique prefix of at least 4
/// characters), as `resolve` does.
pub fn judge(ledger: &mut dyn Store, wanted: &str, how: Judge) -> Result<Judged> {
    let options = crate::ops::resolve::ResolveOptions {
        group: wanted.to_string(),
        judge: how,
        settings: Default::default(),
    };
    crate::ops::resolve::resolve(ledger, &options).map(Judged::from)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolveBody {
    correct: Option<String>,
    dismiss: Option<String>,
    reason: Option<String>,
}

const RESOLVE_FORM: &str =
    "the body must be {\"correct\": \"CLAIM_ID_OR_KEY\"} or {\"dismiss\": \"REASON\"}";

/// `POST /api/groups/{id}/resolve` with `{"correct": CLAIM}` or `{"dismiss": REASON}`.
pub async fn resolve(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let actor = authorise(&app, &headers)?;
        let body = body_or_failure(body)?;
        let parsed: ResolveBody = serde_json::from_slice(&body)
            .map_err(|e| Failure::bad(format!("{RESOLVE_FORM} ({e})")))?;
        let how = match parsed {
            ResolveBody {
                correct: Some(claim),
                dismiss: None,
                reason,
            } => Judge::Correct { claim, reason },
            ResolveBody {
                correct: None,
                dismiss: Some(reason),
                reason: None,
            } => Judge::Dismiss { reason },
            _ => return Err(Failure::bad(RESOLVE_FORM)),
        };
        let judged = app
            .pool
            .run(Some(actor), move |ledger| judge(ledger, &id, how))
            .await?;
        let mut body = Vec::new();
        crate::render::json(&mut body, &judged)?;
        let status = if judged.recorded {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        Ok::<_, Failure>(json_response(status, body))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}
