//! Hostile input: every file in `tests/hostile/` is imported into a ledger that already
//! holds the founding claims. It must either be refused cleanly or be stored verbatim.
//! Refused means exit 2, every problem named with file, line and field, and the ledger
//! unchanged. Stored verbatim means every text field reads back byte for byte.
//! `CASES` is the expectation for each file; `tests/hostile/README.md` is the same
//! table for people. A corpus file that has no entry in either fails the suite.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::common::Env;

/// One problem a rejected file must report: its line (`None` for a file-level problem),
/// the field it is in (when there is one), and a fragment of the reason.
struct Problem {
    line: Option<usize>,
    field: Option<&'static str>,
    reason: &'static str,
}

const fn at(line: usize, field: &'static str, reason: &'static str) -> Problem {
    Problem {
        line: Some(line),
        field: Some(field),
        reason,
    }
}

const fn line_only(line: usize, reason: &'static str) -> Problem {
    Problem {
        line: Some(line),
        field: None,
        reason,
    }
}

const fn whole_file(reason: &'static str) -> Problem {
    Problem {
        line: None,
        field: None,
        reason,
    }
}

/// A record of a corpus file, as the test reads it.
type Record = Map<String, Value>;

/// A check run after a stored case's own checks, with the records of its file.
type Then = fn(&Env, &[Record]);

enum Expect {
    /// Exit 2 and exactly these problems. The ledger is unchanged.
    Rejected(&'static [Problem]),
    /// Exit 0. This many records, every text field verbatim, then an extra check.
    Stored { records: usize, then: Option<Then> },
}

impl Expect {
    fn code(&self) -> i32 {
        match self {
            Expect::Rejected(_) => 2,
            Expect::Stored { .. } => 0,
        }
    }
}

struct Case {
    file: &'static str,
    expect: Expect,
}

const fn rejected(file: &'static str, problems: &'static [Problem]) -> Case {
    Case {
        file,
        expect: Expect::Rejected(problems),
    }
}

const fn stored(file: &'static str, records: usize) -> Case {
    Case {
        file,
        expect: Expect::Stored {
            records,
            then: None,
        },
    }
}

const fn stored_then(file: &'static str, records: usize, then: Then) -> Case {
    Case {
        file,
        expect: Expect::Stored {
            records,
            then: Some(then),
        },
    }
}

const CASES: &[Case] = &[
    rejected("empty.jsonl", &[whole_file("holds no records")]),
    rejected("only_blank_lines.jsonl", &[whole_file("holds no records")]),
    rejected("header_only.csv", &[whole_file("holds no records")]),
    rejected(
        "missing_column.csv",
        &[at(1, "date", "required column missing")],
    ),
    rejected("duplicate_column.csv", &[at(1, "value", "appears twice")]),
    Case {
        ..rejected("unterminated_quote.csv", &[at(3, "quote", "")])
    },
    stored("crlf.jsonl", 2),
    stored("crlf.csv", 2),
    stored("bom.jsonl", 1),
    stored("bom.csv", 1),
    rejected("utf16.jsonl", &[line_only(1, "the file is UTF-16")]),
    rejected("invalid_utf8.jsonl", &[line_only(2, "not valid UTF-8")]),
    rejected(
        "nul_byte.jsonl",
        &[at(2, "quote", "NUL byte"), line_only(3, "not valid JSON")],
    ),
    rejected(
        "raw_control_chars.jsonl",
        &[line_only(2, "control character")],
    ),
    stored("control_chars.jsonl", 1),
    stored_then("huge_field.jsonl", 1, huge_quote_is_whole),
    rejected(
        "number_1e309.jsonl",
        &[
            at(1, "value", "finite number"),
            line_only(2, "number out of range"),
        ],
    ),
    rejected("nan.jsonl", &[at(1, "value", "finite number")]),
    stored_then("leading_zeros.jsonl", 2, leading_zeros_are_read_as_decimal),
    rejected(
        "impossible_date.jsonl",
        &[
            at(1, "date", "'2024-02-30' is not a real date"),
            at(2, "date", "'2023-02-29' is not a real date"),
            at(3, "date", "'2024-13-01' is not a real date"),
        ],
    ),
    rejected(
        "duplicate_keys.jsonl",
        &[at(
            3,
            "key",
            "appears twice in this input (first on line 1)",
        )],
    ),
    rejected(
        "duplicate_json_field.jsonl",
        &[at(2, "value", "given twice")],
    ),
    rejected(
        "unknown_source.jsonl",
        &[at(2, "source", "did you mean 'Reuters'")],
    ),
    stored_then("formula.jsonl", 1, formulas_are_neutralised_only_in_csv),
    stored_then("formula.csv", 1, formulas_are_neutralised_only_in_csv),
    stored_then("bidi.jsonl", 1, bidi_controls_are_exported_raw),
    stored_then("nfc_nfd.jsonl", 2, nfc_and_nfd_name_one_subject),
    rejected(
        "wrong_types.jsonl",
        &[
            at(1, "value", "expected a string, found an object"),
            at(2, "value", "expected a string, found a list"),
            at(3, "authors", "expected a list of strings"),
        ],
    ),
    Case {
        ..rejected("tags_as_number.jsonl", &[at(2, "tags", "")])
    },
    rejected(
        "not_an_object.jsonl",
        &[line_only(2, "expected one JSON object per line")],
    ),
    rejected("truncated.jsonl", &[line_only(2, "not valid JSON")]),
    rejected(
        "very_long_line.csv",
        &[line_only(2, "20008 fields where the header has 9")],
    ),
    rejected(
        "unknown_field.jsonl",
        &[at(2, "perod", "did you mean 'period'")],
    ),
    rejected("period_and_as_of.jsonl", &[at(1, "as_of", "not both")]),
    rejected(
        "confidence_out_of_range.csv",
        &[at(3, "confidence", "cannot read '1.7' as a confidence")],
    ),
    rejected(
        "negative_confidence.jsonl",
        &[
            at(1, "confidence", "cannot read '-0.2' as a confidence"),
            at(2, "confidence", "cannot read '-0.2' as a confidence"),
        ],
    ),
];

/// A corpus file whose `quote` is this marker is imported with the marker replaced by
/// `HUGE_LEN` bytes of text, so that 10 MB need not be committed.
const HUGE_MARKER: &str = "@HUGE@";
const HUGE_LEN: usize = 10 * 1024 * 1024;

fn corpus_dir() -> String {
    format!("{}/tests/hostile", env!("CARGO_MANIFEST_DIR"))
}

fn corpus(file: &str) -> String {
    format!("{}/{file}", corpus_dir())
}

fn case(file: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.file == file)
        .unwrap_or_else(|| panic!("no case for {file}"))
}

/// Text fields that a stored record must give back unchanged.
const VERBATIM: [&str; 13] = [
    "key", "subject", "metric", "value", "source", "date", "period", "as_of", "quote", "url",
    "title", "notes", "via",
];

/// 10 MB of words, with one 1 MB word in the middle for the search index to choke on.
fn huge_text() -> String {
    let long_word = "x".repeat(1024 * 1024);
    let mut text = String::with_capacity(HUGE_LEN);
    while text.len() < HUGE_LEN / 2 {
        text.push_str("lorem ipsum dolor sit amet ");
    }
    text.push_str(&long_word);
    while text.len() < HUGE_LEN {
        text.push_str(" consectetur adipiscing elit");
    }
    text.truncate(HUGE_LEN);
    text
}

/// The bytes of a corpus file, and the path to import. Both are the corpus file itself,
/// unless it holds the huge-field marker: then a copy with the marker expanded is
/// written to the test's temp dir.
fn input(env: &Env, file: &str) -> (Vec<u8>, String) {
    let bytes = std::fs::read(corpus(file)).expect("corpus file is readable");
    let marker = format!("\"{HUGE_MARKER}\"");
    match std::str::from_utf8(&bytes) {
        Ok(text) if text.contains(&marker) => {
            let expanded = text.replace(&marker, &format!("\"{}\"", huge_text()));
            let path = env.write(file, &expanded);
            (
                expanded.into_bytes(),
                path.to_str().expect("utf-8").to_string(),
            )
        }
        _ => (bytes, corpus(file)),
    }
}

/// The records of a stored case's input, as the test reads them (not as the binary
/// does): JSON objects, or CSV rows as objects of non-empty strings.
fn records(file: &str, bytes: &[u8]) -> Vec<Record> {
    let text = std::str::from_utf8(bytes).expect("a stored case is UTF-8");
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if file.ends_with(".csv") {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let names = reader.headers().expect("CSV header").clone();
        reader
            .records()
            .map(|row| {
                let row = row.expect("CSV row");
                names
                    .iter()
                    .zip(row.iter())
                    .filter(|(_, cell)| !cell.is_empty())
                    .map(|(name, cell)| (name.to_string(), Value::String(cell.to_string())))
                    .collect()
            })
            .collect()
    } else {
        text.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("a stored case's line is a JSON object"))
            .collect()
    }
}

/// The claim with this key in a list of claim objects.
fn by_key<'a>(claims: &'a [Value], key: &str) -> &'a Value {
    claims
        .iter()
        .find(|c| c["key"] == key)
        .unwrap_or_else(|| panic!("no claim with key {key}"))
}

/// Every claim `export` writes (JSON Lines), parsed.
fn exported(env: &Env) -> Vec<Value> {
    env.ok(&["export"])
        .lines()
        .map(|l| serde_json::from_str(l).expect("export line is JSON"))
        .collect()
}

/// Asserts that every string field of every record reads back byte for byte.
/// Names are the exception: a spelling that a reader cannot tell from one given earlier
/// (the same key: NFC and NFD, full-width letters) reads back as that earlier one.
fn assert_verbatim(file: &str, records: &[Record], claims: &[Value], via: &str) {
    let mut first: std::collections::HashMap<(&str, String), String> = Default::default();
    for record in records {
        let key = record["key"].as_str().expect("corpus records have keys");
        let claim = by_key(claims, key);
        for field in VERBATIM {
            if let Some(Value::String(given)) = record.get(field) {
                let given = if ["subject", "metric", "source", "via"].contains(&field) {
                    first
                        .entry((field, crosscheck::lookalike::key(given)))
                        .or_insert_with(|| given.clone())
                        .clone()
                } else {
                    given.clone()
                };
                assert!(
                    claim[field].as_str() == Some(given.as_str()),
                    "{file}: {key}.{field} came back changed from {via}:\n  given {:?}\n  got   {:?}",
                    given.escape_debug().to_string(),
                    claim[field]
                );
            }
        }
    }
}

/// Imports `case` into a ledger holding the founding claims, checks the outcome, and
/// returns the ledger.
fn check(case: &Case) -> Env {
    let env = Env::founding();
    let (bytes, path) = input(&env, case.file);
    let export_before = env.ok(&["export"]);
    let log_before = env.json(&["log"]);
    let run = env.run(&["import", &path]);
    let context = format!("{}:\n{}", case.file, run.transcript());
    assert_eq!(run.code, case.expect.code(), "exit code for {context}");
    run.assert_no_panic();
    match &case.expect {
        Expect::Rejected(problems) => {
            for p in problems.iter() {
                assert!(
                    run.stderr.lines().any(|l| reports(l, &path, p)),
                    "{}: no stderr line names the file{}{}{} and says {:?}:\n{}",
                    case.file,
                    p.line.map(|n| format!(", line {n}")).unwrap_or_default(),
                    p.field
                        .map(|f| format!(", field '{f}'"))
                        .unwrap_or_default(),
                    if p.line.is_none() { " (no line)" } else { "" },
                    p.reason,
                    run.stderr
                );
            }
            let listed = run
                .stderr
                .lines()
                .filter(|l| l.contains(&format!("{path}: line ")))
                .count();
            let expected = problems.iter().filter(|p| p.line.is_some()).count();
            assert_eq!(listed, expected, "problems listed for {context}");
            assert_eq!(
                env.ok(&["export"]),
                export_before,
                "a refused import changed the claims: {context}"
            );
            let log_after = env.json(&["log"]);
            assert_eq!(
                log_after.as_array().map(Vec::len),
                log_before.as_array().map(Vec::len),
                "a refused import logged an event: {context}"
            );
            assert_eq!(log_after, log_before, "the log changed: {context}");
        }
        Expect::Stored { records: n, then } => {
            let records = records(case.file, &bytes);
            assert_eq!(
                records.len(),
                *n,
                "{}: records in the corpus file",
                case.file
            );
            assert!(
                run.stderr.contains(&format!("imported {n} claims")),
                "{context}"
            );
            let claims = env.claims(&[]);
            assert_eq!(claims.len(), 30 + n, "claims after {context}");
            assert_verbatim(case.file, &records, &claims, "list --format json");
            assert_verbatim(case.file, &records, &exported(&env), "export");
            env.ok(&["verify"]);
            if let Some(then) = then {
                then(&env, &records);
            }
        }
    }
    env
}

/// Whether stderr line `l` reports problem `p` in the file at `path`.
fn reports(l: &str, path: &str, p: &Problem) -> bool {
    let line = match p.line {
        Some(n) => l.contains(&format!("line {n},")) || l.contains(&format!("line {n}:")),
        None => !l.contains(&format!("{path}: line ")),
    };
    l.contains(path)
        && line
        && p.field.is_none_or(|f| l.contains(&format!("'{f}'")))
        && l.contains(p.reason)
}

#[test]
fn rejected_files_change_nothing_and_say_where() {
    for case in CASES.iter() {
        if let Expect::Rejected(_) = case.expect {
            check(case);
        }
    }
}

#[test]
fn stored_files_read_back_byte_for_byte() {
    for case in CASES.iter() {
        if let Expect::Stored { .. } = case.expect {
            check(case);
        }
    }
}

#[test]
fn show_does_not_replay_terminal_escapes() {
    let env = check(case("control_chars.jsonl"));
    let out = env.ok(&["show", "h-ctrl", "--format", "table"]);
    assert!(
        !out.contains(['\u{1b}', '\u{7}', '\u{8}', '\u{7f}', '\u{85}']),
        "show wrote raw control characters: {:?}",
        out.escape_debug().to_string()
    );
}

#[test]
fn every_corpus_file_has_an_expectation() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/hostile is readable")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .into_string()
                .expect("utf-8")
        })
        .filter(|name| name != "README.md")
        .collect();
    let in_table: BTreeSet<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    assert_eq!(in_table.len(), CASES.len(), "a file appears twice in CASES");
    let missing: Vec<_> = on_disk.difference(&in_table).collect();
    assert!(
        missing.is_empty(),
        "corpus files without a case in CASES: {missing:?}"
    );
    let gone: Vec<_> = in_table.difference(&on_disk).collect();
    assert!(gone.is_empty(), "cases without a corpus file: {gone:?}");
    let readme = std::fs::read_to_string(corpus("README.md")).expect("README.md");
    let undocumented: Vec<_> = on_disk
        .iter()
        .filter(|f| !readme.contains(&format!("| `{f}` |")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "corpus files without a row in tests/hostile/README.md: {undocumented:?}"
    );
}

/// Editors and git can "fix" the very bytes a case is about; catch that here rather
/// than by a case that silently stops testing anything.
#[test]
fn corpus_files_keep_their_hostile_bytes() {
    let read = |f: &str| std::fs::read(corpus(f)).expect("corpus file");
    for f in ["crlf.jsonl", "crlf.csv"] {
        let bytes = read(f);
        let lf = bytes.iter().filter(|&&b| b == b'\n').count();
        let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
        assert!(lf > 0 && crlf == lf, "{f} lost its CRLF line ends");
    }
    for f in ["bom.jsonl", "bom.csv"] {
        assert!(read(f).starts_with(b"\xEF\xBB\xBF"), "{f} lost its BOM");
    }
    let utf16 = read("utf16.jsonl");
    assert!(
        utf16.starts_with(&[0xFF, 0xFE, b'{', 0]),
        "utf16.jsonl is not UTF-16 LE"
    );
    assert!(std::str::from_utf8(&read("invalid_utf8.jsonl")).is_err());
    assert!(
        read("nul_byte.jsonl").contains(&0),
        "nul_byte.jsonl lost its NUL"
    );
    assert!(read("raw_control_chars.jsonl").contains(&0x1b));
    assert!(!read("truncated.jsonl").ends_with(b"\n"));
    assert!(read("empty.jsonl").is_empty());
    let huge = String::from_utf8(read("huge_field.jsonl")).expect("utf-8");
    assert!(huge.contains(&format!("\"quote\":\"{HUGE_MARKER}\"")));
}

fn huge_quote_is_whole(env: &Env, _: &[Record]) {
    let claims = env.claims(&["--subject", "Hostile Co"]);
    let quote = by_key(&claims, "h-huge")["quote"].as_str().expect("quote");
    assert_eq!(quote.len(), HUGE_LEN);
    assert!(quote == huge_text(), "the 10 MB quote came back changed");
}

fn leading_zeros_are_read_as_decimal(env: &Env, _: &[Record]) {
    let claims = env.claims(&["--subject", "Hostile Co"]);
    let bond = by_key(&claims, "h-zeros-bond");
    assert_eq!(
        (bond["low"].as_f64(), bond["high"].as_f64()),
        (Some(7.0), Some(7.0))
    );
    let money = by_key(&claims, "h-zeros-money");
    assert_eq!(
        (money["low"].as_f64(), money["unit"].as_str()),
        (Some(50e9), Some("USD"))
    );
}

const FORMULA_SUBJECT: &str = "+cmd|' /C calc'!A0";
const FORMULA_QUOTE: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";

/// `export --format csv` puts `'` before every cell a spreadsheet would run; the JSONL
/// export does not; and the CSV export imports back to the original text.
fn formulas_are_neutralised_only_in_csv(env: &Env, records: &[Record]) {
    let key = records[0]["key"].as_str().expect("key");
    let notes = records[0]["notes"].as_str().expect("notes");
    let csv_text = env.ok(&["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let names = reader.headers().expect("CSV header").clone();
    let row = reader
        .records()
        .map(|r| r.expect("CSV row"))
        .find(|r| r.iter().any(|cell| cell == key))
        .expect("exported row");
    let cell = |name: &str| {
        let at = names.iter().position(|n| n == name).expect(name);
        row[at].to_string()
    };
    assert_eq!(cell("subject"), format!("'{FORMULA_SUBJECT}"));
    assert_eq!(cell("quote"), format!("'{FORMULA_QUOTE}"));
    assert_eq!(cell("notes"), format!("'{notes}"));
    for (name, text) in [("subject", FORMULA_SUBJECT), ("quote", FORMULA_QUOTE)] {
        assert!(
            !csv_text.contains(&format!(",{text}")) && !csv_text.contains(&format!(",\"{text}")),
            "{name} exported to CSV as a live formula"
        );
    }

    let claim = by_key(&exported(env), key).clone();
    assert_eq!(claim["subject"], FORMULA_SUBJECT);
    assert_eq!(claim["quote"], FORMULA_QUOTE);

    let again = Env::ledger();
    let path = again.write("export.csv", &csv_text);
    again.ok(&["import", path.to_str().expect("utf-8"), "--new-source"]);
    let claims = again.claims(&[]);
    let back = by_key(&claims, key);
    assert_eq!(back["subject"], FORMULA_SUBJECT);
    assert_eq!(back["quote"], FORMULA_QUOTE);
    assert_eq!(back["notes"], notes);
}

fn bidi_controls_are_exported_raw(env: &Env, records: &[Record]) {
    let quote = records[0]["quote"].as_str().expect("quote");
    for c in [
        '\u{202E}', '\u{202C}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ] {
        assert!(quote.contains(c), "the corpus lost U+{:04X}", c as u32);
    }
    let out = env.ok(&["export"]);
    let line = out
        .lines()
        .find(|l| l.contains("\"h-bidi\""))
        .expect("exported line");
    let encoded = serde_json::to_string(quote).expect("JSON string");
    assert!(
        line.contains(&encoded),
        "export did not write the quote as raw characters: {line}"
    );
}

/// NFC and NFD spellings look the same, so they name one subject (the first spelling);
/// the quotes, which are text, keep their bytes.
fn nfc_and_nfd_name_one_subject(env: &Env, _: &[Record]) {
    let claims = env.claims(&[]);
    let field = |key: &str, field: &str| {
        by_key(&claims, key)[field]
            .as_str()
            .expect("text")
            .to_string()
    };
    assert_eq!(field("h-cafe-nfc", "subject").as_bytes(), b"Caf\xC3\xA9");
    assert_eq!(field("h-cafe-nfd", "subject").as_bytes(), b"Caf\xC3\xA9");
    assert!(
        field("h-cafe-nfd", "quote")
            .as_bytes()
            .starts_with(b"Cafe\xCC\x81")
    );
}
