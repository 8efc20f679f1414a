//! Photos encoded again, after they had to be decoded (resampled, turned, or in a format the
//! output cannot carry). Both encoders are deterministic: the same pixels give the same bytes.

use std::io::Cursor;

use image::error::{EncodingError, ImageFormatHint};
use image::{DynamicImage, ImageError, ImageFormat, ImageResult};
use jpeg_encoder::{ColorType, Encoder, ImageBuffer, JpegColorType, SamplingFactor};

use super::decode::Decoded;

/// JPEG at `quality` (1–100); grey (with or without alpha) stays grey, anything else becomes
/// RGB (JPEG has no alpha). Baseline, standard Huffman tables, no chroma subsampling (4:4:4,
/// as the image crate's encoder wrote before). [`jpeg_decoded`] subsamples chroma 4:2:0 when
/// the source JPEG did.
///
/// `jpeg-encoder` rather than the image crate's encoder: it reads rows of plain samples where
/// the image crate's goes through a generic pixel accessor, about twice as fast for the same
/// quality tables (on a 4000 px photo shrunk for print, re-encoding was a sixth of the PDF's
/// time). Its SIMD feature is left off: the AVX2 path gives other bytes than the portable one,
/// and the same photo must give the same file on every machine.
pub fn jpeg(image: &DynamicImage, quality: u8) -> ImageResult<Vec<u8>> {
    encode_jpeg(image, false, false, quality)
}

/// [`jpeg`] of a photo decoded for it: samples kept in YCbCr ([`Decoded::ycbcr`]) are written
/// as they are, and chroma is subsampled 4:2:0 when the source's was ([`Decoded::chroma_420`]):
/// the source carried its colour at half resolution already, and print (300 dpi, colour then
/// at 150, under a halftone screen of about 150 lines an inch) and screens show no more. On a
/// day of 4:2:0 photos it takes about 6% off the processor time and 18% off the photos'
/// bytes, at about 1 dB of PSNR against the source shrunk (BENCHMARKS.md, round 5).
pub fn jpeg_decoded(decoded: &Decoded, quality: u8) -> ImageResult<Vec<u8>> {
    encode_jpeg(&decoded.image, decoded.ycbcr, decoded.chroma_420, quality)
}

fn encode_jpeg(
    image: &DynamicImage,
    ycbcr: bool,
    chroma_420: bool,
    quality: u8,
) -> ImageResult<Vec<u8>> {
    let (w, h) = (image.width(), image.height());
    let too_large = || {
        ImageError::Encoding(EncodingError::new(
            ImageFormatHint::Exact(ImageFormat::Jpeg),
            format!("{w}×{h} is larger than a JPEG can be (65535 px a side)"),
        ))
    };
    let (w16, h16) = (
        u16::try_from(w).map_err(|_| too_large())?,
        u16::try_from(h).map_err(|_| too_large())?,
    );
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_sampling_factor(match chroma_420 {
        true => SamplingFactor::F_2_2,
        false => SamplingFactor::F_1_1,
    });
    let written = if image.color().has_color() {
        match image {
            DynamicImage::ImageRgb8(samples) if ycbcr => {
                encoder.encode_image(YcbcrRows(samples.as_raw(), w16, h16))
            }
            DynamicImage::ImageRgb8(rgb) => encoder.encode(rgb.as_raw(), w16, h16, ColorType::Rgb),
            other => encoder.encode(other.to_rgb8().as_raw(), w16, h16, ColorType::Rgb),
        }
    } else {
        match image {
            DynamicImage::ImageLuma8(grey) => {
                encoder.encode(grey.as_raw(), w16, h16, ColorType::Luma)
            }
            other => encoder.encode(other.to_luma8().as_raw(), w16, h16, ColorType::Luma),
        }
    };
    written.map_err(|e| {
        ImageError::Encoding(EncodingError::new(
            ImageFormatHint::Exact(ImageFormat::Jpeg),
            e,
        ))
    })?;
    Ok(out)
}

/// Interleaved Y, Cb, Cr samples, `width` × `height`, for the encoder. jpeg-encoder's own
/// `ColorType::Ycbcr` pushes the samples one at a time; here each row is split into its three
/// channels by whole-row loops the compiler can vectorise.
struct YcbcrRows<'a>(&'a [u8], u16, u16);

impl ImageBuffer for YcbcrRows<'_> {
    fn get_jpeg_color_type(&self) -> JpegColorType {
        JpegColorType::Ycbcr
    }

    fn width(&self) -> u16 {
        self.1
    }

    fn height(&self) -> u16 {
        self.2
    }

    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        let row = usize::from(self.1) * 3;
        let start = usize::from(y) * row;
        let Some(line) = self.0.get(start..start + row) else {
            return;
        };
        for (channel, buffer) in buffers.iter_mut().take(3).enumerate() {
            buffer.extend(line.chunks_exact(3).map(|p| p[channel]));
        }
    }
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
