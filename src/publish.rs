//! The exporters behind one door: model → EPUB bytes, model → layout → PDF bytes. The commands
//! in [`crate::run`] call only these.

use std::time::Instant;

use crate::epub::{self, EpubError, EpubOptions};
use crate::input::Warning;
use crate::layout;
use crate::model::{defaults, Edition, PaperSize, PdfSettings};
use crate::pdf::{self, PdfError, PdfOptions};
use crate::text::{FontSet, TextError};

/// PDF settings given as flags; they win over the manifest's `[pdf]`.
#[derive(Debug, Clone, Default)]
pub struct PdfOverrides {
    pub paper: Option<PaperSize>,
    pub columns: Option<u32>,
    pub margin_mm: Option<f32>,
    pub body_size: Option<f32>,
}

impl PdfOverrides {
    /// The edition's `[pdf]` settings with these flags applied.
    pub fn apply(&self, base: &PdfSettings) -> PdfSettings {
        PdfSettings {
            paper: self.paper.unwrap_or(base.paper),
            columns: self.columns.unwrap_or(base.columns).clamp(1, 8),
            margin_mm: self.margin_mm.unwrap_or(base.margin_mm).clamp(0.0, 80.0),
            body_size: self.body_size.unwrap_or(base.body_size).clamp(5.0, 36.0),
            fonts: base.fonts.clone(),
        }
    }
}

/// A finished file in memory.
#[derive(Debug)]
pub struct Produced {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Warning>,
    /// Pages (PDF) or content documents (EPUB).
    pub pages: usize,
    /// Sub-stage timings in milliseconds.
    pub timings: Vec<(String, f64)>,
}

/// Anything that stopped an exporter.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Epub(#[from] EpubError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Fonts(#[from] TextError),
}

fn edition_warnings(messages: Vec<String>) -> Vec<Warning> {
    messages
        .into_iter()
        .map(|m| Warning::new("epub", None, m))
        .collect()
}

/// The whole edition as one EPUB.
pub fn epub(edition: &Edition, options: &EpubOptions) -> Result<Produced, PublishError> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let out = epub::write_epub(edition, options, &mut bytes)?;
    let pages = edition.articles().count() + 1;
    Ok(Produced {
        bytes: bytes.into_inner(),
        warnings: edition_warnings(out.warnings),
        pages,
        timings: Vec::new(),
    })
}

/// One EPUB per article (`--split`), as `(article id, bytes)`.
pub fn split_epubs(
    edition: &Edition,
    options: &EpubOptions,
) -> Result<Vec<(String, Vec<u8>)>, PublishError> {
    use rayon::prelude::*;
    let articles: Vec<_> = edition.articles().collect();
    articles
        .par_iter()
        .map(|a| {
            let mut bytes = std::io::Cursor::new(Vec::new());
            epub::write_article_epub(edition, a, options, &mut bytes)?;
            Ok((a.id.clone(), bytes.into_inner()))
        })
        .collect()
}

/// The print edition: fonts, layout, PDF.
pub fn pdf(edition: &Edition, overrides: &PdfOverrides) -> Result<Produced, PublishError> {
    let settings = overrides.apply(&edition.pdf);
    let mut timings = Vec::new();
    let t = Instant::now();
    let fonts = if settings.fonts == Default::default() {
        FontSet::builtin()
    } else {
        FontSet::with_overrides(&settings.fonts)?
    };
    let laid = layout::lay_out(edition, &settings, &fonts);
    timings.push(("layout".to_string(), ms(t)));
    let t = Instant::now();
    let options = PdfOptions {
        max_image_dpi: defaults::PDF_MAX_DPI,
    };
    let (bytes, _report) = pdf::write_pdf_with(&laid.document, fonts.faces(), &options)?;
    timings.push(("pdf-write".to_string(), ms(t)));
    Ok(Produced {
        bytes,
        warnings: laid.warnings,
        pages: laid.document.pages.len(),
        timings,
    })
}

fn ms(t: Instant) -> f64 {
    (t.elapsed().as_secs_f64() * 10_000.0).round() / 10.0
}
