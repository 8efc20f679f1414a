//! Reading input files safely: regular files only, a size limit on every read, UTF-8 checked,
//! friendly errors.
//!
//! Every file sahifa reads (articles, manifests, photos, fonts) is opened here. A FIFO, a socket
//! or a device named as an input would block or never end: files are opened without blocking
//! (`O_NONBLOCK`, so opening a FIFO returns at once) and checked on the opened descriptor, not
//! on the path, which another process could swap between a check and the read. No read goes
//! past its limit, whatever the file claims to be.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::error::{line_column, ErrorKind, InputError, Location};
use crate::model::defaults::MAX_INPUT_BYTES;

/// Why a path was refused before reading: it is not a regular file.
#[derive(Debug, thiserror::Error)]
#[error("is {0}, not a regular file")]
pub struct NotRegular(&'static str);

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
        Some("a folder")
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

/// Reads a text file, refusing anything but a regular file, files over [`MAX_INPUT_BYTES`] and
/// invalid UTF-8 (with the line and column of the first bad byte).
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let bytes = read_regular(path, MAX_INPUT_BYTES).map_err(|e| unreadable(path, &e))?;
    text_from_bytes(path, bytes)
}

/// Turns bytes into text, or says where the first invalid UTF-8 byte is.
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, InputError> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // What Windows editors call "Unicode": say so, rather than blame the first byte.
            if let Some(bom @ ([0xFF, 0xFE] | [0xFE, 0xFF])) = bytes.get(..2) {
                return Err(InputError::new(
                    ErrorKind::Refused,
                    path,
                    format!(
                        "is UTF-16 (byte order mark {:02X} {:02X}), not UTF-8",
                        bom[0], bom[1]
                    ),
                    "save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)",
                )
                .at(Location::LineColumn(1, 1)));
            }
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, column) = line_column(&prefix, prefix.len());
            Err(InputError::new(
                ErrorKind::Refused,
                path,
                format!("is not valid UTF-8 (byte 0x{:02X})", bytes[valid]),
                "save the file as UTF-8 (e.g. `iconv -f WINDOWS-1256 -t UTF-8`)",
            )
            .at(Location::LineColumn(line, column)))
        }
    }
}

/// The error for a file that could not be read: missing, not allowed, not a regular file or
/// too large.
pub fn unreadable(path: &Path, e: &std::io::Error) -> InputError {
    if let Some(inner) = e.get_ref() {
        if let Some(not_regular) = inner.downcast_ref::<NotRegular>() {
            let fix = if not_regular.0 == "a folder" {
                "name the file, or pass the folder itself as an input"
            } else {
                "name a regular file"
            };
            return InputError::new(ErrorKind::Unreadable, path, not_regular.to_string(), fix);
        }
        if let Some(large) = inner.downcast_ref::<TooLarge>() {
            return InputError::new(
                ErrorKind::Refused,
                path,
                large.to_string(),
                "split it into several files",
            );
        }
    }
    let fix = match e.kind() {
        std::io::ErrorKind::NotFound => "check the path (it is relative to the working folder)",
        std::io::ErrorKind::PermissionDenied => "make the file readable",
        _ => "check the file",
    };
    InputError::new(
        ErrorKind::Unreadable,
        path,
        format!("cannot be read: {e}"),
        fix,
    )
}
