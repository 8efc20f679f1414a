//! Frames: the finished pages, as positioned glyphs, images and rules.
//!
//! Layout produces these; exporters (PDF, raster previews) only draw them. Coordinates are in
//! PostScript points (1/72 in), origin at the page's top-left corner, y growing downwards; an
//! exporter with another convention (PDF's bottom-left origin) converts when it draws.

use std::path::PathBuf;
use std::sync::Arc;

/// Index of a face in the edition's font set (`text::FontSet`): frames name faces by it, and
/// each exporter looks the face up in the same set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u16);

/// A point on the page, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// An axis-aligned rectangle: top-left corner plus size, in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// An sRGB colour, each channel 0.0..=1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Color {
    pub const BLACK: Color = Color {
        r: 0.0,
        g: 0.0,
        b: 0.0,
    };
    pub const GREY: Color = Color {
        r: 0.35,
        g: 0.35,
        b: 0.35,
    };
    /// The text of links: a dark blue that still reads as black ink in a grey-scale print.
    pub const LINK: Color = Color {
        r: 0.05,
        g: 0.2,
        b: 0.55,
    };
}

/// One glyph, placed relative to its run's origin.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionedGlyph {
    /// Glyph id in the font (the original font's ids; exporters that subset remap them).
    pub id: u16,
    /// Offset of the glyph's origin from the run's origin, in points (x right, y down).
    pub x: f32,
    pub y: f32,
    /// Horizontal advance in points (after justification), for exporters that need it.
    pub advance: f32,
    /// The characters this glyph stands for, in logical order, so that copied or searched text
    /// reads as written: a letter's own characters, a ligature's several, a mark's own mark.
    /// Empty when another glyph of the same cluster already carries the text.
    pub text: String,
}

/// A run of glyphs in one font and size, in visual (left-to-right drawing) order.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// Baseline origin of the run (left end of its first glyph).
    pub origin: Point,
    pub font: FontId,
    /// Font size in points.
    pub size: f32,
    pub color: Color,
    /// The glyphs read right to left (an odd bidi level): the run's first glyph in reading
    /// order is its last in drawing order. Exporters need it to know which glyph a zero-width
    /// mark belongs to, and in which order a cluster's characters are read.
    pub rtl: bool,
    pub glyphs: Vec<PositionedGlyph>,
    /// Horizontal shear of the glyphs (x moves by `slant` × height above the baseline): a
    /// synthesized oblique for italic text, which no bundled face has; 0 for upright text.
    /// Exporters apply it to the glyphs they draw, so every exporter slants the same glyphs.
    pub slant: f32,
    /// The link the run's glyphs belong to, shared by all the runs of one link.
    pub link: Option<Arc<Link>>,
}

/// A link over some set text: where it points, and its whole text in reading order (what a
/// PDF's link annotation says it is, on each line the link spans).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    /// An absolute `http`, `https` or `mailto` URL.
    pub uri: String,
    pub text: String,
}

/// A photo placed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedImage {
    pub rect: Rect,
    /// The image file on disk (validated by input).
    pub path: PathBuf,
}

/// A straight line (column rules, the masthead's double rule).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub from: Point,
    pub to: Point,
    /// Stroke width in points.
    pub width: f32,
    pub color: Color,
}

/// One set line: its glyph runs and the text they stand for, in logical order.
///
/// Exporters draw the runs, whose glyphs carry their own text; `text` is the whole line as
/// read, for exporters that tag lines (a PDF's `/ActualText`, a raster preview's alt text).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub runs: Vec<GlyphRun>,
    /// The line's characters in logical (reading) order, without invisible controls.
    pub text: String,
    /// The line belongs to a right-to-left paragraph (its start edge is the right one).
    pub rtl: bool,
}

/// Anything drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A line of running text, with its logical text.
    Line(TextLine),
    Image(PlacedImage),
    Rule(Rule),
}

/// One finished page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page width and height in points.
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

/// A bookmark: one per section (level 0) and article (level 1).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub level: u8,
    /// Index into [`Document::pages`].
    pub page: usize,
    /// Top of the target on that page, in points from the top.
    pub y: f32,
}

/// Document-level facts an exporter writes into metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentInfo {
    pub title: String,
    /// The paper's name.
    pub author: String,
    /// BCP 47 language tag of the edition.
    pub lang: String,
    /// Seconds since the Unix epoch for creation/modification dates (edition date or
    /// `SOURCE_DATE_EPOCH`), so that the same input gives the same bytes.
    pub timestamp: i64,
}

/// The laid-out edition: what exporters draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub info: DocumentInfo,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}
