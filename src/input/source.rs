//! Reading input files safely: size limit, UTF-8 check, friendly errors.

use std::io::Read;
use std::path::Path;

use super::error::{line_column, ErrorKind, InputError, Location};
use crate::model::defaults::MAX_INPUT_BYTES;

/// Reads a text file, refusing files over [`MAX_INPUT_BYTES`] and invalid UTF-8 (with the line
/// and column of the first bad byte).
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    let meta = file.metadata().map_err(|e| unreadable(path, &e))?;
    if meta.is_dir() {
        return Err(InputError::new(
            ErrorKind::Unreadable,
            path,
            "is a folder, not a file",
            "name the file, or pass the folder itself as an input",
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(path, &e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
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

fn too_large(path: &Path, len: u64) -> InputError {
    InputError::new(
        ErrorKind::Refused,
        path,
        format!(
            "is {} MB, over the {} MB limit for one input file",
            len / 1_000_000,
            MAX_INPUT_BYTES / 1_000_000
        ),
        "split it into several articles",
    )
}

pub fn unreadable(path: &Path, e: &std::io::Error) -> InputError {
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
