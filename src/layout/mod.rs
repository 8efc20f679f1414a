//! Layout: the edition set into pages of frames (positioned glyph runs, photos, rules).
//!
//! Page 1 opens with the masthead; each article then gets its header across the page, its lead
//! photo across the columns, and its body in columns (right to left for right-to-left text),
//! balanced on its last page so that the next article starts below it (`compose`). Pages
//! leave as soon as they are full ([`lay_out_pages`]), so an exporter can write and drop them.

pub mod columns;
mod compose;
pub mod frame;
pub mod grid;
pub mod masthead;
mod newspaper;
pub mod pieces;
pub mod style;

use rayon::prelude::*;

use crate::input::Warning;
use crate::model::{Article, Design, Edition, PdfSettings};
use crate::text::FontSet;
use compose::Composer;
use frame::{Document, DocumentInfo, OutlineEntry, Page};
pub use grid::draw_piece;
use grid::Grid;
pub use newspaper::front_articles;
use pieces::{Measures, PreparedArticle, Setter};
use style::Typography;

/// The content box of a page, in points.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Frame {
    pub fn width(&self) -> f32 {
        self.right - self.left
    }
}

/// Narrowest body column, in ems of the body size: a line must hold a few words, or justified
/// text turns into rivers and long words into columns of letters. Settings that leave less are
/// refused when the edition is loaded ([`Geometry::problem`]).
pub const MIN_COLUMN_EMS: f32 = 6.0;
/// Least height of the content box, in ems of the body size (the masthead is five ems tall,
/// and a page must hold some text under it).
pub const MIN_FRAME_EMS: f32 = 24.0;

/// Where text goes on a page: what the layout uses, and what the settings check looks at.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page size in points.
    pub paper: (f32, f32),
    pub frame: Frame,
    pub columns: usize,
    /// Width of one body column, in points.
    pub column: f32,
}

impl Geometry {
    pub fn of(settings: &PdfSettings) -> Geometry {
        let typo = Typography::new(settings.body_size);
        let (pw, ph) = settings.paper.points();
        let margin = settings.margin_mm * 72.0 / 25.4;
        let frame = Frame {
            left: margin,
            right: pw - margin,
            top: margin,
            bottom: ph - margin,
        };
        let columns = settings.columns.max(1) as usize;
        let column = (frame.width() - typo.gutter * (columns - 1) as f32) / columns as f32;
        Geometry {
            paper: (pw, ph),
            frame,
            columns,
            column,
        }
    }

    /// Why these settings leave no room to set text, if they do: columns narrower than
    /// [`MIN_COLUMN_EMS`] or a content box lower than [`MIN_FRAME_EMS`]. A message and a fix.
    pub fn problem(settings: &PdfSettings) -> Option<(String, String)> {
        let g = Geometry::of(settings);
        let em = settings.body_size;
        let mm = |pt: f32| pt * 25.4 / 72.0;
        let height = g.frame.bottom - g.frame.top;
        if g.column < MIN_COLUMN_EMS * em {
            Some((
                format!(
                    "{} column(s) of {} pt text with {} mm margins leave columns {:.1} mm wide; \
                     at least {:.1} mm ({MIN_COLUMN_EMS} ems) is needed",
                    g.columns,
                    em,
                    settings.margin_mm,
                    mm(g.column).max(0.0),
                    mm(MIN_COLUMN_EMS * em),
                ),
                "use fewer columns, smaller margins or a smaller body size".into(),
            ))
        } else if height < MIN_FRAME_EMS * em {
            Some((
                format!(
                    "{} mm margins leave {:.1} mm of page height for {} pt text; at least \
                     {:.1} mm ({MIN_FRAME_EMS} ems) is needed",
                    settings.margin_mm,
                    mm(height).max(0.0),
                    em,
                    mm(MIN_FRAME_EMS * em),
                ),
                "use smaller margins, a smaller body size or a larger paper".into(),
            ))
        } else {
            None
        }
    }
}

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
    let laid = lay_out_pages(edition, settings, fonts, &mut |page| {
        pages.push(page);
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(laid) = laid;
    Laid {
        document: Document {
            info: laid.info,
            pages,
            outline: laid.outline,
        },
        warnings: laid.warnings,
    }
}

/// Lays out the edition with `settings` (the manifest's `[pdf]`, with flags applied), handing
/// each page to `sink` as soon as it is full, so that an exporter can write it and drop it.
///
/// Articles are shaped in parallel, a batch at a time, while the previous batch is placed on
/// pages and written: memory holds two batches and one page, however long the edition. The
/// first error from `sink` stops the layout and is returned.
pub fn lay_out_pages<E: Send>(
    edition: &Edition,
    settings: &PdfSettings,
    fonts: &FontSet,
    sink: &mut (dyn FnMut(Page) -> Result<(), E> + Send),
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
    let mut composer = Composer {
        edition,
        grid: Grid::new(&geometry, typo.gutter),
        typo: &typo,
        span,
        page: None,
        pages: 0,
        sink,
        error: None,
        y: 0.0,
        outline: Vec::new(),
    };
    let newspaper = settings.design == Design::Newspaper;
    let front = if newspaper {
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
        Vec::new()
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
            for ((article, section), prep) in batch.iter().zip(&ready) {
                if composer.error.is_some() {
                    break;
                }
                missing_warnings(&article.source, &prep.missing, "the PDF", &mut warnings);
                match section {
                    Some(name) if newspaper => {
                        newspaper::open_section(&mut composer, *name, &mut setter);
                        composer.place(prep, article, None, &mut setter);
                    }
                    _ => composer.place(prep, article, section.flatten(), &mut setter),
                }
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
    missing_warnings(
        std::path::Path::new("edition"),
        &setter.missing,
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
    composer.flush_page();
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

/// One warning per field of `file` (an article, or the edition for the masthead) with
/// characters no font covers, naming the field and the characters left out of `place`.
fn missing_warnings(
    file: &std::path::Path,
    missing: &pieces::Missing,
    place: &str,
    warnings: &mut Vec<Warning>,
) {
    if let Some(field) = missing.italic() {
        warnings.push(Warning::new(
            file,
            Some(field.to_string()),
            format!(
                "no bundled font has italics: italic text is slanted in {place} \
                 (a synthesized oblique), and Arabic italic is set upright"
            ),
        ));
    }
    for (field, chars) in missing.fields() {
        let list: Vec<String> = chars
            .iter()
            .map(|c| format!("U+{:04X} «{c}»", *c as u32))
            .collect();
        warnings.push(Warning::new(
            file,
            Some(field.to_string()),
            format!(
                "no bundled font has {}; left out of {place}",
                list.join(", ")
            ),
        ));
    }
}

fn title_of(e: &Edition) -> String {
    match e.date {
        Some(d) => format!("{} — {}", e.name, crate::locale::long_date(d, &e.lang)),
        None => e.name.clone(),
    }
}
