//! Inline markup: bold, italic, links, superscripts, a foreign-language stretch, as ranged styles
//! over a block's plain text (the way parley and cosmic-text carry attributes), not as a tree.
//!
//! Why ranges: every stage that only needs the words (line breaking, bidi, search, the PDF's
//! text today) keeps reading [`StyledText::text`] as before, and a writer that does style them
//! (the EPUB's `<strong>`, `<em>`, `<a href>`) walks the ranges. A line break is a space in the
//! text with a [`Inline::LineBreak`] range over it, so plain-text readers see a word gap.

use std::ops::Range;

use super::TextLang;

/// One inline style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Bold,
    Italic,
    /// A link to an absolute `http`, `https`, `mailto` or `tel` URL (input refuses the others).
    Link(String),
    Sup,
    Sub,
    /// A stretch in another language or direction (`<span lang dir>`); `isolate` for `<bdi>`,
    /// whose direction is its own text's when it gives none.
    Lang {
        lang: TextLang,
        isolate: bool,
    },
    /// A forced line break; the range covers the one space standing for it in the text.
    LineBreak,
}

/// A style over a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offsets into [`StyledText::text`], on character boundaries, never empty.
    pub range: Range<usize>,
    pub style: Inline,
}

/// A block's text with its inline styles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StyledText {
    pub text: String,
    /// Ordered by start, then longest first (an outer style before the ones it holds); ranges
    /// may nest or overlap.
    pub spans: Vec<Span>,
}

impl StyledText {
    /// Text with its spans, dropping empty and out-of-bounds ranges and putting them in order.
    pub fn new(text: String, mut spans: Vec<Span>) -> StyledText {
        spans.retain(|s| {
            s.range.start < s.range.end
                && s.range.end <= text.len()
                && text.is_char_boundary(s.range.start)
                && text.is_char_boundary(s.range.end)
        });
        spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        StyledText { text, spans }
    }

    /// Without leading and trailing white space; spans move with their text.
    pub fn trimmed(self) -> StyledText {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len().max(start);
        let spans = self
            .spans
            .into_iter()
            .map(|s| Span {
                range: s.range.start.clamp(start, end) - start
                    ..s.range.end.clamp(start, end) - start,
                style: s.style,
            })
            .collect();
        StyledText::new(self.text[start..end].to_string(), spans)
    }

    /// `prefix` (unstyled) then this text, its spans moved along.
    pub fn prefixed(&self, prefix: &str) -> StyledText {
        let n = prefix.len();
        let spans = self
            .spans
            .iter()
            .map(|s| Span {
                range: s.range.start + n..s.range.end + n,
                style: s.style.clone(),
            })
            .collect();
        StyledText {
            text: format!("{prefix}{}", self.text),
            spans,
        }
    }

    /// Removes the characters `remove` says, moving the spans with the text that stays. Returns
    /// whether anything was removed.
    pub fn remove_chars(&mut self, remove: impl Fn(char) -> bool) -> bool {
        if !self.text.contains(&remove) {
            return false;
        }
        // Where each old byte offset lands: the count of kept bytes before it.
        let mut kept = String::with_capacity(self.text.len());
        let mut map = Vec::with_capacity(self.text.len() + 1);
        for c in self.text.chars() {
            for _ in 0..c.len_utf8() {
                map.push(kept.len());
            }
            if !remove(c) {
                kept.push(c);
            }
        }
        map.push(kept.len());
        let spans = std::mem::take(&mut self.spans)
            .into_iter()
            .map(|s| Span {
                range: map[s.range.start]..map[s.range.end],
                style: s.style,
            })
            .collect();
        *self = StyledText::new(kept, spans);
        true
    }
}

/// Cuts a [`StyledText`] into stretches, each with the spans over it, in time linear in the
/// text and its spans (a 20 MB body may hold millions of spans and be set in hundreds of
/// stretches, and looking at every span for each would be quadratic).
pub struct Slicer<'a> {
    text: &'a StyledText,
    /// The first span not yet met.
    next: usize,
    /// Spans met that reach past the last stretch.
    open: Vec<Span>,
}

impl<'a> Slicer<'a> {
    pub fn new(text: &'a StyledText) -> Slicer<'a> {
        Slicer {
            text,
            next: 0,
            open: Vec::new(),
        }
    }

    /// The stretch `range` (on character boundaries) with its spans cut to it. Stretches must
    /// be asked for in order, each starting at or after the end of the one before.
    pub fn slice(&mut self, range: Range<usize>) -> StyledText {
        let spans = &self.text.spans;
        let hi = self.next + spans[self.next..].partition_point(|s| s.range.start < range.end);
        let met: Vec<Span> = std::mem::take(&mut self.open)
            .into_iter()
            .chain(spans[self.next..hi].iter().cloned())
            .filter(|s| s.range.end > range.start)
            .collect();
        self.next = hi;
        let cut = met
            .iter()
            .map(|s| Span {
                range: s.range.start.max(range.start) - range.start
                    ..s.range.end.min(range.end) - range.start,
                style: s.style.clone(),
            })
            .collect();
        self.open = met
            .into_iter()
            .filter(|s| s.range.end > range.end)
            .collect();
        StyledText::new(self.text.text[range].to_string(), cut)
    }
}

impl From<String> for StyledText {
    fn from(text: String) -> StyledText {
        StyledText {
            text,
            spans: Vec::new(),
        }
    }
}

impl From<&str> for StyledText {
    fn from(text: &str) -> StyledText {
        StyledText::from(text.to_string())
    }
}

/// The plain text, as every stage that does not style it reads it.
impl std::fmt::Display for StyledText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold(range: Range<usize>) -> Span {
        Span {
            range,
            style: Inline::Bold,
        }
    }

    #[test]
    fn trimming_and_removing_move_the_spans() {
        let t = StyledText::new("  قال «نعم» ".into(), vec![bold(2..8), bold(8..20)]);
        let t = t.trimmed();
        assert_eq!(t.text, "قال «نعم»");
        assert_eq!(&t.text[t.spans[0].range.clone()], "قال");
        assert_eq!(&t.text[t.spans[1].range.clone()], " «نعم»");

        let mut t = StyledText::new("a\u{0}bc\u{1}d".into(), vec![bold(2..4), bold(0..1)]);
        assert!(t.remove_chars(|c| c.is_control()));
        assert_eq!(t.text, "abcd");
        assert_eq!(t.spans, [bold(0..1), bold(1..3)]);
        assert!(!t.remove_chars(|c| c.is_control()));
    }

    #[test]
    fn slicing_and_prefixing_move_the_spans() {
        let t = StyledText::new("قال «نعم» اليوم".into(), vec![bold(2..6), bold(7..17)]);
        let mut slicer = Slicer::new(&t);
        let head = slicer.slice(0..4);
        assert_eq!(
            (head.text.as_str(), head.spans.clone()),
            ("قا", vec![bold(2..4)])
        );
        let cut = slicer.slice(4..t.text.len());
        assert_eq!(cut.text, "ل «نعم» اليوم");
        assert_eq!(&cut.text[cut.spans[0].range.clone()], "ل");
        assert_eq!(&cut.text[cut.spans[1].range.clone()], "«نعم»");
        let p = t.prefixed("• ");
        assert_eq!(&p.text[p.spans[1].range.clone()], "«نعم»");
    }

    #[test]
    fn empty_and_broken_ranges_are_dropped_and_the_rest_ordered() {
        let spans = vec![bold(1..3), bold(0..0), bold(2..4), bold(0..6), bold(1..5)];
        let t = StyledText::new("ab€".into(), spans);
        assert_eq!(
            t.spans,
            [bold(1..5)],
            "3 and 4 are inside €, 6 past the end"
        );
        let t = StyledText::new("abcd".into(), vec![bold(1..2), bold(0..1), bold(0..4)]);
        assert_eq!(t.spans, [bold(0..4), bold(0..1), bold(1..2)]);
    }
}
