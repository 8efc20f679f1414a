//! The page grid: where the columns of a page are, and how pieces are drawn into a rectangle
//! of them. Designs ([`super::compose`] for `flow`, [`super::newspaper`]) decide which story
//! goes into which rectangle; this module only measures and draws.

use super::columns;
use super::pieces::Piece;
use super::style::Typography;
use crate::frame::{Color, GlyphRun, Item, Page, PlacedImage, Point, Rect, Rule, TextLine};
use crate::model::Direction;
use crate::model::PdfSettings;

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

/// Columns of a page: the content box cut into `columns` columns with gutters between them.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    /// Page width and height in points.
    pub paper: (f32, f32),
    pub frame: Frame,
    pub columns: usize,
    /// Width of one column.
    pub column: f32,
    /// Space between two columns.
    pub gutter: f32,
}

/// A rectangle of columns to set a story's body in: `offsets.len()` columns from column `first`
/// (in the reading order of `dir`), from `top` down; column `i` of it starts `offsets[i]` lower
/// (under a photo).
#[derive(Debug, Clone)]
pub struct Region {
    pub dir: Direction,
    pub first: usize,
    pub top: f32,
    pub offsets: Vec<f32>,
}

impl Grid {
    pub fn new(geometry: &Geometry, gutter: f32) -> Grid {
        Grid {
            paper: geometry.paper,
            frame: geometry.frame,
            columns: geometry.columns,
            column: geometry.column,
            gutter,
        }
    }

    /// An empty page of the edition's paper.
    pub fn blank(&self) -> Page {
        Page {
            width: self.paper.0,
            height: self.paper.1,
            items: Vec::new(),
        }
    }

    /// Left x of column `i` in reading order.
    pub fn column_x(&self, i: usize, dir: Direction) -> f32 {
        let step = self.column + self.gutter;
        match dir {
            Direction::Rtl => self.frame.right - self.column - i as f32 * step,
            Direction::Ltr => self.frame.left + i as f32 * step,
        }
    }

    /// Width of `n` neighbouring columns with their gutters.
    pub fn span_width(&self, n: usize) -> f32 {
        let n = n.max(1);
        self.column * n as f32 + self.gutter * (n - 1) as f32
    }

    /// Left x of the `n` columns from column `first` in reading order.
    pub fn span_x(&self, first: usize, n: usize, dir: Direction) -> f32 {
        match dir {
            Direction::Rtl => self.column_x(first, dir) + self.column - self.span_width(n),
            Direction::Ltr => self.column_x(first, dir),
        }
    }

    /// Fills `region` of `page` with `body` from piece `at`, each column at most `cap` below the
    /// region's top (less its offset). With `fresh`, the first column takes at least one piece
    /// (a fresh page must make progress). Returns the index after the last piece placed and
    /// the y under the lowest column.
    pub fn fill(
        &self,
        page: &mut Page,
        body: &[Piece],
        at: usize,
        region: &Region,
        cap: f32,
        fresh: bool,
    ) -> (usize, f32) {
        let dir = region.dir;
        let avails: Vec<f32> = region.offsets.iter().map(|o| (cap - o).max(0.0)).collect();
        let (spans, end) = columns::fill_columns(body, at, &avails, fresh);
        let mut bottom = region.top;
        for (i, &(first, stop)) in spans.iter().enumerate() {
            let x = self.column_x(region.first + i, dir);
            let mut y = region.top + region.offsets[i];
            for p in body[first..stop].iter().cloned() {
                y = draw_piece(page, p, x, y, self.column);
            }
            bottom = bottom.max(y);
        }
        self.column_rules(page, &spans, region, bottom);
        (end, bottom)
    }

    /// Hairlines between the columns of `region` that hold text; a rule between two columns
    /// under a photo starts below it.
    fn column_rules(
        &self,
        page: &mut Page,
        spans: &[(usize, usize)],
        region: &Region,
        bottom: f32,
    ) {
        let dir = region.dir;
        let used = spans.iter().filter(|(a, b)| b > a).count();
        for i in 1..used.max(1) {
            let top = region.top + region.offsets[i - 1].max(region.offsets[i]);
            let col = region.first + i;
            let x = match dir {
                Direction::Rtl => self.column_x(col, dir) + self.column + self.gutter / 2.0,
                Direction::Ltr => self.column_x(col, dir) - self.gutter / 2.0,
            };
            rule(page, (x, top), (x, bottom), 0.3, Color::GREY);
        }
    }
}

/// A straight line from `from` to `to`.
pub fn rule(page: &mut Page, from: (f32, f32), to: (f32, f32), width: f32, color: Color) {
    page.items.push(Item::Rule(Rule {
        from: Point {
            x: from.0,
            y: from.1,
        },
        to: Point { x: to.0, y: to.1 },
        width,
        color,
    }));
}

/// Draws `pieces` one under the other at column left `x` from `y`, in a column `width` wide;
/// returns the y below them.
pub fn stack(page: &mut Page, pieces: &[Piece], x: f32, mut y: f32, width: f32) -> f32 {
    for p in pieces.iter().cloned() {
        y = draw_piece(page, p, x, y, width);
    }
    y
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
