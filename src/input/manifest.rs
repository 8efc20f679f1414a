//! The edition manifest (`edition.toml`): the paper, the date, which articles in which order,
//! and the `[epub]` and `[pdf]` settings.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;

use super::error::{line_column, ErrorKind, InputError, Location};
use crate::model::PaperSize;

/// An edition manifest. Unknown keys are errors (a typo in a setting should not pass silently).
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sahifa edition manifest")]
pub struct RawManifest {
    /// The paper's name, set as the masthead.
    pub name: Option<String>,
    pub tagline: Option<String>,
    /// The edition's date, `YYYY-MM-DD` (a TOML date or a string).
    #[schemars(with = "Option<String>")]
    pub date: Option<DateValue>,
    /// Edition language (BCP 47), default `ar`.
    pub lang: Option<String>,
    /// Issue number.
    pub number: Option<u32>,
    /// Article files, folders or glob patterns, relative to the manifest, in order.
    #[serde(default)]
    pub articles: Vec<String>,
    /// Section order; sections not listed follow in first-seen order.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Cover image for the EPUB; `"photo"` for the first article's lead photo. Default: a cover
    /// generated from the front page (name, date, issue number, lead photo, top headlines).
    pub cover: Option<String>,
    /// Logo image set instead of the name on the masthead.
    pub logo: Option<String>,
    /// The Hijri (Umm al-Qura) date beside the Gregorian one on the masthead (default true).
    pub hijri: Option<bool>,
    /// Days added to the Umm al-Qura date where months begin with a sighting, -2 to 2.
    pub hijri_offset: Option<i8>,
    /// Article ids on the newspaper design's front page, lead story first.
    #[serde(default)]
    pub front: Vec<String>,
    #[serde(default)]
    pub epub: RawEpub,
    #[serde(default)]
    pub pdf: RawPdf,
    #[serde(default)]
    pub input: RawInput,
}

/// `[input]`: how the articles are read.
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RawInput {
    /// Download photos given by URL, as `--fetch` does (default false).
    #[serde(default)]
    pub fetch: bool,
    /// Sections by another name: a feed's category, a ninjs subject or a WordPress category
    /// (the key) set as the edition's section (the value), e.g. `"Politics" = "سياسة"`.
    #[serde(default)]
    pub sections: std::collections::BTreeMap<String, String>,
}

/// A date as TOML writes it (`date = 2021-06-28`) or as a string (`date = "2021-06-28"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum DateValue {
    Toml(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    /// The calendar date, if this is one.
    pub fn to_date(&self) -> Option<chrono::NaiveDate> {
        match self {
            DateValue::Toml(dt) => {
                let d = dt.date?;
                chrono::NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
            }
            DateValue::Text(s) => super::article::parse_date(s.trim()),
        }
    }
}

/// `[epub]`: settings of the EPUB edition.
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RawEpub {
    /// Longest photo edge in pixels (default 1600).
    pub max_image_edge: Option<u32>,
    /// JPEG quality for re-encoded photos, 1–100 (default 82).
    pub jpeg_quality: Option<u8>,
    /// Embed the bundled Arabic font (default true).
    pub embed_fonts: Option<bool>,
}

/// `[pdf]`: settings of the print edition.
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPdf {
    /// a4 (default), a3, letter, tabloid, berliner.
    pub paper: Option<PaperSize>,
    /// Margin on each side in millimetres (default 15).
    pub margin_mm: Option<f32>,
    /// Body columns (default by paper: 3 on a4 and letter, 5 on a3 and tabloid, 6 on berliner).
    pub columns: Option<u32>,
    /// Body text size in points (default 10).
    pub body_size: Option<f32>,
    /// An exact page count, a multiple of 4 (default: as many pages as the day takes).
    pub pages: Option<u32>,
    /// Page make-up: `flow` (default; stories one after another) or `newspaper` (a front page
    /// with the top stories and jump lines, each section on new pages).
    pub design: Option<crate::model::Design>,
    /// Font files replacing the bundled ones.
    #[serde(default)]
    pub fonts: RawFonts,
}

/// `[pdf.fonts]`: font files (relative to the manifest) by role.
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFonts {
    pub body: Option<PathBuf>,
    pub bold: Option<PathBuf>,
    pub headline: Option<PathBuf>,
    pub latin: Option<PathBuf>,
}

/// Parses a manifest, with line and column on syntax errors and the key path on bad values.
pub fn parse(text: &str, file: &Path) -> Result<RawManifest, InputError> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.message().trim().to_string();
        let mut err = InputError::new(
            ErrorKind::Syntax,
            file,
            format!("malformed manifest: {message}"),
            "see the manifest example in the README",
        );
        if path != "." && !path.is_empty() {
            err.kind = ErrorKind::Field;
            err.message = message;
            err = err.field(path);
        } else if let Some(span) = inner.span() {
            let (l, c) = line_column(text, span.start);
            err = err.at(Location::LineColumn(l, c));
        }
        err
    })
}
