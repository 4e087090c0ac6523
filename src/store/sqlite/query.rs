//! Reading claims back: filtered lists, one claim by id or key, and the ordered stream
//! the contradiction detector sweeps.

use rusqlite::{OptionalExtension, Row, ToSql};

use super::SqliteStore;
use crate::detect::Item;
use crate::error::{Error, Result};
use crate::model::{Basis, Claim, Confidence, Kind, Status};
use crate::search;
use crate::store::{
    CLAIM_COLUMNS, CLAIM_JOINS, Evidence, Filter, NameKind, StatusFilter, Store, json_list,
};
use crate::value::Bound;

pub(super) fn claim_from_row(r: &Row) -> rusqlite::Result<Claim> {
    let label: Option<String> = r.get(16)?;
    let status: String = r.get(23)?;
    Ok(Claim {
        id: r.get(0)?,
        key: r.get(1)?,
        subject: r.get(2)?,
        metric: r.get(3)?,
        value: r.get(4)?,
        kind: Kind::from_stored(&r.get::<_, String>(5)?),
        unit: r.get(6)?,
        low: r.get(7)?,
        high: r.get(8)?,
        bound: r.get(9)?,
        period: r.get(10)?,
        as_of: r.get(11)?,
        source: r.get(12)?,
        via: r.get(13)?,
        date: r.get(14)?,
        confidence: Confidence::from_stored(r.get(15)?, label.as_deref()),
        quote: r.get(17)?,
        url: r.get(18)?,
        title: r.get(19)?,
        authors: json_list(r.get(20)?),
        tags: json_list(r.get(21)?),
        notes: r.get(22)?,
        status: Status::parse(&status).unwrap_or(Status::Active),
        basis: Basis::from_stored(r.get::<_, Option<String>>(24)?.as_deref()),
        basis_given: r
            .get::<_, Option<String>>(25)?
            .map(|b| Basis::from_stored(Some(&b))),
    })
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

impl SqliteStore {
    fn name_id(&self, kind: NameKind, name: &str) -> Result<Option<i64>> {
        Ok(self.resolve(kind, name)?.map(|(id, _)| id))
    }

    /// Streams the claims a filter selects, in the order they were recorded.
    pub fn claims(&self, f: &Filter, mut each: impl FnMut(Claim) -> Result<()>) -> Result<()> {
        let mut sql = format!("SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} WHERE 1");
        let mut params: Vec<Box<dyn ToSql>> = Vec::new();
        fn bind(
            sql: &mut String,
            params: &mut Vec<Box<dyn ToSql>>,
            clause: &str,
            v: Box<dyn ToSql>,
        ) {
            params.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", params.len())));
        }
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
                bind(
                    &mut sql,
                    &mut params,
                    &format!(" AND {col} = ?"),
                    Box::new(id),
                );
            }
        }
        if let Some(d) = &f.since {
            bind(
                &mut sql,
                &mut params,
                " AND ci.date >= ?",
                Box::new(d.clone()),
            );
        }
        if let Some(d) = &f.until {
            // A partial date ('2024-07') sorts before its days; compare on the prefix.
            bind(
                &mut sql,
                &mut params,
                " AND substr(ci.date, 1, length(?)) <= ?",
                Box::new(d.clone()),
            );
        }
        if let Some(p) = &f.period {
            bind(
                &mut sql,
                &mut params,
                " AND c.time_key = ?",
                Box::new(p.clone()),
            );
        }
        if let Some(c) = f.min_confidence {
            bind(&mut sql, &mut params, " AND c.confidence >= ?", Box::new(c));
        }
        let mut order = "c.id";
        // A phrase is found through the index as its words, then checked here for their
        // order: the limit then counts the claims that pass.
        let mut check: Option<search::Query> = None;
        if let Some(q) = &f.search {
            let query = search::Query::parse(q)
                .map_err(|e| Error::Usage(format!("--search '{q}': {e}")))?;
            match query {
                // Driven by the index, which yields matches in id order: a limit stops
                // the search early.
                Some(query) => {
                    sql = sql.replacen(
                        "FROM claims c",
                        "FROM claims_fts f JOIN claims c ON c.id = f.rowid",
                        1,
                    );
                    bind(
                        &mut sql,
                        &mut params,
                        " AND f.claims_fts MATCH ?",
                        Box::new(query.fts()),
                    );
                    order = "f.rowid";
                    if query.has_phrase() {
                        check = Some(query);
                    }
                }
                None => sql.push_str(" AND 0"),
            }
        }
        sql.push_str(status_sql(f.status));
        sql.push_str(&format!(" ORDER BY {order}"));
        // A phrase is checked here, so its skip and limit count here too.
        let mut skip = f.skip;
        if check.is_none() {
            match (f.limit, skip) {
                (None, 0) => {}
                (None, k) => sql.push_str(&format!(" LIMIT -1 OFFSET {k}")),
                (Some(n), 0) => sql.push_str(&format!(" LIMIT {n}")),
                (Some(n), k) => sql.push_str(&format!(" LIMIT {n} OFFSET {k}")),
            }
            skip = 0;
        }
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(
                params.iter().map(|p| p.as_ref()),
            ))
            .map_err(self.err())?;
        let mut left = f.limit.unwrap_or(usize::MAX);
        while let Some(row) = rows.next().map_err(self.err())? {
            if left == 0 {
                break;
            }
            let claim = claim_from_row(row).map_err(self.err())?;
            if let Some(q) = &check {
                let parts = [
                    claim.quote.as_deref(),
                    claim.title.as_deref(),
                    claim.notes.as_deref(),
                ];
                if !q.matches(&parts) {
                    continue;
                }
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
            }
            left -= 1;
            each(claim)?;
        }
        Ok(())
    }

    /// One claim, by id or by key (the current claim under that key).
    pub fn claim(&self, id_or_key: &str) -> Result<Claim> {
        let sql_key = format!(
            "SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} WHERE c.key = ?1
             ORDER BY EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id), c.id DESC LIMIT 1"
        );
        let by_key = self
            .conn
            .query_row(&sql_key, [id_or_key.trim()], claim_from_row)
            .optional()
            .map_err(self.err())?;
        if let Some(c) = by_key {
            return Ok(c);
        }
        if let Ok(id) = id_or_key.trim().trim_start_matches('#').parse::<i64>() {
            let sql = format!("SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} WHERE c.id = ?1");
            if let Some(c) = self
                .conn
                .query_row(&sql, [id], claim_from_row)
                .optional()
                .map_err(self.err())?
            {
                return Ok(c);
            }
        }
        Err(Error::NoSuchClaim(id_or_key.to_string()))
    }

    /// The web address and quote of each of these claims, looked up by id in one query:
    /// `(id, url, quote)` for each claim that exists.
    pub fn evidence(&self, ids: &[i64]) -> Result<Vec<Evidence>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = serde_json::to_string(ids).unwrap_or_default();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.id, ci.url, c.quote FROM claims c
                 JOIN citations ci ON ci.id = c.citation_id
                 WHERE c.id IN (SELECT value FROM json_each(?1)) ORDER BY c.id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([list], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    /// Why a claim was retracted, if it was.
    pub fn retraction(&self, id: i64) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT reason FROM retractions WHERE claim_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err())
    }

    /// Streams active claims in subject, metric and time order — the detector's sweep
    /// order — optionally for one subject and metric.
    pub fn comparable_claims(
        &self,
        subject: Option<&str>,
        metric: Option<&str>,
        each: impl FnMut(Item) -> Result<()>,
    ) -> Result<()> {
        self.items_where(subject, metric, None, each)
    }

    /// The claims with these ids (active or not), as the detector sees them.
    pub fn items(&self, ids: &[i64]) -> Result<Vec<Item>> {
        let mut out = Vec::with_capacity(ids.len());
        self.items_where(None, None, Some(ids), |i| {
            out.push(i);
            Ok(())
        })?;
        Ok(out)
    }

    fn items_where(
        &self,
        subject: Option<&str>,
        metric: Option<&str>,
        ids: Option<&[i64]>,
        mut each: impl FnMut(Item) -> Result<()>,
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
             WHERE 1",
        );
        match ids {
            Some(ids) => {
                let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
                sql.push_str(&format!(" AND c.id IN ({})", list.join(",")));
            }
            None => sql.push_str(
                " AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)
                  AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id)",
            ),
        }
        let mut params: Vec<i64> = Vec::new();
        for (kind, name, col) in [
            (NameKind::Subject, subject, "c.subject_id"),
            (NameKind::Metric, metric, "c.metric_id"),
        ] {
            if let Some(name) = name {
                params.push(self.name_id(kind, name)?.unwrap_or(-1));
                sql.push_str(&format!(" AND {col} = ?{}", params.len()));
            }
        }
        sql.push_str(" ORDER BY c.subject_id, c.metric_id, c.time_key, c.time_start, c.id");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params))
            .map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            let item = (|| -> rusqlite::Result<Item> {
                let start: String = r.get(17)?;
                let bound: Option<String> = r.get(12)?;
                let basis = Basis::from_stored(r.get_ref(23)?.as_str_or_null()?);
                let time_start = crate::time::stored_day(&start).unwrap_or_default();
                let time_key: String = r.get(16)?;
                let as_of: Option<String> = r.get(15)?;
                let date: String = r.get(21)?;
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
                Ok(Item {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    subject_id: r.get(2)?,
                    subject: r.get(3)?,
                    metric_id: r.get(4)?,
                    metric: r.get(5)?,
                    multi_valued: r.get::<_, i64>(6)? == 1,
                    value: r.get(7)?,
                    kind: Kind::from_stored(&r.get::<_, String>(8)?),
                    unit: r.get(9)?,
                    low: r.get(10)?,
                    high: r.get(11)?,
                    bound: bound.as_deref().and_then(Bound::from_str_opt),
                    norm: r.get(13)?,
                    period: r.get(14)?,
                    as_of,
                    time_key,
                    time_start,
                    source_id: r.get(18)?,
                    source: r.get(19)?,
                    via: r.get(20)?,
                    date,
                    confidence: r.get(22)?,
                    basis,
                    when_start,
                    when_end,
                    window: r.get(24)?,
                })
            })()
            .map_err(self.err())?;
            each(item)?;
        }
        Ok(())
    }
}
