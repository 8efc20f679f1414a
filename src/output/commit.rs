//! Putting an edition's files in place all together, or not at all.
//!
//! Every target is checked before anything is renamed (a folder or a device where a file should
//! go stops the run with yesterday's edition untouched). Then each existing target is kept
//! aside under a second name (a hard link: the target itself never disappears), the new files
//! are renamed over the targets one by one, and the kept copies are removed only when every new
//! file is in place. If a rename fails, the files already placed are put back from their kept
//! copies (or removed, if they are new). The list of live staging files stays locked for the
//! whole time, so a SIGTERM waits the few milliseconds until the edition is whole, old or new.
//!
//! The limit: a crash or SIGKILL between two renames leaves some files new and others old
//! (each whole); the next run of the same edition replaces them all.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::live::{self, OLD_SUFFIX, TEMP_SUFFIX};
use super::{Staged, WriteError};

/// How yesterday's file was kept while the new one took its place.
enum Kept {
    /// No file there before.
    Nothing,
    /// A second name for the same file (the target stayed in place).
    Linked(PathBuf),
    /// Renamed aside (filesystems without hard links): the target is missing until the new
    /// file is renamed in.
    Moved(PathBuf),
}

impl Kept {
    fn path(&self) -> Option<&Path> {
        match self {
            Kept::Nothing => None,
            Kept::Linked(p) | Kept::Moved(p) => Some(p),
        }
    }
}

/// Renames every staged file into place, or none: see the module documentation. On failure
/// the staging files stay and are removed when `staged` is dropped.
pub fn commit(staged: &mut [Staged]) -> Result<(), WriteError> {
    let mut live = live::hold();
    let targets: Vec<&Path> = staged.iter().map(|s| s.target.as_path()).collect();
    check_targets(&targets)?;
    let mut kept = Vec::with_capacity(staged.len());
    for s in staged.iter() {
        match keep(&s.target, &s.temp.path) {
            Ok(k) => kept.push(k),
            Err(e) => {
                let note = undo(staged, &kept, 0);
                return Err(write_error(&s.target, with_note(e, note)));
            }
        }
    }
    for (i, s) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(&s.temp.path, &s.target) {
            let note = undo(staged, &kept, i);
            return Err(write_error(&s.target, with_note(e, note)));
        }
    }
    for (s, k) in staged.iter_mut().zip(&kept) {
        s.temp.disarm(&mut live);
        if let Some(p) = k.path() {
            let _ = fs::remove_file(p);
        }
    }
    for dir in staged.iter().filter_map(|s| s.target.parent()) {
        // The renames themselves survive a power loss only once the folder is synced.
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Checks that every target can take a new file: a name of at most 255 bytes, unique in the
/// run, and nothing but a file or a link already there (see [`check_target`]). Called before
/// any work (so a folder in the way fails at once) and again just before the renames.
pub fn check_targets(targets: &[&Path]) -> Result<(), WriteError> {
    for (i, target) in targets.iter().enumerate() {
        let name = target.file_name().map_or(0, |n| n.len());
        if name > super::MAX_NAME_BYTES {
            return Err(write_error(
                target,
                io::Error::other(format!(
                    "the file name is {name} bytes, over the {}-byte limit of a file name",
                    super::MAX_NAME_BYTES
                )),
            ));
        }
        check_target(target)?;
        if targets[..i].contains(target) {
            return Err(write_error(
                target,
                io::Error::other("two outputs have this name"),
            ));
        }
    }
    Ok(())
}

/// A target may be missing, a file, or a symbolic link (replaced itself: the file it points to
/// is never written). A folder, a FIFO or a device is refused before anything moves.
fn check_target(target: &Path) -> Result<(), WriteError> {
    let meta = match target.symlink_metadata() {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(write_error(target, e)),
    };
    let t = meta.file_type();
    if t.is_file() || t.is_symlink() {
        Ok(())
    } else if t.is_dir() {
        Err(write_error(
            target,
            io::Error::other("a folder is in the way; move it or choose another output"),
        ))
    } else {
        Err(write_error(
            target,
            io::Error::other(
                "something that is not a file is in the way (a FIFO, socket or device)",
            ),
        ))
    }
}

/// Keeps the file at `target` (if any) under the staging file's name ending in `.old`.
fn keep(target: &Path, temp: &Path) -> io::Result<Kept> {
    match target.symlink_metadata() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Kept::Nothing),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    let name = temp.to_string_lossy();
    let old = PathBuf::from(format!(
        "{}{OLD_SUFFIX}",
        name.strip_suffix(TEMP_SUFFIX).unwrap_or(&name)
    ));
    // `hard_link` links a symbolic link itself, not what it points to.
    match fs::hard_link(target, &old) {
        Ok(()) => Ok(Kept::Linked(old)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => fs::rename(target, &old).map(|()| Kept::Moved(old)),
    }
}

/// Puts back what the first `placed` renames replaced, then every file moved aside, and
/// removes the kept copies. Returns a note for the error message when something could not be
/// put back (it names where yesterday's file now is).
fn undo(staged: &[Staged], kept: &[Kept], placed: usize) -> Option<String> {
    let mut lost = Vec::new();
    for (i, (s, k)) in staged.iter().zip(kept).enumerate() {
        let result = match k {
            Kept::Nothing if i < placed => fs::remove_file(&s.target),
            Kept::Nothing => Ok(()),
            Kept::Linked(old) if i < placed => fs::rename(old, &s.target),
            Kept::Linked(old) => fs::remove_file(old),
            Kept::Moved(old) => fs::rename(old, &s.target),
        };
        if result.is_err() {
            if let Some(old) = k.path().filter(|p| p.exists()) {
                lost.push(format!(
                    "the previous {} is kept as {}",
                    s.target.display(),
                    old.display()
                ));
            }
        }
    }
    (!lost.is_empty()).then(|| lost.join("; "))
}

fn with_note(e: io::Error, note: Option<String>) -> io::Error {
    match note {
        None => e,
        Some(note) => io::Error::new(e.kind(), format!("{e} ({note})")),
    }
}

fn write_error(path: &Path, source: io::Error) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        source,
    }
}
