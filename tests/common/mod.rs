//! Helpers shared by the integration tests: running the binary, finding external tools.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `sahifa` with `args` in `dir`.
pub fn sahifa(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sahifa"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run sahifa")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Whether an external tool can run. When it can't: under `CI=true` the test fails loudly;
/// locally it prints why and the caller skips.
pub fn tool_available(name: &str, probe_args: &[&str]) -> bool {
    let ok = Command::new(name).args(probe_args).output().is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("`{name}` is required under CI=true but cannot be run; .ci/run must install it");
        }
        eprintln!("SKIPPED: `{name}` is not installed (install it to run this check)");
    }
    ok
}

/// Copies the folder `from` into `to` recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        let t = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &t);
        } else {
            std::fs::copy(&p, &t).unwrap();
        }
    }
}

/// The files in `dir` (names), sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// How far down its content box each page is filled: the lowest line, photo or rule.
pub fn filled(doc: &sahifa::frame::Document, edition: &sahifa::model::Edition) -> Vec<f32> {
    let g = sahifa::layout::Geometry::of(&edition.pdf);
    let height = g.frame.bottom - g.frame.top;
    doc.pages
        .iter()
        .map(|page| {
            let low = page
                .items
                .iter()
                .map(|item| match item {
                    sahifa::frame::Item::Line(l) => {
                        l.runs.iter().map(|r| r.origin.y).fold(0.0, f32::max)
                    }
                    sahifa::frame::Item::Image(i) => i.rect.y + i.rect.height,
                    sahifa::frame::Item::Rule(r) => r.from.y.max(r.to.y),
                })
                .fold(g.frame.top, f32::max);
            (low - g.frame.top) / height
        })
        .collect()
}

/// A page number written in Arabic-Indic or Western digits.
pub fn page_number(digits: &str) -> Option<usize> {
    let western: String = digits
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}'))
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            _ => c,
        })
        .collect();
    western.parse().ok()
}

/// Every line's text in `doc`, page by page (0-based), in drawing order.
pub fn frame_lines(doc: &sahifa::frame::Document) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            if let sahifa::frame::Item::Line(l) = item {
                out.push((n, l.text.clone()));
            }
        }
    }
    out
}

/// The jump lines («التتمة ص ٥») in `doc`: the page each is on (0-based) and the page it
/// names (1-based), in drawing order.
pub fn jump_lines(doc: &sahifa::frame::Document) -> Vec<(usize, usize)> {
    frame_lines(doc)
        .into_iter()
        .filter_map(|(p, t)| Some((p, page_number(t.trim().strip_prefix("التتمة ص")?)?)))
        .collect()
}

/// A continuation's jump head in the frames.
#[derive(Debug, Clone)]
pub struct JumpHead {
    /// The page it is on (0-based).
    pub page: usize,
    /// Its index among the lines of [`frame_lines`] (its last line, when it wraps).
    pub line: usize,
    /// The headline it repeats.
    pub headline: String,
    /// The page (1-based) it names as the story's start: 1 for «من الصفحة الأولى».
    pub from: usize,
}

/// The jump heads («تابع: <headline> — من الصفحة …») in `doc`, a head set on two lines read
/// as one.
pub fn jump_heads(doc: &sahifa::frame::Document) -> Vec<JumpHead> {
    let all = frame_lines(doc);
    let mut heads = Vec::new();
    let mut k = 0;
    while k < all.len() {
        let (page, text) = &all[k];
        let Some(rest) = text.strip_prefix("تابع: ") else {
            k += 1;
            continue;
        };
        let mut text = rest.to_string();
        // Until the page it names, which may be on the next line.
        let named = |t: &str| {
            t.rsplit_once(" — من الصفحة ")
                .is_some_and(|(_, p)| !p.trim().is_empty())
        };
        while !named(&text) && k + 1 < all.len() && all[k + 1].0 == *page {
            k += 1;
            text = format!("{text} {}", all[k].1);
        }
        let (headline, from) = text.rsplit_once(" — من الصفحة ").expect("a jump head");
        let from = if from.trim() == "الأولى" {
            1
        } else {
            page_number(from).expect("the jump head's page")
        };
        heads.push(JumpHead {
            page: *page,
            line: k,
            headline: headline.to_string(),
            from,
        });
        k += 1;
    }
    heads
}

/// Every jump line names the page holding a jump head that names the jump line's page back,
/// and every jump head is named so: the two pair one to one. Returns the jumps from inside
/// pages (jump page, continuation page; 0-based).
pub fn jumps_pair_up(doc: &sahifa::frame::Document) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = jump_lines(doc)
        .into_iter()
        .map(|(p, to)| (to - 1, p + 1))
        .collect();
    let mut heads: Vec<(usize, usize)> = jump_heads(doc).iter().map(|h| (h.page, h.from)).collect();
    lines.sort();
    heads.sort();
    assert_eq!(
        lines, heads,
        "jump lines (continuation page, their page) and the jump heads there (0-based page, \
         page named as the story's start)"
    );
    lines
        .into_iter()
        .filter(|&(_, from)| from > 1)
        .map(|(to, from)| (from - 1, to))
        .collect()
}

/// The pages (0-based) where a section opens: the pages of the outline's top-level entries.
pub fn section_openings(doc: &sahifa::frame::Document) -> Vec<usize> {
    doc.outline
        .iter()
        .filter(|e| e.level == 0)
        .map(|e| e.page)
        .collect()
}

/// Page `n` (1-based) of the PDF at `path` as `pdftotext` reads it (UTF-8, no layout).
pub fn pdftotext_page(path: &std::path::Path, n: usize) -> String {
    let o = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", &n.to_string(), "-l", &n.to_string()])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}
