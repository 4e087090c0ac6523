//! Mark a claim withdrawn by its source.

use crate::error::{Error, Result};
use crate::model::Claim;
use crate::store::Store;

/// What a retraction did.
#[derive(Debug, Clone)]
pub struct Retracted {
    pub claim: Claim,
    /// False when the claim already was retracted: nothing was written.
    pub changed: bool,
}

/// The reason, trimmed; a blank one is refused (before the ledger is opened).
pub fn check_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::Usage(
            "--reason cannot be empty: say why the claim was withdrawn".into(),
        ));
    }
    Ok(reason)
}

/// Marks the claim with this id or key retracted (event `claim.retract`), for a reason
/// that cannot be blank.
pub fn retract(ledger: &mut dyn Store, id_or_key: &str, reason: &str) -> Result<Retracted> {
    let reason = check_reason(reason)?;
    let claim = ledger.claim(id_or_key)?;
    let changed = ledger.retract(claim.id, reason)?;
    Ok(Retracted { claim, changed })
}
