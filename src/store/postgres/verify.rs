//! `verify` on a server ledger: the rows read in one snapshot (a repeatable-read,
//! read-only transaction) and fed to the shared replay (`store::replay`), which words
//! every problem as it does for SQLite. The append-only triggers are checked too: a
//! superuser can drop them, and the replay still catches what was changed meanwhile.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as J;

use super::PostgresStore;
use super::read::claim_from_row;
use crate::error::Result;
use crate::store::Verification;
use crate::store::replay::{ClaimRow, EventRow, JudgementRow, NameRow, Replay};
use crate::store::{CLAIM_COLUMNS, CLAIM_JOINS};

impl PostgresStore {
    pub(super) fn check(
        &self,
        against: Option<(i64, String)>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Verification> {
        {
            let mut c = self.client()?;
            c.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .map_err(self.err())?;
        }
        self.open_cursors.set(self.open_cursors.get() + 1);
        let result = self.check_snapshot(against, progress);
        self.open_cursors.set(self.open_cursors.get() - 1);
        let end = match self.client() {
            Ok(mut c) => c.batch_execute("ROLLBACK").map_err(self.err()),
            Err(e) => Err(e),
        };
        let v = result?;
        end?;
        Ok(v)
    }

    fn check_snapshot(
        &self,
        against: Option<(i64, String)>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Verification> {
        let mut r = Replay::new(against);

        // 1. The append-only guard.
        let guards: i64 = {
            let mut c = self.client()?;
            c.query_one(
                "SELECT count(*) FROM pg_catalog.pg_trigger
                  WHERE tgrelid = 'events'::regclass AND tgenabled <> 'D'
                    AND tgname IN ('events_no_update', 'events_no_truncate')",
                &[],
            )
            .map_err(self.err())?
            .get(0)
        };
        if guards != 2 {
            r.problem(
                "the event log's append-only triggers were removed or disabled: the history \
                 could be changed in place"
                    .into(),
            );
        }

        // 2 and 3a. The chain, and what it says.
        self.stream(
            "SELECT id, at, actor, action, payload, prev_hash, hash FROM events ORDER BY id",
            &mut |row| {
                r.event(EventRow {
                    id: row.get(0),
                    at: row.get(1),
                    actor: row.get(2),
                    action: row.get(3),
                    payload: row.get(4),
                    prev_hash: row.get(5),
                    hash: row.get(6),
                });
                Ok(true)
            },
        )?;
        r.end_events();

        // 3b. Named things.
        for (kind, table, spellings_table, id_col, extra) in [
            (
                "source",
                "sources",
                "source_names",
                "source_id",
                "kind, url, builtin",
            ),
            (
                "subject",
                "subjects",
                "subject_names",
                "subject_id",
                "NULL, NULL, false",
            ),
            (
                "metric",
                "metrics",
                "metric_names",
                "metric_id",
                "NULL, NULL, multi_valued",
            ),
        ] {
            let mut c = self.client()?;
            let rows: Vec<NameRow> = c
                .query(
                    &format!("SELECT id, name, {extra} FROM {table} ORDER BY id"),
                    &[],
                )
                .map_err(self.err())?
                .iter()
                .map(|x| (x.get(0), x.get(1), x.get(2), x.get(3), x.get(4)))
                .collect();
            let spellings: BTreeSet<(String, String, String)> = c
                .query(
                    &format!(
                        "SELECT n.norm, n.name, coalesce(t.name, '') FROM {spellings_table} n
                         LEFT JOIN {table} t ON t.id = n.{id_col}"
                    ),
                    &[],
                )
                .map_err(self.err())?
                .iter()
                .map(|x| (x.get(0), x.get(1), x.get(2)))
                .collect();
            drop(c);
            r.names(kind, table, &rows, &spellings);
        }

        // 3c. Claims in id order, with their words in the search index.
        let mut index_problem: Option<String> = None;
        let sql = format!(
            "SELECT {CLAIM_COLUMNS}, c.norm, c.time_key, c.time_start, c.hash, c.event_id,
                    tsvector_to_array(w.words)
             {CLAIM_JOINS} LEFT JOIN claim_words w ON w.claim_id = c.id ORDER BY c.id"
        );
        self.stream(&sql, &mut |row| {
            let claim = claim_from_row(row);
            let stored: Option<Vec<String>> = row.get(31);
            if index_problem.is_none() {
                let text = crate::search::index_text(&[
                    claim.quote.as_deref(),
                    claim.title.as_deref(),
                    claim.notes.as_deref(),
                ]);
                let want: BTreeSet<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
                let have: BTreeSet<&str> = stored.iter().flatten().map(String::as_str).collect();
                if let Some(w) = want.difference(&have).next() {
                    index_problem = Some(format!(
                        "the search index lacks the word '{w}' of claim {}: it was changed \
                         behind the tool's back, and --search misses claims",
                        claim.id
                    ));
                } else if let Some(w) = have.difference(&want).next() {
                    index_problem = Some(format!(
                        "the search index lists claim {} under the word '{w}', which the claim \
                         does not contain: it was changed behind the tool's back",
                        claim.id
                    ));
                }
            }
            let claim_row = ClaimRow {
                norm: row.get(26),
                time_key: row.get(27),
                time_start: row.get(28),
                hash: row.get(29),
                event_id: row.get(30),
                claim,
            };
            r.claim(&claim_row);
            if r.v.claims % 10_000 == 0 {
                progress(r.v.claims as u64);
            }
            Ok(true)
        })?;
        r.end_claims();
        progress(r.v.claims as u64);
        if let Some(p) = index_problem {
            r.problem(p);
        }

        // 3d. Retractions, supersessions, judgements; citations.
        let mut c = self.client()?;
        let retractions: BTreeMap<i64, (String, i64)> = c
            .query(
                "SELECT claim_id, reason, event_id FROM retractions ORDER BY claim_id",
                &[],
            )
            .map_err(self.err())?
            .iter()
            .map(|x| (x.get(0), (x.get(1), x.get(2))))
            .collect();
        let supersessions: BTreeMap<i64, (Option<i64>, i64)> = c
            .query(
                "SELECT claim_id, by_claim_id, event_id FROM supersessions ORDER BY claim_id",
                &[],
            )
            .map_err(self.err())?
            .iter()
            .map(|x| (x.get(0), (x.get(1), x.get(2))))
            .collect();
        let judgements: Vec<JudgementRow> = c
            .query(
                "SELECT group_id, verdict, correct_claim_id, reason, claim_ids, event_id
                 FROM judgements ORDER BY id",
                &[],
            )
            .map_err(self.err())?
            .iter()
            .map(|x| {
                let ids: String = x.get(4);
                let ids = serde_json::from_str::<J>(&ids)
                    .map(|j| j.to_string())
                    .unwrap_or(ids);
                (x.get(0), x.get(1), x.get(2), x.get(3), ids, x.get(5))
            })
            .collect();
        let misfiled: Option<i64> = c
            .query_opt(
                "SELECT c.id FROM claims c JOIN citations ci ON ci.id = c.citation_id
                 WHERE c.source_id <> ci.source_id ORDER BY c.id LIMIT 1",
                &[],
            )
            .map_err(self.err())?
            .map(|x| x.get(0));
        let orphan: Option<i64> = c
            .query_opt(
                "SELECT id FROM citations ci
                 WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.citation_id = ci.id)
                 ORDER BY id LIMIT 1",
                &[],
            )
            .map_err(self.err())?
            .map(|x| x.get(0));
        drop(c);
        r.rest(&retractions, &supersessions, &judgements, misfiled, orphan);
        Ok(r.v)
    }
}
