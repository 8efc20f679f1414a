//! Faults around a run rather than in its input, run through the built binary (the release one
//! when it is at least as new as the debug one): signals, a file size limit, closed and broken
//! standard streams, links planted where outputs go, and a folder in the way of half an
//! edition. After each: no staging file left, no byte written outside the output folder,
//! yesterday's edition whole or today's complete.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use super::common::*;
use super::tree;

/// The binary under test: `target/release/sahifa` when it is at least as new as the debug
/// one Cargo built for these tests (so a stale release build is never tested), else the debug
/// one.
pub fn binary() -> PathBuf {
    let debug = PathBuf::from(env!("CARGO_BIN_EXE_sahifa"));
    let release = debug
        .parent()
        .and_then(Path::parent)
        .map(|t| t.join("release/sahifa"));
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    match release {
        Some(r) if modified(&r).is_some() && modified(&r) >= modified(&debug) => r,
        _ => debug,
    }
}

/// Waits for `child`; a run that has not ended after ten minutes is killed and the test fails
/// (a guard against hangs, not a measure of speed).
pub fn finish(mut child: Child) -> Output {
    for _ in 0..(10 * 60 * 20) {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("sahifa did not end: it hangs");
}

/// Files of our staging pattern under `dir` (any depth).
fn staging_files(dir: &Path) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    tree(dir)
        .into_iter()
        .filter(|p| p.rsplit('/').next().unwrap().starts_with(".sahifa-"))
        .collect()
}

/// An edition big enough to take a while: `n` articles of the example's paragraphs, each with
/// the example photo.
fn big_day(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let example = fs::read_to_string(root().join("examples/dostor/article.json")).unwrap();
    let article: serde_json::Value = serde_json::from_str(&example).unwrap();
    fs::create_dir_all(d.join("articles")).unwrap();
    fs::copy(
        root().join("examples/dostor/photos/rocket.jpg"),
        d.join("articles/photo.jpg"),
    )
    .unwrap();
    for i in 0..n {
        let mut a = article.clone();
        a["id"] = format!("a{i}").into();
        a["image"] = serde_json::json!({"src": "photo.jpg", "alt": "صورة"});
        fs::write(d.join(format!("articles/{i:04}.json")), a.to_string()).unwrap();
    }
    fs::write(
        d.join("edition.toml"),
        "name = \"الدستور\"\ndate = 2021-06-28\narticles = [\"articles/\"]\n",
    )
    .unwrap();
    tmp
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(binary())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Starts `edition` on a big day and returns once its first staging file exists (the run is
/// then writing), or `None` if it ended before.
fn running_edition(d: &Path) -> Option<Child> {
    let mut child = spawn(d, &["edition", "edition.toml", "-o", "out", "-q"]);
    loop {
        if !staging_files(&d.join("out")).is_empty() {
            return Some(child);
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

fn kill(child: &Child, signal: &str) {
    // The shell's own `kill`: no procps needed.
    let status = Command::new("sh")
        .args(["-c", &format!("kill -{signal} {}", child.id())])
        .status()
        .unwrap();
    assert!(status.success());
}

/// SIGTERM, SIGINT and SIGHUP while the edition is being written: exit 128 + N, no staging
/// file left, yesterday's edition untouched.
#[test]
fn signals_remove_the_staging_files() {
    let tmp = big_day(400);
    let d = tmp.path();
    let out = d.join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("الدستور-2021-06-28.pdf"), b"yesterday").unwrap();
    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        let Some(child) = running_edition(d) else {
            panic!("the run ended before SIG{signal} could be sent: make big_day bigger");
        };
        kill(&child, signal);
        let o = finish(child);
        assert_eq!(o.status.code(), Some(code), "SIG{signal}: {}", stderr(&o));
        assert_eq!(staging_files(&out), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(
            fs::read(out.join("الدستور-2021-06-28.pdf")).unwrap(),
            b"yesterday"
        );
        assert_eq!(files_in(&out), ["الدستور-2021-06-28.pdf"]);
    }
}

/// SIGKILL cannot be caught: its staging files stay, and the next run in the folder removes
/// them (they are older than it and nobody holds their lock).
#[test]
fn the_next_run_removes_what_a_killed_run_left() {
    let tmp = big_day(400);
    let d = tmp.path();
    let child = running_edition(d).expect("the run ended before SIGKILL");
    kill(&child, "KILL");
    finish(child);
    let left = staging_files(&d.join("out"));
    assert!(!left.is_empty(), "SIGKILL leaves its staging files");
    // A small edition into the same folder.
    fs::write(
        d.join("small.toml"),
        "name = \"x\"\ndate = 2021-06-29\narticles = [\"articles/0000.json\"]\n",
    )
    .unwrap();
    let o = finish(spawn(d, &["edition", "small.toml", "-o", "out", "-q"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(staging_files(&d.join("out")), Vec::<String>::new());
    assert_eq!(
        files_in(&d.join("out")),
        ["x-2021-06-29.epub", "x-2021-06-29.pdf"]
    );
}

/// A file size limit (`ulimit -f`, as `prlimit --fsize` sets it): the write fails with EFBIG
/// instead of SIGXFSZ killing the run; exit 3, the reason said once, the zip library's own
/// complaint not printed, no staging file left.
#[test]
fn a_file_size_limit_is_a_write_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = Command::new("sh")
        .args(["-c", "ulimit -f 400 && exec \"$0\" \"$@\""])
        .arg(binary())
        .args(["edition", "examples/dostor/edition.toml", "-o"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert!(
        !err.contains("ZipWriter") && !err.contains("panicked"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(tree(&out), Vec::<String>::new());
}

/// Standard output full (`>/dev/full`) with `--json`: the edition is written, the report cannot
/// be: exit 3 with the reason. Streams closed by the caller (`>&-`, `2>&-`, `<&-`) read and
/// write as `/dev/null`: the run goes on, nothing is written into the edition through a
/// descriptor number reused for it.
#[test]
fn closed_and_full_standard_streams_do_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let shell = |redirect: &str, args: &[&str]| {
        Command::new("sh")
            .args(["-c", &format!("exec \"$0\" \"$@\" {redirect}")])
            .arg(binary())
            .args(args)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let edition = [
        "edition",
        "examples/dostor/edition.toml",
        "-o",
        out.to_str().unwrap(),
        "--json",
    ];
    let o = shell(">/dev/full", &edition);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("cannot write on standard output: No space left on device"),
        "{err}"
    );
    assert_eq!(
        files_in(&out),
        ["الدستور-2021-06-28.epub", "الدستور-2021-06-28.pdf"]
    );
    let o = shell(">&-", &edition);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = shell("2>&-", &edition);
    assert_eq!(o.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for f in report["outputs"].as_array().unwrap() {
        let bytes = fs::read(f["path"].as_str().unwrap()).unwrap();
        assert_eq!(f["bytes"].as_u64().unwrap(), bytes.len() as u64);
        assert!(bytes.starts_with(b"PK") || bytes.starts_with(b"%PDF"));
    }
    let o = shell("2>&-", &["check", "no-such-file.json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = shell("2>/dev/full", &["check", "no-such-file.json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = shell("<&-", &["check", "-"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(staging_files(&out), Vec::<String>::new());
}

/// A reader that went away (`| head -c 0`): exit 141 quietly, as a tool killed by SIGPIPE; the
/// edition is complete. The pipe's read end is closed before sahifa starts, so every write to
/// standard output fails.
#[test]
fn a_broken_pipe_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let broken = || {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        writer
    };
    let o = Command::new(binary())
        .args(["edition", "examples/dostor/edition.toml", "-o"])
        .arg(&out)
        .arg("--json")
        .current_dir(root())
        .stdout(broken())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(141), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert_eq!(
        files_in(&out),
        ["الدستور-2021-06-28.epub", "الدستور-2021-06-28.pdf"]
    );
    for args in [
        &["schema", "manifest"][..],
        &["check", "examples/dostor/edition.toml"],
    ] {
        let o = Command::new(binary())
            .args(args)
            .current_dir(root())
            .stdout(broken())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(141), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

/// Links planted in the output folder: at the old predictable staging names (never used now),
/// and at the edition's own names (replaced themselves; what they point to is not written),
/// and as the `articles/` folder of `--split` (refused, nothing written through it).
#[test]
fn planted_links_are_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let out = t.join("out");
    fs::create_dir(&out).unwrap();
    fs::create_dir(t.join("elsewhere")).unwrap();
    fs::write(t.join("victim"), b"precious").unwrap();
    for pid in 1..200 {
        let name = format!(".الدستور-2021-06-28.pdf.{pid}.tmp");
        std::os::unix::fs::symlink(t.join("victim"), out.join(name)).unwrap();
    }
    std::os::unix::fs::symlink(t.join("victim"), out.join("الدستور-2021-06-28.epub")).unwrap();
    std::os::unix::fs::symlink(t.join("elsewhere"), out.join("articles")).unwrap();
    let edition = root().join("examples/dostor/edition.toml");
    let run = |extra: &[&str]| {
        let mut c = Command::new(binary());
        c.arg("edition")
            .arg(&edition)
            .arg("-o")
            .arg(&out)
            .args(extra);
        c.output().unwrap()
    };
    let o = run(&["--split"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("articles: cannot write: it is a symbolic link"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_dir(t.join("elsewhere")).unwrap().count(), 0);
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read(t.join("victim")).unwrap(), b"precious");
    let epub = out.join("الدستور-2021-06-28.epub");
    assert!(epub.symlink_metadata().unwrap().is_file());
    assert_eq!(fs::read_dir(t.join("elsewhere")).unwrap().count(), 0);
    assert_eq!(staging_files(&out), Vec::<String>::new());
}

/// The PDF's name is taken by a folder: nothing is renamed, yesterday's EPUB stays whole, and
/// the published files have the permissions of any new file.
#[test]
fn half_an_edition_is_never_published() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("الدستور-2021-06-28.pdf")).unwrap();
    fs::write(out.join("الدستور-2021-06-28.epub"), b"yesterday").unwrap();
    let o = Command::new(binary())
        .args(["edition", "examples/dostor/edition.toml", "-o"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("a folder is in the way"), "{err}");
    assert_eq!(
        fs::read(out.join("الدستور-2021-06-28.epub")).unwrap(),
        b"yesterday"
    );
    assert_eq!(
        tree(&out),
        ["الدستور-2021-06-28.epub", "الدستور-2021-06-28.pdf"]
    );
    fs::remove_dir(out.join("الدستور-2021-06-28.pdf")).unwrap();
    let o = Command::new("sh")
        .args(["-c", "umask 027 && exec \"$0\" \"$@\""])
        .arg(binary())
        .args(["edition", "examples/dostor/edition.toml", "-o"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    use std::os::unix::fs::PermissionsExt;
    for f in files_in(&out) {
        let mode = out.join(&f).metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{f}");
    }
}
