//! Stage 1: bidi levels (UAX #9) for one paragraph, and the visual order of a line's pieces.

use unicode_bidi::{BidiInfo, Level, ParagraphBidiInfo};

use crate::model::Direction;

/// The paragraph's embedding level and the resolved level of every byte of its text.
#[derive(Debug, Clone)]
pub(crate) struct Levels {
    pub para: Level,
    pub per_byte: Vec<Level>,
}

/// Resolve levels with the base direction given by the article, never guessed from the text:
/// an Arabic article that opens with «NATO» is still right-to-left. The text is one paragraph
/// (separators were made spaces by `prepare`), hence `ParagraphBidiInfo`.
pub(crate) fn resolve(text: &str, base: Direction) -> Levels {
    let para = match base {
        Direction::Ltr => Level::ltr(),
        Direction::Rtl => Level::rtl(),
    };
    if text.is_empty() {
        return Levels {
            para,
            per_byte: Vec::new(),
        };
    }
    let info = ParagraphBidiInfo::new(text, Some(para));
    Levels {
        para: info.paragraph_level,
        per_byte: info.levels,
    }
}

/// Rule L2 applied to a line cut into pieces of one level each (pieces in logical order):
/// returns the piece indices in visual order, left to right. Reversing whole pieces is the same
/// as reversing characters because each piece is already shaped in its own direction (HarfBuzz
/// returns right-to-left glyphs in visual order). Rule L1 needs no work here: lines never end in
/// whitespace (it is trimmed) and there are no tabs or separators left.
pub(crate) fn visual_order(piece_levels: &[Level]) -> Vec<usize> {
    BidiInfo::reorder_visual(piece_levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_arabic_line_levels() {
        let text = "قال 25 مسؤولاً في NATO";
        let l = resolve(text, Direction::Rtl);
        assert!(l.para.is_rtl());
        assert_eq!(l.per_byte[0].number(), 1);
        let nato = text.find("NATO").unwrap();
        let digits = text.find("25").unwrap();
        assert_eq!(l.per_byte[nato].number(), 2);
        assert_eq!(l.per_byte[digits].number(), 2);
        assert_eq!(l.per_byte.len(), text.len());
    }

    #[test]
    fn overrides_and_empty_text() {
        assert!(resolve("", Direction::Ltr).per_byte.is_empty());
        // RLO … PDF forces "abc" right to left.
        let l = resolve("x \u{202E}abc\u{202C} y", Direction::Ltr);
        assert!(l.per_byte["x \u{202E}".len()].is_rtl());
        // Deep nesting beyond the 125 levels limit must not panic.
        let deep = "\u{202B}".repeat(300) + "a" + &"\u{202C}".repeat(300);
        let _ = resolve(&deep, Direction::Rtl);
    }

    #[test]
    fn pieces_reorder() {
        let (r, l) = (Level::rtl(), Level::new(2).unwrap());
        // RTL paragraph: word, number, word → visually word2, number, word1.
        assert_eq!(visual_order(&[r, l, r]), [2, 1, 0]);
    }
}
