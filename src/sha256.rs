//! SHA-256, the hash that claims, events and tokens are recorded by. One place for it:
//! ring's implementation, which uses the processor's vector instructions (about 1.6
//! times the speed of a portable one where the processor has no SHA instructions; an
//! import hashes every claim).

use ring::digest::{Context, SHA256, digest};

/// The SHA-256 of `bytes`.
pub fn of(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0; 32];
    out.copy_from_slice(digest(&SHA256, bytes).as_ref());
    out
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(of(bytes))
}

/// A SHA-256 fed piece by piece.
#[derive(Clone)]
pub struct Running(Context);

impl Default for Running {
    fn default() -> Self {
        Running(Context::new(&SHA256))
    }
}

impl Running {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> [u8; 32] {
        let mut out = [0; 32];
        out.copy_from_slice(self.0.finish().as_ref());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut r = Running::default();
        r.update(b"a");
        r.update(b"bc");
        assert_eq!(r.finish(), of(b"abc"));
    }
}
