//! The typed edition: what input produces and every later stage reads.
//!
//! Everything here is already validated: paths resolved and inside their folder, images checked,
//! dates parsed, languages and directions settled. Later stages never touch raw JSON or TOML.

use std::path::PathBuf;

use chrono::NaiveDate;

/// Writing direction of a text or a whole edition.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The direction a BCP 47 language tag is written in (`ar`, `fa`, `ur`, `he`… are RTL).
    pub fn of_lang(lang: &str) -> Direction {
        let primary = lang
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        const RTL: &[&str] = &[
            "ar", "arc", "ckb", "dv", "fa", "ha-arab", "he", "iw", "khw", "ks", "ku-arab", "ps",
            "sd", "syr", "ug", "ur", "yi",
        ];
        if RTL.contains(&primary.as_str()) || lang.to_ascii_lowercase().ends_with("-arab") {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    /// The direction a block of text is set in: that of most of its strong characters, or
    /// `default` on a tie. An English quote in an Arabic article reads left to right (its full
    /// stop at its end, not at the left edge); an Arabic paragraph quoting «NATO» stays right to
    /// left. (HTML's `dir="auto"` looks only at the first strong character, which gets «NASA
    /// تعلن…» wrong.)
    pub fn of_text(text: &str, default: Direction) -> Direction {
        use unicode_bidi::BidiClass::{AL, L, R};
        let (mut ltr, mut rtl) = (0usize, 0usize);
        for c in text.chars() {
            match unicode_bidi::bidi_class(c) {
                L => ltr += 1,
                R | AL => rtl += 1,
                _ => {}
            }
        }
        match ltr.cmp(&rtl) {
            std::cmp::Ordering::Greater => Direction::Ltr,
            std::cmp::Ordering::Less => Direction::Rtl,
            std::cmp::Ordering::Equal => default,
        }
    }

    /// `"rtl"` or `"ltr"`, as HTML's `dir` attribute wants it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Format of an image file, sniffed from its bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Jpeg,
    Png,
    Gif,
    WebP,
    Bmp,
    Tiff,
}

/// A photo: where it is and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The path as written in the input (for messages).
    pub src: String,
    /// Resolved path on disk, checked to exist and stay inside its folder.
    pub path: PathBuf,
    /// Alternative text; input falls back to the caption (with a warning) when it is missing.
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Stored pixel size (before EXIF orientation).
    pub width: u32,
    pub height: u32,
    pub format: ImageFormat,
    /// EXIF orientation 1..=8 (1 = upright).
    pub orientation: u8,
}

impl Image {
    /// Width and height as displayed, after EXIF orientation (5..=8 swap the axes).
    pub fn display_size(&self) -> (u32, u32) {
        if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// One block of an article's body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    Heading(String),
    Quote { text: String, cite: Option<String> },
    Image(Image),
    List { ordered: bool, items: Vec<String> },
}

/// One article, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable identifier (the file stem by default); unique within an edition.
    pub id: String,
    pub title: String,
    /// BCP 47 language tag (the edition's when the article gives none).
    pub lang: String,
    pub dir: Direction,
    pub section: Option<String>,
    pub kicker: Option<String>,
    pub subtitle: Option<String>,
    pub byline: Option<String>,
    pub published: Option<NaiveDate>,
    pub source_url: Option<String>,
    /// The lead photo.
    pub image: Option<Image>,
    pub body: Vec<Block>,
    /// The file the article came from (`-` for standard input), for messages.
    pub source: PathBuf,
}

/// A section of the edition with its articles, in edition order.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// `None` for articles that name no section.
    pub name: Option<String>,
    pub articles: Vec<Article>,
}

/// Paper sizes the PDF edition knows, in points.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    A4,
    A3,
    Letter,
    Tabloid,
    Berliner,
}

impl PaperSize {
    /// Width and height in points (portrait).
    pub fn points(self) -> (f32, f32) {
        const MM: f32 = 72.0 / 25.4;
        match self {
            PaperSize::A4 => (210.0 * MM, 297.0 * MM),
            PaperSize::A3 => (297.0 * MM, 420.0 * MM),
            PaperSize::Letter => (612.0, 792.0),
            PaperSize::Tabloid => (792.0, 1224.0),
            PaperSize::Berliner => (315.0 * MM, 470.0 * MM),
        }
    }
}

/// EPUB settings (`[epub]` in the manifest). Defaults are the constants in [`defaults`].
#[derive(Debug, Clone, PartialEq)]
pub struct EpubSettings {
    /// Longest edge of a photo in pixels; larger photos are downscaled.
    pub max_image_edge: u32,
    /// JPEG quality (1..=100) for re-encoded photos.
    pub jpeg_quality: u8,
    /// Embed the bundled Arabic font with `@font-face`.
    pub embed_fonts: bool,
}

/// PDF settings (`[pdf]` in the manifest).
#[derive(Debug, Clone, PartialEq)]
pub struct PdfSettings {
    pub paper: PaperSize,
    /// Margin on every side, in millimetres.
    pub margin_mm: f32,
    /// Number of body columns.
    pub columns: u32,
    /// Body text size in points.
    pub body_size: f32,
    /// Font files replacing the bundled ones, by role.
    pub fonts: FontOverrides,
}

/// Font files named in `[pdf.fonts]`, resolved to paths.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FontOverrides {
    pub body: Option<PathBuf>,
    pub bold: Option<PathBuf>,
    pub headline: Option<PathBuf>,
    pub latin: Option<PathBuf>,
}

/// One source of truth for every default the user can change.
pub mod defaults {
    use super::PaperSize;
    /// Longest photo edge in EPUBs, in pixels.
    pub const EPUB_MAX_IMAGE_EDGE: u32 = 1600;
    /// JPEG quality for photos re-encoded for EPUBs.
    pub const EPUB_JPEG_QUALITY: u8 = 82;
    /// Images larger than this many pixels are refused (decompression bombs).
    pub const MAX_IMAGE_PIXELS: u64 = 100_000_000;
    /// Input files (articles, manifests) larger than this are refused.
    pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
    pub const PDF_PAPER: PaperSize = PaperSize::A4;
    pub const PDF_MARGIN_MM: f32 = 15.0;
    pub const PDF_COLUMNS: u32 = 3;
    pub const PDF_BODY_SIZE: f32 = 10.0;
    /// Photos placed in the PDF above this resolution are downsampled.
    pub const PDF_MAX_DPI: f32 = 300.0;
    /// Edition language when neither the manifest nor `--lang` gives one.
    pub const LANG: &str = "ar";
    /// Paper name when neither the manifest nor `--name` gives one.
    pub const NAME: &str = "صحيفة";
}

/// The whole edition: what exporters and layout read.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// The paper's name, set as the masthead.
    pub name: String,
    pub tagline: Option<String>,
    pub date: Option<NaiveDate>,
    pub lang: String,
    pub dir: Direction,
    /// Issue number.
    pub number: Option<u32>,
    pub cover: Option<Image>,
    pub logo: Option<Image>,
    pub sections: Vec<Section>,
    pub epub: EpubSettings,
    pub pdf: PdfSettings,
}

impl Edition {
    /// All articles in edition order.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.sections.iter().flat_map(|s| s.articles.iter())
    }

    /// Seconds since the Unix epoch used for every timestamp written: `SOURCE_DATE_EPOCH` when
    /// set, else the edition date at 00:00 UTC, else 0 (1970-01-01), never the clock.
    pub fn timestamp(&self) -> i64 {
        if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            return epoch;
        }
        self.date
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|dt| dt.and_utc().timestamp())
            .unwrap_or(0)
    }
}
