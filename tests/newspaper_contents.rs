//! The front page's "in this issue" box: each section that has inside pages, with the page its
//! banner opens; read from the frames, from the PDF (page 1 is written last but stands first)
//! and from the preview (page 1 drawn with the same box, also when only page 1 is asked for).

mod common;
use common::*;

use sahifa::frame::{Document, Item};
use sahifa::input::{self, EditionFlags, LoadOptions};
use sahifa::layout::lay_out;
use sahifa::model::{Design, Edition};
use sahifa::publish::{self, PreviewOptions};
use sahifa::raster::{ImageKind, Painter};
use sahifa::text::FontSet;

/// The example with each article three times (new ids): every section keeps two stories for
/// its inside pages once its first is on the front page.
fn bigger() -> Edition {
    let manifest = root().join("examples/dostor/edition.toml");
    let mut edition = input::load(
        &[manifest],
        &EditionFlags::default(),
        LoadOptions::default(),
    )
    .unwrap()
    .edition;
    edition.pdf.design = Design::Newspaper;
    for section in &mut edition.sections {
        let first = section.articles[0].clone();
        for n in 2..=3 {
            let mut a = first.clone();
            a.id = format!("{}-{n}", a.id);
            section.articles.push(a);
        }
    }
    edition
}

/// Without the invisible bidi marks the writer adds for extractors, whitespace made single.
fn plain(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| {
            !matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn western(digits: &str) -> Option<usize> {
    let w: String = digits
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            _ => c,
        })
        .collect();
    w.parse().ok()
}

/// The box's entries in `text`: (section, page) for each «<section> — ص <n>».
fn entries(text: &str, sections: &[String]) -> Vec<(String, usize)> {
    sections
        .iter()
        .filter_map(|name| {
            let at = text.find(&format!("{name} — ص "))?;
            let rest = &text[at + name.len() + " — ص ".len()..];
            let digits: String = rest.chars().take_while(|c| c.is_numeric()).collect();
            Some((name.clone(), western(&digits)?))
        })
        .collect()
}

fn page_lines(doc: &Document, n: usize) -> Vec<String> {
    doc.pages[n]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) => Some(l.text.clone()),
            _ => None,
        })
        .collect()
}

fn names(edition: &Edition) -> Vec<String> {
    edition
        .sections
        .iter()
        .filter_map(|s| s.name.clone())
        .collect()
}

#[test]
fn the_box_names_the_page_each_section_opens() {
    let edition = bigger();
    let fonts = FontSet::builtin();
    let doc = lay_out(&edition, &edition.pdf, &fonts).document;
    let front = page_lines(&doc, 0);
    assert!(front.iter().any(|l| l == "في هذا العدد"), "{front:?}");
    let listed = entries(&front.join("\n"), &names(&edition));
    assert_eq!(listed.len(), edition.sections.len(), "{front:?}");
    for (name, page) in &listed {
        // The page named carries the section's banner, and no page before it does.
        let lines = page_lines(&doc, page - 1);
        assert!(lines.contains(name), "page {page}: {lines:?}");
        for earlier in 1..page - 1 {
            assert!(
                !page_lines(&doc, earlier).contains(name),
                "page {}",
                earlier + 1
            );
        }
    }
    // Sections in edition order open on later and later pages.
    assert!(listed.windows(2).all(|w| w[0].1 < w[1].1), "{listed:?}");
    // The box stands below the front stories: nothing is drawn across it.
    let title_y = doc.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Line(l) if l.text == "في هذا العدد" => Some(l.runs[0].origin.y),
            _ => None,
        })
        .unwrap();
    let stories_below: Vec<&String> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) if l.runs.first().is_some_and(|r| r.origin.y > title_y) => Some(&l.text),
            _ => None,
        })
        .filter(|t| !listed.iter().any(|(n, _)| t.starts_with(n.as_str())))
        .collect();
    assert!(stories_below.is_empty(), "{stories_below:?}");
}

#[test]
fn the_pdf_has_page_one_first_with_its_box() {
    if !tool_available("pdftotext", &["-v"]) {
        return;
    }
    let edition = bigger();
    let (bytes, produced) = publish::pdf(&edition, Vec::new(), &|_| {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    let page = |n: usize| plain(&pdftotext_page(&path, n));
    let front = page(1);
    assert!(front.contains(&edition.name), "masthead on page 1");
    assert!(front.contains("في هذا العدد"), "{front}");
    let listed = entries(&front, &names(&edition));
    assert_eq!(listed.len(), edition.sections.len(), "{front}");
    for (name, n) in &listed {
        // The page named carries the running head and the section's banner.
        let text = page(*n);
        assert!(text.contains(&edition.name), "page {n}: {text}");
        assert!(
            text.contains(name.as_str()),
            "page {n} names {name}: {text}"
        );
    }
    // The PDF's own outline (its destinations are page objects, so this reads the page tree's
    // order): the front page is page 1 and each section opens where the box says.
    let toc = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, pypdf\n\
             r = pypdf.PdfReader(sys.argv[1])\n\
             for e in r.outline:\n\
             \x20   if not isinstance(e, list): print(r.get_destination_page_number(e) + 1, e.title)",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        toc.status.success(),
        "{}",
        String::from_utf8_lossy(&toc.stderr)
    );
    let toc = String::from_utf8_lossy(&toc.stdout).into_owned();
    let top: Vec<(usize, &str)> = toc
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(n, t)| (n.parse().unwrap(), t))
        .collect();
    assert_eq!(top[0], (1, "الصفحة الأولى"), "{toc}");
    let sections: Vec<(String, usize)> =
        top[1..].iter().map(|(n, t)| (t.to_string(), *n)).collect();
    assert_eq!(sections, listed, "{toc}");
    // Every other page is in its place: its running head's number is on it.
    for n in 2..=produced.pages {
        let text = page(n);
        assert!(
            text.split(' ').any(|t| t == n.to_string()),
            "page {n}: {text}"
        );
    }
}

#[test]
fn the_preview_draws_page_one_with_its_box() {
    let edition = bigger();
    let fonts = FontSet::builtin();
    let doc = lay_out(&edition, &edition.pdf, &fonts).document;
    let painter = Painter::new(&fonts, 30.0);
    let expected = painter.render(&doc.pages[0], ImageKind::Png).unwrap();
    let only_first = PreviewOptions {
        dpi: 30.0,
        kind: ImageKind::Png,
        first: 1,
        last: Some(1),
    };
    let (images, _) = publish::preview(&edition, &only_first).unwrap();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].0, 1);
    assert!(
        images[0].1 == expected,
        "--pages 1 draws page 1 with its box"
    );
    let all = PreviewOptions {
        last: None,
        ..only_first
    };
    let (images, _) = publish::preview(&edition, &all).unwrap();
    assert_eq!(images.len(), doc.pages.len());
    assert!(images[0].1 == expected, "page 1 of a whole preview");
    for (n, (number, image)) in images.iter().enumerate().skip(1) {
        assert_eq!(*number, n + 1);
        assert!(
            *image == painter.render(&doc.pages[n], ImageKind::Png).unwrap(),
            "page {number}"
        );
    }
}
