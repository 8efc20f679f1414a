//! Articles as written (`*.json`, one JSON Lines record): the raw shape, published as a JSON
//! Schema by `sahifa schema`, and its conversion into a checked [`model::Article`].

use std::path::Path;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::error::{ErrorKind, InputError, Location, Warning};
use super::images::{check_image, ImageSpec};
use crate::model::{self, Block, BodyBlock, Direction, Phrase, Span, StyledText, TextLang};

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
    /// Downloads photos given as web addresses (`--fetch`); `None`: such a photo is an error.
    pub fetch: Option<&'a super::fetch::Fetcher>,
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
    let raw_body = match (raw.body.take(), raw.body_html.take()) {
        (Some(body), None) => body,
        (None, Some(html)) => {
            let mut blocks = super::html::blocks(&html, file, "body_html", warnings);
            // A page's HTML (a ninjs body, a CMS export) often repeats the headline as its
            // first heading: the article already has it.
            if let Some(RawBlock::Heading { text, .. }) = blocks.first() {
                if text.trim() == raw.title.trim() {
                    blocks.remove(0);
                }
            }
            RawBody::Blocks(blocks)
        }
        (None, None) => {
            return Err(vec![field_err(
                "body",
                "missing field `body`".into(),
                "give the body as an array of blocks, a string of paragraphs, or `body_html`",
            )])
        }
        (Some(_), Some(_)) => {
            return Err(vec![field_err(
                "body_html",
                "the article gives both `body` and `body_html`".into(),
                "keep one of them",
            )])
        }
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
    // The `lang` and `dir` a block, a photo or a caption gives itself; `at` is its path.
    let text_lang =
        |at: &str, lang: Option<String>, dir: Option<Direction>, errors: &mut Vec<InputError>| {
            let lang = match lang.map(|l| l.trim().to_string()) {
                Some(l) if is_lang_tag(&l) => Some(l),
                Some(l) => {
                    errors.push(field_err(
                        &format!("{at}.lang"),
                        format!("`{l}` is not a BCP 47 language tag"),
                        "use a tag such as \"ar\", \"en\" or \"fr-CA\"",
                    ));
                    None
                }
                None => None,
            };
            TextLang { lang, dir }
        };
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
    // The photo, and the language it gives itself (already merged into its caption and credit).
    let mut image_at = |img: &RawImage, field: &str, errors: &mut Vec<InputError>| {
        let own = text_lang(field, img.lang.clone(), img.dir, errors);
        let mut text_langs =
            [("caption", &img.caption), ("credit", &img.credit)].map(|(name, text)| match text {
                Some(RawText::Tagged { lang, dir, .. }) => {
                    text_lang(&format!("{field}.{name}"), lang.clone(), *dir, errors).within(&own)
                }
                _ => own.clone(),
            });
        let spec = ImageSpec {
            src: &img.src,
            alt: img.alt.as_deref(),
            caption: img.caption.as_ref().map(RawText::text),
            credit: img.credit.as_ref().map(RawText::text),
        };
        let found = match cx.fetch {
            Some(fetcher) if super::fetch::is_url(&img.src) => fetcher
                .get(img.src.trim())
                .map_err(|why| {
                    InputError::new(
                        ErrorKind::Image,
                        file,
                        format!("`{}`: {why}", img.src.trim()),
                        "check the address, or download the photo next to the article",
                    )
                    .field(format!("{field}.src"))
                })
                .and_then(|path| super::images::checked(&spec, path, file, field)),
            _ => check_image(&spec, cx.base, cx.root, file, field),
        };
        match found {
            Ok(mut image) => {
                if image.alt.is_empty() {
                    match &image.caption {
                        Some(c) => {
                            image.alt = c.text.clone();
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
                let [caption, credit] = &mut text_langs;
                for (phrase, lang) in [(&mut image.caption, caption), (&mut image.credit, credit)] {
                    if let Some(phrase) = phrase {
                        phrase.lang = std::mem::take(lang);
                    }
                }
                Some((image, own))
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
        .and_then(|img| image_at(img, "image", &mut errors))
        .map(|(image, _)| image);
    let mut body = Vec::new();
    let given_blocks = match &raw_body {
        RawBody::Text(t) => usize::from(!t.trim().is_empty()),
        RawBody::Blocks(b) => b.len(),
    };
    match raw_body {
        RawBody::Text(text) => {
            body.extend(
                split_paragraphs(&text)
                    .map(|p| Block::Paragraph(p.into()))
                    .map(BodyBlock::from),
            );
        }
        RawBody::Blocks(blocks) => {
            for (i, block) in blocks.into_iter().enumerate() {
                let path = format!("body[{i}]");
                let text_field = |t: String, spans: Vec<Span>, errors: &mut Vec<InputError>| {
                    let t = StyledText::new(t, spans).trimmed();
                    if t.text.is_empty() {
                        errors.push(field_err(
                            &format!("{path}.text"),
                            "the text is empty".into(),
                            "give the block some text or remove it",
                        ));
                    }
                    t
                };
                let lang =
                    |lang, dir, errors: &mut Vec<InputError>| text_lang(&path, lang, dir, errors);
                let block = match block {
                    RawBlock::Paragraph {
                        text,
                        lang: l,
                        dir,
                        spans,
                    } => BodyBlock {
                        block: Block::Paragraph(text_field(text, spans, &mut errors)),
                        lang: lang(l, dir, &mut errors),
                    },
                    RawBlock::Heading { text, lang: l, dir } => BodyBlock {
                        block: Block::Heading(text_field(text, Vec::new(), &mut errors).text),
                        lang: lang(l, dir, &mut errors),
                    },
                    RawBlock::Quote {
                        text,
                        cite,
                        lang: l,
                        dir,
                        spans,
                    } => {
                        let own = lang(l, dir, &mut errors);
                        let cite = cite.and_then(|cite| {
                            let (text, cite_lang) = match cite {
                                RawText::Plain(text) => (text, TextLang::default()),
                                RawText::Tagged { text, lang, dir } => {
                                    let at = format!("{path}.cite");
                                    (text, text_lang(&at, lang, dir, &mut errors))
                                }
                            };
                            let text = text.trim().to_string();
                            (!text.is_empty()).then(|| Phrase {
                                text,
                                lang: cite_lang.within(&own),
                            })
                        });
                        BodyBlock {
                            block: Block::Quote {
                                text: text_field(text, spans, &mut errors),
                                cite,
                            },
                            lang: own,
                        }
                    }
                    RawBlock::Image(img) => match image_at(&img, &path, &mut errors) {
                        Some((image, lang)) => BodyBlock {
                            block: Block::Image(image),
                            lang,
                        },
                        None => continue,
                    },
                    RawBlock::List {
                        ordered,
                        items,
                        lang: l,
                        dir,
                        mut item_spans,
                    } => {
                        item_spans.resize(items.len(), Vec::new());
                        let items: Vec<StyledText> = items
                            .into_iter()
                            .zip(item_spans)
                            .map(|(s, spans)| StyledText::new(s, spans).trimmed())
                            .filter(|s| !s.text.is_empty())
                            .collect();
                        if items.is_empty() {
                            errors.push(field_err(
                                &format!("{path}.items"),
                                "the list has no items".into(),
                                "give at least one item or remove the list",
                            ));
                        }
                        BodyBlock {
                            block: Block::List { ordered, items },
                            lang: lang(l, dir, &mut errors),
                        }
                    }
                };
                body.push(block);
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
        priority: raw.priority,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::error::Location;

    fn model_of(json: &str) -> (Result<model::Article, Vec<InputError>>, Vec<Warning>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let file = root.join("a.json");
        let (raw, mut warnings) = parse_json(json, &file).unwrap();
        let cx = ArticleContext {
            lang: "ar",
            root: &root,
            base: &root,
            default_id: "a".into(),
            fetch: None,
        };
        (to_model(raw, &file, &cx, &mut warnings), warnings)
    }

    #[test]
    fn blocks_captions_and_cites_give_their_language() {
        let (article, warnings) = model_of(
            r#"{"title": "ت", "image": {"src": "photos/rocket.jpg", "alt": "صاروخ",
                "caption": "إطلاق", "credit": {"text": "SpaceX", "lang": "en"}},
            "body": [
              {"type": "paragraph", "text": "فقرة"},
              {"type": "quote", "text": "Ask forgiveness.", "lang": "en", "cite": {"text": "هوبر", "lang": "ar"}},
              {"type": "heading", "text": "NASA تعلن", "dir": "rtl"},
              {"type": "image", "src": "photos/rocket.jpg", "alt": "A rocket", "lang": "en", "caption": "Lift-off"},
              {"type": "list", "items": ["a"], "lang": "fr"}
            ]}"#,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let article = article.unwrap();
        let lang = |l: &str| Some(l.to_string());
        let image = article.image.unwrap();
        assert_eq!(image.caption.unwrap().lang, TextLang::default());
        assert_eq!(image.credit.unwrap().lang.lang, lang("en"));
        let body = &article.body;
        assert_eq!(body[0].lang, TextLang::default());
        assert_eq!(body[1].lang.lang, lang("en"));
        let Block::Quote {
            cite: Some(cite), ..
        } = &body[1].block
        else {
            panic!("{:?}", body[1])
        };
        assert_eq!(
            (cite.text.as_str(), cite.lang.lang.clone()),
            ("هوبر", lang("ar"))
        );
        assert_eq!(body[2].lang.dir, Some(Direction::Rtl));
        // The image block's language reaches its caption.
        let Block::Image(photo) = &body[3].block else {
            panic!("{:?}", body[3])
        };
        assert_eq!(body[3].lang.lang, lang("en"));
        assert_eq!(photo.caption.as_ref().unwrap().lang.lang, lang("en"));
        assert_eq!(body[4].lang.lang, lang("fr"));
    }

    #[test]
    fn a_bad_language_tag_is_named_by_its_path_and_unknown_fields_are_reported() {
        let (article, _) = model_of(
            r#"{"title": "t", "body": [{"type": "paragraph", "text": "x", "lang": "english!"},
                {"type": "quote", "text": "q", "cite": {"text": "c", "lang": "1"}}]}"#,
        );
        let errors = article.unwrap_err();
        let at: Vec<_> = errors
            .iter()
            .map(|e| match &e.location {
                Some(Location::Field(f)) => f.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(at, ["body[0].lang", "body[1].cite.lang"]);
        let (_, warnings) = model_of(
            r#"{"title": "t", "image": {"src": "photos/rocket.jpg", "alt": "x",
                "caption": {"text": "c", "langue": "fr"}}, "body": "x"}"#,
        );
        assert_eq!(
            warnings[0].location.as_deref(),
            Some("image.caption.langue"),
            "{warnings:?}"
        );
    }
}
