//! The PDF writer's images: JPEG kept byte for byte, everything else lossless, EXIF orientation,
//! downsampling, and errors that name the file. Judged with poppler's `pdfimages` and
//! `pdftoppm`, and `qpdf`.

mod support;

use std::path::{Path, PathBuf};

use sahifa::frame::{Document, DocumentInfo, Item, Page, PlacedImage, Rect};
use sahifa::pdf::{write_pdf, write_pdf_with, PdfError, PdfOptions};
use support::*;

const A4: (f32, f32) = (595.28, 841.89);

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
    // A PNG whose header is whole but whose pixels are cut off fails only when decoded, which
    // happens in the background: the error still names the file.
    let cut = dir.path().join("cut.png");
    let png = std::fs::read(photo("coffee.png")).unwrap();
    std::fs::write(&cut, &png[..png.len() / 2]).unwrap();
    match write_pdf(&image_page(cut, rect), &faces()) {
        Err(e @ PdfError::ImageDecode { .. }) => assert!(e.to_string().contains("cut.png"), "{e}"),
        other => panic!("expected ImageDecode, got {other:?}"),
    }
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

#[test]
fn opaque_png_samples_are_copied_without_decoding() {
    if !tools(&["pdfimages", "qpdf"]) {
        return;
    }
    let dir = temp_dir();
    // An RGB photo as it is, and a 16-bit grey one (written here), both opaque.
    let deep = dir.path().join("camera16.png");
    ::image::open(photo("camera.png"))
        .unwrap()
        .to_luma16()
        .save(&deep)
        .unwrap();
    for (path, colour) in [(photo("coffee.png"), "rgb"), (deep, "gray")] {
        let doc = image_page(
            path.clone(),
            Rect {
                x: 50.0,
                y: 50.0,
                width: 450.0,
                height: 300.0,
            },
        );
        let (bytes, report) = write_pdf_with(&doc, &faces(), &PdfOptions::default()).unwrap();
        assert_eq!(
            (report.images.png_passthrough, report.images.lossless),
            (1, 1),
            "{}",
            path.display()
        );
        let out = tempfile::tempdir().unwrap();
        let pdf = out.path().join("copied.pdf");
        std::fs::write(&pdf, bytes).unwrap();
        let check = run("qpdf", &["--check", pdf.to_str().unwrap()]);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
        let list = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
        assert!(list.lines().nth(2).unwrap().contains(colour), "{list}");
        // The PNG's own compressed rows: the same samples as decoding the file.
        let images = extracted_images(&pdf, out.path());
        assert_eq!(images.len(), 1, "no soft mask");
        let original = ::image::open(&path).unwrap();
        assert!(
            images[0].to_rgb16() == original.to_rgb16(),
            "{}: samples changed",
            path.display()
        );
    }
}
