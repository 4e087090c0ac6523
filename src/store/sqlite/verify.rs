//! Checking that the ledger is what its history says (spec §5).
//!
//! 1. SQLite's own `integrity_check` and `foreign_key_check`;
//! 2. the event chain: ids without gaps, each hash recomputed, each link to the previous;
//! 3. a replay: the sources, subjects, metrics, retractions, supersessions and
//!    judgements the events describe must be exactly the rows in the tables; every claim
//!    must lie in the id range of the event that added it, hash to what it stored, fold
//!    into the digest that event recorded, and carry the reading its value gives.
//!
//! What it cannot see without an anchor: a history cut short, or rewritten from some
//! event on with every hash recomputed. `--anchor` prints what to keep; `--against`
//! checks it.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::OptionalExtension;
use serde_json::Value as J;
use sha2::{Digest, Sha256};

use super::SqliteStore;
use super::query::claim_from_row;
use crate::error::Result;
use crate::model::{Derived, norm_name};
use crate::store::Verification;
use crate::store::{CLAIM_COLUMNS, CLAIM_JOINS};
use crate::{time, value};

/// A named thing as the events describe it.
#[derive(Debug, Default, Clone, PartialEq)]
struct Named {
    name: String,
    spellings: BTreeSet<String>,
    kind: Option<String>,
    url: Option<String>,
    flag: bool,
}

#[derive(Default)]
struct Names {
    things: Vec<Named>,
}

impl Names {
    fn find(&mut self, name: &str) -> Option<&mut Named> {
        let n = norm_name(name);
        self.things
            .iter_mut()
            .find(|t| t.spellings.iter().any(|s| norm_name(s) == n))
    }

    fn add(&mut self, name: &str, aliases: &[String]) -> &mut Named {
        let mut spellings: BTreeSet<String> = aliases.iter().cloned().collect();
        spellings.insert(name.to_string());
        self.things.push(Named {
            name: name.to_string(),
            spellings,
            ..Named::default()
        });
        self.things.last_mut().expect("just pushed")
    }
}

/// A batch of claims recorded by one event.
struct Batch {
    event: i64,
    first: i64,
    last: i64,
    count: i64,
    digest: String,
}

fn strings(v: &J) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn text(v: &J, k: &str) -> Option<String> {
    v.get(k).and_then(|x| x.as_str()).map(String::from)
}

const MAX_PROBLEMS: usize = 20;

/// The first key whose entry differs between what a table holds and what the history
/// says it should.
fn first_difference<'a, K: Ord, V: PartialEq>(
    have: &'a BTreeMap<K, V>,
    want: &'a BTreeMap<K, V>,
) -> Option<&'a K> {
    have.keys()
        .chain(want.keys())
        .find(|k| have.get(k) != want.get(k))
}

/// A judgement as the history and the table describe it: group, verdict, correct claim,
/// reason, claims (JSON), event.
type JudgementRow = (String, String, Option<i64>, Option<String>, String, i64);
/// A named thing's row: id, name, kind, url, flag.
type NameRow = (i64, String, Option<String>, Option<String>, i64);

impl SqliteStore {
    /// Checks the whole ledger; `progress` is called with the number of claims checked.
    pub fn verify(
        &self,
        against: Option<(i64, String)>,
        progress: impl FnMut(u64),
    ) -> Result<Verification> {
        // Everything is read in one transaction: one snapshot of the ledger, however
        // many writers commit meanwhile. (A check spread over several snapshots would
        // see claims whose events it had not read, and cry tampering.)
        let err = self.err();
        self.conn
            .pragma_update(None, "cache_size", -65536)
            .map_err(&err)?;
        self.conn.execute_batch("BEGIN DEFERRED").map_err(&err)?;
        let result = self.verify_snapshot(against, progress);
        let _ = self.conn.execute_batch("ROLLBACK");
        result
    }

    fn verify_snapshot(
        &self,
        against: Option<(i64, String)>,
        mut progress: impl FnMut(u64),
    ) -> Result<Verification> {
        let mut v = Verification::default();
        let err = self.err();
        let problem = |v: &mut Verification, p: String| {
            if v.problems.len() < MAX_PROBLEMS {
                v.problems.push(p);
            }
        };

        // 1. SQLite's own checks. `integrity_check` looks up every row's entry in every
        // index: a 64 MB page cache keeps most of those look-ups off the disk (a million
        // claims: 12.4–17.6 s with the default 2 MB, 11.9–12.1 s with it).
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(&err)?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        if rows != ["ok"] {
            for r in rows {
                problem(&mut v, format!("SQLite integrity check: {r}"));
            }
        }
        let mut stmt = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(&err)?;
        let fk: Vec<(String, Option<i64>, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        // One line per kind of broken reference, naming the first row.
        let mut broken: Vec<(String, String, i64, usize)> = Vec::new();
        for (table, row, parent) in fk {
            match broken.iter_mut().find(|b| b.0 == table && b.1 == parent) {
                Some(b) => b.3 += 1,
                None => broken.push((table, parent, row.unwrap_or(0), 1)),
            }
        }
        for (table, parent, first, n) in broken {
            let others = if n > 1 {
                format!(" (and {} more)", n - 1)
            } else {
                String::new()
            };
            problem(
                &mut v,
                format!("{table} row {first}{others} refers to a missing row of {parent}"),
            );
        }

        // 2. The chain, and 3a. what it says.
        let mut sources = Names::default();
        let mut subjects = Names::default();
        let mut metrics = Names::default();
        let mut batches: Vec<Batch> = Vec::new();
        let mut retractions: BTreeMap<i64, (String, i64)> = BTreeMap::new();
        let mut supersessions: BTreeMap<i64, (Option<i64>, i64)> = BTreeMap::new();
        let mut judgements: Vec<JudgementRow> = Vec::new();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, at, actor, action, payload, prev_hash, hash FROM events ORDER BY id",
            )
            .map_err(&err)?;
        let mut rows = stmt.query([]).map_err(&err)?;
        let mut prev = String::new();
        let mut expected_id = 1;
        let mut chain_ok = true;
        while let Some(r) = rows.next().map_err(&err)? {
            let (id, at, actor, action, payload, prev_hash, hash): (
                i64,
                String,
                String,
                String,
                String,
                String,
                String,
            ) = (
                r.get(0).map_err(&err)?,
                r.get(1).map_err(&err)?,
                r.get(2).map_err(&err)?,
                r.get(3).map_err(&err)?,
                r.get(4).map_err(&err)?,
                r.get(5).map_err(&err)?,
                r.get(6).map_err(&err)?,
            );
            if chain_ok {
                if id != expected_id {
                    problem(
                        &mut v,
                        format!(
                            "event {expected_id} is missing from the history (the next is event {id})"
                        ),
                    );
                    chain_ok = false;
                } else if prev_hash != prev {
                    problem(
                        &mut v,
                        format!(
                            "event {id} does not link to event {}: the history was changed",
                            id - 1
                        ),
                    );
                    chain_ok = false;
                } else if crate::store::hash(&crate::store::encode(
                    id, &at, &actor, &action, &prev_hash, &payload,
                )) != hash
                {
                    problem(
                        &mut v,
                        format!(
                            "event {id} ({action}) was altered: its hash does not match its content"
                        ),
                    );
                    chain_ok = false;
                }
            }
            if let (Some((n, h)), true) = (&against, chain_ok) {
                if id == *n && &hash != h {
                    problem(
                        &mut v,
                        format!("event {id} differs from the anchor: the history was rewritten"),
                    );
                    chain_ok = false;
                }
            }
            prev = hash.clone();
            expected_id = id + 1;
            v.events = id;
            v.head = hash;
            let p: J = serde_json::from_str(&payload).unwrap_or(J::Null);
            match action.as_str() {
                "ledger.init" => {
                    for s in p["sources"].as_array().into_iter().flatten() {
                        let t = sources.add(
                            &text(s, "name").unwrap_or_default(),
                            &strings(&s["aliases"]),
                        );
                        t.kind = text(s, "kind");
                        t.url = text(s, "url");
                        t.flag = true;
                    }
                }
                "source.add" | "subject.add" | "metric.add" => {
                    let names = match action.as_str() {
                        "source.add" => &mut sources,
                        "subject.add" => &mut subjects,
                        _ => &mut metrics,
                    };
                    let t = names.add(
                        &text(&p, "name").unwrap_or_default(),
                        &strings(&p["aliases"]),
                    );
                    t.kind = text(&p, "kind");
                    t.url = text(&p, "url");
                    t.flag = p["multi_valued"].as_i64() == Some(1);
                }
                "source.alias" | "subject.alias" | "metric.alias" => {
                    let names = match action.as_str() {
                        "source.alias" => &mut sources,
                        "subject.alias" => &mut subjects,
                        _ => &mut metrics,
                    };
                    let name = text(&p, "name").unwrap_or_default();
                    match names.find(&name) {
                        Some(t) => t.spellings.extend(strings(&p["aliases"])),
                        None => problem(
                            &mut v,
                            format!("event {id} adds aliases to '{name}', which no event created"),
                        ),
                    }
                }
                "metric.multi_valued" => {
                    let name = text(&p, "name").unwrap_or_default();
                    if let Some(t) = metrics.find(&name) {
                        t.flag = true;
                    }
                }
                "claims.add" | "claims.import" => {
                    for c in p["created"].as_array().into_iter().flatten() {
                        let name = text(c, "name").unwrap_or_default();
                        match c["kind"].as_str() {
                            Some("source") => sources.add(&name, &[]),
                            Some("subject") => subjects.add(&name, &[]),
                            _ => metrics.add(&name, &[]),
                        };
                    }
                    if let (Some(first), Some(last)) =
                        (p["first_id"].as_i64(), p["last_id"].as_i64())
                    {
                        batches.push(Batch {
                            event: id,
                            first,
                            last,
                            count: p["count"].as_i64().unwrap_or(0),
                            digest: text(&p, "claims_sha256").unwrap_or_default(),
                        });
                    }
                    for pair in p["superseded"].as_array().into_iter().flatten() {
                        let old = pair[0].as_i64().unwrap_or(0);
                        let by = pair[1].as_i64().filter(|b| *b != 0);
                        supersessions.insert(old, (by, id));
                    }
                    for c in p["retracted"].as_array().into_iter().flatten() {
                        retractions.insert(
                            c.as_i64().unwrap_or(0),
                            ("retracted in the imported record".into(), id),
                        );
                    }
                }
                // A metric's comparison window: a setting, not part of any record.
                "metric.window" => {}
                "claim.retract" => {
                    retractions.insert(
                        p["claim"].as_i64().unwrap_or(0),
                        (text(&p, "reason").unwrap_or_default(), id),
                    );
                }
                "judgement.add" => judgements.push((
                    text(&p, "group").unwrap_or_default(),
                    text(&p, "verdict").unwrap_or_default(),
                    p["correct_claim"].as_i64(),
                    text(&p, "reason"),
                    p["claims"].to_string(),
                    id,
                )),
                other => problem(
                    &mut v,
                    format!("event {id} has an unknown action '{other}'"),
                ),
            }
        }
        drop(rows);
        if let Some((n, _)) = &against {
            v.anchor_checked = true;
            if v.events < *n {
                let have = v.events;
                problem(
                    &mut v,
                    format!(
                        "the history has {have} events but the anchor vouches for {n}: events were removed"
                    ),
                );
            }
        }

        // 3b. Named things: the tables must be exactly what the events created.
        for (names, kind, table, spellings_table, id_col, extra) in [
            (
                &sources,
                "source",
                "sources",
                "source_names",
                "source_id",
                "kind, url, builtin",
            ),
            (
                &subjects,
                "subject",
                "subjects",
                "subject_names",
                "subject_id",
                "NULL, NULL, 0",
            ),
            (
                &metrics,
                "metric",
                "metrics",
                "metric_names",
                "metric_id",
                "NULL, NULL, multi_valued",
            ),
        ] {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT id, name, {extra} FROM {table} ORDER BY id"
                ))
                .map_err(&err)?;
            let rows: Vec<NameRow> = stmt
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(&err)?
                .collect::<rusqlite::Result<_>>()
                .map_err(&err)?;
            if rows.len() != names.things.len() {
                problem(
                    &mut v,
                    format!(
                        "the {table} table has {} rows; the history created {}",
                        rows.len(),
                        names.things.len()
                    ),
                );
            }
            for ((id, name, k, url, flag), want) in rows.iter().zip(&names.things) {
                let same = *name == want.name
                    && (kind == "subject" || (*flag == 1) == want.flag)
                    && (kind != "source" || (*k == want.kind && *url == want.url));
                if !same {
                    problem(
                        &mut v,
                        format!(
                            "{kind} {id} ('{name}') differs from what the history recorded ('{}')",
                            want.name
                        ),
                    );
                }
            }
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT n.norm, n.name, t.name FROM {spellings_table} n LEFT JOIN {table} t ON t.id = n.{id_col} ORDER BY n.norm"))
                .map_err(&err)?;
            let have: BTreeSet<(String, String, String)> = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    ))
                })
                .map_err(&err)?
                .collect::<rusqlite::Result<_>>()
                .map_err(&err)?;
            let want: BTreeSet<(String, String, String)> = names
                .things
                .iter()
                .flat_map(|t| {
                    t.spellings
                        .iter()
                        .map(|s| (norm_name(s), s.trim().to_string(), t.name.clone()))
                })
                .collect();
            if let Some(x) = have.symmetric_difference(&want).next() {
                let side = if have.contains(x) {
                    "is not in the history"
                } else {
                    "is missing"
                };
                problem(
                    &mut v,
                    format!("the {kind} spelling '{}' (for '{}') {side}", x.1, x.2),
                );
            }
        }

        // 3c. Claims, batch by batch, in id order; their search text goes into a copy of
        // the search index built in memory, compared with the stored one in 3e.
        let rebuilt = self.empty_search_index()?;
        let mut index = rebuilt
            .prepare("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)")
            .map_err(&err)?;
        rebuilt.execute_batch("BEGIN").map_err(&err)?;
        batches.sort_by_key(|b| b.first);
        let sql = format!(
            "SELECT {CLAIM_COLUMNS}, c.norm, c.time_key, c.time_start, c.hash, c.event_id
             {CLAIM_JOINS} ORDER BY c.id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(&err)?;
        let mut rows = stmt.query([]).map_err(&err)?;
        let mut batch_at = 0usize;
        let mut digest = Sha256::new();
        let mut seen_in_batch = 0i64;
        let mut unrecorded: Option<(i64, usize)> = None;
        let close = |v: &mut Verification, b: &Batch, digest: &mut Sha256, seen: i64| {
            let d = hex::encode(std::mem::take(digest).finalize());
            if seen != b.count || b.last - b.first + 1 != b.count {
                problem(
                    v,
                    format!(
                        "event {} added {} claims (ids {}–{}) but the ledger holds {seen} of them",
                        b.event, b.count, b.first, b.last
                    ),
                );
            } else if d != b.digest {
                problem(
                    v,
                    format!(
                        "the claims of event {} (ids {}–{}) do not match the hash it recorded",
                        b.event, b.first, b.last
                    ),
                );
            }
        };
        while let Some(r) = rows.next().map_err(&err)? {
            let claim = claim_from_row(r).map_err(&err)?;
            let norm: String = r.get(26).map_err(&err)?;
            let time_key: String = r.get(27).map_err(&err)?;
            let time_start: String = r.get(28).map_err(&err)?;
            let stored: Vec<u8> = r.get(29).map_err(&err)?;
            let event_id: i64 = r.get(30).map_err(&err)?;
            v.claims += 1;
            if v.claims % 10_000 == 0 {
                progress(v.claims as u64);
            }
            while batch_at < batches.len() && claim.id > batches[batch_at].last {
                close(&mut v, &batches[batch_at], &mut digest, seen_in_batch);
                seen_in_batch = 0;
                batch_at += 1;
            }
            let Some(b) = batches.get(batch_at).filter(|b| claim.id >= b.first) else {
                let u = unrecorded.get_or_insert((claim.id, 0));
                u.1 += 1;
                continue;
            };
            if event_id != b.event {
                problem(
                    &mut v,
                    format!(
                        "claim {} says it was added by event {event_id}, but event {} added it",
                        claim.id, b.event
                    ),
                );
            }
            let hash = claim.canonical().hash();
            if stored != hash {
                problem(
                    &mut v,
                    format!(
                        "claim {} ({} {} '{}') was edited: it no longer matches its recorded hash",
                        claim.id, claim.subject, claim.metric, claim.value
                    ),
                );
            }
            digest.update(hash);
            seen_in_batch += 1;
            let text = crate::search::index_text(&[
                claim.quote.as_deref(),
                claim.title.as_deref(),
                claim.notes.as_deref(),
            ]);
            if !text.trim().is_empty() {
                index
                    .execute(rusqlite::params![claim.id, text])
                    .map_err(&err)?;
            }
            // The stored reading must be what the value and times give.
            let derived = (|| {
                let value = value::read(&claim.value).ok()?.value;
                let date = time::parse_date(&claim.date).ok()?;
                let period = claim
                    .period
                    .as_deref()
                    .map(time::parse_period)
                    .transpose()
                    .ok()?;
                let as_of = claim
                    .as_of
                    .as_deref()
                    .map(time::parse_as_of)
                    .transpose()
                    .ok()?;
                Some(Derived::of(&value, period.as_ref(), as_of.as_ref(), &date))
            })();
            let matches = derived.is_some_and(|d| {
                d.kind == claim.kind
                    && d.unit == claim.unit
                    && d.low == claim.low
                    && d.high == claim.high
                    && d.bound == claim.bound.as_deref()
                    && d.norm == norm
                    && d.time_key == time_key
                    && d.time_start == time_start
            });
            if !matches {
                problem(
                    &mut v,
                    format!(
                        "claim {}: its stored reading (kind, unit, bounds or time) does not match its value '{}'",
                        claim.id, claim.value
                    ),
                );
            }
        }
        drop(rows);
        if let Some((first, n)) = unrecorded {
            let others = if n > 1 {
                format!(" (and {} more)", n - 1)
            } else {
                String::new()
            };
            problem(
                &mut v,
                format!(
                    "claim {first}{others} is not recorded by any event: added behind the tool's back"
                ),
            );
        }
        while batch_at < batches.len() {
            close(&mut v, &batches[batch_at], &mut digest, seen_in_batch);
            seen_in_batch = 0;
            batch_at += 1;
        }
        progress(v.claims as u64);
        drop(index);
        rebuilt.execute_batch("COMMIT").map_err(&err)?;
        if let Some(p) = self.compare_search_index(&rebuilt)? {
            problem(&mut v, p);
        }

        // 3d. Retractions, supersessions, judgements.
        let mut stmt = self
            .conn
            .prepare("SELECT claim_id, reason, event_id FROM retractions ORDER BY claim_id")
            .map_err(&err)?;
        let have: BTreeMap<i64, (String, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        if let Some(id) = first_difference(&have, &retractions) {
            problem(
                &mut v,
                format!("the retraction of claim {id} differs from the history"),
            );
        }
        let mut stmt = self
            .conn
            .prepare("SELECT claim_id, by_claim_id, event_id FROM supersessions ORDER BY claim_id")
            .map_err(&err)?;
        let have: BTreeMap<i64, (Option<i64>, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        if let Some(id) = first_difference(&have, &supersessions) {
            problem(
                &mut v,
                format!("the supersession of claim {id} differs from the history"),
            );
        }
        let mut stmt = self
            .conn
            .prepare("SELECT group_id, verdict, correct_claim_id, reason, claim_ids, event_id FROM judgements ORDER BY id")
            .map_err(&err)?;
        let have: Vec<JudgementRow> = stmt
            .query_map([], |r| {
                let ids: String = r.get(4)?;
                let ids = serde_json::from_str::<J>(&ids)
                    .map(|j| j.to_string())
                    .unwrap_or(ids);
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, ids, r.get(5)?))
            })
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        if have != judgements {
            let at = have
                .iter()
                .zip(&judgements)
                .position(|(a, b)| a != b)
                .unwrap_or(have.len().min(judgements.len()));
            problem(
                &mut v,
                format!(
                    "judgement {} differs from the history ({} recorded, {} in the table)",
                    at + 1,
                    judgements.len(),
                    have.len()
                ),
            );
        }
        let orphans: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM citations WHERE id NOT IN (SELECT citation_id FROM claims) LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        let misfiled: Option<i64> = self
            .conn
            .query_row(
                "SELECT c.id FROM claims c JOIN citations ci ON ci.id = c.citation_id
                 WHERE c.source_id <> ci.source_id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        if let Some(id) = misfiled {
            problem(
                &mut v,
                format!("claim {id} names another source than its citation does"),
            );
        }
        if let Some(id) = orphans {
            problem(
                &mut v,
                format!("citation {id} belongs to no claim: it was added behind the tool's back"),
            );
        }
        Ok(v)
    }

    /// An empty search index in memory, defined and set up as the ledger's.
    fn empty_search_index(&self) -> Result<rusqlite::Connection> {
        let err = self.err();
        let ddl: String = self
            .conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'claims_fts'",
                [],
                |r| r.get(0),
            )
            .map_err(&err)?;
        let settings: Vec<(String, rusqlite::types::Value)> = self
            .conn
            .prepare("SELECT k, v FROM claims_fts_config WHERE k <> 'version'")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(&err)?;
        let conn = rusqlite::Connection::open_in_memory().map_err(&err)?;
        conn.execute_batch(&ddl).map_err(&err)?;
        for (k, v) in settings {
            conn.execute(
                "INSERT INTO claims_fts (claims_fts, rank) VALUES (?1, ?2)",
                rusqlite::params![k, v],
            )
            .map_err(&err)?;
        }
        Ok(conn)
    }

    /// Compares the stored search index with the one rebuilt from the claims, word by
    /// word and claim by claim: a wiped index, or words planted in it, would make
    /// `--search` lie.
    fn compare_search_index(&self, rebuilt: &rusqlite::Connection) -> Result<Option<String>> {
        let err = self.err();
        let vocab = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.crosscheck_vocab
                     USING fts5vocab(main, claims_fts, instance)";
        rebuilt.execute_batch(vocab).map_err(&err)?;
        self.conn.execute_batch(vocab).map_err(&err)?;
        let read = "SELECT term, doc FROM temp.crosscheck_vocab";
        let mut want_stmt = rebuilt.prepare(read).map_err(&err)?;
        let mut have_stmt = self.conn.prepare(read).map_err(&err)?;
        let mut want = want_stmt.query([]).map_err(&err)?;
        let mut have = have_stmt.query([]).map_err(&err)?;
        let entry = |r: Option<&rusqlite::Row>| -> rusqlite::Result<Option<(Vec<u8>, i64)>> {
            r.map(|r| {
                let term = match r.get_ref(0)? {
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        t.to_vec()
                    }
                    _ => Vec::new(),
                };
                Ok((term, r.get(1)?))
            })
            .transpose()
        };
        let mut w = entry(want.next().map_err(&err)?).map_err(&err)?;
        let mut h = entry(have.next().map_err(&err)?).map_err(&err)?;
        let lacks = |(term, doc): &(Vec<u8>, i64)| {
            format!(
                "the search index lacks the word '{}' of claim {doc}: it was changed behind \
                 the tool's back, and --search misses claims",
                String::from_utf8_lossy(term).trim()
            )
        };
        let planted = |(term, doc): &(Vec<u8>, i64)| {
            format!(
                "the search index lists claim {doc} under the word '{}', which the claim does \
                 not contain: it was changed behind the tool's back",
                String::from_utf8_lossy(term).trim()
            )
        };
        loop {
            match (&w, &h) {
                (None, None) => return Ok(None),
                (Some(a), None) => return Ok(Some(lacks(a))),
                (None, Some(b)) => return Ok(Some(planted(b))),
                (Some(a), Some(b)) if a < b => return Ok(Some(lacks(a))),
                (Some(a), Some(b)) if a > b => return Ok(Some(planted(b))),
                _ => {
                    w = entry(want.next().map_err(&err)?).map_err(&err)?;
                    h = entry(have.next().map_err(&err)?).map_err(&err)?;
                }
            }
        }
    }
}
