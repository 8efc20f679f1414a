//! The Unicode properties the engine asks of every character (bidi class, script), from tables
//! built once for the blocks news text is written in.
//!
//! `unicode_bidi` and `unicode_script` answer by binary search over a few hundred ranges, for
//! every character of every paragraph (and bidi asks again per line); a profile of a 200-article
//! day put those searches at 9% of the PDF's time. Here characters below U+0800 (Latin, Greek,
//! Cyrillic, Hebrew, Arabic and its supplement) and the General Punctuation block (spaces,
//! ZWNJ/ZWJ, bidi controls, quotes) are answered from arrays filled on first use *by those same
//! crates*, so the answers cannot differ; any other character still goes to the crates.

use std::sync::OnceLock;

use unicode_bidi::data_source::BidiMatchedOpeningBracket;
use unicode_bidi::{BidiClass, BidiDataSource, HardcodedBidiData};
use unicode_script::{Script, UnicodeScript};

/// Characters below this are in the first table.
const LOW_END: u32 = 0x0800;
/// The General Punctuation block, the second table.
const PUNCT: std::ops::Range<u32> = 0x2000..0x2070;

/// Both properties of the characters in the tables.
struct Tables {
    low: Vec<(BidiClass, Script)>,
    punct: Vec<(BidiClass, Script)>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let props = |cp: u32| {
            let c = char::from_u32(cp).unwrap_or('\u{FFFD}');
            (unicode_bidi::bidi_class(c), c.script())
        };
        Tables {
            low: (0..LOW_END).map(props).collect(),
            punct: PUNCT.map(props).collect(),
        }
    })
}

/// Both properties of `c`, when a table has it.
fn lookup(c: char) -> Option<(BidiClass, Script)> {
    let cp = u32::from(c);
    if cp < LOW_END {
        Some(tables().low[cp as usize])
    } else if PUNCT.contains(&cp) {
        Some(tables().punct[(cp - PUNCT.start) as usize])
    } else {
        None
    }
}

/// `c`'s bidi class (UAX #9), as `unicode_bidi::bidi_class` gives it.
pub(crate) fn bidi_class(c: char) -> BidiClass {
    lookup(c).map_or_else(|| unicode_bidi::bidi_class(c), |(b, _)| b)
}

/// `c`'s script (UAX #24), as `unicode_script` gives it.
pub(crate) fn script(c: char) -> Script {
    lookup(c).map_or_else(|| c.script(), |(_, s)| s)
}

/// The bidi algorithm's source of classes: [`bidi_class`], brackets as the crate's own.
pub(crate) struct FastBidi;

impl BidiDataSource for FastBidi {
    fn bidi_class(&self, c: char) -> BidiClass {
        bidi_class(c)
    }

    fn bidi_matched_opening_bracket(&self, c: char) -> Option<BidiMatchedOpeningBracket> {
        HardcodedBidiData.bidi_matched_opening_bracket(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_agree_with_the_crates_everywhere_they_answer() {
        for cp in (0..LOW_END).chain(PUNCT).chain(0xFB50..0xFB60) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(bidi_class(c), unicode_bidi::bidi_class(c), "U+{cp:04X}");
            assert_eq!(script(c), c.script(), "U+{cp:04X}");
        }
        assert_eq!(script('ب'), Script::Arabic);
        assert_eq!(bidi_class('\u{200C}'), BidiClass::BN);
        assert_eq!(bidi_class('\u{2067}'), BidiClass::RLI);
    }
}
