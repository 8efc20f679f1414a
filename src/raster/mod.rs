//! The raster backend: the layout's frames drawn as pixels, for page previews, visual tests and
//! the EPUB's cover.
//!
//! It draws exactly what the PDF draws, from the same [`frame`](crate::frame) items and
//! nothing else (never the PDF): each glyph is its face's own outline (the same font files the
//! PDF embeds, [`FontSet::faces`]) at HarfBuzz's position, filled in its run's colour; photos are
//! decoded upright and stretched into their rectangle; rules are stroked with butt caps. The
//! page is white; everything is anti-aliased by tiny-skia at any resolution. Since the two
//! backends read the same frames, a test can hold one against `pdftoppm`'s rendering of the
//! other (`tests/preview_vs_pdf.rs`) and they cannot drift apart unnoticed.
//!
//! A [`Painter`] is `Sync`: pages are drawn on several threads at once, sharing the glyph
//! outlines read so far and, for glyphs of text size, their anti-aliased masks (`masks`), made
//! once per size and quarter-pixel position and stamped wherever the glyph recurs.

mod encode;
mod error;
mod glyphs;
mod masks;
mod photos;

use tiny_skia::{Color as SkColor, FillRule, LineCap, Paint, PathBuilder, Pixmap, Stroke};

use crate::frame::{Color, Item, Page, Rule};
use crate::text::FontSet;
pub use encode::{encode, to_rgb, ImageKind};
use encode::{encode_rgb, rgb_into};
pub use error::RasterError;
use glyphs::GlyphCache;

/// Most pixels one page image may have (a tabloid page at 1200 dpi is about 280 million, more
/// than memory should hold for a preview).
pub const MAX_PIXELS: u64 = 120_000_000;

/// Draws pages at one resolution.
pub struct Painter {
    glyphs: GlyphCache,
    scale: f32,
    dpi: f32,
}

impl Painter {
    /// A painter for pages set with `fonts` (the faces their frames' `FontId`s index), at
    /// `dpi` pixels per inch.
    pub fn new(fonts: &FontSet, dpi: f32) -> Painter {
        Painter {
            glyphs: GlyphCache::new(fonts),
            scale: dpi / 72.0,
            dpi,
        }
    }

    /// The pixel size of `page`'s image: its size in points at this resolution, rounded as
    /// `pdftoppm` rounds it.
    pub fn size(&self, page: &Page) -> Result<(u32, u32), RasterError> {
        let too_large = || RasterError::Size {
            width: page.width,
            height: page.height,
            dpi: self.dpi,
        };
        let px = |pt: f32| {
            let v = (pt * self.scale).ceil();
            (v.is_finite() && v >= 1.0 && v <= u32::MAX as f32).then_some(v as u32)
        };
        let (w, h) = (
            px(page.width).ok_or_else(too_large)?,
            px(page.height).ok_or_else(too_large)?,
        );
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(too_large());
        }
        Ok((w, h))
    }

    /// Draws `page` on white.
    pub fn paint(&self, page: &Page) -> Result<Pixmap, RasterError> {
        let mut canvas = None;
        self.paint_on(page, &mut canvas)?;
        canvas.ok_or(RasterError::Size {
            width: page.width,
            height: page.height,
            dpi: self.dpi,
        })
    }

    /// Draws `page` on white and encodes it as `kind`. The canvas and the RGB samples are
    /// kept for the next page the same thread draws: a 100 dpi A4 page is 4 MB of canvas and 3
    /// MB of samples, and allocating them afresh for each page of a day cost a fifth of the
    /// preview's processor time in page faults and zeroing (measured, 253 pages).
    pub fn render(&self, page: &Page, kind: ImageKind) -> Result<Vec<u8>, RasterError> {
        thread_local! {
            static SCRATCH: std::cell::RefCell<(Option<Pixmap>, Vec<u8>)> =
                const { std::cell::RefCell::new((None, Vec::new())) };
        }
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let (canvas, rgb) = &mut *scratch;
            let canvas = self.paint_on(page, canvas)?;
            rgb_into(canvas, rgb);
            encode_rgb(rgb, canvas.width(), canvas.height(), kind)
        })
    }

    /// Draws `page` on white into `canvas`, which is made (again) when it is not of the page's
    /// size.
    fn paint_on<'c>(
        &self,
        page: &Page,
        canvas: &'c mut Option<Pixmap>,
    ) -> Result<&'c mut Pixmap, RasterError> {
        let (w, h) = self.size(page)?;
        if canvas
            .as_ref()
            .is_none_or(|c| (c.width(), c.height()) != (w, h))
        {
            *canvas = Pixmap::new(w, h);
        }
        let canvas = canvas.as_mut().ok_or(RasterError::Size {
            width: page.width,
            height: page.height,
            dpi: self.dpi,
        })?;
        // Opaque white is 255 in every premultiplied channel: one memset, not a pixel loop.
        canvas.data_mut().fill(u8::MAX);
        self.draw_items(canvas, &page.items)?;
        Ok(canvas)
    }

    /// Draws `items` over what `canvas` holds, in order (later items over earlier ones, as in
    /// the PDF's content stream).
    pub fn draw_items(&self, canvas: &mut Pixmap, items: &[Item]) -> Result<(), RasterError> {
        for item in items {
            match item {
                Item::Line(line) => {
                    for run in &line.runs {
                        if self.glyphs.stamps(run, self.scale) {
                            let rgb = [run.color.r, run.color.g, run.color.b].map(|v| {
                                (if v.is_finite() {
                                    v.clamp(0.0, 1.0)
                                } else {
                                    0.0
                                } * 255.0)
                                    .round() as u8
                            });
                            self.glyphs.stamp_run(canvas, run, self.scale, rgb);
                        } else if let Some(path) = self.glyphs.run_path(run, self.scale) {
                            let paint = paint(run.color);
                            canvas.fill_path(
                                &path,
                                &paint,
                                FillRule::Winding,
                                tiny_skia::Transform::identity(),
                                None,
                            );
                        }
                    }
                }
                Item::Image(image) => photos::draw(canvas, image, self.scale)?,
                Item::Rule(rule) => self.rule(canvas, rule),
            }
        }
        Ok(())
    }

    /// Strokes a rule. A horizontal or vertical rule is snapped to whole pixels and drawn at
    /// least one pixel wide, as PDF viewers adjust thin strokes (poppler's stroke adjustment,
    /// Acrobat's "enhance thin lines"): a 0.5 pt column rule at 50 dpi is a third of a pixel,
    /// which anti-aliasing alone would leave as a faint grey smear between two rows.
    fn rule(&self, canvas: &mut Pixmap, rule: &Rule) {
        let s = self.scale;
        let (mut x0, mut y0, mut x1, mut y1) = (
            rule.from.x * s,
            rule.from.y * s,
            rule.to.x * s,
            rule.to.y * s,
        );
        let mut width = (rule.width * s).max(0.0);
        if !width.is_finite() || width == 0.0 {
            return;
        }
        let snap = |centre: f32, width: f32| {
            let w = width.round().max(1.0);
            ((centre - w / 2.0).round() + w / 2.0, w)
        };
        if y0 == y1 {
            (y0, width) = snap(y0, width);
            y1 = y0;
        } else if x0 == x1 {
            (x0, width) = snap(x0, width);
            x1 = x0;
        }
        let mut path = PathBuilder::new();
        path.move_to(x0, y0);
        path.line_to(x1, y1);
        let Some(path) = path.finish() else {
            return;
        };
        let stroke = Stroke {
            width,
            line_cap: LineCap::Butt,
            ..Stroke::default()
        };
        canvas.stroke_path(
            &path,
            &paint(rule.color),
            &stroke,
            tiny_skia::Transform::identity(),
            None,
        );
    }
}

/// A solid, anti-aliased paint in `c` (channels clamped as the PDF clamps them).
fn paint(c: Color) -> Paint<'static> {
    let channel = |v: f32| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    paint.set_color(
        SkColor::from_rgba(channel(c.r), channel(c.g), channel(c.b), 1.0).unwrap_or(SkColor::BLACK),
    );
    paint
}
