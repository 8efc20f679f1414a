//! Stage 3: shape one item with HarfBuzz.
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

use super::fonts::{FontId, FontSet};
use super::glyph_text;

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
    let ctx = &text[context.clone()];
    let item = &ctx[range.start - context.start..range.end - context.start];
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
    let mut glyphs: Vec<Glyph> = output
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
        .collect();
    // Line breaking finds a cluster's glyphs by binary search, relying on this.
    debug_assert!(
        glyphs.windows(2).all(|w| if level.is_rtl() {
            w[0].cluster >= w[1].cluster
        } else {
            w[0].cluster <= w[1].cluster
        }),
        "HarfBuzz clusters are monotone"
    );
    glyph_text::assign(text, range.end, &mut glyphs, level.is_rtl(), face);
    ShapedRun {
        range,
        level,
        script,
        font,
        glyphs,
    }
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
