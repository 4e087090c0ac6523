//! A load test of `crosscheck serve`: many clients at once for a while, mixing the
//! claims list (page and API), the contradiction report and a few writes; prints the
//! error count and the latency percentiles of each kind of request.
//!
//! ```text
//! cargo run --release --example gen -- 100000 > claims.jsonl
//! crosscheck --db load.db init && crosscheck --db load.db import claims.jsonl --new-source
//! crosscheck token add load --token-file load.tokens > load.token
//! crosscheck --db load.db serve --bind 127.0.0.1:8080 --token-file load.tokens &
//! cargo run --release --example serve_load -- http://127.0.0.1:8080 \
//!     --clients 50 --seconds 60 --token "$(cat load.token)"
//! ```
//!
//! The clients ask for the report pages of the subjects of the 500 worst contradictions,
//! in turn. Start each run from a fresh copy of the ledger: the writes add claims to
//! those subjects, so their pages grow from run to run.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The kinds of request, in the report's order.
const KINDS: [&str; 5] = [
    "list page",
    "list API",
    "contradictions page",
    "contradictions API",
    "write",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut base = String::from("http://127.0.0.1:8080");
    let mut clients = 50usize;
    let mut seconds = 60u64;
    let mut token: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--clients" => clients = it.next().and_then(|v| v.parse().ok()).unwrap_or(clients),
            "--seconds" => seconds = it.next().and_then(|v| v.parse().ok()).unwrap_or(seconds),
            "--token" => token = it.next().cloned(),
            other => base = other.trim_end_matches('/').to_string(),
        }
    }
    // Subjects to filter by, from the ledger itself: those of the 500 worst
    // contradictions (so that the report pages have something to show), else those of
    // the first claims.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let names = |path: &str| -> Vec<String> {
        let mut found: Vec<String> = agent
            .get(format!("{base}{path}"))
            .call()
            .ok()
            .and_then(|mut r| {
                r.body_mut()
                    .with_config()
                    .limit(1 << 30)
                    .read_to_string()
                    .ok()
            })
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|v| v.get("groups").cloned().or(Some(v)))
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c["subject"].as_str().map(str::to_string))
            .collect();
        found.sort();
        found.dedup();
        found
    };
    let mut subjects = names("/api/contradictions?limit=500");
    if subjects.is_empty() {
        subjects = names("/api/claims?limit=200");
    }
    if subjects.is_empty() {
        eprintln!("no claims at {base}/api/claims: is the server running on a filled ledger?");
        std::process::exit(2);
    }
    // The same order on every run, spread over the subjects.
    let subjects: Vec<String> = (0..subjects.len())
        .map(|i| subjects[(i * 7919) % subjects.len()].clone())
        .collect();
    eprintln!("{} subjects", subjects.len());
    let subjects = Arc::new(subjects);
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (base, token, subjects, stop, written, agent) = (
                base.clone(),
                token.clone(),
                Arc::clone(&subjects),
                Arc::clone(&stop),
                Arc::clone(&written),
                agent.clone(),
            );
            std::thread::spawn(move || {
                let mut times: Vec<Vec<f64>> = vec![Vec::new(); KINDS.len()];
                let mut errors = vec![0u64; KINDS.len()];
                let mut n = client;
                while !stop.load(Ordering::Relaxed) {
                    n += clients;
                    let subject = &subjects[n % subjects.len()];
                    let enc: String = form_urlencoded::byte_serialize(subject.as_bytes()).collect();
                    // About 1 request in 100 is a write (when a token was given).
                    let kind = match n % 100 {
                        0 if token.is_some() => 4,
                        0..=39 => 0,
                        40..=64 => 1,
                        65..=84 => 2,
                        _ => 3,
                    };
                    let t = Instant::now();
                    let result = match kind {
                        0 => agent
                            .get(format!("{base}/claims?page={}", 1 + n % 5))
                            .call(),
                        1 => agent
                            .get(format!("{base}/api/claims?subject={enc}&limit=50"))
                            .call(),
                        2 => agent
                            .get(format!("{base}/contradictions?subject={enc}"))
                            .call(),
                        3 => agent
                            .get(format!("{base}/api/contradictions?subject={enc}"))
                            .call(),
                        _ => {
                            let k = written.fetch_add(1, Ordering::Relaxed);
                            let record = serde_json::json!({
                                "subject": subject, "metric": "load_test_metric",
                                "value": format!("${}M", 100 + k % 50),
                                "source": "Reuters", "date": "2024-06-01",
                                "key": format!("load-{client}-{k}-{}", started.elapsed().as_nanos()),
                            });
                            agent
                                .post(format!("{base}/api/claims"))
                                .header("authorization", &format!("Bearer {}", token.as_deref().unwrap_or_default()))
                                .send(record.to_string())
                        }
                    };
                    let ok = match result {
                        Ok(mut r) => {
                            let good = r.status().is_success();
                            let _ = r.body_mut().read_to_vec();
                            good
                        }
                        Err(_) => false,
                    };
                    times[kind].push(t.elapsed().as_secs_f64() * 1000.0);
                    if !ok {
                        errors[kind] += 1;
                    }
                }
                (times, errors)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); KINDS.len()];
    let mut errors = vec![0u64; KINDS.len()];
    for w in workers {
        let (t, e) = w.join().expect("a client thread failed");
        for k in 0..KINDS.len() {
            times[k].extend(&t[k]);
            errors[k] += e[k];
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let total: usize = times.iter().map(Vec::len).sum();
    println!(
        "{clients} clients, {elapsed:.0} s: {total} requests ({:.0}/s), {} errors",
        total as f64 / elapsed,
        errors.iter().sum::<u64>()
    );
    println!("| request | count | errors | p50 ms | p95 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (k, name) in KINDS.iter().enumerate() {
        let t = &mut times[k];
        if t.is_empty() {
            continue;
        }
        t.sort_by(f64::total_cmp);
        let pct = |p: f64| t[((t.len() as f64 * p).ceil() as usize).clamp(1, t.len()) - 1];
        println!(
            "| {name} | {} | {} | {:.1} | {:.1} | {:.1} |",
            t.len(),
            errors[k],
            pct(0.50),
            pct(0.95),
            pct(0.99)
        );
    }
}
