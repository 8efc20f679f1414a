//! Writing outputs safely: everything goes to a temporary file in the target folder and is
//! renamed into place only when complete, so a failed run never leaves half a file or replaces
//! yesterday's good edition.

use std::fs;
use std::io::{BufWriter, Seek, SeekFrom, Write};
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

/// An output being written: a temporary file beside its target (same folder, so the final
/// rename is atomic). Exporters stream into it; [`Staging::finish`] closes it as a [`Staged`].
/// Dropped unfinished (an exporter failed), it removes its temporary file.
#[derive(Debug)]
pub struct Staging {
    temp: PathBuf,
    target: PathBuf,
    file: Option<BufWriter<fs::File>>,
}

impl Staging {
    /// Creates the temporary file for `target`, and its folder if needed.
    pub fn create(target: &Path) -> Result<Staging, WriteError> {
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
        let file = fs::File::create(&temp).map_err(err)?;
        Ok(Staging {
            temp,
            target: target.to_path_buf(),
            file: Some(BufWriter::with_capacity(1 << 20, file)),
        })
    }

    /// Flushes and syncs the file, then reads it back once for its size and SHA-256 (the
    /// writers may seek, so the digest cannot be taken on the way).
    pub fn finish(mut self) -> Result<Staged, WriteError> {
        let err = |source| WriteError {
            path: self.target.clone(),
            source,
        };
        let file = self.file.take().expect("a staging file is finished once");
        let file = file.into_inner().map_err(|e| err(e.into_error()))?;
        file.sync_all().map_err(err)?;
        drop(file);
        let mut hasher = Sha256::new();
        let mut reader = fs::File::open(&self.temp).map_err(err)?;
        let bytes = std::io::copy(&mut reader, &mut hasher).map_err(err)?;
        Ok(Staged {
            temp: std::mem::take(&mut self.temp),
            target: self.target.clone(),
            bytes,
            sha256: hex(&hasher.finalize()),
        })
    }

    fn writer(&mut self) -> std::io::Result<&mut BufWriter<fs::File>> {
        self.file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the staging file is closed"))
    }
}

impl Write for Staging {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer()?.flush()
    }
}

impl Seek for Staging {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.writer()?.seek(pos)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Writes `bytes` (an output already in memory) to its temporary file.
pub fn stage(target: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    let mut staging = Staging::create(target)?;
    staging.write_all(bytes).map_err(|source| WriteError {
        path: target.to_path_buf(),
        source,
    })?;
    staging.finish()
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
    fn an_unfinished_staging_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        let mut staging = Staging::create(&target).unwrap();
        staging.write_all(b"half an edition").unwrap();
        drop(staging);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_streamed_file_reports_its_real_size_and_digest() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.epub");
        let mut staging = Staging::create(&target).unwrap();
        staging.write_all(b"xxxx").unwrap();
        staging.seek(SeekFrom::Start(1)).unwrap();
        staging.write_all(b"y").unwrap();
        let s = staging.finish().unwrap();
        assert_eq!(s.bytes, 4);
        assert_eq!(s.sha256, hex(&Sha256::digest(b"xyxx")));
        commit(std::slice::from_ref(&s)).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"xyxx");
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
