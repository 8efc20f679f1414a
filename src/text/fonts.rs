//! The fonts the text engine shapes with and exporters embed.
//!
//! The defaults are compiled into the binary (see `fonts/README.md`), so `sahifa` runs anywhere;
//! an edition's `[pdf]` table can replace any role with a font file of its own.

use std::sync::Arc;

/// Index of a face in a [`FontSet`]. Frames refer to fonts by this id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u16);

/// What a face is used for. Each role has a primary face and a fallback chain in [`FontSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontRole {
    /// Running text.
    Body,
    /// Subheadings, bylines, labels.
    Bold,
    /// Headlines and the masthead.
    Headline,
}

/// One loaded font file.
#[derive(Debug, Clone)]
pub struct FontFace {
    /// PostScript-like name, used in PDF font resources and messages.
    pub name: String,
    /// The whole font file.
    pub data: Arc<[u8]>,
    /// Index of the face inside a collection (0 for plain .ttf/.otf).
    pub index: u32,
}

/// The default faces, compiled in.
pub mod builtin {
    pub static NASKH_REGULAR: &[u8] = include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf");
    pub static NASKH_BOLD: &[u8] = include_bytes!("../../fonts/NotoNaskhArabic-Bold.ttf");
    pub static KUFI_BOLD: &[u8] = include_bytes!("../../fonts/NotoKufiArabic-Bold.ttf");
    pub static SERIF_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSerif-Regular.ttf");
    pub static SERIF_BOLD: &[u8] = include_bytes!("../../fonts/NotoSerif-Bold.ttf");
}
