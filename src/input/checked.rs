//! A raw article checked and turned into a [`model::Article`].
//!
//! Every problem is collected, not just the first, so a newsroom fixes an article in one pass:
//! each error names the file, the field (`body[3].lang`, `image.alt`) and the fix. Only a body
//! that is missing or given twice stops the check at once, since nothing after it can be
//! checked.

use std::path::Path;

use super::article::{
    is_lang_tag, parse_date, split_paragraphs, RawArticle, RawBlock, RawBody, RawImage, RawText,
};
use super::error::{ErrorKind, InputError, Warning};
use super::images::{check_image, ImageSpec};
use crate::model::{self, Block, BodyBlock, Direction, Phrase, Span, StyledText, TextLang};

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
    let stripped = super::controls::strip_article(&mut raw);
    if !stripped.is_empty() {
        warnings.push(Warning::new(
            file,
            Some(stripped.join(", ")),
            super::controls::REMOVED,
        ));
    }
    let mut check = Check {
        file,
        cx,
        errors: Vec::new(),
        warnings,
    };
    let raw_body = check.body_source(&mut raw)?;
    let title = raw.title.trim().to_string();
    if title.is_empty() {
        check.error(
            "title",
            "the headline is empty",
            "give the article a headline",
        );
    }
    let id = raw
        .id
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| cx.default_id.clone());
    if id.is_empty() {
        check.error(
            "id",
            "the id is empty",
            "remove `id` or give a non-empty one",
        );
    }
    let lang = check
        .lang_tag("lang", raw.lang)
        .unwrap_or_else(|| cx.lang.to_string());
    let dir = raw.dir.unwrap_or_else(|| Direction::of_lang(&lang));
    let published = check.published(raw.published.as_deref());
    let image = raw
        .image
        .as_ref()
        .and_then(|img| check.image(img, "image"))
        .map(|(image, _)| image);
    let body = check.body(raw_body);
    if !check.errors.is_empty() {
        return Err(check.errors);
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

/// One article's check in progress: where it is, and what was found so far.
struct Check<'a, 'w> {
    file: &'a Path,
    cx: &'a ArticleContext<'a>,
    errors: Vec<InputError>,
    warnings: &'w mut Vec<Warning>,
}

impl Check<'_, '_> {
    fn field_error(&self, field: &str, message: String, fix: &str) -> InputError {
        InputError::new(ErrorKind::Field, self.file, message, fix).field(field)
    }

    fn error(&mut self, field: &str, message: impl Into<String>, fix: &str) {
        let e = self.field_error(field, message.into(), fix);
        self.errors.push(e);
    }

    /// The body as given: `body` (blocks or a string) or `body_html` (read into blocks), but
    /// not both and not neither; those stop the check.
    fn body_source(&mut self, raw: &mut RawArticle) -> Result<RawBody, Vec<InputError>> {
        match (raw.body.take(), raw.body_html.take()) {
            (Some(body), None) => Ok(body),
            (None, Some(html)) => {
                let mut blocks = super::html::blocks(&html, self.file, "body_html", self.warnings);
                // A page's HTML (a ninjs body, a CMS export) often repeats the headline as its
                // first heading: the article already has it.
                if let Some(RawBlock::Heading { text, .. }) = blocks.first() {
                    if text.trim() == raw.title.trim() {
                        blocks.remove(0);
                    }
                }
                Ok(RawBody::Blocks(blocks))
            }
            (None, None) => Err(vec![self.field_error(
                "body",
                "missing field `body`".into(),
                "give the body as an array of blocks, a string of paragraphs, or `body_html`",
            )]),
            (Some(_), Some(_)) => Err(vec![self.field_error(
                "body_html",
                "the article gives both `body` and `body_html`".into(),
                "keep one of them",
            )]),
        }
    }

    /// A `lang` field (`field` is its path), trimmed; `None` when absent or not a BCP 47 tag
    /// (an error).
    fn lang_tag(&mut self, field: &str, lang: Option<String>) -> Option<String> {
        match lang.map(|l| l.trim().to_string()) {
            Some(l) if is_lang_tag(&l) => Some(l),
            Some(l) => {
                self.error(
                    field,
                    format!("`{l}` is not a BCP 47 language tag"),
                    "use a tag such as \"ar\", \"en\" or \"fr-CA\"",
                );
                None
            }
            None => None,
        }
    }

    /// The `lang` and `dir` a block, a photo or a caption gives itself; `at` is its path.
    fn text_lang(&mut self, at: &str, lang: Option<String>, dir: Option<Direction>) -> TextLang {
        TextLang {
            lang: self.lang_tag(&format!("{at}.lang"), lang),
            dir,
        }
    }

    fn published(&mut self, published: Option<&str>) -> Option<chrono::NaiveDate> {
        match published.map(str::trim) {
            None | Some("") => None,
            Some(p) => {
                let date = parse_date(p);
                if date.is_none() {
                    self.error(
                        "published",
                        format!("`{p}` is not a date"),
                        "use RFC 3339 (2021-06-28T10:00:00+02:00) or YYYY-MM-DD",
                    );
                }
                date
            }
        }
    }

    /// The photo at `field`, found and probed, with the language it gives itself (already
    /// merged into its caption and credit).
    fn image(&mut self, img: &RawImage, field: &str) -> Option<(model::Image, TextLang)> {
        let own = self.text_lang(field, img.lang.clone(), img.dir);
        let mut text_langs =
            [("caption", &img.caption), ("credit", &img.credit)].map(|(name, text)| match text {
                Some(RawText::Tagged { lang, dir, .. }) => self
                    .text_lang(&format!("{field}.{name}"), lang.clone(), *dir)
                    .within(&own),
                _ => own.clone(),
            });
        let mut image = match self.find_image(img, field) {
            Ok(image) => image,
            Err(e) => {
                self.errors.push(e);
                return None;
            }
        };
        if image.alt.is_empty() {
            match &image.caption {
                Some(c) => {
                    image.alt = c.text.clone();
                    self.warnings.push(Warning::new(
                        self.file,
                        Some(format!("{field}.alt")),
                        "no alt text; the caption is used instead",
                    ));
                }
                None => self.error(
                    &format!("{field}.alt"),
                    "the photo has neither alt text nor a caption",
                    "describe the photo in `alt` for readers who can't see it",
                ),
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

    /// The photo's file: next to the article, or downloaded when `--fetch` allows web
    /// addresses.
    fn find_image(&self, img: &RawImage, field: &str) -> Result<model::Image, InputError> {
        let spec = ImageSpec {
            src: &img.src,
            alt: img.alt.as_deref(),
            caption: img.caption.as_ref().map(RawText::text),
            credit: img.credit.as_ref().map(RawText::text),
        };
        match self.cx.fetch {
            Some(fetcher) if super::fetch::is_url(&img.src) => fetcher
                .get(img.src.trim())
                .map_err(|why| {
                    InputError::new(
                        ErrorKind::Image,
                        self.file,
                        format!("`{}`: {why}", img.src.trim()),
                        "check the address, or download the photo next to the article",
                    )
                    .field(format!("{field}.src"))
                })
                .and_then(|path| super::images::checked(&spec, path, self.file, field)),
            _ => check_image(&spec, self.cx.base, self.cx.root, self.file, field),
        }
    }

    /// The body's blocks; a body given empty is an error (one whose blocks were all refused
    /// has their errors already).
    fn body(&mut self, raw: RawBody) -> Vec<BodyBlock> {
        let (given, body) = match raw {
            RawBody::Text(text) => (
                usize::from(!text.trim().is_empty()),
                split_paragraphs(&text)
                    .map(|p| BodyBlock::from(Block::Paragraph(p.into())))
                    .collect(),
            ),
            RawBody::Blocks(blocks) => (
                blocks.len(),
                blocks
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, block)| self.block(&format!("body[{i}]"), block))
                    .collect(),
            ),
        };
        if given == 0 {
            self.error("body", "the body is empty", "give at least one paragraph");
        }
        body
    }

    /// One block at `path`; `None` for a photo that could not be used (its error is noted).
    fn block(&mut self, path: &str, block: RawBlock) -> Option<BodyBlock> {
        Some(match block {
            RawBlock::Paragraph {
                text,
                lang,
                dir,
                spans,
            } => BodyBlock {
                block: Block::Paragraph(self.text(path, text, spans)),
                lang: self.text_lang(path, lang, dir),
            },
            RawBlock::Heading { text, lang, dir } => BodyBlock {
                block: Block::Heading(self.text(path, text, Vec::new()).text),
                lang: self.text_lang(path, lang, dir),
            },
            RawBlock::Quote {
                text,
                cite,
                lang,
                dir,
                spans,
            } => {
                let own = self.text_lang(path, lang, dir);
                let cite = cite.and_then(|cite| self.cite(path, cite, &own));
                BodyBlock {
                    block: Block::Quote {
                        text: self.text(path, text, spans),
                        cite,
                    },
                    lang: own,
                }
            }
            RawBlock::Image(img) => {
                let (image, lang) = self.image(&img, path)?;
                BodyBlock {
                    block: Block::Image(image),
                    lang,
                }
            }
            RawBlock::List {
                ordered,
                items,
                lang,
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
                    self.error(
                        &format!("{path}.items"),
                        "the list has no items",
                        "give at least one item or remove the list",
                    );
                }
                BodyBlock {
                    block: Block::List { ordered, items },
                    lang: self.text_lang(path, lang, dir),
                }
            }
        })
    }

    /// A block's text, trimmed with its spans; empty text is an error.
    fn text(&mut self, path: &str, text: String, spans: Vec<Span>) -> StyledText {
        let t = StyledText::new(text, spans).trimmed();
        if t.text.is_empty() {
            self.error(
                &format!("{path}.text"),
                "the text is empty",
                "give the block some text or remove it",
            );
        }
        t
    }

    /// A quote's `cite`, in its own language within the quote's; `None` when blank.
    fn cite(&mut self, path: &str, cite: RawText, quote: &TextLang) -> Option<Phrase> {
        let (text, lang) = match cite {
            RawText::Plain(text) => (text, TextLang::default()),
            RawText::Tagged { text, lang, dir } => {
                (text, self.text_lang(&format!("{path}.cite"), lang, dir))
            }
        };
        let text = text.trim().to_string();
        (!text.is_empty()).then(|| Phrase {
            text,
            lang: lang.within(quote),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::article::parse_json;
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
