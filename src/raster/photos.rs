//! Photos for a preview: decoded upright (EXIF orientation applied, as the PDF and the EPUB show
//! them), shrunk to the pixels they cover, and drawn into their rectangle.
//!
//! A news photo is 1600 px or more wide and covers a few hundred pixels of a 100 dpi preview:
//! JPEGs are decoded at 1/2, 1/4 or 1/8 scale in the inverse DCT when that still covers the
//! rectangle, then area-averaged to its size ([`crate::photo`]), so a day of 200 photos previews
//! in a fraction of the time a full decode of each would take.

use std::path::Path;

use image::DynamicImage;
use tiny_skia::{FilterQuality, Pixmap, PixmapPaint, Transform};

use super::error::RasterError;
use crate::frame::PlacedImage;
use crate::photo::{decode, resample};

/// Draws `image` into `canvas` at `scale` pixels per point, stretched to its rectangle as the
/// PDF places it.
pub(crate) fn draw(
    canvas: &mut Pixmap,
    image: &PlacedImage,
    scale: f32,
) -> Result<(), RasterError> {
    let r = image.rect;
    let (w, h) = (r.width * scale, r.height * scale);
    if !(w.is_finite() && h.is_finite()) || w <= 0.0 || h <= 0.0 {
        return Ok(());
    }
    let target = (w.ceil().max(1.0) as u32, h.ceil().max(1.0) as u32);
    let pixels = load(&image.path, target)?;
    let photo = to_pixmap(&pixels).ok_or_else(|| RasterError::Photo {
        path: image.path.clone(),
        message: "the decoded photo has no pixels".into(),
    })?;
    let transform = Transform::from_row(
        w / photo.width() as f32,
        0.0,
        0.0,
        h / photo.height() as f32,
        r.x * scale,
        r.y * scale,
    );
    let paint = PixmapPaint {
        quality: FilterQuality::Bilinear,
        ..PixmapPaint::default()
    };
    canvas.draw_pixmap(0, 0, photo.as_ref(), &paint, transform, None);
    Ok(())
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
    Ok(resample::for_drawing(image, target))
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
