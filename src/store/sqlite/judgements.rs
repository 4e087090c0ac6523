//! Judgements on contradiction groups: which claim was right, or why a group is not a
//! real disagreement.

use rusqlite::{OptionalExtension, params};
use serde_json::json;

use super::{SqliteStore, events, sql};
use crate::detect::Status;
use crate::error::Result;
use crate::store::Judgement;

impl SqliteStore {
    /// Every judgement, oldest first.
    pub fn judgements(&self) -> Result<Vec<Judgement>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT j.id, j.group_id, j.verdict, j.correct_claim_id, j.reason, j.claim_ids,
                        e.at, e.actor
                 FROM judgements j JOIN events e ON e.id = j.event_id ORDER BY j.id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                let ids: String = r.get(5)?;
                let word: String = r.get(2)?;
                let verdict = Status::from_word(&word).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        format!("unknown verdict '{word}'").into(),
                    )
                })?;
                Ok(Judgement {
                    id: r.get(0)?,
                    group_id: r.get(1)?,
                    verdict,
                    correct_claim: r.get(3)?,
                    reason: r.get(4)?,
                    claim_ids: serde_json::from_str(&ids).unwrap_or_default(),
                    at: r.get(6)?,
                    actor: r.get(7)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    /// Records a judgement as an event and a row. A judgement identical to the group's
    /// current one (same verdict, claim, reason and claims) records nothing: `None`.
    pub fn judge(
        &mut self,
        group_id: &str,
        verdict: Status,
        correct_claim: Option<i64>,
        reason: Option<&str>,
        claim_ids: &[i64],
    ) -> Result<Option<i64>> {
        let actor = self.actor.clone();
        let verdict = verdict.as_str();
        let tx = self.write()?;
        let current: Option<(String, Option<i64>, Option<String>, String)> = tx
            .query_row(
                "SELECT verdict, correct_claim_id, reason, claim_ids FROM judgements
                 WHERE group_id = ?1 ORDER BY id DESC LIMIT 1",
                [group_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(sql)?;
        if let Some((v, c, r, ids)) = current {
            let same_ids = serde_json::from_str::<Vec<i64>>(&ids).is_ok_and(|ids| ids == claim_ids);
            if v == verdict && c == correct_claim && r.as_deref() == reason && same_ids {
                return Ok(None);
            }
        }
        let event = events::append(
            &tx,
            &actor,
            "judgement.add",
            &json!({"group": group_id, "verdict": verdict, "correct_claim": correct_claim,
                    "reason": reason, "claims": claim_ids}),
        )
        .map_err(sql)?;
        tx.execute(
            "INSERT INTO judgements (group_id, verdict, correct_claim_id, reason, claim_ids, event_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![group_id, verdict, correct_claim, reason, json!(claim_ids).to_string(), event],
        )
        .map_err(sql)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(sql)?;
        Ok(Some(id))
    }

    /// Marks a metric multi-valued: its different values are never a contradiction.
    pub fn set_multi_valued(&mut self, metric: &str) -> Result<()> {
        let actor = self.actor.clone();
        let tx = self.write()?;
        events::append(&tx, &actor, "metric.multi_valued", &json!({"name": metric}))
            .map_err(sql)?;
        tx.execute(
            "UPDATE metrics SET multi_valued = 1 WHERE name = ?1",
            [metric],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }
}
