//! Photos made fit for e-readers.
//!
//! Readers show JPEG, PNG and GIF (EPUB core media types), ignore EXIF orientation more often
//! than not, and slow down on 24-megapixel camera files. So every photo is turned upright,
//! brought down to `max_image_edge` on its long side and stripped of metadata (GPS positions
//! from phone cameras have no place in a published e-book). Photos that are already fine keep
//! their pixels: JPEGs are copied segment by segment, PNGs chunk by chunk
//! ([`crate::photo::jpeg::strip_metadata`], [`crate::photo::png::strip_metadata`]).
//!
//! A day's edition can carry a thousand photos, so none is held for the whole book. While the
//! pages are rendered, [`PhotoStore::add`] reads a photo only to hash it and to [`plan`] it:
//! copied or encoded again, in which format, at which size. That is all the pages and the
//! package need, and the entry's name comes from the source's hash and the settings, not from
//! the prepared bytes. [`PhotoStore::prepare`] reads the photo again and makes its bytes when the
//! archive reaches its entry ([`super::repack`]), and they are dropped once written.

use std::collections::BTreeMap;
use std::io::Cursor;

use image::error::{ParameterError, ParameterErrorKind};
use image::{ImageDecoder, ImageError, ImageFormat as Codec, ImageReader};
use sha2::{Digest, Sha256};

use super::templates::PhotoView;
use super::EpubError;
use crate::model::{EpubSettings, Image, ImageFormat};
use crate::photo::decode::Decoded;
use crate::photo::resample::fitted_size;
use crate::photo::{decode, encode as photo_encode, jpeg, png, resample};

/// How a photo goes into the EPUB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Treatment {
    /// An upright JPEG that fits and that every reader decodes: copied without its metadata.
    StripJpeg,
    /// An upright PNG that fits: copied without its metadata chunks.
    StripPng,
    /// An upright GIF that fits: copied whole (it may be animated).
    CopyGif,
    /// Decoded, turned upright, downscaled and encoded again: as PNG when some pixel is
    /// see-through (a logo on a transparent background must stay that way), else as JPEG.
    Reencode { png: bool },
}

impl Treatment {
    fn ext(self) -> &'static str {
        match self {
            Treatment::StripJpeg | Treatment::Reencode { png: false } => "jpg",
            Treatment::StripPng | Treatment::Reencode { png: true } => "png",
            Treatment::CopyGif => "gif",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Treatment::StripJpeg | Treatment::Reencode { png: false } => "image/jpeg",
            Treatment::StripPng | Treatment::Reencode { png: true } => "image/png",
            Treatment::CopyGif => "image/gif",
        }
    }
}

/// What is decided about a photo before anything is written: its treatment and the size it
/// comes out at (the pages give it as `width` and `height`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    treatment: Treatment,
    width: u32,
    height: u32,
}

/// Decides how `image` (already validated by input; `data` is its file) goes into the EPUB
/// according to `settings`, without encoding anything. [`prepare`] then follows the plan, so
/// both must agree on every decision; they share the helpers below for that.
fn plan(image: &Image, data: &[u8], settings: &EpubSettings) -> Result<Plan, EpubError> {
    let max_edge = settings.max_image_edge.max(1);
    let (w, h) = image.display_size();
    let copy = |treatment| Plan {
        treatment,
        width: image.width,
        height: image.height,
    };
    if w.max(h) <= max_edge && image.orientation <= 1 {
        match image.format {
            // A JPEG whose segments do not parse is left to the decoder, which may still cope
            // (and otherwise reports the problem).
            ImageFormat::Jpeg if strip_jpeg(data).is_some() => {
                return Ok(copy(Treatment::StripJpeg))
            }
            ImageFormat::Png if png::strip_metadata(data).is_some() => {
                return Ok(copy(Treatment::StripPng))
            }
            ImageFormat::Gif => return Ok(copy(Treatment::CopyGif)),
            _ => {}
        }
    }
    let (width, height) = fitted_size(w, h, max_edge);
    let png = keeps_transparency(image, data, settings)?;
    Ok(Plan {
        treatment: Treatment::Reencode { png },
        width,
        height,
    })
}

/// Makes the bytes that go into the archive from the photo's file, as `plan` says.
fn prepare(
    image: &Image,
    data: Vec<u8>,
    plan: Plan,
    settings: &EpubSettings,
) -> Result<Vec<u8>, EpubError> {
    let bytes = match plan.treatment {
        Treatment::StripJpeg => strip_jpeg(&data),
        Treatment::StripPng => png::strip_metadata(&data),
        Treatment::CopyGif => Some(data),
        Treatment::Reencode { png } => {
            // A JPEG stays in YCbCr from decoder to encoder; a PNG is written in RGB.
            let img = fitted(image, &data, settings, !png)?;
            if (img.image.width(), img.image.height()) != (plan.width, plan.height) {
                // The file's size is not the one input recorded in `image`.
                return Err(EpubError::Photo {
                    path: image.path.clone(),
                    source: ImageError::Parameter(ParameterError::from_kind(
                        ParameterErrorKind::DimensionMismatch,
                    )),
                });
            }
            Some(encode(&img, png, image, settings)?)
        }
    };
    // Only a file that changed since it was planned can fail here: the same bytes parse the same.
    bytes.ok_or_else(|| EpubError::PhotoChanged {
        path: image.path.clone(),
    })
}

/// A photo in the book: what is needed to write it when its entry comes.
pub(crate) struct Resource {
    /// Path inside `OEBPS/`, named after `key`.
    pub name: String,
    pub mime: &'static str,
    /// SHA-256 over the source file's hash and everything that shapes the prepared photo: the
    /// same key, the same bytes in the book. It goes into the book's identifier.
    pub key: [u8; 32],
    /// The source file as it was planned, checked when it is read again to be written.
    source: Fingerprint,
    image: Image,
    plan: Plan,
}

/// Photos planned once per distinct source file and settings, named after them. Two files that
/// differ only in what is stripped (the same JPEG with other EXIF) come out as two identical
/// entries: telling them apart from the prepared bytes would mean preparing them before writing.
pub(crate) struct PhotoStore<'a> {
    settings: &'a EpubSettings,
    /// [`Resource::key`] → index in `resources`.
    by_key: BTreeMap<[u8; 32], usize>,
    pub resources: Vec<Resource>,
}

impl<'a> PhotoStore<'a> {
    pub(crate) fn new(settings: &'a EpubSettings) -> Self {
        PhotoStore {
            settings,
            by_key: BTreeMap::new(),
            resources: Vec::new(),
        }
    }

    /// Plans `image` (or finds it planned) and describes it for a template. The file is read to
    /// hash it and plan it, and its bytes are dropped on return.
    pub(crate) fn add(&mut self, image: &Image) -> Result<PhotoView, EpubError> {
        let data = read(image)?;
        let source: [u8; 32] = Sha256::digest(&data).into();
        let key = self.key(image, &source);
        let source = Fingerprint::of(&data);
        let index = match self.by_key.get(&key) {
            Some(&index) => index,
            None => {
                let plan = plan(image, &data, self.settings)?;
                let hex: String = key[..8].iter().map(|b| format!("{b:02x}")).collect();
                self.resources.push(Resource {
                    name: format!("images/{hex}.{}", plan.treatment.ext()),
                    mime: plan.treatment.mime(),
                    key,
                    source,
                    image: image.clone(),
                    plan,
                });
                self.by_key.insert(key, self.resources.len() - 1);
                self.resources.len() - 1
            }
        };
        let resource = &self.resources[index];
        Ok(PhotoView {
            href: resource.name.clone(),
            alt: image.alt.clone(),
            // The page fills these in: their attributes depend on where the photo stands.
            caption: None,
            credit: None,
            width: resource.plan.width,
            height: resource.plan.height,
        })
    }

    /// The bytes of `resources[index]`, read from its file again and prepared as planned. A
    /// file that changed in between is refused: its name, type and size are already in the book.
    pub(crate) fn prepare(&self, index: usize) -> Result<Vec<u8>, EpubError> {
        let Some(resource) = self.resources.get(index) else {
            return Err(EpubError::Package("a photo entry has no photo"));
        };
        let image = &resource.image;
        let data = read(image)?;
        if Fingerprint::of(&data) != resource.source {
            return Err(EpubError::PhotoChanged {
                path: image.path.clone(),
            });
        }
        prepare(image, data, resource.plan, self.settings)
    }

    /// [`Resource::key`]: the source's hash, what input read from it (it also decides the
    /// treatment) and the settings that shape the result.
    fn key(&self, image: &Image, source: &[u8; 32]) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(source);
        hasher.update(codec(image.format).to_mime_type());
        hasher.update([image.orientation]);
        hasher.update(image.width.to_le_bytes());
        hasher.update(image.height.to_le_bytes());
        hasher.update(self.settings.max_image_edge.max(1).to_le_bytes());
        hasher.update([self.settings.jpeg_quality.clamp(1, 100)]);
        hasher.finalize().into()
    }
}

/// What tells a photo read to be written from the one read to be planned: its length and CRC-32
/// (as zip checks an entry). The file is there to catch a photo replaced between the two reads
/// (an editor saving, a sync client), not an adversary, who would change it before the first
/// read; SHA-256 is computed once per photo, for its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    crc: u32,
}

impl Fingerprint {
    fn of(data: &[u8]) -> Self {
        Fingerprint {
            len: data.len(),
            crc: crc32fast::hash(data),
        }
    }
}

fn read(image: &Image) -> Result<Vec<u8>, EpubError> {
    crate::regular_file::read_photo(&image.path).map_err(|source| EpubError::ReadPhoto {
        path: image.path.clone(),
        source,
    })
}

fn codec(format: ImageFormat) -> Codec {
    match format {
        ImageFormat::Jpeg => Codec::Jpeg,
        ImageFormat::Png => Codec::Png,
        ImageFormat::Gif => Codec::Gif,
        ImageFormat::WebP => Codec::WebP,
        ImageFormat::Bmp => Codec::Bmp,
        ImageFormat::Tiff => Codec::Tiff,
    }
}

/// The JPEG without its metadata, when every reader can show it as it is.
fn strip_jpeg(data: &[u8]) -> Option<Vec<u8>> {
    jpeg::strip_metadata(data)
        .filter(|s| s.frame.readers_can_show())
        .map(|s| s.bytes)
}

/// Decodes the photo, turns it upright and brings it down to `max_image_edge` on its long side.
/// A JPEG at least twice that size is shrunk in the decoder first (DCT scaling to the smallest
/// of 1/2, 1/4, 1/8 that still covers the fitted size): a 4000-pixel photo then costs a quarter
/// of the decoding and resampling.
///
/// `keep_ycbcr`: a JPEG in YCbCr may stay so ([`Decoded::ycbcr`]), for a photo encoded as JPEG.
fn fitted(
    image: &Image,
    data: &[u8],
    settings: &EpubSettings,
    keep_ycbcr: bool,
) -> Result<Decoded, EpubError> {
    let max_edge = settings.max_image_edge.max(1);
    let (w, h) = image.display_size();
    let target = fitted_size(w, h, max_edge);
    let scaled = (target != (w, h))
        .then(|| match keep_ycbcr {
            true => decode::jpeg_scaled_for_jpeg(data, target),
            false => decode::jpeg_scaled(data, target).map(|image| Decoded {
                image,
                ycbcr: false,
                chroma_420: false,
            }),
        })
        .flatten();
    let decoded = match scaled {
        Some(decoded) => decoded,
        None => Decoded {
            image: decode::decode_turned(data, Some(image.orientation))
                .map_err(|source| photo_error(image, source))?,
            ycbcr: false,
            chroma_420: false,
        },
    };
    Ok(Decoded {
        image: resample::fit_within(decoded.image, max_edge),
        ycbcr: decoded.ycbcr,
        chroma_420: decoded.chroma_420,
    })
}

/// Whether the photo, once fitted, has a see-through pixel (so is encoded as PNG). Most photos
/// are settled by the decoder's header alone: without an alpha channel (never in a JPEG) no pixel
/// can be see-through. The few with one (logos, cut-outs) are decoded and fitted here to look,
/// and once more when written; downscaling can blend a faint transparency away, so the source's
/// pixels would not do.
fn keeps_transparency(
    image: &Image,
    data: &[u8],
    settings: &EpubSettings,
) -> Result<bool, EpubError> {
    let decoder = ImageReader::with_format(Cursor::new(data), codec(image.format))
        .into_decoder()
        .map_err(|source| photo_error(image, source))?;
    if !decoder.color_type().has_alpha() {
        return Ok(false);
    }
    drop(decoder);
    Ok(photo_encode::has_transparency(
        &fitted(image, data, settings, false)?.image,
    ))
}

/// Encodes a fitted photo as PNG, or as JPEG at the settings' quality (grey stays grey).
fn encode(
    img: &Decoded,
    png: bool,
    image: &Image,
    settings: &EpubSettings,
) -> Result<Vec<u8>, EpubError> {
    let encoded = if png {
        photo_encode::png(&img.image)
    } else {
        photo_encode::jpeg_decoded(img, settings.jpeg_quality)
    };
    encoded.map_err(|source| photo_error(image, source))
}

fn photo_error(image: &Image, source: ImageError) -> EpubError {
    EpubError::Photo {
        path: image.path.clone(),
        source,
    }
}
