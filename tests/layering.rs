//! The layers point one way: front ends (`cli.rs`, `main.rs`, `cmd/`) over the ops, the
//! ops over the store and the pure modules, and only the store speaks SQL. These checks
//! read the source, so a new import in the wrong direction fails here.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file, as its path under `src/` and its text without `//` comments.
fn files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    sources(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).expect("read source");
            let code: Vec<&str> = text
                .lines()
                .map(|l| match l.trim_start().starts_with("//") {
                    true => "",
                    false => l,
                })
                .collect();
            (rel, code.join("\n"))
        })
        .collect()
}

fn front_end(path: &str) -> bool {
    path.starts_with("cmd/") || path == "cli.rs" || path == "main.rs"
}

/// The files outside `allowed` that contain any of `needles`.
fn offenders(needles: &[&str], allowed: impl Fn(&str) -> bool) -> Vec<String> {
    files()
        .into_iter()
        .filter(|(path, _)| !allowed(path))
        .filter_map(|(path, code)| {
            let found: Vec<&str> = needles
                .iter()
                .copied()
                .filter(|n| code.contains(n))
                .collect();
            (!found.is_empty()).then(|| format!("{path}: {}", found.join(", ")))
        })
        .collect()
}

#[test]
fn only_the_front_ends_import_the_front_ends() {
    let bad = offenders(&["crate::cmd", "crate::cli"], front_end);
    assert!(bad.is_empty(), "imports of cmd/cli outside them: {bad:#?}");
}

#[test]
fn only_the_front_ends_use_clap() {
    let bad = offenders(&["clap"], front_end);
    assert!(bad.is_empty(), "clap outside the front ends: {bad:#?}");
}

#[test]
fn only_the_sqlite_backend_speaks_sql() {
    let bad = offenders(&["rusqlite"], |p| p.starts_with("store/sqlite/"));
    assert!(bad.is_empty(), "rusqlite outside store/sqlite/: {bad:#?}");
}

#[test]
fn only_the_postgres_backend_speaks_to_the_server() {
    // `store/mod.rs` picks the backend for a `--db` value.
    let bad = offenders(&["postgres::", "tokio_postgres", "rustls"], |p| {
        p.starts_with("store/postgres/") || p == "store/mod.rs"
    });
    assert!(
        bad.is_empty(),
        "the PostgreSQL client outside store/postgres/: {bad:#?}"
    );
}

#[test]
fn nothing_above_the_store_names_a_backend() {
    // The ops and the front ends see `dyn Store`; only `store/mod.rs` (which picks the
    // backend for a `--db` value) and the backends themselves name one.
    let bad = offenders(
        &[
            "SqliteStore",
            "store::sqlite",
            "PostgresStore",
            "store::postgres",
        ],
        |p| p.starts_with("store/"),
    );
    assert!(bad.is_empty(), "a backend named above the store: {bad:#?}");
}

#[test]
fn one_store_trait() {
    let traits: Vec<String> = files()
        .into_iter()
        .filter(|(_, code)| code.contains("pub trait Store"))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(traits, ["store/mod.rs"], "where `trait Store` is defined");
}

#[test]
fn commands_leave_output_formats_to_render() {
    let bad = offenders(&["serde_json", "comfy_table", "json!"], |p| {
        !p.starts_with("cmd/")
    });
    assert!(bad.is_empty(), "output built in cmd/: {bad:#?}");
}

#[test]
fn the_web_server_calls_the_ops_not_the_commands() {
    // `serve/` is a second front end beside `cmd/`: both call the ops.
    let bad = offenders(&["crate::cmd", "crate::cli", "clap"], |p| {
        !p.starts_with("serve/")
    });
    assert!(bad.is_empty(), "serve/ names the command line: {bad:#?}");
}

#[test]
fn only_the_store_writes_sql() {
    let sql = [
        "SELECT ",
        "INSERT INTO",
        "INSERT OR",
        "UPDATE ",
        "DELETE FROM",
        "CREATE TABLE",
        "CREATE INDEX",
        "ALTER TABLE",
        "DROP TABLE",
        "PRAGMA ",
    ];
    let bad = offenders(&sql, |p| p.starts_with("store/"));
    assert!(bad.is_empty(), "SQL outside store/: {bad:#?}");
}

#[test]
fn the_ops_never_print_or_parse_flags() {
    let bad = offenders(
        &[
            "println!",
            "eprintln!",
            "print!(",
            "eprint!(",
            "std::io::stdout",
            "std::io::stderr",
            "clap",
            "render::Format",
            "comfy_table",
        ],
        |p| !p.starts_with("ops/"),
    );
    assert!(bad.is_empty(), "printing or flags in ops/: {bad:#?}");
}

#[test]
fn the_front_ends_write_to_the_ledger_only_through_the_ops() {
    // Every write is a use case with its rules (a judgement identical to the current
    // one is a no-op, a blank reason is refused …), kept in one op for every front end.
    let writes = [
        ".writer(",
        ".judge(",
        ".retract(",
        ".add_name(",
        ".set_metric_window(",
        ".set_multi_valued(",
    ];
    let bad = offenders(&writes, |p| !(front_end(p) || p.starts_with("serve/")));
    assert!(bad.is_empty(), "a front end writing to the store: {bad:#?}");
}

#[test]
fn every_use_case_has_its_op() {
    let all = files();
    for op in [
        "add",
        "contradictions",
        "import",
        "list",
        "log",
        "names",
        "resolve",
        "retract",
        "show",
        "timeline",
        "truth",
        "verify",
    ] {
        let path = format!("ops/{op}.rs");
        assert!(all.iter().any(|(p, _)| *p == path), "no {path}");
    }
    for cmd in [
        "add", "list", "log", "names", "resolve", "retract", "show", "verify",
    ] {
        let path = format!("cmd/{cmd}.rs");
        let (_, code) = all
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("no {path}"));
        assert!(code.contains("ops::"), "{path} does not call an op");
    }
}

#[test]
fn the_checks_see_the_source() {
    // A walk that found nothing would pass every check above.
    let all = files();
    assert!(all.iter().any(|(p, _)| p == "cmd/mod.rs"));
    assert!(
        all.iter()
            .any(|(p, c)| p.starts_with("store/sqlite/") && c.contains("rusqlite"))
    );
}

/// The arguments of each call of `name` (`format!(`, `PreEscaped(`…) in `code`, up to
/// the matching parenthesis; parentheses inside string literals do not count.
fn calls<'a>(code: &'a str, name: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices(name) {
        // `name` must start a word: `format!(` but not `my_format!(`.
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let start = at + name.len();
        let (mut depth, mut in_str, mut escaped) = (1usize, false, false);
        let mut end = code.len();
        for (i, c) in code[start..].char_indices() {
            match (in_str, c) {
                (true, _) if escaped => escaped = false,
                (true, '\\') => escaped = true,
                (_, '"') => in_str = !in_str,
                (false, '(') => depth += 1,
                (false, ')') => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        found.push(&code[start..end]);
    }
    found
}

/// The text of the string literals in `code`.
fn literals(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut current, mut in_str, mut escaped) = (String::new(), false, false);
    for c in code.chars() {
        match (in_str, c) {
            (true, _) if escaped => {
                escaped = false;
                current.push(c);
            }
            (true, '\\') => escaped = true,
            (true, '"') => {
                in_str = false;
                out.push(std::mem::take(&mut current));
            }
            (true, _) => current.push(c),
            (false, '"') => in_str = true,
            _ => {}
        }
    }
    out
}

/// The files that write HTML: the report and timeline, their parts, the evidence
/// cells and the web server's pages.
fn html_writer(path: &str) -> bool {
    path.starts_with("render/html") || path == "render/evidence.rs" || path == "serve/pages.rs"
}

#[test]
fn html_is_built_with_maud_not_with_strings() {
    // maud escapes by type; markup typed into a string, or a hand-called escaper, is
    // one forgotten call away from a hole.
    let mut bad = Vec::new();
    for (path, code) in files().into_iter().filter(|(p, _)| html_writer(p)) {
        // Unit tests may spell out the markup they expect.
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        if code.contains("esc(") {
            bad.push(format!("{path}: esc("));
        }
        for name in [
            "format!(",
            "write!(",
            "writeln!(",
            "format_args!(",
            "push_str(",
        ] {
            for args in calls(code, name) {
                if literals(args).iter().any(|l| l.contains('<')) {
                    bad.push(format!("{path}: {name}{args})"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "markup built as text: {bad:#?}");
}

#[test]
fn only_constant_style_sheets_are_pre_escaped() {
    let mut bad = Vec::new();
    let mut seen = 0;
    for (path, code) in files().into_iter().filter(|(p, _)| html_writer(p)) {
        for args in calls(&code, "PreEscaped(") {
            seen += 1;
            if !["super::CSS", "extra_css"].contains(&args.trim()) {
                bad.push(format!("{path}: PreEscaped({args})"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "PreEscaped around something not constant: {bad:#?}"
    );
    assert!(seen > 0, "the check found the style sheet");
}

#[test]
fn the_markup_checks_catch_markup_in_strings() {
    // The checks above must be able to fail.
    let code = r#"let a = format!("<a href=\"{}\">{x}</a>", u); let b = format!("M{x:.1} {y}");"#;
    let found = calls(code, "format!(");
    assert_eq!(found.len(), 2);
    assert!(literals(found[0]).iter().any(|l| l.contains('<')));
    assert!(!literals(found[1]).iter().any(|l| l.contains('<')));
    assert!(calls("my_format!(\"<b>\")", "format!(").is_empty());
    assert!(files().iter().any(|(p, _)| p == "render/html/mod.rs"));
}
