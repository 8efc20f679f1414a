//! Tests on real data: the seed article from Al-Dostor as scraped, an English article, real
//! photos (`tests/data/photos/`), and EPUBCheck 5 on the result.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::*;
use crate::model::{
    defaults, Block, BodyBlock, Direction, EpubSettings, FontOverrides, ImageFormat, PdfSettings,
    Phrase, Section, TextLang,
};
use crate::text::fonts::builtin;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

pub(super) fn photo(file: &Path, format: ImageFormat, orientation: u8, alt: &str) -> Image {
    let (width, height) = image::image_dimensions(file).expect("test photo");
    Image {
        src: file.file_name().unwrap().to_string_lossy().into_owned(),
        path: file.to_path_buf(),
        alt: alt.to_string(),
        caption: None,
        credit: None,
        width,
        height,
        format,
        orientation,
    }
}

/// The seed: headline, short caption (alt), long caption, body blocks.
pub(super) fn seed() -> (String, String, String, Vec<Block>) {
    let text = std::fs::read_to_string(data("dostor-qatar-blinken.txt")).unwrap();
    let parts: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let (alt, caption) = parts[2].split_once('\n').unwrap();
    let body = parts[3..]
        .iter()
        .map(|p| match *p {
            "الاجتماع الوزاري لأعضاء التحالف الدولي" => {
                Block::Heading(p.to_string())
            }
            _ => Block::Paragraph((*p).into()),
        })
        .collect();
    (
        parts[1].to_string(),
        alt.to_string(),
        caption.to_string(),
        body,
    )
}

fn article(id: &str, title: &str, lang: &str, section: Option<&str>, body: Vec<Block>) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        lang: lang.into(),
        dir: Direction::of_lang(lang),
        section: section.map(str::to_string),
        kicker: None,
        subtitle: None,
        byline: None,
        published: NaiveDate::from_ymd_opt(2021, 6, 28),
        source_url: None,
        image: None,
        body: body.into_iter().map(BodyBlock::from).collect(),
        priority: None,
        source: PathBuf::from(format!("{id}.json")),
    }
}

pub(super) fn edition_with(sections: Vec<Section>) -> Edition {
    Edition {
        name: "الدستور".into(),
        tagline: Some("رئيس مجلسى الإدارة والتحرير محمد الباز".into()),
        date: NaiveDate::from_ymd_opt(2021, 6, 28),
        lang: "ar".into(),
        dir: Direction::Rtl,
        number: Some(1234),
        cover: None,
        // The photo cover these tests were written for; the generated one has tests of its own.
        cover_photo: true,
        logo: None,
        hijri: Some(0),
        sections,
        epub: EpubSettings {
            max_image_edge: defaults::EPUB_MAX_IMAGE_EDGE,
            jpeg_quality: defaults::EPUB_JPEG_QUALITY,
            embed_fonts: true,
        },
        pdf: PdfSettings {
            paper: defaults::PDF_PAPER,
            margin_mm: defaults::PDF_MARGIN_MM,
            columns: defaults::pdf_columns(defaults::PDF_PAPER),
            pages: None,
            body_size: defaults::PDF_BODY_SIZE,
            fonts: FontOverrides::default(),
            design: Default::default(),
            front: Vec::new(),
        },
    }
}

/// An Arabic paragraph whose phone number, e-mail address and URL must read as written.
pub(super) const PHONE_PARAGRAPH: &str =
    "https://www.dostor.org/3125 رابط الخبر، وللاستفسار اتصل على +20 2 1234 5678 أو راسل info@dostor.org.";

pub(super) const EN_TITLE: &str = "Grace Hopper's \"bug\" goes on show in Washington";

/// Three sections' worth: the seed (politics), an English piece, and an unsectioned article that
/// reuses the seed's photo, quotes, lists and shows a sideways phone photo.
pub(super) fn edition() -> Edition {
    let (title, alt, caption, body) = seed();
    let mut lead = photo(
        &data("photos/hubble_deep_field.jpg"),
        ImageFormat::Jpeg,
        1,
        &alt,
    );
    lead.caption = Some(caption.into());
    lead.credit = Some("NASA".into());
    let mut politics = article("qatar-blinken", &title, "ar", Some("سياسة"), body);
    politics.kicker = Some("على هامش مؤتمر روما".into());
    politics.byline = Some("كتب: محرر الشؤون الخارجية".into());
    politics.image = Some(lead.clone());

    let mut hopper = photo(
        &data("photos/grace_hopper.jpg"),
        ImageFormat::Jpeg,
        1,
        "Grace Hopper in uniform",
    );
    hopper.caption = Some("Rear Admiral Grace Hopper, 1984.".into());
    hopper.credit = Some("US Navy".into());
    let mut english = article(
        "hopper",
        EN_TITLE,
        "en",
        Some("ثقافة"),
        vec![
            Block::Paragraph("The logbook page with the moth taped to it, found in the Mark II at Harvard on 9 September 1947, is on display at the Smithsonian's National Museum of American History.".into()),
            Block::Quote { text: "It's easier to ask forgiveness than it is to get permission.".into(), cite: Some("Grace Hopper".into()) },
            Block::List { ordered: true, items: vec!["Mark I (1944)".into(), "UNIVAC I (1951)".into(), "COBOL (1959)".into()] },
        ],
    );
    english.subtitle = Some("A moth, a relay and a word that stuck".into());
    english.image = Some(hopper);

    let mut rocket = photo(
        &data("photos/rocket.jpg"),
        ImageFormat::Jpeg,
        6,
        "صاروخ فالكون 9 عند الإقلاع",
    );
    rocket.caption = Some("إطلاق صاروخ فالكون 9 حاملًا القمر الصناعي DSCOVR".into());
    rocket.credit = Some("SpaceX".into());
    let brief = article(
        "brief",
        "موجز: 83 دولة في التحالف الدولي منذ 2014",
        "ar",
        None,
        vec![
            Block::Paragraph(
                "تشكل التحالف الدولي ضد «داعش» عام 2014، وانضمت إلى عضويته 83 دولة.".into(),
            ),
            Block::Paragraph(PHONE_PARAGRAPH.into()),
            Block::List {
                ordered: false,
                items: vec!["روما".into(), "واشنطن".into(), "الدوحة".into()],
            },
            Block::Image(rocket),
            Block::Image(lead),
        ],
    );
    edition_with(vec![
        Section {
            name: Some("سياسة".into()),
            articles: vec![politics],
        },
        Section {
            name: Some("ثقافة".into()),
            articles: vec![english],
        },
        Section {
            name: None,
            articles: vec![brief],
        },
    ])
}

/// An EPUB written into memory, with what the writer reports.
pub(super) struct Written {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
    pub photos: usize,
}

/// The bytes by their length only: a failing `unwrap_err` prints this.
impl std::fmt::Debug for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Written")
            .field("bytes", &self.bytes.len())
            .field("warnings", &self.warnings)
            .field("photos", &self.photos)
            .finish()
    }
}

impl Written {
    fn new(
        write: impl FnOnce(&mut Cursor<Vec<u8>>) -> Result<EpubOutput, EpubError>,
    ) -> Result<Self, EpubError> {
        let mut out = Cursor::new(Vec::new());
        let EpubOutput { warnings, photos } = write(&mut out)?;
        Ok(Written {
            bytes: out.into_inner(),
            warnings,
            photos,
        })
    }
}

/// [`write_epub`] into memory.
pub(super) fn written(edition: &Edition, options: &EpubOptions) -> Result<Written, EpubError> {
    Written::new(|out| write_epub(edition, options, None, out))
}

/// [`write_article_epub`] into memory.
pub(super) fn written_article(
    edition: &Edition,
    article: &Article,
    options: &EpubOptions,
) -> Result<Written, EpubError> {
    Written::new(|out| write_article_epub(edition, article, options, None, out))
}

/// The archive's entries, in order.
pub(super) fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().to_string(), v)
        })
        .collect()
}

fn text_of(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files[name].clone()).unwrap()
}

/// The `<html …>` start tag of an XHTML document.
fn html_tag(xhtml: &str) -> &str {
    let start = xhtml.find("<html").unwrap();
    &xhtml[start..start + xhtml[start..].find('>').unwrap()]
}

/// XHTML text with the five XML entities turned back into characters.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn rtl_package_and_every_page_has_a_direction() {
    let out = written(&edition(), &EpubOptions::default()).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let list = entries(&out.bytes);
    assert_eq!(
        list[0],
        ("mimetype".to_string(), b"application/epub+zip".to_vec())
    );
    let files: BTreeMap<_, _> = list.into_iter().collect();
    let opf = text_of(&files, "OEBPS/content.opf");
    assert!(opf.contains(r#"page-progression-direction="rtl""#), "{opf}");
    assert!(opf.contains(">ar</dc:language>"), "{opf}");
    assert!(opf.contains("<dc:creator id=\"sahifa-creator\">الدستور</dc:creator>"));
    assert!(opf.contains("<dc:date>2021-06-28T00:00:00Z</dc:date>"));
    assert!(opf.contains("schema:accessibilitySummary"));
    assert!(opf.contains("properties=\"cover-image\""));

    let mut pages = 0;
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let xhtml = std::str::from_utf8(bytes).unwrap();
        let tag = html_tag(xhtml);
        assert!(
            tag.contains(" dir=\"") && tag.contains(" lang=\"") && tag.contains(" xml:lang=\""),
            "{name}: {tag}"
        );
        assert!(xhtml.starts_with("<?xml"), "{name}");
        pages += 1;
    }
    assert_eq!(pages, 5, "nav, masthead, three articles");
    let english = files
        .values()
        .map(|b| std::str::from_utf8(b).unwrap())
        .find(|x| unescape(x).contains(EN_TITLE))
        .unwrap();
    let english = files
        .iter()
        .find(|(n, b)| n.contains("article") && b == &english.as_bytes())
        .unwrap();
    let english = std::str::from_utf8(english.1).unwrap();
    assert!(
        html_tag(english).contains(r#"dir="ltr""#) && html_tag(english).contains(r#"lang="en""#)
    );
    // Its section label is in the edition's language, so it carries its own direction.
    assert!(english.contains(
        r#"<p class="section" id="section" lang="ar" xml:lang="ar" dir="rtl">ثقافة</p>"#
    ));
    let nav = text_of(&files, "OEBPS/nav.xhtml");
    assert!(html_tag(&nav).contains(r#"dir="rtl""#));
    assert!(
        nav.contains(r#"lang="en" xml:lang="en" dir="ltr">Grace Hopper"#),
        "{nav}"
    );
    assert!(
        !text_of(&files, "OEBPS/stylesheet.css").contains("direction:"),
        "CSS-001"
    );
}

#[test]
fn seed_text_and_captions_come_out_verbatim() {
    let out = written(&edition(), &EpubOptions::default()).unwrap();
    let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
    let page = unescape(&text_of(&files, "OEBPS/article-001.xhtml"));
    let (title, alt, caption, body) = seed();
    assert!(page.contains(&format!("<h1>{title}</h1>")));
    assert!(page.contains(&format!("alt=\"{alt}\"")));
    assert!(page.contains(&format!("<p class=\"caption\">{caption}</p>")));
    assert!(page.contains("<p class=\"credit\" dir=\"ltr\">NASA</p>"));
    for block in body {
        match block {
            Block::Paragraph(p) => assert!(page.contains(&format!("<p>{p}</p>")), "{p}"),
            Block::Heading(h) => assert!(page.contains(&format!("<h2>{h}</h2>"))),
            _ => unreachable!(),
        }
    }
    let masthead = text_of(&files, "OEBPS/masthead.xhtml");
    assert!(masthead.contains("الإثنين 28 يونيو 2021") && masthead.contains("العدد 1234"));
    assert!(masthead.contains("18 ذو القعدة 1442 هـ"), "the Hijri date");
}

#[test]
fn same_input_same_bytes() {
    let a = written(&edition(), &EpubOptions::default()).unwrap();
    let b = written(&edition(), &EpubOptions::default()).unwrap();
    assert!(a.bytes == b.bytes, "two runs differ");
    // Content changes the identifier.
    let mut other = edition();
    other.sections[0].articles[0].title.push('!');
    let c = written(&other, &EpubOptions::default()).unwrap();
    let id = |bytes: &[u8]| {
        let opf = entries(bytes)
            .into_iter()
            .find(|(n, _)| n.ends_with(".opf"))
            .unwrap()
            .1;
        let opf = String::from_utf8(opf).unwrap();
        opf[opf.find("urn:uuid:").unwrap()..][..45].to_string()
    };
    assert_ne!(id(&a.bytes), id(&c.bytes));
}

#[test]
fn small_upright_jpeg_keeps_its_scan_data_and_loses_exif() {
    let original = std::fs::read(data("photos/hubble_deep_field.jpg")).unwrap();
    assert!(
        original.windows(4).any(|w| w == b"Exif"),
        "the test photo should carry EXIF"
    );
    let out = written(&edition(), &EpubOptions::default()).unwrap();
    // From the first start-of-scan marker to the end-of-image marker: what must not change
    // when metadata is dropped.
    let scan_data = |data: &[u8]| {
        use crate::photo::jpeg::{segments, Piece};
        let mut from = None;
        for piece in segments(data) {
            match piece.ok()? {
                Piece::Segment {
                    marker: 0xDA, at, ..
                } if from.is_none() => from = Some(at),
                Piece::End { at } => return data.get(from?..at + 2).map(<[u8]>::to_vec),
                _ => {}
            }
        }
        None
    };
    let scan = scan_data(&original).unwrap();
    let copies: Vec<_> = entries(&out.bytes)
        .into_iter()
        .filter(|(n, b)| n.starts_with("OEBPS/images/") && scan_data(b).as_ref() == Some(&scan))
        .collect();
    assert_eq!(copies.len(), 1, "used twice, stored once");
    let copy = &copies[0].1;
    assert!(!copy.windows(4).any(|w| w == b"Exif"));
    assert!(copy.len() < original.len());
    let decode = |b: &[u8]| image::load_from_memory(b).unwrap().to_rgb8();
    assert!(
        decode(copy) == decode(&original),
        "pixels must be identical"
    );
}

#[test]
fn photos_are_turned_upright_downscaled_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    // A 4000 px wide PNG made from a real photo, and a transparent variant of it.
    let cat = image::open(data("photos/chelsea.png")).unwrap();
    let big = cat.resize_exact(4000, 2660, image::imageops::FilterType::Nearest);
    let big_path = dir.path().join("big.png");
    big.save(&big_path).unwrap();
    let mut clear = big.crop_imm(0, 0, 3000, 2000).to_rgba8();
    clear.pixels_mut().take(3000 * 100).for_each(|p| p[3] = 0);
    let clear_path = dir.path().join("clear.png");
    clear.save(&clear_path).unwrap();

    let mut e = edition_with(vec![Section {
        name: None,
        articles: vec![article(
            "cat",
            "قطة",
            "ar",
            None,
            vec![
                Block::Image(photo(&big_path, ImageFormat::Png, 1, "قطة")),
                Block::Image(photo(&clear_path, ImageFormat::Png, 1, "قطة")),
                Block::Image(photo(
                    &data("photos/rocket.jpg"),
                    ImageFormat::Jpeg,
                    6,
                    "صاروخ",
                )),
                Block::Image(photo(
                    &data("photos/chelsea.png"),
                    ImageFormat::Png,
                    1,
                    "قطة",
                )),
            ],
        )],
    }]);
    e.cover = Some(photo(&big_path, ImageFormat::Png, 1, "غلاف"));
    let out = written(&e, &EpubOptions::default()).unwrap();
    assert_eq!(out.photos, 4);
    let mut seen = BTreeMap::new();
    for (name, bytes) in entries(&out.bytes)
        .into_iter()
        .filter(|(n, _)| n.starts_with("OEBPS/images/"))
    {
        let img = image::load_from_memory(&bytes).unwrap();
        let format = image::guess_format(&bytes).unwrap();
        assert!(
            name.ends_with(format.extensions_str()[0]),
            "{name} is {format:?}"
        );
        seen.insert(
            (img.width(), img.height()),
            (format, img.color().has_alpha()),
        );
    }
    use image::ImageFormat as F;
    assert_eq!(
        seen[&(1600, 1064)],
        (F::Jpeg, false),
        "opaque PNG → JPEG: {seen:?}"
    );
    assert_eq!(
        seen[&(1600, 1067)],
        (F::Png, true),
        "transparency keeps PNG"
    );
    assert_eq!(
        seen[&(427, 640)].0,
        F::Jpeg,
        "EXIF 6 turns the photo upright"
    );
    assert_eq!(seen[&(451, 300)].0, F::Png, "small PNG copied");
}

#[test]
fn templates_can_be_replaced_and_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("style.css"), "body { color: #123456; }\n").unwrap();
    let options = EpubOptions {
        templates_dir: Some(dir.path().to_path_buf()),
        embed_fonts: true,
    };
    let empty = tempfile::tempdir().unwrap();
    let none = EpubOptions {
        templates_dir: Some(empty.path().to_path_buf()),
        embed_fonts: true,
    };
    let out = written(&edition(), &none).unwrap();
    assert!(
        out.warnings[0].contains("no template replaced"),
        "{:?}",
        out.warnings
    );
    let missing = EpubOptions {
        templates_dir: Some(empty.path().join("nope")),
        embed_fonts: true,
    };
    let err = written(&edition(), &missing).unwrap_err().to_string();
    assert!(err.ends_with("nope: templates folder not found"), "{err}");

    let out = written(&edition(), &options).unwrap();
    assert!(out.warnings.is_empty());
    let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
    assert_eq!(
        text_of(&files, "OEBPS/stylesheet.css"),
        "body { color: #123456; }\n"
    );

    std::fs::write(
        dir.path().join("article.xhtml.j2"),
        "<p>\n{{ article.title }}\n{% if %}\n",
    )
    .unwrap();
    let err = written(&edition(), &options).unwrap_err().to_string();
    let file = dir.path().join("article.xhtml.j2").display().to_string();
    assert!(err.starts_with(&format!("{file}:3: ")), "{err}");
    std::fs::write(
        dir.path().join("article.xhtml.j2"),
        "<p>\n{{ article.headline }}\n",
    )
    .unwrap();
    let err = written(&edition(), &options).unwrap_err().to_string();
    assert!(err.starts_with(&format!("{file}:2: ")), "{err}");
}

#[test]
fn fonts_can_be_left_out() {
    let options = EpubOptions {
        templates_dir: None,
        embed_fonts: false,
    };
    let out = written(&edition(), &options).unwrap();
    let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
    assert!(!files.keys().any(|n| n.contains("fonts/")));
    assert!(!text_of(&files, "OEBPS/stylesheet.css").contains("@font-face"));
    let with = written(&edition(), &EpubOptions::default()).unwrap();
    let files: BTreeMap<_, _> = entries(&with.bytes).into_iter().collect();
    assert_eq!(
        files["OEBPS/fonts/NotoNaskhArabic-Bold.ttf"],
        builtin::NASKH_BOLD
    );
    assert!(files.contains_key("OEBPS/fonts/OFL.txt"));
}

#[test]
fn one_article_as_its_own_book() {
    let e = edition();
    let english = &e.sections[1].articles[0];
    let out = written_article(&e, english, &EpubOptions::default()).unwrap();
    let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
    let opf = text_of(&files, "OEBPS/content.opf");
    assert!(
        opf.contains(">en</dc:language>") && opf.contains(r#"page-progression-direction="ltr""#)
    );
    assert!(opf.contains("cover-image"));
    assert!(!files.contains_key("OEBPS/masthead.xhtml"));
    assert_eq!(out.photos, 1);
}

#[test]
fn masthead_shows_the_logo_and_a_missing_cover_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut logo = image::open(data("photos/chelsea.png")).unwrap().to_rgba8();
    logo.pixels_mut().take(451 * 20).for_each(|p| p[3] = 0);
    let logo_path = dir.path().join("logo.png");
    logo.save(&logo_path).unwrap();
    let mut e = edition();
    e.logo = Some(photo(&logo_path, ImageFormat::Png, 1, "شعار"));
    e.sections[0].articles[0].image = None;
    let out = written(&e, &EpubOptions::default()).unwrap();
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].starts_with("no cover image"));
    let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
    assert!(!text_of(&files, "OEBPS/content.opf").contains("cover-image"));
    let masthead = text_of(&files, "OEBPS/masthead.xhtml");
    let img = &masthead[masthead.find("<img").unwrap()..];
    assert!(
        img.starts_with("<img src=\"images/") && img.contains("alt=\"الدستور\""),
        "{img}"
    );
    let href = &img[10..img.find(".png").unwrap() + 4];
    let logo_out = image::load_from_memory(&files[&format!("OEBPS/{href}")]).unwrap();
    assert!(
        logo_out.color().has_alpha(),
        "a transparent logo stays PNG with alpha"
    );
}

#[test]
fn numbers_urls_and_addresses_read_left_to_right_inside_arabic() {
    let out = written(&edition(), &EpubOptions::default()).unwrap();
    let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
    let brief = text_of(&files, "OEBPS/article-003.xhtml");
    // Isolated, and the paragraph stays right to left although it opens with a URL.
    assert!(
        brief.contains(
            "<p><bdi dir=\"ltr\">https://www.dostor.org/3125</bdi> رابط الخبر، وللاستفسار اتصل على \
             <bdi dir=\"ltr\">+20 2 1234 5678</bdi> أو راسل <bdi dir=\"ltr\">info@dostor.org</bdi>.</p>"
        ),
        "{brief}"
    );
    // A year and a count need no isolate: the bidi algorithm keeps them whole.
    assert!(brief.contains("عام 2014، وانضمت إلى عضويته 83 دولة.</p>"));
    // Every page says its language and direction on <body> too (epub.js overrides <html>'s).
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let xhtml = std::str::from_utf8(bytes).unwrap();
        let html = html_tag(xhtml);
        let attr = |tag: &str, name: &str| {
            let key = format!(" {name}=\"");
            let start = tag.find(&key).unwrap() + key.len();
            tag[start..start + tag[start..].find('"').unwrap()].to_string()
        };
        let body = &xhtml[xhtml.find("<body").unwrap()..];
        let body = &body[..body.find('>').unwrap()];
        for a in ["lang", "xml:lang", "dir"] {
            assert_eq!(attr(body, a), attr(html, a), "{name}: {body}");
        }
    }
}

#[test]
fn blocks_captions_and_cites_carry_their_own_language() {
    let mut e = edition();
    let arabic = &mut e.sections[0].articles[0];
    arabic.body.push(BodyBlock {
        block: Block::Quote {
            text: "It's easier to ask forgiveness than it is to get permission.".into(),
            cite: Some(Phrase {
                text: "غريس هوبر".into(),
                lang: TextLang {
                    lang: Some("ar".into()),
                    dir: None,
                },
            }),
        },
        lang: TextLang {
            lang: Some("en".into()),
            dir: None,
        },
    });
    // No language given: its first letter sets its direction.
    arabic
        .body
        .push(Block::Paragraph("Reuters contributed reporting.".into()).into());
    let out = written(&e, &EpubOptions::default()).unwrap();
    let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
    let page = text_of(&files, "OEBPS/article-001.xhtml");
    assert!(
        page.contains("<figure class=\"quote\" lang=\"en\" xml:lang=\"en\" dir=\"ltr\">"),
        "{page}"
    );
    assert!(page.contains("<cite lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">غريس هوبر</cite>"));
    assert!(page.contains("<p dir=\"ltr\">Reuters contributed reporting.</p>"));
    // The English article's Arabic section label, and nothing more: its own blocks match it.
    let english = text_of(&files, "OEBPS/article-002.xhtml");
    assert_eq!(english.matches(" dir=\"").count(), 3, "{english}");
}

#[test]
fn ncx_names_the_book_its_identifier_and_its_depth() {
    let ncx_of = |e: &Edition| {
        let out = written(e, &EpubOptions::default()).unwrap();
        let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
        let opf = text_of(&files, "OEBPS/content.opf");
        let id = &opf[opf.find("urn:uuid:").unwrap()..];
        let id = id[..id.find('<').unwrap()].to_string();
        (text_of(&files, "OEBPS/toc.ncx"), id)
    };
    let (ncx, id) = ncx_of(&edition());
    assert!(
        ncx.contains(&format!("<meta name=\"dtb:uid\" content=\"{id}\" />")),
        "{ncx}"
    );
    assert!(
        ncx.contains("<meta name=\"dtb:depth\" content=\"2\" />"),
        "{ncx}"
    );
    assert!(
        ncx.contains("<text>الدستور — الإثنين 28 يونيو 2021</text>"),
        "{ncx}"
    );
    assert!(ncx.contains("<ncx xml:lang=\"ar\" dir=\"rtl\" "), "{ncx}");
    assert!(!ncx.contains("المحتويات"));
    // Articles outside sections: one level.
    let mut flat = edition();
    for section in &mut flat.sections {
        section.name = None;
    }
    let (ncx, _) = ncx_of(&flat);
    assert!(
        ncx.contains("<meta name=\"dtb:depth\" content=\"1\" />"),
        "{ncx}"
    );
}

/// The WCAG contrast ratio of a `#rrggbb` or `#rgb` colour on white.
fn contrast_on_white(hex: &str) -> f64 {
    let digits: String = hex[1..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    let hex = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect(),
        6 => digits,
        _ => panic!("not a colour: {hex}"),
    };
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    1.05 / (l + 0.05)
}

#[test]
fn small_grey_text_keeps_enough_contrast() {
    let out = written(&edition(), &EpubOptions::default()).unwrap();
    let files: BTreeMap<_, _> = entries(&out.bytes).into_iter().collect();
    let css = text_of(&files, "OEBPS/stylesheet.css");
    let mut checked = 0;
    for rule in css.split('}') {
        if let Some(at) = rule.find("color: #") {
            let hex = &rule[at + 7..];
            let ratio = contrast_on_white(hex);
            assert!(ratio >= 4.5, "{hex} is {ratio:.2}:1 in {rule}");
            checked += 1;
        }
    }
    assert!(checked >= 5, "{css}");
    assert!(contrast_on_white("#777777") < 4.5, "the old credit grey");
}

#[test]
#[ignore = "timing; run with --ignored --nocapture"]
fn timing() {
    let e = edition();
    let start = std::time::Instant::now();
    let out = written(&e, &EpubOptions::default()).unwrap();
    eprintln!(
        "edition: {} bytes, {} photos, {:?}",
        out.bytes.len(),
        out.photos,
        start.elapsed()
    );
}

#[path = "epubcheck.rs"]
mod epubcheck;

#[path = "streaming.rs"]
mod streaming;

#[path = "font_tests.rs"]
mod font_tests;
