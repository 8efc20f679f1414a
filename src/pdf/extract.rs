//! The text layer of set lines: what searching, copying and `pdftotext` give back.
//!
//! The visible glyphs of a [`TextLine`] are drawn without text. Each line's logical text is
//! written once more as invisible text (render mode 3), one character per slot across the
//! line, in the order that makes position-based extractors rebuild it exactly.
//!
//! Poppler (pdftotext, Evince, Okular) sorts a line's characters by position and then reorders
//! them with one rule per page: on a page that is mostly right-to-left it reverses the line but
//! keeps each stretch that starts at a Latin letter or a number ("LTR section": digits, Latin,
//! and the separators «،» «.» «,» «:») in forward order, together with the neutral characters
//! that follow it up to the next Arabic letter. With the glyphs' own text that rule sends
//! «القطري، الشيخ» back as «القطري ،الشيخ» and «عام 2014، وانضمت» as «عام ،2014وانضمت»: the
//! space always lands on the wrong side of a comma or a number. Here the characters are laid
//! out so that the rule gives the logical text back: the line is cut into the sections the rule
//! will find, each placed in the order the rule reads it. A section the rule would end on a
//! neutral character (a space after «،») cannot exist, so it is closed with an invisible
//! LEFT-TO-RIGHT MARK (U+200E), which extractors pass through as a zero-width control.

use unicode_bidi::{bidi_class, BidiClass};

use super::text::{DrawGlyph, Ink, TextBlock};
use crate::layout::frame::{Item, Page, TextLine};

/// Closes a left-to-right section that would otherwise end on a neutral character.
const LRM: char = '\u{200E}';

/// Poppler's character classes (`unicodeTypeL`, `unicodeTypeR`, `unicodeTypeNum`).
fn is_l(c: char) -> bool {
    bidi_class(c) == BidiClass::L
}

fn is_r(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

fn is_num(c: char) -> bool {
    // No-break spaces are separators (CS) to Unicode but neutral to poppler.
    !c.is_whitespace()
        && matches!(
            bidi_class(c),
            BidiClass::EN | BidiClass::AN | BidiClass::CS | BidiClass::ES | BidiClass::ET
        )
}

/// Whether poppler will read `page` as left-to-right: more Latin letters than Arabic and
/// Hebrew ones, counted over all its text, as poppler counts.
pub(crate) fn page_is_ltr(page: &Page) -> bool {
    let mut count: i64 = 0;
    let mut tally = |s: &str| {
        for c in s.chars() {
            if is_l(c) {
                count += 1;
            } else if is_r(c) {
                count -= 1;
            }
        }
    };
    for item in &page.items {
        match item {
            Item::Line(line) => tally(&line.text),
            Item::Glyphs(run) => run.glyphs.iter().for_each(|g| tally(&g.text)),
            _ => {}
        }
    }
    count >= 0
}

/// The characters of `text` (logical order) in the left-to-right order that poppler's
/// reordering turns back into `text`; spaces stay as `' '` (they become gaps).
pub(crate) fn visual_order(text: &str, page_ltr: bool) -> Vec<char> {
    let c: Vec<char> = text.chars().collect();
    let strong_or_num = |ch: char| is_l(ch) || is_num(ch);
    // Cut the logical text into the sections poppler's reordering produces, in reading order:
    // forward sections (no R) and reversed sections (no L or number). (reversed?, chars)
    let mut sections: Vec<(bool, Vec<char>)> = Vec::new();
    let mut i = 0;
    if page_ltr {
        // Poppler scans from the left: a forward section runs to the next R; a reversed one to
        // the next L or number. So a reversed section must end (in reading order) on an R, and
        // a forward section after it must start on an L or a number.
        while i < c.len() {
            let s = i;
            while i < c.len() && !is_r(c[i]) {
                i += 1;
            }
            let mut fwd = c[s..i].to_vec();
            if !sections.is_empty() && fwd.first().is_some_and(|&ch| !strong_or_num(ch)) {
                fwd.insert(0, LRM);
            }
            if !fwd.is_empty() {
                sections.push((false, fwd));
            }
            let s = i;
            while i < c.len() && !strong_or_num(c[i]) {
                i += 1;
            }
            let mut e = i;
            while e > s && !is_r(c[e - 1]) {
                e -= 1;
            }
            if e > s {
                sections.push((true, c[s..e].to_vec()));
            }
            // Neutrals after the last R open the next forward section (with an LRM). A reversed
            // section starts on the R that ended the forward one, so it is never empty here.
            if e > s {
                i = e;
            }
        }
        let mut out = Vec::with_capacity(c.len() + 4);
        for (reversed, s) in sections {
            if reversed {
                out.extend(s.iter().rev());
            } else {
                out.extend(s);
            }
        }
        out
    } else {
        // Poppler scans from the right: a reversed section runs to the next L or number, a
        // forward one (read in its own order) to the next R. A forward section therefore ends
        // on an L or a number: one that would end on a neutral (a space after «،») gets an LRM.
        while i < c.len() {
            let s = i;
            while i < c.len() && !strong_or_num(c[i]) {
                i += 1;
            }
            if i > s {
                sections.push((true, c[s..i].to_vec()));
            }
            let s = i;
            while i < c.len() && !is_r(c[i]) {
                i += 1;
            }
            if i > s {
                let mut fwd = c[s..i].to_vec();
                if fwd.last().is_some_and(|&ch| !strong_or_num(ch)) {
                    fwd.push(LRM);
                }
                sections.push((false, fwd));
            }
        }
        // The first section is the rightmost.
        let mut out = Vec::with_capacity(c.len() + 4);
        for (reversed, s) in sections.into_iter().rev() {
            if reversed {
                out.extend(s.iter().rev());
            } else {
                out.extend(s);
            }
        }
        out
    }
}

/// Adds `line` to `block`: its visible glyphs without text, and its text layer.
pub(crate) fn add_line(
    line: &TextLine,
    page_height: f32,
    page_ltr: bool,
    nominal: &dyn Fn(u16, char) -> Option<u16>,
    block: &mut TextBlock,
) {
    for run in &line.runs {
        block
            .silent
            .extend(super::text::visible_glyphs(run, page_height));
    }
    block
        .speaking
        .extend(text_layer(line, page_height, page_ltr, nominal));
}

/// The invisible glyphs that carry `line`'s text: one slot per character across the line's
/// extent, spaces as gaps of a third of an em.
pub(crate) fn text_layer(
    line: &TextLine,
    page_height: f32,
    page_ltr: bool,
    nominal: &dyn Fn(u16, char) -> Option<u16>,
) -> Vec<DrawGlyph> {
    let Some(first) = line.runs.first() else {
        return Vec::new();
    };
    let visual = visual_order(&line.text, page_ltr);
    if visual.is_empty() {
        return Vec::new();
    }
    let left = line
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(move |g| r.origin.x + g.x))
        .fold(f32::INFINITY, f32::min);
    let right = line
        .runs
        .iter()
        .flat_map(|r| {
            r.glyphs
                .iter()
                .map(move |g| r.origin.x + g.x + g.advance.max(0.0))
        })
        .fold(f32::NEG_INFINITY, f32::max);
    let size = line.runs.iter().map(|r| r.size).fold(0.0, f32::max);
    let (left, right) = if left.is_finite() && right > left {
        (left, right)
    } else {
        (first.origin.x, first.origin.x + size)
    };
    let gap = size / 3.0;
    let spaces = visual.iter().filter(|&&c| c == ' ').count();
    let slots = visual.len() - spaces;
    let slot = ((right - left - gap * spaces as f32) / slots.max(1) as f32).max(size * 0.15);
    let baseline = page_height - first.origin.y;
    let mut x = left;
    let mut out = Vec::with_capacity(slots);
    for c in visual {
        if c == ' ' {
            x += gap;
            continue;
        }
        // The character's own glyph in one of the line's fonts keeps the ToUnicode maps small;
        // any glyph would do, since this text is never painted.
        let (font, gid) = line
            .runs
            .iter()
            .find_map(|r| nominal(r.font.0, c).map(|g| (r.font.0, g)))
            .unwrap_or((first.font.0, nominal(first.font.0, ' ').unwrap_or(1)));
        out.push(DrawGlyph {
            font,
            size,
            color: first.color,
            x,
            y: baseline,
            gid,
            text: c.to_string(),
            ink: Ink::Invisible { width: slot },
        });
        x += slot;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Poppler's `reorderText` for a page read right to left, on characters in visual order.
    fn poppler_rtl(visual: &[char]) -> String {
        let mut out = String::new();
        let mut i = visual.len() as isize - 1;
        while i >= 0 {
            let mut j = i;
            while j >= 0 && !(is_l(visual[j as usize]) || is_num(visual[j as usize])) {
                j -= 1;
            }
            for k in ((j + 1)..=i).rev() {
                out.push(visual[k as usize]);
            }
            i = j;
            let mut e = i;
            while e >= 0 && !is_r(visual[e as usize]) {
                e -= 1;
            }
            for k in (e + 1)..=i {
                out.push(visual[k as usize]);
            }
            i = e;
        }
        out
    }

    /// Poppler's `reorderText` for a page read left to right.
    fn poppler_ltr(visual: &[char]) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < visual.len() {
            let mut j = i;
            while j < visual.len() && !is_r(visual[j]) {
                j += 1;
            }
            out.extend(&visual[i..j]);
            i = j;
            let mut e = i;
            while e < visual.len() && !(is_l(visual[e]) || is_num(visual[e])) {
                e += 1;
            }
            out.extend(visual[i..e].iter().rev());
            i = e;
        }
        out
    }

    const LINES: &[&str] = &[
        "اجتمع نائب رئيس مجلس الوزراء وزير الخارجية القطري، الشيخ محمد",
        "«داعش» عام 2014، وانضمت إلى عضويته 83 دولة تلتزم",
        "قال 25 مسؤولاً في NATO عام 2026",
        "وذلك بحضور وزراء خارجية 40 دولة رئيسية من أعضائه.",
        "DSCOVR will give us a clearer view, 15 to 60 minutes ahead.",
        "بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ",
        "Falcon 9 (SpaceX) — صاروخ «فالكون 9»: الإطلاق 11 فبراير 2015",
        "NATO",
        "، ،",
        "من بؤر تنظيم داعش في العراق وسوريا\"،\u{a0}إلى",
        "1. الإطلاق: 11 فبراير 2015",
    ];

    #[test]
    fn poppler_gives_back_the_logical_text_on_both_kinds_of_page() {
        for line in LINES {
            for ltr in [false, true] {
                let visual = visual_order(line, ltr);
                let back = if ltr {
                    poppler_ltr(&visual)
                } else {
                    poppler_rtl(&visual)
                };
                let back: String = back.chars().filter(|&c| c != LRM).collect();
                assert_eq!(&back, line, "page ltr = {ltr}");
            }
        }
    }
}
