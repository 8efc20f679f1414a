//! The Hijri date on the print masthead, from the manifest: on by default, moved by
//! `hijri_offset`, off with `hijri = false`, and an offset out of range refused by name.

mod common;
use common::*;

use sahifa::frame::Item;
use sahifa::input::{self, EditionFlags, LoadOptions};
use sahifa::layout::lay_out;
use sahifa::model::Edition;
use sahifa::text::FontSet;

/// The example edition with `extra` added to the top of its manifest, and the folder it was
/// loaded from (its photos are read from there while the edition is used).
fn load(extra: &str) -> (tempfile::TempDir, Result<Edition, String>) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/dostor"), dir.path());
    let manifest = dir.path().join("edition.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{extra}\n{text}")).unwrap();
    let edition = input::load(
        &[manifest],
        &EditionFlags::default(),
        LoadOptions::default(),
    )
    .map(|l| l.edition)
    .map_err(|e| format!("{e:?}"));
    (dir, edition)
}

/// The edition loaded with `extra`, which must be valid.
fn valid(extra: &str) -> (tempfile::TempDir, Edition) {
    let (dir, edition) = load(extra);
    (dir, edition.unwrap())
}

/// The lines of page 1 of the laid-out edition.
fn page_one(edition: &Edition) -> Vec<String> {
    let laid = lay_out(edition, &edition.pdf, &FontSet::builtin());
    laid.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) => Some(l.text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_masthead_dates_the_edition_in_both_calendars() {
    let lines = page_one(&valid("").1);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("الإثنين 28 يونيو 2021") && l.contains("18 ذو القعدة 1442 هـ")),
        "{lines:?}"
    );
    let lines = page_one(&valid("hijri_offset = -1").1);
    assert!(
        lines.iter().any(|l| l.contains("17 ذو القعدة 1442 هـ")),
        "{lines:?}"
    );
    let lines = page_one(&valid("hijri = false").1);
    assert!(lines.iter().any(|l| l.contains("28 يونيو 2021")));
    assert!(!lines.iter().any(|l| l.contains("هـ")), "{lines:?}");
}

#[test]
fn an_offset_out_of_range_is_refused_by_name() {
    let err = load("hijri_offset = 5").1.unwrap_err();
    assert!(
        err.contains("hijri_offset") && err.contains("out of range"),
        "{err}"
    );
}

/// The EPUB's masthead page from the same manifest.
fn epub_masthead(edition: &Edition) -> String {
    let mut out = std::io::Cursor::new(Vec::new());
    sahifa::epub::write_epub(
        edition,
        &sahifa::epub::EpubOptions::default(),
        None,
        &mut out,
    )
    .unwrap();
    let mut zip = zip::ZipArchive::new(out).unwrap();
    let mut page = zip.by_name("OEBPS/masthead.xhtml").unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut page, &mut text).unwrap();
    text
}

#[test]
fn the_epub_masthead_page_follows_the_same_settings() {
    let on = epub_masthead(&valid("").1);
    assert!(
        on.contains("<span class=\"hijri\">18 ذو القعدة 1442 هـ</span>"),
        "{on}"
    );
    let off = epub_masthead(&valid("hijri = false").1);
    assert!(
        off.contains("28 يونيو 2021") && !off.contains("هـ"),
        "{off}"
    );
}
