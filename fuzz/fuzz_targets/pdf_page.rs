//! Any text, set in a column, through the PDF writer: glyph codes per glyph and text, `TJ`
//! batching, outlines and invisible letters, the reading-order chunks and their bidi marks,
//! the cross-reference table. Must never panic, and must
//! give a whole file (header to `%%EOF`) or a typed error, never half of one.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sahifa::frame::{Document, GlyphRun, Item, Page, Point, TextLine};
use sahifa::model::Direction;
use sahifa::pdf::write_pdf;
use sahifa::text::{shape_paragraph, Align, FontRole, FontSet, TextStyle};

fuzz_target!(|data: &[u8]| {
    let Some((&options, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let role = [FontRole::Body, FontRole::Bold, FontRole::Headline][usize::from(options % 3)];
    let dir = [Direction::Rtl, Direction::Ltr][usize::from(options >> 2 & 1)];
    let width = [150.0, 4.0][usize::from(options >> 3 & 1)];
    let fonts = FontSet::builtin();
    let p = shape_paragraph(&fonts, &text, dir, "ar", &TextStyle::new(role, 10.0));
    let lines = p.break_lines(width, Align::Justify);
    // Fourteen points a line, as many pages as it takes.
    let mut pages = vec![Page {
        width: 595.0,
        height: 842.0,
        items: Vec::new(),
    }];
    let mut y = 40.0;
    for line in lines {
        if y > 800.0 {
            pages.push(Page {
                width: 595.0,
                height: 842.0,
                items: Vec::new(),
            });
            y = 40.0;
        }
        let runs = line
            .runs
            .into_iter()
            .map(|run| GlyphRun {
                origin: Point {
                    x: 40.0 + run.origin.x,
                    y: y + run.origin.y,
                },
                ..run
            })
            .collect();
        let page = pages.last_mut().expect("a page");
        page.items.push(Item::Line(TextLine {
            runs,
            text: line.text,
            rtl: line.rtl,
        }));
        y += 14.0;
    }
    let doc = Document {
        info: Default::default(),
        pages,
        outline: Vec::new(),
    };
    if let Ok(bytes) = write_pdf(&doc, fonts.faces()) {
        assert!(bytes.starts_with(b"%PDF-1.7\n"));
        assert!(bytes.ends_with(b"%%EOF\n"));
    }
});
