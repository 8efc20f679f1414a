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
use crate::layout::frame::PlacedImage;
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
    let bytes = crate::input::source::read_photo(path).map_err(|e| fail(e.to_string()))?;
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

#[cfg(test)]
mod tests {
    use image::metadata::Orientation;
    use image::{DynamicImage, GrayImage, Luma};

    /// A 48×32 picture that shows which way up it is: its top-left quarter dark, the rest light.
    fn upright() -> GrayImage {
        GrayImage::from_fn(48, 32, |x, y| {
            Luma([if x < 24 && y < 16 { 20 } else { 235 }])
        })
    }

    /// A JPEG of `pixels` whose EXIF says to show it with `orientation`: an APP1 segment
    /// (`Exif`, a little-endian TIFF header, one IFD entry 0x0112) right after the SOI marker.
    fn jpeg_with_orientation(pixels: &DynamicImage, orientation: u8) -> Vec<u8> {
        let mut encoded = Vec::new();
        pixels
            .write_to(
                &mut std::io::Cursor::new(&mut encoded),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let mut tiff = b"II*\0\x08\0\0\0\x01\0".to_vec();
        tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0]);
        tiff.extend_from_slice(&[0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = encoded[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&encoded[2..]);
        out
    }

    /// Each EXIF orientation 1–8 of the same picture, stored turned so that a viewer applying
    /// the tag shows it upright, is drawn upright: at full size (the `image` decoder) and at a
    /// quarter (the DCT-scaled decoder).
    #[test]
    fn every_exif_orientation_comes_out_upright() {
        let dir = tempfile::tempdir().unwrap();
        let want = upright();
        for orientation in 1..=8u8 {
            // What the camera stored: the upright picture turned the other way.
            let undo = match orientation {
                6 => 8,
                8 => 6,
                o => o,
            };
            let mut stored = DynamicImage::ImageLuma8(want.clone());
            stored.apply_orientation(Orientation::from_exif(undo).unwrap());
            let path = dir.path().join(format!("o{orientation}.jpg"));
            std::fs::write(&path, jpeg_with_orientation(&stored, orientation)).unwrap();
            for target in [(48, 32), (12, 8)] {
                let got = super::load(&path, target).unwrap().to_luma8();
                assert_eq!(got.dimensions(), target, "orientation {orientation}");
                let (w, h) = target;
                let dark = |x: u32, y: u32| got.get_pixel(x, y).0[0] < 128;
                let corners = [
                    dark(w / 4, h / 4),
                    dark(w * 3 / 4, h / 4),
                    dark(w / 4, h * 3 / 4),
                    dark(w * 3 / 4, h * 3 / 4),
                ];
                assert_eq!(
                    corners,
                    [true, false, false, false],
                    "orientation {orientation} at {target:?}: the dark quarter is not top left"
                );
            }
        }
    }
}
