//! The HTML mapping on small bodies: which blocks, which spans, what is kept of the text.

use std::path::Path;

use super::blocks;
use crate::input::article::{RawBlock, RawText};
use crate::input::error::Warning;
use crate::model::{Direction, Inline, Span};

fn map(html: &str) -> (Vec<RawBlock>, Vec<String>) {
    let mut warnings: Vec<Warning> = Vec::new();
    let b = blocks(html, Path::new("a.json"), "body_html", &mut warnings);
    (b, warnings.into_iter().map(|w| w.message).collect())
}

fn styled(text: &str, spans: &[Span]) -> Vec<(String, Inline)> {
    spans
        .iter()
        .map(|s| (text[s.range.clone()].to_string(), s.style.clone()))
        .collect()
}

#[test]
fn text_outside_blocks_is_a_paragraph_and_white_space_folds() {
    let (b, w) = map("  Bare   text\n here <b>bold</b><p>para</p> tail ");
    assert!(w.is_empty(), "{w:?}");
    let [RawBlock::Paragraph { text, spans, .. }, RawBlock::Paragraph { text: p, .. }, RawBlock::Paragraph { text: tail, .. }] =
        &b[..]
    else {
        panic!("{b:?}")
    };
    assert_eq!(text.trim(), "Bare text here bold");
    assert_eq!(styled(text, spans), [("bold".to_string(), Inline::Bold)]);
    assert_eq!((p.as_str(), tail.trim()), ("para", "tail"));
}

#[test]
fn no_break_spaces_soft_hyphens_and_entities_are_text() {
    let (b, _) =
        map("<p>25&nbsp;000 &shy;news&#173;paper &eacute;t&eacute; &#x1F600; &lt;b&gt;</p>");
    let RawBlock::Paragraph { text, .. } = &b[0] else {
        panic!("{b:?}")
    };
    assert_eq!(text, "25\u{a0}000 \u{ad}news\u{ad}paper été 😀 <b>");
}

#[test]
fn lang_and_dir_on_blocks_and_spans() {
    let (b, _) = map(
        r#"<p dir="rtl" lang="ar">نص <span lang="en">English</span> <bdi>NATO</bdi> <span dir="auto">x</span></p><blockquote lang="en" dir="ltr"><p>One.</p><p>Two.</p><footer>— Someone</footer></blockquote>"#,
    );
    let RawBlock::Paragraph {
        text,
        lang,
        dir,
        spans,
    } = &b[0]
    else {
        panic!("{b:?}")
    };
    assert_eq!((lang.as_deref(), *dir), (Some("ar"), Some(Direction::Rtl)));
    let s = styled(text, spans);
    assert_eq!(
        s.len(),
        2,
        "a span with neither lang nor dir is no style: {s:?}"
    );
    assert!(
        matches!(&s[0], (t, Inline::Lang { lang, isolate: false }) if t == "English" && lang.lang.as_deref() == Some("en"))
    );
    assert!(matches!(&s[1], (t, Inline::Lang { isolate: true, .. }) if t == "NATO"));
    let RawBlock::Quote {
        text,
        cite,
        lang,
        spans,
        ..
    } = &b[1]
    else {
        panic!("{b:?}")
    };
    assert_eq!(text, "One. Two.");
    assert_eq!(styled(text, spans), [(" ".to_string(), Inline::LineBreak)]);
    assert!(matches!(cite, Some(RawText::Plain(c)) if c == "Someone"));
    assert_eq!(lang.as_deref(), Some("en"));
}

#[test]
fn a_container_gives_its_language_to_the_blocks_inside() {
    let (b, _) = map(
        r#"<div lang="en" dir="ltr"><p>One.</p>Loose text<h2 lang="fr">Deux</h2></div><p>بعد</p>"#,
    );
    let langs: Vec<(Option<&str>, Option<Direction>)> = b
        .iter()
        .map(|b| match b {
            RawBlock::Paragraph { lang, dir, .. } | RawBlock::Heading { lang, dir, .. } => {
                (lang.as_deref(), *dir)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    let ltr = Some(Direction::Ltr);
    assert_eq!(
        langs,
        [
            (Some("en"), ltr),
            (Some("en"), ltr),
            (Some("fr"), ltr),
            (None, None)
        ]
    );
}

#[test]
fn lists_figures_and_photos_inside_text() {
    let (b, w) = map(
        r#"<ol><li>one <em>1</em></li><li>two<ul><li>nested</li></ul></li></ol><figure><blockquote>Said.</blockquote><figcaption>Her</figcaption></figure><p>Look <a href="https://x.org/"><img src="a.jpg" alt=" An   image "></a> here</p>"#,
    );
    let RawBlock::List {
        ordered: true,
        items,
        item_spans,
        ..
    } = &b[0]
    else {
        panic!("{b:?}")
    };
    assert_eq!(items, &["one 1", "two nested"]);
    assert_eq!(
        styled(&items[0], &item_spans[0]),
        [("1".to_string(), Inline::Italic)]
    );
    assert!(
        matches!(&b[1], RawBlock::Quote { text, cite: Some(RawText::Plain(c)), .. } if text == "Said." && c == "Her")
    );
    assert!(matches!(&b[2], RawBlock::Paragraph { text, .. } if text == "Look here"));
    assert!(
        matches!(&b[3], RawBlock::Image(img) if img.src == "a.jpg" && img.alt.as_deref() == Some("An image"))
    );
    assert_eq!(w, ["<ul> inside text set as plain text"]);
}
