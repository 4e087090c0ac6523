//! `extract`: from an article to candidate claims, and `import` of one article's claims.

use crate::common::{Env, fixture};

fn extract_jsonl(env: &Env, article: &str, source: &str, date: &str) -> Vec<serde_json::Value> {
    let path = fixture(article);
    let out = env.ok(&[
        "--format", "jsonl", "extract", &path, "--source", source, "--date", date,
    ]);
    out.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn brief(r: &serde_json::Value) -> String {
    let s = |k: &str| r[k].as_str().unwrap_or("-").to_string();
    format!(
        "{} | {} | {} | {} | {} | {} | {} | {}",
        s("subject"),
        s("metric"),
        s("value"),
        r["period"].as_str().or(r["as_of"].as_str()).unwrap_or("-"),
        s("source"),
        s("via"),
        s("confidence"),
        r["basis"].as_str().unwrap_or("actual"),
    )
}

#[test]
fn an_english_article_becomes_attributed_claims() {
    let env = Env::new();
    let got: Vec<String> =
        extract_jsonl(&env, "extract/en_openai_round.txt", "Reuters", "2024-10-03")
            .iter()
            .map(brief)
            .collect();
    assert_eq!(
        got,
        vec![
            "OpenAI | funding | $6.6 billion | 2024-10-02 | OpenAI | Reuters | confirmed | actual",
            "OpenAI | valuation | $157 billion post-money | 2024-10-02 | OpenAI | Reuters | confirmed | post_money",
            "OpenAI | revenue | about $3.7 billion | 2024 | The Information | Reuters | speculative | forecast",
            "OpenAI | revenue | $11.6 billion | 2025 | The New York Times | Reuters | speculative | forecast",
            "OpenAI | loss | roughly $5 billion | 2024 | The New York Times | Reuters | speculative | actual",
            "OpenAI | debt | $4 billion | 2024-10-03 | OpenAI | Reuters | confirmed | actual",
        ]
    );
}

#[test]
fn a_chinese_article_credits_the_outlets_it_cites() {
    let env = Env::new();
    let got: Vec<String> = extract_jsonl(
        &env,
        "extract/zh_openai_revenue.txt",
        "新浪科技",
        "2024-10-04",
    )
    .iter()
    .map(brief)
    .collect();
    assert_eq!(
        got,
        vec![
            "OpenAI | revenue | 37亿美元 | 2024 | The Information | 新浪科技 | speculative | forecast",
            "OpenAI | revenue | 116亿美元 | 2025 | The Information | 新浪科技 | speculative | forecast",
            "OpenAI | valuation | 1570亿美元 | 2024-10-04 | Reuters | 新浪科技 | rumored | actual",
            "OpenAI | debt | 40亿美元 | 2024-10-04 | Bloomberg | 新浪科技 | reported | actual",
            "OpenAI | loss | 约50亿美元 | 2024 | 新浪科技 | - | speculative | actual",
        ]
    );
}

#[test]
fn html_is_read_for_its_article_and_markdown_as_text() {
    let env = Env::new();
    let html = extract_jsonl(&env, "extract/en_databricks.html", "CNBC", "2024-12-18");
    let values: Vec<&str> = html
        .iter()
        .map(|r| r["value"].as_str().unwrap_or(""))
        .collect();
    // The headline repeats two figures of the body: each is given once; the script's
    // and the navigation's figures are not read.
    assert_eq!(values, vec!["$10 billion", "$62 billion", "$3 billion"]);
    let md = extract_jsonl(&env, "extract/en_mistral.md", "Sherwood News", "2024-06-12");
    assert_eq!(md[0]["subject"], "Mistral AI");
    assert_eq!(
        md[0]["quote"],
        "Paris-based Mistral AI raised €600 million in equity and debt, the company said on Tuesday, in a round led by General Catalyst."
    );
}

#[test]
fn extracted_claims_pipe_into_import() {
    let env = Env::new();
    env.ok(&["init"]);
    let path = fixture("extract/en_mistral.md");
    let records = env.ok(&[
        "--format",
        "jsonl",
        "extract",
        &path,
        "--source",
        "Sherwood News",
        "--date",
        "2024-06-12",
        "--url",
        "https://example.test/mistral",
    ]);
    let run = env.run_stdin(&["import", "-", "--new-source"], &records);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stderr, "imported 3 claims from -\n");
    let list = env.json(&["list", "--subject", "Mistral AI"]);
    let sources: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["source"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(sources, vec!["Mistral AI", "Financial Times", "Bloomberg"]);
}

#[test]
fn extracted_forecasts_and_post_money_figures_land_with_their_basis() {
    let env = Env::new();
    env.ok(&["init"]);
    let path = fixture("extract/en_openai_round.txt");
    let records = env.ok(&[
        "--format",
        "jsonl",
        "extract",
        &path,
        "--source",
        "Reuters",
        "--date",
        "2024-10-03",
    ]);
    let run = env.run_stdin(&["import", "-", "--new-source"], &records);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let list = env.json(&["list", "--subject", "OpenAI"]);
    let mut got: Vec<String> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| {
            format!(
                "{} | {} | {}",
                c["metric"].as_str().unwrap_or("-"),
                c["value"].as_str().unwrap_or("-"),
                c["basis"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            "debt | $4 billion | actual",
            "funding | $6.6 billion | actual",
            "loss | roughly $5 billion | actual",
            "revenue | $11.6 billion | forecast",
            "revenue | about $3.7 billion | forecast",
            "valuation | $157 billion post-money | post_money",
        ]
    );
}

#[test]
fn bad_articles_are_refused_and_an_article_without_figures_is_not() {
    let env = Env::new();
    let empty = env.write("empty.txt", "  \n");
    let binary = env.write("data.bin", [0u8, 159, 146, 150, 1, 2, 3, 0, 7]);
    let gbk = env.write(
        "gbk.txt",
        [0xB9u8, 0xFA, 0xBC, 0xD2, b' ', b'1', 0xD2, 0xDA],
    );
    let blank = env.write(
        "blank.html",
        "<html><body><script>var a = 1;</script></body></html>",
    );
    let quiet = env.write(
        "quiet.txt",
        "Nothing to see here: two people met in 2024.\n",
    );
    let mut transcript = String::new();
    for p in [&empty, &binary, &gbk, &blank, &quiet] {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let run = env.run(&["extract", name, "--source", "AP", "--date", "2024-01-02"]);
        transcript.push_str(&format!("$ extract {name}\n{}\n", run.transcript()));
    }
    insta::assert_snapshot!("extract_bad_input", transcript);
}

#[test]
fn import_fills_source_date_and_url_and_reads_csv_by_its_content() {
    let env = Env::new();
    env.ok(&["init"]);
    let csv = "subject,metric,value,period\nOpenAI,revenue,$3.7 billion,2024\nOpenAI,loss,$5 billion,2024\n";
    let file = env.write("claims.txt", csv);
    let run = env.run(&[
        "import",
        file.to_str().unwrap_or(""),
        "--source",
        "Reuters",
        "--date",
        "2024-09-27",
        "--url",
        "https://example.test/a",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let run = env.run_stdin(
        &["import", "-", "--source", "CNBC", "--date", "2024-09-28"],
        "subject,metric,value\nAnthropic,revenue,$1 billion\n",
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let list = env.json(&["list"]);
    let got: Vec<String> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}",
                c["subject"].as_str().unwrap_or(""),
                c["source"].as_str().unwrap_or(""),
                c["date"].as_str().unwrap_or(""),
                c["url"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "OpenAI Reuters 2024-09-27 https://example.test/a",
            "OpenAI Reuters 2024-09-27 https://example.test/a",
            "Anthropic CNBC 2024-09-28 -",
        ]
    );
}
