//! Photos made fit for e-readers.
//!
//! Readers show JPEG, PNG and GIF (EPUB core media types), ignore EXIF orientation more often
//! than not, and slow down on 24-megapixel camera files. So every photo is turned upright,
//! brought down to `max_image_edge` on its long side and stripped of metadata (GPS positions
//! from phone cameras have no place in a published e-book). Photos that are already fine keep
//! their pixels: JPEGs are copied segment by segment ([`super::jpeg`]), PNGs chunk by chunk.

use std::collections::BTreeMap;
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageFormat as Codec};
use sha2::{Digest, Sha256};

use super::jpeg;
use super::templates::PhotoView;
use super::EpubError;
use crate::model::{EpubSettings, Image, ImageFormat};

/// A photo as it goes into the EPUB.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prepared {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub ext: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Prepares `image` (already validated by input) for the EPUB according to `settings`.
pub(crate) fn prepare(
    image: &Image,
    data: &[u8],
    settings: &EpubSettings,
) -> Result<Prepared, EpubError> {
    let max_edge = settings.max_image_edge.max(1);
    let (w, h) = image.display_size();
    let fits = w.max(h) <= max_edge;
    let upright = image.orientation <= 1;
    if fits && upright {
        match image.format {
            // A JPEG whose segments do not parse is left to the decoder, which may still cope
            // (and otherwise reports the problem).
            ImageFormat::Jpeg => match jpeg::strip_metadata(data) {
                Ok(stripped) if stripped.frame.readers_can_show() => {
                    return Ok(copied(stripped.bytes, "image/jpeg", "jpg", image));
                }
                _ => {}
            },
            ImageFormat::Png => {
                if let Some(bytes) = strip_png(data) {
                    return Ok(copied(bytes, "image/png", "png", image));
                }
            }
            // GIF is a core media type and may be animated: keep it whole.
            ImageFormat::Gif => return Ok(copied(data.to_vec(), "image/gif", "gif", image)),
            ImageFormat::WebP | ImageFormat::Bmp | ImageFormat::Tiff => {}
        }
    }
    reencode(image, data, settings)
}

/// A file in the EPUB besides the pages.
pub(crate) struct Resource {
    /// Path inside `OEBPS/`, named after a hash of the bytes.
    pub name: String,
    pub bytes: Vec<u8>,
    pub mime: &'static str,
}

/// Photos prepared once per distinct source file, named after their content.
pub(crate) struct PhotoStore<'a> {
    settings: &'a EpubSettings,
    /// SHA-256 of the source file → (name in the EPUB, width, height).
    by_source: BTreeMap<[u8; 32], (String, u32, u32)>,
    pub resources: Vec<Resource>,
}

impl<'a> PhotoStore<'a> {
    pub(crate) fn new(settings: &'a EpubSettings) -> Self {
        PhotoStore {
            settings,
            by_source: BTreeMap::new(),
            resources: Vec::new(),
        }
    }

    /// Prepares `image` (or finds it prepared) and describes it for a template.
    pub(crate) fn add(&mut self, image: &Image) -> Result<PhotoView, EpubError> {
        let data = std::fs::read(&image.path).map_err(|source| EpubError::ReadPhoto {
            path: image.path.clone(),
            source,
        })?;
        let key: [u8; 32] = Sha256::digest(&data).into();
        let (name, width, height) = match self.by_source.get(&key) {
            Some(found) => found.clone(),
            None => {
                let prepared = prepare(image, &data, self.settings)?;
                let digest = Sha256::digest(&prepared.bytes);
                let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
                let name = format!("images/{hex}.{}", prepared.ext);
                // Two source files may come out identical: store the bytes once.
                if !self.resources.iter().any(|r| r.name == name) {
                    self.resources.push(Resource {
                        name: name.clone(),
                        bytes: prepared.bytes,
                        mime: prepared.mime,
                    });
                }
                let entry = (name, prepared.width, prepared.height);
                self.by_source.insert(key, entry.clone());
                entry
            }
        };
        Ok(PhotoView {
            href: name,
            alt: image.alt.clone(),
            caption: image.caption.clone(),
            credit: image.credit.clone(),
            width,
            height,
        })
    }
}

fn copied(bytes: Vec<u8>, mime: &'static str, ext: &'static str, image: &Image) -> Prepared {
    Prepared {
        bytes,
        mime,
        ext,
        width: image.width,
        height: image.height,
    }
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

/// Decodes, turns upright, downscales and encodes: PNG when some pixel is see-through (a logo
/// on a transparent background must stay that way), JPEG otherwise.
fn reencode(image: &Image, data: &[u8], settings: &EpubSettings) -> Result<Prepared, EpubError> {
    let fail = |source| EpubError::Photo {
        path: image.path.clone(),
        source,
    };
    let mut img = image::load_from_memory_with_format(data, codec(image.format)).map_err(fail)?;
    if let Some(o) = Orientation::from_exif(image.orientation) {
        img.apply_orientation(o);
    }
    let max_edge = settings.max_image_edge.max(1);
    if img.width().max(img.height()) > max_edge {
        // Catmull-Rom: sharp enough for photos, several times faster than Lanczos.
        img = img.resize(max_edge, max_edge, FilterType::CatmullRom);
    }
    let (width, height) = (img.width(), img.height());
    let mut out = Cursor::new(Vec::new());
    if has_transparency(&img) {
        img.write_to(&mut out, Codec::Png).map_err(fail)?;
        return Ok(Prepared {
            bytes: out.into_inner(),
            mime: "image/png",
            ext: "png",
            width,
            height,
        });
    }
    let quality = settings.jpeg_quality.clamp(1, 100);
    let mut encoder = JpegEncoder::new_with_quality(&mut out, quality);
    let grey = matches!(img.color().channel_count(), 1 | 2);
    if grey {
        encoder
            .encode_image(&DynamicImage::ImageLuma8(img.to_luma8()))
            .map_err(fail)?;
    } else {
        encoder
            .encode_image(&DynamicImage::ImageRgb8(img.to_rgb8()))
            .map_err(fail)?;
    }
    Ok(Prepared {
        bytes: out.into_inner(),
        mime: "image/jpeg",
        ext: "jpg",
        width,
        height,
    })
}

/// Whether any pixel is not fully opaque (an alpha channel that is all 255 does not count).
fn has_transparency(img: &DynamicImage) -> bool {
    img.color().has_alpha() && img.to_rgba8().pixels().any(|p| p[3] < 255)
}

/// PNG chunks that describe pixels (or their colour); every other ancillary chunk (text,
/// timestamps, EXIF) is metadata and dropped.
const PNG_KEEP: [&[u8; 4]; 12] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"acTL", b"fcTL",
];

/// Copies a PNG without its metadata chunks; `None` when it does not parse (it is then decoded
/// and encoded again, which reports the real problem).
fn strip_png(data: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = data.strip_prefix(SIGNATURE)?;
    let mut out = SIGNATURE.to_vec();
    while !rest.is_empty() {
        let len = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let total = len.checked_add(12)?;
        let chunk = rest.get(..total)?;
        let kind = &chunk[4..8];
        if PNG_KEEP.iter().any(|k| k.as_slice() == kind) || kind == b"fdAT" {
            out.extend_from_slice(chunk);
        }
        rest = &rest[total..];
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}
