//! `sahifa edition` as a cron job or a script uses it: files named from the paper and date,
//! a JSON report that matches the disk, exit codes, `--keep-going`, no half-written output.

mod common;
use common::*;

use image::GenericImageView;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

fn report(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("--json output: {e}\n{}", stdout(out)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn writes_both_formats_and_a_report_that_matches_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = sahifa(
        &root(),
        &[
            "edition",
            "examples/dostor/edition.toml",
            "-o",
            out.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = report(&o);
    assert_eq!(r["ok"], true);
    assert_eq!(
        files_in(&out),
        vec!["الدستور-2021-06-28.epub", "الدستور-2021-06-28.pdf"]
    );
    let outputs = r["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 2);
    for f in outputs {
        let bytes = fs::read(f["path"].as_str().unwrap()).unwrap();
        assert_eq!(f["bytes"].as_u64().unwrap(), bytes.len() as u64);
        assert_eq!(f["sha256"].as_str().unwrap(), hex(&Sha256::digest(&bytes)));
    }
    assert_eq!(r["counts"]["articles"], 4);
    assert_eq!(r["counts"]["photos"], 4);
    assert!(r["counts"]["pages"].as_u64().unwrap() >= 2);
    let stages: Vec<&str> = r["timings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["stage"].as_str().unwrap())
        .collect();
    for s in ["load", "epub", "layout", "pdf", "write"] {
        assert!(stages.contains(&s), "stage {s} in {stages:?}");
    }
}

/// `--previews`: page 1 as a JPEG in `previews/`, the same picture `sahifa preview` draws of
/// page 1 at 60 dpi, listed in the report; written with the edition or not at all.
#[test]
fn previews_write_page_one_with_the_edition() {
    let dir = tempfile::tempdir().unwrap();
    let edition = |out: &std::path::Path, report: &str| {
        let out = out.to_str().unwrap();
        let args = ["edition", "examples/dostor/edition.toml", "-o", out];
        sahifa(&root(), &[&args[..], &["--previews", report]].concat())
    };
    let out = dir.path().join("out");
    let o = edition(&out, "--json");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let picture = out.join("previews/الدستور-2021-06-28-page-1.jpg");
    let bytes = fs::read(&picture).unwrap();
    let r = report(&o);
    let listed = r["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str() == picture.to_str())
        .unwrap_or_else(|| panic!("{picture:?} not in {:#}", r["outputs"]));
    assert_eq!(listed["format"], "jpg");
    assert_eq!(
        listed["sha256"].as_str().unwrap(),
        hex(&Sha256::digest(&bytes))
    );
    assert_eq!(
        image::load_from_memory(&bytes).unwrap().dimensions(),
        (497, 702),
        "A4 at 60 dpi"
    );
    let drawn = dir.path().join("drawn");
    let o = sahifa(
        &root(),
        &[
            "preview",
            "examples/dostor/edition.toml",
            "-o",
            drawn.to_str().unwrap(),
            "--pages",
            "1",
            "--dpi",
            "60",
            "--format",
            "jpeg",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read(drawn.join("page-001.jpg")).unwrap(), bytes);

    // A link where the previews folder goes: refused before anything is written.
    let again = dir.path().join("again");
    fs::create_dir_all(&again).unwrap();
    std::os::unix::fs::symlink(dir.path(), again.join("previews")).unwrap();
    let o = edition(&again, "-q");
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(files_in(&again), vec!["previews"]);
}

/// An edition folder with two good articles and one bad one.
fn day_with_a_bad_article() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir(p.join("articles")).unwrap();
    fs::write(
        p.join("articles/a.json"),
        r#"{"title": "خبر أول", "section": "سياسة", "body": "فقرة أولى.\n\nفقرة ثانية."}"#,
    )
    .unwrap();
    fs::write(
        p.join("articles/b.json"),
        r#"{"title": "خبر ثان", "body": [{"type": "paragraph", "text": "نص."}]}"#,
    )
    .unwrap();
    fs::write(p.join("articles/c.json"), r#"{"title": "خبر معطوب", "body": [{"type": "heading", "text": " "}], "image": {"src": "missing.jpg", "alt": "x"}}"#).unwrap();
    fs::write(
        p.join("edition.toml"),
        "name = \"الجريدة\"\ndate = 2026-11-29\narticles = [\"articles/\"]\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_bad_article_fails_the_run_with_every_problem_and_no_files() {
    let day = day_with_a_bad_article();
    let out = day.path().join("out");
    fs::create_dir(&out).unwrap();
    // Yesterday's good edition must survive a failed run.
    fs::write(out.join("الجريدة-2026-11-29.pdf"), b"good").unwrap();
    let o = sahifa(
        day.path(),
        &["edition", "edition.toml", "-o", "out", "--json"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let r = report(&o);
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "both problems of c.json: {errors:#?}");
    assert!(errors
        .iter()
        .all(|e| e["file"].as_str().unwrap().ends_with("c.json")));
    let locations: Vec<&str> = errors
        .iter()
        .map(|e| e["location"].as_str().unwrap())
        .collect();
    assert!(
        locations.contains(&"body[0].text") && locations.contains(&"image.src"),
        "{locations:?}"
    );
    assert_eq!(files_in(&out), vec!["الجريدة-2026-11-29.pdf"]);
    assert_eq!(
        fs::read(out.join("الجريدة-2026-11-29.pdf")).unwrap(),
        b"good"
    );
}

#[test]
fn keep_going_publishes_the_good_articles_and_exits_1() {
    let day = day_with_a_bad_article();
    let o = sahifa(
        day.path(),
        &[
            "edition",
            "edition.toml",
            "-o",
            "out",
            "--json",
            "--keep-going",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let r = report(&o);
    assert_eq!(r["counts"]["articles"], 2);
    assert_eq!(r["counts"]["skipped_articles"], 1);
    assert!(r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["file"].as_str().unwrap().ends_with("c.json")));
    assert_eq!(
        files_in(&day.path().join("out")),
        vec!["الجريدة-2026-11-29.epub", "الجريدة-2026-11-29.pdf"]
    );
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut digests = Vec::new();
    for j in ["1", "2"] {
        let out = dir.path().join(format!("j{j}"));
        let o = sahifa(
            &root(),
            &[
                "edition",
                "examples/dostor/edition.toml",
                "-o",
                out.to_str().unwrap(),
                "-j",
                j,
                "-q",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut d = Vec::new();
        for f in files_in(&out) {
            d.push(hex(&Sha256::digest(fs::read(out.join(f)).unwrap())));
        }
        digests.push(d);
    }
    assert_eq!(digests[0], digests[1]);
}

#[test]
fn split_writes_one_epub_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = sahifa(
        &root(),
        &[
            "edition",
            "examples/dostor/edition.toml",
            "-o",
            out.to_str().unwrap(),
            "--format",
            "epub",
            "--split",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        files_in(&out.join("articles")),
        vec![
            "coffee-prices.epub",
            "dscovr-launch.epub",
            "grace-hopper.epub",
            "qatar-blinken.epub"
        ]
    );
}

#[test]
fn json_lines_on_stdin_name_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sahifa"))
        .args([
            "epub",
            "-",
            "--name",
            "الجريدة",
            "--date",
            "2026-11-29",
            "-o",
            "day.epub",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "{\"title\": \"أ\", \"body\": \"نص\"}\n\n{\"title\": 3, \"body\": \"x\"}\n".as_bytes(),
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("-:3:title: invalid type"),
        "{}",
        stderr(&o)
    );
    assert!(files_in(dir.path()).is_empty());
}
