//! The masthead of page 1 and the running head of the pages after it.

use super::grid;
use super::grid::Frame;
use super::pieces::{Piece, Setter};
use crate::frame::{Color, Item, Page, PlacedImage, Rect};
use crate::locale;
use crate::model::Edition;
use crate::text::{Align, TextStyle};

/// The dateline: the long date, the Hijri date (unless turned off) and the issue number, in the
/// edition's language.
pub fn dateline(edition: &Edition) -> String {
    let mut parts = Vec::new();
    parts.extend(edition.date.map(|d| locale::long_date(d, &edition.lang)));
    parts.extend(
        edition
            .date
            .zip(edition.hijri)
            .and_then(|(d, offset)| locale::hijri_long(d, offset, &edition.lang)),
    );
    parts.extend(
        edition
            .number
            .map(|n| locale::issue_label(n, &edition.lang)),
    );
    parts.join(" — ")
}

/// Draws the masthead at the top of `page`; returns the y below it.
pub fn masthead(page: &mut Page, frame: &Frame, edition: &Edition, setter: &mut Setter<'_>) -> f32 {
    let typo = setter.typo;
    let mut y = frame.top;
    match &edition.logo {
        Some(logo) => {
            let (pw, ph) = logo.display_size();
            let h = typo.masthead.size * 1.6;
            let w = (h * pw as f32 / ph.max(1) as f32).min(frame.width());
            let h = w * ph as f32 / pw.max(1) as f32;
            let rect = Rect {
                x: frame.left + (frame.width() - w) / 2.0,
                y,
                width: w,
                height: h,
            };
            page.items.push(Item::Image(PlacedImage {
                rect,
                path: logo.path.clone(),
            }));
            y += h;
        }
        None => {
            let lines = fitted(setter, &edition.name, typo.masthead, frame.width());
            y = stack_within(page, frame, y, lines, setter);
        }
    }
    if let Some(tagline) = &edition.tagline {
        let lines = setter.lines(
            "tagline",
            tagline,
            &typo.masthead_line,
            frame.width(),
            Align::Center,
            0.0,
        );
        y = stack_within(page, frame, y, lines, setter);
    }
    y += 4.0;
    rule(page, frame, y, 1.6);
    y += 3.0;
    rule(page, frame, y, 0.5);
    let line = dateline(edition);
    if !line.is_empty() {
        let lines = setter.lines(
            "date",
            &line,
            &typo.masthead_line,
            frame.width(),
            Align::Center,
            0.0,
        );
        y = stack_within(page, frame, y + 2.0, lines, setter);
    }
    rule(page, frame, y + 1.0, 0.5);
    y + typo.article_gap
}

/// Draws the running head (paper and date at the start side, page number at the end side).
pub fn running_head(
    page: &mut Page,
    frame: &Frame,
    edition: &Edition,
    number: usize,
    setter: &mut Setter<'_>,
) -> f32 {
    let typo = setter.typo;
    let date = edition.date.map(|d| locale::long_date(d, &edition.lang));
    let mut parts = vec![("name", edition.name.as_str())];
    parts.extend(date.as_deref().map(|d| ("date", d)));
    let style = typo.running_head;
    let head = setter.lines_of(&parts, " — ", &style, frame.width(), Align::Start, 0.0);
    let number = number.to_string();
    let num = setter.lines(
        "page number",
        &number,
        &style,
        frame.width(),
        Align::End,
        0.0,
    );
    let y0 = frame.top;
    let y = grid::stack(page, &head[..head.len().min(1)], frame.left, y0, 0.0);
    grid::stack(page, &num[..num.len().min(1)], frame.left, y0, 0.0);
    rule(page, frame, y + 1.0, 0.5);
    y + typo.block_gap * 1.5
}

/// A rule across the page at `y`.
fn rule(page: &mut Page, frame: &Frame, y: f32, width: f32) {
    grid::rule(page, (frame.left, y), (frame.right, y), width, Color::BLACK);
}

/// Most lines the paper's name takes: a longer name is set smaller, down to the body size.
const NAME_LINES: usize = 2;
/// Share of page 1's content height the masthead may take.
const MASTHEAD_SHARE: f32 = 0.5;

/// The paper's name in lines at the largest size, from the masthead's down to the body's, that
/// takes at most [`NAME_LINES`] lines.
fn fitted(setter: &mut Setter<'_>, name: &str, style: TextStyle, width: f32) -> Vec<Piece> {
    let body = setter.typo.body.size;
    let mut style = style;
    loop {
        let lines = setter.lines("name", name, &style, width, Align::Center, 0.0);
        if lines.len() <= NAME_LINES || style.size <= body {
            return lines;
        }
        style.size = (style.size * 0.8).max(body);
    }
}

/// Stacks the masthead's `lines` while they fit in its share of page 1 ([`MASTHEAD_SHARE`]);
/// the characters of the lines that do not are counted in `setter.masthead_cut` (a warning
/// says so), never silently dropped or drawn off the page.
fn stack_within(
    page: &mut Page,
    frame: &Frame,
    mut y: f32,
    lines: Vec<Piece>,
    setter: &mut Setter<'_>,
) -> f32 {
    let limit = frame.top + (frame.bottom - frame.top) * MASTHEAD_SHARE;
    for line in lines {
        if y + line.height() > limit {
            if let Piece::Text { text, .. } = &line {
                setter.masthead_cut += text.chars().filter(|c| !c.is_whitespace()).count();
            }
            continue;
        }
        y = grid::draw_piece(page, line, frame.left, y, 0.0);
    }
    y
}
