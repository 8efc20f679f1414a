//! Layout: the edition set into pages of frames (positioned glyph runs, photos, rules).
//!
//! In three layers, each using only the ones below it: `pieces` sets an article's text into
//! pieces (lines, photos, gaps) at the widths it will stand in, `columns` and `grid` measure
//! and draw pieces into columns of a page, and a design decides where each story goes:
//! `newspaper` (the default: a front page with jump lines, then each section from a new page)
//! or `compose` (the `flow` design, which `newspaper` also uses inside its sections). Pages
//! leave as soon as they are full ([`lay_out_pages`]), so an exporter can write and drop them.

pub mod columns;
mod compose;
mod contents;
pub mod frame;
pub mod grid;
pub mod masthead;
mod modules;
mod newspaper;
pub mod pieces;
pub mod style;

use rayon::prelude::*;

use crate::input::Warning;
use crate::model::{Article, Design, Edition, PdfSettings};
use crate::text::FontSet;
use compose::Composer;
use frame::{Document, DocumentInfo, OutlineEntry, Page};
use grid::Grid;
pub use grid::{draw_piece, Frame, Geometry, MIN_COLUMN_EMS, MIN_FRAME_EMS};
pub use newspaper::front_articles;
use pieces::{Measures, PreparedArticle, Setter};
use style::Typography;

/// The laid-out edition and what was noticed on the way.
pub struct Laid {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// What laying out an edition gives besides its pages (which went to the page sink).
pub struct LaidOut {
    pub info: DocumentInfo,
    pub outline: Vec<OutlineEntry>,
    pub warnings: Vec<Warning>,
}

/// Where an article stands in its section: `Some(name)` when it opens it (`name` is `None` for
/// the articles that give no section), `None` after the first.
type Opens<'e> = Option<Option<&'e str>>;

/// Articles shaped together: enough to keep both cores of a small server busy, few enough that
/// only two batches of shaped text are held at once.
pub const BATCH_ARTICLES: usize = 16;

/// Lays out the whole edition in memory (tests, small documents).
pub fn lay_out(edition: &Edition, settings: &PdfSettings, fonts: &FontSet) -> Laid {
    let mut pages = Vec::new();
    let laid = lay_out_pages(edition, settings, fonts, &mut |index, page| {
        pages.push((index, page));
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(laid) = laid;
    pages.sort_by_key(|(index, _)| *index);
    Laid {
        document: Document {
            info: laid.info,
            pages: pages.into_iter().map(|(_, page)| page).collect(),
            outline: laid.outline,
        },
        warnings: laid.warnings,
    }
}

/// Lays out the edition with `settings` (the manifest's `[pdf]`, with flags applied), handing
/// each page to `sink` as soon as it is full, so that an exporter can write it and drop it.
/// The sink hears each page's index (0-based) with it: pages come in order, except the
/// newspaper design's front page when it has an "in this issue" box, which comes last (its
/// box names the pages the sections open on; see `contents`).
///
/// Articles are shaped in parallel, a batch at a time, while the previous batch is placed on
/// pages and written: memory holds two batches and one page, however long the edition. The
/// first error from `sink` stops the layout and is returned.
pub fn lay_out_pages<E: Send>(
    edition: &Edition,
    settings: &PdfSettings,
    fonts: &FontSet,
    sink: &mut (dyn FnMut(usize, Page) -> Result<(), E> + Send),
) -> Result<LaidOut, E> {
    let typo = Typography::new(settings.body_size);
    let geometry = Geometry::of(settings);
    let Geometry {
        frame,
        columns,
        column,
        ..
    } = geometry;
    // The lead photo spans every column: columns that start at different heights confuse the
    // reading order of text extractors (poppler reads a taller column first).
    let span = columns;
    let measures = Measures {
        full: frame.width(),
        column,
        lead: column * span as f32 + typo.gutter * (span - 1) as f32,
        max_photo_height: (frame.bottom - frame.top) * 0.3,
        // Under the newspaper design's section banners the section is not named again.
        section_label: settings.design == Design::Flow,
    };

    let mut warnings = Vec::new();
    // The newspaper design's front page stories: set with the front page, skipped after it.
    let candidates = match settings.design {
        Design::Flow => Vec::new(),
        Design::Newspaper => {
            let (front, unknown) = newspaper::front_articles(edition, settings, columns);
            for id in unknown {
                warnings.push(Warning::new(
                    "edition",
                    Some("front".into()),
                    format!("no article has the id `{id}`; left off the front page"),
                ));
            }
            front
        }
    };

    let prepare = |batch: &[(&Article, Opens<'_>)]| -> Vec<PreparedArticle> {
        batch
            .par_iter()
            .map(|(a, _)| pieces::prepare(a, fonts, &typo, measures))
            .collect()
    };

    // Sets the masthead and running heads; an article's text is set by its own setter.
    let mut setter = Setter::new(fonts, &typo, edition.dir, &edition.lang);
    let newspaper = settings.design == Design::Newspaper;
    let mut composer = Composer {
        edition,
        grid: Grid::new(&geometry, typo.gutter),
        typo: &typo,
        span,
        page: None,
        pages: 0,
        sink,
        emitted: 0,
        error: None,
        y: 0.0,
        outline: Vec::new(),
        column_photos: newspaper,
    };
    let (front, held_front) = if newspaper {
        newspaper::front(
            &mut composer,
            &candidates,
            fonts,
            measures,
            &mut setter,
            &mut warnings,
        )
    } else {
        composer.new_page(&mut setter);
        (Vec::new(), None)
    };
    let on_front = |a: &Article| front.iter().any(|f| std::ptr::eq(*f, a));
    // Each article in edition order, with whether it opens its section (the first of the
    // section that is not on the front page).
    let articles: Vec<(&Article, Opens<'_>)> = edition
        .sections
        .iter()
        .flat_map(|section| {
            section
                .articles
                .iter()
                .filter(|a| !on_front(a))
                .enumerate()
                .map(|(i, a)| (a, (i == 0).then_some(section.name.as_deref())))
        })
        .collect();
    let batches: Vec<&[(&Article, Opens<'_>)]> = articles.chunks(BATCH_ARTICLES).collect();
    let mut ready = batches.first().map(|b| prepare(b)).unwrap_or_default();
    for (k, batch) in batches.iter().enumerate() {
        let mut place_batch = || {
            if newspaper {
                newspaper::place_inside(&mut composer, batch, &ready, &mut setter, &mut warnings);
                return;
            }
            for ((article, section), prep) in batch.iter().zip(&ready) {
                if composer.error.is_some() {
                    break;
                }
                prep.missing.warn(&article.source, "the PDF", &mut warnings);
                composer.place(prep, article, section.flatten(), &mut setter);
            }
        };
        let next = match batches.get(k + 1) {
            // Shape the next batch while this one is placed and written.
            Some(next) => rayon::join(|| prepare(next), place_batch).0,
            None => {
                place_batch();
                Vec::new()
            }
        };
        if let Some(e) = composer.error.take() {
            return Err(e);
        }
        ready = next;
    }
    composer.flush_page();
    // Page 1 with its box, once every section has its page.
    if let Some(held) = held_front {
        newspaper::close_front(&mut composer, held, &mut setter);
    }
    setter.missing.warn(
        std::path::Path::new("edition"),
        "the masthead",
        &mut warnings,
    );
    if setter.masthead_cut > 0 {
        warnings.push(Warning::new(
            "edition",
            Some("name".into()),
            format!(
                "the masthead does not fit on page 1 even at the body size: its last {} \
                 character(s) are left out of the PDF",
                setter.masthead_cut
            ),
        ));
    }
    if let Some(e) = composer.error.take() {
        return Err(e);
    }
    Ok(LaidOut {
        info: DocumentInfo {
            title: title_of(edition),
            author: edition.name.clone(),
            lang: edition.lang.clone(),
            timestamp: edition.timestamp(),
        },
        outline: composer.outline,
        warnings,
    })
}

fn title_of(e: &Edition) -> String {
    match e.date {
        Some(d) => format!("{} — {}", e.name, crate::locale::long_date(d, &e.lang)),
        None => e.name.clone(),
    }
}
