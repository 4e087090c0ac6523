//! Property: whatever claims a ledger holds, export → import into a new ledger → export
//! gives the same records, byte for byte (JSON Lines is the lossless format). Runs
//! through the library, so that many random ledgers fit in a test run.

use crosscheck::cli::Format;
use crosscheck::ops::import::load;
use crosscheck::record::InputFormat;
use crosscheck::render::claims::ClaimSink;
use crosscheck::store::{Filter, StatusFilter, Store};
use proptest::prelude::*;

const VALUES: &[&str] = &[
    "$3.5B-$4.5B",
    "超过20亿美元",
    "about $3.7 billion",
    "至少65亿美元",
    "高达70亿美元",
    "不到10亿美元",
    "100倍",
    "每小时1.30美元",
    "1,500 employees",
    "yes",
    "Thrive Capital",
    "8:05 PM",
    "49%",
    "€11.7bn",
];
const SOURCES: &[&str] = &["Reuters", "路透社", "FT", "纽约时报", "Bloomberg", "AP"];
const CONFIDENCE: &[&str] = &["confirmed", "reported", "rumored", "speculative", "0.7"];

fn text() -> impl Strategy<Value = String> {
    // Any text but NUL (which records refuse), including CJK, bidi marks and newlines.
    "[^\u{0}]{0,40}"
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z\u{4e00}-\u{4e20}][A-Za-z0-9 \u{4e00}-\u{4e20}]{0,12}[A-Za-z0-9\u{4e00}-\u{4e20}]"
}

prop_compose! {
    fn record(i: usize)(
        subject in name(),
        metric in prop::sample::select(vec!["revenue", "valuation", "lead_investor"]),
        value in prop::sample::select(VALUES.to_vec()),
        source in prop::sample::select(SOURCES.to_vec()),
        via in prop::option::of(prop::sample::select(SOURCES.to_vec())),
        day in 1u32..=28,
        time in 0u8..3,
        confidence in prop::sample::select(CONFIDENCE.to_vec()),
        quote in prop::option::of(text()),
        notes in prop::option::of(text()),
        tags in prop::collection::vec("[a-z\u{4e00}-\u{4e10}]{1,8}", 0..3),
        keyed in any::<bool>(),
    ) -> serde_json::Value {
        let mut r = serde_json::json!({
            "subject": subject, "metric": metric, "value": value, "source": source,
            "date": format!("2024-09-{day:02}"), "confidence": confidence, "tags": tags,
        });
        match time {
            0 => r["period"] = "2024".into(),
            1 => r["as_of"] = format!("2024-08-{day:02}").into(),
            _ => {}
        }
        if keyed { r["key"] = format!("k{i}").into(); }
        if let Some(v) = via { r["via"] = v.into(); }
        if let Some(q) = quote { r["quote"] = q.into(); }
        if let Some(n) = notes { r["notes"] = n.into(); }
        r
    }
}

fn records() -> impl Strategy<Value = Vec<serde_json::Value>> {
    (1usize..12).prop_flat_map(|n| (0..n).map(record).collect::<Vec<_>>())
}

fn export(ledger: &dyn Store) -> String {
    let mut out = Vec::new();
    let mut sink = ClaimSink::new(&mut out, Format::Jsonl).expect("sink");
    let all = Filter {
        status: StatusFilter::All,
        ..Filter::default()
    };
    ledger.claims(&all, &mut |c| sink.push(&c)).expect("export");
    sink.finish().expect("finish");
    String::from_utf8(out).expect("utf-8")
}

fn import(dir: &std::path::Path, name: &str, text: &str) -> Box<dyn Store> {
    let mut ledger = crosscheck::store::open(&dir.join(name), true).expect("ledger");
    load(
        &mut *ledger,
        text.as_bytes(),
        InputFormat::Jsonl,
        name,
        true,
        false,
        true,
        &|_| {},
    )
    .unwrap_or_else(|e| panic!("import: {e}\n{text}"));
    ledger
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn export_import_export_is_identical(records in records()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let input: String = records.iter().map(|r| format!("{r}\n")).collect();
        let first = export(&*import(dir.path(), "a.db", &input));
        let second = export(&*import(dir.path(), "b.db", &first));
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(first.lines().count(), records.len());
    }
}
