//! Sources, subjects and metrics, each with the spellings that name it.

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::{SqliteStore, events, sql};
use crate::error::{Error, Result};
use crate::model::norm_name;
use crate::store::{NameDetails, NameInfo, NameKind, SourceInfo};

/// The tables of a kind of name: things, spellings, and the claims' column.
fn tables(kind: NameKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        NameKind::Source => ("sources", "source_names", "source_id"),
        NameKind::Subject => ("subjects", "subject_names", "subject_id"),
        NameKind::Metric => ("metrics", "metric_names", "metric_id"),
    }
}

/// Finds what a name (or alias) stands for: its id and canonical name.
pub(crate) fn lookup(
    conn: &rusqlite::Connection,
    kind: NameKind,
    name: &str,
) -> rusqlite::Result<Option<(i64, String)>> {
    let (table, names, id_col) = tables(kind);
    conn.prepare_cached(&format!(
        "SELECT t.id, t.name FROM {names} n JOIN {table} t ON t.id = n.{id_col} WHERE n.norm = ?1"
    ))?
    .query_row([norm_name(name)], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// The columns a thing's details fill, as its `add` event records them too.
fn columns(details: &NameDetails) -> Vec<(&'static str, rusqlite::types::Value)> {
    let mut out = Vec::new();
    if let Some(k) = &details.kind {
        out.push(("kind", k.clone().into()));
    }
    if let Some(u) = &details.url {
        out.push(("url", u.clone().into()));
    }
    if details.multi_valued {
        out.push(("multi_valued", 1i64.into()));
    }
    out
}

/// Inserts a named thing and its spellings; refuses a spelling that names something else.
pub(crate) fn insert(
    tx: &Transaction,
    kind: NameKind,
    name: &str,
    aliases: &[String],
    extra: &[(&str, rusqlite::types::Value)],
) -> Result<i64> {
    let table = tables(kind).0;
    let cols: String = extra.iter().map(|(c, _)| format!(", {c}")).collect();
    let marks: String = (0..extra.len()).map(|i| format!(", ?{}", i + 2)).collect();
    let mut values: Vec<rusqlite::types::Value> = vec![name.to_string().into()];
    values.extend(extra.iter().map(|(_, v)| v.clone()));
    tx.execute(
        &format!("INSERT INTO {table} (name{cols}) VALUES (?1{marks})"),
        rusqlite::params_from_iter(values),
    )
    .map_err(sql)?;
    let id = tx.last_insert_rowid();
    add_names(tx, kind, id, name, aliases)?;
    Ok(id)
}

/// The SQLite side of recording spellings: lookups and inserts in the open transaction.
struct Spellings<'a>(&'a Transaction<'a>);

impl crate::store::names::Spellings for Spellings<'_> {
    type Err = Error;

    fn lookup(&mut self, kind: NameKind, spelling: &str) -> Result<Option<(i64, String)>> {
        lookup(self.0, kind, spelling).map_err(sql)
    }

    fn every_spelling(&mut self, kind: NameKind) -> Result<Vec<(String, String, i64)>> {
        let (table, names, id_col) = tables(kind);
        self.0
            .prepare_cached(&format!(
                "SELECT n.name, t.name, t.id FROM {names} n JOIN {table} t ON t.id = n.{id_col}"
            ))
            .and_then(|mut stmt| {
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect()
            })
            .map_err(sql)
    }

    fn insert_spelling(&mut self, kind: NameKind, id: i64, spelling: &str) -> Result<()> {
        let (_, names, id_col) = tables(kind);
        self.0
            .execute(
                &format!("INSERT INTO {names} (norm, name, {id_col}) VALUES (?1, ?2, ?3)"),
                params![norm_name(spelling), spelling, id],
            )
            .map_err(sql)?;
        Ok(())
    }
}

/// Adds spellings to an existing thing (by the rules in `store::names`); returns
/// those that were new.
pub(crate) fn add_names(
    tx: &Transaction,
    kind: NameKind,
    id: i64,
    name: &str,
    aliases: &[String],
) -> Result<Vec<String>> {
    crate::store::names::add(&mut Spellings(tx), kind, id, name, aliases)
}

/// Records the built-in outlets in a new ledger, as its first event.
pub(crate) fn seed_builtins(tx: &Transaction, actor: &str) -> Result<()> {
    let (sources, payload) = crate::store::names::builtins();
    for s in &sources {
        insert(
            tx,
            NameKind::Source,
            s.name,
            &s.aliases,
            &[
                ("kind", s.kind.to_string().into()),
                ("url", s.url.to_string().into()),
                ("builtin", 1i64.into()),
            ],
        )?;
    }
    events::append(tx, actor, "ledger.init", &payload).map_err(sql)?;
    Ok(())
}

impl SqliteStore {
    /// The id and canonical name a spelling stands for.
    pub fn resolve(&self, kind: NameKind, name: &str) -> Result<Option<(i64, String)>> {
        lookup(&self.conn, kind, name).map_err(self.err())
    }

    /// Known spellings close to `name`, for "did you mean".
    pub fn suggestions(&self, kind: NameKind, name: &str) -> Result<Vec<String>> {
        suggest(&self.conn, kind, name).map_err(self.err())
    }

    /// Adds a source, subject or metric, or new spellings for an existing one. Returns
    /// the canonical name and whether anything changed.
    pub fn add_name(
        &mut self,
        kind: NameKind,
        name: &str,
        aliases: &[String],
        details: &NameDetails,
    ) -> Result<(String, Vec<String>, bool)> {
        let actor = self.actor.clone();
        let tx = self.write()?;
        let name = name.trim();
        let existing = lookup(&tx, kind, name).map_err(sql)?;
        let (canonical, added, created) = match existing {
            Some((id, canonical)) => {
                let added = add_names(&tx, kind, id, &canonical, aliases)?;
                (canonical, added, false)
            }
            None => {
                insert(&tx, kind, name, aliases, &columns(details))?;
                let added = aliases.to_vec();
                (name.to_string(), added, true)
            }
        };
        if created || !added.is_empty() {
            let mut payload = json!({"name": canonical, "aliases": added});
            for (col, v) in columns(details) {
                payload[col] = match v {
                    rusqlite::types::Value::Integer(i) => json!(i),
                    rusqlite::types::Value::Text(t) => json!(t),
                    _ => serde_json::Value::Null,
                };
            }
            let action = match (kind, created) {
                (_, true) => format!("{}.add", kind.word()),
                (_, false) => format!("{}.alias", kind.word()),
            };
            events::append(&tx, &actor, &action, &payload).map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok((canonical, added, created || !aliases.is_empty()))
    }

    /// Every source, subject or metric with its other spellings, for readers that
    /// look for known names in text (`extract`).
    pub fn spellings(&self, kind: NameKind) -> Result<Vec<(String, Vec<String>)>> {
        let (table, names, id_col) = tables(kind);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT t.name, n.name FROM {table} t JOIN {names} n ON n.{id_col} = t.id
                 ORDER BY t.id"
            ))
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.err())?;
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for row in rows {
            let (name, spelling) = row.map_err(self.err())?;
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

    /// Every source with its aliases and how many active claims it made.
    pub fn sources(&self) -> Result<Vec<SourceInfo>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.name, s.kind, s.url, s.builtin,
                        (SELECT json_group_array(n.name) FROM source_names n
                          WHERE n.source_id = s.id AND n.name <> s.name),
                        (SELECT count(*) FROM claims c WHERE c.source_id = s.id
                            AND c.id NOT IN (SELECT claim_id FROM retractions)
                            AND c.id NOT IN (SELECT claim_id FROM supersessions))
                 FROM sources s ORDER BY s.name COLLATE NOCASE",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                let aliases: String = r.get(5)?;
                Ok(SourceInfo {
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    url: r.get(3)?,
                    builtin: r.get::<_, i64>(4)? == 1,
                    aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                    claims: r.get(6)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }
}

impl SqliteStore {
    /// Every subject or metric with its aliases and how many active claims are about it.
    pub fn names(&self, kind: NameKind) -> Result<Vec<NameInfo>> {
        let (table, names, id_col) = tables(kind);
        let (multi, window) = if kind == NameKind::Metric {
            ("t.multi_valued", "t.window_days")
        } else {
            ("NULL", "NULL")
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT t.name,
                        (SELECT json_group_array(n.name) FROM {names} n
                          WHERE n.{id_col} = t.id AND n.name <> t.name),
                        0,
                        {multi},
                        {window}
                 FROM {table} t ORDER BY t.name COLLATE NOCASE"
            ))
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                let aliases: String = r.get(1)?;
                Ok(NameInfo {
                    name: r.get(0)?,
                    aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                    claims: r.get(2)?,
                    multi_valued: r.get::<_, Option<i64>>(3)?.map(|m| m == 1),
                    window_days: r.get(4)?,
                })
            })
            .map_err(self.err())?;
        let mut infos: Vec<NameInfo> = rows.collect::<rusqlite::Result<_>>().map_err(self.err())?;
        // One pass over the claims for all the counts (metrics have no index of their own).
        let mut counts = std::collections::HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT t.name, count(*) FROM claims c JOIN {table} t ON t.id = c.{id_col}
                 WHERE NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)
                   AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.claim_id = c.id)
                 GROUP BY c.{id_col}"
            ))
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(self.err())?;
        for row in rows {
            let (name, n) = row.map_err(self.err())?;
            counts.insert(name, n);
        }
        for info in &mut infos {
            info.claims = counts.get(&info.name).copied().unwrap_or(0);
        }
        Ok(infos)
    }
}

pub(crate) fn suggest(
    conn: &rusqlite::Connection,
    kind: NameKind,
    name: &str,
) -> rusqlite::Result<Vec<String>> {
    let (table, names, id_col) = tables(kind);
    let wanted = norm_name(name);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT n.norm, t.name FROM {names} n JOIN {table} t ON t.id = n.{id_col}"
    ))?;
    let mut scored: Vec<(f64, String)> = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(|r| r.ok())
        .map(|(norm, canonical)| {
            let score = strsim::jaro_winkler(&wanted, &norm)
                .max(strsim::normalized_damerau_levenshtein(&wanted, &norm));
            (score, canonical)
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
