//! PDF image objects from photos: a JPEG file as it is, a photo re-encoded as JPEG, and
//! lossless samples with PNG predictors and a soft mask for alpha. Decoding and resampling are
//! [`crate::photo`]'s; [`super::images`] decides which photo gets what.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use ::image::{DynamicImage, GenericImageView};
use pdf_writer::{Filter, Name, Ref};

use super::error::PdfError;
use super::sink::Sink;
use crate::photo::decode::Decoded;
use crate::photo::{encode, jpeg, png};

/// Re-encoding quality for photos that were JPEGs and had to be downsampled.
const JPEG_QUALITY: u8 = 90;

pub(super) fn decode_error(path: &Path, source: ::image::ImageError) -> PdfError {
    PdfError::ImageDecode {
        path: path.to_path_buf(),
        source,
    }
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

/// A PNG's own compressed rows under `/FlateDecode` with the PNG predictors, never decoded
/// ([`png::samples`] says which PNGs qualify): the same pixels as decoding and deflating them
/// again, without the work (on the mixed day, deflating the 1200×800 PNG photos once more was
/// the PDF's largest cost).
pub(super) fn png_object(samples: png::Samples) -> ImageObject {
    let space: &[u8] = if samples.colours == 1 {
        b"DeviceGray"
    } else {
        b"DeviceRGB"
    };
    let mut object = ImageObject::new(
        samples.width,
        samples.height,
        space,
        i32::from(samples.bits),
    );
    object.data = samples.zlib;
    object.predictor_colours = Some(i32::from(samples.colours));
    object
}

/// A downsampled photo that was a JPEG goes back to JPEG: deflated photo samples would be
/// several times larger for no visible gain.
pub(super) fn reencode_jpeg(decoded: &Decoded, path: &Path) -> Result<ImageObject, PdfError> {
    let image = &decoded.image;
    let grey = !image.color().has_color();
    let out = encode::jpeg_decoded(decoded, JPEG_QUALITY).map_err(|e| decode_error(path, e))?;
    let (w, h) = image.dimensions();
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
        (Cow::Owned(to_bytes(colour)), mask.map(to_bytes), 16)
    } else {
        // Opaque 8-bit samples as they are: no alpha to split off (converting to RGBA and back
        // was a copy and a pass over every pixel of each PNG shrunk for print).
        let (colour, mask) = match image {
            DynamicImage::ImageLuma8(i) => (Cow::Borrowed(i.as_raw().as_slice()), None),
            DynamicImage::ImageRgb8(i) => (Cow::Borrowed(i.as_raw().as_slice()), None),
            _ => {
                let (colour, mask) = if grey {
                    split_alpha(image.to_luma_alpha8().as_raw(), 2)
                } else {
                    split_alpha(image.to_rgba8().as_raw(), 4)
                };
                (Cow::Owned(colour), mask)
            }
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
            predict(filter, row, prev, bpp, &mut candidate[..row.len()]);
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
    // Level 3: on the mixed day's photographic PNGs shrunk for print (665×443), level 6 took
    // 26 ms an image in its longest-match search and level 3 7 ms, for files 3.7% larger
    // (level 9 before that: most of the PDF's time for 1.4% less than 6).
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(3));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(&filtered);
    encoder.finish().unwrap_or_default()
}

/// `row` minus the PNG predictor `filter` (0 none, 1 Sub, 2 Up, 3 Average, 4 Paeth) into
/// `out`, `prev` being the row above and `bpp` the bytes of a pixel. A loop of its own for
/// each filter, which the compiler can vectorise (one loop choosing the filter per byte took
/// a twentieth of the mixed day's PDF time).
fn predict(filter: u8, row: &[u8], prev: &[u8], bpp: usize, out: &mut [u8]) {
    let n = row.len().min(bpp);
    let (head, tail) = out.split_at_mut(n);
    // The first pixel has nothing to its left: a = c = 0.
    for ((o, &x), &b) in head.iter_mut().zip(row).zip(prev) {
        *o = x.wrapping_sub(match filter {
            0 | 1 => 0,
            2 | 4 => b,
            _ => b / 2,
        });
    }
    let left = row.iter();
    let (up, up_left) = (prev[n..].iter(), prev.iter());
    let here = row[n..].iter();
    match filter {
        0 => tail.copy_from_slice(&row[n..]),
        1 => {
            for ((o, &x), &a) in tail.iter_mut().zip(here).zip(left) {
                *o = x.wrapping_sub(a);
            }
        }
        2 => {
            for ((o, &x), &b) in tail.iter_mut().zip(here).zip(up) {
                *o = x.wrapping_sub(b);
            }
        }
        3 => {
            for (((o, &x), &a), &b) in tail.iter_mut().zip(here).zip(left).zip(up) {
                *o = x.wrapping_sub(((u16::from(a) + u16::from(b)) / 2) as u8);
            }
        }
        _ => {
            for ((((o, &x), &a), &b), &c) in
                tail.iter_mut().zip(here).zip(left).zip(up).zip(up_left)
            {
                *o = x.wrapping_sub(paeth(a, b, c));
            }
        }
    }
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
