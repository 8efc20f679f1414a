//! Print sizes: how many columns each paper gets when nobody says, that an explicit number
//! wins, and that `--help` states the same defaults the layout uses.

mod common;
use common::*;

use sahifa::frame::{Document, Item};
use sahifa::input::{self, EditionFlags, LoadOptions, PdfFlags};
use sahifa::layout::lay_out;
use sahifa::model::{Edition, PaperSize};
use sahifa::text::FontSet;

const PAPERS: [(PaperSize, &str); 5] = [
    (PaperSize::A4, "a4"),
    (PaperSize::A3, "a3"),
    (PaperSize::Letter, "letter"),
    (PaperSize::Tabloid, "tabloid"),
    (PaperSize::Berliner, "berliner"),
];

/// The example edition on `paper`, its manifest without its `[pdf]` paper and columns (a copy
/// in a temporary folder, photos and all).
fn articles_on(paper: PaperSize, columns: Option<u32>) -> (tempfile::TempDir, Edition) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&root().join("examples/dostor"), dir);
    let manifest = std::fs::read_to_string(dir.join("edition.toml")).unwrap();
    let manifest: String = manifest
        .lines()
        .filter(|l| !l.starts_with("paper") && !l.starts_with("columns"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("edition.toml"), manifest).unwrap();
    let flags = EditionFlags {
        pdf: PdfFlags {
            paper: Some(paper),
            columns,
            ..Default::default()
        },
        ..Default::default()
    };
    let edition = input::load(&[dir.join("edition.toml")], &flags, LoadOptions::default())
        .unwrap()
        .edition;
    (tmp, edition)
}

/// Columns the pages were set in, counted from the frames: the hairlines between columns of
/// text stand at as many places as there are gutters.
fn columns_drawn(doc: &Document) -> usize {
    let mut xs: Vec<i32> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|item| match item {
            Item::Rule(r) if (r.from.x - r.to.x).abs() < 0.01 && r.to.y - r.from.y > 20.0 => {
                Some((r.from.x * 10.0).round() as i32)
            }
            _ => None,
        })
        .collect();
    xs.sort_unstable();
    xs.dedup();
    xs.len() + 1
}

#[test]
fn each_paper_gets_its_columns_and_an_explicit_number_wins() {
    let fonts = FontSet::builtin();
    for (paper, name) in PAPERS {
        let (_dir, edition) = articles_on(paper, None);
        let expected = paper.default_columns();
        assert_eq!(edition.pdf.columns, expected, "{name}");
        let doc = lay_out(&edition, &edition.pdf, &fonts).document;
        assert_eq!(
            columns_drawn(&doc),
            expected as usize,
            "{name}: columns drawn"
        );
    }
    // Broadsheet-like sizes get more columns than office sizes.
    assert!(PaperSize::Berliner.default_columns() >= 5);
    assert!(PaperSize::Tabloid.default_columns() >= 5);
    assert!((3..=4).contains(&PaperSize::A4.default_columns()));

    let (_dir, edition) = articles_on(PaperSize::Berliner, Some(4));
    assert_eq!(edition.pdf.columns, 4);
    let doc = lay_out(&edition, &edition.pdf, &fonts).document;
    assert_eq!(columns_drawn(&doc), 4, "--columns 4 on berliner");
}

#[test]
fn the_manifest_columns_win_over_the_paper() {
    // The example's manifest says a4 and 3 columns; a larger paper from the command line
    // keeps the manifest's 3 columns.
    let manifest = root().join("examples/dostor/edition.toml");
    let flags = EditionFlags {
        pdf: PdfFlags {
            paper: Some(PaperSize::Berliner),
            ..Default::default()
        },
        ..Default::default()
    };
    let edition = input::load(&[manifest], &flags, LoadOptions::default())
        .unwrap()
        .edition;
    assert_eq!(edition.pdf.columns, 3);
}

#[test]
fn help_states_the_default_columns_of_each_paper() {
    let out = sahifa(&root(), &["pdf", "--help"]);
    let help = stdout(&out);
    for (paper, name) in PAPERS {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("- {name}:")))
            .unwrap_or_else(|| panic!("--help lists no `{name}:`\n{help}"));
        let said = format!("{} columns by default", paper.default_columns());
        assert!(line.contains(&said), "{name}: `{line}` should say `{said}`");
    }
}
