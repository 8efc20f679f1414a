//! Photos are prepared while the archive is written: the sizes the pages give, the bytes under
//! any number of threads, any `Write + Seek` as output, and errors that name the file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use super::{article, data, edition, edition_with, entries, photo, written};
use crate::epub::photos::PhotoStore;
use crate::epub::{write_epub, EpubError, EpubOptions};
use crate::model::{Block, Edition, Image, ImageFormat, Section};

/// Twelve photos that must all be encoded again (more than one parallel batch): crops of a
/// real photo, some with see-through pixels, one grey, one turned by EXIF, at odd sizes.
fn many_photos(dir: &Path) -> Edition {
    let cat = image::open(data("photos/chelsea.png")).unwrap();
    let mut body = Vec::new();
    for i in 0..12u32 {
        let crop = cat.crop_imm(i * 7, i * 3, 451 - i * 13, 300 - i * 5);
        let path = dir.join(format!("crop-{i}.png"));
        match i % 4 {
            0 => {
                let mut rgba = crop.to_rgba8();
                rgba.pixels_mut().take(500).for_each(|p| p[3] = 0);
                rgba.save(&path).unwrap();
            }
            1 => crop.to_luma8().save(&path).unwrap(),
            _ => crop.to_rgb8().save(&path).unwrap(),
        }
        let orientation = if i == 5 { 6 } else { 1 };
        body.push(Block::Image(photo(
            &path,
            ImageFormat::Png,
            orientation,
            "قطة",
        )));
        body.push(Block::Paragraph(format!("صورة {i}").into()));
    }
    body.push(Block::Image(photo(
        &data("photos/hubble_deep_field.jpg"),
        ImageFormat::Jpeg,
        1,
        "صورة",
    )));
    let mut e = edition_with(vec![Section {
        name: None,
        articles: vec![article("cats", "قطط", "ar", None, body)],
    }]);
    e.epub.max_image_edge = 257;
    e
}

/// `(src, width, height)` of every `<img>` in an XHTML page.
fn img_sizes(xhtml: &str) -> Vec<(String, u32, u32)> {
    let attr = |tag: &str, name: &str| {
        let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[start..start + tag[start..].find('"').unwrap()].to_string()
    };
    xhtml
        .split("<img ")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find("/>").unwrap()];
            let tag = format!(" {tag}");
            (
                attr(&tag, "src"),
                attr(&tag, "width").parse().unwrap(),
                attr(&tag, "height").parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn pages_give_the_written_sizes_and_threads_do_not_change_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let e = many_photos(dir.path());
    let with_threads = |n| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        pool.install(|| written(&e, &EpubOptions::default()).unwrap())
    };
    let one = with_threads(1);
    assert_eq!(one.photos, 13);
    assert!(one.bytes == with_threads(4).bytes, "1 and 4 threads differ");

    let files: BTreeMap<_, _> = entries(&one.bytes).into_iter().collect();
    let mut checked = 0;
    for page in files.keys().filter(|n| n.contains("article-")) {
        for (src, width, height) in img_sizes(std::str::from_utf8(&files[page]).unwrap()) {
            let bytes = &files[&format!("OEBPS/{src}")];
            let img = image::load_from_memory(bytes).unwrap();
            assert_eq!((img.width(), img.height()), (width, height), "{src}");
            let format = image::guess_format(bytes).unwrap();
            assert!(src.ends_with(format.extensions_str()[0]), "{src}");
            checked += 1;
        }
    }
    assert_eq!(checked, 13);
}

#[test]
fn any_seekable_output_gets_the_same_bytes() {
    let e = edition();
    let in_memory = written(&e, &EpubOptions::default()).unwrap().bytes;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.epub");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    write_epub(&e, &EpubOptions::default(), None, &mut file).unwrap();
    file.flush().unwrap();
    drop(file);
    assert!(std::fs::read(&path).unwrap() == in_memory);
}

#[test]
fn a_photo_that_changes_or_goes_before_it_is_written_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rocket.jpg");
    std::fs::copy(data("photos/rocket.jpg"), &path).unwrap();
    let image = photo(&path, ImageFormat::Jpeg, 6, "صاروخ");
    let settings = edition().epub;
    let mut store = PhotoStore::new(&settings);
    let view = store.add(&image).unwrap();
    assert_eq!((view.width, view.height), (427, 640));
    let prepared = image::load_from_memory(&store.prepare(0).unwrap()).unwrap();
    assert_eq!((prepared.width(), prepared.height()), (427, 640));

    std::fs::copy(data("photos/grace_hopper.jpg"), &path).unwrap();
    let err = store.prepare(0).unwrap_err();
    assert!(matches!(err, EpubError::PhotoChanged { .. }), "{err:?}");
    let shown = path.display().to_string();
    assert!(err.to_string().starts_with(&format!("{shown}: ")), "{err}");

    std::fs::remove_file(&path).unwrap();
    let err = store.prepare(0).unwrap_err();
    assert!(matches!(err, EpubError::ReadPhoto { .. }), "{err:?}");
    assert!(err.to_string().starts_with(&format!("{shown}: ")), "{err}");
}

#[test]
fn a_photo_that_only_fails_when_decoded_is_named() {
    // A PNG cut inside its pixel data: the header reads, so planning passes, and decoding it to
    // write it fails.
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read(data("photos/chelsea.png")).unwrap();
    let path = dir.path().join("cut.png");
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let cut = photo(&data("photos/chelsea.png"), ImageFormat::Png, 6, "قطة");
    let cut = Image {
        path: path.clone(),
        ..cut
    };
    let settings = edition().epub;
    let mut store = PhotoStore::new(&settings);
    store.add(&cut).unwrap();
    let shown = path.display().to_string();
    for err in [store.prepare(0).unwrap_err(), {
        let mut e = edition();
        e.sections[1].articles[0].image = Some(cut.clone());
        written(&e, &EpubOptions::default()).unwrap_err()
    }] {
        assert!(matches!(err, EpubError::Photo { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with(&format!("{shown}: cannot convert photo for the EPUB: ")),
            "{err}"
        );
    }

    std::fs::write(&path, b"not a picture").unwrap();
    let mut bad = photo(&data("photos/chelsea.png"), ImageFormat::WebP, 1, "x");
    bad.path = path.clone();
    let mut e = edition();
    e.sections[1].articles[0].image = Some(bad);
    let err = written(&e, &EpubOptions::default()).unwrap_err();
    assert!(matches!(err, EpubError::Photo { .. }), "{err:?}");
}
