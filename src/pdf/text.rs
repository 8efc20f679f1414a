//! Turning set lines into what the PDF draws, each glyph carrying the text it stands for.
//!
//! Text extractors (copy, search, screen readers, `pdftotext`, PDFium, pdf.js, MuPDF, pypdf)
//! rebuild text from the codes drawn, their ToUnicode strings and their boxes, line by line,
//! and then run their own bidi over each line. They agree only on the simple case: one glyph,
//! one character, boxes side by side on one baseline. So every line is drawn from left to
//! right (visual order) as *units*: a glyph that advances, with the zero-width glyphs (harakat,
//! a ligature's second part) that belong to it in reading order.
//! - A unit that is one glyph standing for one character (most letters, digits, spaces), or a
//!   left-to-right ligature such as «fi», is drawn as that glyph with its text, its `/W` width
//!   set to the advance it has on the line (justified spaces included), so there are no gaps
//!   for an extractor to misread.
//! - Any other unit (a letter with harakat, «لا», a Persian word's ZWNJ) is drawn as outlines
//!   (see `outlines`), and its characters are written as invisible text, one per equal slot
//!   across the unit's advance, in visual order: every extractor then meets one character per
//!   box where it expects it. Multi-character ToUnicode strings are avoided in right-to-left
//!   text because extractors disagree on their order (pdf.js and pypdf keep it, poppler,
//!   PDFium and MuPDF reverse it).
//!
//! The pixels are HarfBuzz's: fonts or outlines, every glyph sits where it was shaped.

use crate::frame::{Color, GlyphRun, TextLine};
use crate::text::chars::is_mark;

/// How a glyph with text is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    /// Drawn with its font.
    Fill,
    /// Invisible text (render mode 3) standing in for glyphs drawn as outlines.
    Invisible,
}

/// A glyph drawn with a font, with the text extractors read from it.
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
    /// The text this glyph stands for.
    pub text: String,
    /// Its box's width in points: where the next glyph's box begins.
    pub width: f32,
    pub ink: Ink,
    /// Horizontal shear of a synthesized oblique (the run's `slant`), 0 upright.
    pub slant: f32,
}

/// A glyph drawn from its outline, without text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutlineGlyph {
    pub font: u16,
    pub gid: u16,
    pub size: f32,
    pub color: Color,
    /// Origin in PDF user space.
    pub x: f32,
    pub y: f32,
    pub slant: f32,
}

/// What a stretch of lines draws: text objects of glyphs with text, then outlines.
#[derive(Debug, Default)]
pub(crate) struct TextBlock {
    /// Each a text object of its own, in content order (see `reading_order`).
    pub chunks: Vec<Vec<DrawGlyph>>,
    pub outlines: Vec<OutlineGlyph>,
    /// Baseline (PDF y) of the last line added.
    last_baseline: Option<f32>,
}

/// One unit as drawn: its glyphs with text, in drawing order, and its outlines.
#[derive(Debug, Default)]
pub(crate) struct DrawnUnit {
    pub glyphs: Vec<DrawGlyph>,
    pub outlines: Vec<OutlineGlyph>,
    /// The unit is one character that a right-to-left line draws mirrored («, (…).
    pub mirrored: bool,
    /// The unit is an emoji: one glyph for a sequence of code points (a flag, a skin tone, a
    /// ZWJ family) that must be read in its own order, never reversed with the Arabic around it.
    pub emoji: bool,
}

impl TextBlock {
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty() && self.outlines.is_empty()
    }

    /// Adds a set line. `space_glyph` gives a face's space glyph, which draws the zero-width
    /// markers of right-to-left lines.
    pub fn add_line(
        &mut self,
        line: &TextLine,
        page_height: f32,
        space_glyph: &dyn Fn(u16) -> Option<u16>,
    ) {
        let mut runs: Vec<(&GlyphRun, Vec<DrawnUnit>)> = Vec::with_capacity(line.runs.len());
        let mut k = 0;
        while k < line.runs.len() {
            // Neighbouring runs that make one Arabic-Indic number («٢٠٢٥» «/» «٢٠٢٦» in two
            // faces) are drawn as one unit, carried by the first.
            let number = (k + 1..=line.runs.len())
                .rev()
                .find_map(|end| arabic_number(&line.runs[k..end], page_height).map(|u| (end, u)));
            match number {
                Some((end, unit)) => {
                    runs.push((&line.runs[k], vec![unit]));
                    runs.extend(line.runs[k + 1..end].iter().map(|r| (r, Vec::new())));
                    k = end;
                }
                None => {
                    runs.push((&line.runs[k], run_units(&line.runs[k], page_height)));
                    k += 1;
                }
            }
        }
        for (_, units) in &mut runs {
            for u in units {
                self.outlines.append(&mut u.outlines);
            }
        }
        // Two lines on one baseline (a running head's name and page number): extractors that
        // join a line's pieces without looking at the gap (pdf.js, pypdf) need a space between
        // them, in a text object of its own.
        let first = runs
            .iter()
            .flat_map(|(_, u)| u)
            .flat_map(|u| &u.glyphs)
            .next();
        if let Some(first) = first {
            let baseline = line
                .runs
                .first()
                .map_or(first.y, |r| page_height - r.origin.y);
            if self
                .last_baseline
                .is_some_and(|b| (b - baseline).abs() < 0.5)
            {
                let text = if line.rtl { "\u{061C} " } else { "\u{200E} " };
                let gid = space_glyph(first.font).unwrap_or(first.gid);
                self.chunks.push(vec![DrawGlyph {
                    text: text.into(),
                    gid,
                    width: 0.0,
                    ink: Ink::Invisible,
                    ..first.clone()
                }]);
            }
            self.last_baseline = Some(baseline);
        }
        if line.rtl {
            self.chunks
                .extend(super::reading_order::rtl_line(runs, space_glyph));
        } else if runs.iter().any(|(run, _)| run.rtl) {
            self.chunks
                .extend(super::reading_order::ltr_line(runs, space_glyph));
        } else {
            let chunk: Vec<DrawGlyph> = runs
                .into_iter()
                .flat_map(|(_, units)| units)
                .flat_map(|u| u.glyphs)
                .collect();
            if !chunk.is_empty() {
                self.chunks.push(chunk);
            }
        }
    }
}

/// A run's units as drawn, in visual order (left to right).
fn run_units(run: &GlyphRun, page_height: f32) -> Vec<DrawnUnit> {
    let mut units = units(run);
    if run.rtl {
        units.reverse();
    }
    let at = |k: usize| {
        let g = &run.glyphs[k];
        (run.origin.x + g.x, page_height - (run.origin.y + g.y))
    };
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        let text: String = unit
            .glyphs
            .iter()
            .flat_map(|&k| run.glyphs[k].text.chars())
            .collect();
        let n = text.chars().count();
        let emoji = text.chars().any(crate::text::chars::is_emoji);
        let mut drawn = DrawnUnit {
            mirrored: run.rtl && n == 1 && text.chars().all(is_mirrored),
            emoji,
            ..DrawnUnit::default()
        };
        let simple = unit.glyphs.len() == 1
            && (n == 1 || emoji || (!run.rtl && n > 1 && !text.chars().any(is_mark)));
        if simple {
            let k = unit.glyphs[0];
            let (x, y) = at(k);
            drawn.glyphs.push(DrawGlyph {
                font: run.font.0,
                size: run.size,
                color: run.color,
                x,
                y,
                gid: run.glyphs[k].id,
                text,
                width: run.glyphs[k].advance,
                ink: Ink::Fill,
                slant: run.slant,
            });
            out.push(drawn);
            continue;
        }
        for &k in &unit.glyphs {
            let (x, y) = at(k);
            drawn.outlines.push(OutlineGlyph {
                font: run.font.0,
                gid: run.glyphs[k].id,
                size: run.size,
                color: run.color,
                x,
                y,
                slant: run.slant,
            });
        }
        let baseline = page_height - run.origin.y;
        let carrier = run.glyphs[unit.glyphs[0]].id;
        let left = run.origin.x + unit.left;
        for (x, width, text) in slots(&text, run.rtl, left, unit.width, run.size) {
            drawn.glyphs.push(DrawGlyph {
                font: run.font.0,
                size: run.size,
                color: run.color,
                x,
                y: baseline,
                gid: carrier,
                text,
                width,
                ink: Ink::Invisible,
                slant: run.slant,
            });
        }
        out.push(drawn);
    }
    out
}

/// Left-to-right runs (neighbours in one line, in visual order) that hold an Arabic-Indic
/// number («٢٠٢٦», «١٫٥», «٢٠٢٥/٢٠٢٦») as one unit: their glyphs drawn from their outlines
/// and the number's text, behind an LRM, on one invisible glyph over all of it. MuPDF and
/// pypdf take these digits for right-to-left characters (or for neutrals that follow the
/// Arabic around them) and reverse a number drawn digit by digit, which PDFium and pdf.js need
/// drawn left to right; one glyph whose text opens with a strong left-to-right mark reads
/// forward in all of them.
fn arabic_number(runs: &[GlyphRun], page_height: f32) -> Option<DrawnUnit> {
    let first = runs.first()?;
    if runs.iter().any(|r| r.rtl) {
        return None;
    }
    let text: String = runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .flat_map(|g| g.text.chars())
        .collect();
    let arabic_digit = |c: char| matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}');
    let number_char = |c: char| arabic_digit(c) || matches!(c, '\u{066B}' | '\u{066C}' | '/');
    if text.chars().count() < 2
        || !text.chars().all(number_char)
        || !text.chars().next().is_some_and(arabic_digit)
    {
        return None;
    }
    let mut drawn = DrawnUnit::default();
    let (mut left, mut right) = (f32::INFINITY, f32::NEG_INFINITY);
    for run in runs {
        let mut pen = run.origin.x;
        for g in &run.glyphs {
            left = left.min(pen);
            drawn.outlines.push(OutlineGlyph {
                font: run.font.0,
                gid: g.id,
                size: run.size,
                color: run.color,
                x: run.origin.x + g.x,
                y: page_height - (run.origin.y + g.y),
                slant: run.slant,
            });
            pen += g.advance;
        }
        right = right.max(pen);
    }
    drawn.glyphs.push(DrawGlyph {
        font: first.font.0,
        size: first.size,
        color: first.color,
        x: left,
        y: page_height - first.origin.y,
        gid: first.glyphs.first()?.id,
        text: format!("\u{200E}{text}"),
        width: right - left,
        ink: Ink::Invisible,
        slant: first.slant,
    });
    Some(drawn)
}

/// Characters a right-to-left line draws with their mirror image (UAX #9 L4), among those a
/// news text uses.
pub(crate) fn is_mirrored(c: char) -> bool {
    matches!(
        c,
        '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '«' | '»' | '‹' | '›'
    )
}

/// The invisible glyphs `(x, width, text)` that carry a unit's `text` (reading order) over
/// its box `[left, left + width]` at font size `size`, in drawing order (left to right).
///
/// Each base character gets an equal share of the box, and its marks a sliver of that share
/// just before the base in a right-to-left run (just after it in a left-to-right one), so that
/// reordering the line puts them after their base. The sliver is [`MARK_SLOT_EM`] wide, split
/// between the marks when there are several (shadda and a vowel; MuPDF reads a wider one as a
/// word gap):
/// poppler takes a character less than 0.1 em from the previous one for a duplicate and cuts
/// the word there, and pdf.js, which counts a mark as zero-width, reads a gap of more than
/// 0.102 em after it as a space; MuPDF's space threshold is wider still.
fn slots(text: &str, rtl: bool, left: f32, width: f32, size: f32) -> Vec<(f32, f32, String)> {
    // Each base character with the marks after it, in reading order.
    let mut groups: Vec<Vec<char>> = Vec::new();
    for c in text.chars() {
        match groups.last_mut() {
            // A ZWNJ rides on the letter before it like a mark: it draws nothing, and an
            // equal share of its own would read as a word gap where an extractor drops it
            // (pdf.js drops format characters).
            Some(g) if is_mark(c) || c == '\u{200C}' => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    if rtl {
        groups.reverse();
    }
    let share = width / groups.len().max(1) as f32;
    let mut out = Vec::with_capacity(text.len());
    for (i, g) in groups.iter().enumerate() {
        let (base, marks) = (g[0], &g[1..]);
        let sliver =
            (MARK_SLOT_EM * size / (g.len() - 1).max(1) as f32).min(share / g.len() as f32);
        let base_width = share - sliver * marks.len() as f32;
        let mut x = left + share * i as f32;
        let mut push = |c: char, w: f32, out: &mut Vec<(f32, f32, String)>| {
            out.push((x, w, c.to_string()));
            x += w;
        };
        if rtl {
            for &m in marks.iter().rev() {
                push(m, sliver, &mut out);
            }
            push(base, base_width, &mut out);
        } else {
            push(base, base_width, &mut out);
            for &m in marks {
                push(m, sliver, &mut out);
            }
        }
    }
    out
}

/// Width of a mark's slot, in em: just over poppler's duplicate distance (0.1 em), just under
/// pdf.js's smallest word gap (0.102 em).
const MARK_SLOT_EM: f32 = 0.101;

/// A glyph that advances and the zero-width glyphs after it in reading order, as indices into
/// the run's glyphs (reading order), with the box they share (relative to the run's origin).
#[derive(Debug)]
struct Unit {
    glyphs: Vec<usize>,
    left: f32,
    width: f32,
}

/// Below this advance (in points) a glyph is taken as drawn over its neighbour.
const ZERO_ADVANCE: f32 = 1e-3;

/// The run's units, in reading order.
fn units(run: &GlyphRun) -> Vec<Unit> {
    let n = run.glyphs.len();
    let logical: Box<dyn Iterator<Item = usize>> = if run.rtl {
        Box::new((0..n).rev())
    } else {
        Box::new(0..n)
    };
    // The pen position before each glyph, from the run's origin (HarfBuzz offsets move the
    // ink, not the pen).
    let mut pens = Vec::with_capacity(n);
    let mut pen = 0.0;
    for g in &run.glyphs {
        pens.push(pen);
        pen += g.advance;
    }
    let mut out: Vec<Unit> = Vec::new();
    for k in logical {
        let g = &run.glyphs[k];
        let advancing = g.advance.abs() > ZERO_ADVANCE;
        match out.last_mut() {
            Some(unit) if !advancing => unit.glyphs.push(k),
            _ => out.push(Unit {
                glyphs: vec![k],
                left: pens[k].min(pens[k] + g.advance),
                width: g.advance.abs(),
            }),
        }
    }
    out
}
