//! Writing outputs safely: everything goes to a temporary file in the target folder and is
//! renamed into place only when complete, so a failed run never leaves half a file or replaces
//! yesterday's good edition.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A file written to its temporary name, waiting to be renamed into place.
#[derive(Debug)]
pub struct Staged {
    pub temp: PathBuf,
    pub target: PathBuf,
    pub bytes: u64,
    pub sha256: String,
}

/// Could not write an output.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes `bytes` to a temporary file beside `target` (same folder, so the rename is atomic).
pub fn stage(target: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    let err = |source| WriteError {
        path: target.to_path_buf(),
        source,
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(err)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(err(e));
    }
    Ok(Staged {
        temp,
        target: target.to_path_buf(),
        bytes: bytes.len() as u64,
        sha256: hex(&Sha256::digest(bytes)),
    })
}

/// Renames every staged file into place; on any failure removes the temporaries that remain.
pub fn commit(staged: &[Staged]) -> Result<(), WriteError> {
    for (i, s) in staged.iter().enumerate() {
        if let Err(source) = fs::rename(&s.temp, &s.target) {
            discard(&staged[i..]);
            return Err(WriteError {
                path: s.target.clone(),
                source,
            });
        }
    }
    Ok(())
}

/// Removes staged temporaries (after a failure elsewhere).
pub fn discard(staged: &[Staged]) {
    for s in staged {
        let _ = fs::remove_file(&s.temp);
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.epub");
        fs::write(&target, b"old").unwrap();
        let s = stage(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"old");
        commit(std::slice::from_ref(&s)).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert!(!s.temp.exists());
        assert_eq!(s.sha256.len(), 64);
    }

    #[test]
    fn discarded_file_leaves_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        fs::write(&target, b"good").unwrap();
        let s = stage(&target, b"half").unwrap();
        discard(std::slice::from_ref(&s));
        assert_eq!(fs::read(&target).unwrap(), b"good");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
