//! Articles as written (`*.json`, one JSON Lines record): the raw shape, published as a JSON
//! Schema by `sahifa schema`, read with errors that name the field. `checked` turns it into a
//! [`crate::model::Article`].

use std::path::Path;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::error::{ErrorKind, InputError, Location, Warning};
use crate::model::{Direction, Span};

/// An article file.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(
    title = "sahifa article",
    description = "One news article. Unknown fields are ignored with a warning.",
    extend("oneOf" = [{"required": ["body"]}, {"required": ["body_html"]}])
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
    /// Rank on the newspaper design's front page: 1 is the lead story, lower numbers first.
    #[serde(default)]
    pub priority: Option<u32>,
    /// The lead photo.
    #[serde(default)]
    pub image: Option<RawImage>,
    /// Blocks, or one string whose blank-line-separated parts are paragraphs (this or
    /// `body_html` is required, non-empty).
    #[serde(default)]
    pub body: Option<RawBody>,
    /// The body as HTML, instead of `body`: paragraphs, h2–h4, blockquote (with cite), lists,
    /// figures with img and figcaption; inline b, strong, i, em, a href, sup, sub, br, bdi and
    /// span with lang or dir. Anything else is left out with a warning.
    #[serde(default)]
    pub body_html: Option<String>,
}

/// A photo: `src` is relative to the file that names it and must stay inside its folder.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RawImage {
    pub src: String,
    /// Alternative text for readers who can't see the photo (falls back to the caption, with a warning).
    #[serde(default)]
    pub alt: Option<String>,
    #[serde(default)]
    pub caption: Option<RawText>,
    #[serde(default)]
    pub credit: Option<RawText>,
    /// BCP 47 tag of the alt text, caption and credit when it is not the article's.
    #[serde(default)]
    pub lang: Option<String>,
    /// Overrides the direction of the caption and credit.
    #[serde(default)]
    pub dir: Option<Direction>,
}

/// One block of the body. Each takes `lang` (BCP 47) when it is not in the article's language
/// (an English quote in an Arabic article), and `dir` to override its direction, which otherwise
/// follows from `lang`, else from its first letter.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum RawBlock {
    Paragraph {
        text: String,
        /// BCP 47 tag of this block when it is not the article's.
        #[serde(default)]
        lang: Option<String>,
        /// Overrides the block's direction.
        #[serde(default)]
        dir: Option<Direction>,
        /// Inline markup over `text`, from Markdown or HTML (never read from JSON).
        #[serde(skip)]
        spans: Vec<Span>,
    },
    Heading {
        text: String,
        /// BCP 47 tag of this block when it is not the article's.
        #[serde(default)]
        lang: Option<String>,
        /// Overrides the block's direction.
        #[serde(default)]
        dir: Option<Direction>,
    },
    Quote {
        text: String,
        #[serde(default)]
        cite: Option<RawText>,
        /// BCP 47 tag of this block when it is not the article's.
        #[serde(default)]
        lang: Option<String>,
        /// Overrides the block's direction.
        #[serde(default)]
        dir: Option<Direction>,
        /// Inline markup over `text`, from Markdown or HTML (never read from JSON).
        #[serde(skip)]
        spans: Vec<Span>,
    },
    Image(RawImage),
    List {
        #[serde(default)]
        ordered: bool,
        items: Vec<String>,
        /// BCP 47 tag of this block when it is not the article's.
        #[serde(default)]
        lang: Option<String>,
        /// Overrides the block's direction.
        #[serde(default)]
        dir: Option<Direction>,
        /// Inline markup over each item, from Markdown or HTML (never read from JSON).
        #[serde(skip)]
        item_spans: Vec<Vec<Span>>,
    },
}

/// A caption, credit or cite: a string, or `{"text": …, "lang": …, "dir": …}` when it is in
/// another language than its block (an Arabic credit under an English photo).
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum RawText {
    Plain(String),
    Tagged {
        text: String,
        /// BCP 47 tag of this text.
        #[serde(default)]
        lang: Option<String>,
        /// Overrides the direction `lang` implies.
        #[serde(default)]
        dir: Option<Direction>,
    },
}

impl RawText {
    pub fn text(&self) -> &str {
        match self {
            RawText::Plain(text) | RawText::Tagged { text, .. } => text,
        }
    }

    pub fn text_mut(&mut self) -> &mut String {
        match self {
            RawText::Plain(text) | RawText::Tagged { text, .. } => text,
        }
    }
}

// By hand, like `RawBody`: a field's error keeps its path (`image.caption.lang`), and unknown
// fields inside the object are still reported.
impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Tagged {
            text: String,
            #[serde(default)]
            lang: Option<String>,
            #[serde(default)]
            dir: Option<Direction>,
        }
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = RawText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or {\"text\": …, \"lang\": …}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawText, E> {
                Ok(RawText::Plain(v))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<RawText, A::Error> {
                let Tagged { text, lang, dir } =
                    Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawText::Tagged { text, lang, dir })
            }
        }
        d.deserialize_any(TextVisitor)
    }
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
