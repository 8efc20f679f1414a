//! The text-extraction matrix: the example edition and the mixed-script test edition
//! (`tests/data/mixed`) are made into PDFs and read back by six PDF text engines with
//! `tests/extraction/score.py`. Each engine a reader meets (poppler in Evince and Okular, PDFium
//! in Chrome, pdf.js in Firefox, MuPDF, pypdf) must find the words intact, return next to no
//! junk and give paragraphs back in order; pdfminer.six does no bidi and is only reported.
//! The scoring rules and the latest numbers: docs/text-extraction.md.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

/// Share of the source words each aimed engine must give back intact.
const MIN_WORDS_INTACT: f64 = 0.995;
/// Share of an aimed engine's tokens that may be found in no source string.
const MAX_JUNK: f64 = 0.01;
/// Share of source paragraphs (5 words or more) whose words must come back in order.
const MIN_PARAGRAPHS_IN_ORDER: f64 = 0.99;
/// The engines held to the aims.
const AIMED: [&str; 5] = ["poppler", "pdfium", "pdfjs", "mupdf", "pypdf"];
/// Engines measured and printed, without an aim.
const REPORTED: [&str; 1] = ["pdfminer"];
/// What `.ci/run` does to install the engines.
const INSTALL: &str = "apt-get install poppler-utils; \
    python3 -m pip install pypdfium2 pymupdf pypdf pdfminer.six; npm ci --prefix tests/extraction";

#[test]
fn the_example_edition_reads_back_in_every_engine() {
    check_edition("examples/dostor/edition.toml");
}

#[test]
fn the_mixed_script_edition_reads_back_in_every_engine() {
    check_edition("tests/data/mixed/edition.toml");
}

/// Makes the PDF of `manifest`, scores it in every engine, prints the table and fails with
/// every aim an engine misses.
fn check_edition(manifest: &str) {
    if !tool_available("python3", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("edition.pdf");
    let o = sahifa(
        &root(),
        &["pdf", manifest, "-o", pdf.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(o.status.code(), Some(0), "{manifest}: {}", stderr(&o));
    let scores = score(&pdf, manifest);
    let engines = &scores["engines"];

    let missing: Vec<String> = AIMED
        .iter()
        .chain(&REPORTED)
        .filter(|e| engines[**e]["status"] == "missing")
        .map(|e| format!("{e}: {}", engines[*e]["reason"].as_str().unwrap_or("")))
        .collect();
    if !missing.is_empty() {
        let what = missing.join(", ");
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!(
                "the extraction matrix cannot run under CI=true: {what}; \
                 .ci/run installs the engines: {INSTALL}"
            );
        }
        eprintln!("SKIPPED: the extraction matrix cannot run: {what}");
        return;
    }

    println!("{manifest}");
    println!("engine     words intact  junk tokens  paragraphs in order");
    let mut misses = Vec::new();
    for engine in AIMED.iter().chain(&REPORTED) {
        let r = &engines[*engine];
        if r["status"] != "ok" {
            println!("{engine:<10} {}: {}", r["status"], r["reason"]);
            if AIMED.contains(engine) {
                misses.push(format!("{engine} could not read the file: {}", r["reason"]));
            }
            continue;
        }
        let (words, junk, order) = (
            r["words_intact"].as_f64().unwrap(),
            r["junk"].as_f64().unwrap(),
            r["paragraphs_in_order"].as_f64().unwrap(),
        );
        println!("{engine:<10} {words:>12.3} {junk:>12.3} {order:>20.3}");
        if !AIMED.contains(engine) {
            continue;
        }
        if words < MIN_WORDS_INTACT {
            misses.push(format!(
                "{engine}: words intact {words:.3} < {MIN_WORDS_INTACT}; missing e.g. {}",
                r["examples"]["missing_words"]
            ));
        }
        if junk > MAX_JUNK {
            misses.push(format!(
                "{engine}: junk tokens {junk:.3} > {MAX_JUNK}; e.g. {}",
                r["examples"]["junk_tokens"]
            ));
        }
        if order < MIN_PARAGRAPHS_IN_ORDER {
            misses.push(format!(
                "{engine}: paragraphs in order {order:.3} < {MIN_PARAGRAPHS_IN_ORDER}; e.g. {}",
                r["examples"]["disordered_paragraphs"]
            ));
        }
    }
    assert!(
        misses.is_empty(),
        "{manifest}: the PDF's text misses the aims (see docs/text-extraction.md):\n{}",
        misses.join("\n")
    );
}

/// `score.py --json` on `pdf`, with the source strings read from `manifest`.
fn score(pdf: &Path, manifest: &str) -> serde_json::Value {
    let o = Command::new("python3")
        .arg("tests/extraction/score.py")
        .args([
            "--json",
            "--pdf",
            pdf.to_str().unwrap(),
            "--edition",
            manifest,
        ])
        .current_dir(root())
        .output()
        .expect("run python3");
    assert!(o.status.success(), "score.py failed: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("score.py --json: {e}"))
}
