//! crosscheck: a SQLite ledger of claims that flags where sources contradict each other.
//!
//! Where things live:
//! - [`value`] reads values as reporters write them ("over $2 billion", "35亿至45亿美元");
//! - [`time`] reads dates and periods;
//! - [`record`] reads claim records from JSON Lines and CSV;
//! - [`extract`] turns a news article into candidate claim records (pure);
//! - [`detect`] finds conflicts and tensions (pure; no SQL);
//! - [`store`] is the only module that speaks SQL;
//! - [`ops`] holds one function per use case (report, truth, timeline…): plain options
//!   in, results out, shared by every front end;
//! - [`sha256`] is the one hash that claims, events and tokens are recorded by;
//! - [`render`] owns every output format of every result: tables, JSON, CSV, Markdown,
//!   HTML;
//! - [`serve`] is the web front end (pages and a JSON API) on the same ops and
//!   renderers;
//! - [`cmd`] holds one module per subcommand (flags become options, the op runs, render
//!   writes), [`cli`] the argument parser. Nothing below them uses clap or imports them
//!   (`tests/layering.rs` checks).

pub mod builtin;
pub mod cli;
pub mod cmd;
pub mod detect;
pub mod error;
pub mod extract;
pub mod lookalike;
pub mod model;
pub mod ops;
pub mod record;
pub mod render;
pub mod search;
pub mod serve;
pub mod sha256;
pub mod store;
pub mod time;
pub mod truth;
pub mod value;

pub use error::{Error, Result};
