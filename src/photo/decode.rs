//! Photos decoded upright: any format the input accepts, and JPEGs shrunk in the decoder.
//!
//! A news photo is 1600 px or more wide and is often needed much smaller (a 100 dpi preview, a
//! PDF placement far above its resolution limit). A JPEG can be decoded at 1/2, 1/4 or 1/8 of
//! its size by the inverse DCT itself (`jpeg-decoder`'s `scale`), which skips most of the
//! decoding work; [`jpeg_scaled`] picks the smallest of these that still covers the size wanted,
//! and resampling ([`super::resample`]) takes it the rest of the way.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, ImageResult};

use super::{jpeg, orientation};

/// Decodes any supported format with its orientation applied to the pixels.
pub fn decode(bytes: &[u8]) -> ImageResult<DynamicImage> {
    decode_turned(bytes, None)
}

/// Decodes any supported format and turns the pixels by `orientation`: the EXIF orientation
/// 1–8 the caller already holds for this file (what input probed, which the EPUB has sized its
/// pages by), or `None` for the file's own.
pub fn decode_turned(bytes: &[u8], orientation: Option<u8>) -> ImageResult<DynamicImage> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let orientation = match orientation {
        Some(exif) => Orientation::from_exif(exif).unwrap_or(Orientation::NoTransforms),
        None => decoder.orientation().unwrap_or(Orientation::NoTransforms),
    };
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// The size an image is shown at (orientation applied), read from its header alone.
pub fn shown_size(bytes: &[u8]) -> ImageResult<(u32, u32)> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let (w, h) = decoder.dimensions();
    let exif = decoder.orientation().map(Orientation::to_exif).unwrap_or(1);
    Ok(orientation::shown_size(w, h, exif))
}

/// Decodes a grey or RGB JPEG at the smallest of 1/1, 1/2, 1/4 or 1/8 scale that still covers
/// `target` (the shown size, orientation applied), orientation applied to the pixels. `None`
/// for anything it does not handle (not a JPEG, CMYK, 12-bit, a decoding error): [`decode`]
/// then decides, and reports errors.
pub fn jpeg_scaled(bytes: &[u8], target: (u32, u32)) -> Option<DynamicImage> {
    let info = jpeg::header(bytes)?;
    let (w, h) = if orientation::swaps_axes(info.orientation) {
        (target.1, target.0)
    } else {
        target
    };
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let (sw, sh) = decoder
        .scale(u16::try_from(w).ok()?, u16::try_from(h).ok()?)
        .ok()?;
    let samples = decoder.decode().ok()?;
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    let mut image = match decoder.info()?.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            DynamicImage::ImageRgb8(image::RgbImage::from_raw(sw, sh, samples)?)
        }
        jpeg_decoder::PixelFormat::L8 => {
            DynamicImage::ImageLuma8(image::GrayImage::from_raw(sw, sh, samples)?)
        }
        _ => return None,
    };
    orientation::apply(&mut image, info.orientation);
    Some(image)
}

/// At least `target` (the shown size): a JPEG shrunk in the decoder when it can be, anything
/// else decoded whole. Orientation applied either way.
pub fn decode_near(bytes: &[u8], target: (u32, u32)) -> ImageResult<DynamicImage> {
    match jpeg_scaled(bytes, target) {
        Some(image) => Ok(image),
        None => decode(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::GenericImageView;

    #[test]
    fn a_scaled_jpeg_decode_covers_the_target_upright() {
        let rocket = std::fs::read("tests/data/photos/rocket.jpg").unwrap();
        // 640×427 shown; half of it still covers 300×200.
        let half = jpeg_scaled(&rocket, (300, 200)).unwrap();
        assert_eq!(half.dimensions(), (320, 214));
        let full = jpeg_scaled(&rocket, (400, 267)).unwrap();
        assert_eq!(full.dimensions(), (640, 427));
        // Rotated a quarter by EXIF: shown 427×640, and the pixels come out that way.
        let rotated = super::super::tests::with_orientation(&rocket, 6);
        let upright = jpeg_scaled(&rotated, (200, 300)).unwrap();
        assert_eq!(upright.dimensions(), (214, 320));
        assert_eq!(shown_size(&rotated).unwrap(), (427, 640));
        // The full decoder gives the same picture, more slowly.
        let reference = decode(&rotated)
            .unwrap()
            .thumbnail_exact(214, 320)
            .to_luma8();
        let diff: f64 = upright
            .to_luma8()
            .pixels()
            .zip(reference.pixels())
            .map(|(a, b)| f64::from(a.0[0].abs_diff(b.0[0])))
            .sum::<f64>()
            / f64::from(214 * 320);
        assert!(diff < 6.0, "mean difference {diff}");
    }
}
