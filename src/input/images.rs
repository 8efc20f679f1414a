//! Checking photos named by articles and manifests: the path stays inside its folder, the file
//! is a regular file holding a whole image of a known format, and not a decompression bomb.

use std::io::Cursor;
use std::path::{Component, Path, PathBuf};

use image::ImageDecoder;

use super::error::{ErrorKind, InputError};
use crate::model::{defaults::MAX_IMAGE_PIXELS, Image, ImageFormat};

/// What an article or manifest says about a photo, before checking.
pub struct ImageSpec<'a> {
    pub src: &'a str,
    pub alt: Option<&'a str>,
    pub caption: Option<&'a str>,
    pub credit: Option<&'a str>,
}

/// Resolves `spec.src` against `base` (the folder of the file that names it), checks that it
/// stays inside `root`, and probes the file. `field` is the JSON/TOML path for messages.
pub fn check_image(
    spec: &ImageSpec<'_>,
    base: &Path,
    root: &Path,
    file: &Path,
    field: &str,
) -> Result<Image, InputError> {
    let err = |message: String, fix: &str| {
        InputError::new(ErrorKind::Image, file, message, fix).field(format!("{field}.src"))
    };
    let src = spec.src.trim();
    if src.is_empty() {
        return Err(err(
            "the image path is empty".into(),
            "give the photo's file name",
        ));
    }
    if src.contains("://") || src.starts_with("data:") {
        return Err(err(
            format!("`{src}` is a URL; photos on the web are downloaded only with `--fetch`"),
            "run with `--fetch`, or download the photo next to the article and give its file name",
        ));
    }
    let rel = Path::new(src);
    if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err(err(
            format!("`{src}` is an absolute path"),
            "give a path relative to the file that names it",
        ));
    }
    let joined = base.join(rel);
    let resolved = joined.canonicalize().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            err(
                format!("image `{}` does not exist", joined.display()),
                "check the file name (paths are relative to the file that names them)",
            )
        } else {
            err(
                format!("image `{}` cannot be read: {e}", joined.display()),
                "check the file",
            )
        }
    })?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !resolved.starts_with(&root) {
        return Err(err(
            format!("`{src}` leads outside the input folder {}", root.display()),
            "copy the photo into the edition's folder and name it from there",
        ));
    }
    checked(spec, resolved, file, field)
}

/// A photo already on disk outside the input folder (downloaded by `--fetch` into its cache):
/// probed like any other, `spec.src` kept for messages.
pub fn checked(
    spec: &ImageSpec<'_>,
    resolved: PathBuf,
    file: &Path,
    field: &str,
) -> Result<Image, InputError> {
    let (format, width, height, orientation) = probe(&resolved).map_err(|(message, fix)| {
        InputError::new(ErrorKind::Image, file, message, fix).field(format!("{field}.src"))
    })?;
    Ok(Image {
        src: spec.src.trim().to_string(),
        path: resolved,
        alt: spec.alt.unwrap_or("").trim().to_string(),
        caption: non_empty(spec.caption).map(Into::into),
        credit: non_empty(spec.credit).map(Into::into),
        width,
        height,
        format,
        orientation,
    })
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

type ProbeError = (String, &'static str);

/// Format, stored size and EXIF orientation of an image file, checking that it is a regular
/// file within the input size limit, of a known format, not a decompression bomb (pixels, GIF
/// frames, PNG chunks), and whole: not cut short, and for a JPEG, a structure that holds
/// together (see [`crate::photo::jpeg::damage`] for what that catches and why photos are not decoded here).
pub fn probe(path: &Path) -> Result<(ImageFormat, u32, u32, u8), ProbeError> {
    let shown = path.display();
    let not_image = || {
        (
            format!("`{shown}` is not an image sahifa can read"),
            "use a JPEG, PNG, GIF, WebP, BMP or TIFF file",
        )
    };
    let bytes = crate::regular_file::read_photo(path).map_err(|e| {
        let e = super::source::unreadable(path, &e);
        let fix = if e.kind == ErrorKind::Refused {
            "scale the photo down or save it with more compression"
        } else {
            "name an image file"
        };
        (format!("`{shown}` {}", e.message), fix)
    })?;
    let reader = image::ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|_| not_image())?;
    let format = match reader.format() {
        Some(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Some(image::ImageFormat::Png) => ImageFormat::Png,
        Some(image::ImageFormat::Gif) => ImageFormat::Gif,
        Some(image::ImageFormat::WebP) => ImageFormat::WebP,
        Some(image::ImageFormat::Bmp) => ImageFormat::Bmp,
        Some(image::ImageFormat::Tiff) => ImageFormat::Tiff,
        _ => return Err(not_image()),
    };
    let mut decoder = reader.into_decoder().map_err(|e| {
        (
            format!("`{shown}` is not a readable image: {e}"),
            "re-export the photo",
        )
    })?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err((format!("`{shown}` has no pixels"), "re-export the photo"));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err((
            format!(
                "`{shown}` is {width}×{height} = {} megapixels, over the {} megapixel limit",
                pixels / 1_000_000,
                MAX_IMAGE_PIXELS / 1_000_000
            ),
            "scale the photo down (e.g. to 3000 px on the long edge)",
        ));
    }
    let orientation = decoder.orientation().map(|o| o.to_exif()).unwrap_or(1);
    drop(decoder);
    if format == ImageFormat::Gif {
        if let Some((w, h, sw, sh)) = crate::photo::gif::oversized_frame(&bytes) {
            return Err((
                format!("`{shown}` has a {w}×{h} frame outside its {sw}×{sh} screen"),
                "re-export the GIF (or convert it to PNG)",
            ));
        }
    }
    if !ends_whole(&bytes, format) {
        return Err((
            format!("`{shown}` is truncated (its end marker is missing)"),
            "copy or download the photo again",
        ));
    }
    if format == ImageFormat::Png {
        if let Some((chunk, what)) = crate::photo::png::oversized_chunk(&bytes) {
            return Err((
                format!("`{shown}` has a {chunk} chunk that {what} (a decompression bomb)"),
                "re-export the PNG without its colour profile and text (e.g. `optipng -strip all`)",
            ));
        }
    }
    if format == ImageFormat::Jpeg {
        if let Some(damage) = crate::photo::jpeg::damage(&bytes) {
            return Err((
                format!("`{shown}` is damaged: {damage}"),
                "copy or download the photo again, or re-export it",
            ));
        }
    }
    Ok((format, width, height, orientation))
}

/// Cheap check that a file was not cut off: JPEG ends with EOI, PNG with IEND, GIF with its
/// trailer; other formats are checked by their decoder when exported.
fn ends_whole(bytes: &[u8], format: ImageFormat) -> bool {
    let mut tail = &bytes[bytes.len().saturating_sub(32)..];
    // Trailing padding (zeros, newlines) after the end marker is common and harmless.
    while let [rest @ .., 0 | b'\n' | b'\r' | b' '] = tail {
        tail = rest;
    }
    match format {
        ImageFormat::Jpeg => tail.ends_with(&[0xFF, 0xD9]),
        ImageFormat::Png => tail.windows(4).any(|w| w == b"IEND"),
        ImageFormat::Gif => tail.ends_with(&[0x3B]),
        _ => true,
    }
}

/// The folder a file's relative paths start from.
pub fn parent_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
