//! The print edition's PDF writer: draws laid-out pages as they come, straight into the file.
//!
//! The writer only draws; every typographic decision was made by the text engine and layout.
//! Pages are written (and can be dropped) one by one, photos when first placed, fonts at the
//! end ([`PdfWriter`]), so memory does not grow with the edition. What it adds is what a PDF
//! needs beyond the picture:
//! - fonts subset and embedded, glyphs written by id, and a ToUnicode map per font resource so
//!   that copying, searching and every common text extractor give back the words as written
//!   (`text`, `fonts`);
//! - photos embedded without loss of what was delivered (`images`);
//! - outline, metadata, language, and byte-for-byte reproducible output (`finish`, `sink`).

mod draw;
mod error;
mod finish;
mod fonts;
mod image_data;
mod images;
mod links;
mod outlines;
mod reading_order;
mod sink;
mod text;

use std::io::Write;

use rayon::prelude::*;

pub use error::PdfError;
pub use fonts::FontStats;
pub use images::ImageStats;

use pdf_writer::{Filter, Finish, Name, Ref};

use crate::frame::{Document, DocumentInfo, GlyphRun, Item, OutlineEntry, Page};
use crate::text::FontFace;
use fonts::FontBook;
use images::ImageSet;
use sink::Sink;

/// Settings of the PDF writer.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfOptions {
    /// Photos with more pixels than this many per inch at their placed size are downsampled to
    /// it; 300 dpi is what offset printing resolves.
    pub max_image_dpi: f32,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            max_image_dpi: crate::model::defaults::PDF_MAX_DPI,
        }
    }
}

/// What the writer did, for the CLI's summary and for tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfReport {
    pub fonts: FontStats,
    pub images: ImageStats,
    pub pages: usize,
}

/// Writes `doc` as a PDF with default options. `faces` are the fonts that glyph runs refer to
/// by [`crate::text::FontId`].
pub fn write_pdf(doc: &Document, faces: &[FontFace]) -> Result<Vec<u8>, PdfError> {
    write_pdf_with(doc, faces, &PdfOptions::default()).map(|(bytes, _)| bytes)
}

/// Writes a document held in memory as a PDF and reports what was embedded. The same document,
/// faces and options always give the same bytes.
pub fn write_pdf_with(
    doc: &Document,
    faces: &[FontFace],
    options: &PdfOptions,
) -> Result<(Vec<u8>, PdfReport), PdfError> {
    let mut writer = PdfWriter::new(Vec::new(), faces, options)?;
    for (index, page) in doc.pages.iter().enumerate() {
        writer.page(index, page.clone())?;
    }
    writer.finish(&doc.info, &doc.outline)
}

/// A PDF being written to `W`, page after page.
pub struct PdfWriter<'a, W: Write> {
    sink: Sink<W>,
    faces: &'a [FontFace],
    fonts: FontBook<'a>,
    images: ImageSet,
    options: PdfOptions,
    catalog: Ref,
    page_tree: Ref,
    /// Every page written: its index in the edition, object and height (the outline points
    /// into pages; the page tree lists them by index).
    pages: Vec<(usize, Ref, f32)>,
    /// Pages taken but not yet written, with their indices.
    queue: Vec<(usize, Page)>,
}

/// Pages drawn together (see `PdfWriter::write_queued`): enough to spread their text and
/// compression over the cores, few enough that holding them costs little.
pub const PAGE_BATCH: usize = 8;

impl<'a, W: Write> PdfWriter<'a, W> {
    /// Starts a PDF in `out`. `faces` are the fonts glyph runs refer to by index.
    pub fn new(out: W, faces: &'a [FontFace], options: &PdfOptions) -> Result<Self, PdfError> {
        let mut sink = Sink::new(out)?;
        let catalog = sink.alloc();
        let page_tree = sink.alloc();
        Ok(PdfWriter {
            sink,
            faces,
            fonts: FontBook::new(faces),
            images: ImageSet::default(),
            options: options.clone(),
            catalog,
            page_tree,
            pages: Vec::new(),
            queue: Vec::new(),
        })
    }

    /// Takes the page at `index` (0-based); pages are drawn and written in batches of
    /// [`PAGE_BATCH`], photos placed for the first time with them. Pages usually come in order;
    /// one may come later than the pages after it (the newspaper front page, whose "in this
    /// issue" box names them): its object is written when it comes, and the page tree, written
    /// at the end, lists every page by index. Each index from 0 must come exactly once.
    pub fn page(&mut self, index: usize, page: Page) -> Result<(), PdfError> {
        validate(index, &page, self.faces)?;
        self.queue.push((index, page));
        if self.queue.len() >= PAGE_BATCH {
            self.write_queued()?;
        }
        Ok(())
    }

    /// Draws and writes the queued pages. Preparing their text and compressing their content
    /// run in parallel; handing out glyph codes and placing photos, which decide what the file
    /// holds, run in page order.
    fn write_queued(&mut self) -> Result<(), PdfError> {
        let pages = std::mem::take(&mut self.queue);
        let book = &self.fonts;
        let space = |font: u16| book.space_glyph(font);
        let parts: Vec<Vec<draw::Part>> = pages
            .par_iter()
            .map(|(_, page)| draw::page_parts(page, &space))
            .collect();
        let mut drawn = Vec::with_capacity(pages.len());
        for ((index, page), parts) in pages.iter().zip(&parts) {
            let index = *index;
            let mut canvas = draw::Canvas {
                fonts: &mut self.fonts,
                images: &mut self.images,
                max_dpi: self.options.max_image_dpi,
                sink: &mut self.sink,
            };
            drawn.push(canvas.page(page, index, parts)?);
        }
        drop(parts);
        let streams: Vec<Vec<u8>> = drawn
            .par_iter()
            .map(|d| sink::deflate(&d.content))
            .collect();
        for (((index, page), drawn), stream) in pages.iter().zip(drawn).zip(streams) {
            self.write_page(*index, page, &drawn, &stream)?;
        }
        Ok(())
    }

    /// Writes a drawn page's content stream and page object.
    fn write_page(
        &mut self,
        index: usize,
        page: &Page,
        drawn: &draw::DrawnPage,
        stream: &[u8],
    ) -> Result<(), PdfError> {
        let content_id = self.sink.alloc();
        self.sink.object(content_id, |c| {
            c.stream(content_id, stream).filter(Filter::FlateDecode);
        })?;
        let id = self.sink.alloc();
        let links = links::areas(page);
        let annotations: Vec<Ref> = links.iter().map(|_| self.sink.alloc()).collect();
        let (page_tree, resources) = (self.page_tree, &self.fonts.resources);
        self.sink.object(id, |c| {
            let mut p = c.page(id);
            let bounds = pdf_writer::Rect::new(0.0, 0.0, page.width, page.height);
            p.parent(page_tree)
                .media_box(bounds)
                .trim_box(bounds)
                .contents(content_id);
            if !annotations.is_empty() {
                p.annotations(annotations.iter().copied());
            }
            let mut res = p.resources();
            let mut f = res.fonts();
            for &r in &drawn.fonts {
                f.pair(Name(resources[r].name.as_bytes()), resources[r].id);
            }
            f.finish();
            if !drawn.xobjects.is_empty() {
                let mut x = res.x_objects();
                for (name, xid) in &drawn.xobjects {
                    x.pair(Name(name.as_bytes()), *xid);
                }
            }
        })?;
        for (area, &annot) in links.iter().zip(&annotations) {
            self.sink.object(annot, |c| {
                let [left, bottom, right, top] = area.rect;
                let mut a = c.annotation(annot);
                a.subtype(pdf_writer::types::AnnotationType::Link)
                    .rect(pdf_writer::Rect::new(left, bottom, right, top))
                    .contents(pdf_writer::TextStr(&area.link.text))
                    .flags(pdf_writer::types::AnnotationFlags::PRINT)
                    .border(0.0, 0.0, 0.0, None);
                a.action()
                    .action_type(pdf_writer::types::ActionType::Uri)
                    .uri(pdf_writer::Str(area.link.uri.as_bytes()));
            })?;
        }
        self.pages.push((index, id, page.height));
        self.images
            .write_converted(self.pages.len(), false, &mut self.sink)
    }

    /// Writes the fonts, the page tree, outline, metadata and trailer; hands back the output.
    pub fn finish(
        mut self,
        info: &DocumentInfo,
        outline: &[OutlineEntry],
    ) -> Result<(W, PdfReport), PdfError> {
        self.write_queued()?;
        if self.pages.is_empty() {
            return Err(PdfError::NoPages);
        }
        self.pages.sort_by_key(|&(index, ..)| index);
        if let Some(gap) = self.pages.iter().enumerate().find(|(i, p)| p.0 != *i) {
            return Err(PdfError::Serialize(format!(
                "page {} was never given (page {} came instead)",
                gap.0 + 1,
                gap.1 .0 + 1
            )));
        }
        let pages: Vec<(Ref, f32)> = self.pages.iter().map(|&(_, id, h)| (id, h)).collect();
        self.images
            .write_converted(self.pages.len(), true, &mut self.sink)?;
        let fonts = self.fonts.finish(&mut self.sink)?;
        let report = PdfReport {
            fonts,
            images: self.images.stats.clone(),
            pages: self.pages.len(),
        };
        let ends = finish::Ends {
            catalog: self.catalog,
            page_tree: self.page_tree,
            pages: &pages,
        };
        let out = finish::finish(self.sink, &ends, info, outline)?;
        Ok((out, report))
    }
}

/// Refuses what would corrupt the file or index out of bounds later. `n` is the page's index.
fn validate(n: usize, page: &Page, faces: &[FontFace]) -> Result<(), PdfError> {
    let ok = |v: f32| v.is_finite() && v > 0.0;
    if !ok(page.width) || !ok(page.height) {
        return Err(PdfError::InvalidPageSize {
            page: n,
            width: page.width,
            height: page.height,
        });
    }
    let finite = |vals: &[f32], what: &'static str| {
        if vals.iter().all(|v| v.is_finite()) {
            Ok(())
        } else {
            Err(PdfError::NonFinite { page: n, what })
        }
    };
    let check_run = |run: &GlyphRun| -> Result<(), PdfError> {
        if usize::from(run.font.0) >= faces.len() {
            return Err(PdfError::UnknownFont {
                page: n,
                font: run.font.0,
                available: faces.len(),
            });
        }
        finite(
            &[run.origin.x, run.origin.y, run.size, run.slant],
            "a glyph run's origin or size",
        )?;
        for g in &run.glyphs {
            finite(&[g.x, g.y, g.advance], "a glyph position")?;
        }
        Ok(())
    };
    for item in &page.items {
        match item {
            Item::Line(line) => line.runs.iter().try_for_each(check_run)?,
            Item::Image(image) => {
                let r = image.rect;
                finite(&[r.x, r.y, r.width, r.height], "an image rectangle")?;
            }
            Item::Rule(rule) => finite(
                &[rule.from.x, rule.from.y, rule.to.x, rule.to.y, rule.width],
                "a rule",
            )?,
        }
    }
    Ok(())
}
