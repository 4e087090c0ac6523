//! Temporary files beside a ledger or an output: named after the process that made
//! them (`.crosscheck-out-<pid>-…`), so that the next writer in the folder can remove
//! those whose process is gone (killed before it could clean up).

use std::path::Path;

/// The name every temporary file of this process starts with, for a `kind` of file
/// (`out`, `backup`, `new`, `import`, `search`).
pub fn prefix(kind: &str) -> String {
    format!(".crosscheck-{kind}-{}-", std::process::id())
}

/// Whether process `pid` is running. Without `/proc` to ask, every process is assumed
/// alive, and nothing is removed.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// The process a temporary file's name says made it, if it is one of ours.
fn maker(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".crosscheck-")?;
    let (kind, rest) = rest.split_once('-')?;
    if !["out", "backup", "new", "import", "search"].contains(&kind) {
        return None;
    }
    rest.split_once('-')?.0.parse().ok()
}

/// Removes the temporary files in `dir` whose process is gone. Best effort: a file that
/// cannot be removed is left for next time.
pub fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(maker) else {
            continue;
        };
        if pid == std::process::id() || alive(pid) {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let _ = if is_dir {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_names_are_read() {
        assert_eq!(maker(".crosscheck-out-123-abc"), Some(123));
        assert_eq!(maker(".crosscheck-backup-9-x.db-journal"), Some(9));
        assert_eq!(maker(".crosscheck-out-abc"), None);
        assert_eq!(maker(".crosscheck-other-1-x"), None);
        assert_eq!(maker("crosscheck-out-1-x"), None);
        assert_eq!(maker("ledger.db"), None);
    }
}
