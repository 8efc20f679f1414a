//! Articles in Markdown with YAML front matter: the same fields as the JSON article in the front
//! matter, the body in Markdown. Paragraphs, `##` headings, `>` quotes, `![caption](src "alt")`
//! photos and lists map onto the block model; inline markup (emphasis, links, code) keeps only
//! its text, since the editions set plain text.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::article::{RawArticle, RawBlock, RawBody, RawImage, RawText};
use super::error::{line_column, ErrorKind, InputError, Location, Warning};

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
    raw.body = RawBody::Blocks(blocks(body));
    Ok((raw, warnings))
}

/// Markdown → blocks.
fn blocks(markdown: &str) -> Vec<RawBlock> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut quote_depth = 0;
    let mut image: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth -= 1;
                if quote_depth == 0 {
                    push_quote(&mut out, std::mem::take(&mut text));
                }
            }
            Event::Start(Tag::List(start)) => list = Some((start.is_some(), Vec::new())),
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = list.take() {
                    out.push(RawBlock::List {
                        ordered,
                        items,
                        lang: None,
                        dir: None,
                    });
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some((_, items)) = &mut list {
                    items.push(std::mem::take(&mut text).trim().to_string());
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                image = Some((dest_url.to_string(), title.to_string()));
                text.clear();
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, title)) = image.take() {
                    let caption = std::mem::take(&mut text).trim().to_string();
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
                let t = std::mem::take(&mut text);
                if !t.trim().is_empty() {
                    out.push(RawBlock::Paragraph {
                        text: t.trim().to_string(),
                        lang: None,
                        dir: None,
                    });
                }
            }
            Event::End(TagEnd::Paragraph) if quote_depth > 0 => text.push('\n'),
            // `#` inside a body is a subheading too: the headline is the front matter's title.
            Event::End(TagEnd::Heading(_)) => {
                let t = std::mem::take(&mut text).trim().to_string();
                if !t.is_empty() {
                    out.push(RawBlock::Heading {
                        text: t,
                        lang: None,
                        dir: None,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    out
}

/// A quote's last line starting with a dash is its attribution: `> — NOAA`.
fn push_quote(out: &mut Vec<RawBlock>, text: String) {
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let cite = match lines.last() {
        Some(l)
            if lines.len() > 1
                && (l.starts_with('—') || l.starts_with("--") || l.starts_with('-')) =>
        {
            let c = l.trim_start_matches(['—', '-', ' ']).to_string();
            lines.pop();
            Some(RawText::Plain(c))
        }
        _ => None,
    };
    out.push(RawBlock::Quote {
        text: lines.join(" "),
        cite,
        lang: None,
        dir: None,
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
        let RawBody::Blocks(b) = raw.body else {
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
