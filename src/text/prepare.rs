//! Stage 0: make any string safe to shape.
//!
//! Runs before bidi so that every later stage works on one text whose byte offsets never change:
//! - separators and tabs inside a paragraph become spaces, other controls are dropped;
//! - runs of spaces collapse to one and the ends are trimmed, as HTML does (article text comes
//!   from HTML and JSON, where line wrapping and indentation are not meant to be seen);
//! - a character that no face of the role's chain covers is dropped and reported in `missing`
//!   (each once, in order of appearance). Dropping, not drawing `.notdef`, is the policy: a box in
//!   a printed newspaper is worse than a missing symbol, and the caller warns naming the article.
//!
//! Default-ignorable characters (bidi controls, ZWJ, ZWNJ) are kept: bidi needs the controls and
//! HarfBuzz needs the joiners; both are hidden when shaped.

use super::chars::{clean, is_default_ignorable, Cleaned};
use super::fonts::{FontId, FontSet};

/// The paragraph as it will be shaped, and what had to be left out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prepared {
    pub text: String,
    pub missing: Vec<char>,
    /// The inline style of each byte of `text`, carried from the input's `styles` (empty when
    /// that was empty): a collapsed run of spaces keeps its first space's style.
    pub styles: Vec<u32>,
}

/// `styles` gives the inline style of each byte of `text`, or is empty (no inline styles).
pub(crate) fn prepare(text: &str, fonts: &FontSet, chain: &[FontId], styles: &[u32]) -> Prepared {
    let mut out = String::with_capacity(text.len());
    let mut missing = Vec::new();
    let mut out_styles = Vec::with_capacity(if styles.is_empty() { 0 } else { text.len() });
    for (i, c) in text.char_indices() {
        let c = match clean(c) {
            Cleaned::Drop => continue,
            Cleaned::Space => ' ',
            Cleaned::Keep(c) => c,
        };
        let style = styles.get(i).copied();
        if c == ' ' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
                out_styles.extend(style);
            }
            continue;
        }
        if !is_default_ignorable(c) && !chain.iter().any(|&f| fonts.covers(f, c)) {
            if !missing.contains(&c) {
                missing.push(c);
            }
            continue;
        }
        out.push(c);
        if let Some(style) = style {
            out_styles.extend(std::iter::repeat_n(style, c.len_utf8()));
        }
    }
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out_styles.truncate(trimmed);
    Prepared {
        text: out,
        missing,
        styles: out_styles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FontRole;

    fn prep(s: &str) -> Prepared {
        let fonts = FontSet::builtin();
        prepare(s, &fonts, fonts.chain(FontRole::Body), &[])
    }

    #[test]
    fn whitespace_is_collapsed_and_controls_dropped() {
        assert_eq!(
            prep("  قال\n\tالوزير  \u{0}اليوم \r\n").text,
            "قال الوزير اليوم"
        );
        assert_eq!(prep("   ").text, "");
        assert_eq!(prep("").text, "");
        // Bidi controls and joiners stay for bidi and shaping.
        assert_eq!(
            prep("\u{202E}abc\u{202C}\u{200D}").text,
            "\u{202E}abc\u{202C}\u{200D}"
        );
    }

    #[test]
    fn uncovered_characters_are_dropped_and_reported_once() {
        let p = prep("خبر \u{E000} عاجل 中文 \u{E000}");
        assert_eq!(p.missing, ['\u{E000}', '中', '文']);
        assert_eq!(p.text, "خبر عاجل");
    }

    #[test]
    fn emoji_are_kept_with_their_selectors_and_joiners() {
        let text = "مبروك 🇪🇬❤️ 👍🏽 👨\u{200D}👩\u{200D}👧 1️⃣";
        let p = prep(text);
        assert!(p.missing.is_empty(), "{:?}", p.missing);
        assert_eq!(p.text, text);
    }
}
