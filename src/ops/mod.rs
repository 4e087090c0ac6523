//! One function per use case, shared by every front end (the command line today; a
//! team ledger and a web page next). An op takes the ledger and a plain options struct
//! and returns a result: no argument parsing, no output formats, no printing. `cmd/`
//! turns flags into options, calls the op and hands the result to `render/`.

pub mod contradictions;
pub mod import;
pub mod show;
pub mod timeline;
pub mod truth;
