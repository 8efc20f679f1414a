//! The text engine: bidi, itemize, shape, break lines, justify.

pub mod fonts;

pub use fonts::{FontFace, FontId, FontRole};
