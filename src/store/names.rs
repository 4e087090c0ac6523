//! The rules for recording the spellings of a source, subject or metric, the same on
//! every backend: a spelling is not empty, names one thing only, and shows what it is
//! (no control characters, and no source spelling a reader could take for another
//! source's). Each backend says how to look spellings up and store them
//! ([`Spellings`]); the rules and their words live here once.

use serde_json::json;

use crate::builtin;
use crate::error::Error;
use crate::lookalike::{differing, escaped, is_bidi_control, skeleton};
use crate::store::NameKind;

/// What recording spellings needs from a backend, inside its open write transaction.
pub(crate) trait Spellings {
    /// The backend's error; the rules' own errors convert into it.
    type Err: From<Error>;

    /// The id and canonical name that `spelling` stands for, if any.
    fn lookup(
        &mut self,
        kind: NameKind,
        spelling: &str,
    ) -> Result<Option<(i64, String)>, Self::Err>;

    /// Every spelling of every thing of `kind`: the spelling, its thing's canonical
    /// name and id.
    fn every_spelling(&mut self, kind: NameKind) -> Result<Vec<(String, String, i64)>, Self::Err>;

    /// Records `spelling` as a name of the thing `id`.
    fn insert_spelling(&mut self, kind: NameKind, id: i64, spelling: &str)
    -> Result<(), Self::Err>;
}

/// Adds the name and its aliases as spellings of the thing `id`; returns the aliases
/// that were new. Refuses an empty spelling, one that names something else, and one a
/// reader could not tell from what it is.
pub(crate) fn add<S: Spellings>(
    store: &mut S,
    kind: NameKind,
    id: i64,
    name: &str,
    aliases: &[String],
) -> Result<Vec<String>, S::Err> {
    let mut added = Vec::new();
    for spelling in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
        let spelling = spelling.trim();
        if spelling.is_empty() {
            return Err(Error::Usage(format!("a {} name cannot be empty", kind.word())).into());
        }
        match store.lookup(kind, spelling)? {
            Some((other, _)) if other == id => continue,
            Some((_, other_name)) => {
                return Err(Error::Usage(format!(
                    "'{}' already names the {} '{}'",
                    escaped(spelling),
                    kind.word(),
                    escaped(&other_name)
                ))
                .into());
            }
            None => {}
        }
        check_visible(store, kind, id, spelling)?;
        store.insert_spelling(kind, id, spelling)?;
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
fn check_visible<S: Spellings>(
    store: &mut S,
    kind: NameKind,
    id: i64,
    spelling: &str,
) -> Result<(), S::Err> {
    let control = spelling
        .chars()
        .find(|c| c.is_control() || is_bidi_control(*c));
    if kind == NameKind::Source {
        // With direction controls, the name may show reversed: try both ways.
        let mut shown = vec![skeleton(spelling)];
        if control.is_some() {
            let reversed: String = spelling.chars().rev().collect();
            shown.push(skeleton(&reversed));
        }
        let found = store
            .every_spelling(kind)?
            .into_iter()
            .find(|(existing, _, other)| *other != id && shown.contains(&skeleton(existing)));
        if let Some((existing, canonical, _)) = found {
            let odd = differing(spelling, &existing);
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
            ))
            .into());
        }
    }
    if let Some(c) = control {
        return Err(Error::Usage(format!(
            "the {} name '{}' contains U+{:04X}, a control character that hides or reorders \
             what a reader sees; write the name without it",
            kind.word(),
            escaped(spelling),
            c as u32
        ))
        .into());
    }
    Ok(())
}

/// A built-in outlet as a new ledger records it.
pub(crate) struct Builtin {
    pub name: &'static str,
    pub aliases: Vec<String>,
    pub kind: &'static str,
    pub url: &'static str,
}

/// The built-in outlets a new ledger starts with, and the payload of its first event
/// (`ledger.init`), which lists them.
pub(crate) fn builtins() -> (Vec<Builtin>, serde_json::Value) {
    let sources: Vec<Builtin> = builtin::SOURCES
        .iter()
        .map(|s| Builtin {
            name: s.name,
            aliases: s.aliases.iter().map(|a| a.to_string()).collect(),
            kind: s.kind,
            url: s.url,
        })
        .collect();
    let listed: Vec<serde_json::Value> = sources
        .iter()
        .map(|s| json!({"name": s.name, "aliases": s.aliases, "kind": s.kind, "url": s.url}))
        .collect();
    (sources, json!({"schema": 1, "sources": listed}))
}
