//! Many articles through `extract` in one process, as a service or a batch job would
//! run it: reads each file named, extracts its candidate claims with the built-in
//! outlets, and prints the number of articles, claims and the seconds taken (reading
//! the files excluded) as JSON.
//!
//! `cargo run --release --example extract_many -- a.txt b.txt …`

use std::time::Instant;

use crosscheck::extract::{self, Article, Named, Names};

fn main() -> std::io::Result<()> {
    let texts = std::env::args()
        .skip(1)
        .map(std::fs::read_to_string)
        .collect::<std::io::Result<Vec<String>>>()?;
    let names = Names {
        sources: crosscheck::builtin::SOURCES
            .iter()
            .map(|s| Named {
                name: s.name.to_string(),
                aliases: s.aliases.iter().map(|a| a.to_string()).collect(),
            })
            .collect(),
        ..Names::default()
    };
    let date = chrono::NaiveDate::from_ymd_opt(2024, 9, 30).expect("a valid date");
    let start = Instant::now();
    let mut claims = 0;
    for text in &texts {
        let article = Article {
            text,
            outlet: "X",
            date,
            url: None,
        };
        claims += extract::extract(&article, &names).len();
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{{\"articles\": {}, \"claims\": {claims}, \"seconds\": {seconds:.3}}}",
        texts.len()
    );
    Ok(())
}
