//! Any text through the whole text engine: prepare, bidi, itemize, shape, break and justify,
//! in both directions and at widths down to nothing. Must never panic, give only finite
//! numbers, and lose or duplicate no letter or digit: every one of the shaped text's letters
//! and digits must come out as some glyph's text exactly once (what a reader copying from the
//! PDF gets back).

#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use sahifa::model::Direction;
use sahifa::text::{shape_paragraph, Align, FontRole, FontSet, TextStyle};

/// Widths in points: none, less than any glyph, a few glyphs, a column, a page, no limit.
const WIDTHS: [f32; 6] = [0.0, 0.5, 4.0, 42.0, 150.0, 1.0e6];

/// Letters and digits: what must survive shaping and line breaking one for one. Hangul fillers
/// are letters to Unicode but default-ignorable, so HarfBuzz hides them and they have no text.
fn counted(c: char) -> bool {
    c.is_alphanumeric() && !matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

fn tally(s: &str, into: &mut HashMap<char, i64>, sign: i64) {
    for c in s.chars().filter(|&c| counted(c)) {
        *into.entry(c).or_default() += sign;
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&options, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let role = [FontRole::Body, FontRole::Bold, FontRole::Headline][usize::from(options % 3)];
    let lang = ["ar", "en", "fa", "x"][usize::from(options >> 2 & 3)];
    let size = [10.0, 0.0, 72.0, f32::NAN][usize::from(options >> 4 & 3)];
    let align =
        [Align::Justify, Align::Start, Align::End, Align::Center][usize::from(options >> 6)];
    let fonts = FontSet::builtin();
    for dir in [Direction::Rtl, Direction::Ltr] {
        let p = shape_paragraph(&fonts, &text, dir, lang, &TextStyle::new(role, size));
        assert!(p.natural_width().is_finite());
        for width in WIDTHS {
            let lines = p.break_lines(width, align);
            assert_eq!(lines.is_empty(), p.is_empty(), "lines for {:?}", p.text());
            let mut balance = HashMap::new();
            tally(p.text(), &mut balance, 1);
            for line in &lines {
                assert!(
                    line.width.is_finite() && line.ascent.is_finite() && line.descent.is_finite()
                );
                for run in &line.runs {
                    assert!(run.origin.x.is_finite() && run.origin.y.is_finite());
                    for g in &run.glyphs {
                        assert!(g.x.is_finite() && g.y.is_finite() && g.advance.is_finite());
                        tally(&g.text, &mut balance, -1);
                    }
                }
            }
            balance.retain(|_, n| *n != 0);
            assert!(
                balance.is_empty(),
                "letters lost (>0) or doubled (<0) at width {width}: {balance:?} in {:?}",
                p.text()
            );
        }
    }
});
