//! EXIF orientations 1–8 in every output: eight small JPEGs, each stored turned so that a viewer
//! applying its tag shows the same upright picture (a red top-left quarter on light grey), must
//! come out upright in the PDF (rendered by `pdftoppm`, embedded as they are and resampled), in
//! the preview and in the EPUB (the stored image's own pixels, since readers ignore the tag).

mod common;
mod support;

use std::io::Read;
use std::path::{Path, PathBuf};

use image::metadata::Orientation;
use image::{DynamicImage, Rgb, RgbImage};
use sahifa::frame::{Document, DocumentInfo, Item, Page, PlacedImage, Rect};
use sahifa::pdf::{write_pdf_with, PdfOptions};
use sahifa::raster::{to_rgb, Painter};
use sahifa::text::FontSet;

/// The upright picture's size: large enough that a preview at 72 dpi of its 48×32 pt placement
/// decodes it at half scale in the inverse DCT.
const W: u32 = 96;
const H: u32 = 64;
/// Where each photo is placed: a 4×2 grid of 48×32 pt cells with 12 pt gaps, page 264×100 pt.
const CELL: (f32, f32) = (48.0, 32.0);
const GAP: f32 = 12.0;
const PAGE: (f32, f32) = (4.0 * (48.0 + 12.0) + 12.0, 2.0 * (32.0 + 12.0) + 12.0);

fn upright() -> RgbImage {
    RgbImage::from_fn(W, H, |x, y| {
        if x < W / 2 && y < H / 2 {
            Rgb([220, 30, 30])
        } else {
            Rgb([230, 230, 230])
        }
    })
}

/// A JPEG of the upright picture as a camera would store it for EXIF `orientation`: the pixels
/// turned the other way, and an APP1 segment (`Exif`, a big-endian TIFF header, one IFD entry
/// 0x0112) right after the start-of-image marker.
fn stored_jpeg(orientation: u8) -> Vec<u8> {
    // Orientations 6 and 8 are each other's inverse; every other one is its own.
    let undo = match orientation {
        6 => 8,
        8 => 6,
        o => o,
    };
    let mut stored = DynamicImage::ImageRgb8(upright());
    stored.apply_orientation(Orientation::from_exif(undo).unwrap());
    let mut encoded = Vec::new();
    stored
        .write_to(
            &mut std::io::Cursor::new(&mut encoded),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01".to_vec();
    tiff.extend_from_slice(&[
        0x01,
        0x12,
        0,
        3,
        0,
        0,
        0,
        1,
        0,
        orientation,
        0,
        0,
        0,
        0,
        0,
        0,
    ]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = encoded[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&encoded[2..]);
    out
}

/// The eight JPEGs written into `dir`, as `o1.jpg` … `o8.jpg`.
fn write_photos(dir: &Path) -> Vec<PathBuf> {
    (1..=8u8)
        .map(|o| {
            let path = dir.join(format!("o{o}.jpg"));
            std::fs::write(&path, stored_jpeg(o)).unwrap();
            path
        })
        .collect()
}

fn cell(i: usize) -> Rect {
    Rect {
        x: GAP + (i % 4) as f32 * (CELL.0 + GAP),
        y: GAP + (i / 4) as f32 * (CELL.1 + GAP),
        width: CELL.0,
        height: CELL.1,
    }
}

/// One page with the eight photos in their cells.
fn document(photos: &[PathBuf]) -> Document {
    Document {
        info: DocumentInfo {
            title: "orientations".into(),
            author: "sahifa".into(),
            lang: "en".into(),
            timestamp: 0,
        },
        pages: vec![Page {
            width: PAGE.0,
            height: PAGE.1,
            items: photos
                .iter()
                .enumerate()
                .map(|(i, path)| {
                    Item::Image(PlacedImage {
                        rect: cell(i),
                        path: path.clone(),
                    })
                })
                .collect(),
        }],
        outline: vec![],
    }
}

fn is_red(p: Rgb<u8>) -> bool {
    p.0[0] > 150 && p.0[1] < 100 && p.0[2] < 100
}

/// Which quarters of the `w`×`h` area at (`x`, `y`) of `image` are red, sampled at their
/// centres: top left, top right, bottom left, bottom right.
fn red_quarters(image: &RgbImage, (x, y, w, h): (f32, f32, f32, f32)) -> [bool; 4] {
    [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]
        .map(|(fx, fy)| is_red(*image.get_pixel((x + fx * w) as u32, (y + fy * h) as u32)))
}

/// Every cell of a page image at 1 px per point shows its photo upright.
fn assert_cells_upright(page: &RgbImage, what: &str) {
    for (i, orientation) in (1..=8).enumerate() {
        let r = cell(i);
        assert_eq!(
            red_quarters(page, (r.x, r.y, r.width, r.height)),
            [true, false, false, false],
            "{what}: the photo with EXIF orientation {orientation} is not upright"
        );
    }
}

#[test]
fn every_exif_orientation_comes_out_upright_in_the_pdf() {
    if !support::tools(&["pdftoppm"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = document(&write_photos(dir.path()));
    let faces = FontSet::builtin().faces().to_vec();
    // At 300 dpi the photos (144 dpi in their cells) are embedded as they are, turned by the
    // placement matrix; at 40 dpi they are decoded, turned and resampled.
    for max_image_dpi in [300.0, 40.0] {
        let (bytes, report) = write_pdf_with(&doc, &faces, &PdfOptions { max_image_dpi }).unwrap();
        let expected = if max_image_dpi > 144.0 {
            (8, 0)
        } else {
            (0, 8)
        };
        assert_eq!(
            (report.images.jpeg_passthrough, report.images.downsampled),
            expected,
            "at {max_image_dpi} dpi"
        );
        let pdf = dir.path().join("o.pdf");
        std::fs::write(&pdf, bytes).unwrap();
        let prefix = dir.path().join(format!("page{max_image_dpi}"));
        support::run(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "72",
                "-singlefile",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let page = image::open(prefix.with_extension("png")).unwrap().to_rgb8();
        assert_cells_upright(&page, &format!("PDF at {max_image_dpi} dpi"));
    }
}

#[test]
fn every_exif_orientation_comes_out_upright_in_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let doc = document(&write_photos(dir.path()));
    let fonts = FontSet::builtin();
    // 72 dpi: the 96×64 photos cover 48×32 pixels and are decoded at half scale; 216 dpi: they
    // cover 144×96 and are decoded whole and enlarged.
    for dpi in [72.0, 216.0] {
        let page = to_rgb(&Painter::new(&fonts, dpi).paint(&doc.pages[0]).unwrap());
        let s = dpi / 72.0;
        for (i, orientation) in (1..=8).enumerate() {
            let r = cell(i);
            assert_eq!(
                red_quarters(&page, (r.x * s, r.y * s, r.width * s, r.height * s)),
                [true, false, false, false],
                "preview at {dpi} dpi: the photo with EXIF orientation {orientation} is not upright"
            );
        }
    }
}

#[test]
fn every_exif_orientation_comes_out_upright_in_the_epub() {
    let dir = tempfile::tempdir().unwrap();
    let photos = write_photos(dir.path());
    let names: Vec<String> = (1..=8).map(|o| format!("o{o}.json")).collect();
    for (o, path) in (1..=8).zip(&photos) {
        let article = serde_json::json!({
            "id": format!("orientation-{o}"),
            "title": format!("Orientation {o}"),
            "image": {
                "src": path.file_name().unwrap().to_str().unwrap(),
                "alt": format!("orientation {o}"),
            },
            "body": [{"type": "paragraph", "text": "A photo that must stand upright."}],
        });
        std::fs::write(dir.path().join(&names[o as usize - 1]), article.to_string()).unwrap();
    }
    std::fs::write(
        dir.path().join("edition.toml"),
        "name = \"Orientations\"\ndate = 2026-01-01\nlang = \"en\"\narticles = [\"o*.json\"]\n",
    )
    .unwrap();
    let out = common::sahifa(
        dir.path(),
        &[
            "edition",
            "edition.toml",
            "-o",
            "out",
            "--format",
            "epub",
            "-q",
        ],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let epub = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB was written");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut stored = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        if name.starts_with("OEBPS/images/") {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            stored.push((name, bytes));
        }
    }
    // Cover pictures aside, one image per photo (eight distinct files).
    let photos: Vec<_> = stored
        .iter()
        .filter_map(|(name, bytes)| {
            let pixels = image::load_from_memory(bytes).ok()?.to_rgb8();
            (pixels.dimensions() == (W, H)).then_some((name, pixels))
        })
        .collect();
    assert_eq!(
        photos.len(),
        8,
        "images stored: {:?}",
        stored.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    for (name, pixels) in photos {
        // The stored pixels themselves, no EXIF applied: readers mostly ignore it.
        assert!(!stored_has_exif(&stored, name), "{name} still carries EXIF");
        assert_eq!(
            red_quarters(&pixels, (0.0, 0.0, W as f32, H as f32)),
            [true, false, false, false],
            "EPUB: {name} is not upright"
        );
    }
}

fn stored_has_exif(stored: &[(String, Vec<u8>)], name: &str) -> bool {
    stored
        .iter()
        .any(|(n, b)| n == name && b.windows(6).any(|w| w == b"Exif\0\0"))
}
