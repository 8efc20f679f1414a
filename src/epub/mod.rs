//! The EPUB edition: an EPUB 3.3 that right-to-left readers page through the right way.
//!
//! The validated [`Edition`] goes in; out comes, written into the caller's file (or buffer), a
//! masthead page and a page per article rendered from templates (modules `pages`, `templates`;
//! defaults in `templates/`), the photos made fit for e-readers (`photos`, with [`crate::photo`]), the bundled
//! faces (`fonts`, Latin and Hebrew ones subset by `subset`), a table of contents by section,
//! then article, and the package metadata (`package`). epub-builder assembles the OPF and NCX; `repack` then rewrites the archive around
//! three flaws of epub-builder 0.8.3 and so that the same input gives the same bytes, putting
//! each photo in as it goes so that memory does not grow with the number of photos.

mod error;
mod fonts;
mod inline;
mod package;
mod pages;
mod photos;
mod repack;
mod subset;
mod templates;

use std::io::{Seek, Write};
use std::path::PathBuf;

pub use error::EpubError;
use photos::PhotoStore;
use templates::{LangView, Templates};

use crate::locale;
use crate::model::{Article, Edition, Image};

/// How to write the EPUB, beyond what the edition's `[epub]` settings say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpubOptions {
    /// A folder whose `masthead.xhtml.j2`, `article.xhtml.j2`, `nav.xhtml.j2` or `style.css`
    /// replace the built-in templates of the same name (`--templates DIR`).
    pub templates_dir: Option<PathBuf>,
    /// Embed the bundled faces (Naskh, and subsets of the Latin and Hebrew ones); `false`
    /// (`--no-embed-fonts`) wins over the edition's `embed_fonts`.
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

/// What was written, besides the EPUB itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpubOutput {
    /// Things worth telling the user that did not stop the book (e.g. no cover image).
    pub warnings: Vec<String>,
    /// Number of distinct photos in the book (a photo used twice counts once).
    pub photos: usize,
}

/// The whole edition as one EPUB, written into `out`: masthead, then every article in edition
/// order. `generated_cover` is the front-page cover (a JPEG, made by `publish::cover_image`) for
/// an edition whose manifest names no `cover` file and does not ask for `cover = "photo"`; without
/// it the first article's lead photo is the cover.
///
/// `out` gets many small writes (give a file behind a `BufWriter`) and seeks back over each
/// photo's entry header. On error it holds part of an archive, to be thrown away.
pub fn write_epub<W: Write + Seek>(
    edition: &Edition,
    options: &EpubOptions,
    generated_cover: Option<&[u8]>,
    out: &mut W,
) -> Result<EpubOutput, EpubError> {
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
        generated_cover,
    };
    build(edition, &book, options, out)
}

/// One article as its own EPUB (for `--split`): no masthead, the article's language and
/// headline as the book's, its lead photo as the cover, else `generated_cover` (a JPEG, made by
/// `publish::article_cover_image`). `out` as for [`write_epub`].
pub fn write_article_epub<W: Write + Seek>(
    edition: &Edition,
    article: &Article,
    options: &EpubOptions,
    generated_cover: Option<&[u8]>,
    out: &mut W,
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
        generated_cover,
    };
    build(edition, &book, options, out)
}

/// What goes into one EPUB: the whole edition or a single article.
struct Book<'a> {
    title: &'a str,
    lang: LangView,
    description: Option<&'a str>,
    masthead: bool,
    sections: Vec<(Option<&'a str>, Vec<&'a Article>)>,
    /// The explicit cover; without one the generated cover, else the first article's lead
    /// photo.
    cover: Option<&'a Image>,
    /// The generated front-page cover, a JPEG.
    generated_cover: Option<&'a [u8]>,
}

fn build<W: Write + Seek>(
    edition: &Edition,
    book: &Book,
    options: &EpubOptions,
    out: &mut W,
) -> Result<EpubOutput, EpubError> {
    let templates = Templates::load(options.templates_dir.as_deref())?;
    let embed_fonts = options.embed_fonts && edition.epub.embed_fonts;
    let mut photos = PhotoStore::new(&edition.epub);
    let rendered = pages::render(edition, book, &templates, &mut photos, embed_fonts)?;
    package::assemble(edition, book, &rendered, &photos, out)?;
    Ok(EpubOutput {
        warnings: rendered.warnings,
        photos: photos.resources.len(),
    })
}

/// Escapes text for XML content and double-quoted or single-quoted attributes.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
