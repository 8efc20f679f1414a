//! Photo pixels in and PDF image objects out: decoding (with the EXIF orientation applied, big
//! JPEGs shrunk in the decoder), JPEG re-encoding, and lossless samples with PNG predictors and
//! a soft mask for alpha. [`super::images`] decides which photo gets what.

use std::io::{Cursor, Write};
use std::path::Path;

use ::image::{DynamicImage, GenericImageView, ImageDecoder, ImageReader};
use pdf_writer::{Filter, Name, Ref};

use super::error::PdfError;
use super::jpeg;
use super::sink::Sink;

/// Re-encoding quality for photos that were JPEGs and had to be downsampled.
const JPEG_QUALITY: u8 = 90;

fn decode_error(path: &Path, source: ::image::ImageError) -> PdfError {
    PdfError::ImageDecode {
        path: path.to_path_buf(),
        source,
    }
}

/// The displayed size of a non-JPEG image, read from its header (orientation applied).
pub(super) fn shown_size(bytes: &[u8], path: &Path) -> Result<(u32, u32), PdfError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| decode_error(path, ::image::ImageError::IoError(e)))?;
    let mut decoder = reader.into_decoder().map_err(|e| decode_error(path, e))?;
    let (w, h) = decoder.dimensions();
    let swapped = matches!(
        decoder.orientation(),
        Ok(::image::metadata::Orientation::Rotate90
            | ::image::metadata::Orientation::Rotate270
            | ::image::metadata::Orientation::Rotate90FlipH
            | ::image::metadata::Orientation::Rotate270FlipH)
    );
    Ok(if swapped { (h, w) } else { (w, h) })
}

/// Decodes a grey or RGB JPEG at the smallest of 1/1, 1/2, 1/4 or 1/8 scale that still covers
/// `target` (the shown size, orientation applied), orientation applied to the pixels. `None`
/// for anything it does not handle (CMYK, 16-bit, a decoding error): the full decoder then
/// decides, and reports errors.
pub(super) fn decode_jpeg_near(bytes: &[u8], target: (u32, u32)) -> Option<DynamicImage> {
    let info = jpeg::parse(bytes)?;
    let (w, h) = if jpeg::swaps_axes(info.orientation) {
        (target.1, target.0)
    } else {
        target
    };
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let (sw, sh) = decoder
        .scale(u16::try_from(w).ok()?, u16::try_from(h).ok()?)
        .ok()?;
    let samples = decoder.decode().ok()?;
    let format = decoder.info()?.pixel_format;
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    let mut image = match format {
        jpeg_decoder::PixelFormat::RGB24 => {
            DynamicImage::ImageRgb8(::image::RgbImage::from_raw(sw, sh, samples)?)
        }
        jpeg_decoder::PixelFormat::L8 => {
            DynamicImage::ImageLuma8(::image::GrayImage::from_raw(sw, sh, samples)?)
        }
        _ => return None,
    };
    image.apply_orientation(::image::metadata::Orientation::from_exif(info.orientation)?);
    Some(image)
}

/// Decodes any supported format with its orientation applied to the pixels.
pub(super) fn decode(bytes: &[u8], path: &Path) -> Result<DynamicImage, PdfError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| decode_error(path, ::image::ImageError::IoError(e)))?;
    let mut decoder = reader.into_decoder().map_err(|e| decode_error(path, e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(::image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(path, e))?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// An image XObject about to be written.
pub(super) struct ImageObject {
    width: u32,
    height: u32,
    colour_space: &'static [u8],
    bits: i32,
    /// The samples: a JPEG file (`/DCTDecode`) or predicted and deflated samples.
    data: Vec<u8>,
    jpeg: bool,
    /// PNG predictor parameters (colours) for deflated samples.
    predictor_colours: Option<i32>,
    /// An Adobe CMYK JPEG, whose samples are stored inverted.
    inverted_cmyk: bool,
    smask: Option<Box<ImageObject>>,
}

impl ImageObject {
    fn new(width: u32, height: u32, colour_space: &'static [u8], bits: i32) -> Self {
        ImageObject {
            width,
            height,
            colour_space,
            bits,
            data: Vec::new(),
            jpeg: false,
            predictor_colours: None,
            inverted_cmyk: false,
            smask: None,
        }
    }

    /// Writes the image as object `id`, its soft mask first.
    pub(super) fn write<W: Write>(&self, id: Ref, sink: &mut Sink<W>) -> Result<(), PdfError> {
        let smask = match &self.smask {
            Some(mask) => {
                let mask_id = sink.alloc();
                mask.write(mask_id, sink)?;
                Some(mask_id)
            }
            None => None,
        };
        let int = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        sink.object(id, |c| {
            let mut image = c.image_xobject(id, &self.data);
            image
                .width(int(self.width))
                .height(int(self.height))
                .bits_per_component(self.bits);
            image.pair(Name(b"ColorSpace"), Name(self.colour_space));
            if self.jpeg {
                image.filter(Filter::DctDecode);
            } else {
                image.filter(Filter::FlateDecode);
            }
            if let Some(colours) = self.predictor_colours {
                image
                    .decode_parms()
                    .predictor(pdf_writer::types::Predictor::PngOptimum)
                    .colors(colours)
                    .bits_per_component(self.bits)
                    .columns(int(self.width));
            }
            if self.inverted_cmyk {
                image.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
            if let Some(mask) = smask {
                image.s_mask(mask);
            }
        })
    }
}

/// The JPEG file's own bytes under `/DCTDecode`.
pub(super) fn jpeg_object(bytes: Vec<u8>, info: &jpeg::JpegInfo) -> ImageObject {
    let colour_space: &[u8] = match info.components {
        1 => b"DeviceGray",
        4 => b"DeviceCMYK",
        _ => b"DeviceRGB",
    };
    let mut object = ImageObject::new(
        u32::from(info.width),
        u32::from(info.height),
        colour_space,
        8,
    );
    object.data = bytes;
    object.jpeg = true;
    // Adobe writes CMYK JPEGs inverted.
    object.inverted_cmyk = info.components == 4 && info.adobe;
    object
}

/// A downsampled photo that was a JPEG goes back to JPEG: deflated photo samples would be
/// several times larger for no visible gain.
pub(super) fn reencode_jpeg(image: &DynamicImage, path: &Path) -> Result<ImageObject, PdfError> {
    let grey = !image.color().has_color();
    let pixels = if grey {
        DynamicImage::ImageLuma8(image.to_luma8())
    } else {
        DynamicImage::ImageRgb8(image.to_rgb8())
    };
    let mut out = Vec::new();
    let mut encoder = ::image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    encoder
        .encode_image(&pixels)
        .map_err(|e| decode_error(path, e))?;
    let (w, h) = pixels.dimensions();
    let space: &[u8] = if grey { b"DeviceGray" } else { b"DeviceRGB" };
    let mut object = ImageObject::new(w, h, space, 8);
    object.data = out;
    object.jpeg = true;
    Ok(object)
}

/// Raw samples (8 or 16 bits, big-endian), PNG-predicted and deflated; alpha becomes a `/SMask`
/// unless every pixel is opaque.
pub(super) fn raw_object(image: &DynamicImage) -> ImageObject {
    let (w, h) = image.dimensions();
    let grey = !image.color().has_color();
    let deep = image.color().bytes_per_pixel() / image.color().channel_count() >= 2;
    let alpha = image.color().has_alpha();
    let colour_space: &[u8] = if grey { b"DeviceGray" } else { b"DeviceRGB" };

    let (samples, mask, bits) = if deep {
        let (colour, mask) = if grey {
            let la = image.to_luma_alpha16();
            split_alpha(la.as_raw(), 2)
        } else {
            let rgba = image.to_rgba16();
            split_alpha(rgba.as_raw(), 4)
        };
        let to_bytes = |v: Vec<u16>| v.iter().flat_map(|s| s.to_be_bytes()).collect::<Vec<u8>>();
        (to_bytes(colour), mask.map(to_bytes), 16)
    } else {
        let (colour, mask) = if grey {
            split_alpha(image.to_luma_alpha8().as_raw(), 2)
        } else {
            split_alpha(image.to_rgba8().as_raw(), 4)
        };
        (colour, mask, 8)
    };

    let channels = if grey { 1 } else { 3 };
    let mut object = ImageObject::new(w, h, colour_space, bits);
    if let Some(mask) = mask.filter(|_| alpha) {
        let mut smask = ImageObject::new(w, h, b"DeviceGray", bits);
        smask.data = deflate_with_predictor(&mask, w, 1, bits);
        smask.predictor_colours = Some(1);
        object.smask = Some(Box::new(smask));
    }
    object.data = deflate_with_predictor(&samples, w, channels, bits);
    object.predictor_colours = Some(channels as i32);
    object
}

/// Deflates image samples after PNG row filtering (the filter that minimises each row's sum of
/// absolute values, as libpng chooses). Photos shrink by a third or more compared with
/// deflating the bare samples; the pixels come back identical.
fn deflate_with_predictor(samples: &[u8], width: u32, channels: usize, bits: i32) -> Vec<u8> {
    use std::io::Write;

    let bpp = channels * (bits as usize / 8);
    let stride = width as usize * bpp;
    let mut filtered = Vec::with_capacity(samples.len() + samples.len() / stride.max(1) + 1);
    let zero = vec![0u8; stride];
    let mut candidate = vec![0u8; stride];
    let mut best = vec![0u8; stride];
    for (r, row) in samples.chunks(stride.max(1)).enumerate() {
        let prev = if r == 0 {
            &zero[..row.len()]
        } else {
            &samples[(r - 1) * stride..r * stride]
        };
        let mut best_filter = 0u8;
        let mut best_cost = u64::MAX;
        for filter in 0..5u8 {
            for i in 0..row.len() {
                let a = if i >= bpp { row[i - bpp] } else { 0 };
                let b = prev[i];
                let c = if i >= bpp { prev[i - bpp] } else { 0 };
                let predicted = match filter {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                    _ => paeth(a, b, c),
                };
                candidate[i] = row[i].wrapping_sub(predicted);
            }
            let cost: u64 = candidate[..row.len()]
                .iter()
                .map(|&v| u64::from((v as i8).unsigned_abs()))
                .sum();
            if cost < best_cost {
                best_cost = cost;
                best_filter = filter;
                best[..row.len()].copy_from_slice(&candidate[..row.len()]);
            }
        }
        filtered.push(best_filter);
        filtered.extend_from_slice(&best[..row.len()]);
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(&filtered);
    encoder.finish().unwrap_or_default()
}

/// The PNG Paeth predictor.
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Splits interleaved samples with a trailing alpha channel into colour and alpha; the alpha
/// is `None` when every pixel is fully opaque.
fn split_alpha<T: Copy + PartialEq + Bounded>(
    samples: &[T],
    channels: usize,
) -> (Vec<T>, Option<Vec<T>>) {
    let mut colour = Vec::with_capacity(samples.len() / channels * (channels - 1));
    let mut alpha = Vec::with_capacity(samples.len() / channels);
    for px in samples.chunks_exact(channels) {
        colour.extend_from_slice(&px[..channels - 1]);
        alpha.push(px[channels - 1]);
    }
    let opaque = alpha.iter().all(|&a| a == T::MAX);
    (colour, (!opaque).then_some(alpha))
}

/// The fully opaque sample value of a channel type.
trait Bounded {
    const MAX: Self;
}
impl Bounded for u8 {
    const MAX: u8 = u8::MAX;
}
impl Bounded for u16 {
    const MAX: u16 = u16::MAX;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scaled_jpeg_decode_covers_the_target_upright() {
        let rocket = std::fs::read("tests/data/photos/rocket.jpg").unwrap();
        // 640×427 shown; half of it still covers 300×200.
        let half = decode_jpeg_near(&rocket, (300, 200)).unwrap();
        assert_eq!(half.dimensions(), (320, 214));
        let full = decode_jpeg_near(&rocket, (400, 267)).unwrap();
        assert_eq!(full.dimensions(), (640, 427));
        // Rotated a quarter by EXIF: shown 427×640, and the pixels come out that way.
        let mut rotated = rocket[..2].to_vec();
        rotated.extend(jpeg::tests::exif_app1(6));
        rotated.extend_from_slice(&rocket[2..]);
        let upright = decode_jpeg_near(&rotated, (200, 300)).unwrap();
        assert_eq!(upright.dimensions(), (214, 320));
        // The full decoder gives the same picture, more slowly.
        let reference = decode(&rotated, Path::new("r.jpg"))
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
