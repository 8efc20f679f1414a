//! Stage 3: shape one item with HarfBuzz, word by word, each distinct word once (see
//! [`super::words`]).
//!
//! Each item is shaped with its direction (from its bidi level), its script and the article's
//! language, and with the text around it as context so that Arabic joining is right at the
//! item's edges. Positions come back in font units (the HarfBuzz font keeps its default scale,
//! units per em) and are turned into points here: `units × size / units_per_em`.

use std::ops::Range;
use std::str::FromStr;

use harfbuzz_rs::{Direction as HbDirection, Language, Tag, UnicodeBuffer};
use unicode_bidi::Level;
use unicode_script::Script;

use super::chars::extends_cluster;
use super::fonts::{FontId, FontSet, LoadedFace};
use super::glyph_text;
use super::words::WordKey;

/// One shaped glyph, before line layout.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub id: u16,
    /// Byte offset in the paragraph text of the cluster this glyph belongs to.
    pub cluster: usize,
    /// Advance, in points.
    pub advance: f32,
    /// HarfBuzz's offset from the pen position, in points (x right, y down).
    pub dx: f32,
    pub dy: f32,
    /// The characters this glyph stands for (see [`glyph_text`]).
    pub text: String,
    /// Cutting the text at the start of this glyph's cluster would change the shaping.
    pub unsafe_to_break: bool,
}

/// An item's glyphs, in visual order (left to right), as HarfBuzz returns them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapedRun {
    pub range: Range<usize>,
    pub level: Level,
    pub script: Script,
    pub font: FontId,
    pub glyphs: Vec<Glyph>,
}

/// Everything a shaping call needs besides the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ShapeParams<'a> {
    pub fonts: &'a FontSet,
    /// BCP 47 tag of the article (`ar`, `fa`, `en`…), for language-specific forms.
    pub lang: &'a str,
    pub size: f32,
}

/// Shape `text[range]` with `text[context]` around it (`context` must contain `range`).
///
/// The item is shaped word by word (a word with the spaces after it), each word that stands
/// between spaces (or the ends of the context) taken from the face's [`WordCache`] when it was
/// shaped before; see [`super::words`] for why the glyphs are the same as the whole item's.
pub(crate) fn shape(
    p: ShapeParams<'_>,
    text: &str,
    context: Range<usize>,
    range: Range<usize>,
    level: Level,
    script: Script,
    font: FontId,
) -> ShapedRun {
    let face = p.fonts.loaded(font);
    let rtl = level.is_rtl();
    let words = words(text, &context, &range);
    let mut glyphs = Vec::with_capacity(range.len());
    // Right to left, the item's glyphs are in visual order: its last word first.
    let mut add = |word: &Range<usize>| {
        let key = WordKey {
            text: &text[word.clone()],
            size: p.size,
            rtl,
            script,
            lang: p.lang,
        };
        // The word's glyphs are its own when a space (or the edge of the context) stands at
        // each of its ends, inside it or just outside it: nothing shapes across a space.
        let space = |at: usize| !context.contains(&at) || text.as_bytes()[at] == b' ';
        let cacheable = (space(word.start) || word.start == 0 || space(word.start - 1))
            && (space(word.end - 1) || space(word.end));
        if cacheable {
            if let Some(known) = face.words.get(&key) {
                glyphs.extend(known.iter().map(|g| Glyph {
                    cluster: g.cluster + word.start,
                    ..g.clone()
                }));
                return;
            }
        }
        let mut shaped = shape_with_harfbuzz(p, face, text, &context, word, level, script);
        glyph_text::assign(text, word.end, &mut shaped, rtl, face);
        if cacheable {
            let relative = shaped.iter().map(|g| Glyph {
                cluster: g.cluster - word.start,
                ..g.clone()
            });
            face.words.put(&key, relative.collect());
        }
        glyphs.append(&mut shaped);
    };
    if rtl {
        words.iter().rev().for_each(&mut add);
    } else {
        words.iter().for_each(&mut add);
    }
    // Line breaking finds a cluster's glyphs by binary search, relying on this.
    debug_assert!(
        glyphs.windows(2).all(|w| if rtl {
            w[0].cluster >= w[1].cluster
        } else {
            w[0].cluster <= w[1].cluster
        }),
        "HarfBuzz clusters are monotone"
    );
    ShapedRun {
        range,
        level,
        script,
        font,
        glyphs,
    }
}

/// `range` cut after each stretch of spaces: words with their trailing spaces, in order
/// (none for an empty range). No cut is made inside a run of spaces, nor before a character
/// that belongs to the cluster of the space before it (a stray haraka).
fn words(text: &str, context: &Range<usize>, range: &Range<usize>) -> Vec<Range<usize>> {
    debug_assert!(context.start <= range.start && range.end <= context.end);
    if range.is_empty() {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = range.start;
    for at in range.start + 1..range.end {
        // Bytes, not characters: a space is one byte, and no byte of a longer UTF-8 sequence
        // equals it, so a cut after a space is always at a character boundary.
        if bytes[at - 1] == b' '
            && bytes[at] != b' '
            && !text[at..].chars().next().is_some_and(extends_cluster)
        {
            out.push(start..at);
            start = at;
        }
    }
    out.push(start..range.end);
    out
}

/// One HarfBuzz call: `text[word]` with `text[context]` around it; glyphs in visual order,
/// clusters absolute, texts not yet assigned.
fn shape_with_harfbuzz(
    p: ShapeParams<'_>,
    face: &LoadedFace,
    text: &str,
    context: &Range<usize>,
    word: &Range<usize>,
    level: Level,
    script: Script,
) -> Vec<Glyph> {
    let ctx = &text[context.clone()];
    let item = &ctx[word.start - context.start..word.end - context.start];
    let mut buffer = UnicodeBuffer::new()
        .add_str_item(ctx, item)
        .set_direction(if level.is_rtl() {
            HbDirection::Rtl
        } else {
            HbDirection::Ltr
        })
        .set_script(Tag(script.as_iso15924_tag()));
    if let Ok(lang) = Language::from_str(p.lang) {
        buffer = buffer.set_language(lang);
    }
    let output = harfbuzz_rs::shape(&face.hb, buffer, &[]);
    let scale = p.size / f32::from(face.metrics.units_per_em);
    output
        .get_glyph_infos()
        .iter()
        .zip(output.get_glyph_positions())
        .map(|(info, pos)| Glyph {
            id: u16::try_from(info.codepoint).unwrap_or(0),
            cluster: info.cluster as usize + context.start,
            advance: pos.x_advance as f32 * scale,
            dx: pos.x_offset as f32 * scale,
            dy: -(pos.y_offset as f32) * scale,
            text: String::new(),
            unsafe_to_break: info.glyph_flags().unsafe_to_break(),
        })
        .collect()
}

/// Total advance of some glyphs, in points.
pub(crate) fn width(glyphs: &[Glyph]) -> f32 {
    glyphs.iter().map(|g| g.advance).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FontRole;

    fn run(text: &str, rtl: bool, script: Script, font: u16) -> ShapedRun {
        let fonts = FontSet::builtin();
        let level = if rtl { Level::rtl() } else { Level::ltr() };
        let p = ShapeParams {
            fonts: &fonts,
            lang: "ar",
            size: 10.0,
        };
        shape(
            p,
            text,
            0..text.len(),
            0..text.len(),
            level,
            script,
            FontId(font),
        )
    }

    #[test]
    fn arabic_comes_back_in_visual_order_with_absolute_clusters() {
        let text = "قال الوزير";
        let fonts = FontSet::builtin();
        let p = ShapeParams {
            fonts: &fonts,
            lang: "ar",
            size: 10.0,
        };
        let start = "قال ".len();
        let r = shape(
            p,
            text,
            0..text.len(),
            start..text.len(),
            Level::rtl(),
            Script::Arabic,
            fonts.chain(FontRole::Body)[0],
        );
        // Right to left: the first glyph drawn (leftmost) is the word's last letter.
        assert_eq!(r.glyphs.first().unwrap().cluster, text.len() - "ر".len());
        assert_eq!(r.glyphs.last().unwrap().cluster, start);
        assert!(r.glyphs.iter().all(|g| g.id != 0 && g.advance >= 0.0));
    }

    #[test]
    fn latin_in_the_serif_face() {
        let r = run("NATO", false, Script::Latin, 3);
        let clusters: Vec<usize> = r.glyphs.iter().map(|g| g.cluster).collect();
        assert_eq!(clusters, [0, 1, 2, 3]);
        assert_eq!(
            r.glyphs.iter().map(|g| g.text.as_str()).collect::<String>(),
            "NATO"
        );
        assert!(
            width(&r.glyphs) > 20.0 && width(&r.glyphs) < 40.0,
            "{}",
            width(&r.glyphs)
        );
    }
}
