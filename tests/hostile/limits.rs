//! Inputs that are not what they claim or are too much of it: FIFOs and devices where files are
//! expected, settings out of range (as flags and in the manifest, refused alike), photos over
//! the size limit, PNG chunks that inflate to gigabytes, a JPEG damaged in its middle, fonts
//! that are not fonts, names too long for the filesystem and `--split` names that collide.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::common::*;
use super::faults::{binary, finish};
use super::{article_with_photo, day, expect, refused};

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Runs `args` in `dir` guarded against a hang; returns (exit code, stderr).
fn guarded(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let child = std::process::Command::new(binary())
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let o = finish(child);
    (o.status.code(), stderr(&o))
}

/// A FIFO as a photo (directly, through a link, as the cover), as an article and as a font:
/// refused at once, naming the path; nothing waits for a writer that never comes.
#[test]
fn fifos_are_refused_not_waited_on() {
    let tmp = day(&[
        ("a.json", &article_with_photo("pipe.jpg")),
        ("b.json", &article_with_photo("link.jpg")),
        ("ok.json", br#"{"title":"t","body":"p"}"#),
        (
            "edition.toml",
            b"name = \"x\"\narticles = [\"ok.json\", \"art.json\"]\ncover = \"pipe.jpg\"\n[pdf.fonts]\nbody = \"font.ttf\"\n",
        ),
    ]);
    let d = tmp.path().join("day");
    mkfifo(&d.join("pipe.jpg"));
    mkfifo(&d.join("art.json"));
    mkfifo(&d.join("font.ttf"));
    std::os::unix::fs::symlink("pipe.jpg", d.join("link.jpg")).unwrap();
    for (file, shown) in [("a.json", "pipe.jpg"), ("b.json", "pipe.jpg")] {
        let (code, err) = guarded(&d, &["epub", file, "-o", "out.epub"]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains(&format!(
                "{shown}` is a FIFO (named pipe), not a regular file"
            )),
            "{err}"
        );
    }
    let (code, err) = guarded(&d, &["epub", "art.json", "-o", "out.epub"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("art.json: is a FIFO (named pipe), not a regular file"),
        "{err}"
    );
    let (code, err) = guarded(&d, &["edition", "edition.toml", "-o", "out"]);
    assert_eq!(code, Some(2), "{err}");
    for fragment in [
        "art.json: is a FIFO (named pipe), not a regular file",
        "edition.toml:cover.src: `",
        "edition.toml:pdf.fonts.body: font file `font.ttf` is a FIFO (named pipe), not a regular file",
    ] {
        assert!(err.contains(fragment), "«{fragment}» in:\n{err}");
    }
    assert!(!d.join("out").exists() && !d.join("out.epub").exists());
    // A character device is no better.
    let (code, err) = guarded(&d, &["check", "/dev/zero"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("/dev/zero: is a device, not a regular file"),
        "{err}"
    );
}

/// The same bad values as flags and in the manifest: refused alike, every one listed, exit 2;
/// NaN and infinity never reach the layout. Malformed flags stay a usage error (64).
#[test]
fn settings_are_checked_alike_from_flags_and_manifest() {
    let tmp = day(&[
        ("a.json", br#"{"title":"t","body":"p"}"#),
        ("good.toml", b"name = \"x\"\narticles = [\"a.json\"]\n"),
        (
            "bad.toml",
            b"name = \"x\"\narticles = [\"a.json\"]\n[pdf]\ncolumns = 1000\nmargin_mm = -5.0\nbody_size = nan\n",
        ),
        (
            "narrow.toml",
            b"name = \"x\"\narticles = [\"a.json\"]\n[pdf]\ncolumns = 8\nmargin_mm = 60\nbody_size = 12\n",
        ),
    ]);
    let d = tmp.path().join("day");
    let pdf = |extra: &[&str]| {
        let mut args = vec!["pdf", "good.toml", "-o", "out.pdf"];
        args.extend_from_slice(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let cases: &[(&[&str], &[&str])] = &[
        (&["--columns", "0"], &["--columns: 0 is out of range — use 1 to 8 columns"]),
        (&["--columns", "1000"], &["--columns: 1000 is out of range"]),
        (&["--margin-mm", "500"], &["--margin-mm: 500 is out of range — use 0 to 80 millimetres"]),
        (&["--margin-mm", "-5"], &["--margin-mm: -5 is out of range"]),
        (&["--body-size", "NaN"], &["--body-size: NaN is not a number — use 5 to 36 points"]),
        (&["--body-size", "inf"], &["--body-size: inf is not a finite number"]),
        (
            &["--columns", "0", "--margin-mm", "500", "--body-size", "inf"],
            &["--columns: 0 is out of range", "--margin-mm: 500 is out of range", "--body-size: inf is not"],
        ),
        (
            &["--columns", "8", "--margin-mm", "60", "--body-size", "12"],
            &["--columns/--margin-mm/--body-size: 8 column(s) of 12 pt text with 60 mm margins leave columns"],
        ),
    ];
    for (flags, fragments) in cases {
        let args = pdf(flags);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = expect(&d, &args, b"", 2, fragments);
        assert!(!err.contains("panicked"), "{err}");
    }
    expect(
        &d,
        &["pdf", "bad.toml", "-o", "out.pdf"],
        b"",
        2,
        &[
            "bad.toml:pdf.margin_mm: -5 is out of range — use 0 to 80 millimetres",
            "bad.toml:pdf.columns: 1000 is out of range — use 1 to 8 columns",
            "bad.toml:pdf.body_size: NaN is not a number — use 5 to 36 points",
            "3 problem(s) found; nothing written.",
        ],
    );
    expect(
        &d,
        &["pdf", "narrow.toml", "-o", "out.pdf"],
        b"",
        2,
        &["narrow.toml:pdf: 8 column(s) of 12 pt text with 60 mm margins leave columns"],
    );
    // A flag that is not a number is a malformed command line.
    expect(
        &d,
        &["pdf", "good.toml", "-o", "out.pdf", "--columns", "x"],
        b"",
        64,
        &[],
    );
}

/// Photos over the 64 MiB input limit (a sparse file: nothing big on disk), a PNG whose colour
/// profile inflates to 64 MiB, a JPEG damaged in its middle: refused, naming the photo.
#[test]
fn photos_over_the_limits_are_refused() {
    let jpeg = fs::read(root().join("examples/dostor/photos/rocket.jpg")).unwrap();
    let mut damaged = jpeg.clone();
    let middle = damaged.len() / 2;
    let mut x: u32 = 12345;
    for b in &mut damaged[middle..middle + 2000] {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        *b = (x >> 16) as u8;
    }
    let tmp = day(&[
        ("big.json", &article_with_photo("big.jpg")),
        ("bomb.json", &article_with_photo("bomb.png")),
        ("damaged.json", &article_with_photo("damaged.jpg")),
        ("damaged.jpg", &damaged),
        ("bomb.png", &png_with_profile_bomb()),
        ("big.jpg", &jpeg),
    ]);
    let d = tmp.path().join("day");
    fs::OpenOptions::new()
        .write(true)
        .open(d.join("big.jpg"))
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    refused(
        tmp.path(),
        "big.json",
        &["big.jpg` is 65 MiB, over the 64 MiB limit for one input file"],
    );
    refused(
        tmp.path(),
        "bomb.json",
        &["bomb.png` has a iCCP chunk that inflates past 1 MiB (a decompression bomb)"],
    );
    refused(
        tmp.path(),
        "damaged.json",
        &["damaged.jpg` is damaged: its image data holds a marker"],
    );
}

/// A 1×1 PNG with an `iCCP` chunk of 64 KB that inflates to 64 MiB.
fn png_with_profile_bomb() -> Vec<u8> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&[0, 0, 0], 1, 1, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        z.write_all(&zeros).unwrap();
    }
    let mut data = b"icc\0\0".to_vec();
    data.extend(z.finish().unwrap());
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(b"iCCP");
    chunk.extend_from_slice(&data);
    let mut crc = flate2::Crc::new();
    crc.update(b"iCCP");
    crc.update(&data);
    chunk.extend_from_slice(&crc.sum().to_be_bytes());
    let ihdr_end = 8 + 25;
    png.splice(ihdr_end..ihdr_end, chunk);
    png
}

/// Font files that are not fonts, are cut short, or are WOFF2: every one listed, exit 2,
/// before any work.
#[test]
fn bad_fonts_are_all_listed_up_front() {
    let naskh = fs::read(root().join("fonts/NotoNaskhArabic-Regular.ttf")).unwrap();
    let mut woff2 = b"wOF2\x00\x01\x00\x00".to_vec();
    woff2.extend_from_slice(&[0; 40]);
    let manifest = b"name = \"x\"\narticles = [\"a.json\"]\n[pdf.fonts]\nbody = \"junk.ttf\"\nbold = \"cut.ttf\"\nheadline = \"web.woff2\"\nlatin = \"none.ttf\"\n";
    let tmp = day(&[
        ("a.json", br#"{"title":"t","body":"p"}"#),
        ("edition.toml", manifest),
        ("junk.ttf", b"this is not a font at all"),
        ("cut.ttf", &naskh[..naskh.len() / 2]),
        ("web.woff2", &woff2),
    ]);
    expect(
        &tmp.path().join("day"),
        &["pdf", "edition.toml", "-o", "out.pdf"],
        b"",
        2,
        &[
            "edition.toml:pdf.fonts.body: font file `junk.ttf` is not a TrueType or OpenType font",
            "edition.toml:pdf.fonts.bold: font file `cut.ttf` is cut short",
            "edition.toml:pdf.fonts.headline: font file `web.woff2` is a WOFF web font",
            "edition.toml:pdf.fonts.latin: font file `none.ttf` cannot be read",
            "4 problem(s) found; nothing written.",
        ],
    );
}

/// An edition name of 300 bytes: the files get a name cut to 255 bytes with a hash; `--split`
/// with two ids that slug alike: both written, the second with `-2`.
#[test]
fn names_fit_and_do_not_collide() {
    let name = "ا".repeat(150); // 300 bytes
    let manifest =
        format!("name = \"{name}\"\ndate = 2021-06-28\narticles = [\"a.json\", \"b.json\"]\n");
    let tmp = day(&[
        ("a.json", br#"{"id":"Hello World","title":"t","body":"p"}"#),
        ("b.json", br#"{"id":"hello-world","title":"u","body":"q"}"#),
        ("edition.toml", manifest.as_bytes()),
    ]);
    let d = tmp.path().join("day");
    let (code, err) = guarded(
        &d,
        &["edition", "edition.toml", "-o", "out", "--split", "-q"],
    );
    assert_eq!(code, Some(0), "{err}");
    let files = files_in(&d.join("out"));
    assert_eq!(files.len(), 3, "{files:?}");
    for f in files.iter().filter(|f| *f != "articles") {
        assert!(f.len() <= 255 && f.starts_with("اا"), "{f}");
    }
    assert_eq!(
        files_in(&d.join("out/articles")),
        ["hello-world-2.epub", "hello-world.epub"]
    );
}

/// A syntax error on line 2 of standard input is at `-:2:COLUMN`, not `-:2:1:COLUMN`.
#[test]
fn standard_input_errors_name_the_line_once() {
    let tmp = day(&[]);
    let err = expect(
        &tmp.path().join("day"),
        &["check", "-"],
        b"{\"title\":\"t\",\"body\":\"p\"}\n{\"title\": x}\n",
        2,
        &["-:2:11: malformed JSON"],
    );
    assert!(!err.contains("-:2:1:"), "{err}");
}
