//! Glyphs of text size as coverage masks, rasterized once and stamped wherever they recur.
//!
//! A day's pages draw the same few hundred glyphs at the same few sizes hundreds of thousands of
//! times; filling each outline again costs most of a preview's time. So a glyph up to
//! [`MAX_MASK_PX`] pixels per em is rasterized once per quarter-pixel position (its origin's
//! fraction of a pixel, across and down) into an anti-aliased mask, and blended into the page
//! from there: the pixels are those a path fill at that position gives, the origin is off by at
//! most an eighth of a pixel. Larger glyphs (mastheads, the cover) are filled as paths.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tiny_skia::{FillRule, Mask, Path, Pixmap, Transform};

/// Glyphs up to this many pixels per em go through masks.
pub(crate) const MAX_MASK_PX: f32 = 64.0;
/// Positions per pixel that masks are made for.
const STEPS: f32 = 4.0;

/// One glyph's coverage at one size and sub-pixel position, placed relative to the whole pixel
/// its origin falls in.
pub(crate) struct GlyphMask {
    left: i32,
    top: i32,
    width: u32,
    height: u32,
    alpha: Vec<u8>,
}

/// (face, glyph, pixels per em as bits, x step, y step).
type Key = (u16, u16, u32, u8, u8);

/// Masks made so far, shared by the threads drawing pages.
#[derive(Default)]
pub(crate) struct MaskCache {
    masks: RwLock<HashMap<Key, Option<Arc<GlyphMask>>>>,
}

impl MaskCache {
    /// Stamps glyph `(font, gid)` of outline `outline` (font units, y up) at `em` pixels per
    /// font unit with its origin at pixel position (`x`, `y`), in `rgb`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn stamp(
        &self,
        canvas: &mut Pixmap,
        (font, gid): (u16, u16),
        outline: &Path,
        em: f32,
        (x, y): (f32, f32),
        rgb: [u8; 3],
    ) {
        let (ix, fx) = split(x);
        let (iy, fy) = split(y);
        let key = (font, gid, em.to_bits(), fx, fy);
        let hit = self
            .masks
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let mask = match hit {
            Some(mask) => mask,
            None => {
                let made = render(outline, em, fx, fy).map(Arc::new);
                self.masks
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, made.clone());
                made
            }
        };
        if let Some(mask) = mask {
            blend(canvas, &mask, ix + mask.left, iy + mask.top, rgb);
        }
    }
}

/// A pixel position as its whole pixel and its quarter within it (rounded: 4 quarters carry).
fn split(v: f32) -> (i32, u8) {
    let q = (v * STEPS).round();
    let whole = (q / STEPS).floor();
    (whole as i32, (q - whole * STEPS) as u8)
}

/// The glyph's mask with its origin at (`fx`, `fy`) quarters of a pixel into pixel (0, 0).
fn render(outline: &Path, em: f32, fx: u8, fy: u8) -> Option<GlyphMask> {
    let (ox, oy) = (f32::from(fx) / STEPS, f32::from(fy) / STEPS);
    let b = outline.bounds();
    // Font units grow upwards: the glyph's top is its largest y.
    let left = (ox + b.left() * em).floor() as i32 - 1;
    let top = (oy - b.bottom() * em).floor() as i32 - 1;
    let right = (ox + b.right() * em).ceil() as i32 + 1;
    let bottom = (oy - b.top() * em).ceil() as i32 + 1;
    let (width, height) = ((right - left).max(1) as u32, (bottom - top).max(1) as u32);
    let mut mask = Mask::new(width, height)?;
    let transform = Transform::from_row(em, 0.0, 0.0, -em, ox - left as f32, oy - top as f32);
    mask.fill_path(outline, FillRule::Winding, true, transform);
    Some(GlyphMask {
        left,
        top,
        width,
        height,
        alpha: mask.take(),
    })
}

/// Blends `rgb` through `mask` into the opaque `canvas` with the mask's top-left at (`x`, `y`).
fn blend(canvas: &mut Pixmap, mask: &GlyphMask, x: i32, y: i32, rgb: [u8; 3]) {
    let (cw, ch) = (canvas.width() as i32, canvas.height() as i32);
    let data = canvas.data_mut();
    for row in 0..mask.height as i32 {
        let py = y + row;
        if py < 0 || py >= ch {
            continue;
        }
        let line = &mask.alpha[(row as usize) * mask.width as usize..][..mask.width as usize];
        for (col, &a) in line.iter().enumerate() {
            let px = x + col as i32;
            if a == 0 || px < 0 || px >= cw {
                continue;
            }
            let at = ((py * cw + px) * 4) as usize;
            let a = u32::from(a);
            for c in 0..3 {
                let d = u32::from(data[at + c]);
                data[at + c] = ((u32::from(rgb[c]) * a + d * (255 - a) + 127) / 255) as u8;
            }
        }
    }
}
