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
//!   bytes; [`repack`] rewrites the archive with fixed timestamps;
//! - its NCX has no `dtb:uid`, gives the table of contents' label as the book's title and always
//!   says depth 1: [`repack`] rewrites its head.
//!
//! The fonts' license (`fonts/OFL.txt`, which the OFL asks to ship with the fonts) is not a
//! manifest item, which no content would reference (EPUBCheck OPF-097): the OPF links it to each
//! font as its `dcterms:license`, and [`repack`] adds the file.
//!
//! epub-builder assembles its archive in memory, so it is given the pages, fonts and stylesheet
//! but only empty placeholders for the photos: [`repack`] prepares and writes those one by one.

use std::io::{Seek, Write};

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use sha2::{Digest, Sha256};

use super::pages::{Rendered, TocPlace, ARTICLE_ANCHOR, COVER_PAGE, GENERATED_COVER};
use super::photos::PhotoStore;
use super::repack::{repack, Patches};
use super::{xml_escape, Book, EpubError};
use crate::locale;
use crate::model::Edition;

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

/// Hands everything to epub-builder, then re-packs its archive into `out` ([`super::repack`]).
pub(crate) fn assemble<W: Write + Seek>(
    edition: &Edition,
    book: &Book,
    rendered: &Rendered,
    photos: &PhotoStore,
    out: W,
) -> Result<(), EpubError> {
    let Rendered {
        pages,
        nav,
        css,
        cover,
        generated_cover,
        cover_page,
        fonts,
        ..
    } = rendered;
    let contents = locale::contents_label(&book.lang.lang);
    // The identifier: a hash of everything the reader gets, in a fixed order.
    let timestamp = edition.timestamp();
    let mut hasher = Sha256::new();
    for part in [
        book.title,
        &book.lang.lang,
        &edition.name,
        &timestamp.to_string(),
        css,
        nav,
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    for page in pages {
        hasher.update(page.file.as_bytes());
        hasher.update(Sha256::digest(&page.bytes));
    }
    // A photo's key stands for its bytes (the source's hash and the settings that shape them),
    // which are not made until the archive is written.
    for r in &photos.resources {
        hasher.update(r.name.as_bytes());
        hasher.update(r.key);
    }
    if let Some(bytes) = generated_cover {
        hasher.update(GENERATED_COVER.as_bytes());
        hasher.update(Sha256::digest(bytes));
    }

    let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
    builder.epub_version(EpubVersion::V33);
    builder.set_title(book.title);
    builder.add_language(book.lang.lang.as_str());
    // `epub_direction` is ignored by 0.8.3's template; this sets page-progression-direction.
    builder.metadata("direction", book.lang.dir)?;
    builder.set_toc_name(contents);
    let uuid = content_uuid(hasher);
    builder.set_uuid(uuid);
    builder.set_modified_date(chrono::DateTime::from_timestamp(timestamp, 0).unwrap_or_default());
    if let Some(date) = edition.date.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        builder.set_publication_date(date.and_utc());
    }
    if let Some(description) = book.description {
        builder.add_description(description);
    }
    builder.stylesheet(css.as_bytes())?;
    for font in fonts {
        builder.add_resource(&font.href, font.bytes.as_ref(), "font/ttf")?;
    }
    // The generated cover is made in memory: it goes in as it is.
    if let Some(bytes) = generated_cover {
        builder.add_cover_image(GENERATED_COVER, bytes.as_slice(), "image/jpeg")?;
    }
    // Photos go in as empty placeholders: epub-builder would deflate them (slowly, for
    // nothing: JPEG and PNG don't compress), and the re-packing puts the real bytes in, stored.
    for r in &photos.resources {
        if cover.as_deref() == Some(r.name.as_str()) {
            builder.add_cover_image(&r.name, &[][..], r.mime)?;
        } else {
            builder.add_resource(&r.name, &[][..], r.mime)?;
        }
    }
    if let Some(bytes) = cover_page {
        add_cover_page(&mut builder, bytes)?;
    }
    for page in pages {
        let content = EpubContent::new(page.file.as_str(), page.bytes.as_slice());
        let content = match &page.toc {
            TocPlace::Top {
                title,
                child,
                reftype,
            } => {
                let mut c = content.title(title.as_str()).level(1);
                if let Some(child) = child {
                    // The NCX refuses two entries with the same target (RSC-005 "different
                    // playOrder values"), so the article under its section points at its
                    // `<article id="article">`.
                    let target = format!("{}#{ARTICLE_ANCHOR}", page.file);
                    c = c.child(TocElement::new(target, child.as_str()));
                }
                match reftype {
                    Some(r) => c.reftype(*r),
                    None => c,
                }
            }
            TocPlace::Under { title } => content.title(title.as_str()).level(2),
        };
        builder.add_content(content)?;
    }
    let mut generated = Vec::new();
    builder.generate(&mut generated)?;
    let metadata = metadata_lines(&edition.name, !photos.resources.is_empty());
    let photo_entries = photos
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("OEBPS/{}", r.name), i))
        .collect();
    let patches = Patches {
        store: photos,
        photos: photo_entries,
        metadata: &metadata,
        nav: nav.as_bytes(),
        lang: &book.lang.lang,
        dir: book.lang.dir,
        title: book.title,
        identifier: &format!("urn:uuid:{uuid}"),
        license: (!fonts.is_empty()).then_some(("OEBPS/fonts/OFL.txt", OFL)),
        timestamp,
    };
    repack(&generated, &patches, out)
}

/// The cover page, first in the spine, out of the table of contents (it has no title there).
/// Its bytes follow from the cover's name and the book's title, both already in the identifier.
fn add_cover_page(builder: &mut EpubBuilder<ZipLibrary>, bytes: &[u8]) -> Result<(), EpubError> {
    builder.add_content(EpubContent::new(COVER_PAGE, bytes).reftype(ReferenceType::Cover))?;
    Ok(())
}

/// The font license, shipped next to the embedded fonts as the OFL requires.
static OFL: &[u8] = include_bytes!("../../fonts/OFL.txt");
