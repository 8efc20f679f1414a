//! The staging files alive in this process, and the ones a killed run left behind.
//!
//! Every staging file is created with `O_EXCL` under an unpredictable name (`tempfile`), so a
//! link planted at that name is never followed, and is listed here until it is renamed into place
//! or removed. A signal handler can then remove every one of them ([`abandon`]) before the
//! process exits. Each file also holds an exclusive `flock` for as long as it is open: a later
//! run removes files of our naming pattern only when they are older than itself and nobody
//! holds their lock ([`sweep`]), so a run never removes the staging file of another run still
//! writing into the same folder, while the leftovers of a run killed with SIGKILL (whose locks
//! the kernel released) go at the next run.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::SystemTime;

/// Every staging or backup file starts with this (and ends with [`TEMP_SUFFIX`] or
/// [`OLD_SUFFIX`]).
pub const PREFIX: &str = ".sahifa-";
/// A file being written.
pub const TEMP_SUFFIX: &str = ".tmp";
/// Yesterday's file, kept aside while the new ones are renamed into place.
pub const OLD_SUFFIX: &str = ".old";
/// Bytes of the target's name kept in a staging file's name: `.sahifa-` + name + `.XXXXXX.tmp`
/// must stay under the 255-byte limit of a file name.
const NAME_BYTES: usize = 200;

/// Paths of the staging files of this process. Held while files are created, renamed into
/// place or removed, so a signal never sees half of one of those steps.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Folders already swept in this run.
static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static STARTED: OnceLock<SystemTime> = OnceLock::new();

/// Notes the time the run started (the binary calls it first thing): stale files are those
/// older than that.
pub fn mark_run_start() {
    STARTED.get_or_init(SystemTime::now);
}

fn started() -> SystemTime {
    *STARTED.get_or_init(SystemTime::now)
}

/// The list of live files, locked. A poisoned lock (a panic elsewhere) is still usable: the list
/// is only ever pushed to and filtered.
pub(super) fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every staging file of this process and keeps the list locked for good, so that no
/// other thread creates or renames one afterwards. For the signal handler, which then exits.
pub fn abandon() {
    let live = hold();
    for path in live.iter() {
        let _ = fs::remove_file(path);
    }
    std::mem::forget(live);
}

/// A staging file: created exclusively, locked, listed; removed when dropped unless
/// [`LiveFile::disarm`]ed (it was renamed into place).
#[derive(Debug)]
pub(super) struct LiveFile {
    pub(super) path: PathBuf,
    pub(super) file: File,
    armed: bool,
}

impl LiveFile {
    /// A new empty file in `dir` named after `target_name`, with the permissions of any new
    /// file (0666 less the umask: `tempfile` alone would give 0600).
    pub(super) fn create(dir: &Path, target_name: &OsStr) -> io::Result<LiveFile> {
        use std::os::unix::fs::PermissionsExt;
        let mut live = hold();
        let prefix = format!(
            "{PREFIX}{}.",
            cut(&target_name.to_string_lossy(), NAME_BYTES)
        );
        let temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(TEMP_SUFFIX)
            .rand_bytes(6)
            .permissions(fs::Permissions::from_mode(0o666))
            .tempfile_in(dir)?;
        let (file, temp_path) = temp.into_parts();
        let path = temp_path.keep().map_err(|e| e.error)?;
        // Filesystems without flock (some network mounts) still get the age rule of `sweep`.
        let _ = try_lock(&file);
        live.push(path.clone());
        Ok(LiveFile {
            path,
            file,
            armed: true,
        })
    }

    /// The file was renamed into place: forget it without removing anything. `live` is the
    /// list, held by the caller for the whole rename.
    pub(super) fn disarm(&mut self, live: &mut Vec<PathBuf>) {
        live.retain(|p| p != &self.path);
        self.armed = false;
    }
}

impl Drop for LiveFile {
    fn drop(&mut self) {
        if self.armed {
            let mut live = hold();
            let _ = fs::remove_file(&self.path);
            live.retain(|p| p != &self.path);
        }
    }
}

/// The first `max` bytes of `s`, cut at a character boundary.
pub(super) fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// An exclusive, non-blocking `flock` on `file`.
fn try_lock(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock only reads the descriptor, which `file` keeps open for the call.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Removes, once per folder and run, the staging files of earlier runs that were killed
/// (SIGKILL, power loss): files named `.sahifa-….tmp` older than this run whose lock nobody
/// holds, and `.sahifa-….old` (a copy of yesterday's file kept during the renames) when the
/// file it was kept for is in place again. Links and other non-files are left alone.
pub(super) fn sweep(dir: &Path) {
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    remove_stale(dir, started());
}

/// The work of [`sweep`]: files of our pattern changed before `started`.
pub(super) fn remove_stale(dir: &Path, started: SystemTime) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(rest) = name.strip_prefix(PREFIX) else {
            continue;
        };
        let path = entry.path();
        let Ok(meta) = path.symlink_metadata() else {
            continue;
        };
        if !meta.is_file() || changed(&meta) >= started {
            continue;
        }
        if rest.ends_with(TEMP_SUFFIX) {
            if unlocked(&path) {
                let _ = fs::remove_file(&path);
            }
        } else if let Some(stem) = rest.strip_suffix(OLD_SUFFIX) {
            // `NAME.XXXXXX`: the file it was kept for must exist, else it may be the only copy.
            let target = stem.rsplit_once('.').map(|(target, _)| dir.join(target));
            if target.is_some_and(|t| t.symlink_metadata().is_ok()) {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

/// When the file's inode last changed (creation, rename or link), which `mtime` would not say
/// for a file just linked.
fn changed(meta: &fs::Metadata) -> SystemTime {
    use std::os::unix::fs::MetadataExt;
    let secs = u64::try_from(meta.ctime()).unwrap_or(0);
    let nanos = u32::try_from(meta.ctime_nsec()).unwrap_or(0);
    SystemTime::UNIX_EPOCH + std::time::Duration::new(secs, nanos)
}

/// Nobody holds the file's lock (its run is gone). Opened without following a link and without
/// blocking.
fn unlocked(path: &Path) -> bool {
    use std::os::unix::fs::OpenOptionsExt;
    let Ok(file) = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    else {
        return false;
    };
    match try_lock(&file) {
        Ok(()) => true,
        Err(e) => e.raw_os_error() != Some(libc::EWOULDBLOCK),
    }
}
