//! Writing outputs safely: everything goes to a staging file in the target folder and is
//! renamed into place only when the whole edition is complete, so a failed run never leaves half
//! a file, never writes through a planted link, and never replaces part of yesterday's edition.
//!
//! - [`Staging`]: a file created with `O_EXCL` under an unpredictable name
//!   (`.sahifa-NAME.XXXXXX.tmp`), with the permissions of any new file; exporters stream into
//!   it. A write error (disk full, file size limit) is kept and reported by
//!   [`Staging::finish`]; later writes are swallowed, so that writers which clean up on drop
//!   (the zip library) do not print errors of their own.
//! - [`commit`]: all files in place or none (see `commit.rs` for the order of renames).
//! - [`abandon`]: what a signal handler calls to remove every staging file before exiting;
//!   staging files left by a killed run are removed by the next run in the same folder.

mod commit;
mod live;
mod names;

use std::fs;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use commit::{check_targets, commit};
pub use live::{abandon, mark_run_start};
pub use names::{file_name, unique_names, MAX_NAME_BYTES};

/// A file written to its staging name, waiting to be renamed into place. Dropped before
/// [`commit`] (a failure elsewhere), it removes its staging file.
#[derive(Debug)]
pub struct Staged {
    pub target: PathBuf,
    pub bytes: u64,
    pub sha256: String,
    temp: live::LiveFile,
}

/// Could not write an output.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// An output being written: a staging file beside its target (same folder, so the final rename
/// is atomic). Exporters stream into it; [`Staging::finish`] closes it as a [`Staged`]. Dropped
/// unfinished (an exporter failed), it removes its staging file.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    temp: live::LiveFile,
    out: BufWriter<fs::File>,
    /// The first write error; once set, nothing more reaches the file.
    failed: Option<io::Error>,
    /// Where the writer is and how long the file is, kept so that after a failure writes and
    /// seeks can go on answering consistently.
    pos: u64,
    len: u64,
}

impl Staging {
    /// Creates the staging file for `target`, and its folder if needed. Staging files that a
    /// killed run left in that folder are removed first.
    pub fn create(target: &Path) -> Result<Staging, WriteError> {
        let err = |source| WriteError {
            path: target.to_path_buf(),
            source,
        };
        let dir = folder_of(target);
        fs::create_dir_all(&dir).map_err(err)?;
        live::sweep(&dir);
        let name = target.file_name().unwrap_or(std::ffi::OsStr::new("out"));
        let temp = live::LiveFile::create(&dir, name).map_err(err)?;
        let file = temp.file.try_clone().map_err(err)?;
        Ok(Staging {
            target: target.to_path_buf(),
            temp,
            out: BufWriter::with_capacity(1 << 20, file),
            failed: None,
            pos: 0,
            len: 0,
        })
    }

    /// Flushes and syncs the file, then reads it back once for its size and SHA-256 (the
    /// writers may seek, so the digest cannot be taken on the way). The first write error, if
    /// any, is returned here even when the exporter did not pass it on.
    pub fn finish(self) -> Result<Staged, WriteError> {
        let Staging {
            target,
            temp,
            out,
            failed,
            ..
        } = self;
        let err = |source| WriteError {
            path: target.clone(),
            source,
        };
        if let Some(e) = failed {
            return Err(err(e));
        }
        let file = out.into_inner().map_err(|e| err(e.into_error()))?;
        file.sync_all().map_err(err)?;
        drop(file);
        let mut reader = &temp.file;
        reader.seek(SeekFrom::Start(0)).map_err(err)?;
        let mut hasher = Sha256::new();
        let bytes = io::copy(&mut reader, &mut hasher).map_err(err)?;
        Ok(Staged {
            target,
            bytes,
            sha256: hex(&hasher.finalize()),
            temp,
        })
    }

    /// Keeps the first error and hands the writer a copy of it.
    fn fail(&mut self, e: io::Error) -> io::Error {
        let copy = match e.raw_os_error() {
            Some(code) => io::Error::from_raw_os_error(code),
            None => io::Error::new(e.kind(), e.to_string()),
        };
        self.failed.get_or_insert(e);
        copy
    }

    fn advance(&mut self, n: usize) {
        self.pos += n as u64;
        self.len = self.len.max(self.pos);
    }
}

impl Write for Staging {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.is_some() {
            self.advance(buf.len());
            return Ok(buf.len());
        }
        match self.out.write(buf) {
            Ok(n) => {
                self.advance(n);
                Ok(n)
            }
            Err(e) => Err(self.fail(e)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_some() {
            return Ok(());
        }
        self.out.flush().map_err(|e| self.fail(e))
    }
}

impl Seek for Staging {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        if self.failed.is_some() {
            let base = match pos {
                SeekFrom::Start(n) => Some(n),
                SeekFrom::Current(d) => self.pos.checked_add_signed(d),
                SeekFrom::End(d) => self.len.checked_add_signed(d),
            };
            self.pos = base.ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
            return Ok(self.pos);
        }
        match self.out.seek(pos) {
            Ok(p) => {
                self.pos = p;
                self.len = self.len.max(p);
                Ok(p)
            }
            Err(e) => Err(self.fail(e)),
        }
    }
}

/// Writes `bytes` (an output already in memory) to its staging file.
pub fn stage(target: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    let mut staging = Staging::create(target)?;
    // A write error is kept by the staging file and returned by `finish`.
    let _ = staging.write_all(bytes);
    staging.finish()
}

/// The folder a target is written in.
fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
