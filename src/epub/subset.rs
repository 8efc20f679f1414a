//! Subsetting a TrueType face for the EPUB: only the characters the book uses, and everything
//! a reading system's shaper can turn them into.
//!
//! The PDF's subsetter (the `subsetter` crate) renumbers glyphs and drops `cmap`, `OS/2`, `GSUB`
//! and `GPOS`: right for a PDF, which maps glyphs itself, unusable for an e-reader, which maps
//! characters through `cmap` and shapes with the layout tables. So this one keeps every glyph
//! id and every table, and only empties the outlines of the glyphs no character of the book
//! reaches and narrows `cmap` to those characters (so that any other character falls back to the
//! next face in the CSS stack instead of drawing an empty glyph). Glyphs reached through
//! ligatures, contextual forms and composite outlines are kept: the closure follows the `GSUB`
//! lookups of the features a browser applies by default, and the components of composites.
//! `GPOS` (kerning, marks) stays as it is, glyph ids being unchanged. Glyph names (`post`) and the
//! digital signature (`DSIG`, no longer true) are dropped.

use std::collections::{BTreeMap, BTreeSet};

use ttf_parser::gsub::SubstitutionSubtable;
use ttf_parser::opentype_layout::{ChainedContextLookup, ContextLookup, LayoutTable};
use ttf_parser::{GlyphId, Tag};

/// Why a face could not be subset (a bundled face is broken: a bug on our side).
pub(crate) type SubsetError = &'static str;

/// `GSUB` features that browsers (HarfBuzz, CoreText, DirectWrite) apply without being asked,
/// for any script, plus the Arabic joining forms.
const DEFAULT_FEATURES: &[&[u8; 4]] = &[
    b"rvrn", b"ccmp", b"locl", b"rlig", b"rclt", b"calt", b"clig", b"liga", b"ltra", b"ltrm",
    b"rtla", b"rtlm", b"isol", b"init", b"medi", b"med2", b"fina", b"fin2", b"fin3", b"stch",
];

/// `font` with only what `chars` need (see the module docs), without the tables named in
/// `drop`. Characters the face does not have are ignored.
pub(crate) fn subset(
    font: &[u8],
    chars: &BTreeSet<char>,
    drop: &[&[u8; 4]],
) -> Result<Vec<u8>, SubsetError> {
    let face = ttf_parser::Face::parse(font, 0).map_err(|_| "the face does not parse")?;
    let mapping: BTreeMap<u32, u16> = chars
        .iter()
        .filter_map(|&c| face.glyph_index(c).map(|g| (u32::from(c), g.0)))
        .collect();
    let mut glyphs: BTreeSet<u16> = mapping.values().copied().collect();
    glyphs.insert(0); // .notdef
    if let Some(gsub) = face.tables().gsub {
        gsub_closure(&gsub, &mut glyphs);
    }
    let raw = face.raw_face();
    let table = |tag: &[u8; 4]| raw.table(Tag::from_bytes(tag));
    let head = table(b"head").ok_or("no head table")?;
    let (glyf, loca) = subset_glyf(
        table(b"glyf").ok_or("no glyf table (only TrueType outlines are supported)")?,
        table(b"loca").ok_or("no loca table")?,
        head,
        face.number_of_glyphs(),
        &mut glyphs,
    )?;

    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for record in raw.table_records {
        let tag = record.tag.to_bytes();
        if drop.contains(&&tag) {
            continue;
        }
        let data = match &tag {
            b"glyf" => glyf.clone(),
            b"loca" => loca.clone(),
            b"cmap" => cmap(&mapping)?,
            b"DSIG" => continue,
            b"head" => {
                let mut head = head.to_vec();
                if head.len() < 54 {
                    return Err("head table too short");
                }
                head[8..12].fill(0); // checkSumAdjustment, set below
                head[50..52].copy_from_slice(&1i16.to_be_bytes()); // long loca offsets
                head
            }
            b"post" => {
                let mut post = table(b"post")
                    .ok_or("no post table")?
                    .get(..32)
                    .ok_or("post table too short")?
                    .to_vec();
                post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes()); // no glyph names
                post
            }
            _ => raw
                .table(record.tag)
                .ok_or("a table lies outside the file")?
                .to_vec(),
        };
        tables.push((tag, data));
    }
    Ok(write_sfnt(tables))
}

/// Adds to `glyphs` every glyph the default features' substitutions can make of them, and of
/// what they make, until nothing is added.
fn gsub_closure(gsub: &LayoutTable, glyphs: &mut BTreeSet<u16>) {
    // The lookups to follow: those of the default features and those their contextual
    // lookups call.
    let mut lookups: BTreeSet<u16> = BTreeSet::new();
    for feature in gsub.features {
        if DEFAULT_FEATURES.contains(&&feature.tag.to_bytes()) {
            lookups.extend(feature.lookup_indices);
        }
    }
    let mut queue: Vec<u16> = lookups.iter().copied().collect();
    while let Some(index) = queue.pop() {
        let Some(lookup) = gsub.lookups.get(index) else {
            continue;
        };
        for sub in lookup.subtables.into_iter::<SubstitutionSubtable>() {
            for nested in nested_lookups(&sub) {
                if lookups.insert(nested) {
                    queue.push(nested);
                }
            }
        }
    }
    loop {
        let mut added = Vec::new();
        for &index in &lookups {
            let Some(lookup) = gsub.lookups.get(index) else {
                continue;
            };
            for sub in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                substitutes(&sub, glyphs, &mut added);
            }
        }
        let before = glyphs.len();
        glyphs.extend(added);
        if glyphs.len() == before {
            break;
        }
    }
}

/// The lookups a contextual substitution calls.
fn nested_lookups(sub: &SubstitutionSubtable) -> Vec<u16> {
    let mut out = Vec::new();
    match sub {
        SubstitutionSubtable::Context(ContextLookup::Format1 { sets, .. })
        | SubstitutionSubtable::Context(ContextLookup::Format2 { sets, .. }) => {
            for set in *sets {
                for rule in set {
                    out.extend(rule.lookups.into_iter().map(|r| r.lookup_list_index));
                }
            }
        }
        SubstitutionSubtable::Context(ContextLookup::Format3 { lookups, .. })
        | SubstitutionSubtable::ChainContext(ChainedContextLookup::Format3 { lookups, .. }) => {
            out.extend(lookups.into_iter().map(|r| r.lookup_list_index));
        }
        SubstitutionSubtable::ChainContext(ChainedContextLookup::Format1 { sets, .. })
        | SubstitutionSubtable::ChainContext(ChainedContextLookup::Format2 { sets, .. }) => {
            for set in *sets {
                for rule in set {
                    out.extend(rule.lookups.into_iter().map(|r| r.lookup_list_index));
                }
            }
        }
        _ => {}
    }
    out
}

/// What `sub` turns the glyphs of `glyphs` into, pushed onto `out`.
fn substitutes(sub: &SubstitutionSubtable, glyphs: &BTreeSet<u16>, out: &mut Vec<u16>) {
    use ttf_parser::gsub::SingleSubstitution;
    let coverage = sub.coverage();
    for &glyph in glyphs {
        let Some(index) = coverage.get(GlyphId(glyph)) else {
            continue;
        };
        match sub {
            SubstitutionSubtable::Single(SingleSubstitution::Format1 { delta, .. }) => {
                out.push(glyph.wrapping_add_signed(*delta));
            }
            SubstitutionSubtable::Single(SingleSubstitution::Format2 { substitutes, .. }) => {
                out.extend(substitutes.get(index).map(|g| g.0));
            }
            SubstitutionSubtable::Multiple(m) => {
                if let Some(seq) = m.sequences.get(index) {
                    out.extend(seq.substitutes.into_iter().map(|g| g.0));
                }
            }
            SubstitutionSubtable::Alternate(a) => {
                if let Some(set) = a.alternate_sets.get(index) {
                    out.extend(set.alternates.into_iter().map(|g| g.0));
                }
            }
            SubstitutionSubtable::Ligature(l) => {
                for lig in l.ligature_sets.get(index).into_iter().flatten() {
                    if lig.components.into_iter().all(|g| glyphs.contains(&g.0)) {
                        out.push(lig.glyph.0);
                    }
                }
            }
            SubstitutionSubtable::ReverseChainSingle(r) => {
                out.extend(r.substitutes.get(index).map(|g| g.0));
            }
            SubstitutionSubtable::Context(_) | SubstitutionSubtable::ChainContext(_) => {}
        }
    }
}

/// The `glyf` table with only `glyphs`' outlines (and their composites' components, added to
/// `glyphs`), and its `loca` in the long format.
fn subset_glyf(
    glyf: &[u8],
    loca: &[u8],
    head: &[u8],
    count: u16,
    glyphs: &mut BTreeSet<u16>,
) -> Result<(Vec<u8>, Vec<u8>), SubsetError> {
    let long = head.get(50..52).ok_or("head table too short")? != [0, 0];
    let offset = |g: u16| -> Option<usize> {
        let g = usize::from(g);
        if long {
            let b = loca.get(g * 4..g * 4 + 4)?;
            usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
        } else {
            let b = loca.get(g * 2..g * 2 + 2)?;
            Some(usize::from(u16::from_be_bytes([b[0], b[1]])) * 2)
        }
    };
    let outline = |g: u16| -> Result<&[u8], SubsetError> {
        let (start, end) = (offset(g), g.checked_add(1).and_then(offset));
        match (start, end) {
            (Some(s), Some(e)) if s <= e => glyf.get(s..e).ok_or("loca points outside glyf"),
            _ => Err("loca is shorter than the glyph count"),
        }
    };
    // Components of composite glyphs, to the bottom.
    let mut queue: Vec<u16> = glyphs.iter().copied().collect();
    while let Some(g) = queue.pop() {
        if g >= count {
            continue;
        }
        for component in components(outline(g)?) {
            if component < count && glyphs.insert(component) {
                queue.push(component);
            }
        }
    }
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((usize::from(count) + 1) * 4);
    for g in 0..count {
        let at = u32::try_from(new_glyf.len()).map_err(|_| "glyf table too large")?;
        new_loca.extend_from_slice(&at.to_be_bytes());
        if glyphs.contains(&g) {
            new_glyf.extend_from_slice(outline(g)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    let end = u32::try_from(new_glyf.len()).map_err(|_| "glyf table too large")?;
    new_loca.extend_from_slice(&end.to_be_bytes());
    Ok((new_glyf, new_loca))
}

/// The glyph ids a composite outline is made of (none for a simple or empty one).
fn components(outline: &[u8]) -> Vec<u16> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAVE_X_AND_Y_SCALE: u16 = 0x0040;
    const HAVE_TWO_BY_TWO: u16 = 0x0080;
    let word = |at: usize| {
        outline
            .get(at..at + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    let mut out = Vec::new();
    // numberOfContours < 0 marks a composite.
    if word(0).is_none_or(|n| (n as i16) >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(glyph)) = (word(at), word(at + 2)) {
        out.push(glyph);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & HAVE_X_AND_Y_SCALE != 0 {
            4
        } else if flags & HAVE_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out
}

/// A `cmap` table for `mapping` (code point → glyph): format 4 for the Basic Multilingual Plane
/// and, when a character lies beyond it, format 12 for all of them.
fn cmap(mapping: &BTreeMap<u32, u16>) -> Result<Vec<u8>, SubsetError> {
    // Runs of consecutive code points with consecutive glyphs: (first code, last code, first glyph).
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for (&code, &glyph) in mapping {
        match runs.last_mut() {
            Some((first, last, first_glyph))
                if *last + 1 == code
                    && u32::from(*first_glyph) + (code - *first) == u32::from(glyph) =>
            {
                *last = code;
            }
            _ => runs.push((code, code, glyph)),
        }
    }
    let format4 = {
        // The BMP part; a run crossing U+FFFF cannot happen below U+FFFF's own segment.
        let mut segments: Vec<(u16, u16, u16)> = runs
            .iter()
            .filter(|&&(first, _, _)| first < 0xFFFF)
            .map(|&(first, last, glyph)| {
                let last = last.min(0xFFFE);
                // Narrowing is exact: both are below 0xFFFF here.
                (first as u16, last as u16, glyph)
            })
            .collect();
        segments.push((0xFFFF, 0xFFFF, 0)); // the required last segment (to .notdef)
        let n = u16::try_from(segments.len())
            .ok()
            .filter(|&n| n <= 8000)
            .ok_or("too many characters for a format 4 cmap")?;
        let power = 15 - n.leading_zeros() as u16; // floor(log2(n)), n ≥ 1
        let search = 2 * (1u16 << power);
        let mut t = Vec::new();
        let mut put = |v: u16| t.extend_from_slice(&v.to_be_bytes());
        put(4);
        put(16 + 8 * n);
        put(0); // language
        put(2 * n);
        put(search);
        put(power);
        put(2 * n - search);
        segments.iter().for_each(|s| put(s.1));
        put(0); // reservedPad
        segments.iter().for_each(|s| put(s.0));
        segments
            .iter()
            .for_each(|&(first, _, glyph)| put(glyph.wrapping_sub(first)));
        segments.iter().for_each(|_| put(0)); // idRangeOffset
        t
    };
    let beyond_bmp = mapping.keys().any(|&c| c > 0xFFFF);
    let format12 = beyond_bmp.then(|| {
        let mut t = Vec::new();
        t.extend_from_slice(&12u16.to_be_bytes());
        t.extend_from_slice(&0u16.to_be_bytes());
        let len = 16 + 12 * runs.len() as u32;
        for v in [len, 0, runs.len() as u32] {
            t.extend_from_slice(&v.to_be_bytes());
        }
        for &(first, last, glyph) in &runs {
            for v in [first, last, u32::from(glyph)] {
                t.extend_from_slice(&v.to_be_bytes());
            }
        }
        t
    });
    // Header and encoding records: Windows Unicode BMP (3, 1), then full repertoire (3, 10).
    let records = 1 + usize::from(format12.is_some());
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(records as u16).to_be_bytes());
    let first = (4 + 8 * records) as u32;
    out.extend_from_slice(&[0, 3, 0, 1]);
    out.extend_from_slice(&first.to_be_bytes());
    if let Some(f12) = &format12 {
        out.extend_from_slice(&[0, 3, 0, 10]);
        out.extend_from_slice(&(first + format4.len() as u32).to_be_bytes());
        out.extend_from_slice(&format4);
        out.extend_from_slice(f12);
    } else {
        out.extend_from_slice(&format4);
    }
    Ok(out)
}

/// An OpenType file of `tables` (in any order): sorted directory, checksums, 4-byte alignment
/// and `head`'s checksum adjustment.
fn write_sfnt(mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    fn checksum(data: &[u8]) -> u32 {
        data.chunks(4).fold(0u32, |sum, chunk| {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            sum.wrapping_add(u32::from_be_bytes(word))
        })
    }
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let power = if n == 0 {
        0
    } else {
        15 - n.leading_zeros() as u16
    };
    let search = (1u16 << power) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, search, power, n * 16 - search] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        for v in [checksum(data), offset as u32, data.len() as u32] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fonts::builtin;
    use ttf_parser::Face;

    fn has_outline(face: &Face, glyph: GlyphId) -> bool {
        face.glyph_bounding_box(glyph).is_some()
    }

    #[test]
    fn keeps_glyph_ids_and_the_outlines_that_the_characters_reach() {
        let chars: BTreeSet<char> = "fié".chars().collect();
        let out = subset(builtin::SERIF_REGULAR, &chars, &[b"GPOS"]).unwrap();
        let whole = Face::parse(builtin::SERIF_REGULAR, 0).unwrap();
        let sub = Face::parse(&out, 0).unwrap();
        assert_eq!(sub.number_of_glyphs(), whole.number_of_glyphs());
        for c in chars.iter().copied() {
            let glyph = sub.glyph_index(c);
            assert_eq!(glyph, whole.glyph_index(c), "{c}");
            assert!(has_outline(&sub, glyph.unwrap()), "{c}");
        }
        // Other characters are not mapped, so a reader takes them from the next face.
        assert_eq!(sub.glyph_index('a'), None);
        assert!(!has_outline(&sub, whole.glyph_index('a').unwrap()));
        // The ligature `liga` makes of «fi», and the parts of the composite «é».
        for name in ["fi", "e", "acute"] {
            let glyph = whole.glyph_index_by_name(name).unwrap();
            assert!(has_outline(&sub, glyph), "{name}");
        }
        assert!(sub.tables().gpos.is_none() && sub.tables().gsub.is_some());
        assert!(
            out.len() < builtin::SERIF_REGULAR.len() / 4,
            "{}",
            out.len()
        );
        // The whole file sums to the magic number once `head` is adjusted.
        let sum = out.chunks(4).fold(0u32, |s, c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            s.wrapping_add(u32::from_be_bytes(w))
        });
        assert_eq!(sum, 0xB1B0_AFBA);
    }

    #[test]
    fn hebrew_keeps_its_mark_positioning() {
        let chars: BTreeSet<char> = "שָׁלוֹם".chars().collect();
        let out = subset(builtin::HEBREW_REGULAR, &chars, &[]).unwrap();
        let sub = Face::parse(&out, 0).unwrap();
        assert!(sub.tables().gpos.is_some());
        for c in chars {
            assert!(sub.glyph_index(c).is_some(), "{c}");
        }
    }

    #[test]
    fn cmap_reaches_beyond_the_basic_plane() {
        let mapping = BTreeMap::from([(0x41, 7), (0x42, 8), (0x44, 3), (0x1F600, 9)]);
        let table = cmap(&mapping).unwrap();
        let parsed = ttf_parser::cmap::Table::parse(&table).unwrap();
        let look = |code: u32| {
            parsed
                .subtables
                .into_iter()
                .find_map(|s| s.glyph_index(code))
                .map(|g| g.0)
        };
        assert_eq!(
            [
                look(0x41),
                look(0x42),
                look(0x43),
                look(0x44),
                look(0x1F600)
            ],
            [Some(7), Some(8), None, Some(3), Some(9)]
        );
    }

    #[test]
    fn a_broken_face_is_an_error() {
        let chars: BTreeSet<char> = "a".chars().collect();
        assert!(subset(b"not a font", &chars, &[]).is_err());
        let cut = &builtin::SERIF_REGULAR[..builtin::SERIF_REGULAR.len() / 2];
        assert!(subset(cut, &chars, &[]).is_err());
    }
}
