//! Stage 5: build each line — cut the shaped runs to the line, put them in visual order
//! (UAX #9 L2), justify, and place them as [`GlyphRun`]s.
//!
//! Runs are cut without re-shaping wherever HarfBuzz says it is safe (between words it always
//! is); a cut inside a word (the last-resort break of a long URL) re-shapes the piece.

use std::ops::Range;

use super::bidi;
use super::glyph_text;
use super::linebreak::EPSILON;
use super::paragraph::ShapedParagraph;
use super::shape::{self, ShapedRun};
use crate::frame::{Color, GlyphRun, Point, PositionedGlyph};

/// How lines sit between the column's edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Every line but the paragraph's last fills the width exactly by stretching the spaces
    /// between words (no kashida); the last line, and lines without spaces, align to the start.
    #[default]
    Justify,
    /// The start edge: right in a right-to-left paragraph.
    Start,
    /// The end edge: left in a right-to-left paragraph.
    End,
    Center,
}

/// One set line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Width used by the glyphs, in points (the full width for a justified line). May exceed the
    /// requested width only when a single cluster is wider than it.
    pub width: f32,
    /// Height above the baseline and depth below it (both positive), from the faces used.
    pub ascent: f32,
    pub descent: f32,
    /// Runs in visual order, left to right. Their origins are relative to the line's left edge
    /// with the baseline at y = 0; glyph positions are relative to their run's origin.
    pub runs: Vec<GlyphRun>,
    /// The line's text in logical order, spaces at its ends and invisible controls left out:
    /// what searching or copying the line should give.
    pub text: String,
    /// The paragraph reads right to left.
    pub rtl: bool,
}

impl ShapedParagraph {
    /// Break the paragraph into lines of at most `width` points and align them. An empty
    /// paragraph gives no lines. A width that is not a number counts as 0 (one cluster per line).
    pub fn break_lines(&self, width: f32, align: Align) -> Vec<Line> {
        self.lay_out(width, align)
            .into_iter()
            .map(|l| l.line)
            .collect()
    }

    pub(crate) fn lay_out(&self, width: f32, align: Align) -> Vec<LaidLine> {
        let width = if width.is_nan() { 0.0 } else { width.max(0.0) };
        self.spans(width)
            .into_iter()
            .map(|span| {
                let justify = align == Align::Justify && !span.last;
                self.build_line(span.range, width, align, justify)
            })
            .collect()
    }

    /// The shaped runs of the paragraph cut to `range`, in logical order; pieces cut where
    /// HarfBuzz marks the text unsafe to break are re-shaped with the line as context.
    ///
    /// Called once or more per line: its cost must depend on the line, not on the paragraph, or
    /// breaking a long paragraph is quadratic (a 200 KB Arabic paragraph took 22 s). So runs and
    /// glyphs are found by binary search, and no whole run is copied for a piece of it.
    pub(crate) fn pieces(&self, range: Range<usize>) -> Vec<ShapedRun> {
        let mut out = Vec::new();
        let first = self.runs.partition_point(|r| r.range.end <= range.start);
        for run in self.runs[first..]
            .iter()
            .take_while(|r| r.range.start < range.end)
        {
            let sub = run.range.start.max(range.start)..run.range.end.min(range.end);
            if sub.is_empty() {
                continue;
            }
            if sub == run.range {
                out.push(run.clone());
                continue;
            }
            let safe_at = |pos: usize| {
                let at = &run.glyphs[glyph_range(run, pos..pos + 1)];
                pos == run.range.start
                    || pos == run.range.end
                    || !at.is_empty() && at.iter().all(|g| !g.unsafe_to_break)
            };
            if safe_at(sub.start) && safe_at(sub.end) {
                let mut glyphs = run.glyphs[glyph_range(run, sub.clone())].to_vec();
                // Give each cluster its characters again within the piece: the last cluster ends
                // where the piece does, so no letter is lost or doubled at the cut.
                let face = self.fonts.loaded(run.font);
                glyph_text::assign(&self.text, sub.end, &mut glyphs, run.level.is_rtl(), face);
                out.push(ShapedRun {
                    range: sub,
                    level: run.level,
                    script: run.script,
                    font: run.font,
                    glyphs,
                });
            } else {
                out.push(shape::shape(
                    self.params_at(run.range.start),
                    &self.text,
                    range.clone(),
                    sub,
                    run.level,
                    run.script,
                    run.font,
                ));
            }
        }
        out
    }

    fn build_line(&self, range: Range<usize>, width: f32, align: Align, justify: bool) -> LaidLine {
        let text: String = self.text[range.clone()]
            .trim()
            .chars()
            .filter(|&c| !super::chars::carries_no_text(c))
            .collect();
        let mut pieces = self.pieces(range);
        let natural: f32 = pieces.iter().map(|r| shape::width(&r.glyphs)).sum();
        let spaces = pieces
            .iter()
            .flat_map(|r| &r.glyphs)
            .filter(|g| g.text == " ")
            .count();
        let mut used = natural;
        if justify && spaces > 0 && width > natural + EPSILON {
            let extra = (width - natural) / spaces as f32;
            for g in pieces
                .iter_mut()
                .flat_map(|r| r.glyphs.iter_mut())
                .filter(|g| g.text == " ")
            {
                g.advance += extra;
            }
            used = width;
        }
        let free = (width - used).max(0.0);
        let rtl = self.is_rtl();
        let x0 = match align {
            Align::Justify | Align::Start if rtl => free,
            Align::End if !rtl => free,
            Align::Center => free / 2.0,
            _ => 0.0,
        };

        let levels: Vec<_> = pieces.iter().map(|r| r.level).collect();
        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut keys = Vec::new();
        let mut x = x0;
        let (mut ascent, mut descent) = (0f32, 0f32);
        for i in bidi::visual_order(&levels) {
            let piece = &pieces[i];
            let style = self.style_at(piece.range.start);
            let size = style.size(self.style.size);
            let rise = style.rise(self.style.size);
            let slant = style.slant(piece.script);
            let m = self.fonts.metrics(piece.font);
            let scale = size / f32::from(m.units_per_em);
            ascent = ascent.max(f32::from(m.ascender) * scale - rise);
            descent = descent.max(-f32::from(m.descender) * scale + rise);
            // Consecutive pieces in the same face, direction and style continue one run: fewer
            // font switches in PDF.
            let rtl = piece.level.is_rtl();
            let same = runs.last().is_some_and(|r| {
                r.font == piece.font
                    && r.rtl == rtl
                    && r.size == size
                    && r.origin.y == rise
                    && r.slant == slant
                    && r.link == style.link
            });
            if !same {
                runs.push(GlyphRun {
                    origin: Point { x, y: rise },
                    font: piece.font,
                    size,
                    color: match style.link {
                        Some(_) => Color::LINK,
                        None => self.style.color,
                    },
                    rtl,
                    glyphs: Vec::new(),
                    slant,
                    link: style.link.clone(),
                });
            }
            let Some(run) = runs.last_mut() else { continue };
            let count = piece.glyphs.len();
            for (k, g) in piece.glyphs.iter().enumerate() {
                let rank = if piece.level.is_rtl() {
                    count - 1 - k
                } else {
                    k
                };
                keys.push((g.cluster, rank));
                run.glyphs.push(PositionedGlyph {
                    id: g.id,
                    x: x - run.origin.x + g.dx,
                    y: g.dy,
                    advance: g.advance,
                    text: g.text.clone(),
                });
                x += g.advance;
            }
        }
        if runs.is_empty() {
            let m = self.fonts.metrics(self.fonts.chain(self.style.role)[0]);
            let scale = self.style.size / f32::from(m.units_per_em);
            ascent = f32::from(m.ascender) * scale;
            descent = -f32::from(m.descender) * scale;
        }
        LaidLine {
            line: Line {
                width: used,
                ascent,
                descent,
                runs,
                text,
                rtl,
            },
            logical_keys: keys,
        }
    }
}

/// Indices of the glyphs of `run` whose cluster lies in `sub`. HarfBuzz's clusters are monotone
/// (the default cluster level): ascending in a left-to-right run, descending in a right-to-left
/// one, whose glyphs come in visual order. Binary search keeps cutting a run into lines linear.
fn glyph_range(run: &ShapedRun, sub: Range<usize>) -> Range<usize> {
    let g = &run.glyphs;
    if run.level.is_rtl() {
        g.partition_point(|x| x.cluster >= sub.end)..g.partition_point(|x| x.cluster >= sub.start)
    } else {
        g.partition_point(|x| x.cluster < sub.start)..g.partition_point(|x| x.cluster < sub.end)
    }
}

/// A line and, for every glyph of its runs (flattened in drawing order), the key that puts it
/// back in logical order: its cluster's byte offset, then its rank inside the cluster.
pub(crate) struct LaidLine {
    pub line: Line,
    #[cfg_attr(not(test), allow(dead_code))]
    pub logical_keys: Vec<(usize, usize)>,
}

impl LaidLine {
    /// The line's glyph texts concatenated in logical order: what a reader copying it gets.
    #[cfg(test)]
    pub fn logical_text(&self) -> String {
        let glyphs = self.line.runs.iter().flat_map(|r| &r.glyphs);
        let mut keyed: Vec<((usize, usize), &str)> = self
            .logical_keys
            .iter()
            .copied()
            .zip(glyphs.map(|g| g.text.as_str()))
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        keyed.into_iter().map(|(_, t)| t).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;
    use crate::text::{shape_paragraph, FontRole, FontSet, TextStyle};

    /// The glyph texts of all lines, sorted: every character exactly once, whatever the width.
    fn glyph_chars(text: &str, dir: Direction, width: f32) -> Vec<char> {
        let fonts = FontSet::builtin();
        let p = shape_paragraph(
            &fonts,
            text,
            dir,
            "ar",
            &TextStyle::new(FontRole::Body, 10.0),
        );
        let mut chars: Vec<char> = p
            .break_lines(width, Align::Justify)
            .iter()
            .flat_map(|l| &l.runs)
            .flat_map(|r| &r.glyphs)
            .flat_map(|g| g.text.chars())
            .collect();
        chars.sort();
        chars
    }

    /// `glyph_range` (binary search) finds exactly the glyphs a scan of the run finds, for every
    /// cluster range of every run, in both directions and across scripts and ligatures.
    #[test]
    fn glyph_range_matches_a_scan() {
        let fonts = FontSet::builtin();
        let text = "قال 25 مسؤولاً في NATO: «لا» e\u{301} بِسْمِ ffi";
        for dir in [Direction::Rtl, Direction::Ltr] {
            let p = shape_paragraph(
                &fonts,
                text,
                dir,
                "ar",
                &TextStyle::new(FontRole::Body, 10.0),
            );
            for run in &p.runs {
                for a in run.range.clone() {
                    for b in a..=run.range.end {
                        let scan: Vec<_> = run
                            .glyphs
                            .iter()
                            .filter(|g| (a..b).contains(&g.cluster))
                            .cloned()
                            .collect();
                        assert_eq!(run.glyphs[glyph_range(run, a..b)], scan[..], "{a}..{b}");
                    }
                }
            }
        }
    }

    /// Found by the `text_pipeline` fuzz target: Arabic forced left to right (LRO) gets a
    /// zero-width alef whose letter is carried by the ب before it; a line cut between the two
    /// kept «با» on the first line and shaped «ا» again on the next, doubling the alef.
    #[test]
    fn a_cut_never_doubles_a_letter_carried_across_clusters() {
        let mut expected: Vec<char> = "بال".chars().collect();
        expected.sort();
        for dir in [Direction::Rtl, Direction::Ltr] {
            for width in [0.0, 8.0, 1000.0] {
                assert_eq!(
                    glyph_chars("\u{202D}بال", dir, width),
                    expected,
                    "{dir:?} {width}"
                );
            }
        }
    }
}
