//! Record one claim.

use crate::error::{RecordError, Result};
use crate::model::Draft;
use crate::store::{Outcome, Store, WriterOptions};

/// How one claim is recorded.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddOptions {
    /// Create the source (and the relaying outlet) if the ledger does not know it.
    pub new_source: bool,
    /// Accept a publication date after tomorrow.
    pub allow_future: bool,
}

/// The warnings a draft deserves beside the ledger: words not understood, a missing unit.
pub fn warnings(draft: &Draft, metric_unit: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(words) = crate::value::unread_words(&draft.value, &draft.parsed) {
        out.push(super::import::text_warning(&draft.value, &words));
    }
    if let (crate::value::Value::Quantity(q), Some(unit)) = (&draft.parsed, metric_unit)
        && q.unit.is_none()
    {
        out.push(super::import::unitless_warning(
            &draft.value,
            &draft.metric,
            unit,
        ));
    }
    out
}

/// The checks a draft must pass before the ledger is opened: a publication date at
/// most tomorrow, unless the options allow a later one.
pub fn check(draft: &Draft, options: AddOptions) -> Result<(), RecordError> {
    if !options.allow_future {
        crate::record::check_not_future(draft, 0)?;
    }
    Ok(())
}

/// Records `draft` as one write with its `claims.add` event. `warn` hears the draft's
/// warnings before anything is written. A record the ledger refuses (a date in the
/// future, an unknown source, a key already used …) is the inner `Err`, naming its
/// field, and nothing is written.
pub fn add(
    ledger: &mut dyn Store,
    draft: &Draft,
    options: AddOptions,
    warn: &mut dyn FnMut(String),
) -> Result<Result<Outcome, RecordError>> {
    if let Err(e) = check(draft, options) {
        return Ok(Err(e));
    }
    let metric_unit = match &draft.parsed {
        crate::value::Value::Quantity(q) if q.unit.is_none() => {
            ledger.metric_unit(&draft.metric)?
        }
        _ => None,
    };
    for w in warnings(draft, metric_unit.as_deref()) {
        warn(w);
    }
    let mut writer = ledger.writer(WriterOptions {
        new_sources: options.new_source,
        keep_records: true,
        bulk: false,
    })?;
    let outcome = match writer.insert(draft, 0)? {
        Ok(o) => o,
        Err(e) => return Ok(Err(e)),
    };
    writer.commit("claims.add", "add")?;
    Ok(Ok(outcome))
}
