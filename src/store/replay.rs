//! What `verify` concludes from rows, whatever backend they came from: the event chain
//! walked and replayed, the named things, the claims batch by batch, retractions,
//! supersessions and judgements compared with what the history says (spec §5).
//!
//! A backend reads its rows (in one snapshot) and feeds them here in the stated order;
//! the problems are worded the same on every backend.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as J;

use crate::model::{Claim, Derived, norm_name};
use crate::sha256::Running;
use crate::store::Verification;
use crate::{time, value};

const MAX_PROBLEMS: usize = 20;

/// A named thing as the events describe it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Named {
    pub name: String,
    pub spellings: BTreeSet<String>,
    pub kind: Option<String>,
    pub url: Option<String>,
    pub flag: bool,
}

/// The sources, subjects or metrics the history created, in order.
#[derive(Default)]
pub struct Names {
    pub things: Vec<Named>,
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

/// A judgement: group, verdict, correct claim, reason, claims (JSON), event.
pub type JudgementRow = (String, String, Option<i64>, Option<String>, String, i64);

/// A named thing's row: id, name, kind, url, flag.
pub type NameRow = (i64, String, Option<String>, Option<String>, bool);

/// One event row.
pub struct EventRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// One claim row with what the ledger stores beside its record.
pub struct ClaimRow {
    pub claim: Claim,
    pub norm: String,
    pub time_key: String,
    pub time_start: String,
    pub hash: Vec<u8>,
    pub event_id: i64,
}

/// The check in progress.
pub struct Replay {
    pub v: Verification,
    against: Option<(i64, String)>,
    pub sources: Names,
    pub subjects: Names,
    pub metrics: Names,
    batches: Vec<Batch>,
    retractions: BTreeMap<i64, (String, i64)>,
    supersessions: BTreeMap<i64, (Option<i64>, i64)>,
    judgements: Vec<JudgementRow>,
    prev: String,
    expected_id: i64,
    chain_ok: bool,
    // Claims.
    batch_at: usize,
    digest: Running,
    seen_in_batch: i64,
    unrecorded: Option<(i64, usize)>,
}

impl Replay {
    pub fn new(against: Option<(i64, String)>) -> Replay {
        Replay {
            v: Verification::default(),
            against,
            sources: Names::default(),
            subjects: Names::default(),
            metrics: Names::default(),
            batches: Vec::new(),
            retractions: BTreeMap::new(),
            supersessions: BTreeMap::new(),
            judgements: Vec::new(),
            prev: String::new(),
            expected_id: 1,
            chain_ok: true,
            batch_at: 0,
            digest: Running::default(),
            seen_in_batch: 0,
            unrecorded: None,
        }
    }

    pub fn problem(&mut self, p: String) {
        if self.v.problems.len() < MAX_PROBLEMS {
            self.v.problems.push(p);
        }
    }

    /// 2 and 3a: the next event, in id order.
    pub fn event(&mut self, e: EventRow) {
        let EventRow {
            id,
            at,
            actor,
            action,
            payload,
            prev_hash,
            hash,
        } = e;
        if self.chain_ok {
            if id != self.expected_id {
                let expected = self.expected_id;
                self.problem(format!(
                    "event {expected} is missing from the history (the next is event {id})"
                ));
                self.chain_ok = false;
            } else if prev_hash != self.prev {
                self.problem(format!(
                    "event {id} does not link to event {}: the history was changed",
                    id - 1
                ));
                self.chain_ok = false;
            } else if crate::store::hash(&crate::store::encode(
                id, &at, &actor, &action, &prev_hash, &payload,
            )) != hash
            {
                self.problem(format!(
                    "event {id} ({action}) was altered: its hash does not match its content"
                ));
                self.chain_ok = false;
            }
        }
        if let (Some((n, h)), true) = (self.against.clone(), self.chain_ok) {
            if id == n && hash != h {
                self.problem(format!(
                    "event {id} differs from the anchor: the history was rewritten"
                ));
                self.chain_ok = false;
            }
        }
        self.prev = hash.clone();
        self.expected_id = id + 1;
        self.v.events = id;
        self.v.head = hash;
        let p: J = serde_json::from_str(&payload).unwrap_or(J::Null);
        match action.as_str() {
            "ledger.init" => {
                for s in p["sources"].as_array().into_iter().flatten() {
                    let t = self.sources.add(
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
                    "source.add" => &mut self.sources,
                    "subject.add" => &mut self.subjects,
                    _ => &mut self.metrics,
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
                    "source.alias" => &mut self.sources,
                    "subject.alias" => &mut self.subjects,
                    _ => &mut self.metrics,
                };
                let name = text(&p, "name").unwrap_or_default();
                match names.find(&name) {
                    Some(t) => t.spellings.extend(strings(&p["aliases"])),
                    None => self.problem(format!(
                        "event {id} adds aliases to '{name}', which no event created"
                    )),
                }
            }
            "metric.multi_valued" => {
                let name = text(&p, "name").unwrap_or_default();
                if let Some(t) = self.metrics.find(&name) {
                    t.flag = true;
                }
            }
            "claims.add" | "claims.import" => {
                for c in p["created"].as_array().into_iter().flatten() {
                    let name = text(c, "name").unwrap_or_default();
                    match c["kind"].as_str() {
                        Some("source") => self.sources.add(&name, &[]),
                        Some("subject") => self.subjects.add(&name, &[]),
                        _ => self.metrics.add(&name, &[]),
                    };
                }
                if let (Some(first), Some(last)) = (p["first_id"].as_i64(), p["last_id"].as_i64()) {
                    self.batches.push(Batch {
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
                    self.supersessions.insert(old, (by, id));
                }
                for c in p["retracted"].as_array().into_iter().flatten() {
                    self.retractions.insert(
                        c.as_i64().unwrap_or(0),
                        ("retracted in the imported record".into(), id),
                    );
                }
            }
            // A metric's comparison window: a setting, not part of any record.
            "metric.window" => {}
            "claim.retract" => {
                self.retractions.insert(
                    p["claim"].as_i64().unwrap_or(0),
                    (text(&p, "reason").unwrap_or_default(), id),
                );
            }
            "judgement.add" => self.judgements.push((
                text(&p, "group").unwrap_or_default(),
                text(&p, "verdict").unwrap_or_default(),
                p["correct_claim"].as_i64(),
                text(&p, "reason"),
                p["claims"].to_string(),
                id,
            )),
            other => self.problem(format!("event {id} has an unknown action '{other}'")),
        }
    }

    /// After the last event: the anchor's count.
    pub fn end_events(&mut self) {
        if let Some((n, _)) = self.against.clone() {
            self.v.anchor_checked = true;
            if self.v.events < n {
                let have = self.v.events;
                self.problem(format!(
                    "the history has {have} events but the anchor vouches for {n}: events were removed"
                ));
            }
        }
        self.batches.sort_by_key(|b| b.first);
    }

    /// 3b: a kind's table rows (by id) and spellings (norm, name, canonical name).
    pub fn names(
        &mut self,
        kind: &str,
        table: &str,
        rows: &[NameRow],
        spellings: &BTreeSet<(String, String, String)>,
    ) {
        let names = match kind {
            "source" => std::mem::take(&mut self.sources),
            "subject" => std::mem::take(&mut self.subjects),
            _ => std::mem::take(&mut self.metrics),
        };
        if rows.len() != names.things.len() {
            self.problem(format!(
                "the {table} table has {} rows; the history created {}",
                rows.len(),
                names.things.len()
            ));
        }
        for ((id, name, k, url, flag), want) in rows.iter().zip(&names.things) {
            let same = *name == want.name
                && (kind == "subject" || *flag == want.flag)
                && (kind != "source" || (*k == want.kind && *url == want.url));
            if !same {
                self.problem(format!(
                    "{kind} {id} ('{name}') differs from what the history recorded ('{}')",
                    want.name
                ));
            }
        }
        let want: BTreeSet<(String, String, String)> = names
            .things
            .iter()
            .flat_map(|t| {
                t.spellings
                    .iter()
                    .map(|s| (norm_name(s), s.trim().to_string(), t.name.clone()))
            })
            .collect();
        if let Some(x) = spellings.symmetric_difference(&want).next() {
            let side = if spellings.contains(x) {
                "is not in the history"
            } else {
                "is missing"
            };
            self.problem(format!(
                "the {kind} spelling '{}' (for '{}') {side}",
                x.1, x.2
            ));
        }
    }

    fn close_batch(&mut self) {
        let b = &self.batches[self.batch_at];
        let (event, first, last, count) = (b.event, b.first, b.last, b.count);
        let recorded = b.digest.clone();
        let d = hex::encode(std::mem::take(&mut self.digest).finish());
        let seen = self.seen_in_batch;
        if seen != count || last - first + 1 != count {
            self.problem(format!(
                "event {event} added {count} claims (ids {first}–{last}) but the ledger holds {seen} of them"
            ));
        } else if d != recorded {
            self.problem(format!(
                "the claims of event {event} (ids {first}–{last}) do not match the hash it recorded"
            ));
        }
        self.seen_in_batch = 0;
        self.batch_at += 1;
    }

    /// 3c: the next claim, in id order. (Each backend checks its own search index
    /// beside this.)
    pub fn claim(&mut self, row: &ClaimRow) {
        let claim = &row.claim;
        self.v.claims += 1;
        while self.batch_at < self.batches.len() && claim.id > self.batches[self.batch_at].last {
            self.close_batch();
        }
        let Some(b) = self
            .batches
            .get(self.batch_at)
            .filter(|b| claim.id >= b.first)
        else {
            let u = self.unrecorded.get_or_insert((claim.id, 0));
            u.1 += 1;
            return;
        };
        let batch_event = b.event;
        if row.event_id != batch_event {
            self.problem(format!(
                "claim {} says it was added by event {}, but event {batch_event} added it",
                claim.id, row.event_id
            ));
        }
        let hash = claim.canonical().hash();
        if row.hash != hash {
            self.problem(format!(
                "claim {} ({} {} '{}') was edited: it no longer matches its recorded hash",
                claim.id, claim.subject, claim.metric, claim.value
            ));
        }
        self.digest.update(&hash);
        self.seen_in_batch += 1;
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
                && d.norm == row.norm
                && d.time_key == row.time_key
                && d.time_start == row.time_start
        });
        if !matches {
            self.problem(format!(
                "claim {}: its stored reading (kind, unit, bounds or time) does not match its value '{}'",
                claim.id, claim.value
            ));
        }
    }

    /// After the last claim.
    pub fn end_claims(&mut self) {
        if let Some((first, n)) = self.unrecorded {
            let others = if n > 1 {
                format!(" (and {} more)", n - 1)
            } else {
                String::new()
            };
            self.problem(format!(
                "claim {first}{others} is not recorded by any event: added behind the tool's back"
            ));
        }
        while self.batch_at < self.batches.len() {
            self.close_batch();
        }
    }

    /// 3d: the retraction, supersession and judgement tables, and the first claim whose
    /// citation names another source (`misfiled`) and the first citation of no claim
    /// (`orphan`).
    pub fn rest(
        &mut self,
        retractions: &BTreeMap<i64, (String, i64)>,
        supersessions: &BTreeMap<i64, (Option<i64>, i64)>,
        judgements: &[JudgementRow],
        misfiled: Option<i64>,
        orphan: Option<i64>,
    ) {
        if let Some(id) = first_difference(retractions, &self.retractions) {
            let id = *id;
            self.problem(format!(
                "the retraction of claim {id} differs from the history"
            ));
        }
        if let Some(id) = first_difference(supersessions, &self.supersessions) {
            let id = *id;
            self.problem(format!(
                "the supersession of claim {id} differs from the history"
            ));
        }
        if judgements != self.judgements.as_slice() {
            let at = judgements
                .iter()
                .zip(&self.judgements)
                .position(|(a, b)| a != b)
                .unwrap_or(judgements.len().min(self.judgements.len()));
            let (recorded, table) = (self.judgements.len(), judgements.len());
            self.problem(format!(
                "judgement {} differs from the history ({recorded} recorded, {table} in the table)",
                at + 1
            ));
        }
        if let Some(id) = misfiled {
            self.problem(format!(
                "claim {id} names another source than its citation does"
            ));
        }
        if let Some(id) = orphan {
            self.problem(format!(
                "citation {id} belongs to no claim: it was added behind the tool's back"
            ));
        }
    }
}
