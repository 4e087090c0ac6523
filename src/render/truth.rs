//! Truth estimates as JSON (a streamed array) or JSON Lines: the same bytes for
//! `truth --format json` and the web API.

use std::io::Write;

use crate::error::Result;
use crate::truth::Estimate;

/// Writes estimates one at a time, as they come: a million need not be held.
pub struct EstimateSink<'a> {
    out: &'a mut dyn Write,
    /// A JSON array (else JSON Lines).
    array: bool,
    count: usize,
}

impl<'a> EstimateSink<'a> {
    pub fn new(out: &'a mut dyn Write, array: bool) -> Result<EstimateSink<'a>> {
        if array {
            write!(out, "[")?;
        }
        Ok(EstimateSink {
            out,
            array,
            count: 0,
        })
    }

    pub fn push(&mut self, e: &Estimate) -> Result<()> {
        if self.array {
            write!(self.out, "{}\n  ", if self.count == 0 { "" } else { "," })?;
        }
        super::json_compact(&mut *self.out, e)?;
        if !self.array {
            writeln!(self.out)?;
        }
        self.count += 1;
        Ok(())
    }

    pub fn finish(self) -> Result<usize> {
        if self.array {
            writeln!(self.out, "{}]", if self.count == 0 { "" } else { "\n" })?;
        }
        Ok(self.count)
    }
}
