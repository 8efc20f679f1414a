//! Files that lead out of the folder, claim billions of pixels, are not UTF-8, are empty or
//! are folders; nesting 100 000 deep; a bad line of JSON Lines.

use std::fs;

use super::common::*;
use super::{article_with_photo, day, expect, refused, run};

#[test]
fn photo_symlink_leading_outside_is_refused() {
    let tmp = day(&[("a.json", &article_with_photo("link.jpg"))]);
    std::os::unix::fs::symlink("../outside/secret.jpg", tmp.path().join("day/link.jpg")).unwrap();
    refused(
        tmp.path(),
        "a.json",
        &["a.json:image.src: `link.jpg` leads outside the input folder"],
    );
}

#[test]
fn dot_dot_inside_a_path_may_not_climb_out() {
    let tmp = day(&[
        (
            "a.json",
            &article_with_photo("sub/../../outside/secret.jpg"),
        ),
        ("b.json", &article_with_photo("sub/../ok.jpg")),
        ("sub/.keep", b""),
    ]);
    refused(
        tmp.path(),
        "a.json",
        &["a.json:image.src: `sub/../../outside/secret.jpg` leads outside the input folder"],
    );
    // Staying inside through `..` is fine.
    expect(&tmp.path().join("day"), &["check", "b.json"], b"", 0, &[]);
}

#[test]
fn manifest_entries_leading_outside_are_refused() {
    let manifest = b"name = \"x\"\narticles = [\"ok.json\", \"evil.json\", \"sub/\", \"/etc/passwd\"]\ncover = \"/etc/hostname\"\n";
    let tmp = day(&[
        ("edition.toml", manifest),
        ("ok.json", br#"{"title":"t","body":"p"}"#),
    ]);
    let d = tmp.path().join("day");
    std::os::unix::fs::symlink("../outside/evil.json", d.join("evil.json")).unwrap();
    std::os::unix::fs::symlink("../outside", d.join("sub")).unwrap();
    expect(
        &d,
        &["edition", "edition.toml", "-o", "out"],
        b"",
        2,
        &[
            "edition.toml:articles[1]: `evil.json` leads outside the manifest's folder",
            "edition.toml:articles[2]: `sub/` leads outside the manifest's folder",
            "edition.toml:articles[3]: `/etc/passwd` leads outside the manifest's folder",
            "edition.toml:cover.src: `/etc/hostname` is an absolute path",
        ],
    );
}

/// A real JPEG whose frame header is patched to claim 60000×60000 pixels, a GIF whose screen
/// claims 65535×65535 and one whose frame does: refused before any pixel is decoded.
#[test]
fn photo_headers_claiming_billions_of_pixels_are_refused() {
    let mut jpeg = fs::read(root().join("examples/dostor/photos/rocket.jpg")).unwrap();
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
    let mut gif = b"GIF89a\xff\xff\xff\xff\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    gif.extend_from_slice(b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;");
    // A 1×1 screen holding a 65535×65535 frame: the screen size alone would let it through.
    let mut frame = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    frame.extend_from_slice(b",\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02\x44\x01\x00;");
    // A real GIF, made by the image crate, passes.
    let mut fine = Vec::new();
    let pixels = image::RgbaImage::from_pixel(3, 2, image::Rgba([200, 10, 10, 255]));
    image::codecs::gif::GifEncoder::new(&mut fine)
        .encode(&pixels, 3, 2, image::ExtendedColorType::Rgba8)
        .unwrap();
    let tmp = day(&[
        ("a.json", &article_with_photo("bomb.jpg")),
        ("b.json", &article_with_photo("bomb.gif")),
        ("c.json", &article_with_photo("frame.gif")),
        ("d.json", &article_with_photo("fine.gif")),
        ("bomb.jpg", &jpeg),
        ("bomb.gif", &gif),
        ("frame.gif", &frame),
        ("fine.gif", &fine),
    ]);
    let megapixels = |file: &str, what: &str| {
        refused(tmp.path(), file, &[&format!("{file}:image.src: `"), what]);
    };
    megapixels("a.json", "is 60000×60000 = 3600 megapixels, over the 100");
    megapixels("b.json", "is 65535×65535 = 4294 megapixels, over the 100");
    megapixels(
        "c.json",
        "frame.gif` has a 65535×65535 frame outside its 1×1 screen",
    );
    expect(&tmp.path().join("day"), &["check", "d.json"], b"", 0, &[]);
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_place() {
    let tmp = day(&[
        ("a.md", b"---\ntitle: t\n---\nfine\n\nbad \xc0\xaf here\n"),
        ("b.json", b"\xff\xfe{\x00\"\x00t\x00"),
        ("c.json", b"{\"title\": \"\xed\xa0\x80\", \"body\": \"p\"}"),
        (
            "edition.toml",
            b"name = \"\xd8\"\narticles = [\"c.json\"]\n",
        ),
    ]);
    refused(
        tmp.path(),
        "a.md",
        &["a.md:6:5: is not valid UTF-8 (byte 0xC0)"],
    );
    refused(
        tmp.path(),
        "b.json",
        &[
            "b.json:1:1: is UTF-16 (byte order mark FF FE), not UTF-8",
            "iconv -f UTF-16",
        ],
    );
    // An encoded surrogate (CESU-8, "WTF-8") is not UTF-8 either.
    refused(
        tmp.path(),
        "c.json",
        &["c.json:1:12: is not valid UTF-8 (byte 0xED)"],
    );
    expect(
        &tmp.path().join("day"),
        &["edition", "edition.toml", "-o", "out"],
        b"",
        2,
        &["edition.toml:1:9: is not valid UTF-8 (byte 0xD8)"],
    );
}

#[test]
fn empty_files_say_they_are_empty() {
    let tmp = day(&[
        ("a.json", b""),
        ("b.json", b"  \n\n"),
        ("c.md", b""),
        ("empty.jpg", b""),
        ("d.json", &article_with_photo("empty.jpg")),
        ("edition.toml", b""),
    ]);
    refused(tmp.path(), "a.json", &["a.json:1:1: the file is empty"]);
    refused(tmp.path(), "b.json", &["b.json:1:1: the file is empty"]);
    refused(tmp.path(), "c.md", &["c.md:1:1: no YAML front matter"]);
    refused(
        tmp.path(),
        "d.json",
        &[
            "d.json:image.src: `",
            "empty.jpg` is not an image sahifa can read",
        ],
    );
    expect(
        &tmp.path().join("day"),
        &["edition", "edition.toml", "-o", "out"],
        b"",
        2,
        &["edition.toml:articles: the manifest lists no articles"],
    );
}

#[test]
fn folders_where_files_are_expected() {
    let tmp = day(&[
        ("a.json/.keep", b""),
        ("pic.jpg/.keep", b""),
        ("b.json", &article_with_photo("pic.jpg")),
        ("e.toml/.keep", b""),
        ("edition.toml", b"name = \"x\"\narticles = [\"a.json\"]\n"),
    ]);
    refused(
        tmp.path(),
        "a.json",
        &["a.json: the folder holds no article (*.json, *.md)"],
    );
    refused(
        tmp.path(),
        "b.json",
        &["b.json:image.src: `", "pic.jpg` is a folder"],
    );
    let d = tmp.path().join("day");
    expect(
        &d,
        &["check", "e.toml"],
        b"",
        2,
        &["e.toml: is a folder, not a regular file"],
    );
    expect(
        &d,
        &["edition", "edition.toml", "-o", "out"],
        b"",
        2,
        &["edition.toml:articles[0]: `a.json` matches no article file"],
    );
}

/// Nesting 100 000 deep: parsers must stop at their recursion limit (or skip iteratively), never
/// overflow the stack of the worker thread that parses the article.
#[test]
fn nesting_a_hundred_thousand_deep() {
    let deep = |open: &str, close: &str| open.repeat(100_000) + &close.repeat(100_000);
    let block = format!(
        r#"{{"title":"t","body":[{{"type":"paragraph","text":"p","x":{}}}]}}"#,
        deep("[", "]")
    );
    let unknown = format!(
        r#"{{"title":"t","body":"p","image":{{"src":"ok.jpg","alt":"a","x":{}1{}}}}}"#,
        r#"{"a":"#.repeat(100_000),
        "}".repeat(100_000)
    );
    let unclosed = format!(r#"{{"title":"t","body":"p","x":{}"#, "[".repeat(100_000));
    let yaml = format!("---\ntitle: t\nx: {}\n---\nbody\n", deep("[", "]"));
    let quotes = format!("---\ntitle: t\n---\n{}quote\n", "> ".repeat(100_000));
    let toml = format!("name = \"x\"\narticles = {}\n", deep("[", "]"));
    let tmp = day(&[
        ("a.json", block.as_bytes()),
        ("b.json", unknown.as_bytes()),
        ("c.json", unclosed.as_bytes()),
        ("d.md", yaml.as_bytes()),
        ("e.md", quotes.as_bytes()),
        ("edition.toml", toml.as_bytes()),
    ]);
    let d = tmp.path().join("day");
    // Inside a block, serde buffers the map to find its "type": that recursion is limited.
    refused(
        tmp.path(),
        "a.json",
        &["a.json:1:181: malformed JSON: recursion limit exceeded"],
    );
    // An unknown field is skipped without recursion, however deep, and named in a warning.
    let err = expect(
        &d,
        &["check", "b.json"],
        b"",
        0,
        &["b.json:image.x: unknown field, ignored"],
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    refused(
        tmp.path(),
        "c.json",
        &["c.json:", "malformed JSON: EOF while parsing a list"],
    );
    // YAML is refused before parsing: libyaml takes time in size × depth (100 000: 20 s).
    refused(
        tmp.path(),
        "d.md",
        &["d.md:3:68: the front matter opens more than 64 `[` or `{`"],
    );
    // Up to the limit, YAML's own recursion limit (128) is not reached and the field is ignored.
    let fine = format!(
        "---\ntitle: t\nx: {}{}\n---\nbody\n",
        "[".repeat(64),
        "]".repeat(64)
    );
    fs::write(d.join("f.md"), fine).unwrap();
    expect(
        &d,
        &["check", "f.md"],
        b"",
        0,
        &["f.md:x: unknown field, ignored"],
    );
    // Markdown quotes in quotes are flattened into the block model.
    expect(&d, &["check", "e.md"], b"", 0, &[]);
    expect(
        &d,
        &["edition", "edition.toml", "-o", "out"],
        b"",
        2,
        &[
            "edition.toml:2:",
            "malformed manifest: recursion limit exceeded",
        ],
    );
}

/// JSON Lines on standard input: a bad line is named `-:N` (blank lines count), the others are
/// fine, and nothing is written; with `--keep-going` the bad line is skipped (exit 1).
#[test]
fn json_lines_with_one_bad_line() {
    let tmp = day(&[]);
    let d = tmp.path().join("day");
    let lines = b"{\"title\":\"a\",\"body\":\"p\"}\n\n{\"title\":\"b\",\"body\":\"p\"}\n{\"title\":\"c\",\"body\":\"p\"\n{\"title\":\"d\",\"body\":\"p\"}\n";
    let err = expect(
        &d,
        &["epub", "-", "-o", "out.epub"],
        lines,
        2,
        &[
            "-:4:23: malformed JSON: EOF while parsing an object",
            "1 problem(s) found",
        ],
    );
    assert!(
        !err.contains("-:1") && !err.contains("-:3") && !err.contains("-:5"),
        "{err}"
    );
    expect(
        &d,
        &["epub", "-", "-o", "out.epub"],
        b"{\"title\":\"a\",\"body\":\"p\"}\n{\"title\":\"b\xff\",\"body\":\"p\"}\n",
        2,
        &["-:2:12: is not valid UTF-8 (byte 0xFF)"],
    );
    let out = run(&d, &["check", "-", "--keep-going", "--json"], lines);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["counts"]["articles"], 3, "{report}");
    assert_eq!(report["skipped"][0]["file"], "-", "{report}");
    assert_eq!(report["skipped"][0]["location"], "4:23", "{report}");
}
