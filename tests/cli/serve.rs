//! `serve`: the real binary on a free port over a temporary ledger. Every GET endpoint's
//! JSON is compared with the CLI's output on the same ledger; writes need a token and
//! land in `log` under its name; bad requests get their status and a JSON error.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};

use serde_json::Value;

use crate::common::Env;

/// A running `crosscheck serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts `serve --bind 127.0.0.1:0 EXTRA` and waits for its address.
    pub fn start(env: &Env, extra: &[&str]) -> Server {
        let db = env.db_arg();
        let mut args = vec!["--db", db.as_str(), "serve", "--bind", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = env
            .command(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut line = String::new();
        let base = loop {
            line.clear();
            let n = stderr.read_line(&mut line).expect("read serve's stderr");
            assert!(n > 0, "serve stopped before listening");
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest.split_whitespace().next().expect("address").to_string();
            }
        };
        // Keep draining stderr so that the server never blocks on it.
        std::thread::spawn(move || {
            let mut sink = String::new();
            let _ = stderr.read_to_string(&mut sink);
            assert!(!sink.contains("panicked"), "serve panicked:\n{sink}");
        });
        Server { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that hands back every status (errors included) and follows no
/// redirects.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// Status, content type and body of an answer.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
    pub cookies: Vec<String>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.body))
    }
}

fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut r = r.expect("the server answers");
    let header = |name: &str| {
        r.headers()
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let content_type = header("content-type").join(",");
    let cookies = header("set-cookie");
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().expect("a UTF-8 body");
    Answer {
        status,
        content_type,
        body,
        cookies,
    }
}

pub fn get(url: &str) -> Answer {
    answer(agent().get(url).call())
}

pub fn post(url: &str, token: Option<&str>, body: &str) -> Answer {
    let mut req = agent().post(url).header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    answer(req.send(body))
}

/// A founding ledger with a token for `alice`; returns the token file and the token.
fn with_token(env: &Env) -> (String, String) {
    let file = env.path("desk.tokens");
    let file = file.to_str().expect("utf-8").to_string();
    let token = env
        .run_bare(&["token", "add", "alice", "--token-file", &file])
        .ok();
    (file, token.trim().to_string())
}

/// The CLI's stdout for `ARGS --format json` on the same ledger.
fn cli_json(env: &Env, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    env.ok(&all)
}

#[test]
fn every_get_endpoint_answers_with_the_clis_json() {
    let env = Env::founding();
    let server = Server::start(&env, &[]);
    for (path, args) in [
        ("/api/claims", vec!["list"]),
        (
            "/api/claims?source=Reuters",
            vec!["list", "--source", "Reuters"],
        ),
        (
            "/api/claims?subject=OpenAI&metric=revenue&limit=3",
            vec![
                "list",
                "--subject",
                "OpenAI",
                "--metric",
                "revenue",
                "--limit",
                "3",
            ],
        ),
        (
            "/api/claims?search=revenue",
            vec!["list", "--search", "revenue"],
        ),
        ("/api/claims?status=all", vec!["list", "--status", "all"]),
        ("/api/contradictions", vec!["contradictions"]),
        (
            "/api/contradictions?status=all&strict=true",
            vec!["contradictions", "--status", "all", "--strict"],
        ),
        (
            "/api/contradictions?subject=OpenAI&tolerance=10",
            vec!["contradictions", "--subject", "OpenAI", "--tolerance", "10"],
        ),
        (
            "/api/contradictions?since=2000-01-01",
            vec!["contradictions", "--since", "2000-01-01"],
        ),
        (
            "/api/contradictions?since=2999-01-01T00:00:00%2B02:00",
            vec!["contradictions", "--since", "2999-01-01T00:00:00+02:00"],
        ),
        (
            "/api/contradictions?since=last",
            vec!["contradictions", "--since", "last"],
        ),
        ("/api/truth", vec!["truth"]),
        (
            "/api/truth?subject=OpenAI",
            vec!["truth", "--subject", "OpenAI"],
        ),
        (
            "/api/parse?value=%E8%B6%85%E8%BF%8720%E4%BA%BF%E7%BE%8E%E5%85%83",
            vec!["parse", "超过20亿美元"],
        ),
        (
            "/api/parse?value=%243.5B-%244.5B",
            vec!["parse", "$3.5B-$4.5B"],
        ),
    ] {
        let a = get(&server.url(path));
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        assert!(a.content_type.starts_with("application/json"), "{path}");
        assert_eq!(a.body, cli_json(&env, &args), "{path}");
    }
}

#[test]
fn bad_requests_get_their_status_and_the_clis_message_as_json() {
    let env = Env::founding();
    let (file, token) = with_token(&env);
    let server = Server::start(&env, &["--token-file", &file]);
    let cli_error = |args: &[&str]| {
        let run = env.run(args).fails_with(2);
        run.stderr.trim().trim_start_matches("error: ").to_string()
    };
    for (path, args) in [
        (
            "/api/claims?since=last%20week",
            vec!["list", "--since", "last week"],
        ),
        (
            "/api/claims?source=Reuterz",
            vec!["list", "--source", "Reuterz"],
        ),
        ("/api/parse?value=", vec!["parse", ""]),
        (
            "/api/contradictions?tolerance=500",
            vec!["contradictions", "--tolerance", "500"],
        ),
        (
            "/api/contradictions?since=soon",
            vec!["contradictions", "--since", "soon"],
        ),
    ] {
        let a = get(&server.url(path));
        assert_eq!(a.status, 400, "{path}: {}", a.body);
        assert_eq!(a.json()["error"], cli_error(&args), "{path}");
    }
    let typo = get(&server.url("/api/claims?subjet=OpenAI"));
    assert_eq!(typo.status, 400);
    assert!(
        typo.json()["error"]
            .as_str()
            .unwrap_or_default()
            .starts_with("unknown parameter 'subjet'")
    );

    let missing = get(&server.url("/api/nothing-here"));
    assert_eq!(missing.status, 404);
    assert!(
        missing.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("/api/nothing-here")
    );
    assert_eq!(get(&server.url("/no/such/page")).status, 404);

    // Just over the 8 MB limit: the server stops reading at the limit and answers, so
    // a body far larger would still be on its way when the connection closes, and a
    // client that only reads after sending all of it would see a broken pipe instead.
    let big = "x".repeat((8 << 20) + 1024);
    let a = post(&server.url("/api/claims"), Some(&token), &big);
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("larger than")
    );

    let a = post(
        &server.url("/api/claims"),
        Some(&token),
        "{\"subject\": \"OpenAI\"}",
    );
    assert_eq!(a.status, 400);
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("nothing was imported"),
        "{}",
        a.body
    );

    let a = post(
        &server.url("/api/groups/zzzz/resolve"),
        Some(&token),
        "{\"dismiss\": \"same\"}",
    );
    assert_eq!(a.status, 404, "{}", a.body);
    let a = post(
        &server.url("/api/groups/zzzz/resolve"),
        Some(&token),
        "{\"both\": 1}",
    );
    assert_eq!(a.status, 400, "{}", a.body);
}

#[test]
fn writes_need_a_token_and_are_recorded_under_its_name() {
    let env = Env::founding();
    let (file, token) = with_token(&env);
    assert!(token.starts_with("cct_") && token.len() > 40, "{token}");
    let tokens = std::fs::read_to_string(&file).expect("token file");
    assert!(tokens.starts_with("alice sha256:"), "{tokens}");
    assert!(!tokens.contains(&token), "the token itself is never stored");
    let server = Server::start(&env, &["--token-file", &file]);

    let group = env.groups(&[]).into_iter().next().expect("a contradiction");
    let id = group["id"].as_str().expect("group id").to_string();
    let claim = group["camps"][0]["claims"][0]["id"]
        .as_i64()
        .expect("claim id");
    let url = server.url(&format!("/api/groups/{id}/resolve"));
    let body = format!("{{\"correct\": \"{claim}\"}}");

    for bad in [None, Some("cct_wrong")] {
        let a = post(&url, bad, &body);
        assert_eq!(a.status, 401, "{}", a.body);
        assert!(
            a.json()["error"]
                .as_str()
                .unwrap_or_default()
                .contains("token")
        );
    }
    assert_eq!(env.ok(&["log"]).matches("judgement.add").count(), 0);

    let a = post(&url, Some(&token), &body);
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.json()["actor"], "alice");
    assert_eq!(a.json()["status"], "resolved");
    let log = env.ok(&["log"]);
    let line = log
        .lines()
        .find(|l| l.contains("judgement.add"))
        .expect("the judgement is in the log");
    assert!(line.contains("alice"), "{line}");
    let resolved = env.groups(&["--status", "resolved"]);
    assert!(resolved.iter().any(|g| g["id"] == id.as_str()));

    // A claim through the API, recorded as alice too.
    let record = r#"{"subject":"OpenAI","metric":"employees","value":"1,500 employees",
        "source":"Reuters","date":"2024-09-01","key":"api-test-1"}"#;
    let a = post(&server.url("/api/claims"), Some(&token), record);
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.json()["added"], 1);
    let log = env.ok(&["log", "api-test-1"]);
    assert!(log.contains("alice"), "{log}");
    // The same record again is skipped, as `import` skips it.
    let a = post(&server.url("/api/claims"), Some(&token), record);
    assert_eq!((a.status, a.json()["skipped"].clone()), (200, 1.into()));
}

#[test]
fn a_read_only_server_refuses_writes_with_403() {
    let env = Env::founding();
    let (file, token) = with_token(&env);
    let server = Server::start(&env, &["--read-only", "--token-file", &file]);
    let a = post(&server.url("/api/claims"), Some(&token), "{}");
    assert_eq!(a.status, 403, "{}", a.body);
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("read-only")
    );
    assert_eq!(get(&server.url("/api/claims")).status, 200);
}

#[test]
fn without_a_token_file_nothing_is_written_and_only_loopback_is_served() {
    let env = Env::founding();
    let server = Server::start(&env, &[]);
    let a = post(&server.url("/api/claims"), Some("anything"), "{}");
    assert_eq!(a.status, 401, "{}", a.body);
    drop(server);
    let run = env.run(&["serve", "--bind", "0.0.0.0:0"]).fails_with(2);
    assert!(
        run.stderr.contains("without --token-file"),
        "{}",
        run.stderr
    );
    let run = env.run(&["serve", "--bind", "nowhere"]).fails_with(2);
    assert!(run.stderr.contains("--bind nowhere"), "{}", run.stderr);
}

#[test]
fn twenty_parallel_readers_are_all_answered() {
    let env = Env::founding();
    let server = Server::start(&env, &[]);
    let expected = cli_json(&env, &["contradictions"]);
    let base = server.base.clone();
    let readers: Vec<_> = (0..20)
        .map(|i| {
            let base = base.clone();
            std::thread::spawn(move || {
                let mut bodies = Vec::new();
                for j in 0..5 {
                    let path = if (i + j) % 2 == 0 {
                        "/api/contradictions"
                    } else {
                        "/claims"
                    };
                    let a = get(&format!("{base}{path}"));
                    assert_eq!(a.status, 200, "{path}: {}", a.body);
                    if path.starts_with("/api") {
                        bodies.push(a.body);
                    }
                }
                bodies
            })
        })
        .collect();
    for r in readers {
        for body in r.join().expect("a reader failed") {
            assert_eq!(body, expected);
        }
    }
}

#[test]
fn planted_payloads_are_shown_as_text_in_the_pages() {
    let env = Env::founding();
    let record = r#"{"subject":"<script>alert(1)</script>","metric":"revenue","value":"$1B","period":"2024","source":"Reuters","date":"2024-09-01","key":"xss","quote":"<img src=x onerror=alert(2)>","url":"javascript:alert(3)"}"#;
    env.write("xss.jsonl", format!("{record}\n"));
    env.ok(&["import", "xss.jsonl"]);
    let server = Server::start(&env, &[]);
    let id = env.claims(&["--subject", "<script>alert(1)</script>"])[0]["id"].clone();
    for path in [
        format!("/claims/{id}"),
        "/claims".to_string(),
        "/claims?search=onerror".to_string(),
    ] {
        let a = get(&server.url(&path));
        assert_eq!(a.status, 200, "{path}");
        assert!(
            a.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
        assert!(!a.body.contains("<script"), "{path}");
        assert!(!a.body.contains("<img"), "{path}");
        assert!(!a.body.contains("href=\"javascript:"), "{path}");
    }
    let claim = get(&server.url(&format!("/claims/{id}")));
    assert!(claim.body.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(
        claim.body.contains("javascript:alert(3)"),
        "the URL is shown as text"
    );
}

/// `name=value` of a `Set-Cookie` header.
fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_string()
}

#[test]
fn a_form_posted_without_its_csrf_token_is_refused() {
    let env = Env::founding();
    let (file, token) = with_token(&env);
    let server = Server::start(&env, &["--token-file", &file]);
    let page = get(&server.url("/login"));
    let csrf_cookie = cookie_pair(page.cookies.first().expect("a CSRF cookie"));
    assert!(page.cookies[0].contains("HttpOnly") && page.cookies[0].contains("SameSite=Strict"));
    let csrf = csrf_cookie
        .split_once('=')
        .expect("name=value")
        .1
        .to_string();
    assert!(
        page.body
            .contains(&format!("name=\"csrf\" value=\"{csrf}\""))
    );
    let form = |path: &str, cookies: &str, body: &str| {
        answer(
            agent()
                .post(&server.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", cookies)
                .send(body),
        )
    };
    // Signing in needs the CSRF token too.
    let refused = form("/login", &csrf_cookie, &format!("token={token}"));
    assert_eq!(refused.status, 403);
    let signed_in = form(
        "/login",
        &csrf_cookie,
        &format!("csrf={csrf}&token={token}"),
    );
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let session = cookie_pair(signed_in.cookies.first().expect("a session cookie"));
    let cookies = format!("{csrf_cookie}; {session}");

    let group = env.groups(&[]).into_iter().next().expect("a contradiction");
    let path = format!("/groups/{}/resolve", group["id"].as_str().expect("id"));
    for body in [
        "action=dismiss&reason=same+figure".to_string(),
        "csrf=0000&action=dismiss&reason=same+figure".to_string(),
    ] {
        let a = form(&path, &cookies, &body);
        assert_eq!(a.status, 403, "{body}");
        assert!(a.body.contains("security token"), "{}", a.body);
    }
    assert!(!env.ok(&["log"]).contains("judgement.add"));
    let a = form(
        &path,
        &cookies,
        &format!("csrf={csrf}&action=dismiss&reason=same+figure"),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body.contains("dismissed by alice"));
    // Without a session, the form is refused even with its token.
    let a = form(
        &path,
        &csrf_cookie,
        &format!("csrf={csrf}&action=dismiss&reason=other"),
    );
    assert_eq!(a.status, 401);
}

on_both!(
    serve_answers_as_the_cli_does_and_records_a_resolve_under_the_tokens_name,
    |backend| {
        let env = Env::founding_on(backend);
        let (file, token) = with_token(&env);
        let server = Server::start(&env, &["--token-file", &file]);
        let same = |path: &str, args: &[&str]| {
            let a = get(&server.url(path));
            assert_eq!(a.status, 200, "{path}: {}", a.body);
            assert_eq!(a.body, cli_json(&env, args), "{path}");
            a.json()
        };
        same("/api/claims", &["list"]);
        same("/api/claims?status=all", &["list", "--status", "all"]);
        same("/api/contradictions", &["contradictions"]);
        same(
            "/api/contradictions?status=all&order=recent",
            &["contradictions", "--status", "all", "--order", "recent"],
        );

        // What is new since the last check, as the CLI sees it.
        assert_eq!(env.run(&["contradictions", "--check"]).code, 1);
        for (value, source) in [("$100 million", "Reuters"), ("$900 million", "Bloomberg")] {
            env.add(&[
                "--subject",
                "Acme",
                "--metric",
                "revenue",
                "--value",
                value,
                "--source",
                source,
                "--date",
                "2025-01-10",
                "--period",
                "2024",
            ]);
        }
        let new = same(
            "/api/contradictions?since=last",
            &["contradictions", "--since", "last"],
        );
        let groups = new["groups"].as_array().expect("groups");
        assert_eq!(groups.len(), 1, "{new}");
        assert_eq!(groups[0]["subject"], "Acme");

        // A judgement through the API lands in the log under the token's name.
        let group = env.groups(&[]).into_iter().next().expect("a contradiction");
        let id = group["id"].as_str().expect("group id").to_string();
        let claim = group["camps"][0]["claims"][0]["id"]
            .as_i64()
            .expect("claim id");
        let a = post(
            &server.url(&format!("/api/groups/{id}/resolve")),
            Some(&token),
            &format!("{{\"correct\": \"{claim}\"}}"),
        );
        assert_eq!(a.status, 201, "{}", a.body);
        assert_eq!(a.json()["actor"], "alice");
        let log = env.json(&["log"]);
        let judged = log
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["action"] == "judgement.add")
            .expect("the judgement is in the log");
        assert_eq!(judged["actor"], "alice", "{judged}");
        let resolved = env.groups(&["--status", "resolved"]);
        assert!(resolved.iter().any(|g| g["id"] == id.as_str()));
        same(
            "/api/contradictions?status=all",
            &["contradictions", "--status", "all"],
        );
    }
);

/// The claim ids a claims page lists, in the order shown.
fn listed_ids(page: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::new();
    for rest in page.split("href=\"/claims/").skip(1) {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(id) = digits.parse() {
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

on_both!(
    /// Pages of the claims list hold fifty claims each, in the order recorded, and
    /// respect a limit and a phrase search (which is checked after the index).
    the_claims_pages_hold_fifty_claims_each_in_the_order_recorded,
    |backend| {
        let env = Env::ledger_on(backend);
        let records: String = (0..130)
            .map(|i| {
                // Every other quote has the phrase; the rest have its words apart.
                let quote = if i % 2 == 0 { "revenue grew fast" } else { "fast, revenue grew" };
                format!(
                    "{{\"key\":\"k{i:03}\",\"subject\":\"Acme\",\"metric\":\"revenue\",\
                     \"value\":\"${}M\",\"source\":\"Reuters\",\"date\":\"2024-06-01\",\
                     \"quote\":\"{quote}\"}}\n",
                    100 + i
                )
            })
            .collect();
        let file = env.write("many.jsonl", records);
        env.ok(&["import", file.to_str().unwrap()]);
        let ids: Vec<i64> = env
            .claims(&[])
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids.len(), 130);
        let server = Server::start(&env, &[]);
        let page = |query: &str| {
            let a = get(&server.url(&format!("/claims?{query}")));
            assert_eq!(a.status, 200, "{query}: {}", a.body);
            (listed_ids(&a.body), a.body.contains("Next →"))
        };
        assert_eq!(page("page=1"), (ids[..50].to_vec(), true));
        assert_eq!(page("page=2"), (ids[50..100].to_vec(), true));
        assert_eq!(page("page=3"), (ids[100..].to_vec(), false));
        assert_eq!(page("page=4"), (vec![], false));
        assert_eq!(page("page=2&limit=60"), (ids[50..60].to_vec(), false));
        assert_eq!(page("page=3&limit=60"), (vec![], false));
        let phrased: Vec<i64> = ids.iter().copied().step_by(2).collect();
        assert_eq!(phrased.len(), 65);
        let search = "search=%22revenue+grew+fast%22";
        assert_eq!(page(&format!("{search}&page=1")), (phrased[..50].to_vec(), true));
        assert_eq!(page(&format!("{search}&page=2")), (phrased[50..].to_vec(), false));
    }
);

#[test]
fn the_claims_page_offers_a_name_recorded_while_it_runs() {
    let env = Env::founding();
    let server = Server::start(&env, &[]);
    let offered = || {
        let a = get(&server.url("/claims"));
        assert_eq!(a.status, 200, "{}", a.body);
        a.body.contains("<option value=\"Zeta Robotics\">")
    };
    assert!(!offered());
    env.add(&[
        "--subject",
        "Zeta Robotics",
        "--metric",
        "revenue",
        "--value",
        "$5 million",
        "--source",
        "Reuters",
        "--date",
        "2024-06-01",
    ]);
    assert!(
        offered(),
        "a subject recorded after the page was first shown is offered"
    );
}
