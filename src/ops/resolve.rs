//! Record a judgement on a contradiction group.

use crate::detect::{Group, Settings, Status};
use crate::error::{Error, Result};
use crate::model::Claim;
use crate::store::Store;

/// A judgement: which claim was right, or why the group is not a real disagreement.
#[derive(Debug, Clone)]
pub enum Judge {
    Correct {
        /// The claim's id or key.
        claim: String,
        reason: Option<String>,
    },
    Dismiss {
        reason: String,
    },
}

/// What to judge and how.
#[derive(Debug, Clone)]
pub struct ResolveOptions {
    /// The group's id, or a unique prefix of at least 4 characters.
    pub group: String,
    pub judge: Judge,
    /// How the detector reads figures, so that the groups found are the ones the
    /// judge was shown.
    pub settings: Settings,
}

/// What a judgement did.
#[derive(Debug, Clone)]
pub struct Judged {
    pub group: Group,
    /// `Resolved` or `Dismissed`.
    pub verdict: Status,
    /// The claim marked correct, when one was.
    pub correct: Option<Claim>,
    pub reason: Option<String>,
    /// False when the group already had this judgement: nothing was recorded.
    pub recorded: bool,
    /// Who the judgement is recorded as.
    pub actor: String,
}

/// The one group `wanted` names: its id or a unique prefix of at least 4 characters.
pub fn find_group(ledger: &dyn Store, wanted: &str, settings: Settings) -> Result<Group> {
    let groups = super::contradictions::find(ledger, None, None, settings)?;
    let wanted_lc = wanted.trim().to_lowercase();
    if wanted_lc.len() < 4 {
        return Err(Error::Usage(
            "give at least 4 characters of the group id".into(),
        ));
    }
    let mut matches: Vec<Group> = groups
        .into_iter()
        .filter(|g| g.id.starts_with(&wanted_lc))
        .collect();
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => Err(Error::NoSuchGroup(wanted.to_string())),
        _ => {
            let ids: Vec<&str> = matches.iter().map(|g| g.id.as_str()).collect();
            Err(Error::Usage(format!(
                "'{wanted}' matches several groups: {}",
                ids.join(", ")
            )))
        }
    }
}

/// Records a judgement on a group (event `group.judge`). A judgement identical to the
/// group's current one records nothing and comes back with `recorded: false`.
pub fn resolve(ledger: &mut dyn Store, options: &ResolveOptions) -> Result<Judged> {
    let group = find_group(&*ledger, &options.group, options.settings)?;
    let (verdict, correct, reason) = match &options.judge {
        Judge::Dismiss { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(Error::Usage("--dismiss needs a --reason".into()));
            }
            (Status::Dismissed, None, Some(reason.to_string()))
        }
        Judge::Correct { claim, reason } => {
            let correct = ledger.claim(claim.trim())?;
            if !group.claim_ids.contains(&correct.id) {
                return Err(Error::Usage(format!(
                    "claim {} is not part of group {} ({} {})",
                    correct.id, group.id, group.subject, group.metric
                )));
            }
            let reason = reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(String::from);
            (Status::Resolved, Some(correct), reason)
        }
    };
    let recorded = ledger.judge(
        &group.id,
        verdict,
        correct.as_ref().map(|c| c.id),
        reason.as_deref(),
        &group.claim_ids,
    )?;
    Ok(Judged {
        group,
        verdict,
        correct,
        reason,
        recorded: recorded.is_some(),
        actor: ledger.actor().to_string(),
    })
}
