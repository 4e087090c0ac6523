//! `timeline`: a metric's values over time, with the change between them.

use crate::common::Env;

on_both!(
    valuation_timeline_lists_points_in_time_order_with_changes,
    |backend| {
        let env = Env::founding_on(backend);
        let points = env.json(&["timeline", "--subject", "OpenAI", "--metric", "valuation"]);
        let points = points.as_array().expect("points");
        let keys: Vec<&str> = points.iter().filter_map(|p| p["key"].as_str()).collect();
        assert_eq!(keys.len(), 4);
        assert_eq!(
            keys[0], "reuters-2024-09-openai-valuation-previous",
            "$80B (as of 2024-02-16) comes first"
        );
        assert_eq!(keys[1], "reuters-2024-09-openai-valuation");
        let whens: Vec<&str> = points.iter().filter_map(|p| p["when"].as_str()).collect();
        let mut sorted = whens.clone();
        sorted.sort();
        assert_eq!(whens, sorted, "points are in time order");
        for p in points {
            assert!(
                p.get("change").is_some() && p.get("change_pct").is_some(),
                "{p}"
            );
        }
        assert_eq!(points[0]["change"], serde_json::Value::Null);
        assert_eq!(points[1]["change"], 70e9);
        let pct = points[1]["change_pct"].as_f64().expect("change_pct");
        assert!((pct - 87.5).abs() < 1e-9, "{pct}");
        // A change over time is not a contradiction.
        assert!(
            points
                .iter()
                .all(|p| p["contradictions"].as_array().is_some_and(Vec::is_empty))
        );

        let run = env.run(&["timeline", "--subject", "OpenAI", "--metric", "valuation"]);
        insta::assert_snapshot!("valuation_timeline_table", run.transcript());
        let table = run.ok();
        assert!(table.contains("change"), "no change column");
        assert!(table.contains("+70B (+88%)"), "{table}");
    }
);

on_both!(
    revenue_timeline_marks_the_points_in_contradiction,
    |backend| {
        let env = Env::founding_on(backend);
        let points = env.json(&["timeline", "--subject", "openai", "--metric", "revenue"]);
        let points = points.as_array().expect("points");
        assert_eq!(points.len(), 2);
        for p in points {
            let c = p["contradictions"].as_array().expect("contradictions");
            assert_eq!(c.len(), 1, "{p}");
            assert!(
                c[0].as_str().is_some_and(|s| s.starts_with("tension")),
                "{p}"
            );
        }
        let run = env.run(&[
            "timeline",
            "--subject",
            "OpenAI",
            "--metric",
            "revenue",
            "--format",
            "markdown",
        ]);
        insta::assert_snapshot!("revenue_timeline_markdown", run.transcript());
    }
);

#[test]
fn timeline_of_an_unknown_subject_is_a_usage_error() {
    let env = Env::founding();
    let run = env
        .run(&["timeline", "--subject", "OpenAl", "--metric", "valuation"])
        .fails_with(2);
    assert!(
        run.stderr.contains("did you mean 'OpenAI'"),
        "{}",
        run.stderr
    );
    env.run(&["timeline", "--subject", "OpenAI", "--metric", "valuatoin"])
        .fails_with(2);
}
