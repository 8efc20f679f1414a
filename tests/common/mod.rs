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
