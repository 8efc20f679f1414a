//! Everything that can stop an EPUB from being written.
//!
//! Each message names the thing at fault (a photo's path, a template file and line) so that the
//! CLI can print it as one line without adding context of its own.

use std::path::PathBuf;

/// Why an EPUB could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// A photo could not be read from disk (it was there when the input was checked).
    #[error("{}: cannot read photo: {source}", path.display())]
    ReadPhoto {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A photo could not be decoded or re-encoded.
    #[error("{}: cannot convert photo for the EPUB: {source}", path.display())]
    Photo {
        path: PathBuf,
        #[source]
        source: image::ImageError,
    },
    /// A photo's file changed on disk between rendering the pages, which already give its
    /// name, type and size, and writing it into the archive.
    #[error("{}: photo changed while the EPUB was being written", path.display())]
    PhotoChanged { path: PathBuf },
    /// The folder given with `--templates` does not exist.
    #[error("{}: templates folder not found", .0.display())]
    TemplatesDir(PathBuf),
    /// A template given with `--templates` could not be read.
    #[error("{}: cannot read template: {source}", path.display())]
    ReadTemplate {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A template does not parse or fails while rendering; `template` is the file (or the name of
    /// the built-in one) and `line` the line in it.
    #[error("{template}{}: template error: {detail}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        template: String,
        line: Option<usize>,
        detail: String,
    },
    /// A bundled face could not be subset (a bug on our side when it happens).
    #[error("cannot subset the bundled font {face} for the EPUB: {why}")]
    Font {
        face: &'static str,
        why: &'static str,
    },
    /// epub-builder refused the content (a bug on our side when it happens).
    #[error("cannot assemble the EPUB: {0}")]
    Builder(#[from] epub_builder::Error),
    /// epub-builder's archive or OPF did not look as expected while re-packing it (a changed
    /// dependency or a bug on our side).
    #[error("cannot patch the EPUB package document: {0}")]
    Package(&'static str),
    /// Re-packing the EPUB's zip failed.
    #[error("cannot write the EPUB's zip container: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing the zip into the output failed.
    #[error("cannot write the EPUB's zip container: {0}")]
    Io(#[from] std::io::Error),
}
