//! Page previews (`sahifa preview`, the raster backend): the command, and the pixels held against
//! `pdftoppm`'s rendering of the PDF made from the same layout, so the two backends cannot drift.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{files_in, root, sahifa, stderr, tool_available};
use image::GrayImage;

/// A pixel "differs" when its grey level (0–255) is further than this from every pixel of the
/// other image within one pixel of it. Anti-aliasing noise between tiny-skia and poppler's Splash
/// (a glyph edge that poppler snaps to a whole pixel, a photo resampled with another filter)
/// stays within that, while a glyph, a line or a photo missing, misplaced or drawn upside down
/// leaves whole pixels unmatched.
pub const LEVELS: u8 = 64;
/// Side of the square tiles in which differing pixels are also counted: a defect is local, noise
/// is spread over the page.
const TILE: u32 = 24;

/// Largest share of a page's pixels, and of any tile's, that may differ from `pdftoppm`'s
/// rendering. Measured on the example at 50 dpi: at most 0.13% of a page and 7.3% of a tile
/// (the masthead's stems, which poppler puts on whole pixels); a photo drawn upside down makes
/// 9.8% of page 1 and 100% of its tiles differ.
const PAGE_SHARE_VS_PDF: f64 = 0.005;
const TILE_SHARE_VS_PDF: f64 = 0.20;

fn example() -> PathBuf {
    root().join("examples/dostor/edition.toml")
}

fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/test-preview").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// How two grey images differ (over their common area): the share of pixels of either that no
/// pixel of the other within `reach` pixels matches within `levels`, the largest such share in a
/// [`TILE`]-pixel tile, and an image of them (unmatched pixels black, the rest a faint copy of
/// `a`).
pub fn compare(a: &GrayImage, b: &GrayImage, levels: u8, reach: i64) -> (f64, f64, GrayImage) {
    let (w, h) = (a.width().min(b.width()), a.height().min(b.height()));
    let unmatched = |p: &GrayImage, q: &GrayImage, x: u32, y: u32| {
        let v = p.get_pixel(x, y).0[0];
        let near =
            |n: u32, d: i64, len: u32| (i64::from(n) + d).clamp(0, i64::from(len) - 1) as u32;
        !(-reach..=reach).any(|dy| {
            (-reach..=reach).any(|dx| {
                let q = q.get_pixel(near(x, dx, w), near(y, dy, h)).0[0];
                v.abs_diff(q) <= levels
            })
        })
    };
    let mut diff = GrayImage::new(w, h);
    let tiles_x = w.div_ceil(TILE);
    let mut tiles = vec![0u32; (tiles_x * h.div_ceil(TILE)) as usize];
    let mut differing = 0u64;
    for y in 0..h {
        for x in 0..w {
            let off = unmatched(a, b, x, y) || unmatched(b, a, x, y);
            if off {
                differing += 1;
                tiles[((y / TILE) * tiles_x + x / TILE) as usize] += 1;
            }
            let p = a.get_pixel(x, y).0[0];
            diff.put_pixel(x, y, image::Luma([if off { 0 } else { 200 + p / 5 }]));
        }
    }
    let worst = tiles.iter().copied().max().unwrap_or(0);
    (
        differing as f64 / (f64::from(w) * f64::from(h)),
        f64::from(worst) / f64::from(TILE * TILE),
        diff,
    )
}

fn grey(path: &Path) -> GrayImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_luma8()
}

#[test]
fn preview_matches_pdftoppm() {
    if !tool_available("pdftoppm", &["-v"]) {
        return;
    }
    let dir = scratch("vs-pdf");
    let pdf = dir.join("dostor.pdf");
    let example = example();
    let out = sahifa(
        &dir,
        &["pdf", example.to_str().unwrap(), "-o", "dostor.pdf"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sahifa(
        &dir,
        &[
            "preview",
            example.to_str().unwrap(),
            "-o",
            "raster",
            "--dpi",
            "50",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let ok = Command::new("pdftoppm")
        .args(["-r", "50", "-png"])
        .arg(&pdf)
        .arg(dir.join("poppler"))
        .status()
        .unwrap();
    assert!(ok.success());
    let raster = files_in(&dir.join("raster"));
    let mut poppler: Vec<String> = files_in(&dir)
        .into_iter()
        .filter(|f| f.starts_with("poppler"))
        .collect();
    poppler.sort_by_key(|f| page_number(f));
    assert_eq!(raster.len(), poppler.len(), "{raster:?} vs {poppler:?}");
    assert!(raster.len() >= 2, "the example has several pages");
    let mut report = Vec::new();
    for (ours, theirs) in raster.iter().zip(&poppler) {
        let a = grey(&dir.join("raster").join(ours));
        let b = grey(&dir.join(theirs));
        assert!(
            a.width().abs_diff(b.width()) <= 1 && a.height().abs_diff(b.height()) <= 1,
            "{ours} is {}×{}, poppler's {}×{}",
            a.width(),
            a.height(),
            b.width(),
            b.height()
        );
        let (page, tile, diff) = compare(&a, &b, LEVELS, 1);
        eprintln!(
            "{ours}: {:.3}% of the page and at most {:.1}% of a tile differ from pdftoppm's",
            page * 100.0,
            tile * 100.0
        );
        if page >= PAGE_SHARE_VS_PDF || tile >= TILE_SHARE_VS_PDF {
            let name = dir.join(format!("diff-{ours}"));
            diff.save(&name).unwrap();
            report.push(format!(
                "{ours}: {:.3}% of the page, {:.1}% of a tile (diff: {})",
                page * 100.0,
                tile * 100.0,
                name.display()
            ));
        }
    }
    assert!(
        report.is_empty(),
        "pages differ from pdftoppm's rendering of the PDF by more than {:.1}% (or {:.0}% of a \
         tile): {report:?}",
        PAGE_SHARE_VS_PDF * 100.0,
        TILE_SHARE_VS_PDF * 100.0
    );
}

/// `poppler-3.png` → 3.
fn page_number(name: &str) -> usize {
    name.trim_end_matches(".png")
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn preview_writes_the_pages_asked_for_the_same_bytes_each_time() {
    let dir = scratch("pages");
    let example = example();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "preview",
            example.to_str().unwrap(),
            "-o",
            out,
            "--dpi",
            "20",
        ];
        args.extend_from_slice(extra);
        let o = sahifa(&dir, &args);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    run("a", &["--pages", "1-2"]);
    run("b", &["--pages", "1-2"]);
    assert_eq!(files_in(&dir.join("a")), ["page-001.png", "page-002.png"]);
    for f in files_in(&dir.join("a")) {
        assert_eq!(
            std::fs::read(dir.join("a").join(&f)).unwrap(),
            std::fs::read(dir.join("b").join(&f)).unwrap(),
            "{f} differs between two runs"
        );
    }
    run("c", &["--pages", "2-", "--format", "jpeg"]);
    let c = files_in(&dir.join("c"));
    assert_eq!(c.first().map(String::as_str), Some("page-002.jpg"), "{c:?}");
    let page = image::open(dir.join("c/page-002.jpg")).unwrap();
    // A4 at 20 dpi.
    assert_eq!((page.width(), page.height()), (166, 234));

    let o = sahifa(
        &dir,
        &[
            "preview",
            example.to_str().unwrap(),
            "-o",
            "d",
            "--pages",
            "90",
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("selects none"), "{}", stderr(&o));
    for bad in [["--pages", "3-1"], ["--pages", "0"], ["--dpi", "5"]] {
        let mut args = vec!["preview", example.to_str().unwrap(), "-o", "e"];
        args.extend_from_slice(&bad);
        let o = sahifa(&dir, &args);
        assert_eq!(o.status.code(), Some(64), "{bad:?}: {}", stderr(&o));
    }
    assert!(!dir.join("d").exists() && !dir.join("e").exists());
}

/// The entries of a zip archive, by name.
fn zip_entries(path: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

/// The `href` of the OPF's `cover-image` item, and the first `itemref` of the spine.
fn cover_and_first_page(epub: &Path) -> (Option<String>, String) {
    let entries = zip_entries(epub);
    let opf = String::from_utf8(entries["OEBPS/content.opf"].clone()).unwrap();
    let attr = |tag: &str, name: &str| {
        let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[at..].split('"').next()?.to_string())
    };
    let cover = opf
        .split('<')
        .find(|t| t.starts_with("item ") && t.contains("properties=\"cover-image\""))
        .and_then(|t| attr(t, "href"));
    let first = opf
        .split('<')
        .find(|t| t.starts_with("itemref "))
        .and_then(|t| attr(t, "idref"))
        .unwrap_or_default();
    (cover, first)
}

#[test]
fn every_epub_gets_a_cover_and_the_manifest_can_choose_it() {
    let dir = scratch("cover");
    common::copy_dir(&root().join("examples/dostor"), &dir.join("ed"));
    let manifest = std::fs::read_to_string(dir.join("ed/edition.toml")).unwrap();
    let with = |line: &str, name: &str| {
        let path = dir.join("ed").join(name);
        std::fs::write(&path, format!("{line}\n{manifest}")).unwrap();
        path
    };

    // Default: the generated cover, on a page of its own that opens the book.
    let out = sahifa(
        &dir,
        &[
            "epub",
            "ed/edition.toml",
            "-o",
            "generated.epub",
            "--cover-out",
            "cover.png",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("no cover"), "{}", stderr(&out));
    let (cover, first) = cover_and_first_page(&dir.join("generated.epub"));
    assert_eq!(cover.as_deref(), Some("images/cover.jpg"));
    assert_eq!(first, "id_cover.xhtml");
    let entries = zip_entries(&dir.join("generated.epub"));
    let page = String::from_utf8_lossy(&entries["OEBPS/cover.xhtml"]).into_owned();
    assert!(page.contains(r#"src="images/cover.jpg""#), "{page}");
    let jpeg = image::load_from_memory(&entries["OEBPS/images/cover.jpg"]).unwrap();
    assert_eq!((jpeg.width(), jpeg.height()), (1600, 2560));
    let png = image::open(dir.join("cover.png")).unwrap();
    assert_eq!((png.width(), png.height()), (1600, 2560));
    // The EPUB's JPEG and the PNG are the same picture.
    let (share, _, _) = compare(&jpeg.to_luma8(), &png.to_luma8(), LEVELS, 1);
    assert!(share < 0.001, "{share}");

    // `cover = "photo"`: the first article's photo, shown by its article (no cover page).
    let photo = with(r#"cover = "photo""#, "photo.toml");
    let out = sahifa(&dir, &["epub", photo.to_str().unwrap(), "-o", "photo.epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (cover, first) = cover_and_first_page(&dir.join("photo.epub"));
    let cover = cover.expect("a cover-image item");
    assert!(
        cover.starts_with("images/") && cover != "images/cover.jpg",
        "{cover}"
    );
    assert_eq!(first, "id_masthead.xhtml");

    // A file named by the manifest wins, on the cover page.
    let file = with(r#"cover = "photos/rocket.jpg""#, "file.toml");
    let out = sahifa(&dir, &["epub", file.to_str().unwrap(), "-o", "file.epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (cover, first) = cover_and_first_page(&dir.join("file.epub"));
    let cover = cover.expect("a cover-image item");
    assert!(
        cover.ends_with(".jpg") && cover != "images/cover.jpg",
        "{cover}"
    );
    assert_eq!(first, "id_cover.xhtml");
    let entries = zip_entries(&dir.join("file.epub"));
    let page = String::from_utf8_lossy(&entries["OEBPS/cover.xhtml"]).into_owned();
    assert!(page.contains(&format!(r#"src="{cover}""#)), "{page}");
}

#[test]
fn split_articles_without_a_photo_get_a_generated_cover() {
    let dir = scratch("split-cover");
    common::copy_dir(&root().join("examples/dostor"), &dir.join("ed"));
    // The coffee story loses its photo: its own book would have no cover.
    let coffee = dir.join("ed/more/coffee.json");
    let mut article: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&coffee).unwrap()).unwrap();
    article.as_object_mut().unwrap().remove("image");
    std::fs::write(&coffee, article.to_string()).unwrap();

    let out = sahifa(
        &dir,
        &[
            "edition",
            "ed/edition.toml",
            "-o",
            "out",
            "--split",
            "--format",
            "epub",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("no cover"), "{}", stderr(&out));
    let books: Vec<_> = std::fs::read_dir(dir.join("out/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(books.len(), 4, "{books:?}");
    let mut generated = 0;
    for book in &books {
        let (cover, first) = cover_and_first_page(book);
        let cover = cover.unwrap_or_else(|| panic!("{} has no cover", book.display()));
        if cover == "images/cover.jpg" {
            generated += 1;
            // On a page of its own that opens the book, at the store's size.
            assert_eq!(first, "id_cover.xhtml", "{}", book.display());
            let entries = zip_entries(book);
            let jpeg = image::load_from_memory(&entries["OEBPS/images/cover.jpg"]).unwrap();
            assert_eq!((jpeg.width(), jpeg.height()), (1600, 2560));
        }
    }
    // Only the story without a photo: the others keep their photo as the cover.
    assert_eq!(generated, 1);
}

/// Golden images: what the example looks like, kept small (grey, low resolution) in
/// `tests/data/golden/`. A change that moves pixels on purpose refreshes them with
/// `SAHIFA_UPDATE_GOLDENS=1 cargo test --test preview golden`; otherwise a difference fails
/// and leaves the new image and a diff image in `target/golden/`.
fn check_golden(name: &str, actual: &GrayImage) {
    let golden = root().join("tests/data/golden").join(name);
    if std::env::var("SAHIFA_UPDATE_GOLDENS").as_deref() == Ok("1") {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        actual.save(&golden).unwrap();
        eprintln!("updated {}", golden.display());
        return;
    }
    let expected = grey(&golden);
    let out = root().join("target/golden");
    std::fs::create_dir_all(&out).unwrap();
    let new = out.join(name.replace(".png", ".new.png"));
    let diff_path = out.join(name.replace(".png", ".diff.png"));
    let same_size = expected.dimensions() == actual.dimensions();
    let (page, tile, diff) = compare(actual, &expected, GOLDEN_LEVELS, 0);
    eprintln!(
        "{name}: {:.3}% of the image, at most {:.1}% of a tile differ",
        page * 100.0,
        tile * 100.0
    );
    if !same_size || page >= GOLDEN_PAGE_SHARE || tile >= GOLDEN_TILE_SHARE {
        actual.save(&new).unwrap();
        diff.save(&diff_path).unwrap();
        panic!(
            "{name} differs from its golden image ({}×{} vs {}×{}; {:.3}% of the image, {:.1}% \
             of a tile): see {} and {}; if the change is meant, refresh with \
             SAHIFA_UPDATE_GOLDENS=1 cargo test --test preview golden",
            actual.width(),
            actual.height(),
            expected.width(),
            expected.height(),
            page * 100.0,
            tile * 100.0,
            new.display(),
            diff_path.display()
        );
    }
}

/// Goldens are made by the same renderer: only a change of layout, fonts or rasterizer moves
/// their pixels, so pixels are compared where they stand (no one-pixel reach) and the tolerance
/// is tighter than against poppler: one 10 pt letter left out of page 1 fails it.
const GOLDEN_LEVELS: u8 = 32;
/// Measured: 0% on the machine that made them; one 10 pt letter left out of page 1 makes 6
/// pixels (1.0% of a tile) differ, a photo drawn upside down 13% of the page.
const GOLDEN_PAGE_SHARE: f64 = 0.0005;
const GOLDEN_TILE_SHARE: f64 = 0.005;

#[test]
fn golden_page_one() {
    let dir = scratch("golden-page");
    let example = example();
    let out = sahifa(
        &dir,
        &[
            "preview",
            example.to_str().unwrap(),
            "-o",
            ".",
            "--pages",
            "1",
            "--dpi",
            "40",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    check_golden("dostor-page1-40dpi.png", &grey(&dir.join("page-001.png")));
}

#[test]
fn golden_cover() {
    let dir = scratch("golden-cover");
    let example = example();
    let out = sahifa(
        &dir,
        &[
            "epub",
            example.to_str().unwrap(),
            "-o",
            "a.epub",
            "--cover-out",
            "cover.png",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // At a third of its size: the cover must read as a thumbnail.
    let cover = image::open(dir.join("cover.png")).unwrap();
    let small = cover.thumbnail_exact(400, 640).to_luma8();
    check_golden("dostor-cover-400px.png", &small);
}
