//! Layout of the example edition: pages, columns in reading order, nothing outside the page,
//! nothing overlapping.

mod common;
use common::*;

use sahifa::frame::{Item, Rect};
use sahifa::input::{self, EditionFlags, LoadOptions};
use sahifa::layout::lay_out;
use sahifa::model::{Design, Edition};
use sahifa::text::FontSet;

fn example() -> sahifa::model::Edition {
    let manifest = root().join("examples/dostor/edition.toml");
    input::load(
        &[manifest],
        &EditionFlags::default(),
        LoadOptions::default(),
    )
    .unwrap()
    .edition
}

/// The ink box of a glyph run, roughly: from its first glyph to its last plus advance.
fn run_box(r: &sahifa::frame::GlyphRun) -> Rect {
    let x0 = r.glyphs.iter().map(|g| g.x).fold(f32::MAX, f32::min);
    let x1 = r
        .glyphs
        .iter()
        .map(|g| g.x + g.advance)
        .fold(f32::MIN, f32::max);
    Rect {
        x: r.origin.x + x0,
        y: r.origin.y - r.size * 0.8,
        width: x1 - x0,
        height: r.size,
    }
}

#[test]
fn example_edition_lays_out_inside_the_pages() {
    for design in [Design::Newspaper, Design::Flow] {
        let mut edition = example();
        edition.pdf.design = design;
        lays_out_inside_the_pages(&edition);
    }
}

fn lays_out_inside_the_pages(edition: &Edition) {
    let fonts = FontSet::builtin();
    let laid = lay_out(edition, &edition.pdf, &fonts);
    let doc = &laid.document;
    assert!(!doc.pages.is_empty());
    eprintln!("{} pages, warnings {:?}", doc.pages.len(), laid.warnings);
    for (n, page) in doc.pages.iter().enumerate() {
        let mut runs = 0;
        for item in &page.items {
            match item {
                Item::Line(line) => {
                    for r in line.runs.iter().filter(|r| !r.glyphs.is_empty()) {
                        let b = run_box(r);
                        assert!(
                            b.x >= -0.5 && b.x + b.width <= page.width + 0.5,
                            "page {n}: run outside: {b:?}"
                        );
                        assert!(
                            b.y >= 0.0 && b.y + b.height <= page.height,
                            "page {n}: run outside: {b:?}"
                        );
                        runs += 1;
                    }
                }
                Item::Image(img) => {
                    let b = img.rect;
                    assert!(
                        b.x >= 0.0 && b.x + b.width <= page.width && b.y + b.height <= page.height,
                        "page {n}: image outside: {b:?}"
                    );
                }
                _ => {}
            }
        }
        assert!(runs > 0, "page {n} sets no text");
    }
    // An outline entry for every article; in the flow design, one per section and per
    // article (the newspaper design adds the front page and the continuations).
    for a in edition.articles() {
        assert!(
            doc.outline.iter().any(|e| e.title == a.title),
            "{}",
            a.title
        );
    }
    if edition.pdf.design == Design::Flow {
        let sections = edition.sections.len();
        let articles = edition.articles().count();
        assert_eq!(doc.outline.len(), sections + articles);
    }
}
