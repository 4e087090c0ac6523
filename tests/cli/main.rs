//! Integration tests: every test runs the real `crosscheck` binary against its own
//! temporary ledger and compares whole outputs (insta snapshots in `snapshots/`) or
//! parsed JSON.

#[macro_use]
mod common;

mod bases;
mod browser;
mod claims;
mod contradictions;
mod demo;
mod extract;
mod history;
mod hostile;
mod import_export;
mod integrity;
mod ledger;
mod pg;
mod postgres;
mod readme;
mod report_filters;
mod reports;
mod roundtrip;
mod serve;
mod since;
mod sources;
mod timeline;
mod trust;
mod truth;
mod values;
