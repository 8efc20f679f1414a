//! Inline styles (bold, italic, links, superscripts) resolved into runs, the way parley and
//! cosmic-text resolve attribute spans: every byte of the shaped text gets one style, items are
//! cut where the style changes, and a bold item takes the bold face of its family. The
//! paragraph is still one paragraph: bidi, line breaking and justification see all of it.
//!
//! What each style does to the set text:
//! - **bold**: the family's bold face ([`FontSet::bold_of`]: Naskh, Serif and Hebrew have one);
//!   text already set in a bold face (subheadings, headlines) stays as it is;
//! - **italic**: no italic face is bundled, so Latin, Hebrew and other text is slanted by
//!   [`ITALIC_SLANT`] (a synthesized oblique, drawn by the exporters from the frames), and the
//!   caller warns once per article. Arabic text stays upright: Arabic type has no italic
//!   convention, and a Latin slant leans against the reading direction; Arabic emphasis is
//!   bold. (The EPUB keeps its `<em>` either way; a reading system styles it.)
//! - **superscript / subscript**: [`SHIFT_SCALE`] of the size, raised or lowered;
//! - **links**: `http`, `https` and `mailto` links are set in the link colour
//!   ([`crate::frame::Color::LINK`]) and carried to the frames' glyph runs (a PDF link
//!   annotation); other schemes are only text.
//!
//! - **direction** (`<bdi>`, `<span dir>`): the stretch is isolated for bidi, as HTML does;
//! - **language** (`<span lang>`): the stretch is shaped with its language, for the forms a
//!   face keeps for it (OpenType `locl`: a Serbian б in Noto Serif).
//!
//! A mark keeps the style of the letter it sits on, so a style boundary never separates them.

use std::collections::HashMap;
use std::sync::Arc;

use unicode_script::Script;

use super::chars::extends_cluster;
use super::fonts::FontSet;
use super::itemize::Item;
use crate::frame::Link;
use crate::model::{Inline, StyledText};

/// Slant of synthesized italics: tan 12°, the usual oblique angle.
pub(crate) const ITALIC_SLANT: f32 = 0.2126;

/// Size of superscripts and subscripts, of the paragraph's size.
pub(crate) const SHIFT_SCALE: f32 = 0.65;
/// Baseline shift of superscripts (up) and subscripts (down), in em of the paragraph's size.
const SUP_RISE: f32 = 0.35;
const SUB_DROP: f32 = 0.15;

/// Raised, lowered or on the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Shift {
    #[default]
    None,
    Sup,
    Sub,
}

/// The style of a stretch of text, as the text engine sets it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RunStyle {
    pub bold: bool,
    pub italic: bool,
    pub shift: Shift,
    pub link: Option<Arc<Link>>,
    /// BCP 47 tag of a stretch in another language than the paragraph's.
    pub lang: Option<String>,
}

impl RunStyle {
    /// Font size of this style in a paragraph of `size` points.
    pub fn size(&self, size: f32) -> f32 {
        match self.shift {
            Shift::None => size,
            Shift::Sup | Shift::Sub => size * SHIFT_SCALE,
        }
    }

    /// Baseline offset (y down) in a paragraph of `size` points.
    pub fn rise(&self, size: f32) -> f32 {
        match self.shift {
            Shift::None => 0.0,
            Shift::Sup => -SUP_RISE * size,
            Shift::Sub => SUB_DROP * size,
        }
    }

    /// The slant the exporters draw a run of `script` with.
    pub fn slant(&self, script: Script) -> f32 {
        if self.italic && script != Script::Arabic {
            ITALIC_SLANT
        } else {
            0.0
        }
    }
}

/// The distinct styles of a paragraph and the style of each byte of its text.
#[derive(Debug, Clone)]
pub(crate) struct Styles {
    /// Index 0 is the plain style.
    pub table: Vec<RunStyle>,
    /// Per byte of the text, an index into `table`; empty when the whole text is plain.
    pub per_byte: Vec<u32>,
}

/// Plain text: one style, no bytes mapped.
impl Default for Styles {
    fn default() -> Styles {
        Styles {
            table: vec![RunStyle::default()],
            per_byte: Vec::new(),
        }
    }
}

impl Styles {
    /// The style at byte `at` (plain past the end or when there are no styles).
    pub fn at(&self, at: usize) -> &RunStyle {
        let i = self.per_byte.get(at).copied().unwrap_or(0);
        &self.table[i as usize]
    }

    /// Some letters are in italics, which no bundled face has: slanted, or upright in Arabic.
    /// For the caller's warning.
    pub fn has_italic(&self, text: &str) -> bool {
        self.per_byte.iter().enumerate().any(|(i, &s)| {
            text.is_char_boundary(i)
                && self.table[s as usize].italic
                && text[i..].chars().next().is_some_and(char::is_alphabetic)
        })
    }
}

/// The style of every byte of `styled.text` (a table and indices), or an empty table when no
/// span changes how the text is set.
pub(crate) fn resolve(styled: &StyledText) -> Styles {
    let text = &styled.text;
    let mut table = Styles::default().table;
    let relevant: Vec<usize> = styled
        .spans
        .iter()
        .enumerate()
        .filter(|(_, s)| match &s.style {
            Inline::Bold | Inline::Italic | Inline::Sup | Inline::Sub => true,
            Inline::Link(uri) => linkable(uri),
            Inline::Lang { lang, .. } => lang.lang.is_some(),
            Inline::LineBreak => false,
        })
        .map(|(i, _)| i)
        .collect();
    if relevant.is_empty() {
        return Styles {
            table,
            per_byte: Vec::new(),
        };
    }
    // Sweep the span boundaries: counts of the open styles, the innermost open link.
    let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(relevant.len() * 2);
    for &i in &relevant {
        let r = &styled.spans[i].range;
        events.push((r.start, true, i));
        events.push((r.end, false, i));
    }
    // At one offset, ends before starts.
    events.sort_by_key(|&(at, start, i)| (at, start, i));
    let links: HashMap<usize, Arc<Link>> = relevant
        .iter()
        .filter_map(|&i| match &styled.spans[i].style {
            Inline::Link(uri) => {
                let words: Vec<&str> = text[styled.spans[i].range.clone()]
                    .split_whitespace()
                    .collect();
                Some((
                    i,
                    Arc::new(Link {
                        uri: uri.clone(),
                        text: words.join(" "),
                    }),
                ))
            }
            _ => None,
        })
        .collect();
    type Key<'a> = (bool, bool, Shift, Option<usize>, Option<&'a str>);
    let mut index: HashMap<Key<'_>, u32> = HashMap::new();
    index.insert((false, false, Shift::None, None, None), 0);
    let mut per_byte = vec![0u32; text.len()];
    let (mut bold, mut italic, mut sup, mut sub) = (0i32, 0i32, 0i32, 0i32);
    let mut open_links: Vec<usize> = Vec::new();
    let mut open_langs: Vec<usize> = Vec::new();
    let mut at = 0;
    for (pos, start, i) in events {
        if pos > at {
            let shift = if sup > 0 {
                Shift::Sup
            } else if sub > 0 {
                Shift::Sub
            } else {
                Shift::None
            };
            // The innermost link: the one opened last.
            let link = open_links.last().copied();
            // The innermost language too.
            let lang = open_langs
                .last()
                .and_then(|&l| match &styled.spans[l].style {
                    Inline::Lang { lang, .. } => lang.lang.as_deref(),
                    _ => None,
                });
            let key = (bold > 0, italic > 0, shift, link, lang);
            let next = table.len() as u32;
            let id = *index.entry(key).or_insert_with(|| {
                table.push(RunStyle {
                    bold: key.0,
                    italic: key.1,
                    shift,
                    link: link.and_then(|l| links.get(&l).cloned()),
                    lang: lang.map(str::to_string),
                });
                next
            });
            per_byte[at..pos].fill(id);
            at = pos;
        }
        let d = if start { 1 } else { -1 };
        match &styled.spans[i].style {
            Inline::Bold => bold += d,
            Inline::Italic => italic += d,
            Inline::Sup => sup += d,
            Inline::Sub => sub += d,
            Inline::Link(_) if start => open_links.push(i),
            Inline::Link(_) => open_links.retain(|&l| l != i),
            Inline::Lang { .. } if start => open_langs.push(i),
            Inline::Lang { .. } => open_langs.retain(|&l| l != i),
            Inline::LineBreak => {}
        }
    }
    // A mark takes the style of its letter.
    let mut last = 0;
    for (i, c) in text.char_indices() {
        if extends_cluster(c) && i > 0 {
            per_byte[i..i + c.len_utf8()].fill(last);
        } else {
            last = per_byte[i];
        }
    }
    Styles { table, per_byte }
}

/// `styled` with each stretch in a direction of its own isolated, as HTML isolates `<bdi>` and
/// an element with `dir`: RIGHT-TO-LEFT ISOLATE or LEFT-TO-RIGHT ISOLATE for a direction given,
/// FIRST STRONG ISOLATE for a `<bdi>` without one, and POP DIRECTIONAL ISOLATE at its end, so
/// that UAX #9 sets the stretch as one unit whatever surrounds it (a Latin name with digits
/// and slashes inside Arabic). The spans move with their text. `None` when there is none.
pub(crate) fn isolate_spans(styled: &StyledText) -> Option<StyledText> {
    // (offset, closes, order among the insertions at that offset, character).
    let mut inserts: Vec<(usize, bool, usize, char)> = Vec::new();
    for (k, span) in styled.spans.iter().enumerate() {
        let Inline::Lang { lang, isolate } = &span.style else {
            continue;
        };
        let opener = match (lang.dir, isolate) {
            (Some(crate::model::Direction::Rtl), _) => '\u{2067}',
            (Some(crate::model::Direction::Ltr), _) => '\u{2066}',
            (None, true) => '\u{2068}',
            (None, false) => continue,
        };
        // Closers first, inner before outer; then openers, outer before inner.
        inserts.push((span.range.end, false, usize::MAX - k, '\u{2069}'));
        inserts.push((span.range.start, true, k, opener));
    }
    if inserts.is_empty() {
        return None;
    }
    inserts.sort_by_key(|&(at, opens, order, _)| (at, opens, order));
    let text = &styled.text;
    let mut out = String::with_capacity(text.len() + inserts.len() * 3);
    let mut from = 0;
    for &(at, _, _, c) in &inserts {
        out.push_str(&text[from..at]);
        out.push(c);
        from = at;
    }
    out.push_str(&text[from..]);
    // Bytes inserted before `at`, and at `at` too when `inclusive` (by binary search: a
    // hostile body may hold thousands of spans).
    let mut before = Vec::with_capacity(inserts.len() + 1);
    before.push(0usize);
    for &(.., c) in &inserts {
        before.push(before[before.len() - 1] + c.len_utf8());
    }
    let shift = |at: usize, inclusive: bool| -> usize {
        before[inserts.partition_point(|&(p, ..)| p < at || (inclusive && p == at))]
    };
    let spans = styled
        .spans
        .iter()
        .map(|s| crate::model::Span {
            range: s.range.start + shift(s.range.start, true)
                ..s.range.end + shift(s.range.end, false),
            style: s.style.clone(),
        })
        .collect();
    Some(StyledText::new(out, spans))
}

/// Only these links become link annotations; input refuses `javascript:` and `data:`, and a
/// `tel:` link means nothing on paper.
fn linkable(uri: &str) -> bool {
    let lower = uri.get(..7).unwrap_or(uri).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https:/") || lower.starts_with("mailto:")
}

/// The style of each byte of `after`, which is `before` with isolate controls inserted
/// (`bidi::isolate_ltr_stretches`): an inserted control takes the style of the character it
/// stands next to inside the isolate.
pub(crate) fn follow_insertions(before: &str, after: &str, styles: Vec<u32>) -> Vec<u32> {
    if before.len() == after.len() || styles.is_empty() {
        return styles;
    }
    let mut out = Vec::with_capacity(after.len());
    let mut old = before.char_indices().peekable();
    let mut prev = 0;
    for c in after.chars() {
        let style = match old.peek() {
            Some(&(i, o)) if o == c => {
                old.next();
                styles[i]
            }
            // An inserted LRI opens the stretch that follows; a PDI closes the one before.
            Some(&(i, _)) if c == '\u{2066}' => styles[i],
            _ => prev,
        };
        out.extend(std::iter::repeat_n(style, c.len_utf8()));
        prev = style;
    }
    out
}

/// Items cut where the style changes (never inside a cluster: marks took their letter's
/// style), bold ones in their family's bold face, each with its style. `styles.per_byte` is
/// over `text`.
pub(crate) fn split_items(
    text: &str,
    items: Vec<Item>,
    styles: &Styles,
    fonts: &FontSet,
) -> Vec<(Item, u32)> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let mut start = item.range.start;
        while start < item.range.end {
            let id = styles.per_byte[start];
            let end = (start..item.range.end)
                .find(|&k| styles.per_byte[k] != id)
                .unwrap_or(item.range.end);
            let piece = &text[start..end];
            let font = match fonts.bold_of(item.font) {
                Some(b)
                    if styles.table[id as usize].bold
                        && piece.chars().all(|c| fonts.covers(b, c)) =>
                {
                    b
                }
                _ => item.font,
            };
            out.push((
                Item {
                    range: start..end,
                    font,
                    ..item.clone()
                },
                id,
            ));
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn span(range: std::ops::Range<usize>, style: Inline) -> Span {
        Span { range, style }
    }

    #[test]
    fn nested_styles_resolve_per_byte_and_links_keep_their_text() {
        let text = "a bold and italic link";
        let b = text.find("bold").unwrap();
        let l = text.find("italic").unwrap();
        let styled = StyledText::new(
            text.into(),
            vec![
                span(b..text.len(), Inline::Bold),
                span(l..l + 6, Inline::Italic),
                span(l..text.len(), Inline::Link("https://example.org/".into())),
                span(0..1, Inline::Link("javascript:alert(1)".into())),
            ],
        );
        let s = resolve(&styled);
        assert_eq!(*s.at(0), RunStyle::default());
        assert!(s.at(b).bold && !s.at(b).italic && s.at(b).link.is_none());
        let it = s.at(l);
        assert!(it.bold && it.italic);
        assert_eq!(it.link.as_ref().unwrap().text, "italic link");
        let end = s.at(text.len() - 1);
        assert!(end.bold && !end.italic);
        assert_eq!(end.link, it.link);
        assert_eq!(s.table.len(), 4);
        // Nothing that changes the setting: no table.
        let plain = StyledText::new("x".into(), vec![span(0..1, Inline::LineBreak)]);
        assert!(resolve(&plain).per_byte.is_empty());
    }

    /// The runs of `lines` whose glyph texts spell `word` (in either order of the glyphs).
    fn runs_with<'a>(
        lines: &'a [crate::text::Line],
        word: &str,
    ) -> Vec<&'a crate::frame::GlyphRun> {
        lines
            .iter()
            .flat_map(|l| &l.runs)
            .filter(|r| {
                let mut texts: Vec<&str> = r.glyphs.iter().map(|g| g.text.as_str()).collect();
                let forward: String = texts.concat();
                texts.reverse();
                forward.contains(word) || texts.concat().contains(word)
            })
            .collect()
    }

    #[test]
    fn a_styled_paragraph_sets_each_style_and_is_justified_as_one() {
        use crate::frame::Color;
        use crate::model::Direction;
        use crate::text::{shape_paragraph, shape_styled, Align, FontId, FontRole, TextStyle};

        let text = "قال الوزير إن الاتفاق نهائي وإن التوقيع Monday في الدوحة، ونشرت الوزارة \
                    نص البيان الكامل على موقعها وأضاف أن الاتفاق يشمل 10 3 وحدات ونهائي.";
        let at = |w: &str| {
            let i = text.find(w).unwrap();
            i..i + w.len()
        };
        let link = "https://example.org/a";
        let styled = StyledText::new(
            text.into(),
            vec![
                span(at("الاتفاق نهائي"), Inline::Bold),
                span(at("Monday"), Inline::Italic),
                span(at("الدوحة"), Inline::Italic),
                span(at("نص البيان الكامل"), Inline::Link(link.into())),
                span(at(" 3").start + 1..at(" 3").end, Inline::Sup),
            ],
        );
        let fonts = FontSet::builtin();
        let style = TextStyle::new(FontRole::Body, 10.0);
        let p = shape_styled(&fonts, &styled, Direction::Rtl, "ar", &style);
        assert!(p.has_italic());
        let lines = p.break_lines(150.0, Align::Justify);
        assert!(lines.len() >= 3);
        for l in &lines[..lines.len() - 1] {
            assert!((l.width - 150.0).abs() < 1e-3, "justified: {}", l.width);
        }
        // Bold: Naskh Bold (face 1); the same word unstyled stays in Naskh Regular.
        let bold = runs_with(&lines, "نهائي");
        assert_eq!(bold.len(), 2);
        assert_eq!(bold.iter().filter(|r| r.font == FontId(1)).count(), 1);
        assert_eq!(bold.iter().filter(|r| r.font == FontId(0)).count(), 1);
        // Italic: Latin slanted in Serif Regular, Arabic upright.
        let monday = runs_with(&lines, "Monday");
        assert!(monday
            .iter()
            .all(|r| r.slant == ITALIC_SLANT && r.font == FontId(3)));
        let doha = runs_with(&lines, "الدوحة");
        assert!(doha.iter().all(|r| r.slant == 0.0 && r.font == FontId(0)));
        // The superscript: smaller, raised.
        let sup = runs_with(&lines, "3");
        assert!(sup
            .iter()
            .all(|r| r.size == 10.0 * SHIFT_SCALE && r.origin.y < 0.0));
        // The link: on its runs only, coloured, with its whole text.
        let linked: Vec<_> = lines
            .iter()
            .flat_map(|l| &l.runs)
            .filter(|r| r.link.is_some())
            .collect();
        assert!(!linked.is_empty());
        for r in &linked {
            let l = r.link.as_ref().unwrap();
            assert_eq!(
                (l.uri.as_str(), l.text.as_str()),
                (link, "نص البيان الكامل")
            );
            assert_eq!(r.color, Color::LINK);
        }
        let linked_text: String = linked
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(
            linked_text.chars().filter(|c| c.is_alphabetic()).count(),
            "نصالبيانالكامل".chars().count()
        );
        // Every letter once.
        let mut set: Vec<char> = lines
            .iter()
            .flat_map(|l| &l.runs)
            .flat_map(|r| &r.glyphs)
            .flat_map(|g| g.text.chars())
            .filter(|c| c.is_alphanumeric())
            .collect();
        let mut want: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
        set.sort();
        want.sort();
        assert_eq!(set, want);
        // Without spans, the styled path sets exactly what the plain one does.
        let plain = shape_styled(
            &fonts,
            &StyledText::from(text),
            Direction::Rtl,
            "ar",
            &style,
        );
        let reference = shape_paragraph(&fonts, text, Direction::Rtl, "ar", &style);
        assert_eq!(
            plain.break_lines(150.0, Align::Justify),
            reference.break_lines(150.0, Align::Justify)
        );
    }

    #[test]
    fn bold_in_a_bold_role_and_subheadings_stays_as_it_is() {
        use crate::model::Direction;
        use crate::text::{shape_styled, Align, FontRole, TextStyle};
        let styled = StyledText::new("عنوان NATO".into(), vec![span(0..15, Inline::Bold)]);
        let fonts = FontSet::builtin();
        for (role, faces) in [(FontRole::Bold, [1, 4]), (FontRole::Headline, [2, 4])] {
            let p = shape_styled(
                &fonts,
                &styled,
                Direction::Rtl,
                "ar",
                &TextStyle::new(role, 10.0),
            );
            let used: Vec<u16> = p.break_lines(500.0, Align::Start)[0]
                .runs
                .iter()
                .map(|r| r.font.0)
                .collect();
            assert!(used.iter().all(|f| faces.contains(f)), "{role:?}: {used:?}");
            assert!(used.contains(&faces[0]) && used.contains(&faces[1]));
        }
    }

    #[test]
    fn direction_spans_are_isolated_and_the_spans_move_along() {
        use crate::model::{Direction, TextLang};
        let text = "اسم C/2021 A1 Leonard اليوم";
        let name = text.find('C').unwrap()..text.find(" اليوم").unwrap();
        let lang = |dir| Inline::Lang {
            lang: TextLang {
                lang: Some("en".into()),
                dir,
            },
            isolate: false,
        };
        let styled = StyledText::new(
            text.into(),
            vec![
                span(name.clone(), lang(Some(Direction::Ltr))),
                span(name.clone(), Inline::Bold),
                span(0..name.end, Inline::Italic),
            ],
        );
        let got = isolate_spans(&styled).unwrap();
        assert_eq!(got.text, "اسم \u{2066}C/2021 A1 Leonard\u{2069} اليوم");
        let of = |style: Inline| {
            let s = got.spans.iter().find(|s| s.style == style).unwrap();
            &got.text[s.range.clone()]
        };
        assert_eq!(of(Inline::Bold), "C/2021 A1 Leonard");
        assert_eq!(of(Inline::Italic), "اسم \u{2066}C/2021 A1 Leonard");
        // A language alone isolates nothing; a <bdi> without a direction is first-strong.
        let plain = StyledText::new(text.into(), vec![span(name.clone(), lang(None))]);
        assert!(isolate_spans(&plain).is_none());
        let bdi = Inline::Lang {
            lang: TextLang::default(),
            isolate: true,
        };
        let got = isolate_spans(&StyledText::new(text.into(), vec![span(name, bdi)])).unwrap();
        assert!(got.text.contains("\u{2068}C/2021"));
    }

    #[test]
    fn arabic_italics_are_upright_but_still_reported() {
        use crate::model::Direction;
        use crate::text::{shape_styled, Align, FontRole, TextStyle};
        let styled = StyledText::new("قال نعم".into(), vec![span(7..13, Inline::Italic)]);
        let fonts = FontSet::builtin();
        let p = shape_styled(
            &fonts,
            &styled,
            Direction::Rtl,
            "ar",
            &TextStyle::new(FontRole::Body, 10.0),
        );
        assert!(
            p.has_italic(),
            "the caller warns that the italic is not shown"
        );
        let lines = p.break_lines(500.0, Align::Start);
        assert!(lines[0].runs.iter().all(|r| r.slant == 0.0));
        let spaces = StyledText::new("قال نعم".into(), vec![span(6..7, Inline::Italic)]);
        let p = shape_styled(
            &fonts,
            &spaces,
            Direction::Rtl,
            "ar",
            &TextStyle::new(FontRole::Body, 10.0),
        );
        assert!(!p.has_italic(), "an italic space is nothing to report");
    }

    #[test]
    fn a_language_span_is_shaped_in_its_language() {
        use crate::model::{Direction, TextLang};
        use crate::text::{shape_styled, Align, FontRole, TextStyle};
        // Noto Serif has a Serbian б (OpenType `locl`); the paragraph is Russian.
        let text = "б б";
        let sr = Inline::Lang {
            lang: TextLang {
                lang: Some("sr".into()),
                dir: None,
            },
            isolate: false,
        };
        let styled = StyledText::new(text.into(), vec![span(3..5, sr)]);
        let fonts = FontSet::builtin();
        let style = TextStyle::new(FontRole::Body, 10.0);
        let p = shape_styled(&fonts, &styled, Direction::Ltr, "ru", &style);
        let ids: Vec<u16> = p.break_lines(500.0, Align::Start)[0]
            .runs
            .iter()
            .flat_map(|r| &r.glyphs)
            .filter(|g| g.text == "б")
            .map(|g| g.id)
            .collect();
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1], "the Serbian б has its own form");
    }

    #[test]
    fn a_mark_keeps_its_letters_style_and_isolates_follow_their_stretch() {
        // Bold ends between ب and its kasra.
        let text = "بِ";
        let s = resolve(&StyledText::new(
            text.into(),
            vec![span(0..2, Inline::Bold)],
        ));
        assert_eq!(s.per_byte, [1, 1, 1, 1]);
        let after = "a \u{2066}1\u{2069} b";
        let got = follow_insertions("a 1 b", after, vec![0, 0, 5, 0, 0]);
        assert_eq!(got.len(), after.len());
        assert_eq!(&got[2..9], &[5, 5, 5, 5, 5, 5, 5]);
        assert_eq!(got[9], 0);
    }
}
