//! Claims selected by filters, and the reviews of judged contradictions.

use crate::detect::{Group, Status};
use crate::error::Result;
use crate::model::Claim;
use crate::render::html::Urls;
use crate::store::{Filter, Store};

/// Calls `each` with every claim the filter selects, in the order they were recorded.
/// An unknown source, subject or metric in the filter is an error naming the close
/// spellings.
pub fn claims(
    ledger: &dyn Store,
    filter: &Filter,
    each: &mut dyn FnMut(Claim) -> Result<()>,
) -> Result<()> {
    ledger.claims(filter, each)
}

/// Every judged contradiction (resolved or dismissed), optionally about one subject
/// and metric, with the web addresses of its claims: what a ClaimReview export holds.
pub fn judged(
    ledger: &dyn Store,
    subject: Option<String>,
    metric: Option<String>,
) -> Result<(Vec<Group>, Urls)> {
    use super::contradictions::{ReportOptions, Which, report, urls};
    let options = ReportOptions {
        subject,
        metric,
        status: Which::All,
        ..ReportOptions::default()
    };
    let judged: Vec<Group> = report(ledger, &options)?
        .into_iter()
        .filter(|g| {
            g.judgement
                .as_ref()
                .is_some_and(|j| j.verdict != Status::Open)
        })
        .collect();
    let urls = urls(ledger, &judged)?;
    Ok((judged, urls))
}
