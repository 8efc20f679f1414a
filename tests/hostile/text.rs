//! Text that is hostile rather than malformed: bidi overrides, control characters, and one
//! paragraph of 20 MB.

use std::fs;
use std::path::Path;

use super::common::*;
use super::{day, expect, refused, run, tree};

/// `sahifa edition … --format epub,pdf` on a valid edition: exit 0 and both files, or — while
/// an exporter is still a stub — exit 3 naming it, with nothing written (said, and skipped).
fn edition_writes_both_or_is_not_built(dir: &Path) {
    let out = run(
        dir,
        &["edition", "edition.toml", "-o", "out", "--quiet"],
        b"",
    );
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    if err.contains("not built yet") {
        assert_eq!(out.status.code(), Some(3), "{err}");
        assert!(!dir.join("out").exists() || tree(&dir.join("out")).is_empty());
        eprintln!("SKIPPED: the exporters are not built yet ({})", err.trim());
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{err}");
    let files = tree(&dir.join("out"));
    assert!(files.iter().any(|f| f.ends_with(".epub")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".pdf")), "{files:?}");
}

/// Letters and digits of `text` that never come out as glyph text, minus those that come out
/// too often (as a map char → count): empty when shaping and breaking kept every letter.
fn letters_lost(text: &str, dir: sahifa::model::Direction, width: f32) -> Vec<(char, i64)> {
    use sahifa::text::{shape_paragraph, Align, FontRole, FontSet, TextStyle};
    let fonts = FontSet::builtin();
    let p = shape_paragraph(
        &fonts,
        text,
        dir,
        "ar",
        &TextStyle::new(FontRole::Body, 10.0),
    );
    let mut count = std::collections::BTreeMap::<char, i64>::new();
    for c in p.text().chars().filter(|c| c.is_alphanumeric()) {
        *count.entry(c).or_default() += 1;
    }
    for line in p.break_lines(width, Align::Justify) {
        for g in line.runs.iter().flat_map(|r| &r.glyphs) {
            for c in g.text.chars().filter(|c| c.is_alphanumeric()) {
                *count.entry(c).or_default() -= 1;
            }
        }
    }
    count.into_iter().filter(|&(_, n)| n != 0).collect()
}

/// Right-to-left and left-to-right overrides, embeddings and isolates, balanced or not, in
/// titles and paragraphs: they are text formatting, accepted as they are, and every letter
/// still comes out once at any width.
#[test]
fn bidi_override_characters() {
    let title = "\u{202E}وزير الخارجية NATO 2021";
    let body = "قال \u{202D}بال\u{202C} و\u{2067}abc\u{2069} ثم \u{202B}\u{202A}x\u{202E}y";
    let article = serde_json::json!({
        "title": title,
        "kicker": "\u{202E}",
        "body": [{"type": "paragraph", "text": body}, {"type": "heading", "text": "\u{200F}\u{202E}ح"}],
    });
    let tmp = day(&[
        ("a.json", article.to_string().as_bytes()),
        ("edition.toml", b"name = \"\xe2\x80\xae\xd8\xa7\xd9\x84\xd8\xaf\xd8\xb3\xd8\xaa\xd9\x88\xd8\xb1\"\ndate = 2021-06-28\narticles = [\"a.json\"]\n"),
    ]);
    let d = tmp.path().join("day");
    let out = run(&d, &["check", "edition.toml"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("ok: 1 article(s)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        stderr(&out),
        "",
        "no warning: bidi controls are not control characters"
    );
    for dir in [sahifa::model::Direction::Rtl, sahifa::model::Direction::Ltr] {
        for text in [title, body] {
            for width in [0.0, 30.0, 150.0] {
                assert_eq!(
                    letters_lost(text, dir, width),
                    [],
                    "{text:?} {dir:?} {width}"
                );
            }
        }
    }
    edition_writes_both_or_is_not_built(&d);
}

/// NUL, BEL, ESC and other controls are never text: escaped in JSON or YAML they are removed
/// with a warning naming the fields; raw in a JSON string they are a syntax error; a title of
/// nothing but controls is an empty title.
#[test]
fn nul_and_other_control_characters() {
    let escaped = br#"{"title":"a\u0000b\u001b[31m","body":[{"type":"paragraph","text":"x\u0007y"},{"type":"list","items":["\u0085z"]}]}"#;
    let tmp = day(&[
        ("a.json", escaped),
        ("b.json", b"{\"title\":\"a\x01b\",\"body\":\"p\"}"),
        ("c.json", br#"{"title":"\u0000\u0007 ","body":"p"}"#),
        (
            "d.md",
            b"---\ntitle: \"x\\0y\"\nimage: {src: ok.jpg, alt: a, caption: \"\\e\"}\n---\nbody \x0b text\n",
        ),
        (
            "edition.toml",
            b"name = \"x\\u0000y\"\narticles = [\"a.json\", \"d.md\"]\n",
        ),
    ]);
    let d = tmp.path().join("day");
    let err = expect(
        &d,
        &["check", "a.json"],
        b"",
        0,
        &["a.json:title, body[0].text, body[1].items[0]: control characters removed"],
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\0'), "{err:?}");
    refused(
        tmp.path(),
        "b.json",
        &["b.json:1:12: malformed JSON: control character"],
    );
    refused(
        tmp.path(),
        "c.json",
        &[
            "c.json:title: control characters removed",
            "c.json:title: the headline is empty",
        ],
    );
    expect(
        &d,
        &["check", "d.md"],
        b"",
        0,
        &["d.md:title, image.caption, body[0].text: control characters removed"],
    );
    expect(
        &d,
        &["check", "edition.toml"],
        b"",
        0,
        &["edition.toml:name: control characters removed"],
    );
    edition_writes_both_or_is_not_built(&d);
}

/// Real Arabic with Latin names, digits and «» (the example article's paragraphs joined),
/// repeated to at least `bytes`, with no paragraph break: what a scraper that lost the breaks
/// sends.
fn long_paragraph(bytes: usize) -> String {
    let file = fs::read_to_string(root().join("examples/dostor/article.json")).unwrap();
    let article: serde_json::Value = serde_json::from_str(&file).unwrap();
    let texts: Vec<&str> = article["body"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["text"].as_str())
        .collect();
    let unit = texts.join(" ") + " ";
    unit.repeat(bytes / unit.len() + 1)
}

/// A day of one article whose only paragraph is `bytes` long.
fn day_with_long_paragraph(bytes: usize) -> tempfile::TempDir {
    let article = serde_json::json!({
        "title": "فقرة بلا نهاية",
        "body": [{"type": "paragraph", "text": long_paragraph(bytes)}],
    });
    day(&[
        ("big.json", article.to_string().as_bytes()),
        (
            "edition.toml",
            b"name = \"x\"\ndate = 2021-06-28\narticles = [\"big.json\"]\n",
        ),
    ])
}

/// 20 MB in one paragraph is under the 64 MB file limit: `check` accepts it (the text engine
/// and the exporters are what must then cope, below).
#[test]
fn a_twenty_megabyte_paragraph_is_accepted_by_check() {
    let tmp = day_with_long_paragraph(20_000_000);
    let d = tmp.path().join("day");
    let err = expect(&d, &["check", "big.json", "--json"], b"", 0, &[]);
    assert_eq!(err, "", "no warning");
    let report = run(&d, &["check", "big.json", "--json"], b"");
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["counts"]["articles"], 1, "{report}");
}

/// The text engine on a 1 MB paragraph (20 MB below, in release): shaped, broken at a column's
/// width, every letter and digit kept exactly once. Before the fixes this took minutes (line
/// breaking was quadratic) and HarfBuzz skipped lookups past 500 000 characters.
#[test]
fn a_one_megabyte_paragraph_is_set_keeping_every_letter() {
    let text = long_paragraph(1_000_000);
    assert_eq!(
        letters_lost(&text, sahifa::model::Direction::Rtl, 150.0),
        []
    );
}

/// 20 MB through the text engine and, once they exist, both exporters. Minutes in a debug
/// build, so run it in release: `cargo test --release --test hostile -- --ignored`. Its time
/// is measured by `cargo run --release --example big_paragraph -- 20`, not asserted here.
#[test]
#[ignore = "needs a release build: cargo test --release --test hostile -- --ignored"]
fn a_twenty_megabyte_paragraph_is_set_and_published() {
    let text = long_paragraph(20_000_000);
    assert_eq!(
        letters_lost(&text, sahifa::model::Direction::Rtl, 150.0),
        []
    );
    drop(text);
    let tmp = day_with_long_paragraph(20_000_000);
    edition_writes_both_or_is_not_built(&tmp.path().join("day"));
}

/// Letters and digits of `text` that `pdftotext` does not give back from `pdf` (as a map char →
/// count); `None` when poppler is not installed (skipped, or a failure under CI=true).
fn letters_missing_from_pdf(pdf: &Path, text: &str) -> Option<Vec<(char, i64)>> {
    if !tool_available("pdftotext", &["-v"]) {
        return None;
    }
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let extracted = String::from_utf8_lossy(&out.stdout);
    let mut count = std::collections::BTreeMap::<char, i64>::new();
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        *count.entry(c).or_default() += 1;
    }
    for c in extracted.chars().filter(|c| c.is_alphanumeric()) {
        if let Some(n) = count.get_mut(&c) {
            *n -= 1;
        }
    }
    Some(count.into_iter().filter(|&(_, n)| n > 0).collect())
}

/// The example article's title and paragraphs, as one text.
fn example_text() -> (serde_json::Value, String) {
    let file = fs::read_to_string(root().join("examples/dostor/article.json")).unwrap();
    let article: serde_json::Value = serde_json::from_str(&file).unwrap();
    let mut text = article["title"].as_str().unwrap().to_string();
    for b in article["body"].as_array().unwrap() {
        if let Some(t) = b["text"].as_str() {
            text.push(' ');
            text.push_str(t);
        }
    }
    (article, text)
}

/// A `[pdf.fonts]` body face without Arabic (a Latin font named by mistake): the bundled Naskh
/// sets the Arabic behind it, with a warning naming the file; not one letter goes missing.
#[test]
fn a_body_face_without_arabic_falls_back_to_the_bundled_one() {
    let (mut article, text) = example_text();
    article["image"] = serde_json::Value::Null;
    let latin = fs::read(root().join("fonts/NotoSerif-Regular.ttf")).unwrap();
    let tmp = day(&[
        ("a.json", article.to_string().as_bytes()),
        ("latin.ttf", &latin),
        (
            "edition.toml",
            b"name = \"x\"\narticles = [\"a.json\"]\n[pdf.fonts]\nbody = \"latin.ttf\"\n",
        ),
    ]);
    let d = tmp.path().join("day");
    let out = run(&d, &["pdf", "edition.toml", "-o", "out.pdf"], b"");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "latin.ttf has no Arabic letters; the bundled NotoNaskhArabic-Regular sets them"
        ),
        "{err}"
    );
    if let Some(missing) = letters_missing_from_pdf(&d.join("out.pdf"), &text) {
        assert_eq!(missing, [], "letters missing from the PDF");
    }
}

/// Overrides and embeddings in a paragraph: every letter is in the PDF's text.
#[test]
fn bidi_overrides_lose_no_letter_in_the_pdf() {
    let body = "نص \u{202E}معكوس\u{202C} عادي و\u{202D}من اليسار\u{202C} و\u{2067}abc\u{2069} ثم \u{202B}\u{202A}x\u{202E}y انتهى.";
    let title = "\u{202E}وزير الخارجية NATO 2021";
    let article =
        serde_json::json!({"title": title, "body": [{"type": "paragraph", "text": body}]});
    let tmp = day(&[
        ("a.json", article.to_string().as_bytes()),
        ("edition.toml", b"name = \"x\"\narticles = [\"a.json\"]\n"),
    ]);
    let d = tmp.path().join("day");
    let out = run(&d, &["pdf", "edition.toml", "-o", "out.pdf", "-q"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    if let Some(missing) = letters_missing_from_pdf(&d.join("out.pdf"), &format!("{title} {body}"))
    {
        assert_eq!(missing, [], "letters missing from the PDF");
    }
}

/// A paper's name far too long for a masthead: set smaller, and what still does not fit on
/// page 1 is reported, not drawn off the page.
#[test]
fn a_name_too_long_for_the_masthead_is_reported() {
    let name = "صحيفة الأخبار اليومية ".repeat(300);
    let manifest = format!("name = \"{name}\"\narticles = [\"a.json\"]\n");
    let tmp = day(&[
        ("a.json", br#"{"title":"t","body":"p"}"#),
        ("edition.toml", manifest.as_bytes()),
    ]);
    let d = tmp.path().join("day");
    let out = run(&d, &["pdf", "edition.toml", "-o", "out.pdf"], b"");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("edition:name: the masthead does not fit on page 1 even at the body size"),
        "{err}"
    );
}
