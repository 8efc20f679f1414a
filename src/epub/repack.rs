//! Re-packing epub-builder's archive: the last step, and the fix for its flaws (see
//! [`super::package`]): our own `nav.xhtml` replaces its one, the OPF gets `xml:lang`, `dir` and
//! our metadata, the NCX a true head, the fonts' license goes in, and every entry gets one fixed
//! timestamp instead of the current time.
//!
//! It is also where the photos go in. epub-builder's archive has empty placeholders for them;
//! each is read, prepared and written when its entry comes, straight into the output, so memory
//! does not grow with the number of photos.

use std::collections::{HashMap, VecDeque};
use std::io::{Cursor, Read, Seek, Write};

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::photos::PhotoStore;
use super::{xml_escape, EpubError};

/// How many photos of a run of photo entries are prepared at once. Re-encoding is slow enough to
/// be worth spreading over the cores, and a small batch keeps the bytes held to a few photos'.
const PHOTO_BATCH: usize = 8;

/// The zip timestamp for `unix_seconds` (UTC), clamped to what zip can store (1980–2107).
fn zip_time(unix_seconds: i64) -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    let Some(t) = chrono::DateTime::from_timestamp(unix_seconds, 0) else {
        return zip::DateTime::default();
    };
    if !(1980..=2107).contains(&t.year()) {
        return zip::DateTime::default(); // 1980-01-01 00:00
    }
    let narrow = |v: u32| u8::try_from(v).unwrap_or(0);
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).unwrap_or(1980),
        narrow(t.month()),
        narrow(t.day()),
        narrow(t.hour()),
        narrow(t.minute()),
        narrow(t.second()),
    )
    .unwrap_or_default()
}

/// What to change while re-packing.
pub(crate) struct Patches<'a> {
    /// Where the photos' bytes come from.
    pub store: &'a PhotoStore<'a>,
    /// Index in `store.resources` by entry name: epub-builder was given empty placeholders.
    pub photos: HashMap<String, usize>,
    /// Lines for the OPF's `<metadata>` (from [`super::package::metadata_lines`]).
    pub metadata: &'a [String],
    /// Replaces `OEBPS/nav.xhtml`.
    pub nav: &'a [u8],
    /// `lang` and `dir` for the OPF's `<package>` element, so titles read in the right direction.
    pub lang: &'a str,
    pub dir: &'a str,
    /// The book's title and identifier (`urn:uuid:…`), for the NCX.
    pub title: &'a str,
    pub identifier: &'a str,
    /// Entry name and text of the fonts' license, when the book embeds fonts.
    pub license: Option<(&'a str, &'a [u8])>,
    /// Seconds since the epoch for every entry's timestamp.
    pub timestamp: i64,
}

/// Rewrites epub-builder's archive into `out`: same entries in the same order, `mimetype` first
/// and stored, photos stored (they do not compress), everything else deflated, all with one
/// fixed timestamp; `nav.xhtml` and the OPF patched as described in the module docs.
///
/// On the first photo of a run of photo entries, up to [`PHOTO_BATCH`] of them are prepared in
/// parallel, then written one by one in entry order: the bytes do not depend on the number of
/// threads, and the first failing photo in entry order is the one reported. On error `out` holds
/// part of an archive.
pub(crate) fn repack<W: Write + Seek>(
    generated: &[u8],
    patches: &Patches,
    out: W,
) -> Result<(), EpubError> {
    let mut archive = ZipArchive::new(Cursor::new(generated))?;
    let mut out = ZipWriter::new(out);
    let time = zip_time(patches.timestamp);
    // Photos prepared ahead, for the entries that come next.
    let mut ready = VecDeque::new();
    for i in 0..archive.len() {
        let photo = |i| {
            archive
                .name_for_index(i)
                .and_then(|name| patches.photos.get(name).copied())
        };
        let data = if photo(i).is_some() {
            if ready.is_empty() {
                let batch: Vec<usize> = (i..archive.len())
                    .map_while(photo)
                    .take(PHOTO_BATCH)
                    .collect();
                let prepared: Vec<_> = batch
                    .par_iter()
                    .map(|&p| patches.store.prepare(p))
                    .collect();
                for bytes in prepared {
                    ready.push_back(bytes?);
                }
            }
            ready
                .pop_front()
                .ok_or(EpubError::Package("a photo entry has no photo"))?
        } else {
            let mut entry = archive.by_index(i)?;
            let mut data = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
            entry.read_to_end(&mut data)?;
            match entry.name() {
                "OEBPS/nav.xhtml" => patches.nav.to_vec(),
                "OEBPS/content.opf" => patch_opf(data, patches)?,
                "OEBPS/toc.ncx" => patch_ncx(data, patches)?,
                _ => data,
            }
        };
        let name = archive
            .name_for_index(i)
            .ok_or(EpubError::Package("an entry has no name"))?
            .to_string();
        let stored = name == "mimetype"
            || [".jpg", ".png", ".gif"]
                .iter()
                .any(|ext| name.ends_with(ext));
        let method = if stored {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644);
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    if let Some((name, text)) = patches.license {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(time)
            .unix_permissions(0o644);
        out.start_file(name, options)?;
        out.write_all(text)?;
    }
    out.finish()?;
    Ok(())
}

/// Adds `xml:lang` and `dir` to `<package>` (the template has neither) and our metadata lines
/// at the end of `<metadata>`.
fn patch_opf(opf: Vec<u8>, patches: &Patches) -> Result<Vec<u8>, EpubError> {
    let text =
        String::from_utf8(opf).map_err(|_| EpubError::Package("content.opf is not UTF-8"))?;
    if !text.contains("<package ") || !text.contains("</metadata>") {
        return Err(EpubError::Package(
            "content.opf has no <package> or </metadata>",
        ));
    }
    let attrs = format!(
        r#"<package xml:lang="{}" dir="{}" "#,
        xml_escape(patches.lang),
        xml_escape(patches.dir)
    );
    let mut lines = String::new();
    for line in patches.metadata {
        lines.push_str("    ");
        lines.push_str(line);
        lines.push('\n');
    }
    if let Some((entry, _)) = patches.license {
        let href = entry.strip_prefix("OEBPS/").unwrap_or(entry);
        for id in font_items(&text) {
            lines.push_str(&format!(
                "    <link rel=\"dcterms:license\" refines=\"#{}\" href=\"{}\" media-type=\"text/plain\"/>\n",
                xml_escape(id),
                xml_escape(href)
            ));
        }
    }
    lines.push_str("  </metadata>");
    Ok(text
        .replacen("<package ", &attrs, 1)
        .replacen("  </metadata>", &lines, 1)
        .into_bytes())
}

/// The ids of the OPF's font manifest items.
fn font_items(opf: &str) -> Vec<&str> {
    opf.split("<item ")
        .skip(1)
        .filter_map(|item| {
            let item = &item[..item.find("/>")?];
            let attr = |name: &str| {
                let key = format!("{name}=\"");
                let (at, _) = item
                    .match_indices(&key)
                    .find(|&(at, _)| at == 0 || item[..at].ends_with(' '))?;
                let start = at + key.len();
                Some(&item[start..start + item[start..].find('"')?])
            };
            attr("media-type")
                .filter(|m| m.starts_with("font/"))
                .and_then(|_| attr("id"))
        })
        .collect()
}

/// Gives epub-builder's NCX what its template lacks: `xml:lang` and `dir`, a `dtb:uid` equal to
/// the package's identifier (NCX readers match the two), the book's title instead of the table of
/// contents' label, and the real depth of its entries (2 when articles sit under sections).
fn patch_ncx(ncx: Vec<u8>, patches: &Patches) -> Result<Vec<u8>, EpubError> {
    let text = String::from_utf8(ncx).map_err(|_| EpubError::Package("toc.ncx is not UTF-8"))?;
    let (Some(head), Some(map)) = (text.find("  <head>"), text.find("  <navMap>")) else {
        return Err(EpubError::Package("toc.ncx has no <head> or <navMap>"));
    };
    let mut depth = 0usize;
    let mut deepest = 0;
    for (i, _) in text.match_indices("navPoint") {
        match text[..i].chars().next_back() {
            Some('<') => depth += 1,
            Some('/') => depth = depth.saturating_sub(1),
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    let new_head = format!(
        "  <head>\n    <meta name=\"dtb:uid\" content=\"{}\" />\n    <meta name=\"dtb:depth\" content=\"{}\" />\n    <meta name=\"dtb:totalPageCount\" content=\"0\" />\n    <meta name=\"dtb:maxPageNumber\" content=\"0\" />\n  </head>\n  <docTitle>\n    <text>{}</text>\n  </docTitle>\n",
        xml_escape(patches.identifier),
        deepest.max(1),
        xml_escape(patches.title),
    );
    let root = format!(
        "<ncx xml:lang=\"{}\" dir=\"{}\" ",
        xml_escape(patches.lang),
        xml_escape(patches.dir)
    );
    Ok(format!("{}{new_head}{}", &text[..head], &text[map..])
        .replacen("<ncx ", &root, 1)
        .into_bytes())
}
