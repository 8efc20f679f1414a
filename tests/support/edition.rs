//! The test edition: real shaped Arabic from the seed article and specimens of what breaks
//! extraction (harakat, lam-alef, the Allah ligature, digits and Latin in Arabic lines), laid
//! out as plain right-aligned lines over two A4 pages with photos, a rule and an outline.

use sahifa::frame::{
    Color, Document, DocumentInfo, Item, OutlineEntry, Page, PlacedImage, Point, Rect, Rule,
};
use sahifa::text::FontRole;

use super::*;

pub const A4: (f32, f32) = (595.28, 841.89);
pub const MARGIN: f32 = 42.0;

/// The seed article's paragraphs (headline, captions and body), as scraped.
pub fn seed_paragraphs() -> Vec<String> {
    let seed = include_str!("../data/dostor-qatar-blinken.txt");
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
    for l in shaper.break_lines(&paragraphs[0], FontRole::Headline, 20.0, width) {
        items.push(shaper.line(&l, FontRole::Headline, 20.0, right, y));
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
        items.push(shaper.line(s, FontRole::Body, 14.0, right, y));
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
        for l in shaper.break_lines(p, FontRole::Body, 10.0, width) {
            items.push(shaper.line(&l, FontRole::Body, 10.0, right, y));
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
        for l in shaper.break_lines(p, FontRole::Body, 11.0, width) {
            if y > A4.1 - MARGIN - 130.0 {
                break;
            }
            items.push(shaper.line(&l, FontRole::Body, 11.0, right, y));
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
