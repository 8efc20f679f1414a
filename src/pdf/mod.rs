//! The print edition's PDF writer: draws laid-out pages as they come, straight into the file.
//!
//! The writer only draws; every typographic decision was made by the text engine and layout.
//! Pages are written (and can be dropped) one by one, photos when first placed, fonts at the
//! end ([`PdfWriter`]), so memory does not grow with the edition. What it adds is what a PDF
//! needs beyond the picture:
//! - fonts subset and embedded, glyphs written by id, and a ToUnicode map per font resource so
//!   that copying, searching and `pdftotext` give back the words as written ([`text`],
//!   [`extract`], [`fonts`]);
//! - photos embedded without loss of what was delivered ([`images`]);
//! - outline, metadata, language, and byte-for-byte reproducible output ([`finish`], [`sink`]).

mod error;
mod extract;
mod finish;
mod fonts;
mod images;
mod jpeg;
mod sink;
mod text;

use std::collections::BTreeSet;
use std::io::Write;

pub use error::PdfError;
pub use fonts::FontStats;
pub use images::ImageStats;

use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Filter, Finish, Name, Ref, Str};

use crate::layout::frame::{Color, Document, DocumentInfo, GlyphRun, Item, OutlineEntry, Page};
use crate::text::FontFace;
use fonts::FontBook;
use images::ImageSet;
use sink::Sink;
use text::{DrawGlyph, Ink};

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
    for page in &doc.pages {
        writer.page(page)?;
    }
    writer.finish(&doc.info, &doc.outline)
}

/// A PDF being written to `W`, page after page.
pub struct PdfWriter<'a, W: Write> {
    sink: Sink<W>,
    faces: &'a [FontFace],
    /// The faces parsed once, to find a character's glyph for invisible text.
    parsed: Vec<Option<ttf_parser::Face<'a>>>,
    fonts: FontBook<'a>,
    images: ImageSet,
    options: PdfOptions,
    catalog: Ref,
    page_tree: Ref,
    /// Every page written: its object and height (the outline points into pages).
    pages: Vec<(Ref, f32)>,
}

impl<'a, W: Write> PdfWriter<'a, W> {
    /// Starts a PDF in `out`. `faces` are the fonts glyph runs refer to by index.
    pub fn new(out: W, faces: &'a [FontFace], options: &PdfOptions) -> Result<Self, PdfError> {
        let mut sink = Sink::new(out)?;
        let catalog = sink.alloc();
        let page_tree = sink.alloc();
        Ok(PdfWriter {
            sink,
            faces,
            parsed: faces
                .iter()
                .map(|f| ttf_parser::Face::parse(&f.data, f.index).ok())
                .collect(),
            fonts: FontBook::new(faces),
            images: ImageSet::default(),
            options: options.clone(),
            catalog,
            page_tree,
            pages: Vec::new(),
        })
    }

    /// Draws one page and writes it, with any photo it places for the first time.
    pub fn page(&mut self, page: &Page) -> Result<(), PdfError> {
        validate(self.pages.len(), page, self.faces)?;
        let parsed = &self.parsed;
        let nominal = |font: u16, c: char| -> Option<u16> {
            let face = parsed.get(usize::from(font))?.as_ref()?;
            face.glyph_index(c).map(|g| g.0)
        };
        let parts = page_parts(page, &nominal);

        let mut content = Content::new();
        let mut fonts: BTreeSet<usize> = BTreeSet::new();
        let mut xobjects: Vec<(String, Ref)> = Vec::new();
        for part in &parts {
            match part {
                Part::Text(block) => {
                    for glyphs in [&block.speaking, &block.silent] {
                        draw_glyphs(
                            &mut content,
                            glyphs,
                            &mut self.fonts,
                            &mut self.sink,
                            &mut fonts,
                        )?;
                    }
                }
                Part::Other(Item::Image(image)) => {
                    let placed = self.images.place(
                        image,
                        self.pages.len(),
                        page.height,
                        self.options.max_image_dpi,
                        &mut self.sink,
                    )?;
                    if let Some(p) = placed {
                        content
                            .save_state()
                            .transform(p.matrix)
                            .x_object(Name(p.name.as_bytes()))
                            .restore_state();
                        if !xobjects.iter().any(|(n, _)| *n == p.name) {
                            xobjects.push((p.name, p.id));
                        }
                    }
                }
                Part::Other(Item::Rule(rule)) => {
                    let (r, g, b) = rgb(rule.color);
                    content
                        .save_state()
                        .set_stroke_rgb(r, g, b)
                        .set_line_width(rule.width)
                        .move_to(rule.from.x, page.height - rule.from.y)
                        .line_to(rule.to.x, page.height - rule.to.y)
                        .stroke()
                        .restore_state();
                }
                Part::Other(Item::Glyphs(_) | Item::Line(_)) => {}
            }
        }
        drop(parts);

        let stream = sink::deflate(&content.finish());
        let content_id = self.sink.alloc();
        self.sink.object(content_id, |c| {
            c.stream(content_id, &stream).filter(Filter::FlateDecode);
        })?;
        let id = self.sink.alloc();
        let (page_tree, resources) = (self.page_tree, &self.fonts.resources);
        self.sink.object(id, |c| {
            let mut p = c.page(id);
            let bounds = pdf_writer::Rect::new(0.0, 0.0, page.width, page.height);
            p.parent(page_tree)
                .media_box(bounds)
                .trim_box(bounds)
                .contents(content_id);
            let mut res = p.resources();
            let mut f = res.fonts();
            for &r in &fonts {
                f.pair(Name(resources[r].name.as_bytes()), resources[r].id);
            }
            f.finish();
            if !xobjects.is_empty() {
                let mut x = res.x_objects();
                for (name, xid) in &xobjects {
                    x.pair(Name(name.as_bytes()), *xid);
                }
            }
        })?;
        self.pages.push((id, page.height));
        self.images
            .write_converted(self.pages.len(), false, &mut self.sink)
    }

    /// Writes the fonts, the page tree, outline, metadata and trailer; hands back the output.
    pub fn finish(
        mut self,
        info: &DocumentInfo,
        outline: &[OutlineEntry],
    ) -> Result<(W, PdfReport), PdfError> {
        if self.pages.is_empty() {
            return Err(PdfError::NoPages);
        }
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
            pages: &self.pages,
        };
        let out = finish::finish(self.sink, &ends, info, outline)?;
        Ok((out, report))
    }
}

/// A page's content in drawing order: stretches of text, and the images and rules between them.
enum Part<'a> {
    Text(text::TextBlock),
    Other(&'a Item),
}

fn page_parts<'a>(page: &'a Page, nominal: &dyn Fn(u16, char) -> Option<u16>) -> Vec<Part<'a>> {
    let page_ltr = extract::page_is_ltr(page);
    let mut parts = Vec::new();
    let mut runs: Vec<&GlyphRun> = Vec::new();
    let mut lines = text::TextBlock::default();
    let flush =
        |parts: &mut Vec<Part<'a>>, runs: &mut Vec<&GlyphRun>, lines: &mut text::TextBlock| {
            if !runs.is_empty() {
                parts.push(Part::Text(text::block_from_runs(
                    runs,
                    page.height,
                    nominal,
                )));
                runs.clear();
            }
            if !lines.speaking.is_empty() || !lines.silent.is_empty() {
                parts.push(Part::Text(std::mem::take(lines)));
            }
        };
    for item in &page.items {
        match item {
            Item::Glyphs(run) => {
                if !lines.silent.is_empty() {
                    flush(&mut parts, &mut runs, &mut lines);
                }
                runs.push(run)
            }
            Item::Line(line) => {
                if !runs.is_empty() {
                    flush(&mut parts, &mut runs, &mut lines);
                }
                extract::add_line(line, page.height, page_ltr, nominal, &mut lines);
            }
            other => {
                flush(&mut parts, &mut runs, &mut lines);
                parts.push(Part::Other(other));
            }
        }
    }
    flush(&mut parts, &mut runs, &mut lines);
    parts
}

/// A colour's channels, clamped to what PDF accepts.
fn rgb(c: Color) -> (f32, f32, f32) {
    let channel = |v: f32| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    (channel(c.r), channel(c.g), channel(c.b))
}

/// A stretch of glyphs shown by one `TJ`: where it starts, where the pen is after its last
/// glyph, and the operation's items.
struct Stretch {
    x: f32,
    y: f32,
    pen: f32,
    items: Vec<Shown>,
}

/// An item of a `TJ` array: glyph codes, or a move in thousandths of a text-space unit.
enum Shown {
    Codes(Vec<u8>),
    Adjust(f32),
}

impl Stretch {
    fn draw(self, content: &mut Content) {
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, self.x, self.y]);
        let mut show = content.show_positioned();
        let mut items = show.items();
        for item in &self.items {
            match item {
                Shown::Codes(codes) => {
                    items.show(Str(codes));
                }
                Shown::Adjust(a) => {
                    items.adjust(*a);
                }
            }
        }
    }
}

/// One text object. Consecutive glyphs in the same font resource, size, colour, ink and
/// baseline go into one text-showing operation: one text matrix, then the glyphs with `TJ`
/// moves that put each exactly at its x.
fn draw_glyphs<W: Write>(
    content: &mut Content,
    glyphs: &[DrawGlyph],
    book: &mut FontBook<'_>,
    sink: &mut Sink<W>,
    used: &mut BTreeSet<usize>,
) -> Result<(), PdfError> {
    if glyphs.is_empty() {
        return Ok(());
    }
    content.begin_text();
    let mut font: Option<(usize, u32)> = None;
    let mut fill: Option<(u32, u32, u32)> = None;
    let mut invisible = false;
    let mut scaling = 100.0_f32;
    let mut stretch: Option<Stretch> = None;
    for g in glyphs {
        let r = book.glyph(g, sink)?;
        used.insert(r.resource);
        let (want_invisible, want_scaling) = match g.ink {
            Ink::Visible => (false, 100.0),
            // Invisible text is one em per glyph (see fonts): scale it to the slot's width.
            Ink::Invisible { width } if g.size > 0.0 => (true, 100.0 * width / g.size),
            Ink::Invisible { .. } => (true, 100.0),
        };
        let c = (
            g.color.r.to_bits(),
            g.color.g.to_bits(),
            g.color.b.to_bits(),
        );
        let same_state = want_invisible == invisible
            && want_scaling == scaling
            && (want_invisible || fill == Some(c))
            && font == Some((r.resource, g.size.to_bits()));
        // One unit of a `TJ` move, and of a `/W` width, in points.
        let unit = g.size * want_scaling / 100.0 / 1000.0;
        let code = r.code.to_be_bytes();
        match &mut stretch {
            Some(s) if same_state && s.y == g.y && unit > 0.0 => {
                // The move, rounded as written, and the pen where the viewer will put it.
                let adjust = ((s.pen - g.x) / unit * 100.0).round() / 100.0;
                if adjust != 0.0 {
                    s.items.push(Shown::Adjust(adjust));
                }
                match s.items.last_mut() {
                    Some(Shown::Codes(codes)) => codes.extend_from_slice(&code),
                    _ => s.items.push(Shown::Codes(code.to_vec())),
                }
                s.pen = s.pen - adjust * unit + r.width * unit;
                continue;
            }
            _ => {
                if let Some(s) = stretch.take() {
                    s.draw(content);
                }
            }
        }
        if want_invisible != invisible {
            content.set_text_rendering_mode(if want_invisible {
                TextRenderingMode::Invisible
            } else {
                TextRenderingMode::Fill
            });
            invisible = want_invisible;
        }
        if want_scaling != scaling {
            content.set_horizontal_scaling(want_scaling);
            scaling = want_scaling;
        }
        if !want_invisible && fill != Some(c) {
            let (red, green, blue) = rgb(g.color);
            content.set_fill_rgb(red, green, blue);
            fill = Some(c);
        }
        if font != Some((r.resource, g.size.to_bits())) {
            content.set_font(Name(book.resources[r.resource].name.as_bytes()), g.size);
            font = Some((r.resource, g.size.to_bits()));
        }
        stretch = Some(Stretch {
            x: g.x,
            y: g.y,
            pen: g.x + r.width * unit,
            items: vec![Shown::Codes(code.to_vec())],
        });
    }
    if let Some(s) = stretch.take() {
        s.draw(content);
    }
    // Render mode and scaling outlive the text object: leave them as they were found.
    if invisible {
        content.set_text_rendering_mode(TextRenderingMode::Fill);
    }
    if scaling != 100.0 {
        content.set_horizontal_scaling(100.0);
    }
    content.end_text();
    Ok(())
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
            &[run.origin.x, run.origin.y, run.size],
            "a glyph run's origin or size",
        )?;
        for g in &run.glyphs {
            finite(&[g.x, g.y, g.advance], "a glyph position")?;
        }
        Ok(())
    };
    for item in &page.items {
        match item {
            Item::Glyphs(run) => check_run(run)?,
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
