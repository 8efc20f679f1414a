//! Reading input files: UTF-8 checked, and friendly errors for a file that cannot be read (the
//! reading itself, regular files only and within a limit, is [`crate::regular_file`]'s).

use std::path::Path;

use super::error::{line_column, ErrorKind, InputError, Location};
use crate::model::defaults::MAX_INPUT_BYTES;
use crate::regular_file::{read_regular, NotRegular, TooLarge};

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
            let fix = if not_regular.is_folder() {
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
