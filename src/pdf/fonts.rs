//! Fonts: glyph codes handed out while pages are written, subset and embedded at the end.
//!
//! Each face is embedded once, subset with the `subsetter` crate to the glyphs the edition
//! draws. Glyphs get their subset ids the first time they are drawn, so pages can be written
//! (and dropped) one by one; the font programs, whose content depends on every page, are
//! written after the last page.
//!
//! A PDF font's ToUnicode map holds one string per glyph, but one glyph can stand for different
//! text in different places: the initial beh of «بِ» and of «بَ» is the same glyph, and after
//! [`super::text`] hands each haraka's text to its base, that glyph speaks «بِ» once and «بَ»
//! the next time. A single map would make one of them extract wrongly. So a face gets as many
//! PDF font resources ("variants") as its most overloaded glyph has different texts: a glyph's
//! text goes to the first variant where that glyph has no text yet or the same one. All
//! variants share one font program and descriptor; only their small ToUnicode and width tables
//! differ. Glyphs drawn without text go to a variant where their id has no ToUnicode entry, so
//! they add nothing to extracted text.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Name, Rect, Ref, Str};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::error::PdfError;
use super::sink::{deflate, Sink};
use super::text::{DrawGlyph, Ink};
use crate::text::FontFace;

/// How a glyph is written: which font resource, and which code (the glyph's subset id).
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
    /// PDF font resources written (faces plus extra variants).
    pub resources: usize,
    /// Glyphs (per face) that stand for more than one text somewhere in the document.
    pub conflicting_glyphs: usize,
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

/// One PDF font resource.
pub(crate) struct FontResource {
    /// Name in the pages' `/Font` dictionaries.
    pub name: String,
    /// The Type 0 font dictionary, written at the end.
    pub id: Ref,
    face: u16,
    kind: Kind,
    /// Subset glyph id → its text ("" for a glyph drawn without text).
    texts: HashMap<u16, String>,
}

/// A face in use: its parsed tables and the subset being gathered.
struct Embedded<'a> {
    face: &'a FontFace,
    parsed: ttf_parser::Face<'a>,
    remapper: GlyphRemapper,
    /// Advance of each subset glyph in thousandths of an em.
    widths: BTreeMap<u16, f32>,
    /// Font resources of this face, by kind, in the order they were opened.
    variants: BTreeMap<Kind, Vec<usize>>,
}

/// Every face, glyph and text the document has drawn so far.
pub(crate) struct FontBook<'a> {
    faces: &'a [FontFace],
    /// Every face parsed once (`None`: not a font).
    parsed: Vec<Option<ttf_parser::Face<'a>>>,
    embedded: BTreeMap<u16, Embedded<'a>>,
    pub resources: Vec<FontResource>,
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
        }
    }

    /// Face `font`'s own glyph for `c`, if it has one.
    pub fn nominal(&self, font: u16, c: char) -> Option<u16> {
        let face = self.parsed.get(usize::from(font))?.as_ref()?;
        face.glyph_index(c).map(|g| g.0)
    }

    /// The font resource and code that draw `glyph`, opening a face or a variant if needed.
    pub fn glyph<W: Write>(
        &mut self,
        glyph: &DrawGlyph,
        sink: &mut Sink<W>,
    ) -> Result<GlyphRef, PdfError> {
        let embedded = match self.embedded.entry(glyph.font) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let face =
                    self.faces
                        .get(usize::from(glyph.font))
                        .ok_or_else(|| PdfError::FontParse {
                            name: format!("#{}", glyph.font),
                        })?;
                let parsed = self
                    .parsed
                    .get(usize::from(glyph.font))
                    .and_then(Option::clone)
                    .ok_or_else(|| PdfError::FontParse {
                        name: face.name.clone(),
                    })?;
                e.insert(Embedded {
                    face,
                    parsed,
                    remapper: GlyphRemapper::new(),
                    widths: BTreeMap::new(),
                    variants: BTreeMap::new(),
                })
            }
        };
        let count = embedded.parsed.number_of_glyphs();
        if glyph.gid >= count {
            return Err(PdfError::UnknownGlyph {
                name: embedded.face.name.clone(),
                glyph: glyph.gid,
                count,
            });
        }
        let code = embedded.remapper.remap(glyph.gid);
        let parsed = &embedded.parsed;
        let visible = *embedded.widths.entry(code).or_insert_with(|| {
            let upem = f32::from(parsed.units_per_em().max(1));
            let advance = parsed
                .glyph_hor_advance(ttf_parser::GlyphId(glyph.gid))
                .unwrap_or(0);
            (f32::from(advance) * 1000.0 / upem).round()
        });
        let kind = Kind::of(glyph);
        let variants = embedded.variants.entry(kind).or_default();
        let found = variants.iter().copied().find(|&r| {
            self.resources[r]
                .texts
                .get(&code)
                .is_none_or(|t| *t == glyph.text)
        });
        let resource = match found {
            Some(r) => r,
            None => {
                let r = self.resources.len();
                self.resources.push(FontResource {
                    name: format!("F{}{}{}", glyph.font, kind.tag(), variants.len()),
                    id: sink.alloc(),
                    face: glyph.font,
                    kind,
                    texts: HashMap::new(),
                });
                variants.push(r);
                r
            }
        };
        self.resources[resource]
            .texts
            .entry(code)
            .or_insert_with(|| glyph.text.clone());
        let width = match kind {
            Kind::Visible => visible,
            // Invisible text is one em per glyph: the text matrix's horizontal scaling sets each
            // invisible glyph's width to its slot.
            Kind::Invisible => 1000.0,
        };
        Ok(GlyphRef {
            resource,
            code,
            width,
        })
    }

    /// Subsets and writes every face and font resource; returns what was written.
    pub fn finish<W: Write>(self, sink: &mut Sink<W>) -> Result<FontStats, PdfError> {
        let mut stats = FontStats {
            faces: self.embedded.len(),
            resources: self.resources.len(),
            conflicting_glyphs: 0,
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
            let cff = e.parsed.tables().cff.is_some();
            let descriptor = write_program(sink, &e.parsed, &base, &subset, cff)?;
            for variants in e.variants.values() {
                stats.conflicting_glyphs += conflicts(variants.iter().map(|&r| &self.resources[r]));
            }
            for r in self.resources.iter().filter(|r| r.face == *face_index) {
                write_resource(sink, r, &base, descriptor, cff, &e.widths)?;
            }
        }
        Ok(stats)
    }
}

/// Glyphs that speak different texts in different variants of one face and kind.
fn conflicts<'r>(variants: impl Iterator<Item = &'r FontResource>) -> usize {
    let mut spoken: HashMap<u16, usize> = HashMap::new();
    for v in variants {
        for (&code, text) in &v.texts {
            if !text.is_empty() {
                *spoken.entry(code).or_default() += 1;
            }
        }
    }
    spoken.values().filter(|&&n| n > 1).count()
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

/// Writes one font resource: the Type 0 font, its CID font and its ToUnicode map.
fn write_resource<W: Write>(
    sink: &mut Sink<W>,
    r: &FontResource,
    base: &str,
    descriptor: Ref,
    cff: bool,
    widths: &BTreeMap<u16, f32>,
) -> Result<(), PdfError> {
    let cid_font = sink.alloc();
    let to_unicode = sink.alloc();
    sink.object(r.id, |c| {
        c.type0_font(r.id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_font)
            .to_unicode(to_unicode);
    })?;
    let mut codes: Vec<u16> = r.texts.keys().copied().collect();
    codes.sort_unstable();
    sink.object(cid_font, |c| {
        let mut font = c.cid_font(cid_font);
        font.subtype(if cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(Name(base.as_bytes()))
        .system_info(SYSTEM_INFO)
        .font_descriptor(descriptor);
        match r.kind {
            Kind::Invisible => {
                font.default_width(1000.0);
            }
            Kind::Visible => {
                font.default_width(0.0);
                let mut w = font.widths();
                for code in &codes {
                    w.consecutive(*code, [widths.get(code).copied().unwrap_or(0.0)]);
                }
            }
        }
        if !cff {
            font.cid_to_gid_map_predefined(Name(b"Identity"));
        }
    })?;
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
    let mut spoken = 0;
    for code in &codes {
        let text = &r.texts[code];
        if !text.is_empty() {
            cmap.pair_with_multiple(*code, text.chars());
            spoken += 1;
        }
    }
    if spoken == 0 {
        // Poppler treats an empty map as no map at all and then reads each code as a Unicode
        // code point: silent glyphs would come back as control characters. One entry for a
        // code never drawn (subsets have far fewer glyphs) makes the map count.
        cmap.pair(0xFFFF, '\u{FFFD}');
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
    use crate::layout::frame::Color;

    fn glyph(gid: u16, text: &str) -> DrawGlyph {
        DrawGlyph {
            font: 0,
            size: 10.0,
            color: Color::BLACK,
            x: 0.0,
            y: 0.0,
            gid,
            text: text.into(),
            ink: Ink::Visible,
        }
    }

    #[test]
    fn a_second_text_opens_a_variant_and_silence_takes_a_free_slot() {
        let faces = crate::text::FontSet::builtin().faces().to_vec();
        let mut book = FontBook::new(&faces);
        let mut sink = Sink::new(Vec::new()).unwrap();
        let mut at = |gid, text| book.glyph(&glyph(gid, text), &mut sink).unwrap().resource;
        assert_eq!(at(5, "ب"), 0);
        assert_eq!(at(5, "ب"), 0);
        assert_eq!(at(5, "بِ"), 1);
        assert_eq!(at(5, ""), 2);
        assert_eq!(at(6, ""), 0);
        assert_eq!(at(5, "بِ"), 1);
        assert_eq!(book.resources.len(), 3);
        let texts: Vec<usize> = book.resources.iter().map(|r| r.texts.len()).collect();
        assert_eq!(texts, [2, 1, 1]);
        assert_eq!(conflicts(book.resources.iter()), 1);
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
