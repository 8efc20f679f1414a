//! Control characters in text fields: removed, with a warning, before anything else sees them.

use super::article::{RawArticle, RawBlock, RawBody, RawImage};

/// The warning for text that had control characters.
pub const REMOVED: &str =
    "control characters removed (they are never text, and the EPUB's XML cannot hold them)";

/// Removes the characters that are never text: C0 controls but tab, line feed and carriage
/// return (which are white space), DEL, C1 controls, and the noncharacters U+FFFE and U+FFFF.
/// JSON and YAML can carry them as escapes (`\u0000`), XML 1.0 (the EPUB) cannot hold them at
/// all, no font draws them, and a terminal showing a message with ESC in it obeys it.
/// Returns whether anything was removed.
pub fn strip_controls(s: &mut String) -> bool {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if !s.contains(bad) {
        return false;
    }
    s.retain(|c| !bad(c));
    true
}

/// [`strip_controls`] on every text field of an article (not on photo paths: a path is what it
/// is). Returns the fields that changed.
pub(crate) fn strip_article(raw: &mut RawArticle) -> Vec<String> {
    let mut changed = Vec::new();
    let mut strip = |field: String, s: &mut String| {
        if strip_controls(s) {
            changed.push(field);
        }
    };
    strip("title".into(), &mut raw.title);
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
            strip(field.into(), s);
        }
    }
    if let Some(img) = &mut raw.image {
        strip_image("image", img, &mut strip);
    }
    match &mut raw.body {
        RawBody::Text(t) => strip("body".into(), t),
        RawBody::Blocks(blocks) => {
            for (i, block) in blocks.iter_mut().enumerate() {
                match block {
                    RawBlock::Paragraph { text, .. } | RawBlock::Heading { text, .. } => {
                        strip(format!("body[{i}].text"), text)
                    }
                    RawBlock::Quote { text, cite, .. } => {
                        strip(format!("body[{i}].text"), text);
                        if let Some(c) = cite {
                            strip(format!("body[{i}].cite"), c.text_mut());
                        }
                    }
                    RawBlock::Image(img) => strip_image(&format!("body[{i}]"), img, &mut strip),
                    RawBlock::List { items, .. } => {
                        for (k, item) in items.iter_mut().enumerate() {
                            strip(format!("body[{i}].items[{k}]"), item);
                        }
                    }
                }
            }
        }
    }
    changed
}

fn strip_image(field: &str, img: &mut RawImage, strip: &mut dyn FnMut(String, &mut String)) {
    for (name, value) in [
        ("alt", img.alt.as_mut()),
        ("caption", img.caption.as_mut().map(|c| c.text_mut())),
        ("credit", img.credit.as_mut().map(|c| c.text_mut())),
    ] {
        if let Some(s) = value {
            strip(format!("{field}.{name}"), s);
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
