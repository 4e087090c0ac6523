//! The history of the ledger or of one claim.

use crate::error::Result;
use crate::store::{Event, Store};

/// The history, oldest first; for the claim with this id or key, the events that
/// touched it.
pub fn log(ledger: &dyn Store, claim: Option<&str>) -> Result<Vec<Event>> {
    let claim = claim.map(|c| ledger.claim(c)).transpose()?;
    ledger.events(claim.map(|c| c.id))
}
