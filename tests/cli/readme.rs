//! The README's tour, run: every command shown in "A tour of the commands" runs in
//! order in a fresh folder (with `fixtures/` beside it), and its output must be the
//! one the README shows, so that the README cannot drift from the tool.
//!
//! After a change of output on purpose, rewrite the README's output blocks with
//! `UPDATE_README=1 cargo test --test cli readme` and read the diff.
//!
//! A shown output that ends in a line `…` is a beginning: only the lines before it are
//! compared. Times and hashes vary from run to run and are compared as `[TIME]` and
//! `[HASH]`.

use std::path::Path;
use std::process::Command;

use crate::common::BIN;

const START: &str = "## A tour of the commands";
const END: &str = "## Benchmarks";

/// One command of the tour and the output the README shows for it.
struct Step {
    command: Vec<String>,
    shown: Vec<String>,
}

/// `text` with what varies between runs replaced: ISO times (`2026-11-28T23:16:02.771Z`,
/// `2026-11-28T23:16:02`) by `[TIME]`, runs of 12 or more hex digits by `[HASH]`.
fn normalise(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let is_time = |at: usize| -> Option<usize> {
        // YYYY-MM-DDTHH:MM:SS(.fff)Z
        let shape = "dddd-dd-ddTdd:dd:dd";
        let mut j = at;
        for s in shape.chars() {
            let c = *chars.get(j)?;
            let ok = if s == 'd' { c.is_ascii_digit() } else { c == s };
            if !ok {
                return None;
            }
            j += 1;
        }
        if chars.get(j) == Some(&'.') {
            j += 1;
            while chars.get(j).is_some_and(char::is_ascii_digit) {
                j += 1;
            }
        }
        Some(if chars.get(j) == Some(&'Z') { j + 1 } else { j })
    };
    while i < chars.len() {
        if let Some(end) = is_time(i) {
            out.push_str("[TIME]");
            i = end;
            continue;
        }
        let hex = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || ('a'..='f').contains(c))
            .count();
        let starts_word = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        let ends_word = chars
            .get(i + hex)
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        if hex >= 12 && starts_word && ends_word {
            out.push_str("[HASH]");
            i += hex;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether each run of lines between `…` lines of `shown` appears in `real`, in order.
fn pieces_in_order(shown: &[String], real: &[String]) -> bool {
    let real: Vec<String> = real.iter().map(|l| normalise(l)).collect();
    let mut from = 0;
    for piece in shown.split(|l| l == "…").filter(|p| !p.is_empty()) {
        let piece: Vec<String> = piece.iter().map(|l| normalise(l)).collect();
        match (from..=real.len().saturating_sub(piece.len()))
            .find(|&at| real.get(at..at + piece.len()) == Some(&piece[..]))
        {
            Some(at) => from = at + piece.len(),
            None => return false,
        }
    }
    true
}

/// Runs one command line of the tour in `dir`, stderr and stdout together.
fn run(dir: &Path, command: &str) -> String {
    let bin_dir = Path::new(BIN).parent().expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env("CROSSCHECK_ACTOR", "alice")
        .env_remove("CROSSCHECK_DB")
        .env_remove("COLUMNS")
        .output()
        .expect("run sh");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn readme_tour_outputs_are_the_real_outputs() {
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md");
    let update = std::env::var_os("UPDATE_README").is_some();
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        dir.path().join("fixtures"),
    )
    .expect("link fixtures");

    let lines: Vec<&str> = readme.lines().collect();
    let mut rewritten: Vec<String> = Vec::with_capacity(lines.len());
    let mut problems = Vec::new();
    let mut steps_run = 0;
    let mut in_tour = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with(START) {
            in_tour = true;
        } else if line.starts_with(END) {
            in_tour = false;
        }
        let opens_block = in_tour && line.starts_with("```");
        let has_commands = opens_block
            && lines[i + 1..]
                .iter()
                .take_while(|l| !l.starts_with("```"))
                .any(|l| l.starts_with("$ "));
        if !has_commands {
            rewritten.push(line.to_string());
            i += 1;
            continue;
        }
        rewritten.push(line.to_string());
        i += 1;
        // The block: commands (continued by a trailing backslash) and their output.
        let mut steps: Vec<Step> = Vec::new();
        while !lines[i].starts_with("```") {
            let l = lines[i];
            if let Some(first) = l.strip_prefix("$ ") {
                let mut command = vec![first.to_string()];
                while command.last().is_some_and(|c| c.ends_with('\\')) {
                    i += 1;
                    command.push(lines[i].to_string());
                }
                steps.push(Step {
                    command,
                    shown: Vec::new(),
                });
            } else if let Some(step) = steps.last_mut() {
                step.shown.push(l.to_string());
            }
            i += 1;
        }
        for step in &steps {
            steps_run += 1;
            let actual = run(dir.path(), &step.command.join("\n"));
            let actual: Vec<String> = actual.lines().map(String::from).collect();
            let cut = step.shown.iter().position(|l| l == "…");
            // Only "the first lines, then …" can be rewritten; other elisions are
            // checked (each shown piece in order) and left as written.
            let prefix_only = cut.is_none_or(|n| n + 1 == step.shown.len());
            let (shown, real) = match cut {
                Some(n) if prefix_only => (&step.shown[..n], &actual[..n.min(actual.len())]),
                _ => (&step.shown[..], &actual[..]),
            };
            let differs = if prefix_only {
                normalise(&shown.join("\n")) != normalise(&real.join("\n"))
            } else {
                !pieces_in_order(shown, real)
            };
            if differs {
                problems.push(format!(
                    "$ {}\n--- README shows ---\n{}\n--- the command prints ---\n{}\n",
                    step.command.join("\n"),
                    shown.join("\n"),
                    real.join("\n")
                ));
            }
            rewritten.push(format!("$ {}", step.command[0]));
            rewritten.extend(step.command[1..].iter().cloned());
            if update && prefix_only {
                rewritten.extend(real.iter().cloned());
                if cut.is_some() {
                    rewritten.push("…".into());
                }
            } else {
                rewritten.extend(step.shown.iter().cloned());
            }
        }
    }
    assert!(
        steps_run >= 20,
        "only {steps_run} commands found in the tour"
    );
    if update {
        let mut text = rewritten.join("\n");
        text.push('\n');
        if text != readme {
            std::fs::write(&readme_path, text).expect("rewrite README.md");
        }
        return;
    }
    assert!(
        problems.is_empty(),
        "{} README output(s) differ from the real output (rewrite them with \
         UPDATE_README=1 cargo test --test cli readme):\n\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn times_and_hashes_are_normalised() {
    assert_eq!(
        normalise(
            "│ 1 ┆ 2026-11-28T23:16:02.771Z ┆ 71ed4fa00c96 │ group 7859f6912b · 2026-11-30T21:57:45 ·"
        ),
        "│ 1 ┆ [TIME] ┆ [HASH] │ group 7859f6912b · [TIME] ·"
    );
    assert_eq!(
        normalise("head 3:bda4911a0a403f100b918dbfab66b2"),
        "head 3:[HASH]"
    );
}
