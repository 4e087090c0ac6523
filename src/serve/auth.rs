//! Who may write: the token file (`NAME sha256:HEX`, one line per person), new random
//! tokens, signed-in sessions and the CSRF token that every form carries.
//!
//! A token is only ever held as its SHA-256 hash; the token itself is printed once by
//! `token add` and never written to a log.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The people who may write, by the hash of their token.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    entries: Vec<(String, [u8; 32])>,
}

/// What a token line must look like, for error messages.
const LINE_FORM: &str =
    "each line is `NAME sha256:HEX` (make one with `crosscheck token add NAME --token-file FILE`)";

impl Tokens {
    /// Reads a token file; a malformed line is an error naming the file and line.
    pub fn load(path: &Path) -> Result<Tokens> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Tokens::parse(&text, path)
    }

    fn parse(text: &str, path: &Path) -> Result<Tokens> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| {
                Error::Usage(format!(
                    "{}, line {}: {what}; {LINE_FORM}",
                    path.display(),
                    i + 1
                ))
            };
            let mut parts = line.split_whitespace();
            let (Some(name), Some(hash), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(bad("expected a name and a hash"));
            };
            let Some(hex_hash) = hash.strip_prefix("sha256:") else {
                return Err(bad("the hash must start with 'sha256:'"));
            };
            let mut digest = [0u8; 32];
            hex::decode_to_slice(hex_hash, &mut digest)
                .map_err(|_| bad("the hash must be 64 hexadecimal digits"))?;
            entries.push((name.to_string(), digest));
        }
        Ok(Tokens { entries })
    }

    /// The name of the person whose token this is.
    pub fn check(&self, token: &str) -> Option<&str> {
        let token = token.trim();
        if token.is_empty() {
            return None;
        }
        let digest = crate::sha256::of(token.as_bytes());
        self.entries
            .iter()
            .find(|(_, h)| same(h, &digest))
            .map(|(n, _)| n.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _)| n == name)
    }
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `n` random bytes as hexadecimal, from the operating system's generator.
pub fn random_hex(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Usage(format!("the system's random generator failed: {e}")))?;
    Ok(hex::encode(bytes))
}

/// Makes a new token for `name`, appends its hash to the token file (created private
/// when missing) and returns the token, which is shown once and kept nowhere.
pub fn add_token(path: &Path, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::Usage(format!(
            "token name '{name}' must be one word without spaces (it is recorded as the \
             actor of every change made with the token)"
        )));
    }
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(Tokens::parse(&text, path)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if existing.as_ref().is_some_and(|t| t.has(name)) {
        return Err(Error::Usage(format!(
            "{} already has a token for '{name}'; choose another name, or remove that line \
             first to replace it",
            path.display()
        )));
    }
    let token = format!("cct_{}", random_hex(32)?);
    let digest = crate::sha256::hex(token.as_bytes());
    let werr = |source| Error::Write {
        path: PathBuf::from(path),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(werr)?;
    let text = std::fs::read(path).map_err(werr)?;
    let lead = if text.is_empty() || text.ends_with(b"\n") {
        ""
    } else {
        "\n"
    };
    file.write_all(format!("{lead}{name} sha256:{digest}\n").as_bytes())
        .map_err(werr)?;
    file.sync_all().map_err(werr)?;
    Ok(token)
}

/// How long a sign-in lasts.
const SESSION_LIFE: Duration = Duration::from_secs(12 * 3600);

/// Signed-in browsers: a random session id (the cookie) to the person's name. Kept in
/// memory; a restart signs everyone out.
#[derive(Default)]
pub struct Sessions {
    by_id: Mutex<HashMap<String, (String, Instant)>>,
}

impl Sessions {
    pub fn start(&self, name: &str) -> Result<String> {
        let id = random_hex(32)?;
        let mut map = self.by_id.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, (_, until)| *until > now);
        map.insert(id.clone(), (name.to_string(), now + SESSION_LIFE));
        Ok(id)
    }

    pub fn name(&self, id: &str) -> Option<String> {
        let map = self.by_id.lock().unwrap_or_else(|e| e.into_inner());
        map.get(id)
            .filter(|(_, until)| *until > Instant::now())
            .map(|(n, _)| n.clone())
    }

    pub fn end(&self, id: &str) {
        let mut map = self.by_id.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(id);
    }
}

/// The value of cookie `name` in a request's `Cookie` headers.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The token of an `Authorization: Bearer TOKEN` header.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_lines_are_read_and_checked() {
        let digest = crate::sha256::hex(b"secret");
        let text = format!("# desk\n\nalice sha256:{digest}\n");
        let tokens = Tokens::parse(&text, Path::new("t")).expect("valid file");
        assert_eq!(tokens.check("secret"), Some("alice"));
        assert_eq!(tokens.check("Secret"), None);
        assert_eq!(tokens.check(""), None);
    }

    #[test]
    fn malformed_token_lines_name_the_line() {
        for (text, what) in [
            ("alice\n", "expected a name and a hash"),
            ("alice md5:00\n", "must start with 'sha256:'"),
            ("alice sha256:zz\n", "64 hexadecimal digits"),
            ("alice sha256:00 extra\n", "expected a name and a hash"),
        ] {
            let e = Tokens::parse(text, Path::new("t"))
                .expect_err(text)
                .to_string();
            assert!(e.starts_with("t, line 1: "), "{e}");
            assert!(e.contains(what), "{e}");
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
