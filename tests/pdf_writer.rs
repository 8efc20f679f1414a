//! The PDF writer on real shaped Arabic, real photos, judged by poppler and qpdf.

mod support;

use std::path::{Path, PathBuf};

use sahifa::layout::frame::{
    Color, Document, DocumentInfo, Item, OutlineEntry, Page, PlacedImage, Point, Rect, Rule,
};
use sahifa::pdf::{write_pdf, write_pdf_with, PdfOptions};
use support::*;

const A4: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 42.0;

fn photo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/photos")
        .join(name)
}

/// The seed article's paragraphs (headline, captions and body), as scraped.
fn seed_paragraphs() -> Vec<String> {
    let seed = include_str!("data/dostor-qatar-blinken.txt");
    seed.lines()
        .skip(4)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Test lines that stress extraction: harakat, lam-alef, Allah ligature, digits, Latin.
pub const SPECIMENS: &[&str] = &[
    "بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ",
    "لا إله إلا الله، والسلام عليكم",
    "قال 25 مسؤولاً في NATO عام 2026",
    "وَقَالَ الْوَزِيرُ: «إِنَّ التَّعَاوُنَ مُسْتَمِرٌّ»",
];

/// A two-page edition: page 1 with the specimens, the headline, a photo and a rule; page 2
/// with the body of the seed article and more photos.
pub struct Edition {
    pub doc: Document,
    /// Every line drawn, in order, as the text that should come back.
    pub lines: Vec<String>,
}

pub fn edition() -> Edition {
    let shaper = Shaper::new();
    let right = A4.0 - MARGIN;
    let width = A4.0 - 2.0 * MARGIN;
    let mut lines = Vec::new();
    let mut pages = Vec::new();

    let paragraphs = seed_paragraphs();
    let mut items = Vec::new();
    let mut y = MARGIN + 30.0;
    for l in shaper.break_lines(&paragraphs[0], KUFI, 20.0, width) {
        items.extend(
            shaper
                .line(&l, KUFI, 20.0, right, y)
                .into_iter()
                .map(Item::Glyphs),
        );
        lines.push(l);
        y += 34.0;
    }
    items.push(Item::Rule(Rule {
        from: Point { x: MARGIN, y },
        to: Point { x: right, y },
        width: 1.5,
        color: Color::BLACK,
    }));
    y += 28.0;
    for s in SPECIMENS {
        items.extend(
            shaper
                .line(s, NASKH, 14.0, right, y)
                .into_iter()
                .map(Item::Glyphs),
        );
        lines.push(s.to_string());
        y += 26.0;
    }
    items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: right - 300.0,
            y,
            width: 300.0,
            height: 200.0,
        },
        path: photo("rocket.jpg"),
    }));
    y += 200.0 + 22.0;
    for p in &paragraphs[1..3] {
        for l in shaper.break_lines(p, NASKH, 10.0, width) {
            items.extend(
                shaper
                    .line(&l, NASKH, 10.0, right, y)
                    .into_iter()
                    .map(Item::Glyphs),
            );
            lines.push(l);
            y += 17.0;
        }
    }
    items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: MARGIN,
            y: y + 10.0,
            width: 120.0,
            height: 80.0,
        },
        path: photo("coffee.png"),
    }));
    pages.push(Page {
        width: A4.0,
        height: A4.1,
        items,
    });

    let mut items = Vec::new();
    let mut y = MARGIN + 20.0;
    for p in &paragraphs[3..] {
        for l in shaper.break_lines(p, NASKH, 11.0, width) {
            if y > A4.1 - MARGIN - 130.0 {
                break;
            }
            items.extend(
                shaper
                    .line(&l, NASKH, 11.0, right, y)
                    .into_iter()
                    .map(Item::Glyphs),
            );
            lines.push(l);
            y += 19.0;
        }
        y += 6.0;
    }
    items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: MARGIN,
            y: A4.1 - MARGIN - 110.0,
            width: 95.0,
            height: 110.0,
        },
        path: photo("grace_hopper.jpg"),
    }));
    items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: MARGIN + 110.0,
            y: A4.1 - MARGIN - 110.0,
            width: 110.0,
            height: 110.0,
        },
        path: photo("camera.png"),
    }));
    pages.push(Page {
        width: A4.0,
        height: A4.1,
        items,
    });

    let doc = Document {
        info: DocumentInfo {
            title: "الدستور — الإثنين 28 يونيو 2021".into(),
            author: "الدستور".into(),
            lang: "ar".into(),
            timestamp: 1_624_838_400,
        },
        pages,
        outline: vec![
            OutlineEntry {
                title: "سياسة".into(),
                level: 0,
                page: 0,
                y: MARGIN,
            },
            OutlineEntry {
                title: "وزير الخارجية القطرى يلتقى بلينكن".into(),
                level: 1,
                page: 0,
                y: MARGIN,
            },
            OutlineEntry {
                title: "بسم الله".into(),
                level: 1,
                page: 0,
                y: 120.0,
            },
            OutlineEntry {
                title: "المؤتمر الوزاري".into(),
                level: 0,
                page: 1,
                y: MARGIN,
            },
            OutlineEntry {
                title: "الاجتماع الوزاري لأعضاء التحالف الدولي".into(),
                level: 1,
                page: 1,
                y: 300.0,
            },
        ],
    };
    Edition { doc, lines }
}

fn write_temp(bytes: &[u8], name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_writer");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn explore() {
    let ed = edition();
    let (bytes, report) =
        write_pdf_with(&ed.doc, &Shaper::new().faces(), &PdfOptions::default()).unwrap();
    let path = write_temp(&bytes, "edition.pdf");
    eprintln!("{} bytes, {report:?}, {}", bytes.len(), path.display());
    if have_tool("pdftotext") {
        let text = pdftotext(&path, &[]);
        eprintln!("{text}");
        let expected = ed.lines.join("\n");
        let (found, total) = intact_ratio(&expected, &text);
        eprintln!("intact {found}/{total}");
    }
    let _ = write_pdf;
}

#[test]
fn explore_small() {
    let shaper = Shaper::new();
    let mut items = Vec::new();
    for (i, s) in ["بِسْمِ اللَّهِ", "خلال لها اليوم"].iter().enumerate() {
        items.extend(
            shaper
                .line(s, NASKH, 20.0, 500.0, 100.0 + 40.0 * i as f32)
                .into_iter()
                .map(Item::Glyphs),
        );
    }
    let doc = Document {
        info: DocumentInfo {
            title: "t".into(),
            author: "a".into(),
            lang: "ar".into(),
            timestamp: 0,
        },
        pages: vec![Page {
            width: A4.0,
            height: A4.1,
            items,
        }],
        outline: vec![],
    };
    let bytes = write_pdf(&doc, &shaper.faces()).unwrap();
    let path = write_temp(&bytes, "small.pdf");
    eprintln!("{}", pdftotext(&path, &[]));
}
