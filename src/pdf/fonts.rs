//! Fonts: character codes handed out while pages are written, subset and embedded at the end.
//!
//! Each face is embedded once, subset with the `subsetter` crate to the glyphs the edition
//! draws. Codes are handed out the first time a glyph is drawn, so pages can be written (and
//! dropped) one by one; the font programs, whose content depends on every page, are written
//! after the last page.
//!
//! Every drawn glyph carries its own text, and a PDF font's ToUnicode map holds one string per
//! *code*, not per glyph. One glyph can stand for different text in different places (the
//! space glyph for a space and, drawn with no width, for a ZERO WIDTH NON-JOINER; a letter that
//! a font reuses for two characters), so a code stands for one pair of glyph and text:
//! - TrueType faces get a `/CIDToGIDMap` stream, so any number of codes (CIDs) may draw the
//!   same glyph: the first pair gets code 1, the next new pair code 2, and so on (code 0 is
//!   `.notdef`). After 65 535 pairs a face opens a second font resource.
//! - CFF faces have no such map (the CID *is* the glyph), so a pair whose glyph already speaks
//!   another text in a resource goes to the next resource of that face ("variant").
//!
//! Every resource's `/W` gives each code its glyph's real advance, so viewers and text
//! extractors see the glyph boxes as drawn.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Name, Rect, Ref, Str};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::error::PdfError;
use super::sink::{deflate, Sink};
use super::text::DrawGlyph;
use crate::text::FontFace;

/// How a glyph is written: which font resource, and which code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GlyphRef {
    pub resource: usize,
    pub code: u16,
    /// Advance in thousandths of an em, as the resource's `/W` says.
    pub width: f32,
}

/// What the fonts came to, for tests and reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FontStats {
    /// Faces embedded.
    pub faces: usize,
    /// PDF font resources written.
    pub resources: usize,
    /// Codes written in all: pairs of a glyph and the text it stands for.
    pub codes: usize,
}

/// The last code a resource can give: 2-byte codes, 0xFFFF left unused.
const MAX_CODE: u16 = 0xFFFE;

/// One PDF font resource.
pub(crate) struct FontResource {
    /// Name in the pages' `/Font` dictionaries.
    pub name: String,
    /// The Type 0 font dictionary, written at the end.
    pub id: Ref,
    face: u16,
    /// Code → what it draws.
    codes: BTreeMap<u16, Entry>,
    /// What a code draws → the code, for TrueType resources: by subset glyph, then the few
    /// (text, width, code) it is drawn with (nearly always one). Keyed by glyph alone so that
    /// looking a glyph up allocates nothing; its text is copied only for a new code.
    by_entry: HashMap<u16, Vec<(String, i32, u16)>>,
}

/// What one code stands for: a subset glyph, its text, and its width in thousandths of an em.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    gid: u16,
    text: String,
    width: i32,
}

impl Entry {
    fn is(&self, gid: u16, text: &str, width: i32) -> bool {
        self.gid == gid && self.width == width && self.text == text
    }
}

/// A face in use: its parsed tables and the subset being gathered.
struct Embedded<'a> {
    face: &'a FontFace,
    parsed: ttf_parser::Face<'a>,
    /// CFF outlines: codes must equal subset glyph ids.
    cff: bool,
    remapper: GlyphRemapper,
    /// Font resources of this face, in the order they were opened.
    resources: Vec<usize>,
}

/// Every face, glyph and text the document has drawn so far.
pub(crate) struct FontBook<'a> {
    faces: &'a [FontFace],
    /// Every face parsed once (`None`: not a font).
    parsed: Vec<Option<ttf_parser::Face<'a>>>,
    embedded: BTreeMap<u16, Embedded<'a>>,
    pub resources: Vec<FontResource>,
    /// Glyph outlines written as forms, by face and glyph (`None`: no outline).
    forms: HashMap<(u16, u16), Option<Ref>>,
}

impl<'a> FontBook<'a> {
    pub fn new(faces: &'a [FontFace]) -> Self {
        FontBook {
            faces,
            parsed: faces
                .iter()
                .map(|f| ttf_parser::Face::parse(&f.data, f.index).ok())
                .collect(),
            embedded: BTreeMap::new(),
            resources: Vec::new(),
            forms: HashMap::new(),
        }
    }

    /// Face `font`'s space glyph, if it has one.
    pub fn space_glyph(&self, font: u16) -> Option<u16> {
        let face = self.parsed.get(usize::from(font))?.as_ref()?;
        face.glyph_index(' ').map(|g| g.0)
    }

    /// The form XObject that draws glyph `gid` of face `font` from its outline, in font units
    /// (with the face's units per em), written on first use; `None` when it has no outline.
    pub fn outline<W: Write>(
        &mut self,
        font: u16,
        gid: u16,
        sink: &mut Sink<W>,
    ) -> Result<Option<(Ref, f32)>, PdfError> {
        let Some(face) = self.parsed.get(usize::from(font)).and_then(Option::as_ref) else {
            return Err(PdfError::FontParse {
                name: format!("#{font}"),
            });
        };
        let upem = f32::from(face.units_per_em().max(1));
        let form = match self.forms.get(&(font, gid)) {
            Some(form) => *form,
            None => {
                let form = super::outlines::write_form(face, gid, sink)?;
                self.forms.insert((font, gid), form);
                form
            }
        };
        Ok(form.map(|f| (f, upem)))
    }

    /// The font resource and code that draw `glyph` with its text, opening a face or a
    /// resource if needed.
    pub fn glyph<W: Write>(
        &mut self,
        glyph: &DrawGlyph,
        sink: &mut Sink<W>,
    ) -> Result<GlyphRef, PdfError> {
        let embedded = open_face(&mut self.embedded, self.faces, &self.parsed, glyph.font)?;
        let count = embedded.parsed.number_of_glyphs();
        if glyph.gid >= count {
            return Err(PdfError::UnknownGlyph {
                name: embedded.face.name.clone(),
                glyph: glyph.gid,
                count,
            });
        }
        let gid = embedded.remapper.remap(glyph.gid);
        let width = if glyph.size > 0.0 {
            (glyph.width / glyph.size * 1000.0).round() as i32
        } else {
            0
        };
        let cff = embedded.cff;
        let text = glyph.text.as_str();
        let found = embedded.resources.iter().find_map(|&r| {
            let res = &self.resources[r];
            let known = || {
                let same = res.by_entry.get(&gid)?;
                same.iter()
                    .find(|(t, w, _)| t == text && *w == width)
                    .map(|&(_, _, code)| code)
            };
            if cff {
                match res.codes.get(&gid) {
                    Some(e) if e.is(gid, text, width) => Some((r, gid)),
                    Some(_) => None,
                    None => Some((r, gid)),
                }
            } else if let Some(code) = known() {
                Some((r, code))
            } else {
                let next = res.codes.len() as u32 + 1;
                (next <= u32::from(MAX_CODE)).then_some((r, next as u16))
            }
        });
        let (resource, code) = match found {
            Some(found) => found,
            None => {
                let r = self.resources.len();
                self.resources.push(FontResource {
                    name: format!("F{}_{}", glyph.font, embedded.resources.len()),
                    id: sink.alloc(),
                    face: glyph.font,
                    codes: BTreeMap::new(),
                    by_entry: HashMap::new(),
                });
                embedded.resources.push(r);
                (r, if cff { gid } else { 1 })
            }
        };
        let res = &mut self.resources[resource];
        if let std::collections::btree_map::Entry::Vacant(slot) = res.codes.entry(code) {
            slot.insert(Entry {
                gid,
                text: text.to_string(),
                width,
            });
            if !cff {
                let same = res.by_entry.entry(gid).or_default();
                same.push((text.to_string(), width, code));
            }
        }
        Ok(GlyphRef {
            resource,
            code,
            width: width as f32,
        })
    }

    /// Subsets and writes every face and font resource; returns what was written.
    pub fn finish<W: Write>(self, sink: &mut Sink<W>) -> Result<FontStats, PdfError> {
        let stats = FontStats {
            faces: self.embedded.len(),
            resources: self.resources.len(),
            codes: self.resources.iter().map(|r| r.codes.len()).sum(),
        };
        for (face_index, e) in &self.embedded {
            let subset =
                subsetter::subset(&e.face.data, e.face.index, &e.remapper).map_err(|err| {
                    PdfError::Subset {
                        name: e.face.name.clone(),
                        reason: err.to_string(),
                    }
                })?;
            let base = format!(
                "{}+{}",
                subset_tag(&subset),
                postscript_name(&e.parsed, e.face)
            );
            let descriptor = write_program(sink, &e.parsed, &base, &subset, e.cff)?;
            for r in self.resources.iter().filter(|r| r.face == *face_index) {
                write_resource(sink, r, &base, descriptor, e.cff)?;
            }
        }
        Ok(stats)
    }
}

/// The face `font` as embedded, opened on first use.
fn open_face<'e, 'a>(
    embedded: &'e mut BTreeMap<u16, Embedded<'a>>,
    faces: &'a [FontFace],
    parsed: &[Option<ttf_parser::Face<'a>>],
    font: u16,
) -> Result<&'e mut Embedded<'a>, PdfError> {
    use std::collections::btree_map::Entry;
    match embedded.entry(font) {
        Entry::Occupied(e) => Ok(e.into_mut()),
        Entry::Vacant(e) => {
            let face = faces
                .get(usize::from(font))
                .ok_or_else(|| PdfError::FontParse {
                    name: format!("#{font}"),
                })?;
            let parsed = parsed
                .get(usize::from(font))
                .and_then(Option::clone)
                .ok_or_else(|| PdfError::FontParse {
                    name: face.name.clone(),
                })?;
            Ok(e.insert(Embedded {
                face,
                cff: parsed.tables().cff.is_some(),
                parsed,
                remapper: GlyphRemapper::new(),
                resources: Vec::new(),
            }))
        }
    }
}

/// Writes the subset font program and its descriptor; returns the descriptor.
fn write_program<W: Write>(
    sink: &mut Sink<W>,
    parsed: &ttf_parser::Face<'_>,
    base: &str,
    subset: &[u8],
    cff: bool,
) -> Result<Ref, PdfError> {
    let program = sink.alloc();
    let compressed = deflate(subset);
    sink.object(program, |c| {
        let mut stream = c.stream(program, &compressed);
        stream.filter(Filter::FlateDecode);
        if cff {
            stream.pair(Name(b"Subtype"), Name(b"OpenType"));
        } else {
            stream.pair(
                Name(b"Length1"),
                i32::try_from(subset.len()).unwrap_or(i32::MAX),
            );
        }
    })?;
    let descriptor = sink.alloc();
    let scale = 1000.0 / f32::from(parsed.units_per_em().max(1));
    let bbox = parsed.global_bounding_box();
    let mut flags = FontFlags::SYMBOLIC;
    if parsed.is_italic() {
        flags |= FontFlags::ITALIC;
    }
    sink.object(descriptor, |c| {
        let mut d = c.font_descriptor(descriptor);
        d.name(Name(base.as_bytes()))
            .flags(flags)
            .bbox(Rect::new(
                f32::from(bbox.x_min) * scale,
                f32::from(bbox.y_min) * scale,
                f32::from(bbox.x_max) * scale,
                f32::from(bbox.y_max) * scale,
            ))
            .italic_angle(parsed.italic_angle())
            .ascent(f32::from(parsed.ascender()) * scale)
            .descent(f32::from(parsed.descender()) * scale)
            .cap_height(f32::from(parsed.capital_height().unwrap_or(parsed.ascender())) * scale)
            .stem_v(80.0);
        if cff {
            d.font_file3(program);
        } else {
            d.font_file2(program);
        }
    })?;
    Ok(descriptor)
}

/// Writes one font resource: the Type 0 font, its CID font, its CID-to-glyph map (TrueType)
/// and its ToUnicode map.
fn write_resource<W: Write>(
    sink: &mut Sink<W>,
    r: &FontResource,
    base: &str,
    descriptor: Ref,
    cff: bool,
) -> Result<(), PdfError> {
    let cid_font = sink.alloc();
    let to_unicode = sink.alloc();
    let cid_map = (!cff).then(|| sink.alloc());
    sink.object(r.id, |c| {
        c.type0_font(r.id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_font)
            .to_unicode(to_unicode);
    })?;
    sink.object(cid_font, |c| {
        let mut font = c.cid_font(cid_font);
        font.subtype(if cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(Name(base.as_bytes()))
        .system_info(SYSTEM_INFO)
        .font_descriptor(descriptor)
        .default_width(0.0);
        let mut w = font.widths();
        for (&code, e) in &r.codes {
            w.consecutive(code, [e.width as f32]);
        }
        drop(w);
        if let Some(map) = cid_map {
            font.cid_to_gid_map_stream(map);
        }
    })?;
    if let Some(map) = cid_map {
        let last = r.codes.keys().next_back().copied().unwrap_or(0);
        let mut bytes = vec![0u8; (usize::from(last) + 1) * 2];
        for (&code, e) in &r.codes {
            let at = usize::from(code) * 2;
            bytes[at..at + 2].copy_from_slice(&e.gid.to_be_bytes());
        }
        let bytes = deflate(&bytes);
        sink.object(map, |c| {
            c.stream(map, &bytes).filter(Filter::FlateDecode);
        })?;
    }
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
    for (&code, e) in &r.codes {
        if !e.text.is_empty() {
            cmap.pair_with_multiple(code, e.text.chars());
        }
    }
    let cmap = deflate(&cmap.finish());
    sink.object(to_unicode, |c| {
        c.stream(to_unicode, &cmap).filter(Filter::FlateDecode);
    })
}

const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

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
    use crate::frame::Color;

    fn glyph(gid: u16, text: &str) -> DrawGlyph {
        DrawGlyph {
            font: 0,
            size: 10.0,
            color: Color::BLACK,
            x: 0.0,
            y: 0.0,
            gid,
            text: text.into(),
            width: 5.0,
            ink: crate::pdf::text::Ink::Fill,
            slant: 0.0,
        }
    }

    #[test]
    fn each_pair_of_glyph_and_text_gets_its_own_code_in_one_resource() {
        let faces = crate::text::FontSet::builtin().faces().to_vec();
        let mut book = FontBook::new(&faces);
        let mut sink = Sink::new(Vec::new()).unwrap();
        let mut at = |gid, text| {
            let r = book.glyph(&glyph(gid, text), &mut sink).unwrap();
            (r.resource, r.code)
        };
        assert_eq!(at(5, "ب"), (0, 1));
        assert_eq!(at(5, "ب"), (0, 1));
        assert_eq!(at(5, "\u{200C}"), (0, 2));
        assert_eq!(at(6, "ت"), (0, 3));
        assert_eq!(at(5, "\u{200C}"), (0, 2));
        assert_eq!(book.resources.len(), 1);
        let r = &book.resources[0];
        // Codes 1 and 2 draw the same subset glyph.
        assert_eq!(r.codes[&1].gid, r.codes[&2].gid);
        assert_ne!(r.codes[&1].gid, r.codes[&3].gid);
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
