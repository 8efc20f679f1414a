//! `pages = N` / `--page-count N`: the day is fitted into exactly N pages (lead photos set
//! smaller until it fits, empty pages at the end when it is shorter), or refused with exit 2,
//! nothing written, saying by how many pages it is over.

mod common;
use common::*;

use std::path::Path;

use sahifa::frame::{Document, Item};
use sahifa::input::{self, EditionFlags, LoadOptions};
use sahifa::layout::lay_out;
use sahifa::model::Edition;
use sahifa::text::FontSet;

/// The example edition in `dir`, each of its articles `copies` times (new ids), so that its
/// sections run over several pages.
fn grown(dir: &Path, copies: usize) {
    copy_dir(&root().join("examples/dostor"), dir);
    let more = dir.join("more");
    let mut sources = vec![dir.join("article.json")];
    sources.extend(
        std::fs::read_dir(&more)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json")),
    );
    sources.sort();
    for source in &sources {
        let text = std::fs::read_to_string(source).unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let id = json["id"].as_str().unwrap().to_string();
        if let Some(image) = json.get_mut("image") {
            // The copies live in more/: their photos are one folder up from there.
            let src = image["src"].as_str().unwrap().to_string();
            if !src.starts_with("../") {
                image["src"] = format!("../{src}").into();
            }
        }
        for n in 2..=copies {
            json["id"] = format!("{id}-{n}").into();
            let name = format!("{id}-{n}.json");
            std::fs::write(more.join(name), json.to_string()).unwrap();
        }
    }
}

fn load(dir: &Path) -> Edition {
    input::load(
        &[dir.join("edition.toml")],
        &EditionFlags::default(),
        LoadOptions::default(),
    )
    .unwrap()
    .edition
}

/// The tallest photo on the pages after the front page.
fn tallest_photo(doc: &Document) -> f32 {
    doc.pages[1..]
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Image(img) => Some(img.rect.height),
            _ => None,
        })
        .fold(0.0, f32::max)
}

fn pdf_pages(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    // Counted from the page tree's /Count.
    let text = String::from_utf8_lossy(&bytes);
    let at = text
        .find("/Type /Pages")
        .or_else(|| text.find("/Type/Pages"))
        .unwrap();
    let rest = &text[at..];
    let count = &rest[rest.find("/Count").unwrap() + 6..];
    count
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn a_long_day_is_fitted_with_smaller_photos_or_refused() {
    let tmp = tempfile::tempdir().unwrap();
    grown(tmp.path(), 4);
    let mut edition = load(tmp.path());
    let fonts = FontSet::builtin();
    let free = lay_out(&edition, &edition.pdf, &fonts);
    let natural = free.document.pages.len();
    assert!(free.too_long.is_none());
    // The largest multiple of 4 below the day's own length that it can be fitted into.
    let mut fitted = None;
    for n in (4..natural).rev().filter(|n| n % 4 == 0) {
        edition.pdf.pages = Some(n as u32);
        let laid = lay_out(&edition, &edition.pdf, &fonts);
        match laid.too_long {
            None => {
                assert_eq!(laid.document.pages.len(), n);
                assert!(
                    tallest_photo(&laid.document) < tallest_photo(&free.document) - 1.0,
                    "fitted into {n} pages (from {natural}) by smaller photos"
                );
                fitted = Some(n);
                break;
            }
            Some(t) => {
                assert!(
                    laid.document.pages.is_empty(),
                    "nothing set when it does not fit"
                );
                assert_eq!(t.asked, n);
                assert!(t.needed > n && t.needed <= natural, "{t:?}");
            }
        }
    }
    assert!(
        fitted.is_some(),
        "a {natural}-page day fits no smaller multiple of 4"
    );

    // Too few pages: refused on the command line with exit 2, nothing written, and the
    // message says by how many pages it is over.
    edition.pdf.pages = Some(4);
    let needed = lay_out(&edition, &edition.pdf, &fonts)
        .too_long
        .unwrap()
        .needed;
    let out = sahifa(
        tmp.path(),
        &["pdf", "edition.toml", "--page-count", "4", "-o", "day.pdf"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!tmp.path().join("day.pdf").exists());
    let said = stderr(&out);
    assert!(
        said.contains(&format!("needs {needed} pages"))
            && said.contains(&format!("{} page(s) over", needed - 4)),
        "{said}"
    );
    assert!(said.contains("nothing written"), "{said}");
    // The same through the manifest, for a preview too.
    let manifest = tmp.path().join("edition.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("pages = 4\n");
    std::fs::write(&manifest, text).unwrap();
    let out = sahifa(
        tmp.path(),
        &["preview", "edition.toml", "--dpi", "20", "-o", "pics"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!tmp.path().join("pics").join("page-001.png").exists());
}

#[test]
fn a_short_day_gets_empty_pages_at_the_end() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/dostor"), tmp.path());
    let natural = lay_out(
        &load(tmp.path()),
        &load(tmp.path()).pdf,
        &FontSet::builtin(),
    )
    .document
    .pages
    .len();
    let asked = natural.div_ceil(4) * 4 + 4;
    let out = sahifa(
        tmp.path(),
        &[
            "pdf",
            "edition.toml",
            "--page-count",
            &asked.to_string(),
            "-o",
            "day.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = tmp.path().join("day.pdf");
    assert_eq!(pdf_pages(&path), asked);
    let said = stderr(&out);
    assert!(
        said.contains(&format!("fills {natural} of the {asked} pages")),
        "{said}"
    );
    if tool_available("pdftotext", &["-v"]) {
        // An empty page carries its running head only: its number, the name, the date.
        let last = std::process::Command::new("pdftotext")
            .args([
                "-enc",
                "UTF-8",
                "-f",
                &asked.to_string(),
                "-l",
                &asked.to_string(),
            ])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&last.stdout);
        assert!(text.contains("الدستور"), "{text}");
        let words = text.split_whitespace().count();
        assert!(
            words < 15,
            "page {asked} should be empty but for its head: {text}"
        );
    }
}

#[test]
fn page_counts_that_do_not_fold_are_refused() {
    for bad in ["0", "6", "1002"] {
        let out = sahifa(
            &root(),
            &[
                "pdf",
                "examples/dostor/edition.toml",
                "--page-count",
                bad,
                "-o",
                "/nonexistent/never.pdf",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("multiple of 4"), "{}", stderr(&out));
    }
}
