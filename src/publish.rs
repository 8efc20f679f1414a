//! The exporters behind one door: model → EPUB, model → layout → PDF, each written straight
//! into the output it is given. The commands in [`crate::run`] call only these.

use std::io::{Seek, Write};
use std::time::{Duration, Instant};

use crate::diagnostic::Warning;
use crate::epub::{self, EpubError, EpubOptions};
use crate::frame::Page;
use crate::layout;
use crate::model::{Article, Edition};
use crate::pdf::{self, PdfError, PdfOptions};
use crate::raster;
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
    #[error(transparent)]
    Raster(#[from] raster::RasterError),
    /// The generated cover could not be made (a `[pdf.fonts]` face unreadable, a photo that
    /// cannot be decoded).
    #[error("cannot make the cover: {0}")]
    Cover(Box<PublishError>),
    /// The day does not fit the exact page count asked for: invalid settings for this day.
    #[error(transparent)]
    TooLong(#[from] layout::TooLong),
    /// `--pages` selects none of the edition's pages.
    #[error("the edition has {pages} page(s); --pages {first}-{} selects none of them", last.map(|l| l.to_string()).unwrap_or_default())]
    NoPages {
        pages: usize,
        first: usize,
        last: Option<usize>,
    },
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
    // The front-page cover, unless the manifest names a cover file or asks for the photo.
    let cover = if edition.cover.is_none() && !edition.cover_photo {
        Some(cover_image(edition, raster::ImageKind::Jpeg)?)
    } else {
        None
    };
    let written = epub::write_epub(edition, options, cover.as_deref(), out)?;
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
            // An article without a photo would have no cover: it gets a generated one.
            let cover = match a.image {
                Some(_) => None,
                None => Some(article_cover_image(edition, a, raster::ImageKind::Jpeg)?),
            };
            let mut bytes = std::io::Cursor::new(Vec::new());
            epub::write_article_epub(edition, a, options, cover.as_deref(), &mut bytes)?;
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
    let fonts = fonts_of(edition)?;
    let font_notes = fonts
        .notes()
        .iter()
        .map(|n| Warning::new("edition", Some("pdf.fonts".into()), n.clone()));
    let mut writer = pdf::PdfWriter::new(out, fonts.faces(), &PdfOptions::default())?;
    let mut writing = Duration::ZERO;
    let mut pages = 0;
    let laid = layout::lay_out_pages(edition, settings, &fonts, &mut |index, page| {
        let t = Instant::now();
        let result = writer.page(index, page);
        writing += t.elapsed();
        pages += 1;
        progress(pages);
        result
    })?;
    if let Some(too_long) = laid.too_long {
        return Err(too_long.into());
    }
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

/// The faces the print edition is set in: the bundled ones, or those `[pdf.fonts]` gives.
/// The generated cover's size in pixels: what e-book stores ask for.
pub const COVER_PIXELS: (u32, u32) = (1600, 2560);

/// The front-page cover of `edition` ([`layout::cover`]) as an image file of `kind`,
/// [`COVER_PIXELS`] in size. The faces are those of the print edition (`[pdf.fonts]` included),
/// so the cover's masthead is the PDF's.
pub fn cover_image(edition: &Edition, kind: raster::ImageKind) -> Result<Vec<u8>, PublishError> {
    draw_cover(edition, kind, |fonts| {
        layout::cover::cover_page(edition, fonts)
    })
}

/// The cover of one article's own book (`--split`), as [`cover_image`].
pub fn article_cover_image(
    edition: &Edition,
    article: &Article,
    kind: raster::ImageKind,
) -> Result<Vec<u8>, PublishError> {
    draw_cover(edition, kind, |fonts| {
        layout::cover::article_cover_page(edition, article, fonts)
    })
}

fn draw_cover(
    edition: &Edition,
    kind: raster::ImageKind,
    lay_out: impl FnOnce(&FontSet) -> Page,
) -> Result<Vec<u8>, PublishError> {
    let draw = || -> Result<Vec<u8>, PublishError> {
        let fonts = fonts_of(edition)?;
        let page = lay_out(&fonts);
        let dpi = COVER_PIXELS.0 as f32 / layout::cover::COVER_POINTS.0 * 72.0;
        let pixmap = raster::Painter::new(&fonts, dpi).paint(&page)?;
        Ok(raster::encode(&raster::to_rgb(&pixmap), kind)?)
    };
    draw().map_err(|e| PublishError::Cover(Box::new(e)))
}

fn fonts_of(edition: &Edition) -> Result<FontSet, TextError> {
    let settings = &edition.pdf;
    if settings.fonts == Default::default() {
        Ok(FontSet::builtin())
    } else {
        FontSet::with_overrides(&settings.fonts)
    }
}

/// What page images to make (`sahifa preview`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreviewOptions {
    pub dpi: f32,
    pub kind: raster::ImageKind,
    /// First and last page (1-based, inclusive; `None`: to the end).
    pub first: usize,
    pub last: Option<usize>,
}

/// Encoded page images with their page numbers (1-based), in page order.
pub type PageImages = Vec<(usize, Vec<u8>)>;

/// Page images of the print edition: the same layout as [`pdf`], drawn by [`raster`]. Returns
/// each selected page's number and encoded image. Each page is drawn and encoded on any core as
/// soon as the layout has set it, while the layout goes on with the next ones.
pub fn preview(
    edition: &Edition,
    options: &PreviewOptions,
) -> Result<(PageImages, Produced), PublishError> {
    let started = Instant::now();
    let fonts = fonts_of(edition)?;
    let wanted = |n: usize| n >= options.first && options.last.is_none_or(|last| n <= last);
    let painter = raster::Painter::new(&fonts, options.dpi);
    let drawn = std::sync::Mutex::new(Vec::new());
    let mut count = 0;
    let mut laid_out = Duration::ZERO;
    let laid = rayon::scope(|scope| {
        // The layout stops once every page up to the last one wanted has come (`Err(())`):
        // `--pages 1` of a long day sets one batch of articles, not the day, unless page 1
        // has an "in this issue" box (it comes last, once the sections have their pages).
        let mut upto_last = 0;
        let laid = layout::lay_out_pages(edition, &edition.pdf, &fonts, &mut |index, page| {
            count += 1;
            let n = index + 1;
            if options.last.is_none_or(|last| n <= last) {
                upto_last += 1;
            }
            if wanted(n) {
                let (painter, drawn) = (&painter, &drawn);
                scope.spawn(move |_| {
                    let image = painter.render(&page, options.kind);
                    drawn
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((n, image));
                });
            }
            match options.last {
                Some(last) if upto_last >= last => Err(()),
                _ => Ok(()),
            }
        });
        laid_out = started.elapsed();
        laid
    });
    if let Some(too_long) = laid.as_ref().ok().and_then(|l| l.too_long) {
        return Err(too_long.into());
    }
    // Warnings about the pages after the last one drawn are not this preview's.
    let warnings = laid.map(|l| l.warnings).unwrap_or_default();
    let mut drawn = drawn.into_inner().unwrap_or_else(|e| e.into_inner());
    if drawn.is_empty() {
        return Err(PublishError::NoPages {
            pages: count,
            first: options.first,
            last: options.last,
        });
    }
    drawn.sort_unstable_by_key(|(n, _)| *n);
    let images = drawn
        .into_iter()
        .map(|(n, image)| Ok((n, image?)))
        .collect::<Result<Vec<_>, raster::RasterError>>()?;
    let timings = vec![
        ("layout".to_string(), ms(laid_out)),
        (
            "raster".to_string(),
            ms(started.elapsed().saturating_sub(laid_out)),
        ),
    ];
    let pages = images.len();
    let font_notes = fonts
        .notes()
        .iter()
        .map(|n| Warning::new("edition", Some("pdf.fonts".into()), n.clone()));
    Ok((
        images,
        Produced {
            warnings: font_notes.chain(warnings).collect(),
            pages,
            timings,
        },
    ))
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}
