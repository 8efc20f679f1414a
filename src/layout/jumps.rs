//! Jump lines and their continuations, on the front page and inside (newspaper design).
//!
//! A jump line («التتمة ص ٥», "Continued on page 5") names a page laid out after its own. The
//! front page's stories are cut by [`opening`] and continue on the pages right after page 1
//! (see [`super::newspaper`]). Inside, a long story may jump once to the end of its section:
//!
//! **The rule.** A story placed on an inside page jumps when all of these hold:
//! its body starts in the upper half of the page, under its header and photo (an opening of a few lines above a jump line
//! reads as a stub), and the columns above the jump line hold [`MIN_OPENING_LINES`] lines'
//! height of it at least (its photos float past the text there, as in
//! [`columns::defer_photos`]); what is left of it once this page's columns are full would fill more than
//! [`JUMP_REST`] of a page's columns (a story that merely runs onto the next page carries on
//! there, as in `flow`); its section has stories after it still to place (they fill the pages
//! between, so the continuation is on a later page); and fewer than [`MAX_JUMPS`] of the
//! section's stories wait for their continuation. The story then fills this page's columns
//! above a jump line and the page is done; its continuation goes at the end of the section,
//! after the section's last story, under a jump head «تابع: <headline> — من الصفحة ٥» naming
//! the page it came from.
//!
//! **Forward references.** The page with an inside jump line is held (the line drawn with a
//! placeholder number at its place, so that feathering moves it with the page), its index
//! kept, while the pages after it go on to the sink; when the continuation has its page the
//! line is set again with the number and the page goes to the sink at its own index, as the
//! front page with an "in this issue" box does ([`super::compose::Composer::emit_at`]; the PDF
//! writer's page tree lists pages by index). At most [`MAX_JUMPS`] pages wait per section, so
//! memory stays flat however long the day.

use super::columns;
use super::compose::Composer;
use super::grid::{self, Grid, Region};
use super::pieces::{Piece, PreparedArticle, Setter};
use super::style::{Typography, ACCENT};
use crate::frame::{Item, Page};
use crate::locale;
use crate::model::Article;
use crate::text::{Align, FontRole, TextStyle};

/// Share of a page's columns the rest of an inside story must exceed, after its first page's
/// columns are full, for the story to jump.
pub(super) const JUMP_REST: f32 = 0.5;
/// Body lines an inside story's opening keeps in each column above its jump line at least.
pub(super) const MIN_OPENING_LINES: f32 = 6.0;
/// Stories of one section waiting for their continuation at most (each holds its page).
pub(super) const MAX_JUMPS: usize = 2;
/// An inside opening ends at a paragraph's end when it keeps at least this share of the text
/// that fits (higher than the front page's: the page must stay filled).
pub(super) const INSIDE_PARAGRAPH_CUT_KEEPS: f32 = 0.9;
/// The page number a held jump line is set with until its page is known (widest digits).
const PLACEHOLDER_PAGE: usize = 888;

/// The jump line's style.
pub(super) fn line_style(typo: &Typography) -> TextStyle {
    TextStyle {
        role: FontRole::Bold,
        size: typo.body.size * 0.9,
        color: ACCENT,
    }
}

/// The jump head's style (over a continuation).
pub(super) fn head_style(typo: &Typography) -> TextStyle {
    TextStyle {
        role: FontRole::Bold,
        size: typo.body.size * 1.3,
        color: ACCENT,
    }
}

/// Height a jump line takes.
pub(super) fn line_height(typo: &Typography) -> f32 {
    line_style(typo).size * typo.leading
}

/// Draws the jump line naming page `to` (1-based) at `x`, `y` (its top), `width` wide.
pub(super) fn draw_line(
    page: &mut Page,
    setter: &mut Setter<'_>,
    to: usize,
    (x, y, width): (f32, f32, f32),
) {
    let text = locale::jump_to(to, setter.lang);
    let style = line_style(setter.typo);
    let lines = setter.lines("jump", &text, &style, width, Align::End, 0.0);
    if let Some(first) = lines.into_iter().next() {
        grid::draw_piece(page, first, x, y, width);
    }
}

/// A continuation's header: the jump head `title` across the page, in the article's language.
/// A head of several lines is set in the narrowest measure that keeps it to as many lines, so
/// that its last line is not one word («الأولى») under a full one.
pub(super) fn head(setter: &Setter<'_>, article: &Article, title: &str, width: f32) -> Vec<Piece> {
    let typo = setter.typo;
    let style = head_style(typo);
    let mut again = Setter::new(setter.fonts, typo, article.dir, &article.lang);
    let mut header = again.lines("title", title, &style, width, Align::Start, 0.0);
    let count = |lines: &[Piece]| lines.iter().filter(|p| !p.is_gap()).count();
    let lines = count(&header);
    if lines > 1 {
        let rtl = matches!(header.first(), Some(Piece::Text { rtl: true, .. }));
        // From half the measure up, the first that keeps the count.
        for step in 0..10 {
            let measure = width * (0.5 + 0.05 * step as f32);
            // Right-to-left lines stay against the page's right edge.
            let indent = if rtl { width - measure } else { 0.0 };
            let mut narrow = Setter::new(setter.fonts, typo, article.dir, &article.lang);
            let set = narrow.lines("title", title, &style, measure, Align::Start, indent);
            if count(&set) == lines {
                header = set;
                break;
            }
        }
    }
    header.push(Piece::Gap(typo.block_gap * 0.6));
    header
}

/// A story's opening in `region`: the whole body if it fits in `cap`, else as much as fits
/// above a jump line; balanced in its columns either way (columns of one height read in order
/// in text extractors, which take a shorter column for a block of its own). The cut goes to a
/// paragraph's end when that keeps `keeps` of the text that fits (a paragraph split by a jump
/// reads in two places). Returns the index of the first piece left out and the y under the
/// columns, where the jump line goes.
pub(super) fn opening(
    page: &mut Page,
    grid: &Grid,
    body: &[Piece],
    region: &Region,
    (cap, jump_h): (f32, f32),
    keeps: f32,
) -> (usize, f32) {
    if let Some(h) = columns::balance(body, 0, &region.offsets, cap) {
        return grid.fill(page, body, 0, region, h, false);
    }
    let room = (cap - jump_h).max(0.0);
    let avails: Vec<f32> = region.offsets.iter().map(|o| (room - o).max(0.0)).collect();
    let (_, mut cut) = columns::fill_columns(body, 0, &avails, false);
    let set = columns::stacked_height(body, 0, cut);
    if let Some(end) = (1..cut).rev().find(|&i| columns::ends_block(body, i)) {
        if columns::stacked_height(body, 0, end) >= keeps * set {
            cut = end;
        }
    }
    let part = &body[..cut];
    let h = columns::balance(part, 0, &region.offsets, room).unwrap_or(room);
    grid.fill(page, part, 0, region, h, false)
}

/// Whether a story whose body starts at `region` on an inside page should jump (see the
/// module's rule; the caller has checked its section).
pub(super) fn should_jump(grid: &Grid, typo: &Typography, body: &[Piece], region: &Region) -> bool {
    let frame = grid.frame;
    let page_h = frame.bottom - frame.top;
    let line = typo.body.size * typo.leading;
    let room = frame.bottom - region.top;
    let under_photo = region.offsets.iter().fold(0.0, |a: f32, &b| a.max(b));
    if room - under_photo < MIN_OPENING_LINES * line + line_height(typo) {
        return false;
    }
    // The columns above the jump line; the opening must hold a few lines (a photo too tall for
    // them would leave the story's header alone over its jump line).
    let above = room - line_height(typo);
    let avails: Vec<f32> = region
        .offsets
        .iter()
        .map(|o| (above - o).max(0.0))
        .collect();
    let (_, here) = columns::fill_columns(body, 0, &avails, false);
    let rest = columns::stacked_height(body, here, body.len());
    columns::stacked_height(body, 0, here) >= MIN_OPENING_LINES * line
        && rest > JUMP_REST * page_h * grid.columns as f32
}

/// A jump line on a page waiting for its continuation's page.
pub(super) struct Pending {
    /// The continuation it names.
    pub(super) id: usize,
    /// Index of its placeholder line among the page's items.
    pub(super) item: usize,
    pub(super) x: f32,
    pub(super) width: f32,
}

/// Draws a jump line with a placeholder number at `x`, `y`, `width` on `page`, to be set
/// again by [`resolve`] once continuation `id` has its page.
pub(super) fn draw_pending(
    page: &mut Page,
    setter: &mut Setter<'_>,
    id: usize,
    (x, y, width): (f32, f32, f32),
) -> Pending {
    let item = page.items.len();
    draw_line(page, setter, PLACEHOLDER_PAGE, (x, y, width));
    Pending { id, item, x, width }
}

/// A page held for its jump lines, with its index in the edition.
pub(super) struct Held {
    pub(super) index: usize,
    pub(super) page: Page,
    pub(super) lines: Vec<Pending>,
}

/// The rest of an inside story that jumped, to be placed at the end of its section.
pub(super) struct Continuation<'e> {
    pub(super) id: usize,
    pub(super) article: &'e Article,
    /// The body left after the jump (a column photo in it included).
    pub(super) body: Vec<Piece>,
    /// The page (1-based) the story jumped from.
    pub(super) from: usize,
}

/// The continuations of the section being placed, waiting for its end.
#[derive(Default)]
pub(super) struct Waiting<'e> {
    pub(super) list: Vec<Continuation<'e>>,
    /// Ids given so far (each jump line names its continuation by one).
    given: usize,
}

impl Waiting<'_> {
    /// A new continuation's id.
    pub(super) fn next_id(&mut self) -> usize {
        self.given += 1;
        self.given
    }
}

/// Sets the jump lines of continuation `id` with page `to` (1-based) on the held pages; a page
/// whose lines are all set goes to the sink at its index.
pub(super) fn resolve<E>(
    composer: &mut Composer<'_, '_, E>,
    id: usize,
    to: usize,
    setter: &mut Setter<'_>,
) {
    for held in &mut composer.held {
        held.lines.retain(|line| {
            if line.id != id {
                return true;
            }
            set_again(&mut held.page, setter, line, to);
            false
        });
    }
    let (done, waiting): (Vec<Held>, Vec<Held>) = std::mem::take(&mut composer.held)
        .into_iter()
        .partition(|h| h.lines.is_empty());
    composer.held = waiting;
    for held in done {
        composer.emit_at(held.index, held.page);
    }
}

/// Replaces the placeholder line with the line naming page `to`, on the placeholder's baseline
/// (where feathering may have moved it).
fn set_again(page: &mut Page, setter: &mut Setter<'_>, line: &Pending, to: usize) {
    let Some(Item::Line(old)) = page.items.get(line.item) else {
        return;
    };
    let Some(base) = old.runs.first().map(|r| r.origin.y) else {
        return;
    };
    let text = locale::jump_to(to, setter.lang);
    let style = line_style(setter.typo);
    let lines = setter.lines("jump", &text, &style, line.width, Align::End, 0.0);
    let Some(first) = lines.into_iter().next() else {
        return;
    };
    let (baseline, offset) = match &first {
        Piece::Text { baseline, runs, .. } => (*baseline, runs.first().map_or(0.0, |r| r.origin.y)),
        _ => return,
    };
    grid::draw_piece(page, first, line.x, base - baseline - offset, line.width);
    page.items.swap_remove(line.item);
}

/// Places the section's waiting continuations (at its end), each under its jump head, and sets
/// the jump lines that name them.
pub(super) fn place_continuations<E>(
    composer: &mut Composer<'_, '_, E>,
    waiting: &mut Waiting<'_>,
    setter: &mut Setter<'_>,
) {
    for c in std::mem::take(&mut waiting.list) {
        if composer.error.is_some() {
            break;
        }
        let lang = &composer.edition.lang;
        let title = locale::jump_from_page(&c.article.title, c.from, lang);
        let frame = composer.grid.frame;
        let mut rest = PreparedArticle {
            header: head(setter, c.article, &title, frame.width()),
            lead: None,
            lead_image: None,
            body: c.body,
            dir: c.article.dir,
            missing: Default::default(),
        };
        // Never on the page the story jumped from (it is closed after the jump line), nor
        // with its head alone at a page's foot: the head and three lines of the body, or its
        // first photo or subheading with what keeps with it, fit below what the page holds.
        // A continuation that opens with a photo too tall for the room there opens with it
        // smaller, or else with its next paragraph, the photo after it, rather than leave the
        // page short.
        let room = frame.bottom - composer.y - rest.header.iter().map(Piece::height).sum::<f32>();
        let line = composer.typo.body.size * composer.typo.leading;
        let here = composer.page.is_some() && composer.pages != c.from;
        let mut starts = starts_in(&rest.body, room, line);
        if here && !starts {
            let tallest = (frame.bottom - frame.top) * super::compose::TALLEST_DEFERRED;
            if let Some(body) = opening_fitted(&rest.body, room, (line, tallest)) {
                rest.body = body;
                starts = true;
            }
        }
        if !here || !starts {
            composer.new_page(setter);
        }
        composer.place_titled(&rest, c.article, None, &title, setter);
        let start = composer.outline.last().map_or(0, |e| e.page);
        resolve(composer, c.id, start + 1, setter);
    }
}

/// Whether `body` starts in a column `room` high: with three lines, its first photo or
/// subheading and what keeps with it, or all of it.
fn starts_in(body: &[Piece], room: f32, line: f32) -> bool {
    let (first, end) = columns::fill(body, 0, room, false);
    end == body.len() || (end > first && columns::stacked_height(body, first, end) >= 3.0 * line)
}

/// Least share of its height a continuation's opening photo keeps when it is set smaller to
/// open at a page's foot.
const OPENING_PHOTO_KEEPS: f32 = 0.6;

/// `body`, whose opening does not start in a column `room` high, made to start there: a photo
/// it opens with set smaller (down to [`OPENING_PHOTO_KEEPS`] of its height), or else a photo
/// in its opening chain moved after the paragraph that follows it. None when neither starts.
fn opening_fitted(body: &[Piece], room: f32, (line, tallest): (f32, f32)) -> Option<Vec<Piece>> {
    let start = body.iter().position(|p| !p.is_gap())?;
    if let Piece::Photo { height, .. } = body[start] {
        // The photo's block ends at the gap after its caption and credit.
        let end = (start + 1..body.len()).find(|&i| columns::ends_block(body, i))?;
        let block = columns::stacked_height(body, start, end);
        let scale = (room - (block - height)) / height;
        if scale >= OPENING_PHOTO_KEEPS {
            let mut smaller = body.to_vec();
            if let Piece::Photo { width, height, .. } = &mut smaller[start] {
                *width *= scale;
                *height *= scale;
            }
            if starts_in(&smaller, room, line) {
                return Some(smaller);
            }
        }
    }
    let mut moved = std::borrow::Cow::Borrowed(body);
    let moves = columns::defer_photos(&mut moved, 0, &[room], (0.0, tallest));
    (!moves.is_empty() && starts_in(&moved, room, line)).then(|| moved.into_owned())
}

/// Hands over the pages still held (none once every continuation is placed; after a sink's
/// error the layout stops with continuations unplaced), so that no page index is missing.
pub(super) fn release<E>(composer: &mut Composer<'_, '_, E>) {
    for held in std::mem::take(&mut composer.held) {
        composer.emit_at(held.index, held.page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::columns::tests::{line, photo};
    use crate::layout::pieces::photo_height;

    /// A continuation opening with a photo 100 high and a one-line caption, then a paragraph
    /// of six lines.
    fn continuation() -> Vec<Piece> {
        let mut body = vec![
            Piece::Gap(4.0),
            photo(100.0),
            Piece::Gap(2.0),
            line("", false),
            Piece::Gap(4.0),
        ];
        body.extend((1..=6).map(|i| line("", i == 1 || i == 5)));
        body
    }

    #[test]
    fn a_continuation_opens_at_a_foot_with_its_photo_smaller() {
        let body = continuation();
        assert!(!starts_in(&body, 90.0, 10.0));
        // The caption and gap take 12: the photo keeps 78.
        let fitted = opening_fitted(&body, 90.0, (10.0, 500.0)).unwrap();
        assert_eq!(photo_height(&fitted), 78.0);
        assert!(matches!(fitted[1], Piece::Photo { width, .. } if (width - 39.0).abs() < 0.01));
    }

    #[test]
    fn or_with_its_next_paragraph_and_the_photo_after_it() {
        let body = continuation();
        // 60 would leave the photo 48: below 60% of it.
        let fitted = opening_fitted(&body, 60.0, (10.0, 500.0)).unwrap();
        assert_eq!(photo_height(&fitted), 100.0);
        let photo_at = fitted.iter().position(|p| matches!(p, Piece::Photo { .. }));
        // The gap, six lines, the gap before the photo, the photo.
        assert_eq!(photo_at, Some(8));
        assert!(starts_in(&fitted, 60.0, 10.0));
        // Too short for three lines either way.
        assert!(opening_fitted(&body, 25.0, (10.0, 500.0)).is_none());
    }
}
