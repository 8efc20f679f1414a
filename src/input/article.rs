//! Articles as written (`*.json`, one JSON Lines record): the raw shape, published as a JSON
//! Schema by `sahifa schema`, and its conversion into a checked [`model::Article`].

use std::path::Path;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::error::{ErrorKind, InputError, Location, Warning};
use super::images::{check_image, ImageSpec};
use crate::model::{self, Block, Direction};

/// An article file.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(
    title = "sahifa article",
    description = "One news article. Unknown fields are ignored with a warning."
)]
pub struct RawArticle {
    /// Headline (required).
    pub title: String,
    /// Identifier, unique in the edition (default: the file stem, or the line number in JSON Lines).
    #[serde(default)]
    pub id: Option<String>,
    /// BCP 47 language tag (default: the edition's). Direction follows from it (ar, fa, ur, he… are RTL).
    #[serde(default)]
    pub lang: Option<String>,
    /// Overrides the direction the language implies.
    #[serde(default)]
    pub dir: Option<Direction>,
    /// Section name (e.g. «سياسة»); sections are ordered by the manifest, then first seen.
    #[serde(default)]
    pub section: Option<String>,
    /// Small line above the headline.
    #[serde(default)]
    pub kicker: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    /// RFC 3339 date-time or `YYYY-MM-DD`.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    /// The lead photo.
    #[serde(default)]
    pub image: Option<RawImage>,
    /// Blocks, or one string whose blank-line-separated parts are paragraphs (required, non-empty).
    pub body: RawBody,
}

/// A photo: `src` is relative to the file that names it and must stay inside its folder.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawImage {
    pub src: String,
    /// Alternative text for readers who can't see the photo (falls back to the caption, with a warning).
    #[serde(default)]
    pub alt: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub credit: Option<String>,
}

/// One block of the body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum RawBlock {
    Paragraph {
        text: String,
    },
    Heading {
        text: String,
    },
    Quote {
        text: String,
        #[serde(default)]
        cite: Option<String>,
    },
    Image(RawImage),
    List {
        #[serde(default)]
        ordered: bool,
        items: Vec<String>,
    },
}

/// The body: blocks, or a single string of blank-line-separated paragraphs.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum RawBody {
    Text(String),
    Blocks(Vec<RawBlock>),
}

// Written by hand (not `untagged`) so that errors inside a block keep their path (`body[3].text`)
// instead of serde's "data did not match any variant".
impl<'de> Deserialize<'de> for RawBody {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BodyVisitor;
        impl<'de> Visitor<'de> for BodyVisitor {
            type Value = RawBody;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of blocks or a string of paragraphs")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBody, E> {
                Ok(RawBody::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawBody, E> {
                Ok(RawBody::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawBody, A::Error> {
                let mut blocks = Vec::new();
                while let Some(b) = seq.next_element()? {
                    blocks.push(b);
                }
                Ok(RawBody::Blocks(blocks))
            }
        }
        d.deserialize_any(BodyVisitor)
    }
}

/// Parses one article from JSON text. `file` names it in messages; `label` replaces the file
/// name in messages for JSON Lines (`-:12`).
pub fn parse_json(text: &str, file: &Path) -> Result<(RawArticle, Vec<Warning>), InputError> {
    if text.trim().is_empty() {
        // serde_json would say "EOF while parsing a value" at column 0.
        return Err(InputError::new(
            ErrorKind::Syntax,
            file,
            "the file is empty",
            "write the article as a JSON object: {\"title\": \"…\", \"body\": \"…\"}",
        )
        .at(Location::LineColumn(1, 1)));
    }
    let mut warnings = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let mut ignored = |path: serde_ignored::Path| {
        warnings.push(Warning::new(
            file,
            Some(super::error::ignored_path(&path)),
            "unknown field, ignored",
        ));
    };
    let result: Result<RawArticle, _> =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(&mut de, &mut ignored));
    let raw = match result {
        Ok(raw) => raw,
        Err(e) => return Err(json_error(file, e)),
    };
    if let Err(e) = de.end() {
        return Err(InputError::new(
            ErrorKind::Syntax,
            file,
            format!("malformed JSON: {e}"),
            "remove what follows the article's closing brace",
        )
        .at(Location::LineColumn(e.line(), e.column())));
    }
    Ok((raw, warnings))
}

fn json_error(file: &Path, e: serde_path_to_error::Error<serde_json::Error>) -> InputError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let msg = strip_position(&inner.to_string()).replace(
        "internally tagged enum RawBlock",
        "a block such as {\"type\": \"paragraph\", \"text\": \"…\"}",
    );
    match inner.classify() {
        serde_json::error::Category::Data => {
            // Name the missing field itself: `body[3].text`, not `body[3]`.
            let field = match msg
                .strip_prefix("missing field `")
                .and_then(|m| m.split('`').next())
            {
                Some(name) if path == "." => name.to_string(),
                Some(name) => format!("{path}.{name}"),
                None => path,
            };
            InputError::new(ErrorKind::Field, file, msg, field_fix(&field)).field(field)
        }
        _ => InputError::new(
            ErrorKind::Syntax,
            file,
            format!("malformed JSON: {msg}"),
            "fix the JSON syntax at that line and column",
        )
        .at(Location::LineColumn(inner.line(), inner.column())),
    }
}

/// serde_json appends " at line L column C"; we print the position our own way.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn field_fix(field: &str) -> String {
    let last = field.rsplit('.').next().unwrap_or(field);
    match last.split('[').next().unwrap_or("") {
        "title" => "give the headline as a string: \"title\": \"…\"".into(),
        "body" => "give the body as an array of blocks or a string of paragraphs".into(),
        "type" => "use one of paragraph, heading, quote, image, list".into(),
        "text" => "give the block's text as a string".into(),
        "items" => "give the list items as an array of strings".into(),
        "src" => "give the photo's file name as a string".into(),
        _ => "see `sahifa schema` for the expected shape".into(),
    }
}

/// Settings that come from the edition and apply to every article.
pub struct ArticleContext<'a> {
    /// Edition language, for articles that give none.
    pub lang: &'a str,
    /// Folder image paths must stay in.
    pub root: &'a Path,
    /// Folder image paths are relative to.
    pub base: &'a Path,
    /// Default id (file stem or line label).
    pub default_id: String,
}

/// Checks a raw article and turns it into a model article. Collects every problem.
pub fn to_model(
    mut raw: RawArticle,
    file: &Path,
    cx: &ArticleContext<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<model::Article, Vec<InputError>> {
    let mut errors = Vec::new();
    let stripped = super::controls::strip_article(&mut raw);
    if !stripped.is_empty() {
        warnings.push(Warning::new(
            file,
            Some(stripped.join(", ")),
            super::controls::REMOVED,
        ));
    }
    let field_err = |field: &str, message: String, fix: &str| {
        InputError::new(ErrorKind::Field, file, message, fix).field(field)
    };
    let title = raw.title.trim().to_string();
    if title.is_empty() {
        errors.push(field_err(
            "title",
            "the headline is empty".into(),
            "give the article a headline",
        ));
    }
    let id = raw
        .id
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| cx.default_id.clone());
    if id.is_empty() {
        errors.push(field_err(
            "id",
            "the id is empty".into(),
            "remove `id` or give a non-empty one",
        ));
    }
    let lang = match raw.lang.map(|l| l.trim().to_string()) {
        Some(l) if is_lang_tag(&l) => l,
        Some(l) => {
            errors.push(field_err(
                "lang",
                format!("`{l}` is not a BCP 47 language tag"),
                "use a tag such as \"ar\", \"en\" or \"fr-CA\"",
            ));
            cx.lang.to_string()
        }
        None => cx.lang.to_string(),
    };
    let dir = raw.dir.unwrap_or_else(|| Direction::of_lang(&lang));
    let published = match raw.published.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => match parse_date(p) {
            Some(d) => Some(d),
            None => {
                errors.push(field_err(
                    "published",
                    format!("`{p}` is not a date"),
                    "use RFC 3339 (2021-06-28T10:00:00+02:00) or YYYY-MM-DD",
                ));
                None
            }
        },
    };
    let mut image_at = |img: &RawImage, field: &str, errors: &mut Vec<InputError>| {
        let spec = ImageSpec {
            src: &img.src,
            alt: img.alt.as_deref(),
            caption: img.caption.as_deref(),
            credit: img.credit.as_deref(),
        };
        match check_image(&spec, cx.base, cx.root, file, field) {
            Ok(mut image) => {
                if image.alt.is_empty() {
                    match &image.caption {
                        Some(c) => {
                            image.alt = c.clone();
                            warnings.push(Warning::new(
                                file,
                                Some(format!("{field}.alt")),
                                "no alt text; the caption is used instead",
                            ));
                        }
                        None => errors.push(field_err(
                            &format!("{field}.alt"),
                            "the photo has neither alt text nor a caption".into(),
                            "describe the photo in `alt` for readers who can't see it",
                        )),
                    }
                }
                Some(image)
            }
            Err(e) => {
                errors.push(e);
                None
            }
        }
    };
    let image = raw
        .image
        .as_ref()
        .and_then(|img| image_at(img, "image", &mut errors));
    let mut body = Vec::new();
    let given_blocks = match &raw.body {
        RawBody::Text(t) => usize::from(!t.trim().is_empty()),
        RawBody::Blocks(b) => b.len(),
    };
    match raw.body {
        RawBody::Text(text) => {
            body.extend(split_paragraphs(&text).map(Block::Paragraph));
        }
        RawBody::Blocks(blocks) => {
            for (i, block) in blocks.into_iter().enumerate() {
                let path = format!("body[{i}]");
                let text_field = |t: String, errors: &mut Vec<InputError>| {
                    let t = t.trim().to_string();
                    if t.is_empty() {
                        errors.push(field_err(
                            &format!("{path}.text"),
                            "the text is empty".into(),
                            "give the block some text or remove it",
                        ));
                    }
                    t
                };
                match block {
                    RawBlock::Paragraph { text } => {
                        body.push(Block::Paragraph(text_field(text, &mut errors)))
                    }
                    RawBlock::Heading { text } => {
                        body.push(Block::Heading(text_field(text, &mut errors)))
                    }
                    RawBlock::Quote { text, cite } => body.push(Block::Quote {
                        text: text_field(text, &mut errors),
                        cite: cite.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
                    }),
                    RawBlock::Image(img) => {
                        if let Some(image) = image_at(&img, &path, &mut errors) {
                            body.push(Block::Image(image));
                        }
                    }
                    RawBlock::List { ordered, items } => {
                        let items: Vec<String> = items
                            .into_iter()
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect();
                        if items.is_empty() {
                            errors.push(field_err(
                                &format!("{path}.items"),
                                "the list has no items".into(),
                                "give at least one item or remove the list",
                            ));
                        }
                        body.push(Block::List { ordered, items });
                    }
                }
            }
        }
    }
    if given_blocks == 0 {
        errors.push(field_err(
            "body",
            "the body is empty".into(),
            "give at least one paragraph",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let opt = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(model::Article {
        id,
        title,
        lang,
        dir,
        section: opt(raw.section),
        kicker: opt(raw.kicker),
        subtitle: opt(raw.subtitle),
        byline: opt(raw.byline),
        published,
        source_url: opt(raw.source_url),
        image,
        body,
        source: file.to_path_buf(),
    })
}

/// Paragraphs of a plain-text body: parts separated by blank lines, each with its line breaks
/// folded into spaces.
pub fn split_paragraphs(text: &str) -> impl Iterator<Item = String> + '_ {
    let text = text.trim_start_matches('\u{feff}');
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs.into_iter()
}

/// `YYYY-MM-DD` or an RFC 3339 date-time (its local date is kept).
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|d| d.date_naive())
        })
}

/// A loose BCP 47 check: letters, digits and hyphens, starting with 2–3 letters.
pub fn is_lang_tag(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
