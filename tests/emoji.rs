//! Emoji quoted from social media and characters no bundled face has, through the production
//! path (`sahifa pdf`, and the layout it runs): emoji are drawn in the bundled monochrome Noto
//! Emoji and come back out of the PDF's text; a character nothing covers is reported naming the
//! article and the field it is in, never blamed on the masthead.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use sahifa::frame::Item;
use sahifa::input::{self, EditionFlags, LoadOptions};
use sahifa::layout::lay_out;
use sahifa::text::FontSet;

/// A private-use character: no bundled face has it, in any role.
const UNCOVERED: char = '\u{E000}';

/// The example article's paragraphs: real Arabic news text.
fn paragraphs() -> Vec<String> {
    let file = fs::read_to_string(root().join("examples/dostor/article.json")).unwrap();
    let article: serde_json::Value = serde_json::from_str(&file).unwrap();
    article["body"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["text"].as_str().map(str::to_string))
        .collect()
}

/// An edition folder holding `articles` as `a0.json`, `a1.json`… and the photo `photo.jpg`.
fn day(articles: &[serde_json::Value]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::copy(
        root().join("examples/dostor/photos/grace_hopper.jpg"),
        d.join("photo.jpg"),
    )
    .unwrap();
    let mut names = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let name = format!("a{i}.json");
        fs::write(d.join(&name), a.to_string()).unwrap();
        names.push(format!("\"{name}\""));
    }
    let manifest = format!(
        "name = \"الدستور\"\ndate = 2021-06-28\nnumber = 3125\nlang = \"ar\"\narticles = [{}]\n",
        names.join(", ")
    );
    fs::write(d.join("edition.toml"), manifest).unwrap();
    tmp
}

fn load(dir: &Path) -> sahifa::model::Edition {
    input::load(
        &[dir.join("edition.toml")],
        &EditionFlags::default(),
        LoadOptions::default(),
    )
    .unwrap()
    .edition
}

/// Characters that stand for text (not ZWJ, not variation selectors), counted.
fn counted(text: &str) -> BTreeMap<char, i64> {
    let mut count = BTreeMap::new();
    for c in text.chars().filter(|c| {
        !matches!(
            c,
            '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{E0020}'..='\u{E007F}'
        ) && !c.is_whitespace()
    }) {
        *count.entry(c).or_default() += 1;
    }
    count
}

const EMOJI: [&str; 12] = [
    "👍",
    "🇪🇬",
    "❤️",
    "😂",
    "👍🏽",
    "👨‍👩‍👧",
    "🏳️‍🌈",
    "1️⃣",
    "☕",
    "🙂",
    "🎉",
    "🔥",
];

/// Emoji in the headline, the caption, a paragraph, a quote and its cite, in Arabic and in an
/// English paragraph: no warning (U+FE0F included), every emoji drawn with a real glyph of the
/// bundled Noto Emoji, that face embedded in the PDF, and poppler reads every emoji back.
#[test]
fn emoji_are_drawn_in_the_emoji_face_and_come_back_as_text() {
    let body = &paragraphs()[0];
    let title = "الجماهير تحتفل 🇪🇬 بالفوز 👍";
    let caption = "المشجعون في الاستاد ❤️ 😂";
    let tweet = "كتب أحد المشجعين: «مبروك يا مصر 🇪🇬❤️ 😂😂 👍🏽» وانتشرت التغريدة.";
    let quote = "فرحة لا توصف 👨‍👩‍👧 🏳️‍🌈 1️⃣ ☕";
    let cite = "مشجع 🙂";
    let english = "Fans wrote: “What a night 🎉🔥” — in English.";
    let article = serde_json::json!({
        "title": title,
        "image": {"src": "photo.jpg", "alt": "صورة", "caption": caption},
        "body": [
            {"type": "paragraph", "text": tweet},
            {"type": "paragraph", "text": body},
            {"type": "quote", "text": quote, "cite": cite},
            {"type": "paragraph", "text": english},
        ],
    });
    let tmp = day(&[article]);
    let d = tmp.path();
    let out = sahifa(d, &["pdf", "edition.toml", "-o", "out.pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("no bundled font"), "{err}");

    // The layout the PDF was written from: each emoji's characters are the text of glyphs of
    // the emoji face, none of them .notdef.
    let fonts = FontSet::builtin();
    let edition = load(d);
    let laid = lay_out(&edition, &edition.pdf, &fonts);
    assert!(laid.warnings.is_empty(), "{:?}", laid.warnings);
    let mut drawn = Vec::new();
    for page in &laid.document.pages {
        for item in &page.items {
            if let Item::Line(line) = item {
                for run in &line.runs {
                    if fonts.face(run.font).name == "NotoEmoji-Regular" {
                        assert!(run.glyphs.iter().all(|g| g.id != 0), "{:?}", line.text);
                        drawn.extend(run.glyphs.iter().map(|g| g.text.clone()));
                    }
                }
            }
        }
    }
    let all: String = [title, caption, tweet, quote, cite, english].join(" ");
    let emoji_chars: String = all
        .chars()
        .filter(|c| EMOJI.iter().any(|e| e.contains(*c)))
        .collect();
    assert_eq!(counted(&drawn.concat()), counted(&emoji_chars), "{drawn:?}");
    // Sequences are one glyph each (the font's GSUB ligatures): a flag from its two regional
    // indicators, a family from three people and two joiners (kept in its text: without them
    // it would read as three people), a keycap, a skin tone.
    for one in [
        "🇪🇬",
        "👨\u{200D}👩\u{200D}👧",
        "🏳\u{200D}🌈",
        "1\u{20E3}",
        "👍🏽",
    ] {
        assert!(
            drawn.iter().any(|t| t == one),
            "{one} is not one glyph: {drawn:?}"
        );
    }

    let pdf = fs::read(d.join("out.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let embedded = doc.objects.values().any(|o| {
        o.as_dict()
            .ok()
            .and_then(|f| f.get(b"BaseFont").ok())
            .and_then(|n| n.as_name().ok())
            .is_some_and(|n| String::from_utf8_lossy(n).contains("NotoEmoji"))
    });
    assert!(embedded, "Noto Emoji is not embedded");

    if tool_available("pdftotext", &["-v"]) {
        let run = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(d.join("out.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&run.stdout);
        let got = counted(&text);
        let lost: Vec<(char, i64)> = counted(&emoji_chars)
            .into_iter()
            .filter(|(c, n)| got.get(c).copied().unwrap_or(0) < *n)
            .collect();
        assert_eq!(
            lost,
            [],
            "emoji characters missing from pdftotext's text:\n{text}"
        );
    }
}

/// A day of articles whose headlines and captions hold emoji, every caption also holding a
/// character no face has, the kicker of one and the cite of another too. Some lead photos are
/// set again smaller where a page is short of room (checked, so the case that blamed the
/// masthead runs). Each uncovered character is reported once per article and field, naming
/// them; the masthead, which has none, is never blamed.
#[test]
fn uncovered_characters_are_reported_with_their_article_and_field() {
    let paras = paragraphs();
    let n = 40;
    let articles: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let body: Vec<serde_json::Value> = (0..1 + (i * 7) % 9)
                .map(|k| {
                    let text = &paras[(i + k) % paras.len()];
                    serde_json::json!({"type": "paragraph", "text": text})
                })
                .collect();
            let mut a = serde_json::json!({
                "title": format!("خبر رقم {i} 🔥 عاجل 👍"),
                "image": {
                    "src": "photo.jpg",
                    "alt": "صورة",
                    "caption": format!("صورة من الحدث {UNCOVERED} 😂"),
                },
                "body": body,
            });
            if i == 3 {
                a["kicker"] = format!("تغطية {UNCOVERED}").into();
            }
            if i == 5 {
                let quote = serde_json::json!({"type": "quote", "text": "قال 👍", "cite": format!("مصدر {UNCOVERED}")});
                a["body"].as_array_mut().unwrap().push(quote);
            }
            a
        })
        .collect();
    let tmp = day(&articles);
    let d = tmp.path();

    // The layout sets some lead photos smaller than the others (the path that re-sets their
    // caption), so this day tests it.
    let fonts = FontSet::builtin();
    let edition = load(d);
    let laid = lay_out(&edition, &edition.pdf, &fonts);
    let mut widths: Vec<i64> = laid
        .document
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Image(img) => Some(img.rect.width.round() as i64),
            _ => None,
        })
        .collect();
    widths.sort_unstable();
    widths.dedup();
    assert!(
        widths.len() > 1,
        "no lead photo was set smaller: {widths:?}"
    );

    let out = sahifa(d, &["pdf", "edition.toml", "-o", "out.pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("masthead"), "{err}");
    let mut got: Vec<String> = err
        .lines()
        .filter(|l| l.contains("no bundled font"))
        .map(|l| l.replacen("warning: ./", "warning: ", 1))
        .collect();
    got.sort_unstable();
    let says = format!("no bundled font has U+E000 «{UNCOVERED}»; left out of the PDF");
    let mut want: Vec<String> = (0..n)
        .map(|i| format!("warning: a{i}.json:image.caption: {says}"))
        .collect();
    want.push(format!("warning: a3.json:kicker: {says}"));
    let cite = 1 + (5 * 7) % 9;
    want.push(format!("warning: a5.json:body[{cite}].cite: {says}"));
    want.sort_unstable();
    assert_eq!(got, want);
}
