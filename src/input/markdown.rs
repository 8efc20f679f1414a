//! Articles in Markdown with YAML front matter: the same fields as the JSON article in the front
//! matter, the body in Markdown. Paragraphs, `##` headings, `>` quotes, `![caption](src "alt")`
//! photos and lists map onto the block model; emphasis, strong emphasis, links and hard line
//! breaks become inline spans ([`crate::model::Span`]) as HTML bodies' do; code keeps only its
//! text. (`^sup^` and `~sub~` are not switched on: `~2000` means «about 2000» in news copy.)

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::article::{RawArticle, RawBlock, RawBody, RawImage, RawText};
use super::error::{line_column, ErrorKind, InputError, Location, Warning};
use crate::model::{Inline, Span, StyledText};

/// Splits `---\n…\n---` front matter from the Markdown body.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            return Some((
                &rest[..offset],
                &rest[body_start..],
                text.len() - rest.len(),
            ));
        }
        offset += line.len();
    }
    None
}

/// How many flow collections (`[`, `{`) the front matter may open. libyaml's scanner checks
/// every open one at every token, so reading grows with size × depth: 100 000 nested `[` took
/// 20 s. An article's fields need one or two; counting every bracket, quoted or not, bounds the
/// depth with no YAML lexing of our own (which a crafted quote could fool).
const MAX_BRACKETS: usize = 64;

/// Byte offset of the bracket past [`MAX_BRACKETS`], if there is one.
fn too_many_brackets(yaml: &str) -> Option<usize> {
    yaml.match_indices(['[', '{'])
        .nth(MAX_BRACKETS)
        .map(|(i, _)| i)
}

/// Parses a Markdown article.
pub fn parse(text: &str, file: &Path) -> Result<(RawArticle, Vec<Warning>), InputError> {
    let Some((yaml, body, yaml_offset)) = split_front_matter(text) else {
        return Err(InputError::new(
            ErrorKind::Syntax,
            file,
            "no YAML front matter",
            "start the file with `---`, the fields (title: …), and `---`",
        )
        .at(Location::LineColumn(1, 1)));
    };
    if let Some(at) = too_many_brackets(yaml) {
        let (line, column) = line_column(text, yaml_offset + at);
        return Err(InputError::new(
            ErrorKind::Refused,
            file,
            format!("the front matter opens more than {MAX_BRACKETS} `[` or `{{`"),
            "keep the fields flat (title: …, image: {src: …, alt: …}); YAML nested this deep takes minutes to read",
        )
        .at(Location::LineColumn(line, column)));
    }
    // The front matter holds every field but the body; `body: []` stands in until Markdown fills it.
    let mut value: serde_norway::Value = serde_norway::from_str(yaml).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| line_column(text, yaml_offset + l.index()))
            .unwrap_or((1, 1));
        InputError::new(
            ErrorKind::Syntax,
            file,
            format!("malformed front matter: {e}"),
            "fix the YAML between the `---` lines",
        )
        .at(Location::LineColumn(line, column))
    })?;
    if value.is_null() {
        value = serde_norway::Value::Mapping(Default::default());
    }
    let map = value.as_mapping_mut().ok_or_else(|| {
        InputError::new(
            ErrorKind::Syntax,
            file,
            "the front matter is not a set of fields",
            "write `title: …` lines between the `---` lines",
        )
    })?;
    if map.contains_key("body") {
        return Err(InputError::new(
            ErrorKind::Field,
            file,
            "`body` belongs below the front matter",
            "move the text below the closing `---`",
        )
        .field("body"));
    }
    map.insert("body".into(), serde_norway::Value::Sequence(Vec::new()));
    let mut warnings = Vec::new();
    let mut ignored = |path: serde_ignored::Path| {
        warnings.push(Warning::new(
            file,
            Some(super::error::ignored_path(&path)),
            "unknown field, ignored",
        ));
    };
    let de = serde_ignored::Deserializer::new(value, &mut ignored);
    let mut raw: RawArticle = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        InputError::new(
            ErrorKind::Field,
            file,
            e.into_inner().to_string(),
            "see `sahifa schema` for the fields",
        )
        .field(path)
    })?;
    let mut left_out = std::collections::BTreeSet::new();
    raw.body = Some(RawBody::Blocks(blocks(body, &mut left_out)));
    warnings.extend(
        left_out
            .into_iter()
            .map(|m| Warning::new(file, Some("body".into()), m)),
    );
    Ok((raw, warnings))
}

/// Text being gathered, with its spans and the styles still open.
#[derive(Default)]
struct Gathered {
    text: String,
    spans: Vec<Span>,
    open: Vec<(usize, Option<Inline>)>,
}

impl Gathered {
    /// The text and spans so far (styles still open stay open, from the start).
    fn take(&mut self) -> (String, Vec<Span>) {
        for (start, _) in &mut self.open {
            *start = 0;
        }
        (
            std::mem::take(&mut self.text),
            std::mem::take(&mut self.spans),
        )
    }

    fn close(&mut self) {
        if let Some((start, Some(style))) = self.open.pop() {
            self.spans.push(Span {
                range: start..self.text.len(),
                style,
            });
        }
    }
}

/// Markdown → blocks. What is left out (refused links) is said in `left_out`, once per kind.
fn blocks(markdown: &str, left_out: &mut std::collections::BTreeSet<String>) -> Vec<RawBlock> {
    let mut out = Vec::new();
    let mut g = Gathered::default();
    let mut list: Option<(bool, Vec<String>, Vec<Vec<Span>>)> = None;
    let mut quote_depth = 0;
    let mut image: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth -= 1;
                if quote_depth == 0 {
                    let (text, spans) = g.take();
                    push_quote(&mut out, text, spans);
                }
            }
            Event::Start(Tag::List(start)) => {
                list = Some((start.is_some(), Vec::new(), Vec::new()))
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items, item_spans)) = list.take() {
                    out.push(RawBlock::List {
                        ordered,
                        items,
                        lang: None,
                        dir: None,
                        item_spans,
                    });
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some((_, items, item_spans)) = &mut list {
                    let (text, spans) = g.take();
                    items.push(text);
                    item_spans.push(spans);
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                image = Some((dest_url.to_string(), title.to_string()));
                g.take();
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, title)) = image.take() {
                    let caption = g.take().0.trim().to_string();
                    let alt = if title.trim().is_empty() {
                        None
                    } else {
                        Some(title)
                    };
                    out.push(RawBlock::Image(RawImage {
                        src,
                        alt,
                        caption: Some(caption).filter(|c| !c.is_empty()).map(RawText::Plain),
                        credit: None,
                        lang: None,
                        dir: None,
                    }));
                }
            }
            Event::End(TagEnd::Paragraph) if quote_depth == 0 && list.is_none() => {
                let (text, spans) = g.take();
                if !text.trim().is_empty() {
                    out.push(RawBlock::Paragraph {
                        text,
                        lang: None,
                        dir: None,
                        spans,
                    });
                }
            }
            Event::End(TagEnd::Paragraph) if quote_depth > 0 => g.text.push('\n'),
            // `#` inside a body is a subheading too: the headline is the front matter's title.
            Event::End(TagEnd::Heading(_)) => {
                let t = g.take().0.trim().to_string();
                if !t.is_empty() {
                    out.push(RawBlock::Heading {
                        text: t,
                        lang: None,
                        dir: None,
                    });
                }
            }
            Event::Start(Tag::Emphasis) => g.open.push((g.text.len(), Some(Inline::Italic))),
            Event::Start(Tag::Strong) => g.open.push((g.text.len(), Some(Inline::Bold))),
            Event::Start(Tag::Superscript) => g.open.push((g.text.len(), Some(Inline::Sup))),
            Event::Start(Tag::Subscript) => g.open.push((g.text.len(), Some(Inline::Sub))),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let style = match super::html::link_target(&dest_url) {
                    Ok(url) => Some(Inline::Link(url)),
                    Err(why) => {
                        left_out.insert(why);
                        None
                    }
                };
                g.open.push((g.text.len(), style));
            }
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link,
            ) => g.close(),
            Event::Text(t) | Event::Code(t) => g.text.push_str(&t),
            Event::SoftBreak => g.text.push(' '),
            Event::HardBreak => {
                let at = g.text.len();
                g.text.push(' ');
                g.spans.push(Span {
                    range: at..at + 1,
                    style: Inline::LineBreak,
                });
            }
            _ => {}
        }
    }
    out
}

/// A quote's last line starting with a dash is its attribution: `> — NOAA`. Its other lines
/// are one text; each line end becomes a space (one byte for one, so the spans stay put).
fn push_quote(out: &mut Vec<RawBlock>, text: String, spans: Vec<Span>) {
    let body = text.trim_end();
    let (body, cite) = match body.rsplit_once('\n') {
        Some((before, last))
            if !before.trim().is_empty()
                && (last.trim_start().starts_with('—') || last.trim_start().starts_with('-')) =>
        {
            let c = last.trim_start_matches(['—', '-', ' ']).trim().to_string();
            (before, Some(RawText::Plain(c)))
        }
        _ => (body, None),
    };
    let styled = StyledText::new(body.replace('\n', " "), spans).trimmed();
    out.push(RawBlock::Quote {
        text: styled.text,
        cite,
        lang: None,
        dir: None,
        spans: styled.spans,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_blocks() {
        let md = "---\ntitle: عنوان\nsection: علوم\nlang: ar\n---\nفقرة أولى\nتكملة.\n\n## عنوان فرعي\n\n> قول مأثور\n>\n> — قائل\n\n![تعليق الصورة](photos/a.jpg \"وصف\")\n\n- أ\n- ب\n\n1. one\n2. two\n";
        let (raw, warnings) = parse(md, Path::new("a.md")).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(raw.title, "عنوان");
        let Some(RawBody::Blocks(b)) = raw.body else {
            panic!()
        };
        assert!(matches!(&b[0], RawBlock::Paragraph { text, .. } if text == "فقرة أولى تكملة."));
        assert!(matches!(&b[1], RawBlock::Heading { text, .. } if text == "عنوان فرعي"));
        assert!(
            matches!(&b[2], RawBlock::Quote { text, cite: Some(RawText::Plain(c)), .. } if text == "قول مأثور" && c == "قائل")
        );
        assert!(
            matches!(&b[3], RawBlock::Image(RawImage { src, alt: Some(a), caption: Some(RawText::Plain(c)), .. }) if src == "photos/a.jpg" && a == "وصف" && c == "تعليق الصورة")
        );
        assert!(
            matches!(&b[4], RawBlock::List { ordered: false, items, .. } if items == &["أ", "ب"])
        );
        assert!(matches!(&b[5], RawBlock::List { ordered: true, items, .. } if items.len() == 2));
    }

    #[test]
    fn front_matter_captions_may_give_their_language() {
        let md = "---\ntitle: عنوان\nimage: {src: a.jpg, alt: صورة, caption: إطلاق, credit: {text: SpaceX, lang: en}}\n---\nنص\n";
        let (raw, warnings) = parse(md, Path::new("a.md")).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let image = raw.image.unwrap();
        assert!(matches!(image.caption, Some(RawText::Plain(c)) if c == "إطلاق"));
        assert!(
            matches!(image.credit, Some(RawText::Tagged { text, lang: Some(l), dir: None }) if text == "SpaceX" && l == "en")
        );
    }

    #[test]
    fn missing_front_matter_and_bad_yaml() {
        let e = parse("# title\ntext", Path::new("a.md")).unwrap_err();
        assert!(e.to_string().contains("no YAML front matter"), "{e}");
        let e = parse("---\ntitle: [unclosed\n---\nx", Path::new("a.md")).unwrap_err();
        assert!(e.to_string().starts_with("a.md:"), "{e}");
        assert!(e.to_string().contains("malformed front matter"), "{e}");
        let e = parse("---\ntitle: 5\nbody: x\n---\n", Path::new("a.md")).unwrap_err();
        assert!(e.to_string().contains("a.md:body:"), "{e}");
    }
}
