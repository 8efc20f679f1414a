//! Glyph outlines as paths, read once per (face, glyph) from the same font files the PDF embeds.
//!
//! A day's pages draw a few thousand distinct glyphs hundreds of thousands of times: each outline
//! is read with ttf-parser the first time it is met and kept, in font units (y up), in a cache
//! that every thread drawing a page shares. A run of glyphs is then filled as one path built from
//! the cached outlines moved to HarfBuzz's positions, so a line costs one fill, not one per glyph.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tiny_skia::{Path, PathBuilder, PathSegment, Pixmap, Point};

use super::masks::{MaskCache, MAX_MASK_PX};

use crate::frame::GlyphRun;
use crate::text::{FontFace, FontId, FontSet};

/// One face's file and the size of its em.
struct Face {
    data: Arc<[u8]>,
    index: u32,
    units_per_em: f32,
}

/// Outlines by (face, glyph id); `None`: the glyph has no outline (a space, a hidden control).
type Outlines = HashMap<(u16, u16), Option<Arc<Path>>>;

/// The outlines met so far, shared by the threads that draw pages.
pub(crate) struct GlyphCache {
    faces: Vec<Face>,
    outlines: RwLock<Outlines>,
    masks: MaskCache,
}

impl GlyphCache {
    pub(crate) fn new(fonts: &FontSet) -> GlyphCache {
        let faces = fonts
            .faces()
            .iter()
            .enumerate()
            .map(|(i, FontFace { data, index, .. })| Face {
                data: Arc::clone(data),
                index: *index,
                units_per_em: f32::from(fonts.metrics(FontId(i as u16)).units_per_em.max(1)),
            })
            .collect();
        GlyphCache {
            faces,
            outlines: RwLock::new(HashMap::new()),
            masks: MaskCache::default(),
        }
    }

    /// The outline of glyph `gid` of face `font`, in font units.
    fn outline(&self, font: u16, gid: u16) -> Option<Arc<Path>> {
        let key = (font, gid);
        if let Some(hit) = self
            .outlines
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return hit.clone();
        }
        let read = self.read(font, gid).map(Arc::new);
        self.outlines
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, read.clone());
        read
    }

    fn read(&self, font: u16, gid: u16) -> Option<Path> {
        let face = self.faces.get(usize::from(font))?;
        let parsed = ttf_parser::Face::parse(&face.data, face.index).ok()?;
        let mut builder = Outline(PathBuilder::new());
        parsed.outline_glyph(ttf_parser::GlyphId(gid), &mut builder)?;
        builder.0.finish()
    }

    /// Whether `run` is small enough at `scale` to be stamped from masks ([`GlyphCache::stamp_run`])
    /// rather than filled as a path ([`GlyphCache::run_path`]).
    /// Slanted runs (synthesized italics) are filled as paths: the masks are upright.
    pub(crate) fn stamps(&self, run: &GlyphRun, scale: f32) -> bool {
        run.size * scale <= MAX_MASK_PX && run.slant == 0.0
    }

    /// Draws the glyphs of `run` into `canvas` from their masks, in `rgb`.
    pub(crate) fn stamp_run(&self, canvas: &mut Pixmap, run: &GlyphRun, scale: f32, rgb: [u8; 3]) {
        let Some(face) = self.faces.get(usize::from(run.font.0)) else {
            return;
        };
        let em = run.size / face.units_per_em * scale;
        for glyph in &run.glyphs {
            let Some(outline) = self.outline(run.font.0, glyph.id) else {
                continue;
            };
            let at = (
                (run.origin.x + glyph.x) * scale,
                (run.origin.y + glyph.y) * scale,
            );
            self.masks
                .stamp(canvas, (run.font.0, glyph.id), &outline, em, at, rgb);
        }
    }

    /// The glyphs of `run` as one path in pixels, at `scale` pixels per point, slanted by the
    /// run's `slant`; `None` when none of them has an outline.
    pub(crate) fn run_path(&self, run: &GlyphRun, scale: f32) -> Option<Path> {
        let face = self.faces.get(usize::from(run.font.0))?;
        let em = run.size / face.units_per_em * scale;
        let mut out = PathBuilder::new();
        for glyph in &run.glyphs {
            let Some(outline) = self.outline(run.font.0, glyph.id) else {
                continue;
            };
            let x0 = (run.origin.x + glyph.x) * scale;
            let y0 = (run.origin.y + glyph.y) * scale;
            // Font units grow upwards, pixels downwards; a slant moves x by its share of the
            // height above the baseline.
            let slant = if run.slant.is_finite() {
                run.slant
            } else {
                0.0
            };
            let at = |p: Point| (x0 + (p.x + slant * p.y) * em, y0 - p.y * em);
            for segment in outline.segments() {
                match segment {
                    PathSegment::MoveTo(p) => {
                        let (x, y) = at(p);
                        out.move_to(x, y);
                    }
                    PathSegment::LineTo(p) => {
                        let (x, y) = at(p);
                        out.line_to(x, y);
                    }
                    PathSegment::QuadTo(c, p) => {
                        let (cx, cy) = at(c);
                        let (x, y) = at(p);
                        out.quad_to(cx, cy, x, y);
                    }
                    PathSegment::CubicTo(c1, c2, p) => {
                        let (ax, ay) = at(c1);
                        let (bx, by) = at(c2);
                        let (x, y) = at(p);
                        out.cubic_to(ax, ay, bx, by, x, y);
                    }
                    PathSegment::Close => out.close(),
                }
            }
        }
        out.finish()
    }
}

/// ttf-parser's outline callbacks into a tiny-skia path (quadratic curves stay quadratic).
struct Outline(PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}
