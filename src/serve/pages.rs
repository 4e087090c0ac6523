//! The desk's pages: server-rendered with maud (every user string escaped by type),
//! no scripts and no outside assets, under the report's Content-Security-Policy.
//! Filters live in the URL, so a view can be shared; every form carries a CSRF token
//! (a double-submit cookie) that each POST must match, and writes need a signed-in
//! session.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, html};

use super::api::{body_or_failure, judge};
use super::params::{CLAIM_PARAMS, Params, REPORT_PARAMS};
use super::{App, Failure, auth};
use crate::detect::Group;
use crate::error::{Error, Result};
use crate::model::Claim;
use crate::ops::resolve::Judge;
use crate::render::html::Urls;
use crate::render::html::parts::{camp_letter, colour, group_title, link, source};
use crate::store::{NameKind, Store};

pub const SESSION_COOKIE: &str = "cc_session";
pub const CSRF_COOKIE: &str = "cc_csrf";

/// Claims per page of the claims list; groups per page of the report.
const PER_PAGE: usize = 50;
const GROUPS_PER_PAGE: usize = 25;

const PAGE_CSS: &str = r#"
body{max-width:1100px}
nav.top{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;border-bottom:1px solid var(--line);
padding:0 0 10px;margin:0 0 18px}
nav.top a{text-decoration:none;font-weight:600}nav.top .who{margin-left:auto;color:var(--muted)}
nav.top form{display:inline;margin:0}
form.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:end;background:var(--soft);
border-radius:10px;padding:12px 14px;margin:0 0 16px}
form.filters label,form.stack label{display:flex;flex-direction:column;font-size:.82em;color:var(--muted);gap:2px}
input,select,textarea,button{font:inherit;font-size:.95em;padding:4px 6px;border:1px solid #b9c0cc;border-radius:6px;background:#fff;color:var(--ink)}
button{background:var(--link);border-color:var(--link);color:#fff;font-weight:600;cursor:pointer;padding:5px 12px}
button.plain{background:#fff;color:var(--link)}
form.stack{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:10px 14px;margin:10px 0}
form.stack .wide{grid-column:1/-1}
textarea{width:100%}
.pager{display:flex;gap:16px;margin:12px 0}
.flash{background:#e7f4ea;border:1px solid #a8d5b1;border-radius:8px;padding:8px 12px}
.errors{background:#fdecea;border:1px solid #f2b8b0;border-radius:8px;padding:8px 12px;white-space:pre-wrap}
.judge{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:14px;margin:14px 0}
.judge form{background:var(--soft);border-radius:10px;padding:12px 14px}
.camp li{margin:6px 0}.camp blockquote{margin:4px 0;font-style:italic;color:var(--muted);overflow-wrap:anywhere}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px}dl.fields dt{color:var(--muted)}
dl.fields dd{margin:0;overflow-wrap:anywhere}
table.review td{vertical-align:top}table.review input{width:100%;min-width:7em}
"#;

/// Who is looking: signed in or not, and the CSRF token their forms carry.
pub struct Visitor {
    pub name: Option<String>,
    pub csrf: String,
    /// The CSRF cookie must be set with this answer.
    new_csrf: bool,
    /// Whether the server takes writes at all.
    pub writable: bool,
}

fn visitor(app: &App, headers: &HeaderMap) -> Visitor {
    let (csrf, new_csrf) = match auth::cookie(headers, CSRF_COOKIE).filter(|c| c.len() == 64) {
        Some(c) => (c, false),
        None => (auth::random_hex(32).unwrap_or_default(), true),
    };
    Visitor {
        name: auth::cookie(headers, SESSION_COOKIE).and_then(|id| app.sessions.name(&id)),
        csrf,
        new_csrf,
        writable: !app.read_only && app.tokens.is_some(),
    }
}

fn cookie_header(name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict{age}"
    ))
    .unwrap_or(HeaderValue::from_static("x=; Path=/"))
}

/// A finished page, with the CSRF cookie when the visitor had none.
fn respond(status: StatusCode, v: &Visitor, page: Markup) -> Response {
    let mut r = (status, page).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if v.new_csrf {
        r.headers_mut().append(
            header::SET_COOKIE,
            cookie_header(CSRF_COOKIE, &v.csrf, None),
        );
    }
    r
}

fn csrf_field(v: &Visitor) -> Markup {
    html! { input type="hidden" name="csrf" value=(v.csrf); }
}

/// The page around `body`.
fn layout(v: &Visitor, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (crate::render::html::parts::head(&format!("{title} — crosscheck"), PAGE_CSS))
            body {
                nav.top {
                    a href="/contradictions" { "Contradictions" }
                    a href="/claims" { "Claims" }
                    a href="/sources" { "Sources" }
                    a href="/claims/new" { "Add a claim" }
                    a href="/extract" { "Paste an article" }
                    span.who {
                        @if let Some(n) = &v.name {
                            "Signed in as " strong { (n) } " "
                            form method="post" action="/logout" {
                                (csrf_field(v))
                                button.plain type="submit" { "Sign out" }
                            }
                        } @else if v.writable {
                            a href="/login" { "Sign in" }
                        } @else {
                            "Read-only"
                        }
                    }
                }
                main { (body) }
                p.foot { "crosscheck " (env!("CARGO_PKG_VERSION")) ". Values are shown as each source wrote them; read-as figures are crosscheck's reading." }
            }
        }
    }
}

/// A page that says what went wrong (404, 400…).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let v = Visitor {
        name: None,
        csrf: String::new(),
        new_csrf: false,
        writable: false,
    };
    let page = layout(
        &v,
        status.canonical_reason().unwrap_or("Error"),
        html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
            p.errors { (message) }
            p { a href="/contradictions" { "Back to the contradictions" } }
        },
    );
    respond(status, &v, page)
}

fn failure_page(f: Failure) -> Response {
    error_page(f.status, &f.message)
}

/// A link to the page at `path` with `params`, for pagination and facets.
fn href(path: &str, params: &[(String, String)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        if !v.is_empty() {
            q.append_pair(k, v);
        }
    }
    let q = q.finish();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

fn with_page(p: &Params, page: usize) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = p.0.iter().filter(|(k, _)| k != "page").cloned().collect();
    if page > 1 {
        out.push(("page".into(), page.to_string()));
    }
    out
}

fn page_number(p: &Params) -> Result<usize> {
    match p.get("page") {
        None => Ok(1),
        Some(n) => n
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| Error::Usage(format!("page: '{n}' is not a page number (1, 2, …)"))),
    }
}

/// When a claim's figure holds: its period, else "as of" its as-of date or its date.
fn when(c: &Claim) -> String {
    let as_of = c.as_of.as_deref().unwrap_or(&c.date);
    crate::render::period_or_as_of(c.period.as_deref(), Some(as_of)).unwrap_or_default()
}

/// `/`: the contradiction report is the desk's front page.
pub async fn home() -> Redirect {
    Redirect::to("/contradictions")
}

fn text_input(p: &Params, name: &str, label: &str, list: Option<&str>) -> Markup {
    let value = p.get(name).unwrap_or_default();
    html! {
        label { (label) input type="text" name=(name) value=(value) list=[list]; }
    }
}

fn select(p: &Params, name: &str, label: &str, options: &[&str]) -> Markup {
    let current = p.get(name).unwrap_or_default();
    html! {
        label { (label)
            select name=(name) {
                @for o in options {
                    option value=(o) selected[*o == current] { @if o.is_empty() { "(any)" } @else { (o) } }
                }
            }
        }
    }
}

/// The claims page's lists of known names for its filter inputs (short ones only: a
/// long list helps nobody). They change only when the ledger does, so they are rendered
/// once per head event and kept; the head is read first, so what is kept is never older
/// than the head it is kept under.
fn datalists(app: &App, ledger: &dyn Store) -> Result<Arc<Markup>> {
    let head = ledger.head_event()?;
    let kept = app
        .name_lists
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    if let Some((_, markup)) = kept.filter(|(at, _)| *at == head) {
        return Ok(markup);
    }
    let lists = [
        ("sources", ledger.spellings(NameKind::Source)?),
        ("subjects", ledger.spellings(NameKind::Subject)?),
        ("metrics", ledger.spellings(NameKind::Metric)?),
    ];
    let markup = Arc::new(html! {
        @for (id, names) in &lists {
            @if names.len() <= 500 {
                datalist id=(id) { @for (n, _) in names { option value=(n); } }
            }
        }
    });
    *app.name_lists.lock().unwrap_or_else(|e| e.into_inner()) = Some((head, markup.clone()));
    Ok(markup)
}

/// `/claims`: the claims, filtered, searched and paged.
pub async fn claims(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let v = visitor(&app, &headers);
    let p = Params::parse(q.as_deref());
    let result = async {
        p.only(CLAIM_PARAMS, &["page", "basis"])?;
        let page = page_number(&p)?;
        let mut filter = p.claims_filter()?;
        let basis = p
            .get("basis")
            .map(|b| crate::model::Basis::parse(&b).map_err(Error::Usage))
            .transpose()?;
        let wanted = filter.limit.unwrap_or(usize::MAX);
        let skip = (page - 1) * PER_PAGE;
        // A basis is checked here, so the page is counted here; without one, the ledger
        // skips to the page and stops after it.
        let (skip, wanted) = match basis {
            Some(_) => (skip, wanted),
            None => {
                filter.limit = Some(wanted.saturating_sub(skip).min(PER_PAGE + 1));
                filter.skip = skip;
                (0, usize::MAX)
            }
        };
        let shared = Arc::clone(&app);
        app.pool
            .run(None, move |ledger| {
                let mut rows = Vec::new();
                let mut seen = 0usize;
                crate::ops::list::claims(&*ledger, &filter, &mut |c| {
                    if basis.is_some_and(|b| b != c.basis) || seen >= wanted {
                        return Ok(());
                    }
                    seen += 1;
                    if seen > skip && rows.len() <= PER_PAGE {
                        rows.push(c);
                    }
                    Ok(())
                })?;
                Ok((rows, datalists(&shared, &*ledger)?))
            })
            .await
    };
    let (mut rows, lists) = match result.await {
        Ok(r) => r,
        Err(f) => return failure_page(f),
    };
    let page = page_number(&p).unwrap_or(1);
    let more = rows.len() > PER_PAGE;
    rows.truncate(PER_PAGE);
    let body = html! {
        h1 { "Claims" }
        form.filters method="get" action="/claims" {
            (text_input(&p, "search", "Search quotes", None))
            (text_input(&p, "source", "Source", Some("sources")))
            (text_input(&p, "subject", "Subject", Some("subjects")))
            (text_input(&p, "metric", "Metric", Some("metrics")))
            (select(&p, "basis", "Basis", &["", "actual", "run_rate", "forecast", "pre_money", "post_money", "secondary"]))
            (select(&p, "status", "Status", &["", "active", "retracted", "superseded", "all"]))
            (text_input(&p, "since", "Since", None))
            (text_input(&p, "until", "Until", None))
            button type="submit" { "Filter" }
            (&*lists)
        }
        @if rows.is_empty() {
            p.note { "No claims match." }
        } @else {
            div.scroll { table {
                thead { tr { th { "id" } th { "subject" } th { "metric" } th { "value" } th { "when" } th { "source" } th { "date" } th { "confidence" } th { "status" } } }
                tbody {
                    @for c in &rows {
                        tr {
                            td.num { a href={ "/claims/" (c.id) } { (c.id) } }
                            td { a href=(href("/claims", &[("subject".into(), c.subject.clone())])) { (c.subject) } }
                            td { (c.metric) }
                            td.val { a href={ "/claims/" (c.id) } { (c.value) } }
                            td { (when(c)) @if c.basis != crate::model::Basis::Actual { " · " (c.basis.as_str()) } }
                            td.src { (source(&c.source, c.via.as_deref(), c.url.as_deref())) }
                            td.num { (c.date) }
                            td { (c.confidence.to_string()) }
                            td { (c.status.as_str()) }
                        }
                    }
                }
            } }
        }
        nav.pager {
            @if page > 1 { a href=(href("/claims", &with_page(&p, page - 1))) { "← Previous" } }
            span.note { "Page " (page) }
            @if more { a href=(href("/claims", &with_page(&p, page + 1))) { "Next →" } }
        }
    };
    respond(StatusCode::OK, &v, layout(&v, "Claims", body))
}

/// `/claims/{id}`: one claim with its citation, quote, history and contradictions.
pub async fn claim(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let v = visitor(&app, &headers);
    let result = app
        .pool
        .run(None, move |ledger| crate::ops::show::show(&*ledger, &id))
        .await;
    let r = match result {
        Ok(r) => r,
        Err(f) => return failure_page(f),
    };
    let c = &r.claim;
    let reading = crate::value::read(&c.value)
        .map(|x| crate::render::parse::describe(&x.value))
        .unwrap_or_default();
    let body = html! {
        h1 { (c.subject) " · " (c.metric) ": " (c.value) }
        p.sub { "Claim " (c.id) @if let Some(k) = &c.key { " · key " code { (k) } } " · " (c.status.as_str()) }
        @if let Some(reason) = &r.retraction { p.errors { "Retracted: " (reason) } }
        dl.fields {
            dt { "value" } dd { (c.value) }
            dt { "read as" } dd { (reading) }
            dt { "basis" } dd { (c.basis.as_str()) }
            dt { "when" } dd { (when(c)) }
            dt { "source" } dd { (crate::render::via_label(&c.source, c.via.as_deref())) }
            dt { "date" } dd { (c.date) }
            dt { "confidence" } dd { (c.confidence.to_string()) }
            @if let Some(t) = &c.title { dt { "title" } dd { (t) } }
            @if !c.authors.is_empty() { dt { "authors" } dd { (c.authors.join(", ")) } }
            dt { "link" } dd {
                @match c.url.as_deref() {
                    Some(u) => { (link(u, Some(u))) }
                    None => { "(none)" }
                }
            }
            @if !c.tags.is_empty() { dt { "tags" } dd { (c.tags.join(", ")) } }
            @if let Some(n) = &c.notes { dt { "notes" } dd { (n) } }
            dt { "source's record" } dd { (r.record.correct) " of " (r.record.judged) " judged claims right" }
        }
        @if let Some(q) = &c.quote { h2 { "Quote" } blockquote.quote { (q) } }
        @for n in &r.notes { p.note { (n) } }
        h2 { "Contradictions" }
        @if r.groups.is_empty() { p.note { "None." } }
        ul { @for g in &r.groups { li { a href={ "/groups/" (g.id) } { (group_title(g)) } " · " (g.kind.as_str()) " · " (g.status.as_str()) } } }
        h2 { "History" }
        div.scroll { table {
            thead { tr { th { "event" } th { "when" } th { "who" } th { "what" } } }
            tbody { @for e in &r.history { tr { td.num { (e.id) } td { (e.at) } td { (e.actor) } td { (e.action) } } } }
        } }
        p { a href=(href("/timeline", &[("subject".into(), c.subject.clone()), ("metric".into(), c.metric.clone())])) { "Timeline of " (c.subject) " · " (c.metric) } }
    };
    respond(
        StatusCode::OK,
        &v,
        layout(&v, &format!("Claim {}", c.id), body),
    )
}

/// One group as the report draws it.
fn group_markup(g: &Group, urls: &Urls) -> Markup {
    crate::render::html::group(g, urls)
}

/// `/contradictions`: the report, filtered by severity, status, date and source.
pub async fn contradictions(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let v = visitor(&app, &headers);
    let p = Params::parse(q.as_deref());
    let result = async {
        p.only(REPORT_PARAMS, &["severity", "page"])?;
        let mut options = p.report_options()?;
        let since = p.since()?;
        let page = page_number(&p)?;
        let min_severity = match p.get("severity") {
            None => 0.0,
            Some(s) => s
                .parse::<f64>()
                .ok()
                .filter(|x| (0.0..=1.0).contains(x))
                .ok_or_else(|| {
                    Error::Usage(format!("severity: '{s}' is not a number from 0 to 1"))
                })?,
        };
        let source = p.get("source");
        app.pool
            .run(None, move |ledger| {
                if let Some(since) = &since {
                    options.since_claim = crate::ops::contradictions::since_claim(&*ledger, since)?;
                }
                let source_name = match &source {
                    Some(s) => Some(ledger.known(NameKind::Source, s)?.1),
                    None => None,
                };
                let mut groups = crate::ops::contradictions::report(&*ledger, &options)?;
                groups.retain(|g| {
                    let members = || g.camps.iter().flat_map(|c| &c.claims).chain(&g.neutral);
                    g.severity >= min_severity
                        && source_name
                            .as_ref()
                            .is_none_or(|s| members().any(|m| &m.source == s))
                });
                let total = groups.len();
                let shown: Vec<Group> = groups
                    .into_iter()
                    .skip((page - 1) * GROUPS_PER_PAGE)
                    .take(GROUPS_PER_PAGE)
                    .collect();
                let urls = crate::ops::contradictions::urls(&*ledger, &shown)?;
                Ok((total, shown, urls))
            })
            .await
    };
    let (total, groups, urls) = match result.await {
        Ok(r) => r,
        Err(f) => return failure_page(f),
    };
    let page = page_number(&p).unwrap_or(1);
    let pages = total.div_ceil(GROUPS_PER_PAGE).max(1);
    let body = html! {
        h1 { "Contradictions" }
        form.filters method="get" action="/contradictions" {
            (select(&p, "status", "Status", &["", "open", "resolved", "dismissed", "all"]))
            (select(&p, "severity", "Severity at least", &["", "0.25", "0.5", "0.75"]))
            (text_input(&p, "since", "Recorded since (date, or last)", None))
            (text_input(&p, "source", "Source", None))
            (text_input(&p, "subject", "Subject", None))
            (text_input(&p, "metric", "Metric", None))
            label { "Conflicts only" input type="checkbox" name="strict" value="true" checked[p.get("strict").is_some()]; }
            button type="submit" { "Filter" }
        }
        p.sub { (total) " group(s)" @if pages > 1 { ", page " (page) " of " (pages) } "." }
        @for g in &groups {
            (group_markup(g, &urls))
            p { a href={ "/groups/" (g.id) } { "Open this group to judge it →" } }
        }
        nav.pager {
            @if page > 1 { a href=(href("/contradictions", &with_page(&p, page - 1))) { "← Previous" } }
            @if page < pages { a href=(href("/contradictions", &with_page(&p, page + 1))) { "Next →" } }
        }
    };
    respond(StatusCode::OK, &v, layout(&v, "Contradictions", body))
}

/// The group `id` (or a unique prefix), judged, with its claims' quotes and links.
fn find_group(ledger: &dyn Store, id: &str) -> Result<(Group, Urls)> {
    let options = crate::ops::contradictions::ReportOptions {
        status: crate::ops::contradictions::Which::All,
        ..Default::default()
    };
    let wanted = id.trim().to_lowercase();
    let groups = crate::ops::contradictions::report(ledger, &options)?;
    let mut matching = groups.into_iter().filter(|g| g.id.starts_with(&wanted));
    match (matching.next(), matching.next()) {
        (Some(g), None) if wanted.len() >= 4 => {
            let urls = crate::ops::contradictions::urls(ledger, std::slice::from_ref(&g))?;
            Ok((g, urls))
        }
        _ => Err(Error::NoSuchGroup(id.to_string())),
    }
}

/// `/groups/{id}`: the camps side by side with their quotes, and the judging forms.
pub async fn group(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let v = visitor(&app, &headers);
    match app.pool.run(None, move |l| find_group(&*l, &id)).await {
        Ok((g, urls)) => group_page(&v, &g, &urls, None, StatusCode::OK),
        Err(f) => failure_page(f),
    }
}

fn group_page(
    v: &Visitor,
    g: &Group,
    urls: &Urls,
    flash: Option<&str>,
    status: StatusCode,
) -> Response {
    let unit = g.unit.as_deref();
    let body = html! {
        @if let Some(f) = flash { p.flash { (f) } }
        h1 { (group_title(g)) }
        (group_markup(g, urls))
        h2 { "Camps" }
        div.camps {
            @for (i, camp) in g.camps.iter().enumerate() {
                div.camp style={ "border-color:" (colour(i)) } {
                    h3 { "Camp " (camp_letter(i)) ": " (crate::render::range(camp.low, camp.high, unit)) }
                    p.meta { (camp.origins) " independent source(s), support " (format!("{:.2}", camp.support)) }
                    ul {
                        @for m in &camp.claims {
                            li {
                                strong { (source(&m.source, m.via.as_deref(), urls.link(m.id))) } " · " (m.value) " · " (m.date)
                                " · " a href={ "/claims/" (m.id) } { "claim " (m.id) }
                                @if let Some(q) = urls.quote(m.id) { blockquote { (q) } }
                            }
                        }
                    }
                }
            }
        }
        @if v.writable {
            div.judge {
                form method="post" action={ "/groups/" (g.id) "/resolve" } {
                    h3 { "Mark correct" }
                    (csrf_field(v))
                    input type="hidden" name="action" value="correct";
                    @for m in g.camps.iter().flat_map(|c| &c.claims) {
                        label { input type="radio" name="claim" value=(m.id) required; " " (m.source) ": " (m.value) " (claim " (m.id) ")" } br;
                    }
                    label { "Note (optional) " input type="text" name="reason"; }
                    " " button type="submit" { "Mark correct" }
                }
                form method="post" action={ "/groups/" (g.id) "/resolve" } {
                    h3 { "Dismiss" }
                    (csrf_field(v))
                    input type="hidden" name="action" value="dismiss";
                    label { "Why this is not a real disagreement " input type="text" name="reason" required; }
                    " " button type="submit" { "Dismiss with reason" }
                }
            }
            @if v.name.is_none() { p.note { a href={ "/login?next=/groups/" (g.id) } { "Sign in" } " to judge this group." } }
        }
    };
    respond(status, v, layout(v, &group_title(g), body))
}

/// The visitor's name when the form carries their CSRF token and they are signed in;
/// otherwise the page that says why not.
// The refusal is the finished page, sent as it is.
#[allow(clippy::result_large_err)]
fn check_form(
    app: &App,
    headers: &HeaderMap,
    form: &Params,
    need_session: bool,
) -> Result<Option<String>, Response> {
    let cookie = auth::cookie(headers, CSRF_COOKIE).unwrap_or_default();
    let given = form.get("csrf").unwrap_or_default();
    if cookie.is_empty() || !auth::same(cookie.as_bytes(), given.as_bytes()) {
        return Err(error_page(
            StatusCode::FORBIDDEN,
            "This form was refused: its security token is missing or out of date. Go back, \
             reload the page and send it again.",
        ));
    }
    if !need_session {
        return Ok(None);
    }
    match super::authorise(app, headers) {
        Ok(name) => Ok(Some(name)),
        Err(f) if f.status == StatusCode::UNAUTHORIZED => Err(error_page(
            f.status,
            "Sign in with your token to make changes (see the Sign in link at the top).",
        )),
        Err(f) => Err(failure_page(f)),
    }
}

#[allow(clippy::result_large_err)]
fn form_body(body: Result<Bytes, BytesRejection>) -> Result<Params, Response> {
    body_or_failure(body)
        .map(|b| Params::from_bytes(&b))
        .map_err(failure_page)
}

/// `POST /groups/{id}/resolve`: the judging forms.
pub async fn resolve(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let form = match form_body(body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let actor = match check_form(&app, &headers, &form, true) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let how = match form.get("action").as_deref() {
        Some("correct") => match form.get("claim") {
            Some(claim) => Judge::Correct {
                claim,
                reason: form.get("reason"),
            },
            None => return error_page(StatusCode::BAD_REQUEST, "choose the claim that was right"),
        },
        Some("dismiss") => Judge::Dismiss {
            reason: form.get("reason").unwrap_or_default(),
        },
        _ => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "the form must say correct or dismiss",
            );
        }
    };
    let v = visitor(&app, &headers);
    let result = app
        .pool
        .run(actor, move |ledger| {
            let judged = judge(ledger, &id, how)?;
            let (g, urls) = find_group(&*ledger, &judged.group)?;
            Ok((judged, g, urls))
        })
        .await;
    match result {
        Ok((judged, g, urls)) => {
            let flash = if judged.recorded {
                format!("Recorded: {} by {}.", judged.status, judged.actor)
            } else {
                "This group already had that judgement; nothing was recorded.".to_string()
            };
            group_page(&v, &g, &urls, Some(&flash), StatusCode::OK)
        }
        Err(f) => failure_page(f),
    }
}

/// `/sources`: every source with its claims, its record on judged contradictions and
/// its estimated accuracy.
pub async fn sources(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let v = visitor(&app, &headers);
    let result = app
        .pool
        .run(None, |ledger| {
            let truth = crate::ops::truth::estimate(&*ledger, &Default::default(), |_| Ok(()))?;
            let accuracy: std::collections::HashMap<String, f64> = truth
                .sources
                .iter()
                .map(|s| (s.name.clone(), s.accuracy))
                .collect();
            let rows: Vec<_> = crate::ops::names::sources(&*ledger)?
                .into_iter()
                .map(|s| {
                    let acc = accuracy.get(&s.info.name).copied();
                    (s, acc)
                })
                .collect();
            Ok(rows)
        })
        .await;
    let rows = match result {
        Ok(r) => r,
        Err(f) => return failure_page(f),
    };
    let body = html! {
        h1 { "Sources" }
        p.sub { "Reliability is each source's record on judged contradictions (with its 90% interval); accuracy is the estimate from agreement across the whole ledger." }
        div.scroll { table {
            thead { tr { th { "source" } th { "aliases" } th { "kind" } th { "claims" } th { "judged" } th { "right" } th { "reliability" } th { "accuracy" } } }
            tbody {
                @for (s, acc) in &rows {
                    tr {
                        td.src { a href=(href("/claims", &[("source".into(), s.info.name.clone())])) { (s.info.name) } }
                        td { (s.info.aliases.join(", ")) }
                        td { (s.info.kind.clone().unwrap_or_default()) }
                        td.num { (s.info.claims) }
                        td.num { (s.judged) }
                        td.num { (s.correct) }
                        td.num { (format!("{:.2} ({:.2}–{:.2})", s.reliability, s.reliability_low, s.reliability_high)) }
                        td.num { @if let Some(a) = acc { (format!("{a:.3}")) } }
                    }
                }
            }
        } }
    };
    respond(StatusCode::OK, &v, layout(&v, "Sources", body))
}

/// `/timeline?subject=&metric=`: a metric's values over time.
pub async fn timeline(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let v = visitor(&app, &headers);
    let p = Params::parse(q.as_deref());
    let result = async {
        p.only(&["subject", "metric"], &[])?;
        let (Some(subject), Some(metric)) = (p.get("subject"), p.get("metric")) else {
            return Ok(None);
        };
        app.pool
            .run(None, move |ledger| {
                let options = crate::ops::timeline::TimelineOptions {
                    subject: subject.clone(),
                    metric: metric.clone(),
                    settings: Default::default(),
                };
                let points = crate::ops::timeline::points(&*ledger, &options)?;
                let (subject, metric) = crate::ops::timeline::names(&*ledger, &options)?;
                let urls = crate::ops::contradictions::evidence_of(
                    &*ledger,
                    points.iter().map(|p| p.id).collect(),
                )?;
                let section = crate::render::html::timeline_section(&points, &urls);
                Ok(Some((subject, metric, section)))
            })
            .await
    };
    let shown = match result.await {
        Ok(s) => s,
        Err(f) => return failure_page(f),
    };
    let body = html! {
        h1 { @if let Some((s, m, _)) = &shown { (s) " · " (m) " over time" } @else { "Timeline" } }
        form.filters method="get" action="/timeline" {
            (text_input(&p, "subject", "Subject", None))
            (text_input(&p, "metric", "Metric", None))
            button type="submit" { "Show" }
        }
        @if let Some((_, _, section)) = &shown { (section) }
        @else { p.note { "Give a subject and a metric." } }
    };
    respond(StatusCode::OK, &v, layout(&v, "Timeline", body))
}

/// The fields of the add-a-claim form, in order, with their labels.
const CLAIM_FIELDS: &[(&str, &str)] = &[
    ("subject", "Subject"),
    ("metric", "Metric"),
    ("value", "Value, as written"),
    ("source", "Source"),
    ("date", "Publication date"),
    ("period", "Period (a flow: 2024, 2024-Q3)"),
    ("as_of", "As of (a state: YYYY-MM-DD)"),
    ("confidence", "Confidence"),
    ("basis", "Basis"),
    ("via", "Via (relayed by)"),
    ("key", "Key"),
    ("url", "Link"),
    ("title", "Headline"),
];

fn claim_form(
    v: &Visitor,
    form: &Params,
    preview: Option<Result<String, String>>,
    errors: Option<&str>,
) -> Markup {
    html! {
        h1 { "Add a claim" }
        @if let Some(e) = errors { p.errors { (e) } }
        @match &preview {
            Some(Ok(r)) => { p.flash { "Read as: " (r) } }
            Some(Err(e)) => { p.errors { "Not read: " (e) } }
            None => {}
        }
        @if !v.writable { p.note { "This server takes no changes; the preview still works." } }
        form.stack method="post" action="/claims/new" {
            (csrf_field(v))
            @for (name, label) in CLAIM_FIELDS {
                label { (label) input type="text" name=(name) value=(form.get(name).unwrap_or_default()); }
            }
            label.wide { "Quote" textarea name="quote" rows="3" { (form.get("quote").unwrap_or_default()) } }
            label { "Create a new source" input type="checkbox" name="new_source" value="true" checked[form.get("new_source").is_some()]; }
            div.wide {
                button.plain type="submit" name="preview" value="1" { "Preview the reading" }
                " "
                @if v.writable { button type="submit" name="add" value="1" { "Add the claim" } }
            }
        }
    }
}

/// `/claims/new`: the form.
pub async fn new_claim(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let v = visitor(&app, &headers);
    respond(
        StatusCode::OK,
        &v,
        layout(
            &v,
            "Add a claim",
            claim_form(&v, &Params::default(), None, None),
        ),
    )
}

/// The form's fields as one import record (JSON), empty fields left out.
fn record_of(form: &Params, fields: &[&str], suffix: &str) -> serde_json::Value {
    let mut record = serde_json::Map::new();
    for name in fields {
        if let Some(v) = form.get(&format!("{name}{suffix}")) {
            record.insert((*name).to_string(), serde_json::Value::String(v));
        }
    }
    serde_json::Value::Object(record)
}

const RECORD_FIELDS: &[&str] = &[
    "subject",
    "metric",
    "value",
    "source",
    "date",
    "period",
    "as_of",
    "confidence",
    "basis",
    "via",
    "key",
    "url",
    "title",
    "quote",
];

/// `POST /claims/new`: preview the reading, or add the claim.
pub async fn add_claim(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let form = match form_body(body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let v = visitor(&app, &headers);
    let preview = form.get("preview").is_some();
    let actor = match check_form(&app, &headers, &form, !preview) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let reading = || -> Result<String, String> {
        let value = form.get("value").unwrap_or_default();
        crate::value::read(&value)
            .map(|r| {
                let mut s = crate::render::parse::describe(&r.value);
                if let Some(b) = r.basis.filter(|b| *b != crate::model::Basis::Actual) {
                    s.push_str(&format!(", basis {b}"));
                }
                s
            })
            .map_err(|e| e.to_string())
    };
    if preview {
        let page = claim_form(&v, &form, Some(reading()), None);
        return respond(StatusCode::OK, &v, layout(&v, "Add a claim", page));
    }
    let record = record_of(&form, RECORD_FIELDS, "");
    let key = form.get("key");
    let line = format!("{record}\n").into_bytes();
    let result = super::api::import(
        &app,
        actor.unwrap_or_default(),
        line,
        "the form",
        form.get("new_source").is_some(),
        false,
    )
    .await;
    match result {
        Ok(summary) => {
            let to = match key {
                Some(k) => href(&format!("/claims/{}", urlencode(&k)), &[]),
                None => href(
                    "/claims",
                    &[
                        ("subject".into(), form.get("subject").unwrap_or_default()),
                        ("metric".into(), form.get("metric").unwrap_or_default()),
                    ],
                ),
            };
            let note = if summary.added > 0 {
                "The claim was added."
            } else {
                "The ledger already holds this claim; nothing was added."
            };
            let body = html! {
                h1 { "Add a claim" }
                p.flash { (note) " " a href=(to) { "See it" } }
                @for w in &summary.warnings { p.note { "Warning: " (w) } }
                (claim_form(&v, &Params::default(), None, None))
            };
            respond(StatusCode::CREATED, &v, layout(&v, "Add a claim", body))
        }
        Err(f) => {
            let page = claim_form(&v, &form, Some(reading()), Some(&f.message));
            respond(f.status, &v, layout(&v, "Add a claim", page))
        }
    }
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `/extract`: paste an article.
pub async fn paste(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let v = visitor(&app, &headers);
    respond(
        StatusCode::OK,
        &v,
        layout(
            &v,
            "Paste an article",
            paste_form(&v, &Params::default(), None),
        ),
    )
}

fn paste_form(v: &Visitor, form: &Params, error: Option<&str>) -> Markup {
    html! {
        h1 { "Paste an article" }
        p.sub { "Its figures become candidate claims; review them, then import the ones worth keeping." }
        @if let Some(e) = error { p.errors { (e) } }
        form.stack method="post" action="/extract" {
            (csrf_field(v))
            label { "Outlet that published it" input type="text" name="source" required value=(form.get("source").unwrap_or_default()); }
            label { "Publication date" input type="text" name="date" required placeholder="YYYY-MM-DD" value=(form.get("date").unwrap_or_default()); }
            label { "Link" input type="text" name="url" value=(form.get("url").unwrap_or_default()); }
            label.wide { "Article text (plain text, Markdown or HTML)" textarea name="text" rows="14" required { (form.get("text").unwrap_or_default()) } }
            div.wide { button type="submit" { "Find the claims" } }
        }
    }
}

/// `POST /extract`: the candidates, each to accept, edit or leave out.
pub async fn review(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let form = match form_body(body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if let Err(r) = check_form(&app, &headers, &form, false) {
        return r;
    }
    let v = visitor(&app, &headers);
    let bad = |msg: String| {
        respond(
            StatusCode::BAD_REQUEST,
            &v,
            layout(&v, "Paste an article", paste_form(&v, &form, Some(&msg))),
        )
    };
    let Some(outlet) = form.get("source") else {
        return bad("--source: name the outlet that published the article".into());
    };
    let date = match crate::time::parse_day(&form.get("date").unwrap_or_default()) {
        Ok(d) => d,
        Err(e) => return bad(format!("--date: {e}")),
    };
    let raw = form.get("text").unwrap_or_default();
    if raw.trim().is_empty() {
        return bad("paste the article's text".into());
    }
    let text = if raw.trim_start().starts_with('<') {
        crate::extract::html::main_text(&raw)
    } else {
        raw.clone()
    };
    let url = form.get("url");
    let names = app
        .pool
        .run(None, |ledger| {
            let named = |kind| -> Result<Vec<crate::extract::Named>> {
                Ok(ledger
                    .spellings(kind)?
                    .into_iter()
                    .map(|(name, aliases)| crate::extract::Named { name, aliases })
                    .collect())
            };
            Ok(crate::extract::Names {
                sources: named(NameKind::Source)?,
                subjects: named(NameKind::Subject)?,
                metrics: named(NameKind::Metric)?,
            })
        })
        .await;
    let names = match names {
        Ok(n) => n,
        Err(f) => return failure_page(f),
    };
    let article = crate::extract::Article {
        text: &text,
        outlet: &outlet,
        date,
        url: url.as_deref(),
    };
    let candidates = crate::extract::extract(&article, &names);
    let body = review_markup(&v, &candidates);
    respond(StatusCode::OK, &v, layout(&v, "Review the claims", body))
}

const REVIEW_FIELDS: &[&str] = &[
    "subject",
    "metric",
    "value",
    "period",
    "as_of",
    "source",
    "via",
    "date",
    "confidence",
    "basis",
    "quote",
    "url",
];

fn review_markup(v: &Visitor, candidates: &[crate::extract::Candidate]) -> Markup {
    html! {
        h1 { "Review the claims" }
        @if candidates.is_empty() {
            p.note { "No figures were found in this article." }
        } @else {
            p.sub { (candidates.len()) " candidate(s). Tick the ones to keep, correct any field, then import." }
            form method="post" action="/extract/import" {
                (csrf_field(v))
                input type="hidden" name="count" value=(candidates.len());
                div.scroll { table.review {
                    thead { tr { th { "keep" } th { "subject" } th { "metric" } th { "value" } th { "period" } th { "as of" } th { "source" } th { "via" } th { "date" } th { "confidence" } th { "quote" } } }
                    tbody {
                        @for (i, c) in candidates.iter().enumerate() {
                            @let n = i + 1;
                            tr {
                                td { input type="checkbox" name={ "accept_" (n) } value="1" aria-label={ "keep candidate " (n) }; }
                                td { input type="text" name={ "subject_" (n) } value=(c.subject); }
                                td { input type="text" name={ "metric_" (n) } value=(c.metric); }
                                td { input type="text" name={ "value_" (n) } value=(c.value); }
                                td { input type="text" name={ "period_" (n) } value=(c.period.clone().unwrap_or_default()); }
                                td { input type="text" name={ "as_of_" (n) } value=(c.as_of.clone().unwrap_or_default()); }
                                td { input type="text" name={ "source_" (n) } value=(c.source); }
                                td { input type="text" name={ "via_" (n) } value=(c.via.clone().unwrap_or_default()); }
                                td { input type="text" name={ "date_" (n) } value=(c.date); }
                                td { input type="text" name={ "confidence_" (n) } value=(c.confidence);
                                     input type="hidden" name={ "basis_" (n) } value=(c.basis.unwrap_or_default());
                                     input type="hidden" name={ "url_" (n) } value=(c.url.clone().unwrap_or_default()); }
                                td { textarea name={ "quote_" (n) } rows="3" { (c.quote) } }
                            }
                        }
                    }
                } }
                p {
                    label { input type="checkbox" name="new_source" value="true"; " Create sources the ledger does not know" }
                }
                @if v.writable { button type="submit" { "Import the ticked claims" } }
                @else { p.note { "This server takes no changes." } }
            }
        }
    }
}

/// `POST /extract/import`: the ticked candidates, imported all or nothing.
pub async fn import_reviewed(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let form = match form_body(body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let actor = match check_form(&app, &headers, &form, true) {
        Ok(a) => a.unwrap_or_default(),
        Err(r) => return r,
    };
    let v = visitor(&app, &headers);
    let count: usize = form
        .get("count")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
        .min(10_000);
    // One line per candidate, blank for those left out, so that an error's line number
    // is the candidate's number.
    let mut lines = Vec::new();
    let mut kept = 0;
    for n in 1..=count {
        if form.get(&format!("accept_{n}")).is_some() {
            lines.extend_from_slice(
                record_of(&form, REVIEW_FIELDS, &format!("_{n}"))
                    .to_string()
                    .as_bytes(),
            );
            kept += 1;
        }
        lines.push(b'\n');
    }
    if kept == 0 {
        return error_page(
            StatusCode::BAD_REQUEST,
            "tick at least one candidate to import (go back to the list)",
        );
    }
    let result = super::api::import(
        &app,
        actor,
        lines,
        "the reviewed claims",
        form.get("new_source").is_some(),
        false,
    )
    .await;
    let body = match &result {
        Ok(s) => html! {
            h1 { "Imported" }
            p.flash { "Imported " (s.added) " claim(s)" @if s.skipped > 0 { ", " (s.skipped) " already in the ledger" } "." }
            @for w in &s.warnings { p.note { "Warning: " (w) } }
            p { a href="/claims" { "See the claims" } " · " a href="/extract" { "Paste another article" } }
        },
        Err(f) => html! {
            h1 { "Nothing was imported" }
            p.errors { (f.message) }
            p.note { "Line numbers are the candidates' numbers in the list. Go back, correct them and import again." }
        },
    };
    let status = match &result {
        Ok(_) => StatusCode::CREATED,
        Err(f) => f.status,
    };
    respond(status, &v, layout(&v, "Import", body))
}

/// `/login`: sign in with a token.
pub async fn login_form(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let v = visitor(&app, &headers);
    let next = Params::parse(q.as_deref()).get("next").unwrap_or_default();
    respond(
        StatusCode::OK,
        &v,
        layout(&v, "Sign in", login_markup(&v, &next, None)),
    )
}

fn login_markup(v: &Visitor, next: &str, error: Option<&str>) -> Markup {
    html! {
        h1 { "Sign in" }
        @if let Some(e) = error { p.errors { (e) } }
        @if !v.writable {
            p.note { "This server takes no changes, so there is nothing to sign in for." }
        } @else {
            form.stack method="post" action="/login" {
                (csrf_field(v))
                input type="hidden" name="next" value=(next);
                label { "Your token" input type="password" name="token" autocomplete="current-password" required; }
                div.wide { button type="submit" { "Sign in" } }
            }
            p.note { "A token is made with " code { "crosscheck token add NAME --token-file FILE" } "." }
        }
    }
}

/// `POST /login`: a valid token starts a session.
pub async fn login(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let form = match form_body(body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if let Err(r) = check_form(&app, &headers, &form, false) {
        return r;
    }
    let v = visitor(&app, &headers);
    let next = form
        .get("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/contradictions".into());
    let name = app
        .tokens
        .as_ref()
        .filter(|_| !app.read_only)
        .and_then(|t| {
            t.check(&form.get("token").unwrap_or_default())
                .map(str::to_string)
        });
    let Some(name) = name else {
        let page = login_markup(&v, &next, Some("That token is not valid here."));
        return respond(StatusCode::UNAUTHORIZED, &v, layout(&v, "Sign in", page));
    };
    let session = match app.sessions.start(&name) {
        Ok(s) => s,
        Err(e) => return failure_page(e.into()),
    };
    let mut r = Redirect::to(&next).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(SESSION_COOKIE, &session, None),
    );
    r
}

/// `POST /logout`.
pub async fn logout(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let form = match form_body(body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if let Err(r) = check_form(&app, &headers, &form, false) {
        return r;
    }
    if let Some(id) = auth::cookie(&headers, SESSION_COOKIE) {
        app.sessions.end(&id);
    }
    let mut r = Redirect::to("/contradictions").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(SESSION_COOKIE, "", Some(0)),
    );
    r
}
