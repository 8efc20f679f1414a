//! The exporters behind one door: model → EPUB bytes, model → layout → PDF bytes.

use std::path::PathBuf;

use crate::input::Warning;
use crate::model::{Edition, PaperSize};

/// EPUB options from the command line.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    pub templates_dir: Option<PathBuf>,
    pub embed_fonts: bool,
}

/// PDF settings given as flags; they win over the manifest's `[pdf]`.
#[derive(Debug, Clone, Default)]
pub struct PdfOverrides {
    pub paper: Option<PaperSize>,
    pub columns: Option<u32>,
    pub margin_mm: Option<f32>,
    pub body_size: Option<f32>,
}

/// A finished file in memory.
pub struct Produced {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Warning>,
    pub pages: usize,
    /// Sub-stage timings (layout, pdf) in milliseconds.
    pub timings: Vec<(String, f64)>,
}

/// Anything that stopped an exporter.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{0}")]
    Unavailable(&'static str),
}

pub fn epub(_edition: &Edition, _options: &EpubOptions) -> Result<Produced, PublishError> {
    Err(PublishError::Unavailable("EPUB export is not built yet"))
}

pub fn split_epubs(
    _edition: &Edition,
    _options: &EpubOptions,
) -> Result<Vec<(String, Vec<u8>)>, PublishError> {
    Err(PublishError::Unavailable("EPUB export is not built yet"))
}

pub fn pdf(_edition: &Edition, _overrides: &PdfOverrides) -> Result<Produced, PublishError> {
    Err(PublishError::Unavailable("PDF export is not built yet"))
}
