//! The embedded faces: which go in, that they cover what the pages show, that the license goes
//! with them, and that browsers' font sanitizer (OTS, which Chromium and Firefox run on every
//! web font) accepts the subsets. OTS comes from PyPI's `opentype-sanitizer`; without it the last
//! check says why and passes, except under `CI=true`.

use std::collections::BTreeMap;
use std::process::Command;

use super::{edition, entries, written, EpubOptions};
use crate::model::{Block, BodyBlock, Phrase, TextLang};

fn files(e: &crate::model::Edition) -> BTreeMap<String, Vec<u8>> {
    let out = written(e, &EpubOptions::default()).unwrap();
    entries(&out.bytes).into_iter().collect()
}

fn fonts(files: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    files
        .keys()
        .filter(|n| n.ends_with(".ttf"))
        .map(|n| n.trim_start_matches("OEBPS/fonts/"))
        .collect()
}

#[test]
fn latin_faces_are_subsets_that_cover_the_pages() {
    let files = files(&edition());
    assert_eq!(
        fonts(&files),
        [
            "NotoNaskhArabic-Bold.ttf",
            "NotoNaskhArabic-Regular.ttf",
            "NotoSerif-Bold.ttf",
            "NotoSerif-Regular.ttf"
        ]
    );
    let serif = &files["OEBPS/fonts/NotoSerif-Regular.ttf"];
    assert!(serif.len() < 80_000, "{} bytes", serif.len());
    let face = ttf_parser::Face::parse(serif, 0).unwrap();
    let english = String::from_utf8(files["OEBPS/article-002.xhtml"].clone()).unwrap();
    let mut shown = std::collections::BTreeSet::new();
    crate::epub::fonts::shown_chars(&english, &mut shown);
    assert!(shown.contains(&'G') && !shown.contains(&'<'));
    for c in shown.into_iter().filter(|c| c.is_ascii_alphanumeric()) {
        let glyph = face.glyph_index(c);
        assert!(
            glyph.is_some_and(|g| face.glyph_bounding_box(g).is_some()),
            "{c}"
        );
    }
    let css = String::from_utf8(files["OEBPS/stylesheet.css"].clone()).unwrap();
    for font in fonts(&files) {
        assert!(
            css.contains(&format!("src: url(\"fonts/{font}\");")),
            "{font}"
        );
    }
}

#[test]
fn hebrew_goes_in_only_when_the_book_has_hebrew() {
    let mut e = edition();
    e.sections[1].articles[0].body.push(BodyBlock {
        block: Block::Quote {
            text: "שָׁלוֹם עֲלֵיכֶם".into(),
            cite: Some(Phrase::from("Traditional greeting")),
        },
        lang: TextLang {
            lang: Some("he".into()),
            dir: None,
        },
    });
    let files = files(&e);
    assert!(fonts(&files).contains(&"NotoSerifHebrew-Regular.ttf"));
    let page = String::from_utf8(files["OEBPS/article-002.xhtml"].clone()).unwrap();
    assert!(
        page.contains("lang=\"he\" xml:lang=\"he\" dir=\"rtl\""),
        "{page}"
    );
}

#[test]
fn the_license_goes_with_the_fonts_and_is_linked_to_each() {
    let files = files(&edition());
    assert_eq!(
        files["OEBPS/fonts/OFL.txt"],
        include_bytes!("../../fonts/OFL.txt")
    );
    let opf = String::from_utf8(files["OEBPS/content.opf"].clone()).unwrap();
    // Not a manifest item (nothing in the content refers to it: OPF-097).
    assert!(!opf.contains("href=\"fonts/OFL.txt\" media-type=\"text/plain\"/>\n  </manifest>"));
    assert!(!opf[opf.find("<manifest>").unwrap()..].contains("OFL.txt"));
    for font in fonts(&files) {
        let link = format!(
            "<link rel=\"dcterms:license\" refines=\"#id_fonts_{font}\" href=\"fonts/OFL.txt\" media-type=\"text/plain\"/>"
        );
        assert!(opf.contains(&link), "{opf}");
    }
}

#[test]
fn browsers_font_sanitizer_accepts_every_face() {
    let files = files(&edition());
    let dir = tempfile::tempdir().unwrap();
    for font in fonts(&files) {
        let path = dir.path().join(font);
        std::fs::write(&path, &files[&format!("OEBPS/fonts/{font}")]).unwrap();
        let out = Command::new("python3")
            .args(["-m", "ots"])
            .arg(&path)
            .arg(dir.path().join("sanitized.ttf"))
            .output();
        let why = match out {
            Ok(o) if o.status.success() => continue,
            Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named ots") => {
                "PyPI package `opentype-sanitizer` not installed".to_string()
            }
            Ok(o) => panic!(
                "OTS refuses {font}: {}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => format!("cannot run python3: {e}"),
        };
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("OTS must run under CI=true: {why}");
        }
        eprintln!("skipping OTS: {why}");
        return;
    }
}
