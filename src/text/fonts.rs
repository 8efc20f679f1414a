//! The fonts the text engine shapes with and exporters embed.
//!
//! The defaults are compiled into the binary (see `fonts/README.md`), so `sahifa` runs anywhere;
//! an edition's `[pdf]` table can replace any role with a font file of its own.
//!
//! Every face is parsed once, when the [`FontSet`] is made: HarfBuzz's font object (with its cmap
//! and layout-table accelerators) and the few facts read with ttf-parser (metrics, which glyphs
//! are marks) are kept for the life of the set, so shaping thousands of paragraphs never re-parses
//! a font. A `FontSet` is a cheap handle (`Arc`) and is `Send + Sync`: see [`FontSet`] for why
//! sharing one HarfBuzz font between threads is sound.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use harfbuzz_rs::{Blob, Face, Font, Owned};

use super::error::TextError;
use crate::model::FontOverrides;

/// Index of a face in a [`FontSet`]; defined with the frames, which refer to fonts by it.
pub use crate::frame::FontId;

/// What a face is used for. Each role has a primary face and a fallback chain in [`FontSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontRole {
    /// Running text.
    Body,
    /// Subheadings, bylines, labels.
    Bold,
    /// Headlines and the masthead.
    Headline,
}

/// One loaded font file.
#[derive(Debug, Clone)]
pub struct FontFace {
    /// PostScript-like name, used in PDF font resources and messages.
    pub name: String,
    /// The whole font file.
    pub data: Arc<[u8]>,
    /// Index of the face inside a collection (0 for plain .ttf/.otf).
    pub index: u32,
}

/// The default faces, compiled in.
pub mod builtin {
    pub static NASKH_REGULAR: &[u8] = include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf");
    pub static NASKH_BOLD: &[u8] = include_bytes!("../../fonts/NotoNaskhArabic-Bold.ttf");
    pub static KUFI_BOLD: &[u8] = include_bytes!("../../fonts/NotoKufiArabic-Bold.ttf");
    pub static SERIF_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSerif-Regular.ttf");
    pub static SERIF_BOLD: &[u8] = include_bytes!("../../fonts/NotoSerif-Bold.ttf");
    pub static HEBREW_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSerifHebrew-Regular.ttf");
    pub static HEBREW_BOLD: &[u8] = include_bytes!("../../fonts/NotoSerifHebrew-Bold.ttf");
    /// Monochrome Noto Emoji (outlines, not colour bitmaps), one weight for every role: emoji
    /// quoted from social media are text, and a PDF that drops them loses words.
    pub static EMOJI: &[u8] = include_bytes!("../../fonts/NotoEmoji-Regular.ttf");
}

/// Letters an Arabic face must have (alef, beh, lam, meem, yeh): a face without them is a Latin
/// or other face given for an Arabic role.
const ARABIC_SAMPLE: &str = "ابلمي";

/// Why a font file cannot be used, found before any work starts (so that every problem of an
/// edition is listed at once, and the PDF writer never meets a font it cannot embed): a web font
/// (WOFF, WOFF2), not a font, cut short, without a character map or outlines, or one the
/// subsetter cannot take apart.
pub fn check_font(data: &[u8]) -> Result<(), String> {
    match data.get(..4) {
        Some(b"wOFF" | b"wOF2") => {
            return Err(
                "is a WOFF web font; sahifa reads TrueType and OpenType files \
                        (convert it, e.g. `fonttools ttLib.woff2 decompress` or \
                        `fonttools ttx`, or use the .ttf/.otf it was made from)"
                    .into(),
            )
        }
        Some(b"OTTO" | b"true" | b"ttcf" | [0, 1, 0, 0]) => {}
        _ => return Err("is not a TrueType or OpenType font".into()),
    }
    let raw = ttf_parser::RawFace::parse(data, 0)
        .map_err(|e| format!("is not a usable TrueType/OpenType font ({e})"))?;
    for record in raw.table_records {
        let end = u64::from(record.offset) + u64::from(record.length);
        if end > data.len() as u64 {
            return Err(format!(
                "is cut short: its `{}` table ends at byte {end}, past the end of the file ({} bytes)",
                record.tag,
                data.len()
            ));
        }
    }
    let face = ttf_parser::Face::parse(data, 0)
        .map_err(|e| format!("is not a usable TrueType/OpenType font ({e})"))?;
    let t = face.tables();
    if t.cmap.is_none() {
        return Err("has no character map (`cmap` table)".into());
    }
    if t.glyf.is_none() && t.cff.is_none() && t.cff2.is_none() {
        return Err("has no glyph outlines (`glyf` or `CFF` table)".into());
    }
    if face.number_of_glyphs() == 0 {
        return Err("has no glyphs".into());
    }
    let remapper = subsetter::GlyphRemapper::new_from_glyphs(&[0]);
    subsetter::subset(data, 0, &remapper)
        .map_err(|e| format!("cannot be embedded in a PDF (subsetting failed: {e})"))?;
    Ok(())
}

/// Vertical metrics of a face, in font units (see [`FontSet::metrics`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FontMetrics {
    pub units_per_em: u16,
    /// Height above the baseline (positive).
    pub ascender: i16,
    /// Depth below the baseline (negative, as in the font).
    pub descender: i16,
    pub line_gap: i16,
}

/// What the engine keeps of a parsed face.
pub(crate) struct LoadedFace {
    /// HarfBuzz font at its default scale (= units per em), so advances come in font units.
    pub(crate) hb: Owned<Font<'static>>,
    pub(crate) metrics: FontMetrics,
    /// Bit per glyph id: GDEF says the glyph is a mark. Used to give harakat their own text.
    marks: Vec<u64>,
    /// Glyph of U+0020; HarfBuzz draws hidden default-ignorables with it at zero advance.
    pub(crate) space_glyph: Option<u32>,
    /// The words shaped in this face so far (see [`super::words`]).
    pub(crate) words: super::words::WordCache,
}

impl LoadedFace {
    /// Parse `data` once with ttf-parser (metrics, mark classes) and build the HarfBuzz font.
    fn load(data: Arc<[u8]>, index: u32) -> Result<(String, LoadedFace), String> {
        let face = ttf_parser::Face::parse(&data, index).map_err(|e| e.to_string())?;
        if face.number_of_glyphs() == 0 || face.tables().cmap.is_none() {
            return Err("the font has no glyphs or no character map".into());
        }
        let name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_default();
        let metrics = FontMetrics {
            units_per_em: face.units_per_em().max(1),
            ascender: face.ascender(),
            descender: face.descender(),
            line_gap: face.line_gap(),
        };
        let mut marks = vec![0u64; usize::from(face.number_of_glyphs()).div_ceil(64)];
        if let Some(gdef) = face.tables().gdef {
            for gid in 0..face.number_of_glyphs() {
                if gdef.glyph_class(ttf_parser::GlyphId(gid))
                    == Some(ttf_parser::gdef::GlyphClass::Mark)
                {
                    marks[usize::from(gid) / 64] |= 1 << (gid % 64);
                }
            }
        }
        let blob = Blob::with_bytes_owned(data, |d| &d[..]);
        let hb = Font::new(Face::new(blob, index));
        let space_glyph = hb.get_nominal_glyph(' ');
        Ok((
            name,
            LoadedFace {
                hb,
                metrics,
                marks,
                space_glyph,
                words: super::words::WordCache::default(),
            },
        ))
    }

    /// GDEF classifies `glyph` as a mark (a haraka, an accent).
    pub(crate) fn is_mark_glyph(&self, glyph: u32) -> bool {
        let i = glyph as usize;
        self.marks
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// The glyph the character map gives for `c`, if any.
    pub(crate) fn nominal_glyph(&self, c: char) -> Option<u32> {
        self.hb.get_nominal_glyph(c).filter(|&g| g != 0)
    }
}

struct Inner {
    faces: Vec<FontFace>,
    loaded: Vec<LoadedFace>,
    /// Fallback chains, indexed by [`role_index`].
    chains: [Vec<FontId>; 3],
    /// The emoji face, whose spaces are not used (see [`FontSet::covers`]).
    emoji: FontId,
    /// Per face, the bold face of its family, for bold spans (see [`FontSet::bold_of`]).
    bold: Vec<Option<FontId>>,
    /// What the user should know about the faces given (an Arabic role without Arabic).
    notes: Vec<String>,
}

/// The faces of an edition and, per role, the order in which they are tried.
///
/// Chains: Body = Naskh Regular → Serif Regular; Bold = Naskh Bold → Serif Bold;
/// Headline = Kufi Bold → Naskh Bold → Serif Bold (Noto's Arabic faces have no Latin letters);
/// each then ends with Serif Hebrew (Regular or Bold) and Noto Emoji. Emoji come last so that a
/// character a text face has (a digit, ©, ™) keeps the text face's design; the emoji face still
/// takes whole emoji clusters (a keycap, a flag, a ZWJ family) that no text face has.
/// A face given in `[pdf.fonts]` for an Arabic role goes first in its chain and the bundled
/// face it replaces stays right behind it, so letters the given face lacks (all of Arabic, for a
/// Latin font named as `body` by mistake) are still set, never dropped.
///
/// # Threads
/// Cloning is cheap (one `Arc`) and the set is `Send + Sync`. HarfBuzz documents its objects as
/// thread-safe once built: `hb_shape` only reads the font, and the tables it loads lazily are
/// installed with atomic compare-and-swap. harfbuzz_rs marks `Font` `Send + Sync` on that basis,
/// so one font per face is shared by every thread instead of being rebuilt per call; the test
/// `shaping_in_parallel_matches_serial` checks that it gives the same glyphs.
#[derive(Clone)]
pub struct FontSet {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.inner.faces.iter().map(|f| f.name.as_str()).collect();
        f.debug_struct("FontSet").field("faces", &names).finish()
    }
}

fn role_index(role: FontRole) -> usize {
    match role {
        FontRole::Body => 0,
        FontRole::Bold => 1,
        FontRole::Headline => 2,
    }
}

/// Where a face comes from before loading.
enum Source<'a> {
    Builtin(&'static str, &'static [u8]),
    File(&'a Path),
}

impl FontSet {
    /// The bundled Noto faces. Parsed once per process; later calls return the same set.
    pub fn builtin() -> FontSet {
        static BUILTIN: OnceLock<FontSet> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                FontSet::with_overrides(&FontOverrides::default())
                    .expect("the bundled fonts are valid (checked by tests)")
            })
            .clone()
    }

    /// The bundled faces with some roles replaced by font files: `body` replaces Naskh Regular,
    /// `bold` Naskh Bold, `headline` Kufi Bold, and `latin` both Serif faces (the fallback of
    /// every chain). The error names the file that could not be read or parsed.
    pub fn with_overrides(overrides: &FontOverrides) -> Result<FontSet, TextError> {
        use builtin::*;
        fn pick<'a>(
            path: &'a Option<std::path::PathBuf>,
            name: &'static str,
            data: &'static [u8],
        ) -> Source<'a> {
            match path {
                Some(p) => Source::File(p.as_path()),
                None => Source::Builtin(name, data),
            }
        }
        let mut sources = vec![
            pick(&overrides.body, "NotoNaskhArabic-Regular", NASKH_REGULAR),
            pick(&overrides.bold, "NotoNaskhArabic-Bold", NASKH_BOLD),
            pick(&overrides.headline, "NotoKufiArabic-Bold", KUFI_BOLD),
        ];
        // One Latin file replaces both Serif faces: load it once, point both chains at it.
        let (serif_regular, serif_bold) = match &overrides.latin {
            Some(p) => {
                sources.push(Source::File(p.as_path()));
                (FontId(3), FontId(3))
            }
            None => {
                sources.push(Source::Builtin("NotoSerif-Regular", SERIF_REGULAR));
                sources.push(Source::Builtin("NotoSerif-Bold", SERIF_BOLD));
                (FontId(3), FontId(4))
            }
        };
        // Hebrew, the other right-to-left script a newsroom quotes, near the end of every chain.
        let hebrew_regular = FontId(sources.len() as u16);
        let hebrew_bold = FontId(sources.len() as u16 + 1);
        sources.push(Source::Builtin("NotoSerifHebrew-Regular", HEBREW_REGULAR));
        sources.push(Source::Builtin("NotoSerifHebrew-Bold", HEBREW_BOLD));
        // Emoji, one face for every role, after Hebrew.
        let emoji = FontId(sources.len() as u16);
        sources.push(Source::Builtin("NotoEmoji-Regular", EMOJI));
        // The bundled face of each Arabic role given as a file, right after it in its chain.
        let mut behind = [None; 3];
        let arabic_roles = [
            (&overrides.body, "NotoNaskhArabic-Regular", NASKH_REGULAR),
            (&overrides.bold, "NotoNaskhArabic-Bold", NASKH_BOLD),
            (&overrides.headline, "NotoKufiArabic-Bold", KUFI_BOLD),
        ];
        for (i, (given, name, data)) in arabic_roles.into_iter().enumerate() {
            if given.is_some() {
                behind[i] = Some(FontId(sources.len() as u16));
                sources.push(Source::Builtin(name, data));
            }
        }
        let mut faces = Vec::with_capacity(sources.len());
        let mut loaded = Vec::with_capacity(sources.len());
        for source in sources {
            let (fallback_name, data, path): (String, Arc<[u8]>, Option<&Path>) = match source {
                Source::Builtin(name, bytes) => (name.to_string(), Arc::from(bytes), None),
                Source::File(p) => {
                    let limit = crate::model::defaults::MAX_INPUT_BYTES;
                    let bytes = crate::regular_file::read_regular(p, limit).map_err(|source| {
                        TextError::FontRead {
                            path: p.to_path_buf(),
                            source,
                        }
                    })?;
                    let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
                    (
                        stem.unwrap_or_else(|| "font".into()),
                        Arc::from(bytes),
                        Some(p),
                    )
                }
            };
            let (name, face) =
                LoadedFace::load(data.clone(), 0).map_err(|reason| TextError::FontParse {
                    path: path
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| fallback_name.clone().into()),
                    reason,
                })?;
            let name = if name.is_empty() { fallback_name } else { name };
            faces.push(FontFace {
                name,
                data,
                index: 0,
            });
            loaded.push(face);
        }
        let primary = |i: usize| std::iter::once(FontId(i as u16)).chain(behind[i]);
        let chains = [
            primary(0)
                .chain([serif_regular, hebrew_regular, emoji])
                .collect(),
            primary(1).chain([serif_bold, hebrew_bold, emoji]).collect(),
            primary(2)
                .chain(primary(1))
                .chain([serif_bold, hebrew_bold, emoji])
                .collect(),
        ];
        // Regular faces and their bold: Naskh (or the `body` file and the `bold` file), Serif
        // (unless one `latin` file stands for both), Hebrew. Bold, headline and emoji faces
        // have none.
        let mut bold = vec![None; faces.len()];
        bold[0] = Some(FontId(1));
        if let (Some(r), Some(b)) = (behind[0], behind[1]) {
            bold[usize::from(r.0)] = Some(b);
        }
        if serif_regular != serif_bold {
            bold[usize::from(serif_regular.0)] = Some(serif_bold);
        }
        bold[usize::from(hebrew_regular.0)] = Some(hebrew_bold);
        let mut notes = Vec::new();
        let given = [&overrides.body, &overrides.bold, &overrides.headline];
        for (i, path) in given.iter().enumerate() {
            if let Some(path) = path {
                if !ARABIC_SAMPLE
                    .chars()
                    .all(|c| loaded[i].nominal_glyph(c).is_some())
                {
                    notes.push(format!(
                        "font file {} has no Arabic letters; the bundled {} sets them",
                        path.display(),
                        faces[usize::from(behind[i].map_or(0, |id| id.0))].name
                    ));
                }
            }
        }
        Ok(FontSet {
            inner: Arc::new(Inner {
                faces,
                loaded,
                chains,
                emoji,
                bold,
                notes,
            }),
        })
    }

    /// Things to tell about the faces given in `[pdf.fonts]` (warnings, one sentence each).
    pub fn notes(&self) -> &[String] {
        &self.inner.notes
    }

    /// Every face, indexed by `FontId.0` (what exporters embed).
    pub fn faces(&self) -> &[FontFace] {
        &self.inner.faces
    }

    /// The face behind `id`. Ids come from this set; another set's id may be out of range and
    /// panics.
    pub fn face(&self, id: FontId) -> &FontFace {
        &self.inner.faces[usize::from(id.0)]
    }

    /// The faces tried for `role`, in order.
    pub fn chain(&self, role: FontRole) -> &[FontId] {
        &self.inner.chains[role_index(role)]
    }

    /// Vertical metrics of a face, in font units.
    pub fn metrics(&self, id: FontId) -> FontMetrics {
        self.loaded(id).metrics
    }

    /// The face has a glyph for `c`, or HarfBuzz can draw `c` without one: default-ignorable
    /// characters (ZWJ, bidi controls, the emoji variation selector U+FE0F) are hidden, and
    /// spaces fall back to U+0020.
    ///
    /// The emoji face is said not to have spaces: every glyph of Noto Emoji, its space too, is
    /// 1.27 em wide, and the text engine keeps the face of the character before for a space, so
    /// the space after each emoji would be a hole. That space goes to the text face instead.
    pub fn covers(&self, id: FontId, c: char) -> bool {
        let space = super::chars::is_space(c);
        if space && id == self.inner.emoji {
            return false;
        }
        let face = self.loaded(id);
        face.nominal_glyph(c).is_some()
            || super::chars::is_default_ignorable(c)
            || (space && face.space_glyph.is_some())
    }

    /// The bold face of `id`'s family, for a bold span in regular text: `None` when `id` is
    /// bold already (subheadings, headlines), or has no bold (emoji, a `latin` file given
    /// alone), and the span is then set in `id` itself.
    pub fn bold_of(&self, id: FontId) -> Option<FontId> {
        self.inner.bold.get(usize::from(id.0)).copied().flatten()
    }

    pub(crate) fn loaded(&self, id: FontId) -> &LoadedFace {
        &self.inner.loaded[usize::from(id.0)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_faces_load_with_their_names_and_chains() {
        let fonts = FontSet::builtin();
        let names: Vec<&str> = fonts.faces().iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "NotoNaskhArabic-Regular",
                "NotoNaskhArabic-Bold",
                "NotoKufiArabic-Bold",
                "NotoSerif-Regular",
                "NotoSerif-Bold",
                "NotoSerifHebrew-Regular",
                "NotoSerifHebrew-Bold",
                "NotoEmoji-Regular"
            ]
        );
        assert_eq!(
            fonts.chain(FontRole::Headline),
            [FontId(2), FontId(1), FontId(4), FontId(6), FontId(7)]
        );
        assert!(check_font(builtin::EMOJI).is_ok());
        // The emoji face is last in every chain and draws outlines (glyf), not colour bitmaps.
        for role in [FontRole::Body, FontRole::Bold, FontRole::Headline] {
            assert_eq!(fonts.chain(role).last(), Some(&FontId(7)));
        }
        let emoji = ttf_parser::Face::parse(builtin::EMOJI, 0).unwrap();
        let t = emoji.tables();
        assert!(t.glyf.is_some() && t.cbdt.is_none() && t.colr.is_none() && t.sbix.is_none());
        assert!(fonts.covers(FontId(7), '👍') && fonts.covers(FontId(7), '\u{1F1EA}'));
        assert!(fonts.covers(FontId(7), '\u{FE0F}') && !fonts.covers(FontId(7), ' '));
        assert!(fonts.covers(FontId(5), 'ש'));
        // Noto Naskh has Arabic but no Latin letters; Noto Serif has Latin.
        assert!(fonts.covers(FontId(0), 'ب') && !fonts.covers(FontId(0), 'N'));
        assert!(fonts.covers(FontId(3), 'N'));
        // Bold spans: Naskh, Serif and Hebrew Regular have their Bold; bold faces none.
        let bold: Vec<Option<u16>> = (0..8)
            .map(|i| fonts.bold_of(FontId(i)).map(|f| f.0))
            .collect();
        assert_eq!(
            bold,
            [Some(1), None, None, Some(4), None, Some(6), None, None]
        );
        // Harakat are marks in GDEF.
        let naskh = fonts.loaded(FontId(0));
        let kasra = naskh.nominal_glyph('\u{0650}').unwrap();
        assert!(naskh.is_mark_glyph(kasra));
        assert!(!naskh.is_mark_glyph(naskh.nominal_glyph('ب').unwrap()));
    }

    #[test]
    fn overrides_load_files_and_errors_name_them() {
        let dir = tempfile::tempdir().unwrap();
        let latin = dir.path().join("MyLatin.ttf");
        std::fs::write(&latin, builtin::SERIF_BOLD).unwrap();
        let set = FontSet::with_overrides(&FontOverrides {
            latin: Some(latin),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(set.faces().len(), 7);
        assert_eq!(
            set.chain(FontRole::Body),
            [FontId(0), FontId(3), FontId(4), FontId(6)]
        );
        assert_eq!(set.face(FontId(3)).name, "NotoSerif-Bold");

        let missing = dir.path().join("nope.ttf");
        let err = FontSet::with_overrides(&FontOverrides {
            body: Some(missing),
            ..Default::default()
        })
        .unwrap_err();
        assert!(
            matches!(err, TextError::FontRead { .. }) && err.to_string().contains("nope.ttf"),
            "{err}"
        );

        let junk = dir.path().join("junk.otf");
        std::fs::write(&junk, b"not a font at all").unwrap();
        let err = FontSet::with_overrides(&FontOverrides {
            headline: Some(junk),
            ..Default::default()
        })
        .unwrap_err();
        assert!(
            matches!(err, TextError::FontParse { .. }) && err.to_string().contains("junk.otf"),
            "{err}"
        );
    }

    #[test]
    fn font_set_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<FontSet>();
    }
}
