//! The typed edition: what input produces and every later stage reads.
//!
//! Everything here is already validated: paths resolved and inside their folder, images checked,
//! dates parsed, languages and directions settled. Later stages never touch raw JSON or TOML.

use std::path::PathBuf;

use chrono::NaiveDate;

mod inline;
pub use inline::{Inline, Slicer, Span, StyledText};

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

    /// The direction a paragraph is set in, from its first strong character (UAX #9, rules P2
    /// and P3), or `default` (its language's direction) when it has none.
    ///
    /// As P2 says, characters inside isolates do not count: neither those between LRI, RLI or
    /// FSI and their PDI, nor the stretches that are set as isolates ([`crate::isolate`]: URLs,
    /// e-mail addresses, phone numbers). So an Arabic paragraph that opens with a URL or
    /// «+20 2 1234 5678» is still right to left, and an English quote in an Arabic article left
    /// to right. Letters are never counted: a long URL in an Arabic sentence once made it left to
    /// right. This is what every reading system does with `dir="auto"`, so the EPUB and the PDF
    /// agree with them; an Arabic paragraph that opens with a Latin name («NASA تعلن…») comes
    /// out left to right, and says so with `"lang"` or `"dir"` on its block ([`TextLang`]).
    pub fn of_text(text: &str, default: Direction) -> Direction {
        use unicode_bidi::BidiClass::{AL, FSI, L, LRI, PDI, R, RLI};
        let isolated = crate::isolate::ltr_isolates(text);
        let mut isolated = isolated.iter().peekable();
        // Depth inside LRI/RLI/FSI…PDI.
        let mut depth = 0usize;
        for (i, c) in text.char_indices() {
            while isolated.next_if(|r| r.end <= i).is_some() {}
            if isolated.peek().is_some_and(|r| r.start <= i) {
                continue;
            }
            match unicode_bidi::bidi_class(c) {
                LRI | RLI | FSI => depth += 1,
                PDI => depth = depth.saturating_sub(1),
                L if depth == 0 => return Direction::Ltr,
                R | AL if depth == 0 => return Direction::Rtl,
                _ => {}
            }
        }
        default
    }

    /// `"rtl"` or `"ltr"`, as HTML's `dir` attribute wants it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The language and direction a piece of text gives for itself (`"lang"` and `"dir"` on a body
/// block, a caption, a credit or a cite), when they are not those of what contains it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextLang {
    /// BCP 47 tag; `None`: the language of what contains it (the block's, then the article's).
    pub lang: Option<String>,
    /// `None`: the direction of `lang` when it is given, else the text's own
    /// ([`Direction::of_text`]).
    pub dir: Option<Direction>,
}

impl TextLang {
    /// The direction `text` is set in: the one given, else that of the language given, else
    /// that of its first strong character, else `outer` (the direction around it).
    pub fn direction(&self, text: &str, outer: Direction) -> Direction {
        self.dir
            .or_else(|| self.lang.as_deref().map(Direction::of_lang))
            .unwrap_or_else(|| Direction::of_text(text, outer))
    }

    /// This inside `outer` (a caption inside its image block): what this one does not give
    /// comes from `outer`, except that a language given here brings its own direction.
    pub fn within(&self, outer: &TextLang) -> TextLang {
        TextLang {
            lang: self.lang.clone().or_else(|| outer.lang.clone()),
            dir: match (&self.lang, self.dir) {
                (_, Some(dir)) => Some(dir),
                (Some(_), None) => None,
                (None, None) => outer.dir,
            },
        }
    }
}

/// A short text with its own language: a caption, a credit, a quote's cite.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Phrase {
    pub text: String,
    pub lang: TextLang,
}

impl From<String> for Phrase {
    fn from(text: String) -> Phrase {
        Phrase {
            text,
            lang: TextLang::default(),
        }
    }
}

impl From<&str> for Phrase {
    fn from(text: &str) -> Phrase {
        Phrase::from(text.to_string())
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
    pub caption: Option<Phrase>,
    pub credit: Option<Phrase>,
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

/// One block of an article's body. Paragraphs, quotes and list items carry inline markup
/// ([`StyledText`]); a stage that sets plain text reads their `.text`.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(StyledText),
    Heading(String),
    Quote {
        text: StyledText,
        cite: Option<Phrase>,
    },
    Image(Image),
    List {
        ordered: bool,
        items: Vec<StyledText>,
    },
}

/// A block with the language it gives itself (an English quote in an Arabic article). Its
/// captions, credit and cite carry their own [`TextLang`], already merged with this one.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyBlock {
    pub block: Block,
    pub lang: TextLang,
}

impl From<Block> for BodyBlock {
    fn from(block: Block) -> BodyBlock {
        BodyBlock {
            block,
            lang: TextLang::default(),
        }
    }
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
    pub body: Vec<BodyBlock>,
    /// Rank for the newspaper design's front page: 1 is the lead story, lower numbers come
    /// first; `None` leaves the choice to the manifest's `front` and the section order.
    pub priority: Option<u32>,
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
    /// 210 × 297 mm; 3 columns by default.
    A4,
    /// 297 × 420 mm; 5 columns by default.
    A3,
    /// 8.5 × 11 in; 3 columns by default.
    Letter,
    /// 11 × 17 in; 5 columns by default.
    Tabloid,
    /// 315 × 470 mm; 6 columns by default.
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

    /// Body columns when neither `--columns` nor the manifest's `columns` gives a number: a
    /// column of a daily is about 40–60 mm wide (8–12 words of 10 pt Arabic), so the page's
    /// width decides how many there are. The paper's `--help` line states these numbers (a test
    /// keeps them in step).
    pub const fn default_columns(self) -> u32 {
        match self {
            PaperSize::A4 | PaperSize::Letter => 3,
            PaperSize::A3 | PaperSize::Tabloid => 5,
            PaperSize::Berliner => 6,
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
    /// Embed the bundled faces with `@font-face` (Arabic whole, Latin and Hebrew as subsets).
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
    /// How stories are placed on pages.
    pub design: Design,
    /// Article ids for the front page of the newspaper design, lead first (the manifest's
    /// `front`); empty: chosen by `priority`, else the first article of each section.
    pub front: Vec<String>,
    /// An exact page count (`pages`, `--page-count`; a multiple of 4, as printed sheets fold):
    /// the layout fits the day into it or the edition is refused. `None`: as many as it takes.
    pub pages: Option<u32>,
}

/// The page make-up of the print edition (`[pdf] design`).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Design {
    /// Stories one after another, each starting under the previous one, as a newsletter.
    Flow,
    /// A front page with the day's top stories and jump lines, each section on new pages
    /// (the default).
    #[default]
    Newspaper,
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
    /// Body columns: by paper size, [`PaperSize::default_columns`].
    pub const fn pdf_columns(paper: PaperSize) -> u32 {
        paper.default_columns()
    }
    pub const PDF_BODY_SIZE: f32 = 10.0;
    /// Photos placed in the PDF above this resolution are downsampled.
    pub const PDF_MAX_DPI: f32 = 300.0;
    /// Resolution of the page-1 picture `sahifa edition --previews` writes for a web site: an
    /// A4 page comes out 497×702 px, a thumbnail on a high-density screen and legible headlines.
    pub const EDITION_PREVIEW_DPI: f32 = 60.0;
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
    /// The manifest's `cover` file; without one the EPUB's cover is generated (`layout::cover`, `publish::cover_image`).
    pub cover: Option<Image>,
    /// The manifest says `cover = "photo"`: the first article's lead photo is the cover, as
    /// before covers were generated.
    pub cover_photo: bool,
    pub logo: Option<Image>,
    /// The Hijri date beside the Gregorian one on the masthead: `Some(offset)` in days from
    /// the Umm al-Qura calendar (`hijri_offset`), `None` when the manifest says `hijri = false`.
    pub hijri: Option<i8>,
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

#[cfg(test)]
mod tests {
    use super::{Direction, TextLang};
    use Direction::{Ltr, Rtl};

    #[test]
    fn first_strong_character_outside_isolates_decides() {
        // An Arabic paragraph that opens with a URL, an e-mail address or a phone number.
        for text in [
            "https://www.dostor.org/3125 هو رابط الخبر على الموقع",
            "info@dostor.org عنوان المراسلات",
            "+20 2 1234 5678 رقم الخدمة",
            "2014 كان عامًا صعبًا",
        ] {
            assert_eq!(Direction::of_text(text, Ltr), Rtl, "{text}");
        }
        // An English quote in an Arabic article, whatever Arabic it quotes later.
        assert_eq!(
            Direction::of_text("The minister said «شكرًا» twice.", Rtl),
            Ltr
        );
        // Letters are not counted: a long URL does not turn an Arabic sentence around.
        assert_eq!(
            Direction::of_text(
                "انظر https://example.com/a/very/long/english/path/name",
                Ltr
            ),
            Rtl
        );
        // Nothing strong: the language's direction.
        assert_eq!(Direction::of_text("2014 — 83", Rtl), Rtl);
        assert_eq!(Direction::of_text("", Ltr), Ltr);
        // P2 skips what an isolate holds, up to its PDI.
        assert_eq!(Direction::of_text("\u{2066}NATO\u{2069} تعلن", Ltr), Rtl);
        assert_eq!(Direction::of_text("\u{2067}مرحبا", Ltr), Ltr);
        // A Latin name first makes a paragraph left to right: the input says otherwise with
        // `"dir"` or `"lang"`.
        assert_eq!(Direction::of_text("NASA تعلن عن مهمة", Rtl), Ltr);
    }

    #[test]
    fn text_lang_gives_the_direction_and_passes_it_down() {
        let none = TextLang::default();
        assert_eq!(none.direction("Hello", Rtl), Ltr);
        let ar = TextLang {
            lang: Some("ar".into()),
            dir: None,
        };
        assert_eq!(
            ar.direction("NASA تعلن", Ltr),
            Rtl,
            "the language's direction"
        );
        let forced = TextLang {
            lang: Some("en".into()),
            dir: Some(Rtl),
        };
        assert_eq!(forced.direction("Hello", Ltr), Rtl, "`dir` wins");

        let en_block = TextLang {
            lang: Some("en".into()),
            dir: Some(Ltr),
        };
        // A caption without its own language takes its block's.
        assert_eq!(none.within(&en_block), en_block);
        // With its own language it takes that language's direction, not the block's `dir`.
        let caption = ar.within(&en_block);
        assert_eq!(caption.lang.as_deref(), Some("ar"));
        assert_eq!(caption.direction("صورة", Ltr), Rtl);
    }
}
