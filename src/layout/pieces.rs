//! Turning an article into pieces the page filler stacks: lines of shaped text, photos, gaps
//! and rules, each with the height it takes and whether it must stay with the next piece.
//!
//! Everything here depends only on the article and the column width, so articles are prepared
//! in parallel and placed one after the other afterwards.

use std::path::PathBuf;

use crate::diagnostic::Warning;
use crate::frame::{Color, GlyphRun};
use crate::layout::style::Typography;
use crate::locale;
use crate::model::{Article, Block, Direction, Image, Inline, Slicer, StyledText, TextLang};
use crate::text::{self, Align, FontSet, Line, TextStyle};

/// One thing stacked in a column (or across the page, for headers).
#[derive(Debug, Clone)]
pub enum Piece {
    /// A line of text. `indent` is its offset from the column's left edge.
    Text {
        runs: Vec<GlyphRun>,
        /// The line's text in logical order.
        text: String,
        /// The paragraph reads right to left.
        rtl: bool,
        height: f32,
        baseline: f32,
        indent: f32,
        keep_with_next: bool,
    },
    /// White space; dropped at the top of a column.
    Gap(f32),
    /// A photo, `width`×`height` points, centred in the column.
    Photo {
        path: PathBuf,
        width: f32,
        height: f32,
    },
    /// A horizontal rule across the column (quotes).
    Rule {
        /// The rule opens a block that must not be left alone at a column's foot.
        keep_with_next: bool,
        indent: f32,
        width: f32,
        color: Color,
    },
}

impl Piece {
    pub fn height(&self) -> f32 {
        match self {
            Piece::Text { height, .. } => *height,
            Piece::Gap(h) => *h,
            Piece::Photo { height, .. } => *height,
            Piece::Rule { .. } => 1.0,
        }
    }

    /// Whether a column may end right after this piece.
    pub fn keep_with_next(&self) -> bool {
        match self {
            Piece::Text { keep_with_next, .. } => *keep_with_next,
            Piece::Photo { .. } => true,
            Piece::Rule { keep_with_next, .. } => *keep_with_next,
            Piece::Gap(_) => false,
        }
    }

    pub fn is_gap(&self) -> bool {
        matches!(self, Piece::Gap(_))
    }
}

/// An article ready to be placed.
#[derive(Debug, Clone)]
pub struct PreparedArticle {
    /// Section label, kicker, headline, subtitle, byline: set across the article's full width.
    pub header: Vec<Piece>,
    /// The lead photo with its caption lines, set across the columns.
    pub lead: Option<Vec<Piece>>,
    /// The lead photo itself, to set it again smaller where a page has less room.
    pub lead_image: Option<Image>,
    /// The body, at column width.
    pub body: Vec<Piece>,
    pub dir: Direction,
    /// Characters no font covers, by the field they come from, for the warnings.
    pub missing: Missing,
}

/// Characters no face covers, each listed under the field it comes from, so that a warning can
/// say where to look: `title`, `kicker`, `image.caption`, `body[3].text`, `body[5].cite`,
/// `body[6].items[2]` (the article's JSON paths; `body[i]` counts blocks however the body was
/// given), or the edition's `name` and `tagline` for the masthead. Fields and characters are in
/// order of appearance, each character once per field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Missing(Vec<(String, Vec<char>)>, Option<String>);

impl Missing {
    /// The first field with italic text (no italic face: slanted, or upright in Arabic), for
    /// the warning.
    pub fn italic(&self) -> Option<&str> {
        self.1.as_deref()
    }

    fn add(&mut self, field: &str, c: char) {
        let at = match self.0.iter().position(|(f, _)| f == field) {
            Some(i) => i,
            None => {
                self.0.push((field.to_string(), Vec::new()));
                self.0.len() - 1
            }
        };
        let chars = &mut self.0[at].1;
        if !chars.contains(&c) {
            chars.push(c);
        }
    }

    /// Each field with its characters.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &[char])> {
        self.0.iter().map(|(f, c)| (f.as_str(), c.as_slice()))
    }

    /// One warning per field of `file` (an article, or the edition for the masthead), naming
    /// the field and the characters left out of `place`; and one for the first field whose
    /// italics had to be slanted.
    pub fn warn(&self, file: &std::path::Path, place: &str, warnings: &mut Vec<Warning>) {
        if let Some(field) = self.italic() {
            warnings.push(Warning::new(
                file,
                Some(field.to_string()),
                format!(
                    "no bundled font has italics: italic text is slanted in {place} \
                     (a synthesized oblique), and Arabic italic is set upright"
                ),
            ));
        }
        for (field, chars) in self.fields() {
            let list: Vec<String> = chars
                .iter()
                .map(|c| format!("U+{:04X} «{c}»", *c as u32))
                .collect();
            warnings.push(Warning::new(
                file,
                Some(field.to_string()),
                format!(
                    "no bundled font has {}; left out of {place}",
                    list.join(", ")
                ),
            ));
        }
    }
}

/// Height of the photo itself among a lead photo's pieces (the rest is caption and gaps).
pub fn photo_height(pieces: &[Piece]) -> f32 {
    pieces
        .iter()
        .find_map(|p| match p {
            Piece::Photo { height, .. } => Some(*height),
            _ => None,
        })
        .unwrap_or(0.0)
}

/// Widths the article is set at.
#[derive(Debug, Clone, Copy)]
pub struct Measures {
    pub full: f32,
    pub column: f32,
    /// Width of the lead photo (several columns).
    pub lead: f32,
    /// Height no photo may exceed (a share of the column).
    pub max_photo_height: f32,
    /// The header names the article's section (not wanted under a section's banner).
    pub section_label: bool,
}

/// Sets text into lines for one article (or the masthead), collecting missing characters by
/// the field they come from.
pub struct Setter<'a> {
    pub fonts: &'a FontSet,
    pub typo: &'a Typography,
    pub dir: Direction,
    pub lang: &'a str,
    pub missing: Missing,
    /// Characters of the masthead left out because it did not fit on page 1 (reported).
    pub masthead_cut: usize,
    /// The language and direction of the block being set, where it gives them (`"lang"`,
    /// `"dir"` on a body block, a caption or a cite): what HarfBuzz shapes with and which way
    /// the paragraph runs.
    pub scope: TextLang,
}

/// Paragraphs longer than this many bytes are set a stretch of about this size at a time, cut
/// after a sentence (or else a space). Line breaking weighs a whole paragraph at once, so its
/// shaped text is all held while it runs: a scraper that lost its paragraph breaks sends
/// megabytes in one, which held gigabytes. Each cut ends one line short, about every 900
/// lines of a column.
pub const MAX_SET_BYTES: usize = 64 * 1024;

/// Where to cut `text` so that the first part is at most `max` bytes: after the last sentence
/// end followed by a space, else after the last space, else at a character boundary.
fn cut_point(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let mut last_space = None;
    let mut prev: Option<char> = None;
    for (i, c) in head.char_indices().rev() {
        if c.is_whitespace() {
            if last_space.is_none() {
                last_space = Some(i + c.len_utf8());
            }
        } else if let Some(p) = prev.filter(|p| p.is_whitespace()) {
            if matches!(c, '.' | '!' | '?' | '؟' | '…' | '»' | '"') {
                return i + c.len_utf8() + p.len_utf8();
            }
        }
        prev = Some(c);
        // Far enough back: a sentence end is not coming.
        if end - i > max / 2 && last_space.is_some() {
            break;
        }
    }
    match last_space {
        Some(at) if at > 0 => at,
        _ => end.max(text.chars().next().map_or(1, char::len_utf8)),
    }
}

impl<'a> Setter<'a> {
    pub fn new(fonts: &'a FontSet, typo: &'a Typography, dir: Direction, lang: &'a str) -> Self {
        Setter {
            fonts,
            typo,
            dir,
            lang,
            missing: Missing::default(),
            masthead_cut: 0,
            scope: TextLang::default(),
        }
    }

    /// Shapes and breaks `text`, the value of `field`, returning one piece per line. Orphans
    /// and widows are prevented by chaining the first line to the second and the next-to-last
    /// to the last.
    pub fn lines(
        &mut self,
        field: &str,
        text: &str,
        style: &TextStyle,
        width: f32,
        align: Align,
        indent: f32,
    ) -> Vec<Piece> {
        self.lines_of(&[(field, text)], "", style, width, align, indent)
    }

    /// [`Setter::lines`] for several fields set as one text, joined by `sep` (the section and
    /// the kicker, the byline and the date): a missing character is listed under the first
    /// field that has it.
    pub fn lines_of(
        &mut self,
        parts: &[(&str, &str)],
        sep: &str,
        style: &TextStyle,
        width: f32,
        align: Align,
        indent: f32,
    ) -> Vec<Piece> {
        let joined;
        let text = match parts {
            [(_, one)] => *one,
            _ => {
                joined = parts.iter().map(|(_, t)| *t).collect::<Vec<_>>().join(sep);
                joined.as_str()
            }
        };
        self.set(parts, text, None, style, width, align, indent)
    }

    /// [`Setter::lines`] for text with inline styles (a body paragraph, a quote, a list item):
    /// bold, italic, superscripts and links are set as they say (see [`text::shape_styled`]).
    pub fn styled_lines(
        &mut self,
        field: &str,
        styled: &StyledText,
        style: &TextStyle,
        width: f32,
        align: Align,
        indent: f32,
    ) -> Vec<Piece> {
        let spans = (!styled.spans.is_empty()).then_some(styled);
        self.set(
            &[(field, &styled.text)],
            &styled.text,
            spans,
            style,
            width,
            align,
            indent,
        )
    }

    /// Sets `text` (the `parts` joined, with `styled` its spans if it has any) into lines.
    #[allow(clippy::too_many_arguments)]
    fn set(
        &mut self,
        parts: &[(&str, &str)],
        text: &str,
        styled: Option<&StyledText>,
        style: &TextStyle,
        width: f32,
        align: Align,
        indent: f32,
    ) -> Vec<Piece> {
        let dir = self.scope.direction(text, self.dir);
        let lang = self.scope.lang.clone();
        let lang = lang.as_deref().unwrap_or(self.lang);
        let mut lines = Vec::new();
        // Forced line breaks (`<br>`): the space standing for each, by where it starts. The
        // text before one is set as a paragraph of its own, so that its last line is not
        // justified, as a browser sets it.
        let breaks: Vec<std::ops::Range<usize>> = styled
            .map(|st| {
                st.spans
                    .iter()
                    .filter(|s| s.style == Inline::LineBreak)
                    .map(|s| s.range.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut slicer = styled.map(Slicer::new);
        let mut next_break = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let at = text.len() - rest.len();
            while breaks.get(next_break).is_some_and(|b| b.start < at) {
                next_break += 1;
            }
            // A break within reach ends the stretch (looking for a sentence end first would
            // make a body of many short broken lines quadratic).
            let len = match breaks.get(next_break) {
                Some(b) if b.start == at => {
                    rest = &rest[(b.end - at).min(rest.len())..];
                    continue;
                }
                Some(b) if b.start - at <= MAX_SET_BYTES => b.start - at,
                _ => cut_point(rest, MAX_SET_BYTES),
            };
            let (part, tail) = rest.split_at(len);
            let shaped = match &mut slicer {
                Some(slicer) => {
                    let shaped = text::shape_styled(
                        self.fonts,
                        &slicer.slice(at..at + part.len()),
                        dir,
                        lang,
                        style,
                    );
                    if self.missing.1.is_none() && shaped.has_italic() {
                        self.missing.1 = parts.first().map(|(f, _)| f.to_string());
                    }
                    shaped
                }
                None => text::shape_paragraph(self.fonts, part, dir, lang, style),
            };
            rest = tail;
            for &c in &shaped.missing {
                let field = parts.iter().find(|(_, t)| t.contains(c)).or(parts.first());
                self.missing.add(field.map_or("", |(f, _)| f), c);
            }
            lines.extend(shaped.break_lines(width.max(1.0), align));
        }
        let n = lines.len();
        let height = style.size * self.typo.leading;
        lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                self.piece(
                    line,
                    height,
                    style.size,
                    indent,
                    n > 1 && (i == 0 || i + 2 == n),
                )
            })
            .collect()
    }

    fn piece(
        &self,
        line: Line,
        height: f32,
        size: f32,
        indent: f32,
        keep_with_next: bool,
    ) -> Piece {
        // Baseline on a grid: the line's ink box centred in its height, so Arabic ascenders and
        // harakat sit within the line.
        let ascent = if line.ascent > 0.0 {
            line.ascent
        } else {
            size * 0.9
        };
        let descent = if line.descent > 0.0 {
            line.descent
        } else {
            size * 0.3
        };
        let baseline = ((height - (ascent + descent)) / 2.0 + ascent).clamp(size * 0.6, height);
        Piece::Text {
            runs: line.runs,
            text: line.text,
            rtl: line.rtl,
            height,
            baseline,
            indent,
            keep_with_next,
        }
    }
}

/// A story's header `width` wide, its headline in `headline`: the section (with `section`) and
/// kicker, the headline, the subtitle, the byline and date, and the gap under them.
pub fn header(
    s: &mut Setter<'_>,
    article: &Article,
    headline: &TextStyle,
    width: f32,
    section: bool,
) -> Vec<Piece> {
    let typo = s.typo;
    let start = Align::Start;
    let mut header = Vec::new();
    let mut label = Vec::new();
    if section {
        label.extend(article.section.as_deref().map(|t| ("section", t)));
    }
    label.extend(article.kicker.as_deref().map(|t| ("kicker", t)));
    if !label.is_empty() {
        header.extend(s.lines_of(&label, " | ", &typo.kicker, width, start, 0.0));
    }
    header.extend(s.lines("title", &article.title, headline, width, start, 0.0));
    chain(&mut header);
    if let Some(sub) = &article.subtitle {
        header.push(Piece::Gap(typo.paragraph_gap));
        header.extend(s.lines("subtitle", sub, &typo.subtitle, width, start, 0.0));
    }
    let date = article
        .published
        .map(|d| locale::long_date(d, &article.lang));
    let mut byline = Vec::new();
    byline.extend(article.byline.as_deref().map(|t| ("byline", t)));
    byline.extend(date.as_deref().map(|t| ("published", t)));
    if !byline.is_empty() {
        header.extend(s.lines_of(&byline, " — ", &typo.byline, width, start, 0.0));
    }
    header.push(Piece::Gap(typo.block_gap * 0.6));
    header
}

/// Prepares an article: header, lead photo and body pieces.
pub fn prepare(
    article: &Article,
    fonts: &FontSet,
    typo: &Typography,
    m: Measures,
) -> PreparedArticle {
    let mut s = Setter::new(fonts, typo, article.dir, &article.lang);
    let start = Align::Start;
    let header = header(&mut s, article, &typo.headline, m.full, m.section_label);

    let lead = article
        .image
        .as_ref()
        .map(|img| lead_photo(&mut s, img, "image", m.lead, m.max_photo_height * 1.2));

    let mut body = Vec::new();
    let w = m.column;
    for (i, body_block) in article.body.iter().enumerate() {
        s.scope = body_block.lang.clone();
        let block = &body_block.block;
        let field = |name: &str| format!("body[{i}].{name}");
        if i > 0 {
            body.push(Piece::Gap(match block {
                Block::Paragraph(_) => typo.paragraph_gap,
                _ => typo.block_gap,
            }));
        }
        match block {
            Block::Paragraph(t) => {
                body.extend(s.styled_lines(&field("text"), t, &typo.body, w, Align::Justify, 0.0))
            }
            Block::Heading(t) => {
                // A subheading never ends a column: all its lines keep with what follows.
                let mut lines = s.lines(&field("text"), t, &typo.heading, w, start, 0.0);
                lines.push(Piece::Gap(0.0));
                chain(&mut lines);
                lines.pop();
                body.extend(lines);
            }
            Block::Quote { text, cite } => {
                let indent = typo.body.size * 0.8;
                let inner = w - 2.0 * indent;
                // A quote stays in one column when it fits in one: its lines are chained.
                let mut quote = vec![Piece::Rule {
                    keep_with_next: true,
                    indent,
                    width: inner,
                    color: Color::GREY,
                }];
                quote.push(Piece::Gap(typo.paragraph_gap));
                quote.extend(s.styled_lines(
                    &field("text"),
                    text,
                    &typo.quote,
                    inner,
                    start,
                    indent,
                ));
                if let Some(c) = cite {
                    s.scope = c.lang.within(&body_block.lang);
                    quote.extend(s.lines(
                        &field("cite"),
                        &format!("— {}", c.text),
                        &typo.cite,
                        inner,
                        Align::End,
                        indent,
                    ));
                }
                chain(&mut quote);
                if let Some(Piece::Text { keep_with_next, .. }) = quote.last_mut() {
                    *keep_with_next = true;
                }
                body.extend(quote);
                body.push(Piece::Gap(typo.paragraph_gap));
                body.push(Piece::Rule {
                    keep_with_next: false,
                    indent,
                    width: inner,
                    color: Color::GREY,
                });
            }
            Block::Image(img) => body.extend(photo(
                &mut s,
                img,
                &format!("body[{i}]"),
                w,
                m.max_photo_height,
            )),
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    // An isolate (LRI…PDI) makes «1.» one left-to-right unit, so the full
                    // stop stays after the number in right-to-left text.
                    let marker = if *ordered {
                        format!("\u{2066}{}.\u{2069}", n + 1)
                    } else {
                        "•".to_string()
                    };
                    let indent = typo.body.size * 0.6;
                    body.extend(s.styled_lines(
                        &field(&format!("items[{n}]")),
                        &item.prefixed(&format!("{marker} ")),
                        &typo.body,
                        w - indent,
                        Align::Start,
                        match Direction::of_text(&item.text, article.dir) {
                            Direction::Rtl => 0.0,
                            Direction::Ltr => indent,
                        },
                    ));
                }
            }
        }
    }
    s.scope = TextLang::default();
    PreparedArticle {
        header,
        lead,
        lead_image: article.image.clone(),
        body,
        dir: article.dir,
        missing: s.missing,
    }
}

/// The lead photo with its caption, at most `max_height` tall, and the gap below it. `field`
/// names the photo in warnings (`image`).
pub fn lead_photo(
    s: &mut Setter<'_>,
    img: &Image,
    field: &str,
    width: f32,
    max_height: f32,
) -> Vec<Piece> {
    let mut p = photo(s, img, field, width, max_height);
    p.push(Piece::Gap(s.typo.block_gap));
    p
}

/// A photo scaled to `width` (or narrower, to stay under `max_height`), with caption and credit;
/// `field` names the photo (`image`, `body[4]`) in warnings about its caption and credit.
fn photo(s: &mut Setter<'_>, img: &Image, field: &str, width: f32, max_height: f32) -> Vec<Piece> {
    let (pw, ph) = img.display_size();
    let ratio = ph as f32 / pw.max(1) as f32;
    let (mut w, mut h) = (width, width * ratio);
    if h > max_height {
        h = max_height;
        w = h / ratio.max(1e-6);
    }
    let mut out = vec![Piece::Photo {
        path: img.path.clone(),
        width: w,
        height: h,
    }];
    out.push(Piece::Gap(s.typo.paragraph_gap));
    let typo = s.typo;
    // Caption and credit sit under the photo itself (it is centred in its slot), at least
    // a column's width wide so a narrow portrait doesn't get a tall ribbon of caption.
    let text_width = w.max(width.min(s.typo.body.size * 16.0));
    let indent = (width - text_width).max(0.0) / 2.0;
    let outer = s.scope.clone();
    if let Some(c) = &img.caption {
        let at = format!("{field}.caption");
        s.scope = c.lang.within(&outer);
        out.extend(s.lines(
            &at,
            &c.text,
            &typo.caption,
            text_width,
            Align::Start,
            indent,
        ));
    }
    if let Some(c) = &img.credit {
        let at = format!("{field}.credit");
        s.scope = c.lang.within(&outer);
        out.extend(s.lines(&at, &c.text, &typo.credit, text_width, Align::End, indent));
    }
    s.scope = outer;
    // Photo, caption and credit stay together.
    chain(&mut out);
    out
}

/// Makes every piece but the last keep with its next.
fn chain(pieces: &mut [Piece]) {
    let n = pieces.len();
    for p in pieces.iter_mut().take(n.saturating_sub(1)) {
        if let Piece::Text { keep_with_next, .. } = p {
            *keep_with_next = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FontRole;

    #[test]
    fn cuts_fall_after_a_sentence_or_a_space_within_the_limit() {
        let text = "جملة أولى. جملة ثانية طويلة بعض الشيء";
        let at = cut_point(text, 30);
        assert!(at <= 30);
        assert_eq!(&text[..at], "جملة أولى. ");
        let words = "كلمة ".repeat(20);
        let at = cut_point(&words, 33);
        assert!(at <= 33 && words[..at].ends_with(' '), "{at}");
        let solid = "ب".repeat(40);
        let at = cut_point(&solid, 33);
        assert_eq!(at, 32, "a character boundary");
        assert_eq!(cut_point("ab", 10), 2);
    }

    #[test]
    fn a_block_language_sets_the_paragraph_direction() {
        // «NASA تعلن…» opens with a Latin name: by its first strong character it would run
        // left to right; `"lang": "ar"` on the block keeps it right to left.
        let fonts = FontSet::builtin();
        let typo = Typography::new(10.0);
        let mut setter = Setter::new(&fonts, &typo, Direction::Rtl, "ar");
        let style = TextStyle::new(FontRole::Body, 10.0);
        let text = "NASA تعلن عن مهمة جديدة";
        let rtl = |pieces: &[Piece]| match &pieces[0] {
            Piece::Text { rtl, .. } => *rtl,
            _ => panic!("not text"),
        };
        let plain = setter.lines("body[0].text", text, &style, 300.0, Align::Justify, 0.0);
        assert!(!rtl(&plain));
        setter.scope = TextLang {
            lang: Some("ar".into()),
            dir: None,
        };
        let scoped = setter.lines("body[0].text", text, &style, 300.0, Align::Justify, 0.0);
        assert!(rtl(&scoped));
    }

    #[test]
    fn a_paragraph_set_in_stretches_keeps_every_letter_once() {
        let fonts = FontSet::builtin();
        let typo = Typography::new(10.0);
        let mut setter = Setter::new(&fonts, &typo, Direction::Rtl, "ar");
        let unit = "قال الوزير إن الاجتماع ناقش 25 ملفًا مع NATO. ";
        let text = unit.repeat(MAX_SET_BYTES * 2 / unit.len() + 7);
        let style = TextStyle::new(FontRole::Body, 10.0);
        let pieces = setter.lines("body[0].text", &text, &style, 150.0, Align::Justify, 0.0);
        let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
        let set: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Text { runs, .. } => runs
                    .iter()
                    .flat_map(|r| &r.glyphs)
                    .map(|g| letters(&g.text))
                    .sum(),
                _ => 0,
            })
            .sum();
        assert_eq!(set, letters(&text));
        assert_eq!(setter.missing.fields().count(), 0);
        // Widow and orphan chaining still apply to the paragraph as a whole.
        let chained: Vec<bool> = pieces.iter().map(Piece::keep_with_next).collect();
        assert!(chained[0] && chained[chained.len() - 2]);
        assert_eq!(chained.iter().filter(|&&k| k).count(), 2);
    }

    #[test]
    fn a_forced_line_break_ends_a_line_that_is_not_justified() {
        use crate::model::Span;
        let fonts = FontSet::builtin();
        let typo = Typography::new(10.0);
        let mut setter = Setter::new(&fonts, &typo, Direction::Rtl, "ar");
        let style = TextStyle::new(FontRole::Body, 10.0);
        let text = "العنوان: شارع النيل رقم ١٢ القاهرة";
        let br = text.find(" القاهرة").unwrap();
        let styled = StyledText::new(
            text.into(),
            vec![Span {
                range: br..br + 1,
                style: Inline::LineBreak,
            }],
        );
        let pieces =
            setter.styled_lines("body[0].text", &styled, &style, 300.0, Align::Justify, 0.0);
        let lines: Vec<(&str, f32)> = pieces
            .iter()
            .map(|p| match p {
                Piece::Text { text, runs, .. } => (
                    text.as_str(),
                    runs.iter().flat_map(|r| &r.glyphs).map(|g| g.advance).sum(),
                ),
                _ => panic!("not text"),
            })
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].0, &text[..br]);
        assert_eq!(lines[1].0, "القاهرة");
        assert!(
            lines[0].1 < 200.0,
            "the line before the break is not stretched: {}",
            lines[0].1
        );
    }

    #[test]
    fn a_missing_character_is_listed_under_the_field_that_has_it() {
        let fonts = FontSet::builtin();
        let typo = Typography::new(10.0);
        let mut setter = Setter::new(&fonts, &typo, Direction::Rtl, "ar");
        let style = TextStyle::new(FontRole::Bold, 10.0);
        let parts = [("section", "سياسة 👍"), ("kicker", "تغطية \u{E000} خاصة")];
        let lines = setter.lines_of(&parts, " | ", &style, 300.0, Align::Start, 0.0);
        assert_eq!(lines.len(), 1);
        setter.lines(
            "title",
            "عنوان \u{E001}\u{E000}",
            &style,
            300.0,
            Align::Start,
            0.0,
        );
        setter.lines("title", "\u{E001}", &style, 300.0, Align::Start, 0.0);
        let fields: Vec<(&str, &[char])> = setter.missing.fields().collect();
        assert_eq!(
            fields,
            [
                ("kicker", &['\u{E000}'][..]),
                ("title", &['\u{E001}', '\u{E000}'][..])
            ]
        );
    }
}
