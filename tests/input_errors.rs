//! Broken and hostile inputs: each gets a one-line message naming the file and the place, a
//! non-zero exit, and no output file.

mod common;
use common::*;
use std::fs;

/// Writes `files` into a fresh folder with a photo, runs `sahifa epub` on `inputs`, and checks
/// exit code 2, every `expected` fragment in standard error, and that no file was written.
fn rejects(files: &[(&str, &[u8])], inputs: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        root().join("examples/dostor/photos/rocket.jpg"),
        dir.path().join("ok.jpg"),
    )
    .unwrap();
    for (name, content) in files {
        if let Some(parent) = dir.path().join(name).parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(dir.path().join(name), content).unwrap();
    }
    let before = files_in(dir.path());
    let mut args = vec!["epub"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["-o", "out.epub"]);
    let out = sahifa(dir.path(), &args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "exit code; stderr:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected «{e}» in:\n{err}");
    }
    assert_eq!(files_in(dir.path()), before, "no file may be written");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn malformed_json_names_line_and_column() {
    rejects(
        &[(
            "a.json",
            b"{\"title\": \"t\",\n  \"body\": \"x\"\n  \"kicker\": 1}",
        )],
        &["a.json"],
        &["a.json:3:3: malformed JSON: expected `,` or `}`"],
    );
}

#[test]
fn missing_field_names_json_path() {
    let a = br#"{"title":"t","body":[{"type":"paragraph","text":"a"},{"type":"paragraph","text":"b"},{"type":"heading","text":"h"},{"type":"paragraph"}]}"#;
    rejects(
        &[("a.json", a)],
        &["a.json"],
        &["a.json:body[3].text: missing field `text`"],
    );
}

#[test]
fn wrong_type_names_field() {
    rejects(
        &[("a.json", br#"{"title": 5, "body": "x"}"#)],
        &["a.json"],
        &["a.json:title: invalid type: integer `5`"],
    );
}

#[test]
fn missing_title_and_empty_body() {
    rejects(
        &[("a.json", br#"{"body": []}"#)],
        &["a.json"],
        &["a.json:title: missing field `title`"],
    );
    rejects(
        &[("b.json", br#"{"title": "t", "body": []}"#)],
        &["b.json"],
        &["b.json:body: the body is empty"],
    );
}

#[test]
fn missing_image() {
    let a = br#"{"title":"t","body":"p","image":{"src":"nope.jpg","alt":"x"}}"#;
    rejects(
        &[("a.json", a)],
        &["a.json"],
        &["a.json:image.src: image", "nope.jpg` does not exist"],
    );
}

#[test]
fn image_path_leaving_the_folder() {
    let a = br#"{"title":"t","body":"p","image":{"src":"../ok.jpg","alt":"x"}}"#;
    rejects(
        &[("sub/a.json", a)],
        &["sub/a.json"],
        &["a.json:image.src: `../ok.jpg` leads outside the input folder"],
    );
    let b = br#"{"title":"t","body":"p","image":{"src":"/etc/hostname","alt":"x"}}"#;
    rejects(
        &[("b.json", b)],
        &["b.json"],
        &["b.json:image.src: `/etc/hostname` is an absolute path"],
    );
}

#[test]
fn not_an_image_and_truncated_image() {
    let jpeg = fs::read(root().join("examples/dostor/photos/rocket.jpg")).unwrap();
    let a = br#"{"title":"t","body":[{"type":"image","src":"fake.jpg","alt":"x"},{"type":"image","src":"cut.jpg","alt":"y"}]}"#;
    rejects(
        &[
            ("a.json", a),
            ("fake.jpg", b"this is text"),
            ("cut.jpg", &jpeg[..jpeg.len() / 2]),
        ],
        &["a.json"],
        &[
            "a.json:body[0].src: `",
            "fake.jpg` is not an image",
            "a.json:body[1].src: `",
            "cut.jpg` is truncated",
        ],
    );
}

/// A PNG whose header claims 20000×20000 pixels: refused from the header, never decoded.
#[test]
fn decompression_bomb_is_refused() {
    let mut png = Vec::new();
    png.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(b"IHDR");
    ihdr.extend_from_slice(&20000u32.to_be_bytes());
    ihdr.extend_from_slice(&20000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // A valid, empty zlib stream as the image data: the header alone must get it refused.
    let mut idat = b"IDAT".to_vec();
    idat.extend_from_slice(&[
        0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
    ]);
    png.extend_from_slice(&(idat.len() as u32 - 4).to_be_bytes());
    png.extend_from_slice(&idat);
    png.extend_from_slice(&crc32(&idat).to_be_bytes());
    png.extend_from_slice(&0u32.to_be_bytes());
    png.extend_from_slice(b"IEND");
    png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
    let a = br#"{"title":"t","body":"p","image":{"src":"bomb.png","alt":"x"}}"#;
    rejects(
        &[("a.json", a), ("bomb.png", &png)],
        &["a.json"],
        &[
            "a.json:image.src: `",
            "400 megapixels, over the 100 megapixel limit",
        ],
    );
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn invalid_utf8_names_line() {
    rejects(
        &[("a.json", b"{\"title\": \"t\",\n\"body\": \"\xff\"}")],
        &["a.json"],
        &["a.json:2:10: is not valid UTF-8"],
    );
}

#[test]
fn malformed_manifest_names_line_and_unknown_keys() {
    rejects(
        &[("edition.toml", b"name = \"x\"\narticles = [\n")],
        &["edition.toml"],
        &["edition.toml:", "malformed manifest"],
    );
    rejects(
        &[
            (
                "edition.toml",
                b"name = \"x\"\narticles = [\"a.json\"]\n[pdf]\ncolumns = 3\npaper = \"a9\"\n",
            ),
            ("a.json", br#"{"title":"t","body":"p"}"#),
        ],
        &["edition.toml"],
        &["edition.toml:pdf.paper: unknown variant `a9`"],
    );
    rejects(
        &[(
            "edition.toml",
            b"name = \"x\"\narticles = [\"../a.json\"]\n",
        )],
        &["edition.toml"],
        &["`../a.json` leads outside the manifest's folder"],
    );
}

#[test]
fn check_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.json"), br#"{"title": 1, "body": "x"}"#).unwrap();
    fs::write(
        dir.path().join("b.json"),
        br#"{"title": "t", "body": [{"type":"quote"}]}"#,
    )
    .unwrap();
    fs::write(
        dir.path().join("c.json"),
        br#"{"title": "t", "body": "ok"}"#,
    )
    .unwrap();
    let out = sahifa(dir.path(), &["check", ".", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{report}");
    assert_eq!(errors[0]["location"], "title");
    assert_eq!(errors[1]["location"], "body[0].text");
    assert!(errors[1]["file"].as_str().unwrap().ends_with("b.json"));
}

#[test]
fn duplicate_ids_are_refused() {
    rejects(
        &[
            ("a.json", br#"{"id":"x","title":"t","body":"p"}"#),
            ("b.json", br#"{"id":"x","title":"u","body":"q"}"#),
        ],
        &["a.json", "b.json"],
        &["b.json:id: article id `x` is already used by a.json"],
    );
}

#[test]
fn usage_errors_exit_64() {
    let out = sahifa(&root(), &["epub", "examples/dostor/edition.toml"]);
    assert_eq!(out.status.code(), Some(64));
    let out = sahifa(&root(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Exit codes"));
}

#[test]
fn schema_describes_articles_and_manifests() {
    let out = sahifa(&root(), &["schema", "article"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["title"]);
    // The body, as blocks or text, or as HTML: one of them.
    assert_eq!(
        schema["oneOf"],
        serde_json::json!([{"required": ["body"]}, {"required": ["body_html"]}])
    );
    for field in [
        "id",
        "lang",
        "dir",
        "section",
        "kicker",
        "subtitle",
        "byline",
        "published",
        "source_url",
        "image",
    ] {
        assert!(
            schema["properties"][field].is_object(),
            "article schema lacks {field}"
        );
    }
    let out = sahifa(&root(), &["schema", "manifest"]);
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for field in [
        "name", "tagline", "date", "lang", "number", "articles", "sections", "cover", "logo",
        "epub", "pdf",
    ] {
        assert!(
            schema["properties"][field].is_object(),
            "manifest schema lacks {field}"
        );
    }
}

#[test]
fn font_files_must_stay_in_the_edition_folder() {
    rejects(
        &[
            ("edition.toml", b"name = \"x\"\narticles = [\"a.json\"]\n[pdf.fonts]\nbody = \"/etc/hostname\"\n"),
            ("a.json", br#"{"title":"t","body":"p"}"#),
        ],
        &["edition.toml"],
        &["edition.toml:pdf.fonts.body: font file `/etc/hostname` is outside the edition's folder"],
    );
}
