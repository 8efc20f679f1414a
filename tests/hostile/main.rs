//! Hostile input, run through the binary: paths that lead out of the edition's folder, photos
//! whose headers claim billions of pixels, bytes that are not UTF-8, a 20 MB paragraph, JSON and
//! YAML nested 100 000 deep, bidi overrides, control characters, folders and empty files where
//! files are expected, and a bad line in JSON Lines on standard input.
//!
//! Each case asserts the exit code, the one-line message (file, place, what is wrong) and that
//! nothing was left in the folder: no output, no temporary file. `tests/input_errors.rs` has
//! the ordinary mistakes; these files have what a careless scraper or an attacker sends.
//! Nothing here is timed (speed is measured by `examples/big_paragraph.rs` and `benches/`).
//! `files.rs`: paths, photos, encodings, empty files and folders, nesting, JSON Lines;
//! `text.rs`: bidi controls, control characters, a 20 MB paragraph, faces without Arabic;
//! `limits.rs`: FIFOs and devices, settings out of range, oversized photos and PNG chunks,
//! damaged JPEGs, bad fonts, long and colliding names, standard input's places;
//! `faults.rs`: signals, a file size limit, closed and broken pipes, planted links, half an
//! edition (through the release binary when it is fresh).

#[path = "../common/mod.rs"]
mod common;

mod faults;
mod files;
mod limits;
mod text;

use common::*;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A fresh edition folder `day/` (inside a temporary folder that also holds `outside/secret.jpg`,
/// a photo outside it), with the photo `day/ok.jpg` and `files` written relative to `day/`.
pub fn day(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let photo = root().join("examples/dostor/photos/rocket.jpg");
    fs::create_dir_all(tmp.path().join("day")).unwrap();
    fs::create_dir_all(tmp.path().join("outside")).unwrap();
    fs::copy(&photo, tmp.path().join("day/ok.jpg")).unwrap();
    fs::copy(&photo, tmp.path().join("outside/secret.jpg")).unwrap();
    fs::write(
        tmp.path().join("outside/evil.json"),
        br#"{"title":"t","body":"p"}"#,
    )
    .unwrap();
    for (name, content) in files {
        let path = tmp.path().join("day").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    tmp
}

/// Every path under `dir`, relative, sorted (symlinks listed, not followed).
pub fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            out.push(p.strip_prefix(dir).unwrap().display().to_string());
            if p.is_dir() && !p.is_symlink() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs `sahifa args` in `dir` with `stdin` and checks: exit `code`, every fragment in standard
/// error, no panic, and no file added to or removed from `dir`. Returns standard error.
pub fn expect(dir: &Path, args: &[&str], stdin: &[u8], code: i32, fragments: &[&str]) -> String {
    let before = tree(dir);
    let out = run(dir, args, stdin);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code of {args:?}; stderr:\n{err}"
    );
    for f in fragments {
        assert!(
            err.contains(f),
            "expected «{f}» in the stderr of {args:?}:\n{err}"
        );
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(tree(dir), before, "{args:?} must leave no file behind");
    err
}

pub fn run(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sahifa"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sahifa");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    // Written from a thread: a large input must not block on a full pipe while sahifa writes.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// `sahifa epub ARTICLE -o out.epub` in `day/`: must be refused with exit 2 and `fragments`.
pub fn refused(tmp: &Path, article: &str, fragments: &[&str]) {
    expect(
        &tmp.join("day"),
        &["epub", article, "-o", "out.epub"],
        b"",
        2,
        fragments,
    );
}

pub fn article_with_photo(src: &str) -> Vec<u8> {
    format!(r#"{{"title":"t","body":"p","image":{{"src":"{src}","alt":"x"}}}}"#).into_bytes()
}
