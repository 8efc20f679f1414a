//! Control characters in text fields: removed, with a warning, before anything else sees them.

use super::article::{RawArticle, RawBlock, RawBody, RawImage};
use crate::model::{Span, StyledText};

/// The warning for text that had control characters.
pub const REMOVED: &str =
    "control characters removed (they are never text, and the EPUB's XML cannot hold them)";

/// Removes the characters that are never text: C0 controls but tab, line feed and carriage
/// return (which are white space), DEL, C1 controls, and the noncharacters U+FFFE and U+FFFF.
/// JSON and YAML can carry them as escapes (`\u0000`), XML 1.0 (the EPUB) cannot hold them at
/// all, no font draws them, and a terminal showing a message with ESC in it obeys it.
/// Returns whether anything was removed.
pub fn strip_controls(s: &mut String) -> bool {
    if !s.contains(is_control) {
        return false;
    }
    s.retain(|c| !is_control(c));
    true
}

/// [`strip_controls`] on text with inline markup: its spans move with the text that stays.
fn strip_styled(text: &mut String, spans: &mut Vec<Span>) -> bool {
    let mut styled = StyledText::new(std::mem::take(text), std::mem::take(spans));
    let removed = styled.remove_chars(is_control);
    (*text, *spans) = (styled.text, styled.spans);
    removed
}

/// What [`strip_controls`] removes.
pub fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// [`strip_controls`] on every text field of an article (not on photo paths: a path is what it
/// is). Returns the fields that changed.
pub(crate) fn strip_article(raw: &mut RawArticle) -> Vec<String> {
    let mut changed = Vec::new();
    let mut note = |field: String, removed: bool| {
        if removed {
            changed.push(field);
        }
    };
    note("title".into(), strip_controls(&mut raw.title));
    let optional = [
        ("id", &mut raw.id),
        ("section", &mut raw.section),
        ("kicker", &mut raw.kicker),
        ("subtitle", &mut raw.subtitle),
        ("byline", &mut raw.byline),
        ("source_url", &mut raw.source_url),
    ];
    for (field, value) in optional {
        if let Some(s) = value {
            note(field.into(), strip_controls(s));
        }
    }
    if let Some(img) = &mut raw.image {
        strip_image("image", img, &mut note);
    }
    if let Some(html) = &mut raw.body_html {
        note("body_html".into(), strip_controls(html));
    }
    match &mut raw.body {
        None => {}
        Some(RawBody::Text(t)) => note("body".into(), strip_controls(t)),
        Some(RawBody::Blocks(blocks)) => {
            for (i, block) in blocks.iter_mut().enumerate() {
                match block {
                    RawBlock::Paragraph { text, spans, .. } => {
                        note(format!("body[{i}].text"), strip_styled(text, spans))
                    }
                    RawBlock::Heading { text, .. } => {
                        note(format!("body[{i}].text"), strip_controls(text))
                    }
                    RawBlock::Quote {
                        text, cite, spans, ..
                    } => {
                        note(format!("body[{i}].text"), strip_styled(text, spans));
                        if let Some(c) = cite {
                            note(format!("body[{i}].cite"), strip_controls(c.text_mut()));
                        }
                    }
                    RawBlock::Image(img) => strip_image(&format!("body[{i}]"), img, &mut note),
                    RawBlock::List {
                        items, item_spans, ..
                    } => {
                        item_spans.resize(items.len(), Vec::new());
                        for (k, (item, spans)) in items.iter_mut().zip(item_spans).enumerate() {
                            note(format!("body[{i}].items[{k}]"), strip_styled(item, spans));
                        }
                    }
                }
            }
        }
    }
    changed
}

fn strip_image(field: &str, img: &mut RawImage, note: &mut dyn FnMut(String, bool)) {
    for (name, value) in [
        ("alt", img.alt.as_mut()),
        ("caption", img.caption.as_mut().map(|c| c.text_mut())),
        ("credit", img.credit.as_mut().map(|c| c.text_mut())),
    ] {
        if let Some(s) = value {
            note(format!("{field}.{name}"), strip_controls(s));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::article::parse_json;
    use std::path::Path;

    #[test]
    fn controls_are_removed_and_white_space_kept() {
        let mut s = "a\u{0}b\u{1b}[31mc\td\ne\u{7f}\u{85}\u{9b}f\u{FFFF}".to_string();
        assert!(strip_controls(&mut s));
        assert_eq!(s, "ab[31mc\td\nef");
        let mut clean = "قال \u{202E}NATO\u{202C}".to_string();
        assert!(
            !strip_controls(&mut clean),
            "bidi controls are text formatting, kept"
        );
    }

    #[test]
    fn every_text_field_is_cleaned_and_named() {
        let json = r#"{"title":"t\u0000","kicker":"\u0007k","image":{"src":"a\u0001.jpg","caption":"c\u001b"},
            "body":[{"type":"paragraph","text":"p"},{"type":"list","items":["x","\u0000y"]},
            {"type":"quote","text":"q","cite":"\u0008c"}]}"#;
        let (mut raw, _) = parse_json(json, Path::new("a.json")).unwrap();
        let changed = strip_article(&mut raw);
        assert_eq!(
            changed,
            [
                "title",
                "kicker",
                "image.caption",
                "body[1].items[1]",
                "body[2].cite"
            ]
        );
        assert_eq!(raw.title, "t");
        assert_eq!(
            raw.image.unwrap().src,
            "a\u{1}.jpg",
            "paths are left as they are"
        );
    }
}
