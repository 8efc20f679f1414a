//! Photos encoded again, after they had to be decoded (resampled, turned, or in a format the
//! output cannot carry). Both encoders are deterministic: the same pixels give the same bytes.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, ImageResult};

/// JPEG at `quality` (1–100); grey (with or without alpha) stays grey, anything else becomes
/// RGB (JPEG has no alpha).
pub fn jpeg(image: &DynamicImage, quality: u8) -> ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100));
    if image.color().has_color() {
        encoder.encode_image(&DynamicImage::ImageRgb8(image.to_rgb8()))?;
    } else {
        encoder.encode_image(&DynamicImage::ImageLuma8(image.to_luma8()))?;
    }
    Ok(out)
}

/// PNG, lossless, in the image's own colour type (alpha kept).
pub fn png(image: &DynamicImage) -> ImageResult<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png)?;
    Ok(out.into_inner())
}

/// Whether any pixel is not fully opaque (an alpha channel that is all 255 does not count).
pub fn has_transparency(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p[3] < 255)
}
