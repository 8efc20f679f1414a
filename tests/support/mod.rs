//! Test support for the PDF writer: lines set by the production text engine (`sahifa::text`),
//! and the poppler/qpdf command-line tools that judge the output.

#![allow(dead_code)]

pub mod edition;

use std::path::{Path, PathBuf};
use std::process::Command;

use sahifa::frame::{Item, Point, TextLine};
use sahifa::model::Direction;
use sahifa::text::{shape_paragraph, Align, FontFace, FontRole, FontSet, TextStyle};

/// The bundled faces, in the order the text engine's font ids refer to them.
pub fn faces() -> Vec<FontFace> {
    FontSet::builtin().faces().to_vec()
}

/// Sets right-to-left lines with the production text engine (`sahifa::text`): bidi, font
/// fallback, HarfBuzz, line breaking, glyph texts, exactly as an edition gets them.
pub struct Shaper {
    fonts: FontSet,
}

impl Shaper {
    pub fn new() -> Shaper {
        Shaper {
            fonts: FontSet::builtin(),
        }
    }

    pub fn faces(&self) -> Vec<FontFace> {
        self.fonts.faces().to_vec()
    }

    fn style(role: FontRole, size: f32) -> TextStyle {
        TextStyle::new(role, size)
    }

    /// Width of `text` set on one line, in points.
    pub fn width(&self, text: &str, role: FontRole, size: f32) -> f32 {
        shape_paragraph(
            &self.fonts,
            text,
            Direction::Rtl,
            "ar",
            &Self::style(role, size),
        )
        .natural_width()
    }

    /// One line of an Arabic paragraph, its right end at `right` and its baseline at `y`.
    pub fn line(&self, text: &str, role: FontRole, size: f32, right: f32, y: f32) -> Item {
        let para = shape_paragraph(
            &self.fonts,
            text,
            Direction::Rtl,
            "ar",
            &Self::style(role, size),
        );
        let width = para.natural_width() + 0.01;
        let line = para
            .break_lines(width, Align::Start)
            .into_iter()
            .next()
            .expect("a line");
        let left = right - width;
        let runs = line
            .runs
            .into_iter()
            .map(|mut r| {
                r.origin = Point {
                    x: left + r.origin.x,
                    y: y + r.origin.y,
                };
                r
            })
            .collect();
        Item::Line(TextLine {
            runs,
            text: line.text,
            rtl: line.rtl,
        })
    }

    /// The texts of the lines `paragraph` breaks into at `width` points, as the engine breaks it.
    pub fn break_lines(
        &self,
        paragraph: &str,
        role: FontRole,
        size: f32,
        width: f32,
    ) -> Vec<String> {
        shape_paragraph(
            &self.fonts,
            paragraph,
            Direction::Rtl,
            "ar",
            &Self::style(role, size),
        )
        .break_lines(width, Align::Justify)
        .into_iter()
        .map(|l| l.text)
        .collect()
    }
}

pub fn is_mark_char(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Whether an external tool can run; when it cannot, tests skip with a message, except on CI
/// (`CI=true`), where a missing tool must fail the build instead of hiding a regression.
pub fn have_tool(name: &str) -> bool {
    let ok = Command::new(name).arg("-v").output().is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{name} is required on CI (Debian packages poppler-utils and qpdf)");
        }
        eprintln!("skipping: {name} not found (install poppler-utils and qpdf)");
    }
    ok
}

/// Runs a tool and returns its stdout, panicking with its stderr on failure.
pub fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext` of a file, with poppler's bidi embedding controls removed.
pub fn pdftotext(pdf: &Path, extra: &[&str]) -> String {
    let path = pdf.to_str().unwrap();
    let mut args = extra.to_vec();
    args.extend([path, "-"]);
    strip_bidi_controls(&run("pdftotext", &args))
}

pub fn strip_bidi_controls(s: &str) -> String {
    s.chars().filter(|c| !is_bidi_control(*c)).collect()
}

/// Unicode's `Bidi_Control` characters: they draw nothing and steer reordering.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The share of `expected`'s words that come back whole from `extracted` (multiset match).
pub fn intact_ratio(expected: &str, extracted: &str) -> (usize, usize) {
    let mut pool: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in extracted.split_whitespace() {
        *pool.entry(w).or_default() += 1;
    }
    let mut found = 0;
    let mut total = 0;
    for w in expected.split_whitespace() {
        total += 1;
        if let Some(n) = pool.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            found += 1;
        }
    }
    (found, total)
}

/// A photo from `tests/data/photos`.
pub fn photo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/photos")
        .join(name)
}

/// Saves `bytes` under the test target's temporary directory, for the command-line tools.
pub fn write_temp(bytes: &[u8], name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_writer");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Whether all the named tools can run (see [`have_tool`]).
pub fn tools(names: &[&str]) -> bool {
    names.iter().all(|n| have_tool(n))
}
