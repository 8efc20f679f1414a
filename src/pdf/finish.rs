//! Finishing the object model printpdf builds: what printpdf 0.12 cannot express or gets wrong
//! for a reproducible newspaper edition.
//!
//! - printpdf's bookmarks are flat and point at a page only; the edition needs sections with
//!   their articles nested under them, each pointing at the article's top on its page.
//! - printpdf writes a random trailer `/ID` (and would write the clock into XMP): replaced by an
//!   id derived from the document's bytes, so the same edition gives the same file.
//! - It has no `/Lang`, no viewer preferences, and an Info dictionary with PDF/X keys that
//!   do not apply here: rewritten from [`DocumentInfo`].
//! - Font variants (see [`super::fonts`]) each carry a copy of the same font program: the copies
//!   are merged, so a program is stored once.

use std::collections::HashMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

use super::error::PdfError;
use crate::layout::frame::{DocumentInfo, OutlineEntry};
use crate::model::Direction;

/// Stands in for the document id while the bytes it is derived from are written; exactly as
/// long as the real id, so the file's offsets do not move when it is replaced.
const ID_PLACEHOLDER: [u8; 16] = [0xA5; 16];

/// Finishes `doc` and serializes it. `page_heights` (points) place the outline's targets.
pub(crate) fn finish(
    mut doc: lopdf::Document,
    info: &DocumentInfo,
    outline: &[OutlineEntry],
    page_heights: &[f32],
) -> Result<Vec<u8>, PdfError> {
    doc.version = "1.7".into();
    share_font_programs(&mut doc);
    fill_empty_to_unicode(&mut doc);
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&old);
    }
    let info_id = doc.add_object(info_dict(info)?);
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let outline_id = write_outline(&mut doc, outline, &pages, page_heights)?;

    let catalog = doc
        .catalog_mut()
        .map_err(|e| PdfError::Serialize(e.to_string()))?;
    if !info.lang.is_empty() {
        catalog.set("Lang", Object::string_literal(info.lang.as_str()));
    }
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    if Direction::of_lang(&info.lang) == Direction::Rtl {
        // Facing pages run right to left, like the printed paper.
        prefs.set("Direction", Object::Name(b"R2L".to_vec()));
    }
    catalog.set("ViewerPreferences", prefs);
    match outline_id {
        Some(id) => {
            catalog.set("Outlines", id);
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }

    doc.trailer.set("Info", info_id);
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", vec![placeholder.clone(), placeholder]);

    compress_streams(&mut doc)?;
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| PdfError::Serialize(e.to_string()))?;
    stamp_id(&mut bytes)?;
    Ok(bytes)
}

/// Deflates every stream that has no filter yet, in parallel and at a fast level: lopdf's own
/// `compress` uses the slowest level, which took a quarter of the writing time for a day's
/// edition and saved a few percent of size (photos, the bulk, are JPEG already).
fn compress_streams(doc: &mut lopdf::Document) -> Result<(), PdfError> {
    use rayon::prelude::*;
    use std::io::Write;
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.par_iter_mut().try_for_each(|stream| {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(2));
        encoder
            .write_all(&stream.content)
            .map_err(|e| PdfError::Serialize(e.to_string()))?;
        let compressed = encoder
            .finish()
            .map_err(|e| PdfError::Serialize(e.to_string()))?;
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
        Ok(())
    })
}

/// Replaces the two placeholder ids in the trailer with a digest of the whole file.
fn stamp_id(bytes: &mut [u8]) -> Result<(), PdfError> {
    let hex = |b: &[u8]| -> Vec<u8> {
        b.iter()
            .flat_map(|x| format!("{x:02X}").into_bytes())
            .collect()
    };
    let placeholder = hex(&ID_PLACEHOLDER);
    let digest = Sha256::digest(&*bytes);
    let id = hex(&digest[..ID_PLACEHOLDER.len()]);
    let mut replaced = 0;
    let mut from = bytes.len().saturating_sub(2048);
    while let Some(pos) = find(&bytes[from..], &placeholder) {
        let at = from + pos;
        bytes[at..at + id.len()].copy_from_slice(&id);
        from = at + id.len();
        replaced += 1;
    }
    if replaced == 2 {
        Ok(())
    } else {
        Err(PdfError::Serialize(format!(
            "document id placeholder found {replaced} times in the trailer, expected 2"
        )))
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A PDF text string: UTF-16BE with a byte order mark, so any script survives.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix timestamp.
fn pdf_date(timestamp: i64) -> Result<Object, PdfError> {
    let t = chrono::DateTime::from_timestamp(timestamp, 0)
        .ok_or(PdfError::InvalidTimestamp(timestamp))?;
    Ok(Object::string_literal(
        t.format("D:%Y%m%d%H%M%SZ").to_string(),
    ))
}

fn info_dict(info: &DocumentInfo) -> Result<Dictionary, PdfError> {
    let date = pdf_date(info.timestamp)?;
    let mut dict = Dictionary::new();
    if !info.title.is_empty() {
        dict.set("Title", text_string(&info.title));
    }
    if !info.author.is_empty() {
        dict.set("Author", text_string(&info.author));
    }
    dict.set("Creator", text_string("sahifa"));
    dict.set(
        "Producer",
        text_string(concat!(
            "sahifa ",
            env!("CARGO_PKG_VERSION"),
            " with printpdf"
        )),
    );
    dict.set("CreationDate", date.clone());
    dict.set("ModDate", date);
    Ok(dict)
}

/// Points every font descriptor at the first identical font program and drops the copies.
fn share_font_programs(doc: &mut lopdf::Document) {
    const KEYS: [&[u8]; 3] = [b"FontFile", b"FontFile2", b"FontFile3"];
    let mut first: HashMap<Vec<u8>, ObjectId> = HashMap::new();
    let mut redirect: HashMap<ObjectId, ObjectId> = HashMap::new();
    // BTreeMap iteration: the lowest object id of each program is the one kept.
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if !matches!(
            dict.get(b"Type").and_then(Object::as_name),
            Ok(b"FontDescriptor")
        ) {
            continue;
        }
        for key in KEYS {
            let Ok(program) = dict.get(key).and_then(Object::as_reference) else {
                continue;
            };
            let Some(Object::Stream(stream)) = doc.objects.get(&program) else {
                continue;
            };
            let mut identity = Sha256::new();
            identity.update(&stream.content);
            identity.update(format!("{:?}", stream.dict).as_bytes());
            let kept = *first.entry(identity.finalize().to_vec()).or_insert(program);
            if kept != program {
                redirect.insert(program, kept);
            }
        }
    }
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        for key in KEYS {
            if let Ok(Object::Reference(r)) = dict.get_mut(key) {
                if let Some(&kept) = redirect.get(r) {
                    *r = kept;
                }
            }
        }
    }
    for old in redirect.keys() {
        doc.objects.remove(old);
    }
}

/// Gives every empty ToUnicode map one entry for a code that is never drawn.
///
/// A font variant that only draws glyphs without text gets a ToUnicode map with no entries, and
/// poppler treats an empty map as no map at all: it then reads each glyph id as a Unicode code
/// point, and the silent glyphs come back as control characters in the middle of lines. With one
/// entry the map counts, and the unmapped codes yield nothing, as intended.
fn fill_empty_to_unicode(doc: &mut lopdf::Document) {
    let maps: Vec<ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| {
            o.as_dict()
                .ok()?
                .get(b"ToUnicode")
                .ok()?
                .as_reference()
                .ok()
        })
        .collect();
    for id in maps {
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
            continue;
        };
        if find(&stream.content, b"beginbfchar").is_some() {
            continue;
        }
        let Some(at) = find(&stream.content, b"endcmap") else {
            continue;
        };
        let mut content = stream.content[..at].to_vec();
        // 0xFFFF: subsets have far fewer glyphs, so no drawn code reaches it.
        content.extend_from_slice(b"1 beginbfchar\n<FFFF> <FFFD>\nendbfchar\n");
        content.extend_from_slice(&stream.content[at..]);
        stream.set_content(content);
    }
}

/// Writes the outline tree; level 0 entries (sections) hold the level 1 entries (articles)
/// that follow them. Returns the outline root, or `None` when there are no entries.
fn write_outline(
    doc: &mut lopdf::Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
    page_heights: &[f32],
) -> Result<Option<ObjectId>, PdfError> {
    if entries.is_empty() {
        return Ok(None);
    }
    // parent[i]: index of the entry this one hangs under (None: the root).
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }

    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    let descendants = |i: usize| -> i64 {
        let mut n = 0;
        let mut j = i + 1;
        while j < entries.len() && entries[j].level > entries[i].level {
            n += 1;
            j += 1;
        }
        n
    };

    for (i, e) in entries.iter().enumerate() {
        let page = *pages.get(e.page).ok_or_else(|| PdfError::OutlinePage {
            title: e.title.clone(),
            page: e.page,
            pages: pages.len(),
        })?;
        let height = page_heights.get(e.page).copied().unwrap_or(0.0);
        let top = if e.y.is_finite() {
            (height - e.y).clamp(0.0, height)
        } else {
            height
        };
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set("Parent", parent[i].map_or(root, |p| ids[p]));
        dict.set(
            "Dest",
            vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(top),
                Object::Null,
            ],
        );
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            dict.set("Prev", ids[siblings[pos - 1]]);
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", ids[next]);
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", ids[first]);
            dict.set("Last", ids[last]);
            dict.set("Count", descendants(i));
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }

    let top_level = children(None);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top_level.first(), top_level.last()) {
        dict.set("First", ids[first]);
        dict.set("Last", ids[last]);
    }
    dict.set("Count", entries.len() as i64);
    doc.objects.insert(root, Object::Dictionary(dict));
    Ok(Some(root))
}
