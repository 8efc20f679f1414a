//! The print edition's PDF writer: draws laid-out [`Document`] frames with printpdf.
//!
//! The writer only draws; every typographic decision was made by the text engine and layout.
//! What it adds is what a PDF needs beyond the picture:
//! - fonts subset and embedded, glyphs written by id, and a ToUnicode map per font resource so
//!   that copying, searching and `pdftotext` give back the words as written ([`text`],
//!   [`fonts`]);
//! - photos embedded without loss of what was delivered ([`images`]);
//! - outline, metadata, language, and byte-for-byte reproducible output ([`finish`]).

mod error;
mod extract;
mod finish;
mod fonts;
mod images;
mod jpeg;
mod text;

pub use error::PdfError;
pub use fonts::FontStats;
pub use images::ImageStats;

use printpdf::{
    Codepoint, Line, LinePoint, Op, PdfConformance, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix, TextRenderingMode, XObject, XObjectId,
    XObjectTransform,
};

use crate::layout::frame::{Color, Document, GlyphRun, Item, Page};
use crate::text::FontFace;
use fonts::FontPlan;
use images::ImageSet;
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
            max_image_dpi: 300.0,
        }
    }
}

/// What the writer did, for the CLI's summary and for tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfReport {
    pub fonts: FontStats,
    pub images: ImageStats,
}

/// Writes `doc` as a PDF with default options. `faces` are the fonts that glyph runs refer to
/// by [`crate::text::FontId`].
pub fn write_pdf(doc: &Document, faces: &[FontFace]) -> Result<Vec<u8>, PdfError> {
    write_pdf_with(doc, faces, &PdfOptions::default()).map(|(bytes, _)| bytes)
}

/// Writes `doc` as a PDF and reports what was embedded. The same document, faces and options
/// always give the same bytes.
pub fn write_pdf_with(
    doc: &Document,
    faces: &[FontFace],
    options: &PdfOptions,
) -> Result<(Vec<u8>, PdfReport), PdfError> {
    validate(doc, faces)?;

    // Glyphs first: the font plan needs every use of every glyph before anything is written.
    let parsed: Vec<Option<ttf_parser::Face>> = faces
        .iter()
        .map(|f| ttf_parser::Face::parse(&f.data, f.index).ok())
        .collect();
    let nominal = |font: u16, c: char| -> Option<u16> {
        let face = parsed.get(usize::from(font))?.as_ref()?;
        face.glyph_index(c).map(|g| g.0)
    };
    // Two passes over the pages, so that no more than one page's drawn glyphs is held at once:
    // the first counts every use of every glyph for the font plan, the second draws.
    let mut usage = fonts::GlyphUsage::default();
    for page in &doc.pages {
        for part in page_parts(page, &nominal) {
            if let Part::Text(block) = part {
                usage.count(block.speaking.iter().chain(&block.silent));
            }
        }
    }
    let plan = FontPlan::from_usage(usage, faces)?;

    let mut pdf = PdfDocument::new(&doc.info.title);
    pdf.metadata.info.conformance = PdfConformance::Custom(Default::default());
    for r in &plan.resources {
        pdf.resources.fonts.map.insert(
            printpdf::FontId(r.name.clone()),
            printpdf::PdfFont::new(r.font.clone()),
        );
    }

    let mut images = ImageSet::default();
    for page in &doc.pages {
        let parts = page_parts(page, &nominal);
        let mut ops = Vec::new();
        for part in &parts {
            match part {
                Part::Text(block) => {
                    draw_glyphs(&mut ops, &block.speaking, &plan);
                    draw_glyphs(&mut ops, &block.silent, &plan);
                }
                Part::Other(Item::Image(image)) => {
                    if let Some(p) = images.place(image, page.height, options.max_image_dpi)? {
                        ops.push(Op::SaveGraphicsState);
                        ops.push(Op::SetTransformationMatrix {
                            matrix: printpdf::CurTransMat::Raw(p.matrix),
                        });
                        ops.push(Op::UseXobject {
                            id: XObjectId(p.name),
                            transform: XObjectTransform {
                                no_auto_scale: true,
                                ..Default::default()
                            },
                        });
                        ops.push(Op::RestoreGraphicsState);
                    }
                }
                Part::Other(Item::Rule(rule)) => {
                    let point = |p: crate::layout::frame::Point| LinePoint {
                        p: Point {
                            x: Pt(p.x),
                            y: Pt(page.height - p.y),
                        },
                        bezier: false,
                    };
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetOutlineColor {
                        col: colour(rule.color),
                    });
                    ops.push(Op::SetOutlineThickness { pt: Pt(rule.width) });
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![point(rule.from), point(rule.to)],
                            is_closed: false,
                        },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
                Part::Other(Item::Glyphs(_) | Item::Line(_)) => {}
            }
        }
        let mut pdf_page = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
        let bounds = printpdf::Rect::from_wh(Pt(page.width), Pt(page.height));
        pdf_page.media_box = bounds.clone();
        pdf_page.trim_box = bounds.clone();
        pdf_page.crop_box = bounds;
        pdf.pages.push(pdf_page);
    }
    for (name, xobject) in std::mem::take(&mut images.xobjects) {
        pdf.resources
            .xobjects
            .map
            .insert(XObjectId(name), XObject::External(xobject));
    }

    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lopdf_doc = pdf.to_lopdf_document(&save, &mut warnings);
    let heights: Vec<f32> = doc.pages.iter().map(|p| p.height).collect();
    let bytes = finish::finish(lopdf_doc, &doc.info, &doc.outline, &heights)?;
    let report = PdfReport {
        fonts: plan.stats.clone(),
        images: images.stats.clone(),
    };
    Ok((bytes, report))
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

fn colour(c: Color) -> printpdf::Color {
    let channel = |v: f32| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    printpdf::Color::Rgb(Rgb {
        r: channel(c.r),
        g: channel(c.g),
        b: channel(c.b),
        icc_profile: None,
    })
}

/// One text object. Consecutive glyphs in the same font resource, size, colour, ink and
/// baseline go into one text-showing operation: one text matrix, then the glyphs with `TJ`
/// kerning numbers that put each exactly at its x. Building one pair of operations per glyph
/// instead held a day's edition in about a gigabyte of printpdf operations.
fn draw_glyphs(ops: &mut Vec<Op>, glyphs: &[DrawGlyph], plan: &FontPlan) {
    if glyphs.is_empty() {
        return;
    }
    ops.push(Op::StartTextSection);
    let mut font: Option<(usize, u32)> = None;
    let mut fill: Option<(u32, u32, u32)> = None;
    let mut invisible = false;
    let mut scaling = 100.0_f32;
    // The stretch being built: its start, the pen position after its last glyph, its glyphs.
    let mut batch: Option<(f32, f32, f32, Vec<Codepoint>)> = None;
    let flush = |ops: &mut Vec<Op>, batch: &mut Option<(f32, f32, f32, Vec<Codepoint>)>| {
        if let Some((x, y, _, codepoints)) = batch.take() {
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Raw([1.0, 0.0, 0.0, 1.0, x, y]),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(codepoints)],
            });
        }
    };
    for g in glyphs {
        let Some(r) = plan.get(g) else { continue };
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
        // The advance the viewer applies after this glyph: printpdf's /W width (thousandths
        // of an em, truncated as printpdf does) times size and horizontal scaling.
        let face = &plan.resources[r.resource].font;
        let upem = f32::from(face.pdf_font_metrics.units_per_em.max(1));
        let width = face
            .get_glyph_width(r.gid)
            .map_or(0, |w| (f32::from(w) * 1000.0 / upem) as i64) as f32;
        let th = want_scaling / 100.0;
        let unit = g.size * th / 1000.0;
        match &mut batch {
            Some((_, y, pen, codepoints)) if same_state && *y == g.y && unit > 0.0 => {
                if let Some(last) = codepoints.last_mut() {
                    last.offset = (*pen - g.x) / unit;
                }
                codepoints.push(Codepoint::with_cid(r.gid, 0.0, g.text.clone()));
                *pen = g.x + width * unit;
                continue;
            }
            _ => flush(ops, &mut batch),
        }
        if want_invisible != invisible {
            ops.push(Op::SetTextRenderingMode {
                mode: if want_invisible {
                    TextRenderingMode::Invisible
                } else {
                    TextRenderingMode::Fill
                },
            });
            invisible = want_invisible;
        }
        if want_scaling != scaling {
            ops.push(Op::SetHorizontalScaling {
                percent: want_scaling,
            });
            scaling = want_scaling;
        }
        if !want_invisible && fill != Some(c) {
            ops.push(Op::SetFillColor {
                col: colour(g.color),
            });
            fill = Some(c);
        }
        if font != Some((r.resource, g.size.to_bits())) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(printpdf::FontId(
                    plan.resources[r.resource].name.clone(),
                )),
                size: Pt(g.size),
            });
            font = Some((r.resource, g.size.to_bits()));
        }
        batch = Some((
            g.x,
            g.y,
            g.x + width * unit,
            vec![Codepoint::with_cid(r.gid, 0.0, g.text.clone())],
        ));
    }
    flush(ops, &mut batch);
    // Render mode and scaling outlive the text object: leave them as they were found.
    if invisible {
        ops.push(Op::SetTextRenderingMode {
            mode: TextRenderingMode::Fill,
        });
    }
    if scaling != 100.0 {
        ops.push(Op::SetHorizontalScaling { percent: 100.0 });
    }
    ops.push(Op::EndTextSection);
}

/// Refuses what would corrupt the file or index out of bounds later.
fn validate(doc: &Document, faces: &[FontFace]) -> Result<(), PdfError> {
    if doc.pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    for (n, page) in doc.pages.iter().enumerate() {
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
    }
    Ok(())
}
