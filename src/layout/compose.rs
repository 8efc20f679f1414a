//! Placing prepared articles on pages: headers across the page, the lead photo across the
//! columns, the body column after column (right to left for right-to-left text), balanced on
//! its last page; each full page goes to the sink.

use super::frame::{
    Color, GlyphRun, Item, OutlineEntry, Page, PlacedImage, Point, Rect, Rule, TextLine,
};
use super::pieces::{self, Piece, PreparedArticle, Setter};
use super::style::Typography;
use super::{flow, masthead, Frame};
use crate::model::{Article, Direction, Edition};

/// Places prepared articles page after page, handing each full page to the sink.
pub(super) struct Composer<'a, 's, E> {
    pub(super) edition: &'a Edition,
    /// Page width and height in points.
    pub(super) paper: (f32, f32),
    pub(super) frame: Frame,
    pub(super) typo: &'a Typography,
    pub(super) columns: usize,
    pub(super) column: f32,
    pub(super) span: usize,
    /// The page being filled.
    pub(super) page: Option<Page>,
    /// Pages begun so far (the current one included).
    pub(super) pages: usize,
    pub(super) sink: &'s mut (dyn FnMut(Page) -> Result<(), E> + Send),
    /// The sink's first error; pages after it are dropped.
    pub(super) error: Option<E>,
    /// Top of the free space on the current page.
    pub(super) y: f32,
    pub(super) outline: Vec<OutlineEntry>,
}

impl<E> Composer<'_, '_, E> {
    fn page(&mut self) -> &mut Page {
        self.page.get_or_insert_with(|| Page {
            width: self.paper.0,
            height: self.paper.1,
            items: Vec::new(),
        })
    }

    /// Hands the current page to the sink.
    pub(super) fn flush_page(&mut self) {
        if let Some(page) = self.page.take() {
            if self.error.is_none() {
                if let Err(e) = (self.sink)(page) {
                    self.error = Some(e);
                }
            }
        }
    }

    pub(super) fn new_page(&mut self, setter: &mut Setter<'_>) {
        self.flush_page();
        let (width, height) = self.paper;
        let mut page = Page {
            width,
            height,
            items: Vec::new(),
        };
        self.y = if self.pages == 0 {
            masthead::masthead(&mut page, &self.frame, self.edition, setter)
        } else {
            masthead::running_head(&mut page, &self.frame, self.edition, self.pages + 1, setter)
        };
        self.page = Some(page);
        self.pages += 1;
    }

    /// Left x of column `i` in reading order.
    fn column_x(&self, i: usize, dir: Direction) -> f32 {
        let step = self.column + self.typo.gutter;
        match dir {
            Direction::Rtl => self.frame.right - self.column - i as f32 * step,
            Direction::Ltr => self.frame.left + i as f32 * step,
        }
    }

    /// Places `art`, the prepared `article`; `setter` sets the running heads of new pages.
    pub(super) fn place(
        &mut self,
        art: &PreparedArticle,
        article: &Article,
        section: Option<&str>,
        setter: &mut Setter<'_>,
    ) {
        let line = self.typo.body.size * self.typo.leading;
        let header_h: f32 = art.header.iter().map(Piece::height).sum();
        let height = |pieces: &[Piece]| pieces.iter().map(Piece::height).sum::<f32>();
        let mut lead = art.lead.clone();
        let page_h = self.frame.bottom - self.frame.top;
        let room = self.frame.bottom - self.y - header_h - 4.0 * line;
        if let (Some(l), Some(img)) = (&lead, &art.lead_image) {
            // Short of room, the lead photo shrinks (down to 55% of its height) rather than
            // leave the rest of the page empty.
            let full = height(l);
            if full > room && room > 0.55 * full && room > 8.0 * line {
                let caption = full
                    - l.iter()
                        .find_map(|p| match p {
                            Piece::Photo { height, .. } => Some(*height),
                            _ => None,
                        })
                        .unwrap_or(0.0);
                let lead_w =
                    self.column * self.span as f32 + self.typo.gutter * (self.span - 1) as f32;
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
        let lead_h = lead.as_deref().map_or(0.0, height);
        // Start on a new page unless the header, the lead photo and a few lines fit here.
        if self.y + header_h + lead_h + 3.0 * line > self.frame.bottom
            && self.y > self.frame.top + page_h * 0.25
        {
            self.new_page(setter);
            lead = art.lead.clone();
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
            title: article.title.clone(),
            level: 1,
            page: page_index,
            y: top,
        });

        // Header across the page, line by line (a very long headline may run onto a new page).
        for p in art.header.iter().cloned() {
            if self.y + p.height() > self.frame.bottom {
                self.new_page(setter);
            }
            let (x, y, w) = (self.frame.left, self.y, self.frame.width());
            self.y = draw_piece(self.page(), p, x, y, w);
        }

        // Lead photo across the first `span` columns.
        let mut offsets = vec![0.0f32; self.columns];
        if let Some(lead) = &lead {
            if self.y + height(lead) > self.frame.bottom {
                self.new_page(setter);
            }
            let lead_w = self.column * self.span as f32 + self.typo.gutter * (self.span - 1) as f32;
            let x = match art.dir {
                Direction::Rtl => self.column_x(0, art.dir) + self.column - lead_w,
                Direction::Ltr => self.column_x(0, art.dir),
            };
            let mut y = self.y;
            for p in lead.iter().cloned() {
                y = draw_piece(self.page(), p, x, y, lead_w);
            }
            for o in offsets.iter_mut().take(self.span) {
                *o = y - self.y;
            }
        }

        // The body, column after column, page after page.
        let body = &art.body;
        let mut at = 0;
        let mut fresh = false;
        loop {
            let region_top = self.y;
            let max = self.frame.bottom - region_top;
            let (cap, last) = match flow::balance(body, at, &offsets, max) {
                Some(h) => (h, true),
                None => (max, false),
            };
            let avails: Vec<f32> = offsets.iter().map(|o| (cap - o).max(0.0)).collect();
            let (spans, end) = flow::fill_columns(body, at, &avails, fresh);
            let mut bottom = region_top;
            for (i, &(first, stop)) in spans.iter().enumerate() {
                let (x, w) = (self.column_x(i, art.dir), self.column);
                let mut y = region_top + offsets[i];
                for p in body[first..stop].iter().cloned() {
                    y = draw_piece(self.page(), p, x, y, w);
                }
                bottom = bottom.max(y);
            }
            self.column_rules(&spans, region_top, &offsets, bottom, art.dir);
            at = end;
            if last || at >= body.len() {
                self.y = bottom;
                break;
            }
            self.new_page(setter);
            offsets = vec![0.0; self.columns];
            fresh = true;
        }
        // A thin rule between articles.
        let y = self.y + self.typo.article_gap / 2.0;
        if y < self.frame.bottom {
            let frame = self.frame;
            self.page().items.push(Item::Rule(Rule {
                from: Point { x: frame.left, y },
                to: Point { x: frame.right, y },
                width: 0.6,
                color: Color::BLACK,
            }));
        }
        self.y += self.typo.article_gap;
    }

    /// Hairlines between columns that hold text.
    /// A rule between two columns that a lead photo spans starts below the photo.
    fn column_rules(
        &mut self,
        spans: &[(usize, usize)],
        region_top: f32,
        offsets: &[f32],
        bottom: f32,
        dir: Direction,
    ) {
        let used = spans.iter().filter(|(a, b)| b > a).count();
        for i in 1..used.max(1) {
            let top = region_top
                + if i < self.span {
                    offsets[i - 1].max(offsets[i])
                } else {
                    0.0
                };
            let x = match dir {
                Direction::Rtl => self.column_x(i, dir) + self.column + self.typo.gutter / 2.0,
                Direction::Ltr => self.column_x(i, dir) - self.typo.gutter / 2.0,
            };
            self.page().items.push(Item::Rule(Rule {
                from: Point { x, y: top },
                to: Point { x, y: bottom },
                width: 0.3,
                color: Color::GREY,
            }));
        }
    }
}

/// Draws one piece at column left `x`, top `y`, in a column `width` wide; returns the y below.
pub fn draw_piece(page: &mut Page, piece: Piece, x: f32, y: f32, width: f32) -> f32 {
    let h = piece.height();
    match piece {
        Piece::Text {
            runs,
            text,
            rtl,
            baseline,
            indent,
            ..
        } => {
            let runs = runs
                .into_iter()
                .map(|run| {
                    let origin = Point {
                        x: x + indent + run.origin.x,
                        y: y + baseline + run.origin.y,
                    };
                    GlyphRun { origin, ..run }
                })
                .collect();
            page.items.push(Item::Line(TextLine { runs, text, rtl }));
        }
        Piece::Gap(_) => {}
        Piece::Photo {
            path,
            width: w,
            height,
        } => {
            let rect = Rect {
                x: x + (width - w).max(0.0) / 2.0,
                y,
                width: w,
                height,
            };
            page.items.push(Item::Image(PlacedImage { rect, path }));
        }
        Piece::Rule {
            indent,
            width: w,
            color,
            ..
        } => {
            page.items.push(Item::Rule(Rule {
                from: Point {
                    x: x + indent,
                    y: y + 0.5,
                },
                to: Point {
                    x: x + indent + w,
                    y: y + 0.5,
                },
                width: 0.5,
                color,
            }));
        }
    }
    y + h
}
