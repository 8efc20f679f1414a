//! Inside pages of the newspaper design: two short stories of a section side by side, each a
//! rectangle of whole columns (its headline across its columns, its photo at their width, its
//! body balanced in them), instead of one under the other across the page.

use super::columns;
use super::compose::Composer;
use super::grid::{self, Region};
use super::pieces::{self, Piece, PreparedArticle, Setter};
use crate::frame::{Color, OutlineEntry};
use crate::model::Article;
use crate::text::{FontRole, TextStyle};

/// Share of the page's height a module's photo may take.
const MODULE_PHOTO_SHARE: f32 = 0.22;
/// The lower of two modules side by side is at least this share of the taller one's height
/// (else the pair would leave a hole under it, and the stories go one under the other).
const MIN_HEIGHT_RATIO: f32 = 0.6;
/// Headline size of a module, in body sizes.
const MODULE_HEADLINE: f32 = 1.6;

/// A story set for a module `columns` wide.
struct Module {
    header: Vec<Piece>,
    photo: Option<Vec<Piece>>,
    /// Height the body's columns take, balanced.
    body: f32,
    /// Header, photo and body.
    total: f32,
}

fn height(pieces: &[Piece]) -> f32 {
    pieces.iter().map(Piece::height).sum()
}

/// `article` set `count` columns wide, if it fits in `room`.
fn module<E>(
    composer: &Composer<'_, '_, E>,
    setter: &Setter<'_>,
    article: &Article,
    prep: &PreparedArticle,
    count: usize,
    room: f32,
) -> Option<Module> {
    let grid = composer.grid;
    let typo = composer.typo;
    let width = grid.span_width(count);
    let style = TextStyle {
        role: FontRole::Headline,
        size: typo.body.size * MODULE_HEADLINE,
        color: Color::BLACK,
    };
    let mut again = Setter::new(setter.fonts, typo, article.dir, &article.lang);
    let header = pieces::header(&mut again, article, &style, width, false);
    let page_h = grid.frame.bottom - grid.frame.top;
    let photo = article.image.as_ref().map(|img| {
        pieces::lead_photo(&mut again, img, "image", width, page_h * MODULE_PHOTO_SHARE)
    });
    let top = height(&header) + photo.as_deref().map_or(0.0, height);
    let body = columns::balance(&prep.body, 0, &vec![0.0; count], room - top)?;
    Some(Module {
        header,
        photo,
        body,
        total: top + body,
    })
}

/// Places the two stories side by side below the composer's last story, if both fit whole on
/// this page as modules of similar height; returns whether it did (else nothing is drawn).
pub(super) fn place_pair<E>(
    composer: &mut Composer<'_, '_, E>,
    stories: [(&Article, &PreparedArticle); 2],
    setter: &mut Setter<'_>,
) -> bool {
    let grid = composer.grid;
    let columns = grid.columns;
    if columns < 2 || composer.page.is_none() {
        return false;
    }
    let frame = grid.frame;
    let room = frame.bottom - composer.y;
    // Stories longer than the page's room in most of its columns are not short.
    let total: f32 = stories.iter().map(|(_, p)| height(&p.body)).sum();
    if total > room * columns as f32 * 0.8 {
        return false;
    }
    // The split of the columns that gives the lowest pair.
    let mut best: Option<(usize, Module, Module)> = None;
    for first in 1..columns {
        let a = module(composer, setter, stories[0].0, stories[0].1, first, room);
        let b = module(
            composer,
            setter,
            stories[1].0,
            stories[1].1,
            columns - first,
            room,
        );
        if let (Some(a), Some(b)) = (a, b) {
            let h = a.total.max(b.total);
            if best
                .as_ref()
                .is_none_or(|(_, x, y)| h < x.total.max(y.total))
            {
                best = Some((first, a, b));
            }
        }
    }
    let Some((split, a, b)) = best else {
        return false;
    };
    if a.total.min(b.total) < MIN_HEIGHT_RATIO * a.total.max(b.total) {
        return false;
    }

    let edition_dir = composer.edition.dir;
    let top = composer.y;
    let page_index = composer.pages - 1;
    let mut bottom = top;
    for (k, ((article, prep), m)) in stories.iter().zip([a, b]).enumerate() {
        let (first, count) = if k == 0 {
            (0, split)
        } else {
            (split, columns - split)
        };
        let width = grid.span_width(count);
        let x = grid.span_x(first, count, edition_dir);
        composer.outline.push(OutlineEntry {
            title: article.title.clone(),
            level: 1,
            page: page_index,
            y: top,
        });
        let page = composer.page();
        let mut y = grid::stack(page, &m.header, x, top, width);
        if let Some(photo) = &m.photo {
            y = grid::stack(page, photo, x, y, width);
        }
        // The module's columns counted in the story's own direction.
        let own_first = if article.dir == edition_dir {
            first
        } else {
            columns - first - count
        };
        let region = Region {
            dir: article.dir,
            first: own_first,
            top: y,
            offsets: vec![0.0; count],
        };
        let (_, under) = grid.fill(page, &prep.body, 0, &region, m.body, false);
        bottom = bottom.max(under);
    }
    // A hairline between the two modules.
    let edge = grid.column_x(split - 1, edition_dir);
    let gx = match edition_dir {
        crate::model::Direction::Rtl => edge - grid.gutter / 2.0,
        crate::model::Direction::Ltr => edge + grid.column + grid.gutter / 2.0,
    };
    grid::rule(composer.page(), (gx, top), (gx, bottom), 0.3, Color::GREY);
    composer.y = bottom;
    composer.end_story();
    true
}
