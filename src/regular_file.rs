//! Reading files safely: regular files only, a size limit on every read.
//!
//! Every file sahifa reads (articles, manifests, photos, fonts, templates) is opened here, by
//! input and by the stages that read a photo or a face again. A FIFO, a socket or a device
//! named as a file would block or never end: files are opened without blocking (`O_NONBLOCK`,
//! so opening a FIFO returns at once) and checked on the opened descriptor, not on the path,
//! which another process could swap between a check and the read. No read goes past its limit,
//! whatever the file claims to be. Errors are `io::Error`s whose inner error says why
//! ([`NotRegular`], [`TooLarge`]); `input` turns them into friendly messages.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::model::defaults::MAX_INPUT_BYTES;

/// Why a path was refused before reading: it is not a regular file.
#[derive(Debug, thiserror::Error)]
#[error("is {0}, not a regular file")]
pub struct NotRegular(&'static str);

impl NotRegular {
    /// Whether the path named a folder (the fix to suggest differs).
    pub fn is_folder(&self) -> bool {
        self.0 == FOLDER
    }
}

const FOLDER: &str = "a folder";

/// A file over its size limit.
#[derive(Debug, thiserror::Error)]
#[error("is {} MiB, over the {} MiB limit for one input file", mib(*.len), mib(*.limit))]
pub struct TooLarge {
    pub len: u64,
    pub limit: u64,
}

fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

/// Opens `path` for reading if it is a regular file (following links, as any path does).
pub fn open_regular(path: &Path) -> io::Result<File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let t = file.metadata()?.file_type();
    let what = if t.is_file() {
        None
    } else if t.is_dir() {
        Some(FOLDER)
    } else if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else {
        Some("not a file")
    };
    if let Some(what) = what {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            NotRegular(what),
        ));
    }
    // Reads block as usual from here (O_NONBLOCK means nothing to a regular file, but say so).
    // SAFETY: fcntl on a descriptor `file` keeps open; F_GETFL/F_SETFL change only its flags.
    unsafe {
        let fd = file.as_raw_fd();
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    Ok(file)
}

/// The whole of a regular file of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            TooLarge { len, limit },
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        let len = bytes.len() as u64;
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            TooLarge { len, limit },
        ));
    }
    Ok(bytes)
}

/// The bytes of a photo the input check accepted, read again by an exporter: still a regular
/// file, still within [`MAX_INPUT_BYTES`] (it could have been swapped since).
pub fn read_photo(path: &Path) -> io::Result<Vec<u8>> {
    read_regular(path, MAX_INPUT_BYTES)
}

/// A regular file of UTF-8 text within [`MAX_INPUT_BYTES`] (templates), with the error as
/// `std::fs::read_to_string` would give it.
pub fn read_utf8(path: &Path) -> io::Result<String> {
    let bytes = read_regular(path, MAX_INPUT_BYTES)?;
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}
