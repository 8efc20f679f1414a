//! The exporters behind one door: model → EPUB, model → layout → PDF, each written straight
//! into the output it is given. The commands in [`crate::run`] call only these.

use std::io::{Seek, Write};
use std::time::{Duration, Instant};

use crate::epub::{self, EpubError, EpubOptions};
use crate::input::Warning;
use crate::layout;
use crate::model::Edition;
use crate::pdf::{self, PdfError, PdfOptions};
use crate::text::{FontSet, TextError};

/// What writing one file gave besides its bytes.
#[derive(Debug)]
pub struct Produced {
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

/// The whole edition as one EPUB, written into `out` (photos are read and written one by one).
pub fn epub<W: Write + Seek>(
    edition: &Edition,
    options: &EpubOptions,
    out: &mut W,
) -> Result<Produced, PublishError> {
    let written = epub::write_epub(edition, options, out)?;
    let pages = edition.articles().count() + 1;
    Ok(Produced {
        warnings: edition_warnings(written.warnings),
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

/// The print edition: fonts, layout, PDF, written into `out` page by page as the layout fills
/// them. Returns the output and what was produced; `pdf-write` is the time spent writing, and
/// `layout` the rest (shaping overlaps with writing, see [`layout::lay_out_pages`]).
/// `progress` hears the number of pages written so far, after each page.
///
/// The settings are the edition's (`[pdf]` with the command line's flags, checked when the
/// edition was loaded).
pub fn pdf<W: Write + Send>(
    edition: &Edition,
    out: W,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<(W, Produced), PublishError> {
    let started = Instant::now();
    let settings = &edition.pdf;
    let fonts = if settings.fonts == Default::default() {
        FontSet::builtin()
    } else {
        FontSet::with_overrides(&settings.fonts)?
    };
    let font_notes = fonts
        .notes()
        .iter()
        .map(|n| Warning::new("edition", Some("pdf.fonts".into()), n.clone()));
    let mut writer = pdf::PdfWriter::new(out, fonts.faces(), &PdfOptions::default())?;
    let mut writing = Duration::ZERO;
    let mut pages = 0;
    let laid = layout::lay_out_pages(edition, settings, &fonts, &mut |page| {
        let t = Instant::now();
        let result = writer.page(page);
        writing += t.elapsed();
        pages += 1;
        progress(pages);
        result
    })?;
    let t = Instant::now();
    let (out, report) = writer.finish(&laid.info, &laid.outline)?;
    writing += t.elapsed();
    let total = started.elapsed();
    let timings = vec![
        ("layout".to_string(), ms(total.saturating_sub(writing))),
        ("pdf-write".to_string(), ms(writing)),
    ];
    Ok((
        out,
        Produced {
            warnings: font_notes.chain(laid.warnings).collect(),
            pages: report.pages,
            timings,
        },
    ))
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}
