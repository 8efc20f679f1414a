//! The XHTML pages, the navigation document and the stylesheet, rendered from the templates.
//!
//! This is where the edition's structure becomes the book's: masthead first, then articles in
//! edition order, each section's articles grouped under it in the table of contents, and the
//! `lang`/`dir` of every page and of every foreign-language piece inside one.

use epub_builder::ReferenceType;

use std::collections::BTreeSet;

use super::fonts::{self, FontFile};
use super::inline::styled_xhtml;
use super::photos::PhotoStore;
use super::templates::{
    self, ArticleView, Attrs, BlockView, DateView, EditionView, Landmark, LangView, NavArticle,
    NavSection, NavView, PhotoView, PhraseView, SectionView, Templates,
};
use super::{Book, EpubError};
use crate::locale;
use crate::model::{Article, Block, Direction, Edition, Image, Phrase, StyledText, TextLang};

pub(crate) const MASTHEAD_FILE: &str = "masthead.xhtml";
pub(crate) const STYLESHEET: &str = "stylesheet.css";
/// The page showing the cover (see [`Rendered::cover_page`]).
pub(crate) const COVER_PAGE: &str = "cover.xhtml";
/// Where the generated cover goes in the book.
pub(crate) const GENERATED_COVER: &str = "images/cover.jpg";
/// The `id` that `article.xhtml.j2` must put on the article (the NCX links to it).
pub(crate) const ARTICLE_ANCHOR: &str = "article";

/// A rendered XHTML page and where it sits in the NCX table of contents.
pub(crate) struct Page {
    pub file: String,
    pub bytes: Vec<u8>,
    pub toc: TocPlace,
}

/// NCX placement: a level-1 entry with an optional child, or a level-2 entry under the previous.
pub(crate) enum TocPlace {
    Top {
        title: String,
        child: Option<String>,
        reftype: Option<ReferenceType>,
    },
    Under {
        title: String,
    },
}

/// Everything rendered for one book.
pub(crate) struct Rendered {
    pub pages: Vec<Page>,
    pub nav: String,
    pub css: String,
    /// The cover photo's path in the book, if there is one.
    pub cover: Option<String>,
    /// The generated cover's JPEG, at [`GENERATED_COVER`] (see `cover`).
    pub generated_cover: Option<Vec<u8>>,
    /// A page showing the cover, first in reading order, when no other page shows it (a
    /// generated cover, or the manifest's `cover` file): readers open on it, and EPUBCheck
    /// wants every image referenced from content (OPF-097).
    pub cover_page: Option<Vec<u8>>,
    /// The faces to embed (none without `embed_fonts`).
    pub fonts: Vec<FontFile>,
    pub warnings: Vec<String>,
}

/// Renders the masthead, every article, the nav and the stylesheet of `book`, preparing the
/// photos they show on the way, and picks the cover.
pub(crate) fn render(
    edition: &Edition,
    book: &Book,
    templates: &Templates,
    photos: &mut PhotoStore,
    embed_fonts: bool,
) -> Result<Rendered, EpubError> {
    let mut warnings: Vec<String> = templates.warning.iter().cloned().collect();
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
        hijri: edition
            .date
            .zip(edition.hijri)
            .and_then(|(d, offset)| locale::hijri_long(d, offset, &edition.lang)),
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
            toc: TocPlace::Top {
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
            let view = article_view(article, *name, &edition_lang, photos)?;
            let xhtml = templates.render(
                templates::ARTICLE,
                minijinja::context! { edition => &edition_view, article => &view },
            )?;
            let reftype = (number == 1).then_some(ReferenceType::Text);
            let toc = match (name, i) {
                (Some(section), 0) => TocPlace::Top {
                    title: section.to_string(),
                    child: Some(article.title.clone()),
                    reftype,
                },
                (Some(_), _) => TocPlace::Under {
                    title: article.title.clone(),
                },
                (None, _) => TocPlace::Top {
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

    // The manifest's cover file; else the generated cover the book was given (the edition's
    // front page, or an article's own when it has no photo); else the first article's photo.
    let first_photo = book
        .sections
        .iter()
        .flat_map(|(_, a)| a)
        .next()
        .and_then(|a| a.image.as_ref());
    let (cover, generated_cover) = match book.cover {
        Some(image) => (Some(photos.add(image)?.href), None),
        None if book.generated_cover.is_some() => (
            Some(GENERATED_COVER.to_string()),
            book.generated_cover.map(<[u8]>::to_vec),
        ),
        None => match first_photo {
            Some(image) => (Some(photos.add(image)?.href), None),
            None => {
                warnings.push(
                    "no cover image: the edition names no `cover` and the first article has no \
                     photo"
                        .to_string(),
                );
                (None, None)
            }
        },
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
    let fonts = if embed_fonts {
        let mut chars = BTreeSet::new();
        for page in &pages {
            fonts::shown_chars(&String::from_utf8_lossy(&page.bytes), &mut chars);
        }
        fonts::shown_chars(&nav, &mut chars);
        let ltr_text = book.lang.dir == Direction::Ltr.as_str()
            || book
                .sections
                .iter()
                .flat_map(|(_, articles)| articles)
                .any(|a| a.dir == Direction::Ltr);
        fonts::embedded(&chars, ltr_text)?
    } else {
        Vec::new()
    };
    let css = templates.render(
        templates::STYLE,
        minijinja::context! { embed_fonts, fonts => &fonts },
    )?;
    Ok(Rendered {
        pages,
        nav,
        css,
        cover_page: match (&cover, book.cover.is_some() || generated_cover.is_some()) {
            (Some(href), true) => Some(cover_xhtml(href, book).into_bytes()),
            _ => None,
        },
        cover,
        generated_cover,
        fonts,
        warnings,
    })
}

/// The cover page: the cover image alone, as large as the screen allows.
fn cover_xhtml(href: &str, book: &Book) -> String {
    let lang = super::xml_escape(&book.lang.lang);
    let title = super::xml_escape(book.title);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8"/>
<title>{title}</title>
<style>html, body {{ margin: 0; padding: 0; height: 100%; text-align: center; }} img {{ max-width: 100%; max-height: 100%; }}</style>
</head>
<body epub:type="cover" lang="{lang}" xml:lang="{lang}" dir="{dir}">
<img src="{href}" alt="{title}"/>
</body>
</html>
"#,
        dir = book.lang.dir,
        href = super::xml_escape(href),
    )
}

fn date_view(date: chrono::NaiveDate, lang: &str) -> DateView {
    DateView {
        iso: date.format("%Y-%m-%d").to_string(),
        long: locale::long_date(date, lang),
    }
}

/// The language and direction around an element: what it inherits.
#[derive(Debug, Clone)]
struct Around {
    lang: String,
    dir: Direction,
}

impl Around {
    /// What an element holding `text` and giving itself `own` needs as attributes, and what is
    /// around its children. Without a language or direction of its own, its direction is that
    /// of its first strong character ([`Direction::of_text`]): an English quote in an Arabic
    /// article gets `dir="ltr"`.
    fn enter(&self, own: &TextLang, text: &str) -> (Attrs, Around) {
        let lang = own.lang.clone().unwrap_or_else(|| self.lang.clone());
        let dir = own.direction(text, self.dir);
        let attrs = Attrs {
            lang: (lang != self.lang).then(|| lang.clone()),
            dir: (dir != self.dir).then_some(dir.as_str()),
        };
        (attrs, Around { lang, dir })
    }

    fn phrase(&self, phrase: &Phrase) -> PhraseView {
        PhraseView {
            text: phrase.text.clone(),
            markup: templates::isolated_xhtml(&phrase.text),
            attrs: self.enter(&phrase.lang, &phrase.text).0,
        }
    }

    /// A list item: its own direction, and its inline markup.
    fn item(&self, item: &StyledText) -> PhraseView {
        PhraseView {
            text: item.text.clone(),
            markup: styled_xhtml(item),
            attrs: self.enter(&TextLang::default(), &item.text).0,
        }
    }
}

/// A photo as a figure inside `around`: caption and credit with their own attributes.
fn photo_view(
    photos: &mut PhotoStore,
    image: &Image,
    around: &Around,
) -> Result<PhotoView, EpubError> {
    let mut view = photos.add(image)?;
    view.caption = image.caption.as_ref().map(|c| around.phrase(c));
    view.credit = image.credit.as_ref().map(|c| around.phrase(c));
    Ok(view)
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
    let around = Around {
        lang: article.lang.clone(),
        dir: article.dir,
    };
    let lead = match &article.image {
        Some(image) => Some(photo_view(photos, image, &around)?),
        None => None,
    };
    let mut blocks = Vec::with_capacity(article.body.len());
    for body in &article.body {
        let own = &body.lang;
        blocks.push(match &body.block {
            Block::Paragraph(text) => BlockView::Paragraph {
                text: text.text.clone(),
                markup: styled_xhtml(text),
                attrs: around.enter(own, &text.text).0,
            },
            Block::Heading(text) => BlockView::Heading {
                text: text.clone(),
                attrs: around.enter(own, text).0,
            },
            Block::Quote { text, cite } => {
                let (attrs, inside) = around.enter(own, &text.text);
                BlockView::Quote {
                    text: text.text.clone(),
                    markup: styled_xhtml(text),
                    cite: cite.as_ref().map(|c| inside.phrase(c)),
                    attrs,
                }
            }
            // A list or a photo takes the article's direction unless it gives one; its items
            // and captions each go by their own text.
            Block::Image(image) => {
                let (attrs, inside) = around.enter(own, "");
                BlockView::Image {
                    photo: photo_view(photos, image, &inside)?,
                    attrs,
                }
            }
            Block::List { ordered, items } => {
                let (attrs, inside) = around.enter(own, "");
                BlockView::List {
                    ordered: *ordered,
                    items: items.iter().map(|item| inside.item(item)).collect(),
                    attrs,
                }
            }
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
