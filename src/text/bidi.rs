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
    let info = ParagraphBidiInfo::new_with_data_source(&super::props::FastBidi, text, Some(para));
    Levels {
        para: info.paragraph_level,
        per_byte: info.levels,
    }
}

/// `text` with each stretch that must read left to right as written (phone numbers, URLs,
/// e-mail addresses: [`crate::isolate::ltr_isolates`]) wrapped in LEFT-TO-RIGHT ISOLATE …
/// POP DIRECTIONAL ISOLATE, so that UAX #9 sets it as one unit inside right-to-left text:
/// «+20 2 1234 5678» instead of «5678 1234 2 +20». Left-to-right paragraphs need nothing.
/// The isolates draw nothing and stand for no text.
pub(crate) fn isolate_ltr_stretches(text: String, base: Direction) -> String {
    if base == Direction::Ltr {
        return text;
    }
    let stretches = crate::isolate::ltr_isolates(&text);
    if stretches.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + stretches.len() * 6);
    let mut at = 0;
    for r in stretches {
        out.push_str(&text[at..r.start]);
        out.push('\u{2066}');
        out.push_str(&text[r.clone()]);
        out.push('\u{2069}');
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
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
    fn a_phone_number_in_arabic_reads_as_written() {
        let text = isolate_ltr_stretches("اتصل على +20 2 1234 5678 الآن".into(), Direction::Rtl);
        assert!(text.contains("\u{2066}+20 2 1234 5678\u{2069}"), "{text:?}");
        let l = resolve(&text, Direction::Rtl);
        let plus = text.find('+').unwrap();
        let last = text.find("5678").unwrap();
        // One left-to-right level over the whole number, spaces included.
        assert!(l.per_byte[plus..last + 4].iter().all(|v| v.number() == 2));
        let ltr = isolate_ltr_stretches("call +20 2 1234 5678".into(), Direction::Ltr);
        assert!(!ltr.contains('\u{2066}'));
    }

    #[test]
    fn pieces_reorder() {
        let (r, l) = (Level::rtl(), Level::new(2).unwrap());
        // RTL paragraph: word, number, word → visually word2, number, word1.
        assert_eq!(visual_order(&[r, l, r]), [2, 1, 0]);
    }
}
