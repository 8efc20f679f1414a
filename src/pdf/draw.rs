//! Drawing one page into a content stream: text as positioned glyphs that carry their text,
//! photos, rules. Glyph codes and photo objects come from the document's font book and
//! image set, so pages are drawn in order; everything else here is per page.

use std::collections::BTreeSet;
use std::io::Write;

use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Name, Ref, Str};

use super::error::PdfError;
use super::fonts::FontBook;
use super::images::ImageSet;
use super::sink::Sink;
use super::text::{DrawGlyph, Ink, TextBlock};
use crate::frame::{Color, Item, Page};

/// A page's content, uncompressed, and the resources it uses.
pub(crate) struct DrawnPage {
    pub content: Vec<u8>,
    /// Font resources (indices into the font book).
    pub fonts: BTreeSet<usize>,
    /// Photos by resource name.
    pub xobjects: Vec<(String, Ref)>,
}

/// What drawing a page needs from the document.
pub(crate) struct Canvas<'c, 'a, W: Write> {
    pub fonts: &'c mut FontBook<'a>,
    pub images: &'c mut ImageSet,
    pub max_dpi: f32,
    pub sink: &'c mut Sink<W>,
}

impl<W: Write> Canvas<'_, '_, W> {
    /// Draws `page` (the `index`-th) from its parts (see [`page_parts`]).
    pub fn page(
        &mut self,
        page: &Page,
        index: usize,
        parts: &[Part<'_>],
    ) -> Result<DrawnPage, PdfError> {
        let mut content = Content::new();
        let mut fonts = BTreeSet::new();
        let mut xobjects: Vec<(String, Ref)> = Vec::new();
        for part in parts {
            match part {
                Part::Text(block) => {
                    for chunk in &block.chunks {
                        draw_glyphs(&mut content, chunk, self.fonts, self.sink, &mut fonts)?;
                    }
                    for o in &block.outlines {
                        let Some((form, upem)) = self.fonts.outline(o.font, o.gid, self.sink)?
                        else {
                            continue;
                        };
                        let name = format!("G{}_{}", o.font, o.gid);
                        let scale = o.size / upem;
                        let (r, g, b) = rgb(o.color);
                        content
                            .save_state()
                            .set_fill_rgb(r, g, b)
                            .transform([scale, 0.0, o.slant * scale, scale, o.x, o.y])
                            .x_object(Name(name.as_bytes()))
                            .restore_state();
                        if !xobjects.iter().any(|(n, _)| *n == name) {
                            xobjects.push((name, form));
                        }
                    }
                }
                Part::Other(Item::Image(image)) => {
                    let placed =
                        self.images
                            .place(image, index, page.height, self.max_dpi, self.sink)?;
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
                Part::Other(Item::Line(_)) => {}
            }
        }
        Ok(DrawnPage {
            content: content.finish().into_vec(),
            fonts,
            xobjects,
        })
    }
}

/// A page's content in drawing order: stretches of text, and the images and rules between them.
pub(crate) enum Part<'a> {
    Text(TextBlock),
    Other(&'a Item),
}

/// Cuts `page` into its parts: consecutive lines of text become one text object.
pub(crate) fn page_parts<'a>(
    page: &'a Page,
    space_glyph: &(dyn Fn(u16) -> Option<u16> + Sync),
) -> Vec<Part<'a>> {
    let mut parts = Vec::new();
    let mut block = TextBlock::default();
    for item in &page.items {
        match item {
            Item::Line(line) => block.add_line(line, page.height, space_glyph),
            other => {
                if !block.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut block)));
                }
                parts.push(Part::Other(other));
            }
        }
    }
    if !block.is_empty() {
        parts.push(Part::Text(block));
    }
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
    /// The glyphs' shear (a synthesized oblique), in the text matrix.
    slant: f32,
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
        content.set_text_matrix([1.0, 0.0, self.slant, 1.0, self.x, self.y]);
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

/// One text object. Consecutive glyphs in the same font resource, size, colour and baseline
/// go into one text-showing operation: one text matrix, then the glyphs with `TJ` moves that put
/// each exactly at its x.
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
    let mut stretch: Option<Stretch> = None;
    for g in glyphs {
        let r = book.glyph(g, sink)?;
        used.insert(r.resource);
        let c = (
            g.color.r.to_bits(),
            g.color.g.to_bits(),
            g.color.b.to_bits(),
        );
        let want_invisible = g.ink == Ink::Invisible;
        let same_state = want_invisible == invisible
            && (want_invisible || fill == Some(c))
            && font == Some((r.resource, g.size.to_bits()));
        // One unit of a `TJ` move, and of a `/W` width, in points.
        let unit = g.size / 1000.0;
        let code = r.code.to_be_bytes();
        match &mut stretch {
            Some(s) if same_state && s.y == g.y && s.slant == g.slant && unit > 0.0 => {
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
            slant: g.slant,
            pen: g.x + r.width * unit,
            items: vec![Shown::Codes(code.to_vec())],
        });
    }
    if let Some(s) = stretch.take() {
        s.draw(content);
    }
    // The render mode outlives the text object: leave it as it was found.
    if invisible {
        content.set_text_rendering_mode(TextRenderingMode::Fill);
    }
    content.end_text();
    Ok(())
}
