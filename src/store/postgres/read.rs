//! Reading the ledger back: claims (through a server-side cursor), names, judgements
//! and the history — the same rows, in the same order, as the SQLite ledger gives.

use postgres::{GenericClient, Row};

use super::{PostgresStore, literal};
use crate::detect::Item;
use crate::error::{Error, Result};
use crate::model::{Basis, Claim, Confidence, Kind, Status, norm_name};
use crate::store::{
    CLAIM_COLUMNS, CLAIM_JOINS, Event, Evidence, Filter, Judgement, NameInfo, NameKind, SourceInfo,
    StatusFilter, Store, json_list,
};
use crate::value::Bound;

/// How many rows a cursor fetches at a time.
const FETCH: usize = 2000;

pub(super) fn tables(kind: NameKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        NameKind::Source => ("sources", "source_names", "source_id"),
        NameKind::Subject => ("subjects", "subject_names", "subject_id"),
        NameKind::Metric => ("metrics", "metric_names", "metric_id"),
    }
}

pub(super) fn claim_from_row(r: &Row) -> Claim {
    let label: Option<String> = r.get(16);
    let status: String = r.get(23);
    Claim {
        id: r.get(0),
        key: r.get(1),
        subject: r.get(2),
        metric: r.get(3),
        value: r.get(4),
        kind: Kind::from_stored(r.get(5)),
        unit: r.get(6),
        low: r.get(7),
        high: r.get(8),
        bound: r.get(9),
        period: r.get(10),
        as_of: r.get(11),
        source: r.get(12),
        via: r.get(13),
        date: r.get(14),
        confidence: Confidence::from_stored(r.get(15), label.as_deref()),
        quote: r.get(17),
        url: r.get(18),
        title: r.get(19),
        authors: json_list(r.get(20)),
        tags: json_list(r.get(21)),
        notes: r.get(22),
        status: Status::parse(&status).unwrap_or(Status::Active),
        basis: Basis::from_stored(r.get::<_, Option<String>>(24).as_deref()),
        basis_given: r
            .get::<_, Option<String>>(25)
            .map(|b| Basis::from_stored(Some(&b))),
    }
}

fn status_sql(status: StatusFilter) -> &'static str {
    match status {
        StatusFilter::All => "",
        StatusFilter::Active => {
            " AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id)"
        }
        StatusFilter::Retracted => {
            " AND EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)"
        }
        StatusFilter::Superseded => {
            " AND EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)"
        }
    }
}

/// Finds what a name (or alias) stands for: its id and canonical name.
pub(super) fn lookup(
    c: &mut impl GenericClient,
    kind: NameKind,
    name: &str,
) -> Result<Option<(i64, String)>, postgres::Error> {
    let (table, names, id_col) = tables(kind);
    let row = c.query_opt(
        &format!(
            "SELECT t.id, t.name FROM {names} n JOIN {table} t ON t.id = n.{id_col} WHERE n.norm = $1"
        ),
        &[&norm_name(name)],
    )?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

/// Known spellings close to `name`, for "did you mean" (as the SQLite ledger scores
/// them).
pub(super) fn suggest(
    c: &mut impl GenericClient,
    kind: NameKind,
    name: &str,
) -> Result<Vec<String>, postgres::Error> {
    let (table, names, id_col) = tables(kind);
    let wanted = norm_name(name);
    let rows = c.query(
        &format!("SELECT n.norm, t.name FROM {names} n JOIN {table} t ON t.id = n.{id_col} ORDER BY n.norm"),
        &[],
    )?;
    let mut scored: Vec<(f64, String)> = rows
        .iter()
        .map(|r| {
            let norm: String = r.get(0);
            let score = strsim::jaro_winkler(&wanted, &norm)
                .max(strsim::normalized_damerau_levenshtein(&wanted, &norm));
            (score, r.get::<_, String>(1))
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = Vec::new();
    for (_, name) in scored {
        if !out.contains(&name) && out.len() < 3 {
            out.push(name);
        }
    }
    Ok(out)
}

/// A unit the metric's recorded quantities carry, if any.
pub(super) fn metric_unit(
    c: &mut impl GenericClient,
    metric: &str,
) -> Result<Option<String>, postgres::Error> {
    let Some((id, _)) = lookup(c, NameKind::Metric, metric)? else {
        return Ok(None);
    };
    Ok(c.query_opt(
        "SELECT unit FROM claims WHERE metric_id = $1 AND unit IS NOT NULL LIMIT 1",
        &[&id],
    )?
    .map(|r| r.get(0)))
}

impl PostgresStore {
    /// Runs `sql` through a server-side cursor, `FETCH` rows at a time, calling `each`
    /// with every row; the connection is free while `each` runs, so it may read the
    /// ledger too. All of it is one read-only snapshot.
    pub(super) fn stream(
        &self,
        sql: &str,
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        let depth = self.open_cursors.get() + 1;
        self.open_cursors.set(depth);
        let name = format!("crosscheck_cursor_{depth}");
        let result = (|| {
            {
                let mut c = self.client()?;
                let begin = if depth == 1 {
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                } else {
                    ""
                };
                c.batch_execute(&format!("{begin}DECLARE {name} NO SCROLL CURSOR FOR {sql}"))
                    .map_err(self.err())?;
            }
            loop {
                let rows = {
                    let mut c = self.client()?;
                    c.query(&format!("FETCH {FETCH} FROM {name}"), &[])
                        .map_err(self.err())?
                };
                if rows.is_empty() {
                    return Ok(());
                }
                for r in &rows {
                    if !each(r)? {
                        return Ok(());
                    }
                }
                if rows.len() < FETCH {
                    return Ok(());
                }
            }
        })();
        self.open_cursors.set(depth - 1);
        let end = if depth == 1 {
            if result.is_ok() { "COMMIT" } else { "ROLLBACK" }.to_string()
        } else {
            format!("CLOSE {name}")
        };
        let closed = match self.client() {
            Ok(mut c) => c.batch_execute(&end).map_err(self.err()),
            Err(e) => Err(e),
        };
        result.and(closed)
    }

    fn name_id(&self, kind: NameKind, name: &str) -> Result<Option<i64>> {
        let mut c = self.client()?;
        Ok(lookup(&mut *c, kind, name)
            .map_err(self.err())?
            .map(|(id, _)| id))
    }

    /// Streams the claims a filter selects, in the order they were recorded.
    pub(super) fn read_claims(
        &self,
        f: &Filter,
        each: &mut dyn FnMut(Claim) -> Result<()>,
    ) -> Result<()> {
        let mut sql = format!("SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} WHERE true");
        if !f.sources.is_empty() {
            let mut ids = Vec::new();
            for s in &f.sources {
                ids.push(Store::known(self, NameKind::Source, s)?.0.to_string());
            }
            sql.push_str(&format!(" AND c.source_id IN ({})", ids.join(",")));
        }
        for (kind, name, col) in [
            (NameKind::Subject, &f.subject, "c.subject_id"),
            (NameKind::Metric, &f.metric, "c.metric_id"),
        ] {
            if let Some(name) = name {
                let (id, _) = Store::known(self, kind, name)?;
                sql.push_str(&format!(" AND {col} = {id}"));
            }
        }
        if let Some(d) = &f.since {
            sql.push_str(&format!(" AND ci.date >= {}", literal(d)));
        }
        if let Some(d) = &f.until {
            // A partial date ('2024-07') sorts before its days; compare on the prefix.
            let d = literal(d);
            sql.push_str(&format!(" AND substr(ci.date, 1, length({d})) <= {d}"));
        }
        if let Some(p) = &f.period {
            sql.push_str(&format!(" AND c.time_key = {}", literal(p)));
        }
        if let Some(c) = f.min_confidence {
            if c.is_finite() {
                sql.push_str(&format!(" AND c.confidence >= {c:?}"));
            }
        }
        let mut check: Option<crate::search::Query> = None;
        if let Some(q) = &f.search {
            let query = crate::search::Query::parse(q)
                .map_err(|e| Error::Usage(format!("--search '{q}': {e}")))?;
            match query {
                Some(query) => {
                    sql.push_str(&format!(
                        " AND c.id IN (SELECT claim_id FROM claim_words WHERE words @@ {}::tsquery)",
                        literal(&query.tsquery())
                    ));
                    if query.has_phrase() {
                        check = Some(query);
                    }
                }
                None => sql.push_str(" AND false"),
            }
        }
        sql.push_str(status_sql(f.status));
        sql.push_str(" ORDER BY c.id");
        // A phrase is checked here, so its skip and limit count here too.
        let mut skip = f.skip;
        if check.is_none() {
            if let Some(n) = f.limit {
                sql.push_str(&format!(" LIMIT {n}"));
            }
            if skip > 0 {
                sql.push_str(&format!(" OFFSET {skip}"));
            }
            skip = 0;
        }
        let mut left = f.limit.unwrap_or(usize::MAX);
        if left == 0 {
            return Ok(());
        }
        self.stream(&sql, &mut |row| {
            let claim = claim_from_row(row);
            if let Some(q) = &check {
                let parts = [
                    claim.quote.as_deref(),
                    claim.title.as_deref(),
                    claim.notes.as_deref(),
                ];
                if !q.matches(&parts) {
                    return Ok(true);
                }
                if skip > 0 {
                    skip -= 1;
                    return Ok(true);
                }
            }
            each(claim)?;
            left -= 1;
            Ok(left > 0)
        })
    }

    /// One claim, by key (the current claim under it) or by id.
    pub(super) fn read_claim(&self, id_or_key: &str) -> Result<Claim> {
        let mut c = self.client()?;
        let by_key = c
            .query_opt(
                &format!(
                    "SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} WHERE c.key = $1
                     ORDER BY EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id), c.id DESC LIMIT 1"
                ),
                &[&id_or_key.trim()],
            )
            .map_err(self.err())?;
        if let Some(r) = by_key {
            return Ok(claim_from_row(&r));
        }
        if let Ok(id) = id_or_key.trim().trim_start_matches('#').parse::<i64>() {
            let row = c
                .query_opt(
                    &format!("SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} WHERE c.id = $1"),
                    &[&id],
                )
                .map_err(self.err())?;
            if let Some(r) = row {
                return Ok(claim_from_row(&r));
            }
        }
        Err(Error::NoSuchClaim(id_or_key.to_string()))
    }

    pub(super) fn read_evidence(&self, ids: &[i64]) -> Result<Vec<Evidence>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.client()?;
        let rows = c
            .query(
                "SELECT c.id, ci.url, c.quote FROM claims c
                 JOIN citations ci ON ci.id = c.citation_id
                 WHERE c.id = ANY($1) ORDER BY c.id",
                &[&ids],
            )
            .map_err(self.err())?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    /// Streams claims as the detector sees them, in its sweep order.
    pub(super) fn items_where(
        &self,
        subject: Option<&str>,
        metric: Option<&str>,
        ids: Option<&[i64]>,
        each: &mut dyn FnMut(Item) -> Result<()>,
    ) -> Result<()> {
        let mut sql = String::from(
            "SELECT c.id, c.key, c.subject_id, sj.name, c.metric_id, m.name, m.multi_valued,
                    c.value, c.kind, c.unit, c.low, c.high, c.bound, c.norm, c.period, c.as_of,
                    c.time_key, c.time_start, ci.source_id, so.name, v.name, ci.date, c.confidence,
                    c.basis, m.window_days
             FROM claims c
             JOIN subjects sj ON sj.id = c.subject_id
             JOIN metrics m ON m.id = c.metric_id
             JOIN citations ci ON ci.id = c.citation_id
             JOIN sources so ON so.id = ci.source_id
             LEFT JOIN sources v ON v.id = c.via_id
             WHERE true",
        );
        match ids {
            Some(ids) => {
                let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
                if list.is_empty() {
                    return Ok(());
                }
                sql.push_str(&format!(" AND c.id IN ({})", list.join(",")));
            }
            None => sql.push_str(
                " AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)
                  AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id)",
            ),
        }
        for (kind, name, col) in [
            (NameKind::Subject, subject, "c.subject_id"),
            (NameKind::Metric, metric, "c.metric_id"),
        ] {
            if let Some(name) = name {
                let id = self.name_id(kind, name)?.unwrap_or(-1);
                sql.push_str(&format!(" AND {col} = {id}"));
            }
        }
        sql.push_str(" ORDER BY c.subject_id, c.metric_id, c.time_key, c.time_start, c.id");
        self.stream(&sql, &mut |r| {
            each(item_from_row(r))?;
            Ok(true)
        })
    }

    pub(super) fn read_names(&self, kind: NameKind) -> Result<Vec<NameInfo>> {
        let (table, names, id_col) = tables(kind);
        let (multi, window) = if kind == NameKind::Metric {
            ("t.multi_valued", "t.window_days")
        } else {
            ("NULL::boolean", "NULL::bigint")
        };
        let mut c = self.client()?;
        let rows = c
            .query(
                &format!(
                    "SELECT t.name,
                        (SELECT coalesce(array_agg(n.name ORDER BY n.norm), '{{}}') FROM {names} n
                          WHERE n.{id_col} = t.id AND n.name <> t.name),
                        (SELECT count(*) FROM claims c WHERE c.{id_col} = t.id
                           AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)
                           AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id)),
                        {multi}, t.id, {window}
                     FROM {table} t"
                ),
                &[],
            )
            .map_err(self.err())?;
        let mut out: Vec<(i64, NameInfo)> = rows
            .iter()
            .map(|r| {
                (
                    r.get(4),
                    NameInfo {
                        name: r.get(0),
                        aliases: r.get(1),
                        claims: r.get(2),
                        multi_valued: r.get(3),
                        window_days: r.get(5),
                    },
                )
            })
            .collect();
        sort_nocase(&mut out, |(id, n)| (&n.name, *id));
        Ok(out.into_iter().map(|(_, n)| n).collect())
    }

    pub(super) fn read_sources(&self) -> Result<Vec<SourceInfo>> {
        let mut c = self.client()?;
        let rows = c
            .query(
                "SELECT s.id, s.name, s.kind, s.url, s.builtin,
                        (SELECT coalesce(array_agg(n.name ORDER BY n.norm), '{}') FROM source_names n
                          WHERE n.source_id = s.id AND n.name <> s.name),
                        (SELECT count(*) FROM claims c WHERE c.source_id = s.id
                            AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)
                            AND NOT EXISTS (SELECT 1 FROM supersessions x WHERE x.claim_id = c.id))
                 FROM sources s",
                &[],
            )
            .map_err(self.err())?;
        let mut out: Vec<(i64, SourceInfo)> = rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    SourceInfo {
                        name: r.get(1),
                        kind: r.get(2),
                        url: r.get(3),
                        builtin: r.get(4),
                        aliases: r.get(5),
                        claims: r.get(6),
                    },
                )
            })
            .collect();
        sort_nocase(&mut out, |(id, s)| (&s.name, *id));
        Ok(out.into_iter().map(|(_, s)| s).collect())
    }

    pub(super) fn read_spellings(&self, kind: NameKind) -> Result<Vec<(String, Vec<String>)>> {
        let (table, names, id_col) = tables(kind);
        let mut c = self.client()?;
        let rows = c
            .query(
                &format!(
                    "SELECT t.name, n.name FROM {table} t JOIN {names} n ON n.{id_col} = t.id
                     ORDER BY t.id, n.norm"
                ),
                &[],
            )
            .map_err(self.err())?;
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for r in &rows {
            let (name, spelling): (String, String) = (r.get(0), r.get(1));
            match out.last_mut() {
                Some((last, aliases)) if *last == name => {
                    if spelling != name {
                        aliases.push(spelling);
                    }
                }
                _ => {
                    let aliases = if spelling == name {
                        vec![]
                    } else {
                        vec![spelling]
                    };
                    out.push((name, aliases));
                }
            }
        }
        Ok(out)
    }

    pub(super) fn read_judgements(&self) -> Result<Vec<Judgement>> {
        let mut c = self.client()?;
        let rows = c
            .query(
                "SELECT j.id, j.group_id, j.verdict, j.correct_claim_id, j.reason, j.claim_ids,
                        e.at, e.actor
                 FROM judgements j JOIN events e ON e.id = j.event_id ORDER BY j.id",
                &[],
            )
            .map_err(self.err())?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let word: String = r.get(2);
            let verdict =
                crate::detect::Status::from_word(&word).ok_or_else(|| Error::Backend {
                    path: self.shown().into(),
                    source: format!(
                        "judgement {} has an unknown verdict '{word}'",
                        r.get::<_, i64>(0)
                    )
                    .into(),
                    hint: "",
                })?;
            let ids: String = r.get(5);
            out.push(Judgement {
                id: r.get(0),
                group_id: r.get(1),
                verdict,
                correct_claim: r.get(3),
                reason: r.get(4),
                claim_ids: serde_json::from_str(&ids).unwrap_or_default(),
                at: r.get(6),
                actor: r.get(7),
            });
        }
        Ok(out)
    }

    pub(super) fn read_events(&self, claim: Option<i64>) -> Result<Vec<Event>> {
        let mut c = self.client()?;
        let rows = c
            .query(
                "SELECT e.id, e.at, e.actor, e.action, e.payload, e.hash FROM events e
                 WHERE $1::bigint IS NULL
                    OR e.id = (SELECT event_id FROM claims WHERE id = $1)
                    OR e.id = (SELECT event_id FROM retractions WHERE claim_id = $1)
                    OR e.id IN (SELECT event_id FROM supersessions WHERE claim_id = $1 OR by_claim_id = $1)
                    OR e.id IN (SELECT j.event_id FROM judgements j
                                WHERE $1::bigint IN (SELECT jsonb_array_elements_text(j.claim_ids::jsonb)::bigint))
                 ORDER BY e.id",
                &[&claim],
            )
            .map_err(self.err())?;
        Ok(rows
            .iter()
            .map(|r| {
                let payload: String = r.get(4);
                Event {
                    id: r.get(0),
                    at: r.get(1),
                    actor: r.get(2),
                    action: r.get(3),
                    payload: serde_json::from_str(&payload)
                        .unwrap_or(serde_json::Value::String(payload)),
                    hash: r.get(5),
                }
            })
            .collect())
    }
}

/// Orders as SQLite's `ORDER BY name COLLATE NOCASE`: ASCII letters folded, bytes
/// otherwise; ties in the order the rows were made.
fn sort_nocase<T>(rows: &mut [T], key: impl Fn(&T) -> (&String, i64)) {
    rows.sort_by(|a, b| {
        let (na, ia) = key(a);
        let (nb, ib) = key(b);
        na.to_ascii_lowercase()
            .as_bytes()
            .cmp(nb.to_ascii_lowercase().as_bytes())
            .then(ia.cmp(&ib))
    });
}

fn item_from_row(r: &Row) -> Item {
    let start: String = r.get(17);
    let bound: Option<String> = r.get(12);
    let basis = Basis::from_stored(r.get::<_, Option<String>>(23).as_deref());
    let time_start = crate::time::stored_day(&start).unwrap_or_default();
    let time_key: String = r.get(16);
    let as_of: Option<String> = r.get(15);
    let date: String = r.get(21);
    // Where the claim sits in time within its question (spec §3).
    let (when_start, when_end) = if time_key.is_empty() {
        let text = as_of.as_deref().unwrap_or(&date);
        (time_start, crate::time::span_end(text, time_start))
    } else if basis == Basis::Forecast {
        match crate::time::parse_date(&date) {
            Ok(d) => (d.first, crate::time::span_end(&d.text, d.first)),
            Err(_) => (time_start, time_start),
        }
    } else {
        (time_start, time_start)
    };
    Item {
        id: r.get(0),
        key: r.get(1),
        subject_id: r.get(2),
        subject: r.get(3),
        metric_id: r.get(4),
        metric: r.get(5),
        multi_valued: r.get(6),
        value: r.get(7),
        kind: Kind::from_stored(r.get(8)),
        unit: r.get(9),
        low: r.get(10),
        high: r.get(11),
        bound: bound.as_deref().and_then(Bound::from_str_opt),
        norm: r.get(13),
        period: r.get(14),
        as_of,
        time_key,
        time_start,
        source_id: r.get(18),
        source: r.get(19),
        via: r.get(20),
        date,
        confidence: r.get(22),
        basis,
        when_start,
        when_end,
        window: r.get(24),
    }
}

impl PostgresStore {
    pub(super) fn read_head_event(&self) -> Result<i64> {
        let mut c = self.client()?;
        c.query_one("SELECT coalesce(max(id), 0)::bigint FROM events", &[])
            .map(|r| r.get(0))
            .map_err(self.err())
    }

    pub(super) fn read_last_claim(&self) -> Result<i64> {
        let mut c = self.client()?;
        c.query_one("SELECT coalesce(max(id), 0)::bigint FROM claims", &[])
            .map(|r| r.get(0))
            .map_err(self.err())
    }

    pub(super) fn read_first_claim_since(&self, at: &str) -> Result<Option<i64>> {
        let mut c = self.client()?;
        c.query_one(
            "SELECT min(id) FROM claims
              WHERE event_id IN (SELECT id FROM events WHERE at >= $1)",
            &[&at],
        )
        .map(|r| r.get(0))
        .map_err(self.err())
    }

    /// A mark's newest value; none on a ledger a reader opened before the marks table
    /// was added (the next writer adds it).
    pub(super) fn read_mark(&self, name: &str) -> Result<Option<i64>> {
        let mut c = self.client()?;
        let has_table: bool = c
            .query_one("SELECT to_regclass('marks') IS NOT NULL", &[])
            .map_err(self.err())?
            .get(0);
        if !has_table {
            return Ok(None);
        }
        c.query_opt(
            "SELECT value FROM marks WHERE name = $1 ORDER BY id DESC LIMIT 1",
            &[&name],
        )
        .map(|r| r.map(|r| r.get(0)))
        .map_err(self.err())
    }
}
