//! Whom to believe: track records from judgements, and `truth` estimates (issue 7).

use crate::common::Env;

on_both!(
    resolving_a_group_builds_the_sources_track_records,
    |backend| {
        let env = Env::founding_on(backend);
        let groups = env.json(&["contradictions"]);
        let id = groups["groups"][0]["id"]
            .as_str()
            .expect("a group")
            .to_string();
        env.ok(&[
            "resolve",
            &id,
            "--correct",
            "ti-2024-07-openai-revenue-2024",
        ]);
        let sources = env.json(&["source", "list"]);
        let get = |name: &str| {
            sources
                .as_array()
                .expect("array")
                .iter()
                .find(|s| s["name"] == name)
                .cloned()
                .unwrap_or_else(|| panic!("{name} missing"))
        };
        let ti = get("The Information");
        assert_eq!(
            (ti["judged"].as_u64(), ti["correct"].as_u64()),
            (Some(1), Some(1))
        );
        let nyt = get("The New York Times");
        assert_eq!(
            (nyt["judged"].as_u64(), nyt["correct"].as_u64()),
            (Some(1), Some(0))
        );
        let (r_ti, r_nyt) = (
            ti["reliability"].as_f64().unwrap(),
            nyt["reliability"].as_f64().unwrap(),
        );
        assert!(r_ti > 0.8 && r_nyt < 0.8, "{r_ti} {r_nyt}");
        assert!(
            nyt["reliability_low"].as_f64().unwrap() < r_nyt
                && r_nyt < nyt["reliability_high"].as_f64().unwrap()
        );
        let show = env.ok(&["show", "nyt-2024-09-openai-revenue-2024"]);
        assert!(show.contains("0 of 1 judged claims right"), "{show}");
        // The judged camp is marked most likely, and truth follows the judgement.
        let all = env.json(&["contradictions", "--status", "all"]);
        let g = &all["groups"][0];
        let camp = g["most_likely"].as_u64().expect("most likely camp") as usize;
        assert!(
            g["camps"][camp]["claims"]
                .to_string()
                .contains("ti-2024-07-openai-revenue-2024")
        );
        let truth = env.json(&["truth", "--subject", "OpenAI", "--metric", "revenue"]);
        assert_eq!(truth[0]["value"], "35亿至45亿美元");
        assert_eq!(truth[0]["probability"], 1.0);
    }
);

on_both!(
    truth_gives_every_question_a_value_probability_and_sources,
    |backend| {
        let env = Env::founding_on(backend);
        let truth = env.json(&["truth"]);
        let rows = truth.as_array().expect("array");
        assert!(rows.len() >= 20, "{}", rows.len());
        for r in rows {
            for field in ["subject", "metric", "value", "probability", "sources"] {
                assert!(r.get(field).is_some(), "{field} missing in {r}");
            }
            assert!(r.get("period").is_some() || r.get("as_of").is_some(), "{r}");
        }
        let valuation: Vec<&serde_json::Value> = rows
            .iter()
            .filter(|r| r["subject"] == "OpenAI" && r["metric"] == "valuation")
            .collect();
        assert_eq!(
            valuation.len(),
            2,
            "the $80B and the $150B are two moments: {valuation:?}"
        );
        let explained = env.ok(&[
            "truth",
            "--explain",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
        ]);
        assert!(
            explained.contains("Sources, by estimated accuracy"),
            "{explained}"
        );
        assert!(
            explained.contains("超过20亿美元") && explained.contains("35亿至45亿美元"),
            "{explained}"
        );
    }
);
