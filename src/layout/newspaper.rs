//! The `newspaper` design: a front page with the day's top stories, each cut where the page
//! ends it with a jump line («التتمة ص 2»), the continuations on the pages right after it
//! under a jump head («تابع: … — من الصفحة الأولى»), then each section from a new page under
//! its banner, its stories set by the flow composer.
//!
//! Forward references: a jump line names a page laid out after the front page. The front page
//! and its continuation pages are set first and held (their size is bounded by the few front
//! stories, not by the edition); the jump lines are drawn once the continuations have pages,
//! and only then do these pages go to the sink, in order. The sections after them stream page
//! by page as in the flow design, so memory stays flat however long the edition (when the
//! continuations end in the upper half of their last page, the first section opens below
//! them there rather than leave it mostly empty). Placing the
//! continuations right after the front page (a "jump page", as many dailies do) is what keeps
//! this bounded: a continuation inside its own section would need every page before it laid
//! out, or shaped twice, before page 1 could be written. The one exception is the "in this
//! issue" box ([`super::contents`]): it names the pages the sections open on, so page 1 with
//! a box is held until the layout ends (one page) and handed to the sink last, as page 0.

use std::convert::Infallible;

use rayon::prelude::*;

use super::compose::Composer;
use super::contents::IssueBox;
use super::grid::{self, Frame, Region};
use super::jumps;
use super::masthead;
use super::modules;
use super::pieces::{self, photo_height, Measures, Piece, PreparedArticle, Setter};
use super::style::{Typography, ACCENT};
use crate::diagnostic::Warning;
use crate::frame::{Color, OutlineEntry, Page};
use crate::locale;
use crate::model::{Article, Edition, PdfSettings};
use crate::text::{Align, FontRole, FontSet, TextStyle};

/// Most stories on the front page besides the lead.
const MAX_SECONDARY: usize = 5;
/// Share of the front page under the masthead kept for the stories beside the lead.
const SECONDARY_SHARE: f32 = 0.42;
/// Share of the front page under the masthead the lead photo may take.
const LEAD_PHOTO_SHARE: f32 = 0.3;
/// Body lines the lead story keeps under its photo at least (else the photo shrinks).
const MIN_OPENING_LINES: f32 = 6.0;
/// Share of the front page under the masthead the lead's header may take: a story whose
/// headline is longer stays inside, where a header may run over pages.
const LEAD_HEADER_SHARE: f32 = 0.35;
/// Body lines a story beside the lead shows at least under its header (else it stays inside).
const MIN_SECONDARY_OPENING: f32 = 4.0;
/// Share of the room under a side story's header its photo may take.
const SIDE_PHOTO_SHARE: f32 = 0.4;
/// Share of the page's height a photo may take at the head of a continuation.
const CONTINUED_PHOTO_SHARE: f32 = 0.15;
/// A front-page opening ends at a paragraph's end instead of inside a paragraph when it keeps
/// at least this share of the text that fits.
const PARAGRAPH_CUT_KEEPS: f32 = 0.8;
/// The last continuation page stays open for the first section when its continuations end
/// above this share of its height.
const SHORT_JUMP_PAGE: f32 = 0.5;
/// Body lines under the masthead below which the lead is alone on the front page.
const MIN_LINES_FOR_SECONDARY: f32 = 24.0;

/// The articles on the front page, lead first: the manifest's `front` ids in their order,
/// else the articles with a `priority` (lowest first, then edition order), else the first
/// article of each section. At most one more than the columns (and [`MAX_SECONDARY`] + 1).
/// Ids in `front` that name no article are returned apart, for a warning.
pub fn front_articles<'e>(
    edition: &'e Edition,
    settings: &PdfSettings,
    columns: usize,
) -> (Vec<&'e Article>, Vec<String>) {
    let most = 1 + columns.min(MAX_SECONDARY);
    let mut unknown = Vec::new();
    let mut chosen: Vec<&Article> = Vec::new();
    if !settings.front.is_empty() {
        for id in &settings.front {
            match edition.articles().find(|a| &a.id == id) {
                Some(a) if !chosen.iter().any(|c| c.id == a.id) => chosen.push(a),
                Some(_) => {}
                None => unknown.push(id.clone()),
            }
        }
    } else if edition.articles().any(|a| a.priority.is_some()) {
        let mut ranked: Vec<(u32, usize, &Article)> = edition
            .articles()
            .enumerate()
            .filter_map(|(i, a)| a.priority.map(|p| (p, i, a)))
            .collect();
        ranked.sort_by_key(|&(p, i, _)| (p, i));
        chosen = ranked.into_iter().map(|(_, _, a)| a).collect();
    } else {
        chosen = edition
            .sections
            .iter()
            .filter_map(|s| s.articles.first())
            .collect();
    }
    chosen.truncate(most);
    (chosen, unknown)
}

/// Where a jump line goes on the front page, once its page number is known.
struct Jump {
    story: usize,
    x: f32,
    y: f32,
    width: f32,
}

/// The styles the front page adds to the typography.
struct FrontStyles {
    secondary_headline: TextStyle,
}

impl FrontStyles {
    fn new(typo: &Typography) -> FrontStyles {
        FrontStyles {
            secondary_headline: TextStyle {
                role: FontRole::Headline,
                size: typo.body.size * 1.45,
                color: Color::BLACK,
            },
        }
    }
}

/// The front page held back until the sections have pages, with the box that names them.
pub(super) struct HeldFront {
    page: Page,
    issue: IssueBox,
}

/// Sets the front page with the `candidates` (lead first) whose headers fit on it and the
/// pages their continuations go on, and hands them to the composer's sink in order; the
/// composer then goes on from the next page. Returns the stories placed (the others are left
/// for their sections), and the front page itself when it has an "in this issue" box: then
/// only its continuation pages went to the sink, and [`close_front`] hands it over at the end.
/// Warnings about characters no font has in them go to `warnings`.
pub(super) fn front<'e, E>(
    composer: &mut Composer<'e, '_, E>,
    candidates: &[&'e Article],
    fonts: &FontSet,
    measures: Measures,
    setter: &mut Setter<'_>,
    warnings: &mut Vec<Warning>,
) -> (Vec<&'e Article>, Option<HeldFront>) {
    let typo = composer.typo;
    let grid = composer.grid;
    let frame = grid.frame;
    let edition = composer.edition;
    let styles = FrontStyles::new(typo);
    let line = typo.body.size * typo.leading;

    let mut page = grid.blank();
    let mut y = masthead::masthead(&mut page, &frame, edition, setter);
    let below_masthead = frame.bottom - y;
    // On the front page a story's header names its section.
    let measures = Measures {
        section_label: true,
        ..measures
    };
    let mut preps: Vec<Option<PreparedArticle>> = candidates
        .par_iter()
        .map(|a| Some(pieces::prepare(a, fonts, typo, measures)))
        .collect();
    // The lead: the first whose header fits; then those beside it whose headers fit theirs.
    let lead = preps.iter().position(|p| {
        p.as_ref()
            .is_some_and(|p| height(&p.header) <= below_masthead * LEAD_HEADER_SHARE)
    });
    let mut order: Vec<usize> = lead.into_iter().collect();
    if lead.is_some() && below_masthead >= MIN_LINES_FOR_SECONDARY * line {
        let jump_h = jumps::line_height(typo);
        let room = below_masthead * SECONDARY_SHARE
            - typo.article_gap
            - MIN_SECONDARY_OPENING * line
            - jump_h;
        let mut others: Vec<usize> = (0..candidates.len()).filter(|&k| Some(k) != lead).collect();
        // Twice: fewer stories get wider columns, so one that fitted still fits.
        for _ in 0..2 {
            let n = others.len();
            others = others
                .into_iter()
                .enumerate()
                .filter(|&(i, k)| {
                    let count =
                        (grid.columns / n.max(1)) + usize::from(i < grid.columns % n.max(1));
                    let a = candidates[k];
                    let mut again = Setter::new(fonts, typo, a.dir, &a.lang);
                    let width = grid.span_width(count);
                    let head =
                        pieces::header(&mut again, a, &styles.secondary_headline, width, true);
                    height(&head) <= room
                })
                .map(|(_, k)| k)
                .collect();
        }
        order.extend(others);
    }
    let stories: Vec<&'e Article> = order.iter().map(|&k| candidates[k]).collect();
    let preps: Vec<PreparedArticle> = order.iter().filter_map(|&k| preps[k].take()).collect();
    for (a, p) in stories.iter().zip(&preps) {
        p.missing.warn(&a.source, "the PDF", warnings);
    }

    let mut outline = vec![OutlineEntry {
        title: locale::front_page_label(&edition.lang).to_string(),
        level: 0,
        page: 0,
        y: frame.top,
    }];
    let jump_h = jumps::line_height(typo);
    let reserve = if stories.len() > 1 {
        below_masthead * SECONDARY_SHARE
    } else {
        0.0
    };
    let mut cuts = vec![0usize; stories.len()];
    // Whether a story's photo is on the front page (else it opens the continuation).
    let mut photo_shown = vec![false; stories.len()];
    let mut front_jumps = Vec::new();

    // The "in this issue" box at the page's foot: the named sections that have stories
    // inside, if the lead keeps its header and opening above the stories beside it.
    let on_front = |a: &Article| stories.iter().any(|s| std::ptr::eq(*s, a));
    let listed: Vec<String> = edition
        .sections
        .iter()
        .filter(|s| s.articles.iter().any(|a| !on_front(a)))
        .filter_map(|s| s.name.clone())
        .collect();
    let lead_needs =
        preps.first().map_or(0.0, |p| height(&p.header)) + MIN_OPENING_LINES * line + jump_h;
    let issue = IssueBox::plan(
        listed,
        &grid,
        setter,
        &edition.lang,
        edition.dir,
        (frame.bottom, below_masthead),
    )
    .filter(|b| b.top() - reserve - y >= lead_needs);
    // The front stories end above the box.
    let frame = Frame {
        bottom: issue.as_ref().map_or(frame.bottom, IssueBox::top),
        ..frame
    };

    // The lead: its header across the page, its photo across the columns, its opening in
    // every column down to the stories beside it.
    if let (Some(article), Some(lead)) = (stories.first(), preps.first()) {
        outline.push(entry(&article.title, 0, y));
        y = grid::stack(&mut page, &lead.header, frame.left, y, frame.width());
        let room = frame.bottom - reserve - y - MIN_OPENING_LINES * line - jump_h;
        let limit = room.min(below_masthead * LEAD_PHOTO_SHARE);
        let photo = match (&lead.lead, &article.image) {
            (Some(p), Some(img)) if height(p) > limit => {
                let caption = height(p) - photo_height(p);
                let room = limit - caption;
                (room > 4.0 * line).then(|| {
                    let mut again = Setter::new(fonts, typo, article.dir, &article.lang);
                    pieces::lead_photo(&mut again, img, "image", measures.lead, room)
                })
            }
            (p, _) => p.clone(),
        };
        if let Some(photo) = photo {
            let x = grid.span_x(0, grid.columns, article.dir);
            y = grid::stack(&mut page, &photo, x, y, measures.lead);
            photo_shown[0] = true;
        }
        let region = Region {
            dir: article.dir,
            first: 0,
            top: y,
            offsets: vec![0.0; grid.columns],
        };
        let cap = frame.bottom - reserve - y;
        let (cut, bottom) = jumps::opening(
            &mut page,
            &grid,
            &lead.body,
            &region,
            (cap, jump_h),
            PARAGRAPH_CUT_KEEPS,
        );
        cuts[0] = cut;
        y = if cut < lead.body.len() {
            let last = grid.columns - 1;
            front_jumps.push(Jump {
                story: 0,
                x: grid.column_x(last, article.dir),
                y: bottom,
                width: grid.column,
            });
            bottom + jump_h
        } else {
            bottom
        };
    }

    // The other stories side by side under the lead, each in its share of the columns.
    let others = stories.len().saturating_sub(1);
    if let Some(base) = grid.columns.checked_div(others) {
        let rule_y = y + typo.article_gap / 2.0;
        grid::rule(
            &mut page,
            (frame.left, rule_y),
            (frame.right, rule_y),
            0.6,
            Color::BLACK,
        );
        let top = y + typo.article_gap;
        let mut first = 0;
        for (k, (article, prep)) in stories.iter().zip(&preps).enumerate().skip(1) {
            let i = k - 1;
            let count = base + usize::from(i < grid.columns % others);
            let width = grid.span_width(count);
            let x = grid.span_x(first, count, edition.dir);
            if first > 0 {
                let step = grid.column + grid.gutter;
                let edge = grid.column_x(first - 1, edition.dir);
                let gx = match edition.dir {
                    crate::model::Direction::Rtl => edge - grid.gutter / 2.0,
                    crate::model::Direction::Ltr => edge + step - grid.gutter / 2.0,
                };
                grid::rule(&mut page, (gx, top), (gx, frame.bottom), 0.3, Color::GREY);
            }
            outline.push(entry(&article.title, 0, top));
            let mut again = Setter::new(fonts, typo, article.dir, &article.lang);
            let head = pieces::header(&mut again, article, &styles.secondary_headline, width, true);
            let mut my = grid::stack(&mut page, &head, x, top, width);
            // Its photo across its columns, if it leaves the opening room; else it goes with
            // the continuation.
            if let Some(img) = &article.image {
                let room = frame.bottom - my - MIN_SECONDARY_OPENING * line - jump_h;
                let most = (room * SIDE_PHOTO_SHARE).min(width * 0.75);
                if most > 3.0 * line {
                    let photo = pieces::lead_photo(&mut again, img, "image", width, most);
                    if height(&photo) <= room {
                        my = grid::stack(&mut page, &photo, x, my, width);
                        photo_shown[k] = true;
                    }
                }
            }
            // The module's columns counted in the story's own direction, so that a story in
            // the other direction than the edition's reads its columns its own way.
            let own_first = if article.dir == edition.dir {
                first
            } else {
                grid.columns - first - count
            };
            let region = Region {
                dir: article.dir,
                first: own_first,
                top: my,
                offsets: vec![0.0; count],
            };
            let cap = frame.bottom - my;
            let (cut, _) = jumps::opening(
                &mut page,
                &grid,
                &prep.body,
                &region,
                (cap, jump_h),
                PARAGRAPH_CUT_KEEPS,
            );
            cuts[k] = cut;
            if cut < prep.body.len() {
                front_jumps.push(Jump {
                    story: k,
                    x: grid.column_x(own_first + count - 1, article.dir),
                    // At the page's foot, in line with the jump lines beside it.
                    y: my + cap - jump_h,
                    width: grid.column,
                });
            }
            first += count;
        }
    }

    // The continuations, on the pages after the front page, held until the jump lines on the
    // front page can name them.
    let mut held: Vec<Page> = Vec::new();
    let mut continued_on = vec![0usize; stories.len()];
    let last_jump_page;
    let continuation_outline = {
        let mut hold = |_: usize, p: Page| {
            held.push(p);
            Ok::<(), Infallible>(())
        };
        let mut jumper = Composer {
            edition,
            grid,
            typo,
            span: composer.span,
            page: None,
            pages: 1,
            sink: &mut hold,
            emitted: 1,
            error: None,
            y: 0.0,
            outline: Vec::new(),
            column_photos: true,
            fill_pages: true,
            head: 0.0,
            open_below: false,
            held: Vec::new(),
            jumps_here: Vec::new(),
            may_jump: None,
            jumped: None,
        };
        for (k, (article, prep)) in stories.iter().zip(&preps).enumerate() {
            if cuts[k] >= prep.body.len() {
                continue;
            }
            if jumper.page.is_none() {
                jumper.new_page(setter);
            }
            let title = locale::jump_from(&article.title, &edition.lang);
            let header = jumps::head(setter, article, &title, frame.width());
            let mut again = Setter::new(fonts, typo, article.dir, &article.lang);
            let photo = match &article.image {
                Some(img) if !photo_shown[k] => Some(pieces::lead_photo(
                    &mut again,
                    img,
                    "image",
                    // Across every column, as the lead photo of a flow story (columns that
                    // start at different heights mislead text extractors), but lower.
                    grid.span_width(composer.span),
                    (grid.frame.bottom - grid.frame.top) * CONTINUED_PHOTO_SHARE,
                )),
                _ => None,
            };
            let rest = PreparedArticle {
                header,
                lead_image: photo.as_ref().and(article.image.clone()),
                lead: photo,
                body: prep.body[cuts[k]..].to_vec(),
                dir: prep.dir,
                missing: Default::default(),
            };
            jumper.place_titled(&rest, article, None, &title, setter);
            let start = jumper.outline.last().map_or(1, |e| e.page);
            continued_on[k] = start + 1;
        }
        // The last continuation page, when it holds a few of them only, stays open: the
        // first section starts below them instead of leaving most of it empty.
        let half = grid.frame.top + (grid.frame.bottom - grid.frame.top) * SHORT_JUMP_PAGE;
        if jumper.y > half {
            jumper.flush_page();
        }
        last_jump_page = jumper.page.take().map(|p| (p, jumper.y, jumper.head));
        jumper.outline
    };

    for jump in front_jumps {
        let at = (jump.x, jump.y, jump.width);
        jumps::draw_line(&mut page, setter, continued_on[jump.story], at);
    }

    let pages = 1 + held.len();
    let front = match issue {
        Some(issue) => {
            composer.emitted = 1;
            Some(HeldFront { page, issue })
        }
        None => {
            composer.emit(page);
            None
        }
    };
    for p in held {
        composer.emit(p);
    }
    composer.pages = pages + usize::from(last_jump_page.is_some());
    composer.open_below = last_jump_page.is_some();
    composer.page = last_jump_page.map(|(page, y, head)| {
        composer.y = y;
        composer.head = head;
        page
    });
    composer.outline.extend(outline);
    composer.outline.extend(continuation_outline);
    (stories, front)
}

/// Draws the held front page's box, now that every section has its page, and hands the page
/// to the sink as page 1 (index 0).
pub(super) fn close_front<E>(
    composer: &mut Composer<'_, '_, E>,
    held: HeldFront,
    setter: &mut Setter<'_>,
) {
    let HeldFront { mut page, issue } = held;
    issue.draw(&mut page, &composer.grid, setter, &composer.outline);
    composer.emit_at(0, page);
}

/// Places a batch of inside stories (`stories`, each with whether it opens its section, and
/// their prepared text): each section from a new page under its banner; two short stories
/// side by side as modules where they fit whole; and where a story cannot start in the room
/// left at a page's foot (its header and three lines), a later story of the section that can
/// goes there first, so that the page is filled.
///
/// A long story may jump to the end of its section ([`jumps`] has the rule): `waiting` holds
/// the section's continuations until its end, which is in a later batch when `goes_on` (the
/// story after the batch is of the same section).
pub(super) fn place_inside<'e, E>(
    composer: &mut Composer<'_, '_, E>,
    stories: &[(&'e Article, Option<Option<&str>>)],
    prepared: &[PreparedArticle],
    (waiting, goes_on): (&mut jumps::Waiting<'e>, bool),
    setter: &mut Setter<'_>,
    warnings: &mut Vec<Warning>,
) {
    let n = stories.len().min(prepared.len());
    let mut done = vec![false; n];
    // The stories after `i` in its section not placed yet.
    let later = |i: usize, done: &[bool]| -> Vec<usize> {
        (i + 1..n)
            .take_while(|&j| stories[j].1.is_none())
            .filter(|&j| !done[j])
            .collect()
    };
    for i in 0..n {
        if composer.error.is_some() {
            break;
        }
        if done[i] {
            continue;
        }
        let (article, opens) = stories[i];
        if let Some(name) = opens {
            // The section before ends with its continuations.
            jumps::place_continuations(composer, waiting, setter);
            open_section(composer, name, setter);
        } else if !composer.starts_here(&prepared[i]) {
            if let Some(j) = later(i, &done)
                .into_iter()
                .find(|&j| composer.starts_here(&prepared[j]))
            {
                prepared[j]
                    .missing
                    .warn(&stories[j].0.source, "the PDF", warnings);
                composer.place(&prepared[j], stories[j].0, None, setter);
                done[j] = true;
            }
        }
        prepared[i]
            .missing
            .warn(&article.source, "the PDF", warnings);
        done[i] = true;
        if let Some(&j) = later(i, &done).first() {
            let pair = [(article, &prepared[i]), (stories[j].0, &prepared[j])];
            if modules::place_pair(composer, pair, setter) {
                prepared[j]
                    .missing
                    .warn(&stories[j].0.source, "the PDF", warnings);
                done[j] = true;
                continue;
            }
        }
        // The section has stories after this one to fill the pages before a continuation.
        let more =
            !later(i, &done).is_empty() || (goes_on && (i + 1..n).all(|j| stories[j].1.is_none()));
        if more && waiting.list.len() < jumps::MAX_JUMPS {
            composer.may_jump = Some(waiting.next_id());
        }
        let id = composer.may_jump;
        composer.place(&prepared[i], article, None, setter);
        composer.may_jump = None;
        if let (Some(id), Some(body)) = (id, composer.jumped.take()) {
            waiting.list.push(jumps::Continuation {
                id,
                article,
                body,
                from: composer.pages,
            });
        }
    }
}

/// Opens a section on a new page under a banner with its name (none for articles without a
/// section) and lists it in the outline.
pub(super) fn open_section<E>(
    composer: &mut Composer<'_, '_, E>,
    name: Option<&str>,
    setter: &mut Setter<'_>,
) {
    let typo = composer.typo;
    let frame = composer.grid.frame;
    if std::mem::take(&mut composer.open_below) && composer.page.is_some() {
        // Under the continuations, across the page, a rule between them and the banner.
        let y = composer.y + typo.article_gap / 2.0;
        grid::rule(
            composer.page(),
            (frame.left, y),
            (frame.right, y),
            0.6,
            Color::BLACK,
        );
        composer.y += typo.article_gap;
    } else {
        // The page before holds the previous section's last story: not feathered.
        composer.flush_page();
        composer.new_page(setter);
    }
    let Some(name) = name else { return };
    let style = TextStyle {
        role: FontRole::Headline,
        size: typo.body.size * 2.0,
        color: ACCENT,
    };
    let lines = setter.lines("section", name, &style, frame.width(), Align::Start, 0.0);
    let top = composer.y;
    let y = grid::stack(composer.page(), &lines, frame.left, top, frame.width());
    grid::rule(
        composer.page(),
        (frame.left, y + 1.0),
        (frame.right, y + 1.0),
        1.6,
        Color::BLACK,
    );
    composer.y = y + typo.block_gap * 1.5;
    let page = composer.pages - 1;
    composer.outline.push(OutlineEntry {
        title: name.to_string(),
        level: 0,
        page,
        y: top,
    });
}

fn entry(title: &str, page: usize, y: f32) -> OutlineEntry {
    OutlineEntry {
        title: title.to_string(),
        level: 1,
        page,
        y,
    }
}

fn height(pieces: &[Piece]) -> f32 {
    pieces.iter().map(Piece::height).sum()
}
