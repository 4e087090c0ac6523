-- The crosscheck ledger, version 2: what kind of figure each claim states, and a
-- comparison window per metric.

-- `basis`: the claim's basis as used (the explicit one, else what the value's words
-- say): 'actual', 'run_rate', 'forecast', 'pre_money', 'post_money', 'secondary'.
-- `basis_given`: the explicit basis when it differs from what the words say (the part
-- the claim's hash commits to); NULL otherwise.
ALTER TABLE claims ADD COLUMN basis TEXT NOT NULL DEFAULT 'actual'
    CHECK (basis IN ('actual', 'run_rate', 'forecast', 'pre_money', 'post_money', 'secondary'));
ALTER TABLE claims ADD COLUMN basis_given TEXT
    CHECK (basis_given IN ('actual', 'run_rate', 'forecast', 'pre_money', 'post_money', 'secondary'));

-- States of this metric within this many days are the same time (NULL: the default,
-- 30 days, 7 for run rates).
ALTER TABLE metrics ADD COLUMN window_days INTEGER CHECK (window_days >= 0);

DROP VIEW claim_list;
CREATE VIEW claim_list AS
SELECT c.id, c.key, sj.name AS subject, m.name AS metric, c.value, c.kind, c.unit, c.low,
       c.high, c.bound, c.basis, c.period, c.as_of, so.name AS source, ci.date, c.confidence,
       c.confidence_label, v.name AS via, c.quote, ci.url, ci.title, ci.authors, c.tags,
       c.notes,
       CASE WHEN r.claim_id IS NOT NULL THEN 'retracted'
            WHEN s.claim_id IS NOT NULL THEN 'superseded'
            ELSE 'active' END AS status
FROM claims c
JOIN subjects sj ON sj.id = c.subject_id
JOIN metrics m ON m.id = c.metric_id
JOIN citations ci ON ci.id = c.citation_id
JOIN sources so ON so.id = ci.source_id
LEFT JOIN sources v ON v.id = c.via_id
LEFT JOIN retractions r ON r.claim_id = c.id
LEFT JOIN supersessions s ON s.claim_id = c.id;
