//! The Hijri date on the print masthead, from the manifest: on by default, moved by
//! `hijri_offset`, off with `hijri = false`, and an offset out of range refused by name.

mod common;
use common::*;

use sahifa::input::{self, EditionFlags, LoadOptions};
use sahifa::layout::frame::Item;
use sahifa::layout::lay_out;
use sahifa::model::Edition;
use sahifa::text::FontSet;

/// The example edition with `extra` added to the top of its manifest.
fn load(extra: &str) -> Result<Edition, String> {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/dostor"), dir.path());
    let manifest = dir.path().join("edition.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{extra}\n{text}")).unwrap();
    input::load(
        &[manifest],
        &EditionFlags::default(),
        LoadOptions::default(),
    )
    .map(|l| l.edition)
    .map_err(|e| format!("{e:?}"))
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
    let lines = page_one(&load("").unwrap());
    assert!(
        lines
            .iter()
            .any(|l| l.contains("الإثنين 28 يونيو 2021") && l.contains("18 ذو القعدة 1442 هـ")),
        "{lines:?}"
    );
    let lines = page_one(&load("hijri_offset = -1").unwrap());
    assert!(
        lines.iter().any(|l| l.contains("17 ذو القعدة 1442 هـ")),
        "{lines:?}"
    );
    let lines = page_one(&load("hijri = false").unwrap());
    assert!(lines.iter().any(|l| l.contains("28 يونيو 2021")));
    assert!(!lines.iter().any(|l| l.contains("هـ")), "{lines:?}");
}

#[test]
fn an_offset_out_of_range_is_refused_by_name() {
    let err = load("hijri_offset = 5").unwrap_err();
    assert!(
        err.contains("hijri_offset") && err.contains("out of range"),
        "{err}"
    );
}
