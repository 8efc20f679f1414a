//! Stage 4: where lines end.
//!
//! Lines end at UAX #14 opportunities (unicode-linebreak), measured with the shaped advances of
//! each cluster, so a line is exactly as wide as what will be drawn. The breaks of a paragraph
//! are chosen together, as in TeX (total fit: least sum of demerits, without hyphenation): a
//! greedy first fit leaves some lines of a narrow Arabic column with gaping spaces, total fit
//! spreads the slack over the paragraph.
//!
//! Lines never end inside a word; only a word wider than the whole line (a long URL) is cut
//! between clusters (HarfBuzz clusters are grapheme clusters: a letter stays with its harakat),
//! and such pieces are measured again after re-shaping, since a cut Arabic word changes its
//! letter forms.

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

/// A break at `i` would follow a hyphen inside a URL, an e-mail or a phone number
/// ([`crate::isolate::ltr_isolates`], in paragraphs of either direction). A URL cut after its hyphen reads as
/// a hyphenated word: poppler then drops the hyphen when it joins the lines, PDFium prints
/// U+FFFE for it. Its slashes stay break opportunities, and a URL that fits nowhere is cut
/// between characters.
fn after_hyphen_in(isolates: &[Range<usize>], text: &str, i: usize) -> bool {
    text[..i].ends_with('-') && isolates.iter().any(|r| r.start < i && i < r.end)
}

/// A break at `i` would fall inside an isolated number («+20 2 1234 5678», «10 000»): its
/// spaces are part of it, and a phone number cut over two lines reads as two numbers.
fn inside_number(isolates: &[Range<usize>], text: &str, i: usize) -> bool {
    isolates
        .iter()
        .any(|r| r.start < i && i < r.end && !text[r.clone()].chars().any(char::is_alphabetic))
}

/// Cluster advances as prefix sums, for O(1) width of any range. The sums are `f64`: in `f32`
/// a sum of 4·10⁷ pt (a paragraph of 20 MB) is only good to 4 pt, and lines measured as
/// differences of such sums came out up to 3 pt wider than the column, or far too short.
struct Measure {
    /// `prefix[i]`: advance of all clusters starting before byte `i`.
    prefix: Vec<f64>,
    /// `spaces[i]`: advance of the space glyphs (the stretchable ones) before byte `i`.
    spaces: Vec<f64>,
    /// `boundary[i]`: a cluster (or a run) starts at byte `i`, or `i` is the end.
    boundary: Vec<bool>,
}

impl Measure {
    fn new(p: &ShapedParagraph) -> Measure {
        let n = p.text.len();
        let mut at = vec![0f32; n + 1];
        let mut space_at = vec![0f32; n + 1];
        let mut boundary = vec![false; n + 1];
        boundary[n] = true;
        for run in &p.runs {
            boundary[run.range.start] = true;
            for g in &run.glyphs {
                if let Some(a) = at.get_mut(g.cluster) {
                    *a += g.advance;
                    boundary[g.cluster] = true;
                    if g.text == " " {
                        space_at[g.cluster] += g.advance;
                    }
                }
            }
        }
        Measure {
            prefix: prefix_sums(at),
            spaces: prefix_sums(space_at),
            boundary,
        }
    }

    fn width(&self, range: Range<usize>) -> f32 {
        (self.prefix[range.end] - self.prefix[range.start]) as f32
    }

    fn space_width(&self, range: Range<usize>) -> f32 {
        (self.spaces[range.end] - self.spaces[range.start]) as f32
    }
}

fn prefix_sums(values: Vec<f32>) -> Vec<f64> {
    let mut sum = 0f64;
    values
        .into_iter()
        .map(|v| {
            let before = sum;
            sum += f64::from(v);
            before
        })
        .collect()
}

/// How bad a line of `slack` points to spread over spaces `space` points wide in all is, TeX's
/// way: badness 100·r³ for a stretch ratio r, demerits (10 + badness)². A line with nothing to
/// stretch (one word) that is not full is as bad as it gets but still allowed.
fn demerits(slack: f32, space: f32) -> f64 {
    const WORST: f64 = 1e8;
    let slack = f64::from(slack.max(0.0));
    let badness = if space > 0.0 {
        (100.0 * (slack / f64::from(space)).powi(3)).min(WORST)
    } else if slack < 0.5 {
        0.0
    } else {
        WORST
    };
    (10.0 + badness).powi(2)
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
        let isolates = crate::isolate::ltr_isolates(text);
        let mut candidates: Vec<usize> = linebreaks(text)
            .map(|(i, _)| i)
            .filter(|&i| i > 0 && i < n && m.boundary[i])
            .filter(|&i| !after_hyphen_in(&isolates, text, i) && !inside_number(&isolates, text, i))
            .collect();
        candidates.push(n);
        let fits = |w: f32| w <= width + EPSILON;

        let mut spans = Vec::new();
        let mut start = 0;
        while start < n {
            // A chunk: `start` and the following opportunities, as long as each word fits alone.
            let mut nodes = vec![start];
            for &c in &candidates[candidates.partition_point(|&c| c <= start)..] {
                let word_start = nodes[nodes.len() - 1];
                if !fits(m.width(word_start..trim_end(text, word_start, c))) {
                    break;
                }
                nodes.push(c);
            }
            let next = if nodes.len() > 1 {
                let ends_paragraph = nodes[nodes.len() - 1] == n;
                spans.extend(self.fit_chunk(&m, &nodes, width, ends_paragraph));
                nodes[nodes.len() - 1]
            } else {
                // The first word is wider than the line: cut it.
                let c = candidates[candidates.partition_point(|&c| c <= start)];
                let cut = self.cut_word(&m, start, trim_end(text, start, c), width);
                spans.push(Span {
                    range: start..cut,
                    last: false,
                });
                cut
            };
            // After a cut inside a word the next line may start with a space: skip it.
            start = next + (text[next..].len() - text[next..].trim_start_matches(' ').len());
        }
        if let Some(last) = spans.last_mut() {
            last.last = true;
        }
        spans
    }

    /// Total fit over one chunk: `nodes` are the chunk's start and its break opportunities (each
    /// word between two fits a line), the lines end at nodes. The paragraph's last line costs
    /// nothing (it is not stretched).
    fn fit_chunk(
        &self,
        m: &Measure,
        nodes: &[usize],
        width: f32,
        ends_paragraph: bool,
    ) -> Vec<Span> {
        /// Lines of more words than this are not looked for (only an absurd width gives them);
        /// it keeps the search linear in the paragraph's length.
        const MAX_WORDS: usize = 400;
        let text = self.text.as_str();
        let k = nodes.len();
        let mut best = vec![f64::INFINITY; k];
        let mut from = vec![0usize; k];
        best[0] = 0.0;
        for j in 1..k {
            for i in (j.saturating_sub(MAX_WORDS)..j).rev() {
                let end = trim_end(text, nodes[i], nodes[j]);
                let w = m.width(nodes[i]..end);
                if w > width + EPSILON && i + 1 < j {
                    break;
                }
                let cost = if ends_paragraph && j == k - 1 {
                    0.0
                } else {
                    demerits(width - w, m.space_width(nodes[i]..end))
                };
                if best[i] + cost < best[j] {
                    best[j] = best[i] + cost;
                    from[j] = i;
                }
            }
        }
        let mut ends = vec![k - 1];
        while let Some(&j) = ends.last() {
            if j == 0 {
                break;
            }
            ends.push(from[j]);
        }
        ends.reverse();
        ends.windows(2)
            .map(|w| Span {
                range: nodes[w[0]]..trim_end(text, nodes[w[0]], nodes[w[1]]),
                last: false,
            })
            .collect()
    }

    /// Where a word wider than the line (a long URL) is cut: before the last «-», «.», «_»,
    /// «?», «#», «%», «~», «&» or «=» of the longest piece that fits, as style guides break
    /// URLs (Chicago 14.18), when that still fills half the line; else that longest piece.
    /// Cutting before the hyphen rather than after it keeps the line from ending in one, which
    /// extractors read as a hyphenated word ([`after_hyphen_in`]), and keeps «round-seven» from
    /// becoming «round-s» + «even».
    fn cut_word(&self, m: &Measure, start: usize, word_end: usize, width: f32) -> usize {
        let longest = self.longest_fit(m, start, word_end, width);
        let text = self.text.as_str();
        let nicer = text[start..longest]
            .char_indices()
            .rev()
            .map(|(k, c)| (start + k, c))
            .take_while(|&(i, _)| m.width(start..i) >= width * 0.5)
            .find(|&(i, c)| i > start && m.boundary[i] && "-._?#%~&=".contains(c));
        nicer.map_or(longest, |(i, _)| i)
    }

    /// The end of the longest piece of the word `start..word_end` that fits in `width` once
    /// re-shaped, cut at a cluster boundary; at least one cluster, so lines always advance.
    fn longest_fit(&self, m: &Measure, start: usize, word_end: usize, width: f32) -> usize {
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

#[cfg(test)]
mod tests {
    use crate::model::Direction;
    use crate::text::{shape_paragraph, FontRole, FontSet, TextStyle};

    /// Widths far into a paragraph of 300 000 characters are exact: with `f32` prefix sums
    /// (about 10⁶ pt at the end) they were off by up to a tenth of a point, and by 3 pt at
    /// 20 MB, so lines overflowed the column or came out short.
    #[test]
    fn widths_far_into_a_long_paragraph_are_exact() {
        let unit = "وزير الخارجية القطرى يلتقى بلينكن على هامش مؤتمر التحالف ضد داعش ";
        let text = unit.repeat(5_000);
        let fonts = FontSet::builtin();
        let style = TextStyle::new(FontRole::Body, 10.0);
        let p = shape_paragraph(&fonts, &text, Direction::Rtl, "ar", &style);
        let m = super::Measure::new(&p);
        let text = p.text();
        let end = text.len();
        let floor = |i: usize| (0..=i).rev().find(|&k| text.is_char_boundary(k)).unwrap();
        let from = floor(end - 2_000);
        let starts = text[from..].match_indices(' ').map(|(i, _)| from + i);
        for start in starts {
            let range = start..floor((start + 300).min(end));
            let direct: f64 = p
                .runs
                .iter()
                .flat_map(|r| &r.glyphs)
                .filter(|g| range.contains(&g.cluster))
                .map(|g| f64::from(g.advance))
                .sum();
            let measured = f64::from(m.width(range.clone()));
            assert!(
                (measured - direct).abs() < 1e-3,
                "{range:?}: {measured} ≠ {direct}"
            );
        }
    }
}
