//! The `flow` design: prepared articles placed one after the other, each with its header
//! across the page, its lead photo across the columns and its body column after column (right
//! to left for right-to-left text), balanced on its last page so that the next article starts
//! below it; each full page goes to the sink. The newspaper design sets its inside pages with
//! it too, a section at a time.

use super::grid::{self, Grid, Region};
use super::pieces::{self, photo_height, Piece, PreparedArticle, Setter};
use super::style::Typography;
use super::{columns, feather, jumps, masthead};
use crate::frame::{Color, OutlineEntry, Page};
use crate::model::{Article, Edition};

/// Share of a page's height a page of the newspaper design is filled to at least, unless it
/// ends a section: a story is not moved to the next page for its looks when that would leave
/// this one emptier.
pub(super) const FILLED: f32 = 0.85;
/// Share of the page's height a column photo carried to the next page's head with its story's
/// last lines may take there, across the columns (as a front story's continuation's photo).
const CARRIED_PHOTO_SHARE: f32 = 0.15;
/// Share of the page's height a photo (with its caption) may take at most to be moved later
/// in its story when it would stop a column short ([`columns::defer_photos`]): a taller one
/// would not fit a fresh column either.
pub(super) const TALLEST_DEFERRED: f32 = 0.8;

/// Places prepared articles page after page, handing each full page to the sink.
pub(super) struct Composer<'a, 's, E> {
    pub(super) edition: &'a Edition,
    pub(super) grid: Grid,
    pub(super) typo: &'a Typography,
    /// Columns the lead photo spans.
    pub(super) span: usize,
    /// The page being filled.
    pub(super) page: Option<Page>,
    /// Pages begun so far (the current one included).
    pub(super) pages: usize,
    pub(super) sink: &'s mut (dyn FnMut(usize, Page) -> Result<(), E> + Send),
    /// Index of the next page handed to the sink (the newspaper design's front page may be
    /// handed over last with index 0: see [`super::contents`]).
    pub(super) emitted: usize,
    /// The sink's first error; pages after it are dropped.
    pub(super) error: Option<E>,
    /// Top of the free space on the current page.
    pub(super) y: f32,
    pub(super) outline: Vec<OutlineEntry>,
    /// A lead photo that does not fit across the columns low on a page goes into the story's
    /// first column instead, so that the story starts here rather than leave the rest of the
    /// page empty (the newspaper design fills its pages; `flow` moves the story on).
    pub(super) column_photos: bool,
    /// A page left short of [`FILLED`] when a story moves to the next page is feathered
    /// (the newspaper design; `flow` leaves pages as set). See [`super::feather`].
    pub(super) fill_pages: bool,
    /// The foot of the current page's running head (or masthead): where feathering starts.
    pub(super) head: f32,
    /// The current page may take a section's banner below what it holds (the newspaper's last
    /// continuation page, when its continuations fill less than half of it).
    pub(super) open_below: bool,
    /// Pages held for their jump lines until the continuations have pages ([`super::jumps`]).
    pub(super) held: Vec<jumps::Held>,
    /// Jump lines on the current page waiting for their continuation's page.
    pub(super) jumps_here: Vec<jumps::Pending>,
    /// The next story placed may jump, its continuation known by this id (inside pages of the
    /// newspaper design; see [`super::jumps`] for the rule). Taken by the placement.
    pub(super) may_jump: Option<usize>,
    /// The body left by the last story that jumped, for its continuation.
    pub(super) jumped: Option<Vec<Piece>>,
}

impl<E> Composer<'_, '_, E> {
    pub(super) fn page(&mut self) -> &mut Page {
        let grid = self.grid;
        self.page.get_or_insert_with(|| grid.blank())
    }

    /// Hands `page` to the sink (the first error is kept; pages after it are dropped).
    pub(super) fn emit(&mut self, page: Page) {
        let index = self.emitted;
        self.emitted += 1;
        self.emit_at(index, page);
    }

    /// Hands `page` to the sink as the page at `index` (0-based).
    pub(super) fn emit_at(&mut self, index: usize, page: Page) {
        if self.error.is_none() {
            if let Err(e) = (self.sink)(index, page) {
                self.error = Some(e);
            }
        }
    }

    /// Hands the current page to the sink; a page with jump lines waiting for their
    /// continuations' pages is held instead, its index kept ([`jumps::resolve`] hands it over).
    pub(super) fn flush_page(&mut self) {
        if let Some(page) = self.page.take() {
            if self.jumps_here.is_empty() {
                self.emit(page);
            } else {
                let index = self.emitted;
                self.emitted += 1;
                let lines = std::mem::take(&mut self.jumps_here);
                self.held.push(jumps::Held { index, page, lines });
            }
        }
    }

    /// Starts a page: the masthead on page 1, a running head on the others. The page before
    /// it, when the newspaper design left it short of [`FILLED`], is feathered first: a page
    /// that ends a section is handed over by [`Composer::flush_page`] before this is called.
    pub(super) fn new_page(&mut self, setter: &mut Setter<'_>) {
        if self.fill_pages {
            let frame = self.grid.frame;
            let index = self.pages.saturating_sub(1);
            if let Some(page) = self.page.as_mut() {
                let outline = (index, &mut self.outline[..]);
                feather::feather(page, (frame.top, frame.bottom), self.head, FILLED, outline);
            }
        }
        self.flush_page();
        let mut page = self.grid.blank();
        let frame = self.grid.frame;
        self.y = if self.pages == 0 {
            masthead::masthead(&mut page, &frame, self.edition, setter)
        } else {
            masthead::running_head(&mut page, &frame, self.edition, self.pages + 1, setter)
        };
        self.head = self.y;
        self.page = Some(page);
        self.pages += 1;
    }

    /// Whether `art` can start in the room left on this page, with its header and three lines
    /// (or the page is still mostly empty, where a story always starts).
    pub(super) fn starts_here(&self, art: &PreparedArticle) -> bool {
        let frame = self.grid.frame;
        if self.page.is_none() {
            return true;
        }
        let line = self.typo.body.size * self.typo.leading;
        let header_h: f32 = art.header.iter().map(Piece::height).sum();
        let low = self.y > frame.top + (frame.bottom - frame.top) * 0.25;
        !low || self.y + header_h + 3.0 * line <= frame.bottom
    }

    /// Places `art`, the prepared `article`; `setter` sets the running heads of new pages.
    pub(super) fn place(
        &mut self,
        art: &PreparedArticle,
        article: &Article,
        section: Option<&str>,
        setter: &mut Setter<'_>,
    ) {
        self.place_titled(art, article, section, &article.title, setter)
    }

    /// `lead` (the lead photo across the columns), or the photo set lower (down to 55% of its
    /// height) when that keeps the whole story on this page: a story that would leave a few
    /// lines for the next page leaves that page nearly empty at a section's end.
    fn fitted_lead(
        &self,
        art: &PreparedArticle,
        article: &Article,
        lead: Option<Vec<Piece>>,
        header_h: f32,
        setter: &Setter<'_>,
    ) -> Option<Vec<Piece>> {
        let (Some(l), Some(img)) = (&lead, &art.lead_image) else {
            return lead;
        };
        let height = |pieces: &[Piece]| pieces.iter().map(Piece::height).sum::<f32>();
        let room = self.grid.frame.bottom - self.y - header_h;
        let flat = vec![0.0; self.grid.columns];
        let fits = |photo: &[Piece]| columns::balance(&art.body, 0, &flat, room - height(photo));
        // A story longer than the page even without its photo goes on anyway.
        if fits(&[]).is_none() || fits(l).is_some() {
            return lead;
        }
        let full = photo_height(l);
        let mut again = Setter::new(setter.fonts, self.typo, article.dir, &article.lang);
        let width = self.grid.span_width(self.span);
        for share in [0.85, 0.7, 0.55] {
            let smaller = pieces::lead_photo(&mut again, img, "image", width, full * share);
            if fits(&smaller).is_some() {
                return Some(smaller);
            }
        }
        lead
    }

    /// [`Composer::place`] with the outline naming the story `title` (a continuation's).
    pub(super) fn place_titled(
        &mut self,
        art: &PreparedArticle,
        article: &Article,
        section: Option<&str>,
        title: &str,
        setter: &mut Setter<'_>,
    ) {
        let frame = self.grid.frame;
        let line = self.typo.body.size * self.typo.leading;
        let header_h: f32 = art.header.iter().map(Piece::height).sum();
        let height = |pieces: &[Piece]| pieces.iter().map(Piece::height).sum::<f32>();
        let mut lead = art.lead.clone();
        let page_h = frame.bottom - frame.top;
        let room = frame.bottom - self.y - header_h - 4.0 * line;
        if let (Some(l), Some(img)) = (&lead, &art.lead_image) {
            // Short of room, the lead photo shrinks (down to 55% of its height) rather than
            // leave the rest of the page empty.
            let full = height(l);
            if full > room && room > 0.55 * full && room > 8.0 * line {
                let caption = full - photo_height(l);
                let lead_w = self.grid.span_width(self.span);
                // The caption set again, as the article's: in its language, and what no font
                // has was already reported with the article (not as the masthead's).
                let mut again = Setter::new(setter.fonts, self.typo, article.dir, &article.lang);
                lead = Some(pieces::lead_photo(
                    &mut again,
                    img,
                    "image",
                    lead_w,
                    (room - caption).max(line),
                ));
            }
        }
        let mut lead_h = lead.as_deref().map_or(0.0, height);
        // A lead photo moved into the body at a column's width, and where in the body.
        let mut column_photo: Option<(Vec<Piece>, usize)> = None;
        let low = self.y > frame.top + page_h * 0.25;
        if self.column_photos && low && self.y + header_h + lead_h + 3.0 * line > frame.bottom {
            if let (Some(l), Some(img)) = (&art.lead, &art.lead_image) {
                // Under the header in the first column, with text beside it, if it keeps a few
                // lines' height there; else after the opening paragraph, where the columns
                // have room for it (here or on the next page).
                let room = frame.bottom - self.y - header_h;
                let caption = height(l) - photo_height(l);
                let most = (room - caption - self.typo.block_gap).min(page_h * 0.3);
                let mut again = Setter::new(setter.fonts, self.typo, article.dir, &article.lang);
                let column = self.grid.column;
                let under = (most > 4.0 * line)
                    .then(|| pieces::lead_photo(&mut again, img, "image", column, most))
                    .filter(|p| height(p) <= room);
                column_photo = Some(match under {
                    Some(p) => (p, 0),
                    None => {
                        let body = &art.body;
                        // After the first block and the gap that ends it.
                        let after = (1..body.len())
                            .find(|&i| columns::ends_block(body, i))
                            .map_or(body.len(), |i| i + 1);
                        // Smaller, for a story that would fit on this page without it.
                        let flat = vec![0.0; self.grid.columns];
                        let fits = |photo: &[Piece]| {
                            let mut with = body.clone();
                            with.splice(after..after, photo.iter().cloned());
                            columns::balance(&with, 0, &flat, room).is_some()
                        };
                        let alone = columns::balance(body, 0, &flat, room).is_some();
                        let mut p =
                            pieces::lead_photo(&mut again, img, "image", column, page_h * 0.25);
                        for share in [0.18, 0.12] {
                            if !alone || fits(&p) {
                                break;
                            }
                            p = pieces::lead_photo(
                                &mut again,
                                img,
                                "image",
                                column,
                                page_h * share,
                            );
                        }
                        // A photo taller than this page's columns under the header would
                        // send the rest of the story over, leaving its other columns empty:
                        // it goes after the first paragraph that ends on the next page.
                        let after = if height(&p) > room {
                            let avails = vec![room; self.grid.columns];
                            let (_, here) = columns::fill_columns(body, 0, &avails, false);
                            (here.max(1)..body.len())
                                .find(|&i| columns::ends_block(body, i))
                                .map_or(body.len(), |i| i + 1)
                        } else {
                            after
                        };
                        (p, after)
                    }
                });
                lead = None;
                lead_h = 0.0;
            }
        }
        // A photo moved into the body must not be what spills onto the next page: a story
        // that fits here without it starts on the next page instead, photo across; unless
        // that leaves this page less than [`FILLED`], when the story starts here anyway and
        // runs over (a page before a section's last is never left a quarter empty).
        let filled = (self.y - self.typo.article_gap / 2.0 - frame.top) / page_h;
        let spills = filled >= FILLED
            && column_photo.as_ref().is_some_and(|(photo, at)| {
                let flat = vec![0.0; self.grid.columns];
                let room = frame.bottom - self.y - header_h;
                // (A short story only is copied with its photo to be measured.)
                columns::balance(&art.body, 0, &flat, room).is_some() && {
                    let mut with: Vec<Piece> = art.body.clone();
                    with.splice(*at..*at, photo.iter().cloned());
                    columns::balance(&with, 0, &flat, room).is_none()
                }
            });
        // Start on a new page unless the header, the lead photo and a few lines fit here.
        if (self.y + header_h + lead_h + 3.0 * line > frame.bottom || spills) && low {
            self.new_page(setter);
            lead = art.lead.clone();
            column_photo = None;
        }
        if self.column_photos {
            lead = self.fitted_lead(art, article, lead, header_h, setter);
        }
        let top = self.y;
        let page_index = self.pages - 1;
        if let Some(name) = section {
            self.outline.push(OutlineEntry {
                title: name.to_string(),
                level: 0,
                page: page_index,
                y: top,
            });
        }
        self.outline.push(OutlineEntry {
            title: title.to_string(),
            level: 1,
            page: page_index,
            y: top,
        });

        // Header across the page, line by line (a very long headline may run onto a new page).
        for p in art.header.iter().cloned() {
            if self.y + p.height() > frame.bottom {
                self.new_page(setter);
            }
            let (x, y, w) = (frame.left, self.y, frame.width());
            self.y = grid::draw_piece(self.page(), p, x, y, w);
        }

        // Lead photo across the first `span` columns.
        let columns = self.grid.columns;
        let mut offsets = vec![0.0f32; columns];
        if let Some(lead) = &lead {
            if self.y + height(lead) > frame.bottom {
                self.new_page(setter);
            }
            let lead_w = self.grid.span_width(self.span);
            let x = self.grid.span_x(0, self.span, art.dir);
            let top = self.y;
            let y = grid::stack(self.page(), lead, x, top, lead_w);
            for o in offsets.iter_mut().take(self.span) {
                *o = y - self.y;
            }
        }

        // The body, column after column, page after page.
        // Where the column photo's pieces stand in the body.
        let mut photo_span = column_photo
            .as_ref()
            .map(|(photo, at)| (*at, *at + photo.len()));
        let mut body: std::borrow::Cow<[Piece]> = match column_photo {
            Some((photo, at)) => art.body[..at]
                .iter()
                .cloned()
                .chain(photo)
                .chain(art.body[at..].iter().cloned())
                .collect(),
            None => std::borrow::Cow::Borrowed(&art.body),
        };
        let mut at = 0;
        let mut fresh = false;
        let may_jump = self.may_jump.take();
        loop {
            let region = Region {
                dir: art.dir,
                first: 0,
                top: self.y,
                offsets,
            };
            let max = frame.bottom - region.top;
            let mut fits = columns::balance(&body, at, &region.offsets, max);
            // A story that runs over: a photo that would stop a column short goes later (in
            // columns shortened by the jump line where the story may jump here).
            // (Only the pieces this region can hold are looked at: a long story's page costs
            // the page.)
            let photo_near = || {
                let room: f32 = region.offsets.iter().map(|o| (max - o).max(0.0)).sum();
                let reach = columns::reach(&body, at, room, |_| true).saturating_add(8);
                (body[at..reach.min(body.len())].iter()).any(|p| matches!(p, Piece::Photo { .. }))
            };
            if fits.is_none() && photo_near() {
                let jump_h = match may_jump {
                    Some(_) if !fresh => jumps::line_height(self.typo),
                    _ => 0.0,
                };
                let avails: Vec<f32> = (region.offsets.iter())
                    .map(|o| (max - jump_h - o).max(0.0))
                    .collect();
                let limits = (3.0 * line, page_h * TALLEST_DEFERRED);
                let moves = columns::defer_photos(&mut body, at, &avails, limits);
                for moved in &moves {
                    // A column photo put in another order is placed as the body's other
                    // photos are, not carried across the next page's columns.
                    photo_span =
                        photo_span.filter(|(from, to)| *to <= moved.start || *from >= moved.end);
                }
                if !moves.is_empty() {
                    fits = columns::balance(&body, at, &region.offsets, max);
                }
            }
            let (cap, last) = match fits {
                Some(h) => (h, true),
                // The story's end fits here with its gaps tightened: no last lines overleaf.
                None => match columns::tightened(&body, at, &region.offsets, max) {
                    Some((rest, h)) => {
                        body = std::borrow::Cow::Owned(rest);
                        at = 0;
                        photo_span = None;
                        (h, true)
                    }
                    None => (max, false),
                },
            };
            if let Some(id) = may_jump.filter(|_| !last && !fresh) {
                if jumps::should_jump(&self.grid, self.typo, &body, &region) {
                    self.jump(&body, &region, id, setter);
                    return;
                }
            }
            let g = self.grid;
            let (end, bottom) = g.fill(self.page(), &body, at, &region, cap, fresh);
            at = end;
            if last || at >= body.len() {
                self.y = bottom;
                break;
            }
            self.new_page(setter);
            offsets = vec![0.0; columns];
            fresh = true;
            // The column photo carried over with the story's last lines: across the columns
            // at this page's head, the lines under it (else it stands beside empty columns).
            if let Some((from, to)) = photo_span.take().filter(|&(from, _)| at <= from) {
                let without: Vec<Piece> =
                    body[at..from].iter().chain(&body[to..]).cloned().collect();
                if let Some(photo) =
                    self.carried_photo(art, article, (&body[from..to], &without), setter)
                {
                    let lead_w = self.grid.span_width(self.span);
                    let x = self.grid.span_x(0, self.span, art.dir);
                    let top = self.y;
                    let y = grid::stack(self.page(), &photo, x, top, lead_w);
                    offsets = vec![y - top; columns];
                    body = std::borrow::Cow::Owned(without);
                    at = 0;
                }
            }
        }
        self.end_story();
    }

    /// Sets the opening of `body` in `region` above a jump line (its number set when the
    /// continuation `id` has its page) and closes the page; the rest is left in
    /// [`Composer::jumped`].
    fn jump(&mut self, body: &[Piece], region: &Region, id: usize, setter: &mut Setter<'_>) {
        let grid = self.grid;
        let frame = grid.frame;
        let jump_h = jumps::line_height(self.typo);
        let cap = (frame.bottom - region.top, jump_h);
        let keeps = jumps::INSIDE_PARAGRAPH_CUT_KEEPS;
        let (cut, bottom) = jumps::opening(self.page(), &grid, body, region, cap, keeps);
        let x = grid.column_x(grid.columns - 1, region.dir);
        let at = (x, bottom, grid.column);
        let pending = jumps::draw_pending(self.page(), setter, id, at);
        self.jumps_here.push(pending);
        self.jumped = Some(body[cut..].to_vec());
        // The page is done: the next story starts on the next one.
        self.y = frame.bottom;
        self.end_story();
    }

    /// The story's column photo (`photo`, its pieces) set across the columns, lower (at most
    /// [`CARRIED_PHOTO_SHARE`] of the page), when it comes at a page's head with the story's
    /// last lines (`rest`, without it) and they are lower than it in the columns; else None.
    fn carried_photo(
        &self,
        art: &PreparedArticle,
        article: &Article,
        (photo, rest): (&[Piece], &[Piece]),
        setter: &Setter<'_>,
    ) -> Option<Vec<Piece>> {
        let img = art.lead_image.as_ref()?;
        let frame = self.grid.frame;
        let flat = vec![0.0; self.grid.columns];
        let text = columns::balance(rest, 0, &flat, frame.bottom - self.y)?;
        let tall: f32 = photo.iter().map(Piece::height).sum();
        if text >= tall {
            return None;
        }
        let mut again = Setter::new(setter.fonts, self.typo, article.dir, &article.lang);
        let page_h = frame.bottom - frame.top;
        let width = self.grid.span_width(self.span);
        let across = pieces::lead_photo(
            &mut again,
            img,
            "image",
            width,
            page_h * CARRIED_PHOTO_SHARE,
        );
        let h: f32 = across.iter().map(Piece::height).sum();
        let fits = columns::balance(rest, 0, &vec![h; self.grid.columns], frame.bottom - self.y);
        fits.is_some().then_some(across)
    }

    /// A thin rule under the story just placed, and the gap before the next one.
    pub(super) fn end_story(&mut self) {
        let frame = self.grid.frame;
        let y = self.y + self.typo.article_gap / 2.0;
        if y < frame.bottom {
            let (from, to) = ((frame.left, y), (frame.right, y));
            grid::rule(self.page(), from, to, 0.6, Color::BLACK);
        }
        self.y += self.typo.article_gap;
    }
}
