//! Errors of the text engine.
//!
//! Only loading fonts can fail: shaping and line breaking accept any string (the worst they do
//! is report characters no font covers), so that one odd article never stops an edition.

use std::path::PathBuf;

/// Why a font file named in the manifest could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The file could not be read.
    #[error("cannot read font file {path}: {source}")]
    FontRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is not a usable TrueType/OpenType font.
    #[error("font file {path} is not a usable TrueType/OpenType font: {reason}")]
    FontParse { path: PathBuf, reason: String },
}
