//! Turning glyph runs into the glyphs the PDF draws, and deciding which glyph carries which text.
//!
//! Rendering only needs each glyph's id and position. Text extraction (search, copy, `pdftotext`)
//! needs more: extractors such as poppler rebuild words from the *sequence* of drawn glyphs and
//! their geometry. Poppler starts a new word when a glyph's origin lies within 0.1 em of the
//! previous glyph's origin (it takes that for duplicated text), so a zero-width glyph that carries
//! text — a haraka, or Noto Naskh's alef drawn over its lam in «لا» — splits the word around it
//! («ب ِس ْ ِم»). So every glyph that has (nearly) no advance or whose text is only combining marks
//! hands its text to the spacing glyph before it in logical order, and is itself drawn without
//! text, after the other glyphs of the page, where its position can no longer cut a word.
//! Rendering is unchanged: positions are absolute and glyphs of one colour may be drawn in any
//! order.

use unicode_bidi::{bidi_class, BidiClass};

use crate::layout::frame::{Color, GlyphRun};

/// A glyph that carries less than this fraction of an em of advance cannot stand alone for
/// poppler: its origin would fall within poppler's duplicate-glyph distance (0.1 em) of its
/// neighbour's. A small margin above poppler's threshold absorbs rounding.
const MIN_SPACING_ADVANCE_EM: f32 = 0.12;

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

/// Converts a page's consecutive glyph runs into drawn glyphs. `page_height` flips y.
///
/// Runs that share a baseline are drawn left to right, so that a word split over two runs (a
/// font change inside a word) still reaches the extractor as consecutive glyphs.
pub(crate) fn block_from_runs(runs: &[&GlyphRun], page_height: f32) -> TextBlock {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    // Group consecutive runs on one baseline; sort each group by x, keep group order.
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
        add_run(runs[i], page_height, &mut block);
    }
    block
}

fn add_run(run: &GlyphRun, page_height: f32, block: &mut TextBlock) {
    let n = run.glyphs.len();
    // Extraction text per glyph, after handing marks and zero-width glyphs' text to their base.
    let mut texts: Vec<String> = run.glyphs.iter().map(|g| g.text.clone()).collect();
    let logical: Vec<usize> = if run_is_rtl(run) {
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

    for (g, text) in run.glyphs.iter().zip(texts) {
        let glyph = DrawGlyph {
            font: run.font.0,
            size: run.size,
            color: run.color,
            x: run.origin.x + g.x,
            y: page_height - (run.origin.y + g.y),
            gid: g.id,
            text,
        };
        if glyph.text.is_empty() {
            block.silent.push(glyph);
        } else {
            block.speaking.push(glyph);
        }
    }
}
