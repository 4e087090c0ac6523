//! `serve` in a real browser: Debian's chromium driven through chromedriver's W3C
//! WebDriver protocol (plain HTTP and JSON, spoken here with the test's HTTP client).
//! The test opens the pages, signs in, resolves a group through its form, adds a claim,
//! pastes an article and accepts two candidates, checks that planted script payloads
//! stay text, and takes screenshots at desk and phone widths.
//!
//! Without chromium and chromedriver the test says so loudly and is skipped, unless
//! `CI` is set, where it fails.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::Env;
use crate::serve::{Server, agent};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn browser_available() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    eprintln!(
        "\n!!!!!! {CHROMIUM} or {CHROMEDRIVER} is missing: the web pages were NOT checked in \
         a browser. Install them (apt-get install chromium chromium-driver). !!!!!!\n"
    );
    assert!(
        std::env::var_os("CI").is_none(),
        "chromium and chromium-driver are required in CI (env CI is set)"
    );
    false
}

/// A chromedriver process and one headless browser session.
struct Driver {
    child: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Driver {
    fn start() -> Driver {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while agent().get(format!("{base}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args = vec![
            "--headless=new".to_string(),
            "--disable-gpu".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--hide-scrollbars".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        // Chromium's sandbox cannot start as root (CI containers run as root).
        if std::env::var("USER").is_ok_and(|u| u == "root") || is_root() {
            args.push("--no-sandbox".into());
        }
        let mut driver = Driver {
            child,
            base,
            session: String::new(),
            _profile: profile,
        };
        let answer = driver.call(
            "POST",
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
            }}}),
        );
        driver.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        driver
    }

    /// One WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let a = agent();
        let r = match method {
            "GET" => a.get(&url).call(),
            "DELETE" => a.delete(&url).call(),
            _ => a
                .post(&url)
                .header("content-type", "application/json")
                .send(body.to_string()),
        };
        let mut r = r.expect("chromedriver answers");
        let text = r.body_mut().read_to_string().expect("a body");
        let v: Value = serde_json::from_str(&text).expect("WebDriver JSON");
        v["value"].clone()
    }

    fn session(&self, method: &str, path: &str, body: Value) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.session("POST", "/url", json!({"url": url}));
    }

    /// The element matching `css`, waiting a moment for a page that is still loading.
    fn find(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            let v = self.session(
                "POST",
                "/element",
                json!({"using": "css selector", "value": css}),
            );
            if let Some(id) = v["element-6066-11e4-a52e-4f735466cecf"].as_str() {
                return id.to_string();
            }
            if started.elapsed() > Duration::from_secs(10) {
                let page =
                    self.script("return document.location.href + '\\n' + document.body.innerText");
                panic!("no element {css} on {page}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn count(&self, css: &str) -> usize {
        let v = self.session(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        );
        v.as_array().map_or(0, Vec::len)
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.session("POST", &format!("/element/{e}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.session("POST", &format!("/element/{e}/clear"), json!({}));
        self.session(
            "POST",
            &format!("/element/{e}/value"),
            json!({"text": text}),
        );
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.session("GET", &format!("/element/{e}/text"), json!({}))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn script(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Whether a dialog (an `alert`) is open.
    fn alert_open(&self) -> bool {
        self.session("GET", "/alert/text", json!({})).is_string()
    }

    fn screenshot(&self, width: u32, height: u32) -> Vec<u8> {
        self.session(
            "POST",
            "/window/rect",
            json!({"width": width, "height": height}),
        );
        let b64 = self.session("GET", "/screenshot", json!({}));
        base64_decode(b64.as_str().expect("a screenshot"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.session("DELETE", "", json!({}));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    false
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = s.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | d << (18 - 6 * i));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}

/// How many distinct colours a PNG has (a blank page has one or two).
fn colours(png_bytes: &[u8]) -> usize {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let step = info.color_type.samples();
    let mut seen = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks(step) {
        seen.insert(px.to_vec());
    }
    seen.len()
}

/// A short article of our own, with figures the extractor finds.
const ARTICLE: &str = "Acme Robotics raised $200 million in a new funding round, the company \
said on Tuesday. The round values Acme Robotics at $2 billion, according to Reuters. \
Acme Robotics had revenue of $50 million in 2023.";

#[test]
fn the_pages_work_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let env = Env::founding();
    let planted = r#"{"subject":"<script>window.__pwned=1</script>","metric":"revenue","value":"$1B","period":"2024","source":"Reuters","date":"2024-09-01","key":"planted","quote":"<img src=x onerror=\"window.__pwned=2\">","url":"javascript:window.__pwned=3"}"#;
    env.write("planted.jsonl", format!("{planted}\n"));
    env.ok(&["import", "planted.jsonl"]);
    let file = env.path("desk.tokens");
    let file = file.to_str().expect("utf-8").to_string();
    let token = env
        .run_bare(&["token", "add", "alice", "--token-file", &file])
        .ok()
        .trim()
        .to_string();
    let server = Server::start(&env, &["--token-file", &file]);
    let group = env.groups(&[]).into_iter().next().expect("a contradiction");
    let group_id = group["id"].as_str().expect("id").to_string();
    let d = Driver::start();

    // Every page opens, with its heading.
    for (path, heading) in [
        ("/contradictions", "Contradictions"),
        ("/claims", "Claims"),
        ("/claims/1", "OpenAI"),
        ("/sources", "Sources"),
        (
            "/timeline?subject=OpenAI&metric=valuation",
            "OpenAI · valuation over time",
        ),
        (&format!("/groups/{group_id}") as &str, "OpenAI"),
        ("/claims/new", "Add a claim"),
        ("/extract", "Paste an article"),
    ] {
        d.goto(&server.url(path));
        let h1 = d.text("h1");
        assert!(h1.contains(heading), "{path}: {h1}");
    }
    d.goto(&server.url("/contradictions"));
    assert!(d.count("svg.chart") > 0, "the report's charts are drawn");

    // Planted payloads are text and never run.
    d.goto(&server.url("/claims/planted"));
    assert_eq!(
        d.text("h1").split(" · ").next(),
        Some("<script>window.__pwned=1</script>")
    );
    assert!(d.text("blockquote.quote").contains("onerror="));
    assert_eq!(d.count("a[href^='javascript']"), 0);
    assert!(d.text("dl.fields").contains("javascript:window.__pwned=3"));
    assert_eq!(d.script("return typeof window.__pwned"), "undefined");
    assert!(!d.alert_open());
    d.goto(&server.url("/claims?search=onerror"));
    assert_eq!(d.script("return typeof window.__pwned"), "undefined");

    // Sign in, then resolve the group through its form.
    d.goto(&server.url(&format!("/login?next=/groups/{group_id}")));
    d.type_into("input[name=token]", &token);
    d.click("form.stack button[type=submit]");
    assert!(d.text("nav.top").contains("Signed in as alice"));
    d.click("input[name=claim]");
    d.click("form[action$='/resolve'] button[type=submit]");
    assert!(
        d.text("p.flash").contains("resolved by alice"),
        "{}",
        d.text("main")
    );
    let log = env.ok(&["log"]);
    assert!(
        log.lines()
            .any(|l| l.contains("judgement.add") && l.contains("alice")),
        "{log}"
    );

    // Add a claim, with a preview of the reading first.
    d.goto(&server.url("/claims/new"));
    for (name, value) in [
        ("subject", "Acme Robotics"),
        ("metric", "employees"),
        ("value", "about 1,200 employees"),
        ("source", "Reuters"),
        ("date", "2024-05-02"),
        ("key", "browser-added"),
    ] {
        d.type_into(&format!("input[name={name}]"), value);
    }
    d.click("button[name=preview]");
    assert!(d.text("p.flash").contains("approx"), "{}", d.text("main"));
    d.click("button[name=add]");
    assert!(
        d.text("p.flash").contains("The claim was added"),
        "{}",
        d.text("main")
    );
    let added = env.claims(&["--subject", "Acme Robotics"]);
    assert_eq!(added[0]["key"], "browser-added");

    // Paste an article, accept two candidates.
    d.goto(&server.url("/extract"));
    d.type_into("input[name=source]", "Bloomberg");
    d.type_into("input[name=date]", "2024-06-04");
    d.type_into("textarea[name=text]", ARTICLE);
    d.click("form.stack button[type=submit]");
    assert!(d.count("input[name^=accept_]") >= 2, "{}", d.text("main"));
    d.click("input[name=accept_1]");
    d.click("input[name=accept_2]");
    // The company itself is credited for its own figures: a source the ledger lacks.
    d.click("input[name=new_source]");
    d.click("form[action='/extract/import'] button[type=submit]");
    assert!(
        d.text("p.flash").contains("Imported 2 claim(s)"),
        "{}",
        d.text("main")
    );

    // Screenshots at desk and phone widths are pages, not blanks.
    d.goto(&server.url(&format!("/groups/{group_id}")));
    for width in [1280, 390] {
        let png = d.screenshot(width, 900);
        let n = colours(&png);
        assert!(n > 50, "{width} px: only {n} colours");
    }
}
