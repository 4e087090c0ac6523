//! One function per use case, shared by every front end (the command line today; a
//! team ledger and a web page next). An op takes the ledger and a plain options struct
//! and returns a result: no argument parsing, no output formats, no printing. `cmd/`
//! turns flags into options, calls the op and hands the result to `render/`.

pub mod add;
pub mod contradictions;
pub mod import;
pub mod list;
pub mod log;
pub mod names;
pub mod resolve;
pub mod retract;
pub mod show;
pub mod timeline;
pub mod truth;
pub mod verify;

use crate::error::Result;
use crate::store::{NameKind, Store};

/// Refuses a subject or metric filter that names nothing in the ledger, with the close
/// names it may have meant: a typo must not read as "nothing found".
pub fn check_names(ledger: &dyn Store, subject: Option<&str>, metric: Option<&str>) -> Result<()> {
    for (kind, name) in [(NameKind::Subject, subject), (NameKind::Metric, metric)] {
        if let Some(name) = name {
            ledger.known(kind, name)?;
        }
    }
    Ok(())
}
