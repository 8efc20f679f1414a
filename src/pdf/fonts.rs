//! Font subsetting and the ToUnicode conflict resolution.
//!
//! Each face that the document draws with is subset with the `subsetter` crate (printpdf only
//! subsets with its heavy `text_layout` feature), and glyph ids are remapped to the subset's.
//!
//! A PDF font's ToUnicode map holds one string per glyph, but one glyph can stand for different
//! text in different places: the initial beh of «بِ» and of «بَ» is the same glyph, and after
//! [`super::text`] hands each haraka's text to its base, that glyph speaks «بِ» once and «بَ»
//! the next time. A single map would make one of them extract wrongly. So each face gets as many
//! PDF font resources ("variants") as the most overloaded glyph has different texts: variant 0
//! maps every glyph to its most frequent text, variant 1 to the second most frequent, and so on.
//! All variants embed the same font program (written once, see [`super::finish`]); only their
//! small ToUnicode and width tables differ. Glyphs drawn without text go to a variant where
//! their id has no ToUnicode entry at all, so they add nothing to extracted text.

use std::collections::{BTreeMap, HashMap};

use printpdf::ParsedFont;
use sha2::{Digest, Sha256};

use super::error::PdfError;
use super::text::{DrawGlyph, Ink};
use crate::text::FontFace;

/// How a glyph is written: which PDF font resource, and which glyph id inside the subset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GlyphRef {
    pub resource: usize,
    pub gid: u16,
}

/// One PDF font resource to register with printpdf.
#[derive(Debug, Clone)]
pub(crate) struct FontResource {
    /// Resource name in the page's /Font dictionary.
    pub name: String,
    pub font: ParsedFont,
}

/// What the conflict resolution did, for tests and reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FontStats {
    /// Faces embedded.
    pub faces: usize,
    /// PDF font resources written (faces plus extra variants).
    pub resources: usize,
    /// Glyphs (per face) that stand for more than one text somewhere in the document.
    pub conflicting_glyphs: usize,
}

/// The subset faces and where each (face, glyph, text) goes.
pub(crate) struct FontPlan {
    pub resources: Vec<FontResource>,
    lookup: HashMap<(u16, Kind, u16, String), GlyphRef>,
    pub stats: FontStats,
}

impl FontPlan {
    /// Subsets every face used and assigns each counted glyph use a variant.
    pub fn from_usage(usage: GlyphUsage, faces: &[FontFace]) -> Result<FontPlan, PdfError> {
        let usage = usage.0;
        let mut plan = FontPlan {
            resources: Vec::new(),
            lookup: HashMap::new(),
            stats: FontStats::default(),
        };
        for (&face_index, kinds) in &usage {
            let face = faces
                .get(usize::from(face_index))
                .ok_or(PdfError::FontParse {
                    name: format!("#{face_index}"),
                })?;
            plan.add_face(face_index, face, kinds)?;
        }
        Ok(plan)
    }

    fn add_face(
        &mut self,
        face_index: u16,
        face: &FontFace,
        kinds: &Usage,
    ) -> Result<(), PdfError> {
        let parsed =
            ttf_parser::Face::parse(&face.data, face.index).map_err(|_| PdfError::FontParse {
                name: face.name.clone(),
            })?;
        let count = parsed.number_of_glyphs();
        let glyph_ids: Vec<u16> = kinds.values().flat_map(|g| g.keys().copied()).collect();
        if let Some(&bad) = glyph_ids.iter().find(|&&gid| gid >= count) {
            return Err(PdfError::UnknownGlyph {
                name: face.name.clone(),
                glyph: bad,
                count,
            });
        }

        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyph_ids);
        let subset =
            subsetter::subset(&face.data, face.index, &remapper).map_err(|e| PdfError::Subset {
                name: face.name.clone(),
                reason: e.to_string(),
            })?;
        let base_name = format!("{}+{}", subset_tag(&subset), postscript_name(&parsed, face));
        let mut warnings = Vec::new();
        let program =
            ParsedFont::from_bytes(&subset, 0, &mut warnings).ok_or_else(|| PdfError::Subset {
                name: face.name.clone(),
                reason: "the subset font cannot be read back".into(),
            })?;

        for (&kind, glyph_texts) in kinds {
            let (variants, assignment) = assign_variants(glyph_texts, &mut self.stats);
            let first = self.resources.len();
            for k in 0..variants {
                let mut font = program.clone();
                font.font_name = Some(base_name.clone());
                if kind == Kind::Invisible {
                    // One em per glyph: the text matrix's horizontal scaling sets each invisible
                    // glyph's width to its slot.
                    let em = font.units_per_em;
                    font.glyph_widths.values_mut().for_each(|w| *w = em);
                }
                self.resources.push(FontResource {
                    name: format!("F{face_index}{}{k}", kind.tag()),
                    font,
                });
            }
            for (gid, text, k) in assignment {
                // Every used gid was given to the remapper, so `get` cannot miss; 0 (.notdef)
                // is the harmless answer if it ever did.
                let new_gid = remapper.get(gid).unwrap_or(0);
                self.lookup.insert(
                    (face_index, kind, gid, text),
                    GlyphRef {
                        resource: first + k,
                        gid: new_gid,
                    },
                );
            }
            self.stats.resources += variants;
        }
        self.stats.faces += 1;
        Ok(())
    }

    /// Where `glyph` is written. Every drawn glyph was planned, so this only misses on a bug.
    pub fn get(&self, glyph: &DrawGlyph) -> Option<&GlyphRef> {
        self.lookup
            .get(&(glyph.font, Kind::of(glyph), glyph.gid, glyph.text.clone()))
    }
}

/// Every use of every glyph (face, kind, glyph id, text), counted page by page so that the
/// pages' glyphs need not all be held at once.
#[derive(Debug, Default)]
pub(crate) struct GlyphUsage(BTreeMap<u16, Usage>);

impl GlyphUsage {
    pub fn count<'a>(&mut self, glyphs: impl Iterator<Item = &'a DrawGlyph>) {
        // face -> kind -> gid -> text -> uses. BTreeMaps keep the output independent of hashing.
        for g in glyphs {
            let texts = self
                .0
                .entry(g.font)
                .or_default()
                .entry(Kind::of(g))
                .or_default()
                .entry(g.gid)
                .or_default();
            match texts.get_mut(g.text.as_str()) {
                Some(n) => *n += 1,
                None => {
                    texts.insert(g.text.clone(), 1);
                }
            }
        }
    }
}

/// Visible glyphs and invisible text get separate font resources: their widths differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Visible,
    Invisible,
}

impl Kind {
    fn of(glyph: &DrawGlyph) -> Kind {
        match glyph.ink {
            Ink::Visible => Kind::Visible,
            Ink::Invisible { .. } => Kind::Invisible,
        }
    }

    /// Resource name infix: `F0v2` is face 0's third visible variant, `F0i0` its first invisible.
    fn tag(self) -> &'static str {
        match self {
            Kind::Visible => "v",
            Kind::Invisible => "i",
        }
    }
}

/// gid -> text -> number of uses, for one face and kind.
type GlyphTexts = BTreeMap<u16, BTreeMap<String, usize>>;
type Usage = BTreeMap<Kind, GlyphTexts>;

/// Gives each (glyph, text) a variant: texts most used first; a glyph drawn without text goes to
/// the first variant in which it has no text. Returns the number of variants and the assignment.
fn assign_variants(
    glyph_texts: &GlyphTexts,
    stats: &mut FontStats,
) -> (usize, Vec<(u16, String, usize)>) {
    let mut variants = 1;
    let mut assignment = Vec::new();
    for (&gid, texts) in glyph_texts {
        let mut spoken: Vec<(&String, usize)> = texts
            .iter()
            .filter(|(t, _)| !t.is_empty())
            .map(|(t, &n)| (t, n))
            .collect();
        spoken.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        for (k, (text, _)) in spoken.iter().enumerate() {
            assignment.push((gid, (*text).clone(), k));
        }
        let silent = texts.contains_key("");
        if silent {
            assignment.push((gid, String::new(), spoken.len()));
        }
        variants = variants.max(spoken.len() + usize::from(silent));
        if spoken.len() > 1 {
            stats.conflicting_glyphs += 1;
        }
    }
    (variants, assignment)
}

/// The six capital letters that mark a subset font's name (ISO 32000-1, 9.6.4), derived from
/// the subset itself so that the same document always gets the same names.
fn subset_tag(subset: &[u8]) -> String {
    let digest = Sha256::digest(subset);
    digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The font's PostScript name (name id 6), or the face's configured name, reduced to the
/// characters a PDF name and a PostScript font name may hold.
fn postscript_name(parsed: &ttf_parser::Face<'_>, face: &FontFace) -> String {
    let from_table = parsed
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string());
    let raw = from_table.unwrap_or_else(|| face.name.clone());
    let clean: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(60)
        .collect();
    if clean.is_empty() {
        "Font".into()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_used_text_gets_the_first_variant_and_silence_its_own() {
        let usage: GlyphTexts = BTreeMap::from([
            (
                5,
                BTreeMap::from([
                    ("بِ".to_string(), 1),
                    ("ب".to_string(), 3),
                    (String::new(), 2),
                ]),
            ),
            (6, BTreeMap::from([(String::new(), 4)])),
        ]);
        let mut stats = FontStats::default();
        let (variants, assignment) = assign_variants(&usage, &mut stats);
        assert_eq!(variants, 3);
        assert_eq!(
            assignment,
            [
                (5, "ب".to_string(), 0),
                (5, "بِ".to_string(), 1),
                (5, String::new(), 2),
                (6, String::new(), 0),
            ]
        );
        assert_eq!(stats.conflicting_glyphs, 1);
    }

    #[test]
    fn subset_tags_are_six_capitals_and_stable() {
        let tag = subset_tag(b"font bytes");
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag(b"font bytes"));
        assert_ne!(tag, subset_tag(b"other bytes"));
    }
}
