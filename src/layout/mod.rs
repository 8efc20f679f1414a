//! Layout: pages, columns and frames of positioned glyphs and images.

pub mod frame;
