//! Stage 4: where lines end.
//!
//! Greedy first fit on UAX #14 opportunities (unicode-linebreak), measured with the shaped
//! advances of each cluster, so a line is exactly as wide as what will be drawn. Lines never end
//! inside a word; only a word wider than the whole line (a long URL) is cut between clusters
//! (HarfBuzz clusters are grapheme clusters: a letter stays with its harakat), and such pieces
//! are measured again after re-shaping, since a cut Arabic word changes its letter forms.

use std::ops::Range;

use unicode_linebreak::linebreaks;

use super::chars::{is_default_ignorable, is_space};
use super::paragraph::ShapedParagraph;
use super::shape;

/// Widths are compared with this much slack, so that rounding never pushes a word that fits
/// exactly onto the next line.
pub(crate) const EPSILON: f32 = 1e-3;

/// One line's text: a byte range of the paragraph, without trailing spaces.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub range: Range<usize>,
    /// The paragraph's last line (never justified).
    pub last: bool,
}

/// Cluster advances as prefix sums, for O(1) width of any range.
struct Measure {
    /// `prefix[i]`: advance of all clusters starting before byte `i`.
    prefix: Vec<f32>,
    /// `boundary[i]`: a cluster (or a run) starts at byte `i`, or `i` is the end.
    boundary: Vec<bool>,
}

impl Measure {
    fn new(p: &ShapedParagraph) -> Measure {
        let n = p.text.len();
        let mut at = vec![0f32; n + 1];
        let mut boundary = vec![false; n + 1];
        boundary[n] = true;
        for run in &p.runs {
            boundary[run.range.start] = true;
            for g in &run.glyphs {
                if let Some(a) = at.get_mut(g.cluster) {
                    *a += g.advance;
                    boundary[g.cluster] = true;
                }
            }
        }
        let mut prefix = Vec::with_capacity(n + 1);
        let mut sum = 0f32;
        for a in at {
            prefix.push(sum);
            sum += a;
        }
        Measure { prefix, boundary }
    }

    fn width(&self, range: Range<usize>) -> f32 {
        self.prefix[range.end] - self.prefix[range.start]
    }
}

/// `end` moved back over spaces and invisible characters, but not before `start`.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let kept = text[start..end].trim_end_matches(|c: char| is_space(c) || is_default_ignorable(c));
    start + kept.len()
}

impl ShapedParagraph {
    /// The lines of the paragraph at `width` points, in order.
    pub(crate) fn spans(&self, width: f32) -> Vec<Span> {
        let text = self.text.as_str();
        let n = text.len();
        if n == 0 {
            return Vec::new();
        }
        let m = Measure::new(self);
        let mut candidates: Vec<usize> = linebreaks(text)
            .map(|(i, _)| i)
            .filter(|&i| i > 0 && i < n && m.boundary[i])
            .collect();
        candidates.push(n);
        let fits = |w: f32| w <= width + EPSILON;

        let mut spans = Vec::new();
        let mut start = 0;
        while start < n {
            let first = candidates.partition_point(|&c| c <= start);
            let mut best = None;
            for &b in &candidates[first..] {
                if fits(m.width(start..trim_end(text, start, b))) {
                    best = Some(b);
                } else {
                    break;
                }
            }
            let next = match best {
                Some(b) => {
                    spans.push(Span {
                        range: start..trim_end(text, start, b),
                        last: false,
                    });
                    b
                }
                None => {
                    let word_end = trim_end(text, start, candidates[first]);
                    let cut = self.cut_word(&m, start, word_end, width);
                    spans.push(Span {
                        range: start..cut,
                        last: false,
                    });
                    cut
                }
            };
            // After a cut inside a word the next line may start with a space: skip it.
            start = next + (text[next..].len() - text[next..].trim_start_matches(' ').len());
        }
        if let Some(last) = spans.last_mut() {
            last.last = true;
        }
        spans
    }

    /// The end of the longest piece of the word `start..word_end` that fits in `width` once
    /// re-shaped, cut at a cluster boundary; at least one cluster, so lines always advance.
    fn cut_word(&self, m: &Measure, start: usize, word_end: usize, width: f32) -> usize {
        let n = self.text.len();
        // The first cluster end always counts, even past `word_end` (a word of invisible
        // characters), so that the line is never empty.
        let smallest = (start + 1..=n).find(|&i| m.boundary[i]).unwrap_or(n);
        // Cluster ends that fit by the run-level advances (walked only as far as the line goes).
        let mut bounds = vec![smallest];
        for i in smallest + 1..=word_end.clamp(smallest, n) {
            if m.boundary[i] {
                if m.width(start..i) > width + EPSILON {
                    break;
                }
                bounds.push(i);
            }
        }
        let mut k = bounds.len();
        // k bounds fit by estimate; check with real shaping and step back while too wide.
        while k > 1 {
            let cut = bounds[k - 1];
            let real: f32 = self
                .pieces(start..cut)
                .iter()
                .map(|r| shape::width(&r.glyphs))
                .sum();
            if real <= width + EPSILON {
                return cut;
            }
            k -= 1;
        }
        smallest
    }
}
