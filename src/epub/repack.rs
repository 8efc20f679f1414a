//! Re-packing epub-builder's archive: the last step, and the fix for three of its flaws (see
//! [`super::package`]): our own `nav.xhtml` replaces its one, the OPF gets `xml:lang`, `dir` and
//! our metadata, and every entry gets one fixed timestamp instead of the current time.
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
    lines.push_str("  </metadata>");
    Ok(text
        .replacen("<package ", &attrs, 1)
        .replacen("  </metadata>", &lines, 1)
        .into_bytes())
}
