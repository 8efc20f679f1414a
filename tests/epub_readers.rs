//! The EPUB as readers and assistive technology meet it, on the example edition and the
//! mixed-script one (`tests/data/mixed`):
//! - DAISY Ace, the accessibility checker of EPUB publishers (axe rules run in Chromium:
//!   contrast, languages, structure), finds no violation;
//! - headless Chromium, the engine of epub.js readers, Thorium and Readium, draws phone numbers,
//!   e-mail addresses, URLs and an English quote inside Arabic lines in their reading order,
//!   with the embedded faces loaded; and the same words without the EPUB's isolates come out
//!   scrambled, which shows the check can tell.
//!
//! Needs Node with the packages of `tests/epub_readers` (`npm ci --prefix tests/epub_readers`)
//! and Debian's `chromium` (found on `PATH`, or at `PUPPETEER_EXECUTABLE_PATH`). Without them
//! the tests say why and pass, except under `CI=true`, where `.ci/run` installs them.

mod common;
use common::*;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Chromium: `PUPPETEER_EXECUTABLE_PATH`, else `chromium` or `chromium-browser` on `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PUPPETEER_EXECUTABLE_PATH") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// The Node packages' folder and Chromium, or why the tests cannot run (a failure under CI).
fn tools() -> Option<(PathBuf, PathBuf)> {
    let packages = root().join("tests/epub_readers");
    let why = if !tool_available("node", &["--version"]) {
        return None;
    } else if !packages.join("node_modules/.bin/ace-cli").exists() {
        "the Node packages are not installed (npm ci --prefix tests/epub_readers)"
    } else if let Some(chromium) = chromium() {
        return Some((packages, chromium));
    } else {
        "Chromium is not installed (apt-get install chromium)"
    };
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{why}: required under CI=true");
    }
    eprintln!("SKIPPED: {why}");
    None
}

/// The EPUB of `manifest`, written into `dir`.
fn build_epub(manifest: &str, dir: &Path) -> PathBuf {
    let out = dir.join("book.epub");
    let o = sahifa(
        &root(),
        &["epub", manifest, "-o", out.to_str().unwrap(), "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

/// Unpacks `epub` into `dir`.
fn unzip(epub: &Path, dir: &Path) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let path = dir.join(entry.enclosed_name().unwrap());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn ace_finds_no_accessibility_violation() {
    let Some((packages, chromium)) = tools() else {
        return;
    };
    for manifest in [
        "examples/dostor/edition.toml",
        "tests/data/mixed/edition.toml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let epub = build_epub(manifest, dir.path());
        let report = dir.path().join("ace");
        let o = Command::new(packages.join("node_modules/.bin/ace-cli"))
            .args(["--silent", "--force", "-o"])
            .arg(&report)
            .arg(&epub)
            .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
            .env("PUPPETEER_SKIP_DOWNLOAD", "1")
            .output()
            .unwrap();
        let json = std::fs::read_to_string(report.join("report.json")).unwrap_or_else(|e| {
            panic!(
                "Ace wrote no report ({e}): {}{}",
                stdout(&o),
                String::from_utf8_lossy(&o.stderr)
            )
        });
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        let violations: Vec<String> = report["assertions"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|page| {
                let url = page["earl:testSubject"]["url"].as_str().unwrap_or("?");
                page["assertions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(move |a| {
                        format!(
                            "{url}: {} ({}): {}",
                            a["earl:test"]["dct:title"],
                            a["earl:test"]["earl:impact"],
                            a["earl:result"]["dct:description"]
                        )
                    })
            })
            .collect();
        assert_eq!(
            report["earl:result"]["earl:outcome"], "pass",
            "{manifest}: {violations:#?}"
        );
        assert!(violations.is_empty(), "{manifest}: {violations:#?}");
    }
}

/// Where Chromium draws each non-space character of `needles` in `page` (and, with `control`,
/// in a paragraph of that plain text added to the page): `(char, left, top)` per character.
struct Drawn {
    fonts: Vec<(String, String, String)>,
    needles: serde_json::Value,
    control: serde_json::Value,
}

fn draw(packages: &Path, chromium: &Path, page: &Path, needles: &[&str], control: &str) -> Drawn {
    let spec = page.with_extension("needles.json");
    let json = serde_json::json!({"needles": needles, "control": control});
    std::fs::write(&spec, json.to_string()).unwrap();
    let o = Command::new("node")
        .arg(packages.join("visual_order.mjs"))
        .arg(page)
        .arg(&spec)
        .env("PUPPETEER_EXECUTABLE_PATH", chromium)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let fonts = v["fonts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |i: usize| f[i].as_str().unwrap().to_string();
            (s(0), s(1), s(2))
        })
        .collect();
    Drawn {
        fonts,
        needles: v["needles"].clone(),
        control: v["control"].clone(),
    }
}

/// The left edges of a measured needle, in the needle's (logical) order.
fn lefts(measured: &serde_json::Value, needle: &str) -> Vec<f64> {
    measured[needle]
        .as_array()
        .unwrap_or_else(|| panic!("`{needle}` not found in the page"))
        .iter()
        .map(|c| c[1].as_f64().unwrap())
        .collect()
}

/// Whether each character is drawn right of the one before: read left to right as written.
fn left_to_right(xs: &[f64]) -> bool {
    xs.windows(2).all(|w| w[1] > w[0])
}

fn page_with(dir: &Path, text: &str) -> PathBuf {
    std::fs::read_dir(dir.join("OEBPS"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("article-"))
        .find(|p| std::fs::read_to_string(p).unwrap().contains(text))
        .unwrap_or_else(|| panic!("no page has `{text}`"))
}

/// The text of the body paragraph of the article file `article` that holds `needle`.
fn paragraph_with(article: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(root().join(article)).unwrap();
    let article: serde_json::Value = serde_json::from_str(&text).unwrap();
    article["body"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["text"].as_str())
        .find(|t| t.contains(needle))
        .unwrap_or_else(|| panic!("no paragraph holds `{needle}`"))
        .to_string()
}

#[test]
fn chromium_draws_numbers_addresses_and_quotes_in_reading_order() {
    let Some((packages, chromium)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let epub = build_epub("tests/data/mixed/edition.toml", dir.path());
    unzip(&epub, dir.path());

    // The Arabic paragraph with a phone number, an e-mail address and a URL.
    let phone = "+20 2 1234 5678";
    let email = "press-office@example.org";
    let url = "https://www.example.org/news/2026/03/15/falcon-9-space-weather-observatory-launch-briefing-transcript.html";
    let quote = "The observatory will give forecasters up to an hour of warning";
    let page = page_with(dir.path(), "press-office@example.org");
    let paragraph = paragraph_with("tests/data/mixed/articles/01-launch.json", phone);
    let drawn = draw(
        &packages,
        &chromium,
        &page,
        &[phone, email, url, quote],
        &paragraph,
    );
    for needle in [phone, email, url, quote] {
        let xs = lefts(&drawn.needles, needle);
        assert!(
            left_to_right(&xs),
            "`{needle}` is not drawn as written: {xs:?}"
        );
    }
    // The paragraph itself reads right to left: the phone number, first, is right of the
    // address, which is right of the URL.
    let min = |xs: Vec<f64>| xs.into_iter().fold(f64::INFINITY, f64::min);
    let max = |xs: Vec<f64>| xs.into_iter().fold(f64::NEG_INFINITY, f64::max);
    assert!(min(lefts(&drawn.needles, phone)) > max(lefts(&drawn.needles, email)));
    assert!(min(lefts(&drawn.needles, email)) > max(lefts(&drawn.needles, url)));
    // Without the isolates, Chromium's bidi scrambles the number: the check can tell.
    let raw = lefts(&drawn.control, phone);
    assert!(
        !left_to_right(&raw),
        "the control should be scrambled: {raw:?}"
    );

    // The faces are loaded where they are used: Naskh for the Arabic, Noto Serif for the
    // Latin words (not the reader's own serif).
    for (family, weight) in [("Noto Naskh Arabic", "normal"), ("Noto Serif", "normal")] {
        assert!(
            drawn
                .fonts
                .iter()
                .any(|f| f.0 == family && f.1 == weight && f.2 == "loaded"),
            "{family} {weight} not loaded: {:?}",
            drawn.fonts
        );
    }

    // The English article: its Hebrew quote in the Hebrew face, its phone number as written.
    let page = page_with(dir.path(), "media.desk@example.org");
    let drawn = draw(&packages, &chromium, &page, &[phone], "");
    assert!(left_to_right(&lefts(&drawn.needles, phone)));
    assert!(
        drawn
            .fonts
            .iter()
            .any(|f| f.0 == "Noto Serif Hebrew" && f.2 == "loaded"),
        "{:?}",
        drawn.fonts
    );
}

#[test]
fn chromium_draws_a_handle_inside_arabic_as_written() {
    let Some((packages, chromium)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let epub = build_epub("tests/data/latin-news/edition.toml", dir.path());
    unzip(&epub, dir.path());
    let handle = "@ahmed_tech";
    let paragraph = paragraph_with("tests/data/latin-news/articles/02-ai-law.json", handle);
    let page = page_with(dir.path(), handle);
    let drawn = draw(&packages, &chromium, &page, &[handle], &paragraph);
    let xs = lefts(&drawn.needles, handle);
    assert!(
        left_to_right(&xs),
        "`{handle}` is not drawn as written: {xs:?}"
    );
    // Without its isolate the «@» is a neutral between Arabic and Latin and lands on the
    // Arabic side: the check can tell.
    let raw = lefts(&drawn.control, handle);
    assert!(
        !left_to_right(&raw),
        "the control should be scrambled: {raw:?}"
    );
}
