//! The paragraph: the stages run in order, once, on one block of text.
//!
//! `shape_paragraph` runs prepare → bidi → itemize → shape and keeps the result; line breaking
//! (`break_lines`, in [`super::line`]) can then be asked for any column width without shaping
//! again, except for the rare word that must be cut between characters.

use unicode_bidi::Level;

use super::fonts::{FontRole, FontSet};
use super::shape::{self, ShapeParams, ShapedRun};
use super::styles::{self, RunStyle, Styles};
use super::{bidi, itemize, prepare};
use crate::frame::Color;
use crate::model::{Direction, StyledText};

/// How a paragraph's text is set: which chain of faces, what size, what colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub role: FontRole,
    /// Font size in points.
    pub size: f32,
    pub color: Color,
}

impl TextStyle {
    /// Black text of `role` at `size` points.
    pub fn new(role: FontRole, size: f32) -> TextStyle {
        TextStyle {
            role,
            size,
            color: Color::BLACK,
        }
    }
}

/// A paragraph shaped once, ready to be broken into lines at any width.
#[derive(Debug, Clone)]
pub struct ShapedParagraph {
    pub(crate) fonts: FontSet,
    /// The text actually shaped (after `prepare`): glyph clusters are byte offsets into it.
    pub(crate) text: String,
    pub(crate) lang: String,
    pub(crate) style: TextStyle,
    /// The paragraph's bidi level: odd for right-to-left.
    pub(crate) para_level: Level,
    /// One per item, in logical order.
    pub(crate) runs: Vec<ShapedRun>,
    /// The inline style of each byte of `text` (constant over each run).
    pub(crate) styles: Styles,
    /// Characters that no face of the style's chain covers, each once, in order of appearance.
    /// They were left out (not drawn as boxes); the caller should warn naming the article.
    pub missing: Vec<char>,
}

/// Shape one paragraph of `text` with base direction `base` (from the article, never guessed)
/// and language `lang` (a BCP 47 tag such as `ar`). Accepts any string; an empty or blank one
/// gives an empty paragraph (no lines).
pub fn shape_paragraph(
    fonts: &FontSet,
    text: &str,
    base: Direction,
    lang: &str,
    style: &TextStyle,
) -> ShapedParagraph {
    shape_with(fonts, text, Styles::default(), base, lang, style)
}

/// [`shape_paragraph`] for text with inline styles: bold in the bold face of each family,
/// italics slanted (not Arabic), superscripts smaller and raised, links carried to the glyph
/// runs (see `styles` for what each does). Set as one paragraph, justified as one.
pub fn shape_styled(
    fonts: &FontSet,
    text: &StyledText,
    base: Direction,
    lang: &str,
    style: &TextStyle,
) -> ShapedParagraph {
    let isolated = styles::isolate_spans(text);
    let text = isolated.as_ref().unwrap_or(text);
    shape_with(fonts, &text.text, styles::resolve(text), base, lang, style)
}

fn shape_with(
    fonts: &FontSet,
    text: &str,
    styles: Styles,
    base: Direction,
    lang: &str,
    style: &TextStyle,
) -> ShapedParagraph {
    let style = TextStyle {
        size: sane_size(style.size),
        ..*style
    };
    let chain = fonts.chain(style.role);
    let prepared = prepare::prepare(text, fonts, chain, &styles.per_byte);
    let (text, per_byte) = if prepared.styles.is_empty() {
        (bidi::isolate_ltr_stretches(prepared.text, base), Vec::new())
    } else {
        let isolated = bidi::isolate_ltr_stretches(prepared.text.clone(), base);
        let per_byte = styles::follow_insertions(&prepared.text, &isolated, prepared.styles);
        (isolated, per_byte)
    };
    let mut styles = Styles {
        table: styles.table,
        per_byte,
    };
    let levels = bidi::resolve(&text, base);
    let items = itemize::itemize(&text, &levels.per_byte, fonts, chain);
    let items: Vec<(itemize::Item, u32)> = if styles.per_byte.is_empty() {
        items.into_iter().map(|it| (it, 0)).collect()
    } else {
        styles::split_items(&text, items, &styles, fonts)
    };
    let runs = items
        .into_iter()
        .map(|(it, id)| {
            let run_style = &styles.table[id as usize];
            let params = ShapeParams {
                fonts,
                lang: run_style.lang.as_deref().unwrap_or(lang),
                size: run_style.size(style.size),
            };
            shape::shape(
                params,
                &text,
                0..text.len(),
                it.range,
                it.level,
                it.script,
                it.font,
            )
        })
        .collect::<Vec<ShapedRun>>();
    // Each run one style throughout, as line building reads it from the run's first byte.
    if !styles.per_byte.is_empty() {
        for run in &runs {
            let id = styles.per_byte[run.range.start];
            styles.per_byte[run.range.clone()].fill(id);
        }
    }
    ShapedParagraph {
        fonts: fonts.clone(),
        text,
        lang: lang.to_string(),
        style,
        para_level: levels.para,
        runs,
        styles,
        missing: prepared.missing,
    }
}

/// A size that keeps arithmetic finite: anything not a positive finite number counts as 0.
fn sane_size(size: f32) -> f32 {
    if size.is_finite() && size > 0.0 {
        size
    } else {
        0.0
    }
}

impl ShapedParagraph {
    /// The text that was shaped: the input with controls cleaned, spaces collapsed and
    /// uncovered characters removed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Nothing to draw (the input was empty, blank or only controls).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The style the paragraph was shaped with.
    pub fn style(&self) -> &TextStyle {
        &self.style
    }

    /// Right-to-left paragraph (the start edge is the right one).
    pub fn is_rtl(&self) -> bool {
        self.para_level.is_rtl()
    }

    /// Width of the whole paragraph set on one line, in points: what a headline or a caption
    /// needs to fit without breaking.
    pub fn natural_width(&self) -> f32 {
        self.runs.iter().map(|r| shape::width(&r.glyphs)).sum()
    }

    /// Some letters of the paragraph are in italics, for which no face is bundled: drawn
    /// slanted (a synthesized oblique), or upright in Arabic. The caller should say so once,
    /// naming the article.
    pub fn has_italic(&self) -> bool {
        self.styles.has_italic(&self.text)
    }

    /// The inline style of the text at byte `at`.
    pub(crate) fn style_at(&self, at: usize) -> &RunStyle {
        self.styles.at(at)
    }

    /// Shaping parameters for the run starting at byte `at` (its style's size and language).
    pub(crate) fn params_at(&self, at: usize) -> ShapeParams<'_> {
        let style = self.style_at(at);
        ShapeParams {
            fonts: &self.fonts,
            lang: style.lang.as_deref().unwrap_or(&self.lang),
            size: style.size(self.style.size),
        }
    }
}

/// Suggested baseline-to-baseline distance for `style`, in points: the role's primary face's
/// ascender + descender + line gap, but at most [`MAX_LEADING`] em. Noto's Arabic faces set
/// their metrics for the tallest stacks of marks (Naskh 1.70 em, Kufi 1.90 em), which makes
/// newspaper columns look double-spaced; 1.55 em still keeps the usual harakat (fatha, shadda
/// with a vowel, tanween) clear of the descenders of the line above.
pub fn line_height(fonts: &FontSet, style: &TextStyle) -> f32 {
    let primary = fonts.chain(style.role)[0];
    let m = fonts.metrics(primary);
    let units = f32::from(m.ascender) - f32::from(m.descender) + f32::from(m.line_gap.max(0));
    let em = units / f32::from(m.units_per_em);
    em.min(MAX_LEADING) * sane_size(style.size)
}

/// Loosest leading [`line_height`] suggests, in em.
pub const MAX_LEADING: f32 = 1.55;
