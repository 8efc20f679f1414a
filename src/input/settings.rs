//! The `[epub]` and `[pdf]` settings, resolved once: flags over the manifest over the defaults,
//! every value checked by the same rules wherever it came from (finite, in range, a page with
//! room for text), every font file read and checked, and every problem listed.
//!
//! `--columns 0` and `columns = 0` are one mistake said in two places: both are refused with
//! the same message, named by where they were given (`--columns: …` or
//! `edition.toml:pdf.columns: …`). Nothing later clamps or re-checks a value: the layout reads
//! the [`PdfSettings`] made here.

use std::path::{Path, PathBuf};

use super::error::{ErrorKind, InputError};
use super::manifest::RawManifest;
use super::source;
use super::PdfFlags;
use crate::layout::Geometry;
use crate::model::{defaults, EpubSettings, FontOverrides, PdfSettings};

/// Where a setting's value came from, for messages.
#[derive(Debug, Clone, Copy)]
enum Origin {
    Flag(&'static str),
    Manifest(&'static str),
    Default,
}

/// A value and where it came from.
fn pick<T>(
    flag: Option<T>,
    manifest: Option<T>,
    names: (&'static str, &'static str),
    default: T,
) -> (T, Origin) {
    match (flag, manifest) {
        (Some(v), _) => (v, Origin::Flag(names.0)),
        (None, Some(v)) => (v, Origin::Manifest(names.1)),
        (None, None) => (default, Origin::Default),
    }
}

struct Problems<'a> {
    file: &'a Path,
    errors: &'a mut Vec<InputError>,
}

impl Problems<'_> {
    fn push(&mut self, origin: Origin, message: String, fix: &str) {
        let e = match origin {
            Origin::Flag(flag) => InputError::new(ErrorKind::Field, flag, message, fix),
            Origin::Manifest(field) => {
                InputError::new(ErrorKind::Field, self.file, message, fix).field(field)
            }
            Origin::Default => InputError::new(ErrorKind::Field, self.file, message, fix),
        };
        self.errors.push(e);
    }

    /// `value` is a finite number in `range`, else a problem naming its origin.
    fn number(&mut self, (value, origin): (f32, Origin), range: (f32, f32), fix: &str) -> bool {
        let message = if value.is_nan() {
            "NaN is not a number".to_string()
        } else if value.is_infinite() {
            format!("{value} is not a finite number")
        } else if !(range.0..=range.1).contains(&value) {
            format!("{value} is out of range")
        } else {
            return true;
        };
        self.push(origin, message, fix);
        false
    }

    fn whole<T: PartialOrd + std::fmt::Display>(
        &mut self,
        (value, origin): (T, Origin),
        range: std::ops::RangeInclusive<T>,
        fix: &str,
    ) -> bool {
        if range.contains(&value) {
            return true;
        }
        self.push(origin, format!("{value} is out of range"), fix);
        false
    }
}

/// Most pages `pages` / `--page-count` may ask for.
const MAX_PAGES: u32 = 1000;

/// The edition's settings from the manifest `raw` (in folder `dir`, file `file`) and the
/// command line's `flags`. Problems go to `errors`; the settings returned are then not used.
pub(super) fn resolve(
    raw: &RawManifest,
    flags: &PdfFlags,
    dir: Option<&Path>,
    file: &Path,
    errors: &mut Vec<InputError>,
) -> (EpubSettings, PdfSettings) {
    let mut problems = Problems { file, errors };
    let e = &raw.epub;
    let max_image_edge = pick(
        None,
        e.max_image_edge,
        ("", "epub.max_image_edge"),
        defaults::EPUB_MAX_IMAGE_EDGE,
    );
    problems.whole(max_image_edge, 64..=10_000, "use 64 to 10000 pixels");
    let jpeg_quality = pick(
        None,
        e.jpeg_quality,
        ("", "epub.jpeg_quality"),
        defaults::EPUB_JPEG_QUALITY,
    );
    problems.whole(jpeg_quality, 1..=100, "use 1 to 100");

    let p = &raw.pdf;
    let paper = flags.paper.or(p.paper).unwrap_or(defaults::PDF_PAPER);
    let margin = pick(
        flags.margin_mm,
        p.margin_mm,
        ("--margin-mm", "pdf.margin_mm"),
        defaults::PDF_MARGIN_MM,
    );
    let columns = pick(
        flags.columns,
        p.columns,
        ("--columns", "pdf.columns"),
        defaults::pdf_columns(paper),
    );
    let body = pick(
        flags.body_size,
        p.body_size,
        ("--body-size", "pdf.body_size"),
        defaults::PDF_BODY_SIZE,
    );
    let pages = flags
        .pages
        .map(|n| (n, Origin::Flag("--page-count")))
        .or(p.pages.map(|n| (n, Origin::Manifest("pdf.pages"))));
    if let Some((n, origin)) = pages {
        if n == 0 || n % 4 != 0 || n > MAX_PAGES {
            problems.push(
                origin,
                format!("{n} pages cannot be printed as folded sheets"),
                &format!("use a multiple of 4 from 4 to {MAX_PAGES} (each sheet carries 4 pages)"),
            );
        }
    }
    if let Some(offset) = raw.hijri_offset {
        let origin = Origin::Manifest("hijri_offset");
        problems.whole(
            (offset, origin),
            -2..=2,
            "use -2 to 2 days (0: Umm al-Qura as printed)",
        );
    }
    let valid = [
        problems.number(margin, (0.0, 80.0), "use 0 to 80 millimetres"),
        problems.whole(columns, 1..=8, "use 1 to 8 columns"),
        problems.number(body, (5.0, 36.0), "use 5 to 36 points"),
    ];
    let fonts = FontOverrides {
        body: font(&mut problems, dir, "pdf.fonts.body", &p.fonts.body),
        bold: font(&mut problems, dir, "pdf.fonts.bold", &p.fonts.bold),
        headline: font(&mut problems, dir, "pdf.fonts.headline", &p.fonts.headline),
        latin: font(&mut problems, dir, "pdf.fonts.latin", &p.fonts.latin),
    };
    let pdf = PdfSettings {
        paper,
        margin_mm: margin.0,
        columns: columns.0,
        body_size: body.0,
        fonts,
        design: flags.design.or(p.design).unwrap_or_default(),
        front: raw.front.clone(),
        pages: pages.map(|(n, _)| n),
    };
    // The page must have room for text; only asked of values that are each in range.
    if valid.iter().all(|&ok| ok) {
        if let Some((message, fix)) = Geometry::problem(&pdf) {
            let given: Vec<Origin> = [margin.1, columns.1, body.1]
                .into_iter()
                .filter(|o| !matches!(o, Origin::Default))
                .collect();
            let origin = match given.as_slice() {
                [Origin::Flag(f)] => Origin::Flag(f),
                _ if given.iter().all(|o| matches!(o, Origin::Flag(_))) && !given.is_empty() => {
                    Origin::Flag("--columns/--margin-mm/--body-size")
                }
                _ => Origin::Manifest("pdf"),
            };
            problems.push(origin, message, &fix);
        }
    }
    (
        EpubSettings {
            max_image_edge: max_image_edge.0,
            jpeg_quality: jpeg_quality.0,
            embed_fonts: e.embed_fonts.unwrap_or(true),
        },
        pdf,
    )
}

/// A `[pdf.fonts]` file: inside the edition's folder, a regular file within the input size
/// limit, and a font the text engine and the PDF writer can use (see
/// [`crate::text::fonts::check_font`]). `None` (with a problem) when it is not.
fn font(
    problems: &mut Problems<'_>,
    dir: Option<&Path>,
    field: &'static str,
    path: &Option<PathBuf>,
) -> Option<PathBuf> {
    let path = path.as_ref()?;
    let origin = Origin::Manifest(field);
    let full = dir.map(|d| d.join(path)).unwrap_or_else(|| path.clone());
    // Like photos, fonts stay inside the edition's folder.
    let root = dir.and_then(|d| d.canonicalize().ok());
    let real = full.canonicalize().ok();
    let outside = match (&root, &real) {
        (Some(root), Some(real)) => !real.starts_with(root),
        _ => path.is_absolute(),
    };
    if outside {
        let message = format!(
            "font file `{}` is outside the edition's folder",
            path.display()
        );
        problems.push(
            origin,
            message,
            "copy the font into the edition's folder and name it from there",
        );
        return None;
    }
    let bytes = match crate::regular_file::read_regular(&full, defaults::MAX_INPUT_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            let e = source::unreadable(&full, &e);
            let fix = match e.kind {
                ErrorKind::Refused => "use a font file under 64 MiB",
                _ if real.is_none() => "give a .ttf or .otf path relative to the manifest",
                _ => "name a .ttf or .otf file",
            };
            problems.push(
                origin,
                format!("font file `{}` {}", path.display(), e.message),
                fix,
            );
            return None;
        }
    };
    match crate::text::fonts::check_font(&bytes) {
        Ok(()) => Some(full),
        Err(reason) => {
            let message = format!("font file `{}` {reason}", path.display());
            problems.push(
                origin,
                message,
                "use a TrueType (.ttf) or OpenType (.otf) font file",
            );
            None
        }
    }
}
