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

/// A photo decoded to be encoded as JPEG again, and what its channels hold.
pub struct Decoded {
    pub image: DynamicImage,
    /// `image` is 8-bit RGB in layout but holds Y, Cb and Cr: a YCbCr JPEG's own samples, not
    /// converted ([`for_jpeg`]). Shrinking is a weighted mean per channel, the same in either
    /// space up to rounding, so the photo is shrunk as it is and
    /// [`super::encode::jpeg_decoded`] writes the samples back without the conversions to RGB
    /// and back (two passes over every pixel).
    pub ycbcr: bool,
    /// The source JPEG's chroma was 4:2:0 ([`jpeg::JpegInfo::chroma_420`]): the encoder
    /// subsamples it so again instead of writing 4:4:4.
    pub chroma_420: bool,
}

/// Decodes a grey or RGB JPEG at the smallest of 1/1, 1/2, 1/4 or 1/8 scale that still covers
/// `target` (the shown size, orientation applied), orientation applied to the pixels. `None`
/// for anything it does not handle (not a JPEG, CMYK, 12-bit, a decoding error): [`decode`]
/// then decides, and reports errors.
pub fn jpeg_scaled(bytes: &[u8], target: (u32, u32)) -> Option<DynamicImage> {
    scaled(bytes, target, false).map(|d| d.image)
}

/// [`jpeg_scaled`] for a photo that is encoded as JPEG again: a JPEG in YCbCr (components
/// numbered 1, 2, 3) stays in YCbCr ([`Decoded::ycbcr`]).
pub fn jpeg_scaled_for_jpeg(bytes: &[u8], target: (u32, u32)) -> Option<Decoded> {
    scaled(bytes, target, true)
}

fn scaled(bytes: &[u8], target: (u32, u32), keep_ycbcr: bool) -> Option<Decoded> {
    let info = jpeg::header(bytes)?;
    let (w, h) = if orientation::swaps_axes(info.orientation) {
        (target.1, target.0)
    } else {
        target
    };
    let ycbcr = keep_ycbcr && info.ycbcr;
    if ycbcr && !dct_scaling_helps(&info, (w, h)) {
        if let Some(image) = ycbcr_whole(bytes) {
            let mut image = DynamicImage::ImageRgb8(image);
            orientation::apply(&mut image, info.orientation);
            return Some(Decoded {
                image,
                ycbcr: true,
                chroma_420: info.chroma_420,
            });
        }
    }
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    if ycbcr {
        // jpeg-decoder's RGB "transform" interleaves the three components as they are. (Its
        // `None` lays each row out plane by plane, and overruns rows of odd widths.)
        decoder.set_color_transform(jpeg_decoder::ColorTransform::RGB);
    }
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
    let ycbcr = ycbcr && matches!(image, DynamicImage::ImageRgb8(_));
    Some(Decoded {
        image,
        ycbcr,
        chroma_420: ycbcr && info.chroma_420,
    })
}

/// Whether jpeg-decoder's DCT scaling would decode this JPEG below its full size for a
/// `target` (stored orientation): at 1/2 it still covers the target when half of each side,
/// rounded up, does.
fn dct_scaling_helps(info: &jpeg::JpegInfo, (w, h): (u32, u32)) -> bool {
    u32::from(info.width).div_ceil(2) >= w && u32::from(info.height).div_ceil(2) >= h
}

/// A YCbCr JPEG decoded whole by zune-jpeg, its Y, Cb and Cr samples interleaved as they are
/// (no conversion to RGB); `None` when zune-jpeg refuses it or takes it for another colour
/// space (an Adobe marker saying RGB), and jpeg-decoder then decides.
///
/// Where no DCT scaling helps (portraits and panoramas placed at more than half their size),
/// zune-jpeg decodes about twice as fast as jpeg-decoder (Huffman decoding, IDCT, and no
/// worker threads to hand rows over); its pixels are those of jpeg-decoder within rounding of
/// the inverse DCT. Where scaling helps, jpeg-decoder at 1/2 or 1/4 is cheaper than a whole
/// decode and a four times larger area average, so it stays.
fn ycbcr_whole(bytes: &[u8]) -> Option<image::RgbImage> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;

    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::YCbCr)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX));
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().ok()?;
    if decoder.input_colorspace()? != ColorSpace::YCbCr
        || decoder.output_colorspace()? != ColorSpace::YCbCr
    {
        return None;
    }
    let samples = decoder.decode().ok()?;
    let (w, h) = decoder.dimensions()?;
    image::RgbImage::from_raw(u32::try_from(w).ok()?, u32::try_from(h).ok()?, samples)
}

/// At least `target` (the shown size): a JPEG shrunk in the decoder when it can be, anything
/// else decoded whole. Orientation applied either way.
pub fn decode_near(bytes: &[u8], target: (u32, u32)) -> ImageResult<DynamicImage> {
    match jpeg_scaled(bytes, target) {
        Some(image) => Ok(image),
        None => decode(bytes),
    }
}

/// [`decode_near`] for a photo that is encoded as JPEG again: YCbCr kept where it can be.
pub fn for_jpeg(bytes: &[u8], target: (u32, u32)) -> ImageResult<Decoded> {
    match jpeg_scaled_for_jpeg(bytes, target) {
        Some(decoded) => Ok(decoded),
        None => decode(bytes).map(|image| Decoded {
            image,
            ycbcr: false,
            chroma_420: false,
        }),
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

    /// Kept in YCbCr from decoder to encoder, a photo comes out as the RGB round trip makes
    /// it, within rounding; a PNG is never taken for YCbCr.
    #[test]
    fn a_photo_kept_in_ycbcr_encodes_like_its_rgb_decode() {
        let rocket = std::fs::read("tests/data/photos/rocket.jpg").unwrap();
        let kept = jpeg_scaled_for_jpeg(&rocket, (300, 200)).unwrap();
        assert!(kept.ycbcr);
        let rgb = jpeg_scaled(&rocket, (300, 200)).unwrap();
        assert_eq!(kept.image.dimensions(), rgb.dimensions());
        let via_ycbcr = decode(&super::super::encode::jpeg_decoded(&kept, 90).unwrap()).unwrap();
        let via_rgb = decode(&super::super::encode::jpeg(&rgb, 90).unwrap()).unwrap();
        let (a, b) = (via_ycbcr.to_rgb8(), via_rgb.to_rgb8());
        let diff: f64 = a
            .as_raw()
            .iter()
            .zip(b.as_raw())
            .map(|(x, y)| f64::from(x.abs_diff(*y)))
            .sum::<f64>()
            / a.as_raw().len() as f64;
        assert!(diff < 1.5, "mean difference {diff}");

        let png = std::fs::read("tests/data/photos/coffee.png").unwrap();
        assert!(!for_jpeg(&png, (100, 100)).unwrap().ycbcr);
    }

    /// A source JPEG with 4:2:0 chroma is encoded again 4:2:0; one with 4:4:4 stays 4:4:4.
    #[test]
    fn chroma_sampling_follows_the_source() {
        for (file, target, halved) in [
            ("tests/data/photos/grace_hopper.jpg", (200, 235), true),
            ("tests/data/photos/grace_hopper.jpg", (400, 470), true),
            ("tests/data/photos/rocket.jpg", (300, 200), false),
        ] {
            let bytes = std::fs::read(file).unwrap();
            assert_eq!(jpeg::header(&bytes).unwrap().chroma_420, halved, "{file}");
            let decoded = jpeg_scaled_for_jpeg(&bytes, target).unwrap();
            assert_eq!(decoded.chroma_420, halved, "{file}");
            let again = super::super::encode::jpeg_decoded(&decoded, 90).unwrap();
            let info = jpeg::header(&again).unwrap();
            assert_eq!(info.chroma_420, halved, "{file}");
        }
    }

    /// A photo needed at more than half its size is decoded whole by zune-jpeg: the same
    /// YCbCr samples as jpeg-decoder's within rounding of the inverse DCT; damaged or cut
    /// files give `None` or an image, never a panic.
    #[test]
    fn a_whole_ycbcr_decode_matches_jpeg_decoder() {
        let rocket = std::fs::read("tests/data/photos/rocket.jpg").unwrap();
        let info = jpeg::header(&rocket).unwrap();
        assert!(!dct_scaling_helps(&info, (400, 267)));
        assert!(dct_scaling_helps(&info, (320, 214)));
        let whole = ycbcr_whole(&rocket).unwrap();
        let mut reference = jpeg_decoder::Decoder::new(&rocket[..]);
        reference.set_color_transform(jpeg_decoder::ColorTransform::RGB);
        let samples = reference.decode().unwrap();
        assert_eq!(whole.as_raw().len(), samples.len());
        let worst = whole
            .as_raw()
            .iter()
            .zip(&samples)
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        assert!(worst <= 4, "largest difference {worst}");
        let kept = jpeg_scaled_for_jpeg(&rocket, (400, 267)).unwrap();
        assert!(kept.ycbcr);
        assert_eq!(kept.image.dimensions(), (640, 427));

        for cut in [2, 20, 200, rocket.len() / 2, rocket.len() - 2] {
            let _ = ycbcr_whole(&rocket[..cut]);
            let _ = jpeg_scaled_for_jpeg(&rocket[..cut], (400, 267));
        }
        let mut flipped = rocket.clone();
        for i in (600..flipped.len()).step_by(97) {
            flipped[i] ^= 0x5A;
        }
        let _ = ycbcr_whole(&flipped);
    }
}
