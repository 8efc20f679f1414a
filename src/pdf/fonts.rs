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
use super::text::DrawGlyph;
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
    lookup: HashMap<(u16, u16, String), GlyphRef>,
    pub stats: FontStats,
}

impl FontPlan {
    /// Subsets every face used by `glyphs` and assigns each glyph use a variant.
    pub fn build<'a>(
        glyphs: impl Iterator<Item = &'a DrawGlyph>,
        faces: &[FontFace],
    ) -> Result<FontPlan, PdfError> {
        // (face, gid) -> text -> uses. BTreeMaps keep the output independent of hashing.
        let mut usage: BTreeMap<u16, BTreeMap<u16, BTreeMap<String, usize>>> = BTreeMap::new();
        for g in glyphs {
            *usage
                .entry(g.font)
                .or_default()
                .entry(g.gid)
                .or_default()
                .entry(g.text.clone())
                .or_default() += 1;
        }

        let mut plan = FontPlan {
            resources: Vec::new(),
            lookup: HashMap::new(),
            stats: FontStats::default(),
        };
        for (&face_index, glyph_texts) in &usage {
            let face = &faces[usize::from(face_index)];
            plan.add_face(face_index, face, glyph_texts)?;
        }
        Ok(plan)
    }

    fn add_face(
        &mut self,
        face_index: u16,
        face: &FontFace,
        glyph_texts: &BTreeMap<u16, BTreeMap<String, usize>>,
    ) -> Result<(), PdfError> {
        let parsed =
            ttf_parser::Face::parse(&face.data, face.index).map_err(|_| PdfError::FontParse {
                name: face.name.clone(),
            })?;
        let count = parsed.number_of_glyphs();
        if let Some(&bad) = glyph_texts.keys().find(|&&gid| gid >= count) {
            return Err(PdfError::UnknownGlyph {
                name: face.name.clone(),
                glyph: bad,
                count,
            });
        }

        let glyph_ids: Vec<u16> = glyph_texts.keys().copied().collect();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyph_ids);
        let subset =
            subsetter::subset(&face.data, face.index, &remapper).map_err(|e| PdfError::Subset {
                name: face.name.clone(),
                reason: e.to_string(),
            })?;
        let base_name = format!("{}+{}", subset_tag(&subset), postscript_name(&parsed, face));

        // Variant assignment: texts most used first; a glyph drawn without text goes to the
        // first variant in which it has no text.
        let mut variants = 1;
        let mut assignment: Vec<(u16, String, usize)> = Vec::new();
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
            if texts.contains_key("") {
                assignment.push((gid, String::new(), spoken.len()));
            }
            let needed = spoken.len() + usize::from(texts.contains_key(""));
            variants = variants.max(needed);
            if spoken.len() > 1 {
                self.stats.conflicting_glyphs += 1;
            }
        }

        let mut warnings = Vec::new();
        let program =
            ParsedFont::from_bytes(&subset, 0, &mut warnings).ok_or_else(|| PdfError::Subset {
                name: face.name.clone(),
                reason: "the subset font cannot be read back".into(),
            })?;
        let first = self.resources.len();
        for k in 0..variants {
            let mut font = program.clone();
            font.font_name = Some(base_name.clone());
            let name = if k == 0 {
                format!("F{face_index}")
            } else {
                format!("F{face_index}v{k}")
            };
            self.resources.push(FontResource { name, font });
        }
        for (gid, text, k) in assignment {
            // Every used gid was given to the remapper, so `get` cannot miss; 0 (.notdef) is the
            // harmless answer if it ever did.
            let new_gid = remapper.get(gid).unwrap_or(0);
            self.lookup.insert(
                (face_index, gid, text),
                GlyphRef {
                    resource: first + k,
                    gid: new_gid,
                },
            );
        }
        self.stats.faces += 1;
        self.stats.resources += variants;
        Ok(())
    }

    /// Where `glyph` is written. Every drawn glyph was planned, so this only misses on a bug.
    pub fn get(&self, glyph: &DrawGlyph) -> Option<&GlyphRef> {
        self.lookup
            .get(&(glyph.font, glyph.gid, glyph.text.clone()))
    }
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
