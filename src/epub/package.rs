//! The package around the pages: OPF metadata, the identifier and the zip container.
//!
//! epub-builder 0.8.3 does most of the OPF and the NCX, with three flaws worked around here:
//! - its OPF template gives `dc:language` and the first `dc:creator` the same id (`epub-creator-0`,
//!   EPUBCheck RSC-005), so `add_author` is not used; the creator, publisher and accessibility
//!   metadata are inserted into the OPF while re-packing (its `MetadataRenderer` trait, the
//!   intended way, is not exported, and `MetadataOpfV3` writes `<meta>` elements only);
//! - its nav template has no `lang`, `xml:lang` or `dir` and cannot be replaced, so our own
//!   rendered `nav.xhtml` is swapped in while re-packing;
//! - its zip writer stamps every entry with the current time, so the same input gave different
//!   bytes; [`repack`] rewrites the archive with fixed timestamps.

use std::io::{Cursor, Read, Write};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::EpubError;

/// Escapes text for XML content and double-quoted attributes.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Creator, publisher and accessibility metadata (EPUB Accessibility 1.1, as Ace and EPUBCheck
/// read it). `visual` says whether the book has photos.
pub(crate) fn metadata_lines(paper: &str, visual: bool) -> Vec<String> {
    let paper = xml_escape(paper);
    let mut lines = vec![
        format!(r#"<dc:creator id="sahifa-creator">{paper}</dc:creator>"#),
        format!(r#"<dc:publisher>{paper}</dc:publisher>"#),
        r#"<meta property="schema:accessMode">textual</meta>"#.to_string(),
    ];
    let summary = if visual {
        lines.extend([
            r#"<meta property="schema:accessMode">visual</meta>"#.to_string(),
            r#"<meta property="schema:accessModeSufficient">textual,visual</meta>"#.to_string(),
            r#"<meta property="schema:accessibilityFeature">alternativeText</meta>"#.to_string(),
        ]);
        "Reflowable text in reading order with a table of contents by section; every photo has \
         alternative text and its caption."
    } else {
        "Reflowable text in reading order with a table of contents by section."
    };
    lines.extend(
        [
            r#"<meta property="schema:accessModeSufficient">textual</meta>"#,
            r#"<meta property="schema:accessibilityFeature">readingOrder</meta>"#,
            r#"<meta property="schema:accessibilityFeature">structuralNavigation</meta>"#,
            r#"<meta property="schema:accessibilityFeature">tableOfContents</meta>"#,
            r#"<meta property="schema:accessibilityHazard">none</meta>"#,
        ]
        .map(String::from),
    );
    lines.push(format!(
        r#"<meta property="schema:accessibilitySummary" xml:lang="en" dir="ltr">{summary}</meta>"#
    ));
    lines
}

/// A UUID (version 8, "custom") made of the first 16 bytes of a SHA-256 over everything that
/// goes into the book, so the same input always gets the same identifier and different inputs
/// different ones.
pub(crate) fn content_uuid(hasher: Sha256) -> uuid::Uuid {
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

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
    /// Lines for the OPF's `<metadata>` (from [`metadata_lines`]).
    pub metadata: &'a [String],
    /// Replaces `OEBPS/nav.xhtml`.
    pub nav: &'a [u8],
    /// `lang` and `dir` for the OPF's `<package>` element, so titles read in the right direction.
    pub lang: &'a str,
    pub dir: &'a str,
    /// Seconds since the epoch for every entry's timestamp.
    pub timestamp: i64,
}

/// Rewrites epub-builder's archive: same entries in the same order, `mimetype` first and
/// stored, photos stored (they do not compress), everything else deflated, all with one fixed
/// timestamp; `nav.xhtml` and the OPF patched as described in the module docs.
pub(crate) fn repack(generated: &[u8], patches: &Patches) -> Result<Vec<u8>, EpubError> {
    let mut archive = ZipArchive::new(Cursor::new(generated))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(generated.len())));
    let time = zip_time(patches.timestamp);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_string();
        let mut data = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry.read_to_end(&mut data)?;
        let data = match name.as_str() {
            "OEBPS/nav.xhtml" => patches.nav.to_vec(),
            "OEBPS/content.opf" => patch_opf(data, patches)?,
            _ => data,
        };
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
    Ok(out.finish()?.into_inner())
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
