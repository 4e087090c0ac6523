//! Reports for people and for the web: the HTML report and timeline (checked as files
//! and, when Chromium is installed, in a real headless browser), the Markdown brief,
//! ClaimReview JSON-LD, shell completions and the manual page.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::Env;

/// The exact policy the report must carry: nothing may be loaded from anywhere.
const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
                   style-src 'unsafe-inline'; img-src data:\">";

/// Builds the demo ledger in the temp dir and returns its path.
fn demo_ledger(env: &Env) -> PathBuf {
    env.run_bare(&["demo"]).ok();
    let db = env.path("crosscheck-demo.db");
    assert!(db.is_file(), "demo built no ledger");
    db
}

/// Runs crosscheck against `db` and asserts success.
#[track_caller]
fn on(env: &Env, db: &Path, args: &[&str]) -> String {
    let mut all = vec!["--db", db.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    env.run_bare(&all).ok()
}

/// Claims whose every field a reader sees is hostile: a numeric contradiction (a chart)
/// and a text one (lists), with `javascript:` and attribute-breaking URLs.
const HOSTILE: &str = r#"{"key":"h1","subject":"<script>alert(1)</script>","metric":"revenue\" onmouseover=\"alert(9)","value":"$2B","period":"2024","source":"<img src=x onerror=alert(1)>","date":"2024-07-24","url":"javascript:alert(1)","quote":"<script>alert(1)</script>"}
{"key":"h2","subject":"<script>alert(1)</script>","metric":"revenue\" onmouseover=\"alert(9)","value":"$9B","period":"2024","source":"<script>alert(2)</script>\" onerror=\"alert(10)","date":"2024-09-27","url":"https://example.com/a?x=\"><script>alert(3)</script>","quote":"Sales hit $9B <img src=x onerror=alert(5)> said the firm"}
{"key":"h3","subject":"<script>alert(1)</script>","metric":"lead investor","value":"<img src=x onerror=alert(1)>","as_of":"2024-09-01","source":"Reuters","date":"2024-09-01","url":"JAVASCRIPT:alert(1)","quote":"<a href=\"javascript:alert(6)\">read more</a> 据路透社报道，领投方已确定"}
{"key":"h4","subject":"<script>alert(1)</script>","metric":"lead investor","value":"'\"><script>alert(4)</script>","as_of":"2024-09-01","source":"Bloomberg","date":"2024-09-01","url":"https://example.com/b","quote":"\"><script>alert(7)</script><svg onload=alert(8)> and then a very long tail of ordinary words so that the report has to shorten this quote and keep the whole of it one click away"}
"#;

fn hostile_report(env: &Env) -> (PathBuf, String) {
    let input = env.write("hostile.jsonl", HOSTILE);
    env.ok(&["import", input.to_str().expect("utf-8"), "--new-source"]);
    let page = env.path("hostile.html");
    env.ok(&[
        "contradictions",
        "--format",
        "html",
        "-o",
        page.to_str().expect("utf-8"),
    ]);
    let html = std::fs::read_to_string(&page).expect("report written");
    (page, html)
}

/// Every web address in the page is inside a link's `href`: the page refers to
/// nothing else on the web (no fonts, scripts, images, schema URLs).
fn assert_only_linked_urls(html: &str) {
    for (at, _) in html.match_indices("http") {
        let rest = &html[at..];
        if rest.starts_with("http-equiv=") {
            continue;
        }
        assert!(
            html[..at].ends_with("href=\""),
            "a web reference outside a link: …{}…",
            &html[at.saturating_sub(40)..(at + 60).min(html.len())]
        );
        assert!(
            rest.starts_with("http://") || rest.starts_with("https://"),
            "{}",
            &rest[..rest.len().min(60)]
        );
    }
}

#[test]
fn html_report_of_the_demo_is_one_self_contained_page() {
    let env = Env::new();
    let db = demo_ledger(&env);
    let page = env.path("report.html");
    let out = on(
        &env,
        &db,
        &[
            "contradictions",
            "--format",
            "html",
            "-o",
            page.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out, "", "-o writes the file, not stdout");
    let html = std::fs::read_to_string(&page).expect("report.html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains(CSP), "no CSP meta");
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("@media print"));
    assert!(
        html.contains(
            "\"Noto Sans CJK SC\",\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\""
        )
    );
    let lower = html.to_lowercase();
    for banned in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "@import",
        "url(",
        " onload=",
        " onerror=",
    ] {
        assert!(!lower.contains(banned), "{banned} in the page");
    }
    assert_only_linked_urls(&html);
    // The founding tension: a summary entry, a chart with one row per claim, the values
    // as written (in Chinese), an arrow for the open-ended "超过20亿美元".
    assert!(html.contains("OpenAI · revenue · 2024"), "{html}");
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 1);
    assert!(html.contains("“超过20亿美元”") && html.contains("“35亿至45亿美元”"));
    assert!(html.contains("<span class=\"badge tension\">tension</span>"));
    assert!(html.contains("severity 0.48"));
    assert!(html.contains("Sources involved"));
    // The same page on stdout when no -o is given.
    let stdout = on(&env, &db, &["contradictions", "--format", "html"]);
    assert_eq!(stdout, html);
}

#[test]
fn html_escapes_hostile_text_and_links_only_http_urls() {
    let env = Env::ledger();
    let (_, html) = hostile_report(&env);
    for bad in ["<script", "<img", "href=\"javascript", "href=\"JAVASCRIPT"] {
        assert!(!html.contains(bad), "{bad} in:\n{html}");
    }
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&#39;&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;",
    ] {
        assert!(html.contains(shown), "{shown} not shown as text");
    }
    assert!(html.contains(
        "<a href=\"https://example.com/a?x=&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;\""
    ));
    assert!(html.contains("<a href=\"https://example.com/b\""));
    assert_only_linked_urls(&html);
    // A `"` in a metric or a source ends no attribute: the chart's label (an attribute)
    // and the text show it as `&quot;`, and no tag the page opens has an event handler.
    assert!(html.contains(
        "aria-label=\"Chart of the claims on &lt;script&gt;alert(1)&lt;/script&gt; · \
         revenue&quot; onmouseover=&quot;alert(9) · 2024\""
    ));
    assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;&quot; onerror=&quot;alert(10)"));
    let outside_values: String = html.split('"').step_by(2).collect();
    let handlers: Vec<&str> = outside_values
        .split('<')
        .filter_map(|tag| tag.split('>').next())
        .filter(|tag| tag.to_lowercase().contains(" on"))
        .collect();
    assert!(handlers.is_empty(), "event handlers: {handlers:?}");
    // Both kinds of group are drawn: a chart for the figures, lists for the text.
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 1);
    assert!(html.contains("<div class=\"camps\">"));
}

#[test]
fn report_links_each_claim_to_its_own_url_even_when_a_key_looks_like_an_id() {
    // Claim 2's key is "1": the report must still link claim 1 to claim 1's page.
    let env = Env::ledger();
    let records = r#"{"subject":"Acme","metric":"revenue","value":"$10 billion","source":"Alpha Wire","date":"2024-03-01","period":"2023","url":"https://alpha.example/one","quote":"ten"}
{"key":"1","subject":"Acme","metric":"revenue","value":"$20 billion","source":"Beta News","date":"2024-03-02","period":"2023","url":"https://beta.example/two","quote":"twenty"}
"#;
    let input = env.write("keyed.jsonl", records);
    env.ok(&["import", input.to_str().expect("utf-8"), "--new-source"]);
    let page = env.path("keyed.html");
    env.ok(&[
        "contradictions",
        "--format",
        "html",
        "-o",
        page.to_str().expect("utf-8"),
    ]);
    let html = std::fs::read_to_string(&page).expect("report written");
    assert!(
        html.contains("https://alpha.example/one"),
        "claim 1's link is missing:\n{html}"
    );
    assert!(html.contains("https://beta.example/two"));
    let brief = env.ok(&["contradictions", "--format", "markdown"]);
    assert!(brief.contains("https://alpha.example/one"), "{brief}");
}

#[test]
fn timeline_html_charts_values_and_marks_contradictions() {
    let env = Env::new();
    let db = demo_ledger(&env);
    let html = on(
        &env,
        &db,
        &[
            "timeline",
            "--subject",
            "openai",
            "--metric",
            "valuation",
            "--format",
            "html",
        ],
    );
    assert!(html.contains(CSP));
    assert!(
        html.contains("<h1>OpenAI · valuation over time</h1>"),
        "{html}"
    );
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 1);
    assert_eq!(html.matches("<polyline").count(), 1);
    assert!(html.contains("“800亿美元”") || html.contains("800亿美元"));
    assert!(
        !html.contains("r=\"8\" fill=\"none\" stroke=\"#D62828\""),
        "no contradiction on the valuation"
    );
    assert_only_linked_urls(&html);

    let revenue = on(
        &env,
        &db,
        &[
            "timeline",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--format",
            "html",
        ],
    );
    // Both revenue claims of the tension get a red ring.
    assert_eq!(
        revenue
            .matches("r=\"8\" fill=\"none\" stroke=\"#D62828\"")
            .count(),
        2,
        "{revenue}"
    );
}

#[test]
fn formats_are_refused_where_they_do_not_apply() {
    let env = Env::founding();
    let run = env.run(&["export", "--format", "html"]).fails_with(2);
    assert!(
        run.stderr.contains("cannot write --format html"),
        "{}",
        run.stderr
    );
    let run = env
        .run(&["contradictions", "--format", "claimreview"])
        .fails_with(2);
    assert!(run.stderr.contains("cannot write --format claimreview"));
    let run = env
        .run(&["export", "--format", "claimreview", "--source", "Reuters"])
        .fails_with(2);
    assert!(
        run.stderr.contains("--source does not apply"),
        "{}",
        run.stderr
    );
}

#[test]
fn markdown_brief_of_the_demo() {
    let env = Env::new();
    let db = demo_ledger(&env);
    let brief = on(&env, &db, &["contradictions", "--format", "markdown"]);
    insta::assert_snapshot!("demo_markdown_brief", brief);
    assert!(brief.contains(
        "The Information (24 Jul 2024) put OpenAI's 2024 revenue at $3.5–4.5B (“35亿至45亿美元”); \
         The New York Times (27 Sep 2024) said “超过20亿美元” (over $2B) — a 40% gap."
    ));
    // Deterministic: the same ledger gives the same bytes.
    assert_eq!(
        on(&env, &db, &["contradictions", "--format", "markdown"]),
        brief
    );
}

#[test]
fn markdown_brief_escapes_what_markdown_would_act_on() {
    let env = Env::ledger();
    hostile_report(&env);
    let brief = env.ok(&["contradictions", "--format", "markdown"]);
    assert!(!brief.contains("<script>"), "{brief}");
    assert!(
        brief.contains("\\<script\\>alert(1)\\</script\\>"),
        "{brief}"
    );
}

/// Runs `export --format claimreview` with `$CROSSCHECK_ORG` set or unset.
fn claimreview(env: &Env, org: Option<&str>) -> Value {
    let db = env.db();
    let mut cmd = env.command(&[
        "--db",
        db.to_str().expect("utf-8"),
        "export",
        "--format",
        "claimreview",
    ]);
    match org {
        Some(o) => cmd.env("CROSSCHECK_ORG", o),
        None => cmd.env_remove("CROSSCHECK_ORG"),
    };
    let out = cmd.output().expect("run crosscheck");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("claimreview output is JSON")
}

#[test]
fn claimreview_export_reviews_judged_groups_only() {
    let env = Env::new();
    env.import("edge/conflicting.jsonl", &[]);
    assert_eq!(
        claimreview(&env, None),
        Value::Array(Vec::new()),
        "nothing judged yet"
    );

    let groups = env.groups(&[]);
    let find = |subject: &str, metric: &str| {
        groups
            .iter()
            .find(|g| g["subject"] == subject && g["metric"] == metric)
            .unwrap_or_else(|| panic!("no {subject} {metric} group"))
            .clone()
    };
    let revenue = find("Anthropic", "revenue");
    let investor = find("Anthropic", "lead_investor");
    let right = revenue["camps"][1]["claims"][0].clone();
    env.ok(&[
        "resolve",
        revenue["id"].as_str().expect("id"),
        "--correct",
        &right["id"].to_string(),
    ]);
    env.ok(&[
        "resolve",
        investor["id"].as_str().expect("id"),
        "--dismiss",
        "--reason",
        "different funding rounds",
    ]);

    let reviews = claimreview(&env, Some("Example Fact Desk"));
    let reviews = reviews.as_array().expect("an array");
    assert_eq!(reviews.len(), 2, "{reviews:#?}");
    for r in reviews {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        assert!(
            r["claimReviewed"]
                .as_str()
                .is_some_and(|s| s.contains("Anthropic's"))
        );
        let date = r["datePublished"].as_str().expect("datePublished");
        assert!(chrono_like(date), "{date}");
        assert_eq!(
            r["author"],
            serde_json::json!({"@type": "Organization", "name": "Example Fact Desk"})
        );
        assert_eq!(r["reviewRating"]["@type"], "Rating");
        let claims = r["itemReviewed"].as_array().expect("itemReviewed");
        assert_eq!(claims.len(), 2);
        for c in claims {
            assert_eq!(c["@type"], "Claim");
            assert_eq!(c["author"]["@type"], "Organization");
            assert!(c["author"]["name"].as_str().is_some_and(|n| !n.is_empty()));
            assert!(c["datePublished"].as_str().is_some_and(chrono_like));
            let url = c["appearance"]["url"]
                .as_str()
                .expect("fixture claims have URLs");
            assert!(url.starts_with("https://"), "{url}");
        }
    }
    let verdicts: Vec<&str> = reviews
        .iter()
        .map(|r| {
            r["reviewRating"]["alternateName"]
                .as_str()
                .expect("verdict")
        })
        .collect();
    assert!(
        verdicts.contains(
            &format!(
                "Resolved: {} was right",
                right["source"].as_str().expect("source")
            )
            .as_str()
        ),
        "{verdicts:?}"
    );
    assert!(
        verdicts.contains(&"Dismissed: different funding rounds"),
        "{verdicts:?}"
    );
    // Without $CROSSCHECK_ORG the reviewer is crosscheck.
    assert_eq!(claimreview(&env, None)[0]["author"]["name"], "crosscheck");
}

fn chrono_like(date: &str) -> bool {
    let b = date.as_bytes();
    b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit)
}

#[test]
fn completions_for_every_shell() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = env.run_bare(&["completions", shell]).ok();
        assert!(script.contains("crosscheck"), "{shell}");
        assert!(script.contains("contradictions"), "{shell}: no subcommands");
        if shell != "powershell" {
            assert!(script.contains("claimreview"), "{shell}: no format values");
        }
    }
    env.run_bare(&["completions", "tcsh"]).fails_with(2);
    // The bash script loads and registers a completion for crosscheck.
    if Path::new("/bin/bash").exists() {
        let script = env.write(
            "crosscheck.bash",
            env.run_bare(&["completions", "bash"]).ok(),
        );
        let out = Command::new("/bin/bash")
            .arg("-c")
            .arg(format!(
                "source '{}' && complete -p crosscheck",
                script.display()
            ))
            .output()
            .expect("bash runs");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("crosscheck"),
            "{said} {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn man_page_documents_every_command() {
    let env = Env::new();
    let page = env.run_bare(&["man"]).ok();
    assert!(
        page.contains(".TH crosscheck 1"),
        "{}",
        &page[..page.len().min(300)]
    );
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS"] {
        assert!(page.contains(section), "{section}");
    }
    for command in [
        "CONTRADICTIONS",
        "TIMELINE",
        "EXPORT",
        "SOURCE ADD",
        "COMPLETIONS",
    ] {
        assert!(
            page.contains(&format!(".SH \"CROSSCHECK {command}\"")),
            "no section for {command}"
        );
    }
    assert!(
        page.contains("\\-\\-tolerance"),
        "subcommand options are listed"
    );
}

// ---------------------------------------------------------------------------------------
// In a real browser.

const CHROMIUM: &str = "/usr/bin/chromium";

/// The browser, or `None` (after saying so loudly) when it is missing and we are not in
/// CI; in CI a missing browser fails the test.
fn chromium() -> Option<&'static str> {
    if Path::new(CHROMIUM).exists() {
        return Some(CHROMIUM);
    }
    eprintln!(
        "\n!!!!!! {CHROMIUM} is missing: the HTML report was NOT checked in a browser. \
         Install it (apt-get install chromium) to run this test. !!!!!!\n"
    );
    assert!(
        std::env::var_os("CI").is_none(),
        "{CHROMIUM} is required in CI (env CI is set)"
    );
    None
}

/// What headless Chromium printed for a page.
struct Browser {
    stdout: String,
    stderr: String,
}

/// Opens `page` in headless Chromium with a fresh profile and no network, with the
/// extra flags given; gives up after two minutes.
fn browse(browser: &str, page: &Path, flags: &[&str]) -> Browser {
    let profile = tempfile::tempdir().expect("profile dir");
    let logs = tempfile::tempdir().expect("log dir");
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(flags)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("start chromium");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Browser {
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

/// Console messages, script errors and policy violations in Chromium's log. The pages
/// have no scripts, so any console message at all is a fault.
fn console_trouble(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Refused to")
                || l.contains("Content Security Policy")
        })
        .collect()
}

/// A screenshot that shows something: it decodes as PNG, has the size asked for, and
/// is neither one colour nor almost all background.
fn assert_not_blank(png_path: &Path, width: u32) {
    let bytes = std::fs::read(png_path).expect("screenshot written");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("screenshot is a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG decodes");
    assert_eq!(info.width, width);
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let background = &pixels[..channels];
    let mut colours = std::collections::BTreeSet::new();
    let mut ink = 0usize;
    let total = pixels.len() / channels;
    for px in pixels.chunks_exact(channels) {
        if px != background {
            ink += 1;
        }
        if colours.len() < 64 {
            colours.insert(px.to_vec());
        }
    }
    assert!(
        colours.len() >= 16,
        "only {} colours: a blank page",
        colours.len()
    );
    assert!(
        ink * 100 > total,
        "{ink} of {total} pixels drawn: a blank page"
    );
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else { return };
    let env = Env::new();

    // The detector of trouble must itself work: a page that breaks the policy is caught.
    let canary = env.write(
        "canary.html",
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\">{CSP}</head><body>\
             <p>canary</p><script>document.title = 1</script></body></html>"
        ),
    );
    let seen = browse(browser, &canary, &["--dump-dom"]);
    assert!(
        !console_trouble(&seen.stderr).is_empty(),
        "a blocked inline script went unnoticed; is logging on?\n{}",
        seen.stderr
    );

    let db = demo_ledger(&env);
    let page = env.path("report.html");
    on(
        &env,
        &db,
        &[
            "contradictions",
            "--format",
            "html",
            "-o",
            page.to_str().expect("utf-8"),
        ],
    );
    let dom = browse(browser, &page, &["--dump-dom"]);
    assert_eq!(console_trouble(&dom.stderr), Vec::<&str>::new());
    assert!(
        dom.stdout.contains("<h1>Contradictions</h1>"),
        "{}",
        dom.stdout
    );
    assert!(dom.stdout.contains("OpenAI · revenue · 2024"));
    assert!(
        dom.stdout.contains("Made by crosscheck"),
        "the DOM came back whole"
    );
    assert!(dom.stdout.trim_end().ends_with("</html>"));

    for (width, name) in [(1000, "desktop.png"), (390, "phone.png")] {
        let shot = env.path(name);
        let seen = browse(
            browser,
            &page,
            &[
                &format!("--window-size={width},1200"),
                &format!("--screenshot={}", shot.display()),
            ],
        );
        assert_eq!(console_trouble(&seen.stderr), Vec::<&str>::new());
        assert_not_blank(&shot, width);
    }

    let timeline = env.path("timeline.html");
    on(
        &env,
        &db,
        &[
            "timeline",
            "--subject",
            "OpenAI",
            "--metric",
            "valuation",
            "--format",
            "html",
            "-o",
            timeline.to_str().expect("utf-8"),
        ],
    );
    let dom = browse(browser, &timeline, &["--dump-dom"]);
    assert_eq!(console_trouble(&dom.stderr), Vec::<&str>::new());
    assert!(dom.stdout.contains("<polyline"), "{}", dom.stdout);
}

#[test]
fn hostile_text_stays_text_in_the_browser() {
    let Some(browser) = chromium() else { return };
    let env = Env::ledger();
    let (page, _) = hostile_report(&env);
    let dom = browse(browser, &page, &["--dump-dom"]);
    assert_eq!(console_trouble(&dom.stderr), Vec::<&str>::new());
    let html = dom.stdout;
    assert!(
        html.contains("Made by crosscheck"),
        "the DOM came back whole:\n{html}"
    );
    // No element was made from user text: the DOM has no script or img element, no
    // event handler attribute and no javascript: link.
    // Every literal `<` of the serialised DOM starts a tag (text has `&lt;`, though a
    // text node keeps its `"`); within a tag, attribute values are quoted. Look at each
    // tag: its name, what is outside its quoted values, and where its links go.
    let mut trouble = Vec::new();
    let mut links = Vec::new();
    for chunk in html.split('<').skip(1) {
        let mut outside = String::new();
        let mut whole = String::new();
        let mut quoted = false;
        for c in chunk.chars() {
            match c {
                '"' => quoted = !quoted,
                '>' if !quoted => break,
                c if !quoted => outside.push(c),
                _ => {}
            }
            whole.push(c);
        }
        let name = outside
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if name == "a" {
            if let Some((_, rest)) = whole.split_once(" href=\"") {
                links.push(rest.split('"').next().unwrap_or_default().to_string());
            }
        }
        let lower = whole.to_lowercase();
        if ["script", "img", "iframe", "object", "embed"].contains(&name.as_str())
            || outside.contains(" on")
            || lower.contains("href=\"javascript")
        {
            trouble.push(whole);
        }
    }
    assert!(
        trouble.is_empty(),
        "elements made from user text: {trouble:?}"
    );
    // …and the text shows verbatim (the serialised DOM escapes text nodes again).
    for text in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        // The quotes: shown as text, a long one whole behind its summary.
        "Sales hit $9B &lt;img src=x onerror=alert(5)&gt; said the firm",
        "&lt;a href=\"javascript:alert(6)\"&gt;read more&lt;/a&gt; 据路透社报道，领投方已确定",
        "&lt;script&gt;alert(7)&lt;/script&gt;&lt;svg onload=alert(8)&gt; and then a very long \
         tail of ordinary words so that the report has to shorten this quote and keep the \
         whole of it one click away",
    ] {
        assert!(html.contains(text), "{text} not shown verbatim:\n{html}");
    }
    assert!(html.contains("<details class=\"quote\"><summary>"));
    // Links go within the page or where the claims say, and only to http(s) ones.
    assert!(!links.is_empty());
    for link in links {
        assert!(
            link.starts_with('#') || link.starts_with("https://example.com/"),
            "link to {link}"
        );
    }
}

/// A Chinese quote in the report is drawn with real glyphs, not as empty boxes: the
/// page names CJK fonts, and with one installed (fonts-noto-cjk in CI) two different
/// characters look different and neither looks like a character no font has.
#[test]
fn chinese_in_the_report_renders_as_glyphs_not_tofu() {
    let Some(browser) = chromium() else { return };
    let env = Env::ledger();
    let (_, html) = hostile_report(&env);
    assert!(
        html.contains("据路透社报道，领投方已确定"),
        "the Chinese quote is in the page"
    );
    // The report's own style, around one large character at a time.
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(css, _)| css)
        .expect("the report has a style block");
    let shot = |name: &str, text: &str| -> Vec<u8> {
        let page = env.write(
            &format!("{name}.html"),
            format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">{CSP}\
                 <style>{style}</style></head><body><p style=\"font-size:120px;margin:0\">\
                 {text}</p></body></html>"
            ),
        );
        let png = env.path(&format!("{name}.png"));
        let seen = browse(
            browser,
            &page,
            &[
                "--window-size=400,300",
                &format!("--screenshot={}", png.display()),
            ],
        );
        assert_eq!(console_trouble(&seen.stderr), Vec::<&str>::new());
        let decoder = png::Decoder::new(std::io::Cursor::new(std::fs::read(&png).expect("png")));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("decodes");
        buf.truncate(info.buffer_size());
        buf
    };
    let (lu, tou, nothing) = (
        shot("lu", "路"),
        shot("tou", "投"),
        shot("none", "\u{E000}"),
    );
    assert_ne!(lu, tou, "路 and 投 look the same: boxes, not glyphs");
    assert_ne!(lu, nothing, "路 looks like a character no font has");
    assert_ne!(tou, nothing, "投 looks like a character no font has");
}
