//! Pieces of a document rendered in one order and sent out in another. Each piece goes
//! to an unnamed temporary file as soon as it is rendered; only where it lies is kept in
//! memory (twelve bytes a piece), so a report of any size is reordered in little memory.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};

/// Pieces being written.
pub struct Pieces {
    file: BufWriter<File>,
    at: Vec<(u64, u32)>,
    end: u64,
}

impl Pieces {
    pub fn new() -> std::io::Result<Pieces> {
        Ok(Pieces {
            file: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            at: Vec::new(),
            end: 0,
        })
    }

    /// Adds the next piece; pieces are numbered 0, 1, 2… in the order added.
    pub fn push(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
        self.file.write_all(bytes)?;
        self.at.push((self.end, len));
        self.end += u64::from(len);
        Ok(())
    }

    /// Done writing: the pieces can be read back in any order.
    pub fn finish(self) -> std::io::Result<Written> {
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        Ok(Written {
            file,
            at: self.at,
            buf: Vec::new(),
        })
    }
}

/// Pieces written, to be copied out one by one.
pub struct Written {
    file: File,
    at: Vec<(u64, u32)>,
    buf: Vec<u8>,
}

impl Written {
    /// Copies piece `i` to `out`.
    pub fn copy(&mut self, i: usize, out: &mut dyn Write) -> std::io::Result<()> {
        let (offset, len) = self.at[i];
        self.buf.resize(len as usize, 0);
        self.file.seek(SeekFrom::Start(offset))?;
        self.file.read_exact(&mut self.buf)?;
        out.write_all(&self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_come_back_in_any_order() {
        let mut p = Pieces::new().expect("temp file");
        for piece in ["zero", "", "two\n", "three"] {
            p.push(piece.as_bytes()).expect("push");
        }
        let mut w = p.finish().expect("finish");
        let mut out = Vec::new();
        for i in [3, 0, 2, 1, 0] {
            w.copy(i, &mut out).expect("copy");
        }
        assert_eq!(String::from_utf8(out).expect("utf-8"), "threezerotwo\nzero");
    }
}
