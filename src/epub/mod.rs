//! The EPUB edition: an EPUB 3.3 that right-to-left readers page through the right way.
//!
//! Reads the validated [`Edition`] and writes, in memory, a masthead page and a page per article
//! (from the templates in [`templates`]), the photos made fit for e-readers ([`photos`]), the
//! bundled Arabic font, a table of contents by section, then article, and the package metadata
//! ([`package`]). epub-builder assembles the OPF and NCX; [`package::repack`] then rewrites the
//! archive so that the same input gives the same bytes.

mod error;
mod jpeg;
mod package;
mod photos;
mod templates;

use std::collections::BTreeMap;
use std::path::PathBuf;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use sha2::{Digest, Sha256};

pub use error::EpubError;
use templates::{
    ArticleView, BlockView, DateView, EditionView, Landmark, LangView, NavArticle, NavSection,
    NavView, PhotoView, SectionView, Templates,
};

use crate::locale;
use crate::model::{Article, Block, Edition, EpubSettings, Image};
use crate::text::fonts::builtin;

/// How to write the EPUB, beyond what the edition's `[epub]` settings say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpubOptions {
    /// A folder whose `masthead.xhtml.j2`, `article.xhtml.j2`, `nav.xhtml.j2` or `style.css`
    /// replace the built-in templates of the same name (`--templates DIR`).
    pub templates_dir: Option<PathBuf>,
    /// Embed the bundled Arabic font; `false` (`--no-embed-fonts`) wins over the edition's
    /// `embed_fonts`.
    pub embed_fonts: bool,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            templates_dir: None,
            embed_fonts: true,
        }
    }
}

/// A written EPUB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpubOutput {
    /// The `.epub` file's bytes.
    pub bytes: Vec<u8>,
    /// Things worth telling the user that did not stop the book (e.g. no cover image).
    pub warnings: Vec<String>,
    /// Number of distinct photos in the book (a photo used twice counts once).
    pub photos: usize,
}

/// The whole edition as one EPUB: masthead, then every article in edition order.
pub fn write_epub(edition: &Edition, options: &EpubOptions) -> Result<EpubOutput, EpubError> {
    // Readers' libraries list books by title: a daily needs its date in it to tell issues apart.
    let title = match edition.date {
        Some(date) => format!(
            "{} — {}",
            edition.name,
            locale::long_date(date, &edition.lang)
        ),
        None => edition.name.clone(),
    };
    let book = Book {
        title: &title,
        lang: LangView {
            lang: edition.lang.clone(),
            dir: edition.dir.as_str(),
        },
        description: edition.tagline.as_deref(),
        masthead: true,
        sections: edition
            .sections
            .iter()
            .map(|s| (s.name.as_deref(), s.articles.iter().collect()))
            .collect(),
        cover: edition.cover.as_ref(),
    };
    build(edition, &book, options)
}

/// One article as its own EPUB (for `--split`): no masthead, the article's language and
/// headline as the book's, its lead photo as the cover.
pub fn write_article_epub(
    edition: &Edition,
    article: &Article,
    options: &EpubOptions,
) -> Result<EpubOutput, EpubError> {
    let book = Book {
        title: &article.title,
        lang: LangView {
            lang: article.lang.clone(),
            dir: article.dir.as_str(),
        },
        description: article.subtitle.as_deref(),
        masthead: false,
        sections: vec![(article.section.as_deref(), vec![article])],
        cover: None,
    };
    build(edition, &book, options)
}

/// What goes into one EPUB: the whole edition or a single article.
struct Book<'a> {
    title: &'a str,
    lang: LangView,
    description: Option<&'a str>,
    masthead: bool,
    sections: Vec<(Option<&'a str>, Vec<&'a Article>)>,
    /// The explicit cover; without one the first article's lead photo is used.
    cover: Option<&'a Image>,
}

const MASTHEAD_FILE: &str = "masthead.xhtml";
const STYLESHEET: &str = "stylesheet.css";
/// The `id` that `article.xhtml.j2` must put on the article (the NCX links to it).
const ARTICLE_ANCHOR: &str = "article";

/// A rendered XHTML page and where it sits in the NCX table of contents.
struct Page {
    file: String,
    bytes: Vec<u8>,
    toc: EpubContentToc,
}

/// NCX placement: a level-1 entry with an optional child, or a level-2 entry under the previous.
enum EpubContentToc {
    Top {
        title: String,
        child: Option<String>,
        reftype: Option<ReferenceType>,
    },
    Under {
        title: String,
    },
}

fn build(edition: &Edition, book: &Book, options: &EpubOptions) -> Result<EpubOutput, EpubError> {
    let templates = Templates::load(options.templates_dir.as_deref())?;
    let embed_fonts = options.embed_fonts && edition.epub.embed_fonts;
    let mut warnings = Vec::new();
    let mut photos = PhotoStore::new(&edition.epub);
    let edition_lang = LangView {
        lang: edition.lang.clone(),
        dir: edition.dir.as_str(),
    };

    let logo = match (&edition.logo, book.masthead) {
        (Some(logo), true) => Some(photos.add(logo)?),
        _ => None,
    };
    let edition_view = EditionView {
        name: edition.name.clone(),
        tagline: edition.tagline.clone(),
        lang: book.lang.clone(),
        date: edition.date.map(|d| date_view(d, &edition.lang)),
        issue: edition
            .number
            .map(|n| locale::issue_label(n, &edition.lang)),
        logo,
        stylesheet: STYLESHEET,
    };

    let mut pages = Vec::new();
    if book.masthead {
        let xhtml = templates.render(
            templates::MASTHEAD,
            minijinja::context! { edition => &edition_view },
        )?;
        pages.push(Page {
            file: MASTHEAD_FILE.to_string(),
            bytes: xhtml.into_bytes(),
            toc: EpubContentToc::Top {
                title: edition.name.clone(),
                child: None,
                reftype: Some(ReferenceType::TitlePage),
            },
        });
    }
    let mut nav_sections = Vec::new();
    let mut number = 0;
    for (name, articles) in &book.sections {
        let mut nav = NavSection {
            name: name.map(str::to_string),
            href: String::new(),
            articles: Vec::new(),
        };
        for (i, article) in articles.iter().enumerate() {
            number += 1;
            let file = format!("article-{number:03}.xhtml");
            let view = article_view(article, *name, &edition_lang, &mut photos)?;
            let xhtml = templates.render(
                templates::ARTICLE,
                minijinja::context! { edition => &edition_view, article => &view },
            )?;
            let reftype = (number == 1).then_some(ReferenceType::Text);
            let toc = match (name, i) {
                (Some(section), 0) => EpubContentToc::Top {
                    title: section.to_string(),
                    child: Some(article.title.clone()),
                    reftype,
                },
                (Some(_), _) => EpubContentToc::Under {
                    title: article.title.clone(),
                },
                (None, _) => EpubContentToc::Top {
                    title: article.title.clone(),
                    child: None,
                    reftype,
                },
            };
            if i == 0 {
                nav.href = file.clone();
            }
            let foreign = view.lang.lang != book.lang.lang || view.lang.dir != book.lang.dir;
            nav.articles.push(NavArticle {
                title: article.title.clone(),
                href: file.clone(),
                lang: view.lang,
                foreign,
            });
            pages.push(Page {
                file,
                bytes: xhtml.into_bytes(),
                toc,
            });
        }
        if !nav.articles.is_empty() {
            nav_sections.push(nav);
        }
    }

    let cover_image = book.cover.or_else(|| {
        book.sections
            .iter()
            .flat_map(|(_, a)| a)
            .next()
            .and_then(|a| a.image.as_ref())
    });
    let cover = match cover_image {
        Some(image) => Some(photos.add(image)?.href),
        None => {
            warnings.push(
                "no cover image: the edition names no `cover` and the first article has no photo"
                    .to_string(),
            );
            None
        }
    };

    let contents = locale::contents_label(&book.lang.lang);
    let mut landmarks = Vec::new();
    if book.masthead {
        landmarks.push(Landmark {
            kind: "titlepage",
            href: MASTHEAD_FILE.into(),
            title: edition.name.clone(),
        });
    }
    if let Some(first) = nav_sections.first().and_then(|s| s.articles.first()) {
        landmarks.push(Landmark {
            kind: "bodymatter",
            href: first.href.clone(),
            title: first.title.clone(),
        });
    }
    let nav_view = NavView {
        title: contents.to_string(),
        masthead: book.masthead.then(|| MASTHEAD_FILE.to_string()),
        sections: nav_sections,
        landmarks,
    };
    let nav = templates.render(
        templates::NAV,
        minijinja::context! { edition => &edition_view, nav => &nav_view },
    )?;
    let css = templates.render(templates::STYLE, minijinja::context! { embed_fonts })?;

    // The identifier: a hash of everything the reader gets, in a fixed order.
    let timestamp = edition.timestamp();
    let mut hasher = Sha256::new();
    for part in [
        book.title,
        &book.lang.lang,
        &edition.name,
        &timestamp.to_string(),
        &css,
        &nav,
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    for (name, bytes) in pages
        .iter()
        .map(|p| (&p.file, &p.bytes))
        .chain(photos.resources.iter().map(|r| (&r.name, &r.bytes)))
    {
        hasher.update(name.as_bytes());
        hasher.update(Sha256::digest(bytes));
    }

    let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
    builder.epub_version(EpubVersion::V33);
    builder.set_title(book.title);
    builder.add_language(book.lang.lang.as_str());
    // `epub_direction` is ignored by 0.8.3's template; this sets page-progression-direction.
    builder.metadata("direction", book.lang.dir)?;
    builder.set_toc_name(contents);
    builder.set_uuid(package::content_uuid(hasher));
    builder.set_modified_date(chrono::DateTime::from_timestamp(timestamp, 0).unwrap_or_default());
    if let Some(date) = edition.date.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        builder.set_publication_date(date.and_utc());
    }
    if let Some(description) = book.description {
        builder.add_description(description);
    }
    builder.stylesheet(css.as_bytes())?;
    if embed_fonts {
        builder.add_resource(
            "fonts/NotoNaskhArabic-Regular.ttf",
            builtin::NASKH_REGULAR,
            "font/ttf",
        )?;
        builder.add_resource(
            "fonts/NotoNaskhArabic-Bold.ttf",
            builtin::NASKH_BOLD,
            "font/ttf",
        )?;
        builder.add_resource("fonts/OFL.txt", OFL, "text/plain")?;
    }
    for r in &photos.resources {
        if cover.as_deref() == Some(r.name.as_str()) {
            builder.add_cover_image(&r.name, r.bytes.as_slice(), r.mime)?;
        } else {
            builder.add_resource(&r.name, r.bytes.as_slice(), r.mime)?;
        }
    }
    for page in &pages {
        let content = EpubContent::new(page.file.as_str(), page.bytes.as_slice());
        let content = match &page.toc {
            EpubContentToc::Top {
                title,
                child,
                reftype,
            } => {
                let mut c = content.title(title.as_str()).level(1);
                if let Some(child) = child {
                    // The NCX refuses two entries with the same target (RSC-005 "different
                    // playOrder values"), so the article under its section points at its
                    // `<article id="article">`.
                    let target = format!("{}#{ARTICLE_ANCHOR}", page.file);
                    c = c.child(TocElement::new(target, child.as_str()));
                }
                match reftype {
                    Some(r) => c.reftype(*r),
                    None => c,
                }
            }
            EpubContentToc::Under { title } => content.title(title.as_str()).level(2),
        };
        builder.add_content(content)?;
    }
    let mut generated = Vec::new();
    builder.generate(&mut generated)?;
    let metadata = package::metadata_lines(&edition.name, !photos.resources.is_empty());
    let patches = package::Patches {
        metadata: &metadata,
        nav: nav.as_bytes(),
        lang: &book.lang.lang,
        dir: book.lang.dir,
        timestamp,
    };
    let bytes = package::repack(&generated, &patches)?;
    Ok(EpubOutput {
        bytes,
        warnings,
        photos: photos.resources.len(),
    })
}

/// The font license, shipped next to the embedded fonts as the OFL requires.
static OFL: &[u8] = include_bytes!("../../fonts/OFL.txt");

fn date_view(date: chrono::NaiveDate, lang: &str) -> DateView {
    DateView {
        iso: date.format("%Y-%m-%d").to_string(),
        long: locale::long_date(date, lang),
    }
}

fn article_view(
    article: &Article,
    section: Option<&str>,
    edition_lang: &LangView,
    photos: &mut PhotoStore,
) -> Result<ArticleView, EpubError> {
    let lang = LangView {
        lang: article.lang.clone(),
        dir: article.dir.as_str(),
    };
    let foreign = edition_lang.lang != lang.lang || edition_lang.dir != lang.dir;
    let section = section.map(|name| SectionView {
        name: name.to_string(),
        lang: edition_lang.clone(),
        foreign,
    });
    let lead = article.image.as_ref().map(|i| photos.add(i)).transpose()?;
    let mut blocks = Vec::with_capacity(article.body.len());
    for block in &article.body {
        blocks.push(match block {
            Block::Paragraph(text) => BlockView::Paragraph { text: text.clone() },
            Block::Heading(text) => BlockView::Heading { text: text.clone() },
            Block::Quote { text, cite } => BlockView::Quote {
                text: text.clone(),
                cite: cite.clone(),
            },
            Block::Image(image) => BlockView::Image {
                photo: photos.add(image)?,
            },
            Block::List { ordered, items } => BlockView::List {
                ordered: *ordered,
                items: items.clone(),
            },
        });
    }
    Ok(ArticleView {
        id: article.id.clone(),
        title: article.title.clone(),
        section,
        kicker: article.kicker.clone(),
        subtitle: article.subtitle.clone(),
        byline: article.byline.clone(),
        published: article.published.map(|d| date_view(d, &article.lang)),
        source_url: article.source_url.clone(),
        lead,
        blocks,
        lang,
    })
}

/// A file in the EPUB besides the pages.
struct Resource {
    /// Path inside `OEBPS/`, named after a hash of the bytes.
    name: String,
    bytes: Vec<u8>,
    mime: &'static str,
}

/// Photos prepared once per distinct source file, named after their content.
struct PhotoStore<'a> {
    settings: &'a EpubSettings,
    /// SHA-256 of the source file → (name in the EPUB, width, height).
    by_source: BTreeMap<[u8; 32], (String, u32, u32)>,
    resources: Vec<Resource>,
}

impl<'a> PhotoStore<'a> {
    fn new(settings: &'a EpubSettings) -> Self {
        PhotoStore {
            settings,
            by_source: BTreeMap::new(),
            resources: Vec::new(),
        }
    }

    /// Prepares `image` (or finds it prepared) and describes it for a template.
    fn add(&mut self, image: &Image) -> Result<PhotoView, EpubError> {
        let data = std::fs::read(&image.path).map_err(|source| EpubError::ReadPhoto {
            path: image.path.clone(),
            source,
        })?;
        let key: [u8; 32] = Sha256::digest(&data).into();
        let (name, width, height) = match self.by_source.get(&key) {
            Some(found) => found.clone(),
            None => {
                let prepared = photos::prepare(image, &data, self.settings)?;
                let digest = Sha256::digest(&prepared.bytes);
                let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
                let name = format!("images/{hex}.{}", prepared.ext);
                // Two source files may come out identical: store the bytes once.
                if !self.resources.iter().any(|r| r.name == name) {
                    self.resources.push(Resource {
                        name: name.clone(),
                        bytes: prepared.bytes,
                        mime: prepared.mime,
                    });
                }
                let entry = (name, prepared.width, prepared.height);
                self.by_source.insert(key, entry.clone());
                entry
            }
        };
        Ok(PhotoView {
            href: name,
            alt: image.alt.clone(),
            caption: image.caption.clone(),
            credit: image.credit.clone(),
            width,
            height,
        })
    }
}

#[cfg(test)]
mod tests;
