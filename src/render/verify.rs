//! `verify`: what the check found.

use std::io::Write;

use super::Format;
use crate::error::Result;
use crate::store::Verification;

/// The verification as JSON, the anchor alone (`anchor`, when all is well), a line
/// saying all is well, or the problems found.
pub fn write(out: &mut dyn Write, v: &Verification, anchor: bool, format: Format) -> Result<()> {
    if format == Format::Json {
        super::json(out, v)?;
    } else if anchor && v.problems.is_empty() {
        writeln!(out, "{}", v.anchor())?;
    } else if v.problems.is_empty() {
        writeln!(
            out,
            "ok: {} events, {} claims; head {}",
            v.events,
            v.claims,
            v.anchor()
        )?;
    } else {
        let mut text = format!("FAILED: {} problem(s) found\n", v.problems.len());
        for p in &v.problems {
            text.push_str(&format!("  - {p}\n"));
        }
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}
