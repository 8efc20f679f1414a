//! Character classes the stages agree on, so that "a space", "a mark" or "invisible" mean the
//! same thing to cleaning, itemizing, glyph text and justification.

use unicode_bidi::BidiClass;

/// Default-ignorable code points (Unicode's `Default_Ignorable_Code_Point`): bidi controls, ZWJ,
/// ZWNJ, variation selectors, soft hyphen… HarfBuzz hides them (zero-advance space glyph), so no
/// font needs to cover them and they never give glyph text.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A character that stands for no text when copied: a default-ignorable one, except the ZERO
/// WIDTH NON-JOINER, which draws nothing but spells Persian words («می‌شود», «بین‌المللی»)
/// and so is kept as text on the glyph HarfBuzz hides it in.
pub fn carries_no_text(c: char) -> bool {
    c != '\u{200C}' && is_default_ignorable(c)
}

/// An emoji or a part of an emoji sequence (pictographs, regional indicators, skin tones,
/// the keycap mark), by block: enough to keep a sequence's code points together and in order.
pub fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}'
        | '\u{20E3}' | '\u{E0020}'..='\u{E007F}')
}

/// A visible space separator (general category Zs, not zero width). These give the glyph text
/// " " and are what justification stretches.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// A combining mark that sits on the preceding letter: harakat, accents (bidi class NSM covers
/// the nonspacing and enclosing marks).
pub fn is_mark(c: char) -> bool {
    super::props::bidi_class(c) == BidiClass::NSM
}

/// The character continues the cluster of the one before it (a mark, a joiner, a variation
/// selector, an emoji modifier), so it must be shaped in the same font.
pub fn extends_cluster(c: char) -> bool {
    is_mark(c)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// What a character becomes in a paragraph before shaping: line and paragraph separators and
/// tabs inside a paragraph become spaces (a paragraph is one block of running text), other C0/C1
/// controls are dropped (they are never text and no font draws them).
pub enum Cleaned {
    Keep(char),
    Space,
    Drop,
}

pub fn clean(c: char) -> Cleaned {
    match c {
        '\t'
        | '\n'
        | '\r'
        | '\u{0B}'
        | '\u{0C}'
        | '\u{1C}'..='\u{1F}'
        | '\u{85}'
        | '\u{2028}'
        | '\u{2029}' => Cleaned::Space,
        c if c.is_control() => Cleaned::Drop,
        c => Cleaned::Keep(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_mark('\u{0650}') && is_mark('\u{0651}') && is_mark('\u{0301}'));
        assert!(!is_mark('ب') && !is_mark(' '));
        assert!(is_default_ignorable('\u{202E}') && is_default_ignorable('\u{200D}'));
        assert!(!is_default_ignorable('ا'));
        assert!(is_space(' ') && is_space('\u{A0}') && !is_space('\u{200B}'));
        assert!(
            extends_cluster('\u{200D}') && extends_cluster('\u{064E}') && !extends_cluster('a')
        );
        assert!(matches!(clean('\n'), Cleaned::Space) && matches!(clean('\0'), Cleaned::Drop));
    }
}
