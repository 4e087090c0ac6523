//! Check the ledger against its history.

use crate::error::Result;
use crate::store::{Store, Verification};

/// What `verify` checks against.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// An anchor printed earlier (event count and head hash), from
    /// [`crate::store::parse_anchor`].
    pub against: Option<(i64, String)>,
}

/// Checks the whole ledger against its history (and the anchor, when given);
/// `progress` hears the number of claims checked so far. Problems are in the result,
/// not an error: the front end decides how to report them.
pub fn verify(
    ledger: &dyn Store,
    options: &VerifyOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Verification> {
    ledger.verify(options.against.clone(), progress)
}
