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
pub mod cover;
mod feather;
pub mod grid;
mod jumps;
pub mod masthead;
mod modules;
mod newspaper;
pub mod pieces;
pub mod style;

use rayon::prelude::*;

use crate::diagnostic::Warning;
use crate::frame::{Document, DocumentInfo, OutlineEntry, Page};
use crate::model::{Article, Design, Edition, PdfSettings};
use crate::text::FontSet;
use compose::Composer;
use grid::Grid;
pub use grid::{draw_piece, Frame, Geometry, MIN_COLUMN_EMS, MIN_FRAME_EMS};
pub use newspaper::front_articles;
use pieces::{Measures, PreparedArticle, Setter};
use style::Typography;

/// The laid-out edition and what was noticed on the way.
pub struct Laid {
    pub document: Document,
    pub warnings: Vec<Warning>,
    /// The day did not fit the page count asked for (then `document` has no pages).
    pub too_long: Option<TooLong>,
}

/// What laying out an edition gives besides its pages (which went to the page sink).
pub struct LaidOut {
    pub info: DocumentInfo,
    pub outline: Vec<OutlineEntry>,
    pub warnings: Vec<Warning>,
    /// The day did not fit `pages = N` even with its photos at their smallest: no page went
    /// to the sink.
    pub too_long: Option<TooLong>,
}

/// A day longer than the page count asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the day needs {needed} pages even with its photos at their smallest; {asked} were asked \
     for (pages / --page-count): {} page(s) over",
    needed - asked
)]
pub struct TooLong {
    pub needed: usize,
    pub asked: usize,
}

/// Heights a story's lead photo may take, as shares of the page, tried in turn when the
/// edition asks for an exact page count (`pages = N`) until the day fits; the first is the
/// height used otherwise. Below 10% a photo is a stamp, not news.
const PHOTO_SHARES: [f32; 5] = [0.3, 0.24, 0.18, 0.14, 0.1];

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
    let too_long = laid.too_long;
    Laid {
        document: Document {
            info: laid.info,
            pages: pages.into_iter().map(|(_, page)| page).collect(),
            outline: laid.outline,
        },
        warnings: laid.warnings,
        too_long,
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
///
/// With an exact page count (`pages = N`), the day is first laid out without drawing, lead
/// photos at each of [`PHOTO_SHARES`] in turn, until it fits (each try stops at page N + 1);
/// then laid out for the sink with the largest photos that fit, and the pages it leaves are
/// handed over empty under their running heads, with a warning. When even the smallest
/// photos leave it too long, nothing goes to the sink and [`LaidOut::too_long`] says by how
/// much.
pub fn lay_out_pages<E: Send>(
    edition: &Edition,
    settings: &PdfSettings,
    fonts: &FontSet,
    sink: &mut (dyn FnMut(usize, Page) -> Result<(), E> + Send),
) -> Result<LaidOut, E> {
    let Some(asked) = settings.pages.map(|n| n as usize) else {
        return lay_out_pass(edition, settings, fonts, (PHOTO_SHARES[0], None), sink);
    };
    let mut needed = 0;
    for (k, &share) in PHOTO_SHARES.iter().enumerate() {
        // The last try runs to the end, to say how many pages the day needs.
        let last = k + 1 == PHOTO_SHARES.len();
        let mut count = 0;
        let tried = lay_out_pass(edition, settings, fonts, (share, None), &mut |i, _| {
            count = count.max(i + 1);
            if i >= asked && !last {
                Err(())
            } else {
                Ok(())
            }
        });
        if tried.is_ok() && count <= asked {
            return lay_out_pass(edition, settings, fonts, (share, Some(asked)), sink);
        }
        needed = count;
    }
    Ok(LaidOut {
        info: info_of(edition),
        outline: Vec::new(),
        warnings: Vec::new(),
        too_long: Some(TooLong { needed, asked }),
    })
}

/// One layout of the edition with lead photos at most `photo_share` of the page high, handed
/// page by page to `sink`; with `pad`, empty pages follow the day's up to that many.
fn lay_out_pass<E: Send>(
    edition: &Edition,
    settings: &PdfSettings,
    fonts: &FontSet,
    (photo_share, pad): (f32, Option<usize>),
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
        max_photo_height: (frame.bottom - frame.top) * photo_share,
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
        fill_pages: newspaper,
        head: 0.0,
        open_below: false,
        held: Vec::new(),
        jumps_here: Vec::new(),
        may_jump: None,
        jumped: None,
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
    // Inside stories that jumped, waiting for the end of their section.
    let mut waiting = jumps::Waiting::default();
    for (k, batch) in batches.iter().enumerate() {
        // The last story's section goes on in the next batch.
        let goes_on = batches
            .get(k + 1)
            .and_then(|b| b.first())
            .is_some_and(|(_, opens)| opens.is_none());
        let mut place_batch = || {
            if newspaper {
                let jumps = (&mut waiting, goes_on);
                newspaper::place_inside(
                    &mut composer,
                    batch,
                    &ready,
                    jumps,
                    &mut setter,
                    &mut warnings,
                );
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
    // The last section ends with its continuations.
    jumps::place_continuations(&mut composer, &mut waiting, &mut setter);
    composer.flush_page();
    jumps::release(&mut composer);
    // The pages an exact page count leaves, empty under their running heads (the front page,
    // when held, is counted: `emitted` started after it).
    if let Some(pages) = pad {
        let day = composer.emitted;
        while composer.emitted < pages && composer.error.is_none() {
            composer.new_page(&mut setter);
            composer.flush_page();
        }
        if day < pages {
            warnings.push(Warning::new(
                "edition",
                Some("pdf.pages".into()),
                format!(
                    "the day fills {day} of the {pages} pages asked for; the last {} are left \
                     empty under their running heads",
                    pages - day
                ),
            ));
        }
    }
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
        info: info_of(edition),
        outline: composer.outline,
        warnings,
        too_long: None,
    })
}

fn info_of(edition: &Edition) -> DocumentInfo {
    DocumentInfo {
        title: title_of(edition),
        author: edition.name.clone(),
        lang: edition.lang.clone(),
        timestamp: edition.timestamp(),
    }
}

fn title_of(e: &Edition) -> String {
    match e.date {
        Some(d) => format!("{} — {}", e.name, crate::locale::long_date(d, &e.lang)),
        None => e.name.clone(),
    }
}
