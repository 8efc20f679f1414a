//! What can go wrong while writing a PDF.
//!
//! Every failure names the thing the user can act on (the image file, the font, the page), because
//! the PDF writer is the last stage: by the time it fails, the input has been validated and the
//! cause is usually a file that changed on disk or a frame that a layout bug produced.

use std::path::PathBuf;

/// An error from [`crate::pdf::write_pdf`].
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A PDF needs at least one page; an empty document is a layout bug upstream.
    #[error("the document has no pages")]
    NoPages,

    /// A page size that no viewer can show (zero, negative or not a number).
    #[error("page {page} has an invalid size {width}×{height} pt")]
    InvalidPageSize {
        page: usize,
        width: f32,
        height: f32,
    },

    /// A coordinate, size or colour that is not a finite number; writing it would corrupt the
    /// content stream, so it is refused instead.
    #[error("page {page}: {what} is not a finite number")]
    NonFinite { page: usize, what: &'static str },

    /// A glyph run refers to a font that is not in the face list.
    #[error("page {page}: glyph run uses font #{font}, but only {available} fonts were given")]
    UnknownFont {
        page: usize,
        font: u16,
        available: usize,
    },

    /// The font file could not be read as an OpenType/TrueType face.
    #[error("font {name}: cannot be parsed as an OpenType face")]
    FontParse { name: String },

    /// A glyph id beyond the font's glyph count (the frame and the font disagree).
    #[error("font {name}: glyph id {glyph} does not exist (the font has {count} glyphs)")]
    UnknownGlyph {
        name: String,
        glyph: u16,
        count: u16,
    },

    /// The font could not be subset for embedding.
    #[error("font {name}: subsetting failed: {reason}")]
    Subset { name: String, reason: String },

    /// An image file could not be read from disk.
    #[error("image {}: cannot be read: {source}", path.display())]
    ImageRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An image file was read but could not be decoded (or re-encoded after downsampling).
    #[error("image {}: cannot be decoded: {source}", path.display())]
    ImageDecode {
        path: PathBuf,
        #[source]
        source: ::image::ImageError,
    },

    /// A JPEG whose header does not give what a PDF image needs (size, components).
    #[error("image {}: unsupported JPEG: {reason}", path.display())]
    UnsupportedJpeg { path: PathBuf, reason: String },

    /// A bookmark points at a page that does not exist.
    #[error("outline entry {title:?} points at page {page}, but the document has {pages} pages")]
    OutlinePage {
        title: String,
        page: usize,
        pages: usize,
    },

    /// The edition's timestamp is outside the range a PDF date can express.
    #[error("timestamp {0} cannot be written as a PDF date")]
    InvalidTimestamp(i64),

    /// The objects written do not make a consistent file (a bug in the writer, caught before
    /// a broken file is finished).
    #[error("cannot serialize the PDF: {0}")]
    Serialize(String),

    /// The output could not be written (disk full, permissions...).
    #[error("cannot write the PDF: {0}")]
    Write(#[source] std::io::Error),
}
