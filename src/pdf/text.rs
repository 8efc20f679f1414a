//! Turning glyph runs into the glyphs the PDF draws, and deciding which glyph carries which text.
//!
//! Rendering only needs each glyph's id and position. Text extraction (search, copy, `pdftotext`)
//! rebuilds words from the *sequence* of drawn glyphs and their geometry, and two extractor
//! habits decide how the text must be attached:
//!
//! 1. Poppler starts a new word when a glyph's origin lies within 0.1 em of the previous one's
//!    (it takes that for duplicated text). A zero-width glyph that carries text — a haraka, or
//!    Noto Naskh's alef drawn over its lam in «لا» — would split its word («ب ِس ْ ِم»). So such
//!    glyphs hand their text to the spacing glyph before them in logical order and are drawn
//!    without text, after the page's other glyphs, where they can no longer cut a word.
//! 2. Extractors read right-to-left lines in visual order and reverse them, but disagree about
//!    the characters of *one* glyph: pdf.js expects them in logical order, poppler, MuPDF and
//!    pdfminer reverse them with the rest («لا» comes back «ال»). A glyph that stands for
//!    several characters in a right-to-left word is therefore not given any text; instead the
//!    word's characters are written one per glyph as invisible text (render mode 3) spread
//!    evenly over the word's width, in visual order. Every extractor then sees one character per
//!    glyph where it expects it, and the visible glyphs stay exactly as shaped.
//!
//! What no writer can fix: poppler 22 reorders a right-to-left line by reversing it and keeping
//! runs of left-to-right or number characters (Latin, digits, and «،» «.» «:» «,») forward, each
//! run taking the neutral characters to its left along. Such a run is therefore always followed
//! by a right-to-left letter in its output, never by a space: «القطري، الشيخ» comes back
//! «القطري ،الشيخ» and «قال 25 مسؤولاً» as «قال  25مسؤولاً», whatever the PDF contains. The Arabic
//! letters and harakat themselves come back exactly.

use unicode_bidi::{bidi_class, BidiClass};

use crate::layout::frame::{Color, GlyphRun};

/// A glyph that carries less than this fraction of an em of advance cannot stand alone for
/// poppler: its origin would fall within poppler's duplicate-glyph distance (0.1 em) of its
/// neighbour's. A small margin above poppler's threshold absorbs rounding.
const MIN_SPACING_ADVANCE_EM: f32 = 0.12;

/// How a glyph is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Ink {
    /// Drawn as shaped.
    Visible,
    /// Invisible text standing for one character, `width` points wide: exists for extraction.
    Invisible { width: f32 },
}

/// One glyph as the PDF draws it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DrawGlyph {
    /// Index into the face list.
    pub font: u16,
    pub size: f32,
    pub color: Color,
    /// Origin in PDF user space (points, bottom-left origin, y up).
    pub x: f32,
    pub y: f32,
    /// Glyph id in the original font.
    pub gid: u16,
    /// The text this glyph stands for in extraction; empty for none.
    pub text: String,
    pub ink: Ink,
}

/// The glyphs of a stretch of text (runs with no image or rule between them), in drawing order.
#[derive(Debug, Default)]
pub(crate) struct TextBlock {
    /// Glyphs that carry text, line by line in visual order.
    pub speaking: Vec<DrawGlyph>,
    /// Glyphs without text, drawn after the others.
    pub silent: Vec<DrawGlyph>,
}

/// Is `c` a combining mark (harakat, shadda, Latin combining accents)? Those never start a unit
/// of their own for extraction.
fn is_mark(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::NSM)
}

/// Does the run read right to left? Decided by its first strong character, because the text
/// engine splits runs at every change of bidi level, so one run has one direction.
fn run_is_rtl(run: &GlyphRun) -> bool {
    for c in run.glyphs.iter().flat_map(|g| g.text.chars()) {
        match bidi_class(c) {
            BidiClass::R | BidiClass::AL => return true,
            BidiClass::L => return false,
            _ => {}
        }
    }
    false
}

/// Converts a page's consecutive glyph runs into drawn glyphs. `page_height` flips y;
/// `nominal` gives a face's glyph for a character (for invisible text; any glyph would do, but
/// the character's own keeps the ToUnicode maps free of conflicts).
///
/// Runs that share a baseline are drawn left to right, so that a word split over two runs (a
/// font change inside a word) still reaches the extractor as consecutive glyphs.
pub(crate) fn block_from_runs(
    runs: &[&GlyphRun],
    page_height: f32,
    nominal: &dyn Fn(u16, char) -> Option<u16>,
) -> TextBlock {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    let mut start = 0;
    while start < order.len() {
        let base = runs[order[start]].origin.y;
        let mut end = start + 1;
        while end < order.len() && (runs[order[end]].origin.y - base).abs() < 0.01 {
            end += 1;
        }
        order[start..end].sort_by(|&a, &b| runs[a].origin.x.total_cmp(&runs[b].origin.x));
        start = end;
    }

    let mut block = TextBlock::default();
    for &i in &order {
        add_run(runs[i], page_height, nominal, &mut block);
    }
    block
}

/// Each glyph's extraction text after handing the text of marks and zero-width glyphs to the
/// spacing glyph before them in logical order.
fn merged_texts(run: &GlyphRun, rtl: bool) -> Vec<String> {
    let n = run.glyphs.len();
    let mut texts: Vec<String> = run.glyphs.iter().map(|g| g.text.clone()).collect();
    let logical: Vec<usize> = if rtl {
        (0..n).rev().collect()
    } else {
        (0..n).collect()
    };
    let min_advance = MIN_SPACING_ADVANCE_EM * run.size;
    let mut anchor: Option<usize> = None;
    for &i in &logical {
        let g = &run.glyphs[i];
        if g.text.is_empty() {
            continue;
        }
        let dependent = g.text.chars().all(is_mark) || g.advance.abs() < min_advance;
        match (dependent, anchor) {
            (true, Some(a)) => {
                let moved = std::mem::take(&mut texts[i]);
                texts[a].push_str(&moved);
            }
            _ => anchor = Some(i),
        }
    }
    texts
}

/// A run's glyphs as drawn, in PDF space (y up), without text yet.
pub(crate) fn visible_glyphs(
    run: &GlyphRun,
    page_height: f32,
) -> impl Iterator<Item = DrawGlyph> + '_ {
    run.glyphs.iter().map(move |g| DrawGlyph {
        font: run.font.0,
        size: run.size,
        color: run.color,
        x: run.origin.x + g.x,
        y: page_height - (run.origin.y + g.y),
        gid: g.id,
        text: String::new(),
        ink: Ink::Visible,
    })
}

fn add_run(
    run: &GlyphRun,
    page_height: f32,
    nominal: &dyn Fn(u16, char) -> Option<u16>,
    block: &mut TextBlock,
) {
    let rtl = run_is_rtl(run);
    let mut texts = merged_texts(run, rtl);
    let baseline = page_height - run.origin.y;
    let mut glyphs: Vec<DrawGlyph> = visible_glyphs(run, page_height).collect();

    // Words: maximal stretches of text-carrying glyphs without whitespace, in visual order.
    let mut carriers: Vec<(usize, Vec<DrawGlyph>)> = Vec::new();
    let mut i = 0;
    while rtl && i < texts.len() {
        let speaks = |t: &String| !t.is_empty() && !t.chars().all(char::is_whitespace);
        if !speaks(&texts[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut members = Vec::new();
        while i < texts.len() && (texts[i].is_empty() || speaks(&texts[i])) {
            if !texts[i].is_empty() {
                members.push(i);
            }
            i += 1;
        }
        if members.iter().all(|&m| texts[m].chars().count() == 1) {
            continue;
        }
        // The word's text in logical order is its units right to left; drawn left to right, one
        // character per slot, it is that text reversed.
        let word: String = members.iter().rev().map(|&m| texts[m].as_str()).collect();
        let visual: Vec<char> = word.chars().rev().collect();
        let left = members
            .iter()
            .map(|&m| glyphs[m].x)
            .fold(f32::INFINITY, f32::min);
        let right = members
            .iter()
            .map(|&m| glyphs[m].x + run.glyphs[m].advance.max(0.0))
            .fold(f32::NEG_INFINITY, f32::max);
        let slot = ((right - left) / visual.len() as f32).max(0.0);
        let invisible = visual
            .iter()
            .enumerate()
            .map(|(k, &c)| DrawGlyph {
                font: run.font.0,
                size: run.size,
                color: run.color,
                x: left + slot * k as f32,
                y: baseline,
                gid: nominal(run.font.0, c).unwrap_or(glyphs[members[0]].gid),
                text: c.to_string(),
                ink: Ink::Invisible { width: slot },
            })
            .collect();
        for &m in &members {
            texts[m].clear();
        }
        carriers.push((start, invisible));
    }

    let mut carriers = carriers.into_iter().peekable();
    for (k, (mut glyph, text)) in glyphs.drain(..).zip(texts).enumerate() {
        if let Some((_, invisible)) = carriers.next_if(|(start, _)| *start == k) {
            block.speaking.extend(invisible);
        }
        glyph.text = text;
        if glyph.text.is_empty() {
            block.silent.push(glyph);
        } else {
            block.speaking.push(glyph);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::frame::{Point, PositionedGlyph};
    use crate::text::FontId;

    fn glyph(id: u16, x: f32, advance: f32, text: &str) -> PositionedGlyph {
        PositionedGlyph {
            id,
            x,
            y: 0.0,
            advance,
            text: text.into(),
        }
    }

    fn run(x: f32, glyphs: Vec<PositionedGlyph>) -> GlyphRun {
        GlyphRun {
            origin: Point { x, y: 100.0 },
            font: FontId(0),
            size: 10.0,
            color: Color::BLACK,
            glyphs,
        }
    }

    fn block(runs: &[GlyphRun]) -> TextBlock {
        let refs: Vec<&GlyphRun> = runs.iter().collect();
        block_from_runs(&refs, 800.0, &|_, c| Some(c as u16))
    }

    fn texts(glyphs: &[DrawGlyph]) -> Vec<&str> {
        glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn single_character_glyphs_speak_for_themselves() {
        // «قال» as three plain glyphs, in visual order (left to right).
        let b = block(&[run(
            0.0,
            vec![
                glyph(3, 0.0, 3.0, "ل"),
                glyph(2, 3.0, 3.0, "ا"),
                glyph(1, 6.0, 4.0, "ق"),
            ],
        )]);
        assert_eq!(texts(&b.speaking), ["ل", "ا", "ق"]);
        assert!(b.silent.is_empty());
        assert!(b.speaking.iter().all(|g| g.ink == Ink::Visible));
        assert_eq!(b.speaking[0].y, 700.0, "y is flipped to PDF space");
    }

    #[test]
    fn a_haraka_and_its_letter_become_invisible_text_in_visual_order() {
        // «بِ»: HarfBuzz gives the kasra first (left), at zero advance, then the beh.
        let b = block(&[run(
            10.0,
            vec![glyph(7, 0.6, 0.0, "\u{650}"), glyph(5, 0.0, 3.0, "ب")],
        )]);
        assert_eq!(texts(&b.speaking), ["\u{650}", "ب"]);
        assert!(b
            .speaking
            .iter()
            .all(|g| g.ink == Ink::Invisible { width: 1.5 }));
        assert_eq!((b.speaking[0].x, b.speaking[1].x), (10.0, 11.5));
        assert_eq!(b.speaking[0].gid, 0x650, "the character's own glyph");
        // Both visible glyphs are drawn without text.
        assert_eq!(texts(&b.silent), ["", ""]);
        assert_eq!(b.silent[1].gid, 5);
    }

    #[test]
    fn a_zero_width_alef_joins_its_lam() {
        // Noto Naskh's «لا»: alef drawn over the lam with no advance of its own.
        let b = block(&[run(
            0.0,
            vec![
                glyph(9, 0.0, 0.0, "ا"),
                glyph(8, 0.0, 5.0, "ل"),
                glyph(1, 5.0, 2.0, " "),
            ],
        )]);
        // Visual order left to right: alef then lam; the space stays a visible space.
        assert_eq!(texts(&b.speaking), ["ا", "ل", " "]);
        assert_eq!(b.speaking[2].ink, Ink::Visible);
    }

    #[test]
    fn left_to_right_ligatures_keep_their_text() {
        let b = block(&[run(
            0.0,
            vec![glyph(4, 0.0, 6.0, "ffi"), glyph(5, 6.0, 4.0, "x")],
        )]);
        assert_eq!(texts(&b.speaking), ["ffi", "x"]);
        assert!(b.speaking.iter().all(|g| g.ink == Ink::Visible));
    }

    #[test]
    fn runs_on_one_baseline_are_drawn_left_to_right() {
        let b = block(&[
            run(50.0, vec![glyph(1, 0.0, 4.0, "ق")]),
            run(10.0, vec![glyph(2, 0.0, 4.0, "2")]),
        ]);
        assert_eq!(texts(&b.speaking), ["2", "ق"]);
    }
}
