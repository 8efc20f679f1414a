//! The front page's "in this issue" box (newspaper design): the sections that have inside
//! pages, each with the page it opens on («اقتصاد — ص ٥»), in the page's columns at the foot
//! of page 1.
//!
//! Those pages are known only once the sections are laid out, after page 1. So the box is
//! planned when page 1 is set (its room kept, each entry measured with the widest page number
//! it may show), page 1 is held (one page, however long the day), and the entries are drawn
//! when the layout ends; page 1 then goes to the sink last, with its index, and the PDF writer
//! puts it first in the page tree (see [`super::lay_out_pages`]).

use super::grid::{self, Grid};
use super::pieces::{Piece, Setter};
use super::style::{Typography, ACCENT};
use crate::frame::{Color, OutlineEntry, Page};
use crate::locale;
use crate::model::Direction;
use crate::text::{Align, FontRole, TextStyle};

/// Most of the room under the masthead the box may take.
const MAX_SHARE: f32 = 0.15;
/// The page number entries are measured with before their pages are known: three digits
/// (Arabic-Indic and Latin digits are set at one width each).
const WIDEST_PAGE: usize = 888;

/// A box planned on page 1, to be drawn once its sections have pages.
pub(super) struct IssueBox {
    /// Names of the sections listed, in edition order.
    sections: Vec<String>,
    /// Top of the box on page 1.
    top: f32,
    /// Height of the heading's lines.
    title_h: f32,
    /// Height of one entry's line.
    line_h: f32,
    lang: String,
    dir: Direction,
}

fn title_style(typo: &Typography) -> TextStyle {
    TextStyle {
        role: FontRole::Bold,
        size: typo.body.size * 1.1,
        color: ACCENT,
    }
}

fn entry_style(typo: &Typography) -> TextStyle {
    TextStyle {
        role: FontRole::Bold,
        size: typo.body.size,
        color: Color::BLACK,
    }
}

fn height(pieces: &[Piece]) -> f32 {
    pieces.iter().map(Piece::height).sum()
}

impl IssueBox {
    /// Plans a box for `sections` standing on `bottom` (the foot of page 1's content box), if
    /// there are two sections or more, each entry fits on one line of a column, and the box
    /// takes at most [`MAX_SHARE`] of `below_masthead`. `None`: no box, page 1 as without it.
    pub(super) fn plan(
        sections: Vec<String>,
        grid: &Grid,
        setter: &mut Setter<'_>,
        lang: &str,
        dir: Direction,
        (bottom, below_masthead): (f32, f32),
    ) -> Option<IssueBox> {
        if sections.len() < 2 {
            return None;
        }
        let typo = setter.typo;
        let title = setter.lines(
            "in-this-issue",
            locale::in_this_issue(lang),
            &title_style(typo),
            grid.frame.width(),
            Align::Start,
            0.0,
        );
        let mut line_h: f32 = 0.0;
        for name in &sections {
            let text = locale::section_on_page(name, WIDEST_PAGE, lang);
            let lines = setter.lines(
                "section",
                &text,
                &entry_style(typo),
                grid.column,
                Align::Start,
                0.0,
            );
            if lines.len() != 1 {
                return None;
            }
            line_h = line_h.max(height(&lines));
        }
        let title_h = height(&title);
        let rows = sections.len().div_ceil(grid.columns);
        let total = typo.article_gap + title_h + rows as f32 * line_h;
        (total <= MAX_SHARE * below_masthead).then(|| IssueBox {
            sections,
            top: bottom - total,
            title_h,
            line_h,
            lang: lang.to_string(),
            dir,
        })
    }

    /// Where the box begins: the stories of page 1 end above it.
    pub(super) fn top(&self) -> f32 {
        self.top
    }

    /// Draws the box on `page`, each section with the page its banner opens (from the outline:
    /// a section's entry is at level 0 on a page after the first; 1-based in the box).
    pub(super) fn draw(
        &self,
        page: &mut Page,
        grid: &Grid,
        setter: &mut Setter<'_>,
        outline: &[OutlineEntry],
    ) {
        let typo = setter.typo;
        let frame = grid.frame;
        let mut opened: Vec<(&str, usize)> = outline
            .iter()
            .filter(|e| e.level == 0 && e.page > 0)
            .map(|e| (e.title.as_str(), e.page))
            .collect();
        let rule_y = self.top + typo.article_gap / 2.0;
        grid::rule(
            page,
            (frame.left, rule_y),
            (frame.right, rule_y),
            0.6,
            Color::BLACK,
        );
        let title = setter.lines(
            "in-this-issue",
            locale::in_this_issue(&self.lang),
            &title_style(typo),
            frame.width(),
            Align::Start,
            0.0,
        );
        let top = grid::stack(
            page,
            &title,
            frame.left,
            self.top + typo.article_gap,
            frame.width(),
        );
        debug_assert!((top - (self.top + typo.article_gap + self.title_h)).abs() < 0.01);
        for (i, name) in self.sections.iter().enumerate() {
            // Each section's first banner after page 1; a section never opened (the layout
            // stopped early) is left out rather than given a wrong page.
            let Some(at) = opened.iter().position(|(t, _)| t == name) else {
                continue;
            };
            let (_, index) = opened.remove(at);
            let text = locale::section_on_page(name, index + 1, &self.lang);
            let lines = setter.lines(
                "section",
                &text,
                &entry_style(typo),
                grid.column,
                Align::Start,
                0.0,
            );
            let (col, row) = (i % grid.columns, i / grid.columns);
            let x = grid.column_x(col, self.dir);
            let y = top + row as f32 * self.line_h;
            if let Some(first) = lines.into_iter().next() {
                grid::draw_piece(page, first, x, y, grid.column);
            }
        }
    }
}
