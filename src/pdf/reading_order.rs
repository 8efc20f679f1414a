//! The content order of a right-to-left line, and the invisible marks that let every common
//! text extractor read it back in logical order.
//!
//! Extractors rebuild a line in different ways, and each gets a mixed line («عام 2014، وانضمت»,
//! «قالت Apple اليوم») wrong in its own way when the glyphs are simply drawn left to right:
//! - pypdf reads characters in content order, reversing each right-to-left stretch: runs must
//!   come in logical order;
//! - MuPDF guesses each character's direction from the first character of its text, starts a
//!   new line at a jump of 0.8 em between characters of one direction, and reverses each
//!   right-to-left stretch of a line;
//! - pdf.js makes one item per text chunk, runs its bidi over each (ALM is a strong
//!   right-to-left character to it), forgets a pending space at a backward jump, and skips text
//!   that ends in a format character;
//! - PDFium sorts a line's text objects by x, reverses right-to-left segments and *mirrors* the
//!   brackets in them, and keeps digits, «،» and «٪» forward with their neighbours;
//! - poppler rebuilds lines from geometry alone and moves the neutral characters left of a
//!   number or a Latin word to the number's other side.
//!
//! What reads right in all five (measured in `docs/text-extraction.md`), glyphs left where
//! HarfBuzz put them:
//! 1. the line is cut into chunks: maximal runs of one direction and one face, and every
//!    mirrored bracket or guillemet alone; each chunk is a text object of its own, drawn left
//!    to right, and the chunks come in logical order (the rightmost first);
//! 2. in right-to-left chunks a space stands for ARABIC LETTER MARK + space, and neutral
//!    punctuation («:», «.», quotation marks) for ALM + itself, as do «،», «٪» and the
//!    mirrored characters anywhere: an ALM right before them stops poppler's backward scan and
//!    starts a right-to-left stretch for pypdf and MuPDF; digit groups of a left-to-right chunk
//!    are joined by a no-break space, which PDFium keeps in order;
//! 3. zero-width marks at a chunk's left edge, drawn with the space glyph: a right-to-left
//!    chunk opens with LRM if a mirrored character lies just left of it (PDFium then sees a
//!    left-to-right context and does not mirror it; a mirrored character that opens the line,
//!    and any in a left-to-right line's right-to-left stretch, carries that LRM itself at its
//!    right edge), PDI if the chunk before it in content was
//!    right to left too (a direction switch for MuPDF, so no new line), and ALM; a
//!    left-to-right chunk opens with PDI + ALM, and ends with a zero-width ALM when the next
//!    chunk opens with LRM.
//!
//! 4. where a right-to-left chunk's first glyph carries an ALM of its own (a space or a neutral,
//!    rule 2) right after the chunk's opening ALM, its ALM becomes RLM: MuPDF drops a character
//!    repeated on the same spot as fake bold, and the space behind it;
//! 5. inside a right-to-left chunk, a zero-width ALM between a separator or terminator and a
//!    haraka's slot on its right (`part_separators_from_marks`): PDFium counts both as one weak
//!    class and read «مساءً.» as «مساء.ً».
//!
//! Extracted text therefore holds these invisible bidi controls (ALM before spaces, LRM, PDI);
//! they draw nothing and every extractor's output reads as written.

use super::text::{DrawGlyph, DrawnUnit, Ink};
use crate::frame::GlyphRun;
use crate::text::chars::is_mark;

const ALM: char = '\u{061C}';
const LRM: char = '\u{200E}';
const PDI: char = '\u{2069}';
const RLM: char = '\u{200F}';

/// A chunk in the making: glyphs in drawing order, with what the marks need to know.
struct Chunk {
    glyphs: Vec<DrawGlyph>,
    rtl: bool,
    mirrored: bool,
    /// The chunk just left of this one on the page is a mirrored character.
    after_mirrored: bool,
    /// An emoji, set as a left-to-right chunk of its own between LRMs.
    emoji: bool,
}

/// The text objects of one right-to-left line, in content order; `runs` are the line's runs in
/// visual order with their units as drawn.
pub(crate) fn rtl_line(
    runs: Vec<(&GlyphRun, Vec<DrawnUnit>)>,
    space_glyph: &dyn Fn(u16) -> Option<u16>,
) -> Vec<Vec<DrawGlyph>> {
    let chunks = visual_chunks(runs, space_glyph);

    let chunks = rightmost_first(chunks);
    let marks: Vec<(Vec<DrawGlyph>, Vec<DrawGlyph>)> = (0..chunks.len())
        .map(|k| marks_around(&chunks, k, space_glyph))
        .collect();
    chunks
        .into_iter()
        .zip(marks)
        .filter(|(chunk, _)| !chunk.glyphs.is_empty())
        .map(|(mut chunk, (mut glyphs, after))| {
            // A chunk that opens with a space or a neutral carrying its own ALM, right after the
            // ALM that opens the chunk: MuPDF takes the second ALM on the same spot for fake
            // bold and drops it, with the space. Its own mark becomes an RLM, which reads the
            // same in every extractor.
            if let (Some(mark), Some(first)) = (glyphs.last(), chunk.glyphs.first_mut()) {
                if mark.text.ends_with(ALM) {
                    if let Some(rest) = first.text.strip_prefix(ALM) {
                        first.text = format!("{RLM}{rest}");
                    }
                }
            }
            glyphs.extend(chunk.glyphs);
            glyphs.extend(after);
            glyphs
        })
        .collect()
}

/// The text objects of a left-to-right line that holds right-to-left text («The Cairo daily
/// «المختبر» first…», «SpaceX تطلق…»), in content order: the mirror image of [`rtl_line`].
/// Chunks come left to right, except that each stretch of right-to-left chunks comes
/// rightmost first; its spaces and neutrals carry an ALM as in a right-to-left line, and each
/// right-to-left chunk opens with an ALM (after a PDI when the chunk before it in content is
/// right to left too), each left-to-right chunk after one with an LRM.
pub(crate) fn ltr_line(
    runs: Vec<(&GlyphRun, Vec<DrawnUnit>)>,
    space_glyph: &dyn Fn(u16) -> Option<u16>,
) -> Vec<Vec<DrawGlyph>> {
    let chunks = visual_chunks(runs, space_glyph);
    // A number between two right-to-left chunks («فالكون 9» «بمرصد»), and Arabic-Indic digits
    // next to one, sit inside their stretch (UAX #9 W2, I1: level 2); a Latin word is at the
    // line's own level.
    let embedded = |k: usize| {
        use unicode_bidi::BidiClass::AN;
        let c = &chunks[k];
        let before = k > 0 && chunks[k - 1].rtl;
        let after = chunks.get(k + 1).is_some_and(|n| n.rtl);
        let arabic_digits = c
            .glyphs
            .iter()
            .flat_map(|g| g.text.chars())
            .any(|ch| unicode_bidi::bidi_class(ch) == AN);
        !c.rtl && !has_letters(c) && ((before && after) || (arabic_digits && (before || after)))
    };
    let in_stretch: Vec<bool> = (0..chunks.len())
        .map(|k| chunks[k].rtl || embedded(k))
        .collect();
    let mut ordered: Vec<Chunk> = Vec::with_capacity(chunks.len());
    let mut rest = chunks.into_iter().zip(in_stretch).peekable();
    while let Some((chunk, stretch)) = rest.next() {
        if !stretch {
            ordered.push(chunk);
            continue;
        }
        let mut group = vec![chunk];
        while let Some((next, _)) = rest.next_if(|(_, s)| *s) {
            group.push(next);
        }
        ordered.extend(rightmost_first(group));
    }
    let mut out = Vec::with_capacity(ordered.len());
    for k in 0..ordered.len() {
        let chunk = &ordered[k];
        let (Some(first), Some(_)) = (chunk.glyphs.first(), chunk.glyphs.last()) else {
            continue;
        };
        let left = chunk
            .glyphs
            .iter()
            .map(|g| g.x)
            .fold(f32::INFINITY, f32::min);
        let mut glyphs = Vec::with_capacity(chunk.glyphs.len() + 2);
        let prev_rtl = k > 0 && ordered[k - 1].rtl;
        let next_rtl = ordered.get(k + 1).is_some_and(|c| c.rtl);
        if chunk.rtl && chunk.mirrored {
            // As in a right-to-left line: an LRM just right of a mirrored character keeps
            // PDFium from mirroring it.
            let right = chunk
                .glyphs
                .iter()
                .map(|g| g.x + g.width)
                .fold(f32::NEG_INFINITY, f32::max);
            glyphs.push(marker(first, LRM.to_string(), right, space_glyph));
        }
        if chunk.rtl {
            let text = if prev_rtl {
                format!("{PDI}{ALM}")
            } else {
                ALM.to_string()
            };
            glyphs.push(marker(first, text, left, space_glyph));
        } else if prev_rtl && next_rtl {
            glyphs.push(marker(first, format!("{PDI}{ALM}"), left, space_glyph));
        } else if prev_rtl && ordered[k..].iter().take_while(|c| !c.rtl).any(has_letters) {
            // Back at the line's own level, before Latin words: poppler needs the switch
            // marked; PDFium, given an LRM before a closing bracket that ends the line
            // («(ملكية عامة)»), reads the words before it in the wrong order.
            glyphs.push(marker(first, LRM.to_string(), left, space_glyph));
        }
        glyphs.extend(chunk.glyphs.iter().cloned());
        out.push(glyphs);
    }
    out
}

/// Right-to-left chunks in logical order (UAX #9 L2 for levels 1 and 2): the rightmost chunk
/// first, except that neighbouring left-to-right chunks («Falcon» and «9», «1» «.» «5» in two
/// faces) keep their left-to-right order.
fn rightmost_first(mut chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut ordered = Vec::with_capacity(chunks.len());
    while let Some(last) = chunks.pop() {
        if last.rtl {
            ordered.push(last);
            continue;
        }
        let mut group = vec![last];
        while chunks.last().is_some_and(|c| !c.rtl) {
            group.extend(chunks.pop());
        }
        ordered.extend(group.into_iter().rev());
    }
    ordered
}

/// Whether a chunk holds a strong left-to-right character (a Latin letter).
fn has_letters(chunk: &Chunk) -> bool {
    chunk
        .glyphs
        .iter()
        .flat_map(|g| g.text.chars())
        .any(|c| c != LRM && unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::L)
}

/// A line's chunks in visual order (left to right): maximal runs of one direction and face,
/// every mirrored character and every emoji alone.
fn visual_chunks(
    runs: Vec<(&GlyphRun, Vec<DrawnUnit>)>,
    space_glyph: &dyn Fn(u16) -> Option<u16>,
) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::new();
    for (run, units) in runs {
        let mut current = Chunk {
            glyphs: Vec::new(),
            rtl: run.rtl,
            mirrored: false,
            after_mirrored: false,
            emoji: false,
        };
        for unit in units {
            let rtl = run.rtl;
            let glyphs = unit.glyphs.into_iter().map(move |g| tag(g, rtl));
            if unit.mirrored || unit.emoji {
                if !current.glyphs.is_empty() {
                    chunks.push(std::mem::replace(
                        &mut current,
                        Chunk {
                            glyphs: Vec::new(),
                            rtl: run.rtl,
                            mirrored: false,
                            after_mirrored: false,
                            emoji: false,
                        },
                    ));
                }
                chunks.push(Chunk {
                    glyphs: glyphs.collect(),
                    rtl: run.rtl && !unit.emoji,
                    mirrored: unit.mirrored,
                    after_mirrored: false,
                    emoji: unit.emoji,
                });
            } else {
                current.glyphs.extend(glyphs);
            }
        }
        if !current.glyphs.is_empty() {
            chunks.push(current);
        }
    }
    for chunk in chunks.iter_mut().filter(|c| !c.rtl) {
        join_digit_groups(&mut chunk.glyphs);
    }
    for chunk in chunks.iter_mut().filter(|c| c.rtl) {
        part_separators_from_marks(&mut chunk.glyphs, space_glyph);
    }
    for i in 1..chunks.len() {
        chunks[i].after_mirrored = chunks[i - 1].mirrored;
    }

    chunks
}

/// The zero-width marks that go before and after chunk `k` (content order), per the module's
/// notes.
fn marks_around(
    chunks: &[Chunk],
    k: usize,
    space_glyph: &dyn Fn(u16) -> Option<u16>,
) -> (Vec<DrawGlyph>, Vec<DrawGlyph>) {
    let opens_with_lrm = |k: usize| chunks.get(k).is_some_and(|c| c.rtl && c.after_mirrored);
    let chunk = &chunks[k];
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let (Some(first), Some(last)) = (chunk.glyphs.first(), chunk.glyphs.last()) else {
        return (before, after);
    };
    let left = chunk
        .glyphs
        .iter()
        .map(|g| g.x)
        .fold(f32::INFINITY, f32::min);
    let right = chunk
        .glyphs
        .iter()
        .map(|g| g.x + g.width)
        .fold(f32::NEG_INFINITY, f32::max);
    let mark = |text: String| marker(first, text, left, space_glyph);
    let mark_end = |text: String| marker(last, text, right, space_glyph);
    if chunk.rtl {
        if opens_with_lrm(k) || (k == 0 && chunk.mirrored) {
            // A mirrored character that opens the line has no chunk on its right to carry
            // the LRM that keeps PDFium from mirroring it: it carries its own, at its right
            // edge (where the neighbour's would be).
            let x = if k == 0 && chunk.mirrored {
                right
            } else {
                left
            };
            before.push(marker(first, LRM.into(), x, space_glyph));
        }
        if k > 0 && chunks[k - 1].rtl {
            before.push(mark(PDI.into()));
        }
        before.push(mark(ALM.into()));
        return (before, after);
    }
    // A left-to-right stretch (neighbouring chunks in one): an ALM before it, but none between
    // its chunks, where it would cut the stretch for poppler; an LRM at its end when that is a
    // neutral character («(CC0)»), which poppler would otherwise read with the right-to-left
    // text after it and PDFium would mirror.
    let opens = k == 0 || chunks[k - 1].rtl;
    let closes = chunks.get(k + 1).is_none_or(|c| c.rtl);
    if opens {
        if chunk.after_mirrored {
            before.push(mark(LRM.into()));
        }
        before.push(mark(format!("{PDI}{ALM}")));
    }
    if chunk.emoji {
        // PDFium reverses a neutral between right-to-left text, splitting an emoji's UTF-16
        // halves; an LRM on each side makes its context left to right.
        before.push(mark(LRM.into()));
    }
    let ends_neutral = last
        .text
        .chars()
        .last()
        .is_some_and(|c| !is_strong_or_number(c));
    if closes && ends_neutral {
        after.push(mark_end(LRM.into()));
    }
    if closes && opens_with_lrm(k + 1) {
        after.push(mark_end(ALM.into()));
    }
    (before, after)
}

/// The text a glyph of a right-to-left line stands for: in a right-to-left chunk (`rtl`),
/// spaces, neutral punctuation and mirrored characters behind an ALM; anywhere, «،» and «٪»
/// (see the module's notes).
fn tag(mut g: DrawGlyph, rtl: bool) -> DrawGlyph {
    let mut chars = g.text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let neutral = c == ' ' || is_weak_or_neutral(c);
        let mirrored = super::text::is_mirrored(c);
        if (rtl && (neutral || mirrored)) || c == '،' || c == '٪' {
            g.text = format!("{ALM}{c}");
        }
    }
    g
}

/// A strong left-to-right character or a digit: what ends a left-to-right stretch by itself.
fn is_strong_or_number(c: char) -> bool {
    use unicode_bidi::BidiClass::{AN, EN, L};
    matches!(unicode_bidi::bidi_class(c), L | EN | AN)
}

/// Separators, terminators and other neutrals (UAX #9 classes CS, ES, ET, ON): «:», «.», «/»,
/// «-», quotation marks…
fn is_weak_or_neutral(c: char) -> bool {
    use unicode_bidi::BidiClass::{CS, ES, ET, ON};
    matches!(unicode_bidi::bidi_class(c), CS | ES | ET | ON)
}

/// A space between two digits of a left-to-right chunk (the groups of an isolated phone number,
/// «+20 2 1234 5678») stands for a NO-BREAK SPACE: PDFium, which reverses the neutral
/// characters of a right-to-left line, keeps digits joined by one (a common separator, class CS)
/// in order, and every other extractor reads it as a space.
fn join_digit_groups(glyphs: &mut [DrawGlyph]) {
    let digit = |g: &DrawGlyph| g.text.chars().last().is_some_and(|c| c.is_numeric());
    for k in 1..glyphs.len().saturating_sub(1) {
        if glyphs[k].text == " " && digit(&glyphs[k - 1]) && digit(&glyphs[k + 1]) {
            glyphs[k].text = "\u{A0}".into();
        }
    }
}

/// A separator or terminator («.», «،», «:», «%») just left of a haraka's slot — a word that
/// ends in a haraka, followed by punctuation — gets a zero-width ALM between the two.
/// PDFium cuts a line into segments by class and counts digits, separators, terminators and
/// nonspacing marks all as one weak left-to-right class: the two side by side made one
/// segment, read forwards, and the haraka came back after the full stop («مساء.ً»).
/// No other engine reads the ALM as anything but a bidi control.
fn part_separators_from_marks(
    glyphs: &mut Vec<DrawGlyph>,
    space_glyph: &dyn Fn(u16) -> Option<u16>,
) {
    use unicode_bidi::BidiClass::{AN, CS, EN, ES, ET};
    let weak = |g: &DrawGlyph| {
        g.text
            .chars()
            .last()
            .is_some_and(|c| matches!(unicode_bidi::bidi_class(c), CS | ES | ET | EN | AN))
    };
    let mark = |g: &DrawGlyph| g.text.chars().next().is_some_and(is_mark);
    let mut k = 0;
    while k + 1 < glyphs.len() {
        // The mark test first: it is a table lookup and rarely true; `weak` is a search.
        if mark(&glyphs[k + 1]) && weak(&glyphs[k]) {
            let g = &glyphs[k];
            let separator = marker(g, ALM.into(), g.x + g.width, space_glyph);
            glyphs.insert(k + 1, separator);
            k += 1;
        }
        k += 1;
    }
}

/// A zero-width mark at `x` on `like`'s baseline, in `like`'s face and ink, drawn with the
/// face's space glyph (or, in a face without one, with `like`'s glyph, invisible). Sharing the
/// ink of the glyph next to it keeps the mark in that glyph's text-showing operation: PDFium
/// drops a text object of zero width, marks and all.
fn marker(
    like: &DrawGlyph,
    text: String,
    x: f32,
    space_glyph: &dyn Fn(u16) -> Option<u16>,
) -> DrawGlyph {
    let (gid, ink) = match space_glyph(like.font) {
        Some(space) => (space, like.ink),
        None => (like.gid, Ink::Invisible),
    };
    DrawGlyph {
        x,
        gid,
        text,
        width: 0.0,
        ink,
        ..like.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Color;

    fn glyph(text: &str, x: f32, width: f32, ink: Ink) -> DrawGlyph {
        DrawGlyph {
            font: 0,
            size: 10.0,
            color: Color::BLACK,
            x,
            y: 100.0,
            gid: 7,
            text: text.into(),
            width,
            ink,
            slant: 0.0,
        }
    }

    #[test]
    fn a_full_stop_left_of_a_haraka_is_parted_from_it_by_an_alm() {
        // «مساءً.» drawn left to right: the full stop, the tanwin's slot, then its letter.
        let mut glyphs = vec![
            glyph("\u{200F}.", 10.0, 2.0, Ink::Fill),
            glyph("\u{064B}", 12.0, 1.0, Ink::Invisible),
            glyph("\u{0621}", 13.0, 4.0, Ink::Invisible),
        ];
        part_separators_from_marks(&mut glyphs, &|_| Some(3));
        let texts: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, ["\u{200F}.", "\u{061C}", "\u{064B}", "\u{0621}"]);
        // Zero width at the full stop's right edge, drawn with the space glyph in its ink.
        let alm = &glyphs[1];
        assert_eq!(
            (alm.x, alm.width, alm.gid, alm.ink),
            (12.0, 0.0, 3, Ink::Fill)
        );
    }

    #[test]
    fn letters_and_spaces_next_to_a_haraka_get_nothing() {
        let mut glyphs = vec![
            glyph("\u{061C} ", 0.0, 3.0, Ink::Fill),
            glyph("\u{064E}", 3.0, 1.0, Ink::Invisible),
            glyph("\u{0643}", 4.0, 5.0, Ink::Invisible),
            glyph("\u{064F}", 9.0, 1.0, Ink::Invisible),
            glyph("\u{0628}", 10.0, 5.0, Ink::Invisible),
        ];
        let before = glyphs.clone();
        part_separators_from_marks(&mut glyphs, &|_| Some(3));
        assert_eq!(glyphs, before);
    }
}
