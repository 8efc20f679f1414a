//! Photos for a preview: decoded upright (EXIF orientation applied, as the PDF and the EPUB show
//! them), brought to exactly the pixels they cover, and copied onto the page.
//!
//! A news photo is 1600 px or more wide and covers a few hundred pixels of a 100 dpi preview:
//! JPEGs are decoded at 1/2, 1/4 or 1/8 scale in the inverse DCT when that still covers the
//! rectangle, then area-averaged to its size ([`crate::photo`]), so a day of 200 photos previews
//! in a fraction of the time a full decode of each would take. The rectangle is snapped to
//! whole pixels (as poppler places images) and the photo copied in without a second filter:
//! drawing it through tiny-skia's bilinear pipeline cost a tenth of a preview's time.

use std::path::Path;

use image::DynamicImage;
use tiny_skia::{FilterQuality, Pixmap, PixmapPaint, Transform};

use super::error::RasterError;
use crate::frame::PlacedImage;
use crate::photo::{decode, resample};

/// Draws `image` into `canvas` at `scale` pixels per point, stretched to its rectangle as the
/// PDF places it, its edges rounded to whole pixels.
pub(crate) fn draw(
    canvas: &mut Pixmap,
    image: &PlacedImage,
    scale: f32,
) -> Result<(), RasterError> {
    let r = image.rect;
    let edges = [r.x, r.y, r.x + r.width, r.y + r.height].map(|v| (v * scale).round());
    if edges.iter().any(|v| !v.is_finite()) || r.width <= 0.0 || r.height <= 0.0 {
        return Ok(());
    }
    let [x0, y0, x1, y1] = edges;
    // At least one pixel, as a PDF viewer shows a sliver of a photo.
    let target = (
        (x1 - x0).max(1.0).min(u32::MAX as f32) as u32,
        (y1 - y0).max(1.0).min(u32::MAX as f32) as u32,
    );
    let pixels = load(&image.path, target)?;
    if pixels.color().has_alpha() {
        let photo = to_pixmap(&pixels).ok_or_else(|| RasterError::Photo {
            path: image.path.clone(),
            message: "the decoded photo has no pixels".into(),
        })?;
        // Transparency: blended over the page; at its own size and on whole pixels, so the
        // filter has nothing to interpolate.
        let paint = PixmapPaint {
            quality: FilterQuality::Nearest,
            ..PixmapPaint::default()
        };
        canvas.draw_pixmap(
            0,
            0,
            photo.as_ref(),
            &paint,
            Transform::from_translate(x0, y0),
            None,
        );
    } else {
        match &pixels {
            DynamicImage::ImageRgb8(rgb) => copy_opaque(canvas, rgb, (x0, y0)),
            other => copy_opaque(canvas, &other.to_rgb8(), (x0, y0)),
        }
    }
    Ok(())
}

/// Copies an opaque photo onto `canvas` with its top left corner at pixel `at` (clipped to
/// the canvas).
fn copy_opaque(canvas: &mut Pixmap, rgb: &image::RgbImage, at: (f32, f32)) {
    let (cw, ch) = (canvas.width() as i64, canvas.height() as i64);
    let (x0, y0) = (at.0 as i64, at.1 as i64);
    let (w, h) = (i64::from(rgb.width()), i64::from(rgb.height()));
    let (left, right) = (x0.max(0), (x0 + w).min(cw));
    let (top, bottom) = (y0.max(0), (y0 + h).min(ch));
    if left >= right || top >= bottom {
        return;
    }
    let data = canvas.data_mut();
    let src = rgb.as_raw();
    for y in top..bottom {
        // Non-negative and within bounds: clipped above.
        let from = (((y - y0) * w + (left - x0)) * 3) as usize;
        let to = ((y * cw + left) * 4) as usize;
        let n = (right - left) as usize;
        for (out, px) in data[to..to + n * 4]
            .chunks_exact_mut(4)
            .zip(src[from..from + n * 3].chunks_exact(3))
        {
            out.copy_from_slice(&[px[0], px[1], px[2], 255]);
        }
    }
}

/// The photo at `path`, upright, at `target` pixels (its rectangle's size: the layout gave the
/// rectangle the photo's proportions).
pub(crate) fn load(path: &Path, target: (u32, u32)) -> Result<DynamicImage, RasterError> {
    let fail = |message: String| RasterError::Photo {
        path: path.to_path_buf(),
        message,
    };
    let bytes = crate::regular_file::read_photo(path).map_err(|e| fail(e.to_string()))?;
    let image = decode::decode_near(&bytes, target).map_err(|e| fail(e.to_string()))?;
    Ok(resample::to_exact(image, target))
}

/// Premultiplied RGBA, as tiny-skia draws it.
fn to_pixmap(image: &DynamicImage) -> Option<Pixmap> {
    let rgba = image.to_rgba8();
    let mut pixmap = Pixmap::new(rgba.width(), rgba.height())?;
    for (out, px) in pixmap.data_mut().chunks_exact_mut(4).zip(rgba.pixels()) {
        let [r, g, b, a] = px.0;
        let premultiply = |c: u8| ((u16::from(c) * u16::from(a) + 127) / 255) as u8;
        out.copy_from_slice(&[premultiply(r), premultiply(g), premultiply(b), a]);
    }
    Some(pixmap)
}
