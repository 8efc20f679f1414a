//! The text engine: bidi, itemize, shape, break lines, justify.
//!
//! A pipeline in stages, one file each, run by [`shape_paragraph`] and
//! [`ShapedParagraph::break_lines`]:
//! 1. `prepare`: clean controls and spaces, drop (and report) what no face covers;
//! 2. `bidi`: UAX #9 levels from the article's direction;
//! 3. `itemize`: runs of one level, script and face (fallback per cluster), then `styles`:
//!    cut again where the inline style changes, bold in the bold face (see [`shape_styled`]);
//! 4. `shape`: HarfBuzz, word by word through each face's cache of shaped words (`words`), plus
//!    `glyph_text` for what each glyph stands for;
//! 5. `linebreak`: UAX #14 opportunities measured on shaped advances, total fit;
//! 6. `line`: visual order (UAX #9 L2), justification, glyph runs for frames.
//!
//! Policies the callers should know:
//! - any string is accepted; characters no face of the chain covers are left out and listed in
//!   [`ShapedParagraph::missing`] (warn once, naming the article), never drawn as boxes;
//! - inside a paragraph, newlines and tabs are spaces and runs of spaces collapse, as in HTML;
//! - each glyph's `text` is what it stands for, for the PDF's ToUnicode: harakat on their own
//!   glyphs, a ligature's letters on the ligature, " " on spaces, nothing on invisible controls;
//! - a [`FontSet`] is parsed once and shared by all threads (`Send + Sync`).
//!
//! ```no_run
//! use sahifa::model::Direction;
//! use sahifa::text::{shape_paragraph, Align, FontRole, FontSet, TextStyle};
//! let fonts = FontSet::builtin();
//! let para = shape_paragraph(&fonts, "قال 25 مسؤولاً في NATO", Direction::Rtl, "ar", &TextStyle::new(FontRole::Body, 10.0));
//! for line in para.break_lines(150.0, Align::Justify) { /* place line.runs */ }
//! ```

mod bidi;
pub(crate) mod chars;
mod error;
pub mod fonts;
mod glyph_text;
mod itemize;
mod line;
#[cfg(test)]
mod line_tests;
mod linebreak;
mod paragraph;
mod prepare;
#[cfg(test)]
mod preview_tests;
mod props;
#[cfg(test)]
mod reference_tests;
mod shape;
mod styles;
mod words;

pub use error::TextError;
pub use fonts::{FontFace, FontId, FontMetrics, FontRole, FontSet};
pub use line::{Align, Line};
pub use paragraph::{
    line_height, shape_paragraph, shape_styled, ShapedParagraph, TextStyle, MAX_LEADING,
};
