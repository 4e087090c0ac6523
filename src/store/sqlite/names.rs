//! Sources, subjects and metrics, each with the spellings that name it.

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::{SqliteStore, events, sql};
use crate::builtin;
use crate::error::{Error, Result};
use crate::lookalike::escaped;
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

/// Adds spellings to an existing thing; returns those that were new.
pub(crate) fn add_names(
    tx: &Transaction,
    kind: NameKind,
    id: i64,
    name: &str,
    aliases: &[String],
) -> Result<Vec<String>> {
    let names = tables(kind).1;
    let id_col = tables(kind).2;
    let mut added = Vec::new();
    for spelling in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
        let spelling = spelling.trim();
        if spelling.is_empty() {
            return Err(Error::Usage(format!(
                "a {} name cannot be empty",
                kind.word()
            )));
        }
        match lookup(tx, kind, spelling).map_err(sql)? {
            Some((other, _)) if other == id => continue,
            Some((_, other_name)) => {
                return Err(Error::Usage(format!(
                    "'{}' already names the {} '{}'",
                    escaped(spelling),
                    kind.word(),
                    escaped(&other_name)
                )));
            }
            None => {}
        }
        check_visible(tx, kind, id, spelling)?;
        tx.execute(
            &format!("INSERT INTO {names} (norm, name, {id_col}) VALUES (?1, ?2, ?3)"),
            params![norm_name(spelling), spelling, id],
        )
        .map_err(sql)?;
        if spelling != name {
            added.push(spelling.to_string());
        }
    }
    Ok(added)
}

/// Refuses a new spelling a reader could not tell from what it is: one with controls or
/// direction overrides (`\u{202e}sretueR` shows as `Reuters`), and, for sources, one
/// that looks like a spelling of another source (TR39 confusables: a Cyrillic `е`,
/// an accent, full-width letters). Sources are what corroboration counts: a look-alike
/// would let anyone manufacture agreement.
fn check_visible(tx: &Transaction, kind: NameKind, id: i64, spelling: &str) -> Result<()> {
    let control = spelling
        .chars()
        .find(|c| c.is_control() || crate::lookalike::is_bidi_control(*c));
    if kind == NameKind::Source {
        // With direction controls, the name may show reversed: try both ways.
        let mut shown = vec![crate::lookalike::skeleton(spelling)];
        if control.is_some() {
            let reversed: String = spelling.chars().rev().collect();
            shown.push(crate::lookalike::skeleton(&reversed));
        }
        if let Some((existing, canonical)) = look_alike(tx, kind, id, &shown)? {
            let odd = crate::lookalike::differing(spelling, &existing);
            let odd = if odd.is_empty() {
                String::new()
            } else {
                format!(" (it differs in {})", odd.join(", "))
            };
            return Err(Error::Usage(format!(
                "the source name '{}' looks like '{}', a spelling of the source '{}'{odd}; \
                 a reader could not tell them apart. Use `--source '{}'`, or name the new \
                 source differently",
                escaped(spelling),
                escaped(&existing),
                escaped(&canonical),
                escaped(&canonical)
            )));
        }
    }
    if let Some(c) = control {
        return Err(Error::Usage(format!(
            "the {} name '{}' contains U+{:04X}, a control character that hides or reorders \
             what a reader sees; write the name without it",
            kind.word(),
            escaped(spelling),
            c as u32
        )));
    }
    Ok(())
}

/// A spelling of another thing whose skeleton is one of `shown`: the spelling and the
/// thing's canonical name.
fn look_alike(
    tx: &Transaction,
    kind: NameKind,
    id: i64,
    shown: &[String],
) -> Result<Option<(String, String)>> {
    let (table, names, id_col) = tables(kind);
    let mut stmt = tx
        .prepare_cached(&format!(
            "SELECT n.name, t.name, t.id FROM {names} n JOIN {table} t ON t.id = n.{id_col}"
        ))
        .map_err(sql)?;
    let spellings = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .map_err(sql)?;
    for row in spellings {
        let (existing, canonical, other) = row.map_err(sql)?;
        if other != id && shown.contains(&crate::lookalike::skeleton(&existing)) {
            return Ok(Some((existing, canonical)));
        }
    }
    Ok(None)
}

/// Records the built-in outlets in a new ledger, as its first event.
pub(crate) fn seed_builtins(tx: &Transaction, actor: &str) -> Result<()> {
    let mut listed = Vec::new();
    for s in builtin::SOURCES {
        let aliases: Vec<String> = s.aliases.iter().map(|a| a.to_string()).collect();
        insert(
            tx,
            NameKind::Source,
            s.name,
            &aliases,
            &[
                ("kind", s.kind.to_string().into()),
                ("url", s.url.to_string().into()),
                ("builtin", 1i64.into()),
            ],
        )?;
        listed.push(json!({"name": s.name, "aliases": aliases, "kind": s.kind, "url": s.url}));
    }
    events::append(
        tx,
        actor,
        "ledger.init",
        &json!({"schema": 1, "sources": listed}),
    )
    .map_err(sql)?;
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
            .prepare(&format!(
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
            .prepare(
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
            .prepare(&format!(
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
            .prepare(&format!(
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
