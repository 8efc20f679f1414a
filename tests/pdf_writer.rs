//! The PDF writer on real shaped Arabic, real photos, judged by poppler and qpdf.

mod support;

use std::path::{Path, PathBuf};

use sahifa::layout::frame::{
    Color, Document, DocumentInfo, Item, OutlineEntry, Page, PlacedImage, Point, Rect, Rule,
};
use sahifa::pdf::{write_pdf, write_pdf_with, PdfError, PdfOptions};
use support::*;

const A4: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 42.0;

fn photo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/photos")
        .join(name)
}

/// The seed article's paragraphs (headline, captions and body), as scraped.
fn seed_paragraphs() -> Vec<String> {
    let seed = include_str!("data/dostor-qatar-blinken.txt");
    seed.lines()
        .skip(4)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Test lines that stress extraction: harakat, lam-alef, Allah ligature, digits, Latin.
pub const SPECIMENS: &[&str] = &[
    "بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ",
    "لا إله إلا الله، والسلام عليكم",
    "قال 25 مسؤولاً في NATO عام 2026",
    "وَقَالَ الْوَزِيرُ: «إِنَّ التَّعَاوُنَ مُسْتَمِرٌّ»",
];

/// A two-page edition: page 1 with the specimens, the headline, a photo and a rule; page 2
/// with the body of the seed article and more photos.
pub struct Edition {
    pub doc: Document,
    /// Every line drawn, in order, as the text that should come back.
    pub lines: Vec<String>,
}

pub fn edition() -> Edition {
    let shaper = Shaper::new();
    let right = A4.0 - MARGIN;
    let width = A4.0 - 2.0 * MARGIN;
    let mut lines = Vec::new();
    let mut pages = Vec::new();

    let paragraphs = seed_paragraphs();
    let mut items = Vec::new();
    let mut y = MARGIN + 30.0;
    for l in shaper.break_lines(&paragraphs[0], BOLD, 20.0, width) {
        items.extend(
            shaper
                .line(&l, BOLD, 20.0, right, y)
                .into_iter()
                .map(Item::Glyphs),
        );
        lines.push(l);
        y += 34.0;
    }
    items.push(Item::Rule(Rule {
        from: Point { x: MARGIN, y },
        to: Point { x: right, y },
        width: 1.5,
        color: Color::BLACK,
    }));
    y += 28.0;
    for s in SPECIMENS {
        items.extend(
            shaper
                .line(s, NASKH, 14.0, right, y)
                .into_iter()
                .map(Item::Glyphs),
        );
        lines.push(s.to_string());
        y += 26.0;
    }
    items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: right - 300.0,
            y,
            width: 300.0,
            height: 200.0,
        },
        path: photo("rocket.jpg"),
    }));
    y += 200.0 + 22.0;
    for p in &paragraphs[1..3] {
        for l in shaper.break_lines(p, NASKH, 10.0, width) {
            items.extend(
                shaper
                    .line(&l, NASKH, 10.0, right, y)
                    .into_iter()
                    .map(Item::Glyphs),
            );
            lines.push(l);
            y += 17.0;
        }
    }
    items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: MARGIN,
            y: y + 10.0,
            width: 120.0,
            height: 80.0,
        },
        path: photo("coffee.png"),
    }));
    pages.push(Page {
        width: A4.0,
        height: A4.1,
        items,
    });

    let mut items = Vec::new();
    let mut y = MARGIN + 20.0;
    for p in &paragraphs[3..] {
        for l in shaper.break_lines(p, NASKH, 11.0, width) {
            if y > A4.1 - MARGIN - 130.0 {
                break;
            }
            items.extend(
                shaper
                    .line(&l, NASKH, 11.0, right, y)
                    .into_iter()
                    .map(Item::Glyphs),
            );
            lines.push(l);
            y += 19.0;
        }
        y += 6.0;
    }
    items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: MARGIN,
            y: A4.1 - MARGIN - 110.0,
            width: 95.0,
            height: 110.0,
        },
        path: photo("grace_hopper.jpg"),
    }));
    items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: MARGIN + 110.0,
            y: A4.1 - MARGIN - 110.0,
            width: 110.0,
            height: 110.0,
        },
        path: photo("camera.png"),
    }));
    pages.push(Page {
        width: A4.0,
        height: A4.1,
        items,
    });

    let doc = Document {
        info: DocumentInfo {
            title: "الدستور — الإثنين 28 يونيو 2021".into(),
            author: "الدستور".into(),
            lang: "ar".into(),
            timestamp: 1_624_838_400,
        },
        pages,
        outline: vec![
            OutlineEntry {
                title: "سياسة".into(),
                level: 0,
                page: 0,
                y: MARGIN,
            },
            OutlineEntry {
                title: "وزير الخارجية القطرى يلتقى بلينكن".into(),
                level: 1,
                page: 0,
                y: MARGIN,
            },
            OutlineEntry {
                title: "بسم الله".into(),
                level: 1,
                page: 0,
                y: 120.0,
            },
            OutlineEntry {
                title: "المؤتمر الوزاري".into(),
                level: 0,
                page: 1,
                y: MARGIN,
            },
            OutlineEntry {
                title: "الاجتماع الوزاري لأعضاء التحالف الدولي".into(),
                level: 1,
                page: 1,
                y: 300.0,
            },
        ],
    };
    Edition { doc, lines }
}

fn write_temp(bytes: &[u8], name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_writer");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The edition, written once per test binary, and saved to a file for the tools.
fn written(name: &str) -> (&'static Edition, &'static [u8], PathBuf) {
    static WRITTEN: std::sync::OnceLock<(Edition, Vec<u8>)> = std::sync::OnceLock::new();
    let (ed, bytes) = WRITTEN.get_or_init(|| {
        let ed = edition();
        let start = std::time::Instant::now();
        let bytes = write_pdf(&ed.doc, &faces()).expect("the edition writes");
        eprintln!(
            "edition: {} bytes in {:?} (debug build)",
            bytes.len(),
            start.elapsed()
        );
        (ed, bytes)
    });
    let path = write_temp(bytes, name);
    (ed, bytes, path)
}

fn tools(names: &[&str]) -> bool {
    names.iter().all(|n| have_tool(n))
}

#[test]
fn qpdf_finds_no_errors() {
    if !tools(&["qpdf"]) {
        return;
    }
    let (_, _, path) = written("check.pdf");
    let out = run("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
}

#[test]
fn every_font_is_embedded_and_subset() {
    if !tools(&["pdffonts"]) {
        return;
    }
    let (_, _, path) = written("fonts.pdf");
    let out = run("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        let tag = name.split('+').next().unwrap();
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{row}"
        );
        // name, type (2 words), encoding, emb, sub, uni, object id
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
}

/// Only the Arabic letters and marks of `s`, and its whitespace.
///
/// In a right-to-left line, poppler's `pdftotext` (22.12) moves the space after any run of
/// characters it classes as left-to-right or number (Latin, digits, and the separators «،» «,»
/// «:» «.») to the run's other side, together with neutral punctuation next to it: «القطري، الشيخ»
/// comes back «القطري ،الشيخ» from any PDF (its reordering cannot emit a space right after such a
/// character, see the notes in `src/pdf/text.rs`). Comparing the Arabic alone checks everything
/// the writer controls: letters, harakat, ligatures, their order and the word boundaries.
fn arabic_only(s: &str) -> String {
    s.chars()
        .filter(|&c| c.is_whitespace() || ('\u{0621}'..='\u{0670}').contains(&c))
        .collect()
}

#[test]
fn pdftotext_gives_back_every_word_in_logical_order() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let (ed, _, path) = written("text.pdf");
    let text = pdftotext(&path, &[]);
    let expected = ed.lines.join("\n");

    let (found, total) = intact_ratio(&expected, &text);
    eprintln!(
        "words intact as extracted: {found}/{total} = {:.1}%",
        100.0 * found as f64 / total as f64
    );
    let (found_n, total_n) = intact_ratio(&arabic_only(&expected), &arabic_only(&text));
    eprintln!("Arabic words intact: {found_n}/{total_n}");
    assert_eq!(found_n, total_n, "a word came back broken:\n{text}");

    // Harakat, shadda, the Allah ligature and lam-alef, exactly as written.
    for line in [
        SPECIMENS[0],
        "لا إله إلا الله",
        "وَقَالَ الْوَزِيرُ",
        "إِنَّ التَّعَاوُنَ مُسْتَمِرٌّ",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
    // Latin and digits keep their order inside right-to-left lines.
    for token in ["NATO", "2026", "25", "2014", "40", "83"] {
        assert!(text.contains(token), "{token} missing");
    }
}

#[test]
fn the_seed_article_extracts_with_words_intact() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let (ed, _, path) = written("seed.pdf");
    let text = pdftotext(&path, &[]);
    // Only the seed's own lines (not the specimens).
    let seed: Vec<&String> = ed
        .lines
        .iter()
        .filter(|l| !SPECIMENS.contains(&l.as_str()))
        .collect();
    let expected = seed
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let (found, total) = intact_ratio(&expected, &text);
    let (found_n, total_n) = intact_ratio(&arabic_only(&expected), &arabic_only(&text));
    eprintln!(
        "seed: {found}/{total} words intact ({:.1}%); {found_n}/{total_n} Arabic words intact",
        100.0 * found as f64 / total as f64
    );
    assert_eq!(found_n, total_n);
}

#[test]
fn the_jpeg_is_embedded_byte_for_byte() {
    let (_, bytes, _) = written("jpeg.pdf");
    let jpeg = std::fs::read(photo("rocket.jpg")).unwrap();
    let bytes: &[u8] = bytes;
    assert!(
        bytes.windows(jpeg.len()).any(|w| w == jpeg.as_slice()),
        "rocket.jpg is not in the PDF unchanged"
    );
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let ed = edition();
    let a = write_pdf(&ed.doc, &faces()).unwrap();
    let b = write_pdf(&ed.doc, &faces()).unwrap();
    assert!(a == b, "two writes differ");
    // A different document gets a different id.
    let mut other = ed.doc.clone();
    other.info.title.push('!');
    let c = write_pdf(&other, &faces()).unwrap();
    let id = |pdf: &[u8]| {
        let at = pdf.windows(4).rposition(|w| w == b"/ID[").expect("an /ID");
        pdf[at..at + 80].to_vec()
    };
    assert_ne!(id(&a), id(&c));
}

#[test]
fn metadata_comes_from_the_document_info() {
    if !tools(&["pdfinfo"]) {
        return;
    }
    let (_, bytes, path) = written("info.pdf");
    let info = run("pdfinfo", &["-isodates", path.to_str().unwrap()]);
    assert!(
        info.contains("Title:           الدستور — الإثنين 28 يونيو 2021"),
        "{info}"
    );
    assert!(info.contains("Author:          الدستور"), "{info}");
    assert!(
        info.contains("CreationDate:    2021-06-28T00:00:00Z"),
        "{info}"
    );
    assert!(
        info.contains("ModDate:         2021-06-28T00:00:00Z"),
        "{info}"
    );
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ar");
    let prefs = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(prefs.get(b"Direction").unwrap().as_name().unwrap(), b"R2L");
}

/// Titles of an outline level, following /First and /Next.
fn outline_children(
    doc: &lopdf::Document,
    parent: &lopdf::Dictionary,
) -> Vec<(String, lopdf::Dictionary)> {
    let mut out = Vec::new();
    let mut next = parent
        .get(b"First")
        .and_then(lopdf::Object::as_reference)
        .ok();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap().clone();
        let raw = item.get(b"Title").unwrap().as_str().unwrap();
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        out.push((String::from_utf16(&units).unwrap(), item.clone()));
        next = item.get(b"Next").and_then(lopdf::Object::as_reference).ok();
    }
    out
}

#[test]
fn the_outline_nests_articles_under_sections_and_points_at_them() {
    let (ed, bytes, _) = written("outline.pdf");
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let root_id = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let root = doc.get_dictionary(root_id).unwrap();
    let sections = outline_children(&doc, root);
    let titles: Vec<&str> = sections.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles, ["سياسة", "المؤتمر الوزاري"]);
    let articles: Vec<Vec<String>> = sections
        .iter()
        .map(|(_, d)| {
            outline_children(&doc, d)
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .collect();
    assert_eq!(
        articles[0],
        ["وزير الخارجية القطرى يلتقى بلينكن", "بسم الله"]
    );
    assert_eq!(articles[1], ["الاجتماع الوزاري لأعضاء التحالف الدولي"]);

    // The last article points at page 2, 300 pt from the top.
    let (_, last) = &outline_children(&doc, &sections[1].1)[0];
    let dest = last.get(b"Dest").unwrap().as_array().unwrap();
    let pages = doc.get_pages();
    assert_eq!(dest[0].as_reference().unwrap(), pages[&2]);
    let top = dest[3].as_float().unwrap();
    assert!(
        (top - (ed.doc.pages[1].height - 300.0)).abs() < 0.01,
        "{top}"
    );
}

/// A one-page document with one image.
fn image_page(path: PathBuf, rect: Rect) -> Document {
    Document {
        info: DocumentInfo {
            title: "image".into(),
            author: "sahifa".into(),
            lang: "en".into(),
            timestamp: 0,
        },
        pages: vec![Page {
            width: A4.0,
            height: A4.1,
            items: vec![Item::Image(PlacedImage { rect, path })],
        }],
        outline: vec![],
    }
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Extracts the images of a PDF with `pdfimages -png`, in order.
fn extracted_images(pdf: &Path, dir: &Path) -> Vec<::image::DynamicImage> {
    let prefix = dir.join("img");
    run(
        "pdfimages",
        &["-png", pdf.to_str().unwrap(), prefix.to_str().unwrap()],
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("img"))
        .collect();
    files.sort();
    files.iter().map(|p| ::image::open(p).unwrap()).collect()
}

#[test]
fn png_is_stored_losslessly_with_alpha_as_a_soft_mask() {
    if !tools(&["pdfimages"]) {
        return;
    }
    let dir = temp_dir();
    // A real photo with a transparency gradient added.
    let mut rgba = ::image::open(photo("coffee.png")).unwrap().to_rgba8();
    let width = rgba.width();
    for (x, _, px) in rgba.enumerate_pixels_mut() {
        px[3] = (x * 255 / width) as u8;
    }
    let png = dir.path().join("coffee-alpha.png");
    rgba.save(&png).unwrap();

    let doc = image_page(
        png,
        Rect {
            x: 50.0,
            y: 50.0,
            width: 450.0,
            height: 300.0,
        },
    );
    let (bytes, report) = write_pdf_with(&doc, &faces(), &PdfOptions::default()).unwrap();
    assert_eq!((report.images.lossless, report.images.downsampled), (1, 0));
    let pdf = dir.path().join("alpha.pdf");
    std::fs::write(&pdf, bytes).unwrap();

    let list = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(list.lines().any(|l| l.contains(" smask ")), "{list}");
    let images = extracted_images(&pdf, dir.path());
    assert_eq!(images.len(), 2, "image and soft mask");
    let colour = images[0].to_rgb8();
    let alpha = images[1].to_luma8();
    let original = ::image::open(photo("coffee.png")).unwrap().to_rgb8();
    assert!(colour == original, "colour samples changed");
    assert!(
        alpha.pixels().zip(rgba.pixels()).all(|(a, p)| a[0] == p[3]),
        "alpha changed"
    );
}

#[test]
fn photos_above_300_dpi_are_downsampled() {
    if !tools(&["pdfimages"]) {
        return;
    }
    // 1000×872 px shown 1 inch wide: 1000 dpi.
    let doc = image_page(
        photo("hubble_deep_field.jpg"),
        Rect {
            x: 72.0,
            y: 72.0,
            width: 72.0,
            height: 72.0 * 872.0 / 1000.0,
        },
    );
    let (bytes, report) = write_pdf_with(&doc, &faces(), &PdfOptions::default()).unwrap();
    assert_eq!(
        (report.images.downsampled, report.images.jpeg_passthrough),
        (1, 0)
    );
    let pdf = write_temp(&bytes, "downsampled.pdf");
    let list = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let row: Vec<&str> = list.lines().nth(2).unwrap().split_whitespace().collect();
    assert_eq!((row[3], row[4], row[8]), ("300", "262", "jpeg"), "{list}");

    // Shown 5 inches wide it is 200 dpi: kept as it is.
    let doc = image_page(
        photo("hubble_deep_field.jpg"),
        Rect {
            x: 72.0,
            y: 72.0,
            width: 360.0,
            height: 313.9,
        },
    );
    let (_, report) = write_pdf_with(&doc, &faces(), &PdfOptions::default()).unwrap();
    assert_eq!(
        (report.images.downsampled, report.images.jpeg_passthrough),
        (0, 1)
    );
}

/// Mean absolute difference of two greyscale images of the same size, 0–255.
fn difference(a: &::image::GrayImage, b: &::image::GrayImage) -> f64 {
    let sum: u64 = a
        .pixels()
        .zip(b.pixels())
        .map(|(p, q)| u64::from(p[0].abs_diff(q[0])))
        .sum();
    sum as f64 / f64::from(a.width() * a.height())
}

#[test]
fn exif_orientation_is_honoured_without_touching_the_jpeg() {
    if !tools(&["pdftoppm"]) {
        return;
    }
    let dir = temp_dir();
    // rocket.jpg with an EXIF block saying "rotate 90° clockwise to view" (orientation 6).
    let rocket = std::fs::read(photo("rocket.jpg")).unwrap();
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01".to_vec();
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut rotated = rocket[..2].to_vec();
    rotated.extend_from_slice(&[0xFF, 0xE1]);
    rotated.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    rotated.extend_from_slice(&app1);
    rotated.extend_from_slice(&rocket[2..]);
    let path = dir.path().join("rotated.jpg");
    std::fs::write(&path, &rotated).unwrap();

    // Shown as it should be seen: 427×640, at 72 dpi one pixel per point.
    let rect = Rect {
        x: 0.0,
        y: 0.0,
        width: 427.0,
        height: 640.0,
    };
    let doc = Document {
        pages: vec![Page {
            width: 427.0,
            height: 640.0,
            items: vec![Item::Image(PlacedImage { rect, path })],
        }],
        ..image_page(PathBuf::new(), rect)
    };
    let bytes = write_pdf(&doc, &faces()).unwrap();
    assert!(
        bytes
            .windows(rotated.len())
            .any(|w| w == rotated.as_slice()),
        "the JPEG was re-encoded"
    );
    let pdf = dir.path().join("rotated.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let prefix = dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "72",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let rendered = ::image::open(dir.path().join("page-1.png"))
        .unwrap()
        .to_luma8();
    assert_eq!(rendered.dimensions(), (427, 640));

    let upright = ::image::load_from_memory(&rocket)
        .unwrap()
        .rotate90()
        .to_luma8();
    let wrong = ::image::imageops::resize(
        &::image::load_from_memory(&rocket).unwrap().to_luma8(),
        427,
        640,
        ::image::imageops::FilterType::Triangle,
    );
    let (good, bad) = (
        difference(&rendered, &upright),
        difference(&rendered, &wrong),
    );
    eprintln!("rendered vs rotated photo: {good:.1}, vs unrotated: {bad:.1}");
    assert!(good < 8.0 && bad > 3.0 * good, "good {good}, bad {bad}");
}

#[test]
fn unreadable_images_are_errors_naming_the_file() {
    let dir = temp_dir();
    let missing = dir.path().join("missing.jpg");
    let rect = Rect {
        x: 10.0,
        y: 10.0,
        width: 100.0,
        height: 100.0,
    };
    match write_pdf(&image_page(missing.clone(), rect), &faces()) {
        Err(e @ PdfError::ImageRead { .. }) => {
            assert!(e.to_string().contains("missing.jpg"), "{e}")
        }
        other => panic!("expected ImageRead, got {other:?}"),
    }
    let garbage = dir.path().join("garbage.jpg");
    let mut bytes = std::fs::read(photo("rocket.jpg")).unwrap();
    bytes.truncate(300);
    bytes[0] = 0; // not even a JPEG signature left
    std::fs::write(&garbage, bytes).unwrap();
    match write_pdf(&image_page(garbage, rect), &faces()) {
        Err(e @ PdfError::ImageDecode { .. }) => {
            assert!(e.to_string().contains("garbage.jpg"), "{e}")
        }
        other => panic!("expected ImageDecode, got {other:?}"),
    }
}

#[test]
fn broken_frames_are_refused_not_panicked_on() {
    let shaper = Shaper::new();
    let ok = || -> Document {
        let items = shaper
            .line("لا إله إلا الله", NASKH, 12.0, 500.0, 100.0)
            .into_iter()
            .map(Item::Glyphs)
            .collect();
        Document {
            info: DocumentInfo::default(),
            pages: vec![Page {
                width: A4.0,
                height: A4.1,
                items,
            }],
            outline: vec![],
        }
    };
    assert!(write_pdf(&ok(), &faces()).is_ok());

    let empty = Document::default();
    assert!(matches!(
        write_pdf(&empty, &faces()),
        Err(PdfError::NoPages)
    ));

    let mut doc = ok();
    doc.pages[0].width = 0.0;
    assert!(matches!(
        write_pdf(&doc, &faces()),
        Err(PdfError::InvalidPageSize { .. })
    ));

    let mut doc = ok();
    if let Item::Glyphs(run) = &mut doc.pages[0].items[0] {
        run.glyphs[0].x = f32::NAN;
    }
    assert!(matches!(
        write_pdf(&doc, &faces()),
        Err(PdfError::NonFinite { .. })
    ));

    let mut doc = ok();
    if let Item::Glyphs(run) = &mut doc.pages[0].items[0] {
        run.font = sahifa::text::FontId(9);
    }
    assert!(matches!(
        write_pdf(&doc, &faces()),
        Err(PdfError::UnknownFont { font: 9, .. })
    ));

    let mut doc = ok();
    if let Item::Glyphs(run) = &mut doc.pages[0].items[0] {
        run.glyphs[0].id = u16::MAX;
    }
    assert!(matches!(
        write_pdf(&doc, &faces()),
        Err(PdfError::UnknownGlyph { .. })
    ));

    let mut doc = ok();
    doc.outline.push(OutlineEntry {
        title: "x".into(),
        level: 0,
        page: 3,
        y: 0.0,
    });
    assert!(matches!(
        write_pdf(&doc, &faces()),
        Err(PdfError::OutlinePage { page: 3, .. })
    ));

    let mut doc = ok();
    doc.info.timestamp = i64::MAX;
    assert!(matches!(
        write_pdf(&doc, &faces()),
        Err(PdfError::InvalidTimestamp(_))
    ));

    // Odd but drawable: negative sizes, empty runs, glyphs far off the page, odd outline levels.
    let mut doc = ok();
    doc.pages[0].items.push(Item::Image(PlacedImage {
        rect: Rect {
            x: 0.0,
            y: 0.0,
            width: -5.0,
            height: 10.0,
        },
        path: photo("rocket.jpg"),
    }));
    if let Item::Glyphs(run) = &mut doc.pages[0].items[0] {
        run.origin.x = -1.0e6;
        run.color.r = 7.0;
    }
    doc.outline = vec![
        OutlineEntry {
            title: String::new(),
            level: 3,
            page: 0,
            y: f32::INFINITY,
        },
        OutlineEntry {
            title: "a".into(),
            level: 0,
            page: 0,
            y: -50.0,
        },
    ];
    assert!(write_pdf(&doc, &faces()).is_ok());
}

#[test]
fn sixteen_bit_images_keep_their_depth() {
    if !tools(&["pdfimages", "qpdf"]) {
        return;
    }
    let dir = temp_dir();
    let grey = ::image::open(photo("camera.png")).unwrap().to_luma16();
    let mut la =
        ::image::ImageBuffer::<::image::LumaA<u16>, Vec<u16>>::new(grey.width(), grey.height());
    for (x, y, px) in la.enumerate_pixels_mut() {
        *px = ::image::LumaA([
            grey.get_pixel(x, y)[0],
            if x < 256 { u16::MAX } else { 30_000 },
        ]);
    }
    let png = dir.path().join("camera16.png");
    la.save(&png).unwrap();
    let doc = image_page(
        png,
        Rect {
            x: 20.0,
            y: 20.0,
            width: 400.0,
            height: 400.0,
        },
    );
    let pdf = dir.path().join("deep.pdf");
    std::fs::write(&pdf, write_pdf(&doc, &faces()).unwrap()).unwrap();
    let list = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 2, "{list}");
    assert_eq!(
        (rows[0][2], rows[0][5], rows[0][7]),
        ("image", "gray", "16"),
        "{list}"
    );
    assert_eq!((rows[1][2], rows[1][7]), ("smask", "16"), "{list}");
    let check = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors found"),
        "{check}"
    );
}
