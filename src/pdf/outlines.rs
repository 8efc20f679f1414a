//! Glyphs drawn as shapes: the ink of glyphs whose text is written separately.
//!
//! A glyph that does not stand for exactly its own one character (a haraka raised over its
//! letter, a ligature, a letter drawn in two parts) is drawn from its outline instead of with a
//! font, so that it adds no text of its own; its cluster's characters are written as invisible
//! text in its place (see `text`). Each glyph's outline is written once, as a form XObject in
//! font units, and placed with a matrix wherever it is drawn: the pixels are the font's own
//! outline at HarfBuzz's position, and no extractor finds a stray code in them.

use pdf_writer::{Content, Filter, Rect, Ref};

use super::error::PdfError;
use super::sink::{deflate, Sink};

/// Writes glyph `gid`'s outline as a form XObject in font units; `None` when the glyph has no
/// outline (a space, a hidden control).
pub(crate) fn write_form<W: std::io::Write>(
    face: &ttf_parser::Face<'_>,
    gid: u16,
    sink: &mut Sink<W>,
) -> Result<Option<Ref>, PdfError> {
    let mut path = PathBuilder {
        content: Content::new(),
        last: (0.0, 0.0),
        empty: true,
    };
    let Some(bbox) = face.outline_glyph(ttf_parser::GlyphId(gid), &mut path) else {
        return Ok(None);
    };
    if path.empty {
        return Ok(None);
    }
    path.content.fill_nonzero();
    let content = deflate(&path.content.finish().into_vec());
    let id = sink.alloc();
    sink.object(id, |c| {
        let mut form = c.form_xobject(id, &content);
        form.filter(Filter::FlateDecode);
        form.bbox(Rect::new(
            f32::from(bbox.x_min),
            f32::from(bbox.y_min),
            f32::from(bbox.x_max),
            f32::from(bbox.y_max),
        ));
    })?;
    Ok(Some(id))
}

/// Turns an outline into PDF path operators; quadratic curves (TrueType) become cubic ones.
struct PathBuilder {
    content: Content,
    last: (f32, f32),
    empty: bool,
}

impl ttf_parser::OutlineBuilder for PathBuilder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.content.move_to(x, y);
        self.last = (x, y);
        self.empty = false;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.content.line_to(x, y);
        self.last = (x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.last;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.content.cubic_to(c1.0, c1.1, c2.0, c2.1, x, y);
        self.last = (x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.content.cubic_to(x1, y1, x2, y2, x, y);
        self.last = (x, y);
    }

    fn close(&mut self) {
        self.content.close_path();
    }
}
