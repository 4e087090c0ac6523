use chrono::NaiveDate;

use super::*;

fn run(text: &str, outlet: &str, date: &str) -> Vec<Candidate> {
    let names = Names {
        sources: crate::builtin::SOURCES
            .iter()
            .map(|s| Named {
                name: s.name.to_string(),
                aliases: s.aliases.iter().map(|a| a.to_string()).collect(),
            })
            .collect(),
        ..Names::default()
    };
    let article = Article {
        text,
        outlet,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date"),
        url: None,
    };
    extract(&article, &names)
}

fn brief(c: &Candidate) -> String {
    format!(
        "{} | {} | {} | {} | {} | {} | {} | {}",
        c.subject,
        c.metric,
        c.value,
        c.period.as_deref().or(c.as_of.as_deref()).unwrap_or("-"),
        c.source,
        c.via.as_deref().unwrap_or("-"),
        c.confidence,
        c.basis.unwrap_or("actual"),
    )
}

#[test]
fn claims_are_attributed_dated_and_hedged() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "credited_outlet_becomes_source_and_article_via",
            "据彭博社报道，OpenAI正尝试从银行筹集50亿美元的债务。",
            "2024-09-30",
            &["OpenAI | funding | 50亿美元 | 2024-09-30 | Bloomberg | Sina | reported | actual"],
        ),
        (
            "english_forecast_next_year",
            "Anthropic expects revenue of as much as $5 billion next year, according to The Information.",
            "2025-03-10",
            &[
                "Anthropic | revenue | as much as $5 billion | 2026 | The Information | Sina | speculative | forecast",
            ],
        ),
        (
            "people_familiar_is_rumored_and_count_is_not_a_figure",
            "xAI is in talks to raise $6 billion at a $24 billion valuation, two people familiar with the matter said.",
            "2024-05-20",
            &[
                "xAI | funding | $6 billion | 2024-05-20 | Sina | - | rumored | actual",
                "xAI | valuation | $24 billion | 2024-05-20 | Sina | - | rumored | actual",
            ],
        ),
        (
            "company_speaks_for_itself",
            "OpenAI said on Tuesday it had raised $6.6 billion at a $157 billion post-money valuation.",
            "2024-10-03",
            &[
                "OpenAI | funding | $6.6 billion | 2024-10-01 | OpenAI | Sina | confirmed | actual",
                "OpenAI | valuation | $157 billion post-money | 2024-10-01 | OpenAI | Sina | confirmed | post_money",
            ],
        ),
        (
            "last_december_and_chinese_org",
            "月之暗面在12月完成新一轮融资，投后估值约33亿美元。",
            "2024-06-01",
            &["月之暗面 | valuation | 约33亿美元 | 2023-12 | Sina | - | reported | post_money"],
        ),
    ];
    for (name, text, date, want) in cases {
        let got: Vec<String> = run(text, "Sina", date).iter().map(brief).collect();
        assert_eq!(&got, want, "{name}");
    }
}

#[test]
fn a_headline_figure_is_given_once() {
    let text = "Mistral raises €600 million\nMistral AI raised €600 million in its latest round, the company said.";
    let got = run(text, "AP", "2024-06-11");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].quote,
        "Mistral AI raised €600 million in its latest round, the company said."
    );
}

/// Results stories: which metric a figure measures and which period it covers, with
/// the words and periods of quarterly and yearly reporting.
#[test]
fn results_figures_get_their_own_metric_and_period() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "daily_and_monthly_active_users_are_not_one_metric",
            "哔哩哔哩第三季度日活跃用户达到1.07亿，月活跃用户为3.48亿。",
            "2024-11-20",
            &[
                "哔哩哔哩 | daily_active_users | 1.07亿 | 2024-09 | Sina | - | reported | actual",
                "哔哩哔哩 | monthly_active_users | 3.48亿 | 2024-09 | Sina | - | reported | actual",
            ],
        ),
        (
            "operating_and_net_income_and_the_quarter_carried_over",
            "Acme Corp reported operating income of $2 billion in the third quarter. Net income was $1.5 billion.",
            "2024-11-01",
            &[
                "Acme Corp | operating_income | $2 billion | 2024-Q3 | Acme Corp | Sina | confirmed | actual",
                "Acme Corp | net_income | $1.5 billion | 2024-Q3 | Sina | - | reported | actual",
            ],
        ),
        (
            "first_three_quarters_is_a_span_not_q3",
            "美团前三季度营收约为2500亿元。",
            "2024-11-30",
            &[
                "美团 | revenue | 约为2500亿元 | 2024-01-01..2024-09-30 | Sina | - | reported | actual",
            ],
        ),
        (
            "fiscal_year_forecast_by_the_company",
            "Acme Corp expects revenue of $3 billion in fiscal 2026.",
            "2025-08-01",
            &[
                "Acme Corp | revenue | $3 billion | FY2026 | Acme Corp | Sina | confirmed | forecast",
            ],
        ),
        (
            "market_share_this_year",
            "据彭博社报道，小米今年的市场份额升至14%。",
            "2024-08-01",
            &["小米 | market_share | 14% | 2024 | Bloomberg | Sina | reported | actual"],
        ),
    ];
    for (name, text, date, want) in cases {
        let got: Vec<String> = run(text, "Sina", date).iter().map(brief).collect();
        assert_eq!(&got, want, "{name}");
    }
}
