//! The PDF writer on real shaped Arabic, real photos, judged by poppler and qpdf.

mod support;

use std::collections::HashMap;
use std::path::PathBuf;

use sahifa::frame::{
    Document, DocumentInfo, GlyphRun, Item, OutlineEntry, Page, PlacedImage, Rect,
};
use sahifa::pdf::{write_pdf, write_pdf_with, PdfError, PdfOptions};
use sahifa::text::FontRole;
use support::edition::*;
use support::*;

/// The edition, written once per test binary, and saved to a file for the tools.
fn written(name: &str) -> (&'static Edition, &'static [u8], PathBuf) {
    static WRITTEN: std::sync::OnceLock<(Edition, Vec<u8>)> = std::sync::OnceLock::new();
    let (ed, bytes) = WRITTEN.get_or_init(|| {
        let ed = edition();
        let start = std::time::Instant::now();
        let (bytes, report) =
            write_pdf_with(&ed.doc, &faces(), &PdfOptions::default()).expect("the edition writes");
        eprintln!(
            "edition: {} bytes in {:?} ({} build), {report:?}",
            bytes.len(),
            start.elapsed(),
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
        );
        (ed, bytes)
    });
    let path = write_temp(bytes, name);
    (ed, bytes, path)
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
        let at = pdf.windows(3).rposition(|w| w == b"/ID").expect("an /ID");
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
    // No `/Direction /R2L`: PDFium reads it as the direction of every line.
    assert!(prefs.get(b"Direction").is_err(), "{prefs:?}");
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

/// The first glyph run of the document's first page.
fn first_run(doc: &mut Document) -> &mut GlyphRun {
    match &mut doc.pages[0].items[0] {
        Item::Line(line) => &mut line.runs[0],
        other => panic!("not a line: {other:?}"),
    }
}

#[test]
fn broken_frames_are_refused_not_panicked_on() {
    let shaper = Shaper::new();
    let ok = || -> Document {
        let items = vec![shaper.line("لا إله إلا الله", FontRole::Body, 12.0, 500.0, 100.0)];
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
    first_run(&mut doc).glyphs[0].x = f32::NAN;
    assert!(matches!(
        write_pdf(&doc, &faces()),
        Err(PdfError::NonFinite { .. })
    ));

    let mut doc = ok();
    first_run(&mut doc).font = sahifa::text::FontId(9);
    assert!(matches!(
        write_pdf(&doc, &faces()),
        Err(PdfError::UnknownFont { font: 9, .. })
    ));

    let mut doc = ok();
    first_run(&mut doc).glyphs[0].id = u16::MAX;
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
    let run = first_run(&mut doc);
    run.origin.x = -1.0e6;
    run.color.r = 7.0;
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

/// The (code, text) pairs of the ToUnicode stream `id`.
fn cmap_pairs(doc: &lopdf::Document, id: lopdf::ObjectId) -> Vec<(u16, String)> {
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    let cmap = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
    cmap.lines()
        .filter_map(|l| {
            let (code, text) = l.strip_prefix('<')?.split_once("> <")?;
            let units: Vec<u16> = text
                .trim_end_matches('>')
                .as_bytes()
                .chunks(4)
                .map(|c| u16::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap())
                .collect();
            Some((
                u16::from_str_radix(code, 16).ok()?,
                String::from_utf16(&units).ok()?,
            ))
        })
        .collect()
}

/// The decompressed ToUnicode maps of a PDF, as (code, text) pairs per font resource.
fn to_unicode_maps(bytes: &[u8]) -> Vec<Vec<(u16, String)>> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|font| {
            font.get(b"ToUnicode")
                .and_then(lopdf::Object::as_reference)
                .ok()
        })
        .map(|id| cmap_pairs(&doc, id))
        .collect()
}

/// Every code drawn with each font resource of `bytes`, page by page: (font name, code).
fn drawn_codes(doc: &lopdf::Document) -> Vec<(Vec<u8>, lopdf::ObjectId, u16)> {
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).unwrap();
        let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        let mut current: Option<(Vec<u8>, lopdf::ObjectId)> = None;
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands[0].as_name().unwrap().to_vec();
                    let font = fonts[&name];
                    let id = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
                    current = Some((name, id));
                }
                "TJ" | "Tj" => {
                    let (name, id) = current.clone().expect("a font before text");
                    let strings: Vec<&lopdf::Object> = match &op.operands[0] {
                        lopdf::Object::Array(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    for item in strings {
                        if let lopdf::Object::String(codes, _) = item {
                            for pair in codes.chunks(2) {
                                out.push((
                                    name.clone(),
                                    id,
                                    u16::from_be_bytes([pair[0], pair[1]]),
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn every_drawn_code_has_its_text_and_arabic_codes_one_letter() {
    // Codes without a ToUnicode entry come back as control characters and stray ASCII in
    // PDFium, pdf.js and MuPDF; a code for several Arabic letters comes back reversed in some.
    let (_, bytes, _) = written("codes.pdf");
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let drawn = drawn_codes(&doc);
    assert!(drawn.len() > 1000, "{} codes drawn", drawn.len());
    let mut maps = HashMap::new();
    for (name, id, code) in &drawn {
        let map = maps
            .entry(*id)
            .or_insert_with(|| cmap_pairs(&doc, *id).into_iter().collect::<HashMap<_, _>>());
        let text = map.get(code).unwrap_or_else(|| {
            panic!(
                "code {code:04X} of {} has no text",
                String::from_utf8_lossy(name)
            )
        });
        assert!(!text.is_empty());
        // Besides the invisible bidi marks that steer the extractors (see
        // `src/pdf/reading_order.rs`), one Arabic letter at most.
        let letters: Vec<char> = text.chars().filter(|c| !is_bidi_control(*c)).collect();
        if letters
            .iter()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        {
            assert_eq!(letters.len(), 1, "code {code:04X} stands for «{text}»");
        }
    }
}

#[test]
fn one_glyph_with_two_meanings_gets_a_code_per_meaning() {
    // The space glyph draws both a justified space and, hidden, the ZWNJ of «می‌شود»: each use
    // has its own code, and each code one text.
    let shaper = Shaper::new();
    let items = vec![shaper.line("این می\u{200C}شود و آن", FontRole::Body, 14.0, 500.0, 100.0)];
    let doc = Document {
        info: DocumentInfo::default(),
        pages: vec![Page {
            width: A4.0,
            height: A4.1,
            items,
        }],
        outline: vec![],
    };
    let (bytes, report) = write_pdf_with(&doc, &faces(), &PdfOptions::default()).unwrap();
    assert_eq!(report.fonts.resources, 1, "{report:?}");
    let maps = to_unicode_maps(&bytes);
    let texts: Vec<String> = maps
        .iter()
        .flatten()
        .map(|(_, t)| strip_bidi_controls(t))
        .collect();
    assert!(
        texts.iter().any(|t| t == " ") && texts.iter().any(|t| t == "\u{200C}"),
        "{texts:?}"
    );
    let mut codes: Vec<u16> = maps.iter().flatten().map(|(c, _)| *c).collect();
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), n, "a code with two texts: {maps:?}");
}

#[test]
fn hostile_text_is_drawn_and_read_back() {
    // Bidi controls, a lone mark opening a line, a mark on a space, a ZWNJ at a line's end,
    // ten thousand marks on one letter: the writer draws them all and the words around them
    // still come back.
    let shaper = Shaper::new();
    let lines = [
        "نص \u{202E}معكوس\u{202C} و\u{2067}مضمن\u{2069} هنا",
        "\u{0650}\u{0651} حركة وحيدة",
        "حركة على مسافة \u{064E} وبعدها",
        "می\u{200C}شود\u{200C}",
        &format!("ب{} نهاية", "\u{064E}".repeat(10_000)),
    ];
    let items = lines
        .iter()
        .enumerate()
        .map(|(i, l)| shaper.line(l, FontRole::Body, 12.0, 500.0, 100.0 + 30.0 * i as f32))
        .collect();
    let doc = Document {
        info: DocumentInfo::default(),
        pages: vec![Page {
            width: A4.0,
            height: A4.1,
            items,
        }],
        outline: vec![],
    };
    let bytes = write_pdf(&doc, &faces()).expect("hostile text writes");
    if !tools(&["pdftotext"]) {
        return;
    }
    let text = pdftotext(&write_temp(&bytes, "hostile-text.pdf"), &[]);
    for word in ["معكوس", "مضمن", "وحيدة", "مسافة", "وبعدها", "نهاية"]
    {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
}

/// Pages may come out of order (the newspaper's front page with its "in this issue" box comes
/// last): the page tree lists them by index; an index never given is an error, not a file
/// with a hole.
#[test]
fn pages_given_out_of_order_stand_in_index_order() {
    let page = |width: f32| Page {
        width,
        height: A4.1,
        items: Vec::new(),
    };
    let faces = faces();
    let mut writer =
        sahifa::pdf::PdfWriter::new(Vec::new(), &faces, &PdfOptions::default()).unwrap();
    writer.page(1, page(200.0)).unwrap();
    writer.page(2, page(300.0)).unwrap();
    writer.page(0, page(100.0)).unwrap();
    let (bytes, report) = writer.finish(&DocumentInfo::default(), &[]).unwrap();
    assert_eq!(report.pages, 3);
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok()
    {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("order.pdf");
        std::fs::write(&path, &bytes).unwrap();
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                "import sys, pypdf\nprint(' '.join(str(round(float(p.mediabox.width))) for p in pypdf.PdfReader(sys.argv[1]).pages))",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "100 200 300");
    }

    let mut writer =
        sahifa::pdf::PdfWriter::new(Vec::new(), &faces, &PdfOptions::default()).unwrap();
    writer.page(1, page(200.0)).unwrap();
    assert!(matches!(
        writer.finish(&DocumentInfo::default(), &[]),
        Err(PdfError::Serialize(_))
    ));
}
